//! `praxis serve`: says, in the guide's language, what the preview server (serve/) does
//! while it runs.

use super::{show, show_timings};
use crate::base::diagnostic;
use crate::base::error::Error;
use crate::base::messages::{Lang, Message};
use crate::msg;
use crate::serve;
use std::path::PathBuf;

/// Serves the guide at `root` on `bind:port`, saying each build and rebuild, until stopped.
pub(super) fn run(
    root: PathBuf,
    bind: String,
    port: u16,
    drafts: bool,
    lang: Lang,
) -> Result<(), Error> {
    let options = serve::Options {
        root,
        bind,
        port,
        drafts,
    };
    serve::run(&options, &mut |event| match event {
        serve::Event::Built {
            ms,
            pages,
            rendered,
            warnings,
            changed,
            timings,
        } => {
            show(warnings, lang);
            show_timings(timings);
            let count = pages_count(pages, rendered);
            let ms = ms as u64;
            let summary = diagnostic::summary(warnings);
            let done = match changed {
                [] => msg!("serve-built", count = count, ms = ms, summary = summary),
                [one, rest @ ..] => msg!(
                    "serve-rebuilt",
                    count = count,
                    ms = ms,
                    file = one.display().to_string(),
                    more = rest.len(),
                    summary = summary
                ),
            };
            eprintln!("{}", done.text(lang));
        }
        serve::Event::Failed {
            ms,
            problems,
            first,
        } => {
            show(problems, lang);
            let ms = ms as u64;
            let summary = diagnostic::summary(problems);
            let failed = if first {
                msg!("serve-failed-first", ms = ms, summary = summary)
            } else {
                msg!("serve-failed", ms = ms, summary = summary)
            };
            eprintln!("{}", failed.text(lang));
        }
        serve::Event::Partial {
            ms,
            pages,
            rendered,
            problems,
        } => {
            show(problems, lang);
            let (ms, count) = (ms as u64, pages_count(pages, rendered));
            let summary = diagnostic::summary(problems);
            let failed = msg!(
                "serve-failed-partial",
                ms = ms,
                count = count,
                summary = summary
            );
            eprintln!("{}", failed.text(lang));
        }
        serve::Event::Serving { title, url } => {
            let serving = msg!("serving", title = title, url = url);
            eprintln!("{}", serving.text(lang));
        }
        serve::Event::WatchStopped => {
            eprintln!("{}", msg!("watch-stopped").text(lang));
        }
    })
}

/// « 67 » pages after a full build, « 3 sur 67 » after an incremental one.
fn pages_count(pages: usize, rendered: Option<usize>) -> Message {
    match rendered {
        Some(n) => msg!("pages-of", rendered = n, pages = pages),
        None => msg!("pages", pages = pages),
    }
}
