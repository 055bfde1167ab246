//! The command line: parse arguments, run one command, print diagnostics, set the exit code
//! (0 success, 1 content errors, 2 bad usage: [`Error::code`]; docs/contract.md).

use clap::{Parser, Subcommand};
use praxis::diagnostic::Diagnostic;
use praxis::error::Error;
use praxis::pipeline::{self, Options};
use praxis::{output, scaffold, serve};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "praxis",
    version,
    about = "Build practice guides: roles, glossary, examples, role sheets"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into <root>/public (or --output)
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        /// Absolute URL the site is published at, e.g. https://example.org/guide/
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// A folder to read from disk, without a server: every link names its file
        #[arg(long)]
        offline: bool,
    },
    /// Check everything build checks, and the link graph; write nothing
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Count overdue reviews from this day (YYYY-MM-DD) instead of today
        #[arg(long)]
        today: Option<String>,
    },
    /// Serve the site with live reload, rebuilding it on every change (writes nothing)
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on (0: any free port)
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Create a page: KIND is role, term, example, pack or page
    New {
        kind: String,
        /// A title in plain words ("fil de discussion"), or a slug (fil-de-discussion)
        name: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new guide in DIR
    Init { dir: PathBuf },
    /// Write the guide as an e-book (EPUB 3) to FILE (default: <root>/guide.epub)
    Epub {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Print the role sheets and meeting packs to PDF (DIR/<role>.pdf, DIR/fiches.pdf,
    /// DIR/<pack>.pdf), or the whole guide (DIR/guide.pdf), with a local Chromium
    Print {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print only this role's sheet (the stem of its file, e.g. coordinateur)
        #[arg(long)]
        role: Option<String>,
        /// Print only this meeting pack (the stem of its file, e.g. premiere-reunion)
        #[arg(long, conflicts_with = "role")]
        pack: Option<String>,
        /// Print the whole guide instead, into DIR/guide.pdf (contents with page numbers)
        #[arg(long, conflicts_with_all = ["role", "pack"])]
        guide: bool,
        /// Folder the PDFs are written to
        #[arg(long)]
        output: PathBuf,
        /// Absolute URL the site is published at, printed in the sheets' links
        #[arg(long)]
        base_url: Option<String>,
    },
}

impl Command {
    /// The guide's folder, for the commands that read one.
    fn root(&self) -> Option<&Path> {
        match self {
            Command::Build { root, .. }
            | Command::Check { root, .. }
            | Command::Serve { root, .. }
            | Command::New { root, .. }
            | Command::Epub { root, .. }
            | Command::Print { root, .. } => Some(root),
            Command::Init { .. } => None,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.code())
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    if let Some(root) = command.root()
        && !root.is_dir()
    {
        return Err(Error::Usage(format!(
            "--root {}: no such folder",
            root.display()
        )));
    }
    match command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            offline,
        } => {
            small_pages_only();
            let options = Options {
                drafts,
                base_url,
                offline,
                web_app: !offline,
                ..Options::default()
            };
            build(&root, output, options)
        }
        Command::Check { root, today } => check(&root, today.as_deref()),
        Command::Serve {
            root,
            bind,
            port,
            drafts,
        } => serve(root, bind, port, drafts),
        Command::New {
            kind,
            name,
            title,
            root,
        } => report(scaffold::new_page(&root, &kind, &name, title.as_deref())),
        Command::Init { dir } => report(scaffold::init(&dir)),
        Command::Epub {
            root,
            output,
            drafts,
        } => epub(&root, output, drafts),
        Command::Print {
            root,
            role,
            pack,
            guide,
            output,
            base_url,
        } => {
            let wanted = praxis::print::Wanted {
                role: role.as_deref(),
                pack: pack.as_deref(),
            };
            print_pdfs(&root, wanted, guide, &output, base_url)
        }
    }
}

fn print(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}\n");
    }
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    format!("{errors} error(s), {warnings} warning(s)")
}

fn build(root: &Path, output: Option<PathBuf>, options: Options) -> Result<(), Error> {
    let out = output.unwrap_or_else(|| root.join("public"));
    output::check_output_folder(root, &out).map_err(Error::Usage)?;
    let started = Instant::now();
    match pipeline::build_into(root, &options, &out) {
        Ok(report) => {
            print(&report.warnings);
            if std::env::var_os("PRAXIS_TIMINGS").is_some() {
                print_timings(&report.timings);
            }
            eprintln!(
                "built {} pages into {} in {} ms ({})",
                report.pages,
                out.display(),
                started.elapsed().as_millis(),
                summary(&report.warnings)
            );
            Ok(())
        }
        Err(problems) => {
            print(&problems);
            Err(Error::Content(format!(
                "build failed: {}; the previous output is unchanged",
                summary(&problems)
            )))
        }
    }
}

fn epub(root: &Path, output: Option<PathBuf>, drafts: bool) -> Result<(), Error> {
    let out = output.unwrap_or_else(|| root.join("guide.epub"));
    let options = Options {
        drafts,
        ..Options::default()
    };
    let warnings = pipeline::epub(root, &options, &out).map_err(|problems| {
        print(&problems);
        Error::Content(format!("no e-book written: {}", summary(&problems)))
    })?;
    print(&warnings);
    eprintln!("wrote {} ({})", out.display(), summary(&warnings));
    Ok(())
}

fn check(root: &Path, today: Option<&str>) -> Result<(), Error> {
    let today = match today.map(|t| (t, praxis::dates::parse_date(t))) {
        None => None,
        Some((_, Some(date))) => Some(date),
        Some((t, None)) => {
            return Err(Error::Usage(format!(
                "--today {t}: not a date; write it as year-month-day, e.g. --today 2026-03-12"
            )));
        }
    };
    let options = Options {
        today,
        ..Options::default()
    };
    let (problems, to_review, note) = pipeline::check(root, &options);
    print(&problems);
    if let Some(note) = note {
        eprintln!("note: {note}\n");
    }
    print!("{to_review}");
    let checked = format!("checked: {}", summary(&problems));
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(checked));
    }
    eprintln!("{checked}");
    Ok(())
}

fn print_pdfs(
    root: &Path,
    wanted: praxis::print::Wanted,
    guide: bool,
    out: &Path,
    base_url: Option<String>,
) -> Result<(), Error> {
    let started = Instant::now();
    if base_url.is_none() {
        let (config, _) = praxis::config::load(root);
        if let Some(refused) = praxis::print::check_address(root, &config.base_url) {
            print(&[refused]);
            return Err(Error::Content("print failed: no PDF written".to_owned()));
        }
    }
    let options = Options {
        drafts: false,
        base_url,
        ..Options::default()
    };
    let built = pipeline::build(root, &options).map_err(|problems| {
        print(&problems);
        Error::Content(format!(
            "print failed: {}; no PDF written",
            summary(&problems)
        ))
    })?;
    print(&built.report.warnings);
    let jobs = if guide {
        vec![praxis::print::guide_job(out)]
    } else {
        praxis::print::plan(&built.site, &built.report.packs, wanted, out)?
    };
    let chromium = praxis::print::find_chromium()?;
    let pdfs = praxis::print::print(&built.site, &jobs, &chromium, praxis::print::timeout())?;
    for pdf in &pdfs {
        println!("{}", pdf.display());
    }
    eprintln!(
        "printed {} PDF(s) into {} in {} ms ({})",
        pdfs.len(),
        out.display(),
        started.elapsed().as_millis(),
        summary(&built.report.warnings)
    );
    Ok(())
}

fn report(result: Result<String, Error>) -> Result<(), Error> {
    eprintln!("{}", result?);
    Ok(())
}

fn serve(root: PathBuf, bind: String, port: u16, drafts: bool) -> Result<(), Error> {
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
            print(warnings);
            if std::env::var_os("PRAXIS_TIMINGS").is_some() {
                print_timings(timings);
            }
            let verb = if changed.is_empty() {
                "built"
            } else {
                "rebuilt"
            };
            let after = match changed {
                [] => String::new(),
                [one] => format!(" after a change to {}", one.display()),
                [one, rest @ ..] => {
                    format!(
                        " after changes to {} and {} more",
                        one.display(),
                        rest.len()
                    )
                }
            };
            let count = match rendered {
                Some(n) => format!("{n} of {pages}"),
                None => pages.to_string(),
            };
            eprintln!(
                "{verb} {count} pages in {ms} ms{after} ({})",
                summary(warnings)
            );
        }
        serve::Event::Failed {
            ms,
            problems,
            first,
            partial,
        } => {
            print(problems);
            let serving = if partial {
                "the other pages are rebuilt; the pages with errors show their last good version"
            } else if first {
                "serving an error page until it is fixed"
            } else {
                "still serving the last good site"
            };
            eprintln!("build failed in {ms} ms: {}; {serving}", summary(problems));
        }
        serve::Event::Serving { title, url } => {
            eprintln!("serving {title} at {url} (Ctrl+C to stop)");
        }
        serve::Event::WatchStopped => {
            eprintln!("warning: the file watcher stopped; restart `praxis serve` to see changes");
        }
    })
    .map_err(|e| Error::Failed(e.to_string()))
}

/// The stage times of a build, for `PRAXIS_TIMINGS=1`.
fn print_timings(timings: &praxis::pipeline::Timings) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    for lap in &timings.0 {
        let cpu = lap
            .cpu
            .map_or(String::new(), |d| format!("  cpu {:>7.1} ms", ms(d)));
        let peak = (lap.peak).map_or(String::new(), |kib| format!("  (peak {} MiB)", kib / 1024));
        eprintln!("  {:<14} {:>8.1} ms{cpu}{peak}", lap.stage, ms(lap.wall));
    }
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A build touches most of the memory it takes once: with the system's huge pages (2 MiB,
/// zeroed whole on first touch), it had the kernel zero more than it used, and builds were
/// 3–5 % slower. (`serve` keeps them: it lives long and reuses its memory.)
fn small_pages_only() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
