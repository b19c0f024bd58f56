//! Badges through their server functions, on both databases: made and awarded by admins, shown on
//! profiles, revoked with a reason.

use crate::common::{Backend, spawn_app};
use app::{
    badges::types::{Award, Badge, BadgeSummary},
    notify::types::{NoticeKind, NoticePage},
    people::types::Role,
};
use reqwest::StatusCode;

fn badge_form<'a>(name: &'a str, icon: &'a str) -> [(&'a str, &'a str); 4] {
    [
        ("badge[name]", name),
        ("badge[description]", "Shared what they know"),
        ("badge[criteria]", "Answer **three** questions in a week."),
        ("badge[icon]", icon),
    ]
}

async fn an_admin_makes_a_badge_awards_it_with_a_note_and_revokes_it_with_a_reason(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, kim_row) = app.signed_in("kim@example.com", Role::Member).await;
    let id: i64 = app
        .json(&admin, "create_badge", &badge_form("Helper", "heart"))
        .await;
    let id = id.to_string();

    // Bad input is refused in words and changes nothing.
    for (form, status) in [
        (badge_form("Helper", "heart"), StatusCode::CONFLICT),
        (badge_form("", "heart"), StatusCode::UNPROCESSABLE_ENTITY),
        (
            badge_form("Other", "unicorn"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        assert_eq!(
            app.call(&admin, "create_badge", &form).await.status(),
            status
        );
    }
    let listed: Vec<BadgeSummary> = app.json(&kim, "list_badges", &[]).await;
    assert_eq!(listed.len(), 1);

    let award = |email: &'static str, note: &'static str| {
        let (app, admin, id) = (&app, &admin, id.clone());
        async move {
            app.call(
                admin,
                "award_badge",
                &[("id", &id), ("email", email), ("note", note)],
            )
            .await
            .status()
        }
    };
    assert_eq!(
        award("kim@example.com", "").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        award("nobody@example.com", "Thanks").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        award("kim@example.com", "Answered the on-call questions").await,
        StatusCode::OK
    );
    assert_eq!(
        award("kim@example.com", "Again").await,
        StatusCode::CONFLICT
    );
    // Members may not award.
    let refused = app
        .call(
            &kim,
            "award_badge",
            &[("id", &id), ("email", "kim@example.com"), ("note", "Me")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    let kim_id = kim_row.id.to_string();
    let earned: Vec<Award> = app.json(&kim, "person_badges", &[("id", &kim_id)]).await;
    assert_eq!(earned.len(), 1);
    assert_eq!(earned[0].badge.name, "Helper");
    assert_eq!(earned[0].note, "Answered the on-call questions");
    assert_eq!(earned[0].awarded_by.as_deref(), Some("admin"));
    let notices: NoticePage = app.json(&kim, "list_notifications", &[]).await;
    let told = notices
        .notices
        .iter()
        .find(|notice| notice.kind == NoticeKind::BadgeAwarded)
        .expect("Kim is told");
    assert_eq!(told.words, "admin awarded you a badge");
    assert_eq!(
        told.detail.as_deref(),
        Some("Helper: Answered the on-call questions")
    );

    let badge: Badge = app.json(&kim, "get_badge", &[("id", &id)]).await;
    assert_eq!(badge.summary.holders, 1);
    assert!(!badge.can_award);
    assert!(badge.criteria_html.contains("<strong>three</strong>"));
    let award_id = badge.awards[0].id.to_string();
    let no_reason = app
        .call(
            &admin,
            "revoke_award",
            &[("id", &award_id), ("reason", " ")],
        )
        .await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let revoked = app
        .call(
            &admin,
            "revoke_award",
            &[("id", &award_id), ("reason", "Awarded by mistake")],
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let earned: Vec<Award> = app.json(&kim, "person_badges", &[("id", &kim_id)]).await;
    assert_eq!(earned[0].revoked.as_deref(), Some("Awarded by mistake"));
    let badge: Badge = app.json(&admin, "get_badge", &[("id", &id)]).await;
    assert_eq!((badge.summary.holders, badge.awards.len()), (0, 1));
    // Awarded again after a revocation: held once more, not twice.
    assert_eq!(
        award("kim@example.com", "Earned it after all").await,
        StatusCode::OK
    );
    let earned: Vec<Award> = app.json(&kim, "person_badges", &[("id", &kim_id)]).await;
    assert_eq!(earned.len(), 1);
    assert_eq!(earned[0].revoked, None);
    let missing = app.call(&kim, "get_badge", &[("id", "999999")]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

fn unbase64(text: &str) -> Vec<u8> {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    URL_SAFE_NO_PAD.decode(text).expect("base64url")
}

fn part(jwt: &str, index: usize) -> Vec<u8> {
    unbase64(jwt.split('.').nth(index).expect("three parts"))
}

/// A document the issuer publishes for anyone, signed in or not.
async fn published(app: &crate::common::TestApp, path: &str) -> serde_json::Value {
    app.browser()
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Whether `jwt` verifies against the issuer's published Ed25519 key, checked with ring.
fn verifies(jwt: &str, public_key: &[u8]) -> bool {
    let (input, _) = jwt.rsplit_once('.').unwrap();
    ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, public_key)
        .verify(input.as_bytes(), &part(jwt, 2))
        .is_ok()
}

async fn an_award_downloads_as_a_signed_open_badges_credential_that_shows_its_revocation(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, kim_row) = app.signed_in("kim@example.com", Role::Member).await;
    let (other, _) = app.signed_in("other@example.com", Role::Member).await;
    let id: i64 = app
        .json(&admin, "create_badge", &badge_form("Helper", "heart"))
        .await;
    let id = id.to_string();
    let awarded = app
        .call(
            &admin,
            "award_badge",
            &[
                ("id", &id),
                ("email", "kim@example.com"),
                ("note", "Ran the on-call rota"),
            ],
        )
        .await;
    assert_eq!(awarded.status(), StatusCode::OK);
    let kim_id = kim_row.id.to_string();
    let earned: Vec<Award> = app.json(&kim, "person_badges", &[("id", &kim_id)]).await;
    let url = format!("{}/open-badges/credentials/{}", app.base, earned[0].id);
    let download = |who: &reqwest::Client| who.get(&url).send();

    assert_eq!(
        app.browser().get(&url).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        download(&other).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let response = download(&kim).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[reqwest::header::CONTENT_TYPE],
        "application/vc+jwt"
    );
    let jwt = response.text().await.unwrap();

    let keys = published(&app, "/open-badges/issuer/keys").await;
    let key = &keys["keys"][0];
    assert_eq!(
        (key["kty"].as_str(), key["crv"].as_str()),
        (Some("OKP"), Some("Ed25519"))
    );
    let public_key = unbase64(key["x"].as_str().unwrap());
    let header: serde_json::Value = serde_json::from_slice(&part(&jwt, 0)).unwrap();
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["typ"], "vc+jwt");
    assert_eq!(header["kid"], key["kid"]);
    // The kid leads to the key itself.
    let kid = header["kid"].as_str().unwrap();
    let path = &kid[kid.find("/open-badges/").unwrap()..];
    let by_kid = published(&app, path).await;
    assert_eq!(&by_kid, key);
    assert!(verifies(&jwt, &public_key), "the signature verifies");
    // One byte of the credential changed, and it no longer does.
    let mut payload = part(&jwt, 1);
    let at = payload.iter().position(|byte| *byte == b'H').unwrap();
    payload[at] = b'J';
    let tampered = {
        use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
        let parts: Vec<&str> = jwt.split('.').collect();
        format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(&payload),
            parts[2]
        )
    };
    assert!(
        !verifies(&tampered, &public_key),
        "a changed credential fails"
    );

    let credential: serde_json::Value = serde_json::from_slice(&part(&jwt, 1)).unwrap();
    assert_eq!(
        credential["@context"],
        serde_json::json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ])
    );
    assert_eq!(
        credential["type"],
        serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert!(
        credential["issuer"]["id"]
            .as_str()
            .unwrap()
            .ends_with("/open-badges/issuer")
    );
    let subject = &credential["credentialSubject"];
    assert_eq!(subject["achievement"]["name"], "Helper");
    assert_eq!(
        subject["achievement"]["criteria"]["narrative"],
        "Answer **three** questions in a week."
    );
    assert_eq!(
        credential["evidence"][0]["narrative"],
        "Ran the on-call rota"
    );
    // The recipient is named by a salted hash of their email, computed here with ring.
    let identity = &subject["identifier"][0];
    let salt = identity["salt"].as_str().unwrap();
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        format!("kim@example.com{salt}").as_bytes(),
    );
    let hex: String = digest
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    assert_eq!(identity["identityHash"], format!("sha256${hex}"));
    assert_eq!(identity["hashed"], true);
    assert!(!jwt.contains("kim@example.com") && credential.get("validUntil").is_none());
    assert_eq!(credential["iss"], credential["issuer"]["id"]);
    assert_eq!(credential["jti"], credential["id"]);
    assert!(credential["nbf"].is_i64() && credential.get("exp").is_none());

    // Revoked: the list names it with the reason, and its credential now ends.
    let revoked = app
        .call(
            &admin,
            "revoke_award",
            &[
                ("id", &earned[0].id.to_string()),
                ("reason", "Wrong person"),
            ],
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let list = published(&app, "/open-badges/revocations").await;
    assert_eq!(list["revokedCredentials"][0]["id"], credential["id"]);
    assert_eq!(
        list["revokedCredentials"][0]["revocationReason"],
        "Wrong person"
    );
    assert_eq!(credential["credentialStatus"]["id"], list["id"]);
    let again = download(&kim).await.unwrap().text().await.unwrap();
    assert!(verifies(&again, &public_key));
    let again: serde_json::Value = serde_json::from_slice(&part(&again, 1)).unwrap();
    assert!(
        again["validUntil"].is_string(),
        "a revoked credential says when it ended"
    );
    // Admins may download anyone's.
    assert_eq!(download(&admin).await.unwrap().status(), StatusCode::OK);
}

crate::on_both_databases!(
    an_admin_makes_a_badge_awards_it_with_a_note_and_revokes_it_with_a_reason,
    an_award_downloads_as_a_signed_open_badges_credential_that_shows_its_revocation,
);
