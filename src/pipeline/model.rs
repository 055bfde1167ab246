//! The first steps of every build: load the guide, parse each body once, resolve the
//! links, into the [`Model`] that `check` looks at and the outputs render from.

use crate::analyse::markdown;
use crate::analyse::resolve::{self, Graph};
use crate::base::diagnostic::{self, Diagnostic};
use crate::base::urls;
use crate::msg;
use crate::outputs::search;
use crate::outputs::sheets;
use crate::pipeline::timings::{Clock, Timings};
use crate::source::config::{self, Autolink, Config, Purpose};
use crate::source::content::{self, Content, PageId};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    /// Replaces `base_url` of praxis.yaml (`praxis build --base-url`, `praxis serve`).
    pub base_url: Option<String>,
    /// The day overdue reviews are counted from (`praxis check --today`); today if `None`.
    pub today: Option<time::Date>,
    /// What the build is for: a published site, a folder read from disk, a preview.
    pub purpose: Purpose,
    /// `praxis serve`: the fields each page had when it was last read, given to a page
    /// whose file cannot be read now (see [`content::remember`]).
    pub last_good: Option<std::sync::Arc<std::collections::HashMap<PathBuf, content::Meta>>>,
    /// `praxis serve`: the bibliography the last build read, used again while its file is
    /// unchanged (see [`crate::source::cite::reload`]).
    pub bibliography: Option<std::sync::Arc<crate::source::cite::Bibliography>>,
}

/// The content of a guide, loaded and resolved: what `check` looks at.
pub struct Model {
    pub config: Config,
    pub content: Content,
    pub graph: Graph,
    /// The search index, until it is written.
    pub search: Option<search::Index>,
    pub timings: Timings,
}

/// What each body gave when it was parsed: its headings and links for the resolver, the
/// glossary terms it mentions, and its words for the search index.
struct Read {
    scans: Vec<markdown::Scan>,
    mentions: Vec<Vec<resolve::AutoLinked>>,
    indexed: Vec<search::PageIndex>,
}

/// Loads and resolves; returns the model and every problem, sorted.
pub fn analyse(root: &Path, options: &Options) -> (Model, Vec<Diagnostic>) {
    analyse_loaded(root, options, config::load(root))
}

/// [`analyse`], from praxis.yaml already read (and the problems found in it): the command
/// line reads it once, for its language and its address too.
pub fn analyse_loaded(
    root: &Path,
    options: &Options,
    loaded: (Config, Vec<Diagnostic>),
) -> (Model, Vec<Diagnostic>) {
    let (config, mut problems) = settings(loaded, options);
    let mut timings = Timings::default();
    let mut clock = Clock::start();
    let content = load(root, options, &config, &mut problems);
    timings.lap("load", &mut clock);
    let autolinker = match config.autolink {
        Autolink::First => resolve::AutoLinker::new(&content.pages),
        _ => None,
    };
    let reader = search::Reader::new();
    let read = parse(&content, autolinker.as_ref(), &reader);
    timings.lap("parse", &mut clock);
    // The search index is made from what was read, alongside (mostly on one thread).
    let (index, (graph, resolve_problems)) = rayon::join(
        || reader.index(read.indexed),
        || resolve::resolve(&content, read.scans, autolinker, read.mentions),
    );
    problems.extend(resolve_problems);
    problems.extend(citations(&config, &content, &graph));
    timings.lap("resolve", &mut clock);
    diagnostic::sort(&mut problems);
    let search = Some(index);
    (
        Model {
            config,
            content,
            graph,
            search,
            timings,
        },
        problems,
    )
}

/// praxis.yaml, with what the command line replaces in it and what the build is for.
fn settings(
    (mut config, mut problems): (Config, Vec<Diagnostic>),
    options: &Options,
) -> (Config, Vec<Diagnostic>) {
    let overrides = config::Overrides {
        base_url: options.base_url.clone(),
    };
    problems.extend(config::apply(&mut config, &overrides));
    config.purpose = options.purpose;
    (config, problems)
}

/// Reads the pages, the guide's history and its bibliography, and checks what can be
/// checked of them before they are parsed (reviews, names, paths).
fn load(
    root: &Path,
    options: &Options,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> Content {
    // git is asked for the guide's history while the pages are read.
    let (history, (mut content, load_problems)) = rayon::join(
        || crate::source::history::load(root, content::CONTENT_DIR),
        || content::load(root, options.drafts),
    );
    problems.extend(load_problems);
    if let Some(last_good) = &options.last_good {
        content::remember(&mut content, last_good);
    }
    content.history = std::sync::Arc::new(history);
    if let Some(rel) = &config.bibliography {
        match crate::source::cite::reload(root, rel, options.bibliography.as_ref()) {
            Ok(b) => content.bibliography = Some(b),
            Err(d) => problems.push(d),
        }
    }
    let today = options.today.unwrap_or_else(crate::source::dates::today);
    problems.extend(crate::analyse::review::overdue(
        &content.pages,
        config,
        today,
    ));
    problems.extend(content::add_missing_home(&mut content, &config.title));
    problems.extend(reserved_paths(&content));
    problems.extend(sheets::check_stems(&content.pages));
    content
}

/// Each body is parsed once here: its headings and links kept for the resolver, its
/// text without markup read at once for auto-links and the search index, then let go
/// (held for every page, it would be as big as the guide).
fn parse(
    content: &Content,
    autolinker: Option<&resolve::AutoLinker>,
    reader: &search::Reader,
) -> Read {
    let read: Vec<(markdown::Scan, Vec<resolve::AutoLinked>, search::PageIndex)> =
        (content.pages.par_iter().enumerate())
            .map(|(i, page)| {
                let i = PageId::new(i);
                let mut scan = markdown::scan(page.body());
                let skip = &page.meta.no_autolink;
                let mentions = autolinker.map_or_else(Vec::new, |m| m.mentions(i, &scan, skip));
                let indexed = reader.read(i, page, &scan.take_plain());
                scan.texts = Vec::new();
                (scan, mentions, indexed)
            })
            .collect();
    let n = read.len();
    let mut out = Read {
        scans: Vec::with_capacity(n),
        mentions: Vec::with_capacity(n),
        indexed: Vec::with_capacity(n),
    };
    for (scan, found, page) in read {
        out.scans.push(scan);
        out.mentions.push(found);
        out.indexed.push(page);
    }
    out
}

/// The citations whose key is not in the bibliography. A bibliography that could not be
/// read is reported once (when it was loaded), not at every citation.
fn citations(config: &Config, content: &Content, graph: &Graph) -> Vec<Diagnostic> {
    let unread = config.bibliography.is_some() && content.bibliography.is_none();
    let mut problems = Vec::new();
    for (page, scan) in content.pages.iter().zip(&graph.scans) {
        if !scan.cites.is_empty() && !unread {
            problems.extend(cite_problems(content, page, scan));
        }
    }
    problems
}

/// The citations of `page` (read as `scan`) whose key is not in the guide's bibliography.
pub(crate) fn cite_problems(
    content: &Content,
    page: &content::Page,
    scan: &markdown::Scan,
) -> Vec<Diagnostic> {
    let bibliography = content.bibliography.as_deref();
    let (source, text) = (&page.source, &page.text);
    crate::source::cite::check(bibliography, source, text, page.body_start, &scan.cites)
}

/// Paths of the output that praxis writes itself: a page or file of `content/` there would
/// be overwritten without a word.
fn reserved_paths(content: &Content) -> Vec<Diagnostic> {
    let reserved = urls::is_reserved;
    let pages = content
        .pages
        .iter()
        .filter(|p| reserved(&p.id))
        .map(|p| (p.source.clone(), p.id.clone()));
    let assets = content
        .assets
        .iter()
        .filter(|a| reserved(&a.rel))
        .map(|a| (Path::new(content::CONTENT_DIR).join(&a.rel), a.rel.clone()));
    pages
        .chain(assets)
        .map(|(source, path)| {
            Diagnostic::error(source, msg!("path-reserved", path = path))
                .with_help(msg!("path-reserved-help"))
        })
        .collect()
}
