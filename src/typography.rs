//! French typography on rendered HTML: a narrow no-break space (U+202F) before « ; ! ? »,
//! a no-break space (U+00A0) before « : » and inside « ». Only the spaces an author typed
//! are replaced, and only in text: never inside a tag (attributes, URLs), in `<code>`,
//! `<pre>`, `<script>`, `<style>` or `<textarea>`. The search index is made from the
//! Markdown, not from this HTML: its words are untouched.

use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

const NNBSP: &str = "\u{202f}";
const NBSP: &str = "\u{a0}";

/// The spaces to make unbreakable: `" ;"` … and `"« "`, `" »"`.
const PATTERNS: [&str; 6] = [" ;", " !", " ?", " :", "\u{ab} ", " \u{bb}"];

static FINDER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(PATTERNS).expect("fixed patterns"));

/// Elements whose text is left as written.
const VERBATIM: [&str; 5] = ["code", "pre", "script", "style", "textarea"];

/// `html` with French spaces, or `None` when nothing changes (most pages of a big guide
/// that has no such sign cost one scan).
pub fn french(html: &[u8]) -> Option<Vec<u8>> {
    let mut found = FINDER.find_iter(html).peekable();
    found.peek()?;
    let verbatim = verbatim_ranges(html);
    let mut out = Vec::with_capacity(html.len() + 64);
    let mut done = 0;
    for m in found {
        let at = m.start();
        if in_tag(html, at) || verbatim.iter().any(|r| r.contains(&at)) {
            continue;
        }
        // The space's place: the pattern's first byte, or its last for `« `.
        let (space, nbsp) = match m.pattern().as_usize() {
            0..=2 => (at, NNBSP),
            3 | 5 => (at, NBSP),
            _ => (m.end() - 1, NBSP),
        };
        out.extend_from_slice(&html[done..space]);
        out.extend_from_slice(nbsp.as_bytes());
        done = space + 1;
    }
    if done == 0 {
        return None;
    }
    out.extend_from_slice(&html[done..]);
    Some(out)
}

/// Whether byte `at` is inside a tag: the nearest `<` or `>` before it is a `<`.
fn in_tag(html: &[u8], at: usize) -> bool {
    memchr::memrchr2(b'<', b'>', &html[..at]).is_some_and(|i| html[i] == b'<')
}

/// Where the elements of [`VERBATIM`] are, from their opening tag to their closing one.
fn verbatim_ranges(html: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut pos = 0;
    while let Some(i) = memchr::memchr(b'<', &html[pos..]) {
        let start = pos + i;
        pos = start + 1;
        let rest = &html[pos..];
        let Some(name) = VERBATIM.iter().find(|name| {
            rest.len() > name.len()
                && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(rest[name.len()], b'>' | b' ' | b'\n' | b'\t')
        }) else {
            continue;
        };
        let close = format!("</{name}");
        let end = memchr::memmem::find(rest, close.as_bytes()).map_or(html.len(), |e| pos + e);
        ranges.push(start..end);
        pos = end;
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(html: &str) -> String {
        french(html.as_bytes()).map_or_else(|| html.to_owned(), |b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn signs_keep_to_their_word_in_text_only() {
        assert_eq!(
            fr("<p>Qui ? Quoi ; « oui » : non !</p>"),
            "<p>Qui\u{202f}? Quoi\u{202f}; «\u{a0}oui\u{a0}»\u{a0}: non\u{202f}!</p>"
        );
        let untouched = [
            "<a title=\"Qui ?\" href=\"/a?b=c\">x</a>",
            "<code>a ? b : c</code>",
            "<pre><code class=\"language-js\">x ? y : z</code></pre>",
            "<script>a ? b : c</script>",
            "<p>https://exemple.org/a?b:c</p>",
        ];
        for html in untouched {
            assert_eq!(fr(html), html);
        }
        assert_eq!(
            fr("<code>a ? b</code> puis ?"),
            "<code>a ? b</code> puis\u{202f}?"
        );
    }
}
