//! `praxis epub`: the guide as an e-book, written by outputs/epub.rs from the analysed
//! guide; here because a command may start from the build, which an output may not.

use super::show;
use crate::base::diagnostic::{self, Diagnostic};
use crate::base::error::Error;
use crate::base::messages::{Lang, of_error};
use crate::msg;
use crate::pipeline::{self, Options};
use crate::render::Shared;
use crate::render::theme;
use crate::source::config::Loaded;
use std::path::Path;

/// Writes the guide at `root` (its praxis.yaml being `settings`) as an EPUB to `out`.
pub(super) fn run(
    root: &Path,
    out: &Path,
    drafts: bool,
    settings: Loaded,
    lang: Lang,
) -> Result<(), Error> {
    let options = Options {
        drafts,
        ..Options::default()
    };
    let warnings = write(root, &options, settings, out).map_err(|problems| {
        show(&problems, lang);
        Error::Content(msg!(
            "epub-failed",
            summary = diagnostic::summary(&problems)
        ))
    })?;
    show(&warnings, lang);
    let done = msg!(
        "epub-written",
        file = out.display().to_string(),
        summary = diagnostic::summary(&warnings)
    );
    eprintln!("{}", done.text(lang));
    Ok(())
}

/// Writes the EPUB to `out`; returns the warnings, or every problem if it was not written.
fn write(
    root: &Path,
    options: &Options,
    settings: Loaded,
    out: &Path,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let loaded = (settings.config, settings.problems);
    let (model, mut problems) = pipeline::analyse_loaded(root, options, loaded);
    let (theme, theme_problems) = theme::load(root, &model.config.theme, &model.config.language);
    problems.extend(theme_problems);
    if problems.iter().any(Diagnostic::is_error) {
        diagnostic::sort(&mut problems);
        return Err(problems);
    }
    let shared = Shared::new(&model.config, &model.content, &model.graph);
    match crate::outputs::epub::write_to(&shared, &theme, out) {
        Ok(()) => Ok(problems),
        Err(e) => Err(vec![Diagnostic::error(out, of_error(&e))]),
    }
}
