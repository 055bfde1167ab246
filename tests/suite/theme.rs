//! The default theme as readers meet it: every page of the shipped guide has the structure
//! assistive technology and keyboard users rely on (one h1, landmarks, a skip link that
//! lands somewhere, unique ids, in-page links that resolve), and the theme shows no UI
//! word that is not in its strings file.

use crate::support::Guide;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A start tag: its lower-case name and its attributes (values unescaped only for `&amp;`).
struct Tag {
    name: String,
    attrs: BTreeMap<String, String>,
}

/// The start tags of a document, in order. Enough for the HTML praxis writes: comments and
/// the contents of `<script>` and `<style>` are skipped, attribute values are quoted.
fn start_tags(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| i + e);
        let name = html[i..name_end].to_ascii_lowercase();
        let mut attrs = BTreeMap::new();
        let mut j = name_end;
        loop {
            while j < html.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= html.len() || bytes[j] == b'>' {
                break;
            }
            let key_end = html[j..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .map_or(html.len(), |e| j + e);
            let key = html[j..key_end].to_ascii_lowercase();
            j = key_end;
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                let quote = bytes[j + 1];
                assert!(
                    quote == b'"' || quote == b'\'',
                    "unquoted attribute {key} in <{name}>"
                );
                let end = html[j + 2..].find(quote as char).unwrap() + j + 2;
                value = html[j + 2..end].replace("&amp;", "&");
                j = end + 1;
            }
            attrs.insert(key, value);
        }
        i = j;
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i..].find(&close).map_or(html.len(), |e| i + e);
        }
        tags.push(Tag { name, attrs });
    }
    tags
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(html_files(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn has_class(tag: &Tag, class: &str) -> bool {
    tag.attrs
        .get("class")
        .is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

/// Everything wrong with one page, as readable lines.
fn structure_problems(rel: &str, html: &str) -> Vec<String> {
    let tags = start_tags(html);
    let mut problems = Vec::new();
    let count = |name: &str| tags.iter().filter(|t| t.name == name).count();

    match tags.iter().find(|t| t.name == "html") {
        Some(t) if t.attrs.get("lang").is_some_and(|l| !l.is_empty()) => {}
        _ => problems.push("<html> has no lang".to_owned()),
    }
    if count("h1") != 1 {
        problems.push(format!("{} <h1> (want exactly one)", count("h1")));
    }
    if count("main") != 1 {
        problems.push(format!("{} <main> (want exactly one)", count("main")));
    }
    if count("nav") == 0 {
        problems.push("no <nav>".to_owned());
    }
    if count("header") == 0 {
        problems.push("no <header>".to_owned());
    }
    // Documents for paper (sheets, the whole guide) have no site footer.
    let is_sheet = rel.starts_with("fiches/") || rel.starts_with("imprimer/");
    if !is_sheet
        && !tags
            .iter()
            .any(|t| t.name == "footer" && has_class(t, "site-footer"))
    {
        problems.push("no site footer".to_owned());
    }

    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &tags {
        if let Some(id) = t.attrs.get("id") {
            *ids.entry(id.as_str()).or_default() += 1;
        }
    }
    for (id, n) in &ids {
        if *n > 1 {
            problems.push(format!("id `{id}` used {n} times"));
        }
    }

    // The skip link comes first and lands on <main>.
    let first_link = tags.iter().find(|t| t.name == "a");
    match first_link {
        Some(a) if has_class(a, "skip-link") => {
            let target = a.attrs.get("href").map(|h| h.trim_start_matches('#'));
            let main_id = tags
                .iter()
                .find(|t| t.name == "main")
                .and_then(|m| m.attrs.get("id"));
            if target.is_none() || target != main_id.map(String::as_str) {
                problems.push(format!(
                    "skip link goes to {target:?}, <main> is {main_id:?}"
                ));
            }
        }
        _ => problems.push("the first link is not the skip link".to_owned()),
    }

    // In-page links resolve.
    for t in &tags {
        if let Some(href) = t.attrs.get("href")
            && let Some(fragment) = href.strip_prefix('#')
            && !fragment.is_empty()
            && !ids.contains_key(fragment)
        {
            problems.push(format!("link to #{fragment}, which is not on the page"));
        }
    }

    // Form fields have labels.
    let labelled: BTreeSet<&str> = tags
        .iter()
        .filter(|t| t.name == "label")
        .filter_map(|t| t.attrs.get("for").map(String::as_str))
        .collect();
    for t in tags.iter().filter(|t| t.name == "input") {
        let id = t.attrs.get("id").map(String::as_str).unwrap_or("");
        if !labelled.contains(id) && !t.attrs.contains_key("aria-label") {
            problems.push(format!("<input id=\"{id}\"> has no label"));
        }
    }
    problems
}

#[test]
fn every_page_of_the_shipped_guide_has_landmarks_one_h1_and_unique_ids() {
    let guide = Guide::shipped();
    guide.build_ok();
    let public = guide.path("public");
    let pages = html_files(&public);
    assert!(pages.len() > 10, "only {} pages built", pages.len());
    let mut report = Vec::new();
    for path in &pages {
        let rel = path
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let html = std::fs::read_to_string(path).unwrap();
        for problem in structure_problems(&rel, &html) {
            report.push(format!("{rel}: {problem}"));
        }
    }
    assert!(report.is_empty(), "\n{}", report.join("\n"));
}

#[test]
fn the_booklet_has_a_cover_and_one_sheet_per_role() {
    let guide = Guide::shipped();
    guide.build_ok();
    let booklet = guide.html("fiches/index.html");
    let tags = start_tags(&booklet);
    let sheets = tags
        .iter()
        .filter(|t| t.name == "article" && has_class(t, "sheet"))
        .count();
    let roles = html_files(&guide.path("public/fiches"))
        .iter()
        .filter(|p| p.parent().unwrap() != guide.path("public/fiches"))
        // A meeting pack is printed beside the sheets (`fiches/<pack>/`).
        .filter(|p| {
            !std::fs::read_to_string(p)
                .unwrap()
                .contains("sheet-page booklet pack")
        })
        .count();
    assert!(roles > 0);
    assert_eq!(sheets, roles, "one sheet per role in the booklet");
    assert_eq!(
        tags.iter()
            .filter(|t| has_class(t, "booklet-cover"))
            .count(),
        1
    );
    // Paper has no hyperlinks: every sheet ends with its source URL.
    assert_eq!(booklet.matches("class=\"sheet-source\"").count(), roles);
}

#[test]
fn every_word_the_theme_shows_is_in_its_strings_file() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let strings = std::fs::read_to_string(theme.join("strings.fr.yaml")).unwrap();
    let keys: BTreeSet<&str> = strings
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
        .collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(theme.join("templates")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("t.") {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let key: String = text[at + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !key.is_empty() && !keys.contains(key.as_str()) {
                missing.push(format!(
                    "{}: t.{key}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(missing.is_empty(), "not in strings.fr.yaml: {missing:?}");
}

#[test]
fn the_stylesheet_prints_one_role_per_page_on_a4() {
    let css = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .unwrap();
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    assert!(css.contains("size: A4"), "A4 pages");
    for rule in [
        ".sheet + .sheet { break-before: page",
        ".booklet-cover { break-after: page",
        "break-after: avoid",
        "break-inside: avoid",
        ".sheet-screen-nav",
        ".skip-link",
        ".pager",
        ".search",
    ] {
        assert!(print.contains(rule), "print stylesheet lacks `{rule}`");
    }
}

#[test]
fn the_start_tag_scanner_reads_what_praxis_writes() {
    let tags = start_tags(
        "<!-- <h1> --><html lang=\"fr\"><a class=\"x y\" href=\"#a\">t</a>\
         <script>if (a<b) {}</script><input type=\"search\" id=\"q\" disabled></html>",
    );
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["html", "a", "script", "input"]);
    assert!(has_class(&tags[1], "y"));
    assert_eq!(tags[3].attrs["id"], "q");
    assert!(tags[3].attrs.contains_key("disabled"));
}
