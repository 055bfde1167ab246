//! The steps of a build once the guide is analysed, in the order they run: templates →
//! search index → pages and the guide to print → sheets, booklet and packs → assets and
//! sitemap → link check. Each file goes to a [`Sink`] as soon as it is made.

use crate::base::diagnostic::{self, Diagnostic};
use crate::base::sink::{Data, Sink, Site};
use crate::base::sync;
use crate::base::urls;
use crate::outputs::search;
use crate::outputs::sheets;
use crate::pipeline::linkcheck;
use crate::pipeline::model::Model;
use crate::pipeline::timings::{Clock, Timings};
use crate::render::theme::{self, Theme};
use crate::render::{self, RenderContext, Renderer, Shared, Views};
use crate::source::config::Config;
use crate::source::content::{self, Content, PageId};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// What a full build keeps for the incremental rebuilds of `serve` that follow it
/// (incremental.rs).
pub(crate) struct Kept {
    pub(crate) model: Model,
    pub(crate) theme: Theme,
    pub(crate) renderer: Renderer,
    pub(crate) views: Views,
    pub(crate) site: Site,
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Kept {
    /// Runs `f` with a render context over the kept model, the kept views lent to it.
    pub(crate) fn render<R>(&mut self, f: impl FnOnce(&RenderContext) -> R) -> R {
        let model = &self.model;
        let views = std::mem::take(&mut self.views);
        let shared = Shared::with_views(&model.config, &model.content, &model.graph, views);
        let renderer = &self.renderer;
        let out = f(&RenderContext {
            renderer,
            shared: &shared,
        });
        self.views = shared.into_views();
        out
    }
}

/// What the rendering steps met: every failure to render, in the order they are
/// reported, and the first failure to write a batch of files (sheets, the 404 page…).
struct Made<'s> {
    sink: &'s dyn Sink,
    failures: Vec<render::Failure>,
    unwritten: Option<anyhow::Error>,
}

impl Made<'_> {
    /// Hands a batch of files to the sink and keeps its failures.
    fn put_all(&mut self, (files, failed): (render::Files, Vec<render::Failure>)) {
        self.failures.extend(failed);
        let sink = self.sink;
        let written = files
            .into_par_iter()
            .try_for_each(|(path, bytes)| sink.put(path, Data::Bytes(bytes.into())));
        self.unwritten = self.unwritten.take().or(written.err());
    }
}

/// A document written piece by piece as it is rendered (the whole guide to print, the
/// booklet): its failure to render, and whether it could be written.
struct Document {
    failed: Option<render::Failure>,
    written: anyhow::Result<()>,
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
    let (theme, renderer) = templates(root, &model.config, &mut problems, past)?;
    timings.lap("templates", &mut clock);
    let indexed = search_index(&mut model, &theme, sink);
    timings.lap("search index", &mut clock);
    let shared = Shared::new(&model.config, &model.content, &model.graph);
    let mut made = Made {
        sink,
        failures: Vec::new(),
        unwritten: None,
    };
    let ctx = &RenderContext {
        renderer: &renderer,
        shared: &shared,
    };
    let (pages_written, book) = pages_and_book(ctx, &mut made);
    timings.lap("pages and book", &mut clock);
    let booklet = sheets_booklet_and_packs(ctx, &mut made);
    made.failures.extend(booklet.failed);
    made.failures.extend(book.failed);
    timings.lap("render sheets", &mut clock);
    problems.extend(render::failures_to_problems(ctx, made.failures));
    if stops(&problems, past) {
        diagnostic::sort(&mut problems);
        return Err(problems);
    }
    let views = shared.into_views();
    let assembled = assets_and_sitemap(&model, &theme, sink);
    timings.lap("assemble", &mut clock);
    let written = (assembled.and(pages_written))
        .and(booklet.written)
        .and(book.written)
        .and(indexed);
    if let Some(e) = made.unwritten.or(written.err()) {
        let said = crate::base::messages::of_error(&e);
        return Err(vec![Diagnostic::error("--output", said)]);
    }
    let problems = check_links(checker, &model, problems, past)?;
    timings.lap("check links", &mut clock);
    Ok(finish(model, theme, renderer, views, problems, timings))
}

/// Loads the theme and its templates. `problems` (those met so far) come back as the
/// error if they stop the build here.
fn templates(
    root: &Path,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
    past: Option<&BTreeSet<PathBuf>>,
) -> Result<(Theme, Renderer), Vec<Diagnostic>> {
    let (theme, theme_problems) = theme::load(root, &config.theme, &config.language);
    problems.extend(theme_problems);
    let renderer = match Renderer::new(&theme, config) {
        Ok(r) => Some(r),
        Err(p) => {
            problems.extend(p);
            None
        }
    };
    if stops(problems, past) {
        diagnostic::sort(problems);
        return Err(std::mem::take(problems));
    }
    match renderer {
        Some(renderer) => Ok((theme, renderer)),
        None => Err(std::mem::take(problems)),
    }
}

/// Writes the search index that analysis made (or makes it, for a model without one).
fn search_index(model: &mut Model, theme: &Theme, sink: &dyn Sink) -> anyhow::Result<()> {
    let index = (model.search.take()).unwrap_or_else(|| search::index(&model.content));
    let index = search::index_file(&index, theme);
    sink.put(urls::SEARCH_INDEX.to_owned(), Data::Bytes(index.into()))
}

/// Renders every page into the sink, and writes the whole guide to print (book.rs) as it
/// is made, each body's Markdown rendered once for its page and its part of the book;
/// then the 404 page and the generated pages. Returns whether the pages could be
/// written, and the book.
fn pages_and_book(ctx: &RenderContext, made: &mut Made) -> (anyhow::Result<()>, Document) {
    let every: Vec<PageId> = ctx.shared.content.ids().collect();
    let pages = render::PageWriter::new(ctx, made.sink, &every);
    let done: Vec<AtomicBool> = every.iter().map(|_| AtomicBool::new(false)).collect();
    let unwritten: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let each = |i: PageId, marked: Option<String>| {
        if let Err(e) = pages.write(i, marked.as_deref()) {
            let mut first = sync::lock(&unwritten);
            first.get_or_insert(e);
        }
        done[i].store(true, Ordering::Relaxed);
    };
    let (book, ()) = piecewise(made.sink, urls::BOOK, |write| {
        let failed = crate::outputs::book::write_book_and_pages(ctx, write, Some(&each));
        (failed.err(), ())
    });
    // The pages the book leaves out (unlisted ones), or did not reach.
    let unwritten = sync::into_inner(unwritten);
    let pages_written = match unwritten {
        Some(e) => Err(e),
        None => {
            let rest: Vec<PageId> = (every.into_iter())
                .filter(|&i| !done[i].load(Ordering::Relaxed))
                .collect();
            rest.par_iter().try_for_each(|&i| pages.write(i, None))
        }
    };
    made.put_all((Vec::new(), pages.failures()));
    made.put_all(render::render_not_found(ctx));
    made.put_all(render::render_generated(ctx));
    (pages_written, book)
}

/// Renders the sheets, a batch at a time, and the booklet, written as it is made; then
/// the meeting packs, which print the parts the booklet made. Returns the booklet.
fn sheets_booklet_and_packs(ctx: &RenderContext, made: &mut Made) -> Document {
    let sink = made.sink;
    let (booklet, parts) = piecewise(sink, urls::BOOKLET, |write| {
        let put = &mut |batch| made.put_all(batch);
        sheets::render_sheets_and_booklet(ctx, put, write)
    });
    made.put_all(crate::outputs::packs::render_packs_with(ctx, &parts));
    booklet
}

/// Opens `path` in `sink` and writes into it what `render` makes, piece by piece. A
/// document that failed to render is left unfinished: the build fails with its error.
fn piecewise<T>(
    sink: &dyn Sink,
    path: &str,
    render: impl FnOnce(&mut dyn FnMut(&[u8])) -> (Option<render::Failure>, T),
) -> (Document, T) {
    let mut file = sink.open(path.to_owned());
    let mut unwritten = None;
    let (failed, out) = render(&mut |piece| {
        if unwritten.is_none()
            && let Ok(file) = file.as_mut()
            && let Err(e) = file.write(piece)
        {
            unwritten = Some(e);
        }
    });
    let written = match (file, unwritten) {
        (Err(e), _) | (_, Some(e)) => Err(e),
        (Ok(_), None) if failed.is_some() => Ok(()),
        (Ok(file), None) => file.finish(),
    };
    (Document { failed, written }, out)
}

/// Copies the guide's files and the theme's, and writes the sitemap.
fn assets_and_sitemap(model: &Model, theme: &Theme, sink: &dyn Sink) -> anyhow::Result<()> {
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
        Data::Bytes(sitemap(model).into_bytes().into()),
    ));
    others
        .into_par_iter()
        .try_for_each(|(path, data)| sink.put(path, data))
}

/// Adds the links to nowhere that `checker` found in every file to `problems`, sorted.
/// A page with errors is not shown as it was just rendered: its links do not matter.
/// In `serve`, a page with a broken link is one more page with errors; the documents
/// that gather the pages (the guide to print, the booklet, the packs: named by their
/// own file) hold their text, and their misses count only once no page has errors.
fn check_links(
    checker: linkcheck::Checker,
    model: &Model,
    mut problems: Vec<Diagnostic>,
    past: Option<&BTreeSet<PathBuf>>,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    if model.config.purpose.web_app() {
        // Written last, by `build_into`, once every other file is known.
        for path in [urls::MANIFEST, urls::WORKER, urls::PRECACHE] {
            checker.expect(path);
        }
    }
    let misses = checker.finish(&|file| source_of(&model.content, file));
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
    match stops(&problems, past.as_ref()) {
        true => Err(problems),
        false => Ok(problems),
    }
}

/// The report of a build that succeeded, and what incremental rebuilds keep of it.
fn finish(
    model: Model,
    theme: Theme,
    renderer: Renderer,
    views: Views,
    problems: Vec<Diagnostic>,
    timings: Timings,
) -> (Report, Kept) {
    let report = Report {
        warnings: problems.clone(),
        pages: model.content.pages.len(),
        timings,
        rendered: None,
        broken: Vec::new(),
        packs: pack_stems(&model),
    };
    let kept = Kept {
        model,
        theme,
        renderer,
        views,
        site: Site::default(),
        warnings: problems,
    };
    (report, kept)
}

/// Whether `problems` stop a build: an error, except in the pages `past` (see
/// [`crate::pipeline::render_past_errors`]).
pub(crate) fn stops(problems: &[Diagnostic], past: Option<&BTreeSet<PathBuf>>) -> bool {
    (problems.iter()).any(|d| d.is_error() && !past.is_some_and(|p| p.contains(&d.path)))
}

/// The file names of the guide's meeting packs, sorted: each is printed at `fiches/<name>/`.
pub(crate) fn pack_stems(model: &Model) -> Vec<String> {
    let mut packs: Vec<String> = (model.graph.packs.keys())
        .map(|&i| model.content.pages[i].stem.clone())
        .collect();
    packs.sort();
    packs
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
