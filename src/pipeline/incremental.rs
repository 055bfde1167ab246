//! Incremental rebuilds for `praxis serve`: a full build first, then, for a save that
//! changes only the text of pages, the work those pages need and nothing more.

mod face;
mod steps;

use crate::analyse::markdown;
use crate::base::diagnostic::Diagnostic;
use crate::base::sink::{Data, Site};
use crate::base::urls;
use crate::outputs::search;
use crate::outputs::sheets;
use crate::pipeline::{Built, Clock, Kept, Options, Report, Timings, analyse, render_past_errors};
use crate::source::content;
use face::{Face, faces, moves};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use steps::{
    Incremental, check_links, keep_their_faces, render_again, resolve_edits, text_problems,
};

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
    /// do not stop it: they are listed in the report ([`crate::pipeline::Report::broken`])
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
                packs: crate::pipeline::pack_stems(model),
            },
        })
    }
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
