//! The static search index, built with the site so that search needs no server: every
//! page's title, aliases, summary, tasks and body, folded (case, accents) and stemmed
//! with the Snowball French stemmer, written as one JavaScript file that `search.js`
//! loads on demand (a script, not `fetch`, so search also works on a site opened from disk).
//!
//! The browser never stems: the index ships, for each stem, the word forms seen in the
//! guide, so a query word is mapped to its stem exactly as the build mapped it.

use crate::analyse::markdown;
use crate::base::sync;
use crate::base::text;
use crate::render::theme::Theme;
use crate::source::content::{Content, Kind, Page, PageId};
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use unicode_normalization::char::is_combining_mark;

/// Where the index is written, from the site root.
/// Kept here for its callers; it lives in [`crate::base::urls`].
pub const INDEX_FILE: &str = crate::base::urls::SEARCH_INDEX;

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

/// Calls `f` with the byte range of each run of ASCII letters and digits and non-ASCII
/// characters of `s`: the words of a run are a function of the run alone, as runs are
/// split only by ASCII separators, which no word holds.
///
/// Bodies are megabytes, so the runs are found 64 bytes at a time, as bit masks.
fn for_each_run(s: &str, mut f: impl FnMut(usize, usize)) {
    let (blocks, rest) = s.as_bytes().as_chunks::<64>();
    // The last bytes, padded with zeros (no word byte), which also end a last run.
    let mut last = [0; 64];
    last[..rest.len()].copy_from_slice(rest);
    let mut start = None;
    let mut before = 0;
    for (k, block) in blocks.iter().chain([&last]).enumerate() {
        let bits = word_bits(block);
        // A bit for each byte that starts or ends a run.
        let mut edges = bits ^ ((bits << 1) | before);
        before = bits >> 63;
        while edges != 0 {
            let at = k * 64 + edges.trailing_zeros() as usize;
            edges &= edges - 1;
            match start.take() {
                None => start = Some(at),
                Some(from) => f(from, at),
            }
        }
    }
}

/// One bit per byte of `block`, set for ASCII letters and digits and for the bytes of
/// other characters: eight bytes at a time, each byte's answer in its high bit.
fn word_bits(block: &[u8; 64]) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // The high bit of each byte of `v` (seven-bit bytes) set if the byte is at least `n`:
    // adding 0x80 - n carries into it, never into the next byte.
    let at_least = |v: u64, n: u8| v + ONES * u64::from(0x80 - n);
    let (eights, _) = block.as_chunks::<8>();
    let mut out = 0;
    for (i, eight) in eights.iter().enumerate() {
        let x = u64::from_le_bytes(*eight);
        let ascii = x & !HIGH;
        // `A`–`Z` become `a`–`z`, and no other byte does.
        let lower = ascii | (ONES * 0x20);
        let digit = at_least(ascii, b'0') & !at_least(ascii, b'9' + 1);
        let letter = at_least(lower, b'a') & !at_least(lower, b'z' + 1);
        let word = (digit | letter | x) & HIGH;
        // The eight high bits gathered in the top byte, first byte lowest.
        out |= ((word >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * i);
    }
    out
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

/// A stem's number: in one thread's [`Vocab`] while pages are read, then its place in
/// the guide's sorted list of stems (so comparing numbers compares stems).
type StemId = u32;

/// The words one thread has met while indexing, each stem numbered, so that a page's
/// tables hold numbers instead of strings.
struct Vocab {
    stemmer: Stemmer,
    /// Run of text as written (`l’Équipe`, see [`for_each_run`]) → the stems of its words:
    /// splitting, folding, the stop-word check and stemming happen once per distinct run,
    /// not once per occurrence.
    runs: HashMap<Box<str>, (u32, u32)>,
    /// The same for runs of up to 16 bytes, most of them, keyed by their bytes as a
    /// number ([`short_key`]): hashed and compared faster than strings.
    short_runs: HashMap<u128, (u32, u32)>,
    /// The stems of the runs' words, a run's from its first to its last (exclusive).
    run_stems: Vec<StemId>,
    /// Folded word → its stem (becomes the index's word list).
    words: HashMap<String, StemId>,
    /// Stem → its number, and the stems by number.
    ids: HashMap<String, StemId>,
    stems: Vec<String>,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            stemmer: Stemmer::create(Algorithm::French),
            runs: HashMap::default(),
            short_runs: HashMap::default(),
            run_stems: Vec::new(),
            words: HashMap::default(),
            ids: HashMap::default(),
            stems: Vec::new(),
        }
    }
}

impl Vocab {
    /// Calls `f` with the stem of each of the [`tokens`] of `s`, in order.
    fn for_each_stem(&mut self, s: &str, mut f: impl FnMut(StemId)) {
        for_each_run(s, |from, to| {
            let found = match short_key(s.as_bytes(), from, to) {
                Some(key) => self.short_runs.get(&key),
                None => self.runs.get(&s[from..to]),
            };
            let (start, end) = match found {
                Some(&stems) => stems,
                None => self.learn(&s[from..to]),
            };
            self.run_stems[start as usize..end as usize]
                .iter()
                .for_each(|&id| f(id));
        });
    }

    /// The stems of the words of a run not met before, remembered.
    fn learn(&mut self, run: &str) -> (u32, u32) {
        let start = self.run_stems.len() as u32;
        for_each_token(run, |word| {
            let id = match self.words.get(word) {
                Some(&id) => id,
                None => {
                    let stem = self.stemmer.stem(word);
                    let id = match self.ids.get(stem.as_ref()) {
                        Some(&id) => id,
                        None => {
                            let id = self.stems.len() as StemId;
                            self.ids.insert(stem.clone().into_owned(), id);
                            self.stems.push(stem.into_owned());
                            id
                        }
                    };
                    self.words.insert(word.to_owned(), id);
                    id
                }
            };
            self.run_stems.push(id);
        });
        let stems = (start, self.run_stems.len() as u32);
        match short_key(run.as_bytes(), 0, run.len()) {
            Some(key) => self.short_runs.insert(key, stems),
            None => self.runs.insert(run.into(), stems),
        };
        stems
    }
}

/// One page as the results list shows it: a hit of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub title: String,
    pub url: String,
    pub kind: Kind,
    pub excerpt: String,
}

/// The index in memory: pages, and for each stem the pages that hold it with a weight.
#[derive(Debug, Default)]
pub struct Index {
    pub pages: Vec<Hit>,
    /// Stem → (page number, weight), page numbers ascending.
    pub postings: BTreeMap<String, Vec<(u32, u32)>>,
    /// Every word form met → its stem.
    pub words: BTreeMap<String, String>,
}

impl Index {
    /// The pages holding every word of `query`, best first (what `search.js` computes,
    /// without prefix matching): for Rust-side tests and tools.
    pub fn search(&self, query: &str) -> Vec<&Hit> {
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
                .map(|p| p.iter().map(|&(page, w)| (page as usize, w)).collect())
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

/// Indexes every page of the guide, reading each body's text without markup.
pub fn index(content: &Content) -> Index {
    let reader = Reader::new();
    let pages = (content.pages.par_iter().enumerate())
        .map(|(n, page)| reader.read(PageId::new(n), page, &markdown::plain_text(page.body())))
        .collect();
    reader.index(pages)
}

/// Reads pages for the index on the threads of the pool, in parallel. Each thread keeps
/// its own words (a share), each stem numbered in its share; [`Reader::index`] then
/// numbers the shares' stems in one sorted list, so that the rest works on numbers, in
/// arrays indexed by stem. The build reads each page as it scans it (see
/// `pipeline::analyse`), while its text without markup is at hand.
pub struct Reader {
    /// One share per thread of the pool, and one for any other thread (the last).
    shares: Vec<Mutex<Share>>,
}

impl Default for Reader {
    fn default() -> Self {
        Reader::new()
    }
}

impl Reader {
    pub fn new() -> Reader {
        let threads = rayon::current_num_threads() + 1;
        Reader {
            shares: (0..threads).map(|_| Mutex::default()).collect(),
        }
    }

    /// Reads page `n`, whose body without markup is `body`.
    pub fn read(&self, n: PageId, page: &Page, body: &str) -> PageIndex {
        let last = self.shares.len() - 1;
        let share = rayon::current_thread_index().map_or(last, |t| t.min(last));
        // Uncontended: a thread only ever takes its own share.
        let mut words = sync::lock(&self.shares[share]);
        read_page(n, share, page, body, &mut words)
    }

    /// The index of the pages read, `pages` being what [`Reader::read`] gave for each.
    pub fn index(self, mut pages: Vec<PageIndex>) -> Index {
        let shares: Vec<Share> = (self.shares.into_iter()).map(sync::into_inner).collect();
        // The guide's stems, sorted; each share's numbers → their place in this list.
        let mut stems: Vec<&str> = shares
            .iter()
            .flat_map(|s| s.vocab.stems.iter().map(String::as_str))
            .collect();
        stems.sort_unstable();
        stems.dedup();
        let place: HashMap<&str, StemId> = stems.iter().zip(0..).map(|(s, i)| (*s, i)).collect();
        let renumber: Vec<Vec<StemId>> = shares
            .iter()
            .map(|s| s.vocab.stems.iter().map(|st| place[st.as_str()]).collect())
            .collect();
        let stems: Vec<String> = stems.into_iter().map(str::to_owned).collect();

        let mut words: Vec<(String, String)> = Vec::new();
        for (share, new) in shares.into_iter().zip(&renumber) {
            for (word, id) in share.vocab.words {
                words.push((word, stems[new[id as usize] as usize].clone()));
            }
        }
        for page in &mut pages {
            let new = &renumber[page.share];
            for (id, _) in page.names.iter_mut().chain(page.body.iter_mut()) {
                *id = new[*id as usize];
            }
        }
        pages.sort_by_key(|p| p.n);
        pages.retain(|p| !p.unlisted);
        words.sort_unstable();
        words.dedup();

        let mut out = Index {
            words: words.into_iter().collect(),
            ..Index::default()
        };
        let weighed = weigh(pages, stems.len());
        // Each stem's postings made at their size at once: a big guide's common words are
        // on every page.
        let mut counts = vec![0usize; stems.len()];
        for (_, weights) in &weighed {
            for &(id, _) in weights {
                counts[id as usize] += 1;
            }
        }
        let mut postings: Vec<Vec<(u32, u32)>> =
            counts.into_iter().map(Vec::with_capacity).collect();
        out.pages.reserve_exact(weighed.len());
        for (n, (entry, weights)) in (0..).zip(weighed) {
            out.pages.push(entry);
            for (id, weight) in weights {
                postings[id as usize].push((n, weight));
            }
        }
        out.postings = stems
            .into_iter()
            .zip(postings)
            .filter(|(_, p)| !p.is_empty())
            .collect();
        out
    }
}

/// The run `text[from..to]`, if of up to 16 bytes, as one number: its bytes, padded
/// with zeros (which no run holds, so that two runs never share a key). Read as 16 bytes
/// at once where the text goes on that far.
fn short_key(text: &[u8], from: usize, to: usize) -> Option<u128> {
    let len = to - from;
    if len > 16 {
        return None;
    }
    let bytes = match text.get(from..from + 16) {
        Some(sixteen) => sixteen.try_into().unwrap_or_default(),
        None => {
            let mut bytes = [0; 16];
            bytes[..len].copy_from_slice(&text[from..to]);
            bytes
        }
    };
    Some(u128::from_le_bytes(bytes) & (u128::MAX >> (128 - 8 * len)))
}

/// What one thread has read: its words.
#[derive(Default)]
struct Share {
    vocab: Vocab,
    /// Scratch for counting a body's stems: count by stem number, and the stems counted.
    counts: Vec<u32>,
    counted: Vec<StemId>,
}

/// One page as read: its entry, the weights of its stems from the title, aliases,
/// summary and tasks (a stem's to be summed), and the count of each stem of its body;
/// the stems numbered in the share of the thread that read it.
pub struct PageIndex {
    /// The guide's pages are put in order by it; the index numbers those it keeps anew.
    n: PageId,
    share: usize,
    /// An unlisted page is read like any other, then left out of the index.
    unlisted: bool,
    entry: Hit,
    names: Vec<(StemId, u32)>,
    body: Vec<(StemId, u32)>,
}

fn read_page(
    n: PageId,
    share_number: usize,
    page: &Page,
    body: &str,
    share: &mut Share,
) -> PageIndex {
    let summary = page
        .meta
        .summary
        .as_deref()
        .map(markdown::plain_text)
        .unwrap_or_default();
    let vocab = &mut share.vocab;
    // The weights of the names, summary and tasks, a stem's weights to be summed.
    let mut weights = Vec::new();
    let mut names = vec![(page.meta.title.as_str(), TITLE)];
    names.extend(page.meta.aliases.iter().map(|a| (a.as_str(), ALIAS)));
    let mut found = Vec::new();
    for (name, weight) in names {
        found.clear();
        vocab.for_each_stem(name, |id| found.push(id));
        let whole = if found.len() == 1 { WHOLE_NAME } else { 0 };
        weights.extend(found.iter().map(|&id| (id, weight + whole)));
    }
    // A stem of several names weighs as in its best.
    weights.sort_unstable();
    weights.dedup_by(|next, first| {
        let same = next.0 == first.0;
        if same {
            first.1 = first.1.max(next.1);
        }
        same
    });
    // Most pages have no tasks: no Markdown parser for nothing.
    let tasks = if page.meta.tasks.is_empty() {
        String::new()
    } else {
        markdown::plain_text(&page.meta.tasks.join(" "))
    };
    for (s, weight) in [(summary.as_str(), SUMMARY), (tasks.as_str(), TASK)] {
        found.clear();
        vocab.for_each_stem(s, |id| found.push(id));
        found.sort_unstable();
        found.dedup();
        weights.extend(found.iter().map(|&id| (id, weight)));
    }
    let (counts, counted) = (&mut share.counts, &mut share.counted);
    vocab.for_each_stem(body, |id| {
        let i = id as usize;
        if i >= counts.len() {
            counts.resize(i + 1, 0);
        }
        if counts[i] == 0 {
            counted.push(id);
        }
        counts[i] += 1;
    });
    let body_counts = counted
        .drain(..)
        .map(|id| (id, std::mem::take(&mut counts[id as usize])))
        .collect();
    PageIndex {
        n,
        share: share_number,
        unlisted: page.meta.unlisted,
        entry: Hit {
            title: page.meta.title.clone(),
            url: page.url.clone(),
            kind: page.meta.kind,
            excerpt: excerpt(if summary.is_empty() { body } else { &summary }),
        },
        names: weights,
        body: body_counts,
    }
}

/// Each page's entry and weight for each of its stems: its names' weights plus its body
/// stems; in a big guide, only the [`BODY_STEMS_MAX`] most distinctive (count × inverse
/// page frequency) of each page's body stems.
fn weigh(pages: Vec<PageIndex>, stem_count: usize) -> Vec<(Hit, Vec<(StemId, u32)>)> {
    let big = pages.len() > BIG_GUIDE;
    // ln(pages / pages holding the stem in their body), once per stem.
    let mut df = vec![0u32; stem_count];
    if big {
        for page in &pages {
            for &(id, _) in &page.body {
                df[id as usize] += 1;
            }
        }
    }
    let n = pages.len() as f64;
    let idf: Vec<f64> = df.iter().map(|&d| (n / f64::from(d)).ln()).collect();
    pages
        .into_par_iter()
        .map(|page| {
            let mut body = page.body;
            if big && body.len() > BODY_STEMS_MAX {
                let mut scored: Vec<(f64, StemId, u32)> = body
                    .iter()
                    .map(|&(id, c)| (f64::from(c) * idf[id as usize], id, c))
                    .collect();
                // Best score first, ties by stem (numbers sort as stems do): the order is
                // total, so the first BODY_STEMS_MAX need not be sorted among themselves.
                scored.select_nth_unstable_by(BODY_STEMS_MAX - 1, |a, b| {
                    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
                });
                body = scored[..BODY_STEMS_MAX]
                    .iter()
                    .map(|&(_, id, c)| (id, c))
                    .collect();
            }
            let mut weights = page.names;
            weights.extend(body.into_iter().map(|(id, c)| (id, c.min(BODY_MAX))));
            // A stem's weights from its places: one weight, their sum.
            weights.sort_unstable_by_key(|&(id, _)| id);
            weights.dedup_by(|next, first| {
                let same = next.0 == first.0;
                if same {
                    first.1 += next.1;
                }
                same
            });
            (page.entry, weights)
        })
        .collect()
}

/// The start of `s`, cut at a word boundary, with an ellipsis when cut.
fn excerpt(s: &str) -> String {
    // Whether `s` is longer than EXCERPT_CHARS, without counting all of a long body.
    if s.char_indices().nth(EXCERPT_CHARS).is_none() {
        return s.to_owned();
    }
    let cut: String = s.chars().take(EXCERPT_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The index as the JavaScript file `search.js` loads. `strings` is the theme's
/// strings (see [`crate::render::theme::Strings`]), for the names of the kinds shown beside each result.
/// Written into one string, piece by piece: a big guide's index is megabytes.
pub fn to_js(index: &Index, strings: &BTreeMap<String, String>) -> String {
    let postings: usize = index.postings.values().map(Vec::len).sum();
    let mut js = String::with_capacity(
        index.pages.len() * 256 + index.postings.len() * 32 + postings * 5 + 4096,
    );
    js.push_str("window.praxisSearchIndex={\"kinds\":{");
    for (i, (name, _)) in Kind::ALL.iter().enumerate() {
        if i > 0 {
            js.push(',');
        }
        let label = strings
            .get(&format!("kind_{name}"))
            .map_or(*name, String::as_str);
        push_json(&mut js, name);
        js.push(':');
        push_json(&mut js, label);
    }
    js.push_str("},\"noResult\":");
    push_json(
        &mut js,
        strings.get("search_no_result").map_or("", String::as_str),
    );
    js.push_str(",\"stop\":");
    push_json(&mut js, &STOP_WORDS.join(" "));
    js.push_str(",\"pages\":[");
    for (i, p) in index.pages.iter().enumerate() {
        if i > 0 {
            js.push_str(",\n");
        }
        js.push('[');
        for (j, field) in [&p.title, &p.url, p.kind.name(), &p.excerpt]
            .into_iter()
            .enumerate()
        {
            if j > 0 {
                js.push(',');
            }
            push_json(&mut js, field);
        }
        js.push(']');
    }
    // Each stem: the endings that make its word forms (`coordin`: `ateur ateurs ation`),
    // then its postings as base-36 page-number deltas, `.weight` when the weight is not 1.
    let mut endings: HashMap<&str, Vec<&str>> = HashMap::default();
    let mut odd: Vec<(&str, &str)> = Vec::new();
    for (word, stem) in &index.words {
        match word.strip_prefix(stem.as_str()) {
            Some(end) if index.postings.contains_key(stem) => {
                endings.entry(stem).or_default().push(end)
            }
            _ => odd.push((word, stem)),
        }
    }
    js.push_str("],\n\"stems\":{");
    // Most of a big guide's index: written in parallel, in slices of stems.
    let stems: Vec<_> = index.postings.iter().collect();
    let slices: Vec<String> = stems
        .par_chunks(1024)
        .map(|slice| {
            let mut out = String::with_capacity(slice.len() * 64);
            for (i, (stem, postings)) in slice.iter().enumerate() {
                if i > 0 {
                    out.push_str(",\n");
                }
                let ends = endings.get(stem.as_str()).map_or(&[][..], Vec::as_slice);
                push_stem(&mut out, stem, ends, postings);
            }
            out
        })
        .collect();
    for (i, slice) in slices.iter().enumerate() {
        if i > 0 {
            js.push_str(",\n");
        }
        js.push_str(slice);
    }
    js.push_str("},\n\"odd\":{");
    for (i, (word, stem)) in odd.into_iter().enumerate() {
        if i > 0 {
            js.push(',');
        }
        push_json(&mut js, word);
        js.push(':');
        push_json(&mut js, stem);
    }
    js.push_str("}};\n");
    js
}

/// One stem of the index: `"coordin":["ateur ateurs","0,3.k,1z"]`.
fn push_stem(out: &mut String, stem: &str, ends: &[&str], postings: &[(u32, u32)]) {
    push_json(out, stem);
    out.push_str(":[\"");
    for (i, end) in ends.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_escaped(out, end);
    }
    // Digits, commas and dots: nothing to escape.
    out.push_str("\",\"");
    let mut last = 0;
    for (i, &(page, weight)) in postings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_base36(out, (page - last) as usize);
        last = page;
        if weight != 1 {
            out.push('.');
            push_base36(out, weight as usize);
        }
    }
    out.push_str("\"]");
}

fn push_base36(out: &mut String, mut n: usize) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = [0u8; 16];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = DIGITS[n % 36];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
fn base36(n: usize) -> String {
    let mut out = String::new();
    push_base36(&mut out, n);
    out
}

/// Appends `s` as a JSON string literal, safe inside a script (`</script>` and line
/// separators escaped).
fn push_json(out: &mut String, s: &str) {
    out.push('"');
    push_escaped(out, s);
    out.push('"');
}

/// [`push_json`] without the quotes: copies the runs that need no escape whole.
fn push_escaped(out: &mut String, s: &str) {
    let mut done = 0;
    for (i, c) in s.char_indices() {
        if !matches!(c, '"' | '\\' | '<' | '\u{2028}' | '\u{2029}') && c >= ' ' {
            continue;
        }
        out.push_str(&s[done..i]);
        if let '"' | '\\' = c {
            out.push('\\');
            out.push(c);
        } else {
            // `<`, the line separators and control characters: all `\u` and four digits.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
        done = i + c.len_utf8();
    }
    out.push_str(&s[done..]);
}

/// The bytes of [`INDEX_FILE`] for `index`, with the kind names of the theme.
pub fn index_file(index: &Index, theme: &Theme) -> Vec<u8> {
    to_js(index, &theme.strings).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::content::Meta;
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
                summary: (!summary.is_empty()).then(|| summary.to_owned()),
                aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
                ..Meta::new(title, kind)
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
            drafts: Vec::new(),
            ..Content::default()
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
        let js = to_js(
            &index,
            &[("kind_role".to_owned(), "Rôle".to_owned())].into(),
        );
        assert!(js.starts_with(
            "window.praxisSearchIndex={\"kinds\":{\"page\":\"page\",\"role\":\"Rôle\""
        ));
        assert!(!js.contains("</script>"));
        let stem = Stems::default().stem("coordinateur").to_owned();
        assert!(js.contains(&format!("\"{stem}\":[\"")), "{js}");
    }

    #[test]
    fn word_bits_mark_ascii_letters_digits_and_other_characters() {
        for b in 0..=255u8 {
            for at in [0, 7, 8, 63] {
                let mut block = [b' '; 64];
                block[at] = b;
                let word = b.is_ascii_alphanumeric() || !b.is_ascii();
                assert_eq!(word_bits(&block), u64::from(word) << at, "byte {b} at {at}");
            }
        }
    }

    /// Texts with what the fast paths must get right: runs across 64-byte blocks and at
    /// the very end, runs longer than 16 bytes, non-ASCII letters, separators and marks.
    fn tricky() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            "a",
            "L'Équipe d’accès",
            "Qu'est-ce qu'une CoP ? «\u{a0}Oui\u{a0}» — l’animateur… 2e-niveau",
            "ŒUVRES collectives, Ærodrome & straße, coordinatrice·eur",
            "e\u{301}quipe cafe\u{301} ½ ǅ 日本語 😀x",
            "anticonstitutionnellement intergouvernementalisations",
        ]
        .map(str::to_owned)
        .to_vec();
        for pad in 0..70 {
            texts.push(format!("{}Équipe des coordinateurs l’été", "-".repeat(pad)));
        }
        texts
    }

    #[test]
    fn runs_hold_the_same_tokens_as_the_text() {
        for text in tricky() {
            let mut from_runs = Vec::new();
            for_each_run(&text, |from, to| {
                for_each_token(&text[from..to], |w| from_runs.push(w.to_owned()))
            });
            assert_eq!(from_runs, tokens(&text), "{text:?}");
        }
    }

    #[test]
    fn the_vocabulary_stems_as_the_stemmer() {
        let mut vocab = Vocab::default();
        let mut stems = Stems::default();
        // Twice: learning the runs, then finding them.
        for _ in 0..2 {
            for text in tricky() {
                let mut found = Vec::new();
                vocab.for_each_stem(&text, |id| found.push(id));
                let found: Vec<&str> = found
                    .iter()
                    .map(|&id| vocab.stems[id as usize].as_str())
                    .collect();
                let expected: Vec<String> = tokens(&text)
                    .iter()
                    .map(|w| stems.stem(w).to_owned())
                    .collect();
                assert_eq!(found, expected, "{text:?}");
            }
        }
    }

    /// The postings and word list as first computed, with strings and B-trees, one page
    /// after the other: what [`index`] must still compute.
    fn reference(content: &Content) -> Index {
        let mut stems = Stems::default();
        let mut words = BTreeMap::new();
        let mut stem_all = |s: &str| -> Vec<String> {
            tokens(s)
                .into_iter()
                .map(|w| {
                    let stem = stems.stem(&w).to_owned();
                    words.insert(w, stem.clone());
                    stem
                })
                .collect()
        };
        let mut pages = Vec::new();
        for page in &content.pages {
            let summary = markdown::plain_text(page.meta.summary.as_deref().unwrap_or(""));
            let mut weights: BTreeMap<String, u32> = BTreeMap::new();
            let mut named: BTreeMap<String, u32> = BTreeMap::new();
            let names = [(&page.meta.title, TITLE)].into_iter();
            for (name, weight) in names.chain(page.meta.aliases.iter().map(|a| (a, ALIAS))) {
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
            let tasks = markdown::plain_text(&page.meta.tasks.join(" "));
            for (s, weight) in [(summary.as_str(), SUMMARY), (tasks.as_str(), TASK)] {
                let mut found = stem_all(s);
                found.sort();
                found.dedup();
                for stem in found {
                    *weights.entry(stem).or_default() += weight;
                }
            }
            let mut counts: BTreeMap<String, u32> = BTreeMap::new();
            for stem in stem_all(&markdown::plain_text(page.body())) {
                *counts.entry(stem).or_default() += 1;
            }
            pages.push((weights, counts));
        }
        let big = pages.len() > BIG_GUIDE;
        let mut df: BTreeMap<String, u32> = BTreeMap::new();
        for (_, counts) in pages.iter().filter(|_| big) {
            for stem in counts.keys() {
                *df.entry(stem.clone()).or_default() += 1;
            }
        }
        let n = pages.len() as f64;
        let mut postings: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
        for (p, (mut weights, counts)) in pages.into_iter().enumerate() {
            let mut counts: Vec<(String, u32)> = counts.into_iter().collect();
            if big && counts.len() > BODY_STEMS_MAX {
                let score = |(s, c): &(String, u32)| f64::from(*c) * (n / f64::from(df[s])).ln();
                counts.sort_by(|a, b| score(b).total_cmp(&score(a)).then_with(|| a.0.cmp(&b.0)));
                counts.truncate(BODY_STEMS_MAX);
            }
            for (stem, c) in counts {
                *weights.entry(stem).or_default() += c.min(BODY_MAX);
            }
            for (stem, w) in weights {
                postings.entry(stem).or_default().push((p as u32, w));
            }
        }
        Index {
            pages: Vec::new(),
            postings,
            words,
        }
    }

    #[test]
    fn a_big_guide_is_indexed_as_the_reference_does() {
        const WORDS: &[&str] = &[
            "équipe",
            "coordinateurs",
            "l’animateur",
            "plateforme",
            "réunion",
            "santé",
            "CoP",
            "d'accès",
            "Œuvre",
            "straße",
            "charte",
            "patient",
            "soins",
            "forum",
        ];
        // A small congruential generator: varied, repeatable pages.
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut content = guide();
        for i in 0..BIG_GUIDE + 100 {
            let mut body = String::new();
            for _ in 0..next(300) {
                body.push_str(WORDS[next(WORDS.len())]);
                body.push_str(&format!(
                    "{}{}",
                    next(40),
                    [" ", ", ", ". ", "\n\n"][next(4)]
                ));
            }
            let title = format!("{} {}", WORDS[next(WORDS.len())], WORDS[next(WORDS.len())]);
            let mut p = page(
                &format!("p/{i}"),
                Kind::Page,
                &title,
                &[],
                "Une *équipe* santé.",
                &body,
            );
            if i % 3 == 0 {
                p.meta.tasks = vec![format!("Réunir l’{}", WORDS[next(WORDS.len())])];
                p.meta.aliases = vec![WORDS[next(WORDS.len())].to_owned()];
            }
            content.pages.push(p);
        }
        let expected = reference(&content);
        let index = index(&content);
        assert!(expected.postings.len() > 100);
        assert!(index.postings == expected.postings, "postings differ");
        assert!(index.words == expected.words, "word lists differ");
        // Small guides keep every body stem.
        content.pages.truncate(BIG_GUIDE);
        let expected = reference(&content);
        let index = super::index(&content);
        assert!(index.postings == expected.postings && index.words == expected.words);
    }

    #[test]
    fn json_strings_are_escaped_for_a_script() {
        let mut out = String::new();
        push_json(&mut out, "a\"b\\c</script>\u{2028}\u{2029}\u{1}\né");
        assert_eq!(out, r#""a\"b\\c\u003c/script>\u2028\u2029\u0001\u000aé""#);
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
