//! Role sheets for paper: `fiches/<role>/` and the booklet `fiches/`, from their views to
//! their files. Paper has no
//! hyperlinks, so every link gets a number `[n]`, a "Liens" list gives each number's
//! absolute URL, and the definitions of the terms a sheet uses are printed with it.

use crate::analyse::markdown::{Endnote, Endnotes, ROOT_MARK};
use crate::analyse::resolve::Target;
use crate::base::diagnostic::Diagnostic;
use crate::base::urls::{self, root_of};
use crate::msg;
use crate::render::{
    Failure, Files, Prepared, Put, RenderContext, Shared, cut_at, page_size, split,
};
use crate::source::content::{Kind, Page, PageId};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeSet;

/// Kept here for their callers; they live in [`urls`].
pub use crate::base::urls::{BOOKLET, SHEETS_DIR, sheet_path, sheet_url};

#[derive(Serialize, Clone)]
struct Linked {
    title: String,
    href: String,
    summary_html: String,
    /// Endnote number of the link.
    note: usize,
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
    links: Vec<Endnote>,
    /// Absolute URL of the role's page.
    source: String,
    /// The role's page, relative to the sheet.
    page_href: String,
    /// Where the sheet is printed alone, relative to the page showing it.
    sheet_href: String,
    /// The title as a CSS string's content, for the top of a sheet's second page.
    css_title: String,
    /// A QR code of `source`, inline SVG, so that paper leads back to the page online.
    qr_svg: String,
    /// `source` without its scheme, printed beside the QR code, HTML that may break
    /// after each `/`.
    short_url_html: String,
    /// The role page's review, its `source:` and the references it cites.
    review: Option<crate::analyse::review::ReviewView<'a>>,
    based_on: Option<&'a crate::source::cite::Source>,
    references: Vec<crate::source::cite::Reference>,
}

/// The roles of the guide, in reading order (section order, then weight and title).
pub fn roles(shared: &Shared) -> Vec<PageId> {
    let pages = &shared.content.pages;
    let mut roles: Vec<PageId> = (shared.content.ids())
        .filter(|&i| pages[i].meta.kind == Kind::Role)
        .collect();
    roles.sort_by(|&a, &b| {
        let key = |i: PageId| {
            let mut chain: Vec<PageId> = shared.ancestors(i);
            chain.push(i);
            chain
        };
        let (ka, kb) = (key(a), key(b));
        for (x, y) in ka.iter().zip(&kb) {
            if x != y {
                return crate::source::content::compare(&pages[*x], &pages[*y]);
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
pub fn sheet<'a>(shared: &'a Shared<'a>, i: PageId) -> SheetView<'a> {
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
    let linked = |j: PageId, notes: &mut Endnotes| {
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
    let terms = terms_used(shared, [i])
        .into_iter()
        .map(|j| linked(j, &mut notes))
        .collect();
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
        links: notes.numbered(),
        page_href: format!("{root}{}", page.url),
        sheet_href: format!("{root}{}", sheet_url(&page.stem)),
        css_title: crate::base::text::css_string(&page.meta.title),
        qr_svg: qr_svg(&source, &page.meta.title),
        short_url_html: crate::base::text::escape_html(short_url(&source)).replace('/', "/<wbr>"),
        source,
        review: crate::analyse::review::view(&page.meta.review, shared.config),
        based_on: page.meta.source.as_ref(),
        references: shared.citations(i).map_or_else(Vec::new, |f| f.references),
    }
}

/// The glossary terms the pages `of` use (linked, or mentioned and linked by themselves),
/// in French order of their titles.
pub fn terms_used(shared: &Shared, of: impl IntoIterator<Item = PageId>) -> Vec<PageId> {
    let mut used: BTreeSet<PageId> = BTreeSet::new();
    for i in of {
        let fields = &shared.graph.fields[i];
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
    }
    let mut terms: Vec<PageId> = used.into_iter().collect();
    terms.sort_by(|&a, &b| {
        crate::base::text::collate(&shared.page(a).meta.title, &shared.page(b).meta.title)
    });
    terms
}

/// `url` as a QR code in inline SVG (its size is the stylesheet's), labelled for screen
/// readers with the role's `title`. Medium error correction: a sheet folded or photocopied
/// still scans. The `qrcode` crate encodes it; it is drawn here one path of horizontal runs
/// (a tenth of the crate's SVG, one rectangle per module, for 2,000 sheets of a big guide).
pub fn qr_svg(url: &str, title: &str) -> String {
    use std::fmt::Write;
    let Some((colors, width)) = qr_modules(url) else {
        // Too long for a QR code (over 2 KB): the address printed beside it remains.
        return String::new();
    };
    // The quiet zone a reader needs around the code, in modules.
    const QUIET: usize = 4;
    let size = width + 2 * QUIET;
    let label = crate::base::text::escape_html(&format!("QR code : {title}"));
    let mut svg = format!(
        "<svg class=\"qr\" role=\"img\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Light {
                x += 1;
                continue;
            }
            let run = row[x..]
                .iter()
                .take_while(|c| **c == qrcode::Color::Dark)
                .count();
            let _ = write!(svg, "M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET);
            x += run;
        }
    }
    svg.push_str("\"/></svg>");
    svg
}

/// The modules of `url`'s QR code (error correction M), row by row, and its width. As
/// `qrcode::QrCode::with_error_correction_level` makes them, but with one mask instead of
/// the best of eight: scoring the eight was a sixth of a 10,000-page build's processor
/// time, and any mask gives a valid code (a reader is told which by the format bits).
fn qr_modules(url: &str) -> Option<(Vec<qrcode::Color>, usize)> {
    use qrcode::{EcLevel, canvas};
    let bits = qrcode::bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (encoded, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M).ok()?;
    let mut canvas = canvas::Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &ec);
    canvas.apply_mask(canvas::MaskPattern::Checkerboard);
    Some((canvas.into_colors(), usize::try_from(version.width()).ok()?))
}

/// `https://www.example.org/a/` → `www.example.org/a/`: what a reader types.
fn short_url(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest)
}

/// Two roles whose files have the same name would share one sheet (`fiches/<stem>/`) and
/// one place in the booklet, and a meeting pack (published at `fiches/<pack>/` too) named
/// as a role would take its sheet's place: an error at the second, or at the pack.
pub fn check_stems(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<String, &Page> = Default::default();
    let mut out = Vec::new();
    let sheets = pages.iter().filter(|p| p.meta.kind == Kind::Role);
    let packs = pages.iter().filter(|p| p.meta.kind == Kind::Pack);
    for page in sheets.chain(packs) {
        if let Some(first) = seen.insert(anchor(&page.stem), page) {
            let other = crate::base::diagnostic::display_path(&first.source);
            let sheet = sheet_url(&page.stem);
            let (message, help) = match (first.meta.kind, page.meta.kind) {
                (Kind::Role, Kind::Role) => (
                    msg!("sheet-shared", other = other, sheet = sheet),
                    msg!("sheet-shared-help"),
                ),
                _ => (
                    msg!("pack-shared", other = other, sheet = sheet),
                    msg!("pack-shared-help"),
                ),
            };
            out.push(Diagnostic::error(&page.source, message).with_help(help));
        }
    }
    out
}

/// The id of a role's sheet in the booklet.
pub fn anchor(stem: &str) -> String {
    format!("fiche-{}", crate::base::text::slugify(stem))
}

/// A sheet alone (`sheet.html`), or in the booklet (`sheet-body.html`, with `booklet`
/// defined: templates test `booklet is defined`).
#[derive(Serialize)]
struct SheetContext<'a> {
    root: &'a str,
    sheet: &'a SheetView<'a>,
}

/// The contexts of a role's sheet, made from one serialization of its view: alone
/// (`sheet.html`), and in the booklet or a pack (`sheet-body.html`, with `booklet` set
/// and, under the sheet's title, an `h2` there, the body's headings one level down).
fn contexts(sheet: &SheetView) -> Result<(Prepared, Prepared), String> {
    let alone = Prepared::new(&SheetContext {
        root: ROOT_MARK,
        sheet,
    })?;
    let body = crate::analyse::markdown::deeper_headings(&sheet.body_html);
    let in_booklet = alone.variant("booklet", "sheet", "body_html", body);
    Ok((alone, in_booklet))
}

/// The cover of the booklet: its table of contents, and the place of the sheets.
#[derive(Serialize)]
struct BookletContext<'a> {
    root: &'a str,
    sheets: Vec<BookletEntry<'a>>,
    sheet_bodies: &'a str,
}

#[derive(Serialize)]
struct BookletEntry<'a> {
    title: &'a str,
    anchor: String,
}

/// Where the sheets go in the rendered cover of the booklet.
const SHEETS_MARK: &str = "\u{1}praxis-sheets\u{1}";

/// Roles whose sheets are rendered at a time for the booklet: the booklet of a big guide
/// is a long page, but only one batch of its sheets is held at once.
const BOOKLET_BATCH: usize = 256;

/// Renders `fiches/<role>/index.html` for the roles among `pages`.
pub fn render_sheets(ctx: &RenderContext, pages: &[PageId]) -> (Files, Vec<Failure>) {
    let rendered: Vec<Result<(String, Vec<u8>), Failure>> = pages
        .par_iter()
        .filter(|&&i| ctx.shared.page(i).meta.kind == Kind::Role)
        .map(|&i| {
            let context = contexts(&sheet(ctx.shared, i)).map(|(alone, _)| alone);
            sheet_alone(ctx, i, context)
        })
        .collect();
    split(rendered)
}

/// Each role's sheet printed alone, handed to `put` a batch at a time, and the booklet
/// made from the same views (see [`render_booklet`]): each sheet is made once. The
/// booklet is handed to `write` a piece at a time: it is the size of all the sheets.
/// Returns the booklet's failure, if it failed.
pub fn render_sheets_and_booklet(
    ctx: &RenderContext,
    put: Put,
    write: &mut dyn FnMut(&[u8]),
) -> (Option<Failure>, Parts) {
    let kept: BTreeSet<PageId> = (ctx.shared.graph.packs.values())
        .flat_map(|pack| pack.roles.iter().copied())
        .collect();
    let mut parts = Parts::new();
    let failed = booklet(ctx, Some(put), write, &kept, &mut parts).err();
    (failed, parts)
}

/// The booklet [`BOOKLET`]: a cover with the table of contents, then every
/// sheet in reading order.
pub fn render_booklet(ctx: &RenderContext) -> (Files, Vec<Failure>) {
    let mut html = Vec::new();
    let write = &mut |piece: &[u8]| html.extend_from_slice(piece);
    let made = booklet(ctx, None, write, &BTreeSet::new(), &mut Parts::new());
    split(vec![made.map(|()| (BOOKLET.to_owned(), html))])
}

/// A role's sheet printed alone, `fiches/<role>/index.html`, from its context.
fn sheet_alone(
    ctx: &RenderContext,
    i: PageId,
    context: Result<Prepared, String>,
) -> Result<(String, Vec<u8>), Failure> {
    let stem = &ctx.shared.page(i).stem;
    let html = context.and_then(|c| {
        ctx.renderer
            .render_prepared("sheet.html", &c, page_size(ctx.shared.page(i)))
    });
    match html {
        Ok(html) => Ok((
            urls::sheet_path(stem),
            ctx.shared
                .typeset(fill_root(&html, &root_of(&urls::sheet_url(stem)))),
        )),
        Err(error) => Err(Failure {
            error,
            page: Some(i),
            template: "sheet.html",
        }),
    }
}

/// A role's sheet as a part of the booklet (or of a meeting pack), its links still from
/// [`ROOT_MARK`]: see [`place_part`].
fn booklet_part(ctx: &RenderContext, i: PageId, in_booklet: &Prepared) -> Result<Vec<u8>, String> {
    ctx.renderer
        .render_prepared("sheet-body.html", in_booklet, page_size(ctx.shared.page(i)))
}

/// A part made by [`booklet_part`], in the document published at `url`.
pub fn place_part(shared: &Shared, part: &[u8], url: &str) -> Vec<u8> {
    shared.typeset(fill_root(part, &root_of(url)))
}

/// The part of role `i` in a meeting pack published at `url` (see [`booklet_part`]),
/// made again.
pub fn pack_part(ctx: &RenderContext, i: PageId, url: &str) -> Result<Vec<u8>, String> {
    let (_, in_booklet) = contexts(&sheet(ctx.shared, i))?;
    let part = booklet_part(ctx, i, &in_booklet)?;
    Ok(place_part(ctx.shared, &part, url))
}

/// `html` with [`ROOT_MARK`] replaced by `root`.
pub fn fill_root(html: &[u8], root: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 16);
    let mut done = 0;
    for at in memchr::memmem::find_iter(html, ROOT_MARK) {
        out.extend_from_slice(&html[done..at]);
        out.extend_from_slice(root.as_bytes());
        done = at + ROOT_MARK.len();
    }
    out.extend_from_slice(&html[done..]);
    out
}

/// The parts of the booklet that the meeting packs print too, by role, their links still
/// from [`ROOT_MARK`] (see [`place_part`]): made once for the booklet and the packs.
pub type Parts = std::collections::HashMap<PageId, Vec<u8>>;

/// The booklet, its sheets rendered a batch at a time (in parallel) and handed to `write`
/// a batch at a time. With `alone`, each sheet printed alone is made from the same view
/// and handed to it, with the failures of its batch. The parts of the roles in `kept`
/// are given to `parts`.
fn booklet(
    ctx: &RenderContext,
    mut alone: Option<Put>,
    write: &mut dyn FnMut(&[u8]),
    kept: &BTreeSet<PageId>,
    parts: &mut Parts,
) -> Result<(), Failure> {
    let shared = ctx.shared;
    let failed = |error| Failure {
        error,
        page: None,
        template: "sheets.html",
    };
    let roles = roles(shared);
    let cover = booklet_cover(ctx, &roles).map_err(failed)?;
    let (head, tail) = cut_at(
        &cover,
        SHEETS_MARK,
        "sheets.html",
        "{{ sheet_bodies | safe }}",
        shared,
    )
    .map_err(failed)?;
    write(head.as_bytes());
    // The first part that failed: the booklet fails with it, after every sheet alone.
    let mut broken: Option<String> = None;
    let mut piece = Vec::new();
    for batch in roles.chunks(BOOKLET_BATCH) {
        let made = make_batch(ctx, batch, kept, alone.is_some());
        let mut files = Vec::new();
        piece.clear();
        for (&i, (part, file)) in batch.iter().zip(made) {
            files.extend(file);
            match part {
                Ok((part, made)) => {
                    piece.push(b'\n');
                    piece.extend_from_slice(&part);
                    piece.push(b'\n');
                    parts.extend(made.map(|made| (i, made)));
                }
                Err(error) => {
                    // Reported with the page whose sheet broke, and again for the booklet.
                    files.push(Err(Failure {
                        error: error.clone(),
                        page: Some(i),
                        template: "sheet-body.html",
                    }));
                    broken.get_or_insert(error);
                }
            }
        }
        if let Some(put) = alone.as_mut() {
            put(split(files));
        }
        if broken.is_none() {
            write(&piece);
        }
    }
    if let Some(error) = broken {
        return Err(failed(error));
    }
    write(tail.as_bytes());
    Ok(())
}

/// `sheets.html`: the booklet's cover and contents, around [`SHEETS_MARK`] where the
/// sheets go.
fn booklet_cover(ctx: &RenderContext, roles: &[PageId]) -> Result<String, String> {
    let shared = ctx.shared;
    let context = BookletContext {
        root: &root_of(&urls::booklet_url()),
        sheets: (roles.iter())
            .map(|&i| BookletEntry {
                title: &shared.page(i).meta.title,
                anchor: anchor(&shared.page(i).stem),
            })
            .collect(),
        sheet_bodies: SHEETS_MARK,
    };
    let cover = (ctx.renderer).render("sheets.html", &context, 64 * roles.len() + 4096)?;
    String::from_utf8(shared.typeset(cover)).map_err(|e| e.to_string())
}

/// A role's part of the booklet as placed in it (and as made, when a pack prints it
/// too), or why it failed; and its sheet alone, when asked for.
type MadePart = (
    Result<(Vec<u8>, Option<Vec<u8>>), String>,
    Option<Result<(String, Vec<u8>), Failure>>,
);

/// The parts of a `batch` of roles (in parallel), each made from one view with its
/// sheet alone when `with_alone`; the parts of the roles in `kept` also as made.
fn make_batch(
    ctx: &RenderContext,
    batch: &[PageId],
    kept: &BTreeSet<PageId>,
    with_alone: bool,
) -> Vec<MadePart> {
    let shared = ctx.shared;
    (batch.par_iter())
        .map(|&i| {
            let (alone, in_booklet) = match contexts(&sheet(shared, i)) {
                Ok((alone, in_booklet)) => (Ok(alone), Ok(in_booklet)),
                Err(e) => (Err(e.clone()), Err(e)),
            };
            let part = in_booklet.and_then(|c| booklet_part(ctx, i, &c));
            let part = part.map(|part| {
                let placed = place_part(shared, &part, &urls::booklet_url());
                (placed, kept.contains(&i).then_some(part))
            });
            (part, with_alone.then(|| sheet_alone(ctx, i, alone)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_code_is_inline_svg_labelled_with_its_role() {
        let svg = qr_svg("https://guide.org/roles/x/", "Rôle <A>");
        assert!(svg.starts_with("<svg class=\"qr\" role=\"img\""), "{svg}");
        assert!(
            svg.contains("aria-label=\"QR code : Rôle &lt;A&gt;\""),
            "{svg}"
        );
        assert!(svg.contains("<path") && svg.ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("<?xml"), "inline SVG has no XML declaration");
        assert_eq!(short_url("https://guide.org/a/"), "guide.org/a/");
    }
}
