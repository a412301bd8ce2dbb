//! Demo accounts, created on the first run when `SHOULDER_DEMO_DATA` is on and the database has no users, so
//! a first look at Shoulder has someone to sign in as. The accounts are printed to the console.

use app::types::{Role, ValidSignUp};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::auth::accounts::DbAccounts;
use crate::db::entities::app_user;

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
    print_accounts();
    Ok(())
}

#[allow(clippy::print_stdout)]
fn print_accounts() {
    println!("\nDemo accounts created (password for all: {DEMO_PASSWORD})");
    for (name, email, _, _, role) in PEOPLE {
        println!("  {:<12} {email:<26} {name}", role.label());
    }
    println!();
}
