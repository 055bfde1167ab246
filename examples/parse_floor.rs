//! The "parse floor" of the benchmark: pulldown-cmark alone rendering every page of a
//! guide into memory, with the same options as praxis. A build cannot be faster than this.
//!
//!     cargo run --release --example parse_floor -- DIR

use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: parse_floor DIR");
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.expect("readable folder");
        if entry.path().extension().is_some_and(|e| e == "md") {
            texts.push(std::fs::read_to_string(entry.path()).expect("UTF-8 page"));
        }
    }
    let started = Instant::now();
    let mut bytes = 0;
    for text in &texts {
        let body =
            praxis::content::split_front_matter(text).map_or(text.as_str(), |(_, _, b)| &text[b..]);
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, praxis::markdown::options()),
        );
        bytes += html.len();
    }
    println!(
        "{} pages, {} bytes of HTML, {:.1} ms",
        texts.len(),
        bytes,
        started.elapsed().as_secs_f64() * 1000.0
    );
}
