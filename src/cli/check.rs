//! `praxis check`: everything a build checks, plus the link graph's warnings (orphans,
//! unused terms…), the pages to review and, in a local Chromium, the role sheets longer
//! than a page; writes nothing. It lives here, not in the build, as it starts the printer.

use super::show;
use crate::analyse::{resolve, review};
use crate::base::diagnostic::{self, Diagnostic};
use crate::base::error::Error;
use crate::base::messages::{Lang, Message};
use crate::base::sink::{Discard, Sink, Site};
use crate::base::sync;
use crate::msg;
use crate::pipeline::{self, Options};
use crate::print::RoleSheet;
use crate::source::config::{self, Loaded};
use crate::source::content::{self, Content, Kind};
use crate::source::dates;
use std::path::Path;
use std::sync::Mutex;

/// Checks the guide at `root`, its praxis.yaml being `settings`; `today` (YYYY-MM-DD)
/// stands for the day overdue reviews are counted from.
pub(super) fn run(
    root: &Path,
    today: Option<&str>,
    settings: Loaded,
    lang: Lang,
) -> Result<(), Error> {
    let today = match today.map(|t| (t, dates::parse_date(t))) {
        None => None,
        Some((_, Some(date))) => Some(date),
        Some((t, None)) => {
            return Err(Error::Usage(msg!("today-invalid", value = t)));
        }
    };
    let options = Options {
        today,
        ..Options::default()
    };
    let (problems, to_review, note) = check(root, &options, settings);
    show(&problems, lang);
    if let Some(note) = note {
        eprintln!("{}\n", msg!("terminal-note", note = note).text(lang));
    }
    print!("{to_review}");
    let checked = msg!("checked", summary = diagnostic::summary(&problems));
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(checked));
    }
    eprintln!("{}", checked.text(lang));
    Ok(())
}

/// Every problem, sorted; the list of the pages to review (see [`review::report`]); and a
/// note when the sheets could not be measured (see [`crate::print::long_sheets`]).
fn check(
    root: &Path,
    options: &Options,
    settings: Loaded,
) -> (Vec<Diagnostic>, String, Option<Message>) {
    let loaded = (settings.config, settings.problems);
    let (model, problems) = pipeline::analyse_loaded(root, options, loaded);
    let mut lints = resolve::lint(&model.content, &model.graph);
    lints.extend(content::placeholders(&model.content));
    lints.extend(content::file_names(&model.content));
    let text = settings.text.as_deref().unwrap_or_default();
    lints.extend(config::placeholder_base_url(&model.config, text));
    let today = options.today.unwrap_or_else(dates::today);
    let to_review = review::report(
        &review::to_review(&model.content.pages, &model.config, today),
        today,
        Lang::of(&model.config.language),
    );
    let roles = role_sheets(&model.content);
    // Rendered to find template errors, and kept only to print the sheets.
    let site = Mutex::new(Site::default());
    let sink: &dyn Sink = if roles.is_empty() { &Discard } else { &site };
    let mut problems = match pipeline::render_model(root, model, problems, sink, None) {
        Ok((report, _)) => report.warnings,
        Err(problems) => problems,
    };
    let mut note = None;
    if !problems.iter().any(Diagnostic::is_error) {
        match crate::print::long_sheets(&sync::into_inner(site), &roles) {
            Ok(long) => problems.extend(long),
            Err(not_measured) => note = Some(not_measured),
        }
    }
    problems.extend(lints);
    diagnostic::sort(&mut problems);
    (problems, to_review, note)
}

/// The roles' sheets, as the printer measures them.
fn role_sheets(content: &Content) -> Vec<RoleSheet> {
    (content.pages.iter())
        .filter(|p| p.meta.kind == Kind::Role)
        .map(|p| RoleSheet {
            anchor: crate::outputs::sheets::anchor(&p.stem),
            stem: p.stem.clone(),
            source: p.source.clone(),
            title: p.meta.title.clone(),
            words: p.body().split_whitespace().count(),
        })
        .collect()
}
