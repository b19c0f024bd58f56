//! Parts of a page that the server draws in full and the browser keeps as they came.

use super::ErrorNotice;
use crate::error::AppError;
use leptos::{either::Either, prelude::*};
use serde::{Deserialize, Serialize};

/// A part of a page with nothing to do in the browser but its links and plain forms, so the
/// page's code carries none of it: the server draws it (`draw_part`), and the page shows that
/// markup as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    /// The header's links to the areas, the search box and the signed-in person's menu.
    Header,
    /// Home's side: the profile checklist, where to go next and the newest colleagues.
    HomeSide,
    /// Home's composer. It is a plain form, which Home sends in the background.
    Composer,
}

/// One part of a page, drawn by the server for the caller. Drawn for a page the server renders,
/// the links to that page are marked as current.
#[server(endpoint = "draw_part")]
pub async fn draw_part(part: Part) -> Result<String, AppError> {
    let caller = crate::auth::ssr::caller().await?;
    let here = crate::auth::ssr::request_parts()?.uri.path().to_string();
    let view = match part {
        Part::Header => {
            super::header::drawn(&crate::people::ssr::summary(&caller.user), &here).into_any()
        }
        Part::HomeSide => crate::home::side(&caller).await?.into_any(),
        Part::Composer => crate::home::composer(&caller).await?.into_any(),
    };
    Ok(Owner::new().with(|| view.to_html()))
}

/// A part's markup as a page holds it. Sent along with a page the server rendered, it is left out:
/// the markup is in the page already, and hydrating keeps the markup that came. A part asked for
/// later comes with its markup (`draw_part` answers with the markup itself).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Markup(pub String);

impl Serialize for Markup {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for Markup {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <()>::deserialize(deserializer)?;
        Ok(Self::default())
    }
}

/// A part drawn for the caller, as a page's resource holds it.
pub async fn drawing(part: Part) -> Result<Markup, AppError> {
    draw_part(part).await.map(Markup)
}

/// Whether a link leads to the page at `path` or to one under it (Home only to itself).
pub fn leads_to(href: &str, path: &str) -> bool {
    href == path
        || (href != "/"
            && path
                .strip_prefix(href)
                .is_some_and(|rest| rest.starts_with('/')))
}

/// A part the server drew (see `Part`), in a wrapper that the style sheet leaves out of the
/// layout. In the browser, the links to where the reader is are kept marked as current.
///
/// The part is asked for with `draw_part` as the page is made and awaited where the page already
/// waits, so that no new suspense starts inside a waiting one: the server and the browser match
/// a page's resources and suspenses in the order they are made, and two pages (the header and
/// the page itself) waiting at once would make them in either order.
#[component]
pub fn Drawn(html: Result<Markup, AppError>) -> impl IntoView {
    let wrapper = NodeRef::<leptos::html::Div>::new();
    #[cfg(not(feature = "ssr"))]
    {
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            let path = location.pathname.get();
            if let Some(wrapper) = wrapper.get() {
                mark_current(&wrapper, &path);
            }
        });
    }
    match html {
        Ok(Markup(html)) => {
            Either::Left(view! { <div class="drawn" node_ref=wrapper inner_html=html></div> })
        }
        Err(error) => Either::Right(view! { <ErrorNotice error /> }),
    }
}

/// A part the server draws, asked for as the page makes this and shown once it comes. The page
/// makes its parts in the same order on the server and in the browser, so their resources match.
#[component]
pub fn DrawnPart(part: Part) -> impl IntoView {
    let html = Resource::new(|| (), move |()| drawing(part));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { view! { <Drawn html=html.await /> } })}
        </Suspense>
    }
}

/// Marks the links in `part` that lead to `path` as the current page, as the router's own links
/// do.
#[cfg(not(feature = "ssr"))]
fn mark_current(part: &leptos::web_sys::HtmlDivElement, path: &str) {
    let Ok(links) = part.query_selector_all("a[href]") else {
        return;
    };
    for index in 0..links.length() {
        let Some(link) = links.item(index).and_then(|node| {
            leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::Element>(node).ok()
        }) else {
            continue;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        _ = if leads_to(&href, path) {
            link.set_attribute("aria-current", "page")
        } else {
            link.remove_attribute("aria-current")
        };
    }
}

#[cfg(test)]
mod tests {
    use super::leads_to;

    #[test]
    fn links_lead_to_their_page_and_the_pages_under_it() {
        assert!(leads_to("/", "/"));
        assert!(!leads_to("/", "/groups"));
        assert!(leads_to("/groups", "/groups"));
        assert!(leads_to("/groups", "/groups/4"));
        assert!(!leads_to("/groups", "/groupsies"));
        assert!(!leads_to("/people/4", "/people"));
    }
}
