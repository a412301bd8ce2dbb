//! Wire types shared by the browser and the server: IDs, roles, accounts.
//! Plain data with serde; no behaviour beyond parsing and labels.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A user's database id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What a user may do. Each role includes the ones before it:
/// an admin can do everything a facilitator can, a facilitator everything a member can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Facilitator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Member, Role::Facilitator, Role::Admin];

    /// The stable name stored in the database and sent in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Facilitator => "facilitator",
            Role::Admin => "admin",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Member => "Member",
            Role::Facilitator => "Facilitator",
            Role::Admin => "Admin",
        }
    }

    /// Whether someone with this role may do what `required` allows.
    pub fn includes(self, required: Role) -> bool {
        self >= required
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown role name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {0:?} (expected member, facilitator or admin)")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// The signed-in person, as every page and server function sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub institution_name: String,
    pub institution_type: String,
}

/// One row of the admin's user list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub institution_name: String,
    pub institution_type: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// What the sign-up form sends, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpForm {
    pub name: String,
    pub email: String,
    pub password: String,
    pub institution_name: String,
    pub institution_type: String,
}

/// A sign-up that passed [`crate::validation::validate_sign_up`]: the only way to build one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSignUp {
    pub name: String,
    /// Normalised: trimmed and lower-case.
    pub email: String,
    pub password: String,
    pub institution_name: String,
    pub institution_type: String,
}

/// The institution types offered on sign-up (DOMAIN.md, field 1). Programs get their own editable lists later;
/// an account keeps the label it chose.
pub const INSTITUTION_TYPES: [&str; 9] = [
    "Public four-year",
    "Private non-profit four-year",
    "Community or two-year college",
    "Graduate or professional school",
    "For-profit institution",
    "Online institution",
    "Institution outside the United States",
    "System office or state agency",
    "Other",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn admin_includes_every_role_and_member_only_itself() {
        assert!(Role::Admin.includes(Role::Facilitator));
        assert!(Role::Admin.includes(Role::Member));
        assert!(Role::Facilitator.includes(Role::Member));
        assert!(!Role::Member.includes(Role::Facilitator));
        assert!(!Role::Facilitator.includes(Role::Admin));
    }
}
