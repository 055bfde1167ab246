//! The only place that sets pulldown-cmark options. Two passes over a page's body:
//! [`scan`] finds its headings, links and the text that may be auto-linked (before
//! resolution); [`to_html`] renders it with every link already resolved.

use crate::text;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_WIKILINKS
}

fn parser(body: &str) -> pulldown_cmark::OffsetIter<'_, pulldown_cmark::DefaultBrokenLinkCallback> {
    Parser::new_ext(body, options()).into_offset_iter()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[[target]]` (`piped`: `[[target|label]]`).
    Wiki { piped: bool },
    /// `[text](dest)` or `![alt](dest)`.
    Markdown { image: bool },
}

/// A link as written, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRef {
    pub dest: String,
    pub kind: LinkKind,
    /// Byte offset of the link in the body: the key under which it is resolved.
    pub offset: usize,
}

/// What a body holds that the resolver needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// Runs of plain text outside headings, links and code, in order: where a glossary
    /// term may be linked automatically.
    pub texts: Vec<String>,
}

pub fn scan(body: &str) -> Scan {
    let mut out = Scan::default();
    let mut ids = IdAllocator::default();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut link_depth = 0usize;
    let mut code_depth = 0usize;
    let mut run: Option<String> = None;
    for (event, range) in parser(body) {
        let is_text = matches!(event, Event::Text(_));
        if !is_text && let Some(r) = run.take() {
            out.texts.push(r);
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, text)) = heading.take() {
                    let id = ids.allocate(id.as_deref(), &text);
                    out.headings.push(Heading { level, id, text });
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                link_depth += 1;
                if let Some(kind) = link_kind(link_type, false) {
                    out.links.push(LinkRef {
                        dest: dest_url.to_string(),
                        kind,
                        offset: range.start,
                    });
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                link_depth += 1;
                if let Some(kind) = link_kind(link_type, true) {
                    out.links.push(LinkRef {
                        dest: dest_url.to_string(),
                        kind,
                        offset: range.start,
                    });
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => link_depth = link_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => code_depth += 1,
            Event::End(TagEnd::CodeBlock) => code_depth = code_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::Text(t) if link_depth == 0 && code_depth == 0 => {
                run.get_or_insert_with(String::new).push_str(&t);
            }
            _ => {}
        }
    }
    if let Some(r) = run.take() {
        out.texts.push(r);
    }
    out
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn link_kind(link_type: LinkType, image: bool) -> Option<LinkKind> {
    match link_type {
        LinkType::WikiLink { has_pothole } => Some(LinkKind::Wiki { piped: has_pothole }),
        LinkType::Autolink | LinkType::Email => None,
        _ => Some(LinkKind::Markdown { image }),
    }
}

/// Ids the default theme's templates use around the content; a heading never takes them.
const THEME_IDS: &[&str] = &[
    "contenu",
    "recherche",
    "resultats",
    "quest-ce",
    "taches",
    "renvois",
    "exemples-du-role",
    "roles-illustres",
    "sur-cette-page",
    "dans-section",
    "sections",
];

/// Unique heading ids within a page: `{#id}` as written, otherwise a slug, `-1`, `-2`…
struct IdAllocator {
    used: HashMap<String, usize>,
}

impl Default for IdAllocator {
    fn default() -> Self {
        IdAllocator {
            used: THEME_IDS.iter().map(|id| ((*id).to_owned(), 0)).collect(),
        }
    }
}

impl IdAllocator {
    fn allocate(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = explicit.map_or_else(|| text::slugify(text), str::to_owned);
        let mut id = base.clone();
        while let Some(n) = self.used.get_mut(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone(), 0);
        id
    }
}

/// How one link is rendered, decided by the resolver.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkOut {
    pub href: String,
    /// CSS class, e.g. `xref xref-term`; empty for a plain link.
    pub class: String,
    /// Plain-text summary of the target, for the `title` attribute and the tooltip.
    pub summary: String,
    /// Replaces the link's text (a `[[stem]]` shows its target's title).
    pub label: Option<String>,
}

/// A glossary term found in a text run, to be linked.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoLink {
    /// Index into [`Scan::texts`].
    pub run: usize,
    pub range: Range<usize>,
    pub link: LinkOut,
}

/// Everything [`to_html`] needs besides the body.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    pub headings: &'a [Heading],
    /// Resolved links, by offset; a link missing here is left as written.
    pub links: HashMap<usize, LinkOut>,
    pub autolinks: Vec<AutoLink>,
    pub escape_html: bool,
    /// Numbers every link `[n]` into this list of URLs (role sheets).
    pub endnotes: Option<&'a mut Endnotes>,
}

/// The numbered links of a printed sheet: one URL keeps one number.
#[derive(Debug, Default)]
pub struct Endnotes {
    pub urls: Vec<String>,
    /// Base to make relative hrefs absolute, e.g. `https://example.org/guide/fiches/x/`.
    pub base: String,
}

impl Endnotes {
    pub fn number(&mut self, href: &str) -> usize {
        let url = absolute(&self.base, href);
        match self.urls.iter().position(|u| *u == url) {
            Some(i) => i + 1,
            None => {
                self.urls.push(url);
                self.urls.len()
            }
        }
    }
}

/// Resolves `href` against the absolute `base` URL (which ends with `/`).
pub fn absolute(base: &str, href: &str) -> String {
    if href.contains("://") || href.starts_with("mailto:") {
        return href.to_owned();
    }
    if let Some(frag) = href.strip_prefix('#') {
        return format!("{base}#{frag}");
    }
    let origin_end = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[origin_end..]
        .find('/')
        .map_or(base.len(), |i| origin_end + i);
    if href.starts_with('/') {
        return format!("{}{href}", &base[..origin_end]);
    }
    let mut segments: Vec<&str> = base[origin_end..]
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let (path, rest) = match href.find(['#', '?']) {
        Some(i) => (&href[..i], &href[i..]),
        None => (href, ""),
    };
    for part in path.split('/') {
        match part {
            ".." => {
                segments.pop();
            }
            "." | "" => {}
            p => segments.push(p),
        }
    }
    let trailing = path.ends_with('/') || path.is_empty();
    let mut url = base[..origin_end].to_owned();
    url.push('/');
    url.push_str(&segments.join("/"));
    if trailing && !segments.is_empty() {
        url.push('/');
    }
    url.push_str(rest);
    url
}

/// Renders `body` to HTML following `plan`.
pub fn to_html(body: &str, mut plan: Plan) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut heading_index = 0usize;
    let mut link_depth = 0usize;
    let mut code_depth = 0usize;
    let mut in_heading = false;
    let mut run_index = 0usize;
    let mut run: Option<String> = None;
    // For each open link: its closing HTML, and whether its inner text is being replaced.
    let mut open_links: Vec<(String, bool)> = Vec::new();
    let autolinks = std::mem::take(&mut plan.autolinks);

    let flush_run = |run: &mut Option<String>,
                     run_index: &mut usize,
                     events: &mut Vec<Event>,
                     plan: &mut Plan| {
        if let Some(text) = run.take() {
            let mut pos = 0;
            for a in autolinks.iter().filter(|a| a.run == *run_index) {
                if a.range.start < pos
                    || a.range.end > text.len()
                    || !text.is_char_boundary(a.range.start)
                    || !text.is_char_boundary(a.range.end)
                {
                    continue;
                }
                events.push(Event::Text(CowStr::from(
                    text[pos..a.range.start].to_owned(),
                )));
                let open = open_tag(&a.link);
                let close = close_tag(&a.link.href, plan);
                events.push(Event::InlineHtml(open.into()));
                events.push(Event::Text(CowStr::from(text[a.range.clone()].to_owned())));
                events.push(Event::InlineHtml(close.into()));
                pos = a.range.end;
            }
            events.push(Event::Text(CowStr::from(text[pos..].to_owned())));
            *run_index += 1;
        }
    };

    for (event, range) in parser(body) {
        let collecting = link_depth == 0 && code_depth == 0 && !in_heading;
        if let Event::Text(t) = &event
            && collecting
        {
            run.get_or_insert_with(String::new).push_str(t);
            continue;
        }
        flush_run(&mut run, &mut run_index, &mut events, &mut plan);
        if open_links.last().is_some_and(|(_, replaced)| *replaced)
            && !matches!(event, Event::End(TagEnd::Link))
        {
            // Inner events of a link whose label was replaced; nested links cannot occur.
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                in_heading = true;
                let id = plan
                    .headings
                    .get(heading_index)
                    .map(|h| CowStr::from(h.id.clone()));
                heading_index += 1;
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(l)) => {
                in_heading = false;
                events.push(Event::End(TagEnd::Heading(l)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                link_depth += 1;
                match plan.links.get(&range.start).cloned() {
                    Some(out) => {
                        events.push(Event::InlineHtml(open_tag(&out).into()));
                        let close = close_tag(&out.href, &mut plan);
                        if let Some(label) = &out.label {
                            events.push(Event::Text(CowStr::from(label.clone())));
                        }
                        open_links.push((close, out.label.is_some()));
                    }
                    None => {
                        let href = if matches!(link_type, LinkType::WikiLink { .. }) {
                            CowStr::from("#")
                        } else {
                            dest_url
                        };
                        let out = LinkOut {
                            href: href.to_string(),
                            class: String::new(),
                            summary: title.to_string(),
                            label: None,
                        };
                        events.push(Event::InlineHtml(open_tag(&out).into()));
                        let close = close_tag(&out.href, &mut plan);
                        open_links.push((close, false));
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                if let Some((close, _)) = open_links.pop() {
                    events.push(Event::InlineHtml(close.into()));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                let dest_url = plan
                    .links
                    .get(&range.start)
                    .map_or(dest_url, |out| CowStr::from(out.href.clone()));
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                link_depth = link_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Image));
            }
            Event::Start(Tag::CodeBlock(k)) => {
                code_depth += 1;
                events.push(Event::Start(Tag::CodeBlock(k)));
            }
            Event::End(TagEnd::CodeBlock) => {
                code_depth = code_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Html(h) | Event::InlineHtml(h) if plan.escape_html => {
                events.push(Event::Text(h));
            }
            other => events.push(other),
        }
    }
    flush_run(&mut run, &mut run_index, &mut events, &mut plan);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// A front matter field (a summary, a task) as HTML, with its links resolved by `plan`,
/// without the paragraph around it.
pub fn to_inline_html(s: &str, plan: Plan) -> String {
    let html = to_html(s, plan);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

/// The text of inline Markdown, without markup: for `title` attributes and search.
pub fn plain_text(s: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(s, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_owned()
}

fn open_tag(link: &LinkOut) -> String {
    let mut tag = format!("<a href=\"{}\"", text::escape_html(&link.href));
    if !link.class.is_empty() {
        tag.push_str(&format!(" class=\"{}\"", text::escape_html(&link.class)));
    }
    if !link.summary.is_empty() {
        tag.push_str(&format!(" title=\"{}\"", text::escape_html(&link.summary)));
    }
    tag.push('>');
    tag
}

fn close_tag(href: &str, plan: &mut Plan) -> String {
    match plan.endnotes.as_deref_mut() {
        Some(notes) => format!("</a><sup class=\"endnote\">[{}]</sup>", notes.number(href)),
        None => "</a>".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_headings_links_and_free_text() {
        let body = "# Qu'est-ce qu'un rôle ?\n\nVoir [[plateforme]] et [le forum](forum.md).\n\n## Rôle\n## Rôle {#mon-id}\n\n`[[code]]`\n";
        let s = scan(body);
        let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["quest-ce-quun-role", "role", "mon-id"]);
        let dests: Vec<&str> = s.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["plateforme", "forum.md"]);
        assert_eq!(s.links[0].offset, body.find("[[").unwrap());
        assert_eq!(s.texts, ["Voir ", " et ", "."]);
    }

    #[test]
    fn duplicate_headings_get_numbered_ids() {
        let s = scan("## A\n## A\n## A\n## Tâches\n");
        let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["a", "a-1", "a-2", "taches-1"],
            "ids of the theme are taken"
        );
    }

    #[test]
    fn renders_resolved_links_with_their_label() {
        let body = "Voir [[plateforme]].";
        let mut links = HashMap::new();
        links.insert(
            5,
            LinkOut {
                href: "../glossaire/plateforme/".into(),
                class: "xref xref-term".into(),
                summary: "Un espace <en ligne>".into(),
                label: Some("Plateforme".into()),
            },
        );
        let html = to_html(
            body,
            Plan {
                links,
                ..Plan::default()
            },
        );
        assert_eq!(
            html,
            "<p>Voir <a href=\"../glossaire/plateforme/\" class=\"xref xref-term\" title=\"Un espace &lt;en ligne&gt;\">Plateforme</a>.</p>\n"
        );
    }

    #[test]
    fn endnotes_number_each_url_once() {
        let mut notes = Endnotes {
            base: "https://ex.org/guide/fiches/a/".into(),
            ..Endnotes::default()
        };
        let mut links = HashMap::new();
        let out = LinkOut {
            href: "../../glossaire/x/".into(),
            class: String::new(),
            summary: String::new(),
            label: None,
        };
        links.insert(0, out.clone());
        links.insert(10, out);
        let html = to_html(
            "[a](x.md) [b](x.md)",
            Plan {
                links,
                endnotes: Some(&mut notes),
                ..Plan::default()
            },
        );
        assert_eq!(html.matches("[1]").count(), 2, "{html}");
        assert_eq!(notes.urls, ["https://ex.org/guide/glossaire/x/"]);
    }

    #[test]
    fn raw_html_can_be_escaped() {
        let html = to_html(
            "<script>x</script>\n\nok <b>b</b>",
            Plan {
                escape_html: true,
                ..Plan::default()
            },
        );
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
    }

    #[test]
    fn absolute_urls_resolve_dot_segments() {
        let base = "https://ex.org/guide/fiches/a/";
        assert_eq!(
            absolute(base, "../../roles/x/#t"),
            "https://ex.org/guide/roles/x/#t"
        );
        assert_eq!(absolute(base, "https://w.org/"), "https://w.org/");
        assert_eq!(absolute(base, "#h"), "https://ex.org/guide/fiches/a/#h");
        assert_eq!(absolute(base, "/x"), "https://ex.org/x");
    }
}
