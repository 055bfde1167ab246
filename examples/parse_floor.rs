//! The floors of the benchmark, with the same pulldown-cmark options as praxis:
//!
//! 1. the "parse floor": pulldown-cmark alone rendering every page of a guide into memory,
//!    on one thread, the files already read. A build cannot be faster than this.
//! 2. what any generator does before its own work: every page read from its file and
//!    rendered, on every core. A build cannot be faster than this either, and it is a
//!    truer floor on a machine where reading files and touching fresh memory is dear.
//!
//!     cargo run --release --example parse_floor -- DIR

use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: parse_floor DIR");
    let paths = || {
        walkdir::WalkDir::new(&dir)
            .into_iter()
            .map(|entry| entry.expect("readable folder").into_path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
    };
    let read = |path: &std::path::PathBuf| std::fs::read_to_string(path).expect("UTF-8 page");
    let texts: Vec<String> = paths().map(|p| read(&p)).collect();
    let started = Instant::now();
    let bytes: usize = texts.iter().map(|text| render(text).len()).sum();
    println!(
        "{} pages, {} bytes of HTML, {:.1} ms",
        texts.len(),
        bytes,
        started.elapsed().as_secs_f64() * 1000.0
    );
    drop(texts);
    let started = Instant::now();
    let found: Vec<std::path::PathBuf> = paths().collect();
    let texts: Vec<String> = found.par_iter().map(read).collect();
    let again: usize = texts.par_iter().map(|text| render(text).len()).sum();
    assert_eq!(again, bytes);
    println!(
        "read and rendered on {} threads: {:.1} ms",
        rayon::current_num_threads(),
        started.elapsed().as_secs_f64() * 1000.0
    );
}

/// The body of a page (after its front matter) as HTML.
fn render(text: &str) -> String {
    let body =
        praxis::source::content::split_front_matter(text).map_or(text, |(_, _, b)| &text[b..]);
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(body, praxis::analyse::markdown::options()),
    );
    html
}
