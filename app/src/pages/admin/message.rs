//! "Write to members" on a cycle's pairs page: to everyone who applied, to the pairs at risk, or to one pair.
//! The admin previews who receives it and the first email in full; only the previewed message can be sent.

use leptos::prelude::*;

use crate::api::workspace::{PreviewMessage, SendMessage};
use crate::components::{on_success, FormAlert, RadioGroup, TextField};
use crate::error::AppError;
use crate::message::{Audience, MessageForm, BODY_MAX, SUBJECT_MAX};
use crate::types::{CycleId, PairId, RouteId};

#[component]
pub fn WriteToMembers(
    cycle_id: CycleId,
    /// The cycle's pairs to choose from: (pair id, "Rosa Martínez & Kwame Mensah").
    pairs: Vec<(PairId, String)>,
    at_risk: usize,
) -> AnyView {
    let preview = ServerAction::<PreviewMessage>::new();
    let send = ServerAction::<SendMessage>::new();
    let kind = RwSignal::new("cycle".to_owned());
    let pair = RwSignal::new(String::new());
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    // The form the shown preview was made for: sending is offered only while the form still matches it.
    let previewed = RwSignal::new(None::<MessageForm>);
    let form = move || {
        kind.track();
        pair.track();
        subject.track();
        body.track();
        form_untracked(kind, pair, subject, body)
    };
    let error = move || {
        send.value()
            .get()
            .and_then(Result::err)
            .or_else(|| preview.value().get().and_then(Result::err))
    };
    let field_error = move |name: &'static str| {
        Signal::derive(move || error().and_then(|e: AppError| e.field(name)))
    };
    let other_error = Signal::derive(move || {
        error().filter(|e| {
            ["audience", "subject", "body"]
                .iter()
                .all(|f| e.field(f).is_none())
        })
    });
    on_success(preview.value(), move |_| {
        previewed.set(Some(form_untracked(kind, pair, subject, body)));
    });
    on_success(send.value(), move |_| {
        previewed.set(None);
        subject.set(String::new());
        body.set(String::new());
    });
    let current = move || previewed.get().is_some_and(|p| p == form());
    let on_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.value().set(None);
        preview.dispatch(PreviewMessage {
            cycle_id,
            form: form_untracked(kind, pair, subject, body),
        });
    };
    let pair_options = StoredValue::new(pairs);
    let audiences = vec![
        (
            "cycle".to_owned(),
            "Everyone who applied to this cycle".to_owned(),
        ),
        (
            "at_risk".to_owned(),
            format!("The pairs at risk ({at_risk})"),
        ),
        ("pair".to_owned(), "One pair".to_owned()),
    ];
    view! {
        <section class="card card--wide" aria-labelledby="message-title">
            <h2 id="message-title">"Write to members"</h2>
            <p class="muted">"One email per person, greeted by name, with the program's contact as Reply-To. Preview it first: you see who receives it and the first email in full."</p>
            <form class="form" on:submit=on_preview novalidate>
                <RadioGroup legend="To" name="message-audience" options=audiences selected=kind
                    on_select=Callback::new(move |k| kind.set(k)) error=field_error("audience") />
                {move || (kind.get() == "pair").then(|| view! {
                    <div class="field">
                        <label for="message-pair">"Pair"</label>
                        <select id="message-pair" on:change=move |ev| pair.set(event_target_value(&ev)) prop:value=move || pair.get()>
                            <option value="">"Choose a pair"</option>
                            {pair_options.with_value(|pairs| pairs.iter().map(|(id, names)| view! {
                                <option value=id.to_string()>{names.clone()}</option>
                            }).collect_view())}
                        </select>
                    </div>
                })}
                <TextField label="Subject" name="message-subject" maxlength=SUBJECT_MAX value=subject error=field_error("subject") />
                <div class="field" class:field--invalid=move || field_error("body").get().is_some()>
                    <label for="message-body">"Message"</label>
                    <textarea id="message-body" rows="6" maxlength=BODY_MAX aria-describedby="message-body-error"
                        aria-invalid=move || if field_error("body").get().is_some() { "true" } else { "false" }
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <p class="field__error" id="message-body-error">{move || field_error("body").get()}</p>
                </div>
                <FormAlert error=other_error />
                <button type="submit" class="button button--quiet" disabled=move || preview.pending().get() || (kind.get() == "pair" && pair.get().is_empty())>"Preview"</button>
            </form>
            {move || preview.value().get().and_then(Result::ok).filter(|_| current()).map(|p| {
                let more = p.recipients.saturating_sub(p.names.len());
                let count = p.recipients;
                view! {
                    <div class="email-preview" role="region" aria-label="Preview of the message">
                        <p data-testid="message-recipients">
                            <strong>{format!("{count} {}", if count == 1 { "person" } else { "people" })}</strong>
                            {format!(": {}{}", p.names.join(", "), if more > 0 { format!(" and {more} more") } else { String::new() })}
                        </p>
                        <p><span class="muted">"Reply-To: "</span>{p.reply_to}</p>
                        <p><span class="muted">"Subject: "</span><strong>{p.subject}</strong></p>
                        <pre class="outbox__body">{p.body}</pre>
                        <button type="button" class="button" disabled=move || send.pending().get()
                            on:click=move |_| {
                                send.dispatch(SendMessage { cycle_id, form: form_untracked(kind, pair, subject, body) });
                            }>
                            {format!("Send to {count} {}", if count == 1 { "person" } else { "people" })}
                        </button>
                    </div>
                }
            })}
            {move || send.value().get().and_then(Result::ok).map(|n| view! {
                <p class="notice notice--ok" role="status">{format!("{n} email{} queued in the outbox.", if n == 1 { "" } else { "s" })}</p>
            })}
        </section>
    }
    .into_any()
}

fn form_untracked(
    kind: RwSignal<String>,
    pair: RwSignal<String>,
    subject: RwSignal<String>,
    body: RwSignal<String>,
) -> MessageForm {
    MessageForm {
        audience: match kind.get_untracked().as_str() {
            "at_risk" => Audience::AtRisk,
            "pair" => pair
                .get_untracked()
                .parse()
                .map_or(Audience::Pair(PairId::nothing()), Audience::Pair),
            _ => Audience::Cycle,
        },
        subject: subject.get_untracked(),
        body: body.get_untracked(),
    }
}
