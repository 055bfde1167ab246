//! Incremental rebuilds for `praxis serve`: a full build first, then, for a save that
//! changes only the text of pages, the work those pages need and nothing more.

use crate::content;
use crate::diagnostic::{self, Diagnostic};
use crate::markdown;
use crate::output::{Data, Site};
use crate::pipeline::{Built, Clock, Kept, Options, Report, Timings, analyse, render_in_memory};
use crate::render;
use crate::resolve;
use crate::search;
use crate::sheets;
use crate::urls;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
    /// The guide's title, as the last full build read it from praxis.yaml.
    title: String,
}

/// The files an incremental rebuild leaves for [`Session::complete`]: they hold every page.
pub const LATE_FILES: [&str; 3] = [urls::SEARCH_INDEX, urls::BOOKLET, urls::BOOK];

/// Why an incremental rebuild could not be done.
enum Incremental {
    Failed(Vec<Diagnostic>),
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
                Err(Incremental::NotPossible | Incremental::Spoilt) => {}
            }
        }
        // What the last build kept goes first: a big guide's two models at once would
        // double the memory a full build needs.
        self.kept = None;
        self.late = false;
        let (model, problems) = analyse(&self.root, &self.options);
        self.title.clone_from(&model.config.title);
        let (built, mut kept) = render_in_memory(&self.root, model, problems)?;
        kept.site = built.site.clone();
        self.kept = Some(kept);
        self.pending.clear();
        Ok(built)
    }

    /// The guide's title, as the last full build read it (even if that build failed).
    pub fn title(&self) -> &str {
        &self.title
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
        let (book, book_failures) = kept.render(crate::book::render_book);
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
        // Citations checked, and reviews counted, as a full build does.
        let today = self.options.today.unwrap_or_else(crate::dates::today);
        let mut cited = Vec::new();
        for ((_, page), (_, scan)) in edited.iter().zip(&scans) {
            let bibliography = kept.model.content.bibliography.as_deref();
            let (source, text) = (&page.source, &page.text);
            cited.extend(crate::cite::check(
                bibliography,
                source,
                text,
                page.body_start,
                &scan.cites,
            ));
            let config = &kept.model.config;
            problems.extend(crate::review::overdue(
                std::slice::from_ref(page),
                config,
                today,
            ));
        }
        if !cited.is_empty() {
            cited.extend(problems);
            diagnostic::sort(&mut cited);
            return Err(Incremental::Failed(cited));
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
        let rendered = Mutex::new(Site::default());
        let ((failures, _), (sheets, sheet_failures)) = kept.render(|r, shared| {
            let mut sheets = sheets::render_sheets(r, shared, &which);
            // A meeting pack prints other pages' sheets, examples and terms: every pack is
            // made again (a guide has a few).
            let (packs, failed) = crate::packs::render_packs(r, shared);
            sheets.0.extend(packs);
            sheets.1.extend(failed);
            (render::render_pages(r, shared, &which, &rendered), sheets)
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
        kept.site.files.extend(files);
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
                packs: crate::pipeline::pack_stems(model),
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
        && old.meta.unlisted == new.meta.unlisted
        && old.meta.no_autolink == new.meta.no_autolink
        && old.meta.roles == new.meta.roles
        && old.meta.pack == new.meta.pack
        && ids(old_scan) == ids(new_scan)
}
