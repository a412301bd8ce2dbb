//! The settings a cycle's next run uses: mode, weights, and the pairs an admin locked or forbade.

use app::matching::{Mode, Weights};
use app::types::{CycleId, UserId};
use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde::{Deserialize, Serialize};

use crate::db::entities::matching_draft;
use crate::error::Result;
use engine::{Constraints, Settings};

/// Pairs are stored smaller user id first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub mode: Mode,
    pub weights: Weights,
    pub locked: Vec<[UserId; 2]>,
    pub forbidden: Vec<[UserId; 2]>,
}

/// A pair in stored order.
pub fn ordered([a, b]: [UserId; 2]) -> [UserId; 2] {
    [a.min(b), a.max(b)]
}

impl Draft {
    /// Engine settings among the people `present` (locks and forbids naming someone who withdrew are
    /// skipped), with the pairs of earlier cycles.
    pub fn settings(
        &self,
        present: impl Fn(&str) -> bool,
        previous: Vec<(String, String)>,
    ) -> Settings {
        let pairs = |list: &[[UserId; 2]]| {
            list.iter()
                .map(|[a, b]| (a.to_string(), b.to_string()))
                .filter(|(a, b)| present(a) && present(b))
                .collect()
        };
        Settings {
            mode: self.mode,
            weights: self.weights.clone(),
            constraints: Constraints {
                forbidden: pairs(&self.forbidden),
                previous,
                locked: pairs(&self.locked),
            },
        }
    }

    /// Locks `pair`, first unlocking any other lock either person had (one peer each).
    pub fn lock(&mut self, pair: [UserId; 2]) {
        let pair = ordered(pair);
        self.forbidden.retain(|p| *p != pair);
        self.locked
            .retain(|p| !p.iter().any(|id| pair.contains(id)));
        self.locked.push(pair);
    }

    pub fn forbid(&mut self, pair: [UserId; 2]) {
        let pair = ordered(pair);
        self.locked.retain(|p| *p != pair);
        if !self.forbidden.contains(&pair) {
            self.forbidden.push(pair);
        }
    }

    pub fn clear(&mut self, pair: [UserId; 2]) {
        let pair = ordered(pair);
        self.locked.retain(|p| *p != pair);
        self.forbidden.retain(|p| *p != pair);
    }
}

/// The cycle's draft (the defaults when none was saved; a draft that no longer parses is logged and reset).
///
/// # Errors
/// Database failures.
pub async fn load(db: &impl ConnectionTrait, cycle_id: CycleId) -> Result<Draft> {
    let Some(row) = matching_draft::Entity::find_by_id(cycle_id).one(db).await? else {
        return Ok(Draft::default());
    };
    Ok(serde_json::from_str(&row.settings).unwrap_or_else(|error| {
        tracing::error!(%cycle_id, %error, "matching draft does not parse; using defaults");
        Draft::default()
    }))
}

/// # Errors
/// Database failures.
pub async fn save(db: &impl ConnectionTrait, cycle_id: CycleId, draft: &Draft) -> Result<()> {
    let row = matching_draft::ActiveModel {
        cycle_id: Set(cycle_id.0),
        settings: Set(serde_json::to_string(draft).unwrap_or_default()),
        updated_at: Set(Utc::now()),
    };
    matching_draft::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(matching_draft::Column::CycleId)
                .update_columns([
                    matching_draft::Column::Settings,
                    matching_draft::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: i64, b: i64) -> [UserId; 2] {
        [UserId(a), UserId(b)]
    }

    #[test]
    fn a_lock_replaces_earlier_locks_of_either_person_and_any_forbid() {
        let mut draft = Draft::default();
        draft.lock(pair(2, 1));
        draft.lock(pair(3, 4));
        draft.forbid(pair(5, 1));
        draft.lock(pair(1, 5));
        assert_eq!(draft.locked, vec![pair(3, 4), pair(1, 5)]);
        assert!(draft.forbidden.is_empty());
        draft.forbid(pair(4, 3));
        assert_eq!(draft.locked, vec![pair(1, 5)]);
        assert_eq!(draft.forbidden, vec![pair(3, 4)]);
        draft.clear(pair(3, 4));
        assert!(draft.forbidden.is_empty());
    }

    #[test]
    fn settings_skip_people_who_left() {
        let mut draft = Draft::default();
        draft.lock(pair(1, 2));
        draft.forbid(pair(3, 9));
        let settings = draft.settings(|id| id != "9", vec![]);
        assert_eq!(settings.constraints.locked, vec![("1".into(), "2".into())]);
        assert!(settings.constraints.forbidden.is_empty());
    }
}
