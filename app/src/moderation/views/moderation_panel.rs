use super::{LogList, QueuePanel};
use leptos::prelude::*;

/// The queue and the log of a group (or, with no group, of the company feed and everything).
#[component]
pub fn ModerationPanel(group: Option<i64>) -> impl IntoView {
    let queue = RwSignal::new(0u32);
    let log = RwSignal::new(0u32);
    view! {
        <QueuePanel group version=queue />
        <LogList group version=log />
    }
}
