//! Dates as a health guide writes them: read strictly (`2026-03-12`), written in French
//! (`12 mars 2026`, `mars 2029`), and the review fields of a page's front matter
//! (`reviewed`, `reviewed_by`, `next_review`) with the period `review.every` of
//! praxis.yaml. Below config.rs and content.rs, which read them; review.rs uses them.

use crate::base::diagnostic::Diagnostic;
use crate::msg;
use crate::source::yaml::Fields;
use time::{Date, Month};

/// What a page's front matter says of its review.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    pub reviewed: Option<Date>,
    pub by: Option<String>,
    /// As written; without it, `reviewed` plus `review.every`.
    pub next: Option<Date>,
    /// The line of `next_review`, or else of `reviewed` (where an overdue page is shown).
    pub line: usize,
}

/// A period such as `3y` or `18m`, in months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period(pub u32);

impl Period {
    /// `3y` (years) or `18m` (months); `None` for anything else.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
        let n: u32 = number.parse().ok().filter(|n| *n > 0 && *n <= 1200)?;
        match unit.trim() {
            "y" | "an" | "ans" => Some(Period(n * 12)),
            "m" | "mois" => Some(Period(n)),
            _ => None,
        }
    }

    /// `date` plus this period; the 31st of a shorter month is its last day.
    pub fn after(self, date: Date) -> Date {
        let months = date.month() as u32 - 1 + self.0;
        let year = date.year() + (months / 12) as i32;
        let month = Month::try_from((months % 12 + 1) as u8).unwrap_or(Month::January);
        let day = date.day().min(month.length(year));
        Date::from_calendar_date(year, month, day).unwrap_or(date)
    }
}

/// `2026-03-12` (and only that form: the one authors' tools write).
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `12 mars 2026`, `1er mai 2026`.
pub fn french_date(date: Date) -> String {
    let day = match date.day() {
        1 => "1er".to_owned(),
        d => d.to_string(),
    };
    format!("{day} {}", french_month(date))
}

/// `mars 2029`.
pub fn french_month(date: Date) -> String {
    format!("{} {}", MONTHS[date.month() as usize - 1], date.year())
}

/// Today's date (UTC), for a build: a review is due by the day, not the hour.
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}

/// Reads `reviewed`, `reviewed_by` and `next_review` of a page's front matter.
pub fn read(f: &Fields, problems: &mut Vec<Diagnostic>) -> Review {
    let mut date = |key: &str| match f.string(key) {
        Ok(Some(text)) => match parse_date(&text) {
            Some(d) => Some(d),
            None => {
                problems.push(
                    f.error_at(key, msg!("date-invalid", field = key, value = text))
                        .with_help(msg!("date-invalid-help", field = key)),
                );
                None
            }
        },
        Ok(None) => None,
        Err(d) => {
            problems.push(d);
            None
        }
    };
    let reviewed = date("reviewed");
    let next = date("next_review");
    let by = match f.string("reviewed_by") {
        Ok(by) => by.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
        Err(d) => {
            problems.push(d);
            None
        }
    };
    if let (Some(r), Some(n)) = (reviewed, next)
        && n < r
    {
        problems.push(
            f.error_at("next_review", msg!("next-review-before"))
                .with_help(msg!("next-review-before-help")),
        );
    }
    let line = if f.get("next_review").is_some() {
        f.line_of("next_review")
    } else {
        f.line_of("reviewed")
    };
    Review {
        reviewed,
        by,
        next,
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_are_read_strictly_and_written_in_french() {
        assert_eq!(parse_date("2026-03-12"), Some(date!(2026 - 03 - 12)));
        for bad in ["2026-02-30", "12/03/2026", "2026-3-12", "2026-13-01", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(french_date(date!(2026 - 03 - 12)), "12 mars 2026");
        assert_eq!(french_date(date!(2026 - 05 - 01)), "1er mai 2026");
        assert_eq!(french_month(date!(2029 - 08 - 01)), "août 2029");
    }

    #[test]
    fn a_period_is_added_in_months() {
        assert_eq!(Period::parse("3y"), Some(Period(36)));
        assert_eq!(Period::parse("18m"), Some(Period(18)));
        assert_eq!(Period::parse("3"), None);
        assert_eq!(Period::parse("0y"), None);
        assert_eq!(
            Period(36).after(date!(2026 - 03 - 12)),
            date!(2029 - 03 - 12)
        );
        assert_eq!(
            Period(1).after(date!(2026 - 01 - 31)),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            Period(12).after(date!(2024 - 02 - 29)),
            date!(2025 - 02 - 28)
        );
    }
}
