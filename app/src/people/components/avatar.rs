use leptos::{either::Either, prelude::*};

/// A person's photo, or their initials on a colour of their own. Decorative: the name is always
/// written beside it.
#[component]
pub fn Avatar(
    name: String,
    url: Option<String>,
    /// `sm`, `md` or `lg`.
    #[prop(default = "md")]
    size: &'static str,
) -> impl IntoView {
    let class = format!("avatar avatar--{size}");
    match url {
        Some(url) => Either::Left(view! { <img class=class src=url alt="" loading="lazy" /> }),
        None => {
            let hue = name
                .bytes()
                .fold(7u32, |acc, b| acc.wrapping_mul(31).wrapping_add(b as u32))
                % 360;
            let class = format!("{class} avatar--initials avatar--hue-{}", hue / 30);
            Either::Right(view! { <span class=class aria-hidden="true">{initials(&name)}</span> })
        }
    }
}

/// The first letters of the first and last words of a name, as written: the style sheet shows
/// them in capitals, which keeps the Unicode case tables out of the browser's bundle.
fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |word: &&str| word.chars().next().map(String::from);
    match (words.first(), words.last()) {
        (Some(a), Some(b)) if words.len() > 1 => format!(
            "{}{}",
            first(a).unwrap_or_default(),
            first(b).unwrap_or_default()
        ),
        (Some(a), _) => first(a).unwrap_or_default(),
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_the_first_and_last_word() {
        assert_eq!(initials("Ada King Lovelace"), "AL");
        assert_eq!(initials("grace hopper"), "gh");
        assert_eq!(initials("  "), "?");
        assert_eq!(initials("Émile Zola"), "ÉZ");
    }
}
