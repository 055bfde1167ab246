//! The guide as a folder read from disk (`praxis build --offline`): a browser opens
//! `roles/index.html` from `file://`, but not the folder `roles/`, so every internal link
//! of every page, sheet and the booklet names its file. The pages are rendered as usual,
//! then their links are rewritten on their way to the output ([`FileLinks`]); the links
//! that scripts make (search results) follow `data-file-links` on `<body>`.

use crate::base::sink::{Data, Gathered, Piecewise, Sink};
use anyhow::Result;

/// `html` with each relative link to a folder (`href="../roles/"`, `href=""`) made a link
/// to its `index.html`; links with a scheme, from the server's root (`/…`) or to an
/// anchor of the page itself are left as they are.
pub fn file_links(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + html.len() / 64);
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest, b"href=") {
        let start = at + 5;
        let Some(&quote) = rest.get(start).filter(|q| **q == b'"' || **q == b'\'') else {
            out.extend_from_slice(&rest[..start]);
            rest = &rest[start..];
            continue;
        };
        let value_start = start + 1;
        let Some(len) = memchr::memchr(quote, &rest[value_start..]) else {
            break;
        };
        out.extend_from_slice(&rest[..value_start]);
        out.extend_from_slice(file_link(&rest[value_start..value_start + len]).as_ref());
        rest = &rest[value_start + len..];
    }
    out.extend_from_slice(rest);
    out
}

/// One link, as [`file_links`] writes it.
fn file_link(href: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let end = href
        .iter()
        .position(|&b| b == b'#' || b == b'?')
        .unwrap_or(href.len());
    let (path, suffix) = href.split_at(end);
    let scheme = path.iter().take_while(|&&b| b != b'/').any(|&b| b == b':');
    let own_anchor = path.is_empty() && !suffix.is_empty();
    if scheme || own_anchor || path.starts_with(b"/") || !(path.is_empty() || path.ends_with(b"/"))
    {
        return href.into();
    }
    let mut link = Vec::with_capacity(href.len() + 10);
    link.extend_from_slice(path);
    link.extend_from_slice(b"index.html");
    link.extend_from_slice(suffix);
    link.into()
}

/// A sink that rewrites the links of each HTML file ([`file_links`]) before handing it on.
pub struct FileLinks<'s>(pub &'s dyn Sink);

impl Sink for FileLinks<'_> {
    fn put(&self, path: String, data: Data) -> Result<()> {
        match data {
            Data::Bytes(bytes) if path.ends_with(".html") => {
                self.0.put(path, Data::Bytes(file_links(&bytes).into()))
            }
            other => self.0.put(path, other),
        }
    }

    fn open(&self, path: String) -> Result<Box<dyn Piecewise + '_>> {
        // The booklet: gathered whole, since a link may straddle two pieces. An offline
        // guide is one to carry around, not one of ten thousand pages.
        Ok(Box::new(Gathered {
            sink: self,
            path,
            bytes: Vec::new(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(html: &str) -> String {
        String::from_utf8(file_links(html.as_bytes())).unwrap()
    }

    #[test]
    fn links_to_folders_name_their_index_file() {
        assert_eq!(
            rewrite(r#"<a href="../roles/">R</a> <a href="">Accueil</a> <a href='x/#y'>Y</a>"#),
            r#"<a href="../roles/index.html">R</a> <a href="index.html">Accueil</a> <a href='x/index.html#y'>Y</a>"#
        );
    }

    #[test]
    fn other_links_are_left_alone() {
        let html = r##"<link href="https://example.org/guide/"><a href="#fn-1">1</a>
<a href="/guide/">root</a><a href="mailto:a@b.fr">m</a><a href="static/style.css">s</a>
<a href="schema.png">i</a><a href=x>bare</a><a href="unclosed"##;
        assert_eq!(rewrite(html), html);
    }
}
