//! Readers without a network: the shipped guide built with `--offline` and passed around
//! on a USB stick, opened from disk (`file://`) in headless Chromium, where it must
//! navigate, search, show tooltips and open sheets with no server at all.
//!
//! Browser rule: without Chromium the browser tests fail under CI=true, and elsewhere
//! print a loud SKIPPED line and pass.

use crate::browser::{self, Browser};
use crate::support::{Guide, build_shipped, page, walk};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// The shipped guide, built once with `--offline` into a temporary folder.
fn offline_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| build_shipped(&["--offline"], "guide sur clé"))
        .1
}

fn file_url(path: &Path) -> String {
    praxis::print::file_url(path)
}

/// Where the page shown is, from the site's folder: `roles/index.html`.
fn location(b: &mut Browser, site: &Path) -> String {
    let href = b.eval("location.href").unwrap();
    let href = href.as_str().unwrap();
    let base = file_url(site);
    href.strip_prefix(&base)
        .unwrap_or_else(|| panic!("{href} is not under {base}"))
        .trim_start_matches('/')
        .to_owned()
}

/// Clicks the first element matching `selector`, as a reader would, and waits for the
/// page it leads to.
fn follow(b: &mut Browser, selector: &str) {
    b.mark_document();
    let clicked = b
        .eval(&format!(
            "(() => {{ const a = document.querySelector({selector:?}); if (!a) return false; a.click(); return true }})()"
        ))
        .unwrap();
    assert_eq!(clicked, json!(true), "nothing matches {selector}");
    b.wait_for_new_document(WAIT);
}

#[test]
fn every_link_of_the_offline_folder_names_a_file_that_is_there() {
    let site = offline_site();
    let mut checked = 0;
    for file in walk(site) {
        if file.extension().is_none_or(|e| e != "html") || file.ends_with("404.html") {
            continue;
        }
        let html = std::fs::read_to_string(&file).unwrap();
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            if href.contains("://") || href.starts_with('#') || href.starts_with("mailto:") {
                continue;
            }
            let path = href.split(['#', '?']).next().unwrap();
            let path = praxis::text::percent_decode(path).unwrap();
            let target = file.parent().unwrap().join(&path);
            assert!(
                target.is_file(),
                "{}: the link {href:?} names no file",
                file.strip_prefix(site).unwrap().display()
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn the_normal_build_keeps_clean_addresses() {
    let guide = Guide::new(&[
        ("content/_index.md", &page("Accueil", "", "Voir [[a]].")),
        (
            "content/a.md",
            &page("A", "", "Retour à l'[accueil](_index.md)."),
        ),
    ]);
    assert_eq!(guide.build().code, 0);
    let home = guide.html("index.html");
    assert!(home.contains("href=\"a/\""), "{home}");
    assert!(!home.contains("a/index.html"), "{home}");
    assert!(!home.contains("data-file-links"), "{home}");
    assert_eq!(guide.praxis(&["build", "--offline"]).code, 0);
    let home = guide.html("index.html");
    assert!(home.contains("href=\"a/index.html\""), "{home}");
    assert!(home.contains("data-file-links"), "{home}");
    assert!(
        guide
            .html("a/index.html")
            .contains("href=\"../index.html\"")
    );
}

#[test]
fn a_guide_opened_from_a_folder_navigates_searches_shows_tooltips_and_opens_sheets() {
    let Some(mut b) = browser::launch_or_skip("the offline folder test") else {
        return;
    };
    let site = offline_site();
    b.navigate(&file_url(&site.join("index.html")));
    // The menu leads to the roles, a role, and back home by the title.
    follow(&mut b, ".main-nav a[href$='roles/index.html']");
    assert_eq!(location(&mut b, site), "roles/index.html");
    follow(&mut b, "main a[href$='organisation/index.html']");
    assert_eq!(location(&mut b, site), "roles/organisation/index.html");
    follow(&mut b, "main a[href$='coordinateur/index.html']");
    assert_eq!(
        location(&mut b, site),
        "roles/organisation/coordinateur/index.html"
    );
    // Its printable sheet opens, and its links lead back to pages.
    follow(&mut b, ".sheet-link a");
    assert_eq!(location(&mut b, site), "fiches/coordinateur/index.html");
    assert!(b.text().contains("Coordinateur"), "{}", b.text());
    follow(&mut b, "main a[href$='/index.html']:not([href^='#'])");
    assert!(location(&mut b, site).ends_with("index.html"));
    assert!(!b.text().contains("ERR_FILE_NOT_FOUND"), "{}", b.text());
    // Search from a page three folders deep: the result opens its page.
    b.navigate(&file_url(
        &site.join("roles/organisation/technicien/index.html"),
    ));
    b.wait_for("window.praxisSearch", WAIT, "search.js to load");
    b.eval("document.getElementById('recherche').focus()")
        .unwrap();
    b.call("Input.insertText", json!({ "text": "plateformes" }));
    b.wait_for(
        "document.querySelector('#resultats [role=option] a')",
        WAIT,
        "search results",
    );
    follow(&mut b, "#resultats [role=option] a");
    assert_eq!(location(&mut b, site), "glossaire/plateforme/index.html");
    assert!(b.text().contains("Plateforme"), "{}", b.text());
    // A tooltip, opened from the keyboard, then tapped: it opens the term's page.
    b.navigate(&file_url(
        &site.join("roles/organisation/coordinateur/index.html"),
    ));
    b.eval("document.querySelector('main .content a.xref-term[title]').focus()")
        .unwrap();
    b.wait_for(
        "(t => t && !t.hidden)(document.getElementById('praxis-tooltip'))",
        WAIT,
        "the tooltip",
    );
    follow(&mut b, "#praxis-tooltip");
    assert!(
        location(&mut b, site).starts_with("glossaire/"),
        "{}",
        location(&mut b, site)
    );
    assert!(b.text().contains("Glossaire") || b.text().contains("Terme"));
}
