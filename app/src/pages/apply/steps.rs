//! Steps 1, 2, 4 and 5 of the wizard: plain choices and text, bound to the wizard's form.

use leptos::prelude::*;

use super::state::Wizard;
use crate::application::{
    ApplicationForm, COMMITMENT_TEXT, COMMON_TIME_ZONES, CONSENT_TEXT, GOALS_MAX, GOAL_PROMPTS,
};
use crate::components::{error_id, CheckboxGroup, OptionSelect, RadioGroup};
use engine::options::AssignmentPreference;

/// A callback toggling `option` in the list `pick` selects.
fn toggler(
    wizard: Wizard,
    pick: fn(&mut ApplicationForm) -> &mut Vec<String>,
) -> Callback<(String, bool)> {
    Callback::new(move |(option, checked): (String, bool)| {
        wizard.edit(|form| {
            let list = pick(form);
            list.retain(|o| *o != option);
            if checked {
                list.push(option);
            }
        });
    })
}

fn list_signal(wizard: Wizard, read: fn(&ApplicationForm) -> &Vec<String>) -> Signal<Vec<String>> {
    Signal::derive(move || wizard.form.with(|f| read(f).clone()))
}

fn text_signal(wizard: Wizard, read: fn(&ApplicationForm) -> &String) -> Signal<String> {
    Signal::derive(move || wizard.form.with(|f| read(f).clone()))
}

#[component]
pub fn YouStep(wizard: Wizard) -> AnyView {
    let options = wizard.options.get_value();
    let featured: Vec<(String, String)> = COMMON_TIME_ZONES
        .iter()
        .map(|(tz, name)| ((*tz).to_owned(), format!("{name} ({tz})")))
        .collect();
    let previous = options.previous_cycle.clone().map(|previous| {
        let selected = Signal::derive(move || {
            wizard.form.with(|f| match f.previous_cycle {
                Some(true) => "yes".to_owned(),
                Some(false) => "no".to_owned(),
                None => String::new(),
            })
        });
        view! {
            <RadioGroup
                legend="Did you take part in the previous cycle?"
                name="previous_cycle"
                hint="Returning members are paired with first-timers where that helps both."
                options=vec![
                    ("yes".to_owned(), format!("Yes, I took part in {previous}")),
                    ("no".to_owned(), "No".to_owned()),
                ]
                selected
                on_select=Callback::new(move |value: String| wizard.edit(|f| f.previous_cycle = Some(value == "yes")))
                error=wizard.error("previous_cycle")
            />
        }
    });
    view! {
        <CheckboxGroup
            legend="Type of institution"
            name="institution_types"
            hint="Choose all that describe where you work."
            options=options.institution_types.clone()
            selected=list_signal(wizard, |f| &f.institution_types)
            on_toggle=toggler(wizard, |f| &mut f.institution_types)
            error=wizard.error("institution_types")
        />
        <OptionSelect
            label="Institution enrollment size"
            name="enrollment_size"
            options=options.enrollment_sizes.clone()
            value=text_signal(wizard, |f| &f.enrollment_size)
            on_change=Callback::new(move |v: String| wizard.edit(|f| f.enrollment_size = v))
            error=wizard.error("enrollment_size")
        />
        <OptionSelect
            label="Your time zone during this cycle"
            name="time_zone"
            options=options.time_zones.clone()
            featured
            placeholder="Choose a time zone…"
            value=text_signal(wizard, |f| &f.time_zone)
            on_change=Callback::new(move |v: String| wizard.edit(|f| f.time_zone = v))
            error=wizard.error("time_zone")
        />
        {previous}
    }
    .into_any()
}

#[component]
pub fn PreferencesStep(wizard: Wizard) -> AnyView {
    let options = wizard.options.get_value();
    let preferences = AssignmentPreference::ALL
        .into_iter()
        .map(|p| (p.label().to_owned(), p.label().to_owned()))
        .collect();
    view! {
        <div class="confidential">
            <p class="confidential__badge">
                <span aria-hidden="true">"🔒 "</span>
                "Confidential"
            </p>
            <RadioGroup
                legend="Peer assignment preference"
                name="assignment_preference"
                hint="Only program admins ever see this answer. It is never shown to your peer, nor in any explanation of your match."
                options=preferences
                selected=text_signal(wizard, |f| &f.assignment_preference)
                on_select=Callback::new(move |v: String| wizard.edit(|f| f.assignment_preference = v))
                error=wizard.error("assignment_preference")
            />
        </div>
        <CheckboxGroup
            legend="Areas of responsibility"
            name="areas"
            hint="Choose all you work in."
            options=options.areas.clone()
            selected=list_signal(wizard, |f| &f.areas)
            on_toggle=toggler(wizard, |f| &mut f.areas)
            error=wizard.error("areas")
        />
        <CheckboxGroup
            legend="Resource formats that would help you (optional)"
            name="resource_formats"
            options=options.resource_formats.clone()
            selected=list_signal(wizard, |f| &f.resource_formats)
            on_toggle=toggler(wizard, |f| &mut f.resource_formats)
            error=wizard.error("resource_formats")
        />
    }
    .into_any()
}

#[component]
pub fn GoalsStep(wizard: Wizard) -> AnyView {
    let options = wizard.options.get_value();
    let error = wizard.error("goals");
    let count = Memo::new(move |_| wizard.form.with(|f| f.goals.chars().count()));
    let over = Memo::new(move |_| count.get() > GOALS_MAX);
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for="field-goals">"Your goals for peer mentoring"</label>
            <div class="field__hint" id="field-goals-hint">
                <p>"A few sentences are enough. Some questions to start from:"</p>
                <ul>{GOAL_PROMPTS.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ul>
            </div>
            <textarea
                id="field-goals"
                name="goals"
                rows="7"
                aria-describedby=format!("field-goals-hint field-goals-count {}", error_id("goals"))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                prop:value=move || wizard.form.with(|f| f.goals.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    wizard.edit(|f| f.goals = text);
                }
            ></textarea>
            <p class="field__counter" id="field-goals-count" class:field__counter--over=over>
                {move || format!("{} / {GOALS_MAX} characters", count.get())}
            </p>
            <p class="field__error" id=error_id("goals")>{move || error.get()}</p>
        </div>
        <OptionSelect
            label="How often can you meet?"
            name="meeting_frequency"
            options=options.meeting_frequencies.clone()
            value=text_signal(wizard, |f| &f.meeting_frequency)
            on_change=Callback::new(move |v: String| wizard.edit(|f| f.meeting_frequency = v))
            error=wizard.error("meeting_frequency")
        />
        <CheckboxGroup
            legend="How would you like to keep in touch?"
            name="communication_methods"
            options=options.communication_methods.clone()
            selected=list_signal(wizard, |f| &f.communication_methods)
            on_toggle=toggler(wizard, |f| &mut f.communication_methods)
            error=wizard.error("communication_methods")
        />
    }
    .into_any()
}

#[component]
pub fn AgreementsStep(wizard: Wizard) -> AnyView {
    let length = wizard.cycle.with_value(|c| c.dates.length_months);
    view! {
        <Agreement
            wizard
            name="commitment"
            title=format!("Commitment ({length} months)")
            text=COMMITMENT_TEXT
            label="I commit to taking part fully"
            read=|f| f.commitment
            write=|f, v| f.commitment = v
        />
        <Agreement
            wizard
            name="consent"
            title="Sharing with your peer".to_owned()
            text=CONSENT_TEXT
            label="I agree to share my answers (except confidential ones) with my peer"
            read=|f| f.consent
            write=|f, v| f.consent = v
        />
    }
    .into_any()
}

#[component]
fn Agreement(
    wizard: Wizard,
    name: &'static str,
    title: String,
    text: &'static str,
    label: &'static str,
    read: fn(&ApplicationForm) -> bool,
    write: fn(&mut ApplicationForm, bool),
) -> impl IntoView {
    let error = wizard.error(name);
    let id = format!("field-{name}");
    view! {
        <section class="agreement field" class:field--invalid=move || error.get().is_some()>
            <h3>{title}</h3>
            <p id=format!("{id}-text")>{text}</p>
            <label class="choice choice--strong" for=id.clone()>
                <input
                    type="checkbox"
                    id=id.clone()
                    name=name
                    aria-describedby=format!("{id}-text {}", error_id(name))
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    prop:checked=move || wizard.form.with(read)
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        wizard.edit(|f| write(f, checked));
                    }
                />
                <span>{label}</span>
            </label>
            <p class="field__error" id=error_id(name)>{move || error.get()}</p>
        </section>
    }
}
