//! Who may do what. Every server function asks one of these before it reads or changes anything that is
//! not the caller's own.

use crate::{error::AppError, people::types::Role};

/// The signed-in person making a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub role: Role,
}

impl Actor {
    fn is_admin(self) -> bool {
        self.role == Role::Admin
    }
}

fn allow(allowed: bool) -> Result<(), AppError> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Inviting, importing, listing every account and granting expertise are for admins.
pub fn manage_people(actor: Actor) -> Result<(), AppError> {
    allow(actor.is_admin())
}

/// People edit their own profile; admins edit anyone's.
pub fn edit_profile(actor: Actor, person_id: i64) -> Result<(), AppError> {
    allow(actor.id == person_id || actor.is_admin())
}

/// Admins change other people's roles; nobody changes their own, so a workspace never loses its last
/// admin by accident.
pub fn change_role(actor: Actor, person_id: i64) -> Result<(), AppError> {
    manage_people(actor)?;
    if actor.id == person_id {
        return Err(AppError::Conflict(
            "You can't change your own role. Ask another admin.".into(),
        ));
    }
    Ok(())
}

/// Admins deactivate and reactivate other people, never themselves.
pub fn deactivate(actor: Actor, person_id: i64) -> Result<(), AppError> {
    manage_people(actor)?;
    if actor.id == person_id {
        return Err(AppError::Conflict(
            "You can't deactivate your own account.".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: Actor = Actor {
        id: 1,
        role: Role::Admin,
    };
    const MEMBER: Actor = Actor {
        id: 2,
        role: Role::Member,
    };

    #[test]
    fn only_admins_manage_people() {
        assert_eq!(manage_people(ADMIN), Ok(()));
        assert_eq!(manage_people(MEMBER), Err(AppError::Forbidden));
    }

    #[test]
    fn members_edit_only_their_own_profile() {
        assert_eq!(edit_profile(MEMBER, MEMBER.id), Ok(()));
        assert_eq!(edit_profile(MEMBER, ADMIN.id), Err(AppError::Forbidden));
        assert_eq!(edit_profile(ADMIN, MEMBER.id), Ok(()));
    }

    #[test]
    fn nobody_changes_their_own_role_or_deactivates_themselves() {
        assert_eq!(change_role(ADMIN, MEMBER.id), Ok(()));
        assert!(matches!(
            change_role(ADMIN, ADMIN.id),
            Err(AppError::Conflict(_))
        ));
        assert_eq!(change_role(MEMBER, 3), Err(AppError::Forbidden));
        assert_eq!(deactivate(ADMIN, MEMBER.id), Ok(()));
        assert!(matches!(
            deactivate(ADMIN, ADMIN.id),
            Err(AppError::Conflict(_))
        ));
        assert_eq!(deactivate(MEMBER, MEMBER.id), Err(AppError::Forbidden));
    }
}
