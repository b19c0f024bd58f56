use crate::error::AppError;
use leptos::{
    prelude::*,
    server::ServerActionError,
    server_fn::{ServerFn, error::ServerFnUrlError},
};

/// An error said in words, announced to screen readers. Rendered on the server, it gives the page
/// the error's status (the first error shown sets it).
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    super::set_page_status(error.status());
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

/// The error of an action's last run, if it failed. A form posted without JavaScript comes back
/// with its error in the address, and that is shown until the action runs again.
#[component]
pub fn ActionError<S>(action: ServerAction<S>) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let posted = use_context::<ServerActionError>()
        .filter(|error| error.path() == S::PATH)
        .map(|error| ServerFnUrlError::<AppError>::decode_err(error.err()));
    move || {
        match action.value().get() {
            Some(outcome) => outcome.err(),
            None => posted.clone(),
        }
        .map(|error| view! { <ErrorNotice error /> })
    }
}

/// The error of a form posted without JavaScript to one of `paths`, said once where a list of such
/// forms begins (a feed's cards all post to the same few addresses).
#[component]
pub fn PostedError(paths: Vec<&'static str>) -> impl IntoView {
    use_context::<ServerActionError>()
        .filter(|error| paths.contains(&error.path()))
        .map(|error| {
            let error = ServerFnUrlError::<AppError>::decode_err(error.err());
            view! { <ErrorNotice error /> }
        })
}
