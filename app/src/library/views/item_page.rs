use super::UploadForm;
use crate::{
    error::AppError,
    library::{
        archive_item, get_item, item_feedback, item_versions, resolve_flag, restore_version,
        review_item, submit_item,
        types::{FeedbackKind, Item, ItemKind, ItemStatus, ReviewDecision, UploadProblem, Version},
    },
    shell::{ErrorNotice, Loaded, RequireUser, id_param, run},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

/// One library item: what it holds, what readers think of it, and the work of keeping it true.
#[component]
pub fn ItemPage() -> impl IntoView {
    let id = id_param();
    let reloads = RwSignal::new(0u32);
    let item = Resource::new(move || (id(), reloads.get()), |(id, _)| get_item(id));
    view! {
        <RequireUser let:_me>
            <Loaded data=item title="Library" let:item>
                <ItemView item reloads />
            </Loaded>
        </RequireUser>
    }
}

fn size_label(bytes: u64) -> String {
    match bytes {
        0..1_024 => format!("{bytes} bytes"),
        1_024..1_048_576 => format!("{:.0} kB", bytes as f64 / 1_024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

#[component]
fn ItemView(item: Item, reloads: RwSignal<u32>) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let id = item.card.id;
    let reload = move || reloads.update(|n| *n += 1);
    let upload_problem = use_query_map()
        .read_untracked()
        .get("upload_error")
        .and_then(|code| UploadProblem::parse(&code));
    let card = item.card.clone();
    let status = card.status;
    let can = item.can;
    let kind = card.kind;
    let helpful_mine = item.mine.contains(&FeedbackKind::Helpful);
    let outdated_mine = item.mine.contains(&FeedbackKind::Outdated);
    let body_html = item.body_html.clone();
    let content = match kind {
        ItemKind::Article => Either::Left(view! { <div class="prose" inner_html=body_html /> }.into_any()),
        ItemKind::Video => Either::Left(view! {
            {match item.media.clone() {
                Some(media) => Either::Left(view! {
                    <video class="player" controls preload="metadata" poster=item.poster_url.clone() src=media.url aria-label=format!("Video: {}", card.title)></video>
                }),
                None => Either::Right(view! { <p class="muted">"No video uploaded yet."</p> }),
            }}
            <div class="prose" inner_html=body_html />
        }.into_any()),
        ItemKind::File => Either::Left(view! {
            {match item.media.clone() {
                Some(media) => Either::Left(view! {
                    <p class="download">
                        <a class="button button--primary" href=media.url.clone() download=media.name.clone()>"Download " {media.name.clone()}</a>
                        <span class="muted">" " {size_label(media.size)}</span>
                    </p>
                }),
                None => Either::Right(view! { <p class="muted">"No file uploaded yet."</p> }),
            }}
            <div class="prose" inner_html=body_html />
        }.into_any()),
        ItemKind::Link => Either::Right(view! {
            <p class="download">
                <a class="button button--primary" href=item.url.clone() target="_blank" rel="noopener noreferrer">"Open the article ↗"</a>
                <span class="muted small">" " {item.url.clone()}</span>
            </p>
            <div class="prose" inner_html=body_html />
        }),
    };
    let comment = RwSignal::new(String::new());
    let outdated_note = RwSignal::new(String::new());
    let version = item.version;
    // A draft that goes back to its owner leaves the expert's view: back to the desk.
    let sent_back = RwSignal::new(false);
    let decide = move |decision: ReviewDecision| {
        run(
            error,
            review_item(id, decision, comment.get_untracked(), version),
            move |_| {
                comment.set(String::new());
                if decision == ReviewDecision::SentBack {
                    sent_back.set(true);
                } else {
                    reload();
                }
            },
        );
    };
    let reviews = item.reviews.clone();
    let has_flags = !item.flags.is_empty();
    let flags = StoredValue::new(item.flags.clone());
    let has_reviews = !reviews.is_empty();
    view! {
        <Title text=card.title.clone() />
        <article class="item">
            <header class="item__head">
                <p class="item-card__meta">
                    <span class=format!("kind kind--{}", kind.as_str())>{kind.label()}</span>
                    <span class="tag tag--status" data-status=status.as_str()>{status.label()}</span>
                    <Show when=move || card.needs_review>
                        <span class="tag tag--warning">"Due for review"</span>
                    </Show>
                    {(!card.topic.is_empty()).then(|| view! { <span class="tag">{card.topic.clone()}</span> })}
                </p>
                <h1>{card.title.clone()}</h1>
                <p class="lead">{card.summary.clone()}</p>
                <p class="muted small">
                    <a href=format!("/library?category={}", card.category.0)>{card.category.1.clone()}</a>
                    " · Owner " <a href=format!("/people/{}", card.owner.id)>{card.owner.name.clone()}</a>
                    {item.reviewer.clone().map(|p| view! { " · Reviewed by " <a href=format!("/people/{}", p.id)>{p.name}</a> })}
                    {card.review_by.clone().map(|date| format!(" · Review by {date}"))}
                    " · Version " {item.version} " · Updated " {card.updated_label.clone()}
                </p>
            </header>
            {upload_problem.map(|problem| view! {
                <div class="notice notice--error" role="alert"><p>{problem.label()}</p></div>
            })}
            {move || error.get().map(|error| view! { <ErrorNotice error /> })}
            {move || sent_back.get().then(|| view! { <Redirect path="/library/desk" /> })}
            <div class="item__content">{content}</div>
            <Show when=move || can.give_feedback>
                <section class="panel feedback" aria-label="Was this useful?">
                    <button type="button" class="button" aria-pressed=helpful_mine.to_string()
                        on:click=move |_| run(error, item_feedback(id, FeedbackKind::Helpful, !helpful_mine, String::new()), move |_| reload())>
                        {if helpful_mine { "✓ Helpful" } else { "Helpful" }} " · " {item.helpful}
                    </button>
                    {if outdated_mine {
                        Either::Left(view! {
                            <button type="button" class="button"
                                on:click=move |_| run(error, item_feedback(id, FeedbackKind::Outdated, false, String::new()), move |_| reload())>
                                "Take back my outdated flag"
                            </button>
                        })
                    } else {
                        Either::Right(view! {
                            <details class="feedback__outdated">
                                <summary>"Flag as outdated"</summary>
                                <label class="field">
                                    <span class="field__label">"What is out of date?"</span>
                                    <textarea rows="2" maxlength="1000" prop:value=move || outdated_note.get()
                                        on:input=move |ev| outdated_note.set(event_target_value(&ev))></textarea>
                                </label>
                                <button type="button" class="button"
                                    on:click=move |_| run(error, item_feedback(id, FeedbackKind::Outdated, true, outdated_note.get_untracked()), move |_| reload())>
                                    "Send flag"
                                </button>
                            </details>
                        })
                    }}
                    <span class="muted small">{item.outdated} " flagged outdated"</span>
                </section>
            </Show>
            <Show when=move || can.review || can.confirm>
                <section class="panel review" aria-labelledby="review-title">
                    <h2 id="review-title">{if can.review { "Review" } else { "Due for review" }}</h2>
                    <p class="muted">{if can.review {
                        "You're an expert in this topic. Approve it to publish it, or send it back with what to change."
                    } else {
                        "Its review-by date has passed or it changed since it was last reviewed. Confirm it is still right, or ask its owner to update it."
                    }}</p>
                    <label class="field">
                        <span class="field__label">"Comment"</span>
                        <textarea rows="3" maxlength="2000" prop:value=move || comment.get()
                            on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="form__actions">
                        <Show when=move || can.review fallback=move || view! {
                            <button type="button" class="button button--primary" on:click=move |_| decide(ReviewDecision::Confirmed)>"Confirm it's still right"</button>
                        }>
                            <button type="button" class="button" on:click=move |_| decide(ReviewDecision::SentBack)>"Send back"</button>
                            <button type="button" class="button button--primary" on:click=move |_| decide(ReviewDecision::Approved)>"Approve and publish"</button>
                        </Show>
                    </div>
                </section>
            </Show>
            <Show when=move || can.edit || can.archive>
                <section class="panel" aria-labelledby="keep-title">
                    <h2 id="keep-title">"Manage"</h2>
                    <div class="form__actions form__actions--start">
                        <Show when=move || can.edit>
                            <a class="button" href=format!("/library/items/{id}/edit")>"Edit"</a>
                        </Show>
                        <Show when=move || can.submit>
                            <button type="button" class="button button--primary" on:click=move |_| run(error, submit_item(id), move |_| reload())>"Send for review"</button>
                        </Show>
                        <button type="button" class="button"
                            on:click=move |_| run(error, archive_item(id, status != ItemStatus::Archived), move |_| reload())>
                            {if status == ItemStatus::Archived { "Bring back as a draft" } else { "Archive" }}
                        </button>
                    </div>
                    <Show when=move || can.edit && matches!(kind, ItemKind::Video | ItemKind::File)>
                        <UploadForm id part="main" label=if kind == ItemKind::Video { "Video (MP4, WebM or QuickTime, up to 500 MB)" } else { "File (PDF or office document, up to 50 MB)" }
                            accept=if kind == ItemKind::Video { "video/mp4,video/webm,video/quicktime" } else { ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt" } />
                    </Show>
                    <Show when=move || can.edit && kind == ItemKind::Video>
                        <UploadForm id part="poster" label="Poster image (PNG, JPEG, GIF or WebP, up to 2 MB)" accept="image/png,image/jpeg,image/gif,image/webp" />
                    </Show>
                    <Show when=move || has_flags>
                        <h3>"Outdated flags"</h3>
                        <ul class="flags">
                            {flags.get_value().into_iter().map(|flag| view! {
                                <li class:flags__resolved=flag.resolved>
                                    <p><strong>{flag.person.name}</strong> " · " {flag.at_label}</p>
                                    <p>{flag.note}</p>
                                    <Show when=move || !flag.resolved fallback=|| view! { <span class="muted small">"Dealt with"</span> }>
                                        <button type="button" class="button button--small" on:click=move |_| run(error, resolve_flag(flag.id), move |_| reload())>"Mark as dealt with"</button>
                                    </Show>
                                </li>
                            }).collect_view()}
                        </ul>
                    </Show>
                </section>
            </Show>
            <Show when=move || has_reviews>
                <section class="panel" aria-labelledby="reviews-title">
                    <h2 id="reviews-title">"Reviews"</h2>
                    <ul class="reviews">
                        {reviews.clone().into_iter().map(|review| view! {
                            <li>
                                <p><strong>{review.decision.label()}</strong> " by " {review.reviewer.name} " · version " {review.version} " · " {review.at_label}</p>
                                {(!review.comment.is_empty()).then(|| view! { <p>{review.comment}</p> })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            </Show>
            <Show when=move || can.edit || can.review || can.confirm>
                <Versions id can_restore=can.edit error reload />
            </Show>
        </article>
    }
}

/// Earlier versions, loaded when opened, each viewable and restorable.
#[component]
fn Versions(
    id: i64,
    can_restore: bool,
    error: RwSignal<Option<AppError>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let versions = Resource::new(
        move || open.get(),
        move |open| async move {
            if open {
                item_versions(id).await
            } else {
                Ok(Vec::new())
            }
        },
    );
    view! {
        <details class="panel versions" on:toggle=move |_| open.set(true)>
            <summary><h2 class="inline">"Versions"</h2></summary>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match versions.await {
                        Ok(list) => Either::Left(view! {
                            <ol class="versions__list">
                                {list.into_iter().map(|version: Version| {
                                    let number = version.number;
                                    view! {
                                        <li>
                                            <details>
                                                <summary>
                                                    "Version " {number} " · " {version.title.clone()} " · " {version.editor.name.clone()} " · " {version.at_label.clone()}
                                                    {(!version.note.is_empty()).then(|| format!(" — {}", version.note))}
                                                </summary>
                                                {(!version.url.is_empty()).then(|| view! { <p class="small">{version.url.clone()}</p> })}
                                                <div class="prose" inner_html=version.body_html.clone() />
                                                <Show when=move || can_restore>
                                                    <button type="button" class="button button--small"
                                                        on:click=move |_| run(error, restore_version(id, number), move |_| reload())>
                                                        "Restore this version"
                                                    </button>
                                                </Show>
                                            </details>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }),
                        Err(error) => Either::Right(view! { <ErrorNotice error /> }),
                    }
                })}
            </Transition>
        </details>
    }
}
