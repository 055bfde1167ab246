//! Pages → HTML with Tera. Templates see view structs borrowed from the model, so template
//! field names never leak into the core types. Pages render in parallel.

pub mod theme;
pub mod typography;
pub mod news;

use crate::analyse::markdown::{self, Endnotes, LinkOut, Plan, ROOT_MARK};
use crate::analyse::resolve::{Graph, Target};
use crate::base::diagnostic::Diagnostic;
use crate::base::sink::{Data, Sink};
use crate::base::sync;
use crate::base::text;
use crate::base::urls;
/// Kept here for its callers; it lives in [`urls`].
pub use crate::base::urls::root_of;
use crate::msg;
use crate::source::config::Config;
use crate::source::content::{Content, Kind, Page, PageId};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use theme::Theme;

/// The templates of a theme, ready to render, with its UI strings.
pub struct Renderer {
    tera: tera::Tera,
    pub strings: BTreeMap<String, String>,
    /// Where each template came from, and its text, for error messages.
    origins: HashMap<String, (std::path::PathBuf, String)>,
    /// Whether the templates show a page's body and a part's body only as they are
    /// (see [`Renderer::render_around`]).
    splices: bool,
}

impl Renderer {
    /// The templates of `theme`, with what every page shows of `config` (`site`) and the
    /// theme's words (`t`) given to every template once, not serialized for every page.
    pub fn new(theme: &Theme, config: &Config) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = tera::Tera::new();
        let mut problems = Vec::new();
        let mut sources = Vec::new();
        for (name, file) in theme.templates() {
            match std::str::from_utf8(&file.bytes) {
                Ok(s) => sources.push((name.to_owned(), s.to_owned(), file.origin.clone())),
                Err(_) => problems.push(Diagnostic::error(&file.origin, msg!("template-not-utf8"))),
            }
        }
        let templates: Vec<(String, String)> = sources
            .iter()
            .map(|(n, s, _)| (n.clone(), s.clone()))
            .collect();
        let origins: HashMap<String, (std::path::PathBuf, String)> = sources
            .iter()
            .map(|(n, s, o)| (n.clone(), (o.clone(), s.clone())))
            .collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            problems.push(template_diagnostic(&origins, &error_chain(&e), "base.html"));
        }
        let strings = theme.strings.clone();
        let globals = tera.global_context();
        globals.insert("site", &site_view(config));
        globals.insert("t", &strings);
        if problems.is_empty() {
            let splices = (origins.values()).all(|(_, text)| {
                let shown = |field: &str, as_is: &str| {
                    text.matches(field).count() == text.matches(as_is).count()
                };
                shown("content_html", "{{ page.content_html | safe }}")
                    && shown("part.body_html", "{{ part.body_html | safe }}")
            });
            Ok(Renderer {
                tera,
                strings,
                origins,
                splices,
            })
        } else {
            Err(problems)
        }
    }

    /// Renders `template` into bytes, room for `size` of them made at once. (Into bytes
    /// rather than a `String`: Tera would check the whole page is UTF-8 once more.)
    pub(crate) fn render(
        &self,
        template: &str,
        context: &impl Serialize,
        size: usize,
    ) -> Result<Vec<u8>, String> {
        self.render_prepared(template, &Prepared::new(context)?, size)
    }
}

/// A template's context made once (its values serialized once), to be rendered by
/// several templates or in variants that differ by a field.
pub(crate) struct Prepared(tera::Context);

impl Prepared {
    /// Serializes `context` (a struct) for [`Renderer::render_prepared`].
    pub(crate) fn new(context: &impl Serialize) -> Result<Prepared, String> {
        tera::Context::from_serialize(context)
            .map(Prepared)
            .map_err(|e| error_chain(&e))
    }

    /// A copy with `flag` set to true, and the field `field` of the object `object` set
    /// to `text`. The copy shares the other values' text rather than copying it.
    pub(crate) fn variant(
        &self,
        flag: &'static str,
        object: &'static str,
        field: &'static str,
        text: String,
    ) -> Prepared {
        let mut context = self.0.clone();
        context.insert_value(flag, tera::Value::from(true));
        if let Some(mut map) = context.remove(object).and_then(tera::Value::into_map) {
            map.insert(field.into(), tera::Value::from(text));
            context.insert_value(object, tera::Value::from(map));
        }
        Prepared(context)
    }
}

impl Renderer {
    /// [`Renderer::render`] for a context whose `body` is shown as it is, and only where
    /// the templates print it whole (`{{ page.content_html | safe }}`): the context is made
    /// with [`BODY_MARK`] in its place, which the body then replaces in what is rendered.
    /// The body, often the biggest part of a page, is then copied once, not into Tera's
    /// context and again into its output. `context` makes the context from the text to
    /// show as the body.
    pub(crate) fn render_around<C: Serialize>(
        &self,
        template: &str,
        body: &mut dyn FnMut(&mut Vec<u8>),
        context: &dyn Fn(String) -> C,
        size: usize,
    ) -> Result<Vec<u8>, String> {
        let whole = |body: &mut dyn FnMut(&mut Vec<u8>)| {
            let mut text = Vec::new();
            body(&mut text);
            let text = crate::base::text::into_string(text).map_err(|e| e.to_string())?;
            self.render(template, &context(text), size)
        };
        if !self.splices {
            return whole(body);
        }
        let around = self.render(template, &context(BODY_MARK.to_owned()), size)?;
        let mut marks = memchr::memmem::find_iter(&around, BODY_MARK.as_bytes());
        let (Some(at), None) = (marks.next(), marks.next()) else {
            // Not shown, or shown twice: rendered with the body.
            return whole(body);
        };
        let mut html = Vec::with_capacity(size.max(around.len() * 2));
        html.extend_from_slice(&around[..at]);
        body(&mut html);
        html.extend_from_slice(&around[at + BODY_MARK.len()..]);
        Ok(html)
    }

    /// [`Renderer::render`], with a context already made.
    pub(crate) fn render_prepared(
        &self,
        template: &str,
        context: &Prepared,
        size: usize,
    ) -> Result<Vec<u8>, String> {
        let mut html = Vec::with_capacity(size);
        self.tera
            .render_to(template, &context.0, &mut html)
            .map_err(|e| error_chain(&e))?;
        Ok(html)
    }
}

/// A Tera error as a diagnostic at the template's file, line and column. Tera writes its
/// errors as `error: message` then ` --> name.html:line:col` and a snippet.
fn template_diagnostic(
    origins: &HashMap<String, (std::path::PathBuf, String)>,
    error: &str,
    fallback: &str,
) -> Diagnostic {
    let first = error.lines().next().unwrap_or(error);
    let message = first.strip_prefix("error: ").unwrap_or(first);
    let place = error
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))
        .and_then(|loc| {
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next()?.trim().parse::<usize>().ok()?;
            let line = parts.next()?.trim().parse::<usize>().ok()?;
            Some((parts.next()?.to_owned(), line, col))
        });
    let (name, line, col) = place.unwrap_or_else(|| (fallback.to_owned(), 0, 0));
    let said = msg!("template-error", detail = message);
    let d = match origins.get(&name).or_else(|| origins.get(fallback)) {
        Some((origin, text)) if line > 0 => {
            Diagnostic::error(origin, said).at_line(text, line, col)
        }
        Some((origin, _)) => Diagnostic::error(origin, said),
        None => Diagnostic::error("themes", said),
    };
    d.with_help(msg!("template-error-help"))
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    lang: &'a str,
    file_links: bool,
    web_app: bool,
}

/// A link to a page, as lists and navigation show it.
#[derive(Serialize, Clone)]
pub struct PageRef<'a> {
    pub title: &'a str,
    pub url: String,
    pub kind: &'static str,
    /// The summary as plain text (tooltips, `title`).
    pub summary: &'a str,
    pub summary_html: Cow<'a, str>,
    pub is_section: bool,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    kind: &'static str,
    id: &'a str,
    url: &'a str,
    permalink: String,
    summary: &'a str,
    summary_html: Cow<'a, str>,
    content_html: String,
    toc: Vec<TocEntry<'a>>,
    tasks_html: Vec<String>,
    aliases: &'a [String],
    backlinks: Vec<PageRef<'a>>,
    /// Examples of a role, roles of an example.
    related: Vec<PageRef<'a>>,
    /// Pages and subsections of a section.
    children: Vec<PageRef<'a>>,
    is_section: bool,
    /// "Page relue le … par … · Prochaine relecture : …".
    review: Option<crate::analyse::review::ReviewView<'a>>,
    /// "D'après …".
    source: Option<&'a crate::source::cite::Source>,
    /// "Modifiée le …", from git.
    modified: Option<Dated>,
    /// The "Références" the page cites.
    references: Vec<crate::source::cite::Reference>,
    unlisted: bool,
}

/// A date as shown (`12 mars 2026`) and as machines read it.
#[derive(Serialize, Clone)]
pub struct Dated {
    pub text: String,
    pub iso: String,
}

impl Dated {
    pub fn of(date: time::OffsetDateTime) -> Dated {
        Dated {
            text: crate::source::dates::french_date(date.date()),
            iso: crate::source::history::rfc3339(date),
        }
    }
}

#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct LetterGroup<'a> {
    letter: String,
    id: String,
    terms: Vec<GlossaryEntry<'a>>,
}

#[derive(Serialize)]
struct GlossaryEntry<'a> {
    title: &'a str,
    url: String,
    summary_html: Cow<'a, str>,
    aliases: &'a [String],
}

#[derive(Serialize)]
struct PageContext<'a> {
    /// Relative path from this page to the site's root: `../../`.
    root: String,
    page: PageView<'a>,
    breadcrumb: Vec<NavItem<'a>>,
    nav: &'a [NavItem<'a>],
    /// The unlisted pages at the top of the guide (pages for authors).
    footer: Vec<NavItem<'a>>,
    prev: Option<PageRef<'a>>,
    next: Option<PageRef<'a>>,
    glossary: Option<&'a [LetterGroup<'a>]>,
    /// Where the role sheet of this page is, for roles.
    sheet_url: Option<String>,
    /// Whether the site has `feed.xml` and `nouveautes/` (a guide in git).
    news: bool,
    /// What a generated page (`nouveautes/`, `bibliographie/`) lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    generated: Option<tera::Value>,
}

/// Everything that does not change from page to page, computed once per build.
pub struct Shared<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub graph: &'a Graph,
    views: Views,
}

/// What every output renders with: the templates, and the guide they render from
/// (mdBook's `RenderContext` is the model). Two references, copied freely.
#[derive(Clone, Copy)]
pub struct RenderContext<'a> {
    pub renderer: &'a Renderer,
    pub shared: &'a Shared<'a>,
}

/// What pages show of one another: where each page is, the children of each section,
/// every summary. It depends only on what an incremental rebuild leaves alone (titles,
/// summaries, weights, paths), so `praxis serve` keeps it from one build to the next.
#[derive(Default)]
pub struct Views {
    by_id: HashMap<String, PageId>,
    /// Children of each section, in reading order; unlisted pages left out.
    children: HashMap<String, Vec<PageId>>,
    /// The unlisted pages at the top of `content/`, linked from the footer.
    footer: Vec<PageId>,
    /// Each summary as plain text, and as HTML whose way back to the root is [`ROOT_MARK`].
    summaries: Vec<(String, String)>,
}

impl<'a> Shared<'a> {
    pub fn new(config: &'a Config, content: &'a Content, graph: &'a Graph) -> Self {
        let pages = &content.pages;
        let by_id = (content.ids().zip(pages))
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut children: HashMap<String, Vec<PageId>> = HashMap::new();
        let mut footer = Vec::new();
        for (i, p) in content.ids().zip(pages) {
            match &p.parent {
                Some(parent) if p.meta.unlisted && parent.is_empty() => footer.push(i),
                Some(_) if p.meta.unlisted => {}
                Some(parent) => children.entry(parent.clone()).or_default().push(i),
                None => {}
            }
        }
        for list in children.values_mut().chain([&mut footer]) {
            list.sort_by(|&a, &b| crate::source::content::compare(&pages[a], &pages[b]));
        }
        let texts: Vec<String> = pages
            .par_iter()
            .map(|p| {
                p.meta
                    .summary
                    .as_deref()
                    .map(markdown::plain_text)
                    .unwrap_or_default()
            })
            .collect();
        let mut shared = Shared {
            config,
            content,
            graph,
            views: Views {
                by_id,
                children,
                footer,
                summaries: texts.into_iter().map(|t| (t, String::new())).collect(),
            },
        };
        // Summaries appear on pages at every depth: their links are written with a
        // placeholder for the way back to the root, filled in by `summary_html`.
        let htmls: Vec<String> = (0..pages.len())
            .into_par_iter()
            .map(PageId::new)
            .map(|i| match &pages[i].meta.summary {
                Some(s) => shared.field_html(i, s, &graph.fields[i].summary, ROOT_MARK, None),
                None => String::new(),
            })
            .collect();
        for (summary, html) in shared.views.summaries.iter_mut().zip(htmls) {
            summary.1 = html;
        }
        shared
    }

    /// With the views of an earlier build of the same pages (see [`Views`]).
    pub fn with_views(
        config: &'a Config,
        content: &'a Content,
        graph: &'a Graph,
        views: Views,
    ) -> Self {
        Shared {
            config,
            content,
            graph,
            views,
        }
    }

    pub fn into_views(self) -> Views {
        self.views
    }

    pub fn page(&self, i: PageId) -> &'a Page {
        &self.content.pages[i]
    }

    pub fn summary_text(&self, i: PageId) -> &str {
        &self.views.summaries[i].0
    }

    /// The summary of page `i` as HTML, for a page whose way back to the root is `root`.
    pub fn summary_html(&self, i: PageId, root: &str) -> Cow<'_, str> {
        let html = &self.views.summaries[i].1;
        if html.contains(ROOT_MARK) {
            Cow::Owned(html.replace(ROOT_MARK, root))
        } else {
            Cow::Borrowed(html)
        }
    }

    /// A Markdown field of page `i` (its summary, a task) as inline HTML with its links.
    pub fn field_html(
        &self,
        i: PageId,
        text: &str,
        links: &[crate::analyse::resolve::Resolved],
        root: &str,
        endnotes: Option<&mut Endnotes>,
    ) -> String {
        markdown::to_inline_html(
            text,
            Plan {
                headings: &[],
                links: self.link_map(i, links, root),
                autolinks: Vec::new(),
                // docs/contract.md, Content: summaries are always escaped; they are Markdown, not HTML.
                escape_html: true,
                endnotes,
                id_prefix: "",
            },
        )
    }

    fn link_map<'s>(
        &'s self,
        i: PageId,
        links: &'s [crate::analyse::resolve::Resolved],
        root: &str,
    ) -> markdown::Links<'s> {
        let mut map = markdown::Links::default();
        map.reserve(links.len());
        for r in links {
            if let Some(mut out) = self.link_out(i, &r.target, root) {
                out.label = r.label.as_deref();
                map.insert(r.offset, out);
            }
        }
        map
    }

    pub fn page_ref(&self, i: PageId, root: &str) -> PageRef<'_> {
        let p = self.page(i);
        PageRef {
            title: &p.meta.title,
            url: format!("{root}{}", p.url),
            kind: p.meta.kind.name(),
            summary: &self.views.summaries[i].0,
            summary_html: self.summary_html(i, root),
            is_section: p.is_section,
        }
    }

    /// How a resolved link is written in a page whose root prefix is `root`.
    pub fn link_out(&self, from: PageId, target: &Target, root: &str) -> Option<LinkOut<'_>> {
        match target {
            Target::Page { page, anchor } => {
                let p = self.page(*page);
                let fragment = anchor.as_ref().map_or(String::new(), |a| format!("#{a}"));
                let href = if *page == from && anchor.is_some() {
                    fragment
                } else {
                    format!("{root}{}{fragment}", p.url)
                };
                Some(LinkOut {
                    href,
                    class: p.meta.kind.xref_class(),
                    summary: &self.views.summaries[*page].0,
                    label: None,
                })
            }
            Target::Asset(rel) => Some(LinkOut {
                href: format!(
                    "{root}{}",
                    rel.split('/')
                        .map(urls::percent_encode)
                        .collect::<Vec<_>>()
                        .join("/")
                ),
                class: "",
                summary: "",
                label: None,
            }),
            Target::Generated(url) => Some(LinkOut {
                href: format!("{root}{url}"),
                class: "",
                summary: "",
                label: None,
            }),
            Target::Unchanged => None,
        }
    }

    /// The body of page `i` as HTML; `endnotes` numbers its links for a printed sheet.
    ///
    /// With `id_prefix`, heading ids (and links to them) are prefixed: pages that hold
    /// several bodies, like the booklet of sheets, keep their ids unique.
    pub fn body_html(
        &self,
        i: PageId,
        root: &str,
        endnotes: Option<&mut Endnotes>,
        id_prefix: Option<&str>,
    ) -> String {
        let id_prefix = id_prefix.map_or(String::new(), |p| format!("{p}-"));
        self.body_html_with(i, root, endnotes, &id_prefix)
    }

    /// [`Shared::body_html`], with the ids' prefix as it is put before them.
    fn body_html_with(
        &self,
        i: PageId,
        root: &str,
        endnotes: Option<&mut Endnotes>,
        id_prefix: &str,
    ) -> String {
        let page = self.page(i);
        let graph = self.graph;
        let mut links = self.link_map(i, &graph.links[i], root);
        let cites = &graph.scans[i].cites;
        let formatted = self.citations(i);
        if let Some(f) = &formatted {
            for (cite, text) in cites.iter().zip(&f.citations) {
                let Some(first) = cite.items.first() else {
                    continue;
                };
                let id = format!("ref-{}", text::slugify(&first.key));
                let summary = f
                    .references
                    .iter()
                    .find(|r| r.id == id)
                    .map_or("", |r| r.text.as_str());
                let link = LinkOut {
                    href: format!("#{id}"),
                    class: crate::source::cite::CLASS,
                    summary,
                    label: Some(text.as_str()),
                };
                links.insert(cite.offset, link);
            }
        }
        let autolinks = graph.autolinks[i]
            .iter()
            .filter_map(|a| {
                let target = Target::Page {
                    page: a.page,
                    anchor: None,
                };
                self.link_out(i, &target, root)
                    .map(|link| markdown::AutoLink {
                        run: a.run,
                        range: a.range.clone(),
                        link,
                    })
            })
            .collect();

        markdown::to_html(
            page.body(),
            Plan {
                headings: &graph.scans[i].headings,
                links,
                autolinks,
                escape_html: self.config.raw_html == crate::source::config::RawHtml::Escape,
                endnotes,
                id_prefix,
            },
        )
    }

    /// The body of page `i` as HTML made once for its page and for the whole guide to print
    /// (book.rs): its links from [`ROOT_MARK`], its ids after [`ID_MARK`]; [`unmark`] makes
    /// each. `None` where the marks could not be told from the text: a body that holds the
    /// byte they are made of, or whose HTML holds a mark percent-encoded (an image's `src`
    /// leading to a heading); its page and its part of the book are then rendered apart.
    pub fn marked_body_html(&self, i: PageId) -> Option<String> {
        if self.page(i).body().contains('\u{1}') {
            return None;
        }
        let html = self.body_html_with(i, ROOT_MARK, None, ID_MARK);
        (!html.contains("%01")).then_some(html)
    }

    /// `html` with the typography of the guide's language (French spaces for `fr`).
    pub fn typeset(&self, html: Vec<u8>) -> Vec<u8> {
        if self.config.language == "fr" || self.config.language.starts_with("fr-") {
            crate::render::typography::french(&html).unwrap_or(html)
        } else {
            html
        }
    }

    /// The citations of page `i` and its references, formatted (`None` if it cites none).
    pub fn citations(&self, i: PageId) -> Option<crate::source::cite::Formatted> {
        let cites = &self.graph.scans[i].cites;
        if cites.is_empty() {
            return None;
        }
        Some(self.content.bibliography.as_ref()?.format(cites))
    }

    /// The examples of a role, or the roles of an example, in reading order (weight, then
    /// title): the real examples a guide puts first come first.
    pub fn related(&self, i: PageId) -> Vec<PageId> {
        let pages = &self.content.pages;
        let mut list = self.graph.related[i].clone();
        list.sort_by(|&a, &b| crate::source::content::compare(&pages[a], &pages[b]));
        list
    }

    pub fn children(&self, id: &str) -> &[PageId] {
        self.views.children.get(id).map_or(&[], Vec::as_slice)
    }

    /// Home, then each enclosing section, outermost first.
    pub fn ancestors(&self, i: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut parent = self.page(i).parent.as_deref();
        while let Some(id) = parent {
            match self.views.by_id.get(id) {
                Some(&p) if !chain.contains(&p) => {
                    chain.push(p);
                    parent = self.page(p).parent.as_deref();
                }
                _ => break,
            }
        }
        chain.reverse();
        chain
    }

    pub fn glossary_terms(&self) -> Vec<PageId> {
        let pages = &self.content.pages;
        let mut terms: Vec<PageId> = (self.content.ids())
            .filter(|&i| pages[i].meta.kind == Kind::Term)
            .collect();
        terms.sort_by(|&a, &b| text::collate(&pages[a].meta.title, &pages[b].meta.title));
        terms
    }
}

/// Stands for a body in the context of a template, replaced by the body once rendered (see
/// [`Renderer::render_around`]).
pub const BODY_MARK: &str = "\u{1}praxis-body\u{1}";

/// Stands for the prefix of the ids a body makes (its headings, its footnotes) and of the
/// links to them, in HTML made once for a page and for the book: nothing on the page,
/// `page-roles-coordinateur-` in the book. See [`Shared::marked_body_html`].
pub const ID_MARK: &str = "\u{1}id\u{1}";

/// `html` made by [`Shared::marked_body_html`], for a place whose way back to the site's
/// root is `root` and whose ids start with `id_prefix`: each mark replaced, in one pass.
pub fn unmark(html: &str, root: &str, id_prefix: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    unmark_with(html, root, id_prefix, &mut |piece| out.push_str(piece));
    out
}

/// [`unmark`], appended to `out`.
pub fn unmark_into(html: &str, root: &str, id_prefix: &str, out: &mut Vec<u8>) {
    unmark_with(html, root, id_prefix, &mut |piece| {
        out.extend_from_slice(piece.as_bytes())
    });
}

/// `html` with its marks replaced, handed to `push` a piece at a time.
fn unmark_with(html: &str, root: &str, id_prefix: &str, push: &mut dyn FnMut(&str)) {
    let mut rest = html;
    while let Some(at) = memchr::memchr(1, rest.as_bytes()) {
        push(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix(ROOT_MARK) {
            push(root);
            rest = after;
        } else if let Some(after) = tail.strip_prefix(ID_MARK) {
            push(id_prefix);
            rest = after;
        } else {
            push("\u{1}");
            rest = &tail[1..];
        }
    }
    push(rest);
}

/// A page or sheet that its template could not render: Tera's message, the page (none
/// for the 404 page and the booklet) and the template. See [`failures_to_problems`].
pub struct Failure {
    pub(crate) error: String,
    pub(crate) page: Option<PageId>,
    pub(crate) template: &'static str,
}

/// Output files, as (path from the output's root, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// Where rendered files go, a batch at a time, with the failures of the batch.
pub type Put<'p> = &'p mut dyn FnMut((Files, Vec<Failure>));

/// Renders the pages `which`, in parallel, each put into `sink` as soon as it is made (no
/// page waits for others to be written); returns the failures, and the first error of
/// the sink, after which no more pages are rendered.
pub fn render_pages(
    ctx: &RenderContext,
    which: &[PageId],
    sink: &dyn Sink,
) -> (Vec<Failure>, anyhow::Result<()>) {
    let pages = PageWriter::new(ctx, sink, which);
    let written = which.par_iter().try_for_each(|&i| pages.write(i, None));
    (pages.failures(), written)
}

/// Renders pages one at a time, from any thread, each put into its sink as soon as it is
/// made; keeps their failures.
pub struct PageWriter<'a> {
    ctx: RenderContext<'a>,
    sink: &'a dyn Sink,
    home: Option<PageId>,
    glossary: Vec<LetterGroup<'a>>,
    failures: std::sync::Mutex<Vec<Failure>>,
}

impl<'a> PageWriter<'a> {
    /// For the pages `which` (the glossary's list is made only if it is among them).
    pub fn new(ctx: &RenderContext<'a>, sink: &'a dyn Sink, which: &[PageId]) -> Self {
        let glossary = if which.iter().any(|&i| is_glossary(ctx.shared, i)) {
            build_glossary(ctx.shared)
        } else {
            Vec::new()
        };
        PageWriter {
            ctx: *ctx,
            sink,
            home: ctx.shared.views.by_id.get("").copied(),
            glossary,
            failures: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Renders page `i` into the sink; `marked` is its body when it was already made (see
    /// [`Shared::marked_body_html`]). A failure to render is kept; `Err` is the sink's.
    pub fn write(&self, i: PageId, marked: Option<&str>) -> anyhow::Result<()> {
        let RenderContext { renderer, shared } = self.ctx;
        let page = shared.page(i);
        let root = root_of(&page.url);
        let top = top_section(shared, i);
        let nav = nav_items(shared, self.home, top, &root);
        let made;
        let body = match marked {
            Some(marked) => marked,
            None => {
                made = shared.body_html(i, &root, None, None);
                // Holds no mark but those its text may hold: left as they are.
                &made
            }
        };
        let body = &mut |out: &mut Vec<u8>| match marked {
            Some(_) => unmark_into(body, &root, "", out),
            None => out.extend_from_slice(body.as_bytes()),
        };
        let context = |content_html: String| {
            page_context(&self.ctx, i, &root, &nav, &self.glossary, content_html)
        };
        let template = template_for(shared, i);
        match renderer.render_around(template, body, &context, page_size(page)) {
            Ok(html) => {
                (self.sink).put(page.output_path(), Data::Bytes(shared.typeset(html).into()))
            }
            Err(error) => {
                let failure = Failure {
                    error,
                    page: Some(i),
                    template,
                };
                sync::lock(&self.failures).push(failure);
                Ok(())
            }
        }
    }

    /// The pages that could not be rendered.
    pub fn failures(self) -> Vec<Failure> {
        sync::into_inner(self.failures)
    }
}

/// The top sections, as the menu shows them on a page whose way to the root is `root`.
fn nav_items<'a>(
    shared: &'a Shared,
    home: Option<PageId>,
    top: Option<PageId>,
    root: &str,
) -> Vec<NavItem<'a>> {
    home.map(|h| shared.children(&shared.page(h).id))
        .unwrap_or_default()
        .iter()
        .map(|&c| NavItem {
            title: &shared.page(c).meta.title,
            url: format!("{root}{}", shared.page(c).url),
            current: Some(c) == top,
        })
        .collect()
}

/// The pages praxis makes itself: `nouveautes/` (the latest changes, from git) and its
/// feed `feed.xml`, and `bibliographie/` (every entry of the bibliography).
pub fn render_generated(ctx: &RenderContext) -> (Files, Vec<Failure>) {
    let mut made = Vec::new();
    let history = &ctx.shared.content.history;
    if !history.latest.is_empty() {
        let by_source: HashMap<&std::path::Path, PageId> =
            (ctx.shared.content.ids().zip(&ctx.shared.content.pages))
                .map(|(i, p)| (p.source.as_path(), i))
                .collect();
        let url = format!("{}/", urls::NEWS_DIR);
        let root = root_of(&url);
        let changes: Vec<ChangeView> = history
            .latest
            .iter()
            .map(|change| {
                let pages: Vec<PageRef> = (change.files.iter())
                    .filter_map(|f| by_source.get(f.as_path()))
                    .map(|&i| ctx.shared.page_ref(i, &root))
                    .collect();
                change_view(change, pages)
            })
            .collect();
        let title = ctx
            .renderer
            .strings
            .get("news")
            .map_or("Nouveautés", String::as_str);
        let generated = tera::Value::from_serializable(&changes);
        made.push(generated_page(ctx, &url, title, "news.html", generated));
        let feed =
            crate::render::news::feed(ctx.shared.config, &ctx.shared.content.pages, history, title);
        made.push(Ok((urls::FEED.to_owned(), feed.into_bytes())));
    }
    if let Some(bibliography) = &ctx.shared.content.bibliography {
        let url = &format!("{}/", urls::BIBLIOGRAPHY_DIR);
        let title =
            (ctx.renderer.strings.get("bibliography")).map_or("Bibliographie", String::as_str);
        let generated = tera::Value::from_serializable(&bibliography.everything());
        made.push(generated_page(
            ctx,
            url,
            title,
            "bibliography.html",
            generated,
        ));
    }
    split(made)
}

#[derive(Serialize)]
struct ChangeView<'a> {
    id: &'a str,
    date: Dated,
    subject: &'a str,
    pages: Vec<PageRef<'a>>,
}

fn change_view<'a>(
    change: &'a crate::source::history::Change,
    pages: Vec<PageRef<'a>>,
) -> ChangeView<'a> {
    ChangeView {
        id: &change.hash,
        date: Dated::of(change.date),
        subject: &change.subject,
        pages,
    }
}

/// A page praxis makes, at `url`, shown by `template` with `generated`.
fn generated_page(
    ctx: &RenderContext,
    url: &str,
    title: &str,
    template: &'static str,
    generated: tera::Value,
) -> Result<(String, Vec<u8>), Failure> {
    let shared = ctx.shared;
    let root = root_of(url);
    let home = shared.views.by_id.get("").copied();
    let nav = nav_items(shared, home, None, &root);
    let breadcrumb = home
        .map(|h| {
            vec![NavItem {
                title: (ctx.renderer.strings.get("home"))
                    .map_or(shared.page(h).meta.title.as_str(), String::as_str),
                url: root.clone(),
                current: false,
            }]
        })
        .unwrap_or_default();
    let page = PageView {
        title,
        kind: "page",
        id: url.trim_end_matches('/'),
        url,
        permalink: format!("{}{url}", shared.config.base_url),
        summary: "",
        summary_html: Cow::Borrowed(""),
        content_html: String::new(),
        toc: Vec::new(),
        tasks_html: Vec::new(),
        aliases: &[],
        backlinks: Vec::new(),
        related: Vec::new(),
        children: Vec::new(),
        is_section: false,
        review: None,
        source: None,
        modified: None,
        references: Vec::new(),
        unlisted: false,
    };
    let context = PageContext {
        root: root.clone(),
        page,
        breadcrumb,
        nav: &nav,
        footer: footer_items(shared, &root, None),
        prev: None,
        next: None,
        glossary: None,
        sheet_url: None,
        news: !shared.content.history.latest.is_empty(),
        generated: Some(generated),
    };
    match ctx.renderer.render(template, &context, 16 * 1024) {
        Ok(html) => Ok((format!("{url}index.html"), shared.typeset(html))),
        Err(error) => Err(Failure {
            error,
            page: None,
            template,
        }),
    }
}

/// Separates what rendered from what failed.
/// A cover cut at `mark`, where its template puts what is written piece by piece (the
/// book's pages, the booklet's sheets): what comes before them, and after. A template
/// that does not show them (`shows`) is said as such, in the guide's language.
pub(crate) fn cut_at<'c>(
    cover: &'c str,
    mark: &str,
    template: &str,
    shows: &str,
    shared: &Shared,
) -> Result<(&'c str, &'c str), String> {
    cover.split_once(mark).ok_or_else(|| {
        let lang = crate::base::messages::Lang::of(&shared.config.language);
        msg!("template-without", template = template, shows = shows).text(lang)
    })
}

pub(crate) fn split(results: Vec<Result<(String, Vec<u8>), Failure>>) -> (Files, Vec<Failure>) {
    let mut files = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(f) => failures.push(f),
        }
    }
    (files, failures)
}

/// Rendering failures as diagnostics at the template's line. One template error breaks
/// every page that uses it: it is reported once, with a count.
pub fn failures_to_problems(ctx: &RenderContext, failures: Vec<Failure>) -> Vec<Diagnostic> {
    let mut failed: Vec<(Diagnostic, Option<PageId>, usize)> = Vec::new();
    for f in failures {
        let d = template_diagnostic(&ctx.renderer.origins, &f.error, f.template);
        match failed.iter_mut().find(|(known, _, _)| *known == d) {
            Some(entry) => entry.2 += 1,
            None => failed.push((d, f.page, 0)),
        }
    }
    failed
        .into_iter()
        .map(|(mut d, page, others)| {
            if let Some(page) = page {
                let source = crate::base::diagnostic::display_path(&ctx.shared.page(page).source);
                let message = std::mem::replace(&mut d.message, msg!("verbatim", text = ""));
                d.message = msg!(
                    "while-rendering",
                    message = message,
                    page = source,
                    others = others
                );
            }
            d
        })
        .collect()
}

/// The page of the addresses that lead nowhere.
pub fn render_not_found(ctx: &RenderContext) -> (Files, Vec<Failure>) {
    split(vec![
        render_404(ctx.renderer, ctx.shared.config)
            .map(|html| (urls::NOT_FOUND.to_owned(), html))
            .map_err(|error| Failure {
                error,
                page: None,
                template: "404.html",
            }),
    ])
}

fn is_glossary(shared: &Shared, i: PageId) -> bool {
    let page = shared.page(i);
    page.is_section && page.id == shared.config.glossary_section
}

fn top_section(shared: &Shared, i: PageId) -> Option<PageId> {
    let ancestors = shared.ancestors(i);
    match ancestors.get(1) {
        Some(&t) => Some(t),
        None if !shared.page(i).id.is_empty() => Some(i),
        None => None,
    }
}

fn template_for(shared: &Shared, i: PageId) -> &'static str {
    let page = shared.page(i);
    if page.id.is_empty() {
        "index.html"
    } else if is_glossary(shared, i) {
        "glossary.html"
    } else if page.is_section {
        "section.html"
    } else {
        match page.meta.kind {
            Kind::Role => "role.html",
            Kind::Term => "term.html",
            Kind::Example => "example.html",
            Kind::Page => "page.html",
            Kind::Pack => "pack.html",
        }
    }
}

fn build_glossary<'a>(shared: &'a Shared<'a>) -> Vec<LetterGroup<'a>> {
    let root = root_of(&urls::url_of(&shared.config.glossary_section));
    let mut groups: Vec<LetterGroup> = Vec::new();
    for i in shared.glossary_terms() {
        let page = shared.page(i);
        let letter = text::initial(&page.meta.title);
        if groups.last().is_none_or(|g| g.letter != letter) {
            groups.push(LetterGroup {
                // `#` gathers the terms that start with a digit or a sign.
                id: match letter.as_str() {
                    "#" => "lettre-autres".to_owned(),
                    _ => format!("lettre-{}", text::slugify(&letter)),
                },
                letter,
                terms: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.terms.push(GlossaryEntry {
                title: &page.meta.title,
                // From the site's root: the template prefixes `root`.
                url: page.url.clone(),
                summary_html: shared.summary_html(i, &root),
                aliases: &page.meta.aliases,
            });
        }
    }
    groups
}

/// What a page's template sees: the page, and the ways to the pages around it.
fn page_context<'a>(
    ctx: &RenderContext<'a>,
    i: PageId,
    root: &str,
    nav: &'a [NavItem<'a>],
    glossary: &'a [LetterGroup<'a>],
    content_html: String,
) -> PageContext<'a> {
    let shared = ctx.shared;
    let page = shared.page(i);
    let (prev, next) = prev_and_next(shared, i, root);
    PageContext {
        root: root.to_owned(),
        page: page_view(shared, i, root, content_html),
        breadcrumb: breadcrumb(ctx, i, root),
        nav,
        footer: footer_items(shared, root, Some(i)),
        prev,
        next,
        glossary: is_glossary(shared, i).then_some(glossary),
        sheet_url: matches!(page.meta.kind, Kind::Role | Kind::Pack)
            .then(|| format!("{root}{}", urls::sheet_url(&page.stem))),
        news: !shared.content.history.latest.is_empty(),
        generated: None,
    }
}

/// Page `i` as its template sees it, its body already rendered as `content_html`.
fn page_view<'a>(
    shared: &'a Shared<'a>,
    i: PageId,
    root: &str,
    content_html: String,
) -> PageView<'a> {
    let page = shared.page(i);
    let graph = shared.graph;
    let refs = |list: &[PageId]| -> Vec<PageRef<'a>> {
        list.iter().map(|&j| shared.page_ref(j, root)).collect()
    };
    PageView {
        title: &page.meta.title,
        kind: page.meta.kind.name(),
        id: &page.id,
        url: &page.url,
        permalink: format!("{}{}", shared.config.base_url, page.url),
        summary: shared.summary_text(i),
        summary_html: shared.summary_html(i, root),
        content_html,
        toc: graph.scans[i]
            .headings
            .iter()
            // An empty heading would be an empty link.
            .filter(|h| h.level == 2 && !h.text.trim().is_empty())
            .map(|h| TocEntry {
                level: h.level,
                id: &h.id,
                title: &h.text,
            })
            .collect(),
        tasks_html: page
            .meta
            .tasks
            .iter()
            .zip(&graph.fields[i].tasks)
            .map(|(t, links)| shared.field_html(i, t, links, root, None))
            .collect(),
        aliases: &page.meta.aliases,
        // Readers' lists leave out the pages for authors.
        backlinks: (graph.backlinks[i].iter())
            .filter(|&&j| !shared.page(j).meta.unlisted)
            .map(|&j| shared.page_ref(j, root))
            .collect(),
        related: refs(&shared.related(i)),
        children: refs(shared.children(&page.id)),
        is_section: page.is_section,
        review: crate::analyse::review::view(&page.meta.review, shared.config),
        source: page.meta.source.as_ref(),
        modified: (shared.content.history.modified.get(&page.source)).map(|d| Dated::of(*d)),
        references: shared.citations(i).map_or_else(Vec::new, |f| f.references),
        unlisted: page.meta.unlisted,
    }
}

/// The pages before and after page `i` among its siblings.
fn prev_and_next<'a>(
    shared: &'a Shared<'a>,
    i: PageId,
    root: &str,
) -> (Option<PageRef<'a>>, Option<PageRef<'a>>) {
    let siblings = (shared.page(i).parent.as_deref())
        .map(|p| shared.children(p))
        .unwrap_or_default();
    let pos = siblings.iter().position(|&s| s == i);
    let prev = pos
        .and_then(|p| p.checked_sub(1))
        .map(|p| shared.page_ref(siblings[p], root));
    let next = pos
        .and_then(|p| siblings.get(p + 1))
        .map(|&n| shared.page_ref(n, root));
    (prev, next)
}

/// The way from the home to page `i`. The home is "Accueil" in a breadcrumb (the theme's
/// word), as on the printed guide.
fn breadcrumb<'a>(ctx: &RenderContext<'a>, i: PageId, root: &str) -> Vec<NavItem<'a>> {
    let shared = ctx.shared;
    let home = ctx.renderer.strings.get("home");
    (shared.ancestors(i).into_iter())
        .map(|a| NavItem {
            title: match (shared.page(a).id.is_empty(), home) {
                (true, Some(word)) => word.as_str(),
                _ => &shared.page(a).meta.title,
            },
            url: format!("{root}{}", shared.page(a).url),
            current: false,
        })
        .collect()
}

/// The footer's links: the unlisted pages at the top of the guide (pages for authors).
fn footer_items<'a>(shared: &'a Shared, root: &str, current: Option<PageId>) -> Vec<NavItem<'a>> {
    (shared.views.footer.iter())
        .map(|&f| NavItem {
            title: &shared.page(f).meta.title,
            url: format!("{root}{}", shared.page(f).url),
            current: Some(f) == current,
        })
        .collect()
}

fn site_view(config: &Config) -> SiteView<'_> {
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: config.base_path(),
        lang: &config.language,
        file_links: config.purpose.file_links(),
        web_app: config.purpose.web_app(),
    }
}

#[derive(Serialize)]
struct NotFoundContext<'a> {
    root: &'a str,
}

/// The 404 page is served for addresses at any depth: its links start from the site's
/// path on its server (`/guide/`), not from a relative root.
fn render_404(renderer: &Renderer, config: &Config) -> Result<Vec<u8>, String> {
    renderer.render(
        "404.html",
        &NotFoundContext {
            root: config.base_path(),
        },
        8192,
    )
}

/// About the size of the HTML of a page (or sheet) whose Markdown body is `page`'s: its
/// body as HTML, and the theme's navigation, lists and links around it.
pub(crate) fn page_size(page: &Page) -> usize {
    page.body().len() * 2 + 12 * 1024
}
