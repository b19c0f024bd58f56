//! Answering a session: going, maybe or not going. A session with a capacity gives its places in
//! the order people ask; once they are taken, "going" joins the waiting list, which moves up, in
//! the order people joined it, whenever a place opens. Places are taken by conditional updates of
//! the session's count, so two people never take the last one.

use super::{Seeing, phase, visible};
use crate::{
    db::{live_rsvp, live_session},
    error::AppError,
    notify::{self, ssr::Tell, types::NoticeKind},
    policy::Actor,
    sessions::types::{Answer, Phase},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
    sea_query::{Expr, ExprTrait},
};

/// How many of the waiting list may move up now: as many as there are free places, or everyone
/// when there is no limit.
pub fn free_places(capacity: Option<i32>, going: i32, waiting: usize) -> usize {
    match capacity {
        None => waiting,
        Some(capacity) => usize::try_from(capacity.saturating_sub(going))
            .unwrap_or(0)
            .min(waiting),
    }
}

/// Takes a place if one is free; answers whether it did.
async fn take_place(db: &impl ConnectionTrait, session: i64) -> Result<bool, AppError> {
    let taken = live_session::Entity::update_many()
        .col_expr(
            live_session::Column::GoingCount,
            Expr::col(live_session::Column::GoingCount).add(1),
        )
        .filter(live_session::Column::Id.eq(session))
        .filter(
            sea_orm::Condition::any()
                .add(live_session::Column::Capacity.is_null())
                .add(
                    Expr::col(live_session::Column::GoingCount)
                        .lt(Expr::col(live_session::Column::Capacity)),
                ),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// Gives a place back.
async fn give_place(db: &impl ConnectionTrait, session: i64) -> Result<(), AppError> {
    live_session::Entity::update_many()
        .col_expr(
            live_session::Column::GoingCount,
            Expr::col(live_session::Column::GoingCount).sub(1),
        )
        .filter(live_session::Column::Id.eq(session))
        .filter(live_session::Column::GoingCount.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// Moves people up from the waiting list into free places, first come first served, and tells
/// each; answers how many moved.
pub async fn promote(db: &impl ConnectionTrait, session: i64) -> Result<usize, AppError> {
    let Some(row) = live_session::Entity::find_by_id(session).one(db).await? else {
        return Ok(0);
    };
    if row.cancelled {
        return Ok(0);
    }
    let waiting = live_rsvp::Entity::find()
        .filter(live_rsvp::Column::SessionId.eq(session))
        .filter(live_rsvp::Column::Answer.eq(Answer::Waiting))
        .order_by_asc(live_rsvp::Column::AnsweredAt)
        .order_by_asc(live_rsvp::Column::Id)
        .all(db)
        .await?;
    let free = free_places(row.capacity, row.going_count, waiting.len());
    let mut moved = 0;
    for person in waiting {
        if moved == free || !take_place(db, session).await? {
            break;
        }
        // Only while they still wait: of two moving the list at once, one moves each person.
        let done = live_rsvp::Entity::update_many()
            .col_expr(
                live_rsvp::Column::Answer,
                Expr::value(Answer::Going.as_str()),
            )
            .filter(live_rsvp::Column::Id.eq(person.id))
            .filter(live_rsvp::Column::Answer.eq(Answer::Waiting))
            .exec(db)
            .await?;
        if done.rows_affected == 0 {
            give_place(db, session).await?;
            continue;
        }
        notify::ssr::tell(
            db,
            Tell::new(NoticeKind::SessionSeat, person.user_id).session(session),
        )
        .await?;
        moved += 1;
    }
    Ok(moved)
}

/// The reader's answer to a session; answers where they stand now (a wish to go may land them on
/// the waiting list).
pub async fn answer(
    db: &DatabaseConnection,
    actor: Actor,
    id: i64,
    wish: Answer,
) -> Result<Answer, AppError> {
    if wish == Answer::Waiting {
        return Err(AppError::invalid(
            "Say going, maybe or not going: the waiting list is where “going” lands when it is full.",
        ));
    }
    let seeing = Seeing::load(db, actor).await?;
    let (row, _) = visible(db, &seeing, id).await?;
    match phase(&row, Utc::now()) {
        Phase::Cancelled => return Err(AppError::Conflict("This session was cancelled.".into())),
        Phase::Past => return Err(AppError::Conflict("This session is over.".into())),
        Phase::Upcoming | Phase::Live => {}
    }
    let txn = db.begin().await?;
    let before = live_rsvp::Entity::find()
        .filter(live_rsvp::Column::SessionId.eq(id))
        .filter(live_rsvp::Column::UserId.eq(actor.id))
        .one(&txn)
        .await?;
    let was = before.as_ref().map(|row| row.answer);
    let now = Utc::now();
    let stands = match (was, wish) {
        (Some(Answer::Going), Answer::Going) => Answer::Going,
        // Someone waiting keeps their turn.
        (Some(Answer::Waiting), Answer::Going) => Answer::Waiting,
        (_, Answer::Going) if take_place(&txn, id).await? => Answer::Going,
        (_, Answer::Going) => Answer::Waiting,
        (_, other) => other,
    };
    if was == Some(Answer::Going) && stands != Answer::Going {
        give_place(&txn, id).await?;
    }
    // The waiting list goes by when people joined it; other answers keep no order.
    let answered_at = match (&before, stands) {
        (Some(row), Answer::Waiting) if row.answer == Answer::Waiting => row.answered_at,
        _ => now,
    };
    // Written only over the answer read: a second click, or the waiting list moving them up, in
    // the meantime is told rather than counted twice (the places taken above roll back with it).
    let changed_meanwhile =
        || AppError::Conflict("Your answer changed a moment ago. Look again, then answer.".into());
    match before {
        Some(row) => {
            let written = live_rsvp::Entity::update_many()
                .col_expr(live_rsvp::Column::Answer, Expr::value(stands.as_str()))
                .col_expr(live_rsvp::Column::AnsweredAt, Expr::value(answered_at))
                .filter(live_rsvp::Column::Id.eq(row.id))
                .filter(live_rsvp::Column::Answer.eq(row.answer))
                .exec(&txn)
                .await?;
            if written.rows_affected == 0 {
                return Err(changed_meanwhile());
            }
        }
        None => {
            live_rsvp::ActiveModel {
                session_id: Set(id),
                user_id: Set(actor.id),
                answer: Set(stands),
                answered_at: Set(answered_at),
                reminded_day_at: Set(None),
                reminded_soon_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(|error| match error.sql_err() {
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => changed_meanwhile(),
                _ => error.into(),
            })?;
        }
    }
    if was == Some(Answer::Going) && stands != Answer::Going {
        promote(&txn, id).await?;
    }
    notify::ssr::commit(txn).await?;
    Ok(stands)
}

/// How many wait for a place, and where the reader stands among them (1 is next).
pub async fn waiting(
    db: &impl ConnectionTrait,
    row: &live_session::Model,
    person: i64,
) -> Result<(i64, Option<i64>), AppError> {
    let queue = live_rsvp::Entity::find()
        .filter(live_rsvp::Column::SessionId.eq(row.id))
        .filter(live_rsvp::Column::Answer.eq(Answer::Waiting));
    let count = i64::try_from(queue.clone().count(db).await?).unwrap_or(i64::MAX);
    let mine: Option<(DateTime<Utc>, i64)> = queue
        .clone()
        .filter(live_rsvp::Column::UserId.eq(person))
        .one(db)
        .await?
        .map(|mine| (mine.answered_at, mine.id));
    let place = match mine {
        Some((at, id)) => {
            let ahead = queue
                .filter(
                    sea_orm::Condition::any()
                        .add(live_rsvp::Column::AnsweredAt.lt(at))
                        .add(
                            sea_orm::Condition::all()
                                .add(live_rsvp::Column::AnsweredAt.eq(at))
                                .add(live_rsvp::Column::Id.lt(id)),
                        ),
                )
                .count(db)
                .await?;
            Some(i64::try_from(ahead).unwrap_or(i64::MAX) + 1)
        }
        None => None,
    };
    Ok((count, place))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_waiting_list_moves_up_into_free_places_only() {
        assert_eq!(free_places(Some(10), 10, 3), 0);
        assert_eq!(free_places(Some(10), 8, 3), 2);
        assert_eq!(free_places(Some(10), 2, 3), 3);
        assert_eq!(free_places(None, 500, 4), 4);
        // A capacity lowered below those going frees nothing.
        assert_eq!(free_places(Some(5), 7, 3), 0);
    }
}
