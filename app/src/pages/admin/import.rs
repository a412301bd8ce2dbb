//! The import panel on a cycle's applications page: choose a CSV file, check it (nothing is written), see
//! every bad row, then import the clean file.

use leptos::prelude::*;

use crate::api::programs::import_applications;
use crate::error::AppError;
use crate::import::ImportReport;
use crate::types::CycleId;

/// The file's text, read in the browser.
#[derive(Clone, Default)]
struct Chosen {
    name: String,
    text: String,
}

#[component]
pub fn ImportPanel(cycle_id: CycleId, on_imported: Callback<()>) -> AnyView {
    let chosen = RwSignal::new(None::<Chosen>);
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let run = move |dry_run: bool| {
        let Some(file) = chosen.get_untracked() else {
            error.set(Some(AppError::invalid("file", "Choose a CSV file first.")));
            return;
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = import_applications(cycle_id, file.text, dry_run).await;
            busy.set(false);
            match result {
                Ok(done) => {
                    if done.imported {
                        on_imported.run(());
                    }
                    report.set(Some(done));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let clean = move || {
        report
            .get()
            .is_some_and(|r| r.problems.is_empty() && !r.imported)
    };
    view! {
        <section class="import" aria-labelledby="import-title">
            <h2 id="import-title">"Import applications"</h2>
            <p class="muted">
                "Applications collected elsewhere, in the same columns as the download. Check the file first: "
                "nothing is imported until every row is right. People without an account get a member account "
                "without a password: invite them below to set one. An account someone made with one of these "
                "addresses but never confirmed is taken back for the address's owner. The agreements are taken "
                "as given in the tool that collected the applications."
            </p>
            <div class="field">
                <label for="field-file">"CSV file"</label>
                <input
                    id="field-file"
                    type="file"
                    accept=".csv,text/csv"
                    aria-describedby="field-file-error"
                    on:change=move |ev| {
                        report.set(None);
                        error.set(None);
                        read_file(ev, chosen);
                    }
                />
                <p class="field__error" id="field-file-error">{move || error.get().and_then(|e| e.field("file"))}</p>
            </div>
            <div class="import__actions">
                <button type="button" class="button" disabled=move || busy.get() || chosen.get().is_none() on:click=move |_| run(true)>
                    "Check file"
                </button>
                <button type="button" class="button button--primary" disabled=move || busy.get() || !clean() on:click=move |_| run(false)>
                    "Import"
                </button>
            </div>
            {move || error.get().filter(|e| e.field("file").is_none()).map(|e| view! { <p class="form-alert" role="alert">{e.to_string()}</p> })}
            <div role="status">{move || report.get().map(|r| view! { <Report report=r file=chosen.get().map(|c| c.name).unwrap_or_default() /> })}</div>
        </section>
    }
    .into_any()
}

#[component]
fn Report(report: ImportReport, file: String) -> AnyView {
    let summary = if report.imported {
        format!(
            "Imported {} application{} from {file}: {} new account{}, {} replaced{}. Invite the new people below so they can sign in.",
            report.rows,
            plural(report.rows),
            report.new_accounts,
            plural(report.new_accounts),
            report.replaced,
            if report.reclaimed > 0 {
                format!(", {} unconfirmed account{} taken back for the owner", report.reclaimed, plural(report.reclaimed))
            } else {
                String::new()
            }
        )
    } else if report.problems.is_empty() {
        format!(
            "{file} is ready: {} application{}, {} new account{}, {} replacing an existing application. Nothing is imported yet.",
            report.rows,
            plural(report.rows),
            report.new_accounts,
            plural(report.new_accounts),
            report.replaced
        )
    } else {
        format!(
            "{} problem{} in {file}; nothing was imported. Fix the rows below and check again.",
            report.problems.len(),
            plural(report.problems.len())
        )
    };
    let ok = report.problems.is_empty();
    view! {
        <p class=if ok { "form-success" } else { "form-alert" }>{summary}</p>
        {(!ok).then(|| view! {
            <table class="table problems">
                <thead><tr><th scope="col">"Line"</th><th scope="col">"Column"</th><th scope="col">"Problem"</th></tr></thead>
                <tbody>
                    {report.problems.into_iter().map(|p| view! {
                        <tr><td>{p.line}</td><td>{p.column}</td><td>{p.message}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
    .into_any()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Reads the chosen file's text into `chosen` (browser only).
fn read_file(ev: leptos::ev::Event, chosen: RwSignal<Option<Chosen>>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            chosen.set(None);
            return;
        };
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            chosen.set(text.ok().and_then(|t| t.as_string()).map(|text| Chosen {
                name: file.name(),
                text,
            }));
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, chosen);
}
