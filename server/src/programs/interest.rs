//! A program's interest list ("Join the List" in the seeds): members join or leave it; when a cycle's window
//! opens everyone on it is emailed once, and a few days before it closes those who have not submitted (the list,
//! and anyone with a draft) are reminded once.

use std::collections::HashSet;

use app::application::ApplicationStatus;
use app::error::AppError;
use app::rhythm::{month_list, InterestView, Rhythm, CLOSING_REMINDER_DAYS};
use app::types::{CurrentUser, ProgramId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

use super::dates::{format_at, format_date, zone_or_utc};
use crate::db::entities::{app_user, application, cycle, program, program_interest};
use crate::error::Result;
use crate::mail::outbox::{self, Email};

/// Every program, and whether `viewer` is on its list.
///
/// # Errors
/// Database failures.
pub async fn list(db: &DatabaseConnection, viewer: &CurrentUser) -> Result<Vec<InterestView>> {
    let mine: HashSet<i64> = program_interest::Entity::find()
        .filter(program_interest::Column::UserId.eq(viewer.id.0))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.program_id)
        .collect();
    Ok(program::Entity::find()
        .order_by_asc(program::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| InterestView {
            program_id: p.id(),
            window_months: month_list(&Rhythm::months_from_key(&p.rhythm_months)),
            on_list: mine.contains(&p.id),
            program_name: p.name,
        })
        .collect())
}

/// Puts `viewer` on the program's list, or takes them off; doing it twice changes nothing.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown program; database failures.
pub async fn set(
    db: &DatabaseConnection,
    viewer: &CurrentUser,
    program_id: ProgramId,
    on_list: bool,
) -> Result<()> {
    program::Entity::find_by_id(program_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let existing = program_interest::Entity::find()
        .filter(program_interest::Column::ProgramId.eq(program_id.0))
        .filter(program_interest::Column::UserId.eq(viewer.id.0))
        .one(db)
        .await?;
    match (existing, on_list) {
        (None, true) => join(db, program_id, viewer.id.0).await?,
        (Some(row), false) => {
            program_interest::Entity::delete_by_id(row.id)
                .exec(db)
                .await?;
        }
        _ => {}
    }
    Ok(())
}

/// Puts `user_id` on the program's list if not there yet.
///
/// # Errors
/// Database failures.
pub async fn join(
    db: &impl sea_orm::ConnectionTrait,
    program_id: ProgramId,
    user_id: i64,
) -> Result<()> {
    let listed = program_interest::Entity::find()
        .filter(program_interest::Column::ProgramId.eq(program_id.0))
        .filter(program_interest::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .is_some();
    if !listed {
        program_interest::ActiveModel {
            program_id: Set(program_id.0),
            user_id: Set(user_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Sends the opening and closing-soon emails due at `now`; returns how many cycles it wrote about.
///
/// # Errors
/// Database failures.
pub async fn announce_windows(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<usize> {
    let open = cycle::Entity::find()
        .filter(cycle::Column::OpensAt.lte(now))
        .filter(cycle::Column::ClosesAt.gt(now))
        .all(db)
        .await?;
    let mut written = 0;
    for cycle in open {
        let closing_soon = cycle.closes_at - chrono::Duration::days(CLOSING_REMINDER_DAYS) <= now;
        let kind = match (cycle.opening_announced_at, cycle.closing_reminded_at) {
            (None, _) => Announcement::Opening,
            (Some(_), None) if closing_soon => Announcement::ClosingSoon,
            _ => continue,
        };
        let program = super::cycle_with_program(db, cycle.id()).await?.1;
        let txn = db.begin().await?;
        for (user, has_draft) in recipients(&txn, &cycle, kind).await? {
            outbox::queue(
                &txn,
                email(kind, &program, &cycle, &user, has_draft, public_url),
            )
            .await?;
        }
        let mut row = cycle.into_active_model();
        if kind == Announcement::Opening {
            row.opening_announced_at = Set(Some(now));
        }
        // An opening announced this late already says when the window closes: no second email days later.
        if kind == Announcement::ClosingSoon || closing_soon {
            row.closing_reminded_at = Set(Some(now));
        }
        row.update(&txn).await?;
        txn.commit().await?;
        written += 1;
    }
    Ok(written)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Announcement {
    Opening,
    ClosingSoon,
}

/// Who hears of this window: the program's list; before the close also those with a draft; never anyone who
/// has already submitted. Each with whether they have a draft.
async fn recipients(
    db: &impl sea_orm::ConnectionTrait,
    cycle: &cycle::Model,
    kind: Announcement,
) -> Result<Vec<(app_user::Model, bool)>> {
    let listed: HashSet<i64> = program_interest::Entity::find()
        .filter(program_interest::Column::ProgramId.eq(cycle.program_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.user_id)
        .collect();
    let applications = application::Entity::find()
        .filter(application::Column::CycleId.eq(cycle.id))
        .all(db)
        .await?;
    let with = |status: ApplicationStatus| -> HashSet<i64> {
        applications
            .iter()
            .filter(|a| a.status == status.as_str())
            .map(|a| a.user_id)
            .collect()
    };
    let (submitted, drafts) = (
        with(ApplicationStatus::Submitted),
        with(ApplicationStatus::Draft),
    );
    let mut ids: HashSet<i64> = listed;
    if kind == Announcement::ClosingSoon {
        ids.extend(drafts.iter().copied());
    }
    ids.retain(|id| !submitted.contains(id));
    Ok(app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .order_by_asc(app_user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|user| {
            let has_draft = drafts.contains(&user.id);
            (user, has_draft)
        })
        .collect())
}

fn email(
    kind: Announcement,
    program: &program::Model,
    cycle: &cycle::Model,
    user: &app_user::Model,
    has_draft: bool,
    public_url: &str,
) -> Email {
    let tz = zone_or_utc(&program.time_zone);
    let closes = format_at(cycle.closes_at, tz);
    let apply = format!("{public_url}/cycles/{}/apply", cycle.id);
    let hello = format!("Hello {},", outbox::first_name(&user.name));
    let footer = if has_draft {
        "You receive this because you started an application.".to_owned()
    } else {
        format!(
            "You receive this because you joined the list of {}; leave it at any time on {public_url}/cycles.",
            program.name
        )
    };
    let (subject, body) = match kind {
        Announcement::Opening => (
            format!("{}: applications are open until {closes}", program.name),
            format!(
                "{hello}\n\nApplications for {} ({}) are open until {closes}. Applying takes about ten \
                 minutes, and your answers are saved as you go:\n{apply}\n\nAfter the window closes, members are \
                 paired by complementary strengths and growth areas; relationships start on {}.\n\n{footer}\n",
                program.name,
                cycle.name,
                format_date(cycle.relationship_starts_on)
            ),
        ),
        Announcement::ClosingSoon => (
            format!("{}: applications close {closes}", program.name),
            if has_draft {
                format!(
                    "{hello}\n\nYour application to {} ({}) is saved as a draft. Submit it before the window \
                     closes, {closes}, to be matched this cycle:\n{apply}\n\n{footer}\n",
                    program.name, cycle.name
                )
            } else {
                format!(
                    "{hello}\n\nThe application window of {} ({}) closes {closes}. There is still time to \
                     apply:\n{apply}\n\n{footer}\n",
                    program.name, cycle.name
                )
            },
        ),
    };
    Email::new(outbox::mailbox(&user.name, &user.email), subject, body)
        .reply_to(program.contact_email.clone())
}
