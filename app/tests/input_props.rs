//! Property tests: arbitrary input, as an attacker or a broken client would send it, never makes a form's
//! decoding or validation panic. Each server function decodes its arguments (JSON or form fields) into these
//! types and validates them first; here they get arbitrary bytes and arbitrary text in every field.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::competency_set::{validate_competency_set, CompetencySetForm};
use app::program::{validate_cycle_shape, validate_program, CycleForm, ProgramForm};
use app::speed::session::{normalize_code, validate_join, validate_session, JoinForm, SessionForm};
use app::types::SignUpForm;
use app::validation::{
    check_new_password, normalize_email, normalize_name, validate_new_password,
    validate_password_change, validate_sign_up,
};
use app::workspace::{validate_check_in, validate_goal, validate_reason, CheckInForm, GoalForm};
use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "\\PC{0,600}",
        "[ \\t\\n@=+\\-.]{0,20}",
        Just(String::new())
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_decode_or_fail_cleanly_and_what_decodes_validates(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(form) = serde_json::from_slice::<GoalForm>(&bytes) {
            let _ = validate_goal(&form);
        }
        if let Ok(form) = serde_json::from_slice::<CheckInForm>(&bytes) {
            let _ = validate_check_in(&form, "2026-11-28");
        }
        if let Ok(form) = serde_json::from_slice::<SessionForm>(&bytes) {
            let _ = validate_session(&form);
        }
        if let Ok(form) = serde_json::from_slice::<CycleForm>(&bytes) {
            let _ = validate_cycle_shape(&form);
        }
        if let Ok(form) = serde_json::from_slice::<ProgramForm>(&bytes) {
            let _ = validate_program(&form);
        }
        let _ = serde_json::from_slice::<app::application::ApplicationForm>(&bytes);
        let _ = serde_json::from_slice::<app::types::AccountSessionId>(&bytes);
    }

    #[test]
    fn account_forms_take_any_text(
        name in any_text(), email in any_text(), password in any_text(),
        institution_name in any_text(), institution_type in any_text(),
    ) {
        let _ = normalize_email(&email);
        let _ = normalize_name(&name);
        let _ = check_new_password(&password);
        let _ = validate_new_password(&password, &name);
        let _ = validate_password_change(&name, &password, &email);
        let _ = validate_sign_up(&SignUpForm { name, email, password, institution_name, institution_type });
    }

    #[test]
    fn room_and_workspace_forms_take_any_text(
        a in any_text(), b in any_text(), c in any_text(), date in any_text(), usefulness in any::<u8>(),
    ) {
        let _ = normalize_code(&a);
        let _ = validate_join(&JoinForm { name: a.clone(), email: b.clone(), institution: c.clone() });
        let _ = validate_reason(&c);
        let _ = validate_check_in(
            &CheckInForm { met_on: date.clone(), how: a.clone(), notes: b.clone(), goals_moved: vec![-1, i64::MAX], usefulness, private_note: c.clone() },
            &date,
        );
        let _ = validate_cycle_shape(&CycleForm {
            name: a.clone(), opens_at: b.clone(), closes_at: c.clone(), matching_on: date.clone(),
            relationship_starts_on: date.clone(), length_months: a.clone(), competency_set_id: None,
        });
        let _ = validate_competency_set(&CompetencySetForm {
            name: a.clone(), entry: b.clone(), middle: c.clone(), expert: date.clone(), copy_from: None,
        });
        let _ = validate_program(&ProgramForm { name: a, description: b, contact_email: c, time_zone: date });
    }
}
