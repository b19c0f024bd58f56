use crate::{
    people::{
        UpdateProfile, get_person,
        types::{ImageProblem, Me, Person},
    },
    shell::{ActionError, ErrorNotice, Loaded, RequireUser, escape_html, id_param, use_session},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Editing a profile: one's own, or anyone's for an admin.
#[component]
pub fn EditProfilePage() -> impl IntoView {
    view! {
        <Title text="Edit profile" />
        <RequireUser let:me>
            <EditProfile me />
        </RequireUser>
    }
}

#[component]
fn EditProfile(me: Me) -> impl IntoView {
    let id = id_param();
    let person = Resource::new(id, get_person);
    view! {
        <Loaded data=person loading="Loading profile…" let:person>
            {if person.editable {
                Either::Left(view! { <ProfileForm me=me.clone() person /> })
            } else {
                Either::Right(view! { <ErrorNotice error=crate::error::AppError::Forbidden /> })
            }}
        </Loaded>
    }
}

#[component]
fn ProfileForm(me: Me, person: Person) -> impl IntoView {
    let action = use_session().action::<UpdateProfile>();
    let summary = person.summary.clone();
    let own = me.id == summary.id;
    let avatar_problem = use_query_map()
        .read_untracked()
        .get("avatar_error")
        .and_then(|code| ImageProblem::from_code(&code));
    let text_field = |label: &'static str,
                      name: &'static str,
                      value: String,
                      autocomplete: &'static str| {
        view! {
            <label class="field">
                <span class="field__label">{label}</span>
                <input type="text" name=name value=value autocomplete=autocomplete maxlength="120" />
            </label>
        }
    };
    view! {
        <header class="page-header">
            <h1>{if own { "Your profile".to_string() } else { format!("Edit {}", summary.name) }}</h1>
            <p class="muted">"Help colleagues find you and know what you can help with."</p>
        </header>
        <Show when=move || own>
            <section class="panel">
                <h2>"Photo"</h2>
                <form class="form form--inline" method="post" action="/media/avatar" enctype="multipart/form-data">
                    <label class="field field--grow">
                        <span class="field__label">"Choose an image (PNG, JPEG, GIF or WebP, up to 2 MB)"</span>
                        <input type="file" name="avatar" accept="image/png,image/jpeg,image/gif,image/webp" required />
                    </label>
                    <button type="submit" class="button">"Upload photo"</button>
                </form>
                {avatar_problem.map(|problem| view! {
                    <div class="notice notice--error" role="alert"><p>{problem.message()}</p></div>
                })}
            </section>
        </Show>
        <ActionForm action attr:class="form panel">
            <input type="hidden" name="id" value=summary.id.to_string() />
            <label class="field">
                <span class="field__label">"Name"</span>
                <input type="text" name="profile[name]" value=summary.name.clone() autocomplete="name" required maxlength="120" />
            </label>
            <div class="form__row">
                {text_field("Job title", "profile[title]", summary.title.clone(), "organization-title")}
                {text_field("Department", "profile[department]", summary.department.clone(), "off")}
            </div>
            <div class="form__row">
                {text_field("Location", "profile[location]", summary.location.clone(), "off")}
                <label class="field">
                    <span class="field__label">"Start date"</span>
                    <input type="date" name="profile[start_date]" value=person.start_date.clone().unwrap_or_default() />
                </label>
            </div>
            <label class="field">
                <span class="field__label">"Manager's email"</span>
                <input type="email" name="profile[manager_email]" value=person.manager.clone().map(|m| m.email).unwrap_or_default() />
            </label>
            <label class="field">
                <span class="field__label">"About you"</span>
                <textarea name="profile[bio]" rows="5" maxlength="2000" inner_html=escape_html(&person.bio)></textarea>
            </label>
            <label class="field">
                <span class="field__label">"Skills"</span>
                <input type="text" name="profile[skills]" value=person.skills.join(", ") aria-describedby="skills-hint" />
                <span class="field__hint" id="skills-hint">"Separate with commas, such as: rust, public speaking, sql"</span>
            </label>
            <label class="field">
                <span class="field__label">"Interests: what you'd like to learn"</span>
                <input type="text" name="profile[interests]" value=person.interests.join(", ") />
            </label>
            <ActionError action />
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Saving…" } else { "Save profile" }}
                </button>
                <a class="button button--ghost" href=format!("/people/{}", summary.id)>"Cancel"</a>
            </div>
        </ActionForm>
    }
}
