use super::ItemCards;
use crate::{
    feed::types::GroupRef,
    library::{
        SaveCategory, library_shelf,
        types::{Category, ItemKind, Shelf},
    },
    shell::{ActionError, Loaded, RequireUser},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The knowledge library: categories, the newest vetted items, and for admins a way to arrange it.
#[component]
pub fn LibraryPage() -> impl IntoView {
    view! {
        <Title text="Library" />
        <RequireUser let:_me>
            <Library />
        </RequireUser>
    }
}

#[component]
fn Library() -> impl IntoView {
    let query = use_query_map();
    let category = Memo::new(move |_| {
        query
            .read()
            .get("category")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let kind = Memo::new(move |_| {
        query
            .read()
            .get("kind")
            .and_then(|kind| ItemKind::parse(&kind))
    });
    let after = Memo::new(move |_| {
        query
            .read()
            .get("after")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let saved = ServerAction::<SaveCategory>::new();
    let shelf = Resource::new(
        move || {
            (
                category.get(),
                kind.get(),
                after.get(),
                saved.version().get(),
            )
        },
        |(category, kind, after, _)| library_shelf(category, kind, after),
    );
    view! {
        <div class="page-head">
            <h1>"Library"</h1>
            <div class="page-head__actions">
                <a class="button" href="/library/desk">"Review desk"</a>
            </div>
        </div>
        <Loaded data=shelf let:shelf>
            <ShelfView shelf category=category.get_untracked() kind=kind.get_untracked() paged=after.get_untracked().is_some() saved />
        </Loaded>
    }
}

/// Where a filter link goes: this category and kind, either changed.
fn filter_href(category: Option<i64>, kind: Option<ItemKind>) -> String {
    page_href(category, kind, None)
}

/// Where a page of the shelf is: this category and kind, after the item `after`.
fn page_href(category: Option<i64>, kind: Option<ItemKind>, after: Option<i64>) -> String {
    let mut parts = Vec::new();
    if let Some(category) = category {
        parts.push(format!("category={category}"));
    }
    if let Some(kind) = kind {
        parts.push(format!("kind={}", kind.as_str()));
    }
    if let Some(after) = after {
        parts.push(format!("after={after}"));
    }
    if parts.is_empty() {
        "/library".into()
    } else {
        format!("/library?{}", parts.join("&"))
    }
}

#[component]
fn ShelfView(
    shelf: Shelf,
    category: Option<i64>,
    kind: Option<ItemKind>,
    /// Whether this is a later page than the first.
    paged: bool,
    saved: ServerAction<SaveCategory>,
) -> impl IntoView {
    let Shelf {
        categories,
        items,
        next,
        can_manage,
        group_choices,
    } = shelf;
    let current = categories.iter().find(|c| Some(c.id) == category).cloned();
    let authoring: Vec<Category> = categories
        .iter()
        .filter(|c| c.can_author)
        .cloned()
        .collect();
    let new_href = match category.filter(|id| authoring.iter().any(|c| c.id == *id)) {
        Some(id) => format!("/library/new?category={id}"),
        None => "/library/new".into(),
    };
    let may_write = !authoring.is_empty();
    let tops: Vec<Category> = categories
        .iter()
        .filter(|c| c.parent.is_none())
        .cloned()
        .collect();
    view! {
        <div class="library">
            <nav class="library__categories panel" aria-label="Categories">
                <h2>"Categories"</h2>
                <ul class="category-list">
                    <li>
                        <a href=filter_href(None, kind) aria-current=category.is_none().then_some("page")>"Everything"</a>
                    </li>
                    {categories.iter().map(|c| {
                        let sub = c.parent.is_some();
                        view! {
                            <li class:category-list__sub=sub>
                                <a href=filter_href(Some(c.id), kind) aria-current=(category == Some(c.id)).then_some("page")>
                                    {c.name.clone()}
                                </a>
                                <span class="count">{c.items}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
            <section class="library__items" aria-label="Items">
                {current.map(|c| view! {
                    <div class="category-head">
                        <h2>{c.name.clone()}</h2>
                        <p class="muted">{c.description.clone()}</p>
                        <p class="muted small">
                            {if c.everyone { "Visible to everyone".to_string() } else {
                                let mut who: Vec<String> = c.groups.iter().map(|g| g.name.clone()).collect();
                                who.extend(c.departments.iter().cloned());
                                format!("Visible to {}", who.join(", "))
                            }}
                            {(!c.editors.is_empty()).then(|| format!(" · Editors: {}", c.editors.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ")))}
                        </p>
                    </div>
                })}
                <form class="library__search" role="search" action="/search" method="get">
                    <label class="visually-hidden" for="library-search">"Search the library"</label>
                    <input id="library-search" type="search" name="q" maxlength="200"
                        placeholder=if category.is_some() { "Search this category" } else { "Search the library" } />
                    <input type="hidden" name="kind" value="item" />
                    {category.map(|id| view! { <input type="hidden" name="category" value=id.to_string() /> })}
                    <button type="submit" class="button">"Search"</button>
                </form>
                <div class="toolbar">
                    <div class="chips" role="group" aria-label="Kind">
                        <a class="chip" href=filter_href(category, None) aria-current=kind.is_none().then_some("page")>"All kinds"</a>
                        {ItemKind::ALL.iter().map(|k| view! {
                            <a class="chip" href=filter_href(category, Some(*k)) aria-current=(kind == Some(*k)).then_some("page")>{k.label()}</a>
                        }).collect_view()}
                    </div>
                    <Show when=move || may_write>
                        <a class="button button--primary" href=new_href.clone()>"New item"</a>
                    </Show>
                </div>
                <ItemCards items empty="Nothing published here yet." />
                <nav class="pager" aria-label="More items">
                    {paged.then(|| view! { <a class="button" href=filter_href(category, kind)>"Newest items"</a> })}
                    {next.map(|after| view! { <a class="button" href=page_href(category, kind, Some(after))>"Older items"</a> })}
                </nav>
            </section>
        </div>
        <Show when=move || can_manage>
            <CategoryForm tops=tops.clone() groups=group_choices.clone() saved />
        </Show>
    }
}

/// Makes a category: its place, who sees it and who edits it (admins).
#[component]
fn CategoryForm(
    tops: Vec<Category>,
    groups: Vec<GroupRef>,
    saved: ServerAction<SaveCategory>,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="new-category">
            <h2 id="new-category">"New category"</h2>
            <ActionForm action=saved attr:class="form">
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Name"</span>
                        <input type="text" name="category[name]" required maxlength="80" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Inside"</span>
                        <select name="category[parent]">
                            <option value="">"Top level"</option>
                            {tops.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.name}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <label class="field">
                    <span class="field__label">"Description"</span>
                    <textarea name="category[description]" rows="2" maxlength="2000"></textarea>
                </label>
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Only for a group"</span>
                        <select name="category[groups]">
                            <option value="">"No group limit"</option>
                            {groups.into_iter().map(|g| view! { <option value=g.id.to_string()>{g.name}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field__label">"Only for departments"</span>
                        <input type="text" name="category[departments]" placeholder="Engineering, Sales" />
                    </label>
                </div>
                <p class="field__hint">"Leave both empty and everyone sees it. A subcategory is seen by those who see its parent and its own audience."</p>
                <label class="field">
                    <span class="field__label">"Editors"</span>
                    <input type="text" name="category[editors]" placeholder="ana@example.com, li@example.com" />
                    <span class="field__hint">"Emails, separated by commas. Editors write and edit items here; admins always can."</span>
                </label>
                <ActionError action=saved />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" disabled=move || saved.pending().get()>"Create category"</button>
                </div>
            </ActionForm>
        </section>
    }
}
