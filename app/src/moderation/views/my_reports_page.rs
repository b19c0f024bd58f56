use crate::{
    live::{on_live, types::LiveKind},
    moderation::my_reports,
    shell::{Loaded, RequireUser},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;

/// The reports I made and what facilitators decided.
#[component]
pub fn MyReportsPage() -> impl IntoView {
    view! {
        <Title text="Your reports" />
        <RequireUser let:_me>
            <MyReports />
        </RequireUser>
    }
}

#[component]
fn MyReports() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let reports = Resource::new(move || version.get(), |_| my_reports());
    on_live(move |event| {
        if event.kind == LiveKind::ReportResolved {
            version.update(|n| *n += 1);
        }
    });
    view! {
        <h1>"Your reports"</h1>
        <p class="muted">"Thank you for helping keep Wellspring kind. Here is what came of what you reported."</p>
        <Loaded data=reports let:reports>
            {if reports.is_empty() {
                Either::Left(view! { <p class="panel">"You haven't reported anything."</p> })
            } else {
                Either::Right(view! {
                    <ul class="queue__list" aria-label="Your reports">
                        {reports.into_iter().map(|report| view! {
                            <li class="report">
                                <p class="report__meta">
                                    <a href=format!("/posts/{}", report.post_id)>{if report.comment_id.is_some() { "A comment" } else { "A post" }}</a>
                                    {format!(" by {} · {}", report.author.name, report.created_label)}
                                </p>
                                <p class="report__reason">"You said: “"{report.reason.clone()}"”"</p>
                                <p class="report__outcome" role="status">
                                    {match report.outcome {
                                        Some(outcome) => format!("Resolved: {}. {}", outcome.label(), report.resolution),
                                        None => format!("{}: a facilitator will look at it.", report.status.label()),
                                    }}
                                </p>
                            </li>
                        }).collect_view()}
                    </ul>
                })
            }}
        </Loaded>
    }
}
