//! Demo accounts, created on the first run when `SHOULDER_DEMO_DATA` is on and the database has no users, so
//! a first look at Shoulder has someone to sign in as. The accounts are printed to the console.

use app::application::{ApplicationForm, ApplicationStatus};
use app::program::DEFAULT_LENGTH_MONTHS;
use app::types::{CycleId, Role, ValidSignUp};
use chrono::{Datelike, Duration, DurationRound, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set, TransactionTrait,
};

use crate::auth::accounts::DbAccounts;
use crate::db::entities::{app_user, application, cycle, program};
use crate::programs::options;

mod cohort;
mod survey;

/// The one password of every demo account (printed on first run, written in the README).
pub const DEMO_PASSWORD: &str = "shoulder-demo";

/// (name, email, institution, institution type, role)
const PEOPLE: [(&str, &str, &str, &str, Role); 8] = [
    (
        "Maya Okafor",
        "admin@example.edu",
        "Program office",
        "Other",
        Role::Admin,
    ),
    (
        "Felix Grant",
        "facilitator@example.edu",
        "Lakeside Community College",
        "Community or two-year college",
        Role::Facilitator,
    ),
    (
        "Ana Lima",
        "ana@example.edu",
        "Northfield State University",
        "Public four-year",
        Role::Member,
    ),
    (
        "Ben Carter",
        "ben@example.edu",
        "Saint Brendan College",
        "Private non-profit four-year",
        Role::Member,
    ),
    (
        "Chloé Dubois",
        "chloe@example.edu",
        "Université de Montréal",
        "Institution outside the United States",
        Role::Member,
    ),
    (
        "Dev Patel",
        "dev@example.edu",
        "Coastal Technical College",
        "Community or two-year college",
        Role::Member,
    ),
    (
        "Eun-ji Park",
        "eunji@example.edu",
        "Metro Graduate School of Law",
        "Graduate or professional school",
        Role::Member,
    ),
    (
        "Farah Haddad",
        "farah@example.edu",
        "Desert State University",
        "Public four-year",
        Role::Member,
    ),
];

/// Creates the demo accounts if there are no users yet; prints them.
///
/// # Errors
/// Database failures.
pub async fn seed_if_empty(accounts: &DbAccounts, db: &DatabaseConnection) -> anyhow::Result<()> {
    if app_user::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    for (name, email, institution_name, institution_type, role) in PEOPLE {
        let form = ValidSignUp {
            name: name.to_owned(),
            email: email.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            institution_name: institution_name.to_owned(),
            institution_type: institution_type.to_owned(),
        };
        accounts
            .create_user(&form, role)
            .await
            .map_err(|e| anyhow::anyhow!("creating demo account {email}: {e}"))?;
    }
    seed_program(db).await?;
    seed_workshop(db).await?;
    print_accounts();
    Ok(())
}

/// A workshop session for Felix, the demo facilitator, ready to start (the seed's defaults), announced to the
/// program's members for 10:00 two weeks from today.
async fn seed_workshop(db: &DatabaseConnection) -> anyhow::Result<()> {
    let facilitator = app_user::Entity::find()
        .filter(app_user::Column::Email.eq("facilitator@example.edu"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo facilitator is missing"))?;
    let program = program::Entity::find()
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo program is missing"))?;
    let day = Utc::now().with_timezone(&crate::programs::dates::zone_or_utc(&program.time_zone))
        + chrono::Duration::days(14);
    let form = app::speed::session::SessionForm {
        title: "Registrar speed peer mentoring".to_owned(),
        program_id: Some(program.id()),
        starts_at: format!("{}T10:00", day.format("%Y-%m-%d")),
        place: "Student Center, Room 204".to_owned(),
        ..Default::default()
    };
    crate::speed::DbSpeed::new(db.clone(), crate::cluster::Cluster::new(db.clone()), "")
        .insert_session(facilitator.id, &form)
        .await
        .map_err(|e| anyhow::anyhow!("creating the demo workshop: {e}"))?;
    Ok(())
}

/// A program with a past cycle (its kick-off survey answered) and one open now, and submitted applications
/// from five of the members, so the admin pages have something to show and Ana can apply.
async fn seed_program(db: &DatabaseConnection) -> anyhow::Result<()> {
    let now = Utc::now();
    let program = program::ActiveModel {
        name: Set("Registrar Peer Mentoring".to_owned()),
        description: Set("Peers from registrar, admissions and enrollment offices pair up for six months: each \
             brings strengths the other wants to grow, and both learn. Apply in the window, we match you by \
             complementary strengths and growth areas, and introduce you by email."
            .to_owned()),
        contact_email: Set("mentoring@example.edu".to_owned()),
        time_zone: Set("America/New_York".to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let competencies = options::seed_defaults(db, program.id())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let cycle = |name: String, opens: chrono::DateTime<Utc>| cycle::ActiveModel {
        program_id: Set(program.id),
        name: Set(name),
        opens_at: Set(opens),
        closes_at: Set(opens + Duration::days(21)),
        matching_on: Set((opens + Duration::days(28)).date_naive()),
        relationship_starts_on: Set((opens + Duration::days(35)).date_naive()),
        length_months: Set(DEFAULT_LENGTH_MONTHS),
        competency_set_id: Set(Some(competencies)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    // Whole hours read better than the second the demo was seeded.
    let opens_now = (now - Duration::days(3))
        .duration_trunc(Duration::hours(1))
        .unwrap_or(now);
    let opened_before = opens_now - Duration::days(182);
    let past = cycle(
        app::rhythm::season_name(opened_before.month(), opened_before.year()),
        opened_before,
    )
    .insert(db)
    .await?;
    seed_cohort(db, past.id()).await?;
    survey::seed_kick_off(db, &past).await?;
    let current = cycle(
        app::rhythm::season_name(opens_now.month(), opens_now.year()),
        opens_now,
    )
    .insert(db)
    .await?;
    for (email, form) in demo_applications() {
        let Some(user) = app_user::Entity::find()
            .filter(app_user::Column::Email.eq(email))
            .one(db)
            .await?
        else {
            continue;
        };
        submitted(current.id(), user.id, &form, now)?
            .insert(db)
            .await?;
    }
    Ok(())
}

/// The closed cycle's 121 applicants: accounts without a usable password (like imported members) except
/// the two sign-in peers, and submitted applications, written in one transaction.
async fn seed_cohort(db: &DatabaseConnection, cycle_id: CycleId) -> anyhow::Result<()> {
    let now = Utc::now();
    let demo_hash = crate::auth::password::hash(DEMO_PASSWORD)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let txn = db.begin().await?;
    for member in cohort::cohort() {
        let can_sign_in = cohort::SIGN_IN_PEERS
            .iter()
            .any(|peer| peer.1 == member.email);
        let user = app_user::ActiveModel {
            name: Set(member.name),
            email: Set(member.email),
            password_hash: Set(if can_sign_in {
                demo_hash.clone()
            } else {
                crate::auth::password::NO_PASSWORD.to_owned()
            }),
            institution_name: Set(member.institution),
            institution_type: Set(member.institution_type),
            role: Set("member".to_owned()),
            // Rosa and Kwame are members who confirmed their address; the rest were imported.
            email_verified_at: Set(can_sign_in.then_some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        submitted(cycle_id, user.id, &member.form, now)?
            .insert(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A submitted application of `user_id` to the cycle.
fn submitted(
    cycle_id: CycleId,
    user_id: i64,
    form: &ApplicationForm,
    at: chrono::DateTime<Utc>,
) -> anyhow::Result<application::ActiveModel> {
    let json = serde_json::to_string(form)?;
    Ok(application::ActiveModel {
        cycle_id: Set(cycle_id.0),
        user_id: Set(user_id),
        status: Set(ApplicationStatus::Submitted.as_str().to_owned()),
        step: Set(5),
        form: Set(json.clone()),
        submitted_form: Set(Some(json)),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
        submitted_at: Set(Some(at)),
        ..Default::default()
    })
}

/// Complete applications for Ben, Chloé, Dev, Eun-ji and Farah.
fn demo_applications() -> Vec<(&'static str, ApplicationForm)> {
    let s = |items: &[&str]| items.iter().map(|i| (*i).to_owned()).collect::<Vec<_>>();
    let form = |types: &[&str],
                size: &str,
                tz: &str,
                pref: &str,
                areas: &[&str],
                strengths: &[&str],
                growth: &[&str],
                goals: &str,
                freq: &str,
                methods: &[&str]| ApplicationForm {
        institution_types: s(types),
        enrollment_size: size.to_owned(),
        time_zone: tz.to_owned(),
        previous_cycle: Some(false),
        assignment_preference: pref.to_owned(),
        resource_formats: s(&["Virtual meet-ups", "Templates and worksheets"]),
        areas: s(areas),
        strengths: s(strengths),
        growth: s(growth),
        goals: goals.to_owned(),
        meeting_frequency: freq.to_owned(),
        communication_methods: s(methods),
        commitment: true,
        consent: true,
    };
    vec![
        ("ben@example.edu", form(&["Private non-profit four-year"], "5,000–9,999", "America/New_York", "Different type of institution", &["Registration and records", "Degree audit and graduation"], &["Leadership and Management", "Professional Integrity", "Problem Solving"], &["Technological Knowledge", "Change Management", "Holistic and Systemic Thinking"], "Plan our move to a new student information system without losing the team on the way.", "Monthly (recommended)", &["Video call", "Email"])),
        ("chloe@example.edu", form(&["Institution outside the United States"], "40,000 or more", "America/Toronto", "No preference", &["International admissions and credential evaluation"], &["Diversity and Inclusion", "Collaborative Decision-Making and Consensus-Building", "Holistic and Systemic Thinking"], &["Leadership and Management", "Technological Knowledge", "Problem Solving"], "Grow into leading a larger admissions team, and learn how US offices run credential evaluation.", "Every two weeks", &["Video call", "Chat or instant messaging"])),
        ("dev@example.edu", form(&["Community or two-year college"], "10,000–19,999", "America/Chicago", "Same type of institution", &["Transfer and articulation", "Academic advising"], &["Technological Knowledge", "Problem Solving", "Change Management"], &["Professional Development & Contributions to the Field", "Leadership and Management", "Diversity and Inclusion"], "Present our transfer-credit work at a regional conference and build a team habit of sharing it.", "Monthly (recommended)", &["Video call", "Phone"])),
        ("eunji@example.edu", form(&["Graduate or professional school"], "Under 5,000", "America/Los_Angeles", "Similar area of responsibility", &["Graduate admissions", "Compliance (FERPA, residency, veterans)"], &["Professional Integrity", "Collaborative Decision-Making and Consensus-Building", "Professional Development & Contributions to the Field"], &["Change Management", "Technological Knowledge", "Holistic and Systemic Thinking"], "Lead the change to electronic transcripts and bring faculty along.", "Monthly (recommended)", &["Email", "Video call"])),
        ("farah@example.edu", form(&["Public four-year"], "20,000–39,999", "America/Phoenix", "Nearby time zone", &["Enrollment management", "Institutional research and data"], &["Holistic and Systemic Thinking", "Change Management", "Technological Knowledge"], &["Diversity and Inclusion", "Professional Integrity", "Collaborative Decision-Making and Consensus-Building"], "Use our enrollment data to build consensus on a new orientation model.", "Every two weeks", &["Video call", "In person"])),
    ]
}

#[allow(clippy::print_stdout)]
fn print_accounts() {
    println!("\nDemo accounts created (password for all: {DEMO_PASSWORD})");
    for (name, email, _, _, role) in PEOPLE {
        println!("  {:<12} {email:<26} {name}", role.label());
    }
    for (name, email, ..) in cohort::SIGN_IN_PEERS {
        println!(
            "  {:<12} {email:<26} {name} (applied to the closed cycle)",
            "Member"
        );
    }
    println!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::application::{validate, FormOptions};

    #[test]
    fn demo_applications_are_complete_and_valid() {
        let options = FormOptions::defaults(crate::programs::dates::time_zone_choices());
        for (email, form) in demo_applications() {
            let errors = validate(&form, &options);
            assert!(errors.is_empty(), "{email}: {errors}");
        }
    }
}
