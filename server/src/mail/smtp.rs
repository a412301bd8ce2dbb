//! Sending one email over SMTP with lettre. The settings come from `SHOULDER_SMTP_URL` (lettre's URL form:
//! `smtp://user:password@host:587?tls=required`, `smtps://…:465`, or `smtp://host:25` without TLS) and
//! `SHOULDER_MAIL_FROM`.

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

use super::{html, outbox};
use crate::db::entities::outbox_email;

/// Validated mail settings.
#[derive(Clone, Debug)]
pub struct MailSettings {
    pub url: String,
    pub from: Mailbox,
}

impl MailSettings {
    /// Checks the SMTP URL and the sender address.
    ///
    /// # Errors
    /// Which of the two is wrong, with a sentence saying how.
    pub fn parse(url: &str, from: &str) -> Result<Self, MailSettingsError> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| {
            MailSettingsError::Url(format!(
                "{e}; expected smtp://USER:PASSWORD@HOST:587?tls=required or smtps://…"
            ))
        })?;
        let from = from.parse::<Mailbox>().map_err(|e| {
            MailSettingsError::From(format!(
                "{from:?} is not a sender such as \"Shoulder <mentoring@example.edu>\" ({e})"
            ))
        })?;
        Ok(MailSettings {
            url: url.to_owned(),
            from,
        })
    }

    /// The server's host and port, for people to read (never the password).
    pub fn server(&self) -> String {
        url_host(&self.url)
    }
}

fn url_host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .to_owned()
}

/// Which mail setting cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailSettingsError {
    Url(String),
    From(String),
}

/// Why a message was not sent, and whether trying again could help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// The server refused for good (unknown mailbox, bad address): do not retry.
    pub permanent: bool,
    pub message: String,
}

/// An SMTP connection pool with the sender address.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    server: String,
}

impl Mailer {
    /// # Errors
    /// The URL cannot be used (already checked by [`MailSettings::parse`]).
    pub fn new(settings: &MailSettings) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.url)
            .map_err(|e| e.to_string())?
            .build();
        Ok(Mailer {
            transport,
            from: settings.from.clone(),
            server: settings.server(),
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// Sends one outbox email: every recipient on one message, `Reply-To` when set, a `Message-ID` that
    /// stays the same across retries (so a receiver can drop a duplicate), plain text with an HTML
    /// alternative.
    ///
    /// # Errors
    /// A bad address (permanent), or what the server or network said.
    pub async fn send(&self, email: &outbox_email::Model) -> Result<(), SendError> {
        let message = self.message(email)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| SendError {
                permanent: e.is_permanent(),
                message: e.to_string(),
            })
    }

    fn message(&self, email: &outbox_email::Model) -> Result<Message, SendError> {
        let refuse = |message: String| SendError {
            permanent: true,
            message,
        };
        let recipients = outbox::recipients(&email.to_address);
        if recipients.is_empty() {
            return Err(refuse("no recipient".to_owned()));
        }
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(outbox::one_line(&email.subject))
            .message_id(Some(format!(
                "<shoulder.{}.{}@{}>",
                email.id,
                email.created_at.timestamp(),
                self.from.email.domain()
            )));
        for to in &recipients {
            let mailbox: Mailbox = to
                .parse()
                .map_err(|e| refuse(format!("not an email address: {to:?} ({e})")))?;
            builder = builder.to(mailbox);
        }
        if let Some(reply_to) = &email.reply_to {
            let mailbox: Mailbox = reply_to
                .parse()
                .map_err(|e| refuse(format!("not a Reply-To address: {reply_to:?} ({e})")))?;
            builder = builder.reply_to(mailbox);
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                email.body.clone(),
                html::from_text(&email.subject, &email.body),
            ))
            .map_err(|e| refuse(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_and_the_password_never_shown() {
        let ok = MailSettings::parse(
            "smtp://mentoring:secret@mail.example.edu:587?tls=required",
            "Shoulder <mentoring@example.edu>",
        )
        .expect("valid");
        assert_eq!(ok.server(), "mail.example.edu:587");
        assert!(MailSettings::parse("http://mail.example.edu", "a@example.edu").is_err());
        assert!(MailSettings::parse("smtp://mail.example.edu", "not an address").is_err());
    }
}
