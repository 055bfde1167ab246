//! The whole guide as one document to print, `imprimer/` (as mdBook's `print.html`, with
//! what paper needs besides): every listed page in reading order, each from a new sheet,
//! after a contents list; links between pages turned into links within the document
//! (`#page-…`), and every link out of it numbered `[n]` once for the whole document, its
//! address given in the "Liens" list at the end. `praxis print --guide` prints it twice to
//! give the contents their page numbers (print.rs).

use crate::analyse::markdown::{Endnote, Endnotes, ROOT_MARK};
use crate::base::urls;
use crate::render::{Failure, Files, RenderContext, Shared, cut_at, page_size, split, unmark};
use crate::source::content::{Kind, PageId};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

pub use crate::base::urls::{BOOK, book_url};

/// The pages of the book, in reading order: the home, then each page of the menu followed
/// by its own pages, depth first, as the sections list them (unlisted pages and drafts
/// are not among them).
pub fn reading_order(shared: &Shared) -> Vec<PageId> {
    let pages = &shared.content.pages;
    let Some(home) = (shared.content.ids()).find(|&i| pages[i].id.is_empty()) else {
        return Vec::new();
    };
    let mut order = Vec::with_capacity(pages.len());
    let mut seen = vec![false; pages.len()];
    let mut stack = vec![home];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push(i);
        if pages[i].is_section {
            stack.extend(shared.children(&pages[i].id).iter().rev());
        }
    }
    order
}

/// The id of each page of the book, by its URL: `page-roles-coordinateur`, the home
/// `page-accueil`; made unique by a number where two slugs meet.
pub fn anchors(shared: &Shared, order: &[PageId]) -> HashMap<String, String> {
    let mut taken = std::collections::HashSet::new();
    let mut anchors = HashMap::with_capacity(order.len());
    for &i in order {
        let page = shared.page(i);
        let slug = match page.id.as_str() {
            "" => "accueil".to_owned(),
            id => crate::base::text::slugify(id),
        };
        let mut anchor = format!("page-{slug}");
        let mut n = 2;
        while !taken.insert(anchor.clone()) {
            anchor = format!("page-{slug}-{n}");
            n += 1;
        }
        anchors.insert(page.url.clone(), anchor);
    }
    anchors
}

#[derive(Serialize)]
struct ContentsLine<'a> {
    title: &'a str,
    anchor: &'a str,
    /// 0 for the home, 1 for a page of the menu, 2 for the pages of its section…
    depth: usize,
}

/// The cover and contents of the book (`book.html`).
#[derive(Serialize)]
struct BookContext<'a> {
    root: &'a str,
    entries: Vec<ContentsLine<'a>>,
    pages: &'a str,
}

/// One page of the guide in the book (`book-page.html`).
#[derive(Serialize)]
struct PartView<'a> {
    title: &'a str,
    anchor: &'a str,
    kind: &'a str,
    /// The sections above it, outermost first (without the home).
    trail: &'a [&'a str],
    summary_html: &'a str,
    tasks_html: &'a [String],
    body_html: String,
    based_on: Option<&'a crate::source::cite::Source>,
    /// The references it cites; each one's id is `<anchor>-<id>`.
    references: &'a [crate::source::cite::Reference],
}

#[derive(Serialize)]
struct PartContext<'a> {
    part: PartView<'a>,
}

/// The list of the book's links (`book-notes.html`).
#[derive(Serialize)]
struct NotesContext<'a> {
    notes: &'a [Endnote],
}

/// Where the pages go in the rendered cover.
const PAGES_MARK: &str = "\u{1}praxis-book-pages\u{1}";

/// Pages rendered at a time: the book of a big guide is one long file, but only one batch
/// of its pages is held at once.
const BATCH: usize = 256;

/// The book [`BOOK`], in memory (for `praxis serve`).
pub fn render_book(ctx: &RenderContext) -> (Files, Vec<Failure>) {
    let mut html = Vec::new();
    let made = write_book(ctx, &mut |piece| html.extend_from_slice(piece));
    split(vec![made.map(|()| (BOOK.to_owned(), html))])
}

/// The book handed to `write` a piece at a time (whole pages in each piece): the cover and
/// contents, each page in reading order, then the list of links.
pub fn write_book(ctx: &RenderContext, write: &mut dyn FnMut(&[u8])) -> Result<(), Failure> {
    write_book_and_pages(ctx, write, None)
}

/// Each page of the book as its part is made: the page and its body's HTML with
/// its marks (see [`Shared::marked_body_html`]), `None` when it must be made apart.
pub type EachPage<'p> = &'p (dyn Fn(PageId, Option<String>) + Sync);

/// [`write_book`], giving `pages` each page of the book (from any thread) with the HTML of
/// its body, made once for the page and its part: each body's Markdown is rendered once.
/// The pages the book holds are handed over a batch at a time, in reading order; a part
/// that fails to render stops the book at the end of its batch, and the pages not handed
/// over are left to the caller.
pub fn write_book_and_pages(
    ctx: &RenderContext,
    write: &mut dyn FnMut(&[u8]),
    pages: Option<EachPage>,
) -> Result<(), Failure> {
    let shared = ctx.shared;
    let root = urls::root_of(&book_url());
    let order = reading_order(shared);
    let anchors = anchors(shared, &order);
    let cover = cover(ctx, &order, &anchors, &root)?;
    let (head, tail) = cut_at(
        &cover,
        PAGES_MARK,
        "book.html",
        "{{ pages | safe }}",
        shared,
    )
    .map_err(failed("book.html", None))?;
    write(head.as_bytes());
    let base = &shared.config.base_url;
    let links = BookLinks {
        anchors: &anchors,
        root: &root,
        base,
    };
    let notes = write_parts(ctx, write, pages, &order, &links)?;
    let notes = notes.numbered();
    let list = (ctx.renderer)
        .render(
            "book-notes.html",
            &NotesContext { notes: &notes },
            128 * notes.len() + 1024,
        )
        .map_err(failed("book-notes.html", None))?;
    write(&shared.typeset(list));
    write(tail.as_bytes());
    Ok(())
}

/// A failure of `template` (on page `page`), for `map_err`.
fn failed(template: &'static str, page: Option<PageId>) -> impl Fn(String) -> Failure {
    move |error| Failure {
        error,
        page,
        template,
    }
}

/// `book.html`: the cover and the contents, around [`PAGES_MARK`] where the parts go.
fn cover(
    ctx: &RenderContext,
    order: &[PageId],
    anchors: &HashMap<String, String>,
    root: &str,
) -> Result<String, Failure> {
    let shared = ctx.shared;
    let entries = (order.iter())
        .map(|&i| ContentsLine {
            title: &shared.page(i).meta.title,
            anchor: anchors[&shared.page(i).url].as_str(),
            depth: shared.ancestors(i).len(),
        })
        .collect();
    let context = BookContext {
        root,
        entries,
        pages: PAGES_MARK,
    };
    let cover = (ctx.renderer)
        .render("book.html", &context, 96 * order.len() + 4096)
        .map_err(failed("book.html", None))?;
    crate::base::text::into_string(shared.typeset(cover))
        .map_err(|e| failed("book.html", None)(e.to_string()))
}

/// The parts of the book in reading `order`, written a batch at a time, their links
/// rewritten by `links`, each page handed to `pages` on the way. Returns the URLs of the
/// endnotes, numbered in reading order.
fn write_parts(
    ctx: &RenderContext,
    write: &mut dyn FnMut(&[u8]),
    pages: Option<EachPage>,
    order: &[PageId],
    links: &BookLinks,
) -> Result<Endnotes, Failure> {
    let shared = ctx.shared;
    let mut notes = Endnotes {
        urls: Vec::new(),
        base: links.base.to_owned(),
        root: links.base.to_owned(),
    };
    // The marks stand out from every text the bodies' HTML takes from elsewhere.
    let marks_free = !(shared.content.ids().zip(&shared.content.pages))
        .any(|(i, p)| p.meta.title.contains('\u{1}') || shared.summary_text(i).contains('\u{1}'));
    let mut piece = String::new();
    for batch in order.chunks(BATCH) {
        let parts: Vec<Result<String, Failure>> = batch
            .par_iter()
            .map(|&i| {
                let anchor = links.anchors[&shared.page(i).url].as_str();
                let marked = match pages {
                    Some(_) if marks_free => shared.marked_body_html(i),
                    _ => None,
                };
                let body = match marked {
                    Some(marked) => {
                        let body = unmark(&marked, ROOT_MARK, &format!("{anchor}-"));
                        pages.inspect(|each| each(i, Some(marked)));
                        body
                    }
                    None => {
                        pages.inspect(|each| each(i, None));
                        shared.body_html(i, ROOT_MARK, None, Some(anchor))
                    }
                };
                part(ctx, i, anchor, &body)
            })
            .collect();
        piece.clear();
        for (&i, part) in batch.iter().zip(parts) {
            let part = part?;
            piece.push('\n');
            links.rewrite(&part, &shared.page(i).url, &mut notes, &mut piece);
        }
        write(piece.as_bytes());
    }
    Ok(notes)
}

/// Page `i` as the book shows it, its links still as on the site (from [`ROOT_MARK`]).
fn part(ctx: &RenderContext, i: PageId, anchor: &str, body_html: &str) -> Result<String, Failure> {
    let shared = ctx.shared;
    let page = shared.page(i);
    let fields = &shared.graph.fields[i];
    let summary_html = (page.meta.summary.as_deref()).map_or(String::new(), |_| {
        shared.summary_html(i, ROOT_MARK).into_owned()
    });
    let tasks_html: Vec<String> = if page.meta.kind == Kind::Role {
        (page.meta.tasks.iter().zip(&fields.tasks))
            .map(|(t, links)| shared.field_html(i, t, links, ROOT_MARK, None))
            .collect()
    } else {
        Vec::new()
    };
    // Under the page's title (an `h2` in the book), its headings go one level down.
    let body_html = crate::analyse::markdown::deeper_headings(body_html);
    let trail: Vec<&str> = (shared.ancestors(i).into_iter().skip(1))
        .map(|a| shared.page(a).meta.title.as_str())
        .collect();
    let references = shared.citations(i).map_or_else(Vec::new, |f| f.references);
    let context = |body_html: String| PartContext {
        part: PartView {
            title: &page.meta.title,
            anchor,
            kind: page.meta.kind.name(),
            trail: &trail,
            summary_html: &summary_html,
            tasks_html: &tasks_html,
            body_html,
            based_on: page.meta.source.as_ref(),
            references: &references,
        },
    };
    let body = &mut |out: &mut Vec<u8>| out.extend_from_slice(body_html.as_bytes());
    let html = ctx
        .renderer
        .render_around("book-page.html", body, &context, page_size(page))
        .map_err(|error| Failure {
            error,
            page: Some(i),
            template: "book-page.html",
        })?;
    crate::base::text::into_string(shared.typeset(html)).map_err(|e| Failure {
        error: e.to_string(),
        page: Some(i),
        template: "book-page.html",
    })
}

/// How the links of a page are written in the book.
struct BookLinks<'a> {
    /// The id of each page of the book, by URL.
    anchors: &'a HashMap<String, String>,
    /// The way from the book back to the site's root.
    root: &'a str,
    /// The site's address, for links out of the book.
    base: &'a str,
}

/// Where a link of a page leads, seen from the book.
#[derive(Debug, PartialEq)]
enum Leads {
    /// Within the book: the new `href`.
    Within(String),
    /// A file of the site (an image, an attached file): the `href` or `src` from the book,
    /// and its address for paper.
    File(String, String),
    /// Out of the book: a page of the site that is not in it, or another site.
    Out(String),
}

impl BookLinks<'_> {
    /// Where `href`, written in the page at `url` (with [`ROOT_MARK`] for the site's
    /// root), leads from the book.
    fn lead(&self, href: &str, url: &str) -> Leads {
        let base = self.base;
        if href.starts_with('#') || href.is_empty() {
            return Leads::Within(href.to_owned());
        }
        if href.contains("://") || href.starts_with("mailto:") || href.starts_with("tel:") {
            return Leads::Out(href.to_owned());
        }
        let from_root = match href.strip_prefix(ROOT_MARK) {
            Some(rest) => rest.to_owned(),
            // A link of the page's own HTML, relative to its folder.
            None => match href.strip_prefix('/') {
                Some(_) => return Leads::Out(crate::analyse::markdown::absolute(base, href)),
                None => format!("{url}{href}"),
            },
        };
        let (path, fragment) = match from_root.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (from_root.as_str(), None),
        };
        if let Some(anchor) = self.anchors.get(path) {
            return Leads::Within(match fragment {
                Some(f) if !f.is_empty() => format!("#{anchor}-{f}"),
                _ => format!("#{anchor}"),
            });
        }
        let absolute = crate::analyse::markdown::absolute(base, &from_root);
        if path.is_empty() || path.ends_with('/') {
            // A page the book leaves out (for authors), or one praxis makes.
            Leads::Out(absolute)
        } else {
            Leads::File(format!("{}{from_root}", self.root), absolute)
        }
    }

    /// Appends `html` to `out` with its links written for the book: each `<a>` or `src`
    /// led where [`BookLinks::lead`] says, an `[n]` after every link out of the book, and no
    /// `title` on links (the tooltips of a screen; paper shows the text).
    fn rewrite(&self, html: &str, url: &str, notes: &mut Endnotes, out: &mut String) {
        let mut rest = html;
        // The address of the link being read, for its note after its `</a>`, and where
        // its text starts in `out`.
        let mut pending: Option<(String, usize)> = None;
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let Some(end) = tag_end(rest) else {
                break;
            };
            let tag = &rest[..end];
            rest = &rest[end..];
            if tag.eq_ignore_ascii_case("</a>") {
                // A link that shows its own address (`<https://…>`) needs no note.
                let shown = pending
                    .take()
                    .filter(|(url, start)| out[*start..] != crate::base::text::escape_html(url));
                out.push_str(tag);
                if let Some((url, _)) = shown {
                    let n = notes.number(&url);
                    out.push_str(&format!(
                        "<sup class=\"endnote\"><a href=\"#note-{n}\">[{n}]</a></sup>"
                    ));
                }
                continue;
            }
            let name_end = tag[1..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .map_or(tag.len(), |i| i + 1);
            let name = &tag[1..name_end];
            let is_link = name.eq_ignore_ascii_case("a");
            if !tag.contains("href=\"") && !tag.contains("src=\"") && !is_link {
                out.push_str(tag);
                continue;
            }
            let mut written = String::with_capacity(tag.len());
            let mut note = None;
            let mut attrs = tag;
            while let Some((before, attr, value, after)) = next_attribute(attrs) {
                written.push_str(before);
                attrs = after;
                match attr {
                    "title" if is_link => {
                        // The space before it goes too.
                        if written.ends_with(' ') {
                            written.pop();
                        }
                    }
                    "href" | "src" => {
                        let href = value.replace("%01root%01", ROOT_MARK);
                        let href = crate::base::text::unescape_html(&href);
                        let new = match self.lead(&href, url) {
                            Leads::Within(h) => h,
                            Leads::File(h, absolute) => {
                                if is_link && attr == "href" {
                                    note = Some(absolute);
                                }
                                h
                            }
                            Leads::Out(absolute) => {
                                if is_link && attr == "href" {
                                    note = Some(absolute.clone());
                                }
                                absolute
                            }
                        };
                        written.push_str(attr);
                        written.push_str("=\"");
                        written.push_str(&crate::base::text::escape_html(&new));
                        written.push('"');
                    }
                    _ => {
                        written.push_str(attr);
                        written.push_str("=\"");
                        written.push_str(value);
                        written.push('"');
                    }
                }
            }
            written.push_str(attrs);
            out.push_str(&written);
            if let Some(url) = note {
                pending = Some((url, out.len()));
            }
        }
        out.push_str(rest);
    }
}

/// The length of the tag `html` starts with (up to its `>`, outside quotes), if closed.
fn tag_end(html: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in html.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The next `name="value"` of a tag: what comes before it, the name, the value (as
/// written, escaped) and what comes after it.
fn next_attribute(tag: &str) -> Option<(&str, &str, &str, &str)> {
    let eq = tag.find("=\"")?;
    let name_start = tag[..eq]
        .rfind(|c: char| c.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let value_end = tag[eq + 2..].find('"')? + eq + 2;
    Some((
        &tag[..name_start],
        &tag[name_start..eq],
        &tag[eq + 2..value_end],
        &tag[value_end + 1..],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> (HashMap<String, String>, Endnotes) {
        let anchors = HashMap::from([
            (String::new(), "page-accueil".to_owned()),
            ("roles/".to_owned(), "page-roles".to_owned()),
            (
                "roles/coordinateur/".to_owned(),
                "page-roles-coordinateur".to_owned(),
            ),
        ]);
        let base = "https://cop.be/guide/".to_owned();
        let notes = Endnotes {
            urls: Vec::new(),
            base: base.clone(),
            root: base,
        };
        (anchors, notes)
    }

    fn rewrite(html: &str) -> (String, Vec<String>) {
        let (anchors, mut notes) = links();
        let links = BookLinks {
            anchors: &anchors,
            root: "../",
            base: "https://cop.be/guide/",
        };
        let mut out = String::new();
        links.rewrite(html, "roles/", &mut notes, &mut out);
        (out, notes.urls)
    }

    #[test]
    fn links_between_pages_become_links_within_the_book() {
        let (html, notes) = rewrite(
            "<p><a href=\"\u{1}root\u{1}roles/coordinateur/\" class=\"xref xref-role\" \
             title=\"Veille.\">Coordinateur</a> et <a href=\"\u{1}root\u{1}roles/coordinateur/#sa-mission\">sa mission</a>, \
             <a href=\"#page-roles-haut\">haut</a></p>",
        );
        assert_eq!(
            html,
            "<p><a href=\"#page-roles-coordinateur\" class=\"xref xref-role\">Coordinateur</a> et \
             <a href=\"#page-roles-coordinateur-sa-mission\">sa mission</a>, \
             <a href=\"#page-roles-haut\">haut</a></p>"
        );
        assert!(notes.is_empty());
    }

    #[test]
    fn links_out_of_the_book_are_numbered_once_per_address() {
        let (html, notes) = rewrite(
            "<a href=\"https://who.int/\">OMS</a> <a href=\"\u{1}root\u{1}contribuer/\">aide</a> \
             <a href=\"https://who.int/\">encore</a>",
        );
        assert_eq!(
            notes,
            ["https://who.int/", "https://cop.be/guide/contribuer/"]
        );
        assert_eq!(
            html,
            "<a href=\"https://who.int/\">OMS</a><sup class=\"endnote\"><a href=\"#note-1\">[1]</a></sup> \
             <a href=\"https://cop.be/guide/contribuer/\">aide</a><sup class=\"endnote\"><a href=\"#note-2\">[2]</a></sup> \
             <a href=\"https://who.int/\">encore</a><sup class=\"endnote\"><a href=\"#note-1\">[1]</a></sup>"
        );
    }

    #[test]
    fn a_link_that_shows_its_address_needs_no_note() {
        let (html, notes) = rewrite("<a href=\"https://who.int/\">https://who.int/</a>");
        assert_eq!(html, "<a href=\"https://who.int/\">https://who.int/</a>");
        assert!(notes.is_empty());
    }

    #[test]
    fn images_and_files_are_found_from_the_book() {
        let (html, notes) = rewrite(
            "<img src=\"%01root%01roles/sch%C3%A9ma.png\" alt=\"S\"> <img src=\"plan.png\"> \
             <a href=\"\u{1}root\u{1}charte.pdf\">charte</a>",
        );
        assert_eq!(
            html,
            "<img src=\"../roles/sch%C3%A9ma.png\" alt=\"S\"> <img src=\"../roles/plan.png\"> \
             <a href=\"../charte.pdf\">charte</a><sup class=\"endnote\"><a href=\"#note-1\">[1]</a></sup>"
        );
        assert_eq!(notes, ["https://cop.be/guide/charte.pdf"]);
    }
}
