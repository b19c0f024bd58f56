use crate::{
    paths::{
        components::{ProgressChart, StandingTag},
        path_progress,
        types::{ProgressFilter, ProgressReport, Standing},
    },
    shell::{Loaded, RequireUser, id_param, query_string},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Form, hooks::use_query_map};

/// A path's progress across its assignees: charts, a filterable table and a CSV download. Plain
/// links and forms, so it works without JavaScript.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let filter = move || {
        let query = query.read();
        ProgressFilter {
            standing: query.get("standing").unwrap_or_default(),
            department: query.get("department").unwrap_or_default(),
            name: query.get("name").unwrap_or_default(),
        }
    };
    let report = Resource::new(
        move || (id(), filter()),
        |(id, filter)| path_progress(id, filter),
    );
    view! {
        <RequireUser let:_me>
            <Loaded data=report title="Progress" let:report>
                <Report report filter=filter() />
            </Loaded>
        </RequireUser>
    }
}

#[component]
fn Report(report: ProgressReport, filter: ProgressFilter) -> impl IntoView {
    let id = report.card.id;
    let csv = format!(
        "/paths/{id}/progress.csv{}",
        query_string(&[
            ("standing", &filter.standing),
            ("department", &filter.department),
            ("name", &filter.name),
        ])
    );
    let shown = report.rows.len();
    let matching = report.matching;
    let steps = report.steps.clone();
    let chart = report.clone();
    view! {
        <Title text=format!("Progress: {}", report.card.title) />
        <header class="page-header">
            <p class="muted small"><a href=format!("/paths/{id}")>"← " {report.card.title.clone()}</a></p>
            <h1>"Progress: " {report.card.title.clone()}</h1>
            <p class="muted">{match report.assignees {
                1 => "1 person has this path.".to_string(),
                count => format!("{count} people have this path."),
            }}</p>
        </header>
        <Form method="GET" action="" attr:class="filters" attr:role="search" attr:aria-label="Filter people">
            <label class="field field--grow">
                <span class="field__label">"Name or email"</span>
                <input type="search" name="name" value=filter.name.clone() />
            </label>
            <label class="field">
                <span class="field__label">"Status"</span>
                <select name="standing">
                    <option value="">"Any status"</option>
                    {Standing::ALL.iter().map(|standing| view! {
                        <option value=standing.as_str() selected=filter.standing == standing.as_str()>{standing.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">"Department"</span>
                <select name="department">
                    <option value="">"Any department"</option>
                    {report.departments.iter().map(|department| view! {
                        <option value=department.clone() selected=filter.department == *department>{department.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button button--primary">"Filter"</button>
            <a class="button" href=csv download="">"Download CSV"</a>
        </Form>
        <ProgressChart report=chart />
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Progress per person"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Person"</th>
                        <th scope="col">"Department"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Progress"</th>
                        <th scope="col">"Due"</th>
                        {steps.iter().enumerate().map(|(index, title)| view! {
                            <th scope="col" title=title.clone()>{format!("Step {}", index + 1)}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {report.rows.into_iter().map(|row| {
                        let overdue = row.progress.standing == Standing::Overdue;
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/people/{}", row.person.id)>{row.person.name.clone()}</a></th>
                                <td>{row.department.clone()}</td>
                                <td><StandingTag standing=row.progress.standing /></td>
                                <td>{format!("{}%", row.progress.percent)}</td>
                                <td class:due--late=overdue>{row.progress.due.clone().unwrap_or_default()}</td>
                                {row.steps.iter().map(|done| view! {
                                    <td>{if *done { "✓" } else { "" }}<span class="visually-hidden">{if *done { "done" } else { "not done" }}</span></td>
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="muted small">
            {if shown < matching as usize {
                format!("Showing the {shown} people most behind of {matching}. Filter, or download the CSV for everyone.")
            } else {
                match matching {
                    1 => "1 person matches.".to_string(),
                    count => format!("{count} people match."),
                }
            }}
        </p>
    }
}
