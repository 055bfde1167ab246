//! Problems found in an author's content, with the place they were found and the fix.
//!
//! Library code collects these and returns them; only the command line (cli/) prints them.

use crate::base::messages::{Lang, Message};
use crate::msg;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, at a place in a file of the guide. Its words are a [`Message`] of the
/// catalogue, said in the guide's language when it is shown ([`Diagnostic::render`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: Message,
    /// Path relative to the guide's root, e.g. `content/roles/coordinateur.md`.
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when unknown.
    pub col: usize,
    /// The text of the offending line, shown under the location.
    pub snippet: Option<String>,
    /// Boxed: the help is there on most diagnostics, and a small `Diagnostic` keeps the
    /// `Result`s that carry one small.
    pub help: Option<Box<Message>>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: Message) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message,
            path: path.into(),
            line: 0,
            col: 0,
            snippet: None,
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: Message) -> Self {
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

    pub fn with_help(mut self, help: Message) -> Self {
        self.help = Some(Box::new(help));
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

impl Diagnostic {
    /// The terminal's layout, like `just` and rustc: message, location, the line, a
    /// caret, the help, in `lang` (`erreur : …` / `  = aide : …` in French).
    pub fn render(&self, lang: Lang) -> String {
        let mut out = match self.severity {
            Severity::Error => msg!("terminal-error", message = self.message.clone()),
            Severity::Warning => msg!("terminal-warning", message = self.message.clone()),
        }
        .text(lang);
        out.push_str("\n  --> ");
        out.push_str(&self.location());
        if let Some(snippet) = &self.snippet {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let line = snippet.trim_end_matches('\r');
            out.push_str(&format!("\n{pad} |\n{gutter} | {line}"));
            if self.col > 0 {
                let indent: String = snippet
                    .chars()
                    .take(self.col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("\n{pad} | {indent}^"));
            }
        }
        if let Some(help) = &self.help {
            let help = msg!("terminal-help", help = (**help).clone()).text(lang);
            let width = help.find(':').map_or(0, |i| i + 2);
            let indent = format!("\n{}", " ".repeat(width + 2));
            out.push_str("\n  ");
            out.push_str(&help.replace('\n', &indent));
        }
        out
    }

    /// The problem in plain words, for a reader of the browser overlay: "Dans
    /// roles/coordinateur.md, ligne 12 : le lien [[plateform]] ne mène à aucune page.
    /// Vouliez-vous dire [[plateforme]] ?" (the excerpt is [`Diagnostic::snippet`]).
    pub fn plain(&self, lang: Lang) -> String {
        let path = display_path(&self.path);
        let path = path.strip_prefix("content/").unwrap_or(&path).to_owned();
        let message = self.message.text(lang);
        let mut out = if self.line == 0 {
            msg!("plain-in-file", path = path, message = message)
        } else {
            msg!(
                "plain-at-line",
                path = path,
                line = self.line,
                message = message
            )
        }
        .text(lang);
        end_sentence(&mut out);
        if let Some(help) = &self.help {
            let help = help.text(lang);
            let mut chars = help.chars();
            if let Some(first) = chars.next() {
                out.push(' ');
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
                end_sentence(&mut out);
            }
        }
        out
    }
}

/// Ends a sentence with a full stop unless it already ends with one, `?` or `!`.
fn end_sentence(s: &mut String) {
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    if !s.ends_with(['.', '?', '!', '…']) {
        s.push('.');
    }
}

/// How many errors and warnings: "2 erreurs, 1 avertissement".
pub fn summary(diagnostics: &[Diagnostic]) -> Message {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    msg!("summary", errors = errors, warnings = warnings)
}

/// In English, for logs and tests; the command line and `serve` use [`Diagnostic::render`] with
/// the guide's language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
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
        let d = Diagnostic::error("content/a.md", msg!("link-unknown", target = "plateform"))
            .at_offset(src, src.find("[[").unwrap())
            .with_help(msg!("link-did-you-mean", suggestion = "[[plateforme]]"));
        assert_eq!(
            d.render(Lang::En),
            "error: unknown link [[plateform]]\n  --> content/a.md:4:6\n  |\n4 | voir [[plateform]]\n  |      ^\n  = help: did you mean [[plateforme]]?"
        );
        assert_eq!(
            d.render(Lang::Fr),
            "erreur : le lien [[plateform]] ne mène à aucune page\n  --> content/a.md:4:6\n  |\n4 | voir [[plateform]]\n  |      ^\n  = aide : vouliez-vous dire [[plateforme]] ?"
        );
    }

    #[test]
    fn says_it_in_plain_words_for_the_browser() {
        let src = "---\ntitle: x\n---\nvoir [[plateform]]\n";
        let d = Diagnostic::error(
            "content/roles/coordinateur.md",
            msg!("link-unknown", target = "plateform"),
        )
        .at_offset(src, src.find("[[").unwrap())
        .with_help(msg!("link-did-you-mean", suggestion = "[[plateforme]]"));
        assert_eq!(
            d.plain(Lang::Fr),
            "Dans roles/coordinateur.md, ligne 4 : le lien [[plateform]] ne mène à aucune page. Vouliez-vous dire [[plateforme]] ?"
        );
        assert_eq!(
            d.plain(Lang::En),
            "In roles/coordinateur.md, line 4: unknown link [[plateform]]. Did you mean [[plateforme]]?"
        );
    }
}
