//! The texts of the account emails: confirm an address, reset a password, an invitation, a sign-in link.
//! Each names what the link does, how long it works, and what to do if it was not expected.

use app::types::LinkPurpose;

use crate::mail::outbox::{first_name, mailbox, Email};

fn lasts(purpose: LinkPurpose) -> String {
    format!("The link works once, for {}.", purpose.lifetime_words())
}

pub fn verify(name: &str, email: &str, link: &str) -> Email {
    Email::new(
        mailbox(name, email),
        "Confirm your email address for Shoulder",
        format!(
            "Hello {first},\n\nPlease confirm that {email} is your address, so that your program can match you \
             with a peer and reach you.\n\nConfirm your address: {link}\n\n{lasts} If you did not create an \
             account on Shoulder, ignore this email: nothing happens without the link.\n",
            first = first_name(name),
            lasts = lasts(LinkPurpose::Verify),
        ),
    )
}

pub fn reset(name: &str, email: &str, link: &str) -> Email {
    Email::new(
        mailbox(name, email),
        "Reset your Shoulder password",
        format!(
            "Hello {first},\n\nSomeone, we hope you, asked to reset the password of the Shoulder account for \
             {email}.\n\nChoose a new password: {link}\n\n{lasts} Using it signs you out on every other \
             device. If you did not ask, ignore this email: your password stays as it is.\n",
            first = first_name(name),
            lasts = lasts(LinkPurpose::Reset),
        ),
    )
}

pub fn sign_in(name: &str, email: &str, link: &str) -> Email {
    Email::new(
        mailbox(name, email),
        "Your sign-in link for Shoulder",
        format!(
            "Hello {first},\n\nSign in to Shoulder: {link}\n\n{lasts} If you did not ask for it, ignore this \
             email: nobody can sign in without the link.\n",
            first = first_name(name),
            lasts = lasts(LinkPurpose::SignIn),
        ),
    )
}

/// An invitation from `inviter`; `context` says why this person is invited (a program they applied to).
pub fn invitation(
    name: &str,
    email: &str,
    inviter: &str,
    context: Option<&str>,
    link: &str,
) -> Email {
    let context = context.map_or(String::new(), |c| format!("{c}\n\n"));
    Email::new(
        mailbox(name, email),
        format!("{} invites you to Shoulder", inviter),
        format!(
            "Hello {first},\n\n{inviter} has invited you to Shoulder, where your peer-mentoring program runs: \
             applications, your peer, your goals and check-ins.\n\n{context}Set your password: {link}\n\n\
             {lasts} Later, “Forgot your password?” on the sign-in page sends a new link to {email}.\n",
            first = first_name(name),
            lasts = lasts(LinkPurpose::Invite),
        ),
    )
}

/// To an admin whose account saw `failures` wrong passwords within the hour.
pub fn sign_in_burst(name: &str, email: &str, failures: u64, public_url: &str) -> Email {
    Email::new(
        mailbox(name, email),
        "Many failed sign-ins on your Shoulder admin account",
        format!(
            "Hello {first},\n\nIn the last hour, {failures} attempts to sign in to the Shoulder admin account \
             {email} used a wrong password. If that was not you, someone may be guessing your password: Shoulder \
             now makes each further attempt wait, so it cannot be guessed quickly, and you can still sign in.\n\n\
             If your password is short or used elsewhere, change it on your account page: {public_url}/account\n\
             Changing it signs out every other device.\n",
            first = first_name(name),
        ),
    )
}

/// To the owner of an address someone tried to create a second account with.
pub fn already_registered(name: &str, email: &str, link: &str, public_url: &str) -> Email {
    Email::new(
        mailbox(name, email),
        "You already have a Shoulder account",
        format!(
            "Hello {first},\n\nSomeone, we hope you, tried to create a Shoulder account for {email}. This address \
             already has one, so nothing new was created.\n\nSign in: {public_url}/sign-in\nForgot the password? \
             Choose a new one: {link}\n\n{lasts} If it was not you, ignore this email: your account is unchanged.\n",
            first = first_name(name),
            lasts = lasts(LinkPurpose::Reset),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_email_says_what_the_link_does_and_how_long_it_works() {
        let link = "https://m.example.edu/x?token=abc";
        let reset = reset("Ana Silva", "ana@example.edu", link);
        assert_eq!(reset.to, vec!["Ana Silva <ana@example.edu>".to_owned()]);
        assert!(reset
            .body
            .contains("Choose a new password: https://m.example.edu/x?token=abc"));
        assert!(reset.body.contains("for 1 hour"));
        let invite = invitation(
            "Ben",
            "ben@example.edu",
            "Maya Okafor",
            Some("You applied."),
            link,
        );
        assert_eq!(invite.subject, "Maya Okafor invites you to Shoulder");
        assert!(invite.body.contains("You applied.\n\nSet your password:"));
        assert!(invite.body.contains("14 days"));
        assert!(sign_in("Ana", "ana@example.edu", link)
            .body
            .contains("15 minutes"));
        assert!(verify("Ana", "ana@example.edu", link)
            .body
            .contains("48 hours"));
    }
}
