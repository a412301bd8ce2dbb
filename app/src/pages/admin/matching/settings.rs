//! The next run's settings: the mode, the weights (each change previews its effect on the figures, nothing
//! saved), the locked and forbidden pairs, and the button that runs the engine.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::figures::Figures;
use crate::api::matching::{matching_progress, preview_matching, RunMatching, SetPairRule};
use crate::components::{failure, on_success, FormAlert};
use crate::error::AppError;
use crate::matching::{
    validate_weights, Member, Mode, PairRule, Preview, RunProgress, Weights, WEIGHT_FIELDS,
};

/// The weights the inputs describe, or the message for each input that does not parse.
fn parse(texts: &[RwSignal<String>]) -> Result<Weights, Vec<Option<String>>> {
    let mut weights = Weights::default();
    let mut errors = vec![None; WEIGHT_FIELDS.len()];
    for (i, field) in WEIGHT_FIELDS.iter().enumerate() {
        match texts[i].get().trim().parse::<i64>() {
            Ok(value) => (field.set)(&mut weights, value),
            Err(_) => errors[i] = Some("Enter a whole number.".to_owned()),
        }
    }
    if let Err(invalid) = validate_weights(&weights) {
        for (i, field) in WEIGHT_FIELDS.iter().enumerate() {
            if errors[i].is_none() {
                errors[i] = invalid.get(field.key).map(str::to_owned);
            }
        }
    }
    if errors.iter().all(Option::is_none) {
        Ok(weights)
    } else {
        Err(errors)
    }
}

/// What the preview shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum PreviewState {
    /// A weight does not parse.
    Invalid,
    /// The settings are the saved ones, which made the run shown.
    Unchanged,
    Ready(Result<Preview, AppError>),
}

/// The inputs start from the saved settings and are the panel's own: a refresh of the page's data leaves them.
#[component]
pub fn SettingsPanel() -> AnyView {
    let page = expect_context::<super::Page>();
    let cycle_id = page.cycle_id;
    let (weights, mode) = page.data.with_untracked(|p| (p.weights.clone(), p.mode));
    // Open until there are runs to look at, then folded (once: the admin may open it again).
    let folded = Memo::new(move |_| page.data.with(|p| !p.runs.is_empty()));
    let texts: Vec<RwSignal<String>> = WEIGHT_FIELDS
        .iter()
        .map(|f| RwSignal::new((f.get)(&weights).to_string()))
        .collect();
    let texts = StoredValue::new(texts);
    let mode = RwSignal::new(mode);
    let parsed = Memo::new(move |_| texts.with_value(|t| parse(t)));
    // The saved settings made the run shown (once there is one): previewing them would only repeat its figures,
    // and costs a whole solve on a large cohort, so the preview waits for a change.
    let saved = Memo::new(move |_| page.data.with(|p| (p.weights.clone(), p.mode)));
    let against = page.number();
    let preview = Resource::new(
        move || (parsed.get().ok(), mode.get(), saved.get(), against.get()),
        move |(weights, mode, saved, against)| async move {
            match weights {
                None => PreviewState::Invalid,
                Some(weights) if against.is_some() && (&weights, mode) == (&saved.0, saved.1) => {
                    PreviewState::Unchanged
                }
                Some(weights) => {
                    PreviewState::Ready(preview_matching(cycle_id, mode, weights, against).await)
                }
            }
        },
    );
    let run = ServerAction::<RunMatching>::new();
    let run_error = failure(run.value());
    on_success(run.value(), move |number| {
        super::show_run(cycle_id, number);
    });
    // While a run is under way, ask at once and then twice a second how far it has got: only a large cohort
    // lasts long enough to show anything.
    let progress = RwSignal::new(None::<RunProgress>);
    Effect::new(move |_| {
        if !run.pending().get() {
            progress.set(None);
            return;
        }
        let ask = move || {
            leptos::task::spawn_local(async move {
                if let Ok(now) = matching_progress(cycle_id).await {
                    if run.pending().try_get_untracked() == Some(true) {
                        progress.try_set(now);
                    }
                }
            });
        };
        ask();
        let handle = leptos::leptos_dom::helpers::set_interval_with_handle(
            ask,
            std::time::Duration::from_millis(500),
        )
        .ok();
        on_cleanup(move || {
            if let Some(handle) = handle {
                handle.clear();
            }
        });
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(weights) = parsed.get_untracked() {
            run.dispatch(RunMatching {
                cycle_id,
                mode: mode.get_untracked(),
                weights,
            });
        }
    };
    view! {
        <section class="card card--wide" aria-labelledby="settings-title">
            <details class="settings" open=move || !folded.get()>
            <summary><h2 id="settings-title">"Settings for the next run"</h2></summary>
            <form class="form" on:submit=submit novalidate>
                <fieldset class="choice-group">
                    <legend>"What to optimise"</legend>
                    <div class="choice-group__options">
                        {Mode::ALL.into_iter().map(|m| view! {
                            <label class="choice choice--strong">
                                <input type="radio" name="mode" value=m.key()
                                    prop:checked=move || mode.get() == m
                                    on:change=move |_| mode.set(m) />
                                <span><strong>{m.label()}</strong><br /><span class="muted">{m.help()}</span></span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <details class="weights" open>
                    <summary>"Weights (points per component)"</summary>
                    <div class="weights__grid">
                        {WEIGHT_FIELDS.iter().enumerate().map(|(i, field)| {
                            let text = texts.with_value(|t| t[i]);
                            let id = format!("weight-{}", field.key);
                            let error = move || parsed.get().err().and_then(|e| e[i].clone());
                            view! {
                                <div class="field field--inline" class:field--invalid=move || error().is_some()>
                                    <label for=id.clone()>{field.label}</label>
                                    <input id=id.clone() name=field.key type="number" inputmode="numeric" step="1" class="input--number"
                                        aria-describedby=format!("{id}-error")
                                        aria-invalid=move || if error().is_some() { "true" } else { "false" }
                                        prop:value=move || text.get()
                                        on:input=move |ev| text.set(event_target_value(&ev)) />
                                    <p class="field__error" id=format!("{id}-error")>{error}</p>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </details>
                <div class="preview" aria-live="polite">
                    <h3>"Preview with these settings"</h3>
                    <Transition fallback=|| view! { <p class="loading">"Computing…"</p> }>
                        {move || Suspend::new(async move {
                            match preview.await {
                                PreviewState::Invalid => view! { <p class="muted">"Fix the highlighted weights to see a preview."</p> }.into_any(),
                                PreviewState::Unchanged => view! { <p class="muted">"These are the saved settings. Change the mode or a weight to see what a run would give."</p> }.into_any(),
                                PreviewState::Ready(Ok(preview)) => {
                                    let moved = preview.people_moved;
                                    view! {
                                        <Figures report=preview.report before=preview.against.clone() label="Preview figures" />
                                        {preview.against.is_some().then(|| view! {
                                            <p class="muted">{if moved == 0 {
                                                "Same pairs as the run shown.".to_owned()
                                            } else {
                                                format!("{moved} people would have a different peer than in the run shown.")
                                            }}</p>
                                        })}
                                    }.into_any()
                                }
                                PreviewState::Ready(Err(error)) => view! { <p class="form-alert" role="alert">{error.to_string()}</p> }.into_any(),
                            }
                        })}
                    </Transition>
                </div>
                <PairRules />
                <FormAlert error=run_error />
                <button type="submit" class="button button--primary" disabled=move || run.pending().get() || parsed.get().is_err()>
                    {move || if run.pending().get() { "Running…" } else { "Run matching" }}
                </button>
                {move || progress.get().map(|now| view! {
                    <div class="run-progress" role="status">
                        <progress max=now.steps value=now.step aria-label="How far the run has got"></progress>
                        <p>{format!("Step {} of {}: {}… ({} s)", now.step, now.steps, now.label, now.seconds)}</p>
                    </div>
                })}
            </form>
            </details>
        </section>
    }
    .into_any()
}

/// The pairs the next run must keep or avoid, each with a way to undo it.
#[component]
fn PairRules() -> AnyView {
    let page = expect_context::<super::Page>();
    let cycle_id = page.cycle_id;
    let clear = ServerAction::<SetPairRule>::new();
    on_success(clear.value(), move |()| {
        page.refresh();
    });
    let error = failure(clear.value());
    let list = move |title: &'static str, pairs: Vec<[Member; 2]>, undo: &'static str| {
        (!pairs.is_empty()).then(|| view! {
            <h3>{title}</h3>
            <ul class="rules">
                {pairs.into_iter().map(|[a, b]| {
                    let label = format!("{undo}: {} and {}", a.name, b.name);
                    view! {
                        <li>
                            {format!("{} & {}", a.name, b.name)}" "
                            <button type="button" class="button button--small button--quiet" aria-label=label
                                on:click=move |_| { clear.dispatch(SetPairRule { cycle_id, pair: [a.id, b.id], rule: PairRule::Clear }); }>
                                {undo}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })
    };
    view! {
        {move || list("Locked together", page.data.with(|p| p.locked.clone()), "Unlock")}
        {move || list("Never together", page.data.with(|p| p.forbidden.clone()), "Allow")}
        <FormAlert error />
    }
    .into_any()
}
