//! The steps of an incremental rebuild, in the order [`Session`] takes them: the pages
//! the saves edited read again, their citations and reviews checked, their links
//! resolved, the pages rendered, their links checked, the files merged into the site.

use super::Session;
use super::face::same_face;
use crate::analyse::markdown;
use crate::analyse::resolve;
use crate::base::diagnostic::{self, Diagnostic};
use crate::base::sink::{Data, Site};
use crate::base::sync;
use crate::outputs::sheets;
use crate::pipeline::{Broken, Kept};
use crate::render;
use crate::source::content::{self, PageId};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

impl Session {
    /// The pages the saves edited, each read again; `NotPossible` for a save that is more
    /// than the text of pages (a new page, a draft, a file outside `content/`).
    pub(super) fn edited(&self, kept: &Kept, today: time::Date) -> Result<Edits, Incremental> {
        let content = &kept.model.content;
        let mut edits = Edits {
            broken: broken_sources(&kept.warnings),
            ..Edits::default()
        };
        for path in &self.pending {
            // Compared as bytes: `Path` equality walks components, 10,000 times per save.
            let Some(i) =
                (content.ids()).find(|&i| content.pages[i].source.as_os_str() == path.as_os_str())
            else {
                needs_no_page(&self.root, kept, path)?;
                continue;
            };
            let (page, diags) = self.read_again(kept, i, path, &edits.broken, today)?;
            edits.problems.extend(diags);
            edits.pages.extend(page.map(|page| (i, page)));
        }
        Ok(edits)
    }

    /// The kept page `i` read again from `path`, with its diagnostics: `None` when it has
    /// errors now, and is kept, and shown, as it was.
    fn read_again(
        &self,
        kept: &Kept,
        i: PageId,
        path: &Path,
        broken: &BTreeSet<PathBuf>,
        today: time::Date,
    ) -> Result<(Option<content::Page>, Vec<Diagnostic>), Incremental> {
        // A page with errors may have more than its text gives (its place, its fields
        // seen from other pages): then a full build says which are left.
        let by_text = || self.broken_by_text.contains(path) || errors_of_its_text(kept, i, today);
        if (broken.contains(path) && !by_text()) || !self.root.join(path).is_file() {
            return Err(Incremental::NotPossible);
        }
        let Ok(rel) = path.strip_prefix(content::CONTENT_DIR) else {
            return Err(Incremental::NotPossible);
        };
        let (page, diags) = content::load_page(&self.root, rel);
        if diags.iter().any(Diagnostic::is_error) {
            return Ok((None, diags));
        }
        let mut page = page.ok_or(Incremental::NotPossible)?;
        if page.meta.draft && !self.options.drafts {
            return Err(Incremental::NotPossible);
        }
        page.parent.clone_from(&kept.model.content.pages[i].parent);
        Ok((Some(page), diags))
    }

    /// The pages to render again: those read again and those whose backlinks or related
    /// pages changed (`touched`), but not a page with errors, which shows its last good
    /// version.
    pub(super) fn to_render(
        &self,
        kept: &Kept,
        edits: &Edits,
        touched: Vec<PageId>,
    ) -> Vec<PageId> {
        let still_broken = |source: &Path| {
            edits.failing.contains(source)
                || (edits.broken.contains(source) && !self.pending.contains(source))
        };
        let pages = &kept.model.content.pages;
        let mut which: Vec<PageId> = edits.scans.iter().map(|(i, _)| *i).collect();
        which.extend(touched);
        which.retain(|i| !still_broken(&pages[*i].source));
        which.sort_unstable();
        which.dedup();
        which
    }

    /// The rendered `files` merged into the kept site, and the diagnostics of the pages
    /// read again in place of theirs (the others stand). Returns the site and the pages
    /// with errors.
    pub(super) fn merge(
        &mut self,
        kept: &mut Kept,
        files: Vec<(String, Data)>,
        edits: Edits,
    ) -> (Site, Vec<Broken>) {
        kept.site.files.extend(files);
        let sources: BTreeSet<&Path> = (self.pending.iter()).map(PathBuf::as_path).collect();
        kept.warnings
            .retain(|w| !sources.contains(w.path.as_path()));
        kept.warnings.extend(edits.problems);
        diagnostic::sort(&mut kept.warnings);
        let site = kept.site.clone();
        self.shown = site.clone();
        let broken = crate::pipeline::broken_pages(&kept.model.content, &kept.warnings);
        let by_text = std::mem::take(&mut self.broken_by_text);
        self.broken_by_text = (broken.iter())
            .map(|b| &b.source)
            .filter(|s| edits.failing.contains(*s) || by_text.contains(*s))
            .cloned()
            .collect();
        (site, broken)
    }
}

/// Why an incremental rebuild could not be done.
pub(super) enum Incremental {
    NotPossible,
    /// Found out after the kept model was brought up to date but before its pages were
    /// rendered: only a full build may follow.
    Spoilt,
}

/// What an incremental rebuild learns of the saved pages, step by step.
#[derive(Default)]
pub(super) struct Edits {
    /// The pages read again without errors, each with its place in the kept model.
    pub(super) pages: Vec<(PageId, content::Page)>,
    /// Their scans, in the same order.
    pub(super) scans: Vec<(PageId, markdown::Scan)>,
    /// The pages with errors before the saves.
    pub(super) broken: BTreeSet<PathBuf>,
    /// The pages with errors now: they show their last good version.
    pub(super) failing: BTreeSet<PathBuf>,
    /// The diagnostics of the pages read again.
    pub(super) problems: Vec<Diagnostic>,
}

/// A saved file that is no page: an asset's new version is read when it is served, and a
/// file that came and went (an editor's temporary copy) is nothing; anything else (a new
/// page, a file outside `content/`) needs a full build.
fn needs_no_page(root: &Path, kept: &Kept, path: &Path) -> Result<(), Incremental> {
    if !path.starts_with(content::CONTENT_DIR) {
        return Err(Incremental::NotPossible);
    }
    let full = root.join(path);
    let content = &kept.model.content;
    let (assets, drafts) = (&content.assets, &content.drafts);
    match std::fs::symlink_metadata(&full) {
        Ok(m) if m.is_file() && assets.iter().any(|a| a.source == full) => Ok(()),
        Err(_)
            if !(content.pages.iter().chain(drafts)).any(|p| p.source.starts_with(path))
                && !assets.iter().any(|a| a.source.starts_with(&full)) =>
        {
            Ok(())
        }
        _ => Err(Incremental::NotPossible),
    }
}

/// Whether every page read again looks to the others as it did (see [`same_face`]).
pub(super) fn keep_their_faces(kept: &Kept, edits: &Edits) -> bool {
    let (pages, scans) = (&kept.model.content.pages, &kept.model.graph.scans);
    (edits.pages.iter().zip(&edits.scans))
        .all(|((i, page), (_, scan))| same_face(&pages[*i], page, &scans[*i], scan))
}

/// The citations of the pages read again checked, and their reviews counted, as a full
/// build does.
pub(super) fn text_problems(kept: &Kept, edits: &Edits, today: time::Date) -> Vec<Diagnostic> {
    let (config, content) = (&kept.model.config, &kept.model.content);
    let mut problems = Vec::new();
    for ((_, page), (_, scan)) in edits.pages.iter().zip(&edits.scans) {
        problems.extend(crate::pipeline::cite_problems(content, page, scan));
        problems.extend(crate::analyse::review::overdue(
            std::slice::from_ref(page),
            config,
            today,
        ));
    }
    problems
}

/// The pages read again swapped into the kept model, and their links resolved; those
/// whose links do not resolve are failing, and stay as they were. Each page's links
/// resolve alone: a second try without the failing pages is the last. Returns the other
/// pages whose backlinks or related pages changed.
pub(super) fn resolve_edits(
    kept: &mut Kept,
    edits: &mut Edits,
) -> Result<Vec<PageId>, Incremental> {
    let swap = |content: &mut content::Content, pages: &mut Vec<(PageId, content::Page)>| {
        for (i, page) in pages.iter_mut() {
            std::mem::swap(&mut content.pages[*i], page);
        }
    };
    let model = &mut kept.model;
    edits.failing = broken_sources(&edits.problems);
    loop {
        (edits.pages).retain(|(_, page)| !edits.failing.contains(&page.source));
        (edits.scans).retain(|(i, _)| edits.pages.iter().any(|(j, _)| i == j));
        swap(&mut model.content, &mut edits.pages);
        match resolve::update(&model.content, &mut model.graph, &edits.scans) {
            Ok(touched) => return Ok(touched),
            Err(errors) => {
                swap(&mut model.content, &mut edits.pages);
                let more = broken_sources(&errors);
                edits.problems.extend(errors);
                if more.iter().all(|m| edits.failing.contains(m)) {
                    return Err(Incremental::NotPossible);
                }
                edits.failing.extend(more);
            }
        }
    }
}

/// The pages `which` rendered again with their sheets, and every pack: a meeting pack
/// prints other pages' sheets, examples and terms (a guide has a few).
pub(super) fn render_again(
    kept: &mut Kept,
    which: &[PageId],
) -> Result<Vec<(String, Data)>, Incremental> {
    let rendered = Mutex::new(Site::default());
    let ((failures, _), (sheets, sheet_failures)) = kept.render(|ctx| {
        let mut sheets = sheets::render_sheets(ctx, which);
        let (packs, failed) = crate::outputs::packs::render_packs(ctx);
        sheets.0.extend(packs);
        sheets.1.extend(failed);
        (render::render_pages(ctx, which, &rendered), sheets)
    });
    if !failures.is_empty() || !sheet_failures.is_empty() {
        // The templates worked for these pages before: a page's text broke them.
        // A full build reports it the way every build does.
        return Err(Incremental::Spoilt);
    }
    let mut files: Vec<(String, Data)> = sync::into_inner(rendered).files.into_iter().collect();
    files.extend(
        sheets
            .into_iter()
            .map(|(path, html)| (path, Data::Bytes(html.into()))),
    );
    Ok(files)
}

/// The links of `files` checked against the kept site as a full build checks them: a
/// page with a link to nothing (written in HTML) is failing, and its files are left out,
/// so that it shows its last good version. Returns the links to nothing.
pub(super) fn check_links(
    kept: &Kept,
    files: &mut Vec<(String, Data)>,
    failing: &mut BTreeSet<PathBuf>,
) -> Result<Vec<Diagnostic>, Incremental> {
    let model = &kept.model;
    let checker =
        crate::pipeline::linkcheck::Checker::new(&model.config.base_url, model.config.base_path());
    checker.again(files, &kept.site);
    let source = |file: &str| crate::pipeline::source_of(&model.content, file);
    let misses = checker.finish(&source);
    for miss in &misses {
        if !model.content.pages.iter().any(|p| p.source == miss.path) {
            // Not a page's (a pack's, say): a full build reports it as every build does.
            return Err(Incremental::Spoilt);
        }
        failing.insert(miss.path.clone());
    }
    if !misses.is_empty() {
        files.retain(|(file, _)| source(file).is_none_or(|(p, _)| !failing.contains(&p)));
    }
    Ok(misses)
}

/// Whether the errors of the kept page `i` all come from its text: its front matter, its
/// citations, its links and its review date, as an incremental rebuild finds them again
/// in a new version of it.
fn errors_of_its_text(kept: &Kept, i: PageId, today: time::Date) -> bool {
    let (content, graph) = (&kept.model.content, &kept.model.graph);
    let page = &content.pages[i];
    if content.unread.contains(&page.source) {
        return false;
    }
    let scan = markdown::scan(page.body());
    let (_, mut own) = content::front_matter(&page.source, &page.text);
    own.extend(crate::pipeline::cite_problems(content, page, &scan));
    own.extend(resolve::problems_of(content, graph, i, &scan));
    let config = &kept.model.config;
    own.extend(crate::analyse::review::overdue(
        std::slice::from_ref(page),
        config,
        today,
    ));
    own.retain(Diagnostic::is_error);
    let mut had: Vec<Diagnostic> = (kept.warnings.iter())
        .filter(|d| d.is_error() && d.path == page.source)
        .cloned()
        .collect();
    diagnostic::sort(&mut own);
    diagnostic::sort(&mut had);
    own == had
}

/// The files `problems` name in an error.
fn broken_sources(problems: &[Diagnostic]) -> BTreeSet<PathBuf> {
    (problems.iter())
        .filter(|d| d.is_error())
        .map(|d| d.path.clone())
        .collect()
}
