//! Walk `content/` into pages and assets: read each file, split its front matter (keeping
//! its line offset), check every field into [`Meta`].

use crate::base::diagnostic::Diagnostic;
use crate::base::messages::Message;
use crate::base::text;
use crate::base::urls;
/// Kept here for their callers; they live in [`urls`].
pub use crate::base::urls::{percent_encode, url_of};
use crate::msg;
use crate::source::yaml::Fields;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const CONTENT_DIR: &str = "content";
/// Larger pages are refused rather than rendered slowly.
const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Page,
    Role,
    Term,
    Example,
    /// A meeting pack: chosen sheets, examples and terms, printed together.
    Pack,
}

impl Kind {
    pub const ALL: [(&'static str, Kind); 5] = [
        ("page", Kind::Page),
        ("role", Kind::Role),
        ("term", Kind::Term),
        ("example", Kind::Example),
        ("pack", Kind::Pack),
    ];

    pub fn name(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("page", |(n, _)| n)
    }

    /// The CSS classes of a link to a page of this kind: `xref xref-term`.
    pub fn xref_class(self) -> &'static str {
        match self {
            Kind::Role => "xref xref-role",
            Kind::Term => "xref xref-term",
            Kind::Example => "xref xref-example",
            Kind::Page => "xref xref-page",
            Kind::Pack => "xref xref-pack",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }
}

/// The checked front matter of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub title: String,
    pub kind: Kind,
    pub summary: Option<String>,
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    pub draft: bool,
    /// Built and linkable, but left out of search, menus, section lists and the sitemap
    /// (Docusaurus's `unlisted`): pages for authors.
    pub unlisted: bool,
    /// Words of this page not to link to the glossary by themselves (`leurs pratiques`).
    pub no_autolink: Vec<String>,
    pub tasks: Vec<String>,
    /// References to roles, as written, with the line they are written on.
    pub roles: Vec<(String, usize)>,
    /// `reviewed`, `reviewed_by`, `next_review`.
    pub review: crate::source::dates::Review,
    /// `source`: where the page's content comes from ("D'après …").
    pub source: Option<crate::source::cite::Source>,
    /// A pack's `date`, `roles`, `terms` and `examples`.
    pub pack: Picks,
}

/// What a meeting pack (`kind: pack`) holds: its meeting's date, and references as
/// written, each with the line it is written on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picks {
    pub date: Option<time::Date>,
    pub roles: Vec<(String, usize)>,
    pub terms: Vec<(String, usize)>,
    pub examples: Vec<(String, usize)>,
}

impl Meta {
    /// A page's fields with only a title and a kind: generated pages, fuzzing, tests.
    pub fn new(title: &str, kind: Kind) -> Meta {
        Meta {
            title: title.to_owned(),
            kind,
            summary: None,
            aliases: Vec::new(),
            weight: None,
            draft: false,
            unlisted: false,
            no_autolink: Vec::new(),
            tasks: Vec::new(),
            roles: Vec::new(),
            review: Default::default(),
            source: None,
            pack: Picks::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the root: `content/roles/coordinateur.md`.
    pub source: PathBuf,
    /// The file's text (without a byte-order mark).
    pub text: String,
    /// Byte offset in `text` where the Markdown body starts.
    pub body_start: usize,
    /// Path from `content/` without `.md`; a section is its folder (`roles`), the home is "".
    pub id: String,
    /// File stem, or the folder name for a section; "" for the home.
    pub stem: String,
    pub is_section: bool,
    /// The id of the nearest enclosing section; `None` for the home.
    pub parent: Option<String>,
    /// Site-relative URL, percent-encoded: `roles/coordinateur/`; "" for the home.
    pub url: String,
    pub meta: Meta,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The output file, from the output folder's root (see [`urls::page_path`]).
    pub fn output_path(&self) -> String {
        urls::page_path(&self.id)
    }
}

/// A file of `content/` that is not a page (an image, a PDF): copied as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Path from `content/`, with `/`: `roles/schema.png`.
    pub rel: String,
}

/// A page, by its place in [`Content::pages`]: what the link graph, the render and the
/// outputs hold instead of the page itself. [`Content::ids`] and [`ids`] make them
/// ([`PageId::new`] where the pages are enumerated in parallel), so that a count, a depth
/// or a position in another list cannot be taken for a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(usize);

impl PageId {
    /// The page at `index` in [`Content::pages`].
    pub fn new(index: usize) -> Self {
        PageId(index)
    }

    /// Its place in [`Content::pages`], and in every list laid out page by page.
    pub fn index(self) -> usize {
        self.0
    }
}

/// Every list laid out page by page is indexed by a page: [`Content::pages`], and the lists
/// made in the same order (the graph's scans, links and backlinks, the views' summaries).
/// Hence for any `T` rather than on a wrapper of the pages alone: `Content::pages` stays
/// a plain `Vec` that the stages iterate, push to and swap pages into.
impl<T> std::ops::Index<PageId> for [T] {
    type Output = T;

    fn index(&self, id: PageId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::IndexMut<PageId> for [T] {
    fn index_mut(&mut self, id: PageId) -> &mut T {
        &mut self[id.0]
    }
}

/// `Vec`'s own `Index` is tried first and does not reach the slice's: `list[id]` on a
/// `Vec` needs its own.
impl<T> std::ops::Index<PageId> for Vec<T> {
    type Output = T;

    fn index(&self, id: PageId) -> &T {
        &self[id.0]
    }
}

impl<T> std::ops::IndexMut<PageId> for Vec<T> {
    fn index_mut(&mut self, id: PageId) -> &mut T {
        &mut self[id.0]
    }
}

/// The ids of `pages`, in their order.
pub fn ids(pages: &[Page]) -> impl DoubleEndedIterator<Item = PageId> + ExactSizeIterator + Clone {
    (0..pages.len()).map(PageId)
}

#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// The drafts left out of this build: a link to one is told from a link to nothing.
    pub drafts: Vec<Page>,
    /// The guide's bibliography (`bibliography:` in praxis.yaml).
    pub bibliography: Option<std::sync::Arc<crate::source::cite::Bibliography>>,
    /// When pages changed, from git (empty outside a git repository).
    pub history: std::sync::Arc<crate::source::history::History>,
    /// The pages whose file could not be read as a page (its front matter, its bytes):
    /// each stands in [`Content::pages`] under its path and file name, so that links to it
    /// still lead somewhere and its own error is the only one (see [`stand_in`]).
    pub unread: std::collections::BTreeSet<PathBuf>,
}

impl Content {
    /// The ids of every page, in the order of [`Content::pages`].
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = PageId> + ExactSizeIterator + Clone {
        ids(&self.pages)
    }
}

/// Reads every page and asset of `<root>/content/`. Drafts are left out unless `drafts`.
pub fn load(root: &Path, drafts: bool) -> (Content, Vec<Diagnostic>) {
    let dir = root.join(CONTENT_DIR);
    let mut problems = Vec::new();
    if !dir.is_dir() {
        let d = Diagnostic::error(CONTENT_DIR, msg!("content-missing"))
            .with_help(msg!("content-missing-help"));
        return (Content::default(), vec![d]);
    }
    let mut md_files = Vec::new();
    let mut assets = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                let message = if e.loop_ancestor().is_some() {
                    msg!("symlink-loop")
                } else {
                    msg!("cannot-read", cause = crate::base::messages::walk_cause(&e))
                };
                let d = Diagnostic::error(relative(root, &path), message);
                // A link to fix, or a folder praxis may not read (its cause says what to do).
                let link = e.loop_ancestor().is_some() || path.is_symlink();
                problems.push(match link {
                    true => d.with_help(msg!("symlink-loop-help")),
                    false => d,
                });
                continue;
            }
        };
        if !entry.file_type().is_file() || is_ignored(entry.path(), &dir) {
            continue;
        }
        let rel = relative(&dir, entry.path());
        if entry.path().extension().is_some_and(|e| e == "md") {
            md_files.push(rel);
        } else {
            assets.push(Asset {
                source: entry.path().to_path_buf(),
                rel: slash_path(&rel),
            });
        }
    }

    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = md_files
        .par_iter()
        .map(|rel| load_page(root, rel))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut left_out = Vec::new();
    let mut unread = std::collections::BTreeSet::new();
    for ((page, diags), rel) in results.into_iter().zip(&md_files) {
        problems.extend(diags);
        match page {
            Some(page) if page.meta.draft && !drafts => left_out.push(page),
            Some(page) => pages.push(page),
            None => {
                let page = stand_in(rel);
                unread.insert(page.source.clone());
                pages.push(page);
            }
        }
    }
    assign_parents(&mut pages);
    problems.extend(check_duplicate_urls(&pages));
    let content = Content {
        pages,
        assets,
        drafts: left_out,
        unread,
        ..Content::default()
    };
    (content, problems)
}

/// A guide without `content/_index.md` still needs a home: an empty one titled after the
/// guide, which lists the top sections like any section page.
pub fn add_missing_home(content: &mut Content, title: &str) -> Option<Diagnostic> {
    if content.pages.iter().any(|p| p.id.is_empty()) {
        return None;
    }
    let text = format!("---\ntitle: {title}\n---\n");
    content.pages.push(Page {
        source: Path::new(CONTENT_DIR).join("_index.md"),
        body_start: text.len(),
        text,
        id: String::new(),
        stem: String::new(),
        is_section: true,
        parent: None,
        url: String::new(),
        meta: Meta::new(title, Kind::Page),
    });
    Some(
        Diagnostic::warning(
            Path::new(CONTENT_DIR).join("_index.md"),
            msg!("home-missing"),
        )
        .with_help(msg!("home-missing-help")),
    )
}

/// Hidden files and editors' temporary files are not part of the guide.
pub fn is_ignored(path: &Path, base: &Path) -> bool {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.')
            || name.starts_with('#')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name.ends_with(".tmp")
    })
}

fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads one page: `rel` is its path from `content/`. `None` when it cannot be a page.
pub fn load_page(root: &Path, rel: &Path) -> (Option<Page>, Vec<Diagnostic>) {
    let source = Path::new(CONTENT_DIR).join(rel);
    let path = root.join(&source);
    let err = |message: Message| Diagnostic::error(&source, message);
    // One opening of the file for its size and its bytes.
    let read = std::fs::File::open(&path).and_then(|mut file| {
        let size = file.metadata()?.len();
        if size > MAX_PAGE_BYTES {
            return Ok(Err(size));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        std::io::Read::read_to_end(&mut file, &mut bytes)?;
        Ok(Ok(bytes))
    });
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            let d =
                err(msg!("page-too-large", bytes = size)).with_help(msg!("page-too-large-help"));
            return (None, vec![d]);
        }
        Err(e) => {
            let cause = crate::base::messages::io_cause(&e);
            return (None, vec![err(msg!("cannot-read", cause = cause))]);
        }
    };
    let checked = crate::base::text::into_string(bytes);
    let text = match checked {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let line_end = bytes[valid..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| valid + i);
            let line_text = String::from_utf8_lossy(&bytes[..line_end]).into_owned();
            let (line, col) = crate::base::diagnostic::line_col(&prefix, prefix.len());
            let byte = format!("0x{:02X}", bytes[valid]);
            let d = err(msg!("not-utf8", byte = byte))
                .at_line(&line_text, line, col)
                .with_help(msg!("not-utf8-help"));
            return (None, vec![d]);
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_owned(),
        None => text,
    };
    let (checked, problems) = front_matter(&source, &text);
    let Some((meta, body_start)) = checked else {
        return (None, problems);
    };

    (Some(page_at(rel, text, body_start, meta)), problems)
}

/// The page of the file `rel` (its path from `content/`), with its text and fields.
fn page_at(rel: &Path, text: String, body_start: usize, meta: Meta) -> Page {
    let is_section = rel.file_name().is_some_and(|n| n == "_index.md");
    let rel_slash = slash_path(rel);
    let id = if is_section {
        rel_slash
            .strip_suffix("_index.md")
            .unwrap_or("")
            .trim_end_matches('/')
            .to_owned()
    } else {
        rel_slash
            .strip_suffix(".md")
            .unwrap_or(&rel_slash)
            .to_owned()
    };
    let stem = id.rsplit('/').next().unwrap_or("").to_owned();
    let url = url_of(&id);
    Page {
        source: Path::new(CONTENT_DIR).join(rel),
        text,
        body_start,
        id,
        stem,
        is_section,
        parent: None,
        url,
        meta,
    }
}

/// What stands for a page whose file could not be read as one: an empty page at its
/// place, titled after its file name. Links to it resolve, so that its own error is the
/// one reported, not an "unknown reference" in every page that links to it (the build
/// fails anyway: its error stands). `praxis serve` gives it its last good fields
/// ([`remember`]).
pub fn stand_in(rel: &Path) -> Page {
    let name = rel
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let mut page = page_at(rel, String::new(), 0, Meta::new(&name, Kind::Page));
    if page.is_section {
        page.meta.title = page.id.rsplit('/').next().unwrap_or("").to_owned();
    }
    if page.meta.title.is_empty() {
        page.meta.title = name;
    }
    page
}

/// Gives the pages that stand in for unread files ([`stand_in`]) the names and place
/// they had when they were last read (`praxis serve`): links by their title or an alias
/// still lead to them.
pub fn remember(content: &mut Content, last_good: &HashMap<PathBuf, Meta>) {
    for page in content.pages.iter_mut() {
        if !content.unread.contains(&page.source) {
            continue;
        }
        if let Some(meta) = last_good.get(&page.source) {
            let mut kept = Meta::new(&meta.title, meta.kind);
            kept.aliases.clone_from(&meta.aliases);
            kept.summary.clone_from(&meta.summary);
            kept.weight = meta.weight;
            kept.unlisted = meta.unlisted;
            page.meta = kept;
        }
    }
}

/// Splits and checks the front matter of `text`, the whole text of the page `source`
/// (without its byte-order mark): its metadata and where its body starts, or `None` when
/// it cannot be a page; with every problem found either way.
pub fn front_matter(source: &Path, text: &str) -> (Option<(Meta, usize)>, Vec<Diagnostic>) {
    if text.trim().is_empty() {
        let d = Diagnostic::error(source, msg!("page-empty"))
            .at_line(text, 1, 1)
            .with_help(msg!("front-matter-start-help"));
        return (None, vec![d]);
    }
    let (yaml, yaml_start, body_start) = match split_front_matter(text) {
        Ok(split) => split,
        Err(d) => return (None, vec![d.relocate(source, text)]),
    };
    let first_line = text[..yaml_start].matches('\n').count() + 1;
    let fields = match Fields::parse(source, text, yaml, first_line) {
        Ok(f) => f,
        Err(d) => return (None, vec![d]),
    };
    let mut problems = Vec::new();
    let meta = check_meta(&fields, &mut problems);
    (Some((meta, body_start)), problems)
}

/// The words `praxis new` writes where the author has to write; `praxis check` warns of
/// them (see [`placeholders`]).
pub const PLACEHOLDER: &str = "À compléter";

/// Warnings for the placeholder text `praxis new` writes (`À compléter…`) still in a page,
/// at its first place, for `praxis check`: it would reach readers and printed sheets.
pub fn placeholders(content: &Content) -> Vec<Diagnostic> {
    let placeholder = PLACEHOLDER;
    let mut out = Vec::new();
    for page in &content.pages {
        let count = page.text.matches(placeholder).count();
        let Some(at) = page.text.find(placeholder) else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                &page.source,
                msg!("placeholder-left", placeholder = placeholder, count = count),
            )
            .at_offset(&page.text, at)
            .with_help(msg!("placeholder-left-help")),
        );
    }
    out
}

/// Warnings for page files whose name must be percent-encoded in the page's address
/// (`Réunion de juin.md` → `R%C3%A9union%20de%20juin/`), with the name to rename it to.
pub fn file_names(content: &Content) -> Vec<Diagnostic> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_.~".contains(c);
    let mut out = Vec::new();
    for page in &content.pages {
        let Some(name) = page.source.file_stem().and_then(|n| n.to_str()) else {
            continue;
        };
        if name == "_index" || name.chars().all(plain) {
            continue;
        }
        let slug = text::slugify(name);
        out.push(
            Diagnostic::warning(&page.source, msg!("file-name-encoded", name = name))
                .with_help(msg!("file-name-encoded-help", slug = slug)),
        );
    }
    out
}

/// A problem found while splitting, before the file's path is attached.
#[derive(Debug)]
pub struct SplitError {
    pub message: Message,
    pub help: Message,
    pub offset: usize,
}

impl SplitError {
    fn relocate(self, source: &Path, text: &str) -> Diagnostic {
        Diagnostic::error(source, self.message)
            .at_offset(text, self.offset)
            .with_help(self.help)
    }
}

/// Splits `---\n yaml \n---\n body` into (yaml, yaml start, body start); CRLF accepted.
pub fn split_front_matter(text: &str) -> Result<(&str, usize, usize), SplitError> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError {
            message: msg!("front-matter-missing"),
            help: msg!("front-matter-start-help"),
            offset: 0,
        });
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Ok((&text[first_end..pos], first_end, end));
        }
        pos = end;
    }
    Err(SplitError {
        message: msg!("front-matter-unclosed"),
        help: msg!("front-matter-unclosed-help"),
        offset: 0,
    })
}

/// Every front-matter field praxis reads (an unknown one gets the nearest as « did you
/// mean »); docs/contract.md, "Content", describes each (tests/suite/contract.rs).
pub const FIELDS: &[&str] = &[
    "title",
    "kind",
    "summary",
    "aliases",
    "weight",
    "draft",
    "tasks",
    "roles",
    "reviewed",
    "reviewed_by",
    "next_review",
    "source",
    "unlisted",
    "no_autolink",
    "date",
    "terms",
    "examples",
];

fn check_meta(f: &Fields, problems: &mut Vec<Diagnostic>) -> Meta {
    problems.extend(f.unknown_keys(FIELDS));
    let mut ok = true;
    let title = keep(problems, &mut ok, f.string("title")).flatten();
    let kind_text = keep(problems, &mut ok, f.string("kind")).flatten();
    let summary = keep(problems, &mut ok, f.string("summary")).flatten();
    let aliases = keep(problems, &mut ok, f.strings("aliases")).unwrap_or_default();
    warn_names_in_one(f, problems);
    let weight = keep(problems, &mut ok, f.integer("weight")).flatten();
    let draft = keep(problems, &mut ok, f.bool("draft"))
        .flatten()
        .unwrap_or(false);
    let unlisted = keep(problems, &mut ok, f.bool("unlisted"))
        .flatten()
        .unwrap_or(false);
    let no_autolink = keep(problems, &mut ok, f.strings("no_autolink")).unwrap_or_default();
    let tasks = keep(problems, &mut ok, f.strings("tasks")).unwrap_or_default();
    let roles = keep(problems, &mut ok, f.strings("roles")).unwrap_or_default();
    let terms = keep(problems, &mut ok, f.strings("terms")).unwrap_or_default();
    let examples = keep(problems, &mut ok, f.strings("examples")).unwrap_or_default();
    let date = keep(problems, &mut ok, f.string("date"))
        .flatten()
        .and_then(|text| meeting_date(f, &text, problems));
    let review = crate::source::dates::read(f, problems);
    let source = crate::source::cite::read_source(f, problems);

    let title = title_or_said(f, title, ok, problems);
    let kind = kind_or_said(f, kind_text.as_deref(), problems);
    warn_fields_of_other_kinds(f, kind, problems);
    // What a kind does not use is left out here, so that nothing later acts on it.
    let tasks = if kind == Kind::Role {
        tasks
    } else {
        Vec::new()
    };
    let pack = if kind == Kind::Pack {
        Picks {
            date,
            roles: with_lines(f, "roles", roles.clone()),
            terms: with_lines(f, "terms", terms),
            examples: with_lines(f, "examples", examples),
        }
    } else {
        Picks::default()
    };
    let roles = if kind == Kind::Example {
        with_lines(f, "roles", roles)
    } else {
        Vec::new()
    };
    Meta {
        title,
        kind,
        summary: summary.filter(|s| !s.trim().is_empty()),
        aliases,
        weight,
        draft,
        unlisted,
        no_autolink,
        tasks,
        roles,
        review,
        source,
        pack,
    }
}

/// A warning for `aliases: a, b`: one name with commas, where a list of names was meant.
fn warn_names_in_one(f: &Fields, problems: &mut Vec<Diagnostic>) {
    if let Some(one) = f.get("aliases").and_then(|v| v.as_str())
        && one.contains(',')
    {
        let listed: Vec<&str> = one.split(',').map(str::trim).collect();
        problems.push(
            f.warning_at("aliases", msg!("aliases-one-name", name = one))
                .with_help(msg!("aliases-one-name-help", names = listed.join(", "))),
        );
    }
}

/// A pack's `date`, or an error when `text` is no date.
fn meeting_date(f: &Fields, text: &str, problems: &mut Vec<Diagnostic>) -> Option<time::Date> {
    crate::source::dates::parse_date(text).or_else(|| {
        problems.push(
            f.error_at("date", msg!("date-invalid", field = "date", value = text))
                .with_help(msg!("meeting-date-help")),
        );
        None
    })
}

/// The page's title trimmed; empty, and said missing, when it has none (unless `title`
/// could not be read at all: `ok` is false, and that error was said).
fn title_or_said(
    f: &Fields,
    title: Option<String>,
    ok: bool,
    problems: &mut Vec<Diagnostic>,
) -> String {
    match title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) {
        Some(t) => t,
        None => {
            if ok {
                problems.push(
                    Diagnostic::error(f.path, msg!("title-missing"))
                        .at_line(f.file_text, f.line_of("title"), 1)
                        .with_help(msg!("title-missing-help")),
                );
            }
            String::new()
        }
    }
}

/// The page's kind, `page` when it says none; an unknown one is said, with the nearest
/// kind or else the list, and read as `page`.
fn kind_or_said(f: &Fields, kind: Option<&str>, problems: &mut Vec<Diagnostic>) -> Kind {
    let Some(k) = kind else {
        return Kind::Page;
    };
    Kind::parse(k.trim()).unwrap_or_else(|| {
        let names = Kind::ALL.map(|(n, _)| n);
        let help = match text::suggest(k, names, 1).first() {
            Some(s) => msg!("kind-did-you-mean", kind = *s),
            None => msg!("kind-known", kinds = names.join(", ")),
        };
        problems.push(
            f.error_at("kind", msg!("kind-unknown", kind = k))
                .with_help(help),
        );
        Kind::Page
    })
}

/// A warning for each field another kind of page uses (`tasks` on a term): it is left
/// out.
fn warn_fields_of_other_kinds(f: &Fields, kind: Kind, problems: &mut Vec<Diagnostic>) {
    for (field, allowed) in [
        ("tasks", Kind::Role),
        ("roles", Kind::Example),
        ("terms", Kind::Pack),
        ("examples", Kind::Pack),
        ("date", Kind::Pack),
    ] {
        let also = field == "roles" && kind == Kind::Pack;
        if f.get(field).is_some() && kind != allowed && !also {
            problems.push(
                Diagnostic::warning(
                    f.path,
                    msg!("field-wrong-kind", field = field, kind = allowed.name()),
                )
                .at_line(f.file_text, f.line_of(field), 1)
                .with_help(msg!(
                    "field-wrong-kind-help",
                    field = field,
                    kind = allowed.name()
                )),
            );
        }
    }
}

/// The items of the list `field`, each with the line it is written on.
fn with_lines(f: &Fields, field: &str, items: Vec<String>) -> Vec<(String, usize)> {
    let first = f.line_of(field);
    items
        .into_iter()
        .map(|r| {
            let line = f
                .file_text
                .lines()
                .enumerate()
                .skip(first.saturating_sub(1))
                .find(|(_, l)| l.contains(r.as_str()))
                .map_or(first, |(i, _)| i + 1);
            (r, line)
        })
        .collect()
}

fn keep<T>(problems: &mut Vec<Diagnostic>, ok: &mut bool, r: Result<T, Diagnostic>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(d) => {
            problems.push(d);
            *ok = false;
            None
        }
    }
}

/// Each page's parent is the nearest enclosing folder that has an `_index.md`.
fn assign_parents(pages: &mut [Page]) {
    let sections: std::collections::HashSet<String> = pages
        .iter()
        .filter(|p| p.is_section)
        .map(|p| p.id.clone())
        .collect();
    for page in pages.iter_mut() {
        if page.is_section && page.id.is_empty() {
            continue;
        }
        let mut id = page.id.as_str();
        page.parent = loop {
            match id.rfind('/') {
                Some(i) => {
                    id = &id[..i];
                    if sections.contains(id) {
                        break Some(id.to_owned());
                    }
                }
                None => break Some(String::new()),
            }
        };
    }
}

fn check_duplicate_urls(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    let mut out = Vec::new();
    for page in pages {
        if let Some(first) = seen.insert(page.url.as_str(), page) {
            out.push(
                Diagnostic::error(
                    &page.source,
                    msg!(
                        "url-twice",
                        url = page.url.as_str(),
                        other = crate::base::diagnostic::display_path(&first.source)
                    ),
                )
                .with_help(msg!("url-twice-help")),
            );
        }
    }
    out
}

/// Sorts pages as readers see them in a section: by weight, then title in French order.
pub fn compare(a: &Page, b: &Page) -> std::cmp::Ordering {
    let w = |p: &Page| p.meta.weight.unwrap_or(i64::MAX);
    w(a).cmp(&w(b))
        .then_with(|| text::collate(&a.meta.title, &b.meta.title))
        .then_with(|| a.id.cmp(&b.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ids_index_the_pages_in_order() {
        let page = |rel: &str| stand_in(Path::new(rel));
        let mut content = Content {
            pages: vec![page("a.md"), page("b.md"), page("c.md")],
            ..Content::default()
        };
        let ids: Vec<PageId> = content.ids().collect();
        assert_eq!(ids, [PageId::new(0), PageId::new(1), PageId::new(2)]);
        assert_eq!(
            ids.iter().map(|id| id.index()).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        let titles: Vec<&str> = (content.ids().rev())
            .map(|id| content.pages[id].meta.title.as_str())
            .collect();
        assert_eq!(titles, ["c", "b", "a"]);
        content.pages[ids[1]].meta.title = "B".to_owned();
        assert_eq!(content.pages[1].meta.title, "B");
        assert!(ids[0] < ids[2]);
    }

    #[test]
    fn link_classes_name_the_kind() {
        for (name, kind) in Kind::ALL {
            assert_eq!(kind.xref_class(), format!("xref xref-{name}"));
        }
    }

    #[test]
    fn front_matter_split_keeps_offsets_and_accepts_crlf() {
        let text = "---\r\ntitle: A\r\n---\r\nbody";
        let (yaml, start, body) = split_front_matter(text).unwrap();
        assert_eq!(yaml, "title: A\r\n");
        assert_eq!(start, 5);
        assert_eq!(&text[body..], "body");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split_front_matter("---\ntitle: A\nbody\n").unwrap_err();
        assert_eq!(e.message.id, "front-matter-unclosed");
    }
}
