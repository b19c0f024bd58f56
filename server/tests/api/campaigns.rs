//! Onboarding campaigns through the server functions and the scheduler's own entry point, on both
//! databases: who gets which email when, exactly once, what a preview and a test send do, and the
//! report's counts of sent emails and followed links.

use crate::common::{Backend, PASSWORD, TestApp, spawn_app_with};
use app::{
    campaigns::types::{CampaignView, Preview},
    db::{email_outbox, user},
    notify::types::MailKind,
    people::types::{AccountStatus, Role},
};
use chrono::{Days, Duration, Utc};
use reqwest::{Client, StatusCode, header};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

/// An active colleague in `department` who started `days_ago` days ago (negative: starts later).
async fn starter(app: &TestApp, email: &str, department: &str, days_ago: i64) -> user::Model {
    let person = app.person(email, Role::Member, AccountStatus::Active).await;
    let today = Utc::now().date_naive();
    let start = if days_ago >= 0 {
        today.checked_sub_days(Days::new(days_ago as u64))
    } else {
        today.checked_add_days(Days::new((-days_ago) as u64))
    };
    let mut row: user::ActiveModel = person.into();
    row.department = Set(department.into());
    row.start_date = Set(start);
    row.update(&app.db).await.unwrap()
}

/// A campaign for `department` with one email on `day`; answers the campaign's id.
async fn campaign(app: &TestApp, admin: &Client, department: &str, day: &str) -> String {
    let id: i64 = app
        .json(
            admin,
            "create_campaign",
            &[
                ("campaign[name]", "First month"),
                ("campaign[department]", department),
            ],
        )
        .await;
    let id = id.to_string();
    app.json::<()>(
        admin,
        "add_campaign_step",
        &[
            ("campaign", &id),
            ("step[day]", day),
            ("step[subject]", "Welcome, {first_name}"),
            (
                "step[body]",
                "Ask **{manager}** anything. Next: {next_step}.",
            ),
        ],
    )
    .await;
    id
}

async fn campaign_mails(app: &TestApp) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq(MailKind::Campaign))
        .all(&app.db)
        .await
        .unwrap()
}

/// The app, with its own scheduler off: these tests run it themselves.
async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |config| config.schedule_seconds = 0).await
}

async fn send_due(app: &TestApp) -> usize {
    app::campaigns::ssr::send_due(&app.db, &app.base)
        .await
        .unwrap()
}

async fn a_step_reaches_each_matching_starter_once_on_its_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    starter(&app, "noor@example.com", "Design", 3).await;
    starter(&app, "sam@example.com", "Sales", 3).await;
    // Started long ago: day 3 came before the email existed, so it never reaches back to them.
    starter(&app, "early@example.com", "Design", 30).await;
    starter(&app, "later@example.com", "Design", -5).await;
    let id = campaign(&app, &admin, "design", "3").await;

    assert_eq!(send_due(&app).await, 1);
    assert_eq!(send_due(&app).await, 0, "a second run sends nothing again");
    let mails = campaign_mails(&app).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.to_address, "noor@example.com");
    assert_eq!(mail.subject, "Welcome, noor");
    assert!(
        mail.text_body
            .contains("Ask **your manager** anything. Next: your learning path.")
    );
    assert!(mail.html_body.contains("<strong>your manager</strong>"));
    assert!(
        mail.unsubscribe_url.is_some(),
        "onboarding emails can be stopped"
    );

    let report: CampaignView = app.json(&admin, "get_campaign", &[("id", &id)]).await;
    assert_eq!((report.steps[0].sent, report.steps[0].clicked), (1, 0));
    let tracked = mail
        .text_body
        .split_whitespace()
        .find(|word| word.contains("/c/"))
        .unwrap()
        .to_string();
    let anyone = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for _ in 0..2 {
        let followed = anyone.get(&tracked).send().await.unwrap();
        assert_eq!(followed.status(), StatusCode::SEE_OTHER);
        assert_eq!(followed.headers()[header::LOCATION], "/learning");
    }
    let report: CampaignView = app.json(&admin, "get_campaign", &[("id", &id)]).await;
    assert_eq!((report.steps[0].sent, report.steps[0].clicked), (1, 1));

    // Paused, it sends nothing; resumed, it catches up.
    app.json::<()>(&admin, "pause_campaign", &[("id", &id), ("paused", "true")])
        .await;
    starter(&app, "ines@example.com", "Design", 3).await;
    assert_eq!(send_due(&app).await, 0);
    app.json::<()>(
        &admin,
        "pause_campaign",
        &[("id", &id), ("paused", "false")],
    )
    .await;
    assert_eq!(send_due(&app).await, 1);
}

async fn unknown_placeholders_and_impossible_days_are_refused_in_words(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let (member, _) = app.signed_in("member@example.com", Role::Member).await;
    let id: i64 = app
        .json(&admin, "create_campaign", &[("campaign[name]", "Welcome")])
        .await;
    let id = id.to_string();
    let step = |day: &'static str, subject: &'static str, body: &'static str| {
        crate::common::pairs(&[
            ("campaign", &id),
            ("step[day]", day),
            ("step[subject]", subject),
            ("step[body]", body),
        ])
    };
    for (fields, says) in [
        (step("0", "Hi {firstname}", "Hello"), "{firstname}"),
        (step("0", "Hi", "Ask {boss}"), "{boss}"),
        (step("400", "Hi", "Hello"), "0 to 365"),
        (step("0", "  ", "Hello"), "subject"),
    ] {
        let response = app.submit(&admin, "add_campaign_step", &fields).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = response.text().await.unwrap();
        assert!(body.contains(says), "{body}");
    }
    let view: CampaignView = app.json(&admin, "get_campaign", &[("id", &id)]).await;
    assert!(view.steps.is_empty(), "nothing refused was kept");
    let refused = app.call(&member, "get_campaign", &[("id", &id)]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let missing = app.call(&admin, "get_campaign", &[("id", "999999")]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn a_preview_fills_in_a_real_person_and_a_test_goes_to_the_admin_alone(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, admin_row) = app.signed_in("admin@example.com", Role::Admin).await;
    let hire = starter(&app, "noor@example.com", "Design", 0).await;
    let mut row: user::ActiveModel = hire.into();
    row.name = Set("Noor Haddad".into());
    row.manager_id = Set(Some(admin_row.id));
    row.update(&app.db).await.unwrap();
    let id = campaign(&app, &admin, "Design", "7").await;
    let view: CampaignView = app.json(&admin, "get_campaign", &[("id", &id)]).await;
    let step = view.steps[0].id.to_string();

    let preview: Preview = app
        .json(
            &admin,
            "preview_campaign_step",
            &[("step", &step), ("email", "noor@example.com")],
        )
        .await;
    assert_eq!(preview.subject, "Welcome, Noor");
    assert_eq!(
        preview.text,
        "Ask **admin** anything. Next: your learning path."
    );
    let nobody = app
        .call(
            &admin,
            "preview_campaign_step",
            &[("step", &step), ("email", "ghost@example.com")],
        )
        .await;
    assert_eq!(nobody.status(), StatusCode::UNPROCESSABLE_ENTITY);

    app.json::<()>(&admin, "test_campaign_step", &[("step", &step)])
        .await;
    let tests = email_outbox::Entity::find()
        .filter(email_outbox::Column::Kind.eq(MailKind::CampaignTest))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(tests.len(), 1);
    assert_eq!(tests[0].to_address, "admin@example.com");
    let view: CampaignView = app.json(&admin, "get_campaign", &[("id", &id)]).await;
    assert_eq!(view.steps[0].sent, 0, "a test is not a delivery");
}

async fn someone_who_stopped_onboarding_emails_gets_none(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    let person = starter(&app, "noor@example.com", "Design", 0).await;
    let noor = app.browser();
    app.sign_in(&noor, &person.email, PASSWORD).await;
    app.json::<()>(
        &noor,
        "set_email_choice",
        &[("kind", "campaign"), ("cadence", "never")],
    )
    .await;
    campaign(&app, &admin, "", "0").await;
    assert_eq!(send_due(&app).await, 0);
    assert!(campaign_mails(&app).await.is_empty());
}

async fn two_servers_sending_at_once_send_each_email_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    for n in 0..6 {
        starter(&app, &format!("starter{n}@example.com"), "Design", 0).await;
    }
    campaign(&app, &admin, "Design", "0").await;
    let (first, second) = tokio::join!(send_due(&app), send_due(&app));
    assert_eq!(first + second, 6);
    let mut to: Vec<String> = campaign_mails(&app)
        .await
        .into_iter()
        .map(|mail| mail.to_address)
        .collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 6);
    assert_eq!(campaign_mails(&app).await.len(), 6);
}

async fn a_step_goes_when_its_day_begins_where_the_person_signed_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in("admin@example.com", Role::Admin).await;
    // The same start date: already today at UTC+14, never yet at UTC-12 (26 hours behind).
    let east_today = (Utc::now() + Duration::hours(14)).date_naive();
    for (email, zone) in [
        ("east@example.com", "Pacific/Kiritimati"),
        ("west@example.com", "Etc/GMT+12"),
    ] {
        let person = starter(&app, email, "Sales", 0).await;
        let browser = app.browser();
        let signed = browser
            .post(format!("{}/api/sign_in", app.base))
            .header(header::COOKIE, format!("wellspring_tz={zone}"))
            .form(&[("email", email), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(signed.status(), StatusCode::OK);
        let mut row: user::ActiveModel = user::Entity::find_by_id(person.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
        assert_eq!(
            row.time_zone.clone().unwrap(),
            zone,
            "sign-in keeps the zone"
        );
        row.start_date = Set(Some(east_today));
        row.update(&app.db).await.unwrap();
    }
    campaign(&app, &admin, "sales", "0").await;

    assert_eq!(send_due(&app).await, 1);
    let to: Vec<String> = campaign_mails(&app)
        .await
        .into_iter()
        .map(|mail| mail.to_address)
        .collect();
    assert_eq!(to, ["east@example.com"]);

    // A zone no one has heard of changes nothing.
    let browser = app.browser();
    browser
        .post(format!("{}/api/sign_in", app.base))
        .header(header::COOKIE, "wellspring_tz=Mars/Olympus_Mons")
        .form(&[("email", "west@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let west = user::Entity::find()
        .filter(user::Column::Email.eq("west@example.com"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(west.time_zone, "Etc/GMT+12");
}

crate::on_both_databases!(
    two_servers_sending_at_once_send_each_email_once,
    a_step_reaches_each_matching_starter_once_on_its_day,
    a_step_goes_when_its_day_begins_where_the_person_signed_in,
    unknown_placeholders_and_impossible_days_are_refused_in_words,
    a_preview_fills_in_a_real_person_and_a_test_goes_to_the_admin_alone,
    someone_who_stopped_onboarding_emails_gets_none,
);
