use crate::paths::types::{Progress, Standing};
use leptos::prelude::*;

/// A progress bar with its words: "2 of 3 required steps · due 2026-12-15".
#[component]
pub fn ProgressMeter(progress: Progress, #[prop(into)] label: String) -> impl IntoView {
    let words = format!("{} of {} required steps done", progress.done, progress.of);
    let overdue = progress.standing == Standing::Overdue;
    view! {
        <div class="meter" role="progressbar" aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=progress.percent.to_string() aria-label=label>
            <div class="meter__fill" class:meter__fill--warning=overdue style=format!("width: {}%", progress.percent)></div>
        </div>
        <p class="muted small">
            {format!("{}% · {words}", progress.percent)}
            {progress.due.clone().map(|due| view! {
                " · " <span class:due--late=overdue>{format!("due {due}")}</span>
            })}
        </p>
    }
}
