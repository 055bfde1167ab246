//! The build, top to bottom: load → parse → resolve → render → assemble. Every stage
//! reports all its problems; rendering starts only when the content has no error.

use crate::config::{self, Autolink, Config};
use crate::content::{self, Content};
use crate::diagnostic::{self, Diagnostic};
use crate::markdown;
use crate::output::{Data, Site};
use crate::render::{self, Renderer, Shared};
use crate::resolve::{self, Graph};
use crate::search;
use crate::theme;
use rayon::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    /// Replaces `base_url` of praxis.yaml (`praxis build --base-url`, `praxis serve`).
    pub base_url: Option<String>,
}

/// A successful build: the site, and the warnings met on the way.
pub struct Built {
    pub site: Site,
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    /// How long each stage took, for `PRAXIS_TIMINGS=1` and the benchmarks.
    pub timings: Timings,
}

/// Durations of the stages of one build, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    /// Records the time since `since` under `stage`, and restarts the clock.
    pub fn lap(&mut self, stage: &'static str, since: &mut Instant) {
        self.0.push((stage, since.elapsed()));
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
    render_model(root, &model, problems)
}

/// Renders an analysed guide; `problems` are those met so far.
fn render_model(
    root: &Path,
    model: &Model,
    mut problems: Vec<Diagnostic>,
) -> Result<Built, Vec<Diagnostic>> {
    let mut timings = model.timings.clone();
    let mut clock = Instant::now();
    let (theme, theme_problems) = theme::load(root, &model.config.theme);
    problems.extend(theme_problems);
    let renderer = match Renderer::new(&theme) {
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
    let shared = Shared::new(&model.config, &model.content, &model.graph);
    let (mut pages, render_problems) = render::render_pages(&renderer, &shared);
    problems.extend(render_problems);
    timings.lap("render pages", &mut clock);
    let (sheets, sheet_problems) = render::render_sheets(&renderer, &shared);
    pages.extend(sheets);
    problems.extend(sheet_problems);
    timings.lap("render sheets", &mut clock);
    if problems.iter().any(Diagnostic::is_error) {
        diagnostic::sort(&mut problems);
        return Err(problems);
    }
    let mut site = Site::default();
    for (path, html) in pages {
        site.files.insert(path, Data::Bytes(html));
    }
    for asset in &model.content.assets {
        site.files
            .insert(asset.rel.clone(), Data::Copy(asset.source.clone()));
    }
    for (name, file) in theme.statics() {
        site.files
            .insert(format!("static/{name}"), Data::Bytes(file.bytes.clone()));
    }
    timings.lap("assemble", &mut clock);
    site.files.insert(
        search::INDEX_FILE.to_owned(),
        Data::Bytes(search::index_file(&model.content, &theme)),
    );
    timings.lap("search index", &mut clock);
    site.files.insert(
        "sitemap.xml".to_owned(),
        Data::Bytes(sitemap(model).into_bytes()),
    );
    Ok(Built {
        site,
        warnings: problems,
        pages: model.content.pages.len(),
        timings,
    })
}

/// Everything `build` checks, plus the link-graph warnings (orphans, unused terms…).
pub fn check(root: &Path, options: &Options) -> Vec<Diagnostic> {
    let (model, problems) = analyse(root, options);
    let mut problems = match render_model(root, &model, problems) {
        Ok(built) => built.warnings,
        Err(problems) => problems,
    };
    problems.extend(resolve::lint(&model.content, &model.graph));
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
