use super::experts_page::ExpertSearch;
use crate::{
    people::{
        components::{PeopleLikeYou, PersonCard},
        directory_facets, list_people,
    },
    shell::{Loaded, RequireUser, query_string},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

/// Everyone in the company, searchable by name, team, place and skill. Works as plain links and
/// forms, so it needs no JavaScript.
#[component]
pub fn DirectoryPage() -> impl IntoView {
    view! {
        <Title text="People" />
        <RequireUser let:_me>
            <Directory />
        </RequireUser>
    }
}

#[component]
fn Directory() -> impl IntoView {
    let query = use_query_map();
    let param = move |key: &str| query.read().get(key).unwrap_or_default();
    let page = Resource::new(
        move || {
            (
                param("text"),
                param("department"),
                param("location"),
                param("skill"),
                param("after"),
            )
        },
        |(text, department, location, skill, after)| {
            list_people(text, department, location, skill, false, Some(after))
        },
    );
    let facets = Resource::new(|| (), |_| directory_facets());
    view! {
        <header class="page-header">
            <h1>"People"</h1>
            <p class="muted">"Find colleagues by name, team, place or skill."</p>
        </header>
        <section class="panel" aria-labelledby="help-heading">
            <h2 id="help-heading">"Who can help me?"</h2>
            <p class="muted">"Ask about a topic: people come first by what they have done about it, not only by what they list."</p>
            <ExpertSearch topic=String::new() />
        </section>
        <PeopleLikeYou />
        <Form method="GET" action="" attr:class="filters" attr:role="search">
            <label class="field field--grow">
                <span class="field__label">"Search"</span>
                <input type="search" name="text" value=move || param("text") placeholder="Name, title, email or skill" />
            </label>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let facets = facets.await.unwrap_or_default();
                    view! {
                        <FacetSelect label="Department" name="department" options=facets.departments current=param("department") />
                        <FacetSelect label="Location" name="location" options=facets.locations current=param("location") />
                        <FacetSelect label="Skill" name="skill" options=facets.skills current=param("skill") />
                    }
                })}
            </Suspense>
            <button type="submit" class="button button--primary">
                "Search"
            </button>
        </Form>
        <Loaded data=page loading="Finding people…" let:page>
            {if page.people.is_empty() {
                Either::Left(view! {
                    <div class="empty-state">
                        <p>"Nobody matches that search yet. Try fewer words or another filter."</p>
                    </div>
                })
            } else {
                let next = page.next.map(|after| {
                    let href = query_string(&[
                        ("text", &param("text")),
                        ("department", &param("department")),
                        ("location", &param("location")),
                        ("skill", &param("skill")),
                        ("after", &after),
                    ]);
                    view! { <a class="button" href=href>"Next page"</a> }
                });
                Either::Right(view! {
                    <ul class="people-grid" aria-label="People">
                        {page.people.into_iter().map(|person| view! { <PersonCard person /> }).collect_view()}
                    </ul>
                    <nav class="pager" aria-label="Pages">{next}</nav>
                })
            }}
        </Loaded>
    }
}

#[component]
fn FacetSelect(
    label: &'static str,
    name: &'static str,
    options: Vec<String>,
    current: String,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field__label">{label}</span>
            <select name=name>
                <option value="" selected=current.is_empty()>
                    "Any"
                </option>
                {options
                    .into_iter()
                    .map(|option| {
                        let selected = option == current;
                        view! {
                            <option value=option.clone() selected=selected>
                                {option.clone()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
