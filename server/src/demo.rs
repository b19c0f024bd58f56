//! The demo workspace: an admin and a few colleagues, seeded into an empty database on request.

use app::{
    auth::ssr::hash_password,
    db::user,
    error::AppError,
    people::{
        ssr::{new_account, replace_tags},
        types::{AccountStatus, Role, TagKind},
    },
};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, TransactionTrait,
};

pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const PASSWORD: &str = "wellspring-demo";

struct DemoPerson {
    email: &'static str,
    name: &'static str,
    title: &'static str,
    department: &'static str,
    location: &'static str,
    started: (i32, u32, u32),
    skills: &'static [&'static str],
    interests: &'static [&'static str],
    bio: &'static str,
}

const PEOPLE: &[DemoPerson] = &[
    DemoPerson {
        email: ADMIN_EMAIL,
        name: "Amara Okafor",
        title: "Head of Learning",
        department: "People",
        location: "Lagos",
        started: (2021, 2, 1),
        skills: &["facilitation", "instructional design"],
        interests: &["data storytelling"],
        bio: "I look after how we learn here. Ask me about paths, courses and mentoring.",
    },
    DemoPerson {
        email: "jonas@example.com",
        name: "Jonas Lindqvist",
        title: "Staff Engineer",
        department: "Engineering",
        location: "Stockholm",
        started: (2019, 9, 2),
        skills: &["rust", "postgresql", "code review"],
        interests: &["public speaking"],
        bio: "Backend and databases. Happy to pair on anything that touches SQL.",
    },
    DemoPerson {
        email: "priya@example.com",
        name: "Priya Raman",
        title: "Product Designer",
        department: "Design",
        location: "Bengaluru",
        started: (2022, 5, 16),
        skills: &["accessibility", "user research", "figma"],
        interests: &["rust"],
        bio: "I design for people who are busy. Ask me about accessibility.",
    },
    DemoPerson {
        email: "mateo@example.com",
        name: "Mateo García",
        title: "Account Executive",
        department: "Sales",
        location: "Madrid",
        started: (2023, 1, 9),
        skills: &["negotiation", "public speaking"],
        interests: &["sql"],
        bio: "",
    },
    DemoPerson {
        email: "lena@example.com",
        name: "Lena Fischer",
        title: "Support Lead",
        department: "Customer Success",
        location: "Berlin",
        started: (2020, 11, 2),
        skills: &["coaching", "customer empathy"],
        interests: &["instructional design"],
        bio: "Our customers' voice inside the company.",
    },
    DemoPerson {
        email: "kenji@example.com",
        name: "Kenji Watanabe",
        title: "Software Engineer",
        department: "Engineering",
        location: "Tokyo",
        started: (2026, 11, 2),
        skills: &["typescript"],
        interests: &["rust", "code review"],
        bio: "New here! Learning the codebase one module at a time.",
    },
];

/// Whether the demo admin can sign in here, so start-up may say how.
pub async fn admin_exists(db: &DatabaseConnection) -> Result<bool, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(ADMIN_EMAIL))
        .filter(user::Column::PasswordHash.is_not_null())
        .count(db)
        .await?
        > 0)
}

/// Seeds the demo workspace when nobody has an account yet.
pub async fn seed_if_empty(db: &DatabaseConnection) -> Result<(), AppError> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(());
    }
    let hash = hash_password(PASSWORD.to_string()).await?;
    let txn = db.begin().await?;
    let mut admin_id = None;
    for person in PEOPLE {
        let (year, month, day) = person.started;
        let role = if admin_id.is_none() {
            Role::Admin
        } else {
            Role::Member
        };
        let mut account = new_account(
            person.email.to_string(),
            person.name.to_string(),
            role,
            AccountStatus::Active,
            Some(hash.clone()),
        );
        account.title = Set(person.title.to_string());
        account.department = Set(person.department.to_string());
        account.location = Set(person.location.to_string());
        account.start_date = Set(NaiveDate::from_ymd_opt(year, month, day));
        account.manager_id = Set(admin_id);
        account.bio = Set(person.bio.to_string());
        let created = account.insert(&txn).await?;
        admin_id.get_or_insert(created.id);
        let tags = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        replace_tags(&txn, created.id, TagKind::Skill, &tags(person.skills)).await?;
        replace_tags(&txn, created.id, TagKind::Interest, &tags(person.interests)).await?;
    }
    txn.commit().await?;
    Ok(())
}
