//! Announcing a workshop to a program's members: the facilitator gives its start (in the program's time zone)
//! and place; members of the program (applicants to any of its cycles, and those on its interest list) see it
//! on their start page until its day is over, with the join link on the day itself.

use app::api::ports::Announcements;
use app::error::AppError;
use app::speed::session::{SessionForm, UpcomingWorkshop, WorkshopProgram};
use app::types::{CurrentUser, ProgramId};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

use super::{timer, DbSpeed};
use crate::db::entities::{application, cycle, program, program_interest, speed_session};
use crate::error::Result;
use crate::programs::dates::{format_at, local_to_utc, zone_or_utc};

/// Where a validated form says the workshop is announced: the program, the start in UTC, the place.
pub(super) struct Announcement {
    pub program_id: Option<ProgramId>,
    pub starts_at: Option<DateTime<Utc>>,
    pub place: String,
}

/// The program's day a moment falls on.
fn local_day(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// Whether an announced workshop still belongs on a start page at `now`: not ended, and its day not over.
fn still_upcoming(starts_at: DateTime<Utc>, ended: bool, tz: Tz, now: DateTime<Utc>) -> bool {
    !ended && local_day(starts_at, tz) >= local_day(now, tz)
}

/// The join link opens on the workshop's own day: weeks ahead, a code would only invite early wandering in.
fn joinable(starts_at: DateTime<Utc>, tz: Tz, now: DateTime<Utc>) -> bool {
    local_day(starts_at, tz) <= local_day(now, tz)
}

impl DbSpeed {
    /// Reads a validated form's announcement: the program must exist, the start is read in its zone and may not
    /// be on a day already past.
    pub(super) async fn announcement(&self, form: &SessionForm) -> Result<Announcement> {
        let Some(program_id) = form.program_id else {
            return Ok(Announcement {
                program_id: None,
                starts_at: None,
                place: String::new(),
            });
        };
        let program = program::Entity::find_by_id(program_id)
            .one(&self.db)
            .await?
            .ok_or_else(|| AppError::invalid("program_id", "Choose a program from the list."))?;
        let tz = zone_or_utc(&program.time_zone);
        let starts_at = local_to_utc(&form.starts_at, tz, "starts_at")?;
        if local_day(starts_at, tz) < local_day(Utc::now(), tz) {
            return Err(AppError::invalid(
                "starts_at",
                "That day has passed; give the workshop's date.",
            )
            .into());
        }
        Ok(Announcement {
            program_id: Some(program.id()),
            starts_at: Some(starts_at),
            place: form.place.clone(),
        })
    }

    /// The programs `sessions` are announced to, by id.
    pub(super) async fn programs_of(
        &self,
        sessions: &[speed_session::Model],
    ) -> Result<HashMap<i64, program::Model>> {
        let ids: HashSet<i64> = sessions.iter().filter_map(|s| s.program_id).collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(program::Entity::find()
            .filter(program::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect())
    }

    /// The programs a member belongs to: those of the cycles they applied to, and those whose list they joined.
    async fn programs_of_member(&self, user_id: i64) -> Result<Vec<i64>> {
        let cycle_ids: Vec<i64> = application::Entity::find()
            .select_only()
            .column(application::Column::CycleId)
            .filter(application::Column::UserId.eq(user_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        let applied: Vec<i64> = cycle::Entity::find()
            .select_only()
            .column(cycle::Column::ProgramId)
            .filter(cycle::Column::Id.is_in(cycle_ids))
            .into_tuple()
            .all(&self.db)
            .await?;
        let listed: Vec<i64> = program_interest::Entity::find()
            .select_only()
            .column(program_interest::Column::ProgramId)
            .filter(program_interest::Column::UserId.eq(user_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut ids: Vec<i64> = applied.into_iter().chain(listed).collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }
}

#[async_trait::async_trait]
impl Announcements for DbSpeed {
    /// Programs to announce a workshop to, A–Z.
    #[tracing::instrument(skip_all)]
    async fn workshop_programs(&self) -> Result<Vec<WorkshopProgram>> {
        Ok(program::Entity::find()
            .order_by_asc(program::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| WorkshopProgram {
                id: p.id(),
                name: p.name,
                time_zone: p.time_zone,
            })
            .collect())
    }

    /// Workshops announced to the viewer's programs whose day is not over, soonest first.
    #[tracing::instrument(skip_all)]
    async fn upcoming_workshops(&self, viewer: &CurrentUser) -> Result<Vec<UpcomingWorkshop>> {
        let program_ids = self.programs_of_member(viewer.id.0).await?;
        if program_ids.is_empty() {
            return Ok(Vec::new());
        }
        // A day's margin either side of "today" covers every zone; the exact test is per program below.
        let now = Utc::now();
        let sessions = speed_session::Entity::find()
            .filter(speed_session::Column::ProgramId.is_in(program_ids))
            .filter(speed_session::Column::StartsAt.gte(now - chrono::Duration::days(2)))
            .order_by_asc(speed_session::Column::StartsAt)
            .all(&self.db)
            .await?;
        let programs = self.programs_of(&sessions).await?;
        Ok(sessions
            .iter()
            .filter_map(|session| {
                let program = programs.get(&session.program_id?)?;
                let starts_at = session.starts_at?;
                let tz = zone_or_utc(&program.time_zone);
                still_upcoming(starts_at, timer(session).ended, tz, now).then(|| UpcomingWorkshop {
                    title: session.title.clone(),
                    program_name: program.name.clone(),
                    starts: format_at(starts_at, tz),
                    place: session.place.clone(),
                    join_href: joinable(starts_at, tz, now)
                        .then(|| format!("/join/{}", session.code)),
                })
            })
            .collect())
    }
}

/// A session's announcement in a line: "Tue 15 Dec 2026, 10:00 AM EST · Program · Room 204".
pub(super) fn announced_line(
    session: &speed_session::Model,
    programs: &HashMap<i64, program::Model>,
) -> Option<String> {
    let program = programs.get(&session.program_id?)?;
    let starts = format_at(session.starts_at?, zone_or_utc(&program.time_zone));
    Some(
        [
            starts.as_str(),
            program.name.as_str(),
            session.place.as_str(),
        ]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_workshop_stays_listed_through_its_own_day_in_the_programs_zone() {
        let tz: Tz = "America/New_York".parse().expect("zone");
        // 10:00 in New York on 15 Dec is 15:00 UTC.
        let starts = Utc.with_ymd_and_hms(2026, 12, 15, 15, 0, 0).unwrap();
        let evening = Utc.with_ymd_and_hms(2026, 12, 16, 3, 0, 0).unwrap(); // 22:00 on the 15th there
        let next_morning = Utc.with_ymd_and_hms(2026, 12, 16, 12, 0, 0).unwrap();
        assert!(still_upcoming(starts, false, tz, evening));
        assert!(!still_upcoming(starts, false, tz, next_morning));
        assert!(!still_upcoming(starts, true, tz, evening), "ended early");
    }

    #[test]
    fn the_join_link_opens_on_the_day() {
        let tz: Tz = "America/New_York".parse().expect("zone");
        let starts = Utc.with_ymd_and_hms(2026, 12, 15, 15, 0, 0).unwrap();
        let day_before_late = Utc.with_ymd_and_hms(2026, 12, 15, 4, 0, 0).unwrap(); // 23:00 on the 14th
        let same_day_early = Utc.with_ymd_and_hms(2026, 12, 15, 6, 0, 0).unwrap(); // 01:00 on the 15th
        assert!(!joinable(starts, tz, day_before_late));
        assert!(joinable(starts, tz, same_day_early));
    }
}
