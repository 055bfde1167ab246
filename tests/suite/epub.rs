//! The guide as an e-book: `praxis epub` on the shipped guide and on small fixtures, read
//! back as a reader's e-reader would (the chapters in order, their links, the navigation
//! document, the metadata), and checked by EPUBCheck.
//!
//! EPUBCheck rule: without it the check prints a loud SKIPPED line and passes, except
//! under CI=true, where it must run (`.ci/run` installs Debian's `epubcheck`).

use crate::support::{Guide, page};
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// Every file of the EPUB at `path`, by name, as text.
fn read_epub(path: &Path) -> Vec<(String, String)> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).expect("the EPUB is a zip archive");
    let mut files = Vec::new();
    for n in 0..zip.len() {
        let mut entry = zip.by_index(n).unwrap();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        files.push((entry.name().to_owned(), text));
    }
    files
}

fn file<'f>(files: &'f [(String, String)], name: &str) -> &'f str {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {name} in the EPUB"))
}

/// EPUBCheck's verdict on `path`, or `None` (after a loud SKIPPED) when it is not installed.
fn epubcheck(path: &Path) -> Option<(bool, String)> {
    // Debian installs a jar; run by `java -jar` it needs no binfmt support.
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    let mut cmd = if jar.is_file() {
        let mut cmd = Command::new("java");
        cmd.arg("-jar").arg(jar);
        cmd
    } else {
        Command::new("epubcheck")
    };
    match cmd.arg(path).output() {
        Ok(out) => Some((
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )),
        Err(_) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("epubcheck not installed: it must run in CI (apt-get install epubcheck)")
        }
        Err(_) => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: epubcheck not installed — the EPUB was not checked ***\n"
            );
            None
        }
    }
}

#[test]
fn the_shipped_guide_becomes_an_e_book_that_epubcheck_accepts() {
    let guide = Guide::shipped();
    let out = guide.path("livre/guide.epub");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let run = guide.praxis(&["epub", "--output", out.to_str().unwrap()]);
    run.says(0, &["guide.epub"]);
    let files = read_epub(&out);
    let opf = file(&files, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:language") && opf.contains(">fr</dc:language>"),
        "{opf}"
    );
    assert!(
        opf.contains("<dc:title>Guide Health CoP</dc:title>"),
        "{opf}"
    );
    // The navigation document lists the home, the sections and their pages, in order.
    let nav = file(&files, "OEBPS/nav.xhtml");
    let position = |title: &str| {
        nav.find(&format!(">{title}<"))
            .unwrap_or_else(|| panic!("{title} is not in the navigation:\n{nav}"))
    };
    let order = [
        "Guide Health CoP",
        "Rôles",
        "Coordinateur",
        "Glossaire",
        "Plateforme",
        "Exemples",
    ];
    let positions: Vec<usize> = order.iter().map(|t| position(t)).collect();
    assert!(positions.is_sorted(), "{order:?} out of order in:\n{nav}");
    // The authors' page (unlisted) is not a chapter: its link leads to the web.
    assert!(!nav.contains(">Contribuer au guide<"), "{nav}");
    // The glossary's terms come in French order: É with E.
    assert!(position("Communauté") < position("Plateforme"));
    // A role's chapter keeps its links, as links to other chapters.
    let (_, role) = files
        .iter()
        .find(|(n, t)| n.ends_with(".xhtml") && t.contains("<h1>Coordinateur</h1>"))
        .expect("the coordinator's chapter");
    assert!(role.contains("veille à l'intégration"), "{role}");
    assert!(role.contains("class=\"xref xref-term\""), "{role}");
    for href in role
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        let target = href.split('#').next().unwrap();
        assert!(
            href.starts_with('#')
                || href.starts_with("http")
                || target == "stylesheet.css"
                || files.iter().any(|(n, _)| *n == format!("OEBPS/{target}")),
            "the link {href} leads nowhere in the book"
        );
    }
    // The theme's style sheet is the base, without its paper page boxes.
    let css = file(&files, "OEBPS/stylesheet.css");
    assert!(css.contains(".tasks") && !css.contains("@page"), "{css}");
    if let Some((ok, report)) = epubcheck(&out) {
        assert!(ok, "epubcheck found errors:\n{report}");
        assert!(report.contains("No errors or warnings"), "{report}");
    }
}

#[test]
fn an_e_book_is_not_written_from_a_guide_with_errors() {
    let guide = Guide::blank().page("_index.md", "Accueil", "", "Voir [[inexistant]].");
    let run = guide.praxis(&["epub"]);
    run.says(1, &["[[inexistant]]", "aucun livre numérique écrit"]);
    assert!(!guide.path("guide.epub").exists());
    // A file that cannot be written is named.
    guide.write("content/_index.md", &page("Accueil", "", "Bonjour."));
    let run = guide.praxis(&["epub", "--output", "/nonexistent-folder/x.epub"]);
    run.says(1, &["/nonexistent-folder/x.epub"]);
    guide.praxis_ok(&["epub"]);
    assert!(guide.path("guide.epub").is_file());
}
