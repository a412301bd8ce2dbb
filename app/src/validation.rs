//! The one rule set for what users type. Pure and target-independent: the browser calls it as the user types,
//! the server calls it first in every server function and is the authority. Limits are `pub const`s so the
//! HTML attributes (`maxlength`, `minlength`) use the same numbers.

use crate::error::FieldErrors;
use crate::types::{SignUpForm, ValidSignUp};
use engine::options::INSTITUTION_TYPES;

pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
/// ASVS 2.1.1 asks for at least 12 characters.
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;
pub const INSTITUTION_MAX: usize = 150;

/// Trims and lower-cases an email address and checks its shape (one `@`, a dotted domain, no spaces).
/// Lower-casing the local part is a deliberate choice: people type their address in varying case and
/// expect to reach the same account.
///
/// # Errors
/// A sentence saying what is wrong with the address.
pub fn normalize_email(raw: &str) -> Result<String, &'static str> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err("Enter your email address.");
    }
    if email.chars().count() > EMAIL_MAX {
        return Err("That email address is too long.");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err("An email address needs an @, as in name@example.edu.");
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.contains('@');
    if local.is_empty() || !domain_ok || email.chars().any(char::is_whitespace) {
        return Err("Enter an email address like name@example.edu.");
    }
    Ok(email)
}

/// A person's display name: trimmed, inner runs of white space folded to one space.
///
/// # Errors
/// Empty or longer than [`NAME_MAX`] characters.
pub fn normalize_name(raw: &str) -> Result<String, String> {
    single_line(raw, NAME_MAX, "Enter your name.")
}

/// A new password: long enough to resist guessing, short enough to hash quickly.
///
/// # Errors
/// Shorter than [`PASSWORD_MIN`] or longer than [`PASSWORD_MAX`] characters, only white space, or (on the
/// server) a common password.
pub fn check_new_password(password: &str) -> Result<(), String> {
    let length = password.chars().count();
    if password.trim().is_empty() {
        return Err("Choose a password.".into());
    }
    if length < PASSWORD_MIN {
        return Err(format!("Use at least {PASSWORD_MIN} characters."));
    }
    if length > PASSWORD_MAX {
        return Err(format!("Use at most {PASSWORD_MAX} characters."));
    }
    if is_common(password) {
        return Err(
            "This password is among the first that attackers try. Choose another: a short \
                    sentence of your own is easy to remember and hard to guess."
                .into(),
        );
    }
    Ok(())
}

/// The server checks the list of common passwords; the browser leaves that to it (see `common_passwords`).
#[cfg(feature = "ssr")]
fn is_common(password: &str) -> bool {
    crate::common_passwords::is_common(password)
}

#[cfg(not(feature = "ssr"))]
fn is_common(_password: &str) -> bool {
    false
}

fn check_institution_name(raw: &str) -> Result<String, String> {
    single_line(raw, INSTITUTION_MAX, "Enter the name of your institution.")
}

/// `text` percent-encoded for a URL: everything but letters, digits, `-._~` and the bytes in `also_keep`.
pub fn percent_encode(text: &str, also_keep: &[u8]) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || also_keep.contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Where to send someone after signing in: `next` when it is a path on this site, else the start page.
/// Anything that could leave the site (`//host`, `https:`, back-slashes) is refused.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && path.len() <= 200
                && path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/-_.?=&%".contains(c)) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Trims, folds inner runs of white space to one space, and checks the text is present and at most `max`
/// characters long.
pub fn single_line(raw: &str, max: usize, when_empty: &str) -> Result<String, String> {
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(when_empty.to_owned());
    }
    if text.chars().count() > max {
        return Err(format!("Use at most {max} characters."));
    }
    Ok(text)
}

fn check_institution_type(raw: &str) -> Result<String, String> {
    INSTITUTION_TYPES
        .iter()
        .find(|label| **label == raw)
        .map(|label| (*label).to_owned())
        .ok_or_else(|| "Choose the type of your institution.".into())
}

/// Validates a sign-up form field by field.
///
/// # Errors
/// Every field at fault, keyed by the form's field names.
pub fn validate_sign_up(form: &SignUpForm) -> Result<ValidSignUp, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = normalize_name(&form.name).map_err(|e| errors.add("name", e));
    let email = normalize_email(&form.email).map_err(|e| errors.add("email", e));
    let password = check_new_password(&form.password).map_err(|e| errors.add("password", e));
    let institution_name = check_institution_name(&form.institution_name)
        .map_err(|e| errors.add("institution_name", e));
    let institution_type = check_institution_type(&form.institution_type)
        .map_err(|e| errors.add("institution_type", e));
    match (name, email, password, institution_name, institution_type) {
        (Ok(name), Ok(email), Ok(()), Ok(institution_name), Ok(institution_type)) => {
            Ok(ValidSignUp {
                name,
                email,
                password: form.password.clone(),
                institution_name,
                institution_type,
            })
        }
        _ => Err(errors),
    }
}

/// Validates a password change: the current password is present, the new one is acceptable, differs from the
/// current one, and was typed the same twice.
///
/// # Errors
/// Every field at fault: `current_password`, `new_password`, `confirm_password`.
pub fn validate_password_change(
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if current.is_empty() {
        errors.add("current_password", "Enter your current password.");
    }
    if let Err(e) = check_new_password(new) {
        errors.add("new_password", e);
    } else if new == current {
        errors.add(
            "new_password",
            "Choose a password different from the current one.",
        );
    }
    if confirm != new {
        errors.add("confirm_password", "The two new passwords differ.");
    }
    errors.into_result(())
}

/// Validates a new password typed twice (reset, invitation): `new_password` and `confirm_password`.
///
/// # Errors
/// Either field at fault.
pub fn validate_new_password(new: &str, confirm: &str) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if let Err(e) = check_new_password(new) {
        errors.add("new_password", e);
    }
    if confirm != new {
        errors.add("confirm_password", "The two passwords differ.");
    }
    errors.into_result(())
}

/// The most addresses one invitation list may hold.
pub const INVITE_MAX: usize = 500;

/// Someone to invite: a normalised address and the name given with it, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitee {
    pub name: Option<String>,
    pub email: String,
}

/// Reads a pasted list of people: one per line, or separated by commas or semicolons, each an address or
/// `Name <address>` (as mail programs copy them; "Okafor, Ben <ben@…>" stays one person). Returns the
/// people, each address once, and a sentence per piece that is not an address.
pub fn parse_invitees(text: &str) -> (Vec<Invitee>, Vec<String>) {
    let mut people: Vec<Invitee> = Vec::new();
    let mut problems = Vec::new();
    let mut pending_name = String::new();
    for piece in text.split(['\n', ',', ';']) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        if !piece.contains('@') {
            // Part of a name that had a comma in it ("Okafor, Ben <ben@…>"), or junk if no address follows.
            if !pending_name.is_empty() {
                pending_name.push_str(", ");
            }
            pending_name.push_str(piece);
            continue;
        }
        let (name, address) = match (piece.find('<'), piece.rfind('>')) {
            (Some(open), Some(close)) if open < close => {
                let name = format!(
                    "{pending_name}{}{}",
                    if pending_name.is_empty() { "" } else { ", " },
                    &piece[..open]
                );
                (name, &piece[open + 1..close])
            }
            _ => {
                if !pending_name.is_empty() {
                    problems.push(format!("“{pending_name}” is not an email address."));
                }
                (String::new(), piece)
            }
        };
        pending_name.clear();
        match normalize_email(address) {
            Ok(email) if people.iter().any(|p| p.email == email) => {}
            Ok(email) => {
                let name = name.trim().trim_matches('"').trim();
                people.push(Invitee {
                    name: (!name.is_empty()).then(|| name.chars().take(NAME_MAX).collect()),
                    email,
                });
            }
            Err(message) => problems.push(format!("“{address}”: {message}")),
        }
    }
    if !pending_name.is_empty() {
        problems.push(format!("“{pending_name}” is not an email address."));
    }
    (people, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lists_of_people_are_read_as_mail_programs_copy_them() {
        let (people, problems) = parse_invitees(
            "ana@example.edu, Ben Okafor <BEN@example.org>; \"Martínez, Rosa\" <rosa@example.edu>\n\
             Okafor, Chi <chi@example.org>\nnot-an-address@\nana@example.edu\nJust A Name",
        );
        let found: Vec<(Option<&str>, &str)> = people
            .iter()
            .map(|p| (p.name.as_deref(), p.email.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (None, "ana@example.edu"),
                (Some("Ben Okafor"), "ben@example.org"),
                (Some("Martínez, Rosa"), "rosa@example.edu"),
                (Some("Okafor, Chi"), "chi@example.org"),
            ]
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("not-an-address@"));
        assert!(problems[1].contains("Just A Name"));
    }

    #[test]
    fn a_new_password_is_typed_twice_the_same() {
        assert!(validate_new_password("a long password", "a long password").is_ok());
        let errors = validate_new_password("short", "other").unwrap_err();
        assert!(errors.get("new_password").is_some());
        assert!(errors.get("confirm_password").is_some());
    }

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/cycles/2/apply")), "/cycles/2/apply");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "javascript:x",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad}");
        }
        assert_eq!(safe_next(None), "/");
    }

    fn form() -> SignUpForm {
        SignUpForm {
            name: "  Ana   Lima ".into(),
            email: " Ana.Lima@Example.EDU ".into(),
            password: "correct horse battery".into(),
            institution_name: "State University".into(),
            institution_type: "Public four-year".into(),
        }
    }

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        assert_eq!(
            normalize_email("  Ana@Example.EDU\t"),
            Ok("ana@example.edu".into())
        );
    }

    #[test]
    fn email_without_at_or_dotted_domain_is_refused() {
        for bad in [
            "",
            "   ",
            "ana",
            "ana@",
            "@example.edu",
            "ana@example",
            "ana@.edu",
            "ana@ex..edu",
            "a b@x.edu",
            "a@b@c.edu",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn overlong_email_is_refused() {
        let long = format!("{}@example.edu", "a".repeat(EMAIL_MAX));
        assert!(normalize_email(&long).is_err());
    }

    #[test]
    fn a_good_sign_up_is_normalised() {
        let valid = validate_sign_up(&form()).expect("valid form");
        assert_eq!(valid.name, "Ana Lima");
        assert_eq!(valid.email, "ana.lima@example.edu");
        assert_eq!(valid.institution_type, "Public four-year");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = SignUpForm {
            name: " ".into(),
            email: "nope".into(),
            password: "short".into(),
            institution_name: String::new(),
            institution_type: "Castle".into(),
        };
        let errors = validate_sign_up(&bad).expect_err("invalid form");
        for field in [
            "name",
            "email",
            "password",
            "institution_name",
            "institution_type",
        ] {
            assert!(errors.get(field).is_some(), "{field} should be reported");
        }
    }

    #[test]
    fn password_length_limits_are_counted_in_characters() {
        // Twelve two-byte characters: long enough, though 24 bytes.
        let accented: String = "éàüöñçøåæœßğ".chars().take(PASSWORD_MIN).collect();
        assert_eq!(accented.chars().count(), PASSWORD_MIN);
        assert!(check_new_password(&accented).is_ok());
        assert!(check_new_password(&accented[..accented.len() - 2]).is_err());
        assert!(check_new_password(&"a".repeat(PASSWORD_MIN - 1)).is_err());
        assert!(check_new_password(&"a".repeat(PASSWORD_MAX + 1)).is_err());
        assert!(check_new_password(&" ".repeat(PASSWORD_MIN)).is_err());
    }

    #[test]
    fn password_change_needs_matching_confirmation_and_a_new_password() {
        assert!(
            validate_password_change("old password!", "new password!", "new password!").is_ok()
        );
        let errors = validate_password_change("", "same pass word", "other").expect_err("invalid");
        assert!(errors.get("current_password").is_some());
        assert!(errors.get("confirm_password").is_some());
        let errors = validate_password_change("same pass word", "same pass word", "same pass word")
            .expect_err("same");
        assert!(errors.get("new_password").is_some());
    }
}
