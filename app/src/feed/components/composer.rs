use crate::{
    feed::{CreatePost, types::PostView},
    shell::{ActionError, on_success},
};
use leptos::prelude::*;

/// Where a new post can go.
#[derive(Debug, Clone, PartialEq)]
pub enum Audience {
    /// One group, fixed by the page.
    Group(i64),
    /// The company feed or one of these groups (id, name), chosen in the composer.
    Choice(Vec<(i64, String)>),
}

/// Writes a post, question or announcement. A refused post keeps every word in the box, with the
/// reason above the button.
#[component]
pub fn Composer(
    audience: Audience,
    /// Whether announcements may be made here.
    announce: bool,
    /// The words being written, owned by the page so they outlive a redrawn composer.
    draft: RwSignal<String>,
    posted: Callback<PostView>,
) -> impl IntoView {
    let action = ServerAction::<CreatePost>::new();
    let body = draft;
    let kind = RwSignal::new("post".to_string());
    on_success(action, move || {
        body.set(String::new());
        kind.set("post".into());
        if let Some(Ok(post)) = action.value().get_untracked() {
            posted.run(post);
        }
    });
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
            <ActionForm action attr:class="form">
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
                            <Show when=move || announce>
                                <option value="announcement">"Announcement"</option>
                            </Show>
                        </select>
                    </label>
                    <Show
                        when=move || kind.get() == "announcement"
                        fallback=|| view! { <input type="hidden" name="post[pin_days]" value="" /> }
                    >
                        <label class="field">
                            <span class="field__label">"Pinned for (days)"</span>
                            <input type="number" name="post[pin_days]" min="1" max="90" value="7" />
                        </label>
                    </Show>
                    <button type="submit" class="button button--primary composer__send" disabled=move || action.pending().get()>
                        {move || if action.pending().get() { "Posting…" } else { "Post" }}
                    </button>
                </div>
                <ActionError action />
            </ActionForm>
        </section>
    }
}
