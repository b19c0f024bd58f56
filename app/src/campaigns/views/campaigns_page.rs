use crate::{
    campaigns::{CreateCampaign, list_campaigns, types::CampaignCard},
    shell::{ActionError, Loaded, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

/// Onboarding campaigns: the list, and a form to start one.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let campaigns = Resource::new(|| (), |_| list_campaigns());
    view! {
        <Title text="Onboarding emails" />
        <RequireUser let:_me>
            <header class="page-head">
                <h1>"Onboarding emails"</h1>
                <a href="/admin/people">"Manage people"</a>
            </header>
            <p class="muted">"Write a series of emails once. Each goes out so many days after a person's start date, to the people you choose."</p>
            <Loaded data=campaigns title="Onboarding emails" let:campaigns>
                {if campaigns.is_empty() {
                    Either::Left(view! { <p class="panel">"No campaigns yet. Start one below: a welcome on day 0 is a good first email."</p> })
                } else {
                    Either::Right(view! {
                        <ul class="campaigns" aria-label="Campaigns">
                            {campaigns.into_iter().map(|campaign| view! { <CampaignItem campaign /> }).collect_view()}
                        </ul>
                    })
                }}
            </Loaded>
            <NewCampaign />
        </RequireUser>
    }
}

#[component]
fn CampaignItem(campaign: CampaignCard) -> impl IntoView {
    view! {
        <li class="panel campaign-card">
            <a class="campaign-card__name" href=format!("/admin/campaigns/{}", campaign.id)>{campaign.name}</a>
            <p class="muted">
                {format!("{} · {} ", campaign.audience, match campaign.steps { 1 => "1 email".to_string(), n => format!("{n} emails") })}
                {campaign.paused.then(|| view! { <span class="tag tag--warning">"Paused"</span> })}
            </p>
        </li>
    }
}

#[component]
fn NewCampaign() -> impl IntoView {
    let action = ServerAction::<CreateCampaign>::new();
    view! {
        <section class="panel" aria-labelledby="new-campaign">
            <h2 id="new-campaign">"Start a campaign"</h2>
            <ActionForm action attr:class="form">
                <label class="field">
                    <span class="field__label">"Name"</span>
                    <input name="campaign[name]" required maxlength="120" placeholder="New hires: first month" />
                </label>
                <p class="field__hint">"Whom it reaches, by the same rules as path assignments. Leave a field empty for anyone."</p>
                <div class="form__row">
                    <label class="field">
                        <span class="field__label">"Department"</span>
                        <input name="campaign[department]" maxlength="120" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Location"</span>
                        <input name="campaign[location]" maxlength="120" />
                    </label>
                    <label class="field">
                        <span class="field__label">"Started after"</span>
                        <input type="date" name="campaign[started_after]" />
                    </label>
                </div>
                <ActionError action />
                <button type="submit" class="button button--primary">"Start campaign"</button>
            </ActionForm>
        </section>
    }
}
