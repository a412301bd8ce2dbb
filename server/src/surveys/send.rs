//! Sending surveys on their date to the cycle's members (everyone with a submitted application), and one
//! reminder to those who have not answered, three days before the survey closes.

use app::types::CycleId;
use chrono::{DateTime, Days, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set, TransactionTrait,
};

use super::today_at;
use crate::db::entities::{app_user, survey, survey_invitation};
use crate::error::Result;
use crate::mail::outbox::{self, Email};
use crate::programs::cycle_with_program;
use crate::programs::dates::format_date;

/// Days before a survey closes when those who have not answered are reminded.
const REMINDER_DAYS: u64 = 3;

/// Sends every survey whose date has come at `now`; returns how many were sent.
///
/// # Errors
/// Database failures.
pub async fn send_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<usize> {
    let unsent = survey::Entity::find()
        .filter(survey::Column::SentAt.is_null())
        .all(db)
        .await?;
    let mut sent = 0;
    for survey in unsent {
        let (cycle, program) = cycle_with_program(db, CycleId(survey.cycle_id)).await?;
        if survey.sends_on > today_at(&program, now) {
            continue;
        }
        let users = crate::programs::cycle_members(db, cycle.id()).await?;
        let txn = db.begin().await?;
        for user in &users {
            survey_invitation::ActiveModel {
                survey_id: Set(survey.id),
                user_id: Set(user.id),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let body = format!(
                "Hello {},\n\n{}{}Please answer by {}: it takes a few minutes{}.\n{public_url}/surveys/{}\n",
                outbox::first_name(&user.name),
                survey.intro,
                if survey.intro.is_empty() { "" } else { "\n\n" },
                format_date(survey.closes_on),
                if survey.anonymous { ", and your answers are anonymous" } else { "" },
                survey.id
            );
            outbox::queue(
                &txn,
                Email::new(
                    outbox::mailbox(&user.name, &user.email),
                    format!("{}: {}", program.name, survey.title),
                    body,
                )
                .reply_to(program.contact_email.clone()),
            )
            .await?;
        }
        let mut row = survey.into_active_model();
        row.sent_at = Set(Some(now));
        row.update(&txn).await?;
        txn.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// Reminds, once per survey, the members who have not answered, from three days before it closes (and not
/// on the day it was sent); returns how many surveys were reminded about.
///
/// # Errors
/// Database failures.
pub async fn remind_due(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<usize> {
    let sent = survey::Entity::find()
        .filter(survey::Column::SentAt.is_not_null())
        .filter(survey::Column::RemindedAt.is_null())
        .all(db)
        .await?;
    let mut reminded = 0;
    for survey in sent {
        let (_, program) = cycle_with_program(db, CycleId(survey.cycle_id)).await?;
        let today = today_at(&program, now);
        let from = survey
            .closes_on
            .checked_sub_days(Days::new(REMINDER_DAYS))
            .unwrap_or(survey.closes_on);
        let sent_on = survey.sent_at.map_or(today, |at| at.date_naive());
        if today < from || today > survey.closes_on || sent_on >= today {
            continue;
        }
        let waiting: Vec<i64> = survey_invitation::Entity::find()
            .filter(survey_invitation::Column::SurveyId.eq(survey.id))
            .filter(survey_invitation::Column::RespondedAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|i| i.user_id)
            .collect();
        let users = app_user::Entity::find()
            .filter(app_user::Column::Id.is_in(waiting))
            .all(db)
            .await?;
        let txn = db.begin().await?;
        for user in &users {
            outbox::queue(
                &txn,
                Email::new(
                    outbox::mailbox(&user.name, &user.email),
                    format!("Reminder: {} closes {}", survey.title, format_date(survey.closes_on)),
                    format!(
                        "Hello {},\n\nThe survey \u{201c}{}\u{201d} closes on {}, and your answers help the program \
                         improve. It takes a few minutes:\n{public_url}/surveys/{}\n",
                        outbox::first_name(&user.name),
                        survey.title,
                        format_date(survey.closes_on),
                        survey.id
                    ),
                )
                .reply_to(program.contact_email.clone()),
            )
            .await?;
        }
        let mut row = survey.into_active_model();
        row.reminded_at = Set(Some(now));
        row.update(&txn).await?;
        txn.commit().await?;
        reminded += 1;
    }
    Ok(reminded)
}
