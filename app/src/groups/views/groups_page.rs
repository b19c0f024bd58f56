use crate::{
    groups::{
        CreateGroup, list_groups,
        types::{GroupKind, GroupSummary, Privacy},
    },
    shell::{ActionError, Loaded, RequireUser},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// My groups, my requests, groups to discover, and a form to start one.
#[component]
pub fn GroupsPage() -> impl IntoView {
    view! {
        <Title text="Groups" />
        <RequireUser let:_me>
            <Groups />
        </RequireUser>
    }
}

#[component]
fn Groups() -> impl IntoView {
    let lists = Resource::new(|| (), |_| list_groups());
    view! {
        <h1>"Groups"</h1>
        <Loaded data=lists let:lists>
            <Show when={let invited = !lists.invited.is_empty(); move || invited}>
                <GroupList title="Invitations" empty="" groups=lists.invited.clone() />
            </Show>
            <GroupList title="Your groups" empty="You haven't joined a group yet." groups=lists.mine />
            <Show when={let waiting = !lists.requested.is_empty(); move || waiting}>
                <GroupList title="Waiting for approval" empty="" groups=lists.requested.clone() />
            </Show>
            <GroupList title="Discover" empty="You're in every group there is." groups=lists.discover />
        </Loaded>
        <CreateGroupForm />
    }
}

#[component]
fn GroupList(title: &'static str, empty: &'static str, groups: Vec<GroupSummary>) -> impl IntoView {
    let none = groups.is_empty();
    view! {
        <section class="panel" aria-label=title>
            <h2>{title}</h2>
            <Show when=move || none>
                <p class="muted">{empty}</p>
            </Show>
            <ul class="group-grid">
                {groups.into_iter().map(|group| view! {
                    <li class="group-card">
                        {group.cover_url.map(|url| view! { <img class="group-card__cover" src=url alt="" loading="lazy" /> })}
                        <a class="group-card__name" href=format!("/groups/{}", group.id)>{group.name}</a>
                        <p class="group-card__meta">
                            <span class="tag">{group.privacy.label()}</span>
                            <span class="tag">{group.kind.label()}</span>
                            <span class="muted">{match group.member_count { 1 => "1 member".to_string(), n => format!("{n} members") }}</span>
                        </p>
                        <p class="group-card__about">{group.description}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn CreateGroupForm() -> impl IntoView {
    let action = ServerAction::<CreateGroup>::new();
    view! {
        <section class="panel" aria-labelledby="new-group">
            <h2 id="new-group">"Start a group"</h2>
            <ActionForm action attr:class="form">
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Name"</span>
                        <input type="text" name="group[name]" required minlength="3" maxlength="80" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Who can see it"</span>
                        <select name="group[privacy]">
                            {Privacy::ALL.iter().map(|privacy| view! { <option value=privacy.as_str()>{privacy.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field__label">"Kind"</span>
                        <select name="group[kind]">
                            {GroupKind::ALL.iter().map(|kind| view! { <option value=kind.as_str()>{kind.label()}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <p class="field__hint">"Open: anyone joins. Closed: anyone can find it and ask to join. Secret: only members know it exists; facilitators invite people, who join when they accept."</p>
                <label class="field">
                    <span class="field__label">"Description"</span>
                    <textarea name="group[description]" rows="3" maxlength="2000"></textarea>
                </label>
                <ActionError action />
                <div class="form__actions">
                    <button type="submit" class="button button--primary" disabled=move || action.pending().get()>"Create group"</button>
                </div>
            </ActionForm>
        </section>
    }
}
