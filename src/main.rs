//! The command line: parse arguments, run one command, print diagnostics, set the exit code
//! (0 success, 1 content errors, 2 bad usage).

use clap::{Parser, Subcommand};
use praxis::diagnostic::Diagnostic;
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
    },
    /// Check everything build checks, and the link graph; write nothing
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
    /// Create a page: KIND is role, term, example or page
    New {
        kind: String,
        slug: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new guide in DIR
    Init { dir: PathBuf },
    /// Print the role sheets to PDF (DIR/<role>.pdf and DIR/fiches.pdf) with a local Chromium
    Print {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print only this role's sheet (the stem of its file, e.g. coordinateur)
        #[arg(long)]
        role: Option<String>,
        /// Folder the PDFs are written to
        #[arg(long)]
        output: PathBuf,
        /// Absolute URL the site is published at, printed in the sheets' links
        #[arg(long)]
        base_url: Option<String>,
    },
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
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            small_pages_only();
            build(&root, output, base_url, drafts)
        }
        Command::Check { root } => check(&root),
        Command::Serve {
            root,
            bind,
            port,
            drafts,
        } => serve(root, bind, port, drafts),
        Command::New {
            kind,
            slug,
            title,
            root,
        } => report(scaffold::new_page(&root, &kind, &slug, title.as_deref())),
        Command::Init { dir } => report(scaffold::init(&dir)),
        Command::Print {
            root,
            role,
            output,
            base_url,
        } => print_pdfs(&root, role.as_deref(), &output, base_url),
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

fn usage_error(message: String) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn build(root: &Path, output: Option<PathBuf>, base_url: Option<String>, drafts: bool) -> ExitCode {
    if !root.is_dir() {
        return usage_error(format!("--root {}: no such folder", root.display()));
    }
    let out = output.unwrap_or_else(|| root.join("public"));
    if let Err(message) = output::check_output_folder(root, &out) {
        return usage_error(message);
    }
    let started = Instant::now();
    let options = Options { drafts, base_url };
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
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print(&problems);
            eprintln!(
                "build failed: {}; the previous output is unchanged",
                summary(&problems)
            );
            ExitCode::from(1)
        }
    }
}

fn check(root: &Path) -> ExitCode {
    if !root.is_dir() {
        return usage_error(format!("--root {}: no such folder", root.display()));
    }
    let problems = pipeline::check(root, &Options::default());
    print(&problems);
    eprintln!("checked: {}", summary(&problems));
    if problems.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_pdfs(root: &Path, role: Option<&str>, out: &Path, base_url: Option<String>) -> ExitCode {
    if !root.is_dir() {
        return usage_error(format!("--root {}: no such folder", root.display()));
    }
    let started = Instant::now();
    if base_url.is_none() {
        let (config, _) = praxis::config::load(root);
        if let Some(refused) = praxis::print::check_address(root, &config.base_url) {
            print(&[refused]);
            eprintln!("print failed: no PDF written");
            return ExitCode::from(1);
        }
    }
    let options = Options {
        drafts: false,
        base_url,
    };
    let built = match pipeline::build(root, &options) {
        Ok(built) => built,
        Err(problems) => {
            print(&problems);
            eprintln!("print failed: {}; no PDF written", summary(&problems));
            return ExitCode::from(1);
        }
    };
    print(&built.report.warnings);
    let printed = praxis::print::plan(&built.site, role, out).and_then(|jobs| {
        let chromium = praxis::print::find_chromium()?;
        praxis::print::print(&built.site, &jobs, &chromium, praxis::print::timeout())
    });
    match printed {
        Ok(pdfs) => {
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
            ExitCode::SUCCESS
        }
        Err(praxis::print::Error::Usage(m)) => usage_error(m),
        Err(praxis::print::Error::Failed(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(1)
        }
    }
}

fn report(result: Result<String, scaffold::Error>) -> ExitCode {
    match result {
        Ok(message) => {
            eprintln!("{message}");
            ExitCode::SUCCESS
        }
        Err(scaffold::Error::Usage(m)) => usage_error(m),
        Err(scaffold::Error::Failed(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(1)
        }
    }
}

fn serve(root: PathBuf, bind: String, port: u16, drafts: bool) -> ExitCode {
    if !root.is_dir() {
        return usage_error(format!("--root {}: no such folder", root.display()));
    }
    let options = serve::Options {
        root,
        bind,
        port,
        drafts,
    };
    let result = serve::run(&options, &mut |event| match event {
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
        } => {
            print(problems);
            let serving = if first {
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
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
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
    // SAFETY: sets a flag of this process, read by the kernel at its next page faults.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
