//! Every server function, called by every kind of caller: allowed or refused as the policy says.
//! A server function missing from the table fails the test.

use crate::common::{Backend, invite_form, pairs, profile_form, spawn_app};
use app::people::types::{AccountStatus, Role};
use reqwest::StatusCode;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Anonymous,
    Member,
    Admin,
}

/// What each kind of caller gets: `OK` or the refusal's status.
struct Row {
    endpoint: &'static str,
    anonymous: StatusCode,
    member: StatusCode,
    admin: StatusCode,
}

const OK: StatusCode = StatusCode::OK;
const UNAUTHORIZED: StatusCode = StatusCode::UNAUTHORIZED;
const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;

const fn row(
    endpoint: &'static str,
    anonymous: StatusCode,
    member: StatusCode,
    admin: StatusCode,
) -> Row {
    Row {
        endpoint,
        anonymous,
        member,
        admin,
    }
}

/// Functions anyone may call (signing in, opening an invitation) are tested for what they do in the
/// accounts and invitations tests; here they only need to be listed.
const PUBLIC: &[&str] = &["sign_in", "check_invite", "accept_invite"];

const TABLE: &[Row] = &[
    row("current_user", OK, OK, OK),
    row("sign_out", OK, OK, OK),
    row("list_people", UNAUTHORIZED, OK, OK),
    row("list_every_account", UNAUTHORIZED, FORBIDDEN, OK),
    row("directory_facets", UNAUTHORIZED, OK, OK),
    row("newest_people", UNAUTHORIZED, OK, OK),
    row("get_person", UNAUTHORIZED, OK, OK),
    row("update_profile", UNAUTHORIZED, FORBIDDEN, OK),
    row("invite_person", UNAUTHORIZED, FORBIDDEN, OK),
    row("import_people", UNAUTHORIZED, FORBIDDEN, OK),
    row("renew_invite", UNAUTHORIZED, FORBIDDEN, OK),
    row("set_role", UNAUTHORIZED, FORBIDDEN, OK),
    row("set_expertise", UNAUTHORIZED, FORBIDDEN, OK),
    row("deactivate_person", UNAUTHORIZED, FORBIDDEN, OK),
    row("reactivate_person", UNAUTHORIZED, FORBIDDEN, OK),
];

async fn every_server_function_allows_and_refuses_as_the_policy_says(backend: Backend) {
    let registered: BTreeSet<String> = server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let listed: BTreeSet<String> = TABLE
        .iter()
        .map(|row| row.endpoint.replace("list_every_account", "list_people"))
        .chain(PUBLIC.iter().map(|name| name.to_string()))
        .collect();
    assert_eq!(
        registered, listed,
        "every server function has a row in the policy table"
    );

    let app = spawn_app(backend).await;
    let target = app
        .person("target@example.com", Role::Member, AccountStatus::Active)
        .await;
    let invited = app
        .person("invited@example.com", Role::Member, AccountStatus::Invited)
        .await;
    let (target_id, invited_id) = (target.id.to_string(), invited.id.to_string());
    let (member, _) = app.signed_in("member@example.com", Role::Member).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;

    for row in TABLE {
        for caller in [Caller::Anonymous, Caller::Member, Caller::Admin] {
            let (browser, expected) = match caller {
                Caller::Anonymous => (app.browser(), row.anonymous),
                Caller::Member => (member.clone(), row.member),
                Caller::Admin => (admin.clone(), row.admin),
            };
            let fresh = format!("new-{}-{:?}@example.com", row.endpoint, caller).to_lowercase();
            let filter = [
                ("text", ""),
                ("department", ""),
                ("location", ""),
                ("skill", ""),
            ];
            let fields = match row.endpoint {
                "list_people" => pairs(&[&filter[..], &[("every_status", "false")]].concat()),
                "list_every_account" => pairs(&[&filter[..], &[("every_status", "true")]].concat()),
                "get_person" | "deactivate_person" | "reactivate_person" => {
                    pairs(&[("id", &target_id)])
                }
                "renew_invite" => pairs(&[("id", &invited_id)]),
                "set_role" => pairs(&[("id", &target_id), ("role", "Member")]),
                "set_expertise" => pairs(&[("id", &target_id), ("topics", "security")]),
                "update_profile" => profile_form(&target_id, &[("name", "Target")]),
                "invite_person" => invite_form(&[("email", &fresh), ("name", "New Person")]),
                "import_people" => pairs(&[("csv", "email,name\n")]),
                _ => vec![],
            };
            let endpoint = row.endpoint.replace("list_every_account", "list_people");
            // Signing out would end the shared sessions; it is called on a session of its own.
            let browser = if endpoint == "sign_out" && caller != Caller::Anonymous {
                app.signed_in(
                    &format!("leaving-{caller:?}@example.com").to_lowercase(),
                    match caller {
                        Caller::Admin => Role::Admin,
                        _ => Role::Member,
                    },
                )
                .await
                .0
            } else {
                browser
            };
            let status = app.submit(&browser, &endpoint, &fields).await.status();
            assert_eq!(status, expected, "{} as {caller:?}", row.endpoint);
        }
    }
}

async fn the_live_session_of_a_deactivated_admin_is_refused_everywhere(backend: Backend) {
    let app = spawn_app(backend).await;
    let (first, _) = app.signed_in("first@example.com", Role::Admin).await;
    let (second, second_admin) = app.signed_in("second@example.com", Role::Admin).await;
    let id = second_admin.id.to_string();
    assert_eq!(
        app.call(&first, "deactivate_person", &[("id", &id)])
            .await
            .status(),
        OK
    );
    let response = app
        .call(
            &second,
            "import_people",
            &[("csv", "email,name\nx@example.com,X\n")],
        )
        .await;
    assert_eq!(response.status(), UNAUTHORIZED);
}

crate::on_both_databases!(
    every_server_function_allows_and_refuses_as_the_policy_says,
    the_live_session_of_a_deactivated_admin_is_refused_everywhere,
);
