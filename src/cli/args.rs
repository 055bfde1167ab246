//! The command line's words: its commands and options (clap), and its mistakes said in the
//! guide's language rather than in clap's English.

use crate::base::error::Error;
use crate::base::messages::Lang;
use crate::msg;
use crate::source::config;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(
    name = "praxis",
    version,
    about = "Build practice guides: roles, glossary, examples, role sheets"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    pub fn root(&self) -> Option<&Path> {
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

/// What is wrong with the command line, from clap's error: an unknown command or option,
/// one missing, a bad value, two that do not go together, said in the guide's words (exit
/// status 2). `None` for what clap shows as it is (the help, the version).
pub fn usage_error(e: &clap::Error) -> Option<Error> {
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
    Some(Error::Usage(msg!(
        "cli-with-help",
        message = said,
        command = command
    )))
}

/// The language of the guide a command line names (`--root`, else this folder), before
/// it is understood: its mistakes are said in it.
pub fn language_of_arguments() -> Lang {
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
        true => config::language(&root),
        false => Lang::En,
    }
}
