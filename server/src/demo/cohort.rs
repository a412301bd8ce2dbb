//! The demo program's inaugural cohort: 121 applicants in its closed cycle (seed 000: "an impressive
//! inaugural 121 applicants"), so the admin pages and matching have a realistic cycle to work on. Drawn
//! from a fixed seed, so every demo database holds the same people; every application passes the
//! validator with the program's default options.

use app::application::ApplicationForm;
use engine::options::{
    AssignmentPreference, AREAS_OF_RESPONSIBILITY, COMMUNICATION_METHODS, COMPETENCIES,
    ENROLLMENT_SIZES, MEETING_FREQUENCIES, RESOURCE_FORMATS,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

pub const COHORT_SIZE: usize = 121;

/// Two of the applicants can sign in (with the demo password), so the demo walks from publishing the pairs
/// to a pair's workspace: (name, email, institution, institution type, time zone).
pub const SIGN_IN_PEERS: [(&str, &str, &str, &str, &str); 2] = [
    (
        "Rosa Martínez",
        "rosa@example.edu",
        "Sonoran Valley College",
        "Community or two-year college",
        "America/Phoenix",
    ),
    (
        "Kwame Mensah",
        "kwame@example.edu",
        "Great Lakes University",
        "Public four-year",
        "America/Detroit",
    ),
];

const FIRST_NAMES: [&str; 40] = [
    "Aisha", "Andre", "Beatriz", "Caleb", "Carmen", "Daniel", "Deepa", "Elena", "Emeka", "Fatima",
    "Gabriel", "Grace", "Hannah", "Hiroshi", "Imani", "Isaac", "Jamal", "Jasmine", "Julia", "Kai",
    "Keisha", "Laura", "Luis", "Mai", "Marcus", "Maria", "Mateo", "Nadia", "Noah", "Olivia",
    "Omar", "Priya", "Rachel", "Rosa", "Samuel", "Sofia", "Tariq", "Thanh", "Victor", "Yasmin",
];

const LAST_NAMES: [&str; 40] = [
    "Adeyemi",
    "Alvarez",
    "Anderson",
    "Baker",
    "Bennett",
    "Brooks",
    "Castillo",
    "Chen",
    "Clarke",
    "Diaz",
    "Edwards",
    "Fischer",
    "Flores",
    "Garcia",
    "Gupta",
    "Hall",
    "Hernandez",
    "Ito",
    "Jackson",
    "Kim",
    "Kowalski",
    "Lee",
    "Lopez",
    "Martin",
    "Mensah",
    "Morales",
    "Nguyen",
    "Okoye",
    "Olsen",
    "Patel",
    "Ramirez",
    "Reyes",
    "Robinson",
    "Santos",
    "Schmidt",
    "Singh",
    "Thompson",
    "Walker",
    "Williams",
    "Young",
];

/// (institution, type, time zone): registrar and admissions offices across North America and a few abroad.
const INSTITUTIONS: [(&str, &str, &str); 30] = [
    (
        "Northfield State University",
        "Public four-year",
        "America/New_York",
    ),
    (
        "Lakeshore University",
        "Public four-year",
        "America/Chicago",
    ),
    (
        "Mesa Verde State University",
        "Public four-year",
        "America/Denver",
    ),
    (
        "Sonoran State University",
        "Public four-year",
        "America/Phoenix",
    ),
    (
        "Pacific Crest University",
        "Public four-year",
        "America/Los_Angeles",
    ),
    (
        "University of the Bluegrass",
        "Public four-year",
        "America/New_York",
    ),
    (
        "Prairie State University",
        "Public four-year",
        "America/Chicago",
    ),
    (
        "Saint Brendan College",
        "Private non-profit four-year",
        "America/New_York",
    ),
    (
        "Hawthorne College",
        "Private non-profit four-year",
        "America/New_York",
    ),
    (
        "Wesleyan Heights University",
        "Private non-profit four-year",
        "America/Chicago",
    ),
    (
        "Redwood Pacific University",
        "Private non-profit four-year",
        "America/Los_Angeles",
    ),
    (
        "Trinity Valley College",
        "Private non-profit four-year",
        "America/Chicago",
    ),
    (
        "Coastal Technical College",
        "Community or two-year college",
        "America/New_York",
    ),
    (
        "Riverbend Community College",
        "Community or two-year college",
        "America/Chicago",
    ),
    (
        "Front Range Community College",
        "Community or two-year college",
        "America/Denver",
    ),
    (
        "Valley of the Sun Community College",
        "Community or two-year college",
        "America/Phoenix",
    ),
    (
        "Cascade Community College",
        "Community or two-year college",
        "America/Los_Angeles",
    ),
    (
        "Metro Graduate School of Law",
        "Graduate or professional school",
        "America/Los_Angeles",
    ),
    (
        "Eastern Medical College",
        "Graduate or professional school",
        "America/New_York",
    ),
    (
        "Summit School of Business",
        "Graduate or professional school",
        "America/Denver",
    ),
    (
        "Keystone Career Institute",
        "For-profit institution",
        "America/New_York",
    ),
    (
        "Open Horizons University",
        "Online institution",
        "America/Chicago",
    ),
    (
        "Western Governors Online",
        "Online institution",
        "America/Denver",
    ),
    (
        "Université de Montréal",
        "Institution outside the United States",
        "America/Toronto",
    ),
    (
        "University of Halifax",
        "Institution outside the United States",
        "America/Halifax",
    ),
    (
        "Universidad del Norte",
        "Institution outside the United States",
        "America/Mexico_City",
    ),
    (
        "State System Office of Higher Education",
        "System office or state agency",
        "America/Chicago",
    ),
    (
        "Alaska Pacific University",
        "Private non-profit four-year",
        "America/Anchorage",
    ),
    (
        "University of the Islands",
        "Public four-year",
        "Pacific/Honolulu",
    ),
    (
        "Kingsbridge College London",
        "Institution outside the United States",
        "Europe/London",
    ),
];

/// Goals in the voice of the seed's prompts: a project, a skill, a next step.
const GOALS: [&str; 16] = [
    "Lead our move to a new student information system without losing the team on the way.",
    "Get better at presenting enrollment data to senior leadership.",
    "Build a transfer-credit process that students can follow on their own.",
    "Prepare for my first role supervising a team of advisors.",
    "Learn how other offices handle FERPA questions from parents.",
    "Start presenting at regional conferences and write about our work.",
    "Bring faculty along on a change to how we schedule courses.",
    "Make our office a place where first-generation students feel welcome.",
    "Automate the degree audit checks we still do by hand.",
    "Plan a budget request for the first time and defend it.",
    "Find a way to raise problems with my supervisor constructively.",
    "Understand international credential evaluation well enough to train others.",
    "Build consensus across admissions and financial aid on one communication plan.",
    "Decide whether my next step is a director role or a deeper specialty.",
    "Help a struggling new colleague without taking over their work.",
    "Turn an improvement idea for orientation into a pilot next term.",
];

/// One generated applicant: an account and a submitted application.
pub struct Member {
    pub name: String,
    pub email: String,
    pub institution: String,
    pub institution_type: String,
    pub form: ApplicationForm,
}

fn pick(rng: &mut StdRng, items: &[&str], count: usize) -> Vec<String> {
    items
        .choose_multiple(rng, count)
        .map(|item| (*item).to_owned())
        .collect()
}

/// The 121 applicants, always the same.
pub fn cohort() -> Vec<Member> {
    let mut rng = StdRng::seed_from_u64(121);
    let competencies: Vec<&str> = COMPETENCIES.iter().map(|c| c.name).collect();
    (0..COHORT_SIZE)
        .map(|i| {
            let first = FIRST_NAMES[i % FIRST_NAMES.len()];
            let last = LAST_NAMES[(i * 7 + i / FIRST_NAMES.len()) % LAST_NAMES.len()];
            let (institution, kind, zone) =
                *INSTITUTIONS.choose(&mut rng).unwrap_or(&INSTITUTIONS[0]);
            let mut ranked = competencies.clone();
            ranked.shuffle(&mut rng);
            let preference = AssignmentPreference::ALL
                .choose(&mut rng)
                .map_or("No preference", |p| p.label());
            let areas = rng.gen_range(1..=3);
            let methods = rng.gen_range(1..=3);
            let mut member = Member {
                name: format!("{first} {last}"),
                email: format!(
                    "{}.{}{}@cohort.example.edu",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    i
                ),
                institution: institution.to_owned(),
                institution_type: kind.to_owned(),
                form: ApplicationForm {
                    institution_types: vec![kind.to_owned()],
                    enrollment_size: pick(&mut rng, &ENROLLMENT_SIZES, 1).concat(),
                    time_zone: zone.to_owned(),
                    previous_cycle: Some(false),
                    assignment_preference: preference.to_owned(),
                    resource_formats: pick(&mut rng, &RESOURCE_FORMATS, 2),
                    areas: pick(&mut rng, &AREAS_OF_RESPONSIBILITY, areas),
                    strengths: ranked[..3].iter().map(|c| (*c).to_owned()).collect(),
                    growth: ranked[3..6].iter().map(|c| (*c).to_owned()).collect(),
                    goals: GOALS
                        .choose(&mut rng)
                        .copied()
                        .unwrap_or(GOALS[0])
                        .to_owned(),
                    meeting_frequency: pick(&mut rng, &MEETING_FREQUENCIES, 1).concat(),
                    communication_methods: pick(&mut rng, &COMMUNICATION_METHODS, methods),
                    commitment: true,
                    consent: true,
                },
            };
            if let Some(&(name, email, institution, kind, zone)) = SIGN_IN_PEERS.get(i) {
                member.name = name.to_owned();
                member.email = email.to_owned();
                member.institution = institution.to_owned();
                member.institution_type = kind.to_owned();
                member.form.institution_types = vec![kind.to_owned()];
                member.form.time_zone = zone.to_owned();
            }
            member
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::application::{validate, FormOptions};
    use std::collections::HashSet;

    #[test]
    fn the_cohort_is_121_valid_distinct_applicants_every_time() {
        let options = FormOptions::defaults(crate::programs::dates::time_zone_choices());
        let members = cohort();
        assert_eq!(members.len(), COHORT_SIZE);
        for member in &members {
            let errors = validate(&member.form, &options);
            assert!(errors.is_empty(), "{}: {errors}", member.email);
        }
        let emails: HashSet<&str> = members.iter().map(|m| m.email.as_str()).collect();
        assert_eq!(emails.len(), COHORT_SIZE, "emails are unique");
        let again = cohort();
        assert!(members
            .iter()
            .zip(&again)
            .all(|(a, b)| a.email == b.email && a.form == b.form));
        let zones: HashSet<&str> = members.iter().map(|m| m.form.time_zone.as_str()).collect();
        assert!(zones.len() >= 6, "people across time zones: {zones:?}");
    }
}
