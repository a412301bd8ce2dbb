//! The program's introduction email: edit the template (placeholders listed), preview it for a real pair
//! of the run shown, save it. Publishing sends one per pair from the saved template.

use leptos::prelude::*;

use super::picker::PersonPicker;
use super::{IntroDraft, Page};
use crate::api::matching::{PreviewIntro, SaveIntroTemplate};
use crate::components::{on_success, FormAlert};
use crate::error::AppError;
use crate::matching::{Member, INTRO_PLACEHOLDERS};
use crate::types::ProgramId;

#[component]
pub fn IntroPanel(program_id: ProgramId, intro: IntroDraft, editable: Signal<bool>) -> AnyView {
    let page = expect_context::<Page>();
    let cycle_id = page.cycle_id;
    let IntroDraft { subject, body } = intro;
    let save = ServerAction::<SaveIntroTemplate>::new();
    let preview = ServerAction::<PreviewIntro>::new();
    let current = move || untrack(|| intro.template());
    let field_error = move |field: &'static str| {
        move || {
            let from = |e: Option<AppError>| e.and_then(|e| e.field(field));
            from(save.value().get().and_then(Result::err))
                .or_else(|| from(preview.value().get().and_then(Result::err)))
        }
    };
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    // Publishing compares the draft with the saved template, which the page's data now holds.
    on_success(save.value(), move |()| {
        page.refresh();
    });
    let error = Signal::derive(move || {
        save.value()
            .get()
            .and_then(Result::err)
            .or_else(|| preview.value().get().and_then(Result::err))
    });
    let number = page.number();
    // Whom to preview for: the first pair's first member until someone else is chosen.
    let first = page.data.with_untracked(|p| {
        p.run
            .as_ref()
            .and_then(|r| r.groups.first())
            .and_then(|g| g.members.first().cloned())
    });
    let member = RwSignal::new(first.as_ref().map(|m| m.id.to_string()).unwrap_or_default());
    let member_text = RwSignal::new(first.as_ref().map(Member::label).unwrap_or_default());
    let unchosen = Signal::derive(move || {
        member
            .with(String::is_empty)
            .then(|| "Choose someone from the suggestions.".to_owned())
    });
    view! {
        <section class="card card--wide" aria-labelledby="intro-title">
            <h2 id="intro-title">"Introduction email"</h2>
            <p class="muted">{move || if editable.get() {
                "Sent to each pair when you publish. Only shared answers can appear: never the confidential preference."
            } else {
                "The template this program's next publication will use."
            }}</p>
            <form class="form" on:submit=move |ev| { ev.prevent_default(); save.dispatch(SaveIntroTemplate { program_id, template: current() }); }>
                <div class="field" class:field--invalid=move || field_error("subject")().is_some()>
                    <label for="intro-subject">"Subject"</label>
                    <input id="intro-subject" type="text" maxlength="200" aria-describedby="intro-subject-error"
                        aria-invalid=move || if field_error("subject")().is_some() { "true" } else { "false" }
                        prop:value=move || subject.get() on:input=move |ev| subject.set(event_target_value(&ev)) />
                    <p class="field__error" id="intro-subject-error">{field_error("subject")}</p>
                </div>
                <div class="field" class:field--invalid=move || field_error("body")().is_some()>
                    <label for="intro-body">"Text"</label>
                    <textarea id="intro-body" rows="14" aria-describedby="intro-body-hint intro-body-error"
                        aria-invalid=move || if field_error("body")().is_some() { "true" } else { "false" }
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <p class="field__error" id="intro-body-error">{field_error("body")}</p>
                    <details class="field__hint" id="intro-body-hint">
                        <summary>"Placeholders"</summary>
                        <dl class="facts">
                            {INTRO_PLACEHOLDERS.iter().map(|(key, what)| view! { <dt><code>{*key}</code></dt><dd>{*what}</dd> }).collect_view()}
                        </dl>
                    </details>
                </div>
                <FormAlert error />
                {move || saved().then(|| view! { <p class="form-success" role="status">"Template saved."</p> })}
                <div class="form__row">
                    <button type="submit" class="button" disabled=move || save.pending().get()>"Save template"</button>
                    {move || number.get().map(|number| view! {
                        <PersonPicker id="intro-pair" label="Preview for the pair of" cycle_id run=number chosen=member text=member_text error=unchosen />
                        <button type="button" class="button button--quiet"
                            on:click=move |_| {
                                if let Ok(member) = member.get_untracked().parse() {
                                    preview.dispatch(PreviewIntro { cycle_id, run: number, member, template: current() });
                                }
                            }>
                            "Preview"
                        </button>
                    })}
                </div>
            </form>
            {move || preview.value().get().and_then(Result::ok).map(|email| view! {
                <div class="email-preview" aria-label="Preview of the introduction email">
                    <p><span class="muted">"To: "</span>{email.to}</p>
                    <p><span class="muted">"Subject: "</span><strong>{email.subject}</strong></p>
                    <pre class="outbox__body">{email.body}</pre>
                </div>
            })}
        </section>
    }
    .into_any()
}
