//! Small changes to parts of a page drawn as HTML (see `Part`), made where no component owns them.

use leptos::{prelude::document, web_sys::Element};

/// The child of `parent` with `class`, if it has one.
pub fn child(parent: &Element, class: &str) -> Option<Element> {
    parent
        .query_selector(&format!(":scope > .{class}"))
        .ok()
        .flatten()
}

/// The child of `parent` with `class`, made if it has none yet: placed before its child with
/// class `before`, if it has one, and last otherwise.
pub fn slot(parent: &Element, class: &str, before: Option<&str>) -> Option<Element> {
    if let Some(found) = child(parent, class) {
        return Some(found);
    }
    let made = document().create_element("div").ok()?;
    made.set_class_name(class);
    let next = before.and_then(|before| child(parent, before));
    parent.insert_before(&made, next.as_deref()).ok()?;
    Some(made)
}

/// Says on a drawn button whether what it started is on its way: disabled, with `busy` as its
/// words while it goes, and `idle` after.
pub fn button_busy(button: &Element, now: bool, busy: &str, idle: &str) {
    button.set_text_content(Some(if now { busy } else { idle }));
    _ = if now {
        button.set_attribute("disabled", "")
    } else {
        button.remove_attribute("disabled")
    };
}
