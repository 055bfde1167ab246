//! Problems found in an author's content, with the place they were found and the fix.
//!
//! Library code collects these and returns them; only `main` prints them.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, at a place in a file of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Path relative to the guide's root, e.g. `content/roles/coordinateur.md`.
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when unknown.
    pub col: usize,
    /// The text of the offending line, shown under the location.
    pub snippet: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: path.into(),
            line: 0,
            col: 0,
            snippet: None,
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Places the diagnostic at byte `offset` of `source`, the whole text of its file.
    pub fn at_offset(mut self, source: &str, offset: usize) -> Self {
        let (line, col) = line_col(source, offset);
        self.line = line;
        self.col = col;
        self.snippet = source.lines().nth(line - 1).map(str::to_owned);
        self
    }

    /// Places the diagnostic at a 1-based `line` and `col` of `source`.
    pub fn at_line(mut self, source: &str, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self.snippet = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(str::to_owned);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col`, as far as it is known.
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        match (self.line, self.col) {
            (0, _) => path,
            (l, 0) => format!("{path}:{l}"),
            (l, c) => format!("{path}:{l}:{c}"),
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].trim_end_matches('\r').chars().count() + 1;
    (line, col)
}

/// Paths are printed with `/` whatever the platform, as authors write them.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Renders like `just` and rustc: message, location, the line, a caret, the help.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let Some(snippet) = &self.snippet {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(
                f,
                "\n{pad} |\n{gutter} | {}",
                snippet.trim_end_matches('\r')
            )?;
            if self.col > 0 {
                let indent: String = snippet
                    .chars()
                    .take(self.col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{pad} | {indent}^")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", help.replace('\n', "\n          "))?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, then position, so that output is stable across runs.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let src = "é\nab[[x]]";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, src.find("[[").unwrap()), (2, 3));
        let accented = "àé[[x]]";
        assert_eq!(line_col(accented, accented.find("[[").unwrap()), (1, 3));
    }

    #[test]
    fn renders_location_snippet_caret_and_help() {
        let src = "---\ntitle: x\n---\nvoir [[plateform]]\n";
        let d = Diagnostic::error("content/a.md", "unknown reference [[plateform]]")
            .at_offset(src, src.find("[[").unwrap())
            .with_help("did you mean [[plateforme]]?");
        assert_eq!(
            d.to_string(),
            "error: unknown reference [[plateform]]\n  --> content/a.md:4:6\n  |\n4 | voir [[plateform]]\n  |      ^\n  = help: did you mean [[plateforme]]?"
        );
    }
}
