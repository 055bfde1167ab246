//! The only place that touches serde_yaml: parse loosely into a mapping, then read each
//! field with its type checked and its line known, so that front matter and `praxis.yaml`
//! errors point at the line an author must fix.

use crate::diagnostic::Diagnostic;
use crate::text;
use serde_yaml::{Mapping, Value};
use std::path::Path;

/// A YAML mapping with the text it came from, placed at `first_line` of the file `path`.
pub struct Fields<'a> {
    pub path: &'a Path,
    /// The whole text of the file, for snippets.
    pub file_text: &'a str,
    /// The YAML text alone.
    yaml: &'a str,
    /// 1-based line of the file where the YAML text starts.
    first_line: usize,
    map: Mapping,
}

impl<'a> Fields<'a> {
    /// Parses `yaml`, which starts at line `first_line` of `file_text`. An empty document is
    /// an empty mapping; anything but a mapping is an error.
    pub fn parse(
        path: &'a Path,
        file_text: &'a str,
        yaml: &'a str,
        first_line: usize,
    ) -> Result<Self, Diagnostic> {
        let value: Value = match serde_yaml::from_str(yaml) {
            Ok(v) => v,
            Err(e) => {
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                // serde_yaml's words for a number beyond 64 bits, said plainly.
                let too_large = message.contains(" as u128") || message.contains(" as i128");
                let d = if too_large {
                    let key = message.split(':').next().unwrap_or("a field");
                    Diagnostic::error(path, format!("invalid YAML: `{key}`: number too large"))
                } else {
                    Diagnostic::error(path, format!("invalid YAML: {message}"))
                };
                let d = match (duplicate_line(yaml, message), e.location()) {
                    // serde_yaml places a duplicate key at its mapping; authors need the
                    // second one, which is the line to delete.
                    (Some(i), _) => d.at_line(file_text, first_line + i, 1),
                    (None, Some(loc)) => {
                        // Errors found at the end of the text belong to its last line.
                        let last = first_line + yaml.lines().count().max(1) - 1;
                        let line = (first_line + loc.line().max(1) - 1).min(last);
                        let col = if line < first_line + loc.line() - 1 {
                            1
                        } else {
                            loc.column()
                        };
                        d.at_line(file_text, line, col)
                    }
                    (None, None) => d.at_line(file_text, first_line, 0),
                };
                let help = if too_large {
                    "write a whole number with at most 18 digits"
                } else if message.contains("limit exceeded") {
                    "front matter is a few plain fields: write the values out instead of nesting or repeating `*alias` references"
                } else {
                    "check the indentation, and quote values that contain `: ` or start with `[`, `{`, `*` or `&`"
                };
                return Err(d.with_help(help));
            }
        };
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            _ => {
                return Err(Diagnostic::error(path, "expected `field: value` lines")
                    .at_line(file_text, first_line, 1)
                    .with_help("write one `field: value` per line, e.g. `title: Coordinateur`"));
            }
        };
        Ok(Fields {
            path,
            file_text,
            yaml,
            first_line,
            map,
        })
    }

    /// The 1-based line of the file where `key:` is written (at the left margin if it
    /// can, indented otherwise), or the first line.
    pub fn line_of(&self, key: &str) -> usize {
        let is_key = |l: &str| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        };
        let lines = || self.yaml.lines();
        lines()
            .position(is_key)
            .or_else(|| lines().position(|l| is_key(l.trim_start())))
            .map_or(self.first_line, |i| self.first_line + i)
    }

    pub fn error_at(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let line = self.line_of(key);
        Diagnostic::error(self.path, message).at_line(self.file_text, line, 1)
    }

    /// Warns of every key not in `known`, suggesting the nearest known one.
    pub fn unknown_keys(&self, known: &[&str]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for key in self.map.keys() {
            let name = match key {
                Value::String(s) => s.as_str(),
                _ => "?",
            };
            if known.contains(&name) {
                continue;
            }
            let line = self.line_of(name);
            let mut d = Diagnostic::warning(self.path, format!("unknown field `{name}`")).at_line(
                self.file_text,
                line,
                1,
            );
            d = match text::suggest(name, known.iter().copied(), 1).first() {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(format!("known fields: {}", known.join(", "))),
            };
            out.push(d);
        }
        out
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A string field; numbers and booleans written bare are taken as their text.
    pub fn string(&self, key: &str) -> Result<Option<String>, Diagnostic> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => scalar_text(v).map(Some).ok_or_else(|| {
                self.error_at(key, format!("`{key}` must be text, found {}", describe(v)))
                    .with_help(format!("write `{key}: some text`"))
            }),
        }
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, Diagnostic> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self
                .error_at(
                    key,
                    format!("`{key}` must be true or false, found {}", describe(v)),
                )
                .with_help(format!("write `{key}: true` or `{key}: false`"))),
        }
    }

    pub fn integer(&self, key: &str) -> Result<Option<i64>, Diagnostic> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
            Some(v) => Err(self
                .error_at(
                    key,
                    format!("`{key}` must be a whole number, found {}", describe(v)),
                )
                .with_help(format!("write e.g. `{key}: 10`"))),
        }
    }

    /// A list of strings; a single string is taken as a list of one.
    pub fn strings(&self, key: &str) -> Result<Vec<String>, Diagnostic> {
        let err = |v: &Value| {
            self.error_at(
                key,
                format!("`{key}` must be a list of text, found {}", describe(v)),
            )
            .with_help(format!(
                "write `{key}: [first, second]` or one `- item` per line"
            ))
        };
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Sequence(items)) => items
                .iter()
                .map(|item| scalar_text(item).ok_or_else(|| err(item)))
                .collect(),
            Some(v) => scalar_text(v).map(|s| vec![s]).ok_or_else(|| err(v)),
        }
    }

    /// A nested mapping, read with the same care.
    pub fn section(&self, key: &str) -> Result<Option<Fields<'a>>, Diagnostic> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Mapping(m)) => Ok(Some(Fields {
                path: self.path,
                file_text: self.file_text,
                yaml: self.nested_text(key),
                first_line: self.line_of(key) + 1,
                map: m.clone(),
            })),
            Some(v) => Err(self.error_at(
                key,
                format!(
                    "`{key}` must be a group of `field: value` lines, found {}",
                    describe(v)
                ),
            )),
        }
    }

    /// The indented lines under `key:`, dedented, for locating nested keys.
    fn nested_text(&self, key: &str) -> &'a str {
        let start_line = self.line_of(key) - self.first_line + 1;
        let mut start = 0;
        for (i, line) in self.yaml.split_inclusive('\n').enumerate() {
            if i == start_line {
                break;
            }
            start += line.len();
        }
        let rest = &self.yaml[start.min(self.yaml.len())..];
        let mut end = 0;
        for line in rest.split_inclusive('\n') {
            if !line.starts_with([' ', '\t']) && !line.trim().is_empty() {
                break;
            }
            end += line.len();
        }
        &rest[..end]
    }
}

/// The 0-based line of `yaml` where the key named by serde_yaml's "duplicate entry with
/// key" message is written a second time.
fn duplicate_line(yaml: &str, message: &str) -> Option<usize> {
    let rest = message.strip_prefix("duplicate entry with key \"")?;
    let key = &rest[..rest.rfind('"')?];
    let is_key = |l: &str| {
        let l = l.trim_start().trim_start_matches("- ");
        let l = l
            .strip_prefix(['"', '\''])
            .and_then(|l| l.strip_prefix(key))
            .and_then(|l| l.strip_prefix(['"', '\'']))
            .or_else(|| l.strip_prefix(key));
        l.is_some_and(|r| r.trim_start().starts_with(':'))
    };
    yaml.lines()
        .enumerate()
        .filter(|(_, l)| is_key(l))
        .nth(1)
        .map(|(i, _)| i)
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a group of fields",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_type_is_reported_at_its_line() {
        let file = "---\ntitle: A\nweight: lourd\n---\n";
        let f = Fields::parse(Path::new("a.md"), file, "title: A\nweight: lourd\n", 2).unwrap();
        let e = f.integer("weight").unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (3, "`weight` must be a whole number, found text")
        );
    }

    #[test]
    fn invalid_yaml_is_placed_in_the_file() {
        let file = "---\ntitle: A\naliases: [a, b\n---\n";
        let e = Fields::parse(Path::new("a.md"), file, "title: A\naliases: [a, b\n", 2)
            .err()
            .unwrap();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.line >= 3, "{e}");
    }

    #[test]
    fn a_number_too_large_is_said_plainly() {
        let yaml = "title: A\nweight: 99999999999999999999999\n";
        let file = format!("---\n{yaml}---\n");
        let e = Fields::parse(Path::new("a.md"), &file, yaml, 2)
            .err()
            .unwrap();
        assert_eq!(e.message, "invalid YAML: `weight`: number too large");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn a_duplicate_key_is_placed_at_its_second_line() {
        let yaml = "title: A\nkind: role\ntitle: B\n";
        let file = format!("---\n{yaml}---\n");
        let e = Fields::parse(Path::new("a.md"), &file, yaml, 2)
            .err()
            .unwrap();
        assert_eq!((e.line, e.col), (4, 1), "{e}");
        assert!(e.message.contains("duplicate"), "{e}");
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let f = Fields::parse(Path::new("a.md"), "titel: A\n", "titel: A\n", 1).unwrap();
        let w = &f.unknown_keys(&["title", "kind"])[0];
        assert_eq!(w.help.as_deref(), Some("did you mean `title`?"));
    }
}
