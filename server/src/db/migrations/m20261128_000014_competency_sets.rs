//! Competency sets: a program's competency list is versioned (the association replaced its 2015 set in 2026,
//! with new level names), and each cycle records the set its applications rank. Every existing program gets
//! its competencies as a "2015 Core Competencies" set, and every existing cycle uses it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_integer_null, string};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261128_000014_competency_sets"
    }
}

#[derive(DeriveIden)]
enum Program {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CompetencySet {
    Table,
    Id,
    ProgramId,
    Name,
    EntryLevel,
    MiddleLevel,
    ExpertLevel,
}

#[derive(DeriveIden)]
enum ProgramOption {
    Table,
    CompetencySetId,
}

#[derive(DeriveIden)]
enum Cycle {
    Table,
    CompetencySetId,
}

/// The data already stored, moved into one set per program. Plain SQL both databases read alike.
const FILL: [&str; 3] = [
    "INSERT INTO competency_set (program_id, name, entry_level, middle_level, expert_level) \
     SELECT id, '2015 Core Competencies', 'entry', 'intermediate', 'expert' FROM program",
    "UPDATE program_option SET competency_set_id = \
     (SELECT s.id FROM competency_set s WHERE s.program_id = program_option.program_id) \
     WHERE kind = 'competency'",
    "UPDATE cycle SET competency_set_id = \
     (SELECT s.id FROM competency_set s WHERE s.program_id = cycle.program_id)",
];

/// An option's label is unique in its list: per program for the form's lists, per set for competencies.
/// Partial indexes, since a NULL set would make every plain option distinct.
const UNIQUE_LABELS: [&str; 3] = [
    "DROP INDEX idx_program_option_label",
    "CREATE UNIQUE INDEX ux_program_option_label ON program_option (program_id, kind, label) \
     WHERE competency_set_id IS NULL",
    "CREATE UNIQUE INDEX ux_competency_label ON program_option (competency_set_id, label) \
     WHERE competency_set_id IS NOT NULL",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CompetencySet::Table)
                    .col(
                        big_integer(CompetencySet::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(CompetencySet::ProgramId))
                    .col(string(CompetencySet::Name))
                    .col(string(CompetencySet::EntryLevel))
                    .col(string(CompetencySet::MiddleLevel))
                    .col(string(CompetencySet::ExpertLevel))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_competency_set_program")
                            .from(CompetencySet::Table, CompetencySet::ProgramId)
                            .to(Program::Table, Program::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_competency_set_name")
                    .table(CompetencySet::Table)
                    .col(CompetencySet::ProgramId)
                    .col(CompetencySet::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // SQLite cannot add a foreign key to an existing table: the code keeps these ids in the program.
        manager
            .alter_table(
                Table::alter()
                    .table(ProgramOption::Table)
                    .add_column(big_integer_null(ProgramOption::CompetencySetId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cycle::Table)
                    .add_column(big_integer_null(Cycle::CompetencySetId))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for sql in FILL.iter().chain(&UNIQUE_LABELS) {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in [
            "DROP INDEX ux_competency_label",
            "DROP INDEX ux_program_option_label",
            "CREATE UNIQUE INDEX idx_program_option_label ON program_option (program_id, kind, label)",
        ] {
            db.execute_unprepared(sql).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Cycle::Table)
                    .drop_column(Cycle::CompetencySetId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ProgramOption::Table)
                    .drop_column(ProgramOption::CompetencySetId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(CompetencySet::Table).to_owned())
            .await
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database, Statement};
    use sea_orm_migration::MigratorTrait;

    use crate::db::migrations::Migrator;

    async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
        let row = db
            .query_one(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index(0).unwrap()
    }

    #[tokio::test]
    async fn stored_competencies_and_cycles_move_into_a_first_set() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        Migrator::up(&db, Some(13)).await.unwrap();
        for sql in [
            "INSERT INTO program (id, name, description, contact_email, time_zone, created_at, updated_at) \
             VALUES (7, 'P', '', 'p@example.edu', 'UTC', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')",
            "INSERT INTO program_option (program_id, kind, label, description, position) VALUES \
             (7, 'competency', 'Problem Solving', '', 0), (7, 'area', 'Problem Solving', '', 0)",
            "INSERT INTO cycle (program_id, name, opens_at, closes_at, matching_on, relationship_starts_on, \
             length_months, created_at, updated_at) VALUES (7, 'Fall', '2026-09-01 00:00:00+00:00', \
             '2026-09-21 00:00:00+00:00', '2026-09-28', '2026-10-05', 6, '2026-01-01 00:00:00+00:00', \
             '2026-01-01 00:00:00+00:00')",
        ] {
            db.execute_unprepared(sql).await.unwrap();
        }
        Migrator::up(&db, None).await.unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM competency_set WHERE program_id = 7 AND name = '2015 Core Competencies' AND expert_level = 'expert'").await,
            1
        );
        let set = count(&db, "SELECT id FROM competency_set WHERE program_id = 7").await;
        let in_set = format!("SELECT COUNT(*) FROM program_option WHERE competency_set_id = {set}");
        assert_eq!(count(&db, &in_set).await, 1, "the competency, not the area");
        let cycles = format!("SELECT COUNT(*) FROM cycle WHERE competency_set_id = {set}");
        assert_eq!(count(&db, &cycles).await, 1);
        // A label stays unique in its list, and a new set may repeat another set's label.
        let again = "INSERT INTO program_option (program_id, kind, label, description, position) \
                     VALUES (7, 'area', 'Problem Solving', '', 1)";
        assert!(db.execute_unprepared(again).await.is_err());
        let other_set = "INSERT INTO competency_set (program_id, name, entry_level, middle_level, expert_level) \
                         VALUES (7, '2026', 'foundational', 'intermediate', 'advanced')";
        db.execute_unprepared(other_set).await.unwrap();
        let repeat = "INSERT INTO program_option (program_id, kind, label, description, position, competency_set_id) \
                      SELECT 7, 'competency', 'Problem Solving', '', 0, id FROM competency_set WHERE name = '2026'";
        db.execute_unprepared(repeat).await.unwrap();
    }
}
