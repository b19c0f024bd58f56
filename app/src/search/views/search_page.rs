use crate::{
    search::{
        search,
        types::{Hit, HitKind, SearchQuery, Since},
    },
    shell::{Loaded, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Results for what was typed in the header's search box, with filters.
#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        let number = |name: &str| params.get(name).and_then(|value| value.parse::<i64>().ok());
        SearchQuery {
            text: params.get("q").unwrap_or_default(),
            kind: params.get("kind").and_then(|kind| HitKind::parse(&kind)),
            category: number("category"),
            author: number("author"),
            since: params.get("since").and_then(|since| Since::parse(&since)),
        }
    });
    let results = Resource::new(move || query.get(), search);
    view! {
        <Title text="Search" />
        <RequireUser let:_me>
            <h1>"Search"</h1>
            {move || {
                let asked = query.get();
                view! { <SearchForm asked /> }
            }}
            <Loaded data=results loading="Searching…" let:results>
                {if results.hits.is_empty() {
                    Either::Left(view! {
                        <p class="empty-state">{if query.get_untracked().text.trim().is_empty() {
                            "Type a few words to search posts, the library and people."
                        } else {
                            "Nothing you can open matches that. Try fewer or other words."
                        }}</p>
                    })
                } else {
                    Either::Right(view! {
                        <p class="muted" role="status">{match results.total {
                            Some(1) => "1 match".to_string(),
                            Some(n) => format!("{n} matches"),
                            None => "Many matches, the best first. Add a word or a filter to narrow them.".to_string(),
                        }}</p>
                        <ol class="hits">
                            {results.hits.into_iter().map(|hit| view! { <HitRow hit /> }).collect_view()}
                        </ol>
                    })
                }}
            </Loaded>
        </RequireUser>
    }
}

/// The query and its filters, as a plain form so it works before the page is interactive.
#[component]
fn SearchForm(asked: SearchQuery) -> impl IntoView {
    view! {
        <form class="form search-form" role="search" action="/search" method="get">
            <div class="form__row">
                <label class="field field--grow">
                    <span class="field__label">"Words"</span>
                    <input type="search" name="q" value=asked.text.clone() maxlength="200" />
                </label>
                <label class="field">
                    <span class="field__label">"In"</span>
                    <select name="kind">
                        <option value="">"Everything"</option>
                        {HitKind::ALL.iter().map(|kind| view! {
                            <option value=kind.as_str() selected=asked.kind == Some(*kind)>{kind.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">"When"</span>
                    <select name="since">
                        <option value="">"Any time"</option>
                        {Since::ALL.iter().map(|since| view! {
                            <option value=since.as_str() selected=asked.since == Some(*since)>{since.label()}</option>
                        }).collect_view()}
                    </select>
                </label>
                {asked.category.map(|id| view! { <input type="hidden" name="category" value=id.to_string() /> })}
                {asked.author.map(|id| view! { <input type="hidden" name="author" value=id.to_string() /> })}
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Search"</button>
                </div>
            </div>
            {(asked.category.is_some() || asked.author.is_some()).then(|| view! {
                <p class="muted small">
                    {if asked.category.is_some() { "Only this library category. " } else { "Only by one person. " }}
                    <a href=format!("/search{}", crate::shell::query_string(&[("q", &asked.text)]))>"Search everything"</a>
                </p>
            })}
        </form>
    }
}

#[component]
fn HitRow(hit: Hit) -> impl IntoView {
    let by = hit.author.clone().map(|(id, name)| {
        view! {
            " · " <a href=format!("/search?author={id}")>{name}</a>
        }
    });
    view! {
        <li class="hit">
            <p class="hit__meta">
                <span class=format!("kind kind--{}", hit.kind.as_str())>{hit.kind.label()}</span>
                <span class="muted small">{hit.context.clone()} {by}
                    {(!hit.date_label.is_empty()).then(|| format!(" · {}", hit.date_label))}
                </span>
            </p>
            <a class="hit__title" href=hit.url.clone()>{hit.title.clone()}</a>
            <p class="hit__snippet" inner_html=hit.snippet_html.clone()></p>
        </li>
    }
}
