//! `praxis serve` as an author meets it: a real server on a real socket, pages that reload
//! by themselves after a save, diagnostics over the page when a save breaks the guide, and
//! nothing but the built site reachable, whatever the request.

use crate::browser;
use crate::support::{Framing, Guide, Reply, Server, http, page};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Long enough for a debug build on a loaded two-core machine.
pub const WAIT: Duration = Duration::from_secs(60);

impl Server {
    /// `raw` as it is, on a connection of its own; it must say `Connection: close`.
    fn send(&self, raw: &str) -> Reply {
        let framing = if raw.starts_with("HEAD ") {
            Framing::Head
        } else {
            Framing::Close
        };
        http(&self.addr, raw.as_bytes(), framing, WAIT).unwrap_or_else(|e| panic!("{raw:?}: {e}"))
    }

    fn events(&self) -> Events {
        Events::open(&self.addr)
    }
}

/// The reload stream as a page's EventSource reads it.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "GET /__praxis/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut content_type = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if line.to_ascii_lowercase().starts_with("content-type:") {
                content_type = line;
            }
        }
        assert!(content_type.contains("text/event-stream"), "{content_type}");
        Events { reader }
    }

    /// The next event: its name and its data (lines joined with `\n`).
    fn next(&mut self) -> (String, String) {
        let mut name = String::from("message");
        let mut data: Vec<String> = Vec::new();
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("an event before the timeout");
            assert!(n > 0, "the server closed the event stream");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !data.is_empty() {
                    return (name, data.join("\n"));
                }
                continue;
            }
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_owned();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push(v.to_owned());
            }
        }
    }

    /// The data of the next event named `wanted`; heartbeats do not make this wait longer
    /// than `WAIT`.
    fn next_named(&mut self, wanted: &str) -> String {
        let started = Instant::now();
        let mut seen = Vec::new();
        while started.elapsed() < WAIT {
            let (name, data) = self.next();
            if name == wanted {
                return data;
            }
            seen.push(format!("{name}: {data}"));
        }
        panic!("no {wanted:?} event after {WAIT:?}; seen: {seen:#?}");
    }
}

/// Saves a file the way many editors do: a temporary file renamed over it, so that the
/// server sees one change and the assertions after it know which build they meet.
/// (`Guide::write` saves in place, as other editors do; both are tested.)
pub fn save(guide: &Guide, rel: &str, text: &str) {
    let path = guide.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

const SECRET: &str = "secret-never-served-8d41";

fn guide() -> Guide {
    Guide::blank()
        .config(&format!("{}# {SECRET}\n", crate::support::CONFIG))
        .page("_index.md", "Accueil", "", "Bienvenue. Voir [[a]].\n")
        .page(
            "a.md",
            "Page A",
            "",
            "Première version.\n\nVoir l'[[Accueil|accueil]].\n",
        )
}

#[test]
fn serve_answers_pages_with_the_reload_script_and_writes_nothing() {
    let guide = guide();
    let server = Server::start(&guide);

    let home = server.get("/");
    assert_eq!(home.status, 200, "{home:?}");
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = home.text();
    assert!(html.contains("Bienvenue."));
    assert!(html.contains("/__praxis/events"), "the reload script");
    let script = html.find("data-praxis-version").unwrap();
    assert!(
        script < html.rfind("</body>").unwrap(),
        "the script comes before </body>"
    );
    assert!(
        !html.contains("example.org/guide"),
        "pages are built for the address they are served at"
    );

    let head = server.send(&format!(
        "HEAD / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(home.body.len().to_string().as_str())
    );
    assert!(head.body.is_empty());

    let a = server.get("/a/");
    assert!(a.text().contains("Première version."));
    let moved = server.get("/a?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/a/?x=1"));

    let missing = server.get("/nulle-part/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("<html"), "the site's 404 page");
    assert!(missing.text().contains("/__praxis/events"));

    let css = server.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(!css.text().contains("__praxis"));
    let sitemap = server.get("/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    assert!(sitemap.header("content-type").unwrap().contains("xml"));

    let post = server.send(&format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
        server.addr
    ));
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));

    assert!(!guide.path("public").exists(), "serve writes nothing");
    guide.build_ok();
    assert!(
        !guide.html("index.html").contains("__praxis"),
        "built files never hold the reload script"
    );
}

#[test]
fn a_save_reloads_open_pages_and_a_broken_save_shows_its_diagnostics() {
    let guide = guide();
    let mut server = Server::start(&guide);
    let mut events = server.events();
    let first = events.next_named("version");

    // Saved in place: truncated, then written.
    guide.write(
        "content/a.md",
        &page(
            "Page A",
            "",
            "Deuxième version.\n\nVoir l'[[Accueil|accueil]].\n",
        ),
    );
    let mut second = events.next_named("version");
    assert_ne!(first, second, "a new version after the save");
    // A loaded machine may split one save across two builds; the last one wins.
    while !server.get("/a/").text().contains("Deuxième version.") {
        second = events.next_named("version");
    }
    let line = server.wait_for_stderr("reconstruit : ");
    assert!(line.contains("content/a.md"), "{line}");
    assert!(line.contains(" ms"), "{line}");

    // Line 6, column 6 of the file: the unknown reference. The page shows it over its
    // last good version; the terminal prints it.
    save(
        &guide,
        "content/a.md",
        &page("Page A", "", "Troisième version.\n\nVoir [[nulle-part]].\n"),
    );
    let failed = server.wait_for_stderr("échec de la construction");
    assert!(failed.contains("1 erreur, 0 avertissement"), "{failed}");
    assert!(server.stderr().contains("--> content/a.md:6:6"));
    let kept = server.get("/a/");
    assert_eq!(kept.status, 200);
    let kept = kept.text();
    assert!(
        kept.contains("Deuxième version.") && !kept.contains("Troisième version."),
        "the last good version of the page is served"
    );
    assert!(kept.contains("content/a.md:6:6"), "{kept}");
    assert!(
        kept.contains("Dans a.md, ligne 6 : le lien [[nulle-part]] ne mène à aucune page."),
        "{kept}"
    );
    assert!(
        kept.contains("La dernière modification ne se construit pas (1 erreur)"),
        "{kept}"
    );
    // The other pages name it, and link to it.
    let home = server.get("/").text();
    assert!(
        home.contains("praxis-notice") && home.contains("href=\"/a/\""),
        "{home}"
    );

    save(
        &guide,
        "content/a.md",
        &page(
            "Page A",
            "",
            "Quatrième version.\n\nVoir l'[[Accueil|accueil]].\n",
        ),
    );
    let mut fourth = events.next_named("version");
    while !server.get("/a/").text().contains("Quatrième version.") {
        fourth = events.next_named("version");
    }
    assert_ne!(fourth, second);
    assert!(!server.get("/").text().contains("praxis-notice"));
}

/// A save that only changes a page's text re-renders that page alone; the files that hold
/// every page (the search index, the booklet) are brought up to date when asked for.
#[test]
fn a_text_edit_rebuilds_one_page_and_search_still_finds_the_new_words() {
    let guide = guide();
    guide.write(
        "content/r.md",
        &page("Rôle R", "kind: role\n", "Première version.\n"),
    );
    let mut server = Server::start(guide.root());
    let mut events = server.events();
    events.next_named("version");
    save(
        &guide,
        "content/r.md",
        &page("Rôle R", "kind: role\n", "Zygomorphe écrit à l'instant.\n"),
    );
    events.next_named("version");
    let line = server.wait_for_stderr("reconstruit : ");
    assert!(
        line.starts_with("reconstruit : 1 sur 3 pages en "),
        "{line}"
    );
    let index = server.get("/search-index.js").text();
    assert!(
        index.contains("\"zygomorph\":"),
        "the index knows the new word's stem"
    );
    let booklet = server.get("/fiches/").text();
    assert!(
        booklet.contains("Zygomorphe écrit"),
        "the booklet shows the new text"
    );
}

#[test]
fn config_theme_and_new_or_deleted_pages_take_effect_without_restart() {
    let guide = guide();
    // The theme's folder exists (empty) from the start, as in a guide that overrides it.
    std::fs::create_dir_all(guide.path("themes/default/static")).unwrap();
    let mut server = Server::start(&guide);
    let mut events = server.events();
    events.next_named("version");

    save(
        &guide,
        "praxis.yaml",
        &crate::support::CONFIG.replace("Guide test", "Guide renommé"),
    );
    events.next_named("version");
    assert!(server.get("/").text().contains("Guide renommé"));

    save(
        &guide,
        "themes/default/static/style.css",
        "body { color: teal }\n",
    );
    events.next_named("version");
    assert_eq!(
        server.get("/static/style.css").text(),
        "body { color: teal }\n"
    );

    save(
        &guide,
        "content/b.md",
        &page("Page B", "", "Nouvelle page.\n"),
    );
    events.next_named("version");
    assert!(server.get("/b/").text().contains("Nouvelle page."));
    guide.remove("content/b.md");
    events.next_named("version");
    assert_eq!(server.get("/b/").status, 404);

    // Editor droppings are not changes.
    server.wait_for_nth_stderr("reconstruit : ", 4);
    let rebuilds = server.stderr().matches("reconstruit : ").count();
    guide.write("content/.a.md.swp", "x");
    guide.write("content/a.md~", "x");
    guide.write("content/#a.md#", "x");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.stderr().matches("reconstruit : ").count(), rebuilds);
}

#[test]
fn a_guide_broken_from_the_start_gets_an_error_page_until_it_is_fixed() {
    // praxis.yaml cannot be read: no page can be built.
    let guide =
        Guide::blank()
            .config("title: [Guide\n")
            .page("_index.md", "Accueil", "", "Bienvenue.\n");
    let mut server = Server::start(&guide);
    assert!(server.stderr().contains("une page d'erreur est servie"));
    let error = server.get("/");
    assert_eq!(error.status, 500);
    let body = error.text();
    assert!(body.contains("praxis.yaml:1"), "{body}");
    assert!(body.contains("/__praxis/events"), "it reloads once fixed");
    assert!(
        server
            .get("/anything/else")
            .text()
            .contains("praxis.yaml:1")
    );

    let mut events = server.events();
    events.next_named("build-error");
    save(&guide, "praxis.yaml", crate::support::CONFIG);
    events.next_named("version");
    server.wait_for_stderr("reconstruit : ");
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("Bienvenue."));
}

/// A page broken from the start has no last good version: it is served as it is, under
/// its errors, and every other page is served.
#[test]
fn a_page_broken_from_the_start_is_served_under_its_errors() {
    let guide = Guide::blank()
        .page("_index.md", "Accueil", "", "Voir [[absente]].\n")
        .page("b.md", "B", "", "Page saine.\n");
    let server = Server::start(&guide);
    let home = server.get("/").text();
    assert!(home.contains("content/_index.md:4:6"), "{home}");
    assert!(home.contains("praxis-overlay"), "{home}");
    let b = server.get("/b/");
    assert_eq!(b.status, 200);
    let b = b.text();
    assert!(
        b.contains("Page saine.") && b.contains("praxis-notice"),
        "{b}"
    );
}

#[test]
fn hostile_requests_never_reach_files_outside_the_site() {
    let guide = guide();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("loot.txt"), SECRET).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("loot.txt"),
        guide.path("content/loot.txt"),
    )
    .unwrap();
    let server = Server::start(&guide);

    // Something slow and half-written holds a connection open meanwhile.
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.write_all(b"GET / HT").unwrap();

    for target in [
        "/../praxis.yaml",
        "/%2e%2e/praxis.yaml",
        "/%2E%2E/%2E%2E/praxis.yaml",
        "/..%2fpraxis.yaml",
        "/a/..%2f..%2fpraxis.yaml",
        "/static/..\\..\\praxis.yaml",
        "/static/%5c..%5cpraxis.yaml",
        "//etc/passwd",
        "/praxis.yaml",
        "/content/a.md",
        "/loot.txt",
        "/%00",
        "/a/%",
        "/%ff%fe",
    ] {
        let reply = server.get(target);
        let body = reply.text();
        assert!(reply.status >= 400, "{target}: {} {body}", reply.status);
        assert!(!body.contains(SECRET), "{target} leaked praxis.yaml");
        assert!(!body.contains("root:"), "{target} leaked a system file");
    }
    let absolute =
        server.send("GET http://evil/ HTTP/1.1\r\nHost: evil\r\nConnection: close\r\n\r\n");
    assert_eq!(absolute.status, 400);
    let absolute = server.send(&format!(
        "GET http://{0}/../praxis.yaml HTTP/1.1\r\nHost: {0}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_eq!(absolute.status, 400);

    // Malformed requests get an error, and the server goes on.
    for garbage in [
        &b"garbage\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
        b"\x00\x01\x02\xff\r\n\r\n",
    ] {
        if let Ok(mut s) = TcpStream::connect(&server.addr) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = s.write_all(garbage);
            let mut sink = Vec::new();
            let _ = s.read_to_end(&mut sink);
            assert!(!String::from_utf8_lossy(&sink).contains(SECRET));
        }
    }
    let long = format!("/{}", "a/".repeat(20_000));
    assert!(server.get(&long).status >= 400);

    assert_eq!(server.get("/a/").status, 200, "the server still answers");
    drop(slow);
}

#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    let guide = guide();
    // A shell lowers the limit of open files, then becomes praxis serve.
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "ulimit -n 64 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_praxis"))
        .args(["serve", "--port", "0", "--root"])
        .arg(guide.root());
    let server = Server::spawn(cmd);
    assert_eq!(server.get("/a/").status, 200);
    let flood: Vec<TcpStream> = (0..100)
        .filter_map(|_| TcpStream::connect(&server.addr).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    drop(flood);
    let started = Instant::now();
    loop {
        let answered = TcpStream::connect(&server.addr).ok().map(|mut s| {
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let _ = s.write_all(b"GET /a/ HTTP/1.1\r\nConnection: close\r\n\r\n");
            let mut reply = Vec::new();
            let _ = s.read_to_end(&mut reply);
            String::from_utf8_lossy(&reply).into_owned()
        });
        if answered.is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            break;
        }
        assert!(
            started.elapsed() < WAIT,
            "the server stopped answering after a flood of connections"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let guide = guide();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["serve", "--port", &port, "--root"])
        .arg(guide.root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > WAIT {
            let _ = child.kill();
            panic!("praxis serve did not stop on a busy port");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "erreur : impossible d'écouter sur 127.0.0.1:{port} : l'adresse est déjà prise — donnez --port N\n"
        )
    );
}

#[test]
fn the_browser_reloads_by_itself_keeping_its_place_and_shows_a_broken_save() {
    let Some(mut browser) = browser::launch_or_skip("the live-reload browser test") else {
        return;
    };
    let filler: String = (1..=120)
        .map(|i| format!("Paragraphe de remplissage numéro {i}.\n\n"))
        .collect();
    let guide = guide();
    guide.write(
        "content/a.md",
        &page("Page A", "", &format!("Texte un.\n\n{filler}")),
    );
    let server = Server::start(&guide);
    browser.navigate(&server.url("/a/"));
    browser.wait_for(
        "document.body.innerText.includes('Texte un.')",
        WAIT,
        "the first version",
    );
    // Wait until the page's stream is open, so that the save is not made before it.
    browser.wait_for(
        "window.praxisLive === true",
        WAIT,
        "the reload stream to open",
    );
    browser.eval("window.scrollTo(0, 600)").unwrap();
    browser.wait_for("window.scrollY === 600", WAIT, "the page to scroll");
    browser.mark_document();

    guide.write(
        "content/a.md",
        &page("Page A", "", &format!("Texte deux.\n\n{filler}")),
    );
    browser.wait_for(
        "document.body.innerText.includes('Texte deux.')",
        WAIT,
        "the page to update by itself",
    );
    // The new body replaced the old one in place: same document, same scroll position.
    browser.wait_for(
        "window.praxisRefreshed >= 1 && window.scrollY === 600",
        WAIT,
        "the page to keep its place",
    );

    browser.mark_document();
    guide.write(
        "content/a.md",
        &page("Page A", "", &format!("Voir [[nulle-part]].\n\n{filler}")),
    );
    browser.wait_for(
        "document.querySelector('#praxis-overlay [data-location=\"content/a.md:4:6\"]')",
        WAIT,
        "the diagnostics over the page",
    );
    let overlay = browser
        .eval("document.getElementById('praxis-overlay').innerText")
        .unwrap();
    // In the guide's language, in plain words, with the line as the author wrote it.
    let overlay = overlay.as_str().unwrap();
    for said in [
        "La dernière modification ne se construit pas (1 erreur).",
        "Dans a.md, ligne 4 : le lien [[nulle-part]] ne mène à aucune page.",
        "4 | Voir [[nulle-part]].",
    ] {
        assert!(overlay.contains(said), "{said:?} in {overlay}");
    }
    assert!(!overlay.contains("error"), "{overlay}");
    assert!(
        browser.text().contains("Texte deux."),
        "the last good page stays under it"
    );

    guide.write(
        "content/a.md",
        &page("Page A", "", &format!("Texte trois.\n\n{filler}")),
    );
    browser.wait_for(
        "document.body.innerText.includes('Texte trois.') && !document.getElementById('praxis-overlay')",
        WAIT,
        "the fix to clear the overlay",
    );

    // A theme edit changes the stylesheet behind the same address: it shows too.
    guide.write(
        "themes/default/static/style.css",
        "body { background: rgb(1, 2, 3) }",
    );
    browser.wait_for(
        "getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'",
        WAIT,
        "a theme edit to show",
    );
    browser.close();
}
