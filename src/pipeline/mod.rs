//! The build's commands, top to bottom: [`analyse`] (load → parse → resolve, model.rs),
//! then the render steps (steps.rs: templates → search index → pages and the book →
//! sheets, booklet and packs → assets and sitemap → link check), each file handed to a
//! [`Sink`] as soon as it is made, then written. Every stage reports all its problems;
//! rendering starts only when the content has no error.
//!
//! The steps live beside it: model.rs, steps.rs, timings.rs; the preview's rebuilds in
//! incremental.rs; the link check of every output in linkcheck.rs.

pub mod timings;
pub mod model;
pub mod steps;
pub mod incremental;
pub mod linkcheck;

use crate::base::diagnostic::Diagnostic;
use crate::base::sink::{Data, Sink, Site, Staging};
use crate::base::sync;
use crate::base::urls;
use crate::source::config::Purpose;
use crate::source::content::{self, Content};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

// The commands, the preview and the tests take the build from here, whichever step's
// file each part lives in.
pub(crate) use crate::pipeline::model::cite_problems;
pub use crate::pipeline::model::{Model, Options, analyse, analyse_loaded};
pub(crate) use crate::pipeline::steps::render_model;
pub use crate::pipeline::steps::{Broken, Report};
pub(crate) use crate::pipeline::steps::{Kept, pack_stems, source_of};
pub use crate::pipeline::timings::{Clock, Lap, Timings};

/// A successful build in memory: the site, and what happened.
pub struct Built {
    pub site: Site,
    pub report: Report,
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
    let purpose = model.config.purpose;
    let sink: &dyn Sink = match purpose {
        Purpose::Offline => &file_links,
        Purpose::Published => &precache,
        Purpose::Preview => &staging,
    };
    let (mut report, kept) = render_model(root, model, problems, sink, None)?;
    if purpose.web_app() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::sheets;
    use crate::render::theme;
    use crate::render::{self, RenderContext, Renderer, Shared};

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
        for i in shared.content.ids() {
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
        let by_url = |url: &str| (shared.content.ids()).find(|&i| shared.page(i).url == url);
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
        let ctx = &RenderContext {
            renderer: &renderer,
            shared: &shared,
        };
        let (failed, parts) = sheets::render_sheets_and_booklet(ctx, &mut |_| {}, &mut |_| {});
        assert!(failed.is_none());
        // Only the coordinator's sheet is printed by a pack.
        let pages = &model.content.pages;
        let coordinator = (model.content.ids())
            .find(|&i| pages[i].stem == "coordinateur")
            .unwrap();
        assert_eq!(parts.keys().collect::<Vec<_>>(), [&coordinator]);
        let url = urls::sheet_url("premiere");
        let made_again = sheets::pack_part(ctx, coordinator, &url).unwrap();
        assert_eq!(
            sheets::place_part(&shared, &parts[&coordinator], &url),
            made_again
        );
        assert!(
            String::from_utf8_lossy(&made_again).contains("href=\"../../glossaire/plateforme/\"")
        );
    }
}
