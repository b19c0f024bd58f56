use crate::{
    error::AppError,
    feed::CreatePost,
    shell::{ErrorNotice, posted_error, send_in_background},
};
use leptos::{
    ev::SubmitEvent, prelude::*, server_fn::ServerFn, wasm_bindgen::JsCast,
    web_sys::HtmlFormElement,
};

/// Where a new post can go.
#[derive(Debug, Clone, PartialEq)]
pub enum Audience {
    /// One group, fixed by the page.
    Group(i64),
    /// The company feed or one of these groups (id, name), chosen in the composer.
    Choice(Vec<(i64, String)>),
}

/// Writes a post, question or announcement. A refused post keeps every word in the box, with the
/// reason above the button. It is a plain form: the browser posts it before the page's code
/// arrives, and the page's code sends it in the background. Home shows it drawn by the server
/// (`Part::Composer`) and sends it itself.
#[component]
pub fn Composer(
    audience: Audience,
    /// Whether announcements may be made here.
    announce: bool,
    /// The words being written, owned by the page so they outlive a redrawn composer.
    draft: RwSignal<String>,
    posted: Callback<()>,
) -> impl IntoView {
    let body = draft;
    let kind = RwSignal::new("post".to_string());
    let pending = RwSignal::new(false);
    // A refusal from this visit's sending, or else the one a post sent without JavaScript came
    // back with.
    let error = RwSignal::new(posted_error(&[CreatePost::PATH]));
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        if !pending.get_untracked() {
            send_in_background(
                form,
                None,
                CreatePost::PATH.into(),
                pending,
                error,
                move || {
                    body.set(String::new());
                    kind.set("post".into());
                    posted.run(());
                },
            );
        }
    };
    let place = match audience {
        Audience::Group(id) => view! { <input type="hidden" name="post[group]" value=id.to_string() /> }.into_any(),
        Audience::Choice(groups) => view! {
            <label class="field">
                <span class="field__label">"Post in"</span>
                <select name="post[group]">
                    <option value="">"Everyone at the company"</option>
                    {groups.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
            </label>
        }.into_any(),
    };
    view! {
        <section class="panel composer" aria-label="Write a post">
            <form action=CreatePost::PATH method="post" class="form" on:submit=submit>
                <label class="field">
                    <span class="visually-hidden">"What would you like to share?"</span>
                    <textarea name="post[body]" rows="3" maxlength="10000" bind:value=body
                        placeholder="Share something, ask a question, @mention a colleague… (Markdown works)"></textarea>
                </label>
                <div class="composer__options">
                    {place}
                    <label class="field">
                        <span class="field__label">"Kind"</span>
                        <select name="post[kind]" on:change=move |event| kind.set(event_target_value(&event)) prop:value=move || kind.get()>
                            <option value="post">"Post"</option>
                            <option value="question">"Question"</option>
                            {announce.then(|| view! { <option value="announcement">"Announcement"</option> })}
                        </select>
                    </label>
                    // Shown by the style sheet once "Announcement" is chosen, so it works without
                    // the page's code; the server reads it for announcements only.
                    <label class="field composer__pin">
                        <span class="field__label">"Pinned for (days)"</span>
                        <input type="number" name="post[pin_days]" min="1" max="90" value="7" />
                    </label>
                    <button type="submit" class="button button--primary composer__send" disabled=move || pending.get()>
                        {move || if pending.get() { "Posting…" } else { "Post" }}
                    </button>
                </div>
                {move || error.get().map(|error: AppError| view! { <ErrorNotice error /> })}
            </form>
        </section>
    }
}
