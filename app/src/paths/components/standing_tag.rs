use crate::paths::types::Standing;
use leptos::prelude::*;

/// The tag that says where someone stands; overdue in the warning colour.
#[component]
pub fn StandingTag(standing: Standing) -> impl IntoView {
    let class = match standing {
        Standing::Completed => "tag tag--success",
        Standing::Overdue => "tag tag--warning",
        Standing::InProgress => "tag tag--primary",
        Standing::NotStarted => "tag",
    };
    view! { <span class=class>{standing.label()}</span> }
}
