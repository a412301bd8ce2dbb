//! Step 3: choose and rank three strengths and three growth areas from the program's competency list.
//! Everything is a button (add, move up, move down, remove), so it works the same with keyboard, touch and
//! pointer; each move is announced in a live region.

use leptos::prelude::*;

use super::state::Wizard;
use crate::application::{ApplicationForm, CompetencyOption, RANKED};
use crate::components::error_id;

/// Which ranked list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Strengths,
    Growth,
}

impl Side {
    fn field(self) -> &'static str {
        match self {
            Side::Strengths => "strengths",
            Side::Growth => "growth",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Side::Strengths => "strengths",
            Side::Growth => "growth areas",
        }
    }

    fn list(self, form: &ApplicationForm) -> &Vec<String> {
        match self {
            Side::Strengths => &form.strengths,
            Side::Growth => &form.growth,
        }
    }

    fn list_mut(self, form: &mut ApplicationForm) -> &mut Vec<String> {
        match self {
            Side::Strengths => &mut form.strengths,
            Side::Growth => &mut form.growth,
        }
    }

    fn other(self) -> Side {
        match self {
            Side::Strengths => Side::Growth,
            Side::Growth => Side::Strengths,
        }
    }
}

/// Why a competency cannot be added to a side.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Blocked {
    Chosen,
    OnOtherSide,
    Full,
}

#[component]
pub fn RankingStep(wizard: Wizard) -> AnyView {
    let announcement = RwSignal::new(String::new());
    let competencies = wizard.options.with_value(|o| o.competencies.clone());
    // The cycle's set names its levels (2015: entry … expert; 2026: foundational … advanced).
    let levels = wizard.options.with_value(|o| o.levels.clone());
    view! {
        <p class="step-intro">
            {format!(
                "Strengths are competencies where you work at {} level and can help a peer grow. Growth areas are where you are at {} level and want to learn. Rank {RANKED} of each, most important first; a competency can be one or the other, not both.",
                levels.expert, levels.entry
            )}
        </p>
        <div class="ranking">
            <RankedList wizard side=Side::Strengths title=format!("Your strengths ({} level)", levels.expert) announcement />
            <RankedList wizard side=Side::Growth title=format!("Your growth areas ({} level)", levels.entry) announcement />
        </div>
        <h3 class="competency-list__title">"Core Competencies"</h3>
        <ul class="competency-list">
            {competencies
                .into_iter()
                .map(|competency| view! { <CompetencyRow wizard competency announcement /> })
                .collect_view()}
        </ul>
        <p class="visually-hidden" aria-live="polite" role="status">{move || announcement.get()}</p>
    }
    .into_any()
}

#[component]
fn RankedList(
    wizard: Wizard,
    side: Side,
    title: String,
    announcement: RwSignal<String>,
) -> AnyView {
    let error = wizard.error(side.field());
    let items = move || wizard.form.with(|f| side.list(f).clone());
    view! {
        <section
            class="ranked field"
            class:field--invalid=move || error.get().is_some()
            id=format!("field-{}", side.field())
            tabindex="-1"
            aria-labelledby=format!("ranked-{}-title", side.field())
            aria-describedby=error_id(side.field())
        >
            <h3 id=format!("ranked-{}-title", side.field())>{title}</h3>
            <ol class="ranked__list" data-testid=format!("ranked-{}", side.field())>
                {move || {
                    let items = items();
                    let count = items.len();
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(index, name)| view! { <RankedItem wizard side index count name announcement /> })
                        .collect_view()
                }}
                {move || {
                    let chosen = items().len();
                    (chosen..RANKED)
                        .map(|rank| view! {
                            <li class="ranked__empty">
                                <span class="ranked__rank" aria-hidden="true">{rank + 1}</span>
                                "Not chosen yet"
                            </li>
                        })
                        .collect_view()
                }}
            </ol>
            <p class="field__error" id=error_id(side.field())>{move || error.get()}</p>
        </section>
    }
    .into_any()
}

#[component]
fn RankedItem(
    wizard: Wizard,
    side: Side,
    index: usize,
    count: usize,
    name: String,
    announcement: RwSignal<String>,
) -> impl IntoView {
    let move_to = {
        let name = name.clone();
        move |target: usize| {
            wizard.edit(|f| {
                let list = side.list_mut(f);
                if target < list.len() {
                    list.swap(index, target);
                }
            });
            announcement.set(format!(
                "{name} is now number {} of your {}.",
                target + 1,
                side.noun()
            ));
            focus_item(side, target);
        }
    };
    let remove = {
        let name = name.clone();
        move |_| {
            wizard.edit(|f| side.list_mut(f).retain(|n| *n != name));
            announcement.set(format!("{name} removed from your {}.", side.noun()));
        }
    };
    let up = move_to.clone();
    let down = move_to;
    view! {
        <li class="ranked__item" id=format!("ranked-{}-{index}", side.field()) tabindex="-1">
            <span class="ranked__rank" aria-hidden="true">{index + 1}</span>
            <span class="ranked__name">{name.clone()}</span>
            <span class="ranked__controls">
                <button
                    type="button"
                    class="button button--small button--quiet"
                    aria-label=format!("Move {name} up")
                    disabled=index == 0
                    on:click=move |_| up(index.saturating_sub(1))
                >
                    "↑"
                </button>
                <button
                    type="button"
                    class="button button--small button--quiet"
                    aria-label=format!("Move {name} down")
                    disabled={index + 1 >= count}
                    on:click=move |_| down(index + 1)
                >
                    "↓"
                </button>
                <button
                    type="button"
                    class="button button--small button--quiet"
                    aria-label=format!("Remove {name}")
                    on:click=remove
                >
                    "✕"
                </button>
            </span>
        </li>
    }
}

/// Keeps focus on the moved item so a keyboard user can press the same button again.
fn focus_item(side: Side, index: usize) {
    super::state::focus_id(format!("ranked-{}-{index}", side.field()));
}

#[component]
fn CompetencyRow(
    wizard: Wizard,
    competency: CompetencyOption,
    announcement: RwSignal<String>,
) -> AnyView {
    let name = competency.name.clone();
    let link = competency.link();
    let add_button = move |side: Side, label: &'static str| {
        let name = name.clone();
        let state = {
            let name = name.clone();
            move || {
                wizard.form.with(|f| {
                    if side.list(f).contains(&name) {
                        Some(Blocked::Chosen)
                    } else if side.other().list(f).contains(&name) {
                        Some(Blocked::OnOtherSide)
                    } else if side.list(f).len() >= RANKED {
                        Some(Blocked::Full)
                    } else {
                        None
                    }
                })
            }
        };
        let hint = {
            let state = state.clone();
            let name = name.clone();
            move || match state() {
                Some(Blocked::Chosen) => format!("{name} is one of your {}", side.noun()),
                Some(Blocked::OnOtherSide) => {
                    format!("{name} is already one of your {}", side.other().noun())
                }
                Some(Blocked::Full) => {
                    format!("You have chosen {RANKED} {}; remove one first", side.noun())
                }
                None => format!("Add {name} to your {}", side.noun()),
            }
        };
        let add = name.clone();
        view! {
            <button
                type="button"
                class="button button--small"
                aria-label=hint.clone()
                title=hint
                disabled=move || state().is_some()
                on:click=move |_| {
                    wizard.edit(|f| {
                        let list = side.list_mut(f);
                        if list.len() < RANKED && !list.contains(&add) {
                            list.push(add.clone());
                        }
                    });
                    announcement.set(format!("{add} added to your {}.", side.noun()));
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <li class="competency">
            <div class="competency__text">
                <strong>{competency.name.clone()}</strong>
                <span>{competency.summary.clone()}</span>
                <a href=link target="_blank" rel="noopener noreferrer" class="competency__link">
                    "Full description"
                    <span class="visually-hidden">{format!(" of {} (opens the association's site)", competency.name)}</span>
                </a>
            </div>
            <div class="competency__actions">
                {add_button(Side::Strengths, "+ Strength")}
                {add_button(Side::Growth, "+ Growth")}
            </div>
        </li>
    }
    .into_any()
}
