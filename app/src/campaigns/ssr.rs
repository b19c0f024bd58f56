//! Campaigns on the server: writing them, filling a step in for one person, and sending what is due.
//! What is due is worked out from the database every time (start dates, steps, deliveries), never
//! from timers: a restart or a second server loses nothing, and the unique delivery per step and
//! person means nothing goes out twice.

use super::types::*;
use crate::{
    auth::ssr::new_token,
    clock,
    db::{campaign, campaign_delivery, campaign_step, user},
    error::AppError,
    feed::markdown::render,
    notify::{
        letters,
        mail::{self, Mail, Signer},
        types::{Cadence, MailKind, NoticeKind},
    },
    paths::ssr::{Rule, my_learning, profile},
    people::{types::AccountStatus, validate},
    policy::{self, Actor},
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
    sea_query::{Expr, OnConflict},
};
use std::collections::HashMap;

/// The longest step body, in characters.
const MAX_BODY: usize = 10_000;

/// Refuses a text naming a placeholder that does not exist, saying which ones do.
pub fn check_placeholders(label: &str, text: &str) -> Result<(), AppError> {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            let known = PLACEHOLDERS.map(|name| format!("{{{name}}}")).join(", ");
            return Err(AppError::invalid(format!(
                "{label}: there is no placeholder {{{name}}}. Use {known}."
            )));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// What the placeholders stand for, for one person.
#[derive(Debug, Clone)]
pub struct Values {
    pub first_name: String,
    pub manager: String,
    pub next_step: String,
}

/// Fills the placeholders of a checked text.
pub fn fill(text: &str, values: &Values) -> String {
    text.replace("{first_name}", &values.first_name)
        .replace("{manager}", &values.manager)
        .replace("{next_step}", &values.next_step)
}

impl Values {
    /// The same values as literal text in Markdown: a name someone chose, such as
    /// `[Reset your password](http://…)`, stays words and never becomes a link or formatting.
    fn for_markdown(&self) -> Values {
        let literal = |text: &str| {
            text.chars().fold(String::new(), |mut out, c| {
                if "\\`*_{}[]()#+-.!<>|~".contains(c) {
                    out.push('\\');
                }
                out.push(c);
                out
            })
        };
        Values {
            first_name: literal(&self.first_name),
            manager: literal(&self.manager),
            next_step: literal(&self.next_step),
        }
    }
}

async fn values_for(db: &impl ConnectionTrait, person: &user::Model) -> Result<Values, AppError> {
    let manager = match person.manager_id {
        Some(id) => user::Entity::find_by_id(id).one(db).await?.map(|m| m.name),
        None => None,
    };
    let next_step = my_learning(db, Actor::of(person))
        .await?
        .into_iter()
        .find_map(|assigned| assigned.next.map(|step| step.title));
    Ok(Values {
        first_name: person
            .name
            .split_whitespace()
            .next()
            .unwrap_or(&person.name)
            .to_string(),
        manager: manager.unwrap_or_else(|| "your manager".into()),
        next_step: next_step.unwrap_or_else(|| "your learning path".into()),
    })
}

/// What every campaign email needs besides its step and person: where links lead, and the key
/// that signs unsubscribe links.
struct Sender {
    base: String,
    signer: Signer,
}

impl Sender {
    async fn load(db: &impl ConnectionTrait, base: String) -> Result<Sender, AppError> {
        Ok(Sender {
            base,
            signer: Signer::load(db).await?,
        })
    }

    /// One step's email for one person, sent under `key`, its button through the tracked link.
    async fn mail(
        &self,
        db: &impl ConnectionTrait,
        step: &campaign_step::Model,
        person: &user::Model,
        key: String,
        kind: MailKind,
        tracked: &str,
    ) -> Result<Mail, AppError> {
        let base = &self.base;
        let values = values_for(db, person).await?;
        let body = fill(&step.body, &values);
        let html = render(&fill(&step.body, &values.for_markdown()), &HashMap::new());
        let token = self.signer.token(person.id, NoticeKind::Campaign);
        Ok(Mail {
            key,
            kind,
            recipient: Some(person.id),
            to: person.email.clone(),
            letter: letters::campaign(
                &fill(&step.subject, &values),
                &html,
                &body,
                &format!("{base}/c/{tracked}"),
                &mail::settings_link(base),
                &format!("{base}/unsubscribe?token={token}"),
            ),
            unsubscribe: Some(format!("{base}/email/unsubscribe?token={token}")),
        })
    }
}

fn audience_words(row: &campaign::Model) -> String {
    let mut parts = Vec::new();
    if !row.department.is_empty() {
        parts.push(format!("in {}", row.department));
    }
    if !row.location.is_empty() {
        parts.push(format!("at {}", row.location));
    }
    if let Some(day) = row.started_after {
        parts.push(format!("who started after {}", day.format("%-d %b %Y")));
    }
    if parts.is_empty() {
        "Everyone, from their start date".into()
    } else {
        format!("People {}", parts.join(", "))
    }
}

async fn card(db: &impl ConnectionTrait, row: &campaign::Model) -> Result<CampaignCard, AppError> {
    let steps = campaign_step::Entity::find()
        .filter(campaign_step::Column::CampaignId.eq(row.id))
        .count(db)
        .await?;
    Ok(CampaignCard {
        id: row.id,
        name: row.name.clone(),
        audience: audience_words(row),
        steps: steps as i64,
        paused: row.paused,
    })
}

/// Every campaign, newest first.
pub async fn list(db: &impl ConnectionTrait, actor: Actor) -> Result<Vec<CampaignCard>, AppError> {
    policy::manage_people(actor)?;
    let rows = campaign::Entity::find()
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?;
    let mut cards = Vec::new();
    for row in &rows {
        cards.push(card(db, row).await?);
    }
    Ok(cards)
}

/// A new campaign, without emails yet; answers its id.
pub async fn create(
    db: &impl ConnectionTrait,
    actor: Actor,
    fields: &CampaignFields,
) -> Result<i64, AppError> {
    policy::manage_people(actor)?;
    let name = validate::line("Name", &fields.name, 120)?;
    if name.is_empty() {
        return Err(AppError::invalid("Give the campaign a name."));
    }
    Ok(campaign::ActiveModel {
        name: Set(name),
        department: Set(validate::line("Department", &fields.department, 120)?),
        location: Set(validate::line("Location", &fields.location, 120)?),
        started_after: Set(validate::date("Started after", &fields.started_after)?),
        paused: Set(false),
        created_by: Set(Some(actor.id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

async fn find(db: &impl ConnectionTrait, id: i64) -> Result<campaign::Model, AppError> {
    campaign::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn find_step(db: &impl ConnectionTrait, id: i64) -> Result<campaign_step::Model, AppError> {
    campaign_step::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A campaign with its emails and what came of each.
pub async fn view(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
) -> Result<CampaignView, AppError> {
    policy::manage_people(actor)?;
    let row = find(db, id).await?;
    let steps = campaign_step::Entity::find()
        .filter(campaign_step::Column::CampaignId.eq(id))
        .order_by_asc(campaign_step::Column::Day)
        .order_by_asc(campaign_step::Column::Id)
        .all(db)
        .await?;
    let mut reports = Vec::new();
    for step in steps {
        let sent = campaign_delivery::Entity::find()
            .filter(campaign_delivery::Column::StepId.eq(step.id))
            .count(db)
            .await?;
        let clicked = campaign_delivery::Entity::find()
            .filter(campaign_delivery::Column::StepId.eq(step.id))
            .filter(campaign_delivery::Column::ClickedAt.is_not_null())
            .count(db)
            .await?;
        reports.push(StepReport {
            id: step.id,
            day: step.day,
            subject: step.subject,
            body: step.body,
            sent: sent as i64,
            clicked: clicked as i64,
        });
    }
    Ok(CampaignView {
        card: card(db, &row).await?,
        steps: reports,
    })
}

/// Adds an email to a campaign. Its placeholders must exist; it reaches people whose day for it is
/// today or later, never earlier starters.
pub async fn add_step(
    db: &impl ConnectionTrait,
    actor: Actor,
    campaign: i64,
    fields: &StepFields,
) -> Result<(), AppError> {
    policy::manage_people(actor)?;
    find(db, campaign).await?;
    let day = fields
        .day
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|day| (0..=365).contains(day))
        .ok_or_else(|| {
            AppError::invalid("Day: a number of days after the start date, 0 to 365.")
        })?;
    let subject = validate::line("Subject", &fields.subject, 200)?;
    if subject.is_empty() {
        return Err(AppError::invalid("Write the email's subject."));
    }
    let body = validate::paragraph("Email", &fields.body, MAX_BODY)?;
    if body.is_empty() {
        return Err(AppError::invalid("Write the email."));
    }
    check_placeholders("Subject", &subject)?;
    check_placeholders("Email", &body)?;
    campaign_step::ActiveModel {
        campaign_id: Set(campaign),
        day: Set(day),
        subject: Set(subject),
        body: Set(body),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Removes an email from a campaign; what it already sent stays sent.
pub async fn remove_step(db: &impl ConnectionTrait, actor: Actor, id: i64) -> Result<(), AppError> {
    policy::manage_people(actor)?;
    let removed = campaign_step::Entity::delete_by_id(id).exec(db).await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Pauses a campaign, or sends again from where it stood.
pub async fn set_paused(
    db: &impl ConnectionTrait,
    actor: Actor,
    id: i64,
    paused: bool,
) -> Result<(), AppError> {
    policy::manage_people(actor)?;
    let mut row: campaign::ActiveModel = find(db, id).await?.into();
    row.paused = Set(paused);
    row.update(db).await?;
    Ok(())
}

/// A step as one real person would get it.
pub async fn preview(
    db: &impl ConnectionTrait,
    actor: Actor,
    step: i64,
    email: &str,
) -> Result<Preview, AppError> {
    policy::manage_people(actor)?;
    let step = find_step(db, step).await?;
    let email = validate::email(email)?;
    let person = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid(format!("Nobody here has the email {email}.")))?;
    let values = values_for(db, &person).await?;
    Ok(Preview {
        to: format!("{} <{}>", person.name, person.email),
        subject: fill(&step.subject, &values),
        text: fill(&step.body, &values),
    })
}

/// Sends a step to the admin trying it, filled in for them; it does not count in the report.
pub async fn test_send(db: &impl ConnectionTrait, actor: Actor, step: i64) -> Result<(), AppError> {
    policy::manage_people(actor)?;
    let step = find_step(db, step).await?;
    let me = user::Entity::find_by_id(actor.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let key = format!("campaign-test-{}-{}-{}", step.id, me.id, new_token());
    let mail = Sender::load(db, mail::link_base())
        .await?
        .mail(db, &step, &me, key, MailKind::CampaignTest, "test")
        .await?;
    mail::queue(db, [mail]).await
}

/// Follows a tracked link: the first click counts. Answers whether the link exists.
pub async fn click(db: &impl ConnectionTrait, token: &str) -> Result<bool, AppError> {
    let found = campaign_delivery::Entity::find()
        .filter(campaign_delivery::Column::Token.eq(token))
        .one(db)
        .await?;
    let Some(found) = found else {
        return Ok(false);
    };
    campaign_delivery::Entity::update_many()
        .col_expr(
            campaign_delivery::Column::ClickedAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(campaign_delivery::Column::Id.eq(found.id))
        .filter(campaign_delivery::Column::ClickedAt.is_null())
        .exec(db)
        .await?;
    Ok(true)
}

/// The day a step is due for someone who started on `start`.
fn due_on(start: NaiveDate, day: i32) -> Option<NaiveDate> {
    start.checked_add_days(Days::new(u64::try_from(day).ok()?))
}

/// Whether a step added at `added` is due at `now` for someone who started on `start`, counting
/// days as they do in their time zone: from the start of its day for them, and never for a day
/// that, for them, had already passed when the step was added.
fn due(start: NaiveDate, day: i32, zone: Tz, added: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let local = |moment: DateTime<Utc>| moment.with_timezone(&zone).date_naive();
    due_on(start, day).is_some_and(|due| due <= local(now) && due >= local(added))
}

/// Queues every campaign email due today or before for people it has not reached yet; answers how
/// many it queued. Safe to run from several servers at once and as often as wanted.
pub async fn send_due(db: &DatabaseConnection, base: &str) -> Result<usize, AppError> {
    let now = Utc::now();
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Paused.eq(false))
        .all(db)
        .await?;
    if campaigns.is_empty() {
        return Ok(0);
    }
    let people = user::Entity::find()
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .filter(user::Column::StartDate.is_not_null())
        .all(db)
        .await?;
    let sender = Sender::load(db, base.to_string()).await?;
    let ids: Vec<i64> = people.iter().map(|person| person.id).collect();
    let cadences = mail::cadences(db, &ids, NoticeKind::Campaign).await?;
    let mut queued = 0;
    for row in campaigns {
        let rule = Rule {
            department: &row.department,
            location: &row.location,
            started_after: row.started_after,
        };
        let steps = campaign_step::Entity::find()
            .filter(campaign_step::Column::CampaignId.eq(row.id))
            .all(db)
            .await?;
        for step in steps {
            let done: Vec<i64> = campaign_delivery::Entity::find()
                .filter(campaign_delivery::Column::StepId.eq(step.id))
                .all(db)
                .await?
                .into_iter()
                .map(|delivery| delivery.user_id)
                .collect();
            for person in &people {
                let zone = clock::zone(&person.time_zone).unwrap_or(Tz::UTC);
                let wanted = cadences.get(&person.id) != Some(&Cadence::Never);
                if !wanted
                    || done.contains(&person.id)
                    || !rule.matches(profile(person))
                    || !person
                        .start_date
                        .is_some_and(|start| due(start, step.day, zone, step.created_at, now))
                {
                    continue;
                }
                // One delivery's trouble never holds up the others.
                match deliver(db, &sender, &step, person).await {
                    Ok(true) => queued += 1,
                    Ok(false) => {}
                    Err(error) => tracing::warn!(
                        ?error,
                        step = step.id,
                        "a campaign email could not be queued"
                    ),
                }
            }
        }
    }
    Ok(queued)
}

/// Records one delivery and queues its email in one transaction; another server that got there
/// first makes this a no-op.
async fn deliver(
    db: &DatabaseConnection,
    sender: &Sender,
    step: &campaign_step::Model,
    person: &user::Model,
) -> Result<bool, AppError> {
    let txn = db.begin().await?;
    let token = new_token();
    let inserted = campaign_delivery::Entity::insert(campaign_delivery::ActiveModel {
        step_id: Set(step.id),
        user_id: Set(person.id),
        token: Set(token.clone()),
        sent_at: Set(Utc::now()),
        clicked_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            campaign_delivery::Column::StepId,
            campaign_delivery::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted == 0 {
        return Ok(false);
    }
    let key = format!("campaign-{}-{}", step.id, person.id);
    let mail = sender
        .mail(&txn, step, person, key, MailKind::Campaign, &token)
        .await?;
    mail::queue(&txn, [mail]).await?;
    txn.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_placeholders_pass_and_unknown_ones_are_named() {
        assert!(
            check_placeholders("Email", "Hi {first_name}, ask {manager} about {next_step}.")
                .is_ok()
        );
        assert!(check_placeholders("Email", "Braces alone { are fine").is_ok());
        let refused = check_placeholders("Subject", "Hi {firstname}").unwrap_err();
        assert!(
            matches!(&refused, AppError::Validation(message) if message.contains("{firstname}") && message.contains("{first_name}")),
            "{refused:?}"
        );
    }

    #[test]
    fn placeholders_are_filled_for_the_person() {
        let values = Values {
            first_name: "Noor".into(),
            manager: "Amara Okafor".into(),
            next_step: "Take the tour".into(),
        };
        assert_eq!(
            fill("Hi {first_name}! {manager} suggests: {next_step}", &values),
            "Hi Noor! Amara Okafor suggests: Take the tour"
        );
    }

    #[test]
    fn names_filled_into_markdown_stay_words() {
        let values = Values {
            first_name: "Eve".into(),
            manager: "[Reset your password](http://evil.example)".into(),
            next_step: "**Tour**".into(),
        };
        let html = render(
            &fill("Ask {manager}. Next: {next_step}", &values.for_markdown()),
            &HashMap::new(),
        );
        assert!(!html.contains("<a"), "{html}");
        assert!(!html.contains("<strong>"), "{html}");
        assert!(
            html.contains("[Reset your password](http://evil.example)"),
            "{html}"
        );
    }

    #[test]
    fn a_step_is_due_its_day_after_the_start_date() {
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(due_on(start, 3), NaiveDate::from_ymd_opt(2026, 12, 4));
        assert_eq!(due_on(start, 0), Some(start));
        assert_eq!(due_on(start, -1), None);
    }

    #[test]
    fn a_step_is_due_when_its_day_begins_where_the_person_lives() {
        let at = |text: &str| text.parse::<DateTime<Utc>>().unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let added = at("2026-11-20T12:00:00Z");
        // 15:30 UTC on 3 December is already 4 December in Tokyo, still 3 December in New York.
        let now = at("2026-12-03T15:30:00Z");
        assert!(due(start, 3, chrono_tz::Asia::Tokyo, added, now));
        assert!(!due(start, 3, Tz::UTC, added, now));
        assert!(!due(start, 3, chrono_tz::America::New_York, added, now));
        assert!(due(
            start,
            3,
            chrono_tz::America::New_York,
            added,
            at("2026-12-04T05:00:00Z")
        ));
        // Added later on a person's due day it still goes; added the day after, it never does.
        let later = at("2026-12-04T18:00:00Z");
        assert!(due(
            start,
            3,
            chrono_tz::America::New_York,
            at("2026-12-04T12:00:00Z"),
            later
        ));
        assert!(!due(
            start,
            3,
            chrono_tz::Asia::Tokyo,
            at("2026-12-04T16:00:00Z"),
            later
        ));
    }
}
