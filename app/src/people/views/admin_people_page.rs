use super::{import_form::ImportForm, invite_form::InviteForm};
use crate::{
    error::AppError,
    people::{components::PersonCard, list_people},
    shell::{ErrorNotice, Loaded, RequireUser, query_string},
};
use leptos::{either::Either, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where admins add people (one by one or from a CSV file) and see every account.
#[component]
pub fn AdminPeoplePage() -> impl IntoView {
    view! {
        <Title text="Manage people" />
        <RequireUser let:me>
            {if me.is_admin() {
                Either::Left(view! { <ManagePeople /> })
            } else {
                Either::Right(view! { <ErrorNotice error=AppError::Forbidden /> })
            }}
        </RequireUser>
    }
}

#[component]
fn ManagePeople() -> impl IntoView {
    let query = use_query_map();
    let after = move || query.read().get("after").unwrap_or_default();
    let refresh = RwSignal::new(0u32);
    let accounts = Resource::new(
        move || (after(), refresh.get()),
        |(after, _)| {
            list_people(
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                true,
                Some(after),
            )
        },
    );
    view! {
        <header class="page-header">
            <h1>"Manage people"</h1>
            <p class="muted">
                "Invite colleagues: each gets an email with their link, which you also see here once. They choose a password and they're in. "
                <a href="/admin/outbox">"See the email outbox"</a>
                " · "
                <a href="/admin/campaigns">"Onboarding emails"</a>
            </p>
        </header>
        <div class="columns">
            <InviteForm refresh />
            <ImportForm refresh />
        </div>
        <section class="panel" aria-labelledby="everyone">
            <h2 id="everyone">"Everyone"</h2>
            <Loaded data=accounts loading="Loading accounts…" let:page>
                {
                    let next = page.next.map(|after| view! {
                        <a class="button" href=format!("/admin/people{}", query_string(&[("after", &after)]))>"Next page"</a>
                    });
                    view! {
                        <ul class="people-grid" aria-label="Accounts">
                            {page.people.into_iter().map(|person| view! { <PersonCard person /> }).collect_view()}
                        </ul>
                        <nav class="pager" aria-label="Pages">{next}</nav>
                    }
                }
            </Loaded>
        </section>
    }
}
