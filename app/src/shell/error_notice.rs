use crate::error::AppError;
use leptos::{
    prelude::*,
    server_fn::{ServerFn, error::ServerFnUrlError},
};
use leptos_router::hooks::use_query_map;

/// An error said in words, announced to screen readers. Rendered on the server, it gives the page
/// the error's status (the first error shown sets it).
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    super::set_page_status(error.status());
    view! { <div class="drawn" inner_html=notice_html(&error)></div> }
}

/// `ErrorNotice`'s markup, for parts of a page drawn without components: the error in words, and
/// a way to sign in when that is what it takes.
pub fn notice_html(error: &AppError) -> String {
    let sign_in = if matches!(error, AppError::Unauthorized) {
        r#"<a class="button button--small" href="/sign-in">Sign in</a>"#
    } else {
        ""
    };
    format!(
        r#"<div class="notice notice--error" role="alert"><p>{}</p>{sign_in}</div>"#,
        super::escape_html(&error.to_string())
    )
}

/// The error of an action's last run, if it failed. A form posted without JavaScript comes back
/// with its error in the address, and that is shown until the action runs here. (An action starts
/// with whatever refusal the first address of the visit carried, so that is not trusted.)
#[component]
pub fn ActionError<S>(action: ServerAction<S>) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let posted = posted_error(&[S::PATH]);
    move || {
        if action.version().get() == 0 {
            posted.clone()
        } else {
            action.value().get().and_then(Result::err)
        }
        .map(|error| view! { <ErrorNotice error /> })
    }
}

/// The error of a form posted without JavaScript to one of `paths`, said once where a list of such
/// forms begins (a feed's cards all post to the same few addresses). Only the server draws it: it
/// belongs to the first address of a visit, whose page the browser keeps as it came, so the
/// browser needs no code to read it.
#[component]
pub fn PostedError(paths: Vec<&'static str>) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let markup = posted_error(&paths)
        .map(|error| {
            super::set_page_status(error.status());
            notice_html(&error)
        })
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let markup = {
        let _ = paths;
        String::new()
    };
    view! { <div class="drawn" inner_html=markup></div> }
}

/// The refusal a form posted without JavaScript came back with, read from the page's own address:
/// it belongs to this page only, not to the pages visited after it.
pub fn posted_error(paths: &[&str]) -> Option<AppError> {
    // A part drawn on its own (see `Part`) belongs to no page, nor to its address.
    #[cfg(feature = "ssr")]
    use_context::<leptos_router::location::RequestUrl>()?;
    let query = use_query_map();
    let query = query.read_untracked();
    let path = query.get_str("__path")?;
    paths
        .contains(&path)
        .then(|| query.get_str("__err"))
        .flatten()
        .map(ServerFnUrlError::<AppError>::decode_err)
}
