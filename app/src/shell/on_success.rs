use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Runs `then` each time the action succeeds. Failures leave the page alone, so a refused form keeps
/// everything its author typed.
pub fn on_success<S>(action: ServerAction<S>, then: impl Fn() + 'static)
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    Effect::new(move |_| {
        if action.value().with(|value| matches!(value, Some(Ok(_)))) {
            untrack(&then);
        }
    });
}

/// Hands each answer of the action to `then`, and says each failure through `error` (cleared
/// when the action runs again). The form stays as it was when the server refuses it. The value an
/// action starts with (a refusal from the address, for a form posted without JavaScript) is left
/// to `PostedError`, which says it once for the whole page.
pub fn on_answer<S>(
    action: ServerAction<S>,
    error: RwSignal<Option<AppError>>,
    then: impl Fn(S::Output) + 'static,
) where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if action.pending().get() {
            error.set(None);
        }
    });
    Effect::new(move |seen: Option<()>| {
        let value = action.value().get();
        if seen.is_none() {
            return;
        }
        match value {
            Some(Ok(answer)) => untrack(|| then(answer)),
            Some(Err(failure)) => error.set(Some(failure)),
            None => {}
        }
    });
}
