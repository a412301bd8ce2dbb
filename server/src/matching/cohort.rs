//! A cycle's submitted applicants as the matching engine sees them, plus the names the page shows.

use std::collections::{BTreeSet, HashMap};

use app::application::to_csv_row;
use app::error::AppError;
use app::matching::Member;
use app::types::UserId;
use chrono::{NaiveDate, Offset, TimeZone};
use engine::applicant::Applicant;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::entities::{cycle, peer_pair, peer_pair_member};
use crate::error::Result;
use crate::programs::DbPrograms;
use engine::score::Person;

/// Everyone the engine pairs, by applicant id (the user id as text).
pub struct Cohort {
    pub people: Vec<Person>,
    members: HashMap<String, Member>,
    /// Applicants left out: nobody confirmed their account's address.
    pub unconfirmed: Vec<String>,
}

impl Cohort {
    /// The member an applicant id names; someone no longer in the cohort (an earlier run's) is named by id.
    ///
    /// # Errors
    /// [`AppError::Internal`] for an id that is not a user id: every applicant id the server stores is one.
    pub fn member(&self, id: &str) -> Result<Member> {
        if let Some(member) = self.members.get(id) {
            return Ok(member.clone());
        }
        Ok(Member {
            id: user_id(id)?,
            name: self.name(id),
            institution: String::new(),
        })
    }

    /// The name of the member an applicant id names ("Member 12" once they have left the cohort).
    pub fn name(&self, id: &str) -> String {
        self.members
            .get(id)
            .map_or_else(|| format!("Member {id}"), |m| m.name.clone())
    }

    pub fn contains(&self, id: &str) -> bool {
        self.members.contains_key(id)
    }

    pub fn applicant(&self, id: &str) -> Option<&Applicant> {
        self.people
            .iter()
            .map(|p| &p.applicant)
            .find(|a| a.id == id)
    }
}

/// The user an applicant id names: the server's applicants are its users, their id as text.
///
/// # Errors
/// [`AppError::Internal`] (logged) for any other text, which only a damaged stored run could hold.
pub fn user_id(id: &str) -> Result<UserId> {
    id.parse().map_err(|_| {
        tracing::error!(applicant = %id, "an applicant id is not a user id");
        AppError::Internal.into()
    })
}

/// The cycle's submitted applications of confirmed (or admin-made) accounts, parsed, with time-zone offsets on the day relationships start.
///
/// # Errors
/// Unknown cycle, database failures, or a stored application that no longer parses (logged; internal).
pub async fn load(programs: &DbPrograms, cycle: &cycle::Model) -> Result<Cohort> {
    let (rows, unconfirmed) = programs.submitted_for_matching(cycle.id()).await?;
    let lists = programs.options_for_reading(cycle).await?.lists();
    let mut people = Vec::with_capacity(rows.len());
    let mut members = HashMap::with_capacity(rows.len());
    for (who, form) in &rows {
        let applicant = to_csv_row(who, form).parse_with(&lists).map_err(|error| {
            tracing::error!(applicant = %who.id, ?error, "a submitted application does not parse");
            AppError::Internal
        })?;
        members.insert(
            who.id.clone(),
            Member {
                id: user_id(&who.id)?,
                name: who.name.clone(),
                institution: who.institution.clone(),
            },
        );
        let utc_offset_minutes = utc_offset(&applicant.time_zone, cycle.relationship_starts_on);
        people.push(Person {
            applicant,
            utc_offset_minutes,
        });
    }
    Ok(Cohort {
        people,
        members,
        unconfirmed,
    })
}

/// The zone's UTC offset at noon UTC on `day` (daylight saving differs through the year); UTC when unknown.
pub fn utc_offset(time_zone: &str, day: NaiveDate) -> i32 {
    let Ok(zone) = time_zone.parse::<chrono_tz::Tz>() else {
        return 0;
    };
    day.and_hms_opt(12, 0, 0).map_or(0, |noon| {
        zone.offset_from_utc_datetime(&noon).fix().local_minus_utc() / 60
    })
}

/// Pairs from the program's other cycles, among people of this cohort: never repeated.
///
/// # Errors
/// Database failures.
pub async fn earlier_pairs(
    db: &impl ConnectionTrait,
    cycle: &cycle::Model,
    cohort: &Cohort,
) -> Result<Vec<(String, String)>> {
    let cycles: Vec<i64> = cycle::Entity::find()
        .filter(cycle::Column::ProgramId.eq(cycle.program_id))
        .filter(cycle::Column::Id.ne(cycle.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let pairs: Vec<i64> = peer_pair::Entity::find()
        .filter(peer_pair::Column::CycleId.is_in(cycles))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut by_pair: HashMap<i64, Vec<String>> = HashMap::new();
    for member in peer_pair_member::Entity::find()
        .filter(peer_pair_member::Column::PairId.is_in(pairs))
        .all(db)
        .await?
    {
        let id = member.user_id.to_string();
        if cohort.contains(&id) {
            by_pair.entry(member.pair_id).or_default().push(id);
        }
    }
    let mut earlier = BTreeSet::new();
    for members in by_pair.values() {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                earlier.insert((a.min(b).clone(), a.max(b).clone()));
            }
        }
    }
    Ok(earlier.into_iter().collect())
}
