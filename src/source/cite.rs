//! Sources and citations: the bibliography file named by `bibliography:` in praxis.yaml
//! (BibTeX as Zotero exports it, or hayagriva's YAML), Pandoc-style citations in the text
//! (`[@wenger2002]`, `[@wenger2002, p. 12]`, `[@lave1991; @wenger1998]`), and a page's
//! `source:`. The only place that touches hayagriva, which formats with CSL styles: APA
//! with the French locale (hayagriva ships no French style; APA's terms are the locale's).

use crate::base::diagnostic::{Diagnostic, display_path};
use crate::base::sync;
use crate::msg;
use crate::source::yaml::Fields;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
    Library, LocatorPayload, SpecificLocator,
};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a citation's link target starts with, as the Markdown parser hands it over.
pub const SCHEME: &str = "praxis-cite:";
/// More than any bibliography a guide cites from.
const MAX_BYTES: u64 = 16 << 20;
/// The CSS class of a citation in the text.
pub const CLASS: &str = "citation";

/// A page's `source:`: a URL, with a label to show ("D'après <label>").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub url: String,
    pub label: String,
}

/// Reads `source:`, either a URL or `{url: …, label: …}`.
pub fn read_source(f: &Fields, problems: &mut Vec<Diagnostic>) -> Option<Source> {
    use serde_yaml::Value;
    let help = || msg!("source-help");
    let value = f.get("source")?;
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        _ => None,
    };
    let (url, label) = match value {
        Value::String(_) => (text(Some(value)), None),
        Value::Mapping(m) => {
            if let Some(other) = m
                .keys()
                .filter_map(Value::as_str)
                .find(|k| !["url", "label"].contains(k))
            {
                problems.push(
                    f.error_at("source", msg!("source-unknown-field", field = other))
                        .with_help(help()),
                );
                return None;
            }
            (text(m.get("url")), text(m.get("label")))
        }
        _ => (None, None),
    };
    let Some(url) = url else {
        problems.push(
            f.error_at("source", msg!("source-no-url"))
                .with_help(help()),
        );
        return None;
    };
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        problems.push(
            f.error_at("source", msg!("source-not-web", url = url))
                .with_help(msg!("source-not-web-help")),
        );
        return None;
    }
    let label = label.unwrap_or_else(|| url.clone());
    Some(Source { url, label })
}

/// One reference of a citation: `@wenger2002, p. 12`.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub key: String,
    pub locator: Option<String>,
    /// Where `@key` is, from the start of the citation's text (after its `[`).
    pub at: usize,
}

/// The text between the brackets, when it is a citation: `@a; @b, p. 3`.
pub fn parse(text: &str) -> Option<Vec<Item>> {
    let mut items = Vec::new();
    let mut at = 0;
    for part in text.split(';') {
        let start = at + (part.len() - part.trim_start().len());
        at += part.len() + 1;
        let rest = part.trim().strip_prefix('@')?;
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || "_-:.#$%&+?<>~/".contains(c)))
            .unwrap_or(rest.len());
        let key = rest[..end].trim_end_matches(['.', ':', '?']);
        if key.is_empty() {
            return None;
        }
        let after = rest[key.len()..].trim();
        let locator = match after.strip_prefix(',') {
            Some(l) => Some(l.trim().to_owned()).filter(|l| !l.is_empty()),
            None if after.is_empty() => None,
            None => return None,
        };
        items.push(Item {
            key: key.to_owned(),
            locator,
            at: start,
        });
    }
    Some(items)
}

/// A citation found in a body: its items and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Cite {
    pub offset: usize,
    pub items: Vec<Item>,
}

/// The guide's bibliography, with the style and locale it is written in.
pub struct Bibliography {
    pub library: Library,
    /// Where it was read from, relative to the guide's root.
    pub path: PathBuf,
    style: IndependentStyle,
    locales: Vec<Locale>,
    locale: LocaleCode,
    /// Each list of citations formatted so far: pages that cite the same works share one
    /// formatting (hayagriva's was most of the shipped guide's build, a page, its sheet and
    /// its part of the guide to print each asking).
    formatted: std::sync::Mutex<std::collections::HashMap<CitedKeys, Formatted>>,
    /// The file's size and time of change when it was read: see [`reload`].
    stamp: Option<(u64, std::time::SystemTime)>,
}

impl std::fmt::Debug for Bibliography {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Bibliography({}, {} entries)",
            self.path.display(),
            self.library.len()
        )
    }
}

/// A bibliography in hayagriva's YAML that does not read: an entry's field hayagriva
/// refuses (`a.date: date format unknown`) said in the guide's words at its line, with
/// the fix; YAML that does not read at all as any other YAML file ([`crate::source::yaml`]).
fn yaml_error(path: &Path, text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let words = e.to_string();
    let words = words.split(" at line ").next().unwrap_or(&words);
    // hayagriva's errors name the entry and its field first: `a.type: unknown variant…`.
    let named = words
        .split_once(": ")
        .filter(|(place, _)| !place.is_empty() && !place.contains(' '));
    let Some((place, detail)) = named else {
        return crate::source::yaml::unreadable(path, text, e);
    };
    let (key, field) = place.split_once('.').unwrap_or((place, ""));
    // The text between the first pair of backticks: `livrezz` in "unknown variant `livrezz`".
    let quoted = || detail.split('`').nth(1).unwrap_or("");
    let (why, help) = if detail.starts_with("date format unknown") {
        let why = msg!("bib-date-invalid", key = key, field = field);
        (why, msg!("bib-date-invalid-help", field = field))
    } else if detail.starts_with("unknown variant") && field == "type" {
        let why = msg!("bib-type-unknown", key = key, value = quoted());
        (why, msg!("bib-type-unknown-help"))
    } else if detail.starts_with("unknown variant") {
        let why = msg!(
            "bib-value-unknown",
            key = key,
            field = field,
            value = quoted()
        );
        (why, msg!("bibliography-invalid-help"))
    } else if detail.starts_with("unknown field") {
        let why = msg!("bib-field-unknown", key = key, field = quoted());
        (why, msg!("bibliography-invalid-help"))
    } else if detail.starts_with("missing field") {
        let why = msg!("bib-field-missing", key = key, field = quoted());
        (why, msg!("bib-field-missing-help", field = quoted()))
    } else if let Some(found) = detail.strip_prefix("invalid type: ") {
        let found = found.split(',').next().unwrap_or("");
        let found = match found.split_whitespace().next().unwrap_or("") {
            "sequence" => msg!("found-list"),
            "map" => msg!("found-group"),
            "integer" | "floating" => msg!("found-number"),
            "boolean" => msg!("found-bool"),
            "string" => msg!("found-text"),
            _ => crate::base::messages::verbatim(found),
        };
        let why = msg!(
            "bib-field-wrong-form",
            key = key,
            field = field,
            found = found
        );
        (why, msg!("bibliography-invalid-help"))
    } else {
        let said = msg!("library-says", library = "hayagriva", text = detail);
        let why = msg!("bib-entry-invalid", key = key, field = field, cause = said);
        (why, msg!("bibliography-invalid-help"))
    };
    let d = Diagnostic::error(path, msg!("bibliography-invalid", detail = why));
    match e.location() {
        Some(l) => d.at_line(text, l.line(), l.column()),
        None => d,
    }
    .with_help(help)
}

/// A BibTeX file that does not read: hayagriva's first error (a parse error of the
/// `biblatex` crate, or a field of the wrong type) in the guide's words, at its place.
fn bibtex_error(
    path: &Path,
    text: &str,
    error: Option<&hayagriva::io::BibLaTeXError>,
) -> Diagnostic {
    use biblatex::{ParseErrorKind as P, Token, TypeErrorKind as T};
    use hayagriva::io::BibLaTeXError;
    let token = |t: &Token| match t {
        Token::Identifier => msg!("bibtex-token-name"),
        Token::OpeningBrace => crate::base::messages::verbatim("`{`"),
        Token::ClosingBrace => crate::base::messages::verbatim("`}`"),
        Token::Comma => crate::base::messages::verbatim("`,`"),
        Token::QuotationMark => crate::base::messages::verbatim("`\"`"),
        Token::Equals => crate::base::messages::verbatim("`=`"),
        Token::DecimalPoint => crate::base::messages::verbatim("`.`"),
    };
    let (at, why, help) = match error {
        None => (None, msg!("bibtex-eof"), msg!("bibtex-eof-help")),
        Some(BibLaTeXError::Parse(e)) => {
            let at = e.span.start;
            let (why, help) = match &e.kind {
                // At the very end: what was missing is a closing brace left open.
                _ if at >= text.trim_end().len() => (msg!("bibtex-eof"), msg!("bibtex-eof-help")),
                P::UnexpectedEof => (msg!("bibtex-eof"), msg!("bibtex-eof-help")),
                P::Expected(t) => (
                    msg!("bibtex-expected", token = token(t)),
                    msg!("bibtex-field-help"),
                ),
                P::Unexpected(t) => (
                    msg!("bibtex-unexpected", token = token(t)),
                    msg!("bibtex-field-help"),
                ),
                P::UnknownAbbreviation(name) => (
                    msg!("bibtex-abbreviation", name = name.as_str()),
                    msg!("bibtex-abbreviation-help", name = name.as_str()),
                ),
                P::DuplicateKey(key) => (
                    msg!("bibtex-duplicate", key = key.as_str()),
                    msg!("bibtex-duplicate-help"),
                ),
                P::MalformedCommand => (msg!("bibtex-command"), msg!("bibtex-command-help")),
                P::ResolutionError(_) => (msg!("bibtex-crossref"), msg!("bibtex-invalid-help")),
                _ => (
                    msg!(
                        "library-says",
                        library = "biblatex",
                        text = e.kind.to_string()
                    ),
                    msg!("bibtex-invalid-help"),
                ),
            };
            (Some(at), why, help)
        }
        Some(BibLaTeXError::Type(e)) => {
            let (why, help) = match e.kind {
                T::UndefinedRange
                | T::DayOutOfRange
                | T::MonthOutOfRange
                | T::YearZeroCE
                | T::WrongNumberOfDigits
                | T::InvalidFormat => (msg!("bibtex-date"), msg!("bibtex-date-help")),
                T::InvalidNumber | T::MissingNumber | T::InvalidIntegerRange => {
                    (msg!("bibtex-number"), msg!("bibtex-number-help"))
                }
                _ => (
                    msg!("library-says", library = "hayagriva", text = e.to_string()),
                    msg!("bibtex-invalid-help"),
                ),
            };
            (Some(e.span.start), why, help)
        }
    };
    let d = Diagnostic::error(path, msg!("bibtex-invalid", detail = why)).with_help(help);
    // A place past the last line is shown at the last line, whose text can be seen.
    let last = text.trim_end().len();
    match at {
        Some(at) if at >= last && last > 0 => d.at_line(text, text.trim_end().lines().count(), 0),
        Some(at) => d.at_offset(text, at),
        None => d,
    }
}

/// Reads the file `rel` (from praxis.yaml's `bibliography:`), from `root`.
pub fn load(root: &Path, rel: &str) -> Result<Bibliography, Diagnostic> {
    let path = PathBuf::from(rel);
    // Looked at before it is opened: a named pipe would wait for a writer.
    let stamp = match std::fs::metadata(root.join(&path)) {
        Ok(meta) if !meta.is_file() || meta.len() > MAX_BYTES => {
            return Err(Diagnostic::error(&path, msg!("bibliography-not-text"))
                .with_help(msg!("bibliography-not-text-help")));
        }
        meta => meta.ok().and_then(|m| Some((m.len(), m.modified().ok()?))),
    };
    let text = std::fs::read_to_string(root.join(&path)).map_err(|e| {
        Diagnostic::error(
            &path,
            msg!(
                "bibliography-unreadable",
                cause = crate::base::messages::io_cause(&e)
            ),
        )
        .with_help(msg!("bibliography-unreadable-help"))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let yaml = rel.ends_with(".yaml") || rel.ends_with(".yml");
    let library = if yaml {
        hayagriva::io::from_yaml_str(text).map_err(|e| yaml_error(&path, text, &e))?
    } else {
        hayagriva::io::from_biblatex_str(text)
            .map_err(|errors| bibtex_error(&path, text, errors.first()))?
    };
    let style = match hayagriva::archive::ArchivedStyle::by_name("apa").map(|s| s.get()) {
        Some(Style::Independent(style)) => style,
        _ => {
            return Err(Diagnostic::error(&path, msg!("apa-missing")));
        }
    };
    Ok(Bibliography {
        library,
        path,
        style,
        locales: locales(&["fr-FR", "en-US"]),
        locale: LocaleCode("fr-FR".to_owned()),
        formatted: std::sync::Mutex::default(),
        stamp,
    })
}

/// [`load`], or `previous` again when it was read from the same file, unchanged since
/// (same size and time of change): `praxis serve`'s full builds keep the citations it
/// has formatted (hayagriva's formatting was a quarter of the shipped guide's build).
pub fn reload(
    root: &Path,
    rel: &str,
    previous: Option<&Arc<Bibliography>>,
) -> Result<Arc<Bibliography>, Diagnostic> {
    let stamp = |path: &Path| {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.len(), meta.modified().ok()?))
    };
    match previous {
        Some(b)
            if b.path == Path::new(rel)
                && b.stamp.is_some()
                && b.stamp == stamp(&root.join(rel)) =>
        {
            Ok(Arc::clone(b))
        }
        _ => load(root, rel).map(Arc::new),
    }
}

/// Each citation of `cites` whose key is not in the bibliography, at its place in the
/// page `source` whose body starts at `body_start` of `text`.
pub fn check(
    bibliography: Option<&Bibliography>,
    source: &Path,
    text: &str,
    body_start: usize,
    cites: &[Cite],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for cite in cites {
        for item in &cite.items {
            let at = body_start + cite.offset + 1 + item.at;
            let d = match bibliography {
                None => Diagnostic::error(
                    source,
                    msg!("cite-without-bibliography", key = item.key.as_str()),
                )
                .at_offset(text, at)
                .with_help(msg!("cite-without-bibliography-help")),
                Some(b) if b.library.get(&item.key).is_some() => continue,
                Some(b) => {
                    let key = item.key.as_str();
                    let file = display_path(&b.path);
                    match crate::base::text::suggest(key, b.library.keys(), 1).first() {
                        Some(s) => Diagnostic::error(
                            source,
                            msg!("cite-unknown-did-you-mean", key = key, suggestion = *s),
                        )
                        .with_help(msg!("cite-check-key-help", file = file)),
                        None => Diagnostic::error(source, msg!("cite-unknown", key = key))
                            .with_help(msg!("cite-unknown-help", file = file)),
                    }
                    .at_offset(text, at)
                }
            };
            out.push(d);
        }
    }
    out
}

/// A page's citations as written in the text, and its list of references.
#[derive(Debug, Default, Clone)]
pub struct Formatted {
    /// For each citation of the page, in order: `(Wenger et al., 2002, p. 12)`.
    pub citations: Vec<String>,
    /// The references the page cites, as HTML, in the style's order.
    pub references: Vec<Reference>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// `ref-wenger2002`.
    pub id: String,
    pub html: String,
    /// As plain text, for a citation's tooltip.
    #[serde(skip)]
    pub text: String,
}

/// The keys and locators of a page's citations, each citation ended by an empty key.
type CitedKeys = Vec<(String, Option<String>)>;

/// The CSL locales `codes` from hayagriva's archive. Its `locales()` decodes all 60 of
/// them (a third of the shipped guide's build); a locale's CBOR names its code, so only
/// the blobs that hold one of `codes` are decoded, and kept if their code is one of them.
fn locales(codes: &[&str]) -> Vec<Locale> {
    hayagriva::archive::LOCALES
        .iter()
        .filter(|blob| {
            (codes.iter()).any(|code| memchr::memmem::find(blob, code.as_bytes()).is_some())
        })
        .filter_map(|blob| ciborium::de::from_reader::<Locale, _>(*blob).ok())
        .filter(|locale| {
            (locale.lang.as_ref()).is_some_and(|lang| codes.contains(&lang.0.as_str()))
        })
        .collect()
}

impl Bibliography {
    /// Formats `cites` (those of one page) and its references. Unknown keys are left out
    /// (they are errors, reported before rendering).
    pub fn format(&self, cites: &[Cite]) -> Formatted {
        let key: CitedKeys = (cites.iter())
            .flat_map(|cite| {
                let items = cite.items.iter();
                let end = std::iter::once((String::new(), None));
                items.map(|i| (i.key.clone(), i.locator.clone())).chain(end)
            })
            .collect();
        let memo = || sync::lock(&self.formatted);
        if let Some(done) = memo().get(&key) {
            return done.clone();
        }
        let formatted = self.format_anew(cites);
        memo().insert(key, formatted.clone());
        formatted
    }

    fn format_anew(&self, cites: &[Cite]) -> Formatted {
        let mut driver = BibliographyDriver::new();
        let mut shown = Vec::new();
        for cite in cites {
            let items: Vec<CitationItem<_>> = cite
                .items
                .iter()
                .filter_map(|item| {
                    let entry = self.library.get(&item.key)?;
                    let locator = item.locator.as_deref().map(locator);
                    Some(CitationItem::with_locator(entry, locator))
                })
                .collect();
            shown.push(!items.is_empty());
            if !items.is_empty() {
                driver.citation(self.request(items));
            }
        }
        self.finish(driver, shown)
    }

    /// Every entry of the bibliography, for its own page.
    pub fn everything(&self) -> Vec<Reference> {
        let mut driver = BibliographyDriver::new();
        for entry in self.library.iter() {
            let mut item = CitationItem::with_entry(entry);
            item.hidden = true;
            driver.citation(self.request(vec![item]));
        }
        self.finish(driver, Vec::new()).references
    }

    fn request<'a>(
        &'a self,
        items: Vec<CitationItem<'a, hayagriva::Entry>>,
    ) -> CitationRequest<'a, hayagriva::Entry> {
        CitationRequest::new(
            items,
            &self.style,
            Some(self.locale.clone()),
            &self.locales,
            None,
        )
    }

    fn finish(&self, driver: BibliographyDriver<hayagriva::Entry>, shown: Vec<bool>) -> Formatted {
        let rendered = driver.finish(BibliographyRequest::new(
            &self.style,
            Some(self.locale.clone()),
            &self.locales,
        ));
        let mut formatted = rendered.citations.iter().map(|c| {
            let mut text = String::new();
            let _ = c.citation.write_buf(&mut text, BufWriteFormat::Plain);
            text
        });
        let citations = shown
            .into_iter()
            .map(|s| {
                if s {
                    formatted.next().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .collect();
        let references = rendered
            .bibliography
            .map(|b| b.items)
            .unwrap_or_default()
            .into_iter()
            .map(|item| {
                let mut html = String::new();
                let _ = item.content.write_buf(&mut html, BufWriteFormat::Html);
                // hayagriva leaves the authors' `&` bare: XHTML (the e-book) refuses it.
                let html = html.replace("& ", "&amp; ");
                let mut text = String::new();
                let _ = item.content.write_buf(&mut text, BufWriteFormat::Plain);
                Reference {
                    id: format!("ref-{}", crate::base::text::slugify(&item.key)),
                    html,
                    text,
                }
            })
            .collect();
        Formatted {
            citations,
            references,
        }
    }
}

/// `p. 12` → the page 12; `chap. 3`, `sect. 2`; anything else is shown as written.
fn locator(text: &str) -> SpecificLocator<'_> {
    use hayagriva::citationberg::taxonomy::Locator;
    let labels: [(&[&str], Locator); 4] = [
        (&["pp.", "p.", "page", "pages"], Locator::Page),
        (&["chap.", "ch.", "chapitre"], Locator::Chapter),
        (&["sect.", "§", "section"], Locator::Section),
        (&["fig.", "figure"], Locator::Figure),
    ];
    for (words, kind) in labels {
        for word in words {
            if let Some(rest) = text.strip_prefix(word) {
                return SpecificLocator(kind, LocatorPayload::Str(rest.trim()));
            }
        }
    }
    SpecificLocator(Locator::Page, LocatorPayload::Str(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_bibliography_is_used_again_with_what_it_formatted() {
        let dir = tempfile::tempdir().unwrap();
        let bib =
            "@book{dupont, author = {Dupont, Anne}, title = {Soigner ensemble}, year = {2020}}\n";
        std::fs::write(dir.path().join("b.bib"), bib).unwrap();
        let first = reload(dir.path(), "b.bib", None).unwrap();
        let again = reload(dir.path(), "b.bib", Some(&first)).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        let more = "@book{martin, author = {Martin, Paul}, title = {Apprendre}, year = {2021}}\n";
        std::fs::write(dir.path().join("b.bib"), format!("{bib}{more}")).unwrap();
        let changed = reload(dir.path(), "b.bib", Some(&first)).unwrap();
        assert!(!Arc::ptr_eq(&first, &changed));
        assert_eq!(changed.everything().len(), 2);
        // Another file named in praxis.yaml is read, even with the same stamp.
        std::fs::copy(dir.path().join("b.bib"), dir.path().join("c.bib")).unwrap();
        let other = reload(dir.path(), "c.bib", Some(&changed)).unwrap();
        assert_eq!(other.path, Path::new("c.bib"));
    }

    #[test]
    fn only_the_locales_asked_for_are_decoded_from_the_archive() {
        let found = locales(&["fr-FR", "en-US"]);
        let mut codes: Vec<&str> = (found.iter())
            .filter_map(|l| l.lang.as_ref().map(|c| c.0.as_str()))
            .collect();
        codes.sort_unstable();
        assert_eq!(codes, ["en-US", "fr-FR"]);
    }

    #[test]
    fn citations_are_read_as_pandoc_writes_them() {
        let items = parse("@wenger2002, p. 12").unwrap();
        assert_eq!(items[0].key, "wenger2002");
        assert_eq!(items[0].locator.as_deref(), Some("p. 12"));
        let items = parse("@lave1991; @wenger1998").unwrap();
        assert_eq!(
            items
                .iter()
                .map(|i| (i.key.as_str(), i.at))
                .collect::<Vec<_>>(),
            [("lave1991", 0), ("wenger1998", 11)]
        );
        assert_eq!(parse("voir ceci"), None);
        assert_eq!(parse("@"), None);
        assert_eq!(parse("@a b"), None);
    }

    const BIB: &str = r#"@book{wenger2002,
  title = {Cultivating Communities of Practice: A Guide to Managing Knowledge},
  author = {Wenger, Etienne and McDermott, Richard and Snyder, William M.},
  publisher = {Harvard Business School Press},
  address = {Boston},
  year = {2002},
}
"#;

    #[test]
    fn citations_and_references_are_formatted_in_french_apa() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.bib"), BIB).unwrap();
        let bib = load(dir.path(), "b.bib").unwrap();
        let cites = [Cite {
            offset: 0,
            items: parse("@wenger2002, p. 12").unwrap(),
        }];
        let f = bib.format(&cites);
        assert_eq!(f.citations, ["(Wenger et al., 2002, p. 12)"]);
        assert_eq!(f.references.len(), 1);
        assert!(
            f.references[0].html.contains("italic;\">Cultivating"),
            "{:?}",
            f.references
        );
        assert_eq!(f.references[0].id, "ref-wenger2002");
    }

    /// The error of the bibliography `file` holding `text`, in French, at its line.
    fn refused(file: &str, text: &str) -> (String, String, usize) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
        let d = load(dir.path(), file).unwrap_err();
        let fr = crate::base::messages::Lang::Fr;
        (d.message.text(fr), d.help.unwrap().text(fr), d.line)
    }

    #[test]
    fn a_broken_bibliography_is_said_in_french_at_its_line_with_the_fix() {
        let cases = [
            (
                "b.bib",
                "@book{a,\n  title = {Un titre,\n  year = 2020\n}\n",
                "BibTeX illisible : le fichier s'arrête au milieu d'une entrée",
                4,
                "fermez chaque valeur",
            ),
            (
                "b.bib",
                "@book{a\n  title = {Un titre},\n}\n",
                "BibTeX illisible : il manque ici `,`",
                2,
                "la virgule à la fin de la ligne d'avant",
            ),
            (
                "b.bib",
                "@book{a,\n  title = {T},\n}\n@book{a,\n  title = {U},\n}\n",
                "BibTeX illisible : la clé `a` est donnée à deux entrées",
                4,
                "renommez l'une des deux",
            ),
            (
                "b.yaml",
                "a:\n  type: article\n  title: T\n  date: pas une date\n",
                "bibliographie illisible : `date` de l'entrée `a` n'est pas une date",
                4,
                "`date: 2020-03-12`",
            ),
            (
                "b.yaml",
                "a:\n  type: livrezz\n  title: T\n",
                "bibliographie illisible : type inconnu `livrezz` pour l'entrée `a`",
                2,
                "article, book",
            ),
            (
                "b.yaml",
                "a:\n\ttype: article\n",
                "b.yaml ne se lit pas (YAML) : une tabulation décale cette ligne",
                2,
                "espaces",
            ),
        ];
        for (file, text, said, line, help) in cases {
            let (message, help_text, at) = refused(file, text);
            assert!(message.starts_with(said), "{text:?}: {message}");
            assert_eq!(at, line, "{text:?}: {message}");
            assert!(help_text.contains(help), "{text:?}: {help_text}");
            for english in [
                "parse error",
                "expected",
                "unknown variant",
                "format unknown",
            ] {
                assert!(!message.contains(english), "{text:?}: {message}");
            }
        }
    }
}
