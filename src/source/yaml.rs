//! The owner of serde_yaml: parse loosely into a mapping, then read each field with its
//! type checked and its line known, so that front matter and `praxis.yaml` errors point at
//! the line an author must fix. Two readers outside take serde_yaml's types from here:
//! cite.rs reads the `source:` field's value, and says hayagriva's YAML errors (which are
//! serde_yaml's).

use crate::base::diagnostic::Diagnostic;
use crate::base::messages::Message;
use crate::base::text;
use crate::msg;
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
        let value: Value = match read_forgiving(yaml) {
            Ok(v) => v,
            Err(e) => {
                let unreadable = Unreadable {
                    path,
                    file_text,
                    yaml,
                    first_line,
                    error: &e,
                };
                return Err(unreadable.diagnostic());
            }
        };
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => Mapping::new(),
            _ => {
                return Err(Diagnostic::error(path, msg!("yaml-not-fields"))
                    .at_line(file_text, first_line, 1)
                    .with_help(msg!("yaml-not-fields-help")));
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

    pub fn error_at(&self, key: &str, message: Message) -> Diagnostic {
        let line = self.line_of(key);
        Diagnostic::error(self.path, message).at_line(self.file_text, line, 1)
    }

    pub fn warning_at(&self, key: &str, message: Message) -> Diagnostic {
        let line = self.line_of(key);
        Diagnostic::warning(self.path, message).at_line(self.file_text, line, 1)
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
            let mut d = Diagnostic::warning(self.path, msg!("field-unknown", field = name))
                .at_line(self.file_text, line, 1);
            d = match text::suggest(name, known.iter().copied(), 1).first() {
                Some(s) => d.with_help(msg!("field-did-you-mean", field = *s)),
                None => d.with_help(msg!("field-known", fields = known.join(", "))),
            };
            out.push(d);
        }
        out
    }

    /// The keys written, in order; a key that is not text (`1: x`) is given as YAML would
    /// print it, to be reported by the reader of its value.
    pub fn keys(&self) -> Vec<String> {
        self.map
            .keys()
            .map(|k| scalar_text(k).unwrap_or_else(|| "?".to_owned()))
            .collect()
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A text field. A number or `true`/`false` written bare is an error: YAML reads them
    /// as such (`1.10` as 1.1), so the text would not be what the author wrote.
    pub fn string(&self, key: &str) -> Result<Option<String>, Diagnostic> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(self.not_text(key, v, &format!("{key}: "))),
        }
    }

    /// One word among a few (`autolink: off`), where YAML's `true` and `false` stand for
    /// the words themselves.
    pub fn choice(&self, key: &str) -> Result<Option<String>, Diagnostic> {
        match self.get(key) {
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            _ => self.string(key),
        }
    }

    /// The error for `v`, under `key`, which should have been text; `written` is how the
    /// text would start once quoted (`title: ` or `- `).
    fn not_text(&self, key: &str, v: &Value, written: &str) -> Diagnostic {
        let help = match scalar_text(v) {
            Some(t) => msg!("quote-to-mean-text", fixed = format!("{written}\"{t}\"")),
            None => msg!("field-not-text-help", field = key),
        };
        self.error_at(key, msg!("field-not-text", field = key, found = shown(v)))
            .with_help(help)
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, Diagnostic> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self
                .error_at(
                    key,
                    msg!("field-not-bool", field = key, found = describe(v)),
                )
                .with_help(msg!("field-not-bool-help", field = key))),
        }
    }

    pub fn integer(&self, key: &str) -> Result<Option<i64>, Diagnostic> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
            Some(v) => Err(self
                .error_at(
                    key,
                    msg!("field-not-integer", field = key, found = describe(v)),
                )
                .with_help(msg!("field-not-integer-help", field = key))),
        }
    }

    /// A list of text; a single text is taken as a list of one (`aliases: CoP`). A number
    /// or `true`/`false`, as the field or as an item, is an error, as for [`Self::string`].
    pub fn strings(&self, key: &str) -> Result<Vec<String>, Diagnostic> {
        let err = |v: &Value, item: bool| {
            let help = match scalar_text(v) {
                Some(t) if item => msg!("quote-to-mean-text", fixed = format!("- \"{t}\"")),
                Some(t) => msg!("quote-to-mean-text", fixed = format!("{key}: [\"{t}\"]")),
                None => msg!("field-not-list-help", field = key),
            };
            self.error_at(key, msg!("field-not-list", field = key, found = shown(v)))
                .with_help(help)
        };
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Sequence(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s.clone()),
                    Value::Mapping(_) => {
                        Err(self.item_colon(key).unwrap_or_else(|| err(item, true)))
                    }
                    other => Err(err(other, true)),
                })
                .collect(),
            Some(Value::String(s)) => Ok(vec![s.clone()]),
            Some(v) => Err(err(v, false)),
        }
    }

    /// The error for an item of the list `key` that YAML read as a group of fields because
    /// of a `: ` (`- accueille: les nouveaux membres`), at that colon.
    fn item_colon(&self, key: &str) -> Option<Diagnostic> {
        let start = self.line_of(key) - self.first_line;
        let lines = self.yaml.lines().enumerate().skip(start + 1);
        lines
            .take_while(|(_, l)| l.trim().is_empty() || l.starts_with([' ', '-']))
            .find_map(|(i, line)| {
                let (head, value) = value_of(line)?;
                let (at, _) = colons(value).next()?;
                let col = line[..head.len() + at].chars().count() + 1;
                let d = Diagnostic::error(self.path, msg!("item-colon", field = key));
                let d = d.at_line(self.file_text, self.first_line + i, col);
                Some(d.with_help(colon_help("- ", value)))
            })
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
                msg!("field-not-group", field = key, found = describe(v)),
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

/// The mapping of `yaml` when it is written the way front matter almost always is, read
/// without the YAML parser, which is most of the time spent loading a big guide: lines of
/// `key: value` and `key: [a, b]`, and `key:` over lines of `- item`, where each value is
/// a whole number, `true`, `false`, text in quotes without escapes, or words that YAML
/// could not read as anything but text. Anything else is `None`, for serde_yaml to read;
/// the two always agree (a unit test and the `front_matter` fuzz target check it).
pub fn simple(yaml: &str) -> Option<Mapping> {
    let mut map = Mapping::new();
    // The key whose value is a list of `- item` lines, while they go on.
    let mut list: Option<(Value, Vec<Value>, usize)> = None;
    // Control characters and the ones YAML reads as line breaks or refuses.
    let unusual = |c: char| {
        c < ' '
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || "\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}".contains(c)
    };
    // A key already there is left to serde_yaml, which reports it.
    let add = |map: &mut Mapping, key: Value, value: Value| map.insert(key, value).is_none();
    // The value of `key:` over lines of `- item`: nothing, or the items.
    let items = |items: Vec<Value>| {
        if items.is_empty() {
            Value::Null
        } else {
            Value::Sequence(items)
        }
    };
    for line in yaml.split('\n') {
        if line.bytes().any(|b| !(b' '..0x7f).contains(&b)) && line.chars().any(unusual) {
            return None;
        }
        let text = line.trim_start_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let indent = line.len() - text.len();
        if let Some(item) = text.strip_prefix("- ") {
            let (_, listed, at) = list.as_mut()?;
            if listed.is_empty() {
                *at = indent;
            } else if *at != indent {
                return None;
            }
            listed.push(scalar(item.trim_end_matches(' '), false)?);
            continue;
        }
        if let Some((key, listed, _)) = list.take() {
            add(&mut map, key, items(listed)).then_some(())?;
        }
        let (key, rest) = text.split_once(':')?;
        let well_named = key.bytes().enumerate().all(|(n, b)| {
            b.is_ascii_alphabetic() || b == b'_' || (n > 0 && (b.is_ascii_digit() || b == b'-'))
        });
        if indent > 0 || key.is_empty() || !well_named || is_other_word(key) {
            return None;
        }
        let key = Value::String(key.to_owned());
        let rest = rest.trim_end_matches(' ');
        if rest.is_empty() {
            list = Some((key, Vec::new(), 0));
            continue;
        }
        let value = rest.strip_prefix(' ')?.trim_start_matches(' ');
        let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(inner) if inner.trim_matches(' ').is_empty() => Value::Sequence(Vec::new()),
            Some(inner) => Value::Sequence(
                inner
                    .split(',')
                    .map(|item| scalar(item.trim_matches(' '), true))
                    .collect::<Option<_>>()?,
            ),
            None => scalar(value, false)?,
        };
        add(&mut map, key, value).then_some(())?;
    }
    if let Some((key, listed, _)) = list {
        add(&mut map, key, items(listed)).then_some(())?;
    }
    Some(map)
}

/// What serde_yaml reads of `yaml` (through [`simple`] when it can), forgiving French
/// typography: when the text does not read as front matter (a YAML error, or a list that
/// holds a group of fields), the values and list items written with ` : ` (a colon with a
/// space before it) are read again as the text they are, by [`forgive`]. Text that reads
/// without error and without such a list reads exactly as serde_yaml reads it.
pub fn read_forgiving(yaml: &str) -> Result<Value, serde_yaml::Error> {
    let read = |yaml: &str| match simple(yaml) {
        Some(map) => Ok(Value::Mapping(map)),
        None => serde_yaml::from_str(yaml),
    };
    let first = read(yaml);
    if matches!(&first, Ok(v) if !lists_a_group(v)) {
        return first;
    }
    match forgive(yaml).map(|text| read(&text)) {
        Some(Ok(v)) => Ok(v),
        _ => first,
    }
}

/// Whether a field of `v` is a list holding a group of fields (`- accueille : les
/// nouveaux`), which no front matter field is.
fn lists_a_group(v: &Value) -> bool {
    let Value::Mapping(map) = v else { return false };
    map.values().any(|v| match v {
        Value::Sequence(items) => items.iter().any(Value::is_mapping),
        _ => false,
    })
}

/// `yaml` with each unquoted value (`key: value` at the left margin) and list item
/// (`- item`) written in French typography put in double quotes, line for line, so that
/// the line numbers stay; `None` when there is none. French typography here is a colon
/// with a space (or a no-break space) before it and a space or the end of the line after
/// it: `Son rôle : faire vivre les échanges.`; a value holding another `: ` is left as it
/// is (see [`inner_colon`]). Lines of a `|` or `>` block are left alone.
pub fn forgive(yaml: &str) -> Option<String> {
    let mut out = String::with_capacity(yaml.len() + 16);
    let mut changed = false;
    let mut in_block = false;
    for line in yaml.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let text = body.trim_start_matches(' ');
        let indent = body.len() - text.len();
        if in_block && (indent > 0 || text.is_empty()) {
            out.push_str(line);
            continue;
        }
        in_block = false;
        let Some((head, value)) = value_of(body) else {
            out.push_str(line);
            continue;
        };
        let value = value.trim_matches(' ');
        in_block = value.starts_with(['|', '>']);
        if is_french_text(value) {
            out.push_str(head);
            out.push('"');
            out.push_str(&value.replace('\\', "\\\\").replace('"', "\\\""));
            out.push('"');
            out.push_str(&line[body.len()..]);
            changed = true;
        } else {
            out.push_str(line);
        }
    }
    changed.then_some(out)
}

/// A line of front matter split into what comes before its value (`key: ` at the left
/// margin, or `- ` with its indent) and the value, which may be empty.
fn value_of(line: &str) -> Option<(&str, &str)> {
    let text = line.trim_start_matches(' ');
    let indent = line.len() - text.len();
    if let Some(item) = text.strip_prefix("- ") {
        return Some((&line[..indent + 2], item));
    }
    let (key, _) = text.split_once(": ")?;
    (indent == 0 && is_key_name(key)).then(|| (&line[..key.len() + 2], &line[key.len() + 2..]))
}

/// A key as front matter names them: letters, digits, `_` and `-`.
fn is_key_name(key: &str) -> bool {
    !key.is_empty()
        && key.bytes().enumerate().all(|(n, b)| {
            b.is_ascii_alphabetic() || b == b'_' || (n > 0 && (b.is_ascii_digit() || b == b'-'))
        })
}

/// Whether `value`, unquoted, starts as YAML reads plain text.
fn is_plain(value: &str) -> bool {
    value
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && !"-?:,[]{}#&*!|>'\"%@`".contains(c))
}

/// The byte offsets of the colons of `value` that YAML reads as `key: value` (followed by
/// a space or the end), with whether each is French (a space or no-break space before).
fn colons(value: &str) -> impl Iterator<Item = (usize, bool)> + '_ {
    value.match_indices(':').filter_map(move |(i, _)| {
        let after = value[i + 1..].chars().next();
        let before = value[..i].chars().next_back();
        after.is_none_or(|a| a == ' ').then(|| {
            let french = before.is_some_and(|b| matches!(b, ' ' | '\u{a0}' | '\u{202f}'));
            (i, french)
        })
    })
}

/// Plain text whose every `: ` is written the French way, and that holds no comment.
fn is_french_text(value: &str) -> bool {
    is_plain(value)
        && !value.contains(" #")
        && !value.chars().any(|c| c < ' ')
        && colons(value).next().is_some()
        && colons(value).all(|(_, french)| french)
}

/// How to keep a value that holds a `: ` as the text written after `head` (`summary: `,
/// `- `): in quotes, or with the colon written the French way.
fn colon_help(head: &str, value: &str) -> Message {
    let value = value.trim_end_matches(' ').replace('"', "\\\"");
    msg!("colon-help", fixed = format!("{head}\"{value}\""))
}

/// The error of a whole YAML file, `text`, that serde_yaml (through another crate, as
/// hayagriva's bibliography) could not read: said as the errors of front matter are.
pub fn unreadable(path: &Path, text: &str, error: &serde_yaml::Error) -> Diagnostic {
    let unreadable = Unreadable {
        path,
        file_text: text,
        yaml: text,
        first_line: 1,
        error,
    };
    unreadable.diagnostic()
}

/// serde_yaml's error on the YAML text of a file, with what it takes to say it at its
/// line and in the guide's words: the common errors each have their sentence and fix; the
/// library's English is kept only for the others, introduced as what the YAML reader says.
struct Unreadable<'a> {
    path: &'a Path,
    file_text: &'a str,
    yaml: &'a str,
    /// 1-based line of the file where the YAML text starts.
    first_line: usize,
    error: &'a serde_yaml::Error,
}

impl Unreadable<'_> {
    fn diagnostic(&self) -> Diagnostic {
        self.unclosed_quote()
            .or_else(|| self.inner_colon())
            .unwrap_or_else(|| self.said())
    }

    /// An error at `line` of the YAML text (1-based) and `col`, in the words of `why`
    /// after "the front matter (or file) cannot be read".
    fn error_at(&self, why: Message, line: usize, col: usize) -> Diagnostic {
        let what = if self.path.extension().is_some_and(|e| e == "md") {
            msg!("yaml-unreadable")
        } else {
            let file = self.path.display().to_string();
            msg!("yaml-unreadable-file", file = file)
        };
        let line = (self.first_line + line.max(1) - 1).min(self.last_line());
        Diagnostic::error(self.path, msg!("error-because", what = what, cause = why)).at_line(
            self.file_text,
            line,
            col,
        )
    }

    /// The file's line of the YAML text's last line.
    fn last_line(&self) -> usize {
        self.first_line + self.yaml.lines().count().max(1) - 1
    }

    /// serde_yaml's words, without their place (" at line 3 column 7").
    fn words(&self) -> String {
        let message = self.error.to_string();
        message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned()
    }

    /// The error for an unquoted value that holds a `: ` YAML cannot read (`summary:
    /// Note: voir`), at that colon.
    fn inner_colon(&self) -> Option<Diagnostic> {
        if !self.words().contains("mapping values are not allowed") {
            return None;
        }
        self.yaml.lines().enumerate().find_map(|(i, line)| {
            let (head, value) = value_of(line)?;
            if head.starts_with([' ', '-']) || !is_plain(value) {
                return None;
            }
            let (at, _) = colons(value).find(|(_, french)| !french)?;
            let key = &head[..head.len() - 2];
            let col = line[..head.len() + at].chars().count() + 1;
            Some(
                Diagnostic::error(self.path, msg!("value-colon", field = key))
                    .at_line(self.file_text, self.first_line + i, col)
                    .with_help(colon_help(&format!("{key}: "), value)),
            )
        })
    }

    /// The error for a quote that opens a value and is never closed, at the quote that
    /// opens it (serde_yaml names it, after the end of the text where it was found).
    fn unclosed_quote(&self) -> Option<Diagnostic> {
        let message = self.error.to_string();
        let place = message
            .split("while scanning a quoted scalar at line ")
            .nth(1)?;
        let (line, col) = place.split_once(" column ")?;
        let (line, col): (usize, usize) = (line.parse().ok()?, col.trim().parse().ok()?);
        let text = self.yaml.lines().nth(line.checked_sub(1)?)?;
        let q = text.chars().nth(col.checked_sub(1)?)?;
        let quote = q.to_string();
        let fixed = format!("{}{q}", text.trim_end());
        Some(
            Diagnostic::error(self.path, msg!("quote-unclosed", quote = quote.as_str()))
                .at_line(self.file_text, self.first_line + line - 1, col)
                .with_help(msg!("quote-unclosed-help", quote = quote, fixed = fixed)),
        )
    }

    /// Any other error: at its place, said in the guide's words with its fix.
    fn said(&self) -> Diagnostic {
        let words = self.words();
        let (mut line, mut col) = match self.error.location() {
            Some(loc) => (loc.line(), loc.column()),
            None => (1, 0),
        };
        if self.first_line + line.max(1) - 1 > self.last_line() {
            // Errors found at the end of the text belong to its last line.
            col = 1;
        }
        let Reading { why, help, at } = self.reading(&words, line, col);
        (line, col) = at.unwrap_or((line, col));
        let col = if self.error.location().is_none() {
            0
        } else {
            col
        };
        self.error_at(why, line, col).with_help(help)
    }

    /// What the reader's `words` mean, in the guide's words, and their fix, for an error
    /// serde_yaml places at `line`, `col`. The first of these readings that fits is the
    /// one: a message may fit two (a tab that cannot start a token).
    fn reading(&self, words: &str, line: usize, col: usize) -> Reading {
        let text_at = |line: usize| self.yaml.lines().nth(line.max(1) - 1).unwrap_or("");
        let said = |why, help| Reading {
            why,
            help,
            at: None,
        };
        let too_large = words.contains(" as u128") || words.contains(" as i128");
        if too_large {
            let key = words.split(':').next().unwrap_or("?");
            let why = msg!("yaml-number-too-large", key = key);
            said(why, msg!("yaml-number-too-large-help"))
        } else if let Some(i) = duplicate_line(self.yaml, words) {
            // serde_yaml places a duplicate key at its mapping; authors need the second
            // one, which is the line to delete.
            let field = duplicate_key(words).unwrap_or("?");
            Reading {
                at: Some((i + 1, 1)),
                ..said(
                    msg!("yaml-duplicate", field = field),
                    msg!("yaml-duplicate-help", field = field),
                )
            }
        } else if words.contains("tab character")
            || (words.contains("cannot start any token")
                && text_at(line).chars().nth(col.max(1) - 1) == Some('\t'))
        {
            said(msg!("yaml-tab"), msg!("yaml-tab-help"))
        } else if words.contains("expected ',' or ']'") {
            said(msg!("yaml-list-unclosed"), msg!("yaml-list-unclosed-help"))
        } else if words.contains("expected ',' or '}'") {
            said(
                msg!("yaml-group-unclosed"),
                msg!("yaml-group-unclosed-help"),
            )
        } else if words.contains("mapping values are not allowed") {
            let help = msg!("yaml-colon-unexpected-help");
            said(msg!("yaml-colon-unexpected"), help)
        } else if let Some(fixed) = after_quote(text_at(line), col)
            && words.contains("did not find expected key")
        {
            let help = msg!("yaml-after-quote-help", fixed = fixed);
            said(msg!("yaml-after-quote"), help)
        } else if words.contains("did not find expected key")
            || words.contains("block sequence entries are not allowed")
            || words.contains("did not find expected '-' indicator")
        {
            said(msg!("yaml-indentation"), msg!("yaml-indentation-help"))
        } else {
            self.reading_of_characters(words, line, col)
        }
    }

    /// [`Unreadable::reading`] for what the reader could not take in a value or a line: a
    /// character, an alias, an escape, a missing colon; else its own words.
    fn reading_of_characters(&self, words: &str, line: usize, col: usize) -> Reading {
        let text_at = |line: usize| self.yaml.lines().nth(line.max(1) - 1).unwrap_or("");
        // The value at the error's line quoted, `summary: "@équipe"`, when it has one.
        let quoted = || {
            let (head, value) = value_of(text_at(line))?;
            Some(msg!(
                "quote-to-mean-text",
                fixed = format!("{head}\"{}\"", value.trim_end())
            ))
        };
        let quote_it = || quoted().unwrap_or_else(|| msg!("yaml-quote-help"));
        let said = |why, help| Reading {
            why,
            help,
            at: None,
        };
        if words.contains("cannot start any token") {
            let character =
                (text_at(line).chars().nth(col.max(1) - 1)).map_or_else(String::new, String::from);
            said(msg!("yaml-character", character = character), quote_it())
        } else if words.contains("unknown anchor") || words.contains("undefined alias") {
            said(msg!("yaml-alias"), quote_it())
        } else if words.contains("unknown escape character") {
            said(msg!("yaml-escape"), msg!("yaml-escape-help"))
        } else if words.contains("could not find expected ':'") {
            // Found at the line after the one without its colon.
            let before = (1..line).rev().find(|&l| !text_at(l).trim().is_empty());
            Reading {
                at: Some((before.unwrap_or(line), 1)),
                ..said(msg!("yaml-colon-missing"), msg!("yaml-colon-missing-help"))
            }
        } else if words.contains("control characters are not allowed") {
            // serde_yaml places it at the start of the text: find it.
            let control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
            let found = self.yaml.lines().enumerate().find_map(|(i, l)| {
                let at = l.chars().position(control)?;
                Some((i + 1, at + 1))
            });
            let help = msg!("yaml-control-character-help");
            Reading {
                at: found,
                ..said(msg!("yaml-control-character"), help)
            }
        } else if words.contains("limit exceeded") {
            said(msg!("yaml-too-nested"), msg!("yaml-too-nested-help"))
        } else if words.contains("unexpected end of stream") {
            said(msg!("yaml-unexpected-end"), msg!("yaml-invalid-help"))
        } else {
            said(
                msg!("yaml-reader-says", text = words),
                msg!("yaml-invalid-help"),
            )
        }
    }
}

/// An error of the YAML reader as the guide says it: why, the fix, and the place to show
/// when it is not where serde_yaml found it.
struct Reading {
    why: Message,
    help: Message,
    at: Option<(usize, usize)>,
}

/// Words YAML reads as something else than text (true, null, infinity…), in any case.
fn is_other_word(text: &str) -> bool {
    const OTHERS: &[&str] = &[
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "infinity", "nan",
    ];
    OTHERS.iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// One value of [`simple`] front matter (`in_list`: an item of `[a, b]`), or `None` when
/// YAML might read it otherwise.
fn scalar(text: &str, in_list: bool) -> Option<Value> {
    let quoted = |q: char| {
        let inner = text.strip_prefix(q)?.strip_suffix(q)?;
        let plain = !(inner.contains([q, '\\']) || in_list && inner.contains(','));
        plain.then(|| Value::String(inner.to_owned()))
    };
    let first = text.chars().next()?;
    match first {
        '"' => quoted('"'),
        '\'' => quoted('\''),
        '0'..='9' | '-' => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            let whole = (1..=18).contains(&digits.len())
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (!digits.starts_with('0') || text == "0");
            match whole {
                true => Some(Value::Number(text.parse::<i64>().ok()?.into())),
                false => None,
            }
        }
        _ if text == "true" || text == "false" => Some(Value::Bool(text == "true")),
        _ if first.is_alphabetic() => {
            // Words YAML reads as something else than text, in any case.
            let special = is_other_word(text)
                || text.contains(": ")
                || text.contains(" #")
                || text.ends_with(':')
                || (in_list && text.contains([',', '[', ']', '{', '}']));
            (!special).then(|| Value::String(text.to_owned()))
        }
        _ => None,
    }
}

/// The 0-based line of `yaml` where the key named by serde_yaml's "duplicate entry with
/// key" message is written a second time.
fn duplicate_line(yaml: &str, message: &str) -> Option<usize> {
    let key = duplicate_key(message)?;
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

/// `title: "Le rôle" du coordinateur`: text after the quote that closes a value, at
/// `col` of `line`. The value in single quotes, its own quotes kept, is the fix.
fn after_quote(line: &str, col: usize) -> Option<String> {
    let before: String = line.chars().take(col.checked_sub(1)?).collect();
    if !before.trim_end().ends_with(['"', '\'']) {
        return None;
    }
    let (head, value) = value_of(line)?;
    Some(format!("{head}'{}'", value.trim_end().replace('\'', "''")))
}

/// The key serde_yaml names in "duplicate entry with key \"title\"".
fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("duplicate entry with key \"")?;
    Some(&rest[..rest.rfind('"')?])
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `v` as an error names it: its kind, and its value when it is short.
pub fn shown(v: &Value) -> Message {
    match v {
        Value::Bool(b) => msg!("found-value", value = b.to_string()),
        Value::Number(n) => msg!("found-the-number", number = n.to_string()),
        Value::Sequence(items) => msg!(
            "found-list-holding",
            item = items.first().map_or(msg!("found-nothing"), shown)
        ),
        _ => describe(v),
    }
}

/// The kind of `v`, in words ("a group of fields").
pub fn describe(v: &Value) -> Message {
    match v {
        Value::Null => msg!("found-nothing"),
        Value::Bool(_) => msg!("found-bool"),
        Value::Number(_) => msg!("found-number"),
        Value::String(_) => msg!("found-text"),
        Value::Sequence(_) => msg!("found-list"),
        Value::Mapping(_) => msg!("found-group"),
        Value::Tagged(_) => msg!("found-tagged"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::messages::Lang;

    #[test]
    fn wrong_type_is_reported_at_its_line() {
        let file = "---\ntitle: A\nweight: lourd\n---\n";
        let f = Fields::parse(Path::new("a.md"), file, "title: A\nweight: lourd\n", 2).unwrap();
        let e = f.integer("weight").unwrap_err();
        assert_eq!(
            (e.line, e.message.to_string().as_str()),
            (3, "`weight` must be a whole number, found text")
        );
    }

    #[test]
    fn invalid_yaml_is_placed_in_the_file() {
        let file = "---\ntitle: A\naliases: [a, b\n---\n";
        let e = Fields::parse(Path::new("a.md"), file, "title: A\naliases: [a, b\n", 2)
            .err()
            .unwrap();
        assert!(
            e.message.to_string().starts_with("invalid YAML"),
            "{}",
            e.message
        );
        assert!(e.line >= 3, "{e}");
    }

    /// The error of the front matter `yaml` of a page `a.md`.
    fn unreadable(yaml: &str) -> Diagnostic {
        let file = format!("---\n{yaml}---\n");
        Fields::parse(Path::new("a.md"), &file, yaml, 2)
            .err()
            .expect("the front matter is not read")
    }

    #[test]
    fn a_number_too_large_is_said_plainly() {
        let yaml = "title: A\nweight: 99999999999999999999999\n";
        let e = unreadable(yaml);
        assert_eq!(
            e.message.to_string(),
            "invalid YAML: `weight`: number too large"
        );
        assert_eq!(e.line, 3);
    }

    #[test]
    fn a_duplicate_key_is_placed_at_its_second_line() {
        let yaml = "title: A\nkind: role\ntitle: B\n";
        let e = unreadable(yaml);
        assert_eq!((e.line, e.col), (4, 1), "{e}");
        assert_eq!(
            e.message.text(Lang::Fr),
            "l'en-tête ne se lit pas (YAML) : le champ `title` est écrit deux fois"
        );
    }

    /// The YAML errors authors make most are said in the guide's words, at the line to
    /// fix, with the fix; serde_yaml's English is left out.
    #[test]
    fn common_yaml_mistakes_are_said_in_french_at_their_line() {
        let cases = [
            (
                "title: A\n\tkind: role\n",
                "une tabulation décale cette ligne",
                3,
                "espaces",
            ),
            (
                "title: A\naliases: [a, b\n",
                "la liste ouverte par `[` n'est pas fermée",
                3,
                "`]`",
            ),
            (
                "title: A\nsummary: {a\n",
                "le groupe ouvert par `{` n'est pas fermé",
                3,
                "`}`",
            ),
            (
                "title: A\n  kind: role\n",
                "ce `:` ne peut pas être ici",
                3,
                "début de la ligne",
            ),
            (
                "title: A\ntasks:\n  - a\n - b\n",
                "n'est pas alignée sur les autres",
                5,
                "décalez",
            ),
            (
                "title: A\nsummary: @eux\n",
                "ne peut pas commencer par « @ »",
                3,
                "`summary: \"@eux\"`",
            ),
            (
                "title: A\nsummary: *eux\n",
                "une référence YAML (un alias)",
                3,
                "`summary: \"*eux\"`",
            ),
            (
                "title: A\nsummary: \"a \\q\"\n",
                "`\\` annonce un caractère spécial",
                3,
                "guillemets simples",
            ),
            (
                "title: A\nsummary sans deux-points\nkind: role\n",
                "cette ligne n'a pas de `:`",
                3,
                "ajoutez `:`",
            ),
            (
                "title: A\nsummary: a\u{1}b\n",
                "un caractère invisible",
                3,
                "retapez",
            ),
            (
                "title: \"Le rôle\" du lien\n",
                "du texte suit le guillemet",
                2,
                "`title: '\"Le rôle\" du lien'`",
            ),
        ];
        for (yaml, said, line, help) in cases {
            let e = unreadable(yaml);
            let text = e.message.text(Lang::Fr);
            let help_text = e.help.as_ref().unwrap().text(Lang::Fr);
            assert!(
                text.starts_with("l'en-tête ne se lit pas (YAML) : ") && text.contains(said),
                "{yaml:?}: {text}"
            );
            assert_eq!(e.line, line, "{yaml:?}: {text}");
            assert!(help_text.contains(help), "{yaml:?}: {help_text}");
            for english in [
                "found", "expected", "mapping", "anchor", "escape", "allowed",
            ] {
                assert!(!text.contains(english), "{yaml:?}: {text}");
            }
        }
        // A file of settings is named as such, not as front matter.
        let e = Fields::parse(Path::new("praxis.yaml"), "a: [b\n", "a: [b\n", 1)
            .err()
            .unwrap();
        assert!(
            e.message
                .text(Lang::Fr)
                .starts_with("praxis.yaml ne se lit pas (YAML) : la liste"),
            "{}",
            e.message.text(Lang::Fr)
        );
    }

    #[test]
    fn an_unknown_yaml_error_keeps_the_reader_s_words_introduced() {
        let yaml = "title: A\n%YAML 1.2\n";
        let e = unreadable(yaml);
        assert_eq!(
            e.message.text(Lang::Fr),
            "l'en-tête ne se lit pas (YAML) : le lecteur YAML répond (en anglais) : « \
             deserializing from YAML containing more than one document is not supported »"
        );
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let f = Fields::parse(Path::new("a.md"), "titel: A\n", "titel: A\n", 1).unwrap();
        let w = &f.unknown_keys(&["title", "kind"])[0];
        assert_eq!(
            w.help.as_ref().unwrap().to_string(),
            "did you mean `title`?"
        );
    }

    /// What serde_yaml reads, an empty document being an empty mapping as for `Fields`.
    fn by_serde(yaml: &str) -> Option<Value> {
        match serde_yaml::from_str(yaml).ok()? {
            Value::Null => Some(Value::Mapping(Mapping::new())),
            v => Some(v),
        }
    }

    #[test]
    fn usual_front_matter_is_read_without_the_yaml_parser_and_as_it_would() {
        let usual = [
            "title: \"Term 00001\"\nkind: term\nsummary: \"Accueil, pratique: confiance.\"\n",
            "title: Qu'est-ce qu'une Communauté de Pratique ?\nweight: 1\n",
            "title: A\ntasks:\n  - Forum rencontre projet.\n  - Partage soutien.\nroles: [role-01587, role-01659]\n",
            "title: A\naliases: [vidéo-conférences, équipe du CRIFA]\ndraft: true\nweight: -3\n",
            "# a comment\ntitle: 'Le rôle'\n\ntasks:\n- Un\n- Deux\naliases: []\nsummary: \"\"\n",
            "title: C# et \"guillemets\"\nweight: 0\nkind:\n",
            "",
        ];
        for yaml in usual {
            let simple = simple(yaml).map(Value::Mapping);
            assert!(simple.is_some(), "not read simply: {yaml:?}");
            assert_eq!(simple, by_serde(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn anything_unusual_is_left_to_the_yaml_parser() {
        let unusual = [
            "title: A\ntitle: B\n",
            "title: yes\n",
            "title: True\n",
            "title: Null\n",
            "title: .inf\n",
            "title: nan\n",
            "weight: 010\n",
            "weight: 1.5\n",
            "weight: 1e3\n",
            "weight: +5\n",
            "weight: 12345678901234567890\n",
            "title: a: b\n",
            "title: a # comment\n",
            "title: \"a\\\"b\"\n",
            "title: \"a\n  b\"\n",
            "summary: une\n  deux\n",
            "title: &x a\nkind: *x\n",
            "title: !!str 5\n",
            "title: |\n  a\n",
            "title: [a, [b]]\n",
            "title: [a, b,]\n",
            "title: {a: b}\n",
            "tasks:\n  - a\n   - b\n",
            "tasks:\n  - a: b\n",
            "tasks:\n  -  a\n",
            "section:\n  key: v\n",
            "title:\tA\n",
            "title: A\r\n",
            "title: a\u{2028}b\n",
            "true: a\n",
            "- a\n",
            "title:A\n",
            "title : A\n",
        ];
        for yaml in unusual {
            assert_eq!(simple(yaml), None, "{yaml:?}");
        }
    }

    /// Every line that a guide's front matter might hold, in every pair, checked against
    /// serde_yaml: where `simple` reads something, it reads what serde_yaml reads.
    #[test]
    fn simple_reading_agrees_with_serde_yaml() {
        let lines = [
            "title: A",
            "title: \"A: b\"",
            "title: 'l''a'",
            "kind: term",
            "weight: 7",
            "weight: -0",
            "weight: 0",
            "draft: false",
            "draft: FALSE",
            "draft: off",
            "aliases: [a, \"b, c\"]",
            "aliases: [ a , b ]",
            "aliases: [\"x\", 'y']",
            "tasks:",
            "  - un",
            "- deux",
            "  - \"trois\"",
            "  - 4",
            "# note",
            "",
            "summary: Le \"bon\" rôle",
            "summary: a:b",
            "summary: fin:",
            "x-y_z: é",
            "summary: ~",
            "summary: -",
            "summary: 2024-01-01",
            "title: É",
            "title: a #b",
        ];
        for a in lines {
            for b in lines {
                let yaml = format!("{a}\n{b}\n");
                if let Some(map) = simple(&yaml) {
                    assert_eq!(Some(Value::Mapping(map)), by_serde(&yaml), "{yaml:?}");
                }
            }
        }
    }

    fn fields<'a>(file: &'a str) -> Result<Fields<'a>, Diagnostic> {
        let yaml = file
            .strip_prefix("---\n")
            .unwrap()
            .strip_suffix("---\n")
            .unwrap();
        Fields::parse(Path::new("a.md"), file, yaml, 2)
    }

    #[test]
    fn french_typography_reads_as_written() {
        let file = "---\ntitle: Qu'est-ce qu'un rôle ?\nsummary: Son rôle : faire vivre les échanges ; « simplement » !\nkind: role\ntasks:\n  - accueille : les nouveaux membres\n  - relance\u{a0}: chaque mois\n  - Ses outils :\n---\n";
        let f = fields(file).unwrap();
        assert_eq!(
            f.string("summary").unwrap().as_deref(),
            Some("Son rôle : faire vivre les échanges ; « simplement » !")
        );
        assert_eq!(
            f.string("title").unwrap().as_deref(),
            Some("Qu'est-ce qu'un rôle ?")
        );
        assert_eq!(
            f.strings("tasks").unwrap(),
            [
                "accueille : les nouveaux membres",
                "relance\u{a0}: chaque mois",
                "Ses outils :"
            ]
        );
    }

    #[test]
    fn a_colon_written_the_english_way_is_pointed_at_with_the_fix() {
        let e = fields("---\ntitle: A\nsummary: Note: voir plus bas\n---\n")
            .err()
            .unwrap();
        assert_eq!((e.line, e.col), (3, 14), "{e}");
        assert_eq!(
            e.message.to_string(),
            "`:` in the middle of `summary` starts another field"
        );
        assert!(
            e.help
                .unwrap()
                .to_string()
                .contains("`summary: \"Note: voir plus bas\"`"),
            "the fix quotes the value"
        );
    }

    #[test]
    fn a_list_item_read_as_a_field_is_pointed_at_its_colon() {
        let f = fields("---\ntitle: A\ntasks:\n  - relance\n  - accueille: les nouveaux\n---\n")
            .unwrap();
        let e = f.strings("tasks").unwrap_err();
        assert_eq!((e.line, e.col), (5, 14), "{e}");
        assert!(
            e.help
                .unwrap()
                .to_string()
                .contains("`- \"accueille: les nouveaux\"`")
        );
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let e = fields("---\ntitle: A\nsummary: \"Son rôle\nkind: role\nweight: 2\n---\n")
            .err()
            .unwrap();
        assert_eq!((e.line, e.col), (3, 10), "{e}");
        assert!(e.message.to_string().contains("never closed"), "{e}");
        assert!(
            e.help
                .unwrap()
                .to_string()
                .contains("`summary: \"Son rôle\"`")
        );
    }

    /// Where serde_yaml reads front matter (no list holding a group of fields), the
    /// forgiving reading is the same; where it fails on French typography, the forgiving
    /// reading is the text as written.
    #[test]
    fn forgiving_reading_agrees_with_serde_yaml() {
        let lines = [
            "title: A",
            "summary: Son rôle : faire",
            "summary: Ses tâches :",
            "summary: a : b: c",
            "summary: \"x : y\"",
            "summary: |",
            "  - a : b",
            "tasks:",
            "  - a : b",
            "  - a: b",
            "- c : d",
            "  x : y",
            "note: a : b # c",
            "title: « Le rôle » ; enfin !",
            "weight: 3",
            "",
        ];
        for a in lines {
            for b in lines {
                for c in ["", "kind: role"] {
                    let yaml = format!("{a}\n{b}\n{c}\n");
                    let ours = read_forgiving(&yaml).ok();
                    match by_serde(&yaml) {
                        Some(v) if !lists_a_group(&v) => assert_eq!(ours, Some(v), "{yaml:?}"),
                        _ => {}
                    }
                }
            }
        }
        let forgiven = read_forgiving("summary: Son rôle : faire\ntasks:\n  - a : b\n").unwrap();
        assert_eq!(
            forgiven,
            serde_yaml::from_str::<Value>("summary: 'Son rôle : faire'\ntasks: ['a : b']\n")
                .unwrap()
        );
    }
}
