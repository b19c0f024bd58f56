//! What people write, made safe to show: Markdown rendered by pulldown-cmark, @mentions turned into
//! links to profiles, then every tag and attribute outside a small allow-list removed by ammonia.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use std::collections::HashMap;

/// A person an @mention names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentioned {
    pub id: i64,
    pub name: String,
}

fn is_handle_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// Splits text into plain runs and `@handle`s. A handle is what comes before the `@` of a work email
/// (`@maya.lopez`); an `@` inside a word (an email address) is not a mention.
fn split_mentions(text: &str) -> Vec<(bool, &str)> {
    let mut parts = Vec::new();
    let mut plain_start = 0;
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        let starts_mention = c == '@' && !previous.is_some_and(|p| p.is_alphanumeric());
        previous = Some(c);
        if !starts_mention {
            continue;
        }
        let start = at + 1;
        let mut end = start;
        while let Some(&(index, next)) = chars.peek() {
            if !is_handle_char(next) {
                break;
            }
            end = index + next.len_utf8();
            previous = Some(next);
            chars.next();
        }
        // A handle never ends with punctuation: "thanks @maya." mentions maya.
        let handle = text[start..end].trim_end_matches(['.', '-', '_']);
        if handle.is_empty() {
            continue;
        }
        if plain_start < at {
            parts.push((false, &text[plain_start..at]));
        }
        parts.push((true, handle));
        plain_start = start + handle.len();
    }
    if plain_start < text.len() {
        parts.push((false, &text[plain_start..]));
    }
    parts
}

/// The handles mentioned in a text, lower-cased, outside code.
pub fn mention_handles(markdown: &str) -> Vec<String> {
    let mut handles = Vec::new();
    let mut in_code = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => {
                for (mention, part) in split_mentions(&text) {
                    let handle = part.to_lowercase();
                    if mention && !handles.contains(&handle) {
                        handles.push(handle);
                    }
                }
            }
            _ => {}
        }
    }
    handles
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Markdown to sanitized HTML. Mentions of people in `people` (keyed by lower-cased handle) become
/// links to their profiles; other `@words` stay text.
pub fn render(markdown: &str, people: &HashMap<String, Mentioned>) -> String {
    let mut events = Vec::new();
    let mut in_code_or_link = 0usize;
    let mut images = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        let event = keep_images_here(event, &mut images);
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. }) => in_code_or_link += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link) => {
                in_code_or_link = in_code_or_link.saturating_sub(1)
            }
            _ => {}
        }
        // Posts are Markdown, not HTML: markup typed by people is shown as the text it is.
        let event = match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            other => other,
        };
        let Event::Text(text) = &event else {
            events.push(event);
            continue;
        };
        if in_code_or_link > 0 {
            events.push(event);
            continue;
        }
        for (mention, part) in split_mentions(text) {
            match people.get(&part.to_lowercase()) {
                Some(person) if mention => events.push(Event::InlineHtml(CowStr::from(format!(
                    r#"<a class="mention" href="/people/{}">@{}</a>"#,
                    person.id,
                    escape(&person.name)
                )))),
                _ if mention => events.push(Event::Text(CowStr::from(format!("@{part}")))),
                _ => events.push(Event::Text(CowStr::from(part.to_string()))),
            }
        }
    }
    let mut unsafe_html = String::new();
    html::push_html(&mut unsafe_html, events.into_iter());
    sanitize(&unsafe_html)
}

/// Whether a URL is a path on this site, not another site's address.
fn is_local(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\")
}

/// An image from another site would tell that site who read the post, and when: it becomes a
/// link to the image, its description the link's text. Images served here stay images. `images`
/// remembers, for each image open, whether it became a link.
fn keep_images_here<'a>(event: Event<'a>, images: &mut Vec<bool>) -> Event<'a> {
    match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let remote = !is_local(&dest_url);
            images.push(remote);
            if remote {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            } else {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
        }
        Event::End(TagEnd::Image) if images.pop() == Some(true) => Event::End(TagEnd::Link),
        other => other,
    }
}

/// Removes everything that could run or restyle the page; links open safely.
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .add_allowed_classes("a", &["mention"])
        .add_tags(&["input"])
        .add_tag_attributes("input", &["type", "checked", "disabled"])
        // Task lists are the only inputs Markdown makes.
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("input", "type") if value != "checkbox" => None,
            ("img", "src") if !is_local(value) => None,
            _ => Some(value.into()),
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> HashMap<String, Mentioned> {
        HashMap::from([(
            "maya.lopez".to_string(),
            Mentioned {
                id: 7,
                name: "Maya <López>".into(),
            },
        )])
    }

    #[test]
    fn mentions_of_known_people_link_to_their_profile() {
        let html = render("Thanks @Maya.Lopez.", &people());
        assert!(
            html.contains(r#"<a class="mention" href="/people/7" rel="noopener noreferrer nofollow">@Maya &lt;López&gt;</a>."#),
            "{html}"
        );
    }

    #[test]
    fn emails_unknown_handles_and_code_are_not_mentions() {
        let html = render(
            "mail maya.lopez@example.com or @nobody\n\n    @maya.lopez",
            &people(),
        );
        assert!(!html.contains("mention"), "{html}");
        assert!(html.contains("@nobody"));
        assert_eq!(
            mention_handles("hi @Maya.Lopez and `code` @x, a@b.c"),
            ["maya.lopez", "x"]
        );
    }

    #[test]
    fn images_from_elsewhere_become_links_and_images_from_here_stay() {
        let html = render(
            "![a chart](https://tracker.example/pixel.png) ![ours](/media/library/3) ![x](//evil.example/p.png)",
            &HashMap::new(),
        );
        assert!(
            html.contains(r#"<a href="https://tracker.example/pixel.png" rel="noopener noreferrer nofollow">a chart</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<img src="/media/library/3" alt="ours">"#),
            "{html}"
        );
        assert!(!html.contains("<img src=\"https:"), "{html}");
        assert!(!html.contains("<img src=\"//"), "{html}");
        assert_eq!(
            sanitize(r#"<img src="https://tracker.example/p.png">"#),
            "<img>"
        );
    }

    #[test]
    fn markdown_renders_to_the_usual_tags() {
        let html = render(
            "# Title\n\n**bold** and [a link](https://example.com)\n\n- [x] done",
            &people(),
        );
        assert!(html.contains("<h1>Title</h1>"));
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains(r#"href="https://example.com""#));
        assert!(html.contains("checked"));
    }

    #[test]
    fn typed_html_is_shown_as_text_and_cannot_pass_for_a_mention() {
        let html = render(
            r#"<a class="mention" href="/people/1">@Admin</a> <input type="password">"#,
            &people(),
        );
        assert!(!html.contains("<a"), "{html}");
        assert!(!html.contains("<input"), "{html}");
        assert!(html.contains("&lt;a class="), "{html}");
    }

    /// The tags of an HTML fragment, without the text between them.
    fn tags(html: &str) -> String {
        html.split('<')
            .skip(1)
            .filter_map(|rest| rest.split_once('>').map(|(tag, _)| format!("<{tag}>")))
            .collect()
    }

    /// Markup that has run scripts or escaped its box somewhere, one per line; none of it may
    /// survive. The integration tests send the same lines through the server and its pages.
    const CORPUS: &str = include_str!("xss_corpus.txt");

    #[test]
    fn no_executable_markup_survives_the_pipeline() {
        for input in CORPUS.lines() {
            // Only markup can run: what is shown as text (escaped) may say anything.
            let html = tags(&render(input, &people()).to_lowercase());
            for needle in [
                "<script",
                "onerror",
                "onload",
                "onclick",
                "onfocus",
                "ontoggle",
                "javascript:",
                "<svg",
                "<math",
                "<iframe",
                "<object",
                "<embed",
                "<style",
                "style=",
                "<form",
                "data:text",
                "<meta",
                "<base",
                "<link",
                "</textarea",
                "</script",
            ] {
                assert!(
                    !html.contains(needle),
                    "{input:?} left {needle:?} in {html:?}"
                );
            }
        }
    }
}
