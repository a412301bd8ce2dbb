//! Keeps what people typed, ticked or chose before the app took over the page.
//!
//! On a slow phone the server-rendered form is usable seconds before the WASM arrives. Hydration then sets every
//! controlled input from its signal, which still holds the server's value, so the typing was erased. Before
//! hydrating we note every form control whose state differs from what the server sent; afterwards each one gets the
//! person's state back where hydration erased it, and the `input` and `change` events a real edit fires, so the
//! component's own handlers bring its signals up to date. The check runs a few times over 1.5 s because forms inside
//! `<Suspense>` hydrate a little later. A control the person edits after hydration is theirs: it is never touched
//! again.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, Event, EventInit, HtmlInputElement, HtmlOptionElement, HtmlSelectElement,
    HtmlTextAreaElement,
};

/// When to check again after hydration (ms): suspended forms hydrate once their data is read.
const RECHECK_AFTER_MS: [u32; 5] = [0, 50, 200, 600, 1500];

/// What the person had done to one control before the app loaded.
enum Typed {
    Text(HtmlInputElement, String),
    Checked(HtmlInputElement, bool),
    TextArea(HtmlTextAreaElement, String),
    /// The selected flag of each option, in order.
    Select(HtmlSelectElement, Vec<bool>),
}

impl Typed {
    /// The control's state if the person changed it from what the server rendered.
    fn read(element: Element) -> Option<Typed> {
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            return match input.type_().as_str() {
                "checkbox" | "radio" => (input.checked() != input.default_checked())
                    .then(|| Typed::Checked(input.clone(), input.checked())),
                "hidden" | "file" | "submit" | "button" | "reset" | "image" => None,
                _ => (input.value() != input.default_value())
                    .then(|| Typed::Text(input.clone(), input.value())),
            };
        }
        if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            return (area.value() != default_text(area))
                .then(|| Typed::TextArea(area.clone(), area.value()));
        }
        let select = element.dyn_ref::<HtmlSelectElement>()?;
        let options = options(select);
        options
            .iter()
            .any(|o| o.selected() != o.default_selected())
            .then(|| {
                Typed::Select(
                    select.clone(),
                    options.iter().map(|o| o.selected()).collect(),
                )
            })
    }

    fn element(&self) -> &Element {
        match self {
            Typed::Text(e, _) | Typed::Checked(e, _) => e.unchecked_ref(),
            Typed::TextArea(e, _) => e.unchecked_ref(),
            Typed::Select(e, _) => e.unchecked_ref(),
        }
    }

    /// Whether hydration put the control back to the server's state (so the person's state is gone from it).
    fn was_reset(&self) -> bool {
        match self {
            Typed::Text(e, _) => e.value() == e.default_value(),
            Typed::Checked(e, _) => e.checked() == e.default_checked(),
            Typed::TextArea(e, _) => e.value() == default_text(e),
            Typed::Select(e, _) => options(e)
                .iter()
                .all(|o| o.selected() == o.default_selected()),
        }
    }

    /// Puts the person's state back into the control.
    fn put_back(&self) {
        match self {
            Typed::Text(e, value) => e.set_value(value),
            Typed::Checked(e, checked) => e.set_checked(*checked),
            Typed::TextArea(e, value) => e.set_value(value),
            Typed::Select(e, selected) => {
                for (option, selected) in options(e).iter().zip(selected) {
                    option.set_selected(*selected);
                }
            }
        }
    }

    /// Tells the app about the control's state with the events a real edit fires.
    fn announce(&self) {
        let init = EventInit::new();
        init.set_bubbles(true);
        for kind in ["input", "change"] {
            if let Ok(event) = Event::new_with_event_init_dict(kind, &init) {
                let _ = self.element().dispatch_event(&event);
            }
        }
    }
}

/// A textarea's server-rendered text (its content as written in the page).
fn default_text(area: &HtmlTextAreaElement) -> String {
    area.default_value().unwrap_or_default()
}

fn options(select: &HtmlSelectElement) -> Vec<HtmlOptionElement> {
    let all = select.options();
    (0..all.length())
        .filter_map(|i| all.item(i))
        .filter_map(|o| o.dyn_into::<HtmlOptionElement>().ok())
        .collect()
}

/// The controls the person changed before hydration, until each is given back or edited again.
pub struct Remembered(Rc<RefCell<Vec<Typed>>>);

/// Notes every control the person changed. Call before hydrating.
pub fn remember(document: &Document) -> Remembered {
    let mut typed = Vec::new();
    if let Ok(controls) = document.query_selector_all("input, textarea, select") {
        for i in 0..controls.length() {
            if let Some(state) = controls
                .item(i)
                .and_then(|n| n.dyn_into::<Element>().ok())
                .and_then(Typed::read)
            {
                typed.push(state);
            }
        }
    }
    Remembered(Rc::new(RefCell::new(typed)))
}

/// After hydrating: gives back what hydration erased and tells the app, now and a few times more, and forgets a
/// control as soon as the person edits it in the running app.
pub fn restore(document: &Document, Remembered(typed): Remembered) {
    if typed.borrow().is_empty() {
        return;
    }
    forget_on_trusted_edits(document, &typed);
    for (i, delay) in RECHECK_AFTER_MS.into_iter().enumerate() {
        let typed = typed.clone();
        let last = i + 1 == RECHECK_AFTER_MS.len();
        gloo_timers::callback::Timeout::new(delay, move || check(&typed, last)).forget();
    }
}

/// One check: puts back what hydration erased, then fires the edit events again, because a control that hydration
/// left alone (a select keeps its chosen option) still holds a value its component's signal has never seen, and a
/// component inside `<Suspense>` only listens once it has hydrated. The handlers set values, so a repeat is harmless.
fn check(typed: &RefCell<Vec<Typed>>, last: bool) {
    let Ok(mut typed) = typed.try_borrow_mut() else {
        return;
    };
    typed.retain(|state| state.element().is_connected());
    for state in typed.iter() {
        if state.was_reset() {
            state.put_back();
        }
        state.announce();
    }
    if last {
        typed.clear();
    }
}

/// A real keystroke or click (not our own replayed events) makes the control the person's again.
fn forget_on_trusted_edits(document: &Document, typed: &Rc<RefCell<Vec<Typed>>>) {
    let typed = typed.clone();
    let listener = Closure::<dyn Fn(Event)>::new(move |event: Event| {
        if !event.is_trusted() {
            return;
        }
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if let Ok(mut typed) = typed.try_borrow_mut() {
            typed.retain(|state| state.element() != &target);
        }
    });
    for kind in ["input", "change"] {
        let _ = document.add_event_listener_with_callback_and_bool(
            kind,
            listener.as_ref().unchecked_ref(),
            true,
        );
    }
    listener.forget();
}
