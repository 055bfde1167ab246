//! The link graph: every reference of every page resolved to a page (and anchor) or an
//! asset, before anything is rendered; backlinks, examples of roles, glossary auto-links;
//! every broken reference reported with a suggestion.

use crate::analyse::markdown::{LinkKind, LinkRef, Scan};
use crate::base::diagnostic::{Diagnostic, display_path};
use crate::base::messages::{Message, all_of, one_of};
use crate::base::text;
use crate::base::urls;
use crate::msg;
use crate::source::content::{Content, Kind, Page, PageId, ids};
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Page {
        page: PageId,
        anchor: Option<String>,
    },
    /// A file of `content/` that is not a page, by its path from `content/`.
    Asset(String),
    /// A page the build makes itself (the role sheets), by its URL from the site's root.
    Generated(String),
    /// A link the resolver leaves as written (external, mail, query…).
    Unchanged,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// Offset of the link in the page's body.
    pub offset: usize,
    pub target: Target,
    /// Text to show instead of the link's own (a `[[stem]]` shows the target's title).
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AutoLinked {
    pub run: usize,
    pub range: Range<usize>,
    pub page: PageId,
}

/// The resolved web of a guide, indexed like `Content::pages` (by [`PageId`]).
#[derive(Debug, Default)]
pub struct Graph {
    pub scans: Vec<Scan>,
    pub links: Vec<Vec<Resolved>>,
    pub autolinks: Vec<Vec<AutoLinked>>,
    /// Pages that link to each page, in page order, without the page itself.
    pub backlinks: Vec<Vec<PageId>>,
    /// For a role: the examples that illustrate it; for an example: its roles.
    pub related: Vec<Vec<PageId>>,
    /// Links written in the `summary` and `tasks` of each page.
    pub fields: Vec<FieldLinks>,
    /// The pages named in the `roles` of each page.
    role_refs: Vec<Vec<PageId>>,
    /// What each meeting pack holds, by the pack's page.
    pub packs: HashMap<PageId, Picked>,
    /// Kept for [`update`]: the lookup tables and the glossary matcher.
    tables: Tables,
    autolinker: Option<AutoLinker>,
}

/// The pages a meeting pack chose, in the order written (see [`crate::source::content::Picks`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picked {
    pub roles: Vec<PageId>,
    pub terms: Vec<PageId>,
    pub examples: Vec<PageId>,
}

/// The links of the Markdown fields of a page's front matter, keyed by offset in the field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldLinks {
    pub summary: Vec<Resolved>,
    /// One list per task.
    pub tasks: Vec<Vec<Resolved>>,
}

impl FieldLinks {
    pub fn all(&self) -> impl Iterator<Item = &Resolved> {
        self.summary.iter().chain(self.tasks.iter().flatten())
    }
}

/// How a reference was written, which decides its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Path,
    Stem,
    Name,
}

enum Miss {
    Unknown,
    Ambiguous(Vec<PageId>),
}

/// The lookup tables of the resolver, folded (case and accents ignored).
#[derive(Debug, Default)]
struct Tables {
    by_path: HashMap<String, PageId>,
    by_stem: HashMap<String, Vec<PageId>>,
    by_name: HashMap<String, Vec<PageId>>,
    assets: HashSet<String>,
}

/// The tables with the pages they point into.
struct Lookup<'a> {
    pages: &'a [Page],
    tables: &'a Tables,
    /// The drafts left out of the build, for the error of a link to one.
    drafts: &'a [Page],
    /// Pages that could not be read (see [`crate::source::content::stand_in`]): their headings are
    /// unknown, so a link to any anchor of theirs is let be.
    unread: &'a BTreeSet<std::path::PathBuf>,
}

impl Tables {
    fn new(content: &Content) -> Self {
        let mut by_path = HashMap::new();
        let mut by_stem: HashMap<String, Vec<PageId>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<PageId>> = HashMap::new();
        for (i, page) in content.ids().zip(&content.pages) {
            by_path.insert(text::fold(&page.id), i);
            if !page.stem.is_empty() {
                by_stem.entry(text::fold(&page.stem)).or_default().push(i);
            }
            let names = std::iter::once(&page.meta.title).chain(&page.meta.aliases);
            let mut seen = HashSet::new();
            for name in names {
                let key = text::fold(name);
                if seen.insert(key.clone()) {
                    by_name.entry(key).or_default().push(i);
                }
            }
        }
        Tables {
            by_path,
            by_stem,
            by_name,
            assets: content.assets.iter().map(|a| a.rel.clone()).collect(),
        }
    }
}

/// What a reference is looked up by: folded, without a leading `/` or a trailing `.md`.
fn lookup_key(target: &str) -> String {
    text::fold(
        target
            .trim()
            .trim_start_matches('/')
            .trim_end_matches(".md"),
    )
}

impl Lookup<'_> {
    fn lookup(&self, target: &str) -> Result<(PageId, Via), Miss> {
        let key = lookup_key(target);
        if let Some(&i) = self.tables.by_path.get(&key) {
            return Ok((i, Via::Path));
        }
        for (table, via) in [
            (&self.tables.by_stem, Via::Stem),
            (&self.tables.by_name, Via::Name),
        ] {
            match table.get(&key).map(Vec::as_slice) {
                Some([i]) => return Ok((*i, via)),
                Some(many) if many.len() > 1 => return Err(Miss::Ambiguous(many.to_vec())),
                _ => {}
            }
        }
        Err(Miss::Unknown)
    }

    /// The draft left out of the build that `target` names (by path, file name, title or
    /// alias), if any.
    fn draft(&self, target: &str) -> Option<&Page> {
        let key = lookup_key(target);
        self.drafts.iter().find(|p| {
            [&p.id, &p.stem, &p.meta.title]
                .into_iter()
                .chain(&p.meta.aliases)
                .any(|name| text::fold(name) == key)
        })
    }

    /// Names an author could have meant, for "did you mean": one per page.
    fn suggestions(&self, wanted: &str) -> Vec<String> {
        let names: Vec<(&str, PageId)> = self
            .pages
            .iter()
            .zip(ids(self.pages))
            .flat_map(|(p, i)| {
                [p.stem.as_str(), p.id.as_str(), p.meta.title.as_str()]
                    .into_iter()
                    .chain(p.meta.aliases.iter().map(String::as_str))
                    .filter(|s| !s.is_empty())
                    .map(move |s| (s, i))
            })
            .collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for name in text::suggest(wanted, names.iter().map(|(n, _)| *n), 12) {
            let page = names.iter().find(|(n, _)| *n == name).map(|(_, i)| *i);
            if seen.insert(page) {
                out.push(name.to_owned());
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }
}

/// Resolves every reference of `content`. With `autolinker` (glossary auto-linking on),
/// `mentions` are each page's [`AutoLinker::mentions`], found when it was scanned.
pub fn resolve(
    content: &Content,
    scans: Vec<Scan>,
    autolinker: Option<AutoLinker>,
    mentions: Vec<Vec<AutoLinked>>,
) -> (Graph, Vec<Diagnostic>) {
    let tables = Tables::new(content);
    let index = Lookup {
        pages: &content.pages,
        tables: &tables,
        drafts: &content.drafts,
        unread: &content.unread,
    };
    let pages = &content.pages;
    let per_page: Vec<(Vec<Resolved>, FieldLinks, Vec<Diagnostic>)> = pages
        .par_iter()
        .zip(scans.par_iter())
        .enumerate()
        .map(|(i, (page, scan))| resolve_page(&index, PageId::new(i), page, scan, &scans))
        .collect();
    let mut problems = Vec::new();
    let mut links = Vec::with_capacity(pages.len());
    let mut fields = Vec::with_capacity(pages.len());
    for (resolved, field_links, diags) in per_page {
        links.push(resolved);
        fields.push(field_links);
        problems.extend(diags);
    }

    let mut role_refs: Vec<Vec<PageId>> = vec![Vec::new(); pages.len()];
    for (i, page) in ids(pages).zip(pages) {
        for (role, line) in &page.meta.roles {
            match index.lookup(role) {
                Ok((r, _)) if pages[r].meta.kind == Kind::Role => role_refs[i].push(r),
                // A page that could not be read: its kind is unknown, its error says why.
                Ok((r, _)) if content.unread.contains(&pages[r].source) => {}
                Ok((r, _)) => problems.push(
                    Diagnostic::error(
                        &page.source,
                        msg!(
                            "roles-not-a-role",
                            role = role.as_str(),
                            file = display_path(&pages[r].source),
                            kind = pages[r].meta.kind.name()
                        ),
                    )
                    .at_line(&page.text, *line, column_of(&page.text, *line, role))
                    .with_help(msg!("roles-not-a-role-help")),
                ),
                Err(miss) => problems.push(reference_error(&index, page, role, miss).at_line(
                    &page.text,
                    *line,
                    column_of(&page.text, *line, role),
                )),
            }
        }
    }

    let mut packs = HashMap::new();
    for (i, page) in ids(pages).zip(pages) {
        if page.meta.kind == Kind::Pack {
            packs.insert(i, pick(&index, page, &mut problems));
        }
    }

    let autolinks: Vec<Vec<AutoLinked>> = match autolinker {
        Some(_) => (mentions.into_iter().zip(&links))
            .map(|(found, explicit)| not_linked(found, explicit))
            .collect(),
        None => vec![Vec::new(); pages.len()],
    };
    let mut graph = Graph {
        scans,
        links,
        autolinks,
        backlinks: Vec::new(),
        related: Vec::new(),
        fields,
        role_refs,
        packs,
        tables,
        autolinker,
    };
    (graph.backlinks, graph.related) = graph.web(pages);
    (graph, problems)
}

/// The pages a pack's `roles`, `terms` and `examples` name, each of its list's kind: a
/// reference to nothing, or to a page of another kind, is an error at its line.
fn pick(index: &Lookup, page: &Page, problems: &mut Vec<Diagnostic>) -> Picked {
    let picks = &page.meta.pack;
    let mut picked = Picked::default();
    for (field, kind, names, out) in [
        ("roles", Kind::Role, &picks.roles, &mut picked.roles),
        ("terms", Kind::Term, &picks.terms, &mut picked.terms),
        (
            "examples",
            Kind::Example,
            &picks.examples,
            &mut picked.examples,
        ),
    ] {
        for (name, line) in names {
            let col = column_of(&page.text, *line, name);
            match index.lookup(name) {
                Ok((r, _)) if index.pages[r].meta.kind == kind => {
                    if !out.contains(&r) {
                        out.push(r);
                    }
                }
                Ok((r, _)) => problems.push(
                    Diagnostic::error(
                        &page.source,
                        msg!(
                            "reference-wrong-kind",
                            name = name.as_str(),
                            field = field,
                            kind = kind.name(),
                            file = display_path(&index.pages[r].source),
                            found = index.pages[r].meta.kind.name()
                        ),
                    )
                    .at_line(&page.text, *line, col)
                    .with_help(msg!(
                        "reference-wrong-kind-help",
                        field = field,
                        kind = kind.name()
                    )),
                ),
                Err(miss) => problems
                    .push(reference_error(index, page, name, miss).at_line(&page.text, *line, col)),
            }
        }
    }
    picked
}

/// Brings `graph` up to date after the pages `edited` (with their new `scans`) changed
/// only in ways no other page sees: same path, title, aliases, kind, summary, weight,
/// roles and heading ids (the caller checks). Only their own links are resolved again.
///
/// Returns the other pages whose backlinks or related pages changed (they must be
/// rendered again), or the errors of the edited pages, leaving `graph` as it was.
pub fn update(
    content: &Content,
    graph: &mut Graph,
    edited: &[(PageId, Scan)],
) -> Result<Vec<PageId>, Vec<Diagnostic>> {
    let index = Lookup {
        pages: &content.pages,
        tables: &graph.tables,
        drafts: &content.drafts,
        unread: &content.unread,
    };
    let mut problems = Vec::new();
    let mut fresh = Vec::with_capacity(edited.len());
    for (i, scan) in edited {
        let page = &content.pages[*i];
        // Anchors into the page itself are checked against its new headings.
        let lookup = |to: PageId| if to == *i { scan } else { &graph.scans[to] };
        let (links, fields, diags) = resolve_page_with(&index, *i, page, scan, &lookup);
        problems.extend(diags);
        let autolinks = graph.autolinker.as_ref().map_or_else(Vec::new, |m| {
            not_linked(m.mentions(*i, scan, &page.meta.no_autolink), &links)
        });
        fresh.push((*i, scan, links, fields, autolinks));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let pages = &content.pages;
    let before: Vec<(PageId, Vec<PageId>, Vec<PageId>)> = fresh
        .iter()
        .map(|(i, ..)| (*i, graph.targets(*i), graph.linked_roles(pages, *i)))
        .collect();
    for (i, scan, links, fields, autolinks) in fresh {
        graph.scans[i] = Scan {
            texts: Vec::new(),
            plain: String::new(),
            ..scan.clone()
        };
        graph.links[i] = links;
        graph.fields[i] = fields;
        graph.autolinks[i] = autolinks;
    }
    // Only the edited pages' own links changed: the backlinks and related pages they
    // add or remove are the whole difference.
    let mut touched = BTreeSet::new();
    for (i, old_targets, old_roles) in before {
        let (targets, roles) = (graph.targets(i), graph.linked_roles(pages, i));
        for (t, added) in changes(&old_targets, &targets) {
            set_member(&mut graph.backlinks[t], i, added);
            touched.insert(t);
        }
        for (r, added) in changes(&old_roles, &roles) {
            // A role named in the example's `roles` stays related without the link.
            if added || !graph.role_refs[i].contains(&r) {
                set_member(&mut graph.related[i], r, added);
                set_member(&mut graph.related[r], i, added);
                touched.insert(r);
            }
        }
    }
    debug_assert_eq!(
        graph.web(pages),
        (graph.backlinks.clone(), graph.related.clone()),
        "an incremental update must give what a full resolution gives"
    );
    let edited: HashSet<PageId> = edited.iter().map(|(i, _)| *i).collect();
    Ok(touched
        .into_iter()
        .filter(|t| !edited.contains(t))
        .collect())
}

/// The problems of page `i`'s own links and fields were its text scanned as `scan`, as
/// [`update`] finds them, leaving `graph` as it is.
pub fn problems_of(content: &Content, graph: &Graph, i: PageId, scan: &Scan) -> Vec<Diagnostic> {
    let index = Lookup {
        pages: &content.pages,
        tables: &graph.tables,
        drafts: &content.drafts,
        unread: &content.unread,
    };
    let lookup = |to: PageId| if to == i { scan } else { &graph.scans[to] };
    resolve_page_with(&index, i, &content.pages[i], scan, &lookup).2
}

/// What is in `new` and not in `old` (`true`) and the reverse (`false`); both sorted.
fn changes(old: &[PageId], new: &[PageId]) -> Vec<(PageId, bool)> {
    let gone = old.iter().filter(|x| new.binary_search(x).is_err());
    let came = new.iter().filter(|x| old.binary_search(x).is_err());
    gone.map(|&x| (x, false))
        .chain(came.map(|&x| (x, true)))
        .collect()
}

/// Puts `x` in the sorted list `set`, or takes it out.
fn set_member(set: &mut Vec<PageId>, x: PageId, member: bool) {
    match (set.binary_search(&x), member) {
        (Err(at), true) => set.insert(at, x),
        (Ok(at), false) => {
            set.remove(at);
        }
        _ => {}
    }
}

impl Graph {
    /// The pages `from` links to (in its body, summary and tasks, and by glossary
    /// auto-links), itself left out, sorted: `from` is in the backlinks of each.
    fn targets(&self, from: PageId) -> Vec<PageId> {
        let explicit = self.links[from].iter().chain(self.fields[from].all());
        let mut out: Vec<PageId> = explicit
            .filter_map(|link| match link.target {
                Target::Page { page, .. } => Some(page),
                _ => None,
            })
            .chain(self.autolinks[from].iter().map(|a| a.page))
            .filter(|&to| to != from)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The roles an example links to in its body, sorted: an example that links a role
    /// illustrates it too. Empty for other pages.
    fn linked_roles(&self, pages: &[Page], from: PageId) -> Vec<PageId> {
        if pages[from].meta.kind != Kind::Example {
            return Vec::new();
        }
        let mut out: Vec<PageId> = self.links[from]
            .iter()
            .filter_map(|link| match link.target {
                Target::Page { page, .. } if pages[page].meta.kind == Kind::Role => Some(page),
                _ => None,
            })
            .filter(|&to| to != from)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Backlinks and related pages, computed from the links and roles of every page.
    fn web(&self, pages: &[Page]) -> (Vec<Vec<PageId>>, Vec<Vec<PageId>>) {
        let n = pages.len();
        let mut backlinks: Vec<Vec<PageId>> = vec![Vec::new(); n];
        let mut related: Vec<Vec<PageId>> = vec![Vec::new(); n];
        for from in ids(pages) {
            for to in self.targets(from) {
                backlinks[to].push(from);
            }
            for &r in self
                .linked_roles(pages, from)
                .iter()
                .chain(&self.role_refs[from])
            {
                related[from].push(r);
                related[r].push(from);
            }
        }
        for list in backlinks.iter_mut().chain(related.iter_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        (backlinks, related)
    }
}

fn resolve_page(
    index: &Lookup,
    me: PageId,
    page: &Page,
    scan: &Scan,
    scans: &[Scan],
) -> (Vec<Resolved>, FieldLinks, Vec<Diagnostic>) {
    resolve_page_with(index, me, page, scan, &|to| &scans[to])
}

/// Resolves the links of one page; `scan_of` gives the headings of any page.
fn resolve_page_with<'s>(
    index: &Lookup,
    me: PageId,
    page: &Page,
    scan: &Scan,
    scan_of: &dyn Fn(PageId) -> &'s Scan,
) -> (Vec<Resolved>, FieldLinks, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut resolve_all = |links: &[crate::analyse::markdown::LinkRef],
                           place: &dyn Fn(&LinkRef) -> usize| {
        let mut out = Vec::with_capacity(links.len());
        for link in links {
            match resolve_link(index, me, page, link, scan_of) {
                Ok(r) => out.push(r),
                Err(p) => problems.push(p.relocated(page, place(link))),
            }
        }
        out
    };
    let body = resolve_all(&scan.links, &|link| page.body_start + link.offset);
    // A link in a front matter field is shown where its text is written in the file.
    let front = &page.text[..page.body_start];
    let in_front = |link: &LinkRef| front.find(link.dest.as_str()).unwrap_or(0);
    let mut fields = FieldLinks::default();
    if let Some(summary) = &page.meta.summary {
        fields.summary = resolve_all(&crate::analyse::markdown::scan(summary).links, &in_front);
    }
    for task in &page.meta.tasks {
        let links = crate::analyse::markdown::scan(task).links;
        let resolved = if links.is_empty() {
            Vec::new()
        } else {
            resolve_all(&links, &in_front)
        };
        fields.tasks.push(resolved);
    }
    for unread in &scan.unread {
        problems.push(unread_error(unread).relocated(page, page.body_start + unread.offset));
    }
    (body, fields, problems)
}

fn resolve_link<'s>(
    index: &Lookup,
    me: PageId,
    page: &Page,
    link: &LinkRef,
    scan_of: &dyn Fn(PageId) -> &'s Scan,
) -> Result<Resolved, Pending> {
    let (target, mut label) = match link.kind {
        LinkKind::Wiki { piped } => resolve_wiki(index, me, page, &link.dest, piped),
        LinkKind::Markdown { .. } => resolve_markdown(index, me, page, &link.dest),
    }?;
    if let Target::Page {
        page: to,
        anchor: Some(anchor),
    } = &target
    {
        let Some(heading) = scan_of(*to).headings.iter().find(|h| h.id == *anchor) else {
            if index.unread.contains(&index.pages[*to].source) {
                return Ok(Resolved {
                    offset: link.offset,
                    target,
                    label,
                });
            }
            return Err(anchor_error(index, scan_of(*to), *to, anchor));
        };
        // `[[#id]]`, a heading of the page itself, reads as the heading.
        if link.kind == (LinkKind::Wiki { piped: false }) && link.dest.starts_with('#') {
            label = Some(heading.text.clone());
        }
    }
    Ok(Resolved {
        offset: link.offset,
        target,
        label,
    })
}

/// The error for a link or image CommonMark printed as text: its address holds a space.
fn unread_error(u: &crate::analyse::markdown::Unread) -> Pending {
    let bang = if u.image { "!" } else { "" };
    let (label, dest) = (&u.label, &u.dest);
    let wiki = match (u.image, label.is_empty()) {
        (true, _) | (false, true) => format!("{bang}[[{dest}]]"),
        (false, false) => format!("[[{dest}|{label}]]"),
    };
    let written = format!("{bang}[{label}]({dest})");
    let message = if u.image {
        msg!("image-with-space", written = written)
    } else {
        msg!("link-with-space", written = written)
    };
    Pending {
        message,
        help: Some(msg!(
            "space-in-address-help",
            angle = format!("{bang}[{label}](<{dest}>)"),
            wiki = wiki
        )),
    }
}

/// The 1-based column of `needle` on line `line` of `text` (1 when it is not there).
fn column_of(text: &str, line: usize, needle: &str) -> usize {
    text.lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.find(needle).map(|i| l[..i].chars().count() + 1))
        .unwrap_or(1)
}

/// A diagnostic built before its page and position were known.
struct Pending {
    message: Message,
    help: Option<Message>,
}

impl Pending {
    fn relocated(self, page: &Page, at: usize) -> Diagnostic {
        let d = Diagnostic::error(&page.source, self.message).at_offset(&page.text, at);
        match self.help {
            Some(h) => d.with_help(h),
            None => d,
        }
    }
}

fn resolve_wiki(
    index: &Lookup,
    me: PageId,
    from: &Page,
    dest: &str,
    piped: bool,
) -> Result<(Target, Option<String>), Pending> {
    let (name, anchor) = match dest.split_once('#') {
        Some((n, a)) => (n, Some(a.to_owned())),
        None => (dest, None),
    };
    if name.trim().is_empty() {
        return Ok((Target::Page { page: me, anchor }, None));
    }
    match index.lookup(name) {
        Ok((page, via)) => {
            let label = match (piped, via) {
                (true, _) => None,
                (false, Via::Path | Via::Stem) => Some(index.pages[page].meta.title.clone()),
                (false, Via::Name) => Some(name.trim().to_owned()),
            };
            Ok((Target::Page { page, anchor }, label))
        }
        Err(miss) => match wiki_file(index, from, name.trim()) {
            Some(found) => found.map(|rel| (Target::Asset(rel), None)),
            None => Err(pending_reference(index, name, miss, true)),
        },
    }
}

/// A file of content/ named by a wiki link, `[[docs/guide.pdf]]` or `![[photo.jpg]]`, as
/// in Obsidian: by its path from content/, from the page's folder, or by its name alone
/// when one file has it. `None` when no file has that name (or it is no file name: no
/// extension, or `.md`): the link is then an unknown page.
fn wiki_file(index: &Lookup, from: &Page, name: &str) -> Option<Result<String, Pending>> {
    let file = name.rsplit('/').next().unwrap_or(name);
    let (_, extension) = file.rsplit_once('.')?;
    if extension.is_empty() || extension.eq_ignore_ascii_case("md") {
        return None;
    }
    let assets = &index.tables.assets;
    let here = normalize(&format!("{}/{name}", folder_of(from)));
    if let Some(rel) = normalize(name)
        .into_iter()
        .chain(here)
        .find(|r| assets.contains(r))
    {
        return Some(Ok(rel));
    }
    // By its name alone: only a name without a folder.
    if name.contains('/') {
        return None;
    }
    let mut named: Vec<&String> = assets
        .iter()
        .filter(|rel| rel.rsplit('/').next() == Some(file))
        .collect();
    named.sort();
    Some(match named.as_slice() {
        [] => return None,
        [one] => Ok((*one).clone()),
        several => Err(Pending {
            message: msg!(
                "file-ambiguous",
                name = name,
                candidates = one_of(
                    &several
                        .iter()
                        .map(|r| format!("[[{r}]]"))
                        .collect::<Vec<_>>()
                )
            ),
            help: Some(msg!("file-ambiguous-help")),
        }),
    })
}

/// The folder of content/ a page's relative links start from (a section's own folder).
fn folder_of(page: &Page) -> String {
    if page.is_section {
        page.id.clone()
    } else {
        page.id
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_owned())
    }
}

fn resolve_markdown(
    index: &Lookup,
    me: PageId,
    page: &Page,
    dest: &str,
) -> Result<(Target, Option<String>), Pending> {
    let is_external = dest.find(':').is_some_and(|c| {
        dest[..c]
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "+-.".contains(ch))
            && c > 0
    }) || dest.starts_with("//");
    if is_external || dest.is_empty() || dest.starts_with('?') {
        return Ok((Target::Unchanged, None));
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_owned())),
        None => (dest, None),
    };
    if path.is_empty() {
        return Ok((Target::Page { page: me, anchor }, None));
    }
    let decoded = text::percent_decode_lossy(path);
    let folder = folder_of(page);
    let joined = match decoded.strip_prefix('/') {
        Some(abs) => normalize(abs),
        None => normalize(&format!("{folder}/{decoded}")),
    };
    let Some(joined) = joined else {
        return Err(Pending {
            message: msg!("link-outside", dest = dest),
            help: Some(msg!("link-outside-help")),
        });
    };
    if let Some(id) = joined.strip_suffix(".md") {
        let id = id
            .strip_suffix("_index")
            .unwrap_or(id)
            .trim_end_matches('/');
        if let Some(&page) = index.tables.by_path.get(&text::fold(id))
            && index.pages[page].id == id
        {
            return Ok((Target::Page { page, anchor }, None));
        }
        if let Some(draft) = index.drafts.iter().find(|p| p.id == id) {
            return Err(to_draft(msg!(
                "link-to-draft",
                dest = dest,
                file = display_path(&draft.source)
            )));
        }
        let stem = id.rsplit('/').next().unwrap_or(id);
        let help = match index.suggestions(stem).first() {
            Some(s) => msg!(
                "markdown-link-did-you-mean",
                suggestion = format!("[[{s}]]")
            ),
            None => msg!("markdown-link-help"),
        };
        return Err(Pending {
            message: msg!("link-no-page", dest = dest, path = joined.as_str()),
            help: Some(help),
        });
    }
    if index.tables.assets.contains(joined.as_str()) {
        return Ok((Target::Asset(joined), None));
    }
    let bare = joined.trim_end_matches('/');
    if let Some(&page) = index.tables.by_path.get(&text::fold(bare)) {
        return Ok((Target::Page { page, anchor }, None));
    }
    if let Some(url) = generated_url(index, bare) {
        return Ok((Target::Generated(url), None));
    }
    Err(Pending {
        message: msg!("link-no-file", dest = dest, path = joined),
        help: Some(msg!("link-no-file-help")),
    })
}

/// `fiches` and `fiches/<role>`: the sheets the build makes.
fn generated_url(index: &Lookup, path: &str) -> Option<String> {
    let rest = path.strip_prefix(urls::SHEETS_DIR)?;
    match rest.strip_prefix('/') {
        None if rest.is_empty() => Some(urls::booklet_url()),
        Some(stem) => index
            .pages
            .iter()
            .any(|p| p.meta.kind == Kind::Role && p.stem == stem)
            .then(|| urls::sheet_url(stem)),
        None => None,
    }
}

/// Joins `a/b/../c` into `a/c`; `None` if it climbs out of the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// A link to a draft left out of the build, and what to do about it.
fn to_draft(message: Message) -> Pending {
    Pending {
        message,
        help: Some(msg!("link-to-draft-help")),
    }
}

fn pending_reference(index: &Lookup, name: &str, miss: Miss, wiki: bool) -> Pending {
    let quote = |s: &str| {
        if wiki {
            format!("[[{s}]]")
        } else {
            format!("`{s}`")
        }
    };
    let shown = quote(name);
    match miss {
        Miss::Unknown if let Some(draft) = index.draft(name) => to_draft(msg!(
            "reference-to-draft",
            target = shown,
            file = display_path(&draft.source)
        )),
        Miss::Unknown => {
            // As docs/contract.md (Command line) shows it: the best guess on the first line, the
            // way out below.
            let suggestions = index.suggestions(name);
            let message = if wiki {
                msg!("link-unknown", target = name)
            } else {
                msg!("reference-unknown", target = name)
            };
            let help = if suggestions.is_empty() {
                msg!("link-unknown-help")
            } else {
                let list: Vec<String> = suggestions.iter().map(|s| quote(s)).collect();
                msg!("link-did-you-mean", suggestion = one_of(&list))
            };
            Pending {
                message,
                help: Some(help),
            }
        }
        Miss::Ambiguous(candidates) => {
            let paths: Vec<String> = candidates
                .iter()
                .map(|&i| quote(&index.pages[i].id))
                .collect();
            let files: Vec<String> = candidates
                .iter()
                .map(|&i| display_path(&index.pages[i].source))
                .collect();
            Pending {
                message: msg!(
                    "reference-ambiguous",
                    target = shown,
                    files = all_of(&files)
                ),
                help: Some(msg!("reference-ambiguous-help", paths = one_of(&paths))),
            }
        }
    }
}

fn reference_error(index: &Lookup, page: &Page, name: &str, miss: Miss) -> Diagnostic {
    let p = pending_reference(index, name, miss, false);
    let d = Diagnostic::error(&page.source, p.message);
    match p.help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

fn anchor_error(index: &Lookup, scan: &Scan, to: PageId, anchor: &str) -> Pending {
    let target = &index.pages[to];
    let ids = scan.headings.iter().map(|h| h.id.as_str());
    let help = match text::suggest(anchor, ids, 1).first() {
        Some(s) => msg!("anchor-did-you-mean", anchor = *s),
        None if scan.headings.is_empty() => msg!("anchor-no-headings"),
        None => {
            let all: Vec<String> = scan.headings.iter().map(|h| format!("#{}", h.id)).collect();
            msg!("anchor-headings", headings = all.join(", "))
        }
    };
    Pending {
        message: msg!(
            "anchor-unknown",
            anchor = anchor,
            file = display_path(&target.source)
        ),
        help: Some(help),
    }
}

/// Finds the first mention of each glossary term in a page's free text.
#[derive(Debug)]
pub struct AutoLinker {
    matcher: AhoCorasick,
    /// Term page of each pattern.
    targets: Vec<PageId>,
}

impl AutoLinker {
    pub fn new(pages: &[Page]) -> Option<Self> {
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        for (i, page) in ids(pages).zip(pages) {
            if page.meta.kind != Kind::Term {
                continue;
            }
            for name in std::iter::once(&page.meta.title).chain(&page.meta.aliases) {
                let folded = text::fold(name);
                if folded.chars().any(char::is_alphanumeric) {
                    patterns.push(folded);
                    targets.push(i);
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        Some(AutoLinker { matcher, targets })
    }

    /// The first mention of each term in the free text of page `me` (its runs, see
    /// [`Scan::texts`]), but of itself, in order. Those the page links to explicitly are
    /// left out once its links are resolved (see [`not_linked`]). A mention written as
    /// one of `skip` (the page's `no_autolink`, case and accents ignored) is passed over:
    /// the next mention of the term may link.
    pub fn mentions(&self, me: PageId, scan: &Scan, skip: &[String]) -> Vec<AutoLinked> {
        let skip: Vec<String> = skip.iter().map(|w| text::fold(w.trim())).collect();
        let mut done: HashSet<PageId> = HashSet::default();
        done.insert(me);
        let mut out = Vec::new();
        for run in 0..scan.texts.len() {
            let original = scan.run(run);
            let (folded, map) = text::fold_with_offsets(original);
            for m in self.matcher.find_iter(&folded) {
                let target = self.targets[m.pattern().as_usize()];
                if done.contains(&target)
                    || !is_whole_word(&folded, m.start(), m.end())
                    || skip.iter().any(|w| *w == folded[m.start()..m.end()])
                {
                    continue;
                }
                let (start, end) = (map[m.start()], map[m.end()]);
                if start >= end {
                    continue;
                }
                done.insert(target);
                out.push(AutoLinked {
                    run,
                    range: start..end,
                    page: target,
                });
            }
        }
        out
    }
}

/// The mentions `found` of terms that the page does not link to explicitly.
fn not_linked(mut found: Vec<AutoLinked>, explicit: &[Resolved]) -> Vec<AutoLinked> {
    found.retain(|a| {
        !explicit
            .iter()
            .any(|r| matches!(r.target, Target::Page { page, .. } if page == a.page))
    });
    found
}

fn is_whole_word(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Warnings of `praxis check`: pages nothing links to, terms nobody uses, roles without
/// an example.
pub fn lint(content: &Content, graph: &Graph) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, page) in content.ids().zip(&content.pages) {
        if page.id.is_empty() {
            continue;
        }
        let warn = |message: Message, help: Message| {
            Diagnostic::warning(&page.source, message)
                .at_line(&page.text, 1, 0)
                .with_help(help)
        };
        let title = page.meta.title.as_str();
        if graph.backlinks[i].is_empty() {
            let message = if page.meta.kind == Kind::Term {
                msg!("term-unused", title = title)
            } else {
                msg!("page-orphan", title = title)
            };
            out.push(warn(
                message,
                msg!("page-orphan-help", stem = page.stem.as_str()),
            ));
        }
        if page.meta.kind == Kind::Role && graph.related[i].is_empty() {
            out.push(warn(
                msg!("role-without-example", title = title),
                msg!("role-without-example-help", stem = page.stem.as_str()),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_stays_inside_content() {
        assert_eq!(
            normalize("roles/../glossaire/x.md").as_deref(),
            Some("glossaire/x.md")
        );
        assert_eq!(normalize("../x.md"), None);
    }

    #[test]
    fn a_skipped_word_leaves_the_term_to_its_next_mention() {
        let term = Page {
            source: "content/glossaire/pratique.md".into(),
            text: String::new(),
            body_start: 0,
            id: "glossaire/pratique".into(),
            stem: "pratique".into(),
            is_section: false,
            parent: None,
            url: "glossaire/pratique/".into(),
            meta: crate::source::content::Meta {
                aliases: vec!["pratiques".into()],
                ..crate::source::content::Meta::new("Pratique", Kind::Term)
            },
        };
        let linker = AutoLinker::new(&[term]).unwrap();
        let scan = crate::analyse::markdown::scan("Leurs Pratiques, puis la pratique.\n");
        let found = |skip: &[String]| -> Vec<String> {
            (linker.mentions(PageId::new(1), &scan, skip).iter())
                .map(|a| scan.run(a.run)[a.range.clone()].to_owned())
                .collect()
        };
        assert_eq!(found(&[]), ["Pratiques"]);
        assert_eq!(found(&["pratiques".into()]), ["pratique"]);
        assert!(found(&[" PRATIQUES ".into(), "pratique".into()]).is_empty());
    }

    #[test]
    fn whole_words_only() {
        assert!(is_whole_word("la cop vit", 3, 6));
        assert!(!is_whole_word("coopération", 0, 3));
    }
}
