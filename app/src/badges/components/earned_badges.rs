use super::BadgePicture;
use crate::{badges::types::Award, error::AppError};
use leptos::prelude::*;

/// The badges on a profile, newest first, each with why it was earned; revoked ones say so. The
/// page makes `awards` (with `person_badges`) outside any suspense, so it hydrates.
#[component]
pub fn EarnedBadges(
    awards: Resource<Result<Vec<Award>, AppError>>,
    /// Whether these are the reader's own, which they may download as credentials.
    own: bool,
) -> impl IntoView {
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let awards = awards.await.unwrap_or_default();
                (!awards.is_empty()).then(|| view! {
                    <section class="profile__section" id="badges" aria-labelledby="badges-title">
                        <h2 id="badges-title">"Badges"</h2>
                        <ul class="earned" aria-label="Badges">
                            {awards.into_iter().map(|award| view! { <EarnedBadge award own /> }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
    }
}

#[component]
fn EarnedBadge(award: Award, own: bool) -> impl IntoView {
    let revoked = award.revoked.is_some();
    view! {
        <li class="earned__badge" class:earned__badge--revoked=revoked>
            <BadgePicture icon=award.badge.icon image=award.badge.image.clone() />
            <div class="earned__text">
                <a class="earned__name" href=format!("/badges/{}", award.badge.id)>{award.badge.name.clone()}</a>
                <span>{award.note.clone()}</span>
                <span class="muted">
                    {award.awarded_by.clone().map(|by| format!("Awarded by {by}, ")).unwrap_or_else(|| "Awarded ".into())}
                    <time datetime=award.stamp.clone()>{award.awarded.clone()}</time>
                </span>
                {award.revoked.clone().map(|reason| view! { <span class="tag tag--danger">{format!("Revoked: {reason}")}</span> })}
                {own.then(|| view! {
                    <a href=format!("/open-badges/credentials/{}", award.id) rel="external" download=format!("badge-{}.jwt", award.id)>
                        "Download credential"<span class="visually-hidden">{format!(" for {}", award.badge.name)}</span>
                    </a>
                    <span class="muted">"Open Badges 3.0, signed: keep it, or add it to a wallet or a profile elsewhere."</span>
                })}
            </div>
        </li>
    }
}
