use leptos::prelude::*;

/// A short form that asks why (for a report, a hide or a removal) before the action runs.
#[component]
pub fn ReasonForm(
    /// The question, such as "Why are you reporting this?".
    label: &'static str,
    /// The button's words.
    submit: &'static str,
    /// Whether an empty reason is refused here (the server refuses it too).
    #[prop(default = true)]
    required: bool,
    on_submit: Callback<String>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    view! {
        <form
            class="reason-form"
            on:submit=move |event| {
                event.prevent_default();
                on_submit.run(reason.get_untracked());
            }
        >
            <label class="field">
                <span class="field__label">{label}</span>
                <textarea rows="2" maxlength="500" required=required bind:value=reason></textarea>
            </label>
            <div class="form__actions">
                <button type="submit" class="button button--small button--danger">
                    {submit}
                </button>
                <button type="button" class="button button--small button--ghost" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
