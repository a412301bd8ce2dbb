//! What a member's start page puts first: for each cycle, where their application stands and what to do next;
//! for each active pair, the way into its workspace.

use crate::application::ApplicationStatus;
use crate::program::{CycleSummary, WindowState};
use crate::workspace::{PairStatus, PairSummary};

/// One line of "what's next", with the link that does it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextStep {
    /// The program and cycle, e.g. "Peer Mentoring · Spring 2027".
    pub title: String,
    /// Where things stand, in a sentence.
    pub status: String,
    pub href: String,
    pub action: &'static str,
}

/// The cycles worth a line: open ones, ones opening soon, and any the member applied to and is not yet paired in
/// (`pairs` covers those); in the order given.
pub fn application_steps(cycles: &[CycleSummary], pairs: &[PairSummary]) -> Vec<NextStep> {
    let paired = |cycle: &CycleSummary| {
        pairs
            .iter()
            .any(|p| p.program_name == cycle.program_name && p.cycle_name == cycle.name)
    };
    cycles
        .iter()
        .filter(|cycle| !paired(cycle))
        .filter_map(application_step)
        .collect()
}

fn application_step(cycle: &CycleSummary) -> Option<NextStep> {
    let dates = &cycle.dates;
    let apply = format!("/cycles/{}/apply", cycle.id);
    let (status, href, action) = match (dates.state, cycle.my_status) {
        (WindowState::Upcoming, None) => (
            format!("Applications open {}.", dates.opens),
            format!("/cycles/{}", cycle.id),
            "Read about it",
        ),
        (WindowState::Open, None) => (
            format!("Applications are open until {}.", dates.closes),
            apply,
            "Start your application",
        ),
        (WindowState::Open, Some(ApplicationStatus::Draft)) => (
            format!(
                "Your application is saved as a draft: submit it before {}.",
                dates.closes
            ),
            apply,
            "Continue your application",
        ),
        (WindowState::Open, Some(ApplicationStatus::Submitted)) => (
            format!(
                "Submitted. You can still change it until {}, and will hear from the program once pairs are \
                 published (matching date: {}).",
                dates.closes, dates.matching_on
            ),
            apply,
            "View your application",
        ),
        (_, Some(ApplicationStatus::Submitted)) => (
            format!(
                "Submitted. You will hear from the program once pairs are published (matching date: {}).",
                dates.matching_on
            ),
            apply,
            "View your application",
        ),
        (WindowState::Open, Some(ApplicationStatus::Withdrawn)) => (
            format!(
                "You withdrew your application. You can apply again until {}.",
                dates.closes
            ),
            apply,
            "View your application",
        ),
        // A draft never submitted, or a withdrawal, once the window has shut: nothing left to do.
        _ => return None,
    };
    Some(NextStep {
        title: format!("{} · {}", cycle.program_name, cycle.name),
        status,
        href,
        action,
    })
}

/// The member's active pairs, each with its workspace, and the finished ones still waiting for the member to
/// say how they ended.
pub fn pair_steps(pairs: &[PairSummary]) -> Vec<NextStep> {
    pairs
        .iter()
        .filter_map(|pair| {
            let peers = pair.peers.join(" and ");
            let (status, action) = match pair.status {
                PairStatus::Active => (
                    match (&pair.next_check_in, pair.check_in_overdue) {
                        (Some(due), true) => format!(
                            "Your peer: {peers}. A check-in was due by {due}: log your next meeting."
                        ),
                        (Some(due), false) => {
                            format!("Your peer: {peers}. Next check-in due by {due}.")
                        }
                        (None, _) => format!("Your peer: {peers}."),
                    },
                    "Open your shared workspace",
                ),
                PairStatus::Finished if pair.awaiting_outcome => (
                    format!("Your relationship with {peers} reached its end date."),
                    "Say how it ended",
                ),
                _ => return None,
            };
            Some(NextStep {
                title: format!("{} · {}", pair.program_name, pair.cycle_name),
                status,
                href: format!("/pairs/{}", pair.pair_id),
                action,
            })
        })
        .collect()
}

/// Surveys waiting for the member's answers.
pub fn survey_steps(surveys: &[crate::survey::OpenSurvey]) -> Vec<NextStep> {
    surveys
        .iter()
        .map(|survey| NextStep {
            title: format!("{} · {}", survey.program_name, survey.title),
            status: format!("Please answer by {}.", survey.closes_on),
            href: format!("/surveys/{}", survey.id),
            action: if survey.has_draft {
                "Continue your answers"
            } else {
                "Answer the survey"
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::CycleDates;

    fn cycle(state: WindowState, mine: Option<ApplicationStatus>) -> CycleSummary {
        CycleSummary {
            id: crate::types::CycleId(7),
            program_id: crate::types::ProgramId(1),
            program_name: "Peer Mentoring".into(),
            name: "Spring 2027".into(),
            dates: CycleDates {
                state,
                opens: "1 Feb".into(),
                closes: "22 Feb".into(),
                shown_in: "America/Chicago".into(),
                matching_on: "1 Mar".into(),
                relationship_starts_on: "15 Mar".into(),
                length_months: 6,
            },
            my_status: mine,
        }
    }

    #[test]
    fn each_stage_of_an_application_has_its_next_step() {
        use ApplicationStatus::{Draft, Submitted, Withdrawn};
        use WindowState::{Closed, Open, Upcoming};
        let action = |state, mine| application_step(&cycle(state, mine)).map(|s| s.action);
        assert_eq!(action(Upcoming, None), Some("Read about it"));
        assert_eq!(action(Open, None), Some("Start your application"));
        assert_eq!(action(Open, Some(Draft)), Some("Continue your application"));
        assert_eq!(action(Open, Some(Submitted)), Some("View your application"));
        assert_eq!(
            action(Closed, Some(Submitted)),
            Some("View your application")
        );
        assert_eq!(action(Open, Some(Withdrawn)), Some("View your application"));
        assert_eq!(action(Closed, None), None);
        assert_eq!(action(Closed, Some(Draft)), None);
        assert_eq!(action(Closed, Some(Withdrawn)), None);
    }

    #[test]
    fn a_draft_says_when_the_window_closes() {
        let step = application_step(&cycle(WindowState::Open, Some(ApplicationStatus::Draft)))
            .expect("a step");
        assert!(step.status.contains("22 Feb"), "{}", step.status);
        assert_eq!(step.href, "/cycles/7/apply");
        assert_eq!(step.title, "Peer Mentoring · Spring 2027");
    }

    fn pair(id: i64, cycle: &str, status: PairStatus) -> PairSummary {
        PairSummary {
            pair_id: crate::types::PairId(id),
            program_name: "Peer Mentoring".into(),
            cycle_name: cycle.into(),
            peers: vec!["Kwame Mensah".into()],
            status,
            awaiting_outcome: status == PairStatus::Finished,
            next_check_in: (status == PairStatus::Active).then(|| "Monday 4 January 2027".into()),
            check_in_overdue: false,
        }
    }

    #[test]
    fn a_cycle_with_a_pair_leaves_the_applications_to_the_pair() {
        let submitted = cycle(WindowState::Closed, Some(ApplicationStatus::Submitted));
        let other = pair(1, "Fall 2026", PairStatus::Active);
        assert_eq!(
            application_steps(std::slice::from_ref(&submitted), &[other]).len(),
            1
        );
        let own = pair(2, "Spring 2027", PairStatus::Active);
        assert!(application_steps(&[submitted], &[own]).is_empty());
    }

    #[test]
    fn active_pairs_and_unanswered_endings_are_listed() {
        let pair = |id, status| pair(id, "Fall 2026", status);
        let steps = pair_steps(&[pair(1, PairStatus::Ended), pair(2, PairStatus::Active)]);
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].href, "/pairs/2");
        assert_eq!(
            steps[0].status,
            "Your peer: Kwame Mensah. Next check-in due by Monday 4 January 2027."
        );
        let late = PairSummary {
            check_in_overdue: true,
            ..pair(4, PairStatus::Active)
        };
        assert!(pair_steps(&[late])[0]
            .status
            .ends_with("A check-in was due by Monday 4 January 2027: log your next meeting."));
        let finished = pair(3, PairStatus::Finished);
        let steps = pair_steps(std::slice::from_ref(&finished));
        assert_eq!(steps[0].action, "Say how it ended");
        let answered = PairSummary {
            awaiting_outcome: false,
            ..finished
        };
        assert!(pair_steps(&[answered]).is_empty());
    }

    #[test]
    fn a_survey_with_a_draft_is_continued() {
        let survey = |has_draft| crate::survey::OpenSurvey {
            id: crate::types::SurveyId(4),
            title: "Kick-off needs survey".into(),
            program_name: "Peer Mentoring".into(),
            closes_on: "Monday 1 March 2027".into(),
            has_draft,
        };
        let steps = survey_steps(&[survey(false), survey(true)]);
        assert_eq!(steps[0].action, "Answer the survey");
        assert_eq!(steps[1].action, "Continue your answers");
        assert_eq!(steps[0].href, "/surveys/4");
        assert_eq!(steps[0].status, "Please answer by Monday 1 March 2027.");
    }
}
