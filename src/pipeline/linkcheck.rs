//! After rendering, every internal `href` and `src` of every HTML or XML file a build
//! writes must point at a file, or an anchor in a file, that the same build wrote. A miss
//! is a bug of praxis or of the theme (an image left pointing nowhere on a role sheet,
//! say), reported as an error naming the page rather than shipped silently.
//!
//! [`Checker::watch`] wraps the sink the build writes into: each file is read for its
//! references and ids on its way there, on the thread that made it. [`Checker::finish`],
//! called once after rendering, compares the two sets. References are kept as hashes
//! (with the first place each was met), so that a big guide costs a set of numbers.

use crate::base::diagnostic::Diagnostic;
use crate::base::sink::{Data, Piecewise, Sink, Site};
use crate::base::sync;
use crate::msg;
use anyhow::Result;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Mutex;

/// Reads the files a build writes, then tells which internal references point nowhere.
pub struct Checker {
    /// `https://example.org/guide/`: an absolute URL starting with it is internal.
    base_url: String,
    /// `/guide/`: where a path that starts with `/` is read from.
    base_path: String,
    found: Mutex<Found>,
    /// Each reference met, hashed with its [`scope`]: what is left to resolve.
    seen: Mutex<FxHashSet<u64>>,
}

#[derive(Default)]
struct Found {
    /// Each file written, `hash(path, "")`, and each id in it, `hash(path, id)`.
    targets: FxHashSet<u64>,
    /// Each reference, `hash(path, fragment)`, with the first file it was met in.
    refs: FxHashMap<u64, FirstMet>,
}

/// Where a reference was first met: the file, and the value as written.
struct FirstMet {
    from: String,
    href: String,
}

/// A reference that points at nothing the build wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadLink {
    /// The file it is in, from the output's root (`fiches/technicien/index.html`).
    pub from: String,
    /// The `href` or `src` as written.
    pub href: String,
    /// What it points at, from the output's root, with `#fragment` when it has one.
    pub target: String,
}

impl Checker {
    pub fn new(base_url: &str, base_path: &str) -> Checker {
        Checker {
            base_url: base_url.to_owned(),
            base_path: base_path.to_owned(),
            found: Mutex::new(Found::default()),
            seen: Mutex::new(FxHashSet::default()),
        }
    }

    /// `sink`, with every file put into it read on the way.
    pub fn watch<'s>(&'s self, sink: &'s dyn Sink) -> Watched<'s> {
        Watched {
            checker: self,
            sink,
        }
    }

    /// Counts `path` as written: a file made after every other, which links to none
    /// (the web app's list and worker, written once the list of every file is known).
    pub fn expect(&self, path: &str) {
        let mut found = sync::lock(&self.found);
        found.targets.insert(key(path, ""));
    }

    /// Reads one file (or one piece of a file written piecewise). A reference already
    /// met in the same [`scope`] is not looked at again: pages share most of theirs (the
    /// header's, the glossary's), and each costs a hash here.
    fn read(&self, path: &str, bytes: Option<&[u8]>) {
        let mut targets = vec![key(path, "")];
        let mut met: Vec<(u64, &[u8])> = Vec::new();
        if let Some(bytes) = bytes.filter(|_| path.ends_with(".html") || path.ends_with(".xml")) {
            let dir = path.rfind('/').map_or("", |i| &path[..=i]);
            for (name, value) in attributes(bytes, path.ends_with(".xml")) {
                match name {
                    b"id" | b"name" if !value.is_empty() => {
                        targets.push(key(path, &unescape(value)));
                    }
                    b"href" | b"src" | b"loc" => {
                        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
                        hasher.update(scope(dir, value).as_bytes());
                        hasher.update(&[0]);
                        hasher.update(value);
                        met.push((hasher.digest(), value));
                    }
                    _ => {}
                }
            }
        }
        let fresh: Vec<&[u8]> = {
            let mut seen = sync::lock(&self.seen);
            met.into_iter()
                .filter(|(hash, _)| seen.insert(*hash))
                .map(|(_, value)| value)
                .collect()
        };
        let refs: Vec<(u64, String)> = fresh
            .into_iter()
            .filter_map(|value| {
                let value = unescape(value).into_owned();
                let (target, fragment) = self.resolve(path, &value)?;
                Some((key(&target, fragment_key(&fragment)), value))
            })
            .collect();
        let mut found = sync::lock(&self.found);
        found.targets.extend(targets);
        for (hash, href) in refs {
            found.refs.entry(hash).or_insert_with(|| FirstMet {
                from: path.to_owned(),
                href,
            });
        }
    }

    /// What `href`, met in the file `from`, points at in the output: the file's path
    /// from the root and the fragment (decoded); `None` for a reference outside the site.
    pub fn resolve(&self, from: &str, href: &str) -> Option<(String, String)> {
        let href = href.trim();
        let (href, fragment) = href.split_once('#').unwrap_or((href, ""));
        let href = href.split_once('?').map_or(href, |(path, _)| path);
        let fragment = crate::base::text::percent_decode_lossy(fragment);
        // The path from the site's root, still percent-encoded.
        let relative: String = if let Some(rest) = strip_prefix_ci(href, &self.base_url) {
            rest.to_owned()
        } else if href.starts_with("//") || has_scheme(href.as_bytes()) {
            return None;
        } else if href.starts_with('/') {
            match href.strip_prefix(self.base_path.as_str()) {
                Some(rest) => rest.to_owned(),
                None if href == self.base_path.trim_end_matches('/') => String::new(),
                // Outside the base path: an absolute path no file written can have.
                None => return Some((crate::base::text::percent_decode_lossy(href), fragment)),
            }
        } else {
            let dir = from.rfind('/').map_or("", |i| &from[..=i]);
            format!("{dir}{href}")
        };
        let relative = crate::base::text::percent_decode_lossy(&relative);
        let relative = relative.as_str();
        let mut parts: Vec<&str> = Vec::new();
        for part in relative.split('/') {
            match part {
                "." | "" => {}
                ".." => {
                    if parts.pop().is_none() {
                        // Above the site's root: nothing the build wrote.
                        return Some((format!("../{relative}"), fragment));
                    }
                }
                p => parts.push(p),
            }
        }
        let mut target = parts.join("/");
        if relative.is_empty() || relative.ends_with('/') || relative.ends_with("/.") {
            if !target.is_empty() {
                target.push('/');
            }
            target.push_str("index.html");
        }
        Some((target, fragment))
    }

    /// `praxis serve`'s incremental rebuild: the references of `fresh` (files just made
    /// again) checked against `site`, the whole site they go into. Every file of `site`
    /// counts as written; the ids of a file `fresh` points into are read from it when a
    /// reference needs one.
    pub fn again(&self, fresh: &[(String, Data)], site: &Site) {
        for (path, data) in fresh {
            if let Data::Bytes(bytes) = data {
                self.read(path, Some(bytes));
            }
        }
        for path in site.files.keys() {
            self.expect(path);
        }
        let pointed: std::collections::BTreeSet<String> = (self.misses().into_iter())
            .filter_map(|m| Some(m.target.split_once('#')?.0.to_owned()))
            .collect();
        let mut found = sync::lock(&self.found);
        for path in pointed {
            let Some(Data::Bytes(bytes)) = site.files.get(&path) else {
                continue;
            };
            for (name, value) in attributes(bytes, false) {
                if matches!(name, b"id" | b"name") && !value.is_empty() {
                    found.targets.insert(key(&path, &unescape(value)));
                }
            }
        }
    }

    /// Every reference that points at nothing written, sorted by file then href.
    pub fn misses(&self) -> Vec<DeadLink> {
        let found = sync::lock(&self.found);
        let mut misses: Vec<DeadLink> = found
            .refs
            .iter()
            .filter(|(hash, _)| !found.targets.contains(hash))
            .filter_map(|(_, r)| {
                let (target, fragment) = self.resolve(&r.from, &r.href)?;
                // `roles/x` for the folder `roles/x/`, as a web server would take it.
                let folder = format!("{target}/index.html");
                if found
                    .targets
                    .contains(&key(&folder, fragment_key(&fragment)))
                {
                    return None;
                }
                let target = match fragment.as_str() {
                    "" => target,
                    f => format!("{target}#{f}"),
                };
                Some(DeadLink {
                    from: r.from.clone(),
                    href: r.href.clone(),
                    target,
                })
            })
            .collect();
        misses.sort_by(|a, b| (&a.from, &a.href).cmp(&(&b.from, &b.href)));
        misses
    }

    /// The misses as errors, each at the page it is in: `source` names the content file
    /// a written file was made from, with its text, where there is one. A reference the
    /// page's author wrote in HTML is the author's to fix, at its line; any other is a bug.
    pub fn finish<'t>(
        &self,
        source: &dyn Fn(&str) -> Option<(std::path::PathBuf, &'t str)>,
    ) -> Vec<Diagnostic> {
        self.misses()
            .into_iter()
            .map(|m| {
                let (from, href) = (m.from.as_str(), m.href.as_str());
                let target = m.target.escape_debug().to_string();
                let (at, text) = source(from).map_or((from.into(), None), |(p, t)| (p, Some(t)));
                if let Some((text, offset)) = text.and_then(|t| Some((t, written_at(t, href)?))) {
                    return Diagnostic::error(
                        at,
                        msg!("link-in-html", href = href, target = target),
                    )
                    .at_offset(text, offset)
                    .with_help(msg!("link-in-html-help"));
                }
                let message = if m.target.contains('#') {
                    msg!(
                        "internal-link-anchor",
                        from = from,
                        href = href,
                        target = target
                    )
                } else {
                    msg!(
                        "internal-link-file",
                        from = from,
                        href = href,
                        target = target
                    )
                };
                Diagnostic::error(at, message).with_help(msg!("internal-link-help"))
            })
            .collect()
    }
}

/// Where `href` is written as an attribute's value in `text` (a page's Markdown), after
/// its `="` or `='`.
fn written_at(text: &str, href: &str) -> Option<usize> {
    ["=\"", "='"].iter().find_map(|open| {
        let quote = &open[1..];
        let needle = format!("{open}{href}{quote}");
        text.find(&needle).map(|at| at + open.len())
    })
}

/// The fragments that need no id: `#` and `#top` go to the top of the page.
fn fragment_key(fragment: &str) -> &str {
    match fragment {
        "top" => "",
        f => f,
    }
}

fn key(path: &str, fragment: &str) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(path.as_bytes());
    hasher.update(&[0]);
    hasher.update(fragment.as_bytes());
    hasher.digest()
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// `mailto:`, `https:`, `data:`…: a scheme before any `/`, `?` or `#`.
fn has_scheme(href: &[u8]) -> bool {
    let end = (href.iter()).position(|b| matches!(b, b':' | b'/' | b'?' | b'#'));
    matches!(end, Some(i) if href[i] == b':' && i > 0
        && href[..i].iter().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b)))
}

/// The attributes `href`, `src`, `id` and `name` of an HTML file (names lowercase as
/// written by praxis and its templates), and, in an XML file, the text of `<loc>`
/// elements as `loc`. Each `="` is found by memchr's two-byte finder and the four names
/// compared before it: about 2 GB/s on a guide's pages, ten times a multi-pattern search.
fn attributes(html: &[u8], xml: bool) -> impl Iterator<Item = (&[u8], &[u8])> {
    let quoted = memchr::memmem::find_iter(html, b"=\"").filter_map(move |at| {
        let name = [&b"href"[..], b"src", b"id", b"name"]
            .into_iter()
            // `data-href`, `xlink:href`, `valid=`: only the attributes themselves, after a space.
            .find(|name| {
                at > name.len()
                    && html[..at].ends_with(name)
                    && html[at - name.len() - 1].is_ascii_whitespace()
            })?;
        let value = &html[at + 2..];
        let end = memchr::memchr(b'"', value)?;
        Some((name, &value[..end]))
    });
    let locs =
        memchr::memmem::find_iter(if xml { html } else { &[] }, b"<loc>").filter_map(move |at| {
            let value = &html[at + 5..];
            let end = memchr::memmem::find(value, b"</loc>")?;
            Some((&b"loc"[..], &value[..end]))
        });
    quoted.chain(locs)
}

/// The part of a file's folder `dir` that a reference `href` met in it depends on: `""`
/// for an absolute one, the folder less one level per leading `../` for a relative one
/// (`../../static/x.css` resolves the same from every page two levels down), the whole
/// folder where the rest of it could climb again (`..`, or `%2e`/`&#46;` once decoded).
/// References are resolved once per scope: pages side by side share most of theirs.
fn scope<'d>(dir: &'d str, href: &[u8]) -> &'d str {
    let is_absolute = href.first() == Some(&b'/') || has_scheme(href);
    if is_absolute {
        return "";
    }
    let mut rest = href;
    let mut up = 0;
    while let Some(after) = rest.strip_prefix(b"../") {
        rest = after;
        up += 1;
    }
    let encoded = memchr::memchr2(b'%', b'&', rest).is_some_and(|_| {
        rest.contains(&b'&') || rest.windows(3).any(|w| w.eq_ignore_ascii_case(b"%2e"))
    });
    let climbs = rest.first() == Some(&b'.') || memchr::memmem::find(rest, b"/.").is_some();
    if up == 0 || climbs || encoded {
        return dir;
    }
    // `roles/x/` less `up` levels: the prefix before its last `up` folders.
    let mut end = dir.len();
    for _ in 0..up {
        match dir[..end.saturating_sub(1)].rfind('/') {
            Some(i) => end = i + 1,
            None if end > 0 => end = 0,
            None => return dir,
        }
    }
    &dir[..end]
}

/// An attribute's value with its character references decoded.
fn unescape(value: &[u8]) -> std::borrow::Cow<'_, str> {
    let text = String::from_utf8_lossy(value);
    if text.contains('&') {
        crate::base::text::unescape_html(&text).into()
    } else {
        text
    }
}

/// A sink whose files are read by a [`Checker`] on their way into it.
pub struct Watched<'s> {
    checker: &'s Checker,
    sink: &'s dyn Sink,
}

impl Sink for Watched<'_> {
    fn put(&self, path: String, data: Data) -> Result<()> {
        let bytes = match &data {
            Data::Bytes(b) => Some(b.as_slice()),
            Data::Copy(_) => None,
        };
        self.checker.read(&path, bytes);
        self.sink.put(path, data)
    }

    fn open(&self, path: String) -> Result<Box<dyn Piecewise + '_>> {
        let inner = self.sink.open(path.clone())?;
        Ok(Box::new(WatchedPieces {
            checker: self.checker,
            path,
            inner,
        }))
    }
}

/// A file written a piece at a time, each piece read on its way (pieces hold whole
/// elements: the booklet is written a batch of whole sheets at a time).
struct WatchedPieces<'s> {
    checker: &'s Checker,
    path: String,
    inner: Box<dyn Piecewise + 's>,
}

impl Piecewise for WatchedPieces<'_> {
    fn write(&mut self, piece: &[u8]) -> Result<()> {
        self.checker.read(&self.path, Some(piece));
        self.inner.write(piece)
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.inner.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::sink::Site;

    fn checker() -> Checker {
        Checker::new("https://example.org/guide/", "/guide/")
    }

    fn put(sink: &dyn Sink, path: &str, html: &str) {
        sink.put(
            path.to_owned(),
            Data::Bytes(html.as_bytes().to_vec().into()),
        )
        .unwrap();
    }

    #[test]
    fn references_are_read_from_the_file_that_holds_them() {
        let c = checker();
        let r = |from: &str, href: &str| c.resolve(from, href);
        let at = |p: &str, f: &str| Some((p.to_owned(), f.to_owned()));
        assert_eq!(r("a/b/index.html", "../c/"), at("a/c/index.html", ""));
        assert_eq!(r("a/b/index.html", "../../"), at("index.html", ""));
        assert_eq!(r("a/b/index.html", "#x"), at("a/b/index.html", "x"));
        assert_eq!(r("a/index.html", "img%201.png?v=2"), at("a/img 1.png", ""));
        assert_eq!(r("404.html", "/guide/static/s.css"), at("static/s.css", ""));
        assert_eq!(
            r("fiches/index.html", "https://example.org/guide/roles/x/#y"),
            at("roles/x/index.html", "y")
        );
        assert_eq!(r("x.html", "https://other.org/"), None);
        assert_eq!(r("x.html", "mailto:a@b.c"), None);
        assert_eq!(r("x.html", "//cdn.org/x.js"), None);
        // What no build writes: above the root, outside the base path, a control mark.
        assert!(r("a/index.html", "../../x/").unwrap().0.starts_with("../"));
        assert_eq!(r("404.html", "/other/").unwrap().0, "/other/");
        assert_eq!(
            r("fiches/x/index.html", "%01root%01roles/schema.png")
                .unwrap()
                .0,
            "fiches/x/\u{1}root\u{1}roles/schema.png"
        );
    }

    #[test]
    fn a_reference_to_nothing_written_is_a_miss_naming_its_page() {
        let c = checker();
        let site = Mutex::new(Site::default());
        let sink = c.watch(&site);
        put(
            &sink,
            "roles/x/index.html",
            r##"<h2 id="mission">M</h2><a href="../../glossaire/t/">t</a> <a href="#mission">m</a>
            <img src="schema.png" alt=""> <a class="x" href="../../fiches/x/#fiche-x">f</a>"##,
        );
        put(
            &sink,
            "glossaire/t/index.html",
            r##"<a href="../../roles/x/#absent">x</a>"##,
        );
        sink.put("roles/x/schema.png".into(), Data::Copy("s.png".into()))
            .unwrap();
        let mut booklet = sink.open("fiches/x/index.html".into()).unwrap();
        booklet
            .write(br#"<article id="fiche-x"><img src="%01root%01roles/x/schema.png"></article>"#)
            .unwrap();
        booklet.finish().unwrap();
        put(
            &sink,
            "sitemap.xml",
            "<url><loc>https://example.org/guide/roles/x/</loc></url><url><loc>https://example.org/guide/gone/</loc></url>",
        );
        let misses = c.misses();
        let seen: Vec<(&str, &str)> = misses
            .iter()
            .map(|m| (m.from.as_str(), m.target.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "fiches/x/index.html",
                    "fiches/x/\u{1}root\u{1}roles/x/schema.png"
                ),
                ("glossaire/t/index.html", "roles/x/index.html#absent"),
                ("sitemap.xml", "gone/index.html"),
            ]
        );
        let text = "---\ntitle: T\n---\nVoir [[x]].\n";
        let errors = c.finish(&|from| {
            (from == "glossaire/t/index.html").then(|| ("content/t.md".into(), text))
        });
        assert_eq!(errors[1].path, std::path::Path::new("content/t.md"));
        assert!(
            errors[1]
                .message
                .to_string()
                .contains("an anchor that is not on that page")
        );
        assert_eq!(errors[0].path, std::path::Path::new("fiches/x/index.html"));
    }

    #[test]
    fn a_reference_is_resolved_once_for_every_folder_it_means_the_same_from() {
        assert_eq!(scope("roles/x/", b"../../static/s.css"), "");
        assert_eq!(scope("roles/x/", b"../y/"), "roles/");
        assert_eq!(scope("roles/x/", b"/guide/x/"), "");
        assert_eq!(scope("roles/x/", b"https://example.org/"), "");
        assert_eq!(scope("roles/x/", b"#mission"), "roles/x/");
        assert_eq!(scope("roles/x/", b"schema.png"), "roles/x/");
        // What could climb again once decoded, or climbs above the root: the whole folder.
        assert_eq!(scope("roles/x/", b"../a/../../b"), "roles/x/");
        assert_eq!(scope("roles/x/", b"../%2E%2e/b"), "roles/x/");
        assert_eq!(scope("roles/x/", b"../&#46;&#46;/b"), "roles/x/");
        assert_eq!(scope("roles/x/", b"../../../b"), "roles/x/");
        let c = checker();
        for (dir, href) in [("roles/x/", "../../static/s.css"), ("roles/x/", "../y/")] {
            let other = dir.replace("x/", "z/");
            assert_eq!(
                c.resolve(&format!("{dir}index.html"), href),
                c.resolve(&format!("{other}index.html"), href)
            );
        }
    }

    #[test]
    fn attributes_are_read_as_praxis_and_tera_write_them() {
        let html = br#"<a data-href="x" href="a&amp;b&#x2F;c" title="t"><p id="i">"#;
        let found: Vec<(String, String)> = attributes(html, false)
            .map(|(n, v)| (String::from_utf8_lossy(n).into(), unescape(v).into_owned()))
            .collect();
        assert_eq!(
            found,
            [("href".into(), "a&b/c".into()), ("id".into(), "i".into())]
        );
    }
}
