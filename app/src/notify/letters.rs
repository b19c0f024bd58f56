//! Every word Wellspring sends by email, in one place (English for now): each letter has a subject,
//! a plain-text body and an HTML body saying the same.

/// One email's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Text made safe to place in HTML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The HTML around every letter: a plain card that reads well in any mail client.
fn page(body: &str, footer: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head><body style="margin:0;background:#f6f7fb;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1c2233"><div style="max-width:560px;margin:0 auto;padding:24px"><p style="font-weight:700;font-size:18px;margin:0 0 16px"><span style="color:#0f9d8a">&#9670;</span> Wellspring</p><div style="background:#fff;border:1px solid #dfe3ee;border-radius:10px;padding:24px;line-height:1.5">{body}</div><p style="color:#5b6478;font-size:13px;line-height:1.5;margin:16px 0 0">{footer}</p></div></body></html>"#
    )
}

fn button(link: &str, words: &str) -> String {
    format!(
        r#"<p style="margin:24px 0 0"><a href="{}" style="display:inline-block;background:#3b4fd8;color:#fff;text-decoration:none;font-weight:600;padding:10px 18px;border-radius:6px">{}</a></p>"#,
        escape(link),
        escape(words)
    )
}

/// An invitation to join, with the link that sets a password.
pub fn invitation(name: &str, inviter: &str, link: &str) -> Letter {
    let first = name.split_whitespace().next().unwrap_or(name);
    let subject = format!("{inviter} invited you to Wellspring");
    let text = format!(
        "Hi {first},\n\n{inviter} invited you to Wellspring, where your company learns together: \
         your onboarding path, the knowledge library, courses and your colleagues' questions and \
         answers.\n\nChoose a password to join (the link works once, for 14 days):\n{link}\n\n\
         If you weren't expecting this, you can ignore this email.\n"
    );
    let body = format!(
        "<p style=\"margin:0 0 12px\">Hi {},</p><p style=\"margin:0\">{} invited you to Wellspring, \
         where your company learns together: your onboarding path, the knowledge library, courses \
         and your colleagues' questions and answers.</p>{}<p style=\"margin:16px 0 0;color:#5b6478;\
         font-size:13px\">The link works once, for 14 days: {}</p>",
        escape(first),
        escape(inviter),
        button(link, "Join Wellspring"),
        escape(link)
    );
    Letter {
        subject,
        text,
        html: page(
            &body,
            "If you weren't expecting this, you can ignore this email.",
        ),
    }
}

/// A notification sent at once, with a way to it, the reader's email settings and a one-click way
/// to stop this kind of email.
pub fn notice(
    words: &str,
    detail: Option<&str>,
    link: Option<&str>,
    settings: &str,
    unsubscribe: &str,
) -> Letter {
    let mut text = format!("{words}\n");
    let mut body = format!(
        "<p style=\"margin:0;font-weight:600\">{}</p>",
        escape(words)
    );
    if let Some(detail) = detail {
        text.push_str(&format!("\n“{detail}”\n"));
        body.push_str(&format!(
            "<p style=\"margin:12px 0 0;color:#5b6478\">“{}”</p>",
            escape(detail)
        ));
    }
    if let Some(link) = link {
        text.push_str(&format!("\nOpen it in Wellspring: {link}\n"));
        body.push_str(&button(link, "Open in Wellspring"));
    }
    text.push_str(&format!(
        "\n--\nChoose which emails you get: {settings}\nStop emails like this one: {unsubscribe}\n"
    ));
    let footer = format!(
        "You get this because of your <a href=\"{}\" style=\"color:#5b6478\">email settings</a>. \
         <a href=\"{}\" style=\"color:#5b6478\">Stop emails like this one</a>.",
        escape(settings),
        escape(unsubscribe)
    );
    Letter {
        subject: words.to_string(),
        text,
        html: page(&body, &footer),
    }
}

/// An onboarding campaign's email: what L&D wrote (Markdown rendered and sanitised, placeholders
/// filled), a tracked link into Wellspring, and the ways to choose or stop such email.
pub fn campaign(
    subject: &str,
    body_html: &str,
    body_text: &str,
    link: &str,
    settings: &str,
    unsubscribe: &str,
) -> Letter {
    let text = format!(
        "{body_text}\n\nOpen Wellspring: {link}\n\n--\nChoose which emails you get: {settings}\n\
         Stop onboarding emails: {unsubscribe}\n"
    );
    let body = format!("{body_html}{}", button(link, "Open Wellspring"));
    let footer = format!(
        "Your learning team sends these as you settle in. <a href=\"{}\" style=\"color:#5b6478\">Email \
         settings</a>. <a href=\"{}\" style=\"color:#5b6478\">Stop onboarding emails</a>.",
        escape(settings),
        escape(unsubscribe)
    );
    Letter {
        subject: subject.to_string(),
        text,
        html: page(&body, &footer),
    }
}

/// One line of a digest: what happened or who wrote what, a quote, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    pub words: String,
    pub detail: Option<String>,
    pub link: String,
}

/// A daily or weekly digest: notifications gathered for it, then what the reader missed, most
/// engaged first.
pub fn digest(
    period: &str,
    notices: &[DigestLine],
    missed: &[DigestLine],
    settings: &str,
    unsubscribe: &str,
) -> Letter {
    let mut text = String::new();
    let mut body = String::new();
    for (title, lines) in [("For you", notices), ("What you missed", missed)] {
        if lines.is_empty() {
            continue;
        }
        text.push_str(&format!("{title}\n\n"));
        body.push_str(&format!(
            "<h2 style=\"font-size:16px;margin:0 0 8px\">{}</h2><ul style=\"padding-left:18px;margin:0 0 20px\">",
            escape(title)
        ));
        for line in lines {
            text.push_str(&format!("- {}\n", line.words));
            body.push_str(&format!(
                "<li style=\"margin:0 0 10px\"><a href=\"{}\" style=\"color:#3b4fd8;font-weight:600\">{}</a>",
                escape(&line.link),
                escape(&line.words)
            ));
            if let Some(detail) = &line.detail {
                text.push_str(&format!("  “{detail}”\n"));
                body.push_str(&format!(
                    "<br><span style=\"color:#5b6478\">“{}”</span>",
                    escape(detail)
                ));
            }
            text.push_str(&format!("  {}\n", line.link));
            body.push_str("</li>");
        }
        text.push('\n');
        body.push_str("</ul>");
    }
    text.push_str(&format!(
        "--\nChoose which emails you get: {settings}\nStop this digest: {unsubscribe}\n"
    ));
    let footer = format!(
        "Your {period} digest from Wellspring. <a href=\"{}\" style=\"color:#5b6478\">Email settings</a>. \
         <a href=\"{}\" style=\"color:#5b6478\">Stop this digest</a>.",
        escape(settings),
        escape(unsubscribe)
    );
    let count = notices.len() + missed.len();
    Letter {
        subject: format!(
            "Your {period} Wellspring digest: {count} {}",
            if count == 1 { "thing" } else { "things" }
        ),
        text,
        html: page(&body, &footer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_names_the_inviter_and_carries_the_link_in_both_parts() {
        let letter = invitation(
            "Noor Haddad",
            "Amara Okafor",
            "https://w.example/invite/abc",
        );
        assert_eq!(letter.subject, "Amara Okafor invited you to Wellspring");
        assert!(letter.text.starts_with("Hi Noor,"));
        assert!(letter.text.contains("https://w.example/invite/abc"));
        assert!(
            letter
                .html
                .contains(r#"href="https://w.example/invite/abc""#)
        );
    }

    #[test]
    fn what_people_wrote_is_escaped_in_the_html_part() {
        let letter = notice(
            "Eve mentioned you in “<script>x</script>”",
            Some("<img src=x onerror=alert(1)>"),
            Some("https://w.example/posts/1"),
            "https://w.example/settings/notifications",
            "https://w.example/unsubscribe?token=t",
        );
        assert!(!letter.html.contains("<script>"));
        assert!(!letter.html.contains("<img"));
        assert!(letter.html.contains("&lt;script&gt;"));
        assert!(
            letter
                .text
                .contains("Stop emails like this one: https://w.example/unsubscribe?token=t")
        );
    }
}
