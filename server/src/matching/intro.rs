//! The introduction email: each program's template, and its text for one real group. Only shared answers go
//! in: never the confidential assignment preference.

use app::matching::{default_intro_template, render_template, IntroPreview, IntroTemplate};
use app::types::ProgramId;
use chrono::Utc;
use engine::applicant::Applicant;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use crate::db::entities::{cycle, program, program_introduction};
use crate::error::Result;
use crate::mail::outbox::{first_name, mailbox};
use crate::programs::dates::format_date;
use engine::LeftOut;

/// The program's template, or the default one.
///
/// # Errors
/// Database failures.
pub async fn template(db: &impl ConnectionTrait, program_id: ProgramId) -> Result<IntroTemplate> {
    Ok(program_introduction::Entity::find_by_id(program_id)
        .one(db)
        .await?
        .map_or_else(default_intro_template, |row| IntroTemplate {
            subject: row.subject,
            body: row.body,
        }))
}

/// # Errors
/// Database failures.
pub async fn save(
    db: &impl ConnectionTrait,
    program_id: ProgramId,
    template: &IntroTemplate,
) -> Result<()> {
    let row = program_introduction::ActiveModel {
        program_id: Set(program_id.0),
        subject: Set(template.subject.trim().to_owned()),
        body: Set(template.body.clone()),
        updated_at: Set(Utc::now()),
    };
    program_introduction::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(program_introduction::Column::ProgramId)
                .update_columns([
                    program_introduction::Column::Subject,
                    program_introduction::Column::Body,
                    program_introduction::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// What the placeholders stand for, for one program and cycle.
pub struct Setting<'a> {
    pub program: &'a program::Model,
    pub cycle: &'a cycle::Model,
    /// The members' workspace page.
    pub workspace: String,
}

/// The email `template` gives for `people` (two or three, in the group's order).
pub fn render(template: &IntroTemplate, setting: &Setting, people: &[&Applicant]) -> IntroPreview {
    // By name, so the greeting does not depend on the order the engine found the pair in.
    let mut people = people.to_vec();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    let people = people.as_slice();
    let values = [
        ("{program}", setting.program.name.clone()),
        ("{cycle}", setting.cycle.name.clone()),
        ("{names}", names(people)),
        ("{contact}", setting.program.contact_email.clone()),
        (
            "{starts_on}",
            format_date(setting.cycle.relationship_starts_on),
        ),
        ("{months}", setting.cycle.length_months.to_string()),
        (
            "{people}",
            people
                .iter()
                .map(|p| profile(p))
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
        ("{shared}", shared(people)),
        ("{workspace}", setting.workspace.clone()),
    ];
    IntroPreview {
        to: people
            .iter()
            .map(|p| p.email.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        subject: render_template(template.subject.trim(), &values),
        body: render_template(&template.body, &values),
    }
}

/// One mailbox per person of the group, in the order the greeting names them.
pub fn recipients(people: &[&Applicant]) -> Vec<String> {
    let mut people = people.to_vec();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    people.iter().map(|p| mailbox(&p.name, &p.email)).collect()
}

/// The email to someone the published run left without a peer: why, in words about them rather than the
/// engine's, and what happens next.
pub fn left_out(setting: &Setting, applicant: &Applicant, reason: LeftOut) -> (String, String) {
    let program = &setting.program.name;
    let why = match reason {
        LeftOut::OddOneOut => {
            "This cycle had an odd number of applicants, so one person could not have a peer, and that \
             person is you. It says nothing about your application."
        }
        LeftOut::NoAllowedPartner => {
            "We never pair colleagues from the same institution, nor people paired in an earlier cycle, \
             and among this cycle's applicants nobody else could be paired with you."
        }
        LeftOut::BetterFitsElsewhere | LeftOut::Other => {
            "The applicants whose strengths fit your growth areas were each a closer fit for someone \
             else, and the matching looks for the best pairs across everyone."
        }
    };
    let subject = format!(
        "{program}: about your application to {}",
        setting.cycle.name
    );
    let body = format!(
        "Hello {name},\n\n\
         Thank you for applying to {program}, {cycle}. The pairs for this cycle have been made, and we \
         could not give you a peer this time.\n\n\
         Why: {why}\n\n\
         What happens next: the program coordinator will be in touch if a peer becomes available (someone \
         who joins late, or a group of three), and you are welcome to apply again when the next window \
         opens. If you would like to talk about it, reply to this email or write to {contact}.\n",
        name = first_name(&applicant.name),
        cycle = setting.cycle.name,
        contact = setting.program.contact_email,
    );
    (subject, body)
}

/// "Ana and Ben", "Ana, Ben and Chloé".
fn names(people: &[&Applicant]) -> String {
    let firsts: Vec<&str> = people.iter().map(|p| first_name(&p.name)).collect();
    match firsts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((only, _)) => (*only).to_owned(),
        None => String::new(),
    }
}

fn frequency(applicant: &Applicant) -> String {
    applicant.meeting_frequency.label.to_lowercase()
}

/// One person's shared answers.
fn profile(a: &Applicant) -> String {
    let list = |items: &[String]| {
        if items.is_empty() {
            "—".to_owned()
        } else {
            items.join(", ")
        }
    };
    format!(
        "{name} — {institution} ({zone})\n\
         Email: {email}\n\
         Likes to meet {frequency}; by {methods}.\n\
         Strengths: {strengths}\n\
         Wants to grow in: {growth}\n\
         Goals: {goals}",
        name = a.name,
        institution = a.institution,
        zone = a.time_zone,
        email = a.email,
        frequency = frequency(a),
        methods = list(&a.communication),
        strengths = list(&a.strengths),
        growth = list(&a.growth),
        goals = a.goals.trim(),
    )
}

/// What everyone in the group has in common.
fn shared(people: &[&Applicant]) -> String {
    let common = |pick: fn(&Applicant) -> &Vec<String>| -> Vec<String> {
        let Some((first, rest)) = people.split_first() else {
            return Vec::new();
        };
        pick(first)
            .iter()
            .filter(|item| rest.iter().all(|p| pick(p).contains(item)))
            .cloned()
            .collect()
    };
    let mut parts = Vec::new();
    let areas = common(|a| &a.areas);
    if !areas.is_empty() {
        parts.push(format!("you all work in {}", areas.join(", ")));
    }
    let methods = common(|a| &a.communication);
    if !methods.is_empty() {
        parts.push(format!("you can all meet by {}", methods.join(", ")));
    }
    if let Some(first) = people.first() {
        if people
            .iter()
            .all(|p| p.meeting_frequency == first.meeting_frequency)
        {
            parts.push(format!("you would all like to meet {}", frequency(first)));
        }
    }
    if parts.is_empty() {
        "a commitment to learn from each other".to_owned()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::options::AssignmentPreference;

    fn applicant(name: &str, email: &str) -> Applicant {
        let mut a =
            engine::score::testing::person(name, &["Change Management"], &["Problem Solving"])
                .applicant;
        a.email = email.to_owned();
        a.preference = AssignmentPreference::SameInstitutionType;
        a
    }

    fn setting() -> (program::Model, cycle::Model) {
        let now = Utc::now();
        let day = now.date_naive();
        (
            program::Model {
                id: 1,
                name: "Registrar Peer Mentoring".into(),
                description: String::new(),
                contact_email: "mentoring@example.edu".into(),
                time_zone: "America/Chicago".into(),
                rhythm_months: "2,9".into(),
                rhythm_window_days: 21,
                rhythm_matching_after_days: 7,
                rhythm_start_after_days: 7,
                rhythm_length_months: 6,
                created_at: now,
                updated_at: now,
            },
            cycle::Model {
                id: 2,
                program_id: 1,
                name: "Spring 2027".into(),
                opens_at: now,
                closes_at: now,
                matching_on: day,
                relationship_starts_on: day,
                length_months: 6,
                created_at: now,
                updated_at: now,
                opening_announced_at: None,
                closing_reminded_at: None,
                competency_set_id: None,
            },
        )
    }

    #[test]
    fn the_default_template_fills_every_placeholder_and_never_the_preference() {
        let (program, cycle) = setting();
        let setting = Setting {
            program: &program,
            cycle: &cycle,
            workspace: "https://mentoring.example.edu/pairs".into(),
        };
        let (ana, ben) = (
            applicant("Ana Silva", "ana@a.edu"),
            applicant("Ben Okafor", "ben@b.edu"),
        );
        let email = render(&default_intro_template(), &setting, &[&ana, &ben]);
        assert_eq!(email.to, "ana@a.edu, ben@b.edu");
        assert_eq!(
            email.subject,
            "Registrar Peer Mentoring: meet your peer, Ana and Ben"
        );
        assert!(email.body.starts_with("Hello Ana and Ben,"));
        assert!(email.body.contains("Ana Silva"));
        assert!(email.body.contains("https://mentoring.example.edu/pairs"));
        assert!(!email.body.contains('{'), "{}", email.body);
        let lower = email.body.to_lowercase();
        assert!(!lower.contains("preference") && !lower.contains("institution type"));
    }

    #[test]
    fn someone_left_out_is_told_why_in_plain_words() {
        let (program, cycle) = setting();
        let setting = Setting {
            program: &program,
            cycle: &cycle,
            workspace: String::new(),
        };
        let ana = applicant("Ana Silva", "ana@a.edu");
        for (why, plain) in [
            (LeftOut::OddOneOut, "odd number"),
            (LeftOut::NoAllowedPartner, "same institution"),
            (LeftOut::BetterFitsElsewhere, "closer fit"),
            (LeftOut::Other, "closer fit"),
        ] {
            let (subject, body) = left_out(&setting, &ana, why);
            assert_eq!(
                subject,
                "Registrar Peer Mentoring: about your application to Spring 2027"
            );
            assert!(body.starts_with("Hello Ana,"));
            assert!(body.contains(plain), "{body}");
            assert!(body.contains("What happens next"));
            assert!(
                !body.contains("forbidden") && !body.contains("points"),
                "{body}"
            );
        }
    }

    #[test]
    fn three_names_read_naturally() {
        let people = [
            applicant("Ana", "a@a"),
            applicant("Ben", "b@b"),
            applicant("Chloé", "c@c"),
        ];
        let refs: Vec<&Applicant> = people.iter().collect();
        assert_eq!(names(&refs), "Ana, Ben and Chloé");
    }
}
