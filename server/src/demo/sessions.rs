//! The demo's live sessions: office hours running now (its room open), a company town hall later
//! this week with a limit on places, and an Engineering Guild talk.

use app::{
    db::{live_session, live_session_host},
    error::AppError,
    feed::markdown::render,
    sessions::types::Audience,
};
use chrono::{Duration, DurationRound, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

/// Seeds the sessions. `people` are in `PEOPLE` order; `guild` is the Engineering Guild.
pub async fn seed(db: &impl ConnectionTrait, people: &[i64], guild: i64) -> Result<(), AppError> {
    let now = Utc::now();
    let hour = now.duration_trunc(Duration::hours(1)).unwrap_or(now);
    let sessions = [
        (
            "Open office hours with Jonas",
            "Ask Jonas anything about our stack, in the chat or the Q&A.",
            now - Duration::minutes(10),
            Audience::Company,
            None,
            None,
            people[1],
        ),
        (
            "Town hall: where we go in 2027",
            "Amara shares the plan for next year, then takes your questions.\n\n\
             Bring your questions.",
            hour + Duration::days(3) + Duration::hours(1),
            Audience::Company,
            None,
            Some(40),
            people[0],
        ),
        (
            "Keyset pagination, live",
            "Jonas walks through how the feed pages fast, with code. Bring questions.",
            hour + Duration::days(5),
            Audience::Group,
            Some(guild),
            None,
            people[1],
        ),
    ];
    for (title, description, starts, audience, group, capacity, host) in sessions {
        let row = live_session::ActiveModel {
            title: Set(title.into()),
            description_html: Set(render(description, &Default::default())),
            description: Set(description.into()),
            starts_at: Set(starts),
            // Office hours run all afternoon, so the demo always has a room to try.
            ends_at: Set(starts + Duration::hours(if starts < now { 4 } else { 1 })),
            time_zone: Set("Europe/Berlin".into()),
            audience: Set(audience),
            group_id: Set(group),
            path_id: Set(None),
            stream_url: Set("https://meet.example.com/wellspring-demo".into()),
            capacity: Set(capacity),
            anonymous_questions: Set(true),
            going_count: Set(0),
            cancelled: Set(false),
            sequence: Set(0),
            created_by: Set(Some(people[0])),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        live_session_host::ActiveModel {
            session_id: Set(row.id),
            user_id: Set(host),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
