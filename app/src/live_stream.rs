//! An event stream that stays open (in the browser): the browser's `EventSource` reconnects by itself after a
//! stream is cut, but not after the server *refused* it (a draining instance's 503, a proxy with no instance
//! up); such a stream is reopened here every [`REOPEN_AFTER_MS`] until the page goes away.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// How long after a refusal the stream is opened again.
const REOPEN_AFTER_MS: u32 = 2_000;

/// A handler of named events: the event's name and its data.
pub type OnEvent = Box<dyn Fn(&str, String)>;

/// What the page does with the stream.
pub struct Listeners {
    /// The named events to listen to.
    pub events: &'static [&'static str],
    /// Called with an event's name and data.
    pub on_event: OnEvent,
    /// Called with `true` when the stream (re)opens and `false` when it is lost.
    pub on_connected: Box<dyn Fn(bool)>,
}

/// The open `EventSource` with its handlers, which must live as long as it does.
struct Open {
    source: EventSource,
    _handlers: Vec<Closure<dyn FnMut(MessageEvent)>>,
    _on_open: Closure<dyn FnMut(web_sys::Event)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

struct Stream {
    url: String,
    listeners: Listeners,
    open: RefCell<Option<Open>>,
    alive: Cell<bool>,
}

/// Opens `url` and keeps it open until the current reactive owner is cleaned up (the page goes away).
pub fn keep_open(url: String, listeners: Listeners) {
    let stream = Rc::new(Stream {
        url,
        listeners,
        open: RefCell::new(None),
        alive: Cell::new(true),
    });
    connect(&stream);
    let held = SendWrapper::new(stream);
    on_cleanup(move || {
        held.alive.set(false);
        if let Some(open) = held.open.borrow_mut().take() {
            open.source.close();
        }
    });
}

fn connect(stream: &Rc<Stream>) {
    let Ok(source) = EventSource::new(&stream.url) else {
        (stream.listeners.on_connected)(false);
        reopen_later(Rc::downgrade(stream));
        return;
    };
    // The handlers hold the stream weakly: the page's cleanup, not the stream itself, decides when it ends.
    let handlers = stream
        .listeners
        .events
        .iter()
        .map(|&name| {
            let weak = Rc::downgrade(stream);
            let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let (Some(stream), Some(data)) = (weak.upgrade(), event.data().as_string()) {
                    (stream.listeners.on_event)(name, data);
                }
            });
            let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
            handler
        })
        .collect();
    let weak = Rc::downgrade(stream);
    let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        if let Some(stream) = weak.upgrade() {
            (stream.listeners.on_connected)(true);
        }
    });
    let weak = Rc::downgrade(stream);
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(stream) = weak.upgrade() else {
            return;
        };
        (stream.listeners.on_connected)(false);
        let refused = event
            .target()
            .and_then(|t| t.dyn_into::<EventSource>().ok())
            .is_some_and(|s| s.ready_state() == EventSource::CLOSED);
        if refused {
            reopen_later(weak.clone());
        }
    });
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Replacing the refused stream (closed already) frees its handlers.
    *stream.open.borrow_mut() = Some(Open {
        source,
        _handlers: handlers,
        _on_open: on_open,
        _on_error: on_error,
    });
}

fn reopen_later(stream: Weak<Stream>) {
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(REOPEN_AFTER_MS).await;
        if let Some(stream) = stream.upgrade().filter(|s| s.alive.get()) {
            connect(&stream);
        }
    });
}
