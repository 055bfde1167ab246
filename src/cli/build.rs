//! `praxis build`: the site into a folder, its warnings, and how long it took.

use super::{show, show_timings};
use crate::base::diagnostic;
use crate::base::error::Error;
use crate::base::messages::Lang;
use crate::base::sink;
use crate::msg;
use crate::pipeline::{self, Options};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Builds the guide at `root` into `output` (`<root>/public` by default).
pub(super) fn run(
    root: &Path,
    output: Option<PathBuf>,
    options: Options,
    lang: Lang,
) -> Result<(), Error> {
    small_pages_only();
    let out = output.unwrap_or_else(|| root.join("public"));
    sink::check_output_folder(root, &out).map_err(Error::Usage)?;
    let started = Instant::now();
    match pipeline::build_into(root, &options, &out) {
        Ok(report) => {
            show(&report.warnings, lang);
            show_timings(&report.timings);
            let done = msg!(
                "built",
                pages = report.pages,
                folder = out.display().to_string(),
                ms = started.elapsed().as_millis() as u64,
                summary = diagnostic::summary(&report.warnings)
            );
            eprintln!("{}", done.text(lang));
            Ok(())
        }
        Err(problems) => {
            show(&problems, lang);
            Err(Error::Content(msg!(
                "build-failed",
                summary = diagnostic::summary(&problems)
            )))
        }
    }
}

/// A build touches most of the memory it takes once: with the system's huge pages (2 MiB,
/// zeroed whole on first touch), it had the kernel zero more than it used, and builds were
/// 3–5 % slower. (`serve` keeps them: it lives long and reuses its memory.)
fn small_pages_only() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
