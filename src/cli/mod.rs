//! The commands, as the command line calls them: each reads what it needs, runs the stages
//! and says what it did; the error it returns is printed by `main`, once.

pub mod args;
mod build;
mod check;
mod epub;
mod print;
pub mod scaffold;
mod serve;

pub use args::{Args, Command};

use crate::base::diagnostic::Diagnostic;
use crate::base::error::Error;
use crate::base::messages::{Lang, Message};
use crate::msg;
use crate::pipeline::{Options, Timings};
use crate::source::config::{self, Loaded, Purpose};
use std::path::Path;

/// What a command starts from, read before it runs: the language it speaks and, for the
/// commands that read a guide, its praxis.yaml, read once here.
pub struct Start {
    pub lang: Lang,
    settings: Option<Loaded>,
}

impl Start {
    /// Everything praxis says is in the guide's language (English when it cannot tell).
    pub fn of(command: &Command) -> Start {
        let settings = match command.root() {
            Some(root) if root.is_dir() => Some(config::read(root)),
            _ => None,
        };
        let lang = match command {
            // `init` writes a French guide: it speaks French, unless the folder holds a guide.
            Command::Init { dir } if dir.join(config::FILE_NAME).is_file() => config::language(dir),
            Command::Init { .. } => Lang::Fr,
            _ => settings.as_ref().map_or(Lang::En, Loaded::lang),
        };
        Start { lang, settings }
    }

    /// praxis.yaml as read at the start (read now if it was not: the folder came after).
    fn settings(self, root: &Path) -> Loaded {
        self.settings.unwrap_or_else(|| config::read(root))
    }
}

/// Runs `command`, saying in `start.lang` what it does and each problem of the guide.
pub fn run(command: Command, start: Start) -> Result<(), Error> {
    if let Some(root) = command.root()
        && !root.is_dir()
    {
        return Err(Error::Usage(msg!(
            "root-missing",
            root = root.display().to_string()
        )));
    }
    let lang = start.lang;
    match command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            offline,
        } => {
            let options = Options {
                drafts,
                base_url,
                purpose: match offline {
                    true => Purpose::Offline,
                    false => Purpose::Published,
                },
                ..Options::default()
            };
            build::run(&root, output, options, lang)
        }
        Command::Check { root, today } => {
            check::run(&root, today.as_deref(), start.settings(&root), lang)
        }
        Command::Serve {
            root,
            bind,
            port,
            drafts,
        } => serve::run(root, bind, port, drafts, lang),
        Command::New {
            kind,
            name,
            title,
            root,
        } => {
            let config = start.settings(&root).config;
            let made = scaffold::new_page(&root, &config, &kind, &name, title.as_deref());
            report(made, lang)
        }
        Command::Init { dir } => report(scaffold::init(&dir), lang),
        Command::Epub {
            root,
            output,
            drafts,
        } => {
            let out = output.unwrap_or_else(|| root.join("guide.epub"));
            epub::run(&root, &out, drafts, start.settings(&root), lang)
        }
        Command::Print {
            root,
            role,
            pack,
            guide,
            output,
            base_url,
        } => {
            let wanted = crate::print::Wanted {
                role: role.as_deref(),
                pack: pack.as_deref(),
            };
            let settings = start.settings(&root);
            print::run(&root, wanted, guide, &output, base_url, settings, lang)
        }
    }
}

/// Each diagnostic, followed by a blank line.
fn show(diagnostics: &[Diagnostic], lang: Lang) {
    for d in diagnostics {
        eprintln!("{}\n", d.render(lang));
    }
}

/// What `new` or `init` did, or why not.
fn report(result: Result<Message, Error>, lang: Lang) -> Result<(), Error> {
    eprintln!("{}", result?.text(lang));
    Ok(())
}

/// The stage times of a build, for `PRAXIS_TIMINGS=1`.
fn show_timings(timings: &Timings) {
    if std::env::var_os("PRAXIS_TIMINGS").is_none() {
        return;
    }
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    for lap in &timings.0 {
        let cpu = lap
            .cpu
            .map_or(String::new(), |d| format!("  cpu {:>7.1} ms", ms(d)));
        let peak = (lap.peak).map_or(String::new(), |kib| format!("  (peak {} MiB)", kib / 1024));
        eprintln!("  {:<14} {:>8.1} ms{cpu}{peak}", lap.stage, ms(lap.wall));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn check(root: &Path) -> Command {
        Command::Check {
            root: root.to_owned(),
            today: None,
        }
    }

    #[test]
    fn a_command_speaks_its_guides_language_read_once_at_the_start() {
        let guide = tempfile::tempdir().unwrap();
        std::fs::write(
            guide.path().join(config::FILE_NAME),
            "language: en
",
        )
        .unwrap();
        let start = Start::of(&check(guide.path()));
        assert_eq!(start.lang, Lang::En);
        let settings = start.settings(guide.path());
        assert_eq!(settings.text.as_deref(), Some("language: en\n"));
        std::fs::write(
            guide.path().join(config::FILE_NAME),
            "language: fr
",
        )
        .unwrap();
        assert_eq!(Start::of(&check(guide.path())).lang, Lang::Fr);
    }

    #[test]
    fn init_speaks_french_and_a_missing_folder_is_bad_usage_said_in_english() {
        let nowhere = PathBuf::from("/no/such/guide");
        let init = Command::Init {
            dir: nowhere.clone(),
        };
        assert_eq!(Start::of(&init).lang, Lang::Fr);
        let start = Start::of(&check(&nowhere));
        assert_eq!(start.lang, Lang::En);
        let refused = run(check(&nowhere), start).unwrap_err();
        assert_eq!(refused.code(), 2);
        assert_eq!(
            refused.render(Lang::En),
            "error: --root /no/such/guide: no such folder"
        );
    }
}
