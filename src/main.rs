//! The command line: parse arguments, run one command, print diagnostics, set the exit code
//! (0 success, 1 content errors, 2 bad usage: [`Error::code`]; docs/contract.md).

use clap::{Parser, Subcommand};
use praxis::base::diagnostic::{self, Diagnostic};
use praxis::base::error::Error;
use praxis::base::messages::{Lang, Message};
use praxis::base::sink;
use praxis::build::pipeline::{self, Options};
use praxis::cli::scaffold;
use praxis::msg;
use praxis::serve;
use praxis::source::config::Purpose;
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
        Err(e) => match usage_error(&e) {
            // A mistake in the command line, said in the guide's language.
            Some(said) => {
                let lang = language_of_arguments();
                eprintln!("{}", msg!("terminal-error", message = said).text(lang));
                return ExitCode::from(2);
            }
            // --help, --version, or a command without what it needs: clap's own text.
            None => {
                let _ = e.print();
                return if e.use_stderr() {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
        },
    };
    // Everything praxis says is in the guide's language (English when it cannot tell).
    let lang = match &cli.command {
        // `init` writes a French guide: it speaks French, unless the folder holds a guide.
        Command::Init { dir } if dir.join(praxis::source::config::FILE_NAME).is_file() => {
            praxis::source::config::language(dir)
        }
        Command::Init { .. } => Lang::Fr,
        command => match command.root() {
            Some(root) if root.is_dir() => praxis::source::config::language(root),
            _ => Lang::En,
        },
    };
    match run(cli.command, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.render(lang));
            ExitCode::from(e.code())
        }
    }
}

/// What is wrong with the command line, from clap's error: an unknown command or option,
/// one missing, a bad value, two that do not go together. `None` for what clap shows
/// as it is (the help, the version).
fn usage_error(e: &clap::Error) -> Option<praxis::base::messages::Message> {
    use clap::error::{ContextKind as C, ContextValue as V, ErrorKind as K};
    let text = |kind| match e.get(kind) {
        Some(V::String(s)) => Some(s.clone()),
        Some(V::Strings(list)) => Some(list.join(", ")),
        Some(V::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let arg = || text(C::InvalidArg).unwrap_or_default();
    let said = match e.kind() {
        K::InvalidSubcommand => {
            let command = text(C::InvalidSubcommand).unwrap_or_default();
            match text(C::SuggestedSubcommand) {
                Some(near) => msg!("cli-command-did-you-mean", command = command, near = near),
                None => msg!("cli-command-unknown", command = command),
            }
        }
        K::UnknownArgument => match text(C::SuggestedArg) {
            Some(near) => msg!("cli-option-did-you-mean", option = arg(), near = near),
            None => msg!("cli-option-unknown", option = arg()),
        },
        K::MissingRequiredArgument => msg!("cli-missing", what = arg()),
        K::InvalidValue | K::ValueValidation => {
            let value = text(C::InvalidValue).unwrap_or_default();
            msg!("cli-invalid-value", option = arg(), value = value)
        }
        K::ArgumentConflict => {
            let other = text(C::PriorArg).unwrap_or_default();
            msg!("cli-conflict", option = arg(), other = other)
        }
        K::TooManyValues | K::WrongNumberOfValues | K::TooFewValues | K::NoEquals => {
            msg!("cli-values", option = arg())
        }
        _ => return None,
    };
    // The command whose help to read: `praxis build --help`, or `praxis --help`.
    let commands = ["build", "check", "serve", "new", "init", "epub", "print"];
    let command = match std::env::args().nth(1) {
        Some(c) if commands.contains(&c.as_str()) => format!("praxis {c}"),
        _ => "praxis".to_owned(),
    };
    Some(msg!("cli-with-help", message = said, command = command))
}

/// The language of the guide a command line names (`--root`, else this folder), before
/// it is understood: its mistakes are said in it.
fn language_of_arguments() -> Lang {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let root = (args
        .windows(2)
        .find(|w| w[0] == "--root")
        .map(|w| PathBuf::from(&w[1])))
    .or_else(|| {
        args.iter()
            .find_map(|a| a.to_str()?.strip_prefix("--root=").map(PathBuf::from))
    })
    .unwrap_or_else(|| PathBuf::from("."));
    match root.is_dir() {
        true => praxis::source::config::language(&root),
        false => Lang::En,
    }
}

fn run(command: Command, lang: Lang) -> Result<(), Error> {
    if let Some(root) = command.root()
        && !root.is_dir()
    {
        return Err(Error::Usage(msg!(
            "root-missing",
            root = root.display().to_string()
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
                purpose: match offline {
                    true => Purpose::Offline,
                    false => Purpose::Published,
                },
                ..Options::default()
            };
            build(&root, output, options, lang)
        }
        Command::Check { root, today } => check(&root, today.as_deref(), lang),
        Command::Serve {
            root,
            bind,
            port,
            drafts,
        } => serve(root, bind, port, drafts, lang),
        Command::New {
            kind,
            name,
            title,
            root,
        } => report(
            scaffold::new_page(&root, &kind, &name, title.as_deref()),
            lang,
        ),
        Command::Init { dir } => report(scaffold::init(&dir), lang),
        Command::Epub {
            root,
            output,
            drafts,
        } => epub(&root, output, drafts, lang),
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
            print_pdfs(&root, wanted, guide, &output, base_url, lang)
        }
    }
}

fn print(diagnostics: &[Diagnostic], lang: Lang) {
    for d in diagnostics {
        eprintln!("{}\n", d.render(lang));
    }
}

fn build(root: &Path, output: Option<PathBuf>, options: Options, lang: Lang) -> Result<(), Error> {
    let out = output.unwrap_or_else(|| root.join("public"));
    sink::check_output_folder(root, &out).map_err(Error::Usage)?;
    let started = Instant::now();
    match pipeline::build_into(root, &options, &out) {
        Ok(report) => {
            print(&report.warnings, lang);
            if std::env::var_os("PRAXIS_TIMINGS").is_some() {
                print_timings(&report.timings);
            }
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
            print(&problems, lang);
            Err(Error::Content(msg!(
                "build-failed",
                summary = diagnostic::summary(&problems)
            )))
        }
    }
}

fn epub(root: &Path, output: Option<PathBuf>, drafts: bool, lang: Lang) -> Result<(), Error> {
    let out = output.unwrap_or_else(|| root.join("guide.epub"));
    let options = Options {
        drafts,
        ..Options::default()
    };
    let warnings = pipeline::epub(root, &options, &out).map_err(|problems| {
        print(&problems, lang);
        Error::Content(msg!(
            "epub-failed",
            summary = diagnostic::summary(&problems)
        ))
    })?;
    print(&warnings, lang);
    let done = msg!(
        "epub-written",
        file = out.display().to_string(),
        summary = diagnostic::summary(&warnings)
    );
    eprintln!("{}", done.text(lang));
    Ok(())
}

fn check(root: &Path, today: Option<&str>, lang: Lang) -> Result<(), Error> {
    let today = match today.map(|t| (t, praxis::source::dates::parse_date(t))) {
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
    let (problems, to_review, note) = pipeline::check(root, &options);
    print(&problems, lang);
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

fn print_pdfs(
    root: &Path,
    wanted: praxis::print::Wanted,
    guide: bool,
    out: &Path,
    base_url: Option<String>,
    lang: Lang,
) -> Result<(), Error> {
    let started = Instant::now();
    if base_url.is_none() {
        let (config, _) = praxis::source::config::load(root);
        if let Some(refused) = praxis::print::check_address(root, &config.base_url) {
            print(&[refused], lang);
            return Err(Error::Content(msg!("print-refused")));
        }
    }
    let options = Options {
        drafts: false,
        base_url,
        ..Options::default()
    };
    let built = pipeline::build(root, &options).map_err(|problems| {
        print(&problems, lang);
        Error::Content(msg!(
            "print-failed",
            summary = diagnostic::summary(&problems)
        ))
    })?;
    print(&built.report.warnings, lang);
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

fn report(result: Result<Message, Error>, lang: Lang) -> Result<(), Error> {
    eprintln!("{}", result?.text(lang));
    Ok(())
}

fn serve(root: PathBuf, bind: String, port: u16, drafts: bool, lang: Lang) -> Result<(), Error> {
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
            print(warnings, lang);
            if std::env::var_os("PRAXIS_TIMINGS").is_some() {
                print_timings(timings);
            }
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
            print(problems, lang);
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
            print(problems, lang);
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
    .map_err(|e| Error::Failed(e.message()))
}

/// « 67 » pages after a full build, « 3 sur 67 » after an incremental one.
fn pages_count(pages: usize, rendered: Option<usize>) -> Message {
    match rendered {
        Some(n) => msg!("pages-of", rendered = n, pages = pages),
        None => msg!("pages", pages = pages),
    }
}

/// The stage times of a build, for `PRAXIS_TIMINGS=1`.
fn print_timings(timings: &praxis::build::pipeline::Timings) {
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
