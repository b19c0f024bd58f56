use leptos::prelude::*;

/// A control that opens a short form in place: the reason asked before an action runs, or the
/// words being edited. It is a `<details>`, so it opens without JavaScript too.
#[component]
pub fn Ask(
    /// The words on the control that opens it.
    summary: &'static str,
    /// How the control looks: a word among others (`link-button`) or a small button.
    #[prop(default = "link-button")]
    look: &'static str,
    /// Whether it is open, for a caller that closes it once its action succeeds.
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
    children: Children,
) -> impl IntoView {
    let open = open.unwrap_or_else(|| RwSignal::new(false));
    let details = NodeRef::<leptos::html::Details>::new();
    // The page's code takes over a box as it finds it (someone may have opened it and begun to
    // type before the code arrived), then opens and closes it as `open` says.
    Effect::new(move |seen: Option<()>| {
        let wanted = open.get();
        let Some(details) = details.get() else { return };
        let shown = details.has_attribute("open");
        if seen.is_none() {
            if shown != wanted {
                open.set(shown);
            }
        } else if wanted && !shown {
            _ = details.set_attribute("open", "");
        } else if !wanted && shown {
            _ = details.remove_attribute("open");
        }
    });
    view! {
        <details
            class="ask"
            node_ref=details
            on:toggle=move |event| open.set(event_target::<leptos::web_sys::Element>(&event).has_attribute("open"))
        >
            <summary class=look>{summary}</summary>
            <div class="ask__form">{children()}</div>
        </details>
    }
}

/// The reason a moderator or reporter gives, posted as `reason` (the server caps it too).
#[component]
pub fn ReasonField(
    /// The question, such as "What's wrong with this post?".
    label: &'static str,
    /// Whether an empty reason is refused here (the server refuses it too).
    #[prop(default = true)]
    required: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field__label">{label}</span>
            <textarea name="reason" rows="2" maxlength="500" required=required></textarea>
        </label>
    }
}
