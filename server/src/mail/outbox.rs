//! The outbox: emails are queued in the same transaction as the change that causes them; the delivery
//! worker (`crate::mail::delivery`) sends them when SMTP is configured. Admins read the queue either way.
//!
//! A message to a group (an introduction, a reminder to a pair) is one email with a `To` mailbox per person:
//! the seeds promise a virtual introduction, and one thread that everyone can answer with "reply all" is
//! what an introduction is. Everything addressed to one person is its own email. The recipients are stored
//! one mailbox per line in `to_address` (a line break is never part of an address).

use app::outbox::OutboxItem;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, QuerySelect, Set};

use crate::db::entities::outbox_email;
use crate::error::Result;

/// An email to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    /// Mailboxes, `Name <address>` or a bare address; at least one.
    pub to: Vec<String>,
    /// Where answers go: the program's contact for program emails.
    pub reply_to: Option<String>,
    pub subject: String,
    /// Plain text; the HTML alternative is made from it when the email is sent.
    pub body: String,
}

impl Email {
    /// An email to one person.
    pub fn new(to: impl Into<String>, subject: impl Into<String>, body: impl Into<String>) -> Self {
        Email {
            to: vec![to.into()],
            reply_to: None,
            subject: subject.into(),
            body: body.into(),
        }
    }

    /// One email to everyone in `to` (a pair or a trio).
    pub fn to_group(to: Vec<String>, subject: impl Into<String>, body: impl Into<String>) -> Self {
        Email {
            to,
            ..Email::new(String::new(), subject, body)
        }
    }

    /// Answers go to `address` (the program's contact) rather than to the no-reply sender.
    #[must_use]
    pub fn reply_to(mut self, address: impl Into<String>) -> Self {
        self.reply_to = Some(address.into());
        self
    }
}

/// `Name <address>`, quoted as RFC 5322 needs (a name with a comma or quotes stays one mailbox); the bare
/// address when it does not parse (sending then records why).
pub fn mailbox(name: &str, address: &str) -> String {
    match address.parse() {
        Ok(address) => lettre::message::Mailbox::new(Some(one_line(name)), address).to_string(),
        Err(_) => address.to_owned(),
    }
}

/// The first word of a name, for greetings ("Hello Ana,").
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// A header value on one line: control characters (line breaks above all) become spaces and runs of
/// spaces collapse, so a name or title substituted into a subject can never start a new header.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stored form of a recipient list.
fn encode(to: &[String]) -> String {
    to.iter()
        .map(|mailbox| one_line(mailbox))
        .filter(|mailbox| !mailbox.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The recipients of a stored email. Emails queued before lists existed joined addresses with ", ".
pub fn recipients(stored: &str) -> Vec<String> {
    let lines: Vec<String> = stored
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if lines.len() == 1 && !lines[0].contains('<') && lines[0].contains(',') {
        return lines[0].split(',').map(|a| a.trim().to_owned()).collect();
    }
    lines
}

/// # Errors
/// Database failures.
pub async fn queue(db: &impl ConnectionTrait, email: Email) -> Result<()> {
    outbox_email::ActiveModel {
        to_address: Set(encode(&email.to)),
        reply_to: Set(email.reply_to.map(|r| one_line(&r))),
        subject: Set(one_line(&email.subject)),
        body: Set(email.body),
        status: Set("queued".to_owned()),
        attempts: Set(0),
        last_error: Set(None),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        next_attempt_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The newest 500 emails, newest first.
///
/// # Errors
/// Database failures.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<OutboxItem>> {
    let rows = outbox_email::Entity::find()
        .order_by_desc(outbox_email::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| OutboxItem {
            id: row.id,
            to: recipients(&row.to_address).join(", "),
            subject: row.subject,
            body: row.body,
            status: row.status,
            created: row.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            attempts: row.attempts,
            last_error: row.last_error,
        })
        .collect())
}

/// Queues a failed email again from its first attempt; only failed emails can be retried.
///
/// # Errors
/// [`app::error::AppError::NotFound`] for an unknown or not-failed email; database failures.
pub async fn retry(db: &impl ConnectionTrait, id: i64) -> Result<()> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    let result = outbox_email::Entity::update_many()
        .col_expr(outbox_email::Column::Status, Expr::value("queued"))
        .col_expr(outbox_email::Column::Attempts, Expr::value(0))
        .col_expr(
            outbox_email::Column::NextAttemptAt,
            Expr::value(None::<chrono::DateTime<Utc>>),
        )
        .filter(outbox_email::Column::Id.eq(id))
        .filter(outbox_email::Column::Status.eq("failed"))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(app::error::AppError::NotFound.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_in_a_subject_value_becomes_a_space() {
        assert_eq!(
            one_line("Meet Ana\r\nBcc: everyone@example.edu"),
            "Meet Ana Bcc: everyone@example.edu"
        );
        assert_eq!(one_line("  tabs\tand\u{0}nulls  "), "tabs and nulls");
    }

    #[test]
    fn names_with_commas_stay_one_mailbox() {
        let quoted = mailbox("Martínez, Rosa", "rosa@example.edu");
        let parsed: lettre::message::Mailbox = quoted.parse().expect("parses back");
        assert_eq!(parsed.email.to_string(), "rosa@example.edu");
        assert_eq!(parsed.name.as_deref(), Some("Martínez, Rosa"));
        assert_eq!(mailbox("Ana", "not an address"), "not an address");
    }

    #[test]
    fn recipients_round_trip_and_old_rows_still_split() {
        let to = vec![
            mailbox("Martínez, Rosa", "rosa@example.edu"),
            "kwame@example.edu".to_owned(),
        ];
        assert_eq!(recipients(&encode(&to)), to);
        assert_eq!(
            recipients("a@x.edu, b@y.edu"),
            vec!["a@x.edu".to_owned(), "b@y.edu".to_owned()]
        );
        assert_eq!(recipients("solo@x.edu"), vec!["solo@x.edu".to_owned()]);
    }
}
