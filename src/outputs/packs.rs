//! Meeting packs: a page of `kind: pack` picks roles, examples and terms, and is printed
//! at `fiches/<pack>/` as one document for a meeting — a cover, the contents (their page
//! numbers written by `praxis print`), the chosen sheets as the booklet prints them, the
//! examples, one glossary of every term they use, and the links of the examples and the
//! glossary as numbered endnotes.

use crate::analyse::markdown::{Endnote, Endnotes, ROOT_MARK};
use crate::analyse::resolve::Picked;
use crate::base::urls::{self, root_of};
use crate::outputs::sheets;
use crate::render::{Failure, Files, RenderContext, Shared, page_size, split};
use crate::source::content::PageId;
use serde::Serialize;

/// A printed pack, as `pack-sheets.html` shows it.
#[derive(Serialize)]
struct PackView<'a> {
    title: &'a str,
    /// The meeting's day in French words, `12 mars 2026`.
    date: Option<String>,
    summary_html: String,
    /// The pack's page online, relative to the printed pack.
    page_href: String,
    contents: Vec<PackLine>,
    /// Each chosen role's sheet, as HTML (the booklet's `sheet-body.html`).
    sheets: Vec<String>,
    examples: Vec<Example>,
    glossary: Vec<Definition>,
    links: Vec<Endnote>,
    /// Absolute URL of the pack's page.
    source: String,
}

/// A line of the contents: the anchor of a part, and its title.
#[derive(Serialize)]
struct PackLine {
    anchor: String,
    title: String,
}

#[derive(Serialize)]
struct Example {
    anchor: String,
    title: String,
    note: usize,
    summary_html: String,
    body_html: String,
}

#[derive(Serialize)]
struct Definition {
    title: String,
    note: usize,
    summary_html: String,
}

#[derive(Serialize)]
struct PackContext<'a> {
    root: &'a str,
    pack: PackView<'a>,
}

/// The anchors of the parts of a pack that are not sheets.
pub const EXAMPLES_ANCHOR: &str = "exemples-du-dossier";
pub const GLOSSARY_ANCHOR: &str = "glossaire-du-dossier";
pub const LINKS_ANCHOR: &str = "liens-du-dossier";

/// Renders `fiches/<pack>/index.html` for every meeting pack of the guide.
pub fn render_packs(ctx: &RenderContext) -> (Files, Vec<Failure>) {
    render_packs_with(ctx, &sheets::Parts::new())
}

/// [`render_packs`], with the sheets' parts the booklet made (the others are made again).
pub fn render_packs_with(ctx: &RenderContext, parts: &sheets::Parts) -> (Files, Vec<Failure>) {
    let packs = ctx.shared.graph.packs.keys().copied().collect::<Vec<_>>();
    let made = packs
        .into_iter()
        .map(|i| render_pack(ctx, i, parts))
        .collect();
    split(made)
}

fn render_pack(
    ctx: &RenderContext,
    i: PageId,
    parts: &sheets::Parts,
) -> Result<(String, Vec<u8>), Failure> {
    let shared = ctx.shared;
    let page = shared.page(i);
    let url = urls::sheet_url(&page.stem);
    let failed = |error: String| Failure {
        error,
        page: Some(i),
        template: "pack-sheets.html",
    };
    let picked = &shared.graph.packs[&i];
    let word = |key: &str, default: &str| {
        ctx.renderer
            .strings
            .get(key)
            .map_or(default, String::as_str)
            .to_owned()
    };
    let sheet_prefix = word("sheet_prefix", "Fiche");
    let (sheet_html, mut contents) =
        pack_sheets(ctx, picked, parts, &url, &sheet_prefix).map_err(failed)?;
    // The examples' and the glossary's links, numbered in reading order.
    let base = &shared.config.base_url;
    let root = ROOT_MARK;
    let mut notes = Endnotes {
        urls: Vec::new(),
        base: format!("{base}{url}"),
        root: base.clone(),
    };
    let examples = pack_examples(shared, picked, &mut notes);
    let glossary = pack_glossary(shared, picked, &mut notes);
    let links = notes.numbered();
    let parts_shown = [
        (
            examples.is_empty(),
            EXAMPLES_ANCHOR,
            "pack_examples",
            "Exemples",
        ),
        (
            glossary.is_empty(),
            GLOSSARY_ANCHOR,
            "pack_glossary",
            "Glossaire",
        ),
        (links.is_empty(), LINKS_ANCHOR, "links_heading", "Liens"),
    ];
    for (empty, anchor, key, default) in parts_shown {
        if !empty {
            contents.push(PackLine {
                anchor: anchor.to_owned(),
                title: word(key, default),
            });
        }
    }
    let summary_html = page.meta.summary.as_deref().map_or(String::new(), |s| {
        shared.field_html(i, s, &shared.graph.fields[i].summary, root, None)
    });
    let view = PackView {
        title: &page.meta.title,
        date: page.meta.pack.date.map(crate::source::dates::french_date),
        summary_html,
        page_href: format!("{root}{}", page.url),
        contents,
        sheets: sheet_html,
        examples,
        glossary,
        links,
        source: format!("{base}{}", page.url),
    };
    let context = PackContext { root, pack: view };
    let size = page_size(page) * (1 + picked.roles.len() + picked.examples.len());
    let html = ctx
        .renderer
        .render("pack-sheets.html", &context, size)
        .map_err(failed)?;
    Ok((
        urls::sheet_path(&page.stem),
        shared.typeset(sheets::fill_root(&html, &root_of(&url))),
    ))
}

/// The sheets of the roles a pack picks, as the booklet prints them (its own parts when
/// it made them), placed at the pack's `url`; and a line of the contents for each.
fn pack_sheets(
    ctx: &RenderContext,
    picked: &Picked,
    parts: &sheets::Parts,
    url: &str,
    sheet_prefix: &str,
) -> Result<(Vec<String>, Vec<PackLine>), String> {
    let shared = ctx.shared;
    let mut sheet_html = Vec::new();
    let mut contents = Vec::new();
    for &r in &picked.roles {
        let part = match parts.get(&r) {
            Some(part) => sheets::place_part(shared, part, url),
            None => sheets::pack_part(ctx, r, url)?,
        };
        sheet_html.push(String::from_utf8(part).map_err(|e| e.to_string())?);
        contents.push(PackLine {
            anchor: sheets::anchor(&shared.page(r).stem),
            title: format!("{sheet_prefix} {}", shared.page(r).meta.title),
        });
    }
    Ok((sheet_html, contents))
}

/// The examples a pack picks, whole, their headings one level down; their links numbered
/// among the pack's `notes`.
fn pack_examples(shared: &Shared, picked: &Picked, notes: &mut Endnotes) -> Vec<Example> {
    let root = ROOT_MARK;
    (picked.examples.iter())
        .map(|&j| {
            let p = shared.page(j);
            let anchor = format!("exemple-{}", crate::base::text::slugify(&p.stem));
            let note = notes.number(&format!("{root}{}", p.url));
            let summary = p.meta.summary.as_deref().unwrap_or("");
            let summary_html = shared.field_html(
                j,
                summary,
                &shared.graph.fields[j].summary,
                root,
                Some(&mut *notes),
            );
            let body = shared.body_html(j, root, Some(&mut *notes), Some(&anchor));
            Example {
                body_html: crate::analyse::markdown::deeper_headings(
                    &crate::analyse::markdown::deeper_headings(&body),
                ),
                anchor,
                title: p.meta.title.clone(),
                note,
                summary_html,
            }
        })
        .collect()
}

/// One glossary: the terms the pack's sheets and examples use, and those it names, in the
/// order of their titles; their links numbered among the pack's `notes`.
fn pack_glossary(shared: &Shared, picked: &Picked, notes: &mut Endnotes) -> Vec<Definition> {
    let root = ROOT_MARK;
    let mut terms =
        sheets::terms_used(shared, picked.roles.iter().chain(&picked.examples).copied());
    for &t in &picked.terms {
        if !terms.contains(&t) {
            terms.push(t);
        }
    }
    terms.sort_by(|&a, &b| {
        crate::base::text::collate(&shared.page(a).meta.title, &shared.page(b).meta.title)
    });
    terms
        .into_iter()
        .map(|t| {
            let p = shared.page(t);
            let note = notes.number(&format!("{root}{}", p.url));
            Definition {
                title: p.meta.title.clone(),
                note,
                summary_html: shared.field_html(
                    t,
                    p.meta.summary.as_deref().unwrap_or(""),
                    &shared.graph.fields[t].summary,
                    root,
                    Some(&mut *notes),
                ),
            }
        })
        .collect()
}
