//! A large run read a page at a time: its groups (by member name), its people (to move one by hand), and who
//! changed peer since the run before. The matching page gets only the first page of each.

use app::api::ports;
use app::matching::{GroupPage, Member, PeerChange, GROUPS_PAGE};
use app::types::CycleId;

use super::cohort::Cohort;
use super::runs::{self, Run};
use super::DbMatching;
use crate::error::Result;

/// How many people a search for someone to move returns.
const FOUND_PEOPLE: usize = 10;

#[async_trait::async_trait]
impl ports::RunBrowser for DbMatching {
    #[tracing::instrument(skip_all)]
    async fn run_groups(
        &self,
        cycle_id: CycleId,
        number: i32,
        query: &str,
        offset: usize,
    ) -> Result<GroupPage> {
        let (_, _, cohort) = self.cycle(cycle_id).await?;
        let run = runs::find(&self.db, cycle_id, number).await?;
        group_page(&run, &cohort, query, offset)
    }

    #[tracing::instrument(skip_all)]
    async fn find_people(
        &self,
        cycle_id: CycleId,
        number: i32,
        query: &str,
    ) -> Result<Vec<Member>> {
        let (_, _, cohort) = self.cycle(cycle_id).await?;
        let run = runs::find(&self.db, cycle_id, number).await?;
        people_named(&run, &cohort, query)
    }

    #[tracing::instrument(skip_all)]
    async fn moved(&self, cycle_id: CycleId, number: i32) -> Result<Vec<PeerChange>> {
        let (_, _, cohort) = self.cycle(cycle_id).await?;
        let all = runs::list(&self.db, cycle_id).await?;
        let run = all
            .iter()
            .find(|r| r.number == number)
            .ok_or(app::error::AppError::NotFound)?;
        Ok(match all.iter().rev().find(|r| r.number < number) {
            Some(previous) => runs::compare(previous, run, &cohort)?.moved,
            None => Vec::new(),
        })
    }
}

/// Whether `name` contains `query` (already lowercase), whatever the case.
fn named(name: &str, query: &str) -> bool {
    query.is_empty() || name.to_lowercase().contains(query)
}

/// The groups with a member named like `query`, a page from `offset`, each with its place in the run.
///
/// # Errors
/// [`AppError::Internal`] for a stored id that is not a user's.
pub fn group_page(run: &Run, cohort: &Cohort, query: &str, offset: usize) -> Result<GroupPage> {
    let query = query.to_lowercase();
    let matching: Vec<_> = run
        .outcome
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| g.members.iter().any(|id| named(&cohort.name(id), &query)))
        .collect();
    Ok(GroupPage {
        matching: matching.len(),
        groups: matching
            .into_iter()
            .skip(offset)
            .take(GROUPS_PAGE)
            .map(|(i, g)| Ok((i, runs::group_view(g, cohort)?)))
            .collect::<Result<_>>()?,
    })
}

/// The first few people of the run (paired or not) whose name or institution contains `query`, by name.
///
/// # Errors
/// [`AppError::Internal`] for a stored id that is not a user's.
pub fn people_named(run: &Run, cohort: &Cohort, query: &str) -> Result<Vec<Member>> {
    let query = query.to_lowercase();
    let everyone: Vec<Member> = run
        .outcome
        .groups
        .iter()
        .flat_map(|g| g.members.iter())
        .chain(run.outcome.unmatched.iter().map(|u| &u.id))
        .map(|id| cohort.member(id))
        .collect::<Result<_>>()?;
    // As the picker shows them ("name — institution"): a chosen suggestion still matches, and an institution
    // finds its people.
    let mut found: Vec<Member> = everyone
        .into_iter()
        .filter(|m| named(&m.label(), &query))
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    found.truncate(FOUND_PEOPLE);
    Ok(found)
}
