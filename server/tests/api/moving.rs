//! Moving off SQLite: `shoulder copy` carries every table of the demo's SQLite database into an empty PostgreSQL
//! database, whose app then serves the same data and adds new rows after the copied ones; `shoulder backup`
//! writes a consistent SQLite copy while the app runs.

use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Statement};
use shoulder_server::db::backup::{backup_sqlite, BackupError};
use shoulder_server::db::copy::{copy_database, CopyError};
use shoulder_server::db::entities::{app_user, application, peer_pair};

use crate::helpers::{
    demo_closed_cycle, fresh_postgres_database, spawn_app, spawn_app_on, Backend,
};

/// The tables of the SQLite schema, without the migrations' own bookkeeping, by name.
async fn schema_tables(app: &crate::helpers::TestApp) -> Vec<String> {
    let rows = app
        .state
        .db
        .query_all(Statement::from_string(
            app.state.db.get_database_backend(),
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> 'seaql_migrations' ORDER BY name",
        ))
        .await
        .expect("schema");
    rows.iter()
        .map(|row| row.try_get::<String>("", "name").expect("name"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_database_copies_to_postgres_and_serves_the_same_data() {
    let Some(target_url) = fresh_postgres_database().await else {
        return;
    };
    // The demo with its closed cycle matched and published: pairs, members, introductions in the outbox.
    let source = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    crate::workspace::rosa_and_kwame(&source).await;
    let target = shoulder_server::db::connect(&target_url)
        .await
        .expect("target");

    let counts = copy_database(&source.state.db, &target)
        .await
        .expect("copied");
    let mut copied: Vec<String> = counts.iter().map(|c| c.table.clone()).collect();
    copied.sort_unstable();
    assert_eq!(
        copied,
        schema_tables(&source).await,
        "every table of the schema"
    );
    let rows = |table: &str| counts.iter().find(|c| c.table == table).map(|c| c.copied);
    assert_eq!(
        rows("application"),
        Some(
            application::Entity::find()
                .count(&source.state.db)
                .await
                .unwrap()
        )
    );
    assert!(
        rows("app_user").unwrap_or(0) > 100 && rows("peer_pair").unwrap_or(0) > 0,
        "{counts:?}"
    );
    assert!(counts.iter().all(|c| c.source == c.copied));

    // A second copy into the same database is refused before writing anything.
    let again = copy_database(&source.state.db, &target).await;
    assert!(
        matches!(again, Err(CopyError::TargetNotEmpty(_))),
        "{again:?}"
    );
    target.close().await.ok();

    // The app on the copy: the demo admin signs in and reads the same program; new rows get new ids.
    let copied = spawn_app_on(target_url, None, &[]).await;
    demo_closed_cycle(&copied).await;
    let programs: serde_json::Value = copied
        .call("/api/admin/list_programs", &[])
        .await
        .json()
        .await
        .expect("programs");
    assert_eq!(programs[0]["name"], "Registrar Peer Mentoring");
    let users_before = app_user::Entity::find()
        .count(&copied.state.db)
        .await
        .unwrap();
    let response = copied.sign_up("Nadia Newcomer", "nadia@example.edu").await;
    assert!(response.status().is_success(), "{}", response.status());
    assert_eq!(
        app_user::Entity::find()
            .count(&copied.state.db)
            .await
            .unwrap(),
        users_before + 1
    );
    assert_eq!(
        peer_pair::Entity::find()
            .count(&copied.state.db)
            .await
            .unwrap(),
        peer_pair::Entity::find()
            .count(&source.state.db)
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_is_a_consistent_sqlite_copy_made_while_the_app_runs() {
    let app = spawn_app(Backend::Sqlite).await.expect("sqlite app");
    demo_closed_cycle(&app).await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("backup.db");
    backup_sqlite(&app.state.db, &file).await.expect("backup");
    let backup = shoulder_server::db::connect(&format!("sqlite://{}", file.display()))
        .await
        .expect("open the backup");
    for (live, copy) in [
        (
            app_user::Entity::find().count(&app.state.db).await.unwrap(),
            app_user::Entity::find().count(&backup).await.unwrap(),
        ),
        (
            application::Entity::find()
                .count(&app.state.db)
                .await
                .unwrap(),
            application::Entity::find().count(&backup).await.unwrap(),
        ),
    ] {
        assert!(live > 0);
        assert_eq!(live, copy);
    }
    assert!(matches!(
        backup_sqlite(&app.state.db, &file).await,
        Err(BackupError::Exists(_))
    ));
    if let Some(postgres) = spawn_app(Backend::Postgres).await {
        assert!(matches!(
            backup_sqlite(&postgres.state.db, &dir.path().join("pg.db")).await,
            Err(BackupError::NotSqlite)
        ));
    }
}
