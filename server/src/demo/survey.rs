//! The demo's answered kick-off needs survey on the closed cycle, with the figures the seed's kick-off
//! reported: about 60 % had never taken part in a mentoring program, and 41 % felt their institution did
//! not have a good professional development program.

use app::survey::{Answers, Template};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set, TransactionTrait};

use crate::db::entities::{cycle, survey, survey_invitation, survey_response};

/// How many of the cycle's members answered (the rest were asked and did not).
const RESPONSES: usize = 100;

/// Answers to the free-text question, in the members' words.
const WORTH_IT: [&str; 6] = [
    "Time to think through a problem with someone who has done it before.",
    "A peer at another institution who knows what a registrar's office is like.",
    "Concrete help with degree audit and transcript questions.",
    "Someone to keep me accountable for the goals I set.",
    "Learning how other offices handle FERPA requests.",
    "Confidence to lead my team through our system change.",
];

/// Sends the kick-off survey on the cycle's first day of relationships, closed two weeks later, answered
/// anonymously by [`RESPONSES`] of its members.
///
/// # Errors
/// Database failures.
pub async fn seed_kick_off(db: &DatabaseConnection, cycle: &cycle::Model) -> anyhow::Result<()> {
    let sends_on = cycle.relationship_starts_on;
    let closes_on = sends_on + Duration::days(14);
    let members: Vec<i64> = crate::programs::cycle_members(db, cycle.id())
        .await
        .map_err(crate::error::reported)?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let sent_at = sends_on
        .and_hms_opt(9, 0, 0)
        .map_or_else(Utc::now, |t| t.and_utc());
    let txn = db.begin().await?;
    let row = survey::ActiveModel {
        cycle_id: Set(cycle.id),
        title: Set(Template::KickOff.label().to_owned()),
        intro: Set("Tell us what you hope for, so the program can fill the gaps.".to_owned()),
        anonymous: Set(true),
        questions: Set(serde_json::to_string(&Template::KickOff.questions())?),
        sends_on: Set(sends_on),
        closes_on: Set(closes_on),
        sent_at: Set(Some(sent_at)),
        // Reminded in its time: the hourly job has nothing left to do for it.
        reminded_at: Set(Some(sent_at + Duration::days(11))),
        created_at: Set(sent_at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (i, user_id) in members.iter().enumerate() {
        let answered = i < RESPONSES;
        let day = sends_on + Duration::days(i64::try_from(i % 12).unwrap_or(0));
        survey_invitation::ActiveModel {
            survey_id: Set(row.id),
            user_id: Set(*user_id),
            responded_at: Set(
                answered.then(|| sent_at + Duration::days(i64::try_from(i % 12).unwrap_or(0)))
            ),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if answered {
            survey_response::ActiveModel {
                id: Set(uuid::Uuid::new_v4().to_string()),
                survey_id: Set(row.id),
                user_id: Set(None),
                answers: Set(serde_json::to_string(&answers(i))?),
                submitted_on: Set(day),
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The `i`-th respondent's answers: 60 of 100 never in a mentoring program, 41 without a good professional
/// development program at their institution, the rest spread evenly.
fn answers(i: usize) -> Answers {
    let one = |s: &str| vec![s.to_owned()];
    let mut answers = Answers::new();
    answers.insert(0, one(if i % 5 < 3 { "No" } else { "Yes" }));
    answers.insert(
        1,
        one(match i % 100 {
            n if n < 41 => "No",
            n if n < 80 => "Yes",
            _ => "Not sure",
        }),
    );
    const CLARITY: [&str; 10] = ["2", "3", "3", "4", "4", "4", "5", "3", "4", "5"];
    answers.insert(2, one(CLARITY[i % CLARITY.len()]));
    let formats = engine::options::RESOURCE_FORMATS;
    answers.insert(
        3,
        vec![
            formats[i % formats.len()].to_owned(),
            formats[(i * 7 + 2) % formats.len()].to_owned(),
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect(),
    );
    if i.is_multiple_of(9) {
        answers.insert(4, one(WORTH_IT[(i / 9) % WORTH_IT.len()]));
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answers_give_the_seeds_figures_and_are_valid() {
        let questions = Template::KickOff.questions();
        let all: Vec<Answers> = (0..RESPONSES).map(answers).collect();
        let share = |q: usize, answer: &str| all.iter().filter(|a| a[&q] == [answer]).count();
        assert_eq!(share(0, "No"), 60);
        assert_eq!(share(1, "No"), 41);
        for a in &all {
            app::survey::validate_answers(&questions, a, true).expect("valid answers");
        }
    }
}
