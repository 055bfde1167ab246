//! The only place that sets pulldown-cmark options. Two passes over a page's body:
//! [`scan`] finds its headings, links and the text that may be auto-linked (before
//! resolution); [`to_html`] renders it with every link already resolved.

use crate::base::text;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use rustc_hash::FxHashMap;
use std::collections::VecDeque;
use std::fmt::Write;
use std::ops::Range;

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_WIKILINKS
        // GitHub's alerts: `> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`.
        | Options::ENABLE_GFM
}

fn parser(body: &str) -> pulldown_cmark::OffsetIter<'_, Citations> {
    Parser::new_with_broken_link_callback(body, options(), Some(Citations)).into_offset_iter()
}

/// Reads `[@key]`, `[@key, p. 12]` and `[@a; @b]` (which CommonMark sees as links to no
/// definition) as citations: links to [`crate::source::cite::SCHEME`] followed by their text.
pub struct Citations;

impl<'input> pulldown_cmark::BrokenLinkCallback<'input> for Citations {
    fn handle_broken_link(
        &mut self,
        link: pulldown_cmark::BrokenLink<'input>,
    ) -> Option<(CowStr<'input>, CowStr<'input>)> {
        if link.link_type != LinkType::Shortcut || !link.reference.trim_start().starts_with('@') {
            return None;
        }
        crate::source::cite::parse(&link.reference)?;
        let dest = format!("{}{}", crate::source::cite::SCHEME, link.reference);
        Some((dest.into(), CowStr::Borrowed("")))
    }
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
    /// Citations, `[@wenger2002]`, in order.
    pub cites: Vec<crate::source::cite::Cite>,
    /// Runs of plain text outside headings, links and code, in order, as ranges of
    /// `plain`: where a glossary term may be linked automatically.
    pub texts: Vec<Range<usize>>,
    /// The whole body without markup (untrimmed; [`Scan::take_plain`] gives it as
    /// [`plain_text`] does): for the search index, and for the runs above, made in the
    /// same pass so that bodies are not parsed once more for search.
    pub plain: String,
    /// Links and images CommonMark printed as text because their address holds a space
    /// (`![Photo](Photo réunion.jpg)`): each is an error with its fix.
    pub unread: Vec<Unread>,
}

/// `[text](address)` or `![alt](address)` left as text by CommonMark, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Unread {
    /// Byte offset in the body.
    pub offset: usize,
    pub label: String,
    pub dest: String,
    pub image: bool,
}

impl Scan {
    /// The text of run `k` of [`Scan::texts`].
    pub fn run(&self, k: usize) -> &str {
        &self.plain[self.texts[k].clone()]
    }

    /// Takes the body's plain text out, trimmed as [`plain_text`] trims it.
    pub fn take_plain(&mut self) -> String {
        trimmed(std::mem::take(&mut self.plain))
    }
}

pub fn scan(body: &str) -> Scan {
    let mut out = Scan::default();
    let mut ids = IdAllocator::default();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut link_depth = 0usize;
    let mut code_depth = 0usize;
    // Where the open run of text starts in `plain`.
    let mut run: Option<usize> = None;
    let mut plain = String::with_capacity(body.len());
    // Ranges of the body printed as text, outside links and code, joined when they touch.
    let mut printed: Vec<Range<usize>> = Vec::new();
    for (event, range) in parser(body) {
        if matches!(event, Event::Text(_)) && link_depth == 0 && code_depth == 0 {
            match printed.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => printed.push(range.clone()),
            }
        }
        // A run is the text events in a row: every one of them is in `plain`, in a row.
        let is_text = matches!(event, Event::Text(_));
        if !is_text && let Some(start) = run.take() {
            out.texts.push(start..plain.len());
        }
        push_plain(&mut plain, &event);
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
                if let Some(text) = dest_url.strip_prefix(crate::source::cite::SCHEME) {
                    out.cites.push(crate::source::cite::Cite {
                        offset: range.start,
                        items: crate::source::cite::parse(text).unwrap_or_default(),
                    });
                } else if let Some(kind) = link_kind(link_type, false) {
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
                run.get_or_insert(plain.len() - t.len());
            }
            _ => {}
        }
    }
    if let Some(start) = run.take() {
        out.texts.push(start..plain.len());
    }
    out.plain = plain;
    for range in printed {
        out.unread
            .extend(unread_links(&body[range.clone()], range.start));
    }
    out
}

/// The `[label](address with a space)` of `text`, which starts at byte `start` of the body;
/// in one pass (memchr jumps from bracket to bracket), as a body may hold thousands.
fn unread_links(text: &str, start: usize) -> Vec<Unread> {
    // A file's address is short: longer runs between `](` and `)` are not one.
    const LONGEST: usize = 300;
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // The `[` that opens the label being read, on this line.
    let mut open: Option<usize> = None;
    for i in memchr::memchr3_iter(b'\n', b'[', b']', bytes) {
        match bytes[i] {
            b'\n' => open = None,
            b'[' => open = Some(i),
            b']' if bytes.get(i + 1) == Some(&b'(') => {
                let Some(o) = open.take() else { continue };
                let rest = &bytes[i + 2..bytes.len().min(i + 2 + LONGEST)];
                let Some(close) = rest.iter().position(|&c| c == b')' || c == b'\n') else {
                    continue;
                };
                let dest = &text[i + 2..i + 2 + close];
                if rest[close] != b')'
                    || !dest.trim().contains(' ')
                    || dest.starts_with('<')
                    || dest.contains('"')
                {
                    continue;
                }
                let image = text[..o].ends_with('!');
                out.push(Unread {
                    offset: start + o - usize::from(image),
                    label: text[o + 1..i].to_owned(),
                    dest: dest.trim().to_owned(),
                    image,
                });
            }
            _ => {}
        }
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
    "references",
    "exemples-du-role",
    "roles-illustres",
    "sur-cette-page",
    "dans-section",
    "sections",
];

/// Unique heading ids within a page: `{#id}` as written, otherwise a slug, `-1`, `-2`…
#[derive(Default)]
struct IdAllocator {
    /// Each id given, with how many times it was asked for again. The theme's ids count
    /// as given, but enter only when first asked for: most pages never ask.
    used: FxHashMap<String, usize>,
}

impl IdAllocator {
    fn allocate(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = explicit.map_or_else(|| text::slugify(text), str::to_owned);
        let mut id = base.clone();
        loop {
            if let Some(n) = self.used.get_mut(&id) {
                *n += 1;
                id = format!("{base}-{n}");
            } else if THEME_IDS.contains(&id.as_str()) {
                self.used.insert(id, 1);
                id = format!("{base}-1");
            } else {
                break;
            }
        }
        self.used.insert(id.clone(), 0);
        id
    }
}

/// How one link is rendered, decided by the resolver. Borrows what many links share
/// (a target's summary) rather than copying it for every link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkOut<'a> {
    pub href: String,
    /// CSS class, e.g. `xref xref-term`; empty for a plain link.
    pub class: &'static str,
    /// Plain-text summary of the target, for the `title` attribute and the tooltip.
    pub summary: &'a str,
    /// Replaces the link's text (a `[[stem]]` shows its target's title).
    pub label: Option<&'a str>,
}

/// A glossary term found in a text run, to be linked.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoLink<'a> {
    /// Index into [`Scan::texts`].
    pub run: usize,
    pub range: Range<usize>,
    pub link: LinkOut<'a>,
}

/// Resolved links by their offset in the body ([`LinkRef::offset`]). Offsets are small
/// integers: a fast hash suits them.
pub type Links<'a> = FxHashMap<usize, LinkOut<'a>>;

/// Everything [`to_html`] needs besides the body.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    pub headings: &'a [Heading],
    /// Resolved links, by offset; a link missing here is left as written.
    pub links: Links<'a>,
    pub autolinks: Vec<AutoLink<'a>>,
    pub escape_html: bool,
    /// Numbers every link `[n]` into this list of URLs (role sheets).
    pub endnotes: Option<&'a mut Endnotes>,
    /// Put before the ids the body makes (its headings and footnotes) and the links to
    /// them, so that the sheets of the booklet keep their ids apart: `fiche-technicien-`.
    pub id_prefix: &'a str,
}

/// The numbered links of a printed sheet: one URL keeps one number.
#[derive(Debug, Default)]
pub struct Endnotes {
    pub urls: Vec<String>,
    /// Base to make relative hrefs absolute, e.g. `https://example.org/guide/fiches/x/`.
    pub base: String,
    /// The site's root URL, for hrefs that start with [`ROOT_MARK`].
    pub root: String,
}

/// Stands for the way back to the site's root in HTML made once for pages at several
/// depths (summaries, role sheets), replaced when it is put in a page.
pub const ROOT_MARK: &str = "\u{1}root\u{1}";

/// One link of a printed page's numbered list, as its template shows it (`n`, `url`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Endnote {
    pub n: usize,
    pub url: String,
}

impl Endnotes {
    /// The links in the order they were numbered, each with its number.
    pub fn numbered(self) -> Vec<Endnote> {
        (self.urls.into_iter().enumerate())
            .map(|(n, url)| Endnote { n: n + 1, url })
            .collect()
    }

    pub fn number(&mut self, href: &str) -> usize {
        let url = match href.strip_prefix(ROOT_MARK) {
            Some(from_root) => absolute(&self.root, from_root),
            None => absolute(&self.base, href),
        };
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
    let (path, rest) = match href.find(['#', '?']) {
        Some(i) => (&href[..i], &href[i..]),
        None => (href, ""),
    };
    // The origin, then `/segment` for each segment of the path, built in place.
    let mut url = String::with_capacity(base.len() + href.len() + 1);
    url.push_str(&base[..origin_end]);
    for segment in base[origin_end..].split('/').filter(|s| !s.is_empty()) {
        url.push('/');
        url.push_str(segment);
    }
    for part in path.split('/') {
        match part {
            ".." => {
                if let Some(slash) = url[origin_end..].rfind('/') {
                    url.truncate(origin_end + slash);
                }
            }
            "." | "" => {}
            p => {
                url.push('/');
                url.push_str(p);
            }
        }
    }
    let trailing = path.ends_with('/') || path.is_empty();
    if url.len() == origin_end || trailing {
        url.push('/');
    }
    url.push_str(rest);
    url
}

/// `html` with every heading one level down (`h6` stays `h6`): a body shown under a
/// heading of its own, like a sheet in the booklet. Tags are found as written by the
/// renderer (text cannot hold `<`: it is escaped).
pub fn deeper_headings(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let tag = &rest.as_bytes()[at + 1..];
        // `<h2 ` or `<h2>`, `</h2>`: where the level's digit is.
        let digit = match tag {
            [b'h', d, b' ' | b'>', ..] => Some((at + 2, *d)),
            [b'/', b'h', d, b'>', ..] => Some((at + 3, *d)),
            _ => None,
        };
        match digit {
            Some((i, d @ b'1'..=b'5')) => {
                out.push_str(&rest[..i]);
                out.push(char::from(d + 1));
                rest = &rest[i + 1..];
            }
            _ => {
                out.push_str(&rest[..=at]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Renders `body` to HTML following `plan`.
pub fn to_html(body: &str, plan: Plan) -> String {
    let Plan {
        headings,
        links,
        autolinks,
        escape_html,
        endnotes,
        id_prefix,
    } = plan;
    // Autolinks grouped by run, in their given order within a run (the sort is stable).
    let mut by_run: Vec<&AutoLink> = autolinks.iter().collect();
    if !by_run.is_sorted_by_key(|a| a.run) {
        by_run.sort_by_key(|a| a.run);
    }
    let mut events = Rewriter {
        parser: parser(body),
        done: false,
        headings,
        links: &links,
        autolinks: by_run,
        next_autolink: 0,
        escape_html,
        endnotes,
        id_prefix,
        heading_index: 0,
        link_depth: 0,
        code_depth: 0,
        in_heading: false,
        run_index: 0,
        run: Vec::new(),
        open_links: Vec::new(),
        pending: VecDeque::new(),
        scratch: String::new(),
        marked_image: false,
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.by_ref());
    if events.marked_image {
        // The writer percent-encodes an image's `src`, the mark with it.
        html = html.replace(
            &format!("src=\"{ROOT_MARK_IN_SRC}"),
            &format!("src=\"{ROOT_MARK}"),
        );
    }
    html
}

/// [`ROOT_MARK`] as pulldown-cmark writes it in an image's `src`.
const ROOT_MARK_IN_SRC: &str = "%01root%01";

/// The parser's events as [`to_html`] wants them written: links resolved, autolinks
/// inserted, heading ids set. Lazy, so that no page's events are all held at once; events
/// borrow from the body and the plan rather than copying.
struct Rewriter<'a, 'n> {
    parser: pulldown_cmark::OffsetIter<'a, Citations>,
    done: bool,
    headings: &'a [Heading],
    links: &'a Links<'a>,
    /// Sorted by run; `next_autolink` is the first not yet used.
    autolinks: Vec<&'a AutoLink<'a>>,
    next_autolink: usize,
    escape_html: bool,
    endnotes: Option<&'n mut Endnotes>,
    id_prefix: &'a str,
    heading_index: usize,
    link_depth: usize,
    code_depth: usize,
    in_heading: bool,
    run_index: usize,
    /// The text events of the current run, in order (empty when not in a run).
    run: Vec<CowStr<'a>>,
    /// For each open link: its closing HTML, and whether its inner text is being replaced.
    open_links: Vec<(CowStr<'a>, bool)>,
    /// Events ready to be written, in order.
    pending: VecDeque<Event<'a>>,
    /// Reused to build opening tags.
    scratch: String,
    /// Whether an image's `src` starts with [`ROOT_MARK`].
    marked_image: bool,
}

impl<'a> Iterator for Rewriter<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            if self.done {
                return None;
            }
            match self.parser.next() {
                Some((event, range)) => self.rewrite(event, range.start),
                None => {
                    self.done = true;
                    self.flush_run();
                }
            }
        }
    }
}

impl<'a> Rewriter<'a, '_> {
    /// Queues the events that replace `event`, found at byte `offset` of the body.
    fn rewrite(&mut self, event: Event<'a>, offset: usize) {
        let collecting = self.link_depth == 0 && self.code_depth == 0 && !self.in_heading;
        if let Event::Text(t) = event {
            if collecting {
                self.run.push(t);
                return;
            }
            self.flush_run();
            if !self.replacing() {
                self.pending.push_back(Event::Text(t));
            }
            return;
        }
        self.flush_run();
        if self.replacing() && !matches!(event, Event::End(TagEnd::Link)) {
            // Inner events of a link whose label was replaced; nested links cannot occur.
            return;
        }
        let out = match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                self.in_heading = true;
                let id = self
                    .headings
                    .get(self.heading_index)
                    .map(|h| self.prefixed(&h.id));
                self.heading_index += 1;
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(l)) => {
                self.in_heading = false;
                Event::End(TagEnd::Heading(l))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                self.link_depth += 1;
                self.open_link(offset, link_type, dest_url, title);
                return;
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                match self.open_links.pop() {
                    Some((close, _)) => Event::InlineHtml(close),
                    None => return,
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.link_depth += 1;
                let dest_url = self
                    .links
                    .get(&offset)
                    .map_or(dest_url, |out| self.href(out));
                self.marked_image |= dest_url.starts_with(ROOT_MARK);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                Event::End(TagEnd::Image)
            }
            Event::Start(Tag::CodeBlock(k)) => {
                self.code_depth += 1;
                Event::Start(Tag::CodeBlock(k))
            }
            Event::End(TagEnd::CodeBlock) => {
                self.code_depth = self.code_depth.saturating_sub(1);
                Event::End(TagEnd::CodeBlock)
            }
            Event::FootnoteReference(label) => Event::FootnoteReference(self.footnote_id(&label)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Start(Tag::FootnoteDefinition(self.footnote_id(&label)))
            }
            Event::Html(h) | Event::InlineHtml(h) if self.escape_html => Event::Text(h),
            other => other,
        };
        self.pending.push_back(out);
    }

    /// The id of the footnote `label` (pulldown-cmark would take the label as it is): kept
    /// apart from heading ids, without spaces, the same whatever the case of a reference.
    fn footnote_id(&self, label: &str) -> CowStr<'a> {
        let words: Vec<String> = label.split_whitespace().map(str::to_lowercase).collect();
        format!("{}fn-{}", self.id_prefix, words.join("-")).into()
    }

    /// `id` with the body's [`Plan::id_prefix`].
    fn prefixed(&self, id: &'a str) -> CowStr<'a> {
        match self.id_prefix {
            "" => CowStr::Borrowed(id),
            prefix => format!("{prefix}{id}").into(),
        }
    }

    /// Where the resolved link `out` leads; to an id of the body itself, prefixed.
    fn href(&self, out: &'a LinkOut<'a>) -> CowStr<'a> {
        match out.href.strip_prefix('#') {
            Some(id) if !self.id_prefix.is_empty() => format!("#{}", self.prefixed(id)).into(),
            _ => CowStr::Borrowed(out.href.as_str()),
        }
    }

    /// Whether the inner text of the innermost open link is being replaced by its label.
    fn replacing(&self) -> bool {
        self.open_links
            .last()
            .is_some_and(|(_, replaced)| *replaced)
    }

    /// Queues the opening of the link at `offset`: as resolved, or else as written
    /// (a wikilink that did not resolve points nowhere).
    fn open_link(
        &mut self,
        offset: usize,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
    ) {
        let links = self.links;
        match links.get(&offset) {
            Some(out) => {
                // A title the author gave the link wins over the target's summary.
                let tooltip = if title.is_empty() {
                    out.summary
                } else {
                    &title
                };
                let href = self.href(out);
                let open = self.open_tag(&href, out.class, tooltip);
                self.pending.push_back(open);
                // A citation points to the page's references, not to a numbered URL.
                let close = if out.class == crate::source::cite::CLASS {
                    CowStr::Borrowed("</a>")
                } else {
                    self.close_tag(&href)
                };
                if let Some(label) = out.label {
                    self.pending.push_back(Event::Text(CowStr::Borrowed(label)));
                }
                self.open_links.push((close, out.label.is_some()));
            }
            None => {
                let href = if matches!(link_type, LinkType::WikiLink { .. }) {
                    "#"
                } else {
                    &dest_url
                };
                let open = self.open_tag(href, "", &title);
                self.pending.push_back(open);
                let close = self.close_tag(href);
                self.open_links.push((close, false));
            }
        }
    }

    /// `<a href="…" class="…" title="…">`, without the empty attributes.
    fn open_tag(&mut self, href: &str, class: &str, summary: &str) -> Event<'a> {
        let tag = &mut self.scratch;
        tag.clear();
        tag.push_str("<a href=\"");
        push_escaped(tag, href);
        if !class.is_empty() {
            tag.push_str("\" class=\"");
            push_escaped(tag, class);
        }
        if !summary.is_empty() {
            tag.push_str("\" title=\"");
            push_escaped(tag, summary);
        }
        tag.push_str("\">");
        Event::InlineHtml(CowStr::Boxed(tag.as_str().into()))
    }

    /// `</a>`, followed on a sheet by the endnote number of `href`.
    fn close_tag(&mut self, href: &str) -> CowStr<'a> {
        let Some(notes) = self.endnotes.as_deref_mut() else {
            return CowStr::Borrowed("</a>");
        };
        let tag = &mut self.scratch;
        tag.clear();
        // Writing to a String cannot fail.
        let _ = write!(
            tag,
            "</a><sup class=\"endnote\">[{}]</sup>",
            notes.number(href)
        );
        CowStr::Boxed(tag.as_str().into())
    }

    /// Queues the current run of text, with its autolinks.
    fn flush_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        let len: usize = run.iter().map(|t| t.len()).sum();
        let mut pos = 0;
        while let Some(&a) = self.autolinks.get(self.next_autolink) {
            if a.run > self.run_index {
                break;
            }
            self.next_autolink += 1;
            if a.run < self.run_index
                || a.range.start < pos
                || a.range.end > len
                || !is_char_boundary(&run, a.range.start)
                || !is_char_boundary(&run, a.range.end)
            {
                continue;
            }
            push_slice(&mut self.pending, &run, pos..a.range.start);
            let open = self.open_tag(&a.link.href, a.link.class, a.link.summary);
            self.pending.push_back(open);
            let close = self.close_tag(&a.link.href);
            push_slice(&mut self.pending, &run, a.range.clone());
            self.pending.push_back(Event::InlineHtml(close));
            pos = a.range.end;
        }
        push_slice(&mut self.pending, &run, pos..len);
        self.run_index += 1;
        // Give the buffer back, for the next run.
        self.run = run;
        self.run.clear();
    }
}

/// Whether byte `at` of the concatenation of `run` falls on a character boundary.
fn is_char_boundary(run: &[CowStr], at: usize) -> bool {
    let mut start = 0;
    for piece in run {
        if at <= start + piece.len() {
            return piece.is_char_boundary(at - start);
        }
        start += piece.len();
    }
    false
}

/// Queues bytes `range` of the concatenation of `run` as text events (at least one, maybe
/// empty: the writer then writes the same as for one event holding the whole range).
fn push_slice<'a>(pending: &mut VecDeque<Event<'a>>, run: &[CowStr<'a>], range: Range<usize>) {
    let mut start = 0;
    let mut pushed = false;
    for piece in run {
        let end = start + piece.len();
        let (from, to) = (range.start.max(start), range.end.min(end));
        if from < to {
            let slice = match piece {
                CowStr::Borrowed(s) => CowStr::Borrowed(&s[from - start..to - start]),
                _ if to - from == piece.len() => piece.clone(),
                _ => CowStr::from(piece[from - start..to - start].to_owned()),
            };
            pending.push_back(Event::Text(slice));
            pushed = true;
        }
        start = end;
    }
    if !pushed {
        pending.push_back(Event::Text(CowStr::Borrowed("")));
    }
}

/// Appends `s` escaped for an HTML attribute value, as [`text::escape_html`] does.
fn push_escaped(out: &mut String, s: &str) {
    let mut plain = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if !NEEDS_ESCAPE[b as usize] {
            continue;
        }
        out.push_str(&s[plain..i]);
        out.push_str(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

/// The bytes [`push_escaped`] replaces, as a table: one load per byte instead of a match.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// A front matter field (a summary, a task) as HTML, with its links resolved by `plan`,
/// without the paragraph around it.
pub fn to_inline_html(s: &str, plan: Plan) -> String {
    if is_plain(s) && plan.links.is_empty() && plan.autolinks.is_empty() {
        return s.to_owned();
    }
    let mut html = to_html(s, plan);
    html.truncate(html.trim_end().len());
    let inner = html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .filter(|inner| !inner.contains("<p>"))
        .map(str::len);
    if let Some(len) = inner {
        html.truncate(3 + len);
        html.drain(..3);
    }
    html
}

/// Whether `s` is one line of words that Markdown leaves as it is: no character that
/// could start markup or need escaping, a letter first (so no list, heading or quote), no
/// space at either end. Most summaries and tasks are; their HTML and plain text are `s`
/// itself, without a parser (a few thousand instructions each, for tens of thousands of
/// them in a big guide). The tests compare this shortcut with the parser.
fn is_plain(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic)
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars()
            .all(|c| c.is_alphanumeric() || " ,.;:'’?()«»—–/%-\"€@+".contains(c))
}

/// The text of inline Markdown, without markup: for `title` attributes and search.
pub fn plain_text(s: &str) -> String {
    if is_plain(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for event in Parser::new_ext(s, options()) {
        push_plain(&mut out, &event);
    }
    trimmed(out)
}

/// What `event` adds to the plain text of its Markdown: its words, a space for a break.
fn push_plain(out: &mut String, event: &Event) {
    match event {
        Event::Text(t) | Event::Code(t) => out.push_str(t),
        Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => out.push(' '),
        _ => {}
    }
}

fn trimmed(mut s: String) -> String {
    s.truncate(s.trim_end().len());
    let leading = s.len() - s.trim_start().len();
    s.drain(..leading);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_with_a_space_in_its_address_is_found_where_it_is_printed_as_text() {
        let body = "Voir :\n\n![Photo](Photo réunion.jpg) et [la charte](charte v2.pdf).\n\n`[a](b c)` [ok](<a b.pdf>)\n";
        let unread = scan(body).unread;
        assert_eq!(unread.len(), 2, "{unread:?}");
        assert_eq!(
            (unread[0].offset, unread[0].image, unread[0].dest.as_str()),
            (8, true, "Photo réunion.jpg")
        );
        assert_eq!(
            (unread[1].label.as_str(), unread[1].image),
            ("la charte", false)
        );
        assert!(scan("[a](b) et [c](d)\n").unread.is_empty());
    }

    #[test]
    fn scan_finds_headings_links_and_free_text() {
        let body = "# Qu'est-ce qu'un rôle ?\n\nVoir [[plateforme]] et [le forum](forum.md).\n\n## Rôle\n## Rôle {#mon-id}\n\n`[[code]]`\n";
        let s = scan(body);
        let ids: Vec<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["quest-ce-quun-role", "role", "mon-id"]);
        let dests: Vec<&str> = s.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["plateforme", "forum.md"]);
        assert_eq!(s.links[0].offset, body.find("[[").unwrap());
        let runs: Vec<&str> = (0..s.texts.len()).map(|k| s.run(k)).collect();
        assert_eq!(runs, ["Voir ", " et ", "."]);
        // The scan's plain text is the one search would read on its own.
        for body in [
            body,
            "",
            "  Un\nparagraphe  \n\n> cité\n\n- liste\n- `code`\n\n```\nbloc\n```\n| a | b |\n|---|---|\n| c | d |\n",
            "Texte[^1] et ![image](x.png) et <b>html</b>.\n\n[^1]: Note.\n",
        ] {
            assert_eq!(scan(body).take_plain(), plain_text(body), "{body:?}");
        }
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
        let mut links = Links::default();
        links.insert(
            5,
            LinkOut {
                href: "../glossaire/plateforme/".into(),
                class: "xref xref-term",
                summary: "Un espace <en ligne>",
                label: Some("Plateforme"),
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
    fn a_link_keeps_the_title_its_author_gave_it() {
        let body = "[a](p.md \"Mon titre\") [b](p.md)";
        let out = LinkOut {
            href: "../p/".into(),
            class: "xref",
            summary: "Le résumé",
            label: None,
        };
        let mut links = Links::default();
        links.insert(0, out.clone());
        links.insert(body.find("[b]").unwrap(), out);
        let html = to_html(
            body,
            Plan {
                links,
                ..Plan::default()
            },
        );
        assert!(html.contains("title=\"Mon titre\">a</a>"), "{html}");
        assert!(html.contains("title=\"Le résumé\">b</a>"), "{html}");
    }

    #[test]
    fn endnotes_number_each_url_once() {
        let mut notes = Endnotes {
            base: "https://ex.org/guide/fiches/a/".into(),
            ..Endnotes::default()
        };
        let mut links = Links::default();
        let out = LinkOut {
            href: "../../glossaire/x/".into(),
            class: "",
            summary: "",
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
    fn footnote_ids_have_no_spaces_and_match_whatever_the_case() {
        let html = to_html(
            "Voir[^Ma note].\n\n[^ma note]: Le détail.\n",
            Plan {
                id_prefix: "fiche-a-",
                ..Plan::default()
            },
        );
        assert!(html.contains("href=\"#fiche-a-fn-ma-note\""), "{html}");
        assert!(html.contains("id=\"fiche-a-fn-ma-note\""), "{html}");
    }

    #[test]
    fn alerts_are_boxes_of_their_kind() {
        let html = to_html("> [!TIP]\n> Proposer un café.\n", Plan::default());
        assert_eq!(
            html,
            "<blockquote class=\"markdown-alert-tip\">\n<p>Proposer un café.</p>\n</blockquote>\n"
        );
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
    fn plain_fields_skip_the_parser_with_the_same_result() {
        // Every string of these pieces, up to three long: what the parser makes of it must
        // be what the shortcut gives, whenever the shortcut is taken.
        let pieces = [
            "Anime", "la", "CoP", "2024", "é", " ", "  ", ",", ".", ";", ":", "'", "’", "?", "!",
            "(", ")", "«", "»", "—", "–", "/", "%", "-", "\"", "€", "@", "+", "1.", "- ", "# ",
            "> ", "*", "_", "[", "]", "<", "&", "`", "~", "|", "\\", "=",
        ];
        let mut cases = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    cases.push(format!("{a}{b}{c}"));
                }
            }
        }
        let mut plain = 0;
        for s in &cases {
            if !is_plain(s) {
                continue;
            }
            plain += 1;
            let mut html = to_html(s, Plan::default());
            html.truncate(html.trim_end().len());
            assert_eq!(html, format!("<p>{s}</p>"), "{s:?}");
            let mut text = String::new();
            for event in Parser::new_ext(s, options()) {
                if let Event::Text(t) = event {
                    text.push_str(&t);
                }
            }
            assert_eq!(text, *s, "{s:?}");
        }
        assert!(plain > 1000, "{plain} plain cases");
    }

    #[test]
    fn headings_can_go_down_a_level_but_not_below_h6() {
        let html = to_html(
            "## Deux\n\n###### Six\n\nTexte &lt;h2 <hr> <h2>brut</h2>",
            Plan::default(),
        );
        let deeper = deeper_headings(&html);
        assert!(deeper.contains("<h3>Deux</h3>"), "{deeper}");
        assert!(deeper.contains("<h6>Six</h6>"), "{deeper}");
        assert!(deeper.contains("&lt;h2 <hr> <h3>brut</h3>"), "{deeper}");
        assert_eq!(deeper.len(), html.len());
    }

    #[test]
    fn autolinks_may_span_several_text_events() {
        let body = "# Titre\n\nLe caf&eacute; [[noir]], [x](y.md \"T'\") et ![*a*](i.png) [**g** z](u.md).\n";
        let s = scan(body);
        let runs: Vec<&str> = (0..s.texts.len()).map(|k| s.run(k)).collect();
        assert_eq!(runs, ["Le café ", ", ", " et ", " ", "."]);
        let out = |href: &str, label: Option<&'static str>| LinkOut {
            href: href.into(),
            class: "c",
            summary: "S<",
            label,
        };
        let mut links = Links::default();
        links.insert(body.find("![").unwrap(), out("../i.png", None));
        links.insert(body.find("[**").unwrap(), out("../u/", Some("L&")));
        let html = to_html(
            body,
            Plan {
                headings: &s.headings,
                links,
                // "café": its "é" is a text event of its own.
                autolinks: vec![AutoLink {
                    run: 0,
                    range: 3..8,
                    link: out("../cafe/", None),
                }],
                ..Plan::default()
            },
        );
        assert_eq!(
            html,
            "<h1 id=\"titre\">Titre</h1>\n<p>Le <a href=\"../cafe/\" class=\"c\" title=\"S&lt;\">café</a> \
             <a href=\"#\">noir</a>, <a href=\"y.md\" title=\"T&#39;\">x</a> et \
             <img src=\"../i.png\" alt=\"a\" /> \
             <a href=\"../u/\" class=\"c\" title=\"S&lt;\">L&amp;</a>.</p>\n"
        );
    }

    #[test]
    fn inline_html_and_plain_text_are_trimmed() {
        assert_eq!(
            to_inline_html("  *a* [[b]]  \n", Plan::default()),
            "<em>a</em> <a href=\"#\">b</a>"
        );
        assert_eq!(plain_text("  *a* `b`\nc\n\nd  "), "a b c d");
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
        assert_eq!(absolute(base, "../../../../x/"), "https://ex.org/x/");
        assert_eq!(absolute(base, "../"), "https://ex.org/guide/fiches/");
        assert_eq!(
            absolute("https://ex.org", "a/./b?q"),
            "https://ex.org/a/b?q"
        );
    }
}
