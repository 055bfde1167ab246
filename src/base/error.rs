//! The one error of every command, `serve` included: what went wrong, and the exit status
//! it gives (docs/contract.md, "Exit status"), as just's `Error::code()`. Library code
//! returns it and never prints; `main` prints it and exits with its code, in one place.

use crate::base::messages::{Lang, Message};
use crate::msg;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Bad usage: an argument that names nothing (a `--root` that is not a folder, an
    /// unknown kind or role, an output folder that must not be replaced). Exit status 2.
    Usage(Message),
    /// The guide has errors, already printed each at its file and line; the message says
    /// what was not done. Exit status 1.
    Content(Message),
    /// The work could not be done: no browser, a file not written, a port taken. Exit
    /// status 1.
    Failed(Message),
}

impl Error {
    /// The exit status of the process that met this error.
    pub fn code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Content(_) | Error::Failed(_) => 1,
        }
    }
}

impl Error {
    /// What `main` prints, in `lang`: `error: …` (`erreur : …`), or for content errors,
    /// already printed one by one, the line that sums them up.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Error::Usage(m) | Error::Failed(m) => {
                msg!("terminal-error", message = m.clone()).text(lang)
            }
            Error::Content(m) => m.text(lang),
        }
    }

    /// The message alone, in `lang`.
    pub fn message(&self) -> &Message {
        match self {
            Error::Usage(m) | Error::Failed(m) | Error::Content(m) => m,
        }
    }
}

/// In English; `main` prints [`Error::render`] in the guide's language.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_usage_exits_with_2_and_failures_with_1() {
        let usage = Error::Usage(msg!("root-missing", root = "x"));
        assert_eq!(usage.code(), 2);
        assert_eq!(usage.to_string(), "error: --root x: no such folder");
        assert_eq!(
            usage.render(Lang::Fr),
            "erreur : --root x : ce dossier n'existe pas"
        );
        assert_eq!(Error::Failed(msg!("verbatim", text = "x")).code(), 1);
        let failed = Error::Content(msg!("print-refused"));
        assert_eq!(failed.code(), 1);
        assert_eq!(failed.to_string(), "print failed: no PDF written");
    }
}
