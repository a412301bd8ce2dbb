//! What server functions need from the server, as traits (the server implements them over its database).
//! `app` never depends on `server`: these traits are the seam, passed in as `Arc<dyn …>` through Leptos'
//! context. `async_trait` because native async trait methods are not `dyn`-compatible.

use std::net::IpAddr;
use std::sync::Arc;

use super::failure::Failure;
use crate::application::{ApplicationForm, Step};
use crate::application::{ApplicationsOverview, Saved, WizardData};
use crate::import::ImportReport;
use crate::matching::{
    Adjustment, AdjustmentPreview, GroupPage, IntroPreview, IntroTemplate, MatchingPage, Member,
    Mode, PairRule, PeerChange, Preview, Published, RunProgress, Weights,
};
use crate::option_lists::{OptionKind, ProgramOptions};
use crate::outbox::Outbox;
use crate::program::{CycleBrief, CycleForm, CycleSummary, ProgramForm, ProgramView};
use crate::speed::session::{
    ConsoleView, Control, MeView, ScreenView, SessionForm, SessionSummary, Snapshot,
    UpcomingWorkshop, ValidJoin, WorkshopProgram,
};
use crate::types::{
    AccountSession, AccountSessionId, CurrentUser, CycleId, InviteReport, LinkDetails, LinkPurpose,
    PairId, ProgramId, Role, SessionId, SurveyId, TwoStepSetup, UserId, UserSummary, ValidSignUp,
};
use crate::validation::Invitee;
use crate::workspace::{CheckInForm, CycleOverview, GoalForm, GoalUpdate, PairSummary, Workspace};

/// Where a successful sign-in leads.
#[derive(Clone, Debug)]
pub enum SignedIn {
    Session(NewSession),
    /// The account uses two-step sign-in: the ticket that lets this browser enter a code (minutes, once).
    SecondStep {
        ticket: String,
        max_age_secs: i64,
    },
}

/// A freshly created session: the secret to put in the cookie and how long it lives.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
}

/// Accounts, sessions and roles.
#[async_trait::async_trait]
pub trait Accounts: Send + Sync {
    /// Creates an unconfirmed member account and emails the link that confirms it and signs in; when the address
    /// already has an account, emails its owner instead. The answer is the same either way (throttled per
    /// address and client as link requests are), so sign-up does not tell who has an account.
    async fn sign_up(&self, form: ValidSignUp, client: Option<IpAddr>) -> Result<(), Failure>;
    /// Checks credentials (rate limited per account and per client address) and opens a session.
    async fn sign_in(
        &self,
        email: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<SignedIn, Failure>;
    /// Deletes the session behind `token`; unknown tokens are ignored.
    async fn sign_out(&self, token: &str) -> Result<(), Failure>;
    /// Replaces the password after checking the current one (attempts from `client` are throttled as
    /// sign-ins are); every other session of the user is revoked.
    async fn change_password(
        &self,
        user: UserId,
        current: &str,
        new: &str,
        keep_session: &str,
        client: Option<IpAddr>,
    ) -> Result<(), Failure>;
    /// All accounts, newest first.
    async fn list_users(&self) -> Result<Vec<UserSummary>, Failure>;
    /// A page of the audit log, newest first (admin).
    async fn audit_log(
        &self,
        filter: crate::audit::AuditFilter,
    ) -> Result<crate::audit::AuditPage, Failure>;
    /// Changes a user's role, recorded in the audit log as done by `actor`.
    async fn set_role(
        &self,
        actor: &CurrentUser,
        user: UserId,
        role: Role,
    ) -> Result<UserSummary, Failure>;
}

/// Programs, cycles and the applications to them. Member methods act on the caller's own application only:
/// there is no parameter naming someone else's.
#[async_trait::async_trait]
pub trait Programs: Send + Sync {
    /// Every program with its cycles, newest cycle first (admin).
    async fn list_programs(&self) -> Result<Vec<ProgramView>, Failure>;
    /// Creates a program with the default option lists (`program_id` = `None`), or changes its name,
    /// description, contact and time zone; returns its id (admin).
    async fn save_program(
        &self,
        actor: &CurrentUser,
        program_id: Option<ProgramId>,
        form: ProgramForm,
    ) -> Result<ProgramId, Failure>;
    /// Creates a cycle, or changes one when `cycle_id` is given (for example to extend the window) (admin).
    async fn save_cycle(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        cycle_id: Option<CycleId>,
        form: CycleForm,
    ) -> Result<CycleId, Failure>;
    /// Saves the program's rhythm, from which the next cycle's dates are proposed (admin).
    async fn save_rhythm(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        rhythm: crate::rhythm::Rhythm,
    ) -> Result<(), Failure>;
    /// Every program and whether the viewer is on its interest list.
    async fn interest_list(
        &self,
        viewer: &CurrentUser,
    ) -> Result<Vec<crate::rhythm::InterestView>, Failure>;
    /// Puts the viewer on a program's interest list or takes them off.
    async fn set_interest(
        &self,
        viewer: &CurrentUser,
        program_id: ProgramId,
        on_list: bool,
    ) -> Result<(), Failure>;
    /// Cycles that are open or coming up, plus those the viewer applied to.
    async fn list_cycles(&self, viewer: &CurrentUser) -> Result<Vec<CycleSummary>, Failure>;
    async fn cycle_page(
        &self,
        viewer: &CurrentUser,
        cycle_id: CycleId,
    ) -> Result<CycleBrief, Failure>;
    /// Queued and sent emails, newest first (admin).
    async fn list_outbox(&self) -> Result<Outbox, Failure>;
    /// Queues a failed email again, from its first attempt (admin).
    async fn retry_email(&self, actor: &CurrentUser, email_id: i64) -> Result<(), Failure>;
}

/// Who a participant is: the secret of their phone's cookie, or their account when signed in.
#[derive(Clone, Debug, Default)]
pub struct ParticipantKey {
    pub token: Option<String>,
    pub user: Option<CurrentUser>,
    /// The phone's client address (joins are capped per address).
    pub client: Option<IpAddr>,
}

/// The second step of signing in (a code from an authenticator app), as a user turns it on and off.
#[async_trait::async_trait]
pub trait TwoStep: Send + Sync {
    /// The second step of a sign-in: a code from the authenticator app, or a recovery code, for `ticket`
    /// (throttled as passwords are).
    async fn finish_second_step(
        &self,
        ticket: &str,
        code: &str,
        client: Option<IpAddr>,
    ) -> Result<NewSession, Failure>;
    /// Starts turning on two-step sign-in: a new secret, pending until a code confirms it.
    async fn start_two_step(&self, user: UserId) -> Result<TwoStepSetup, Failure>;
    /// Confirms the pending secret with a code and turns two-step sign-in on; the recovery codes, shown once.
    async fn confirm_two_step(&self, user: UserId, code: &str) -> Result<Vec<String>, Failure>;
    /// Turns two-step sign-in off, given a current code or a recovery code.
    async fn disable_two_step(&self, user: UserId, code: &str) -> Result<(), Failure>;
}

/// The devices a user is signed in on, which they can sign out of one by one.
#[async_trait::async_trait]
pub trait AccountSessions: Send + Sync {
    /// The live sessions of `user`, the one of `current_token` marked.
    async fn list_account_sessions(
        &self,
        user: UserId,
        current_token: &str,
    ) -> Result<Vec<AccountSession>, Failure>;
    /// Signs out one of `user`'s sessions (another person's is `NotFound`).
    async fn end_account_session(
        &self,
        user: UserId,
        session: AccountSessionId,
    ) -> Result<(), Failure>;
}

/// Links sent by email: confirming an address, resetting a password, signing in, accepting an invitation.
#[async_trait::async_trait]
pub trait Links: Send + Sync {
    /// Emails a reset or sign-in link to `email` when it has an account. The answer is the same either
    /// way; too many requests for the address or from the client are refused (429).
    async fn request_link(
        &self,
        purpose: LinkPurpose,
        email: &str,
        client: Option<IpAddr>,
    ) -> Result<(), Failure>;
    /// Sends the signed-in user a new link to confirm their address (throttled like the others).
    async fn resend_verification(
        &self,
        user: &CurrentUser,
        client: Option<IpAddr>,
    ) -> Result<(), Failure>;
    /// Whose account a usable link is for; nothing is used up.
    async fn link_details(&self, purpose: LinkPurpose, token: &str)
        -> Result<LinkDetails, Failure>;
    /// Uses a link. Verify confirms the address and opens a session. Reset and Invite set `password` (Invite also
    /// the `name`), confirm the address, sign out every session, and open a new one; SignIn opens one.
    async fn use_link(
        &self,
        purpose: LinkPurpose,
        token: &str,
        name: Option<String>,
        password: Option<String>,
    ) -> Result<Option<SignedIn>, Failure>;
}

/// Invitations to create an account (admin): to anyone by email, or to a cycle's applicants without one.
#[async_trait::async_trait]
pub trait Invitations: Send + Sync {
    /// Invites people by email, creating accounts for new addresses with `role` (admin).
    async fn invite(
        &self,
        actor: &CurrentUser,
        people: Vec<Invitee>,
        role: Role,
    ) -> Result<InviteReport, Failure>;
    /// Invites every applicant of a cycle who has not signed in yet (an import's new accounts) (admin).
    async fn invite_applicants(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
    ) -> Result<InviteReport, Failure>;
}

/// Members' applications to a cycle, as they write them in the wizard and as admins list them.
#[async_trait::async_trait]
pub trait Applications: Send + Sync {
    /// The viewer's application to the cycle (an empty draft if none yet) with the form's options.
    async fn load_application(
        &self,
        viewer: &CurrentUser,
        cycle_id: CycleId,
    ) -> Result<WizardData, Failure>;
    /// Stores the working copy; refused outside the window and when `version` is not the stored one.
    async fn save_draft(
        &self,
        viewer: &CurrentUser,
        cycle_id: CycleId,
        form: ApplicationForm,
        step: Step,
        version: i64,
    ) -> Result<Saved, Failure>;
    /// Validates and submits (or resubmits) the application, queuing a confirmation email.
    async fn submit(
        &self,
        viewer: &CurrentUser,
        cycle_id: CycleId,
        form: ApplicationForm,
        version: i64,
    ) -> Result<Saved, Failure>;
    async fn withdraw(
        &self,
        viewer: &CurrentUser,
        cycle_id: CycleId,
        version: i64,
    ) -> Result<Saved, Failure>;
    /// A cycle's applications with every answer, the confidential one included (admin).
    async fn list_applications(&self, cycle_id: CycleId) -> Result<ApplicationsOverview, Failure>;
}

/// Applications brought in from a spreadsheet (admin).
#[async_trait::async_trait]
pub trait ApplicationImport: Send + Sync {
    /// Checks a CSV file of applications collected elsewhere and, unless `dry_run` or a row is bad, imports
    /// them all as submitted applications (creating member accounts where needed) (admin).
    async fn import_applications(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        csv: String,
        dry_run: bool,
    ) -> Result<ImportReport, Failure>;
}

/// A program's own option lists (competencies, areas of responsibility…) as admins edit them.
#[async_trait::async_trait]
pub trait OptionLists: Send + Sync {
    /// A program's option lists with whether each option is in use (admin).
    async fn program_options(&self, program_id: ProgramId) -> Result<ProgramOptions, Failure>;
    /// Adds an option at the end of its list, a competency at the end of the program's set `set_id` (admin).
    async fn add_option(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        kind: OptionKind,
        set_id: Option<i64>,
        label: String,
        description: String,
    ) -> Result<(), Failure>;
    /// Creates a competency set, copying another set's competencies if the form names one (admin).
    async fn create_competency_set(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        form: crate::competency_set::CompetencySetForm,
    ) -> Result<i64, Failure>;
    /// Retires (hides from new applications) or restores an option (admin).
    async fn set_option_retired(
        &self,
        actor: &CurrentUser,
        option_id: i64,
        retired: bool,
    ) -> Result<(), Failure>;
    /// Deletes an option no application uses; a used one answers a conflict (retire it instead) (admin).
    async fn delete_option(&self, actor: &CurrentUser, option_id: i64) -> Result<(), Failure>;
}

/// Workshops (speed peer-mentoring sessions) as their facilitators run them, and the screen everyone in the
/// room watches. Facilitator methods check that `actor` runs the session (or is an admin).
#[async_trait::async_trait]
pub trait Workshops: Send + Sync {
    /// The sessions `actor` runs (every session for an admin), newest first.
    async fn list_sessions(&self, actor: &CurrentUser) -> Result<Vec<SessionSummary>, Failure>;
    /// Creates a session from a validated form; returns its id.
    async fn create_session(
        &self,
        actor: &CurrentUser,
        form: SessionForm,
    ) -> Result<SessionId, Failure>;
    async fn console(
        &self,
        actor: &CurrentUser,
        session_id: SessionId,
    ) -> Result<ConsoleView, Failure>;
    /// Applies a control to the timer and tells every screen.
    async fn control(
        &self,
        actor: &CurrentUser,
        session_id: SessionId,
        control: Control,
    ) -> Result<Snapshot, Failure>;
    /// What every screen shows (public, by join code).
    async fn screen(&self, code: &str) -> Result<ScreenView, Failure>;
}

/// Workshops announced to programs, as their members see them coming.
#[async_trait::async_trait]
pub trait Announcements: Send + Sync {
    /// Programs a workshop can be announced to.
    async fn workshop_programs(&self) -> Result<Vec<WorkshopProgram>, Failure>;
    /// Workshops announced to the viewer's programs whose day is not over, soonest first.
    async fn upcoming_workshops(
        &self,
        viewer: &CurrentUser,
    ) -> Result<Vec<UpcomingWorkshop>, Failure>;
}

/// The people in a workshop's room. Their own methods act on the participant the key names, in the session
/// the code names; the facilitator's (`actor`) check that they run the session (or are an admin).
#[async_trait::async_trait]
pub trait Participants: Send + Sync {
    /// Adds a participant (or finds the one the key already names); returns the cookie token to set.
    async fn join(
        &self,
        code: &str,
        key: &ParticipantKey,
        join: ValidJoin,
    ) -> Result<String, Failure>;
    async fn me(&self, code: &str, key: &ParticipantKey) -> Result<MeView, Failure>;
    async fn save_notes(
        &self,
        code: &str,
        key: &ParticipantKey,
        notes: String,
    ) -> Result<(), Failure>;
    /// Keeps the participant's answers to the wrap-up questions, one per question in order.
    async fn save_wrap_up(
        &self,
        code: &str,
        key: &ParticipantKey,
        answers: Vec<String>,
    ) -> Result<(), Failure>;
    /// Queues the notes to the participant's email address (given now or when joining).
    async fn email_notes(
        &self,
        code: &str,
        key: &ParticipantKey,
        email: String,
    ) -> Result<(), Failure>;
    /// Replaces whom the participant would like to continue with (only people they met).
    async fn choose_follow_ups(
        &self,
        code: &str,
        key: &ParticipantKey,
        chosen: Vec<i64>,
    ) -> Result<MeView, Failure>;
    async fn leave(&self, code: &str, key: &ParticipantKey) -> Result<(), Failure>;
    /// Removes a participant from the next round on (they left the room).
    async fn remove_participant(
        &self,
        actor: &CurrentUser,
        session_id: SessionId,
        participant_id: i64,
    ) -> Result<(), Failure>;
    /// Queues an invitation to apply to `cycle_id` for every mutual pair with email addresses (admin);
    /// returns how many people were invited.
    async fn invite_mutual(
        &self,
        actor: &CurrentUser,
        session_id: SessionId,
        cycle_id: CycleId,
    ) -> Result<u32, Failure>;
}

/// A saved matching run read a part at a time, for a large cohort's page (admin).
#[async_trait::async_trait]
pub trait RunBrowser: Send + Sync {
    /// Run `run_number`'s groups from `offset` (a page at most), only those with a member whose name contains
    /// `query` (any case) when it is not empty.
    async fn run_groups(
        &self,
        cycle_id: CycleId,
        run_number: i32,
        query: &str,
        offset: usize,
    ) -> Result<GroupPage, Failure>;
    /// The first few people of run `run_number` whose "name — institution" contains `query` (any case), by name.
    async fn find_people(
        &self,
        cycle_id: CycleId,
        run_number: i32,
        query: &str,
    ) -> Result<Vec<Member>, Failure>;
    /// Everyone whose peers changed between run `run_number` and the run before it.
    async fn moved(&self, cycle_id: CycleId, run_number: i32) -> Result<Vec<PeerChange>, Failure>;
}

/// Matching a cycle's applicants into pairs, and publishing them (admin).
#[async_trait::async_trait]
pub trait Matching: Send + Sync {
    /// Where the cycle's matching stands, showing run `run_number` (default: the newest).
    async fn matching_page(
        &self,
        cycle_id: CycleId,
        run_number: Option<i32>,
    ) -> Result<MatchingPage, Failure>;
    /// The figures a run with these settings would give, compared with run `against`; nothing is saved.
    async fn preview_matching(
        &self,
        cycle_id: CycleId,
        mode: Mode,
        weights: Weights,
        against: Option<i32>,
    ) -> Result<Preview, Failure>;
    /// How far the cycle's matching run has got, while one is under way.
    async fn run_progress(&self, cycle_id: CycleId) -> Result<Option<RunProgress>, Failure>;
    /// Saves the settings and solves, honouring locked and forbidden pairs; returns the new run's number.
    async fn run_matching(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        mode: Mode,
        weights: Weights,
    ) -> Result<i32, Failure>;
    /// Locks or forbids a pair for the next run, or clears that.
    async fn set_pair_rule(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        pair: [UserId; 2],
        rule: PairRule,
    ) -> Result<(), Failure>;
    /// What an adjustment of run `run_number` would change; nothing is saved.
    async fn preview_adjustment(
        &self,
        cycle_id: CycleId,
        run_number: i32,
        adjustment: Adjustment,
    ) -> Result<AdjustmentPreview, Failure>;
    /// Saves the adjusted run as a new run (the new pair is locked for later runs); returns its number.
    async fn apply_adjustment(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        run_number: i32,
        adjustment: Adjustment,
    ) -> Result<i32, Failure>;
    async fn save_intro_template(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        template: IntroTemplate,
    ) -> Result<(), Failure>;
    /// The introduction `template` would send to one real group of run `run_number`: the one `member` is in.
    async fn preview_intro(
        &self,
        cycle_id: CycleId,
        run_number: i32,
        member: UserId,
        template: IntroTemplate,
    ) -> Result<IntroPreview, Failure>;
    /// Makes run `run_number` the cycle's pairs and queues the introductions, in one transaction; a
    /// cycle is published once.
    async fn publish(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        run_number: i32,
    ) -> Result<Published, Failure>;
}

/// Published pairs: each member's workspace (only pairs the viewer belongs to; others are "not found"), and
/// the admin's overview and re-assignments.
#[async_trait::async_trait]
pub trait Workspaces: Send + Sync {
    async fn my_pairs(&self, viewer: &CurrentUser) -> Result<Vec<PairSummary>, Failure>;
    async fn workspace(&self, viewer: &CurrentUser, pair_id: PairId) -> Result<Workspace, Failure>;
    async fn add_goal(
        &self,
        viewer: &CurrentUser,
        pair_id: PairId,
        form: GoalForm,
    ) -> Result<(), Failure>;
    async fn update_goal(
        &self,
        viewer: &CurrentUser,
        goal_id: i64,
        update: GoalUpdate,
    ) -> Result<(), Failure>;
    async fn log_check_in(
        &self,
        viewer: &CurrentUser,
        pair_id: PairId,
        form: CheckInForm,
    ) -> Result<(), Failure>;
    async fn save_private_note(
        &self,
        viewer: &CurrentUser,
        check_in_id: i64,
        note: String,
    ) -> Result<(), Failure>;
    async fn set_checklist(
        &self,
        viewer: &CurrentUser,
        pair_id: PairId,
        item: String,
        done: bool,
    ) -> Result<(), Failure>;
    async fn end_pair(
        &self,
        viewer: &CurrentUser,
        pair_id: PairId,
        reason: String,
    ) -> Result<(), Failure>;
    /// A cycle's published pairs and their activity (admin).
    /// Records the viewer's answer to how their finished relationship ended.
    async fn record_outcome(
        &self,
        viewer: &CurrentUser,
        pair_id: PairId,
        form: crate::outcome::OutcomeForm,
    ) -> Result<(), Failure>;

    async fn overview(&self, cycle_id: CycleId) -> Result<CycleOverview, Failure>;
    /// What a message to the cycle's members would send, and to whom (admin).
    async fn preview_message(
        &self,
        cycle_id: CycleId,
        form: crate::message::MessageForm,
    ) -> Result<crate::message::MessagePreview, Failure>;
    /// Queues the message, one email per person; returns how many (admin).
    async fn send_message(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        form: crate::message::MessageForm,
    ) -> Result<usize, Failure>;
    /// A program's evaluation: charts across its cycles, over time, and for `cycle_id` (or its latest) (admin).
    async fn evaluation(
        &self,
        program_id: ProgramId,
        cycle_id: Option<CycleId>,
    ) -> Result<crate::evaluation::ProgramEvaluation, Failure>;
    /// Re-pairs `person` with `peer` in a published cycle, emailing everyone affected the reason (admin).
    async fn reassign(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        person: UserId,
        peer: UserId,
        reason: String,
    ) -> Result<(), Failure>;
}

/// Everything the server lends to server functions; provided in context for every request.
#[derive(Clone)]
pub struct Services {
    pub accounts: Arc<dyn Accounts>,
    pub two_step: Arc<dyn TwoStep>,
    pub account_sessions: Arc<dyn AccountSessions>,
    pub links: Arc<dyn Links>,
    pub invitations: Arc<dyn Invitations>,
    pub surveys: Arc<dyn Surveys>,
    pub programs: Arc<dyn Programs>,
    pub applications: Arc<dyn Applications>,
    pub application_import: Arc<dyn ApplicationImport>,
    pub option_lists: Arc<dyn OptionLists>,
    pub workshops: Arc<dyn Workshops>,
    pub announcements: Arc<dyn Announcements>,
    pub participants: Arc<dyn Participants>,
    pub matching: Arc<dyn Matching>,
    pub run_browser: Arc<dyn RunBrowser>,
    pub workspaces: Arc<dyn Workspaces>,
    /// Whether cookies carry `Secure` (the public URL is https).
    pub secure_cookies: bool,
    /// The name of the single sign-on provider, when one is configured.
    pub sso_name: Option<String>,
}

/// Surveys of a cycle: built and read by admins, answered by the cycle's members.
#[async_trait::async_trait]
pub trait Surveys: Send + Sync {
    /// A cycle's surveys with their response counts (admin).
    async fn cycle_surveys(
        &self,
        cycle_id: CycleId,
    ) -> Result<crate::survey::CycleSurveys, Failure>;
    /// Creates a checked survey; it is sent on its date (at once when that is today or past). Returns its id.
    async fn create_survey(
        &self,
        actor: &CurrentUser,
        cycle_id: CycleId,
        form: crate::survey::SurveyForm,
    ) -> Result<SurveyId, Failure>;
    /// The response rate and each question's results (admin).
    async fn results(&self, survey_id: SurveyId) -> Result<crate::survey::SurveyResults, Failure>;
    /// The survey as the viewer answers it, if they were asked.
    async fn survey_page(
        &self,
        viewer: &CurrentUser,
        survey_id: SurveyId,
    ) -> Result<crate::survey::SurveyPage, Failure>;
    /// Saves the viewer's draft, or sends their answers (`submit`), once.
    async fn answer(
        &self,
        viewer: &CurrentUser,
        survey_id: SurveyId,
        answers: crate::survey::Answers,
        submit: bool,
    ) -> Result<(), Failure>;
    /// Surveys open and waiting for the viewer's answers.
    async fn open_surveys(
        &self,
        viewer: &CurrentUser,
    ) -> Result<Vec<crate::survey::OpenSurvey>, Failure>;
}

/// Who is asking, resolved once per request by the server's session middleware and stored in the request's
/// extensions; the guard reads it from there.
#[derive(Clone, Debug, Default)]
pub struct RequestAuth {
    pub user: Option<CurrentUser>,
    /// The raw session token from the cookie, when it named a live session.
    pub session_token: Option<String>,
    pub client_ip: Option<IpAddr>,
}
