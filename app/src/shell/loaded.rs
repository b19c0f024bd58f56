use super::ErrorNotice;
use crate::error::AppError;
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use std::sync::Arc;

/// What a page (or a panel) shows of data it loads: "Loading…" until it comes (and what it showed
/// before while it reloads), the error in words when it fails (which gives a page rendered on the
/// server the error's status, and `title` as its title), and otherwise `children` with the data.
#[component]
pub fn Loaded<T, F, V>(
    data: Resource<Result<T, AppError>>,
    children: F,
    /// The page's title when the data could not be had (the data names it otherwise).
    #[prop(optional)]
    title: Option<&'static str>,
    /// What is said while the data comes.
    #[prop(default = "Loading…")]
    loading: &'static str,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = Arc::new(children);
    view! {
        <Transition fallback=move || view! { <p class="loading">{loading}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => Either::Left(children(value)),
                        Err(error) => Either::Right(view! {
                            {title.map(|text| view! { <Title text /> })}
                            <ErrorNotice error />
                        }),
                    }
                })
            }}
        </Transition>
    }
}
