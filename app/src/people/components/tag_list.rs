use crate::shell::query_string;
use leptos::prelude::*;

/// Tags as chips; each links to the directory filtered by it when `link_skill` is set.
#[component]
pub fn TagList(
    label: &'static str,
    tags: Vec<String>,
    #[prop(optional)] link_skill: bool,
) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <section class="profile__section">
                <h2>{label}</h2>
                <ul class="chips" aria-label=label>
                    {tags
                        .into_iter()
                        .map(|tag| {
                            if link_skill {
                                let href = format!("/people{}", query_string(&[("skill", &tag)]));
                                view! {
                                    <li>
                                        <a class="chip" href=href>
                                            {tag}
                                        </a>
                                    </li>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <li>
                                        <span class="chip">{tag}</span>
                                    </li>
                                }
                                    .into_any()
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
