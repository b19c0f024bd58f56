//! Checks on what people type. Each returns the cleaned value or a message that names the field.

use crate::error::AppError;
use chrono::NaiveDate;

pub const NAME_MAX: usize = 120;
pub const TEXT_MAX: usize = 120;
pub const BIO_MAX: usize = 2000;
pub const TAG_MAX: usize = 40;
pub const TAGS_MAX: usize = 20;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;

fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

/// A trimmed email address, lower-cased so that lookups are exact.
pub fn email(raw: &str) -> Result<String, AppError> {
    let email = raw.trim().to_lowercase();
    let well_formed = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if well_formed {
        Ok(email)
    } else if email.is_empty() {
        Err(AppError::invalid("Email is required."))
    } else {
        Err(AppError::invalid(format!(
            "“{}” is not an email address.",
            raw.trim()
        )))
    }
}

/// A person's name: required, one line.
pub fn name(raw: &str) -> Result<String, AppError> {
    let name = line("Name", raw, NAME_MAX)?;
    if name.is_empty() {
        return Err(AppError::invalid("Name is required."));
    }
    Ok(name)
}

/// An optional one-line field such as a title or a department.
pub fn line(label: &str, raw: &str, max: usize) -> Result<String, AppError> {
    printable(
        label,
        raw.split_whitespace().collect::<Vec<_>>().join(" "),
        max,
    )
}

/// Free text of several lines, such as a bio.
pub fn paragraph(label: &str, raw: &str, max: usize) -> Result<String, AppError> {
    printable(label, raw.trim().replace("\r\n", "\n"), max)
}

fn printable(label: &str, text: String, max: usize) -> Result<String, AppError> {
    if has_control(&text) {
        return Err(AppError::invalid(format!(
            "{label} contains characters that can't be shown."
        )));
    }
    if text.chars().count() > max {
        return Err(AppError::invalid(format!(
            "{label} is too long: at most {max} characters."
        )));
    }
    Ok(text)
}

/// An optional calendar date written `YYYY-MM-DD`.
pub fn date(label: &str, raw: &str) -> Result<Option<NaiveDate>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .filter(|date| (1900..=2200).contains(&chrono::Datelike::year(date)))
        .map(Some)
        .ok_or_else(|| {
            AppError::invalid(format!(
                "{label} must be a date written as YYYY-MM-DD, such as 2026-03-01."
            ))
        })
}

/// A full web address, starting with `https://` or `http://`.
pub fn web_address(label: &str, raw: &str) -> Result<String, AppError> {
    let url = raw.trim();
    let web = url.starts_with("https://") || url.starts_with("http://");
    if !web || url.len() > 2_000 || url.chars().any(char::is_whitespace) {
        return Err(AppError::invalid(format!(
            "{label}: paste the full web address, starting with https://."
        )));
    }
    Ok(url.to_string())
}

/// Comma-separated tags: trimmed, lower-cased, without repeats, in the order given.
pub fn tags(label: &str, raw: &str) -> Result<Vec<String>, AppError> {
    let mut tags: Vec<String> = Vec::new();
    let too_long = || {
        AppError::invalid(format!(
            "{label}: each one is at most {TAG_MAX} characters of plain text."
        ))
    };
    for part in raw.split(',') {
        // Lower case can be longer than the words typed ("İ" is two characters in it).
        let tag = line(label, part, TAG_MAX)
            .map_err(|_| too_long())?
            .to_lowercase();
        if tag.chars().count() > TAG_MAX {
            return Err(too_long());
        }
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > TAGS_MAX {
        return Err(AppError::invalid(format!(
            "{label}: at most {TAGS_MAX}, please."
        )));
    }
    Ok(tags)
}

/// One tag, trimmed and lower-cased, or none when left empty.
pub fn tag(label: &str, raw: &str) -> Result<Option<String>, AppError> {
    let mut found = tags(label, raw)?;
    if found.len() > 1 {
        return Err(AppError::invalid(format!("{label}: one tag, please.")));
    }
    Ok(found.pop())
}

/// A new password, with its confirmation.
pub fn new_password(password: &str, confirmation: &str) -> Result<(), AppError> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(AppError::invalid(format!(
            "Choose a password of at least {PASSWORD_MIN} characters."
        )));
    }
    if length > PASSWORD_MAX {
        return Err(AppError::invalid(format!(
            "Passwords can be at most {PASSWORD_MAX} characters."
        )));
    }
    if password != confirmation {
        return Err(AppError::invalid("The two passwords don't match."));
    }
    Ok(())
}

/// Where to go after signing in: a path on this site, never another site.
pub fn local_path(raw: Option<&str>) -> String {
    match raw {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(email("  Ada@Example.COM ").unwrap(), "ada@example.com");
    }

    #[test]
    fn malformed_emails_are_refused_with_the_value_quoted() {
        for bad in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "a@b@c.com",
            "ada@.com",
        ] {
            let error = email(bad).unwrap_err();
            assert!(error.to_string().contains("not an email"), "{bad}: {error}");
        }
        assert_eq!(email("  ").unwrap_err().to_string(), "Email is required.");
    }

    #[test]
    fn names_are_required_and_bounded() {
        assert_eq!(name("  Ada   Lovelace ").unwrap(), "Ada Lovelace");
        assert!(name("").is_err());
        assert!(name(&"x".repeat(NAME_MAX + 1)).is_err());
        assert!(name("Ada\u{7}").is_err());
    }

    #[test]
    fn dates_must_be_iso_calendar_dates() {
        assert_eq!(date("Start date", "").unwrap(), None);
        assert_eq!(
            date("Start date", "2026-03-01").unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 1)
        );
        for bad in ["2026-02-30", "03/01/2026", "tomorrow", "0001-01-01"] {
            let error = date("Start date", bad).unwrap_err().to_string();
            assert!(error.starts_with("Start date must be"), "{bad}: {error}");
        }
    }

    #[test]
    fn tags_are_normalised_and_deduplicated() {
        assert_eq!(
            tags("Skills", " Rust, public   speaking,rust,, SQL ").unwrap(),
            vec!["rust", "public speaking", "sql"]
        );
        assert!(tags("Skills", &"x".repeat(TAG_MAX + 1)).is_err());
        let many = (0..=TAGS_MAX)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(tags("Skills", &many).is_err());
    }

    #[test]
    fn passwords_need_length_and_a_matching_confirmation() {
        assert!(new_password("short", "short").is_err());
        assert!(new_password("long enough!", "long enough?").is_err());
        assert!(new_password("long enough!", "long enough!").is_ok());
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(local_path(Some("/people?q=ada")), "/people?q=ada");
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "people",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(local_path(None), "/");
    }
}
