use crate::{
    auth::{AcceptInvite, SignIn, SignOut, current_user},
    error::AppError,
    people::{UpdateProfile, types::Me},
};
use leptos::prelude::*;

/// Who is signed in, and the actions that change it. Provided once by the app.
#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in person, refetched whenever one of the actions below completes.
    pub me: Resource<Result<Option<Me>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    pub accept_invite: ServerAction<AcceptInvite>,
    pub update_profile: ServerAction<UpdateProfile>,
}

impl Session {
    pub fn provide() -> Self {
        let sign_in = ServerAction::<SignIn>::new();
        let sign_out = ServerAction::<SignOut>::new();
        let accept_invite = ServerAction::<AcceptInvite>::new();
        let update_profile = ServerAction::<UpdateProfile>::new();
        let me = Resource::new(
            move || {
                (
                    sign_in.version().get(),
                    sign_out.version().get(),
                    accept_invite.version().get(),
                    update_profile.version().get(),
                )
            },
            |_| current_user(),
        );
        let session = Session {
            me,
            sign_in,
            sign_out,
            accept_invite,
            update_profile,
        };
        provide_context(session);
        session
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
