/// Gives the page being rendered on the server its HTTP status: the first error it shows (404,
/// 403, 422, …), the redirect of a signed-out visit (303) or the missing page (404). Every page
/// reaches it through the shell's `RequireUser`, `ErrorNotice` and `NotFoundPage`, so no page sets
/// a status of its own. The first status set wins: the page's own error comes before anything a
/// part of it shows later. In the browser there is no response to give a status to.
pub fn set_page_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        let mut parts = response
            .0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if parts.status.is_none() {
            parts.status = Some(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Answers the page being rendered on the server with `303 See Other` to `path`, whatever was set
/// before (the router's own redirect says 302): the page is one to come back to after signing in.
pub fn see_other(path: &str) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(location)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(path),
    ) {
        response.insert_header(http::header::LOCATION, location);
        response.set_status(http::StatusCode::SEE_OTHER);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = path;
}
