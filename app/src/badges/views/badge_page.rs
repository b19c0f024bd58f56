use crate::{
    badges::{
        AwardBadge, AwardQualifiedBadge, RevokeAward,
        components::BadgePicture,
        get_badge,
        types::{Award, Badge},
    },
    people::types::ImageProblem,
    shell::{ActionError, AskWhy, Loaded, RequireUser, id_param, on_success},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A badge: what earns it, and everyone awarded it; admins award and revoke it here.
#[component]
pub fn BadgePage() -> impl IntoView {
    view! {
        <RequireUser let:_me>
            <BadgeView />
        </RequireUser>
    }
}

#[component]
fn BadgeView() -> impl IntoView {
    let id = id_param();
    let award = ServerAction::<AwardBadge>::new();
    let revoke = ServerAction::<RevokeAward>::new();
    let rerun = ServerAction::<AwardQualifiedBadge>::new();
    let changed = RwSignal::new(0u32);
    on_success(award, move || changed.update(|n| *n += 1));
    on_success(revoke, move || changed.update(|n| *n += 1));
    on_success(rerun, move || changed.update(|n| *n += 1));
    let badge = Resource::new(move || (id(), changed.get()), |(id, _)| get_badge(id));
    view! {
        <p><a href="/badges">"← All badges"</a></p>
        <Loaded data=badge title="Badge" let:badge>
            <BadgeDetails badge award revoke rerun />
        </Loaded>
    }
}

#[component]
fn BadgeDetails(
    badge: Badge,
    award: ServerAction<AwardBadge>,
    revoke: ServerAction<RevokeAward>,
    rerun: ServerAction<AwardQualifiedBadge>,
) -> impl IntoView {
    let summary = badge.summary.clone();
    let rule = badge.rule.clone();
    let ruled = rule.is_some() && badge.can_award;
    let can_award = badge.can_award;
    let held = badge
        .awards
        .iter()
        .filter(|award| award.revoked.is_none())
        .count();
    view! {
        <Title text=summary.name.clone() />
        <header class="badge-header">
            <BadgePicture icon=summary.icon size="xl" image=summary.image.clone() />
            <div>
                <h1>{summary.name.clone()}</h1>
                <p>{summary.description.clone()}</p>
                {summary.group.clone().map(|(id, name)| view! {
                    <p>"A badge of " <a href=format!("/groups/{id}")>{name}</a> ", for its members"</p>
                })}
                <p class="muted">{if held == 1 { "1 holder".to_string() } else { format!("{held} holders") }}</p>
            </div>
        </header>
        <section class="panel" aria-labelledby="criteria">
            <h2 id="criteria">"What earns it"</h2>
            <div class="prose" inner_html=badge.criteria_html.clone()></div>
            {rule.map(|rule| view! { <p class="badge-rule"><strong>"Awarded by itself for: "</strong>{rule}</p> })}
            <Show when=move || ruled>
                <ActionForm action=rerun attr:class="form form--inline">
                    <input type="hidden" name="id" value=summary.id.to_string() />
                    <button type="submit" class="button">"Award it to everyone who already qualifies"</button>
                </ActionForm>
                <ActionError action=rerun />
                {move || rerun.value().get().and_then(Result::ok).map(|count| view! {
                    <p class="notice notice--success" role="status">{match count {
                        0 => "Nobody new qualifies.".to_string(),
                        1 => "Awarded to 1 more person.".to_string(),
                        n => format!("Awarded to {n} more people."),
                    }}</p>
                })}
            </Show>
        </section>
        <Show when=move || can_award>
            <PictureForm id=summary.id />
            <section class="panel" aria-labelledby="award-title">
                <h2 id="award-title">"Award it"</h2>
                <ActionForm action=award attr:class="form">
                    <input type="hidden" name="id" value=summary.id.to_string() />
                    <label class="field">
                        <span class="field__label">"Their work email"</span>
                        <input type="email" name="email" required />
                    </label>
                    <label class="field">
                        <span class="field__label">"Why they earned it (shown with the badge)"</span>
                        <input type="text" name="note" maxlength="500" required />
                    </label>
                    <ActionError action=award />
                    <div class="form__actions">
                        <button type="submit" class="button button--primary">"Award badge"</button>
                    </div>
                </ActionForm>
            </section>
        </Show>
        <section class="panel" aria-labelledby="holders">
            <h2 id="holders">"Awarded to"</h2>
            <ActionError action=revoke />
            {if badge.awards.is_empty() {
                view! { <p class="muted">"Nobody yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="holders" aria-label="Awarded to">
                        {badge.awards.into_iter().map(|award| view! { <Holder award revoke can_award /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Uploads a picture for the badge, shown instead of the built-in one; a plain form, so it works
/// without JavaScript.
#[component]
fn PictureForm(id: i64) -> impl IntoView {
    let problem = use_query_map()
        .read_untracked()
        .get("image_error")
        .and_then(|code| ImageProblem::from_code(&code));
    view! {
        <section class="panel" aria-labelledby="picture-title">
            <h2 id="picture-title">"Picture"</h2>
            <form class="form form--inline" method="post" action="/media/badge-image" enctype="multipart/form-data">
                <input type="hidden" name="badge" value=id.to_string() />
                <label class="field field--grow">
                    <span class="field__label">"Upload a picture"</span>
                    <input type="file" name="image" accept="image/png,image/jpeg,image/gif,image/webp" required />
                    <span class="field__hint">"PNG, JPEG, GIF or WebP, up to 2 MB; square images look best. It is public, as credentials show it."</span>
                </label>
                <button type="submit" class="button">"Upload picture"</button>
            </form>
            {problem.map(|problem| view! {
                <div class="notice notice--error" role="alert"><p>{problem.message()}</p></div>
            })}
        </section>
    }
}

#[component]
fn Holder(award: Award, revoke: ServerAction<RevokeAward>, can_award: bool) -> impl IntoView {
    let id = award.id;
    let revoked = award.revoked.clone();
    let active = revoked.is_none() && can_award;
    view! {
        <li class="holder">
            <a class="holder__name" href=format!("/people/{}", award.person.id)>{award.person.name.clone()}</a>
            <span>{award.note.clone()}</span>
            <span class="muted">
                {award.awarded_by.clone().map(|by| format!("Awarded by {by}, ")).unwrap_or_else(|| "Awarded ".into())}
                <time datetime=award.stamp.clone()>{award.awarded.clone()}</time>
            </span>
            {revoked.map(|reason| view! { <span class="tag tag--danger">{format!("Revoked: {reason}")}</span> })}
            <Show when=move || active>
                <AskWhy action=revoke fields=vec![("id", id.to_string())]
                    summary="Revoke" question="Why is it taken back?" submit="Revoke badge" />
            </Show>
        </li>
    }
}
