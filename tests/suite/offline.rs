//! Readers without a network: the shipped guide built with `--offline` and passed around
//! on a USB stick, opened from disk (`file://`) in headless Chromium, where it must
//! navigate, search, show tooltips and open sheets with no server at all.
//!
//! Browser rule: without Chromium the browser tests fail under CI=true, and elsewhere
//! print a loud SKIPPED line and pass.

use crate::browser::{self, Browser};
use crate::support::{Guide, build_shipped, page, walk};
use serde_json::json;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

pub const WAIT: Duration = Duration::from_secs(10);

/// The shipped guide, built once with `--offline` into a temporary folder.
pub fn offline_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| build_shipped(&["--offline"], "guide sur clé"))
        .1
}

pub fn file_url(path: &Path) -> String {
    praxis::print::file_url(path)
}

/// Where the page shown is, from the site's folder: `roles/index.html`.
pub fn location(b: &mut Browser, site: &Path) -> String {
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

/// Types `query` into the search box and opens the first result.
fn search_and_open(b: &mut Browser, query: &str) {
    b.wait_for("window.praxisSearch", WAIT, "search.js to load");
    b.eval("document.getElementById('recherche').focus()")
        .unwrap();
    b.call("Input.insertText", json!({ "text": query }));
    b.wait_for(
        "document.querySelector('#resultats [role=option] a')",
        WAIT,
        &format!("results for {query:?}"),
    );
    follow(b, "#resultats [role=option] a");
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
            let path = praxis::base::text::percent_decode(path).unwrap();
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
    let guide = Guide::blank()
        .page("_index.md", "Accueil", "", "Voir [[a]].")
        .page("a.md", "A", "", "Retour à l'[accueil](_index.md).");
    guide.build_ok();
    let home = guide.html("index.html");
    assert!(home.contains("href=\"a/\""), "{home}");
    assert!(!home.contains("a/index.html"), "{home}");
    assert!(!home.contains("data-file-links"), "{home}");
    guide.praxis_ok(&["build", "--offline"]);
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
    search_and_open(&mut b, "plateformes");
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

/// A tiny static file server on a real socket, for the published site, with a switch for
/// the network: when it is off, every connection is closed unanswered, as when a phone
/// loses its network. Records the path of every request it answered.
struct StaticServer {
    addr: String,
    online: Arc<AtomicBool>,
    asked: Arc<Mutex<Vec<String>>>,
}

impl StaticServer {
    fn start(dir: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let online = Arc::new(AtomicBool::new(true));
        let asked = Arc::new(Mutex::new(Vec::new()));
        let (on, log) = (online.clone(), asked.clone());
        // Ends with the test binary.
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (dir, on, log) = (dir.clone(), on.clone(), log.clone());
                std::thread::spawn(move || answer(stream, &dir, &on, &log));
            }
        });
        StaticServer {
            addr,
            online,
            asked,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}/{path}", self.addr)
    }

    fn set_online(&self, online: bool) {
        self.online.store(online, Ordering::SeqCst);
    }

    fn asked(&self) -> Vec<String> {
        self.asked.lock().unwrap().clone()
    }
}

fn answer(mut stream: TcpStream, dir: &Path, online: &AtomicBool, asked: &Mutex<Vec<String>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16384 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    if !online.load(Ordering::SeqCst) {
        return; // dropped: no network
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split(' ').nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut path =
        praxis::base::text::percent_decode(path.trim_start_matches('/')).unwrap_or_default();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    asked.lock().unwrap().push(path.clone());
    let (status, file) = match std::fs::read(dir.join(&path)) {
        Ok(bytes) if !path.contains("..") => ("200 OK", bytes),
        _ => (
            "404 Not Found",
            std::fs::read(dir.join("404.html")).unwrap_or_default(),
        ),
    };
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        praxis::serve::content_type(&path),
        file.len()
    );
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.write_all(&file);
}

/// The worker's list of the build it holds: `{path: hash}`, read from the page.
const KEPT_LIST: &str = "caches.open('praxis-files')
    .then(c => c.match(new URL('praxis-list', location.origin + '/').href))
    .then(r => r ? r.text() : '')";

#[test]
fn after_one_visit_the_published_guide_reads_and_searches_offline_and_takes_a_new_build_online() {
    let Some(mut b) = browser::launch_or_skip("the offline web app test") else {
        return;
    };
    let guide = Guide::blank()
        .page(
            "_index.md",
            "Accueil",
            "",
            "Voir [[entraide]] et [[tutorat]].",
        )
        .page(
            "entraide.md",
            "Entraide",
            "",
            "Les membres se prêtent la main. Voir [[tutorat]].",
        )
        .page(
            "tutorat.md",
            "Tutorat",
            "",
            "Un ancien accompagne un nouveau venu, pas à pas.",
        );
    guide.build_ok();
    let server = StaticServer::start(guide.path("public"));
    // One visit, to the home page only: the worker keeps the whole guide.
    b.navigate(&server.url(""));
    b.wait_for(
        "navigator.serviceWorker.controller !== null",
        Duration::from_secs(30),
        "the service worker to take the page",
    );
    b.wait_for(
        &format!("{KEPT_LIST}.then(t => t.includes('tutorat/'))"),
        WAIT,
        "the kept list",
    );
    // No network: a page never visited opens, and search finds another.
    server.set_online(false);
    b.navigate(&server.url("entraide/"));
    assert!(b.text().contains("se prêtent la main"), "{}", b.text());
    search_and_open(&mut b, "accompagne");
    assert!(b.text().contains("pas à pas"), "{}", b.text());
    // A new build, and the network back: the new text is shown, and kept.
    guide.write(
        "content/entraide.md",
        &page(
            "Entraide",
            "",
            "Les membres s'épaulent, version deux. Voir [[tutorat]].",
        ),
    );
    guide.build_ok();
    let before = server.asked().len();
    server.set_online(true);
    b.navigate(&server.url("entraide/"));
    assert!(b.text().contains("version deux"), "{}", b.text());
    let list = std::fs::read_to_string(guide.path("public/precache.json")).unwrap();
    let new_hash: serde_json::Value = serde_json::from_str(&list).unwrap();
    let new_hash = new_hash["entraide/"].as_str().unwrap().to_owned();
    b.eval("navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)")
        .unwrap();
    b.wait_for(
        &format!("{KEPT_LIST}.then(t => t.includes({new_hash:?}))"),
        Duration::from_secs(30),
        "the new build to be kept",
    );
    // Only what changed was fetched again.
    let fetched = server.asked()[before..].to_vec();
    for unchanged in ["tutorat/index.html", "static/style.css", "static/search.js"] {
        assert!(
            !fetched.iter().any(|p| p == unchanged),
            "{unchanged} fetched again: {fetched:?}"
        );
    }
    assert!(
        fetched.iter().any(|p| p == "search-index.js"),
        "{fetched:?}"
    );
    server.set_online(false);
    b.navigate(&server.url("entraide/"));
    assert!(b.text().contains("version deux"), "{}", b.text());
}

#[test]
fn the_preview_never_keeps_an_offline_copy() {
    let guide = Guide::blank().page("_index.md", "Accueil", "", "Bonjour.");
    guide.build_ok();
    let built = guide.html("index.html");
    assert!(built.contains("data-offline-app"), "{built}");
    assert!(built.contains("manifest.webmanifest"), "{built}");
    let manifest = std::fs::read_to_string(guide.path("public/manifest.webmanifest")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["lang"], "fr");
    assert_eq!(manifest["name"], "Guide test");
    assert_eq!(manifest["icons"][1]["sizes"], "512x512");
    assert!(guide.path("public/static/icon-512.png").is_file());
    let mut server = crate::support::Server::start(guide.root());
    let home = server.get("/").text();
    assert!(!home.contains("data-offline-app"), "{home}");
    assert!(!home.contains("manifest"), "{home}");
    let worker = server.get("/sw.js");
    assert!(worker.head_line().contains("200"), "{}", worker.head_line());
    assert!(worker.text().contains("unregister()"), "{}", worker.text());
    server.kill();
}
