use crate::{
    library::{
        CreateItem, EditItem, get_item, library_shelf,
        types::{Category, Item, ItemKind},
    },
    shell::{ActionError, ErrorNotice, Loaded, RequireUser, escape_html, id_param, on_success},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Starts a draft in a category the person writes in.
#[component]
pub fn NewItemPage() -> impl IntoView {
    let query = use_query_map();
    let chosen = query
        .read_untracked()
        .get("category")
        .and_then(|id| id.parse::<i64>().ok());
    let shelf = Resource::new(|| (), |_| library_shelf(None, None, None));
    let action = ServerAction::<CreateItem>::new();
    view! {
        <Title text="New library item" />
        <RequireUser let:_me>
            <h1>"New library item"</h1>
            <Loaded data=shelf let:shelf>
                {
                    let categories: Vec<Category> = shelf.categories.into_iter().filter(|c| c.can_author).collect();
                    view! {
                        <section class="panel">
                            <ActionForm action attr:class="form">
                                <label class="field">
                                    <span class="field__label">"Kind"</span>
                                    <select name="item[kind]">
                                        {ItemKind::ALL.iter().map(|kind| view! { <option value=kind.as_str()>{kind.label()}</option> }).collect_view()}
                                    </select>
                                    <span class="field__hint">"Videos and files are uploaded on the item's page once the draft is saved."</span>
                                </label>
                                <ItemInputs categories category=chosen item=None />
                                <ActionError action />
                                <div class="form__actions">
                                    <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Save draft"</button>
                                </div>
                            </ActionForm>
                        </section>
                    }
                }
            </Loaded>
        </RequireUser>
    }
}

/// Changes an item; each save is a new version.
#[component]
pub fn EditItemPage() -> impl IntoView {
    let id = id_param();
    let item = Resource::new(id, get_item);
    let shelf = Resource::new(|| (), |_| library_shelf(None, None, None));
    let action = ServerAction::<EditItem>::new();
    let navigate = use_navigate();
    on_success(action, move || {
        navigate(&format!("/library/items/{}", id()), Default::default())
    });
    view! {
        <Title text="Edit library item" />
        <RequireUser let:_me>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match (item.await, shelf.await) {
                        (Ok(item), Ok(shelf)) => {
                            let categories: Vec<Category> = shelf.categories.into_iter().filter(|c| c.can_author || c.id == item.card.category.0).collect();
                            Either::Left(view! {
                                <h1>"Edit “" {item.card.title.clone()} "”"</h1>
                                <section class="panel">
                                    <ActionForm action attr:class="form">
                                        <input type="hidden" name="id" value=item.card.id.to_string() />
                                        <input type="hidden" name="item[kind]" value=item.card.kind.as_str() />
                                        <ItemInputs categories category=Some(item.card.category.0) item=Some(item.clone()) />
                                        <label class="field">
                                            <span class="field__label">"What changed"</span>
                                            <input type="text" name="item[note]" maxlength="200" placeholder="Updated the 2027 figures" />
                                        </label>
                                        <ActionError action />
                                        <div class="form__actions">
                                            <a class="button" href=format!("/library/items/{}", item.card.id)>"Cancel"</a>
                                            <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Save new version"</button>
                                        </div>
                                    </ActionForm>
                                </section>
                            })
                        }
                        (Err(error), _) | (_, Err(error)) => Either::Right(view! { <ErrorNotice error /> }),
                    }
                })}
            </Transition>
        </RequireUser>
    }
}

/// The fields every kind of item shares, filled from `item` when editing.
#[component]
fn ItemInputs(
    categories: Vec<Category>,
    category: Option<i64>,
    item: Option<Item>,
) -> impl IntoView {
    let value = |pick: fn(&Item) -> String| item.as_ref().map(pick).unwrap_or_default();
    let none = categories.is_empty();
    view! {
        <Show when=move || none>
            <div class="notice notice--error" role="alert"><p>"You don't edit any category yet. Ask an admin to make you an editor of one."</p></div>
        </Show>
        <div class="form__row">
            <label class="field field--grow">
                <span class="field__label">"Title"</span>
                <input type="text" name="item[title]" required maxlength="160" value=value(|item| item.card.title.clone()) />
            </label>
            <label class="field">
                <span class="field__label">"Category"</span>
                <select name="item[category]">
                    {categories.into_iter().map(|c| view! {
                        <option value=c.id.to_string() selected=Some(c.id) == category>
                            {if c.parent.is_some() { format!("— {}", c.name) } else { c.name }}
                        </option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <label class="field">
            <span class="field__label">"Summary"</span>
            <textarea name="item[summary]" rows="2" maxlength="500" inner_html=escape_html(&value(|item| item.card.summary.clone()))></textarea>
            <span class="field__hint">"One or two sentences shown in lists and search. For a curated link, say why it's worth reading."</span>
        </label>
        <div class="form__row">
            <label class="field">
                <span class="field__label">"Topic"</span>
                <input type="text" name="item[topic]" maxlength="40" placeholder="security" value=value(|item| item.card.topic.clone()) />
                <span class="field__hint">"Experts in this topic review it."</span>
            </label>
            <label class="field">
                <span class="field__label">"Review by"</span>
                <input type="date" name="item[review_by]" value=value(|item| item.card.review_by.clone().unwrap_or_default()) />
                <span class="field__hint">"Empty: six months after approval."</span>
            </label>
        </div>
        <label class="field">
            <span class="field__label">"Web address (curated links)"</span>
            <input type="url" name="item[url]" maxlength="2000" placeholder="https://" value=value(|item| item.url.clone()) />
        </label>
        <label class="field">
            <span class="field__label">"Text (Markdown)"</span>
            <textarea name="item[body]" rows="14" inner_html=escape_html(&value(|item| item.body.clone()))></textarea>
            <span class="field__hint">"The article itself, or notes that go with a video, file or link."</span>
        </label>
    }
}
