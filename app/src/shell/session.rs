use super::on_success;
use crate::{
    auth::{AcceptInvite, SignIn, current_user},
    error::AppError,
    people::{UpdateProfile, types::Me},
};
use leptos::prelude::*;

/// Who is signed in, and the actions that change it. Provided once by the app.
#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in person, refetched whenever one of the actions below succeeds.
    pub me: Resource<Result<Option<Me>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub accept_invite: ServerAction<AcceptInvite>,
    pub update_profile: ServerAction<UpdateProfile>,
}

impl Session {
    /// Creates the session. Errors of forms posted without JavaScript come back in the address and
    /// are shown by `ActionError`, not through these actions.
    pub fn provide() -> Self {
        let sign_in = ServerAction::<SignIn>::new();
        let accept_invite = ServerAction::<AcceptInvite>::new();
        let update_profile = ServerAction::<UpdateProfile>::new();
        let changed = RwSignal::new(0u32);
        let bump = move || changed.update(|n| *n += 1);
        on_success(sign_in, bump);
        on_success(accept_invite, bump);
        on_success(update_profile, bump);
        let me = Resource::new(move || changed.get(), |_| current_user());
        let session = Session {
            me,
            sign_in,
            accept_invite,
            update_profile,
        };
        provide_context(session);
        session
    }
}

/// Clears an action's last result when a page with its form opens, so an earlier refusal is not
/// shown on a page it does not belong to.
pub fn fresh<S>(action: ServerAction<S>) -> ServerAction<S>
where
    S: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    action.value().set(None);
    action
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
