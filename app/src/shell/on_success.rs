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
            then();
        }
    });
}
