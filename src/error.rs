//! The one error of the command line: what went wrong, and the exit status it gives
//! (docs/contract.md, "Exit status"), as just's `Error::code()`. `main` prints it and
//! exits with its code, in one place.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Bad usage: an argument that names nothing (a `--root` that is not a folder, an
    /// unknown kind or role, an output folder that must not be replaced). Exit status 2.
    Usage(String),
    /// The guide has errors, already printed each at its file and line; the message says
    /// what was not done. Exit status 1.
    Content(String),
    /// The work could not be done: no browser, a file not written, a port taken. Exit
    /// status 1.
    Failed(String),
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) | Error::Failed(m) => write!(f, "error: {m}"),
            Error::Content(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_usage_exits_with_2_and_failures_with_1() {
        assert_eq!(Error::Usage("--root x: no such folder".into()).code(), 2);
        assert_eq!(Error::Failed("no browser".into()).code(), 1);
        assert_eq!(Error::Content("build failed".into()).code(), 1);
        assert_eq!(Error::Failed("x".into()).to_string(), "error: x");
        assert_eq!(
            Error::Content("build failed".into()).to_string(),
            "build failed"
        );
    }
}
