use crate::{auth::current_user, error::AppError, people::types::Me};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Who is signed in. Provided once by the app.
#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in person, read again whenever an action taken with `action` succeeds.
    pub me: Resource<Result<Option<Me>, AppError>>,
    changes: RwSignal<u32>,
    owner: StoredValue<Owner>,
}

impl Session {
    pub fn provide() -> Self {
        let changes = RwSignal::new(0u32);
        let me = Resource::new(move || changes.get(), |_| current_user());
        let owner = StoredValue::new(Owner::current().expect("the app has an owner"));
        let session = Session { me, changes, owner };
        provide_context(session);
        session
    }

    /// How many times who is signed in, or how they show, has changed: a resource keyed on it
    /// (beside `me`) is read again after each change.
    pub fn version(self) -> u32 {
        self.changes.get()
    }

    /// The app's one action of a kind that changes who is signed in or how they show (signing in,
    /// accepting an invitation, saving one's profile), cleared of its last result for the page
    /// that takes it. It belongs to the app rather than to the page, since its success may open
    /// another page first; its code comes with the page. Errors of forms posted without
    /// JavaScript come back in the address and are shown by `ActionError`, not through it.
    pub fn action<S>(self) -> ServerAction<S>
    where
        S: ServerFn + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: Send + Sync + 'static,
    {
        let action = self.owner.with_value(|owner| {
            owner.with(|| {
                use_context::<ServerAction<S>>().unwrap_or_else(|| {
                    let action = ServerAction::<S>::new();
                    super::on_success(action, move || self.changes.update(|n| *n += 1));
                    provide_context(action);
                    action
                })
            })
        });
        action.value().set(None);
        action
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
