use crate::{
    error::AppError,
    feed::components::{CARD_FORMS, PostCard},
    groups::{DecideJoin, types::Member},
    live::{on_live, types::LiveKind},
    moderation::{
        ClaimReport, ResolveReport, moderation_queue,
        types::{Outcome, ReportStatus, ReportView},
    },
    people::types::Me,
    shell::{ErrorNotice, FormButton, Hidden, PostedError, on_answer, use_session},
};
use leptos::{either::Either, prelude::*, server_fn::ServerFn};

/// What waits for a group's facilitators (or, with no group, for admins in the company feed):
/// posts to approve, reports to claim and resolve, requests to join. Updates live.
#[component]
pub fn QueuePanel(group: Option<i64>, version: RwSignal<u32>) -> impl IntoView {
    let posts_after = RwSignal::new(None::<i64>);
    let reports_after = RwSignal::new(None::<i64>);
    let queue = Resource::new(
        move || (version.get(), posts_after.get(), reports_after.get()),
        move |(_, posts, reports)| moderation_queue(group, posts, reports),
    );
    on_live(move |event| {
        if event.group == group
            && matches!(event.kind, LiveKind::QueueChanged | LiveKind::PostCreated)
        {
            version.update(|n| *n += 1);
        }
    });
    let changed = Callback::new(move |_: (i64, Option<crate::feed::types::PostView>)| {
        version.update(|n| *n += 1)
    });
    let me = use_session().me;
    view! {
        <section class="panel queue" aria-labelledby="queue-title">
            <h2 id="queue-title">"Moderation queue"</h2>
            <PostedError paths=[CARD_FORMS, &[DecideJoin::PATH, ClaimReport::PATH, ResolveReport::PATH]].concat() />
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let me = me.await.ok().flatten();
                    match queue.await {
                        Ok(queue) => {
                            let empty = queue.pending_posts.is_empty() && queue.reports.is_empty() && queue.join_requests.is_empty();
                            Either::Left(view! {
                                <Show when=move || empty>
                                    <p class="muted">"All clear: nothing waits for you."</p>
                                </Show>
                                <Show when={let any = !queue.join_requests.is_empty(); move || any}>
                                    <h3>"Requests to join"</h3>
                                </Show>
                                <ul class="queue__list" aria-label="Requests to join">
                                    {queue.join_requests.into_iter().map(|request| view! {
                                        <JoinRequest request group=group.unwrap_or_default() version />
                                    }).collect_view()}
                                </ul>
                                <Show when={let any = !queue.pending_posts.is_empty(); move || any}>
                                    <h3>"Posts waiting for approval"</h3>
                                </Show>
                                {queue.pending_posts.into_iter().map(|post| view! { <PostCard post update=changed /> }).collect_view()}
                                <QueuePager label="posts" next=queue.next_posts after=posts_after />
                                <Show when={let any = !queue.reports.is_empty(); move || any}>
                                    <h3>"Reports"</h3>
                                </Show>
                                <ul class="queue__list" aria-label="Reports">
                                    {queue.reports.into_iter().map(|report| view! { <ReportItem report me=me.clone() version /> }).collect_view()}
                                </ul>
                                <QueuePager label="reports" next=queue.next_reports after=reports_after />
                            })
                        }
                        Err(error) => Either::Right(view! { <ErrorNotice error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The way on through a long list of the queue, and back to its oldest.
#[component]
fn QueuePager(
    /// What the list holds, for the buttons' words.
    label: &'static str,
    next: Option<i64>,
    after: RwSignal<Option<i64>>,
) -> impl IntoView {
    let later = next.is_some();
    let paged = after.get_untracked().is_some();
    view! {
        <Show when=move || later || paged>
            <div class="pager">
                <Show when=move || paged>
                    <button type="button" class="button button--small" on:click=move |_| after.set(None)>
                        {format!("Oldest {label}")}
                    </button>
                </Show>
                <Show when=move || later>
                    <button type="button" class="button button--small" on:click=move |_| after.set(next)>
                        {format!("Later {label}")}
                    </button>
                </Show>
            </div>
        </Show>
    }
}

/// Someone asking to join a closed group, with the facilitator's two answers.
#[component]
fn JoinRequest(request: Member, group: i64, version: RwSignal<u32>) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let decide = ServerAction::<DecideJoin>::new();
    on_answer(decide, error, move |()| version.update(|n| *n += 1));
    let answer = move |approve: bool| {
        vec![
            ("id", group.to_string()),
            ("person", request.person.id.to_string()),
            ("approve", approve.to_string()),
        ]
    };
    view! {
        <li class="queue__item">
            <span>{request.person.name.clone()}" asks to join"</span>
            <FormButton action=decide fields=answer(true) label="Approve" class="button button--small button--primary" />
            <FormButton action=decide fields=answer(false) label="Decline" class="button button--small" />
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </li>
    }
}

#[component]
fn ReportItem(report: ReportView, me: Option<Me>, version: RwSignal<u32>) -> impl IntoView {
    let id = report.id;
    let error = RwSignal::new(None::<AppError>);
    let claim = ServerAction::<ClaimReport>::new();
    let resolve = ServerAction::<ResolveReport>::new();
    on_answer(claim, error, move |()| version.update(|n| *n += 1));
    on_answer(resolve, error, move |()| version.update(|n| *n += 1));
    let mine = report
        .claimed_by
        .as_ref()
        .zip(me.as_ref())
        .is_some_and(|(by, me)| by.id == me.id);
    let free = report.status == ReportStatus::Open;
    let what = if report.comment_id.is_some() {
        "A comment"
    } else {
        "A post"
    };
    view! {
        <li class="report" aria-label=format!("Report by {}", report.reporter.name)>
            <p class="report__meta">
                <strong>{format!("{what} by {}", report.author.name)}</strong>
                " · "
                <a href=format!("/posts/{}", report.post_id)>"open"</a>
                " · reported by "{report.reporter.name.clone()}" · "{report.created_label.clone()}
            </p>
            <blockquote class="prose report__excerpt" inner_html=report.excerpt_html.clone()></blockquote>
            <p class="report__reason">"“"{report.reason.clone()}"”"</p>
            {report.claimed_by.clone().map(|by| view! {
                <p class="tag tag--primary report__claim" role="status">{format!("Claimed by {}", by.name)}</p>
            })}
            {free.then(|| view! {
                <FormButton action=claim fields=vec![("id", id.to_string())] label="Claim" class="button button--small" />
            })}
            {(free || mine).then(|| view! {
                <ActionForm action=resolve attr:class="form form--inline">
                    <Hidden fields=vec![("id", id.to_string())] />
                    <label class="field">
                        <span class="field__label">"Outcome"</span>
                        <select name="outcome">
                            {Outcome::ALL.iter().map(|outcome| view! { <option value=outcome.as_str()>{outcome.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="field field--grow">
                        <span class="field__label">"Reason"</span>
                        <input type="text" name="reason" maxlength="500" />
                    </label>
                    <button type="submit" class="button button--small button--primary">"Resolve"</button>
                </ActionForm>
            })}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
        </li>
    }
}
