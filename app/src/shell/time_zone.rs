//! The browser names its time zone to the server, which writes every time in it.

/// The cookie in which the browser names its IANA time zone, such as `Europe/Berlin`.
pub const TIME_ZONE_COOKIE: &str = "wellspring_tz";

/// Keeps the time-zone cookie in step with the browser's own zone, so what the server sends from
/// now on shows times as the reader's clock does. Does nothing on the server.
pub fn remember_time_zone() {
    #[cfg(target_family = "wasm")]
    {
        use wasm_bindgen::JsCast;
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
        let Some(zone) = js_sys::Reflect::get(&options, &"timeZone".into())
            .ok()
            .and_then(|zone| zone.as_string())
        else {
            return;
        };
        let Ok(document) = leptos::prelude::document().dyn_into::<web_sys::HtmlDocument>() else {
            return;
        };
        let named = format!("{TIME_ZONE_COOKIE}={zone}");
        if document
            .cookie()
            .is_ok_and(|cookies| cookies.split(';').any(|cookie| cookie.trim() == named))
        {
            return;
        }
        let _ = document.set_cookie(&format!("{named}; Path=/; Max-Age=31536000; SameSite=Lax"));
    }
}
