//! Sending a form the server drew, in the background.

use crate::error::AppError;
use leptos::{
    prelude::*,
    web_sys::{HtmlElement, HtmlFormElement},
};

/// Sends `form`, with the button that sent it, to the server function at `path` (the form's
/// action) in the background: `pending` holds while it goes, a refusal is said through `error`
/// (cleared as it starts), and `then` runs once the server accepts it. Forms drawn by the server
/// (a feed's cards, the composer) have no code of their own: the browser posts them before the
/// page's code arrives, and this sends them after.
pub fn send_in_background(
    form: HtmlFormElement,
    submitter: Option<HtmlElement>,
    path: String,
    pending: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    then: impl FnOnce() + 'static,
) {
    pending.set(true);
    error.set(None);
    send_then(form, submitter, path, move |answer| {
        pending.set(false);
        match answer {
            Ok(()) => then(),
            Err(failure) => error.set(Some(failure)),
        }
    });
}

/// Sends `form` as `send_in_background` does, and hands the server's answer to `answer`.
pub fn send_then(
    form: HtmlFormElement,
    submitter: Option<HtmlElement>,
    path: String,
    answer: impl FnOnce(Result<(), AppError>) + 'static,
) {
    #[cfg(target_family = "wasm")]
    leptos::task::spawn_local(async move { answer(send(&path, &form, submitter).await) });
    // Events come only in the browser; the server only draws the page.
    #[cfg(not(target_family = "wasm"))]
    let _ = (form, submitter, path, answer);
}

/// Posts the form as the browser would without JavaScript, but asks for the answer rather than
/// for the page again.
#[cfg(target_family = "wasm")]
async fn send(
    path: &str,
    form: &HtmlFormElement,
    submitter: Option<HtmlElement>,
) -> Result<(), AppError> {
    use leptos::server_fn::{
        client::{Client, browser::BrowserClient},
        error::FromServerFnError,
        request::{ClientReq, browser::BrowserRequest},
        response::ClientRes,
    };
    let fields = form_fields(form, submitter).map_err(|_| AppError::Internal)?;
    let request = <BrowserRequest as ClientReq<AppError>>::try_new_post(
        path,
        "application/x-www-form-urlencoded",
        "application/json",
        fields,
    )?;
    let response = <BrowserClient as Client<AppError>>::send(request).await?;
    if (400..=599).contains(&ClientRes::<AppError>::status(&response)) {
        Err(AppError::de(response.try_into_bytes().await?))
    } else {
        Ok(())
    }
}

/// The form's fields as the browser would post them: URL-encoded, with the submit button's own
/// name and value when it has them.
#[cfg(target_family = "wasm")]
fn form_fields(
    form: &HtmlFormElement,
    submitter: Option<HtmlElement>,
) -> Result<String, leptos::wasm_bindgen::JsValue> {
    use leptos::{
        wasm_bindgen::JsValue,
        web_sys::{FormData, UrlSearchParams},
    };
    let data: JsValue = FormData::new_with_form(form)?.into();
    let fields = UrlSearchParams::new_with_str_sequence_sequence(&data)?;
    if let Some(button) = submitter
        && let Some(name) = button.get_attribute("name")
    {
        fields.append(&name, &button.get_attribute("value").unwrap_or_default());
    }
    Ok(String::from(fields.to_string()))
}
