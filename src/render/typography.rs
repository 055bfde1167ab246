//! French typography on rendered HTML: a narrow no-break space (U+202F) before « ; ! ? »,
//! a no-break space (U+00A0) before « : » and inside « ». Only the spaces an author typed
//! are replaced, and only in text: never inside a tag (attributes, URLs), in `<code>`,
//! `<pre>`, `<script>`, `<style>` or `<textarea>`. The search index is made from the
//! Markdown, not from this HTML: its words are untouched.

use memchr::memmem::Finder;
use std::sync::LazyLock;

const NNBSP: &str = "\u{202f}";
const NBSP: &str = "\u{a0}";

/// The spaces to make unbreakable, and what each becomes: the space before « ; ! ? » and
/// « : », and the one after « and before ». One finder each: memchr's finders look for
/// the rarer byte of the pair first, so that the spaces of a page, everywhere, cost
/// nothing; a finder for all six at once would stop at every space.
const PATTERNS: [(&str, &str); 6] = [
    (" ;", NNBSP),
    (" !", NNBSP),
    (" ?", NNBSP),
    (" :", NBSP),
    ("\u{ab} ", NBSP),
    (" \u{bb}", NBSP),
];

static FINDERS: LazyLock<Vec<Finder<'static>>> =
    LazyLock::new(|| PATTERNS.iter().map(|(p, _)| Finder::new(p)).collect());

/// Elements whose text is left as written, by their opening tag.
static VERBATIM: LazyLock<Vec<(Finder<'static>, Finder<'static>)>> = LazyLock::new(|| {
    [
        ("<code", "</code"),
        ("<pre", "</pre"),
        ("<script", "</script"),
        ("<style", "</style"),
        ("<textarea", "</textarea"),
    ]
    .iter()
    .map(|(open, close)| (Finder::new(open), Finder::new(close)))
    .collect()
});

/// `html` with French spaces, or `None` when nothing changes.
pub fn french(html: &[u8]) -> Option<Vec<u8>> {
    // Where each space to replace is, and what replaces it.
    let mut spaces: Vec<(usize, &str)> = Vec::new();
    for (finder, (pattern, nbsp)) in FINDERS.iter().zip(PATTERNS) {
        for at in finder.find_iter(html) {
            let space = if pattern.starts_with(' ') {
                at
            } else {
                at + pattern.len() - 1
            };
            spaces.push((space, nbsp));
        }
    }
    if spaces.is_empty() {
        return None;
    }
    let verbatim = verbatim_ranges(html);
    spaces.retain(|(at, _)| !in_tag(html, *at) && !verbatim.iter().any(|r| r.contains(at)));
    if spaces.is_empty() {
        return None;
    }
    spaces.sort_unstable();
    spaces.dedup_by_key(|(at, _)| *at);
    let mut out = Vec::with_capacity(html.len() + 2 * spaces.len());
    let mut done = 0;
    for (space, nbsp) in spaces {
        out.extend_from_slice(&html[done..space]);
        out.extend_from_slice(nbsp.as_bytes());
        done = space + 1;
    }
    out.extend_from_slice(&html[done..]);
    Some(out)
}

/// Whether byte `at` is inside a tag: the nearest `<` or `>` before it is a `<`.
fn in_tag(html: &[u8], at: usize) -> bool {
    memchr::memrchr2(b'<', b'>', &html[..at]).is_some_and(|i| html[i] == b'<')
}

/// Where the elements whose text is left alone are, from their opening tag to their
/// closing one.
fn verbatim_ranges(html: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    for (open, close) in VERBATIM.iter() {
        for start in open.find_iter(html) {
            let after = start + open.needle().len();
            // `<code>` or `<code class=…>`, not `<codex>`.
            if !matches!(html.get(after), Some(b'>' | b' ' | b'\n' | b'\t')) {
                continue;
            }
            let end = close.find(&html[after..]).map_or(html.len(), |e| after + e);
            ranges.push(start..end);
        }
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
