//! An offline link checker over the built shipped guide: every internal `href` and `src`
//! leads to a file of the site, and every `#fragment` to an id of that file.

use crate::support::Guide;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn ids(html: &str) -> Vec<String> {
    attributes(html, "id").into_iter().map(unescape).collect()
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

/// Every HTML file under `dir`, with its text.
fn html_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out
}

/// Broken links of the site in `public`, as "file: href" lines.
fn broken_links(public: &Path) -> Vec<String> {
    let pages: HashMap<PathBuf, String> = html_files(public).into_iter().collect();
    let mut broken = Vec::new();
    for (file, html) in &pages {
        if file.ends_with("404.html") {
            continue; // Served at any depth: its links are absolute from base_url's path.
        }
        let dir = file.parent().unwrap();
        for link in attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
        {
            let link = unescape(link);
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                file.clone()
            } else {
                dir.join(praxis::base::text::percent_decode_lossy(path))
            };
            let target = if target.is_dir() {
                target.join("index.html")
            } else {
                target
            };
            let target = target.canonicalize().unwrap_or(target);
            if !target.starts_with(public.canonicalize().unwrap()) || !target.is_file() {
                broken.push(format!("{}: {link}", file.display()));
                continue;
            }
            if !fragment.is_empty() {
                let text = pages
                    .get(&target)
                    .cloned()
                    .unwrap_or_else(|| std::fs::read_to_string(&target).unwrap_or_default());
                if !ids(&text)
                    .iter()
                    .any(|id| *id == praxis::base::text::percent_decode_lossy(fragment))
                {
                    broken.push(format!("{}: {link} (no such id)", file.display()));
                }
            }
        }
    }
    broken.sort();
    broken
}

#[test]
fn the_built_guide_has_no_broken_internal_link_or_fragment() {
    let guide = Guide::shipped();
    guide.build_ok();
    let broken = broken_links(&guide.path("public"));
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn no_page_has_two_elements_with_the_same_id() {
    let guide = Guide::shipped();
    guide.build_ok();
    for (path, html) in html_files(&guide.path("public")) {
        let mut seen = ids(&html);
        let count = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), count, "duplicate ids in {}", path.display());
    }
}

/// A role page with an image, an attached file and anchors: the kinds of reference that
/// role sheets and the booklet must carry over, each from its own depth.
fn guide_with_attachments() -> Guide {
    Guide::blank()
        .page("_index.md", "Accueil", "", "Bienvenue.")
        .page("roles/_index.md", "Rôles", "", "")
        .page(
            "roles/technicien.md",
            "Technicien",
            "kind: role\nsummary: Installe les outils.\n",
            "## Sa mission\n\n![Schéma](schema.png) et ![[logo.png]]\n\n\
                 Lire [la charte](charte.pdf), [[charte.pdf|encore]], [[#sa-mission]] \
                 et [[animateur#son-role]].\n",
        )
        .page(
            "roles/animateur.md",
            "Animateur",
            "kind: role\n",
            "## Son rôle\n\nAnime.\n",
        )
}

#[test]
fn images_files_and_anchors_of_a_role_resolve_on_its_page_its_sheet_and_the_booklet() {
    let guide = guide_with_attachments();
    for (file, bytes) in [
        ("content/roles/schema.png", &b"\x89PNG"[..]),
        ("content/roles/logo.png", b"\x89PNG"),
        ("content/roles/charte.pdf", b"%PDF"),
    ] {
        guide.write_bytes(file, bytes);
    }
    guide.build_ok();
    let public = guide.path("public");
    for file in [
        "roles/technicien/index.html",
        "fiches/technicien/index.html",
        "fiches/index.html",
    ] {
        let html = std::fs::read_to_string(public.join(file)).unwrap();
        assert!(html.contains("schema.png\""), "{file}: {html}");
        assert!(
            !html.contains("%01"),
            "{file} holds an unreplaced mark: {html}"
        );
    }
    let broken = broken_links(&public);
    assert!(broken.is_empty(), "broken:\n{}", broken.join("\n"));
}

#[test]
fn a_template_link_to_nothing_stops_the_build_naming_the_page() {
    let guide = guide_with_attachments();
    for file in ["schema.png", "logo.png", "charte.pdf"] {
        guide.write_bytes(&format!("content/roles/{file}"), b"x");
    }
    // A theme whose role template links to a page the guide does not have.
    let role = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/role.html"),
    )
    .unwrap();
    guide.write(
        "themes/default/templates/role.html",
        &role.replace(
            "{% block after_content %}",
            "{% block after_content %}<a href=\"{{ root }}contact/\">Contact</a>",
        ),
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("/index.html mène à `../../contact/` (contact/index.html)")
            && run.stderr.contains("--> content/roles/")
            && run.stderr.contains("themes/"),
        "{}",
        run.stderr
    );
    assert!(!public_exists(&guide), "nothing is published");
}

fn public_exists(guide: &Guide) -> bool {
    guide.path("public").exists()
}
