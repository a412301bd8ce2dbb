//! The texts of the emails about applications.

use app::application::{ApplicationForm, COMMITMENT_TEXT, CONSENT_TEXT};

use crate::mail::outbox::Email;

/// What the emails name.
pub struct Context {
    pub to: String,
    pub name: String,
    pub program: String,
    pub cycle: String,
    pub contact: String,
    /// The window's close, formatted in the member's time zone.
    pub closes: String,
    pub matching_on: String,
    /// The member's application page.
    pub link: String,
}

/// Confirms a submission and repeats the answers, so the member has a copy.
pub fn submitted(ctx: &Context, form: &ApplicationForm, first_time: bool) -> Email {
    let verb = if first_time { "received" } else { "updated" };
    let list = |items: &[String]| {
        if items.is_empty() {
            "—".to_owned()
        } else {
            items.join("; ")
        }
    };
    let ranked = |items: &[String]| {
        items
            .iter()
            .enumerate()
            .map(|(i, name)| format!("  {}. {name}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let body = format!(
        "Hello {name},\n\n\
         We have {verb} your application to {program}, {cycle}.\n\n\
         You can change or withdraw it until the window closes on {closes}:\n{link}\n\n\
         What happens next: matching on {matching_on}, then an email introducing you to your peer.\n\n\
         Your answers\n\
         Institution types: {types}\n\
         Enrollment size: {size}\n\
         Time zone: {tz}\n\
         Peer assignment preference (confidential, program admins only): {pref}\n\
         Resource formats: {formats}\n\
         Areas of responsibility: {areas}\n\
         Strengths:\n{strengths}\n\
         Growth areas:\n{growth}\n\
         Goals:\n{goals}\n\
         Meeting frequency: {frequency}\n\
         Communication: {methods}\n\n\
         You agreed: {commitment}\n\n\
         And: {consent}\n\n\
         Questions? Write to {contact}.\n",
        name = ctx.name,
        program = ctx.program,
        cycle = ctx.cycle,
        closes = ctx.closes,
        link = ctx.link,
        matching_on = ctx.matching_on,
        types = list(&form.institution_types),
        size = form.enrollment_size,
        tz = form.time_zone,
        pref = form.assignment_preference,
        formats = list(&form.resource_formats),
        areas = list(&form.areas),
        strengths = ranked(&form.strengths),
        growth = ranked(&form.growth),
        goals = form.goals.trim(),
        frequency = form.meeting_frequency,
        methods = list(&form.communication_methods),
        commitment = COMMITMENT_TEXT,
        consent = CONSENT_TEXT,
        contact = ctx.contact,
    );
    Email::new(
        ctx.to.clone(),
        format!("Application {verb}: {}, {}", ctx.program, ctx.cycle),
        body,
    )
    .reply_to(ctx.contact.clone())
}

/// Confirms a withdrawal.
pub fn withdrawn(ctx: &Context) -> Email {
    Email::new(
        ctx.to.clone(),
        format!("Application withdrawn: {}, {}", ctx.program, ctx.cycle),
        format!(
            "Hello {name},\n\nYou withdrew your application to {program}, {cycle}. You will not be matched.\n\n\
             Changed your mind? You can submit it again until {closes}:\n{link}\n\nQuestions? Write to {contact}.\n",
            name = ctx.name,
            program = ctx.program,
            cycle = ctx.cycle,
            closes = ctx.closes,
            link = ctx.link,
            contact = ctx.contact,
        ),
    )
    .reply_to(ctx.contact.clone())
}
