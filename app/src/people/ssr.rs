//! Queries and changes about people, on the server.

use super::{
    csv_import::{self, PersonRow},
    types::*,
    validate,
};
use crate::{
    auth::ssr::{
        LIMIT_PER_CLIENT, check_rate, client_address, hash_password, new_token, record_failure,
        request_parts, token_hash,
    },
    db::{invite, user, user_tag},
    error::AppError,
    policy::Actor,
    state::AppState,
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionSession, TransactionTrait,
    sea_query::{Expr, ExprTrait, Func, LikeExpr},
};

/// How long an invitation link stays good.
pub const INVITE_LIFETIME: Duration = Duration::days(14);
/// People per directory page.
pub const PAGE_SIZE: u64 = 24;

/// The account with this id, whatever its status.
pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub fn avatar_url(avatar: &Option<String>) -> Option<String> {
    avatar.as_ref().map(|file| format!("/media/avatars/{file}"))
}

pub fn me(user: &user::Model) -> Me {
    Me {
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role,
        avatar_url: avatar_url(&user.avatar),
    }
}

pub fn summary(user: &user::Model) -> PersonSummary {
    PersonSummary {
        id: user.id,
        name: user.name.clone(),
        title: user.title.clone(),
        department: user.department.clone(),
        location: user.location.clone(),
        avatar_url: avatar_url(&user.avatar),
        role: user.role,
        status: user.status,
    }
}

/// What the directory is asked for.
#[derive(Debug, Default)]
pub struct DirectoryFilter {
    pub text: String,
    pub department: String,
    pub location: String,
    pub skill: String,
    /// Everyone, whatever their status (admins only); otherwise active people.
    pub every_status: bool,
}

fn cursor(user: &user::Model) -> String {
    format!("{}\u{1f}{}", user.name, user.id)
}

fn parse_cursor(raw: &str) -> Result<(String, i64), AppError> {
    raw.rsplit_once('\u{1f}')
        .and_then(|(name, id)| Some((name.to_string(), id.parse().ok()?)))
        .ok_or_else(|| AppError::invalid("That page link is broken. Start from the first page."))
}

/// One page of people ordered by name, after the cursor of the previous page.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &DirectoryFilter,
    after: Option<&str>,
) -> Result<PeoplePage, AppError> {
    let mut query = user::Entity::find();
    if !filter.every_status {
        query = query.filter(user::Column::Status.eq(AccountStatus::Active));
    }
    let text = filter.text.trim().to_lowercase();
    if !text.is_empty() {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        let mut any = Condition::any();
        for column in [
            user::Column::Name,
            user::Column::Email,
            user::Column::Title,
            user::Column::Department,
        ] {
            any = any.add(
                Expr::expr(Func::lower(Expr::col(column)))
                    .like(LikeExpr::new(pattern.clone()).escape('\\')),
            );
        }
        any = any.add(
            user::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(user_tag::Column::UserId)
                    .from(user_tag::Entity)
                    .and_where(
                        Expr::col(user_tag::Column::Tag).like(LikeExpr::new(pattern).escape('\\')),
                    )
                    .to_owned(),
            ),
        );
        query = query.filter(any);
    }
    if !filter.department.is_empty() {
        query = query.filter(user::Column::Department.eq(&filter.department));
    }
    if !filter.location.is_empty() {
        query = query.filter(user::Column::Location.eq(&filter.location));
    }
    if !filter.skill.is_empty() {
        query = query.filter(
            user::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(user_tag::Column::UserId)
                    .from(user_tag::Entity)
                    .and_where(user_tag::Column::Kind.eq(TagKind::Skill))
                    .and_where(user_tag::Column::Tag.eq(filter.skill.to_lowercase()))
                    .to_owned(),
            ),
        );
    }
    if let Some(after) = after.filter(|a| !a.is_empty()) {
        let (name, id) = parse_cursor(after)?;
        query = query.filter(
            Condition::any()
                .add(user::Column::Name.gt(name.clone()))
                .add(user::Column::Name.eq(name).and(user::Column::Id.gt(id))),
        );
    }
    let mut rows = query
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .limit(PAGE_SIZE + 1)
        .all(db)
        .await?;
    let next = if rows.len() as u64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(cursor)
    } else {
        None
    };
    Ok(PeoplePage {
        people: rows.iter().map(summary).collect(),
        next,
    })
}

/// The departments, locations and skills of active people.
pub async fn facets(db: &impl ConnectionTrait) -> Result<Facets, AppError> {
    let distinct = |column: user::Column| {
        user::Entity::find()
            .select_only()
            .column(column)
            .distinct()
            .filter(user::Column::Status.eq(AccountStatus::Active))
            .filter(column.ne(""))
            .order_by_asc(column)
            .into_tuple::<String>()
            .all(db)
    };
    let skills = user_tag::Entity::find()
        .select_only()
        .column(user_tag::Column::Tag)
        .distinct()
        .filter(user_tag::Column::Kind.eq(TagKind::Skill))
        .order_by_asc(user_tag::Column::Tag)
        .into_tuple::<String>()
        .all(db);
    Ok(Facets {
        departments: distinct(user::Column::Department).await?,
        locations: distinct(user::Column::Location).await?,
        skills: skills.await?,
    })
}

/// The people who joined most recently.
pub async fn newest(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<PersonSummary>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .order_by_desc(user::Column::CreatedAt)
        .order_by_desc(user::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .iter()
        .map(summary)
        .collect())
}

fn person_ref(user: &user::Model) -> PersonRef {
    PersonRef {
        id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
    }
}

/// A whole profile as `viewer` may see it: members see active people only.
pub async fn profile(
    db: &impl ConnectionTrait,
    viewer: Actor,
    id: i64,
) -> Result<Person, AppError> {
    let user = find(db, id).await?;
    let may_manage = crate::policy::manage_people(viewer).is_ok();
    if user.status != AccountStatus::Active && !may_manage {
        return Err(AppError::NotFound);
    }
    let manager = match user.manager_id {
        Some(manager_id) => user::Entity::find_by_id(manager_id).one(db).await?,
        None => None,
    };
    let reports = user::Entity::find()
        .filter(user::Column::ManagerId.eq(id))
        .filter(user::Column::Status.eq(AccountStatus::Active))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    let tags = user_tag::Entity::find()
        .filter(user_tag::Column::UserId.eq(id))
        .order_by_asc(user_tag::Column::Tag)
        .all(db)
        .await?;
    let of_kind = |kind: TagKind| -> Vec<String> {
        tags.iter()
            .filter(|tag| tag.kind == kind)
            .map(|tag| tag.tag.clone())
            .collect()
    };
    Ok(Person {
        summary: summary(&user),
        email: user.email.clone(),
        start_date: user.start_date.map(|date| date.to_string()),
        manager: manager.as_ref().map(person_ref),
        reports: reports.iter().map(person_ref).collect(),
        bio: user.bio.clone(),
        skills: of_kind(TagKind::Skill),
        interests: of_kind(TagKind::Interest),
        expertise: of_kind(TagKind::Expert),
        editable: crate::policy::edit_profile(viewer, id).is_ok(),
    })
}

async fn manager_id(
    db: &impl ConnectionTrait,
    email: &str,
    person_id: Option<i64>,
) -> Result<Option<i64>, AppError> {
    if email.trim().is_empty() {
        return Ok(None);
    }
    let email = validate::email(email).map_err(|_| {
        AppError::invalid(format!(
            "Manager: “{}” is not an email address.",
            email.trim()
        ))
    })?;
    let manager = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .filter(user::Column::Status.ne(AccountStatus::Deactivated))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::invalid(format!(
                "Manager: nobody with the email {email} works here yet."
            ))
        })?;
    if Some(manager.id) == person_id {
        return Err(AppError::invalid(
            "Manager: people can't manage themselves.",
        ));
    }
    Ok(Some(manager.id))
}

/// Saves a profile after checking every field.
pub async fn update_profile(
    db: &(impl ConnectionTrait + TransactionTrait),
    person_id: i64,
    input: ProfileFields,
) -> Result<(), AppError> {
    let name = validate::name(&input.name)?;
    let title = validate::line("Title", &input.title, validate::TEXT_MAX)?;
    let department = validate::line("Department", &input.department, validate::TEXT_MAX)?;
    let location = validate::line("Location", &input.location, validate::TEXT_MAX)?;
    let start_date = validate::date("Start date", &input.start_date)?;
    let bio = validate::paragraph("About you", &input.bio, validate::BIO_MAX)?;
    let skills = validate::tags("Skills", &input.skills)?;
    let interests = validate::tags("Interests", &input.interests)?;
    let manager = manager_id(db, &input.manager_email, Some(person_id)).await?;
    let existing = find(db, person_id).await?;

    let txn = db.begin().await?;
    let mut active: user::ActiveModel = existing.into();
    active.name = Set(name);
    active.title = Set(title);
    active.department = Set(department);
    active.location = Set(location);
    active.start_date = Set(start_date);
    active.manager_id = Set(manager);
    active.bio = Set(bio);
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;
    replace_tags(&txn, person_id, TagKind::Skill, &skills).await?;
    replace_tags(&txn, person_id, TagKind::Interest, &interests).await?;
    txn.commit().await?;
    Ok(())
}

/// Replaces a person's tags of one kind.
pub async fn replace_tags(
    db: &impl ConnectionTrait,
    user_id: i64,
    kind: TagKind,
    tags: &[String],
) -> Result<(), AppError> {
    user_tag::Entity::delete_many()
        .filter(user_tag::Column::UserId.eq(user_id))
        .filter(user_tag::Column::Kind.eq(kind))
        .exec(db)
        .await?;
    if !tags.is_empty() {
        user_tag::Entity::insert_many(tags.iter().map(|tag| user_tag::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind),
            tag: Set(tag.clone()),
            ..Default::default()
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

/// The address links are built on: the configured public URL, else the request's own host.
pub fn public_base(state: &AppState) -> Result<String, AppError> {
    if let Some(url) = &state.settings.public_url {
        return Ok(url.trim_end_matches('/').to_string());
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
pub struct NewPerson {
    pub email: String,
    pub name: String,
    pub title: String,
    pub department: String,
    pub location: String,
    pub start_date: Option<NaiveDate>,
    pub manager_id: Option<i64>,
}

/// Creates an invitation for an existing account and returns its link.
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
    let token = new_token();
    let now = Utc::now();
    invite::ActiveModel {
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
    Ok(Invitation {
        person_id: user.id,
        email: user.email.clone(),
        name: user.name.clone(),
        link: format!("{base}/invite/{token}"),
    })
}

async fn create_invited(
    db: &impl ConnectionTrait,
    base: &str,
    person: NewPerson,
    inviter: i64,
) -> Result<Invitation, AppError> {
    let now = Utc::now();
    let user = user::ActiveModel {
        email: Set(person.email),
        name: Set(person.name),
        title: Set(person.title),
        department: Set(person.department),
        location: Set(person.location),
        start_date: Set(person.start_date),
        manager_id: Set(person.manager_id),
        bio: Set(String::new()),
        avatar: Set(None),
        role: Set(Role::Member),
        status: Set(AccountStatus::Invited),
        password_hash: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    issue_invite(db, base, &user, inviter).await
}

async fn email_taken(db: &impl ConnectionTrait, email: &str) -> Result<bool, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db)
        .await?
        .is_some())
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
        manager_id: manager_id(&state.db, &input.manager_email, None).await?,
    };
    if email_taken(&state.db, &person.email).await? {
        return Err(AppError::Conflict(format!(
            "{} already has an account or an invitation.",
            person.email
        )));
    }
    let base = public_base(state)?;
    let txn = state.db.begin().await?;
    let invitation = create_invited(&txn, &base, person, inviter.id).await?;
    txn.commit().await?;
    Ok(invitation)
}

/// Invites everyone in a CSV file. Good rows are imported even when others are refused; people who
/// already have an account are left as they are, so uploading the same file twice changes nothing.
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
    let in_file: Vec<&str> = parsed.rows.iter().map(|row| row.email.as_str()).collect();
    let txn = state.db.begin().await?;
    let mut created: Vec<(i64, &PersonRow)> = Vec::new();
    for row in &parsed.rows {
        if email_taken(&txn, &row.email).await? {
            report.already_present.push(row.email.clone());
            continue;
        }
        if let Some(manager) = &row.manager_email {
            let known = in_file.contains(&manager.as_str()) || email_taken(&txn, manager).await?;
            if !known || *manager == row.email {
                report.problems.push(RowProblem {
                    line: row.line,
                    column: "manager_email".into(),
                    message: format!(
                        "Nobody with the email {manager} is in the file or works here yet."
                    ),
                });
                continue;
            }
        }
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
        created.push((invitation.person_id, row));
        report.invited.push(invitation);
    }
    // Managers are linked once everyone in the file exists, so a file may list a report before its manager.
    for (person_id, row) in created {
        if let Some(manager) = &row.manager_email {
            let manager_id = manager_id(&txn, manager, Some(person_id))
                .await
                .ok()
                .flatten();
            user::Entity::update_many()
                .col_expr(user::Column::ManagerId, Expr::value(manager_id))
                .filter(user::Column::Id.eq(person_id))
                .exec(&txn)
                .await?;
        }
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
            "{} has already joined; there is nothing to resend.",
            user.name
        )));
    }
    let base = public_base(state)?;
    let txn = state.db.begin().await?;
    let invitation = issue_invite(&txn, &base, &user, inviter.id).await?;
    txn.commit().await?;
    Ok(invitation)
}

/// Changes a person's workspace role.
pub async fn set_role(
    db: &impl ConnectionTrait,
    person_id: i64,
    role: Role,
) -> Result<(), AppError> {
    let updated = user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value(role))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(person_id))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Deactivates a person: they can't sign in, their sessions and open invitations end at once.
/// Reactivating brings back an account as it was (invited people stay invited).
pub async fn set_active(
    db: &(impl ConnectionTrait + TransactionTrait),
    person_id: i64,
    active: bool,
) -> Result<(), AppError> {
    let user = find(db, person_id).await?;
    let status = match (active, user.password_hash.is_some()) {
        (false, _) => AccountStatus::Deactivated,
        (true, true) => AccountStatus::Active,
        (true, false) => AccountStatus::Invited,
    };
    let txn = db.begin().await?;
    user::Entity::update_many()
        .col_expr(user::Column::Status, Expr::value(status))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(person_id))
        .exec(&txn)
        .await?;
    if !active {
        crate::auth::ssr::end_all_sessions(&txn, person_id).await?;
        invite::Entity::delete_many()
            .filter(invite::Column::UserId.eq(person_id))
            .filter(invite::Column::AcceptedAt.is_null())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn find_invite(
    state: &AppState,
    token: &str,
) -> Result<Option<(invite::Model, user::Model)>, AppError> {
    let client = client_address(&request_parts()?);
    check_rate(&state.db, "client", &client, LIMIT_PER_CLIENT).await?;
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
        (Some(invite), Some(user)) => Ok(Some((invite, user))),
        _ => {
            record_failure(&state.db, "client", &client).await?;
            Ok(None)
        }
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

/// What an invitation link leads to. Unknown links count towards the client's rate limit.
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
    let (invite, user) = find_invite(state, token).await?.ok_or_else(|| {
        AppError::invalid("This invitation link isn't valid. Ask your admin for a new one.")
    })?;
    match state_of(&invite, &user) {
        InviteState::Open { .. } => {}
        InviteState::Expired => {
            return Err(AppError::invalid(
                "This invitation has expired. Ask your admin for a new link.",
            ));
        }
        InviteState::Used => {
            return Err(AppError::Conflict(
                "This invitation has already been used. Sign in instead.".into(),
            ));
        }
        InviteState::Unknown => {
            return Err(AppError::invalid(
                "This invitation link isn't valid. Ask your admin for a new one.",
            ));
        }
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
        return Err(AppError::Conflict(
            "This invitation has already been used. Sign in instead.".into(),
        ));
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
