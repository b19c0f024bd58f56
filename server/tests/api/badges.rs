//! Badges through their server functions, on both databases: made and awarded by admins, shown on
//! profiles, revoked with a reason.

use crate::{
    common::{Backend, TestApp, post_form, spawn_app},
    feed::{new_group, post},
    fixtures::{new_category, new_comment, new_course, new_item, new_lesson},
    paths::create_path,
};
use app::{
    badges::types::{Award, Badge, BadgeChoices, BadgeSummary},
    courses::types::LessonKind,
    db::library_item,
    feed::types::PostView,
    groups::{
        ssr::new_member,
        types::{GroupRole, MemberStatus},
    },
    library::types::ItemStatus,
    notify::types::{NoticeKind, NoticePage},
    people::types::Role,
};
use reqwest::{Client, StatusCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

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

/// A badge with a rule, made by `maker`: its id.
async fn rule_badge(
    app: &TestApp,
    maker: &Client,
    name: &str,
    group: &str,
    rule: (&str, &str, &str),
) -> String {
    let (rule, count, course) = rule;
    let id: i64 = app
        .json(
            maker,
            "create_badge",
            &rule_form(name, group, rule, count, course),
        )
        .await;
    id.to_string()
}

fn rule_form<'a>(
    name: &'a str,
    group: &'a str,
    rule: &'a str,
    count: &'a str,
    course: &'a str,
) -> [(&'a str, &'a str); 8] {
    [
        ("badge[name]", name),
        ("badge[description]", "Earned by doing"),
        ("badge[criteria]", ""),
        ("badge[icon]", "star"),
        ("badge[group]", group),
        ("badge[rule]", rule),
        ("badge[rule_count]", count),
        ("badge[rule_course]", course),
    ]
}

/// A question `asker` posts in `group`, answered by `answerer` and accepted.
async fn accepted_answer(app: &TestApp, asker: &Client, group: &str, answerer: i64) {
    let question: PostView = app
        .json(
            asker,
            "create_post",
            &post_form(group, "question", "Where are the runbooks?", ""),
        )
        .await;
    let answer = new_comment(app, question.id, answerer).await.to_string();
    let question = question.id.to_string();
    let accepted = app
        .call(
            asker,
            "accept_answer",
            &[("post", &question), ("comment", &answer)],
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::OK);
}

/// The names of the badges `person` holds now (revoked ones left out), as `reader` sees them.
async fn held(app: &TestApp, reader: &Client, person: i64) -> Vec<String> {
    let person = person.to_string();
    let awards: Vec<Award> = app.json(reader, "person_badges", &[("id", &person)]).await;
    let mut names: Vec<String> = awards
        .into_iter()
        .filter(|award| award.revoked.is_none())
        .map(|award| award.badge.name)
        .collect();
    names.sort();
    names
}

async fn rerun(app: &TestApp, who: &Client, badge: &str) -> usize {
    app.json(who, "award_qualified_badge", &[("id", badge)])
        .await
}

async fn mark_helpful(app: &TestApp, who: &Client, item: i64, on: bool) {
    let (item, on) = (item.to_string(), on.to_string());
    let fields = [
        ("id", item.as_str()),
        ("kind", "helpful"),
        ("on", on.as_str()),
        ("note", ""),
    ];
    assert_eq!(
        app.call(who, "item_feedback", &fields).await.status(),
        StatusCode::OK
    );
}

async fn rules_award_badges_when_the_fact_happens_once_and_never_after_a_revocation(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, kim_row) = app.signed_in("kim@example.com", Role::Member).await;
    let (ben, ben_row) = app.signed_in("ben@example.com", Role::Member).await;
    let (lena, lena_row) = app.signed_in("lena@example.com", Role::Member).await;

    // Bad rules are refused in words.
    let unpublished = new_course(&app, ben_row.id, ItemStatus::Draft)
        .await
        .to_string();
    for form in [
        rule_form("A", "", "answers", "0", ""),
        rule_form("B", "", "answers", "many", ""),
        rule_form("C", "", "course", "1", ""),
        rule_form("D", "", "course", "1", &unpublished),
        rule_form("E", "", "juggling", "1", ""),
    ] {
        assert_eq!(
            app.call(&admin, "create_badge", &form).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }

    // Two helpful marks on one's items, from others.
    let helpful = rule_badge(&app, &admin, "Useful", "", ("helpful", "2", "")).await;
    let category = new_category(&app, "Handbook", true).await;
    let item = new_item(&app, category, kim_row.id, ItemStatus::Published).await;
    mark_helpful(&app, &ben, item, true).await;
    assert!(held(&app, &kim, kim_row.id).await.is_empty());
    mark_helpful(&app, &lena, item, true).await;
    assert_eq!(held(&app, &kim, kim_row.id).await, ["Useful"]);
    // Checking again awards nothing twice.
    assert_eq!(rerun(&app, &admin, &helpful).await, 0);
    let badge: Badge = app.json(&kim, "get_badge", &[("id", &helpful)]).await;
    assert_eq!(badge.awards.len(), 1);
    assert_eq!(
        badge.rule.as_deref(),
        Some("2 helpful marks on their library items")
    );
    assert_eq!(
        badge.awards[0].note,
        "Earned by: 2 helpful marks on their library items"
    );
    assert_eq!(badge.awards[0].awarded_by, None);
    // A revoked award is never given again by the rule.
    let award = badge.awards[0].id.to_string();
    let revoked = app
        .call(
            &admin,
            "revoke_award",
            &[("id", &award), ("reason", "Marks by a bot")],
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    mark_helpful(&app, &ben, item, false).await;
    mark_helpful(&app, &ben, item, true).await;
    assert_eq!(rerun(&app, &admin, &helpful).await, 0);
    assert!(held(&app, &kim, kim_row.id).await.is_empty());
    // A badge given only by hand has no rule to run.
    let by_hand = rule_badge(&app, &admin, "Thanks", "", ("hand", "", "")).await;
    let refused = app
        .call(&admin, "award_qualified_badge", &[("id", &by_hand)])
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Completing a course: checked when the last lesson is done.
    let course = new_course(&app, ben_row.id, ItemStatus::Published).await;
    let lessons = [
        new_lesson(&app, course, LessonKind::Text).await,
        new_lesson(&app, course, LessonKind::Text).await,
    ];
    let course = course.to_string();
    rule_badge(&app, &admin, "Security basics", "", ("course", "", &course)).await;
    for (done, lesson) in lessons.iter().enumerate() {
        assert!(
            held(&app, &kim, kim_row.id).await.is_empty(),
            "after {done} lessons"
        );
        let lesson = lesson.to_string();
        let completed = app
            .call(&kim, "complete_lesson", &[("lesson", &lesson)])
            .await;
        assert_eq!(completed.status(), StatusCode::OK);
    }
    assert_eq!(held(&app, &kim, kim_row.id).await, ["Security basics"]);

    // A first post in a cohort group; people who posted before the badge existed get it when it
    // is made.
    let cohort: i64 = app
        .json(
            &ben,
            "create_group",
            &[
                ("group[name]", "New hires, December"),
                ("group[description]", ""),
                ("group[privacy]", "open"),
                ("group[kind]", "cohort"),
            ],
        )
        .await;
    let cohort = cohort.to_string();
    post(&app, &ben, &cohort, "Hello, December cohort!").await;
    rule_badge(&app, &admin, "Said hello", "", ("cohort_post", "", "")).await;
    assert_eq!(held(&app, &ben, ben_row.id).await, ["Said hello"]);
    app.json::<MemberStatus>(&kim, "join_group", &[("id", &cohort)])
        .await;
    post(&app, &kim, "", "Not in a cohort: the company feed").await;
    assert!(
        !held(&app, &kim, kim_row.id)
            .await
            .contains(&"Said hello".to_string())
    );
    post(&app, &kim, &cohort, "Hi, I'm Kim").await;
    assert!(
        held(&app, &kim, kim_row.id)
            .await
            .contains(&"Said hello".to_string())
    );

    // Library items approved by an expert other than their author.
    let approved = new_item(&app, category, ben_row.id, ItemStatus::Published).await;
    let own = new_item(&app, category, lena_row.id, ItemStatus::Published).await;
    reviewed_by(&app, approved, kim_row.id).await;
    reviewed_by(&app, own, lena_row.id).await;
    let author = rule_badge(&app, &admin, "Author", "", ("items", "1", "")).await;
    assert_eq!(held(&app, &ben, ben_row.id).await, ["Author", "Said hello"]);
    let badge: Badge = app.json(&admin, "get_badge", &[("id", &author)]).await;
    assert_eq!(
        badge.awards.len(),
        1,
        "an item one approved oneself does not count"
    );
}

/// Records that `expert` approved the item.
async fn reviewed_by(app: &TestApp, item: i64, expert: i64) {
    library_item::Entity::update_many()
        .col_expr(library_item::Column::ReviewerId, Expr::value(expert))
        .filter(library_item::Column::Id.eq(item))
        .exec(&app.db)
        .await
        .unwrap();
}

async fn facilitators_make_badges_for_their_groups_which_go_only_to_members_and_stay_in_the_group(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (lena, _) = app.signed_in("lena@example.com", Role::Member).await;
    let (ben, _) = app.signed_in("ben@example.com", Role::Member).await;
    let (kim, kim_row) = app.signed_in("kim@example.com", Role::Member).await;
    let (mateo, mateo_row) = app.signed_in("mateo@example.com", Role::Member).await;
    let guild = new_group(&app, &lena, "Guild", "open").await;
    let secret = new_group(&app, &lena, "Board", "secret").await;

    // Lena owns the guild: she makes its badges, never the company's; Ben makes none.
    let choices: BadgeChoices = app.json(&lena, "badge_making", &[]).await;
    assert!(!choices.company);
    let mut groups: Vec<&str> = choices
        .groups
        .iter()
        .map(|(_, name)| name.as_str())
        .collect();
    groups.sort();
    assert_eq!(groups, ["Board", "Guild"]);
    let choices: BadgeChoices = app.json(&ben, "badge_making", &[]).await;
    assert!(!choices.company && choices.groups.is_empty());
    for (who, group) in [(&lena, ""), (&ben, guild.as_str())] {
        let refused = app
            .call(
                who,
                "create_badge",
                &rule_form("Nope", group, "hand", "", ""),
            )
            .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }
    let helper = rule_badge(&app, &lena, "Guild helper", &guild, ("answers", "1", "")).await;
    let badge: Badge = app.json(&ben, "get_badge", &[("id", &helper)]).await;
    assert_eq!(badge.rule.as_deref(), Some("1 accepted answer in Guild"));
    assert_eq!(
        badge.summary.group.map(|(_, name)| name).as_deref(),
        Some("Guild")
    );
    assert!(!badge.can_award);

    // An accepted answer in the guild earns it at once, for members: Kim's does.
    app.json::<MemberStatus>(&ben, "join_group", &[("id", &guild)])
        .await;
    app.json::<MemberStatus>(&kim, "join_group", &[("id", &guild)])
        .await;
    accepted_answer(&app, &ben, &guild, kim_row.id).await;
    assert_eq!(held(&app, &kim, kim_row.id).await, ["Guild helper"]);
    // Mateo's counts only once he joins, and a re-run finds him.
    accepted_answer(&app, &ben, &guild, mateo_row.id).await;
    assert!(held(&app, &mateo, mateo_row.id).await.is_empty());
    let by_hand = app
        .call(
            &lena,
            "award_badge",
            &[
                ("id", &helper),
                ("email", "mateo@example.com"),
                ("note", "Great answer"),
            ],
        )
        .await;
    assert_eq!(by_hand.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.json::<MemberStatus>(&mateo, "join_group", &[("id", &guild)])
        .await;
    assert_eq!(rerun(&app, &lena, &helper).await, 1);
    assert_eq!(rerun(&app, &lena, &helper).await, 0, "never twice");
    assert_eq!(held(&app, &mateo, mateo_row.id).await, ["Guild helper"]);
    let refused = app
        .call(&ben, "award_qualified_badge", &[("id", &helper)])
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // Answers in another group do not count for a group's badge, even for its members.
    new_member(
        secret.parse().unwrap(),
        kim_row.id,
        GroupRole::Member,
        MemberStatus::Active,
    )
    .insert(&app.db)
    .await
    .unwrap();
    let elsewhere = rule_badge(&app, &lena, "Board helper", &secret, ("answers", "1", "")).await;
    let badge: Badge = app.json(&lena, "get_badge", &[("id", &elsewhere)]).await;
    assert!(badge.awards.is_empty());
    // The company's badges count answers in open groups, never in secret ones.
    let board_question: PostView = app
        .json(
            &lena,
            "create_post",
            &post_form(&secret, "question", "Who signs off the budget?", ""),
        )
        .await;
    let board_answer = new_comment(&app, board_question.id, kim_row.id)
        .await
        .to_string();
    let board_question = board_question.id.to_string();
    app.call(
        &lena,
        "accept_answer",
        &[("post", &board_question), ("comment", &board_answer)],
    )
    .await;
    let anywhere = rule_badge(&app, &admin, "Helpful anywhere", "", ("answers", "2", "")).await;
    let badge: Badge = app.json(&admin, "get_badge", &[("id", &anywhere)]).await;
    assert!(
        badge.awards.is_empty(),
        "Kim's secret answer does not count"
    );
    let listed: Vec<BadgeSummary> = app.json(&admin, "list_badges", &[]).await;
    assert_eq!(listed.len(), 3);

    // A secret group's badge is seen by its members only, on every page.
    let listed: Vec<BadgeSummary> = app.json(&ben, "list_badges", &[]).await;
    assert_eq!(
        listed
            .iter()
            .map(|badge| badge.name.as_str())
            .collect::<Vec<_>>(),
        ["Guild helper", "Helpful anywhere"]
    );
    let hidden = app.call(&ben, "get_badge", &[("id", &elsewhere)]).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    // A path awards the company's badges only.
    let path = create_path(&app, &admin, "Guild path", false).await;
    let refused = app
        .call(
            &admin,
            "set_path_badge",
            &[("id", &path), ("badge", &helper)],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_badge_gets_an_uploaded_picture_that_anyone_may_fetch_and_its_credential_shows(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (kim, kim_row) = app.signed_in("kim@example.com", Role::Member).await;
    let id = rule_badge(&app, &admin, "Pictured", "", ("hand", "", "")).await;
    let png = b"\x89PNG\r\n\x1a\n a tiny medal".to_vec();
    let upload = |browser: &Client, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("badge", id.clone())
            .part(
                "image",
                reqwest::multipart::Part::bytes(bytes).file_name("medal.png"),
            );
        browser
            .post(format!("{}/media/badge-image", app.base))
            .multipart(form)
            .send()
    };
    let refused = upload(&kim, png.clone()).await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let not_an_image = upload(&admin, b"<svg onload=alert(1)>".to_vec())
        .await
        .unwrap();
    let location = not_an_image.headers()["location"].to_str().unwrap();
    assert_eq!(location, format!("/badges/{id}?image_error=not-an-image"));
    assert_eq!(app.files_in("media"), 0, "refused images are not kept");

    let saved = upload(&admin, png.clone()).await.unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let badge: Badge = app.json(&kim, "get_badge", &[("id", &id)]).await;
    let url = badge.summary.image.expect("a picture");
    let image = app
        .browser()
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        image.status(),
        StatusCode::OK,
        "credentials show it to anyone"
    );
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(
        image.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(image.bytes().await.unwrap().to_vec(), png);

    let gif = b"GIF89a a newer medal".to_vec();
    assert_eq!(
        upload(&admin, gif).await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let badge: Badge = app.json(&kim, "get_badge", &[("id", &id)]).await;
    let newer = badge.summary.image.expect("a picture");
    assert!(newer.ends_with(".gif"));
    // The older picture stays: credentials issued with it still show it.
    let older = app
        .browser()
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(older.status(), StatusCode::OK);

    let awarded = app
        .call(
            &admin,
            "award_badge",
            &[
                ("id", &id),
                ("email", "kim@example.com"),
                ("note", "Smiled"),
            ],
        )
        .await;
    assert_eq!(awarded.status(), StatusCode::OK);
    let kim_id = kim_row.id.to_string();
    let earned: Vec<Award> = app.json(&kim, "person_badges", &[("id", &kim_id)]).await;
    assert_eq!(earned[0].badge.image.as_deref(), Some(newer.as_str()));
    let jwt = kim
        .get(format!(
            "{}/open-badges/credentials/{}",
            app.base, earned[0].id
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let payload: serde_json::Value = serde_json::from_slice(&part(&jwt, 1)).unwrap();
    let shown = &payload["credentialSubject"]["achievement"]["image"];
    assert_eq!(shown["type"], "Image");
    let shown = shown["id"].as_str().expect("the picture's address");
    assert!(
        shown.starts_with("http") && shown.ends_with(&newer),
        "{shown}"
    );
}

crate::on_both_databases!(
    a_badge_gets_an_uploaded_picture_that_anyone_may_fetch_and_its_credential_shows,
    an_admin_makes_a_badge_awards_it_with_a_note_and_revokes_it_with_a_reason,
    an_award_downloads_as_a_signed_open_badges_credential_that_shows_its_revocation,
    rules_award_badges_when_the_fact_happens_once_and_never_after_a_revocation,
    facilitators_make_badges_for_their_groups_which_go_only_to_members_and_stay_in_the_group,
);
