//! `GET /facilitate/{id}/workshop.csv`: a workshop for its facilitator's records, one row per participant:
//! who they are, when they joined and left, their table and partners in each round, and the follow-ups both
//! sides chose. Preparation notes and email addresses stay private.

use std::collections::{BTreeSet, HashMap};

use app::api::guard::authorize;
use app::api::ports::RequestAuth;
use app::error::AppError;
use app::types::Role;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use engine::csv_cells;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::DbSpeed;
use crate::db::entities::{speed_follow_up, speed_pairing, speed_participant};
use crate::error::Result;
use crate::http::csv_download;

/// The CSV rows of a session: a header, then each participant in the order they joined.
async fn records(speed: &DbSpeed, session_id: i64) -> Result<Vec<Vec<String>>> {
    let people = speed_participant::Entity::find()
        .filter(speed_participant::Column::SessionId.eq(session_id))
        .order_by_asc(speed_participant::Column::Id)
        .all(&speed.db)
        .await?;
    let seats = speed_pairing::Entity::find()
        .filter(speed_pairing::Column::SessionId.eq(session_id))
        .order_by_asc(speed_pairing::Column::Round)
        .order_by_asc(speed_pairing::Column::TableNumber)
        .order_by_asc(speed_pairing::Column::Seat)
        .all(&speed.db)
        .await?;
    let choices: BTreeSet<(i64, i64)> = speed_follow_up::Entity::find()
        .filter(speed_follow_up::Column::SessionId.eq(session_id))
        .all(&speed.db)
        .await?
        .into_iter()
        .map(|c| (c.chooser_id, c.chosen_id))
        .collect();
    let names: HashMap<i64, &str> = people.iter().map(|p| (p.id, p.name.as_str())).collect();
    let rounds = seats.iter().map(|s| s.round).max().unwrap_or(0);
    let mut header: Vec<String> = ["name", "institution", "signed_in", "joined", "left"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    header.extend((1..=rounds).map(|r| format!("round_{r}")));
    header.push("mutual_follow_ups".to_owned());
    let mut rows = vec![header];
    for person in &people {
        let mut row = vec![
            person.name.clone(),
            person.institution.clone().unwrap_or_default(),
            person.user_id.is_some().to_string(),
            person.joined_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            person
                .left_at
                .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
                .unwrap_or_default(),
        ];
        row.extend((1..=rounds).map(|round| table_in(&seats, &names, person.id, round)));
        let mutual: Vec<&str> = choices
            .iter()
            .filter(|(chooser, chosen)| {
                *chooser == person.id && choices.contains(&(*chosen, *chooser))
            })
            .filter_map(|(_, chosen)| names.get(chosen).copied())
            .collect();
        row.push(mutual.join("; "));
        rows.push(row);
    }
    Ok(rows)
}

/// "Table 3 with Ben, Chloé", or "sat out" in a round they were there for but not seated.
fn table_in(
    seats: &[speed_pairing::Model],
    names: &HashMap<i64, &str>,
    person: i64,
    round: i32,
) -> String {
    let Some(mine) = seats
        .iter()
        .find(|s| s.round == round && s.participant_id == person)
    else {
        return String::new();
    };
    let others: Vec<&str> = seats
        .iter()
        .filter(|s| {
            s.round == round && s.table_number == mine.table_number && s.participant_id != person
        })
        .filter_map(|s| names.get(&s.participant_id).copied())
        .collect();
    format!("Table {} with {}", mine.table_number, others.join(", "))
}

/// The handler: the session's facilitator or an admin.
pub async fn workshop_csv(
    State(speed): State<DbSpeed>,
    Extension(auth): Extension<RequestAuth>,
    Path(session_id): Path<i64>,
) -> Response {
    let actor = match authorize(auth.user, Role::Facilitator) {
        Ok(actor) => actor,
        Err(error) => return crate::http::error_response(error),
    };
    let body = async {
        speed.run_by(&actor, session_id).await?;
        let rows = records(&speed, session_id).await?;
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in rows {
            writer
                .write_record(csv_cells::record(&row))
                .map_err(|_| AppError::Internal)?;
        }
        writer.into_inner().map_err(|_| AppError::Internal.into())
    }
    .await
    .map_err(|error: crate::error::Failure| AppError::from(error));
    csv_download(&format!("workshop-{session_id}.csv"), body)
}
