use super::{Ask, ReasonField};
use crate::error::AppError;
use leptos::{
    prelude::*,
    server_fn::{
        Http, ServerFn,
        client::Client,
        codec::{Json, PostUrl},
        request::ClientReq,
    },
};
use serde::de::DeserializeOwned;

/// The hidden fields a form posts: each argument of its server function that the reader does not
/// choose, by name.
pub type Fields = Vec<(&'static str, String)>;

/// A server function a plain HTML form can call: its arguments come from the form's fields, and
/// its client sends them as the browser's form data.
pub trait FormFn:
    DeserializeOwned
    + ServerFn<
        Protocol = Http<PostUrl, Json>,
        Error = AppError,
        Output: Send + Sync + 'static,
        Client: Client<
            AppError,
            Request: ClientReq<AppError, FormData: From<leptos::web_sys::FormData>>,
        >,
    > + Clone
    + Send
    + Sync
    + 'static
{
}

impl<S> FormFn for S where
    S: DeserializeOwned
        + ServerFn<
            Protocol = Http<PostUrl, Json>,
            Error = AppError,
            Output: Send + Sync + 'static,
            Client: Client<
                AppError,
                Request: ClientReq<AppError, FormData: From<leptos::web_sys::FormData>>,
            >,
        > + Clone
        + Send
        + Sync
        + 'static
{
}

/// One button that runs an action, as a form of hidden fields: it works before the page's code
/// arrives, and without it.
#[component]
pub fn FormButton<S>(
    action: ServerAction<S>,
    fields: Fields,
    /// The button's words.
    #[prop(into)]
    label: String,
    #[prop(default = "link-button")] class: &'static str,
) -> impl IntoView
where
    S: FormFn,
{
    view! {
        <ActionForm action attr:class="form-button">
            <Hidden fields />
            <button type="submit" class=class>{label}</button>
        </ActionForm>
    }
}

/// An action that first asks why: a control that opens a reason box and its submit button.
#[component]
pub fn AskWhy<S>(
    action: ServerAction<S>,
    fields: Fields,
    /// The words on the control that opens it.
    summary: &'static str,
    /// The question above the reason box.
    question: &'static str,
    /// The submit button's words.
    submit: &'static str,
    /// Whether an empty reason is refused here (the server decides too).
    #[prop(default = true)]
    required: bool,
    #[prop(default = "link-button")] look: &'static str,
    /// Whether it is open, for a caller that closes it once the action succeeds.
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
    /// More fields the reader fills in, above the reason.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    S: FormFn,
{
    view! {
        <Ask summary look open=open.unwrap_or_else(|| RwSignal::new(false))>
            <ActionForm action attr:class="reason-form">
                <Hidden fields />
                {children.map(|children| children())}
                <ReasonField label=question required />
                <div class="form__actions">
                    <button type="submit" class="button button--small button--danger">{submit}</button>
                </div>
            </ActionForm>
        </Ask>
    }
}

/// Hidden inputs, one per field.
#[component]
pub fn Hidden(fields: Fields) -> impl IntoView {
    fields
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view()
}

/// The author's own words in a box that opens in place, saved through `action` (a server function
/// of `id` and `body`).
#[component]
pub fn EditWords<S>(
    action: ServerAction<S>,
    id: i64,
    /// The words as stored.
    text: String,
    /// The box's name for screen readers, such as "Edit your post".
    label: &'static str,
    #[prop(default = 4)] rows: u8,
) -> impl IntoView
where
    S: FormFn,
{
    view! {
        <Ask summary="Edit">
            <ActionForm action attr:class="form">
                <Hidden fields=vec![("id", id.to_string())] />
                <label class="field">
                    <span class="visually-hidden">{label}</span>
                    <textarea name="body" rows=rows required inner_html=super::escape_html(&text)></textarea>
                </label>
                <div class="form__actions">
                    <button type="submit" class="button button--small button--primary">"Save"</button>
                </div>
            </ActionForm>
        </Ask>
    }
}
