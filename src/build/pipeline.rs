//! The build, top to bottom: load → parse → resolve → search index → render pages and
//! sheets → assemble, each file handed to a [`Sink`] as soon as it is made. Every stage
//! reports all its problems; rendering starts only when the content has no error.

use crate::analyse::markdown;
use crate::analyse::resolve::{self, Graph};
use crate::base::diagnostic::{self, Diagnostic};
use crate::base::sink::{Data, Sink, Site, Staging};
use crate::base::sync;
use crate::base::urls;
use crate::build::linkcheck;
use crate::msg;
use crate::outputs::search;
use crate::outputs::sheets;
use crate::render::theme::{self, Theme};
use crate::render::{self, Renderer, Shared, Views};
use crate::source::config::{self, Autolink, Config};
use crate::source::content::{self, Content};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    /// Replaces `base_url` of praxis.yaml (`praxis build --base-url`, `praxis serve`).
    pub base_url: Option<String>,
    /// The day overdue reviews are counted from (`praxis check --today`); today if `None`.
    pub today: Option<time::Date>,
    /// A folder to read from disk (`praxis build --offline`): links name their files.
    pub offline: bool,
    /// A published site: a web app manifest and a service worker (`praxis build`).
    pub web_app: bool,
    /// `praxis serve`: the fields each page had when it was last read, given to a page
    /// whose file cannot be read now (see [`content::remember`]).
    pub last_good: Option<std::sync::Arc<std::collections::HashMap<PathBuf, content::Meta>>>,
    /// `praxis serve`: the bibliography the last build read, used again while its file is
    /// unchanged (see [`crate::source::cite::reload`]).
    pub bibliography: Option<std::sync::Arc<crate::source::cite::Bibliography>>,
}

/// A successful build in memory: the site, and what happened.
pub struct Built {
    pub site: Site,
    pub report: Report,
}

/// What a successful build met on the way.
pub struct Report {
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    /// How long each stage took, for `PRAXIS_TIMINGS=1` and the benchmarks.
    pub timings: Timings,
    /// How many pages an incremental rebuild rendered again; `None` for a full build.
    pub rendered: Option<usize>,
    /// The meeting packs, by their file's name: printed at `fiches/<pack>/`.
    pub packs: Vec<String>,
    /// `praxis serve`: the pages with errors the build went on past (their errors are
    /// among `warnings`); always empty for `build`.
    pub broken: Vec<Broken>,
}

/// A page with errors, which `praxis serve` shows as it last was, under its errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub source: PathBuf,
    /// Its file in the site (see [`content::Page::output_path`]).
    pub output: String,
    /// Its URL from the site's root, `roles/coordinateur/`.
    pub url: String,
    pub title: String,
    /// A role's sheet (see [`urls::sheet_path`]), shown as it last was too.
    pub sheet: Option<String>,
}

/// The stages of one build, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<Lap>);

/// One stage of a build: how long it took, the processor time the process spent in it
/// (all threads: more than `wall` when the stage runs in parallel), and the peak memory
/// (resident, in KiB) of the process at its end. Where the system does not tell, `None`.
#[derive(Debug, Clone)]
pub struct Lap {
    pub stage: &'static str,
    pub wall: Duration,
    pub cpu: Option<Duration>,
    pub peak: Option<u64>,
}

/// Processor time (user and system, all threads) the process has used so far.
fn cpu_time() -> Option<Duration> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Some(Duration::new(
        u64::try_from(t.tv_sec).ok()?,
        u32::try_from(t.tv_nsec).ok()?,
    ))
}

/// The most memory the process has held so far (Linux: `VmHWM`), in KiB.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Where a stage starts: the wall clock and the processor time used so far.
pub struct Clock {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_time(),
        }
    }
}

impl Timings {
    /// Records the stage that ran since `clock` under `stage`, and restarts the clock.
    pub fn lap(&mut self, stage: &'static str, clock: &mut Clock) {
        let now = Clock::start();
        self.0.push(Lap {
            stage,
            wall: now.wall - clock.wall,
            cpu: now
                .cpu
                .zip(clock.cpu)
                .map(|(now, then)| now.saturating_sub(then)),
            peak: peak_memory(),
        });
        *clock = now;
    }
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

/// What a full build keeps for the incremental rebuilds of `serve` that follow it
/// (session.rs).
pub(crate) struct Kept {
    pub(crate) model: Model,
    pub(crate) theme: Theme,
    pub(crate) renderer: Renderer,
    pub(crate) views: Views,
    pub(crate) site: Site,
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Kept {
    /// Runs `f` with the kept views lent to the renderer's view of the model.
    pub(crate) fn render<R>(&mut self, f: impl FnOnce(&Renderer, &Shared) -> R) -> R {
        let model = &self.model;
        let views = std::mem::take(&mut self.views);
        let shared = Shared::with_views(&model.config, &model.content, &model.graph, views);
        let out = f(&self.renderer, &shared);
        self.views = shared.into_views();
        out
    }
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
    (mut config, mut problems): (Config, Vec<Diagnostic>),
) -> (Model, Vec<Diagnostic>) {
    let overrides = config::Overrides {
        base_url: options.base_url.clone(),
    };
    problems.extend(config::apply(&mut config, &overrides));
    config.file_links = options.offline;
    config.web_app = options.web_app && !options.offline;
    let mut timings = Timings::default();
    let mut clock = Clock::start();
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
        &config,
        today,
    ));
    problems.extend(content::add_missing_home(&mut content, &config.title));
    problems.extend(reserved_paths(&content));
    problems.extend(sheets::check_stems(&content.pages));
    timings.lap("load", &mut clock);
    // Each body is parsed once here: its headings and links kept for the resolver, its
    // text without markup read at once for auto-links and the search index, then let go
    // (held for every page, it would be as big as the guide).
    let autolinker = match config.autolink {
        Autolink::First => resolve::AutoLinker::new(&content.pages),
        _ => None,
    };
    let reader = search::Reader::new();
    let read: Vec<(markdown::Scan, Vec<resolve::AutoLinked>, search::PageIndex)> =
        (content.pages.par_iter().enumerate())
            .map(|(i, page)| {
                let mut scan = markdown::scan(page.body());
                let skip = &page.meta.no_autolink;
                let mentions =
                    (autolinker.as_ref()).map_or_else(Vec::new, |m| m.mentions(i, &scan, skip));
                let indexed = reader.read(i, page, &scan.take_plain());
                scan.texts = Vec::new();
                (scan, mentions, indexed)
            })
            .collect();
    let n = read.len();
    let (mut scans, mut mentions, mut indexed) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for (scan, found, page) in read {
        scans.push(scan);
        mentions.push(found);
        indexed.push(page);
    }
    timings.lap("parse", &mut clock);
    // The search index is made from what was read, alongside (mostly on one thread).
    let (index, (graph, resolve_problems)) = rayon::join(
        || reader.index(indexed),
        || resolve::resolve(&content, scans, autolinker, mentions),
    );
    problems.extend(resolve_problems);
    // A bibliography that could not be read is reported once, not at every citation.
    let unread = config.bibliography.is_some() && content.bibliography.is_none();
    for (page, scan) in content.pages.iter().zip(&graph.scans) {
        if !scan.cites.is_empty() && !unread {
            problems.extend(cite_problems(&content, page, scan));
        }
    }
    timings.lap("resolve", &mut clock);
    diagnostic::sort(&mut problems);
    (
        Model {
            config,
            content,
            graph,
            search: Some(index),
            timings,
        },
        problems,
    )
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

/// The file names of the guide's meeting packs, sorted: each is printed at `fiches/<name>/`.
pub(crate) fn pack_stems(model: &Model) -> Vec<String> {
    let mut packs: Vec<String> = (model.graph.packs.keys())
        .map(|&i| model.content.pages[i].stem.clone())
        .collect();
    packs.sort();
    packs
}

/// Builds the whole site in memory. `Err` holds every problem (errors and warnings).
pub fn build(root: &Path, options: &Options) -> Result<Built, Vec<Diagnostic>> {
    let (model, problems) = analyse(root, options);
    render_in_memory(root, model, problems).map(|(built, _)| built)
}

/// Renders an analysed guide into memory; also returns what incremental rebuilds keep.
pub(crate) fn render_in_memory(
    root: &Path,
    model: Model,
    problems: Vec<Diagnostic>,
) -> Result<(Built, Kept), Vec<Diagnostic>> {
    let sink = Mutex::new(Site::default());
    let (report, kept) = render_model(root, model, problems, &sink, None)?;
    let site = sync::into_inner(sink);
    Ok((Built { site, report }, kept))
}

/// `praxis serve`'s full build: like [`render_in_memory`], but errors in pages do not stop
/// it. Every page is rendered; those with errors are listed in [`Report::broken`] (the
/// session shows their last good version). Errors elsewhere (praxis.yaml, the theme, a
/// template) stop it as they stop `build`.
pub(crate) fn render_past_errors(
    root: &Path,
    model: Model,
    problems: Vec<Diagnostic>,
) -> Result<(Built, Kept), Vec<Diagnostic>> {
    let pages: BTreeSet<&Path> = (model.content.pages.iter())
        .map(|p| p.source.as_path())
        .collect();
    let past: BTreeSet<PathBuf> = (problems.iter())
        .filter(|d| d.is_error() && pages.contains(d.path.as_path()))
        .map(|d| d.path.clone())
        .collect();
    let sink = Mutex::new(Site::default());
    let (mut report, kept) = render_model(root, model, problems, &sink, Some(&past))?;
    report.broken = broken_pages(&kept.model.content, &report.warnings);
    let site = sync::into_inner(sink);
    Ok((Built { site, report }, kept))
}

/// The pages `problems` name in an error, in the guide's order.
pub(crate) fn broken_pages(content: &Content, problems: &[Diagnostic]) -> Vec<Broken> {
    let broken: BTreeSet<&Path> = (problems.iter())
        .filter(|d| d.is_error())
        .map(|d| d.path.as_path())
        .collect();
    (content.pages.iter())
        .filter(|p| broken.contains(p.source.as_path()))
        .map(|p| Broken {
            source: p.source.clone(),
            output: p.output_path(),
            url: p.url.clone(),
            title: p.meta.title.clone(),
            sheet: (p.meta.kind == content::Kind::Role).then(|| urls::sheet_path(&p.stem)),
        })
        .collect()
}

/// Whether `problems` stop a build: an error, except in the pages `past` (see
/// [`render_past_errors`]).
fn stops(problems: &[Diagnostic], past: Option<&BTreeSet<PathBuf>>) -> bool {
    (problems.iter()).any(|d| d.is_error() && !past.is_some_and(|p| p.contains(&d.path)))
}

/// Builds the site into the folder `out`, each file written as soon as it is rendered,
/// so that a big guide is never held in memory whole. `out` changes only if the build
/// succeeds: until then the files go to a staging folder (see [`Staging`]).
pub fn build_into(root: &Path, options: &Options, out: &Path) -> Result<Report, Vec<Diagnostic>> {
    let (model, problems) = analyse(root, options);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    let failed =
        |e: anyhow::Error| vec![Diagnostic::error(out, crate::base::messages::of_error(&e))];
    let staging = Staging::open(out).map_err(failed)?;
    let file_links = crate::outputs::offline::FileLinks(&staging);
    let precache = crate::outputs::webapp::Precache::new(&staging);
    let sink: &dyn Sink = match (model.config.file_links, model.config.web_app) {
        (true, _) => &file_links,
        (false, true) => &precache,
        (false, false) => &staging,
    };
    let (mut report, kept) = render_model(root, model, problems, sink, None)?;
    if kept.model.config.web_app {
        // Last: the list of every file, with its hash, for the service worker.
        let mut clock = Clock::start();
        let files = precache.files(&kept.model.config, &kept.theme);
        for (path, bytes) in files {
            staging
                .put(path, Data::Bytes(bytes.into()))
                .map_err(failed)?;
        }
        report.timings.lap("web app", &mut clock);
    }
    // Letting go of the guide in memory takes a while (12 ms at 10,000 pages): on a thread
    // of its own, not on the way to the new site.
    std::thread::spawn(move || drop(kept));
    let mut clock = Clock::start();
    staging.publish().map_err(failed)?;
    report.timings.lap("publish", &mut clock);
    Ok(report)
}

/// Renders an analysed guide into `sink`; `problems` are those met so far. Returns what
/// an incremental rebuild needs to go on from there (without the site, which is the sink's).
/// Errors in the pages `past` do not stop it, nor broken links found in a page, which joins
/// them (`praxis serve`; `None` for every other command: every error stops it).
pub(crate) fn render_model(
    root: &Path,
    mut model: Model,
    mut problems: Vec<Diagnostic>,
    sink: &dyn Sink,
    past: Option<&BTreeSet<PathBuf>>,
) -> Result<(Report, Kept), Vec<Diagnostic>> {
    // Every file is read for its links on its way into the sink; see `linkcheck`.
    let checker = linkcheck::Checker::new(&model.config.base_url, model.config.base_path());
    let sink = &checker.watch(sink);
    let mut timings = model.timings.clone();
    let mut clock = Clock::start();
    let (theme, theme_problems) = theme::load(root, &model.config.theme, &model.config.language);
    problems.extend(theme_problems);
    let renderer = match Renderer::new(&theme, &model.config) {
        Ok(r) => Some(r),
        Err(p) => {
            problems.extend(p);
            None
        }
    };
    if stops(&problems, past) {
        diagnostic::sort(&mut problems);
        return Err(problems);
    }
    let Some(renderer) = renderer else {
        return Err(problems);
    };
    timings.lap("templates", &mut clock);
    let index = (model.search.take()).unwrap_or_else(|| search::index(&model.content));
    let index = search::index_file(&index, &theme);
    let indexed = sink.put(urls::SEARCH_INDEX.to_owned(), Data::Bytes(index.into()));
    timings.lap("search index", &mut clock);
    // Files made a batch at a time (sheets, the 404 page) go to the sink through
    // `put_all`, which also gathers every failure; the first failure to write is reported.
    let mut unwritten: Option<anyhow::Error> = None;
    let mut failures = Vec::new();
    let mut put_all = |(files, failed): (render::Files, Vec<render::Failure>)| {
        failures.extend(failed);
        let written = files
            .into_par_iter()
            .try_for_each(|(path, bytes)| sink.put(path, Data::Bytes(bytes.into())));
        unwritten = unwritten.take().or(written.err());
    };
    let shared = Shared::new(&model.config, &model.content, &model.graph);
    // Pages go to the sink one by one, as they are made, with the whole guide to print.
    let (failed, pages_written, book_failed, book_written) =
        pages_and_book(&renderer, &shared, sink);
    put_all((Vec::new(), failed));
    put_all(render::render_not_found(&renderer, &shared));
    put_all(render::render_generated(&renderer, &shared));
    timings.lap("pages and book", &mut clock);
    let (booklet_failed, booklet_written, parts) =
        sheets_and_booklet(&renderer, &shared, sink, &mut put_all);
    put_all(crate::outputs::packs::render_packs_with(
        &renderer, &shared, &parts,
    ));
    drop(parts);
    failures.extend(booklet_failed);
    failures.extend(book_failed);
    timings.lap("render sheets", &mut clock);
    problems.extend(render::failures_to_problems(&renderer, &shared, failures));
    if stops(&problems, past) {
        diagnostic::sort(&mut problems);
        return Err(problems);
    }
    let views = shared.into_views();
    let mut others: Vec<(String, Data)> = model
        .content
        .assets
        .iter()
        .map(|a| (a.rel.clone(), Data::Copy(a.source.clone())))
        .collect();
    for (name, file) in theme.statics() {
        others.push((
            urls::static_path(name),
            Data::Bytes(file.bytes.clone().into()),
        ));
    }
    others.push((
        urls::SITEMAP.to_owned(),
        Data::Bytes(sitemap(&model).into_bytes().into()),
    ));
    let written = others
        .into_par_iter()
        .try_for_each(|(path, data)| sink.put(path, data));
    timings.lap("assemble", &mut clock);
    let written = (written.and(pages_written))
        .and(booklet_written)
        .and(book_written)
        .and(indexed);
    if let Some(e) = unwritten.or(written.err()) {
        return Err(vec![Diagnostic::error(
            "--output",
            crate::base::messages::of_error(&e),
        )]);
    }
    if model.config.web_app {
        // Written last, by `build_into`, once every other file is known.
        for path in [urls::MANIFEST, urls::WORKER, urls::PRECACHE] {
            checker.expect(path);
        }
    }
    let misses = checker.finish(&|file| source_of(&model.content, file));
    timings.lap("check links", &mut clock);
    // A page with errors is not shown as it was just rendered: its links do not matter.
    // In `serve`, a page with a broken link is one more page with errors; the documents
    // that gather the pages (the guide to print, the booklet, the packs: named by their
    // own file) hold their text, and their misses count only once no page has errors.
    let is_page = |d: &Diagnostic| (model.content.pages.iter()).any(|p| p.source == d.path);
    let mut past = past.cloned();
    let mut gathered = Vec::new();
    for miss in misses {
        match &mut past {
            Some(pages) if pages.contains(&miss.path) => {}
            Some(pages) if is_page(&miss) => {
                pages.insert(miss.path.clone());
                problems.push(miss);
            }
            Some(_) => gathered.push(miss),
            None => problems.push(miss),
        }
    }
    if past.as_ref().is_some_and(BTreeSet::is_empty) {
        problems.extend(gathered);
    }
    diagnostic::sort(&mut problems);
    if stops(&problems, past.as_ref()) {
        return Err(problems);
    }
    let packs = pack_stems(&model);
    let report = Report {
        warnings: problems.clone(),
        pages: model.content.pages.len(),
        timings,
        rendered: None,
        broken: Vec::new(),
        packs,
    };
    let kept = Kept {
        model,
        theme,
        renderer,
        views,
        site: Site::default(),
        warnings: problems,
    };
    Ok((report, kept))
}

/// Renders the sheets, handed to `put`, and the booklet, written into `sink` as it is
/// made, a batch of sheets at a time. Returns the booklet's failure to render, whether
/// it could be written, and the parts the meeting packs print too.
fn sheets_and_booklet(
    renderer: &Renderer,
    shared: &Shared,
    sink: &dyn Sink,
    put: render::Put,
) -> (Option<render::Failure>, anyhow::Result<()>, sheets::Parts) {
    let mut file = sink.open(urls::BOOKLET.to_owned());
    let mut unwritten = None;
    let (failed, parts) = sheets::render_sheets_and_booklet(renderer, shared, put, &mut |piece| {
        if unwritten.is_none()
            && let Ok(file) = file.as_mut()
            && let Err(e) = file.write(piece)
        {
            unwritten = Some(e);
        }
    });
    let written = match (file, unwritten) {
        (Err(e), _) | (_, Some(e)) => Err(e),
        // Not finished: the build fails, with the booklet's template error.
        (Ok(_), None) if failed.is_some() => Ok(()),
        (Ok(file), None) => file.finish(),
    };
    (failed, written, parts)
}

/// Renders every page into `sink`, and writes the whole guide to print (book.rs) as it is
/// made, each body's Markdown rendered once for its page and its part of the book. Returns
/// the pages' failures and whether they could be written, then the book's.
fn pages_and_book(
    renderer: &Renderer,
    shared: &Shared,
    sink: &dyn Sink,
) -> (
    Vec<render::Failure>,
    anyhow::Result<()>,
    Option<render::Failure>,
    anyhow::Result<()>,
) {
    let every: Vec<usize> = (0..shared.content.pages.len()).collect();
    let pages = render::PageWriter::new(renderer, shared, sink, &every);
    let done: Vec<AtomicBool> = every.iter().map(|_| AtomicBool::new(false)).collect();
    let unwritten: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let each = |i: usize, marked: Option<String>| {
        if let Err(e) = pages.write(i, marked.as_deref()) {
            let mut first = sync::lock(&unwritten);
            first.get_or_insert(e);
        }
        done[i].store(true, Ordering::Relaxed);
    };
    let mut file = sink.open(urls::BOOK.to_owned());
    let mut book_unwritten = None;
    let write = &mut |piece: &[u8]| {
        if book_unwritten.is_none()
            && let Ok(file) = file.as_mut()
            && let Err(e) = file.write(piece)
        {
            book_unwritten = Some(e);
        }
    };
    let book_failed =
        crate::outputs::book::write_book_and_pages(renderer, shared, write, Some(&each)).err();
    let book_written = match (file, book_unwritten) {
        (Err(e), _) | (_, Some(e)) => Err(e),
        (Ok(_), None) if book_failed.is_some() => Ok(()),
        (Ok(file), None) => file.finish(),
    };
    // The pages the book leaves out (unlisted ones), or did not reach.
    let unwritten = sync::into_inner(unwritten);
    let pages_written = match unwritten {
        Some(e) => Err(e),
        None => {
            let rest: Vec<usize> = (every.into_iter())
                .filter(|&i| !done[i].load(Ordering::Relaxed))
                .collect();
            rest.par_iter().try_for_each(|&i| pages.write(i, None))
        }
    };
    (pages.failures(), pages_written, book_failed, book_written)
}

/// The content file an output file was made from: a page, or a role's sheet.
pub(crate) fn source_of<'c>(
    content: &'c Content,
    file: &str,
) -> Option<(std::path::PathBuf, &'c str)> {
    content.pages.iter().find_map(|p| {
        let is_sheet = p.meta.kind == content::Kind::Role && urls::sheet_path(&p.stem) == file;
        (is_sheet || p.output_path() == file).then(|| (p.source.clone(), p.text.as_str()))
    })
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

fn sitemap(model: &Model) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in model.content.pages.iter().filter(|p| !p.meta.unlisted) {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::base::text::escape_html(&format!("{}{}", model.config.base_url, page.url))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A guide whose bodies hold what takes an id or a way to the root: headings, a link
    /// to a heading of the page itself, footnotes, a citation, images (one that leads to a
    /// heading, whose `src` is percent-encoded), raw HTML, glossary auto-links, and a body
    /// that holds the marks' own byte.
    fn marked_guide() -> tempfile::TempDir {
        crate::render::theme::tests::guide_with(&[
            (
                "praxis.yaml",
                "title: Guide\nbase_url: https://cop.be/guide/\nbibliography: biblio.bib\nglossary:\n  autolink: first\n",
            ),
            (
                "biblio.bib",
                "@book{wenger2002,\n  title = {Cultivating},\n  author = {Wenger, Etienne},\n  publisher = {HBS},\n  year = {2002},\n}\n",
            ),
            (
                "content/_index.md",
                "---\ntitle: Accueil\n---\n## Pour commencer\n\nVoir [[#pour-commencer]], les [[roles]] et la plateforme[^note].\n\n[^note]: Une note, [[coordinateur]].\n",
            ),
            (
                "content/roles/_index.md",
                "---\ntitle: Rôles\n---\n<div class=\"encadre\"><a href=\"../glossaire/\">glossaire</a></div>\n",
            ),
            (
                "content/roles/coordinateur.md",
                "---\ntitle: Coordinateur\nkind: role\nsummary: Veille sur la [[plateforme]].\n---\n## Sa mission\n\nIl anime la plateforme [@wenger2002, p. 12]. ![Plan](schema.png)\n\n## Sa mission\n\nEncore[^a], [[plateforme|ici]].\n\n[^a]: Voir [[#sa-mission]].\n",
            ),
            ("content/roles/schema.png", "png"),
            (
                "content/roles/technicien.md",
                "---\ntitle: Technicien\nkind: role\n---\n## Outils\n\n![Haut](#outils)\n",
            ),
            (
                "content/roles/animateur.md",
                "---\ntitle: Animateur\nkind: role\n---\n## Rôle \u{1}root\u{1}\n\nIl écrit \u{1}id\u{1} et va vers [[#role-root]].\n",
            ),
            (
                "content/reunions/premiere.md",
                "---\ntitle: Première réunion\nkind: pack\nroles: [coordinateur]\n---\nCe qu'on distribue.\n",
            ),
            (
                "content/glossaire/plateforme.md",
                "---\ntitle: Plateforme\nkind: term\nsummary: Un espace partagé.\n---\nLe lieu des échanges ([[coordinateur#sa-mission]]).\n",
            ),
        ])
    }

    #[test]
    fn a_body_rendered_once_reads_as_rendered_for_its_page_and_for_the_book() {
        let dir = marked_guide();
        let (model, problems) = analyse(dir.path(), &Options::default());
        assert!(!problems.iter().any(|d| d.is_error()), "{problems:?}");
        let shared = Shared::new(&model.config, &model.content, &model.graph);
        let order = crate::outputs::book::reading_order(&shared);
        let anchors = crate::outputs::book::anchors(&shared, &order);
        let mut marked_bodies = 0;
        for i in 0..shared.content.pages.len() {
            let page = shared.page(i);
            let Some(marked) = shared.marked_body_html(i) else {
                continue;
            };
            marked_bodies += 1;
            let root = crate::base::urls::root_of(&page.url);
            assert_eq!(
                render::unmark(&marked, &root, ""),
                shared.body_html(i, &root, None, None),
                "{}",
                page.url
            );
            let anchor = &anchors[&page.url];
            assert_eq!(
                render::unmark(
                    &marked,
                    crate::analyse::markdown::ROOT_MARK,
                    &format!("{anchor}-")
                ),
                shared.body_html(i, crate::analyse::markdown::ROOT_MARK, None, Some(anchor)),
                "{}",
                page.url
            );
        }
        // The home, the roles' section, the coordinator, the pack and the term; the
        // technician's image that leads to a heading, and the body that holds the marks'
        // byte, are rendered apart.
        assert_eq!(marked_bodies, 5);
        let by_url =
            |url: &str| (0..shared.content.pages.len()).find(|&i| shared.page(i).url == url);
        for url in ["roles/technicien/", "roles/animateur/"] {
            assert_eq!(shared.marked_body_html(by_url(url).unwrap()), None, "{url}");
        }
    }

    #[test]
    fn a_pack_prints_the_sheets_the_booklet_made() {
        let dir = marked_guide();
        let (model, _) = analyse(dir.path(), &Options::default());
        let (theme, _) = theme::load(dir.path(), &model.config.theme, &model.config.language);
        let renderer = Renderer::new(&theme, &model.config).unwrap_or_else(|_| panic!());
        let shared = Shared::new(&model.config, &model.content, &model.graph);
        let (failed, parts) =
            sheets::render_sheets_and_booklet(&renderer, &shared, &mut |_| {}, &mut |_| {});
        assert!(failed.is_none());
        // Only the coordinator's sheet is printed by a pack.
        let pages = &model.content.pages;
        let coordinator = (0..pages.len())
            .find(|&i| pages[i].stem == "coordinateur")
            .unwrap();
        assert_eq!(parts.keys().collect::<Vec<_>>(), [&coordinator]);
        let url = urls::sheet_url("premiere");
        let made_again = sheets::pack_part(&renderer, &shared, coordinator, &url).unwrap();
        assert_eq!(
            sheets::place_part(&shared, &parts[&coordinator], &url),
            made_again
        );
        assert!(
            String::from_utf8_lossy(&made_again).contains("href=\"../../glossaire/plateforme/\"")
        );
    }
}
