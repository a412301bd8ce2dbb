//! The pair's goals: added and updated by either member, each change kept as a line of history.

use std::collections::HashMap;

use app::workspace::{GoalEventView, GoalForm, GoalOwner, GoalStatus, GoalUpdate, GoalView};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

use super::access::Pair;
use crate::db::entities::{pair_goal, pair_goal_event};
use crate::error::Result;
use crate::programs::dates::format_at;

/// The owner to store for a goal `viewer` adds: themself, their peer (in a pair), or none for everyone.
fn owner_id(pair: &Pair, viewer: i64, owner: GoalOwner) -> Option<i64> {
    match owner {
        GoalOwner::Me => Some(viewer),
        GoalOwner::Peer => match pair.peers_of(viewer).as_slice() {
            [peer] => Some(*peer),
            _ => None,
        },
        GoalOwner::Both => None,
    }
}

/// # Errors
/// Database failures.
pub async fn add(
    db: &impl ConnectionTrait,
    pair: &Pair,
    viewer: i64,
    form: &GoalForm,
) -> Result<()> {
    let now = Utc::now();
    let goal = pair_goal::ActiveModel {
        pair_id: Set(pair.row.id),
        title: Set(form.title.trim().to_owned()),
        why: Set(form.why.trim().to_owned()),
        target_on: Set(NaiveDate::parse_from_str(form.target_on.trim(), "%Y-%m-%d").ok()),
        owner_id: Set(owner_id(pair, viewer, form.owner)),
        progress: Set(0),
        status: Set(GoalStatus::NotStarted.key().to_owned()),
        created_by: Set(viewer),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    record(db, goal.id, viewer, "Added the goal.").await
}

/// Applies a progress or status change; returns whether anything changed.
///
/// # Errors
/// Database failures.
pub async fn update(
    db: &impl ConnectionTrait,
    goal: pair_goal::Model,
    viewer: i64,
    update: GoalUpdate,
) -> Result<bool> {
    let old_status = GoalStatus::from_key(&goal.status).unwrap_or_default();
    let mut changes = Vec::new();
    if goal.progress != update.progress {
        changes.push(format!(
            "Progress {}% → {}%.",
            goal.progress, update.progress
        ));
    }
    if old_status != update.status {
        changes.push(format!(
            "Status {} → {}.",
            old_status.label(),
            update.status.label()
        ));
    }
    if changes.is_empty() {
        return Ok(false);
    }
    let id = goal.id;
    let mut row = goal.into_active_model();
    row.progress = Set(update.progress);
    row.status = Set(update.status.key().to_owned());
    row.updated_at = Set(Utc::now());
    row.update(db).await?;
    record(db, id, viewer, &changes.join(" ")).await?;
    Ok(true)
}

async fn record(db: &impl ConnectionTrait, goal_id: i64, actor: i64, change: &str) -> Result<()> {
    pair_goal_event::ActiveModel {
        goal_id: Set(goal_id),
        actor_id: Set(actor),
        change: Set(change.to_owned()),
        at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Every goal of the pair, oldest first, each with its history newest first.
///
/// # Errors
/// Database failures.
pub async fn views(
    db: &impl ConnectionTrait,
    pair: &Pair,
    viewer: i64,
    names: &HashMap<i64, String>,
    zone: chrono_tz::Tz,
) -> Result<Vec<GoalView>> {
    let goals = pair_goal::Entity::find()
        .filter(pair_goal::Column::PairId.eq(pair.row.id))
        .order_by_asc(pair_goal::Column::Id)
        .all(db)
        .await?;
    let events = pair_goal_event::Entity::find()
        .filter(pair_goal_event::Column::GoalId.is_in(goals.iter().map(|g| g.id)))
        .order_by_desc(pair_goal_event::Column::Id)
        .all(db)
        .await?;
    let name = |id: i64| {
        if id == viewer {
            "You".to_owned()
        } else {
            names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| "A member".to_owned())
        }
    };
    let everyone = if pair.members.len() > 2 {
        "All of you"
    } else {
        "Both of you"
    };
    Ok(goals
        .into_iter()
        .map(|goal| {
            let (owner, owner_label) = match goal.owner_id {
                None => (GoalOwner::Both, everyone.to_owned()),
                Some(id) if id == viewer => (GoalOwner::Me, "You".to_owned()),
                Some(id) => (GoalOwner::Peer, name(id)),
            };
            GoalView {
                id: goal.id,
                history: events
                    .iter()
                    .filter(|e| e.goal_id == goal.id)
                    .map(|e| GoalEventView {
                        who: name(e.actor_id),
                        change: e.change.clone(),
                        at: format_at(e.at, zone),
                    })
                    .collect(),
                title: goal.title,
                why: goal.why,
                target_on: goal.target_on.map(|d| d.format("%-d %b %Y").to_string()),
                owner,
                owner_label,
                progress: goal.progress,
                status: GoalStatus::from_key(&goal.status).unwrap_or_default(),
            }
        })
        .collect())
}
