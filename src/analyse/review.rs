//! Review dates: a health guide says when each page was last reviewed, by whom, and when
//! it will be again (front matter read by dates.rs), and `praxis check` lists the pages to
//! review again, oldest first; overdue pages are warnings, or errors with
//! `review.overdue: error`.

use crate::base::diagnostic::Diagnostic;
use crate::base::messages::Lang;
use crate::msg;
use crate::source::config::{Config, Overdue};
use crate::source::content::Page;
use crate::source::dates::{Review, french_date, french_month};
use serde::Serialize;
use time::Date;

/// When a page is to be reviewed again: its `next_review`, or its last review plus
/// `review.every`.
pub fn due(review: &Review, config: &Config) -> Option<Date> {
    review
        .next
        .or_else(|| Some(config.review_every?.after(review.reviewed?)))
}

/// What a page shows of its review (`None` when it was never reviewed).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ReviewView<'a> {
    /// `12 mars 2026`.
    pub reviewed: String,
    /// `2026-03-12`, for `<time datetime>`.
    pub reviewed_iso: String,
    pub by: Option<&'a str>,
    /// `mars 2029`.
    pub next: Option<String>,
    pub next_iso: Option<String>,
}

pub fn view<'a>(review: &'a Review, config: &Config) -> Option<ReviewView<'a>> {
    let reviewed = review.reviewed?;
    let next = due(review, config);
    Some(ReviewView {
        reviewed: french_date(reviewed),
        reviewed_iso: reviewed.to_string(),
        by: review.by.as_deref(),
        next: next.map(french_month),
        next_iso: next.map(|d| d.to_string()),
    })
}

/// A page to review: never reviewed (`due` is `None`), or due before today.
#[derive(Debug, Clone)]
pub struct ToReview<'a> {
    pub page: &'a Page,
    pub due: Option<Date>,
}

/// The pages to review on `today`, oldest first: those never reviewed, then the overdue
/// ones by the date they were due.
pub fn to_review<'a>(pages: &'a [Page], config: &Config, today: Date) -> Vec<ToReview<'a>> {
    let mut list: Vec<ToReview> = pages
        .iter()
        .filter_map(|page| match page.meta.review.reviewed {
            None => Some(ToReview { page, due: None }),
            Some(_) => {
                let due = due(&page.meta.review, config)?;
                (due < today).then_some(ToReview {
                    page,
                    due: Some(due),
                })
            }
        })
        .collect();
    list.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then_with(|| a.page.source.cmp(&b.page.source))
    });
    list
}

/// The overdue pages as warnings, or errors with `review.overdue: error`.
pub fn overdue(pages: &[Page], config: &Config, today: Date) -> Vec<Diagnostic> {
    to_review(pages, config, today)
        .into_iter()
        .filter_map(|item| {
            let due = item.due?;
            let page = item.page;
            let message = msg!(
                "review-overdue",
                date = french_date(due),
                iso = due.to_string()
            );
            let d = match config.review_overdue {
                Overdue::Warn => Diagnostic::warning(&page.source, message),
                Overdue::Error => Diagnostic::error(&page.source, message),
            };
            Some(
                d.at_line(&page.text, page.meta.review.line, 1)
                    .with_help(msg!("review-overdue-help")),
            )
        })
        .collect()
}

/// The list `praxis check` prints, in the guide's language: one line per page, oldest first.
pub fn report(list: &[ToReview], today: Date, lang: Lang) -> String {
    let date = |d: Date| match lang {
        Lang::Fr => french_date(d),
        Lang::En => d.to_string(),
    };
    if list.is_empty() {
        return format!(
            "{}\n",
            msg!("review-list-none", date = date(today)).text(lang)
        );
    }
    let never = list.iter().filter(|i| i.due.is_none()).count();
    let late = list.len() - never;
    let head = msg!(
        "review-list",
        date = date(today),
        late = late,
        never = never
    );
    let mut out = format!("{}\n", head.text(lang));
    for item in list {
        let page = item.page;
        let state = match item.due {
            None => msg!("review-never"),
            Some(due) => msg!("review-due", date = due.to_string()),
        };
        let last = match (&page.meta.review.reviewed, &page.meta.review.by) {
            (Some(r), Some(by)) => Some(msg!(
                "review-last-by",
                date = r.to_string(),
                by = by.as_str()
            )),
            (Some(r), None) => Some(msg!("review-last", date = r.to_string())),
            _ => None,
        };
        let last = last.map_or(String::new(), |m| format!(" {}", m.text(lang)));
        out.push_str(&format!(
            "  {:<17} {}  {}{}\n",
            state.text(lang),
            crate::base::diagnostic::display_path(&page.source),
            page.meta.title,
            last
        ));
    }
    out
}
