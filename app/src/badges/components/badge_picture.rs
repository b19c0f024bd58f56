use crate::badges::types::BadgeIcon;
use leptos::prelude::*;

/// A badge's picture: its uploaded image, or a medal of the badge's colour with its symbol.
/// Decorative; the badge's name is always written beside it.
#[component]
pub fn BadgePicture(
    icon: BadgeIcon,
    #[prop(default = "md")] size: &'static str,
    #[prop(default = None)] image: Option<String>,
) -> impl IntoView {
    if let Some(image) = image {
        return view! {
            <img class=format!("badge-picture badge-picture--image badge-picture--{size}") src=image alt="" />
        }
        .into_any();
    }
    let symbol = match icon {
        BadgeIcon::Star => "M32 14l5 11 12 1-9 8 3 12-11-6-11 6 3-12-9-8 12-1z",
        BadgeIcon::Rocket => {
            "M32 12c8 6 10 16 6 28h-12c-4-12-2-22 6-28zm-8 24l-6 8h8zm16 0l6 8h-8zM32 22a4 4 0 1 0 0 8 4 4 0 1 0 0-8z"
        }
        BadgeIcon::Book => {
            "M16 18h14c2 0 2 1 2 2v26c0-1-1-2-2-2H16zm32 0H34c-2 0-2 1-2 2v26c0-1 1-2 2-2h14z"
        }
        BadgeIcon::Heart => {
            "M32 48S14 37 14 25c0-6 4-10 9-10 4 0 7 2 9 6 2-4 5-6 9-6 5 0 9 4 9 10 0 12-18 23-18 23z"
        }
        BadgeIcon::Bulb => {
            "M32 12a13 13 0 0 0-8 23c2 2 3 4 3 7h10c0-3 1-5 3-7a13 13 0 0 0-8-23zm-5 33h10v3H27zm2 5h6v2h-6z"
        }
        BadgeIcon::Trophy => {
            "M22 14h20v8c0 7-4 12-10 13-6-1-10-6-10-13zm-8 2h6v4c0 4 1 7 3 9-6-1-9-6-9-13zm36 0h-6v4c0 4-1 7-3 9 6-1 9-6 9-13zM29 36h6v6h6v6H23v-6h6z"
        }
    };
    view! {
        <svg class=format!("badge-picture badge-picture--{} badge-picture--{size}", icon.as_str())
            viewBox="0 0 64 64" aria-hidden="true" focusable="false">
            <circle cx="32" cy="32" r="30" class="badge-picture__disc" />
            <path d=symbol class="badge-picture__symbol" />
        </svg>
    }
    .into_any()
}
