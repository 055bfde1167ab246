//! Incremental rebuilds for `praxis serve`: a full build first, then, for a save that
//! changes only the text of pages, the work those pages need and nothing more.

use crate::analyse::markdown;
use crate::analyse::resolve;
use crate::base::diagnostic::{self, Diagnostic};
use crate::base::sink::{Data, Site};
use crate::base::urls;
use crate::build::pipeline::{
    Built, Clock, Kept, Options, Report, Timings, analyse, render_past_errors,
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

/// Why an incremental rebuild could not be done.
enum Incremental {
    NotPossible,
    /// Found out after the kept model was brought up to date but before its pages were
    /// rendered: only a full build may follow.
    Spoilt,
}

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

    fn incremental(&mut self) -> Result<Built, Incremental> {
        let mut timings = Timings::default();
        let mut clock = Clock::start();
        let Some(kept) = self.kept.as_mut() else {
            return Err(Incremental::NotPossible);
        };
        let pages = &kept.model.content.pages;
        let broken = broken_sources(&kept.warnings);
        let today = self
            .options
            .today
            .unwrap_or_else(crate::source::dates::today);
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
                let drafts = &kept.model.content.drafts;
                match std::fs::symlink_metadata(&full) {
                    // An asset is read when it is served: a new version needs nothing.
                    Ok(m) if m.is_file() && assets.iter().any(|a| a.source == full) => continue,
                    // A file that came and went, like an editor's temporary copy.
                    Err(_)
                        if !pages
                            .iter()
                            .chain(drafts)
                            .any(|p| p.source.starts_with(path))
                            && !assets.iter().any(|a| a.source.starts_with(&full)) =>
                    {
                        continue;
                    }
                    _ => return Err(Incremental::NotPossible),
                }
            };
            // A page with errors may have more than its text gives (its place, its fields
            // seen from other pages): then a full build says which are left.
            let by_text = |path: &Path| {
                self.broken_by_text.contains(path) || errors_of_its_text(kept, i, today)
            };
            if (broken.contains(path.as_path()) && !by_text(path))
                || !self.root.join(path).is_file()
            {
                return Err(Incremental::NotPossible);
            }
            let Ok(rel) = path.strip_prefix(content::CONTENT_DIR) else {
                return Err(Incremental::NotPossible);
            };
            let (page, diags) = content::load_page(&self.root, rel);
            let failed = diags.iter().any(Diagnostic::is_error);
            problems.extend(diags);
            match page {
                // Kept as it was, and shown as it was, with its errors.
                _ if failed => {}
                Some(mut page) => {
                    if page.meta.draft && !self.options.drafts {
                        return Err(Incremental::NotPossible);
                    }
                    page.parent.clone_from(&pages[i].parent);
                    edited.push((i, page));
                }
                None => return Err(Incremental::NotPossible),
            }
        }
        timings.lap("load", &mut clock);
        let mut scans: Vec<(usize, markdown::Scan)> = edited
            .iter()
            .map(|(i, page)| (*i, markdown::scan(page.body())))
            .collect();
        for ((i, page), (_, scan)) in edited.iter().zip(&scans) {
            if !same_face(&pages[*i], page, &kept.model.graph.scans[*i], scan) {
                return Err(Incremental::NotPossible);
            }
        }
        // Citations checked, and reviews counted, as a full build does.
        let (config, content) = (&kept.model.config, &kept.model.content);
        for ((_, page), (_, scan)) in edited.iter().zip(&scans) {
            problems.extend(crate::build::pipeline::cite_problems(content, page, scan));
            problems.extend(crate::analyse::review::overdue(
                std::slice::from_ref(page),
                config,
                today,
            ));
        }
        // The new pages go in; those whose links do not resolve stay as they were. Each
        // page's links resolve alone: a second try without the failing pages is the last.
        let content = &mut kept.model.content;
        let mut failing = broken_sources(&problems);
        let touched = loop {
            edited.retain(|(_, page)| !failing.contains(&page.source));
            scans.retain(|(i, _)| edited.iter().any(|(j, _)| i == j));
            let swap = |content: &mut content::Content,
                        edited: &mut Vec<(usize, content::Page)>| {
                for (i, page) in edited.iter_mut() {
                    std::mem::swap(&mut content.pages[*i], page);
                }
            };
            swap(content, &mut edited);
            match resolve::update(content, &mut kept.model.graph, &scans) {
                Ok(touched) => break touched,
                Err(errors) => {
                    swap(content, &mut edited);
                    let more = broken_sources(&errors);
                    problems.extend(errors);
                    if more.iter().all(|m| failing.contains(m)) {
                        return Err(Incremental::NotPossible);
                    }
                    failing.extend(more);
                }
            }
        };
        timings.lap("resolve", &mut clock);
        // A page with errors shows its last good version: it is not rendered again.
        let still_broken = |source: &Path| {
            failing.contains(source) || (broken.contains(source) && !self.pending.contains(source))
        };
        let shown_as_was = |i: &usize| still_broken(&kept.model.content.pages[*i].source);
        let mut which: Vec<usize> = scans.iter().map(|(i, _)| *i).collect();
        which.extend(touched);
        which.retain(|i| !shown_as_was(i));
        which.sort_unstable();
        which.dedup();
        let rendered = Mutex::new(Site::default());
        let ((failures, _), (sheets, sheet_failures)) = kept.render(|ctx| {
            let mut sheets = sheets::render_sheets(ctx, &which);
            // A meeting pack prints other pages' sheets, examples and terms: every pack is
            // made again (a guide has a few).
            let (packs, failed) = crate::outputs::packs::render_packs(ctx);
            sheets.0.extend(packs);
            sheets.1.extend(failed);
            (render::render_pages(ctx, &which, &rendered), sheets)
        });
        let model = &kept.model;
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
        if !failures.is_empty() || !sheet_failures.is_empty() {
            // The templates worked for these pages before: a page's text broke them.
            // A full build reports it the way every build does.
            return Err(Incremental::Spoilt);
        }
        timings.lap("render", &mut clock);
        // Their links checked as a full build checks them: a page with a link to nothing
        // (written in HTML) has an error, and shows its last good version.
        let checker =
            crate::build::linkcheck::Checker::new(&model.config.base_url, model.config.base_path());
        checker.again(&files, &kept.site);
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
        problems.extend(misses);
        timings.lap("check links", &mut clock);
        kept.site.files.extend(files);
        // The diagnostics of the pages read again replace theirs; the others stand.
        let sources: BTreeSet<&Path> = (self.pending.iter()).map(PathBuf::as_path).collect();
        kept.warnings
            .retain(|w| !sources.contains(w.path.as_path()));
        kept.warnings.extend(problems);
        diagnostic::sort(&mut kept.warnings);
        let site = kept.site.clone();
        self.shown = site.clone();
        let broken = crate::build::pipeline::broken_pages(&model.content, &kept.warnings);
        let by_text = std::mem::take(&mut self.broken_by_text);
        self.broken_by_text = (broken.iter())
            .map(|b| &b.source)
            .filter(|s| failing.contains(*s) || by_text.contains(*s))
            .cloned()
            .collect();
        timings.lap("assemble", &mut clock);
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
        && old.meta.unlisted == new.meta.unlisted
        && old.meta.no_autolink == new.meta.no_autolink
        && old.meta.roles == new.meta.roles
        && old.meta.pack == new.meta.pack
        && ids(old_scan) == ids(new_scan)
}

#[cfg(test)]
mod tests {
    use super::*;

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
