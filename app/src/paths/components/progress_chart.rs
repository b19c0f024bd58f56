//! The completion charts of a progress page, drawn as SVG with their numbers in words beside them.

use crate::paths::types::{ProgressReport, Standing};
use leptos::prelude::*;

fn colour(standing: Standing) -> &'static str {
    match standing {
        Standing::Completed => "chart--completed",
        Standing::InProgress => "chart--progress",
        Standing::NotStarted => "chart--waiting",
        Standing::Overdue => "chart--overdue",
    }
}

/// Where the assignees stand: one bar split by standing, and how many did each step.
#[component]
pub fn ProgressChart(report: ProgressReport) -> impl IntoView {
    let total: u32 = report.standings.iter().sum();
    let mut offset = 0.0;
    let segments: Vec<_> = Standing::ALL
        .iter()
        .zip(&report.standings)
        .filter(|(_, count)| **count > 0)
        .map(|(standing, count)| {
            let width = f64::from(*count) * 100.0 / f64::from(total.max(1));
            let x = offset;
            offset += width;
            (*standing, *count, x, width)
        })
        .collect();
    let summary = Standing::ALL
        .iter()
        .zip(&report.standings)
        .map(|(standing, count)| format!("{count} {}", standing.label().to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ");
    let row_height = 28;
    let height = row_height * report.steps.len().max(1) as i32;
    let steps: Vec<_> = report
        .steps
        .iter()
        .zip(&report.step_done)
        .enumerate()
        .map(|(index, (title, done))| {
            let share = f64::from(*done) * 100.0 / f64::from(total.max(1));
            (index as i32, title.clone(), *done, share)
        })
        .collect();
    let steps_summary = steps
        .iter()
        .map(|(_, title, done, _)| format!("{title}: {done} of {total}"))
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <div class="charts">
            <figure class="chart">
                <figcaption>"Where people stand"</figcaption>
                <svg viewBox="0 0 100 10" preserveAspectRatio="none" class="chart__bar" role="img" aria-label=format!("Where people stand: {summary}")>
                    <rect x="0" y="0" width="100" height="10" class="chart--track" />
                    {segments.iter().map(|(standing, count, x, width)| view! {
                        <rect x=format!("{x:.2}") y="0" width=format!("{width:.2}") height="10" class=colour(*standing)>
                            <title>{format!("{}: {count}", standing.label())}</title>
                        </rect>
                    }).collect_view()}
                </svg>
                <ul class="chart__legend">
                    {Standing::ALL.iter().zip(report.standings.clone()).map(|(standing, count)| view! {
                        <li><span class=format!("chart__swatch {}", colour(*standing)) aria-hidden="true"></span>
                            {format!("{}: {count}", standing.label())}</li>
                    }).collect_view()}
                </ul>
            </figure>
            <figure class="chart">
                <figcaption>"Steps done"</figcaption>
                <svg viewBox=format!("0 0 400 {height}") class="chart__steps" role="img" aria-label=format!("Steps done: {steps_summary}")>
                    {steps.into_iter().map(|(index, title, done, share)| {
                        let y = index * row_height;
                        view! {
                            <g>
                                <text x="0" y=y + 12 class="chart__label">{format!("{}. {title}", index + 1)}</text>
                                <rect x="0" y=y + 16 width="300" height="8" rx="4" class="chart--track" />
                                <rect x="0" y=y + 16 width=format!("{:.1}", share * 3.0) height="8" rx="4" class="chart--completed" />
                                <text x="310" y=y + 24 class="chart__value">{format!("{done} · {share:.0}%")}</text>
                            </g>
                        }
                    }).collect_view()}
                </svg>
            </figure>
        </div>
    }
}
