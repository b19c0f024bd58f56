use crate::{
    campaigns::{
        AddCampaignStep, PauseCampaign, RemoveCampaignStep, TestCampaignStep, get_campaign,
        preview_campaign_step,
        types::{CampaignView, PLACEHOLDERS, Preview, StepReport},
    },
    error::AppError,
    shell::{
        ActionError, ErrorNotice, FormButton, Loaded, PostedError, RequireUser, id_param,
        on_success,
    },
};
use leptos::{either::Either, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One campaign: its emails in order with who got and opened each, a preview for a real person, a
/// test send, pausing, and a form for the next email.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let id = id_param();
    let version = RwSignal::new(0u32);
    let campaign = Resource::new(move || (id(), version.get()), |(id, _)| get_campaign(id));
    let reload = move || version.update(|n| *n += 1);
    let query = use_query_map();
    let asked = move || {
        query.with(|query| {
            Some((
                query.get("preview")?.parse::<i64>().ok()?,
                query.get("email")?,
            ))
        })
    };
    // Made with the page, not inside what waits for the campaign, so the server and the browser
    // make their resources in the same order.
    let preview = Resource::new(asked, |asked| async move {
        match asked {
            Some((step, email)) => preview_campaign_step(step, email).await.map(Some),
            None => Ok(None),
        }
    });
    view! {
        <RequireUser let:_me>
            <Loaded data=campaign title="Onboarding emails" let:campaign>
                <Campaign campaign reload preview />
            </Loaded>
        </RequireUser>
    }
}

#[component]
fn Campaign(
    campaign: CampaignView,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    preview: Resource<Result<Option<Preview>, AppError>>,
) -> impl IntoView {
    let card = campaign.card;
    let pause = ServerAction::<PauseCampaign>::new();
    let remove = ServerAction::<RemoveCampaignStep>::new();
    let test = ServerAction::<TestCampaignStep>::new();
    on_success(pause, reload);
    on_success(remove, reload);
    let steps = campaign.steps;
    view! {
        <Title text=card.name.clone() />
        <header class="page-head">
            <div>
                <h1>{card.name.clone()}</h1>
                <p class="muted">
                    {card.audience.clone()}" "
                    {card.paused.then(|| view! { <span class="tag tag--warning">"Paused"</span> })}
                </p>
            </div>
            <div class="page-head__actions">
                <a href="/admin/campaigns">"All campaigns"</a>
                <FormButton action=pause fields=vec![("id", card.id.to_string()), ("paused", (!card.paused).to_string())]
                    label=if card.paused { "Resume" } else { "Pause" } class="button button--small" />
            </div>
        </header>
        <PostedError paths=vec![PauseCampaign::PATH, RemoveCampaignStep::PATH, TestCampaignStep::PATH] />
        {move || test.value().get().map(|answer| match answer {
            Ok(()) => Either::Left(view! { <p class="panel" role="status">"A test is on its way to you: find it in the outbox."</p> }),
            Err(error) => Either::Right(view! { <ErrorNotice error /> }),
        })}
        {if steps.is_empty() {
            Either::Left(view! { <p class="panel">"No emails yet. Add the first below."</p> })
        } else {
            Either::Right(view! {
                <ol class="steps" aria-label="Emails">
                    {steps.into_iter().map(|step| view! { <Step step remove test /> }).collect_view()}
                </ol>
            })
        }}
        <PreviewPanel preview />
        <NewStep campaign=card.id reload />
    }
}

/// One email and what came of it: how many got it, and how many followed its link.
#[component]
fn Step(
    step: StepReport,
    remove: ServerAction<RemoveCampaignStep>,
    test: ServerAction<TestCampaignStep>,
) -> impl IntoView {
    let clicked = if step.sent == 0 {
        "no one yet".to_string()
    } else {
        format!(
            "{} of {} ({}%)",
            step.clicked,
            step.sent,
            step.clicked * 100 / step.sent
        )
    };
    let id = step.id;
    view! {
        <li class="panel step">
            <p class="step__day">{match step.day { 0 => "On the start date".to_string(), 1 => "1 day after starting".to_string(), n => format!("{n} days after starting") }}</p>
            <h2 class="step__subject">{step.subject.clone()}</h2>
            <pre class="step__body">{step.body.clone()}</pre>
            <p class="step__report">
                {format!("Sent to {} · followed its link: {clicked}", step.sent)}
            </p>
            <meter class="step__meter" min="0" max=step.sent.max(1) value=step.clicked
                aria-label=format!("{}: followed its link", step.subject)>{clicked.clone()}</meter>
            <div class="step__actions">
                <form method="get" class="form-button">
                    <input type="hidden" name="preview" value=id />
                    <label class="visually-hidden" for=format!("preview-{id}")>"Preview for (email)"</label>
                    <input id=format!("preview-{id}") type="email" name="email" placeholder="Preview for… (email)" required />
                    <button type="submit" class="button button--small">"Preview"</button>
                </form>
                <FormButton action=test fields=vec![("step", id.to_string())] label="Send me a test" class="button button--small" />
                <FormButton action=remove fields=vec![("id", id.to_string())] label="Remove" />
            </div>
        </li>
    }
}

/// The email named in the address, filled in for the person named there.
#[component]
fn PreviewPanel(preview: Resource<Result<Option<Preview>, AppError>>) -> impl IntoView {
    view! {
        <Loaded data=preview let:preview>
            {preview.map(|preview| view! {
                <section class="panel preview" aria-labelledby="preview">
                    <h2 id="preview">{format!("Preview for {}", preview.to)}</h2>
                    <p><strong>"Subject: "</strong>{preview.subject}</p>
                    <pre class="step__body">{preview.text}</pre>
                </section>
            })}
        </Loaded>
    }
}

#[component]
fn NewStep(campaign: i64, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let action = ServerAction::<AddCampaignStep>::new();
    on_success(action, reload);
    let placeholders = PLACEHOLDERS.map(|name| format!("{{{name}}}")).join(", ");
    view! {
        <section class="panel" aria-labelledby="new-step">
            <h2 id="new-step">"Add an email"</h2>
            <ActionForm action attr:class="form">
                <input type="hidden" name="campaign" value=campaign />
                <label class="field">
                    <span class="field__label">"Days after the start date"</span>
                    <input type="number" name="step[day]" min="0" max="365" value="0" required />
                </label>
                <label class="field">
                    <span class="field__label">"Subject"</span>
                    <input name="step[subject]" maxlength="200" required placeholder="Welcome, {first_name}!" />
                </label>
                <label class="field">
                    <span class="field__label">"Email (Markdown)"</span>
                    <textarea name="step[body]" rows="8" required aria-describedby="placeholders"></textarea>
                    <span class="field__hint" id="placeholders">{format!("You may use {placeholders}.")}</span>
                </label>
                <ActionError action />
                <button type="submit" class="button button--primary">"Add email"</button>
            </ActionForm>
        </section>
    }
}
