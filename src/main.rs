//! The command line: parse arguments, run one command, print diagnostics, set the exit code
//! (0 success, 1 content errors, 2 bad usage).

use clap::{Parser, Subcommand};
use praxis::diagnostic::Diagnostic;
use praxis::pipeline::{self, Options};
use praxis::{output, scaffold};
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
        } => build(&root, output, base_url, drafts),
        Command::Check { root } => check(&root),
        Command::New {
            kind,
            slug,
            title,
            root,
        } => report(scaffold::new_page(&root, &kind, &slug, title.as_deref())),
        Command::Init { dir } => report(scaffold::init(&dir)),
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
    let started = Instant::now();
    let options = Options { drafts, base_url };
    match pipeline::build(root, &options) {
        Ok(built) => {
            print(&built.warnings);
            let out = output.unwrap_or_else(|| root.join("public"));
            if let Err(e) = output::publish(&built.site, &out) {
                eprintln!("error: {e:#}");
                return ExitCode::from(1);
            }
            eprintln!(
                "built {} pages into {} in {} ms ({})",
                built.pages,
                out.display(),
                started.elapsed().as_millis(),
                summary(&built.warnings)
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
