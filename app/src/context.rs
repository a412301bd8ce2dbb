//! Reading the Leptos context: the one way this app does it.
//!
//! On the server, reactive_graph 0.2.16 (the newest 0.2 release) can deadlock a worker thread that reads
//! context while another thread drops the last handle of an ancestor owner: the lookup walks up the owners
//! holding a read lock on the reader's own owner, and if the ancestor it just visited dies in its hands,
//! that ancestor's drop cleans up its descendants and waits for a write lock on the reader's owner, which
//! the same thread holds. It happened when a request's owners were torn down while one of its server
//! functions was still running (a tokio worker hung, and so did the test suite). Holding every ancestor
//! for the duration of the lookup means none of them can die inside it. reactive_graph 0.3 walks without
//! that lock; when the app moves to it, this becomes a plain `use_context`.

use leptos::prelude::use_context;

/// The value of type `T` provided by this owner or the nearest ancestor, if any.
#[allow(clippy::disallowed_methods)] // the one place that calls it
pub fn context<T: Clone + 'static>() -> Option<T> {
    holding_owners(use_context::<T>)
}

/// Runs `read` (a framework function that reads context, like `leptos_axum::redirect`) while holding the
/// current owner and its ancestors.
pub fn holding_owners<R>(read: impl FnOnce() -> R) -> R {
    #[cfg(feature = "ssr")]
    let _lineage = lineage();
    read()
}

/// The current owner and all its ancestors, held (never locked) until dropped.
#[cfg(feature = "ssr")]
fn lineage() -> Vec<leptos::prelude::Owner> {
    let mut owners = Vec::new();
    let mut next = leptos::prelude::Owner::current();
    while let Some(owner) = next {
        // `parent` hands out its own handle of the parent, so no owner is dropped while one is locked.
        next = owner.parent();
        owners.push(owner);
    }
    owners
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use leptos::prelude::{provide_context, Owner};
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    /// The race that hung a worker: a request's root owner is dropped on one thread while a task below it
    /// reads context on another. With a plain `use_context` this deadlocks within the first rounds.
    #[test]
    fn reading_context_while_an_ancestor_is_dropped_elsewhere_never_deadlocks() {
        let (done, finished) = mpsc::channel();
        thread::spawn(move || {
            for round in 0..2_000u32 {
                let root = Owner::new();
                root.with(|| provide_context(round));
                let route = root.child();
                let task = route.child();
                let dropper = thread::spawn(move || drop(root));
                for _ in 0..50 {
                    let seen = task.with(context::<u32>);
                    assert!(seen.is_none() || seen == Some(round));
                }
                dropper.join().expect("dropper thread");
                drop(route);
            }
            let _ = done.send(());
        });
        assert!(
            finished.recv_timeout(Duration::from_secs(60)).is_ok(),
            "a context lookup deadlocked"
        );
    }
}
