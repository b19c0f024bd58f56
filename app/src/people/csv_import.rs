//! Reading a CSV file of people to invite. Rows with bad data are reported by line and column; the good
//! rows go on to be imported.

use super::{types::RowProblem, validate};
use crate::error::AppError;
use chrono::NaiveDate;

/// The largest file accepted, in bytes.
pub const MAX_BYTES: usize = 1024 * 1024;
/// The most rows accepted in one file.
pub const MAX_ROWS: usize = 5000;

const COLUMNS: [&str; 7] = [
    "email",
    "name",
    "title",
    "department",
    "location",
    "start_date",
    "manager_email",
];

/// One good row, ready to invite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub line: i64,
    pub email: String,
    pub name: String,
    pub title: String,
    pub department: String,
    pub location: String,
    pub start_date: Option<NaiveDate>,
    pub manager_email: Option<String>,
}

/// The rows of a file: the good ones, and what is wrong with the others.
#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<PersonRow>,
    pub problems: Vec<RowProblem>,
}

fn problem(line: i64, column: &str, message: impl Into<String>) -> RowProblem {
    RowProblem {
        line,
        column: column.to_string(),
        message: message.into(),
    }
}

/// Reads the file. A file that can't be read as a whole (too big, no header, unknown columns) is an
/// error; a bad row only becomes a problem in the result.
pub fn parse(text: &str) -> Result<Parsed, AppError> {
    if text.len() > MAX_BYTES {
        return Err(AppError::invalid(
            "That file is larger than 1 MB. Split it into smaller files.",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|_| AppError::invalid("The first line must be a header of column names."))?
        .iter()
        .map(|h| h.to_lowercase().replace(' ', "_"))
        .collect();
    if let Some(unknown) = header.iter().find(|h| !COLUMNS.contains(&h.as_str())) {
        return Err(AppError::invalid(format!(
            "Unknown column “{unknown}”. Columns are: {}.",
            COLUMNS.join(", ")
        )));
    }
    for required in ["email", "name"] {
        if !header.iter().any(|h| h == required) {
            return Err(AppError::invalid(format!(
                "The header needs an “{required}” column."
            )));
        }
    }
    let position = |column: &str| header.iter().position(|h| h == column);
    let positions: Vec<Option<usize>> = COLUMNS.iter().map(|c| position(c)).collect();

    let mut parsed = Parsed::default();
    let mut seen: Vec<(String, i64)> = Vec::new();
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_ROWS {
            return Err(AppError::invalid(format!(
                "That file has more than {MAX_ROWS} people. Split it into smaller files."
            )));
        }
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(index as i64 + 2, |p| p.line() as i64);
        let record = match record {
            Ok(record) => record,
            Err(_) => {
                parsed
                    .problems
                    .push(problem(line, "row", "This line is not valid CSV."));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |column: usize| {
            positions[column]
                .and_then(|p| record.get(p))
                .unwrap_or_default()
        };
        match read_row(line, &field) {
            Ok(row) => {
                if let Some((_, first)) = seen.iter().find(|(email, _)| *email == row.email) {
                    parsed.problems.push(problem(
                        line,
                        "email",
                        format!("{} is already on line {first}.", row.email),
                    ));
                } else {
                    seen.push((row.email.clone(), line));
                    parsed.rows.push(row);
                }
            }
            Err(row_problem) => parsed.problems.push(row_problem),
        }
    }
    Ok(parsed)
}

fn read_row<'a>(line: i64, field: &impl Fn(usize) -> &'a str) -> Result<PersonRow, RowProblem> {
    let at = |column: &'static str| move |error: AppError| problem(line, column, error.to_string());
    let manager = field(6);
    Ok(PersonRow {
        line,
        email: validate::email(field(0)).map_err(at("email"))?,
        name: validate::name(field(1)).map_err(at("name"))?,
        title: validate::line("Title", field(2), validate::TEXT_MAX).map_err(at("title"))?,
        department: validate::line("Department", field(3), validate::TEXT_MAX)
            .map_err(at("department"))?,
        location: validate::line("Location", field(4), validate::TEXT_MAX)
            .map_err(at("location"))?,
        start_date: validate::date("Start date", field(5)).map_err(at("start_date"))?,
        manager_email: if manager.is_empty() {
            None
        } else {
            Some(validate::email(manager).map_err(at("manager_email"))?)
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_rows_are_read_and_bad_ones_reported_by_line_and_column() {
        let parsed = parse(
            "Email,Name,Title,Department,Location,Start Date,Manager Email\n\
             ada@example.com,Ada Lovelace,Engineer,Engineering,London,2026-03-01,\n\
             not-an-email,Bad Email,,,,,\n\
             grace@example.com,Grace Hopper,,,,2026-13-01,\n\
             linus@example.com,Linus,,,,,ada@example.com\n\
             ADA@example.com,Ada Again,,,,,\n",
        )
        .unwrap();
        let emails: Vec<_> = parsed.rows.iter().map(|r| r.email.as_str()).collect();
        assert_eq!(emails, ["ada@example.com", "linus@example.com"]);
        assert_eq!(
            parsed.rows[1].manager_email.as_deref(),
            Some("ada@example.com")
        );
        assert_eq!(parsed.rows[1].line, 5);
        let where_: Vec<_> = parsed
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_str()))
            .collect();
        assert_eq!(where_, [(3, "email"), (4, "start_date"), (6, "email")]);
        assert!(parsed.problems[2].message.contains("line 2"));
    }

    #[test]
    fn columns_may_come_in_any_order_and_only_email_and_name_are_required() {
        let parsed = parse("name,email\nAda,ada@example.com\n").unwrap();
        assert_eq!(parsed.rows[0].name, "Ada");
        assert_eq!(parsed.rows[0].title, "");
        assert!(parse("name,title\nAda,Engineer\n").is_err());
    }

    #[test]
    fn unknown_columns_are_refused_before_any_row_is_read() {
        let error = parse("email,name,salary\n").unwrap_err().to_string();
        assert!(error.contains("salary"), "{error}");
    }

    #[test]
    fn blank_lines_and_a_byte_order_mark_are_ignored() {
        let parsed = parse("\u{feff}email,name\n\n,\nada@example.com,Ada\n").unwrap();
        assert_eq!(parsed.rows.len(), 1);
        assert!(parsed.problems.is_empty());
    }

    #[test]
    fn oversized_files_are_refused() {
        let text = format!("email,name\n{}", "x".repeat(MAX_BYTES));
        assert!(parse(&text).is_err());
    }
}
