//! The static search index, built with the site so that search needs no server: every
//! page's title, aliases, summary, tasks and body, folded (case, accents) and stemmed
//! with the Snowball French stemmer, written as one JavaScript file that `search.js`
//! loads on demand (a script, not `fetch`, so search also works on a site opened from disk).
//!
//! The browser never stems: the index ships, for each stem, the word forms seen in the
//! guide, so a query word is mapped to its stem exactly as the build mapped it.

use crate::content::{Content, Kind, Page};
use crate::markdown;
use crate::text;
use crate::theme::Theme;
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use unicode_normalization::char::is_combining_mark;

/// Where the index is written, from the site root.
pub const INDEX_FILE: &str = "search-index.js";

/// Weights of the places a word is found; a page's weight for a stem is the sum of its
/// places, so titles and aliases always rank above body matches.
const TITLE: u32 = 20;
const ALIAS: u32 = 20;
/// A title or alias that is this one word (`CoP`): the page that *is* the word comes first.
const WHOLE_NAME: u32 = 30;
const SUMMARY: u32 = 4;
const TASK: u32 = 3;
/// Occurrences in the body count up to this many.
const BODY_MAX: u32 = 5;
/// In a guide of more than `BIG_GUIDE` pages, a page keeps only its `BODY_STEMS_MAX` most
/// distinctive body stems (titles, aliases, summaries and tasks are always all kept):
/// this bounds the index of a big guide.
const BIG_GUIDE: usize = 1000;
const BODY_STEMS_MAX: usize = 48;
const EXCERPT_CHARS: usize = 140;

/// Words too common to search for, folded. Elided articles (`l'`, `d'`, `qu'`) are here too:
/// the tokenizer splits `l'animateur` into `l` and `animateur`. Sorted: searched by bisection.
pub const STOP_WORDS: &[&str] = &[
    "a", "au", "aux", "avec", "c", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du",
    "elle", "elles", "en", "est", "et", "il", "ils", "j", "je", "jusqu", "l", "la", "le", "les",
    "leur", "leurs", "lorsqu", "lui", "m", "mais", "me", "n", "ne", "nous", "on", "ou", "par",
    "pas", "pour", "puisqu", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sont", "sur", "t",
    "te", "un", "une", "vous", "y",
];

/// The words of `s` as search sees them: folded, split on anything not a letter or digit
/// (so elisions split), stop words left out.
pub fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(s, |w| out.push(w.to_owned()));
    out
}

/// [`tokens`] without an allocation per word: calls `f` with each word in turn.
pub fn for_each_token(s: &str, mut f: impl FnMut(&str)) {
    let mut folded = String::new();
    // Combining accents belong to their word (decomposed `é` is `e` + U+0301).
    for raw in s.split(|c: char| !c.is_alphanumeric() && !is_combining_mark(c)) {
        if raw.is_empty() {
            continue;
        }
        folded.clear();
        if raw.is_ascii() {
            folded.push_str(raw);
            folded.make_ascii_lowercase();
        } else {
            folded.push_str(&text::fold(raw));
        }
        for word in folded.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() && STOP_WORDS.binary_search(&word).is_err() {
                f(word);
            }
        }
    }
}

/// Stems folded words with Snowball French, remembering each word's stem.
pub struct Stems {
    stemmer: Stemmer,
    cache: HashMap<String, String>,
}

impl Default for Stems {
    fn default() -> Self {
        Stems {
            stemmer: Stemmer::create(Algorithm::French),
            cache: HashMap::default(),
        }
    }
}

impl Stems {
    pub fn stem(&mut self, word: &str) -> &str {
        if !self.cache.contains_key(word) {
            let s = self.stemmer.stem(word).into_owned();
            self.cache.insert(word.to_owned(), s);
        }
        &self.cache[word]
    }
}

/// One page as the results list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub title: String,
    pub url: String,
    pub kind: Kind,
    pub excerpt: String,
}

/// The index in memory: pages, and for each stem the pages that hold it with a weight.
#[derive(Debug, Default)]
pub struct Index {
    pub pages: Vec<Entry>,
    /// Stem → (page number, weight), page numbers ascending.
    pub postings: BTreeMap<String, Vec<(usize, u32)>>,
    /// Every word form met → its stem.
    pub words: BTreeMap<String, String>,
}

impl Index {
    /// The pages holding every word of `query`, best first (what `search.js` computes,
    /// without prefix matching): for Rust-side tests and tools.
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        let mut stems = Stems::default();
        let mut total: Option<HashMap<usize, u32>> = None;
        for word in tokens(query) {
            let stem = self
                .words
                .get(&word)
                .cloned()
                .unwrap_or_else(|| stems.stem(&word).to_owned());
            let found: HashMap<usize, u32> = self
                .postings
                .get(&stem)
                .map(|p| p.iter().copied().collect())
                .unwrap_or_default();
            total = Some(match total {
                None => found,
                Some(t) => t
                    .into_iter()
                    .filter_map(|(p, w)| found.get(&p).map(|f| (p, w + f)))
                    .collect(),
            });
        }
        let mut hits: Vec<(usize, u32)> = total.unwrap_or_default().into_iter().collect();
        hits.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| text::collate(&self.pages[a.0].title, &self.pages[b.0].title))
        });
        hits.into_iter().map(|(p, _)| &self.pages[p]).collect()
    }
}

/// Indexes every page of the guide (pages in parallel, each thread with its stemmer,
/// whose cache of word → stem becomes the index's word list).
pub fn index(content: &Content) -> Index {
    type PageIndex = (usize, Entry, Weights, HashMap<String, u32>);
    let (stems, mut per_page) = content
        .pages
        .par_iter()
        .enumerate()
        // One share of pages per thread: each share has its own stem cache, and more
        // shares would stem the same words again.
        .with_min_len(
            content
                .pages
                .len()
                .div_ceil(rayon::current_num_threads())
                .max(1),
        )
        .fold(
            || (Stems::default(), Vec::new()),
            |(mut stems, mut done): (Stems, Vec<PageIndex>), (n, page)| {
                let body = markdown::plain_text(page.body());
                let summary = page
                    .meta
                    .summary
                    .as_deref()
                    .map(markdown::plain_text)
                    .unwrap_or_default();
                let (weights, counts) = page_weights(page, &summary, &body, &mut stems);
                let entry = Entry {
                    title: page.meta.title.clone(),
                    url: page.url.clone(),
                    kind: page.meta.kind,
                    excerpt: excerpt(if summary.is_empty() { &body } else { &summary }),
                };
                done.push((n, entry, weights, counts));
                (stems, done)
            },
        )
        .reduce(
            || (Stems::default(), Vec::new()),
            |(mut a, mut pa), (b, pb)| {
                a.cache.extend(b.cache);
                pa.extend(pb);
                (a, pa)
            },
        );
    per_page.sort_by_key(|p| p.0);
    // Merged in hash maps, sorted once at the end: a B-tree insertion per word of every
    // page was most of the cost of a big guide's index.
    let mut out = Index::default();
    let mut weights = Vec::with_capacity(per_page.len());
    let mut bodies = Vec::with_capacity(per_page.len());
    for (_, entry, w, body) in per_page {
        out.pages.push(entry);
        weights.push(w);
        bodies.push(body);
    }
    add_body(&mut weights, bodies);
    let mut postings: HashMap<String, Vec<(usize, u32)>> = HashMap::default();
    for (n, page) in weights.into_iter().enumerate() {
        for (stem, weight) in page {
            postings.entry(stem).or_default().push((n, weight));
        }
    }
    out.words = stems.cache.into_iter().collect();
    out.postings = postings.into_iter().collect();
    out
}

fn page_weights(
    page: &Page,
    summary: &str,
    body: &str,
    stems: &mut Stems,
) -> (Weights, HashMap<String, u32>) {
    let mut stem_all = |s: &str| -> Vec<String> {
        let mut out = Vec::new();
        for_each_token(s, |w| out.push(stems.stem(w).to_owned()));
        out
    };
    let mut weights: HashMap<String, u32> = HashMap::default();
    let mut names = vec![(page.meta.title.as_str(), TITLE)];
    names.extend(page.meta.aliases.iter().map(|a| (a.as_str(), ALIAS)));
    let mut named: HashMap<String, u32> = HashMap::default();
    for (name, weight) in names {
        let found = stem_all(name);
        let whole = if found.len() == 1 { WHOLE_NAME } else { 0 };
        for stem in found {
            let w = named.entry(stem).or_default();
            *w = (*w).max(weight + whole);
        }
    }
    for (stem, w) in named {
        *weights.entry(stem).or_default() += w;
    }
    for stem in dedup(stem_all(summary)) {
        *weights.entry(stem).or_default() += SUMMARY;
    }
    let tasks = page.meta.tasks.join(" ");
    for stem in dedup(stem_all(&markdown::plain_text(&tasks))) {
        *weights.entry(stem).or_default() += TASK;
    }
    let mut counts: HashMap<String, u32> = HashMap::default();
    for_each_token(body, |w| {
        let stem = stems.stem(w);
        match counts.get_mut(stem) {
            Some(c) => *c += 1,
            None => {
                counts.insert(stem.to_owned(), 1);
            }
        }
    });
    (weights, counts)
}

/// Adds to each page's weights its body stems; in a big guide, only the
/// [`BODY_STEMS_MAX`] most distinctive (count × inverse page frequency) of each page.
fn add_body(pages: &mut [Weights], bodies: Vec<HashMap<String, u32>>) {
    let mut df: HashMap<&str, u32> = HashMap::default();
    if pages.len() > BIG_GUIDE {
        for body in &bodies {
            for stem in body.keys() {
                *df.entry(stem.as_str()).or_default() += 1;
            }
        }
    }
    let n = pages.len() as f64;
    let mut kept: Vec<Vec<(String, u32)>> = Vec::with_capacity(bodies.len());
    for body in &bodies {
        let mut counts: Vec<(&String, u32)> = body.iter().map(|(s, c)| (s, *c)).collect();
        if !df.is_empty() && counts.len() > BODY_STEMS_MAX {
            let mut scored: Vec<(f64, &String, u32)> = counts
                .iter()
                .map(|&(s, c)| {
                    let idf = (n / f64::from(df.get(s.as_str()).copied().unwrap_or(1))).ln();
                    (f64::from(c) * idf, s, c)
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            counts = scored
                .into_iter()
                .take(BODY_STEMS_MAX)
                .map(|(_, s, c)| (s, c))
                .collect();
        }
        kept.push(counts.into_iter().map(|(s, c)| (s.clone(), c)).collect());
    }
    for (weights, body) in pages.iter_mut().zip(kept) {
        for (stem, count) in body {
            *weights.entry(stem).or_default() += count.min(BODY_MAX);
        }
    }
}

type Weights = HashMap<String, u32>;

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// The start of `s`, cut at a word boundary, with an ellipsis when cut.
fn excerpt(s: &str) -> String {
    if s.chars().count() <= EXCERPT_CHARS {
        return s.to_owned();
    }
    let cut: String = s.chars().take(EXCERPT_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The index as the JavaScript file `search.js` loads. `strings` is the theme's
/// `strings.fr.yaml`, for the names of the kinds shown beside each result.
pub fn to_js(index: &Index, strings: &BTreeMap<String, String>) -> String {
    let mut js = String::from("window.praxisSearchIndex={\"kinds\":{");
    let kinds: Vec<String> = Kind::ALL
        .iter()
        .map(|(name, _)| {
            let label = strings
                .get(&format!("kind_{name}"))
                .map_or(*name, String::as_str);
            format!("{}:{}", json(name), json(label))
        })
        .collect();
    js.push_str(&kinds.join(","));
    js.push_str("},\"noResult\":");
    js.push_str(&json(
        strings.get("search_no_result").map_or("", String::as_str),
    ));
    js.push_str(",\"stop\":");
    js.push_str(&json(&STOP_WORDS.join(" ")));
    js.push_str(",\"pages\":[");
    let pages: Vec<String> = index
        .pages
        .iter()
        .map(|p| {
            format!(
                "[{},{},{},{}]",
                json(&p.title),
                json(&p.url),
                json(p.kind.name()),
                json(&p.excerpt)
            )
        })
        .collect();
    js.push_str(&pages.join(",\n"));
    // Each stem: the endings that make its word forms (`coordin`: `ateur ateurs ation`),
    // then its postings as base-36 page-number deltas, `.weight` when the weight is not 1.
    let mut endings: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut odd: Vec<String> = Vec::new();
    for (word, stem) in &index.words {
        match word.strip_prefix(stem.as_str()) {
            Some(end) if index.postings.contains_key(stem) => {
                endings.entry(stem).or_default().push(end)
            }
            _ => odd.push(format!("{}:{}", json(word), json(stem))),
        }
    }
    js.push_str("],\n\"stems\":{");
    let stems: Vec<String> = index
        .postings
        .iter()
        .map(|(stem, postings)| {
            let mut list = String::new();
            let mut last = 0;
            for (i, &(page, weight)) in postings.iter().enumerate() {
                if i > 0 {
                    list.push(',');
                }
                list.push_str(&base36(page - last));
                last = page;
                if weight != 1 {
                    list.push('.');
                    list.push_str(&base36(weight as usize));
                }
            }
            let ends = endings
                .get(stem.as_str())
                .map_or(String::new(), |e| e.join(" "));
            format!("{}:[{},{}]", json(stem), json(&ends), json(&list))
        })
        .collect();
    js.push_str(&stems.join(",\n"));
    js.push_str("},\n\"odd\":{");
    js.push_str(&odd.join(","));
    js.push_str("}};\n");
    js
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A JSON string literal, safe inside a script (`</script>` and line separators escaped).
fn json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The UI strings of a theme's `strings.fr.yaml` (already checked by the renderer).
pub fn strings(yaml: &[u8]) -> BTreeMap<String, String> {
    serde_yaml::from_slice(yaml).unwrap_or_default()
}

/// The bytes of [`INDEX_FILE`] for a guide, with the kind names of its theme.
pub fn index_file(content: &Content, theme: &Theme) -> Vec<u8> {
    let strings = theme
        .file("strings.fr.yaml")
        .map(|f| strings(&f.bytes))
        .unwrap_or_default();
    to_js(&index(content), &strings).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Meta;
    use std::path::PathBuf;

    fn page(
        id: &str,
        kind: Kind,
        title: &str,
        aliases: &[&str],
        summary: &str,
        body: &str,
    ) -> Page {
        Page {
            source: PathBuf::from(format!("content/{id}.md")),
            text: body.to_owned(),
            body_start: 0,
            id: id.to_owned(),
            stem: id.rsplit('/').next().unwrap_or(id).to_owned(),
            is_section: false,
            parent: None,
            url: format!("{id}/"),
            meta: Meta {
                title: title.to_owned(),
                kind,
                summary: (!summary.is_empty()).then(|| summary.to_owned()),
                aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
                weight: None,
                draft: false,
                tasks: Vec::new(),
                roles: Vec::new(),
            },
        }
    }

    fn guide() -> Content {
        Content {
            pages: vec![
                page(
                    "roles/coordinateur",
                    Kind::Role,
                    "Coordinateur",
                    &["coordinatrice"],
                    "Veille au bon fonctionnement de l'équipe.",
                    "Il travaille avec l'animateur sur les plateformes.\n",
                ),
                page(
                    "roles/animateur",
                    Kind::Role,
                    "Animateur",
                    &[],
                    "Fait vivre les échanges.",
                    "Voir le [[coordinateur]] et la CoP.\n",
                ),
                page(
                    "glossaire/cop",
                    Kind::Term,
                    "Communauté de Pratique",
                    &["CoP", "Communautés de Pratique"],
                    "Un groupe qui apprend.",
                    "Texte.\n",
                ),
                page(
                    "glossaire/plateforme",
                    Kind::Term,
                    "Plateforme",
                    &[],
                    "Un espace en ligne d'accès restreint.",
                    "Une CoP virtuelle y travaille.\n",
                ),
            ],
            assets: Vec::new(),
        }
    }

    fn titles(index: &Index, q: &str) -> Vec<String> {
        index.search(q).iter().map(|e| e.title.clone()).collect()
    }

    #[test]
    fn tokens_fold_split_elisions_and_drop_stop_words() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(tokens("L'Équipe d’accès"), ["equipe", "acces"]);
        assert_eq!(tokens("Qu'est-ce qu'une CoP ?"), ["cop"]);
        assert!(tokens("le la les").is_empty());
        assert_eq!(
            tokens("e\u{301}quipe"),
            ["equipe"],
            "decomposed accents stay in the word"
        );
    }

    #[test]
    fn plurals_and_feminines_share_a_stem() {
        let mut s = Stems::default();
        let mut stem = |w: &str| s.stem(w).to_owned();
        assert_eq!(stem("coordinateurs"), stem("coordinateur"));
        assert_eq!(stem("plateformes"), stem("plateforme"));
        assert_eq!(stem("equipes"), stem("equipe"));
    }

    #[test]
    fn searching_ignores_accents_plurals_and_elisions() {
        let index = index(&guide());
        assert_eq!(titles(&index, "equipe"), ["Coordinateur"]);
        assert_eq!(titles(&index, "coordinateurs")[0], "Coordinateur");
        assert_eq!(titles(&index, "l'animateur")[0], "Animateur");
        assert_eq!(titles(&index, "d'accès"), ["Plateforme"]);
        assert_eq!(titles(&index, "PLATEFORMES")[0], "Plateforme");
        assert!(titles(&index, "zzzz").is_empty());
    }

    #[test]
    fn names_rank_above_body_matches() {
        let index = index(&guide());
        // Three pages say CoP; the one named CoP comes first.
        assert_eq!(titles(&index, "CoP")[0], "Communauté de Pratique");
        assert_eq!(titles(&index, "cop").len(), 3);
        assert_eq!(
            titles(&index, "coordinateur"),
            ["Coordinateur", "Animateur"]
        );
    }

    #[test]
    fn the_js_file_maps_word_forms_to_stems_and_escapes_text() {
        let mut content = guide();
        content.pages[0].meta.title = "Coordinateur </script>".to_owned();
        let index = index(&content);
        let js = to_js(&index, &strings(b"kind_role: R\xc3\xb4le\n"));
        assert!(js.starts_with(
            "window.praxisSearchIndex={\"kinds\":{\"page\":\"page\",\"role\":\"Rôle\""
        ));
        assert!(!js.contains("</script>"));
        let stem = Stems::default().stem("coordinateur").to_owned();
        assert!(js.contains(&format!("\"{stem}\":[\"")), "{js}");
    }

    #[test]
    fn long_excerpts_are_cut_at_a_word() {
        let long = "mot ".repeat(100);
        let e = excerpt(&long);
        assert!(e.ends_with('…') && e.chars().count() <= EXCERPT_CHARS + 1);
        assert_eq!(base36(0), "0");
        assert_eq!(base36(71), "1z");
    }
}
