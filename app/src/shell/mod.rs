//! The frame around every page: header, session, guards, notices and the 404 page.

mod ask;
mod dom;
mod drawn;
mod error_notice;
mod form_button;
mod header;
mod loaded;
mod not_found_page;
mod on_success;
mod page_status;
mod require_user;
mod routing_bar;
mod run;
mod send_form;
mod session;
mod time_zone;

pub use ask::{Ask, ReasonField};
pub use dom::{button_busy, child, slot};
pub use drawn::{Drawn, DrawnPart, Markup, Part, drawing, leads_to};
pub use error_notice::{ActionError, ErrorNotice, PostedError, notice_html, posted_error};
pub use form_button::{AskWhy, EditWords, Fields, FormButton, FormFn, Hidden};
pub use header::Header;
pub use loaded::Loaded;
pub use not_found_page::NotFoundPage;
pub use on_success::{on_answer, on_success};
pub use page_status::{see_other, set_page_status};
pub use require_user::RequireUser;
pub use routing_bar::RoutingBar;
pub use run::run;
pub use send_form::{send_in_background, send_then};
pub use session::{Session, use_session};
pub use time_zone::TIME_ZONE_COOKIE;

/// The id in the address, or 0 (which matches nothing) when it is not a number.
pub fn id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    use leptos::prelude::Read;
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    }
}

/// Text made safe to put inside HTML, in an element or in a quoted attribute. A `<textarea>`'s
/// content (set as its `inner_html`, which the renderer writes unescaped) needs it too: text
/// holding `</textarea>` would otherwise end the box and turn the rest into markup.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The path of an address, absolute (`https://host/path?query`) or not, without its query and
/// fragment.
pub fn url_path(url: &str) -> &str {
    let after_host = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |slash| &rest[slash..]),
        None => url,
    };
    after_host.split(['?', '#']).next().unwrap_or(after_host)
}

/// Percent-encodes a value for a URL query.
pub fn query_escape(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// A query string (with its `?`) of the pairs whose value is not empty.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let joined = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", query_escape(value)))
        .collect::<Vec<_>>()
        .join("&");
    if joined.is_empty() {
        joined
    } else {
        format!("?{joined}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_of_an_address_leaves_out_host_query_and_fragment() {
        assert_eq!(
            url_path("https://wellspring.example/posts/7?x=1#c"),
            "/posts/7"
        );
        assert_eq!(url_path("http://127.0.0.1:3000"), "/");
        assert_eq!(url_path("/groups/3?tab=members"), "/groups/3");
    }

    #[test]
    fn escaped_text_cannot_close_a_textarea_or_an_attribute() {
        assert_eq!(
            escape_html("a </textarea><script>x</script> & b"),
            "a &lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt; &amp; b"
        );
        assert_eq!(escape_html(r#"say "hi""#), "say &quot;hi&quot;");
    }

    #[test]
    fn query_strings_skip_empty_values_and_escape_the_rest() {
        assert_eq!(
            query_string(&[("text", "r&d team"), ("skill", ""), ("next", "/people?x=1")]),
            "?text=r%26d%20team&next=/people%3Fx%3D1"
        );
        assert_eq!(query_string(&[("a", "")]), "");
    }
}
