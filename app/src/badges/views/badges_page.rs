use crate::{
    badges::{
        CreateBadge,
        components::BadgePicture,
        list_badges,
        types::{BadgeIcon, BadgeSummary},
    },
    people::types::Me,
    shell::{ActionError, Loaded, RequireUser},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Every badge, with how many hold it; admins make new ones here.
#[component]
pub fn BadgesPage() -> impl IntoView {
    view! {
        <Title text="Badges" />
        <RequireUser let:me>
            <Badges me />
        </RequireUser>
    }
}

#[component]
fn Badges(me: Me) -> impl IntoView {
    let create = ServerAction::<CreateBadge>::new();
    let badges = Resource::new(move || create.version().get(), |_| list_badges());
    view! {
        <header class="page-header">
            <h1>"Badges"</h1>
            <p class="muted">"What people here have shown they can do. Each badge says what earns it; its page lists who holds it."</p>
        </header>
        <Loaded data=badges loading="Loading badges…" let:badges>
            {if badges.is_empty() {
                view! { <p class="empty-state">"No badges yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="badge-grid" aria-label="Badges">
                        {badges.into_iter().map(|badge| view! { <BadgeCard badge /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loaded>
        <Show when=move || me.is_admin()>
            <section class="panel" aria-labelledby="new-badge">
                <h2 id="new-badge">"New badge"</h2>
                <ActionForm action=create attr:class="form">
                    <label class="field">
                        <span class="field__label">"Name"</span>
                        <input type="text" name="badge[name]" maxlength="80" required />
                    </label>
                    <label class="field">
                        <span class="field__label">"What it stands for"</span>
                        <input type="text" name="badge[description]" maxlength="300" required />
                    </label>
                    <label class="field">
                        <span class="field__label">"What earns it (Markdown)"</span>
                        <textarea name="badge[criteria]" rows="4" maxlength="4000"></textarea>
                    </label>
                    <fieldset class="field badge-icons">
                        <legend class="field__label">"Picture"</legend>
                        {BadgeIcon::ALL.iter().enumerate().map(|(index, icon)| view! {
                            <label class="badge-icons__choice">
                                <input type="radio" name="badge[icon]" value=icon.as_str() checked=index == 0 />
                                <BadgePicture icon=*icon size="sm" />
                                {icon.label()}
                            </label>
                        }).collect_view()}
                    </fieldset>
                    <ActionError action=create />
                    <div class="form__actions">
                        <button type="submit" class="button button--primary">"Make badge"</button>
                    </div>
                </ActionForm>
            </section>
        </Show>
    }
}

#[component]
fn BadgeCard(badge: BadgeSummary) -> impl IntoView {
    let holders = match badge.holders {
        1 => "1 holder".to_string(),
        n => format!("{n} holders"),
    };
    view! {
        <li class="badge-card">
            <BadgePicture icon=badge.icon size="lg" />
            <a class="badge-card__name" href=format!("/badges/{}", badge.id)>{badge.name.clone()}</a>
            <span>{badge.description.clone()}</span>
            <span class="muted">{holders}</span>
        </li>
    }
}
