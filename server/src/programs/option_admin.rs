//! The admin's edits of a program's option lists and competency sets. An option some application chose can be retired (new
//! applications no longer offer it) but not deleted, so no stored answer loses its meaning.

use app::api::ports;
use app::competency_set::{CompetencySetForm, CompetencySetView};
use app::error::AppError;
use app::option_lists::{OptionItem, OptionKind, ProgramOptions};
use app::types::{CurrentUser, ProgramId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

use super::options::{cycle_set, levels, option_used, program_forms, sets_of_program};
use super::DbPrograms;
use crate::audit;
use crate::db::entities::{competency_set, cycle, program_option};
use crate::error::{is_unique_violation, Failure, Result};

impl DbPrograms {
    /// A program's competency sets, oldest first.
    pub(super) async fn competency_sets(
        &self,
        program_id: ProgramId,
    ) -> Result<Vec<competency_set::Model>> {
        sets_of_program(&self.db, program_id).await
    }

    /// A program's set, `NotFound` for another program's.
    pub(super) async fn competency_set(
        &self,
        program_id: ProgramId,
        set_id: i64,
    ) -> Result<competency_set::Model> {
        Ok(competency_set::Entity::find_by_id(set_id)
            .filter(competency_set::Column::ProgramId.eq(program_id.0))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?)
    }

    async fn option(&self, option_id: i64) -> Result<program_option::Model> {
        Ok(program_option::Entity::find_by_id(option_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?)
    }
}

#[async_trait::async_trait]
impl ports::OptionLists for DbPrograms {
    #[tracing::instrument(skip_all)]
    async fn program_options(&self, program_id: ProgramId) -> Result<ProgramOptions> {
        let program = self.program(program_id).await?;
        let rows = program_option::Entity::find()
            .filter(program_option::Column::ProgramId.eq(program.id))
            .order_by_asc(program_option::Column::Position)
            .order_by_asc(program_option::Column::Id)
            .all(&self.db)
            .await?;
        let forms = program_forms(&self.db, program.id()).await?;
        let items = |keep: &dyn Fn(&program_option::Model) -> bool| -> Vec<OptionItem> {
            rows.iter()
                .filter(|r| keep(r))
                .map(|r| OptionItem {
                    id: r.id,
                    label: r.label.clone(),
                    description: r.description.clone(),
                    retired: r.retired,
                    used: option_used(&forms, r),
                })
                .collect()
        };
        let lists = OptionKind::ALL
            .into_iter()
            .filter(|kind| *kind != OptionKind::Competency)
            .map(|kind| (kind, items(&|r| r.kind == kind.as_str())))
            .collect();
        let cycles = cycle::Entity::find()
            .filter(cycle::Column::ProgramId.eq(program.id))
            .order_by_desc(cycle::Column::OpensAt)
            .all(&self.db)
            .await?;
        let sets = self.competency_sets(program.id()).await?;
        let cycle_sets: Vec<(Option<i64>, String)> = cycles
            .into_iter()
            .map(|c| (cycle_set(c.competency_set_id, &sets), c.name))
            .collect();
        let competency_sets = sets
            .into_iter()
            .map(|set| CompetencySetView {
                id: set.id,
                competencies: items(&|r| r.competency_set_id == Some(set.id)),
                cycles: cycle_sets
                    .iter()
                    .filter(|(id, _)| *id == Some(set.id))
                    .map(|(_, name)| name.clone())
                    .collect(),
                levels: levels(&set),
                name: set.name,
            })
            .collect();
        Ok(ProgramOptions {
            program_id: program.id(),
            program_name: program.name,
            lists,
            competency_sets,
        })
    }

    /// Adds an option to one of the form's lists, or with `set_id` a competency to that set (the program's).
    #[tracing::instrument(skip_all)]
    async fn add_option(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        kind: OptionKind,
        set_id: Option<i64>,
        label: String,
        description: String,
    ) -> Result<()> {
        let program = self.program(program_id).await?;
        let set = match (kind, set_id) {
            (OptionKind::Competency, Some(id)) => {
                Some(self.competency_set(program.id(), id).await?)
            }
            (OptionKind::Competency, None) => {
                return Err(
                    AppError::invalid("set", "Choose the competency set to add it to.").into(),
                )
            }
            (_, Some(_)) => {
                return Err(AppError::invalid("set", "Only competencies belong to a set.").into())
            }
            (_, None) => None,
        };
        let set_id = set.as_ref().map(|s| s.id);
        let last: Option<i32> = program_option::Entity::find()
            .select_only()
            .column_as(program_option::Column::Position.max(), "max")
            .filter(program_option::Column::ProgramId.eq(program.id))
            .filter(program_option::Column::Kind.eq(kind.as_str()))
            .filter(match set_id {
                Some(id) => program_option::Column::CompetencySetId.eq(id),
                None => program_option::Column::CompetencySetId.is_null(),
            })
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
            competency_set_id: Set(set_id),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Failure::from(AppError::invalid(
                    "label",
                    "That option is already on the list (perhaps retired: restore it).",
                ))
            } else {
                Failure::from(e)
            }
        })?;
        audit::record(
            &self.db,
            Some(actor.id),
            "option.added",
            &format!("program:{}", program.id),
            serde_json::json!({ "kind": kind.as_str(), "label": label,
                "competency_set": set.map(|s| s.name) }),
        )
        .await
    }

    /// Creates a competency set, empty or with a copy of another set's competencies (retired ones stay
    /// retired).
    #[tracing::instrument(skip_all)]
    async fn create_competency_set(
        &self,
        actor: &CurrentUser,
        program_id: ProgramId,
        form: CompetencySetForm,
    ) -> Result<i64> {
        let program = self.program(program_id).await?;
        let source = match form.copy_from {
            Some(id) => Some(self.competency_set(program.id(), id).await.map_err(|_| {
                AppError::invalid("copy_from", "Choose one of this program's sets.")
            })?),
            None => None,
        };
        let txn = self.db.begin().await?;
        let set = competency_set::ActiveModel {
            program_id: Set(program.id),
            name: Set(form.name.clone()),
            entry_level: Set(form.entry),
            middle_level: Set(form.middle),
            expert_level: Set(form.expert),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Failure::from(AppError::invalid(
                    "name",
                    "This program already has a set of that name.",
                ))
            } else {
                Failure::from(e)
            }
        })?;
        if let Some(source) = &source {
            let copies: Vec<program_option::ActiveModel> = program_option::Entity::find()
                .filter(program_option::Column::CompetencySetId.eq(source.id))
                .all(&txn)
                .await?
                .into_iter()
                .map(|row| program_option::ActiveModel {
                    program_id: Set(row.program_id),
                    kind: Set(row.kind),
                    label: Set(row.label),
                    description: Set(row.description),
                    position: Set(row.position),
                    retired: Set(row.retired),
                    competency_set_id: Set(Some(set.id)),
                    ..Default::default()
                })
                .collect();
            if !copies.is_empty() {
                program_option::Entity::insert_many(copies)
                    .exec(&txn)
                    .await?;
            }
        }
        audit::record(
            &txn,
            Some(actor.id),
            "competency_set.created",
            &format!("program:{}", program.id),
            serde_json::json!({ "name": form.name, "copy_of": source.map(|s| s.name) }),
        )
        .await?;
        txn.commit().await?;
        Ok(set.id)
    }

    #[tracing::instrument(skip_all)]
    async fn set_option_retired(
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
        audit::record(
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

    #[tracing::instrument(skip_all)]
    async fn delete_option(&self, actor: &CurrentUser, option_id: i64) -> Result<()> {
        let option = self.option(option_id).await?;
        let forms = program_forms(&self.db, ProgramId(option.program_id)).await?;
        if option_used(&forms, &option) {
            return Err(AppError::Conflict(format!(
                "\u{201c}{}\u{201d} is chosen in at least one application, so it cannot be deleted. Retire it instead: new applications will not offer it.",
                option.label
            ))
            .into());
        }
        program_option::Entity::delete_by_id(option.id)
            .exec(&self.db)
            .await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "option.deleted",
            &format!("program:{}", option.program_id),
            serde_json::json!({ "kind": option.kind, "label": option.label }),
        )
        .await
    }
}
