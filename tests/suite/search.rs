//! Searching the guide in French, as a reader does: the shipped guide is built once, opened
//! from disk in headless Chromium, and queries are typed into the header's search box.
//!
//! Browser rule: without Chromium these tests fail under CI=true, and elsewhere print a
//! loud SKIPPED line and pass.

use crate::browser::{self, Browser};
use crate::support::{Guide, build_shipped};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// The shipped guide, built once into a temporary folder.
fn shipped_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE.get_or_init(|| build_shipped(&[], "public")).1
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A browser on the coordinator's page of the shipped guide (three folders deep, so the
/// links of the results must climb back to the root).
fn open(test: &str) -> Option<Browser> {
    let mut b = browser::launch_or_skip(test)?;
    let page = shipped_site().join("roles/organisation/coordinateur/index.html");
    b.navigate(&file_url(&page));
    b.wait_for("window.praxisSearch", WAIT, "search.js to load");
    Some(b)
}

/// Types `query` into the search box as a reader would, then returns the results shown:
/// (title, kind, excerpt HTML) of each, best first.
fn type_query(b: &mut Browser, query: &str) -> Vec<(String, String, String)> {
    b.eval("{ const i = document.getElementById('recherche'); i.value = ''; i.focus(); document.getElementById('resultats').innerHTML = '' }")
        .unwrap();
    b.call("Input.insertText", json!({ "text": query }));
    b.wait_for(
        "!document.getElementById('resultats').hidden && document.getElementById('resultats').children.length > 0",
        WAIT,
        &format!("results for {query:?}"),
    );
    let rows = b
        .eval(
            "Array.from(document.querySelectorAll('#resultats [role=option] a')).map(a => [
               a.querySelector('.search-result-title').textContent,
               a.querySelector('.search-result-kind').textContent,
               a.querySelector('.search-result-excerpt').innerHTML])",
        )
        .unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |i: usize| r[i].as_str().unwrap_or_default().to_owned();
            (s(0), s(1), s(2))
        })
        .collect()
}

fn titles(rows: &[(String, String, String)]) -> Vec<&str> {
    rows.iter().map(|r| r.0.as_str()).collect()
}

fn key(b: &mut Browser, key: &str) {
    for kind in ["keyDown", "keyUp"] {
        b.call(
            "Input.dispatchKeyEvent",
            json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode":
                match key { "ArrowDown" => 40, "ArrowUp" => 38, "Enter" => 13, "Escape" => 27, _ => 0 } }),
        );
    }
}

#[test]
fn typing_french_queries_finds_pages_whatever_the_accents_plurals_and_elisions() {
    let Some(mut b) = open("the French search test") else {
        return;
    };
    // (query, the page that must come first, its kind as shown)
    let cases = [
        ("coordinateurs", "Coordinateur", "Rôle"),
        ("CoP", "Communauté de pratique", "Terme"),
        ("l'animateur", "Animateur", "Rôle"),
        ("plateformes", "Plateforme", "Terme"),
        ("d'accès", "Niveau d'accès", "Terme"),
        ("COORDINATRICE", "Coordinateur", "Rôle"),
    ];
    for (query, first, kind) in cases {
        let rows = type_query(&mut b, query);
        assert_eq!(
            (rows[0].0.as_str(), rows[0].1.as_str()),
            (first, kind),
            "{query:?} gave {:?}",
            titles(&rows)
        );
    }
    // No accent typed: the pages that say "équipe" are found, the word highlighted as written.
    let rows = type_query(&mut b, "equipe");
    assert!(titles(&rows).contains(&"CRIFA"), "{:?}", titles(&rows));
    assert!(
        rows.iter().any(|r| r.2.contains("<mark>équipe</mark>")),
        "{rows:?}"
    );
    // Examples are found too, and say so.
    let rows = type_query(&mut b, "ICANE");
    assert!(rows.iter().any(|r| r.1 == "Exemple"), "{rows:?}");
    // Nothing matches: the box says so instead of staying silent.
    b.eval("{ const i = document.getElementById('recherche'); i.value = ''; i.focus() }")
        .unwrap();
    b.call("Input.insertText", json!({ "text": "zorglubisme" }));
    b.wait_for(
        "document.querySelector('#resultats .search-empty')",
        WAIT,
        "the no-result message",
    );
    assert_eq!(
        b.eval("document.getElementById('resultats').textContent")
            .unwrap(),
        json!("Aucun résultat")
    );
}

#[test]
fn results_are_links_to_the_pages_from_any_depth() {
    let Some(mut b) = open("the search links test") else {
        return;
    };
    type_query(&mut b, "CoP");
    let href = b
        .eval("document.querySelector('#resultats a').href")
        .unwrap();
    let expected = file_url(&shipped_site().join("glossaire/communaute-de-pratique/"));
    assert_eq!(href, json!(expected));
}

#[test]
fn the_results_are_used_with_the_keyboard() {
    let Some(mut b) = open("the search keyboard test") else {
        return;
    };
    let rows = type_query(&mut b, "plateformes");
    assert!(rows.len() >= 2, "{rows:?}");
    let selected = "Array.from(document.querySelectorAll('#resultats [role=option]')).findIndex(o => o.getAttribute('aria-selected') === 'true')";
    key(&mut b, "ArrowDown");
    key(&mut b, "ArrowDown");
    assert_eq!(b.eval(selected).unwrap(), json!(1));
    key(&mut b, "ArrowUp");
    assert_eq!(b.eval(selected).unwrap(), json!(0));
    // The input keeps the focus and tells assistive technologies which result is active.
    assert_eq!(
        b.eval("document.activeElement.id + ' ' + document.activeElement.getAttribute('aria-activedescendant')")
            .unwrap(),
        json!("recherche resultat-0")
    );
    key(&mut b, "Escape");
    assert_eq!(
        b.eval("document.getElementById('resultats').hidden")
            .unwrap(),
        json!(true)
    );
    // Enter follows the first result.
    type_query(&mut b, "plateformes");
    b.mark_document();
    key(&mut b, "Enter");
    b.wait_for(
        "location.href.endsWith('/glossaire/plateforme/')",
        WAIT,
        "Enter to open the first result",
    );
}

#[test]
fn the_browser_splits_and_folds_words_as_the_index_did() {
    let Some(mut b) = open("the tokenizer agreement test") else {
        return;
    };
    b.eval("new Promise(done => window.praxisSearch.query('x', done))")
        .unwrap();
    for s in [
        "L'Équipe d’accès",
        "Qu'est-ce qu'une CoP ?",
        "ŒUVRES collectives, Ærodrome & straße",
        "coordinatrice·eur 2e-niveau",
        "Fréquenté à l'hôpital",
    ] {
        let js: Value = b
            .eval(&format!("window.praxisSearch.tokens({})", json!(s)))
            .unwrap();
        assert_eq!(
            js,
            json!(praxis::outputs::search::tokens(s)),
            "tokens of {s:?}"
        );
    }
}

#[test]
fn every_page_loads_the_search_and_the_build_writes_its_index() {
    let guide = Guide::blank()
        .page("_index.md", "Accueil", "", "Bienvenue.\n")
        .page(
            "roles/coordinateur.md",
            "Coordinateur",
            "kind: role\nsummary: Veille sur l'équipe.\n",
            "Texte.\n",
        );
    guide.build_ok();
    let index = guide.html("search-index.js");
    assert!(index.starts_with("window.praxisSearchIndex="), "{index}");
    assert!(
        index
            .contains("\"Coordinateur\",\"roles/coordinateur/\",\"role\",\"Veille sur l'équipe.\"")
    );
    for html in [
        guide.html("index.html"),
        guide.html("roles/coordinateur/index.html"),
        guide.html("404.html"),
    ] {
        assert!(
            html.contains("static/search.js\" defer></script>"),
            "{html}"
        );
    }
    assert!(guide.html("static/search.js").contains("praxisSearchIndex"));
}

/// What readers type to find who registers members or trains them, in their own words and
/// in the original guide's ("inscription / désinscription", "formation à l'utilisation
/// des outils").
const TECHNICIAN_QUERIES: [&str; 5] = [
    "inscrire un membre",
    "inscription",
    "désinscription",
    "formation aux outils",
    "formation à l'utilisation des outils",
];

#[test]
fn the_shipped_guide_answers_registration_and_training_with_the_technician_first() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (content, _) = praxis::source::content::load(root, false);
    let index = praxis::outputs::search::index(&content);
    for query in TECHNICIAN_QUERIES {
        let titles: Vec<&str> = (index.search(query).iter())
            .map(|e| e.title.as_str())
            .collect();
        assert_eq!(
            titles.first(),
            Some(&"Technicien"),
            "{query:?} gave {titles:?}"
        );
    }
    // The authors' page is out of readers' searches.
    for query in ["cargo", "Markdown", "contribuer au guide"] {
        let titles: Vec<&str> = (index.search(query).iter())
            .map(|e| e.title.as_str())
            .collect();
        assert!(
            !titles.contains(&"Contribuer au guide"),
            "{query:?} gave {titles:?}"
        );
    }
}

#[test]
fn typing_registration_and_training_queries_shows_the_technician_first() {
    let Some(mut b) = open("the technician search test") else {
        return;
    };
    for query in TECHNICIAN_QUERIES {
        let rows = type_query(&mut b, query);
        assert_eq!(
            rows[0].0,
            "Technicien",
            "{query:?} gave {:?}",
            titles(&rows)
        );
    }
}
