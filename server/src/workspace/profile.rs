//! A member as their peer sees them: their account and the shared answers of their application to the
//! pair's cycle. The confidential assignment preference is not part of it.

use app::application::ApplicationForm;
use app::types::CycleId;
use app::workspace::PeerProfile;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::entities::{app_user, application};
use crate::error::Result;

/// The profile of `user_id` for a pair of `cycle_id`.
///
/// # Errors
/// Database failures; a member whose account is gone is shown by id.
pub async fn profile(
    db: &impl ConnectionTrait,
    cycle_id: CycleId,
    user_id: i64,
) -> Result<PeerProfile> {
    let user = app_user::Entity::find_by_id(user_id).one(db).await?;
    let form: ApplicationForm = application::Entity::find()
        .filter(application::Column::CycleId.eq(cycle_id.0))
        .filter(application::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .and_then(|row| {
            serde_json::from_str(row.submitted_form.as_deref().unwrap_or(&row.form)).ok()
        })
        .unwrap_or_default();
    Ok(shared(user_id, user, form))
}

/// Builds the profile field by field, so nothing confidential can slip in with a new field.
fn shared(id: i64, user: Option<app_user::Model>, form: ApplicationForm) -> PeerProfile {
    let (name, email, institution) = user.map_or_else(
        || (format!("Member {id}"), String::new(), String::new()),
        |u| (u.name, u.email, u.institution_name),
    );
    PeerProfile {
        id,
        name,
        email,
        institution,
        institution_types: form.institution_types,
        enrollment_size: form.enrollment_size,
        time_zone: form.time_zone,
        areas: form.areas,
        strengths: form.strengths,
        growth: form.growth,
        goals: form.goals,
        meeting_frequency: form.meeting_frequency,
        communication_methods: form.communication_methods,
        resource_formats: form.resource_formats,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confidential_preference_is_not_shared() {
        let form = ApplicationForm {
            assignment_preference: "Same type of institution".into(),
            goals: "Lead the SIS move".into(),
            ..ApplicationForm::default()
        };
        let text = serde_json::to_string(&shared(7, None, form)).expect("json");
        assert!(text.contains("Lead the SIS move"));
        assert!(!text.contains("Same type of institution"));
        assert!(!text.contains("preference"));
    }
}
