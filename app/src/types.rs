//! Wire types shared by the browser and the server: IDs, roles, accounts.
//! Plain data with serde; no behaviour beyond parsing and labels.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A database id with its own type, so that a cycle's id cannot be passed where a pair's is meant. On the
/// wire it is the bare number (`#[serde(transparent)]`), in URLs its decimal digits.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }

        /// For the database, whose columns hold the bare number.
        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl RouteId for $name {
            fn nothing() -> Self {
                $name(0)
            }
        }
    };
}

/// An id a page reads from its URL ([`crate::pages::id_param`]).
pub trait RouteId: FromStr + PartialEq + Send + Sync + 'static {
    /// The id no row has (0: ids start at 1), for a URL whose id does not parse.
    fn nothing() -> Self;
}

id_type!(
    /// A user's (an account's) id.
    UserId
);
id_type!(
    /// A program's id.
    ProgramId
);
id_type!(
    /// A cycle's id: one application window of a program and the relationships that follow it.
    CycleId
);
id_type!(
    /// A pair's (or trio's) id: one relationship in a published cycle.
    PairId
);
id_type!(
    /// A workshop's id: one speed peer-mentoring session.
    SessionId
);
id_type!(
    /// A survey's id: one survey of a cycle.
    SurveyId
);

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

/// What an authenticator app needs to start giving codes for an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoStepSetup {
    /// The secret in base32, in groups of four, for typing into the app by hand.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub otpauth_url: String,
    /// The QR code as inline SVG.
    pub qr_svg: String,
}

/// A signed-in browser's id, as its owner's list of sessions names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountSessionId(pub i64);

/// One of a person's sessions, for the account page: which browser, since when, last used when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSession {
    pub id: AccountSessionId,
    /// E.g. "Firefox on Android", from the browser's own `User-Agent`; "Unknown browser" without one.
    pub device: String,
    /// `YYYY-MM-DD HH:MM UTC`.
    pub signed_in_at: String,
    pub last_used_at: String,
    /// The session of the browser asking.
    pub current: bool,
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
    /// Whether the owner has proved the email address is theirs (until then they are not matched).
    pub email_verified: bool,
    /// Signing in takes a code from an authenticator app too.
    #[serde(default)]
    pub two_step: bool,
    /// This site requires two-step sign-in of this account (an admin, with `SHOULDER_ADMIN_TWO_STEP=required`):
    /// until it is on, the account has a member's powers only.
    #[serde(default)]
    pub two_step_required: bool,
}

impl CurrentUser {
    /// The role this person may act with now: an admin who must still turn on two-step sign-in acts as a
    /// member, so the account page (where it is turned on) stays open and nothing else does.
    pub fn acting_role(&self) -> Role {
        if self.two_step_required && !self.two_step {
            Role::Member
        } else {
            self.role
        }
    }
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
    pub state: AccountState,
    /// When the latest invitation was sent (UTC, for people to read), if any.
    pub invited_at: Option<String>,
}

/// Where an account stands with its owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountState {
    /// The owner proved the address (a link sent to it, or an identity provider or the operator said so).
    Verified,
    /// Someone signed up with this address and has not followed the confirmation link yet: until they do,
    /// the account is neither matched nor given imported data.
    Unconfirmed,
    /// Made by an admin (an import or an invitation) and never signed in: no password yet.
    NotSignedInYet,
}

impl AccountState {
    pub fn label(self) -> &'static str {
        match self {
            AccountState::Verified => "Verified",
            AccountState::Unconfirmed => "Email not confirmed",
            AccountState::NotSignedInYet => "Not signed in yet",
        }
    }
}

/// What a link sent by email is for. Each has its own page, lifetime and effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// Confirms the address of a new account (48 hours).
    Verify,
    /// Sets a new password and signs out every other session (1 hour).
    Reset,
    /// Sets the first password of an account an admin made (14 days).
    Invite,
    /// Signs in without a password (15 minutes).
    SignIn,
}

impl LinkPurpose {
    pub const ALL: [LinkPurpose; 4] = [
        LinkPurpose::Verify,
        LinkPurpose::Reset,
        LinkPurpose::Invite,
        LinkPurpose::SignIn,
    ];

    /// The name stored with the token.
    pub fn key(self) -> &'static str {
        match self {
            LinkPurpose::Verify => "verify",
            LinkPurpose::Reset => "reset",
            LinkPurpose::Invite => "invite",
            LinkPurpose::SignIn => "sign_in",
        }
    }

    /// The page a link of this purpose opens (the token follows as `?token=`).
    pub fn path(self) -> &'static str {
        match self {
            LinkPurpose::Verify => "/verify-email",
            LinkPurpose::Reset => "/reset-password",
            LinkPurpose::Invite => "/invitation",
            LinkPurpose::SignIn => "/sign-in/link",
        }
    }

    /// How long a link stays usable, in minutes.
    pub fn lifetime_minutes(self) -> i64 {
        match self {
            LinkPurpose::Verify => 48 * 60,
            LinkPurpose::Reset => 60,
            LinkPurpose::Invite => 14 * 24 * 60,
            LinkPurpose::SignIn => 15,
        }
    }

    /// "1 hour", "15 minutes", "14 days", for emails.
    pub fn lifetime_words(self) -> String {
        let minutes = self.lifetime_minutes();
        match minutes {
            m if m % (24 * 60) == 0 && m / (24 * 60) > 2 => format!("{} days", m / (24 * 60)),
            m if m % 60 == 0 => {
                let hours = m / 60;
                format!("{hours} hour{}", if hours == 1 { "" } else { "s" })
            }
            m => format!("{m} minutes"),
        }
    }
}

/// What the page of a valid link shows before it is used: whose account it is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkDetails {
    pub purpose: LinkPurpose,
    pub email: String,
    pub name: String,
}

/// What inviting a list of people did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteReport {
    /// Invitations queued (new accounts included).
    pub invited: Vec<String>,
    /// Accounts created for addresses Shoulder did not know.
    pub created: usize,
    /// Addresses whose owner already signs in: not invited.
    pub already_active: Vec<String>,
    /// Lines that are not an address, with why.
    pub problems: Vec<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_lifetimes_read_as_people_say_them() {
        assert_eq!(LinkPurpose::Reset.lifetime_words(), "1 hour");
        assert_eq!(LinkPurpose::SignIn.lifetime_words(), "15 minutes");
        assert_eq!(LinkPurpose::Verify.lifetime_words(), "48 hours");
        assert_eq!(LinkPurpose::Invite.lifetime_words(), "14 days");
    }

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
