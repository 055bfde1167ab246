//! Incremental rebuilds for `praxis serve`: a full build first, then, for a save that
//! changes only the text of pages, the work those pages need and nothing more.

use crate::analyse::markdown;
use crate::analyse::resolve;
use crate::base::diagnostic::{self, Diagnostic};
use crate::base::sink::{Data, Site};
use crate::base::urls;
use crate::build::pipeline::{
    Broken, Built, Clock, Kept, Options, Report, Timings, analyse, render_past_errors,
};
use crate::outputs::search;
use crate::outputs::sheets;
use crate::render;
use crate::source::content;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The builds of `praxis serve`: the first is a full build; after it, a save that only
/// changes the text of pages (not their title, aliases, kind, summary, weight, roles,
/// headings or place) re-renders those pages and the pages whose backlinks or related
/// pages it changes, and nothing else. Anything else is a full build again.
///
/// Pages with errors do not stop this: a save that breaks a page keeps that page as it
/// last was and reports its errors at once; saves of other pages stay incremental, and so
/// do saves of a page with errors when they all come from its text. A page with an error
/// in its place or in fields other pages are checked against gets a full build, which
/// finds every error it still has.
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
    /// The guide's title, as the last full build read it from praxis.yaml.
    title: String,
    /// The last site built: a page with errors is shown as it was there.
    shown: Site,
    /// Each page's fields as last read, for a page that cannot be read now.
    last_good: Arc<HashMap<PathBuf, content::Meta>>,
    /// The guide's language, as the last full build read it.
    language: String,
    /// What each page looked like at the last full build: a page that vanished is
    /// matched to a new one by these.
    faces: Vec<Face>,
    /// The pages moved by the last full build, until [`Session::take_moved`].
    moved: Vec<Moved>,
    /// The pages an incremental rebuild found errors in: the model keeps their last good
    /// version, and their errors all come from their text.
    broken_by_text: BTreeSet<PathBuf>,
}

/// A page as a rename is recognised by: the same title or the same body.
struct Face {
    source: PathBuf,
    url: String,
    title: String,
    body: u64,
}

/// A page that was moved or renamed: its old and new URLs from the site's root
/// (`roles/a/`, `roles/b/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub from: String,
    pub to: String,
}

/// The files an incremental rebuild leaves for [`Session::complete`]: they hold every page.
pub const LATE_FILES: [&str; 3] = [urls::SEARCH_INDEX, urls::BOOKLET, urls::BOOK];

impl Session {
    pub fn new(root: &Path, options: &Options) -> Session {
        Session {
            root: root.to_path_buf(),
            options: options.clone(),
            kept: None,
            pending: BTreeSet::new(),
            late: false,
            title: String::new(),
            shown: Site::default(),
            last_good: Arc::default(),
            language: String::new(),
            faces: Vec::new(),
            moved: Vec::new(),
            broken_by_text: BTreeSet::new(),
        }
    }

    /// Builds again after `changed` (paths from the root) were saved. Pages with errors
    /// do not stop it: they are listed in the report ([`crate::build::pipeline::Report::broken`])
    /// and shown as they last were; only an error outside the pages (praxis.yaml, the
    /// theme) is an `Err`.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Built, Vec<Diagnostic>> {
        self.pending.extend(changed.iter().cloned());
        if self.kept.is_some() && !self.pending.is_empty() {
            match self.incremental() {
                Ok(built) => {
                    self.pending.clear();
                    self.late = true;
                    return Ok(built);
                }
                Err(Incremental::NotPossible | Incremental::Spoilt) => {}
            }
        }
        // What the last build kept goes first: a big guide's two models at once would
        // double the memory a full build needs.
        self.kept = None;
        self.late = false;
        self.options.last_good = Some(Arc::clone(&self.last_good));
        let (model, problems) = analyse(&self.root, &self.options);
        self.options
            .bibliography
            .clone_from(&model.content.bibliography);
        self.title.clone_from(&model.config.title);
        self.language.clone_from(&model.config.language);
        let faces = faces(&model.content);
        self.moved.extend(moves(&self.faces, &faces));
        self.faces = faces;
        let (mut built, mut kept) = render_past_errors(&self.root, model, problems)?;
        self.pending.clear();
        self.last_good = Arc::new(remembered(&kept.model.content, &self.last_good));
        // A page with errors is shown as it last was.
        for page in &built.report.broken {
            for file in std::iter::once(&page.output).chain(&page.sheet) {
                if let Some(data) = self.shown.files.get(file) {
                    built.site.files.insert(file.clone(), data.clone());
                }
            }
        }
        kept.site = built.site.clone();
        self.kept = Some(kept);
        self.broken_by_text.clear();
        self.shown = built.site.clone();
        Ok(built)
    }

    /// The guide's title, as the last full build read it (even if that build failed).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The guide's language, as the last full build read it.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The pages moved or renamed since the last call: the vanished page matched to a
    /// new one with the same title, or else the same text.
    pub fn take_moved(&mut self) -> Vec<Moved> {
        std::mem::take(&mut self.moved)
    }

    /// Whether [`Session::complete`] has work waiting.
    pub fn is_late(&self) -> bool {
        self.late
    }

    /// Brings the search index and the booklet up to date after an incremental rebuild;
    /// returns the completed site, or `None` when nothing was waiting or the booklet
    /// failed (then the next rebuild is a full build, which reports why).
    pub fn complete(&mut self) -> Option<Site> {
        let kept = self.kept.as_mut().filter(|_| self.late)?;
        self.late = false;
        let (mut booklet, mut failures) = kept.render(sheets::render_booklet);
        let (book, book_failures) = kept.render(crate::outputs::book::render_book);
        booklet.extend(book);
        failures.extend(book_failures);
        if !failures.is_empty() {
            // Only a template that fails on the booklet's sheets and not on the sheets
            // alone: the previous booklet stays, and the next save builds everything,
            // which reports the error with its line.
            self.kept = None;
            return None;
        }
        let kept = self.kept.as_mut()?;
        let model = &kept.model;
        for (path, html) in booklet {
            kept.site.files.insert(path, Data::Bytes(html.into()));
        }
        kept.site.files.insert(
            urls::SEARCH_INDEX.to_owned(),
            Data::Bytes(search::index_file(&search::index(&model.content), &kept.theme).into()),
        );
        Some(kept.site.clone())
    }

    /// The rebuild of a save that changes only the text of pages, in the steps a full
    /// build takes for them: the pages edited, read again and keeping their faces; their
    /// links resolved; the pages rendered; their links checked; the files merged into the
    /// kept site.
    fn incremental(&mut self) -> Result<Built, Incremental> {
        // Out of the session while it is brought up to date: if that fails, a full build
        // follows, which starts without it.
        let mut kept = self.kept.take().ok_or(Incremental::NotPossible)?;
        let built = self.incremental_on(&mut kept)?;
        self.kept = Some(kept);
        Ok(built)
    }

    fn incremental_on(&mut self, kept: &mut Kept) -> Result<Built, Incremental> {
        let mut timings = Timings::default();
        let mut clock = Clock::start();
        let today = (self.options.today).unwrap_or_else(crate::source::dates::today);
        let mut edits = self.edited(kept, today)?;
        timings.lap("load", &mut clock);
        edits.scans = (edits.pages.iter())
            .map(|(i, page)| (*i, markdown::scan(page.body())))
            .collect();
        if !keep_their_faces(kept, &edits) {
            return Err(Incremental::NotPossible);
        }
        edits.problems.extend(text_problems(kept, &edits, today));
        let touched = resolve_edits(kept, &mut edits)?;
        timings.lap("resolve", &mut clock);
        let which = self.to_render(kept, &edits, touched);
        let mut files = render_again(kept, &which)?;
        timings.lap("render", &mut clock);
        let misses = check_links(kept, &mut files, &mut edits.failing)?;
        edits.problems.extend(misses);
        timings.lap("check links", &mut clock);
        let (site, broken) = self.merge(kept, files, edits);
        timings.lap("assemble", &mut clock);
        let model = &kept.model;
        Ok(Built {
            site,
            report: Report {
                warnings: kept.warnings.clone(),
                pages: model.content.pages.len(),
                timings,
                rendered: Some(which.len()),
                broken,
                packs: crate::build::pipeline::pack_stems(model),
            },
        })
    }

    /// The pages the saves edited, each read again; `NotPossible` for a save that is more
    /// than the text of pages (a new page, a draft, a file outside `content/`).
    fn edited(&self, kept: &Kept, today: time::Date) -> Result<Edits, Incremental> {
        let pages = &kept.model.content.pages;
        let mut edits = Edits {
            broken: broken_sources(&kept.warnings),
            ..Edits::default()
        };
        for path in &self.pending {
            // Compared as bytes: `Path` equality walks components, 10,000 times per save.
            let Some(i) = pages
                .iter()
                .position(|p| p.source.as_os_str() == path.as_os_str())
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
        i: usize,
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
    fn to_render(&self, kept: &Kept, edits: &Edits, touched: Vec<usize>) -> Vec<usize> {
        let still_broken = |source: &Path| {
            edits.failing.contains(source)
                || (edits.broken.contains(source) && !self.pending.contains(source))
        };
        let pages = &kept.model.content.pages;
        let mut which: Vec<usize> = edits.scans.iter().map(|(i, _)| *i).collect();
        which.extend(touched);
        which.retain(|i| !still_broken(&pages[*i].source));
        which.sort_unstable();
        which.dedup();
        which
    }

    /// The rendered `files` merged into the kept site, and the diagnostics of the pages
    /// read again in place of theirs (the others stand). Returns the site and the pages
    /// with errors.
    fn merge(
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
        let broken = crate::build::pipeline::broken_pages(&kept.model.content, &kept.warnings);
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
enum Incremental {
    NotPossible,
    /// Found out after the kept model was brought up to date but before its pages were
    /// rendered: only a full build may follow.
    Spoilt,
}

/// What an incremental rebuild learns of the saved pages, step by step.
#[derive(Default)]
struct Edits {
    /// The pages read again without errors, each with its place in the kept model.
    pages: Vec<(usize, content::Page)>,
    /// Their scans, in the same order.
    scans: Vec<(usize, markdown::Scan)>,
    /// The pages with errors before the saves.
    broken: BTreeSet<PathBuf>,
    /// The pages with errors now: they show their last good version.
    failing: BTreeSet<PathBuf>,
    /// The diagnostics of the pages read again.
    problems: Vec<Diagnostic>,
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
fn keep_their_faces(kept: &Kept, edits: &Edits) -> bool {
    let (pages, scans) = (&kept.model.content.pages, &kept.model.graph.scans);
    (edits.pages.iter().zip(&edits.scans))
        .all(|((i, page), (_, scan))| same_face(&pages[*i], page, &scans[*i], scan))
}

/// The citations of the pages read again checked, and their reviews counted, as a full
/// build does.
fn text_problems(kept: &Kept, edits: &Edits, today: time::Date) -> Vec<Diagnostic> {
    let (config, content) = (&kept.model.config, &kept.model.content);
    let mut problems = Vec::new();
    for ((_, page), (_, scan)) in edits.pages.iter().zip(&edits.scans) {
        problems.extend(crate::build::pipeline::cite_problems(content, page, scan));
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
fn resolve_edits(kept: &mut Kept, edits: &mut Edits) -> Result<Vec<usize>, Incremental> {
    let swap = |content: &mut content::Content, pages: &mut Vec<(usize, content::Page)>| {
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
fn render_again(kept: &mut Kept, which: &[usize]) -> Result<Vec<(String, Data)>, Incremental> {
    let rendered = Mutex::new(Site::default());
    let ((failures, _), (sheets, sheet_failures)) = kept.render(|r, shared| {
        let mut sheets = sheets::render_sheets(r, shared, which);
        let (packs, failed) = crate::outputs::packs::render_packs(r, shared);
        sheets.0.extend(packs);
        sheets.1.extend(failed);
        (render::render_pages(r, shared, which, &rendered), sheets)
    });
    if !failures.is_empty() || !sheet_failures.is_empty() {
        // The templates worked for these pages before: a page's text broke them.
        // A full build reports it the way every build does.
        return Err(Incremental::Spoilt);
    }
    let mut files: Vec<(String, Data)> = (rendered.into_inner())
        .unwrap_or_else(|e| e.into_inner())
        .files
        .into_iter()
        .collect();
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
fn check_links(
    kept: &Kept,
    files: &mut Vec<(String, Data)>,
    failing: &mut BTreeSet<PathBuf>,
) -> Result<Vec<Diagnostic>, Incremental> {
    let model = &kept.model;
    let checker =
        crate::build::linkcheck::Checker::new(&model.config.base_url, model.config.base_path());
    checker.again(files, &kept.site);
    let source = |file: &str| crate::build::pipeline::source_of(&model.content, file);
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
fn errors_of_its_text(kept: &Kept, i: usize, today: time::Date) -> bool {
    let (content, graph) = (&kept.model.content, &kept.model.graph);
    let page = &content.pages[i];
    if content.unread.contains(&page.source) {
        return false;
    }
    let scan = markdown::scan(page.body());
    let (_, mut own) = content::front_matter(&page.source, &page.text);
    own.extend(crate::build::pipeline::cite_problems(content, page, &scan));
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

fn faces(content: &content::Content) -> Vec<Face> {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    (content.pages.par_iter())
        .map(|p| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            p.body().trim().hash(&mut hasher);
            Face {
                source: p.source.clone(),
                url: p.url.clone(),
                title: p.meta.title.clone(),
                body: hasher.finish(),
            }
        })
        .collect()
}

/// The pages of `before` gone from `after`, each matched to a page new in `after` with
/// its title, or else its text; a page matched by none is not a move.
fn moves(before: &[Face], after: &[Face]) -> Vec<Moved> {
    let sources =
        |faces: &[Face]| -> BTreeSet<PathBuf> { faces.iter().map(|f| f.source.clone()).collect() };
    let (old, new) = (sources(before), sources(after));
    let gone: Vec<&Face> = before.iter().filter(|f| !new.contains(&f.source)).collect();
    let mut came: Vec<&Face> = after.iter().filter(|f| !old.contains(&f.source)).collect();
    let mut out = Vec::new();
    for face in gone {
        let found = (came.iter().position(|f| f.title == face.title))
            .or_else(|| came.iter().position(|f| f.body == face.body));
        if let Some(i) = found {
            let to = came.remove(i);
            out.push(Moved {
                from: face.url.clone(),
                to: to.url.clone(),
            });
        }
    }
    out
}

/// Each page's fields as `content` holds them; for a page that could not be read, as
/// `before` held them.
fn remembered(
    content: &content::Content,
    before: &HashMap<PathBuf, content::Meta>,
) -> HashMap<PathBuf, content::Meta> {
    (content.pages.iter())
        .filter_map(|p| match content.unread.contains(&p.source) {
            false => Some((p.source.clone(), p.meta.clone())),
            true => before.get(&p.source).map(|m| (p.source.clone(), m.clone())),
        })
        .collect()
}

/// Whether an edited page looks the same to every other page: the same place, names,
/// kind, summary, order, roles, pack and heading ids. Only what the page alone shows may
/// differ: its text, tasks, review and source.
///
/// Every field is named, none left to `..`: a field added to [`content::Page`] or
/// [`content::Meta`] does not compile here until someone decides whether other pages
/// see it, and so whether a change of it needs a full build.
fn same_face(
    old: &content::Page,
    new: &content::Page,
    old_scan: &markdown::Scan,
    new_scan: &markdown::Scan,
) -> bool {
    let content::Page {
        source,
        id,
        is_section,
        // The page's own text: it is rendered again, and its links resolved again.
        text: _,
        body_start: _,
        // Made from `source`, which is compared.
        stem: _,
        url: _,
        // A page read alone does not know its section: the old one's is copied over.
        parent: _,
        meta,
    } = new;
    let content::Meta {
        title,
        kind,
        summary,
        aliases,
        weight,
        draft,
        unlisted,
        no_autolink,
        roles,
        pack,
        // Shown on the page, its sheet, the packs (all made again), the book and the
        // search index (made again by `complete`); resolved with the page's own links.
        tasks: _,
        // Shown on the page and its sheet; an overdue review is found again for the page.
        review: _,
        // « D'après … »: shown where the tasks are; checked again with the citations.
        source: _,
    } = meta;
    let ids = |scan: &markdown::Scan| -> Vec<String> {
        scan.headings.iter().map(|h| h.id.clone()).collect()
    };
    let was = &old.meta;
    old.id == *id
        && old.source == *source
        && old.is_section == *is_section
        && was.title == *title
        && was.kind == *kind
        && was.summary == *summary
        && was.aliases == *aliases
        && was.weight == *weight
        && was.draft == *draft
        && was.unlisted == *unlisted
        && was.no_autolink == *no_autolink
        && was.roles == *roles
        && was.pack == *pack
        && ids(old_scan) == ids(new_scan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use content::{Kind, Meta, Page};

    fn page(title: &str, body: &str) -> Page {
        Page {
            source: "content/roles/animateur.md".into(),
            text: body.to_owned(),
            body_start: 0,
            id: "roles/animateur".into(),
            stem: "animateur".into(),
            is_section: false,
            parent: Some("roles".into()),
            url: "roles/animateur/".into(),
            meta: Meta::new(title, Kind::Role),
        }
    }

    #[test]
    fn a_change_other_pages_see_needs_a_full_build_and_one_only_its_page_shows_does_not() {
        let old = page("Animateur", "Anime la réunion.\n");
        let same_face_as_old = |new: &Page| {
            same_face(
                &old,
                new,
                &markdown::scan(old.body()),
                &markdown::scan(new.body()),
            )
        };
        let mut seen_by_others = vec![page("Animatrice", "Anime la réunion.\n")];
        let edit = |change: fn(&mut Meta)| {
            let mut new = page("Animateur", "Anime la réunion.\n");
            change(&mut new.meta);
            new
        };
        seen_by_others.push(edit(|m| m.kind = Kind::Term));
        seen_by_others.push(edit(|m| m.summary = Some("Anime.".into())));
        seen_by_others.push(edit(|m| m.aliases = vec!["animatrice".into()]));
        seen_by_others.push(edit(|m| m.weight = Some(2)));
        seen_by_others.push(edit(|m| m.unlisted = true));
        seen_by_others.push(edit(|m| m.draft = true));
        seen_by_others.push(edit(|m| m.no_autolink = vec!["réunion".into()]));
        seen_by_others.push(edit(|m| m.pack.terms = vec![("réunion".into(), 4)]));
        seen_by_others.push(edit(|m| m.roles = vec![("coordinateur".into(), 3)]));
        seen_by_others.push(page("Animateur", "## Rôle\n\nAnime la réunion.\n"));
        for new in &seen_by_others {
            assert!(!same_face_as_old(new), "{:?} / {:?}", new.meta, new.body());
        }
        let only_its_page = [
            page("Animateur", "Anime la réunion, voir [[coordinateur]].\n"),
            edit(|m| m.tasks = vec!["Réunir l’équipe".into()]),
            edit(|m| m.review.by = Some("Camille".into())),
            edit(|m| {
                m.source = Some(crate::source::cite::Source {
                    url: "https://exemple.org/".into(),
                    label: "Exemple".into(),
                })
            }),
        ];
        for new in &only_its_page {
            assert!(same_face_as_old(new), "{:?} / {:?}", new.meta, new.body());
        }
    }

    fn face(source: &str, title: &str, body: u64) -> Face {
        Face {
            source: source.into(),
            url: format!("{}/", source.trim_end_matches(".md")),
            title: title.to_owned(),
            body,
        }
    }

    #[test]
    fn a_vanished_page_is_matched_by_its_title_then_by_its_text() {
        let before = [
            face("a.md", "A", 1),
            face("b.md", "B", 2),
            face("c.md", "C", 3),
        ];
        let after = [
            face("a2.md", "A", 9),
            face("b2.md", "B renommée", 2),
            face("d.md", "D", 4),
        ];
        let moved = moves(&before, &after);
        assert_eq!(
            moved,
            [
                Moved {
                    from: "a/".into(),
                    to: "a2/".into()
                },
                Moved {
                    from: "b/".into(),
                    to: "b2/".into()
                },
            ]
        );
        assert!(moves(&before, &before).is_empty());
    }
}
