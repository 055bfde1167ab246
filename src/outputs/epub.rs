//! `praxis epub`: the guide as an e-book (EPUB 3), to read on a phone or an e-reader
//! without a network. One chapter per page, in reading order (home, then each section
//! followed by its pages, the glossary's terms in French order), internal links kept as
//! links between chapters, a navigation document, French metadata, and the theme's style
//! sheet (its print rules) as a base. The only user of the `epub-builder` crate.

use crate::base::text::escape_html;
use crate::msg;
use crate::render::Shared;
use crate::render::theme::Theme;
use crate::source::content::{Kind, PageId};
use anyhow::{Context, Result};
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};
use std::collections::HashMap;

/// The EPUB of the guide, as bytes.
pub fn write(shared: &Shared, theme: &Theme) -> Result<Vec<u8>> {
    let config = shared.config;
    let order = reading_order(shared);
    // Each page's address (`roles/x/`) → its chapter file.
    let chapters: HashMap<&str, String> = order
        .iter()
        .enumerate()
        .map(|(n, &(i, _))| (shared.page(i).url.as_str(), chapter_file(n)))
        .collect();
    let failed = |e: epub_builder::Error| {
        let said = msg!(
            "library-says",
            library = "epub-builder",
            text = e.to_string()
        );
        anyhow::Error::msg(msg!("cannot-make-epub", cause = said))
    };
    let mut book = EpubBuilder::new(ZipLibrary::new().map_err(failed)?).map_err(failed)?;
    book.epub_version(EpubVersion::V30);
    book.set_title(config.title.as_str());
    book.add_language(config.language.as_str());
    if !config.description.is_empty() {
        book.add_description(config.description.as_str());
    }
    book.set_generator("praxis");
    book.set_toc_name(word(theme, "contents"));
    book.stylesheet(style(theme).as_bytes()).map_err(failed)?;
    for (n, &(i, depth)) in order.iter().enumerate() {
        let page = shared.page(i);
        let xhtml = chapter(shared, theme, i, &chapters);
        let mut content = EpubContent::new(chapter_file(n), xhtml.as_bytes())
            .title(page.meta.title.as_str())
            .level(depth as i32 + 1);
        if n == 0 {
            content = content.reftype(ReferenceType::Text);
        }
        book.add_content(content).map_err(failed)?;
    }
    let mut bytes = Vec::new();
    book.generate(&mut bytes).map_err(failed)?;
    Ok(bytes)
}

/// Writes the EPUB of the guide to `path`.
pub fn write_to(shared: &Shared, theme: &Theme, path: &std::path::Path) -> Result<()> {
    let bytes = write(shared, theme)?;
    std::fs::write(path, bytes)
        .with_context(|| msg!("cannot-write-file", file = path.display().to_string()))
}

/// One of the theme's words for readers (strings.<language>.yaml), or its key.
fn word<'t>(theme: &'t Theme, key: &'t str) -> &'t str {
    theme.strings.get(key).map_or(key, String::as_str)
}

fn chapter_file(n: usize) -> String {
    format!("page-{n:03}.xhtml")
}

/// Every page, home first, then depth first in the site's order (the glossary's terms in
/// French alphabetical order, as its page lists them), with its depth; pages no section
/// holds come last.
pub fn reading_order(shared: &Shared) -> Vec<(PageId, usize)> {
    let pages = &shared.content.pages;
    let mut order = Vec::with_capacity(pages.len());
    let mut seen = vec![false; pages.len()];
    let home = (shared.content.ids()).find(|&i| pages[i].url.is_empty());
    let mut stack: Vec<(PageId, usize)> = home.map(|h| (h, 0)).into_iter().collect();
    while let Some((i, depth)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push((i, depth));
        let page = shared.page(i);
        if !page.is_section {
            continue;
        }
        let mut children = shared.children(&page.id).to_vec();
        if page.id == shared.config.glossary_section {
            children.sort_by(|&a, &b| {
                crate::base::text::collate(&pages[a].meta.title, &pages[b].meta.title)
            });
        }
        // The home holds the top sections: they follow it at the same depth as pages do.
        let child_depth = if Some(i) == home { 0 } else { depth + 1 };
        stack.extend(children.iter().rev().map(|&c| (c, child_depth)));
    }
    // Pages in no section's list follow; unlisted ones (for authors) are left out of the book.
    order.extend(
        (shared.content.ids())
            .filter(|&i| !seen[i] && !pages[i].meta.unlisted)
            .map(|i| (i, 0)),
    );
    order
}

/// The XHTML of page `i`: its kind, title, summary, tasks, body, and the pages it lists.
fn chapter(shared: &Shared, theme: &Theme, i: PageId, chapters: &HashMap<&str, String>) -> String {
    let page = shared.page(i);
    let config = shared.config;
    let title = escape_html(&page.meta.title);
    let mut body = String::new();
    let kind = match page.meta.kind {
        Kind::Role => word(theme, "kind_role"),
        Kind::Term => word(theme, "kind_term"),
        Kind::Example => word(theme, "kind_example"),
        Kind::Page => "",
        Kind::Pack => word(theme, "kind_pack"),
    };
    if !kind.is_empty() {
        let kind = escape_html(kind);
        body.push_str(&format!("<p class=\"kicker\">{kind}</p>\n"));
    }
    body.push_str(&format!("<h1>{title}</h1>\n"));
    let summary = shared.summary_html(i, "");
    if !summary.is_empty() {
        body.push_str(&format!("<p class=\"summary\">{summary}</p>\n"));
    }
    let fields = &shared.graph.fields[i];
    if !page.meta.tasks.is_empty() {
        body.push_str("<section class=\"tasks\"><h2>");
        body.push_str(&escape_html(word(theme, "tasks_heading")));
        body.push_str("</h2>\n<ul>\n");
        for (task, links) in page.meta.tasks.iter().zip(&fields.tasks) {
            let html = shared.field_html(i, task, links, "", None);
            body.push_str(&format!("<li>{html}</li>\n"));
        }
        body.push_str("</ul></section>\n");
    }
    body.push_str("<div class=\"content\">\n");
    body.push_str(&shared.body_html(i, "", None, None));
    body.push_str("</div>\n");
    // The references the page cites: its citations link to them.
    if let Some(cited) = shared.citations(i).filter(|f| !f.references.is_empty()) {
        let heading = escape_html(word(theme, "references_heading"));
        body.push_str(&format!("<section><h2>{heading}</h2>\n<ul>\n"));
        for r in &cited.references {
            body.push_str(&format!("<li id=\"{}\">{}</li>\n", r.id, r.html));
        }
        body.push_str("</ul></section>\n");
    }
    let list = |heading: &str, pages: &[PageId], body: &mut String| {
        if pages.is_empty() {
            return;
        }
        let heading = escape_html(word(theme, heading));
        body.push_str(&format!("<section><h2>{heading}</h2>\n<ul>\n"));
        for &j in pages {
            let p = shared.page(j);
            body.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                escape_html(&p.url),
                escape_html(&p.meta.title)
            ));
        }
        body.push_str("</ul></section>\n");
    };
    let related = &shared.graph.related[i];
    match page.meta.kind {
        Kind::Role => list("examples_heading", related, &mut body),
        Kind::Example => list("roles_heading", related, &mut body),
        _ => {}
    }
    if page.is_section {
        let mut children = shared.children(&page.id).to_vec();
        if page.id == config.glossary_section {
            let pages = &shared.content.pages;
            children.sort_by(|&a, &b| {
                crate::base::text::collate(&pages[a].meta.title, &pages[b].meta.title)
            });
        }
        list("in_section", &children, &mut body);
    }
    let body = chapter_links(&body, chapters, &config.base_url);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\">\n\
         <head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
         <body class=\"epub kind-{kind_class}\">\n<main>\n{body}</main>\n</body>\n</html>\n",
        lang = escape_html(&config.language),
        kind_class = page.meta.kind.name(),
    )
}

/// `html` with each link to a page of the guide (`glossaire/x/#id`, from the site's root)
/// made a link to its chapter (`page-012.xhtml#id`); a link to another file of the site
/// (an image, a PDF), which the book does not hold, leads to it on the published site.
fn chapter_links(html: &str, chapters: &HashMap<&str, String>, base_url: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("href=\"") {
        let start = at + 6;
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        out.push_str(&rest[..start]);
        let href = &rest[start..start + len];
        let (path, fragment) = href.split_at(href.find('#').unwrap_or(href.len()));
        let scheme = path.split('/').next().is_some_and(|s| s.contains(':'));
        if scheme || (path.is_empty() && !fragment.is_empty()) {
            out.push_str(href);
        } else if let Some(file) = chapters.get(path.replace("&amp;", "&").as_str()) {
            out.push_str(file);
            out.push_str(fragment);
        } else {
            out.push_str(&escape_html(base_url));
            out.push_str(href.trim_start_matches('/'));
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// The theme's style sheet for the book: its rules for print and for reading, less the
/// page boxes (`@page`), which belong to paper, and the custom properties' dark scheme.
fn style(theme: &Theme) -> String {
    let css = theme
        .file("static/style.css")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let mut out = String::with_capacity(css.len());
    let mut rest = css.as_str();
    // Drops each `@page { … }` block, nested braces included.
    while let Some(at) = rest.find("@page") {
        out.push_str(&rest[..at]);
        let mut depth = 0;
        let mut end = rest.len();
        for (k, c) in rest[at..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.push_str(EPUB_CSS);
    out
}

/// What a book adds to the theme: no screen furniture, the kicker and tasks as on paper.
const EPUB_CSS: &str = "
/* praxis epub */
body.epub { background: #ffffff; color: #1d2430; }
body.epub main { max-width: none; padding: 0; }
body.epub .kicker { margin-bottom: 0.2em; }
body.epub .tasks { margin: 1em 0; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_pages_lead_to_chapters() {
        let chapters: HashMap<&str, String> = [
            ("roles/x/", "page-003.xhtml".to_owned()),
            ("", "page-000.xhtml".to_owned()),
        ]
        .into_iter()
        .collect();
        let html = "<a href=\"roles/x/#sa-mission\">x</a> <a href=\"\">home</a> <a href=\"#note\">n</a> \
                    <a href=\"https://example.org/\">e</a> <a href=\"docs/charte.pdf\">pdf</a>";
        assert_eq!(
            chapter_links(html, &chapters, "https://guide.example/"),
            "<a href=\"page-003.xhtml#sa-mission\">x</a> <a href=\"page-000.xhtml\">home</a> <a href=\"#note\">n</a> \
             <a href=\"https://example.org/\">e</a> <a href=\"https://guide.example/docs/charte.pdf\">pdf</a>"
        );
    }
}
