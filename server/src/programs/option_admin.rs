//! The admin's edits of a program's option lists. An option some application chose can be retired (new
//! applications no longer offer it) but not deleted, so no stored answer loses its meaning.

use app::error::AppError;
use app::program::{OptionItem, OptionKind, ProgramOptions};
use app::types::CurrentUser;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::options::{form_uses, program_forms};
use super::DbPrograms;
use crate::auth::accounts::audit;
use crate::db::entities::program_option;
use crate::error::{is_unique_violation, Error, Result};

impl DbPrograms {
    pub(super) async fn try_program_options(&self, program_id: i64) -> Result<ProgramOptions> {
        let program = self.program(program_id).await?;
        let rows = program_option::Entity::find()
            .filter(program_option::Column::ProgramId.eq(program.id))
            .order_by_asc(program_option::Column::Position)
            .order_by_asc(program_option::Column::Id)
            .all(&self.db)
            .await?;
        let forms = program_forms(&self.db, program.id).await?;
        let lists = OptionKind::ALL
            .into_iter()
            .map(|kind| {
                let items = rows
                    .iter()
                    .filter(|r| r.kind == kind.as_str())
                    .map(|r| OptionItem {
                        id: r.id,
                        label: r.label.clone(),
                        description: r.description.clone(),
                        retired: r.retired,
                        used: forms.iter().any(|f| form_uses(f, kind, &r.label)),
                    })
                    .collect();
                (kind, items)
            })
            .collect();
        Ok(ProgramOptions {
            program_id: program.id,
            program_name: program.name,
            lists,
        })
    }

    pub(super) async fn try_add_option(
        &self,
        actor: &CurrentUser,
        program_id: i64,
        kind: OptionKind,
        label: String,
        description: String,
    ) -> Result<()> {
        let program = self.program(program_id).await?;
        let last: Option<i32> = program_option::Entity::find()
            .select_only()
            .column_as(program_option::Column::Position.max(), "max")
            .filter(program_option::Column::ProgramId.eq(program.id))
            .filter(program_option::Column::Kind.eq(kind.as_str()))
            .into_tuple()
            .one(&self.db)
            .await?
            .flatten();
        program_option::ActiveModel {
            program_id: Set(program.id),
            kind: Set(kind.as_str().to_owned()),
            label: Set(label.clone()),
            description: Set(description),
            position: Set(last.map_or(0, |p| p.saturating_add(1))),
            retired: Set(false),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::from(AppError::invalid(
                    "label",
                    "That option is already on the list (perhaps retired: restore it).",
                ))
            } else {
                Error::Db(e)
            }
        })?;
        audit(
            &self.db,
            Some(actor.id),
            "option.added",
            &format!("program:{}", program.id),
            serde_json::json!({ "kind": kind.as_str(), "label": label }),
        )
        .await
    }

    async fn option(&self, option_id: i64) -> Result<program_option::Model> {
        Ok(program_option::Entity::find_by_id(option_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?)
    }

    pub(super) async fn try_set_option_retired(
        &self,
        actor: &CurrentUser,
        option_id: i64,
        retired: bool,
    ) -> Result<()> {
        let option = self.option(option_id).await?;
        let (program_id, label) = (option.program_id, option.label.clone());
        let mut active = option.into_active_model();
        active.retired = Set(retired);
        active.update(&self.db).await?;
        audit(
            &self.db,
            Some(actor.id),
            if retired {
                "option.retired"
            } else {
                "option.restored"
            },
            &format!("program:{program_id}"),
            serde_json::json!({ "label": label }),
        )
        .await
    }

    pub(super) async fn try_delete_option(
        &self,
        actor: &CurrentUser,
        option_id: i64,
    ) -> Result<()> {
        let option = self.option(option_id).await?;
        let kind = OptionKind::parse(&option.kind).ok_or(AppError::NotFound)?;
        let forms = program_forms(&self.db, option.program_id).await?;
        if forms.iter().any(|f| form_uses(f, kind, &option.label)) {
            return Err(AppError::Conflict(format!(
                "\u{201c}{}\u{201d} is chosen in at least one application, so it cannot be deleted. Retire it instead: new applications will not offer it.",
                option.label
            ))
            .into());
        }
        program_option::Entity::delete_by_id(option.id)
            .exec(&self.db)
            .await?;
        audit(
            &self.db,
            Some(actor.id),
            "option.deleted",
            &format!("program:{}", option.program_id),
            serde_json::json!({ "kind": option.kind, "label": option.label }),
        )
        .await
    }
}
