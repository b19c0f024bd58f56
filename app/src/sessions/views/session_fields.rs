use crate::sessions::types::{SessionChoices, SessionFields};
use leptos::prelude::*;

/// The fields of a session's form, filled with `fields`: to schedule one, or to change it. A
/// session's audience stays offered (as `current_label`) even where the reader could not choose it.
#[component]
pub fn SessionFieldset(
    fields: SessionFields,
    choices: SessionChoices,
    #[prop(optional)] current_label: Option<String>,
) -> impl IntoView {
    let chosen = fields.audience.clone();
    let option = move |value: String, label: String| {
        let selected = value == chosen;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let mut audiences = Vec::new();
    if choices.company {
        audiences.push(option("company".into(), "Everyone in the company".into()));
    }
    for (id, name) in &choices.groups {
        audiences.push(option(format!("group:{id}"), format!("Members of {name}")));
    }
    for (id, title) in &choices.paths {
        audiences.push(option(
            format!("path:{id}"),
            format!("Learners on “{title}”"),
        ));
    }
    let offered = choices.company && fields.audience == "company"
        || choices
            .groups
            .iter()
            .any(|(id, _)| fields.audience == format!("group:{id}"))
        || choices
            .paths
            .iter()
            .any(|(id, _)| fields.audience == format!("path:{id}"));
    if let Some(label) = current_label.filter(|_| !offered && !fields.audience.is_empty()) {
        audiences.insert(0, option(fields.audience.clone(), label));
    }
    view! {
        <label class="field">
            <span class="field__label">"Title"</span>
            <input type="text" name="session[title]" maxlength="160" required value=fields.title />
        </label>
        <label class="field">
            <span class="field__label">"What it is about (Markdown)"</span>
            <textarea name="session[description]" rows="4" maxlength="10000">{fields.description}</textarea>
        </label>
        <div class="form__row">
            <label class="field">
                <span class="field__label">"Starts"</span>
                <input type="datetime-local" name="session[starts]" required value=fields.starts />
            </label>
            <label class="field">
                <span class="field__label">"Ends"</span>
                <input type="datetime-local" name="session[ends]" required value=fields.ends />
            </label>
            <label class="field">
                <span class="field__label">"Time zone"</span>
                <input type="text" name="session[time_zone]" required maxlength="64" value=fields.time_zone />
                <span class="field__hint">"Start and end are read in it, such as Europe/Berlin. Everyone sees them in their own."</span>
            </label>
        </div>
        <div class="field">
            <label class="field__label" for="session-audience">"For"</label>
            <select id="session-audience" name="session[audience]">{audiences}</select>
        </div>
        <label class="field">
            <span class="field__label">"Stream link"</span>
            <input type="url" name="session[stream_url]" required maxlength="2000" placeholder="https://" value=fields.stream_url />
            <span class="field__hint">"Where it streams: a Teams, Zoom, YouTube or Vimeo link, or an HLS address."</span>
        </label>
        <div class="form__row">
            <label class="field">
                <span class="field__label">"Places (empty for no limit)"</span>
                <input type="number" name="session[capacity]" min="1" max="100000" value=fields.capacity />
            </label>
            <label class="field">
                <span class="field__label">"Tag (optional)"</span>
                <input type="text" name="session[tag]" maxlength="40" placeholder="onboarding" value=fields.tag />
                <span class="field__hint">"A learning path may ask for any session with it."</span>
            </label>
            <label class="field field--grow">
                <span class="field__label">"Hosts' work emails"</span>
                <input type="text" name="session[hosts]" maxlength="2000" value=fields.hosts />
                <span class="field__hint">"Separated by commas; empty makes you the host."</span>
            </label>
        </div>
        <fieldset class="field">
            <legend class="field__label">"Questions"</legend>
            <label class="check">
                <input type="checkbox" name="session[qa_moderated]" checked=fields.qa_moderated == "on" />
                " Questions wait for a host's approval before others see them"
            </label>
            <label class="check">
                <input type="checkbox" name="session[anonymous_questions]" checked=fields.anonymous_questions == "on" />
                " People may ask without their name (admins still see it)"
            </label>
        </fieldset>
    }
}
