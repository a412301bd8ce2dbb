//! The ordered list of migrations. An applied migration is never edited: add a new one.

use sea_orm_migration::prelude::*;

mod m20261123_000001_create_accounts;
mod m20261123_000002_create_programs;
mod m20261123_000003_create_speed;
mod m20261123_000004_outbox_delivery;
mod m20261124_000005_create_matching;
mod m20261124_000006_create_workspace;
mod m20261127_000007_identity;
mod m20261128_000008_session_activity;
mod m20261128_000009_room_limits;
mod m20261128_000010_two_step;
mod m20261128_000011_pair_outcomes;
mod m20261128_000012_cycle_rhythm;
mod m20261128_000013_surveys;
mod m20261128_000014_competency_sets;
mod m20261128_000015_wrap_up_answers;
mod m20261128_000016_announced_workshops;
mod m20261128_000017_job_leases;
mod m20261129_000018_matching_progress;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_accounts::Migration),
            Box::new(m20261123_000002_create_programs::Migration),
            Box::new(m20261123_000003_create_speed::Migration),
            Box::new(m20261123_000004_outbox_delivery::Migration),
            Box::new(m20261124_000005_create_matching::Migration),
            Box::new(m20261124_000006_create_workspace::Migration),
            Box::new(m20261127_000007_identity::Migration),
            Box::new(m20261128_000008_session_activity::Migration),
            Box::new(m20261128_000009_room_limits::Migration),
            Box::new(m20261128_000010_two_step::Migration),
            Box::new(m20261128_000011_pair_outcomes::Migration),
            Box::new(m20261128_000012_cycle_rhythm::Migration),
            Box::new(m20261128_000013_surveys::Migration),
            Box::new(m20261128_000014_competency_sets::Migration),
            Box::new(m20261128_000015_wrap_up_answers::Migration),
            Box::new(m20261128_000016_announced_workshops::Migration),
            Box::new(m20261128_000017_job_leases::Migration),
            Box::new(m20261129_000018_matching_progress::Migration),
        ]
    }
}
