//! Role sheets for paper: `fiches/<role>/` and the booklet `fiches/`. Paper has no
//! hyperlinks, so every link gets a number `[n]`, a "Liens" list gives each number's
//! absolute URL, and the definitions of the terms a sheet uses are printed with it.

use crate::content::{Kind, Page, percent_encode};
use crate::diagnostic::Diagnostic;
use crate::markdown::{Endnotes, ROOT_MARK};
use crate::render::Shared;
use crate::resolve::Target;
use serde::Serialize;
use std::collections::BTreeSet;

pub const SHEETS_DIR: &str = "fiches";
/// The booklet of every sheet, from the site's root.
pub const BOOKLET: &str = "fiches/index.html";

#[derive(Serialize, Clone)]
struct Linked {
    title: String,
    href: String,
    summary_html: String,
    /// Endnote number of the link.
    note: usize,
}

#[derive(Serialize, Clone)]
struct Note {
    n: usize,
    url: String,
}

#[derive(Serialize, Clone)]
pub struct SheetView<'a> {
    title: &'a str,
    stem: &'a str,
    anchor: String,
    breadcrumb: Vec<&'a str>,
    summary_html: String,
    tasks_html: Vec<String>,
    body_html: String,
    examples: Vec<Linked>,
    terms: Vec<Linked>,
    links: Vec<Note>,
    /// Absolute URL of the role's page.
    source: String,
    /// The role's page, relative to the sheet.
    page_href: String,
    /// Where the sheet is printed alone, relative to the page showing it.
    sheet_href: String,
}

impl SheetView<'_> {
    /// The sheet as the booklet shows it: under the sheet's title (an `h2` there), the
    /// body's headings go one level down.
    pub fn in_booklet(&self) -> Self {
        SheetView {
            body_html: crate::markdown::deeper_headings(&self.body_html),
            ..self.clone()
        }
    }
}

/// The roles of the guide, in reading order (section order, then weight and title).
pub fn roles(shared: &Shared) -> Vec<usize> {
    let pages = &shared.content.pages;
    let mut roles: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].meta.kind == Kind::Role)
        .collect();
    roles.sort_by(|&a, &b| {
        let key = |i: usize| {
            let mut chain: Vec<usize> = shared.ancestors(i);
            chain.push(i);
            chain
        };
        let (ka, kb) = (key(a), key(b));
        for (x, y) in ka.iter().zip(&kb) {
            if x != y {
                return crate::content::compare(&pages[*x], &pages[*y]);
            }
        }
        ka.len().cmp(&kb.len())
    });
    roles
}

/// The sheet of role `i`, made once for the two places it is printed from: alone
/// (`fiches/<role>/`) and in the booklet. Its links start from [`ROOT_MARK`], which each
/// place replaces with its own way back to the site's root; links within the sheet are
/// numbered with the URL of the sheet alone.
pub fn sheet<'a>(shared: &'a Shared<'a>, i: usize) -> SheetView<'a> {
    let page = shared.page(i);
    let base = &shared.config.base_url;
    let root = ROOT_MARK;
    let mut notes = Endnotes {
        urls: Vec::new(),
        base: format!("{base}{}", sheet_url(&page.stem)),
        root: base.clone(),
    };
    let anchor = anchor(&page.stem);
    let fields = &shared.graph.fields[i];
    // Numbered in reading order: summary, tasks, body, examples, terms.
    let summary_html = page.meta.summary.as_deref().map_or(String::new(), |s| {
        shared.field_html(i, s, &fields.summary, root, Some(&mut notes))
    });
    let tasks_html = page
        .meta
        .tasks
        .iter()
        .zip(&fields.tasks)
        .map(|(t, links)| shared.field_html(i, t, links, root, Some(&mut notes)))
        .collect();
    let body_html = shared.body_html(i, root, Some(&mut notes), Some(&anchor));
    let linked = |j: usize, notes: &mut Endnotes| {
        let href = format!("{root}{}", shared.page(j).url);
        let note = notes.number(&href);
        let summary = shared.page(j).meta.summary.as_deref().unwrap_or("");
        let links = &shared.graph.fields[j].summary;
        // A summary without links has no endnotes: its HTML is the one every page shows.
        let summary_html = if links.is_empty() {
            shared.summary_html(j, root).into_owned()
        } else {
            shared.field_html(j, summary, links, root, Some(notes))
        };
        Linked {
            title: shared.page(j).meta.title.clone(),
            note,
            href,
            summary_html,
        }
    };
    let examples: Vec<Linked> = shared
        .related(i)
        .iter()
        .filter(|&&j| shared.page(j).meta.kind == Kind::Example)
        .map(|&j| linked(j, &mut notes))
        .collect();
    let mut used: BTreeSet<usize> = BTreeSet::new();
    for link in shared.graph.links[i].iter().chain(fields.all()) {
        if let Target::Page { page, .. } = link.target
            && shared.page(page).meta.kind == Kind::Term
        {
            used.insert(page);
        }
    }
    for a in &shared.graph.autolinks[i] {
        used.insert(a.page);
    }
    let mut terms: Vec<usize> = used.into_iter().collect();
    terms.sort_by(|&a, &b| {
        crate::text::collate(&shared.page(a).meta.title, &shared.page(b).meta.title)
    });
    let terms = terms.into_iter().map(|j| linked(j, &mut notes)).collect();
    let source = format!("{base}{}", page.url);
    // The home is named by the theme's strings; then each section, then the role.
    let mut breadcrumb: Vec<&str> = shared
        .ancestors(i)
        .into_iter()
        .skip(1)
        .map(|a| shared.page(a).meta.title.as_str())
        .collect();
    breadcrumb.push(&page.meta.title);
    SheetView {
        title: &page.meta.title,
        stem: &page.stem,
        anchor,
        breadcrumb,
        summary_html,
        tasks_html,
        body_html,
        examples,
        terms,
        links: notes
            .urls
            .into_iter()
            .enumerate()
            .map(|(n, url)| Note { n: n + 1, url })
            .collect(),
        page_href: format!("{root}{}", page.url),
        sheet_href: format!("{root}{}", sheet_url(&page.stem)),
        source,
    }
}

/// Two roles whose files have the same name would share one sheet (`fiches/<stem>/`) and
/// one place in the booklet: an error at the second.
pub fn check_stems(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<String, &Page> = Default::default();
    let mut out = Vec::new();
    for page in pages.iter().filter(|p| p.meta.kind == Kind::Role) {
        if let Some(first) = seen.insert(anchor(&page.stem), page) {
            out.push(
                Diagnostic::error(
                    &page.source,
                    format!(
                        "this role and {} would share the sheet {}",
                        first.source.display(),
                        sheet_url(&page.stem)
                    ),
                )
                .with_help("rename one of the two files: a role's sheet is named after its file"),
            );
        }
    }
    out
}

/// The id of a role's sheet in the booklet.
pub fn anchor(stem: &str) -> String {
    format!("fiche-{}", crate::text::slugify(stem))
}

/// The URL of the sheet of a role, from the site's root.
pub fn sheet_url(stem: &str) -> String {
    format!("{SHEETS_DIR}/{}/", percent_encode(stem))
}

/// The file of the sheet of a role, from the output's root: its URL, not percent-encoded.
pub fn sheet_path(stem: &str) -> String {
    format!("{SHEETS_DIR}/{stem}/index.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_booklet_is_the_index_of_the_sheets_folder() {
        assert_eq!(BOOKLET, format!("{SHEETS_DIR}/index.html"));
    }
}
