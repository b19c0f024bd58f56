use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// An error said in words, announced to screen readers.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let sign_in = matches!(error, AppError::Unauthorized);
    view! {
        <div class="notice notice--error" role="alert">
            <p>{error.to_string()}</p>
            <Show when=move || sign_in>
                <a class="button button--small" href="/sign-in">
                    "Sign in"
                </a>
            </Show>
        </div>
    }
}

/// The error of an action's last run, if it failed.
#[component]
pub fn ActionError<S>(action: ServerAction<S>) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorNotice error /> })
    }
}
