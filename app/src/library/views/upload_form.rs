use leptos::{ev::SubmitEvent, prelude::*};

/// A plain upload form, so it works before the page is interactive. Once it is, the form sends the
/// file itself and shows how much has gone, since a video can take minutes.
#[component]
pub fn UploadForm(
    id: i64,
    part: &'static str,
    label: &'static str,
    accept: &'static str,
) -> impl IntoView {
    let sent = RwSignal::new(None::<u32>);
    let failed = RwSignal::new(false);
    let on_submit = move |event: SubmitEvent| {
        #[cfg(target_family = "wasm")]
        send(event, sent, failed);
        #[cfg(not(target_family = "wasm"))]
        let _ = (event, failed);
    };
    view! {
        <form class="form form--inline upload-form" method="post" action=format!("/media/library/{id}/{part}")
            enctype="multipart/form-data" on:submit=on_submit>
            <label class="field field--grow">
                <span class="field__label">{label}</span>
                <input type="file" name="file" accept=accept required />
            </label>
            <button type="submit" class="button" disabled=move || sent.get().is_some()>"Upload"</button>
            {move || sent.get().map(|percent| view! {
                <div class="upload-progress">
                    <progress max="100" value=percent aria-label="Upload progress"></progress>
                    <span role="status">{format!("Uploading… {percent}%")}</span>
                </div>
            })}
            <Show when=move || failed.get()>
                <p class="notice notice--error" role="alert">"The upload stopped. Check your connection and try again."</p>
            </Show>
        </form>
    }
}

/// Sends the form with progress events; when the server has answered, shows the page it sent back to.
#[cfg(target_family = "wasm")]
fn send(event: SubmitEvent, sent: RwSignal<Option<u32>>, failed: RwSignal<bool>) {
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{FormData, HtmlFormElement, ProgressEvent, XmlHttpRequest};

    let Some(form) = event
        .target()
        .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let (Ok(data), Ok(request)) = (FormData::new_with_form(&form), XmlHttpRequest::new()) else {
        return;
    };
    if request.open("POST", &form.action()).is_err() {
        return;
    }
    event.prevent_default();
    failed.set(false);
    sent.set(Some(0));
    if let Ok(upload) = request.upload() {
        let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |step: ProgressEvent| {
            if step.length_computable() && step.total() > 0.0 {
                sent.set(Some((step.loaded() / step.total() * 100.0).round() as u32));
            }
        });
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress.forget();
    }
    let answered = request.clone();
    let done = Closure::<dyn FnMut()>::new(move || {
        let _ = window().location().assign(&answered.response_url());
    });
    request.set_onload(Some(done.as_ref().unchecked_ref()));
    done.forget();
    let stopped = Closure::<dyn FnMut()>::new(move || {
        sent.set(None);
        failed.set(true);
    });
    request.set_onerror(Some(stopped.as_ref().unchecked_ref()));
    stopped.forget();
    if request.send_with_opt_form_data(Some(&data)).is_err() {
        sent.set(None);
        failed.set(true);
    }
}
