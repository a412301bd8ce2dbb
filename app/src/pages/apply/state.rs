//! The wizard's state: the form, where the member is, what the server last stored, and which steps show
//! their error messages. Every signal is `Copy`, so views pass `Wizard` around freely.

use leptos::prelude::*;

use crate::application::WizardData;
use crate::application::{
    validate, validate_step, ApplicationForm, ApplicationStatus, FormOptions, Step,
};
use crate::error::FieldErrors;
use crate::program::CycleSummary;
use crate::types::CycleId;

/// What the saving indicator says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// Changed here, not yet sent.
    Pending,
    Saving,
    /// The server could not be reached; the save is retried.
    Offline,
    /// The server refused the save; the message says why.
    Refused(String),
}

#[derive(Clone, Copy)]
pub struct Wizard {
    pub cycle_id: CycleId,
    pub cycle: StoredValue<CycleSummary>,
    pub contact_email: StoredValue<String>,
    pub applicant: StoredValue<(String, String)>,
    pub options: StoredValue<FormOptions>,
    pub form: RwSignal<ApplicationForm>,
    pub step: RwSignal<Step>,
    pub version: RwSignal<i64>,
    pub status: RwSignal<Option<ApplicationStatus>>,
    pub unsubmitted_changes: RwSignal<bool>,
    /// Steps whose messages are visible: the member tried to leave them, or to submit.
    pub shown: RwSignal<Vec<Step>>,
    pub save: RwSignal<SaveState>,
    /// A message from the server that needs the member's attention (a conflict, a closed window).
    pub notice: RwSignal<Option<String>>,
    /// A submitted or withdrawn application is being changed (the wizard is shown instead of the summary).
    pub editing: RwSignal<bool>,
    pub busy: RwSignal<bool>,
    errors: Memo<FieldErrors>,
    pub(super) autosave: super::autosave::Autosave,
}

impl Wizard {
    pub fn new(data: WizardData) -> Self {
        let options = StoredValue::new(data.options);
        let form = RwSignal::new(data.form);
        let errors = Memo::new(move |_| form.with(|f| options.with_value(|o| validate(f, o))));
        Wizard {
            cycle_id: data.cycle.id,
            cycle: StoredValue::new(data.cycle),
            contact_email: StoredValue::new(data.contact_email),
            applicant: StoredValue::new((data.applicant_name, data.applicant_institution)),
            options,
            form,
            step: RwSignal::new(data.step),
            version: RwSignal::new(data.version),
            status: RwSignal::new(data.status),
            unsubmitted_changes: RwSignal::new(data.unsubmitted_changes),
            shown: RwSignal::new(Vec::new()),
            save: RwSignal::new(SaveState::Saved),
            notice: RwSignal::new(None),
            editing: RwSignal::new(false),
            busy: RwSignal::new(false),
            errors,
            autosave: super::autosave::Autosave::new(),
        }
    }

    /// Takes the server's copy (after a conflict or a reload).
    pub fn replace(&self, data: WizardData) {
        self.form.set(data.form);
        self.version.set(data.version);
        self.status.set(data.status);
        self.unsubmitted_changes.set(data.unsubmitted_changes);
        self.cycle.set_value(data.cycle);
    }

    /// The message for `field`, once its step shows messages; it follows every edit from then on.
    pub fn error(&self, field: &'static str) -> Signal<Option<String>> {
        let this = *self;
        Signal::derive(move || {
            let step = Step::of_field(field)?;
            if !this.shown.with(|s| s.contains(&step)) {
                return None;
            }
            this.errors.with(|e| e.get(field).map(str::to_owned))
        })
    }

    /// Changes the form and schedules a save.
    pub fn edit(&self, change: impl FnOnce(&mut ApplicationForm)) {
        self.form.update(change);
        self.autosave.changed(*self);
    }

    /// Whether `step` is complete, tracked (for views).
    pub fn is_step_complete(&self, step: Step) -> bool {
        self.errors
            .with(|errors| !step.fields().iter().any(|f| errors.get(f).is_some()))
    }

    pub fn step_errors(&self, step: Step) -> FieldErrors {
        self.form
            .with_untracked(|f| self.options.with_value(|o| validate_step(step, f, o)))
    }

    /// The first step with something missing, or `Review` when all is complete.
    pub fn first_incomplete(&self) -> Step {
        self.errors.with(|errors| {
            Step::ALL
                .into_iter()
                .find(|step| step.fields().iter().any(|f| errors.get(f).is_some()))
                .unwrap_or(Step::Review)
        })
    }

    /// Shows `step`'s messages.
    pub fn reveal(&self, step: Step) {
        self.shown.update(|shown| {
            if !shown.contains(&step) {
                shown.push(step);
            }
        });
    }

    /// Moves to `step`, saving on the way.
    pub fn go(&self, step: Step) {
        self.step.set(step);
        self.autosave.changed(*self);
        self.autosave.flush(*self);
        focus_step_heading();
    }
}

/// Moves keyboard and screen-reader focus to the new step's heading, and the view to the top.
pub fn focus_step_heading() {
    focus_id("step-title".to_owned());
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| window().scroll_to_with_x_and_y(0.0, 0.0));
}

/// Focuses the first field at fault so the member lands on what to fix.
pub fn focus_field(field: &str) {
    focus_id(format!("field-{field}"));
}

/// Focuses the element with `id` once the view has rendered it (browser only).
pub fn focus_id(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
