//! Invitations: one at a time, from CSV files, and accepting one.

use super::{find, resolve_manager};
use crate::{
    auth::ssr::{
        Attempts, INVITE_LOOKUPS, client_address, hash_password, new_token, request_parts,
        token_hash,
    },
    db::{invite, user},
    error::AppError,
    notify::{
        letters,
        mail::{self, Mail},
        types::MailKind,
    },
    people::{
        csv_import::{self, PersonRow},
        types::{
            AccountStatus, ImportReport, Invitation, InviteFields, InviteState, Role, RowProblem,
        },
        validate,
    },
    policy::Actor,
    state::AppState,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    SqlErr, TransactionTrait, sea_query::Expr,
};
use std::collections::{HashMap, HashSet, hash_map::Entry};

/// How long an invitation link stays good.
pub const INVITE_LIFETIME: Duration = Duration::days(14);

/// The address links are built on: the configured public URL, else the request's own host.
pub fn public_base(state: &AppState) -> Result<String, AppError> {
    if let Some(url) = &state.settings.public_url {
        return Ok(url.clone());
    }
    let parts = request_parts()?;
    let host = parts
        .headers
        .get(http::header::HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or("localhost");
    Ok(format!("http://{host}"))
}

/// Someone to invite, as validated.
#[derive(Debug, Clone)]
struct NewPerson {
    email: String,
    name: String,
    title: String,
    department: String,
    location: String,
    start_date: Option<NaiveDate>,
    manager_id: Option<i64>,
}

/// Creates an invitation for an existing account, replacing any open one, queues the email that
/// carries its link, and returns the link (the admin sees it once too).
async fn issue_invite(
    db: &impl ConnectionTrait,
    base: &str,
    user: &user::Model,
    inviter: i64,
) -> Result<Invitation, AppError> {
    invite::Entity::delete_many()
        .filter(invite::Column::UserId.eq(user.id))
        .filter(invite::Column::AcceptedAt.is_null())
        .exec(db)
        .await?;
    mail::withdraw(
        db,
        user.id,
        MailKind::Invitation,
        "A newer invitation replaced it.",
    )
    .await?;
    let token = new_token();
    let now = Utc::now();
    let invite = invite::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + INVITE_LIFETIME),
        invited_by: Set(Some(inviter)),
        accepted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let link = format!("{base}/invite/{token}");
    let emailed = format!("{}/invite/{token}", mail::link_base());
    let inviter = user::Entity::find_by_id(inviter)
        .one(db)
        .await?
        .map_or_else(|| "Your admin".to_string(), |inviter| inviter.name);
    mail::queue(
        db,
        [Mail {
            key: format!("invitation-{}", invite.id),
            kind: MailKind::Invitation,
            recipient: Some(user.id),
            to: user.email.clone(),
            letter: letters::invitation(&user.name, &inviter, &emailed),
            unsubscribe: None,
        }],
    )
    .await?;
    Ok(Invitation {
        person_id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
        link,
    })
}

fn already_here(email: &str) -> AppError {
    AppError::Conflict(format!("{email} already has an account or an invitation."))
}

async fn create_invited(
    db: &impl ConnectionTrait,
    base: &str,
    person: NewPerson,
    inviter: i64,
) -> Result<Invitation, AppError> {
    let email = person.email.clone();
    let mut user = super::new_account(
        person.email,
        person.name,
        Role::Member,
        AccountStatus::Invited,
        None,
    );
    user.title = Set(person.title);
    user.department = Set(person.department);
    user.location = Set(person.location);
    user.start_date = Set(person.start_date);
    user.manager_id = Set(person.manager_id);
    let user = user
        .insert(db)
        .await
        // Two admins inviting the same email at once: the unique index decides, and the loser is told.
        .map_err(|error| match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => already_here(&email),
            _ => error.into(),
        })?;
    issue_invite(db, base, &user, inviter).await
}

async fn account_with_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user::Model>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// Invites one person, typed into the form.
pub async fn invite_one(
    state: &AppState,
    inviter: Actor,
    input: InviteFields,
) -> Result<Invitation, AppError> {
    let person = NewPerson {
        email: validate::email(&input.email)?,
        name: validate::name(&input.name)?,
        title: validate::line("Title", &input.title, validate::TEXT_MAX)?,
        department: validate::line("Department", &input.department, validate::TEXT_MAX)?,
        location: validate::line("Location", &input.location, validate::TEXT_MAX)?,
        start_date: validate::date("Start date", &input.start_date)?,
        manager_id: resolve_manager(&state.db, &input.manager_email, None).await?,
    };
    if account_with_email(&state.db, &person.email)
        .await?
        .is_some()
    {
        return Err(already_here(&person.email));
    }
    let base = public_base(state)?;
    let txn = state.db.begin().await?;
    let invitation = create_invited(&txn, &base, person, inviter.id).await?;
    txn.commit().await?;
    Ok(invitation)
}

/// Invites everyone in a CSV file. Good rows are imported even when others are refused; people who
/// already have an account are left as they are, so uploading the same file twice changes nothing.
/// A manager must be someone here (invited or active) or someone this file invites.
pub async fn import_csv(
    state: &AppState,
    inviter: Actor,
    text: &str,
) -> Result<ImportReport, AppError> {
    let parsed = csv_import::parse(text)?;
    let mut report = ImportReport {
        problems: parsed.problems,
        ..Default::default()
    };
    let base = public_base(state)?;
    let txn = state.db.begin().await?;

    let mut existing: HashMap<String, Option<user::Model>> = HashMap::new();
    let mut rows: Vec<PersonRow> = Vec::new();
    for row in parsed.rows {
        let account = account_with_email(&txn, &row.email).await?;
        if account.is_some() {
            report.already_present.push(row.email.clone());
        } else {
            rows.push(row);
        }
    }
    for manager in rows.iter().filter_map(|row| row.manager_email.clone()) {
        if let Entry::Vacant(slot) = existing.entry(manager) {
            let account = account_with_email(&txn, slot.key()).await?;
            slot.insert(account);
        }
    }
    let usable = |email: &str| {
        existing
            .get(email)
            .and_then(Option::as_ref)
            .is_some_and(|account| account.status != AccountStatus::Deactivated)
    };
    // Refusing a row can leave the people it manages without a manager, so repeat until it settles.
    loop {
        let invited: HashSet<String> = rows.iter().map(|row| row.email.clone()).collect();
        let (good, bad): (Vec<PersonRow>, Vec<PersonRow>) =
            rows.into_iter().partition(|row| match &row.manager_email {
                None => true,
                Some(manager) => {
                    *manager != row.email && (invited.contains(manager) || usable(manager))
                }
            });
        rows = good;
        if bad.is_empty() {
            break;
        }
        report.problems.extend(bad.into_iter().map(|row| {
            let manager = row.manager_email.unwrap_or_default();
            let message = if manager == row.email {
                "People can't be their own manager.".to_string()
            } else {
                format!("Nobody with the email {manager} works here or is imported by this file.")
            };
            RowProblem {
                line: row.line,
                column: "manager_email".into(),
                message,
            }
        }));
    }

    let mut ids: HashMap<String, i64> = HashMap::new();
    for row in &rows {
        let person = NewPerson {
            email: row.email.clone(),
            name: row.name.clone(),
            title: row.title.clone(),
            department: row.department.clone(),
            location: row.location.clone(),
            start_date: row.start_date,
            manager_id: None,
        };
        let invitation = create_invited(&txn, &base, person, inviter.id).await?;
        ids.insert(row.email.clone(), invitation.person_id);
        report.invited.push(invitation);
    }
    // Managers are linked once everyone in the file exists, so a file may list a report before its manager.
    for row in &rows {
        let Some(manager) = &row.manager_email else {
            continue;
        };
        let manager_id = ids.get(manager).copied().or_else(|| {
            existing
                .get(manager)
                .and_then(Option::as_ref)
                .map(|account| account.id)
        });
        user::Entity::update_many()
            .col_expr(user::Column::ManagerId, Expr::value(manager_id))
            .filter(user::Column::Id.eq(ids[&row.email]))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    report.problems.sort_by_key(|problem| problem.line);
    Ok(report)
}

/// A new link for someone who has not accepted yet; earlier links stop working.
pub async fn renew_invite(
    state: &AppState,
    inviter: Actor,
    person_id: i64,
) -> Result<Invitation, AppError> {
    let user = find(&state.db, person_id).await?;
    if user.status != AccountStatus::Invited {
        return Err(AppError::Conflict(format!(
            "{} has already joined or is deactivated; there is no invitation to resend.",
            user.name
        )));
    }
    let base = public_base(state)?;
    let txn = state.db.begin().await?;
    let invitation = issue_invite(&txn, &base, &user, inviter.id).await?;
    txn.commit().await?;
    Ok(invitation)
}

async fn find_invite(
    state: &AppState,
    token: &str,
) -> Result<Option<(invite::Model, user::Model)>, AppError> {
    let client = client_address(&request_parts()?, &state.settings);
    let mut lookup = Attempts::default();
    lookup.try_one(&state.db, &INVITE_LOOKUPS, &client).await?;
    let found = invite::Entity::find()
        .filter(invite::Column::TokenHash.eq(token_hash(token)))
        .one(&state.db)
        .await?;
    let user = match &found {
        Some(invite) => {
            user::Entity::find_by_id(invite.user_id)
                .one(&state.db)
                .await?
        }
        None => None,
    };
    match (found, user) {
        (Some(invite), Some(user)) => {
            lookup.strike_off(&state.db).await?;
            Ok(Some((invite, user)))
        }
        _ => Ok(None),
    }
}

fn state_of(invite: &invite::Model, user: &user::Model) -> InviteState {
    if invite.accepted_at.is_some() || user.status == AccountStatus::Active {
        InviteState::Used
    } else if user.status == AccountStatus::Deactivated {
        InviteState::Unknown
    } else if invite.expires_at <= Utc::now() {
        InviteState::Expired
    } else {
        InviteState::Open {
            name: user.name.clone(),
            email: user.email.clone(),
        }
    }
}

/// Why a link that is not open cannot be accepted.
fn refusal(state: &InviteState) -> AppError {
    match state {
        InviteState::Expired => {
            AppError::invalid("This invitation has expired. Ask your admin for a new link.")
        }
        InviteState::Used => {
            AppError::Conflict("This invitation has already been used. Sign in instead.".into())
        }
        _ => AppError::invalid("This invitation link isn't valid. Ask your admin for a new one."),
    }
}

/// What an invitation link leads to. Links that lead nowhere count towards the client's limit on
/// invitation look-ups, which is apart from signing in.
pub async fn invite_state(state: &AppState, token: &str) -> Result<InviteState, AppError> {
    Ok(match find_invite(state, token).await? {
        Some((invite, user)) => state_of(&invite, &user),
        None => InviteState::Unknown,
    })
}

/// Accepts an open invitation: sets the password and activates the account. Returns the account id.
pub async fn accept_invite(
    state: &AppState,
    token: &str,
    password: String,
) -> Result<i64, AppError> {
    let (invite, user) = find_invite(state, token)
        .await?
        .ok_or_else(|| refusal(&InviteState::Unknown))?;
    let current = state_of(&invite, &user);
    if !matches!(current, InviteState::Open { .. }) {
        return Err(refusal(&current));
    }
    let hash = hash_password(password).await?;
    let now = Utc::now();
    let txn = state.db.begin().await?;
    // Only one acceptance can win, even when the link is submitted twice at once.
    let claimed = invite::Entity::update_many()
        .col_expr(invite::Column::AcceptedAt, Expr::value(now))
        .filter(invite::Column::Id.eq(invite.id))
        .filter(invite::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(refusal(&InviteState::Used));
    }
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::Status, Expr::value(AccountStatus::Active))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(user.id)
}
