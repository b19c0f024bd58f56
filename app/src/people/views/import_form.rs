use super::account_admin::InviteLink;
use crate::{
    people::{ImportPeople, types::ImportReport},
    shell::{ActionError, on_success},
};
use leptos::{html, prelude::*};

/// Invites many people from a CSV file and reports, row by row, what happened.
#[component]
pub fn ImportForm(refresh: RwSignal<u32>) -> impl IntoView {
    let action = ServerAction::<ImportPeople>::new();
    let file = NodeRef::<html::Input>::new();
    let reading = RwSignal::new(false);
    on_success(action, move || refresh.update(|n| *n += 1));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        #[cfg(target_family = "wasm")]
        if let Some(input) = file.get() {
            reading.set(true);
            leptos::task::spawn_local(async move {
                if let Some(csv) = read_file(&input).await {
                    action.dispatch(ImportPeople { csv });
                }
                reading.set(false);
            });
        }
    };
    let busy = move || reading.get() || action.pending().get();
    view! {
        <section class="panel" aria-labelledby="import-many">
            <h2 id="import-many">"Import from a spreadsheet"</h2>
            <p class="muted small">
                "A CSV file with a header row. Columns: email, name, title, department, location, start_date (YYYY-MM-DD), manager_email. Only email and name are required; people already here are skipped."
            </p>
            <form class="form" on:submit=submit>
                <label class="field">
                    <span class="field__label">"CSV file"</span>
                    <input type="file" accept=".csv,text/csv" node_ref=file required />
                </label>
                <noscript>
                    <p class="notice">"Importing a file needs JavaScript. Invite people one by one instead."</p>
                </noscript>
                <ActionError action />
                <button type="submit" class="button button--primary" disabled=busy>
                    {move || if busy() { "Importing…" } else { "Import people" }}
                </button>
                <Show when=busy>
                    <progress class="progress" aria-label="Importing people"></progress>
                </Show>
            </form>
            {move || action.value().get().and_then(Result::ok).map(|report| view! { <Report report /> })}
        </section>
    }
}

#[cfg(target_family = "wasm")]
async fn read_file(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .as_string()
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let summary = format!(
        "{} invited, {} already here, {} rows with problems.",
        report.invited.len(),
        report.already_present.len(),
        report.problems.len()
    );
    view! {
        <div class="import-report" role="status">
            <p class="import-report__summary">{summary}</p>
            {(!report.invited.is_empty()).then(|| view! {
                <h3>"Invitation links"</h3>
                <ul class="link-list">
                    {report.invited.into_iter().map(|invitation| view! {
                        <li>
                            <strong>{invitation.name}</strong>
                            " "
                            <span class="muted">{invitation.email}</span>
                            <InviteLink link=invitation.link />
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!report.problems.is_empty()).then(|| view! {
                <h3>"Rows not imported"</h3>
                <table class="table">
                    <thead>
                        <tr><th scope="col">"Line"</th><th scope="col">"Column"</th><th scope="col">"Problem"</th></tr>
                    </thead>
                    <tbody>
                        {report.problems.into_iter().map(|problem| view! {
                            <tr><td>{problem.line}</td><td>{problem.column}</td><td>{problem.message}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </div>
    }
}
