//! Publishing a run: in one transaction the cycle's publication row (its key allows one per cycle), a pair
//! per group, and an introduction email per group in the outbox.

use app::error::AppError;
use app::matching::IntroTemplate;
use app::types::CurrentUser;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set, TransactionTrait};

use super::cohort::Cohort;
use super::intro::{left_out, recipients, render, Setting};
use super::runs::Run;
use crate::audit;
use crate::db::entities::{cycle_publication, peer_pair, peer_pair_member};
use crate::error::{is_unique_violation, Failure, Result};
use crate::mail::outbox::{self, Email};

/// How many pairs were created and emails queued (introductions, and a word to each person left out).
pub struct Counts {
    pub pairs: usize,
    pub emails: usize,
    pub unmatched_told: usize,
}

/// Publishes `run`. A second publication of the cycle fails on the publication's key, rolling back.
///
/// # Errors
/// [`AppError::Conflict`] when the cycle was already published; database failures.
pub async fn publish(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    run: &Run,
    cohort: &Cohort,
    template: &IntroTemplate,
    setting: &Setting<'_>,
) -> Result<Counts> {
    let txn = db.begin().await?;
    let now = Utc::now();
    let inserted = cycle_publication::ActiveModel {
        cycle_id: Set(setting.cycle.id),
        run_id: Set(run.id),
        published_by: Set(actor.id.0),
        published_at: Set(now),
    }
    .insert(&txn)
    .await;
    match inserted {
        Err(error) if is_unique_violation(&error) => {
            return Err(
                AppError::Conflict("This cycle's pairs are already published.".to_owned()).into(),
            )
        }
        other => other.map_err(Failure::from)?,
    };
    let mut emails = 0;
    for group in &run.outcome.groups {
        let pair = peer_pair::ActiveModel {
            cycle_id: Set(setting.cycle.id),
            run_id: Set(Some(run.id)),
            status: Set("active".to_owned()),
            score: Set(group.score),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for id in &group.members {
            let user_id: i64 = id.parse().map_err(|_| AppError::Internal)?;
            peer_pair_member::ActiveModel {
                pair_id: Set(pair.id),
                user_id: Set(user_id),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let people: Vec<_> = group
            .members
            .iter()
            .filter_map(|id| cohort.applicant(id))
            .collect();
        if people.len() == group.members.len() {
            let email = render(template, setting, &people);
            outbox::queue(
                &txn,
                Email::to_group(recipients(&people), email.subject, email.body)
                    .reply_to(setting.program.contact_email.clone()),
            )
            .await?;
            emails += 1;
        } else {
            tracing::warn!(
                pair = pair.id,
                "a member withdrew since the run; no introduction queued"
            );
        }
    }
    // What the program promises everyone who applied: someone left without a peer hears why, and what next.
    let mut unmatched_told = 0;
    for left in &run.outcome.unmatched {
        if let Some(applicant) = cohort.applicant(&left.id) {
            let (subject, body) = left_out(setting, applicant, left.why);
            outbox::queue(
                &txn,
                Email::new(
                    outbox::mailbox(&applicant.name, &applicant.email),
                    subject,
                    body,
                )
                .reply_to(setting.program.contact_email.clone()),
            )
            .await?;
            unmatched_told += 1;
        }
    }
    audit::record(
        &txn,
        Some(actor.id),
        "matching.published",
        &format!("cycle:{}", setting.cycle.id),
        serde_json::json!({ "run": run.number, "pairs": run.outcome.groups.len(), "emails": emails, "unmatched_told": unmatched_told }),
    )
    .await?;
    txn.commit().await?;
    Ok(Counts {
        pairs: run.outcome.groups.len(),
        emails,
        unmatched_told,
    })
}
