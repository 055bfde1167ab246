//! `praxis.yaml` → [`Config`]: read once per build, checked, defaults filled.

use crate::base::diagnostic::Diagnostic;
use crate::base::messages::{Lang, Message, one_of};
use crate::msg;
use crate::source::yaml::Fields;
use std::path::Path;

pub const FILE_NAME: &str = "praxis.yaml";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, ending with `/`, e.g. `https://example.org/guide/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    /// Folders (from `content/`) where `praxis new` puts roles, terms and examples;
    /// the terms' folder is rendered as the glossary.
    pub roles_section: String,
    pub glossary_section: String,
    pub examples_section: String,
    pub autolink: Autolink,
    pub raw_html: RawHtml,
    /// `review.every`: how long a review holds when a page names no `next_review`.
    pub review_every: Option<crate::source::dates::Period>,
    /// `review.overdue`: whether a page past its review date fails the build.
    pub review_overdue: Overdue,
    /// `bibliography`: the BibTeX (`.bib`) or hayagriva YAML file, from the guide's root.
    pub bibliography: Option<String>,
    /// Not read from praxis.yaml: what the build is for, from the command line.
    pub purpose: Purpose,
}

/// What a build is for, decided once from the command line and read where it matters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Purpose {
    /// `praxis build`: a site for a server, which readers can keep as a web app (its
    /// pages link the manifest and register the service worker).
    Published,
    /// `praxis build --offline`: a folder read from disk. Every internal link names its
    /// file (`roles/index.html`); no web app, which needs a server.
    Offline,
    /// `praxis serve`, and the commands that render only to check or print: links as on
    /// a server, and never a service worker, which would keep stale pages.
    #[default]
    Preview,
}

impl Purpose {
    /// Whether every internal link names its file (`roles/index.html`).
    pub fn file_links(self) -> bool {
        self == Purpose::Offline
    }

    /// Whether the site is a web app: a manifest, a service worker, its list of files.
    pub fn web_app(self) -> bool {
        self == Purpose::Published
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdue {
    Warn,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Autolink {
    /// The first mention of a term on a page links to it.
    First,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    Allow,
    /// For guides open to untrusted authors: HTML in Markdown is shown as text.
    Escape,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Guide".to_owned(),
            description: String::new(),
            base_url: "http://127.0.0.1:8000/".to_owned(),
            language: "fr".to_owned(),
            theme: "default".to_owned(),
            roles_section: "roles".to_owned(),
            glossary_section: "glossaire".to_owned(),
            examples_section: "exemples".to_owned(),
            autolink: Autolink::Off,
            raw_html: RawHtml::Allow,
            review_every: None,
            review_overdue: Overdue::Warn,
            bibliography: None,
            purpose: Purpose::default(),
        }
    }
}

impl Config {
    /// The path part of `base_url`: `/guide/` for `https://example.org/guide/`.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

const KNOWN: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "sections",
    "glossary",
    "markdown",
    "review",
    "bibliography",
];

/// More than any settings file needs (the guide's is under 1 KB).
const MAX_BYTES: u64 = 1 << 20;

/// Reads `<root>/praxis.yaml`. A guide without one gets the defaults and a warning.
/// Returns the config (defaults where a field was wrong) and the problems found.
pub fn load(root: &Path) -> (Config, Vec<Diagnostic>) {
    let loaded = read(root);
    (loaded.config, loaded.problems)
}

/// `praxis.yaml` read once: its text, when it could be read (a diagnostic about a field
/// shows its line), and what it says.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub text: Option<String>,
    pub config: Config,
    pub problems: Vec<Diagnostic>,
}

impl Loaded {
    /// The language the guide's messages are said in: English when praxis.yaml could not
    /// be read, as nothing says otherwise.
    pub fn lang(&self) -> Lang {
        match self.text {
            Some(_) => Lang::of(&self.config.language),
            None => Lang::En,
        }
    }

    /// Nothing read: the defaults, and why.
    fn unread(problem: Diagnostic) -> Loaded {
        Loaded {
            text: None,
            config: Config::default(),
            problems: vec![problem],
        }
    }
}

/// Reads and parses `<root>/praxis.yaml`, as [`load`], keeping its text.
pub fn read(root: &Path) -> Loaded {
    let path = Path::new(FILE_NAME);
    let full = root.join(FILE_NAME);
    // Looked at before it is opened: opening a named pipe waits for a writer, and reading
    // a device (a link to /dev/zero) would never end.
    match std::fs::metadata(&full) {
        Ok(meta) if !meta.is_file() => {
            let d = Diagnostic::error(path, msg!("config-not-a-file"))
                .with_help(msg!("config-not-a-file-help"));
            return Loaded::unread(d);
        }
        Ok(meta) if meta.len() > MAX_BYTES => {
            let d = Diagnostic::error(path, msg!("config-too-large", bytes = meta.len()))
                .with_help(msg!("config-too-large-help"));
            return Loaded::unread(d);
        }
        _ => {}
    }
    let text = match std::fs::read(&full) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                let d = Diagnostic::error(path, msg!("config-not-utf8"))
                    .with_help(msg!("not-utf8-help"));
                return Loaded::unread(d);
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let d = Diagnostic::warning(path, msg!("config-missing"))
                .with_help(msg!("config-missing-help"));
            return Loaded::unread(d);
        }
        Err(e) => {
            let cause = crate::base::messages::io_cause(&e);
            return Loaded::unread(Diagnostic::error(path, msg!("cannot-read", cause = cause)));
        }
    };
    let (config, problems) = parse(path, &text);
    Loaded {
        text: Some(text),
        config,
        problems,
    }
}

pub fn parse(path: &Path, text: &str) -> (Config, Vec<Diagnostic>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut config = Config::default();
    let mut problems = Vec::new();
    let fields = match Fields::parse(path, text, text, 1) {
        Ok(f) => f,
        Err(d) => return (config, vec![d]),
    };
    problems.extend(fields.unknown_keys(KNOWN));
    read_texts(&fields, &mut config, &mut problems);
    let sections: [(&str, Section); 4] = [
        ("sections", read_sections),
        ("glossary", read_glossary),
        ("markdown", read_markdown),
        ("review", read_review),
    ];
    for (key, read) in sections {
        match fields.section(key) {
            Ok(Some(s)) => read(&s, &mut config, &mut problems),
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    match fields.string("bibliography") {
        Ok(v) => config.bibliography = v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()),
        Err(d) => problems.push(d),
    }
    check(&fields, &mut config, &mut problems);
    (config, problems)
}

/// Reads one section of praxis.yaml (`sections:`, `glossary:` …) into `config`.
type Section = fn(&Fields, &mut Config, &mut Vec<Diagnostic>);

/// The guide's texts at the top of praxis.yaml: its title, description, address,
/// language and theme, as written (checked by [`check`]).
fn read_texts(fields: &Fields, config: &mut Config, problems: &mut Vec<Diagnostic>) {
    take(problems, fields.string("title"), &mut config.title);
    take(
        problems,
        fields.string("description"),
        &mut config.description,
    );
    take(problems, fields.string("base_url"), &mut config.base_url);
    take(problems, fields.string("language"), &mut config.language);
    take(problems, fields.string("theme"), &mut config.theme);
}

/// `sections:`: the folders of the roles, the glossary and the examples.
fn read_sections(s: &Fields, config: &mut Config, problems: &mut Vec<Diagnostic>) {
    problems.extend(s.unknown_keys(&["role", "term", "example"]));
    take(problems, s.string("role"), &mut config.roles_section);
    take(problems, s.string("term"), &mut config.glossary_section);
    take(problems, s.string("example"), &mut config.examples_section);
}

/// `glossary: autolink:`: a term linked where a page first mentions it, or never.
fn read_glossary(s: &Fields, config: &mut Config, problems: &mut Vec<Diagnostic>) {
    problems.extend(s.unknown_keys(&["autolink"]));
    match s.choice("autolink") {
        Ok(Some(v)) if v == "first" => config.autolink = Autolink::First,
        Ok(Some(v)) if v == "off" || v == "false" => config.autolink = Autolink::Off,
        Ok(Some(v)) => problems.push(unknown_choice(s, "autolink", &v, ["first", "off"])),
        Ok(None) => {}
        Err(d) => problems.push(d),
    }
}

/// `markdown: raw_html:`: HTML written in pages kept or escaped.
fn read_markdown(s: &Fields, config: &mut Config, problems: &mut Vec<Diagnostic>) {
    problems.extend(s.unknown_keys(&["raw_html"]));
    match s.choice("raw_html") {
        Ok(Some(v)) if v == "allow" => config.raw_html = RawHtml::Allow,
        Ok(Some(v)) if v == "escape" => config.raw_html = RawHtml::Escape,
        Ok(Some(v)) => problems.push(unknown_choice(s, "raw_html", &v, ["allow", "escape"])),
        Ok(None) => {}
        Err(d) => problems.push(d),
    }
}

/// `review:`: how often pages are reviewed, and whether an overdue one is an error.
fn read_review(s: &Fields, config: &mut Config, problems: &mut Vec<Diagnostic>) {
    problems.extend(s.unknown_keys(&["every", "overdue"]));
    match s.string("every") {
        Ok(Some(v)) => match crate::source::dates::Period::parse(&v) {
            Some(p) => config.review_every = Some(p),
            None => problems.push(
                s.error_at("every", msg!("period-invalid", value = v))
                    .with_help(msg!("period-invalid-help")),
            ),
        },
        Ok(None) => {}
        Err(d) => problems.push(d),
    }
    match s.string("overdue") {
        Ok(Some(v)) if v == "warn" => config.review_overdue = Overdue::Warn,
        Ok(Some(v)) if v == "error" => config.review_overdue = Overdue::Error,
        Ok(Some(v)) => problems.push(unknown_choice(s, "overdue", &v, ["warn", "error"])),
        Ok(None) => {}
        Err(d) => problems.push(d),
    }
}

/// The texts that must have a shape checked, each set back to its default when it has
/// not: the address, the language tag, the sections' folders.
fn check(fields: &Fields, config: &mut Config, problems: &mut Vec<Diagnostic>) {
    let written = std::mem::take(&mut config.base_url);
    if let Err(message) = set_base_url(config, "base_url", &written) {
        problems.push(
            fields
                .error_at("base_url", message)
                .with_help(msg!("base-url-help")),
        );
        config.base_url = Config::default().base_url;
    }
    if !is_language_tag(&config.language) {
        problems.push(
            fields
                .error_at(
                    "language",
                    msg!("language-invalid", value = config.language.as_str()),
                )
                .with_help(msg!("language-invalid-help")),
        );
        config.language = Config::default().language;
    }
    for (key, value) in [
        ("sections", &mut config.roles_section),
        ("sections", &mut config.glossary_section),
        ("sections", &mut config.examples_section),
    ] {
        *value = value.trim_matches('/').to_owned();
        if value.is_empty() || value.contains("..") {
            problems.push(fields.error_at(key, msg!("section-outside")));
        }
    }
}

fn take(problems: &mut Vec<Diagnostic>, r: Result<Option<String>, Diagnostic>, into: &mut String) {
    match r {
        Ok(Some(v)) => *into = v,
        Ok(None) => {}
        Err(d) => problems.push(d),
    }
}

/// The language praxis speaks to the authors of the guide at `root`: its `language:`
/// (French when praxis.yaml does not say), English when praxis.yaml cannot be read.
pub fn language(root: &Path) -> Lang {
    read(root).lang()
}

/// The error for `value`, which is none of the words `field` takes.
fn unknown_choice(s: &Fields, field: &'static str, value: &str, words: [&str; 2]) -> Diagnostic {
    let words = words.map(str::to_owned);
    s.error_at(
        field,
        msg!("setting-unknown-value", field = field, value = value),
    )
    .with_help(msg!(
        "setting-values",
        field = field,
        values = one_of(&words)
    ))
}

/// Settings given on the command line (`--base-url`): values put over those of
/// praxis.yaml, and checked by the same code (see [`apply`]).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
}

/// Puts `overrides` over `config`, each value checked as the same field of praxis.yaml
/// is; a value refused leaves the field as it was, with an error naming the argument.
pub fn apply(config: &mut Config, overrides: &Overrides) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if let Some(url) = &overrides.base_url
        && let Err(message) = set_base_url(config, "--base-url", url)
    {
        problems.push(
            Diagnostic::error("--base-url", message).with_help(msg!("base-url-argument-help")),
        );
    }
    problems
}

/// Domains kept for examples and names of the machine itself (RFC 2606 and 6761): an
/// address there, printed on paper or shared from the guide, leads nowhere.
const PLACEHOLDER_DOMAINS: &[&str] = &[
    "example.org",
    "example.com",
    "example.net",
    "example",
    "test",
    "invalid",
    "localhost",
];

/// The host of `base_url` when it is a placeholder (`www.x.example.org`, `guide.test`,
/// `localhost`, `127.0.0.1`): the one rule of `check`, which warns of it, and of `print`,
/// which refuses to put it on paper.
pub fn placeholder_host(base_url: &str) -> Option<&str> {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let local = lower == "::1" || lower.starts_with("127.") || lower == "0.0.0.0";
    let reserved = PLACEHOLDER_DOMAINS
        .iter()
        .any(|d| lower == *d || lower.ends_with(&format!(".{d}")));
    (local || reserved).then_some(name)
}

/// A warning when `base_url` in praxis.yaml (its text `file_text`) is a placeholder
/// ([`placeholder_host`]), as `praxis init` writes: printed sheets and links shared from
/// the guide would lead there.
pub fn placeholder_base_url(config: &Config, file_text: &str) -> Option<Diagnostic> {
    placeholder_host(&config.base_url)?;
    let line = file_text.lines().position(|l| l.starts_with("base_url:"))?;
    Some(
        Diagnostic::warning(
            Path::new(FILE_NAME),
            msg!("base-url-placeholder", url = config.base_url.as_str()),
        )
        .at_line(file_text, line + 1, 1)
        .with_help(msg!("base-url-placeholder-help")),
    )
}

/// Sets `base_url` to `url` (with a final `/`) if it is an absolute http(s) URL; `name`
/// is the field or argument it came from. Refused, `base_url` is left as it was.
fn set_base_url(config: &mut Config, name: &str, url: &str) -> Result<(), Message> {
    check_base_url(name, url)?;
    config.base_url = url.to_owned();
    if !config.base_url.ends_with('/') {
        config.base_url.push('/');
    }
    Ok(())
}

fn check_base_url(name: &str, url: &str) -> Result<(), Message> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| msg!("base-url-not-absolute", field = name, url = url))?;
    if !matches!(scheme, "http" | "https") || rest.is_empty() || rest.starts_with('/') {
        return Err(msg!("base-url-not-http", field = name, url = url));
    }
    if url.contains(['?', '#', ' ', '"', '<', '>']) || url.chars().any(char::is_control) {
        return Err(msg!(
            "base-url-forbidden-characters",
            field = name,
            url = url
        ));
    }
    Ok(())
}

/// `fr`, `fr-CA`: letters, then parts of letters and digits after `-` (it names a file of
/// the theme, so nothing else may be in it).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_complete_file() {
        let (c, problems) = parse(
            Path::new(FILE_NAME),
            "title: Guide\nbase_url: https://example.org/guide\nglossary:\n  autolink: first\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(c.base_url, "https://example.org/guide/");
        assert_eq!(c.base_path(), "/guide/");
        assert_eq!(c.autolink, Autolink::First);
    }

    #[test]
    fn problems_name_their_line() {
        let (_, problems) = parse(
            Path::new(FILE_NAME),
            "title: Guide\nbase_url: example.org\nglossary:\n  autolinks: first\n",
        );
        let lines: Vec<usize> = problems.iter().map(|d| d.line).collect();
        assert_eq!(lines, [4, 2], "{problems:?}");
    }

    #[test]
    fn an_override_is_checked_as_the_field_is_and_keeps_the_reason() {
        let (mut c, _) = parse(Path::new(FILE_NAME), "base_url: https://example.org/\n");
        let quoted = Overrides {
            base_url: Some("https://ex.org/a\"b/".to_owned()),
        };
        let problems = apply(&mut c, &quoted);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.text(Lang::En).contains("quotes"),
            "{problems:?}"
        );
        assert_eq!(
            c.base_url, "https://example.org/",
            "a refused value changes nothing"
        );
        let ftp = apply(
            &mut c,
            &Overrides {
                base_url: Some("ftp://x".to_owned()),
            },
        );
        assert!(
            ftp[0]
                .message
                .text(Lang::En)
                .contains("must start with http:// or https://"),
            "{ftp:?}"
        );
        let good = Overrides {
            base_url: Some("https://ex.org/guide".to_owned()),
        };
        assert!(apply(&mut c, &good).is_empty());
        assert_eq!(c.base_url, "https://ex.org/guide/");
    }

    #[test]
    fn example_test_invalid_and_local_addresses_are_placeholders() {
        for url in [
            "https://example.org/guide/",
            "https://guide.example.org/",
            "https://www.healthcop-guide.example.org/",
            "https://example.com/guide/",
            "https://www.example.com/",
            "http://EXAMPLE.NET./",
            "https://sub.example.net/",
            "http://localhost:8000/",
            "http://127.0.0.1:8000/",
            "http://[::1]/",
            "http://0.0.0.0/",
            "https://guide.example/",
            "https://guide.invalid/",
            "https://guide.test/",
        ] {
            assert!(placeholder_host(url).is_some(), "{url}");
        }
        for url in [
            "https://cop-sante.be/guide/",
            "https://notexample.org/",
            "https://example.org.be/",
            "https://testing.org/",
        ] {
            assert_eq!(placeholder_host(url), None, "{url}");
        }
    }

    #[test]
    fn check_warns_of_a_placeholder_at_its_line() {
        let text = "title: Guide\nbase_url: https://guide.example.org/\n";
        let (c, _) = parse(Path::new(FILE_NAME), text);
        let warning = placeholder_base_url(&c, text).expect("a placeholder");
        assert_eq!(warning.line, 2);
        let real = "base_url: https://cop-sante.be/\n";
        let (c, _) = parse(Path::new(FILE_NAME), real);
        assert!(placeholder_base_url(&c, real).is_none());
    }

    #[test]
    fn read_keeps_the_text_and_says_the_language_english_when_there_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let missing = read(dir.path());
        assert_eq!((missing.lang(), missing.text), (Lang::En, None));
        assert_eq!(missing.problems.len(), 1, "a warning: no praxis.yaml");
        let text = "title: G\nlanguage: fr-CA\n";
        std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
        let found = read(dir.path());
        assert_eq!(found.text.as_deref(), Some(text));
        assert_eq!(found.lang(), Lang::Fr);
        assert_eq!(found.config, load(dir.path()).0);
    }

    #[test]
    fn the_language_names_a_file_and_must_be_a_tag() {
        for (tag, ok) in [
            ("fr", true),
            ("fr-CA", true),
            ("../x", false),
            ("f", false),
            ("fr_FR", false),
        ] {
            let (c, problems) = parse(Path::new(FILE_NAME), &format!("language: \"{tag}\"\n"));
            assert_eq!(problems.is_empty(), ok, "{tag}: {problems:?}");
            assert_eq!(c.language == tag, ok);
        }
    }
}
