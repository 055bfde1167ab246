//! `praxis print`: the guide built in memory, then its sheets, packs or whole book printed
//! to PDF by a local Chromium (print/).

use super::show;
use crate::base::diagnostic;
use crate::base::error::Error;
use crate::base::messages::Lang;
use crate::msg;
use crate::pipeline::{self, Options};
use crate::print::{self as printer, Wanted};
use crate::source::config::Loaded;
use std::path::Path;
use std::time::Instant;

/// Prints what is `wanted` (or the whole `guide`) of the guide at `root` into `out`, its
/// praxis.yaml being `settings`; `base_url` overrides the address printed in the links.
pub(super) fn run(
    root: &Path,
    wanted: Wanted,
    guide: bool,
    out: &Path,
    base_url: Option<String>,
    settings: Loaded,
    lang: Lang,
) -> Result<(), Error> {
    let started = Instant::now();
    if base_url.is_none() {
        let text = settings.text.as_deref().unwrap_or_default();
        if let Some(refused) = printer::check_address(&settings.config.base_url, text) {
            show(&[refused], lang);
            return Err(Error::Content(msg!("print-refused")));
        }
    }
    let options = Options {
        drafts: false,
        base_url,
        ..Options::default()
    };
    let loaded = (settings.config, settings.problems);
    let (model, problems) = pipeline::analyse_loaded(root, &options, loaded);
    let built = (pipeline::render_in_memory(root, model, problems))
        .map(|(built, _)| built)
        .map_err(|problems| {
            show(&problems, lang);
            Error::Content(msg!(
                "print-failed",
                summary = diagnostic::summary(&problems)
            ))
        })?;
    show(&built.report.warnings, lang);
    let jobs = if guide {
        vec![printer::guide_job(out)]
    } else {
        printer::plan(&built.site, &built.report.packs, wanted, out)?
    };
    let chromium = printer::find_chromium()?;
    let pdfs = printer::print(&built.site, &jobs, &chromium, printer::timeout())?;
    for pdf in &pdfs {
        println!("{}", pdf.display());
    }
    let done = msg!(
        "printed",
        pdfs = pdfs.len(),
        folder = out.display().to_string(),
        ms = started.elapsed().as_millis() as u64,
        summary = diagnostic::summary(&built.report.warnings)
    );
    eprintln!("{}", done.text(lang));
    Ok(())
}
