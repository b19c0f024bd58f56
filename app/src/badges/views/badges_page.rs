use crate::{
    badges::{
        CreateBadge, badge_making,
        components::BadgePicture,
        list_badges,
        types::{BadgeChoices, BadgeIcon, BadgeRule, BadgeSummary},
    },
    shell::{ActionError, Loaded, RequireUser},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// Every badge the reader sees, with how many hold it; admins make the company's badges here and
/// facilitators their groups'.
#[component]
pub fn BadgesPage() -> impl IntoView {
    view! {
        <Title text="Badges" />
        <RequireUser let:_me>
            <Badges />
        </RequireUser>
    }
}

#[component]
fn Badges() -> impl IntoView {
    let create = ServerAction::<CreateBadge>::new();
    let badges = Resource::new(move || create.version().get(), |_| list_badges());
    let making = Resource::new(|| (), |_| badge_making());
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
        <Loaded data=making loading="" let:making>
            {(making.company || !making.groups.is_empty()).then(|| view! { <NewBadge making create /> })}
        </Loaded>
    }
}

/// The form that makes a badge: for the company or one of the reader's groups, awarded by hand or
/// by a rule.
#[component]
fn NewBadge(making: BadgeChoices, create: ServerAction<CreateBadge>) -> impl IntoView {
    let company = making.company;
    view! {
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
                <div class="field">
                    <label class="field__label" for="badge-group">"For"</label>
                    <select id="badge-group" name="badge[group]">
                        {company.then(|| view! { <option value="">"The whole company"</option> })}
                        {making.groups.into_iter().map(|(id, name)| view! {
                            <option value=id.to_string()>{format!("Members of {name}")}</option>
                        }).collect_view()}
                    </select>
                    <span class="field__hint">"A group's badge goes only to its members, and its rule counts what happens in the group."</span>
                </div>
                <fieldset class="field">
                    <legend class="field__label">"Awarded"</legend>
                    <div class="field">
                        <label class="field__label" for="badge-rule">"By"</label>
                        <select id="badge-rule" name="badge[rule]">
                            {BadgeRule::ALL.iter().map(|rule| view! {
                                <option value=rule.as_str()>{rule.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <label class="field">
                        <span class="field__label">"How many (for answers, items and helpful marks)"</span>
                        <input type="number" name="badge[rule_count]" min="1" max="1000" value="1" />
                    </label>
                    <div class="field">
                        <label class="field__label" for="badge-course">"Course (for completing a course)"</label>
                        <select id="badge-course" name="badge[rule_course]">
                            <option value="">"—"</option>
                            {making.courses.into_iter().map(|(id, title)| view! {
                                <option value=id.to_string()>{title}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <span class="field__hint">"A rule awards the badge by itself, to those who already qualify too, and never twice."</span>
                </fieldset>
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
            <BadgePicture icon=badge.icon size="lg" image=badge.image.clone() />
            <a class="badge-card__name" href=format!("/badges/{}", badge.id)>{badge.name.clone()}</a>
            <span>{badge.description.clone()}</span>
            {badge.group.map(|(_, name)| view! { <span class="tag">{name}</span> })}
            <span class="muted">{holders}</span>
        </li>
    }
}
