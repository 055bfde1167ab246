//! The whole guide in print, `imprimer/` and `praxis print --guide`: every listed page in
//! reading order, links between pages kept within the document, links out given as notes,
//! each page numbered where the contents say.

use crate::pdf::{Pdf, bare, browser_available, png, squeeze};
use crate::print::BASE;
use crate::sheets::SHIPPED_BASE;
use crate::support::Guide;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A small guide whose pages link to one another, to an anchor, to a page for authors
/// (unlisted), twice to the same site, and show an image.
pub fn book_guide() -> Guide {
    Guide::blank()
        .config(&format!("title: Guide test\nbase_url: {BASE}\nglossary:\n  autolink: first\n"))
        .page(
            "_index.md",
            "Guide test",
            "",
            "Bienvenue. Voir les [[roles]] et la [page des auteurs](contribuer.md).\n",
        )
        .page("contribuer.md", "Contribuer", "unlisted: true\n", "Pour les auteurs.\n")
        .page("roles/_index.md", "Rôles", "weight: 1\n", "Les rôles de la communauté.\n")
        .page(
            "roles/coordinateur.md",
            "Coordinateur",
            "kind: role\nweight: 1\nsummary: Veille au bon fonctionnement du groupe.\ntasks:\n  - accueille les membres\n",
            "## Sa mission\n\nIl travaille sur la plateforme. Voir [l'OMS](https://www.who.int/fr).\n\n![Schéma des rôles](schema.png)\n",
        )
        .page(
            "roles/technicien.md",
            "Technicien",
            "kind: role\nweight: 2\nsummary: Installe les outils.\n",
            "Il aide le [[coordinateur#sa-mission|coordinateur dans sa mission]]; voir aussi [l'OMS](https://www.who.int/fr).\n",
        )
        .page("roles/brouillon.md", "Rôle en chantier", "draft: true\n", "Pas encore.\n")
        .page("glossaire/_index.md", "Glossaire", "weight: 2\n", "")
        .page(
            "glossaire/plateforme.md",
            "Plateforme",
            "kind: term\nsummary: Un espace en ligne partagé.\n",
            "Le lieu des échanges.\n",
        )
}

/// The ids of the pages of the book, in the order it shows them.
pub fn book_pages(html: &str) -> Vec<String> {
    html.match_indices("<article class=\"book-part")
        .map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            let id = &tag[tag.find(" id=\"").unwrap() + 5..];
            id[..id.find('"').unwrap()].to_owned()
        })
        .collect()
}

#[test]
fn the_whole_guide_to_print_holds_every_listed_page_in_reading_order() {
    let guide = book_guide();
    guide.write_bytes("content/roles/schema.png", &png(40, 30));
    guide.build_ok();
    let html = guide.html("imprimer/index.html");
    assert_eq!(
        book_pages(&html),
        [
            "page-accueil",
            "page-roles",
            "page-roles-coordinateur",
            "page-roles-technicien",
            "page-glossaire",
            "page-glossaire-plateforme"
        ],
        "home, then each section and its pages; no draft, no page for authors"
    );
    assert!(!html.contains("Rôle en chantier") && !html.contains("Pour les auteurs."));
    // The contents send to each page.
    for id in book_pages(&html) {
        assert!(html.contains(&format!("<a href=\"#{id}\">")), "{id}");
    }
    // Every page of the site offers it in its footer.
    assert!(
        guide
            .html("roles/technicien/index.html")
            .contains("<a href=\"../../imprimer/\">Imprimer tout le guide</a>")
    );
}

#[test]
fn links_between_pages_lead_within_the_printed_guide_and_links_out_get_a_note() {
    let guide = book_guide();
    guide.write_bytes("content/roles/schema.png", &png(40, 30));
    guide.build_ok();
    let html = guide.html("imprimer/index.html");
    // A link to a heading of another page leads to that heading in the document, whose
    // id is kept apart from the other pages' headings.
    assert!(
        html.contains("<a href=\"#page-roles-coordinateur-sa-mission\""),
        "{html}"
    );
    assert!(html.contains("id=\"page-roles-coordinateur-sa-mission\""));
    // No link leaves the document for a page of the guide; the glossary's tooltips are gone.
    for page in ["roles/", "roles/coordinateur/", "glossaire/plateforme/"] {
        assert!(!html.contains(&format!("href=\"../{page}")), "{page}");
    }
    assert!(!html.contains("class=\"xref xref-term\" title="), "{html}");
    // The same address, linked from two pages, keeps one number; the page for authors,
    // left out, is given by its address.
    let note = |url: &str| {
        let at = html
            .find(&format!("</span> {url}</li>"))
            .unwrap_or_else(|| panic!("{url} is not among the notes"));
        let li = &html[html[..at].rfind("<li id=\"note-").unwrap()..];
        let n = &li["<li id=\"note-".len()..];
        n[..n.find('"').unwrap()].parse::<usize>().unwrap()
    };
    let who = note("https://www.who.int/fr");
    let marker = format!("<sup class=\"endnote\"><a href=\"#note-{who}\">[{who}]</a></sup>");
    assert_eq!(html.matches(&marker).count(), 2, "{html}");
    assert_eq!(html.matches("https://www.who.int/fr</li>").count(), 1);
    let authors = note(&format!("{BASE}contribuer/"));
    assert!(html.contains(&format!("[{authors}]")));
    // The image is found from the document's folder.
    assert!(html.contains("src=\"../roles/schema.png\""), "{html}");
}

/// The shipped guide printed whole, once for the tests that read it.
pub struct ShippedBook {
    pub pdf: Pdf,
    pub bytes: Vec<u8>,
    pub path: PathBuf,
    pub _dir: tempfile::TempDir,
}

pub fn shipped_book() -> Option<&'static ShippedBook> {
    static BOOK: OnceLock<ShippedBook> = OnceLock::new();
    if !browser_available() {
        return None;
    }
    Some(BOOK.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let tmp = tempfile::tempdir().unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_praxis"))
            .args(["print", "--guide", "--base-url", SHIPPED_BASE, "--root"])
            .arg(root)
            .arg("--output")
            .arg(tmp.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        let path = tmp.path().join("guide.pdf");
        ShippedBook {
            pdf: Pdf::read(&path),
            bytes: std::fs::read(&path).unwrap(),
            path,
            _dir: tmp,
        }
    }))
}

/// The titles of the shipped guide's pages a reader is shown: not the drafts, not the
/// pages for authors.
pub fn shipped_titles() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    crate::support::walk(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let head: Vec<&str> = text.lines().skip(1).take_while(|l| *l != "---").collect();
            let hidden = head
                .iter()
                .any(|l| matches!(l.trim(), "unlisted: true" | "draft: true"));
            let title = head.iter().find_map(|l| l.strip_prefix("title:"))?.trim();
            let title = title.trim_matches('"').trim_matches('\'');
            (!hidden).then(|| title.to_owned())
        })
        .collect()
}

/// The page the contents of the printed guide give `title`: the number ending its line.
pub fn book_contents_page(book: &Pdf, title: &str) -> usize {
    book.pages
        .iter()
        .take(4)
        .flat_map(|p| p.lines())
        .map(squeeze)
        .find_map(|l| {
            let (text, n) = l.rsplit_once(' ')?;
            (text == title).then(|| n.parse().ok())?
        })
        .unwrap_or_else(|| panic!("{title} has no page number in the contents"))
}

#[test]
fn the_printed_guide_gives_each_page_where_its_contents_say() {
    let Some(book) = shipped_book() else { return };
    let titles = shipped_titles();
    assert!(titles.len() > 50, "{titles:?}");
    for title in &titles {
        let n = book_contents_page(&book.pdf, title);
        // `pdftotext -f N -l N`: the page the contents give starts with the title (after
        // the sections it is in).
        let out = Command::new("pdftotext")
            .args(["-f", &n.to_string(), "-l", &n.to_string(), "-layout"])
            .arg(&book.path)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        // Its first lines: the sections it is in, then its title (on two lines if long).
        let top: Vec<String> = text
            .lines()
            .map(squeeze)
            .filter(|l| !l.is_empty())
            .take(3)
            .collect();
        assert!(
            (0..top.len()).any(|k| (k..top.len()).any(|m| top[k..=m].join(" ") == *title)),
            "the contents send {title} to page {n}, which starts with {top:?}"
        );
    }
}

#[test]
fn every_page_of_the_printed_guide_is_numbered() {
    let Some(book) = shipped_book() else { return };
    assert!(book.pdf.size.contains("(A4)"), "{}", book.pdf.size);
    for (i, page) in book.pdf.pages.iter().enumerate() {
        let last = page.lines().map(str::trim).rfind(|l| !l.is_empty());
        assert_eq!(
            last,
            Some((i + 1).to_string().as_str()),
            "page {}:\n{page}",
            i + 1
        );
    }
}

#[test]
fn the_printed_guide_links_within_itself_and_gives_other_sites_as_notes() {
    let Some(book) = shipped_book() else { return };
    let pdf = String::from_utf8_lossy(&book.bytes);
    // A link between pages is a link within the PDF (a named destination), never the
    // page's address online; only the page for authors, left out, is.
    assert!(
        pdf.contains("/Dest /page-glossaire-plateforme"),
        "no link to a page of the document"
    );
    let online: Vec<&str> = pdf
        .match_indices(&format!("/URI ({SHIPPED_BASE}"))
        .map(|(i, _)| &pdf[i..i + pdf[i..].find(')').unwrap()])
        .collect();
    assert!(
        online
            .iter()
            .all(|u| u.ends_with("/contribuer/") || u.ends_with("/fiches/")),
        "{online:?}"
    );
    // "À propos" links to the original guide's glossary: a number in the text, the
    // address in the list of links at the end, once.
    let notes = book.pdf.pages.last().unwrap();
    let url = "https://www.healthcop-guide.ulg.ac.be/glossaire/termes";
    let line = notes
        .lines()
        .map(squeeze)
        .find(|l| l.ends_with(&format!("] {url}")))
        .unwrap_or_else(|| panic!("{url} is not in the links:\n{notes}"));
    let n = &line[..line.find(']').unwrap() + 1];
    let listed = notes
        .lines()
        .map(squeeze)
        .filter(|l| l.ends_with(&format!("] {url}")));
    assert_eq!(listed.count(), 1, "{url} once:\n{notes}");
    let about = book
        .pdf
        .pages
        .iter()
        .find(|p| p.lines().map(squeeze).any(|l| l == "À propos de ce guide"))
        .expect("the page À propos");
    assert!(
        bare(about).contains(&format!("origine{n}")),
        "{n} after the link:\n{about}"
    );
}
