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

crate::on_both_databases!(
    an_admin_makes_a_badge_awards_it_with_a_note_and_revokes_it_with_a_reason,
);
