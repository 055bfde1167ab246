//! The build, top to bottom: load → parse → resolve → render → assemble. Every stage
//! reports all its problems; rendering starts only when the content has no error.

use crate::config::{self, Autolink, Config};
use crate::content::{self, Content};
use crate::diagnostic::{self, Diagnostic};
use crate::markdown;
use crate::output::{Data, Discard, Sink, Site, Staging};
use crate::render::{self, Renderer, Shared, Sheets, Views};
use crate::resolve::{self, Graph};
use crate::search;
use crate::theme::{self, Theme};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    /// Replaces `base_url` of praxis.yaml (`praxis build --base-url`, `praxis serve`).
    pub base_url: Option<String>,
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
}

/// Durations of the stages of one build, in order, with the peak memory (resident, in
/// KiB) of the process at the end of each, where the system tells it.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<(&'static str, Duration, Option<u64>)>);

/// The most memory the process has held so far (Linux: `VmHWM`), in KiB.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl Timings {
    /// Records the time since `since` under `stage`, and restarts the clock.
    pub fn lap(&mut self, stage: &'static str, since: &mut Instant) {
        self.0.push((stage, since.elapsed(), peak_memory()));
        *since = Instant::now();
    }
}

/// The content of a guide, loaded and resolved: what `check` looks at.
pub struct Model {
    pub config: Config,
    pub content: Content,
    pub graph: Graph,
    pub timings: Timings,
}

/// Loads and resolves; returns the model and every problem, sorted.
pub fn analyse(root: &Path, options: &Options) -> (Model, Vec<Diagnostic>) {
    let (mut config, mut problems) = config::load(root);
    if let Some(url) = &options.base_url {
        let (checked, url_problems) = config::parse(
            Path::new("--base-url"),
            &format!("base_url: \"{}\"\n", url.replace('"', "")),
        );
        if url_problems.iter().any(Diagnostic::is_error) {
            problems.push(
                Diagnostic::error(
                    "--base-url",
                    format!("`{url}` is not an absolute http(s) URL"),
                )
                .with_help("pass e.g. --base-url https://example.org/guide/"),
            );
        } else {
            config.base_url = checked.base_url;
        }
    }
    let mut timings = Timings::default();
    let mut clock = Instant::now();
    let (mut content, load_problems) = content::load(root, options.drafts);
    problems.extend(load_problems);
    problems.extend(content::add_missing_home(&mut content, &config.title));
    problems.extend(reserved_paths(&content));
    timings.lap("load", &mut clock);
    let scans: Vec<markdown::Scan> = content
        .pages
        .par_iter()
        .map(|p| markdown::scan(p.body()))
        .collect();
    timings.lap("parse", &mut clock);
    let (graph, resolve_problems) =
        resolve::resolve(&content, scans, config.autolink == Autolink::First);
    problems.extend(resolve_problems);
    timings.lap("resolve", &mut clock);
    diagnostic::sort(&mut problems);
    (
        Model {
            config,
            content,
            graph,
            timings,
        },
        problems,
    )
}

/// Builds the whole site in memory. `Err` holds every problem (errors and warnings).
pub fn build(root: &Path, options: &Options) -> Result<Built, Vec<Diagnostic>> {
    let (model, problems) = analyse(root, options);
    let sink = Mutex::new(Site::default());
    let (report, _) = render_model(root, model, problems, &sink)?;
    let site = sink.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(Built { site, report })
}

/// Builds the site into the folder `out`, each file written as soon as it is rendered,
/// so that a big guide is never held in memory whole. `out` changes only if the build
/// succeeds: until then the files go to a staging folder (see [`Staging`]).
pub fn build_into(root: &Path, options: &Options, out: &Path) -> Result<Report, Vec<Diagnostic>> {
    let (model, problems) = analyse(root, options);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    let failed = |e: anyhow::Error| vec![Diagnostic::error(out, format!("{e:#}"))];
    let staging = Staging::open(out).map_err(failed)?;
    let (mut report, _) = render_model(root, model, problems, &staging)?;
    let mut clock = Instant::now();
    staging.publish().map_err(failed)?;
    report.timings.lap("publish", &mut clock);
    Ok(report)
}

/// What a full build keeps for the incremental rebuilds that follow it.
struct Kept {
    model: Model,
    theme: Theme,
    renderer: Renderer,
    views: Views,
    site: Site,
    warnings: Vec<Diagnostic>,
}

impl Kept {
    /// Runs `f` with the kept views lent to the renderer's view of the model.
    fn render<R>(&mut self, f: impl FnOnce(&Renderer, &Shared) -> R) -> R {
        let model = &self.model;
        let views = std::mem::take(&mut self.views);
        let shared = Shared::with_views(&model.config, &model.content, &model.graph, views);
        let out = f(&self.renderer, &shared);
        self.views = shared.into_views();
        out
    }
}

/// Pages rendered at a time: their HTML is handed to the sink before the next ones, which
/// bounds the memory a big guide needs.
const CHUNK: usize = 512;

/// Renders an analysed guide into `sink`; `problems` are those met so far. Returns what
/// an incremental rebuild needs to go on from there (without the site, which is the sink's).
fn render_model(
    root: &Path,
    model: Model,
    mut problems: Vec<Diagnostic>,
    sink: &dyn Sink,
) -> Result<(Report, Kept), Vec<Diagnostic>> {
    let mut timings = model.timings.clone();
    let mut clock = Instant::now();
    let (theme, theme_problems) = theme::load(root, &model.config.theme);
    problems.extend(theme_problems);
    let renderer = match Renderer::new(&theme, &model.config) {
        Ok(r) => Some(r),
        Err(p) => {
            problems.extend(p);
            None
        }
    };
    if problems.iter().any(Diagnostic::is_error) {
        diagnostic::sort(&mut problems);
        return Err(problems);
    }
    let Some(renderer) = renderer else {
        return Err(problems);
    };
    timings.lap("templates", &mut clock);
    // Files go to the sink a chunk at a time; the first failure to write is reported.
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
    let every: Vec<usize> = (0..model.content.pages.len()).collect();
    for chunk in every.chunks(CHUNK) {
        put_all(render::render_pages(&renderer, &shared, chunk));
    }
    put_all(render::render_not_found(&renderer, &shared));
    timings.lap("render pages", &mut clock);
    for chunk in every.chunks(CHUNK) {
        put_all(render::render_sheets(&renderer, &shared, Sheets::Of(chunk)));
    }
    put_all(render::render_sheets(&renderer, &shared, Sheets::Booklet));
    timings.lap("render sheets", &mut clock);
    problems.extend(render::failures_to_problems(&renderer, &shared, failures));
    if problems.iter().any(Diagnostic::is_error) {
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
            format!("static/{name}"),
            Data::Bytes(file.bytes.clone().into()),
        ));
    }
    others.push((
        "sitemap.xml".to_owned(),
        Data::Bytes(sitemap(&model).into_bytes().into()),
    ));
    let written = others
        .into_par_iter()
        .try_for_each(|(path, data)| sink.put(path, data));
    timings.lap("assemble", &mut clock);
    let index = search::index_file(&model.content, &theme);
    let indexed = sink.put(search::INDEX_FILE.to_owned(), Data::Bytes(index.into()));
    timings.lap("search index", &mut clock);
    if let Some(e) = unwritten.or(written.err()).or(indexed.err()) {
        return Err(vec![Diagnostic::error(
            "--output",
            format!("cannot write the site: {e:#}"),
        )]);
    }
    let report = Report {
        warnings: problems.clone(),
        pages: model.content.pages.len(),
        timings,
        rendered: None,
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

/// The builds of `praxis serve`: the first is a full build; after it, a save that only
/// changes the text of pages (not their title, aliases, kind, summary, weight, roles,
/// headings or place) re-renders those pages and the pages whose backlinks or related
/// pages it changes, and nothing else. Anything else is a full build again.
///
/// The search index and the booklet of sheets hold every page: they are brought up to
/// date by [`Session::complete`], after the rebuilt pages are served.
pub struct Session {
    root: PathBuf,
    options: Options,
    kept: Option<Kept>,
    /// Files saved since `kept` was built: a failed rebuild keeps them for the next one.
    pending: BTreeSet<PathBuf>,
    /// Whether the search index and the booklet wait for [`Session::complete`].
    late: bool,
}

/// The files an incremental rebuild leaves for [`Session::complete`]: they hold every page.
pub const LATE_FILES: [&str; 2] = [search::INDEX_FILE, crate::sheets::BOOKLET];

/// Why an incremental rebuild could not be done.
enum Incremental {
    Failed(Vec<Diagnostic>),
    NotPossible,
}

impl Session {
    pub fn new(root: &Path, options: &Options) -> Session {
        Session {
            root: root.to_path_buf(),
            options: options.clone(),
            kept: None,
            pending: BTreeSet::new(),
            late: false,
        }
    }

    /// Builds again after `changed` (paths from the root) were saved.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Built, Vec<Diagnostic>> {
        self.pending.extend(changed.iter().cloned());
        if self.kept.is_some() && !self.pending.is_empty() {
            match self.incremental() {
                Ok(built) => {
                    self.pending.clear();
                    self.late = true;
                    return Ok(built);
                }
                Err(Incremental::Failed(problems)) => return Err(problems),
                Err(Incremental::NotPossible) => {}
            }
        }
        let (model, problems) = analyse(&self.root, &self.options);
        let sink = Mutex::new(Site::default());
        let (report, mut kept) = render_model(&self.root, model, problems, &sink)?;
        kept.site = sink.into_inner().unwrap_or_else(|e| e.into_inner());
        let site = kept.site.clone();
        self.kept = Some(kept);
        self.pending.clear();
        self.late = false;
        Ok(Built { site, report })
    }

    /// Whether [`Session::complete`] has work waiting.
    pub fn is_late(&self) -> bool {
        self.late
    }

    /// Brings the search index and the booklet up to date after an incremental rebuild;
    /// returns the completed site, or `None` when nothing was waiting.
    pub fn complete(&mut self) -> Option<Site> {
        let kept = self.kept.as_mut().filter(|_| self.late)?;
        self.late = false;
        let (booklet, _) =
            kept.render(|r, shared| render::render_sheets(r, shared, Sheets::Booklet));
        let model = &kept.model;
        for (path, html) in booklet {
            kept.site.files.insert(path, Data::Bytes(html.into()));
        }
        kept.site.files.insert(
            search::INDEX_FILE.to_owned(),
            Data::Bytes(search::index_file(&model.content, &kept.theme).into()),
        );
        Some(kept.site.clone())
    }

    fn incremental(&mut self) -> Result<Built, Incremental> {
        let mut timings = Timings::default();
        let mut clock = Instant::now();
        let Some(kept) = self.kept.as_mut() else {
            return Err(Incremental::NotPossible);
        };
        let pages = &kept.model.content.pages;
        let mut edited: Vec<(usize, content::Page)> = Vec::new();
        let mut problems = Vec::new();
        for path in &self.pending {
            // Compared as bytes: `Path` equality walks components, 10,000 times per save.
            let Some(i) = pages
                .iter()
                .position(|p| p.source.as_os_str() == path.as_os_str())
            else {
                if !path.starts_with(content::CONTENT_DIR) {
                    return Err(Incremental::NotPossible);
                }
                let full = self.root.join(path);
                let assets = &kept.model.content.assets;
                match std::fs::symlink_metadata(&full) {
                    // An asset is read when it is served: a new version needs nothing.
                    Ok(m) if m.is_file() && assets.iter().any(|a| a.source == full) => continue,
                    // A file that came and went, like an editor's temporary copy.
                    Err(_)
                        if !pages.iter().any(|p| p.source.starts_with(path))
                            && !assets.iter().any(|a| a.source.starts_with(&full)) =>
                    {
                        continue;
                    }
                    _ => return Err(Incremental::NotPossible),
                }
            };
            if !self.root.join(path).is_file() {
                return Err(Incremental::NotPossible);
            }
            let Ok(rel) = path.strip_prefix(content::CONTENT_DIR) else {
                return Err(Incremental::NotPossible);
            };
            let (page, diags) = content::load_page(&self.root, rel);
            problems.extend(diags);
            match page {
                Some(mut page) => {
                    if page.meta.draft && !self.options.drafts {
                        return Err(Incremental::NotPossible);
                    }
                    page.parent.clone_from(&pages[i].parent);
                    edited.push((i, page));
                }
                None if problems.iter().any(Diagnostic::is_error) => {}
                None => return Err(Incremental::NotPossible),
            }
        }
        if problems.iter().any(Diagnostic::is_error) {
            diagnostic::sort(&mut problems);
            return Err(Incremental::Failed(problems));
        }
        timings.lap("load", &mut clock);
        let scans: Vec<(usize, markdown::Scan)> = edited
            .iter()
            .map(|(i, page)| (*i, markdown::scan(page.body())))
            .collect();
        for ((i, page), (_, scan)) in edited.iter().zip(&scans) {
            if !same_face(&pages[*i], page, &kept.model.graph.scans[*i], scan) {
                return Err(Incremental::NotPossible);
            }
        }
        // The new pages go in; the old ones come back if their links do not resolve.
        let content = &mut kept.model.content;
        let mut old_pages = Vec::with_capacity(edited.len());
        for (i, page) in edited {
            old_pages.push((i, std::mem::replace(&mut content.pages[i], page)));
        }
        let touched = match resolve::update(content, &mut kept.model.graph, &scans) {
            Ok(touched) => touched,
            Err(mut errors) => {
                for (i, page) in old_pages {
                    content.pages[i] = page;
                }
                errors.extend(problems);
                diagnostic::sort(&mut errors);
                return Err(Incremental::Failed(errors));
            }
        };
        timings.lap("resolve", &mut clock);
        let mut which: Vec<usize> = scans.iter().map(|(i, _)| *i).collect();
        which.extend(touched);
        which.sort_unstable();
        which.dedup();
        let ((mut files, failures), (sheets, sheet_failures)) = kept.render(|r, shared| {
            (
                render::render_pages(r, shared, &which),
                render::render_sheets(r, shared, Sheets::Of(&which)),
            )
        });
        let model = &kept.model;
        files.extend(sheets);
        if !failures.is_empty() || !sheet_failures.is_empty() {
            // The templates worked for these pages before: a page's text broke them.
            // A full build reports it the way every build does.
            return Err(Incremental::NotPossible);
        }
        timings.lap("render", &mut clock);
        for (path, html) in files {
            kept.site.files.insert(path, Data::Bytes(html.into()));
        }
        // The warnings of the pages read again replace theirs; the others stand.
        let sources: BTreeSet<&Path> = scans
            .iter()
            .map(|(i, _)| model.content.pages[*i].source.as_path())
            .collect();
        kept.warnings
            .retain(|w| !sources.contains(w.path.as_path()));
        kept.warnings.extend(problems);
        diagnostic::sort(&mut kept.warnings);
        let site = kept.site.clone();
        timings.lap("assemble", &mut clock);
        Ok(Built {
            site,
            report: Report {
                warnings: kept.warnings.clone(),
                pages: model.content.pages.len(),
                timings,
                rendered: Some(which.len()),
            },
        })
    }
}

/// Whether an edited page looks the same to every other page: the same place, names,
/// kind, summary, order, roles and heading ids. Only its text and tasks may differ.
fn same_face(
    old: &content::Page,
    new: &content::Page,
    old_scan: &markdown::Scan,
    new_scan: &markdown::Scan,
) -> bool {
    let ids = |scan: &markdown::Scan| -> Vec<String> {
        scan.headings.iter().map(|h| h.id.clone()).collect()
    };
    old.id == new.id
        && old.source == new.source
        && old.is_section == new.is_section
        && old.meta.title == new.meta.title
        && old.meta.kind == new.meta.kind
        && old.meta.summary == new.meta.summary
        && old.meta.aliases == new.meta.aliases
        && old.meta.weight == new.meta.weight
        && old.meta.draft == new.meta.draft
        && old.meta.roles == new.meta.roles
        && ids(old_scan) == ids(new_scan)
}

/// Everything `build` checks, plus the link-graph warnings (orphans, unused terms…).
pub fn check(root: &Path, options: &Options) -> Vec<Diagnostic> {
    let (model, problems) = analyse(root, options);
    let lints = resolve::lint(&model.content, &model.graph);
    // Rendered to find template errors; the files themselves are not kept.
    let mut problems = match render_model(root, model, problems, &Discard) {
        Ok((report, _)) => report.warnings,
        Err(problems) => problems,
    };
    problems.extend(lints);
    diagnostic::sort(&mut problems);
    problems
}

/// Paths of the output that praxis writes itself: a page or file of `content/` there would
/// be overwritten without a word.
fn reserved_paths(content: &Content) -> Vec<Diagnostic> {
    let reserved = |path: &str| {
        let top = path.split('/').next().unwrap_or("");
        [crate::sheets::SHEETS_DIR, "static"].contains(&top)
            || [search::INDEX_FILE, "sitemap.xml", "404.html"].contains(&path)
    };
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
            Diagnostic::error(
                source,
                format!("`{path}` is where praxis writes its own files (role sheets, theme files, search index, sitemap, 404 page)"),
            )
            .with_help("rename or move this file; `fiches/`, `static/`, `search-index.js`, `sitemap.xml` and `404.html` are reserved")
        })
        .collect()
}

fn sitemap(model: &Model) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in &model.content.pages {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            crate::text::escape_html(&format!("{}{}", model.config.base_url, page.url))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
