//! Every answer to a sign-in costs one password hash, whatever the email: a known, unknown,
//! invited, deactivated or malformed email cannot be told apart by how long the answer takes.
//! Counted in a process of its own, since the count is the process's.

#[allow(dead_code)]
#[path = "api/common.rs"]
mod common;

use app::{
    auth::ssr::password_checks,
    people::types::{AccountStatus, Role},
};
use common::{Backend, PASSWORD, spawn_app};
use reqwest::StatusCode;

async fn every_sign_in_answer_costs_one_password_hash(backend: Backend) {
    let app = spawn_app(backend).await;
    app.person("ada@example.com", Role::Member, AccountStatus::Active)
        .await;
    app.person("new@example.com", Role::Member, AccountStatus::Invited)
        .await;
    app.person("gone@example.com", Role::Member, AccountStatus::Deactivated)
        .await;
    for (email, password, answer) in [
        ("ada@example.com", PASSWORD, StatusCode::OK),
        ("ada@example.com", "not it", StatusCode::UNAUTHORIZED),
        ("nobody@example.com", PASSWORD, StatusCode::UNAUTHORIZED),
        ("new@example.com", PASSWORD, StatusCode::UNAUTHORIZED),
        ("gone@example.com", PASSWORD, StatusCode::UNAUTHORIZED),
        ("not an email", PASSWORD, StatusCode::UNAUTHORIZED),
    ] {
        let before = password_checks();
        let response = app.sign_in(&app.browser(), email, password).await;
        assert_eq!(response.status(), answer, "{email}");
        assert_eq!(password_checks() - before, 1, "{email}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_costs_the_same_for_every_email() {
    every_sign_in_answer_costs_one_password_hash(Backend::Sqlite).await;
    every_sign_in_answer_costs_one_password_hash(Backend::Postgres).await;
}
