//! Role sheets on paper, alone and gathered in the booklet (`fiches.pdf`): numbered links
//! with absolute URLs, the source URL, term definitions, one sheet per page, tasks never
//! cut in two, QR codes, images; and `praxis check` naming a sheet longer than a page.
//! Real PDFs from a local Chromium, read back as `pdf.rs` says.

use crate::packs::SHIPPED_PACK;
use crate::pdf::{Pdf, bare, browser_available, is_page_number, qr_codes, squeeze};
use crate::print::{BASE, ROLES, guide, long_tasks, praxis_env, printed};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

#[test]
fn a_printed_sheet_numbers_its_links_and_lists_their_absolute_urls() {
    let Some(p) = printed() else { return };
    let text = p.sheet.text();
    assert!(text.contains("[1]"), "no endnote number:\n{text}");
    let lines = p.sheet.lines();
    assert!(
        lines.iter().any(|l| l == "Liens"),
        "no Liens heading:\n{text}"
    );
    // Each number used in the sheet maps to an absolute URL in the Liens list.
    let notes = endnotes(&p.sheet);
    assert!(notes.len() >= 4, "too few links listed: {notes:?}\n{text}");
    for (n, url) in &notes {
        assert!(
            url.starts_with("https://"),
            "[{n}] is not an absolute URL: {url}"
        );
    }
    let urls: Vec<&str> = notes.iter().map(|(_, u)| u.as_str()).collect();
    let wanted = [
        format!("{BASE}roles/organisation/technicien/"),
        format!("{BASE}glossaire/plateforme/"),
        format!("{BASE}exemples/icane/"),
        "https://crifa.example.be/accueil".to_owned(),
    ];
    for url in &wanted {
        assert!(urls.contains(&url.as_str()), "{url} missing: {urls:?}");
    }
    // The number printed after a link is the one whose URL is its target.
    let icane = notes
        .iter()
        .find(|(_, u)| u.ends_with("exemples/icane/"))
        .unwrap()
        .0;
    assert!(
        text.contains(&format!("ICANE[{icane}]")) || text.contains(&format!("ICANE [{icane}]")),
        "ICANE is not followed by [{icane}]:\n{text}"
    );
}

/// The (number, URL) pairs of the Liens list, read from `[n] …` between the last "Liens"
/// heading and "Source :"; URLs wrapped over lines are joined again. The list gives the
/// guide's address once ("… font suite à https://…/ :"), then each page after it.
pub fn endnotes(pdf: &Pdf) -> Vec<(usize, String)> {
    let start = pdf.raw.rfind("\nLiens\n").expect("a Liens heading") + "\nLiens\n".len();
    let end = pdf.raw[start..]
        .find("Source :")
        .map_or(pdf.raw.len(), |e| start + e);
    let list: String = pdf.raw[start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (intro, list) = list.split_once('[').expect("a numbered link");
    let base = intro
        .split_once("suiteà")
        .map(|(_, b)| b.trim_end_matches(':'))
        .expect("the guide's address before the links");
    format!("[{list}")
        .split('[')
        .filter_map(|item| {
            let (n, url) = item.split_once(']')?;
            let url = if url.starts_with("http") {
                url.to_owned()
            } else {
                format!("{base}{url}")
            };
            Some((n.parse().ok()?, url))
        })
        .collect()
}

#[test]
fn a_printed_sheet_ends_with_the_absolute_url_of_its_role() {
    let Some(p) = printed() else { return };
    let lines = p.sheet.lines();
    let source = format!("Source : {BASE}roles/organisation/coordinateur/");
    assert!(
        lines.contains(&source),
        "no `{source}` line:\n{}",
        p.sheet.text()
    );
    // The last line of text, page numbers in the margin aside.
    let last = lines
        .iter()
        .rfind(|l| !l.is_empty() && !is_page_number(l))
        .unwrap();
    assert_eq!(*last, source, "the source URL ends the sheet");
}

#[test]
fn a_printed_sheet_defines_the_terms_it_uses() {
    let Some(p) = printed() else { return };
    let text = p.sheet.text();
    assert!(text.contains("Termes utilisés"), "{text}");
    // Two columns of definitions: read one after the other.
    let flat = bare(&p.sheet.raw);
    for definition in [
        "Un espace en ligne sécurisé où les membres rangent leurs documents.",
        "Un groupe de personnes qui apprennent ensemble de leur pratique.",
    ] {
        assert!(flat.contains(&bare(definition)), "{definition}:\n{text}");
    }
    assert!(
        flat.contains(&bare("Des infirmières en chef qui partagent leurs outils.")),
        "the example's summary is printed:\n{text}"
    );
}

#[test]
fn the_booklet_has_a_cover_then_each_role_from_a_new_page() {
    let Some(p) = printed() else { return };
    let pages = &p.booklet.pages;
    assert!(
        pages.len() > ROLES.len(),
        "{} pages for {} roles and a cover",
        pages.len(),
        ROLES.len()
    );
    assert!(
        pages[0].contains("Sommaire") && pages[0].contains("Fiches des rôles"),
        "the cover comes first:\n{}",
        pages[0]
    );
    let mut starts = Vec::new();
    for (stem, title) in ROLES {
        let first = pages
            .iter()
            .position(|pg| heads_sheet(pg, title))
            .unwrap_or_else(|| panic!("no page starts the sheet of {title}:\n{pages:#?}"));
        assert!(first > 0, "{title} shares the cover page");
        let source = format!("Source : {BASE}");
        let ends = pages[first..]
            .iter()
            .position(|pg| pg.lines().any(|l| squeeze(l).starts_with(&source)))
            .unwrap_or_else(|| panic!("{stem}: no source line after its first page"));
        starts.push((first, first + ends));
    }
    starts.sort();
    for pair in starts.windows(2) {
        assert!(
            pair[0].1 < pair[1].0,
            "a sheet starts on the page where the previous one ends: {starts:?}"
        );
    }
}

/// Whether `page` begins with a sheet's header: the guide's name, the breadcrumb ending with
/// the title, then the title itself.
pub fn heads_sheet(page: &str, title: &str) -> bool {
    // Compared in lowercase: the theme may print the guide's name in capitals.
    let title = title.to_lowercase();
    let head: Vec<String> = page
        .lines()
        .map(|l| squeeze(l).to_lowercase())
        .filter(|l| !l.is_empty())
        .take(5)
        .collect();
    // The title may share its line with the address beside the QR code.
    head.iter()
        .any(|l| l.starts_with("accueil") && l.ends_with(&title))
        && head
            .iter()
            .any(|l| *l == title || l.starts_with(&format!("{title} ")))
}

#[test]
fn a_task_is_never_split_across_pages() {
    let Some(p) = printed() else { return };
    for (name, pdf) in [
        ("technicien.pdf", &p.technicien),
        ("fiches.pdf", &p.booklet),
    ] {
        assert!(
            pdf.pages.len() >= 2,
            "{name}: the long task list should need more than one page"
        );
        let pages: Vec<String> = pdf.raw_pages().into_iter().map(bare).collect();
        for task in long_tasks() {
            let task = bare(&task);
            assert!(
                pages.iter().any(|pg| pg.contains(&task)),
                "{name}: a task is cut between two pages: {task}"
            );
        }
    }
}

#[test]
fn printed_sheets_are_a4_without_navigation_or_search() {
    let Some(p) = printed() else { return };
    let screen_only = [
        (
            "coordinateur.pdf",
            &p.sheet,
            ["Imprimer", "Rechercher", "← Coordinateur"],
        ),
        (
            "fiches.pdf",
            &p.booklet,
            ["Imprimer", "Rechercher", "← Accueil"],
        ),
    ];
    for (name, pdf, words) in screen_only {
        assert!(pdf.size.contains("A4"), "{name} is {} (want A4)", pdf.size);
        let text = pdf.text();
        for word in words {
            assert!(
                !text.contains(word),
                "{name} shows `{word}` on paper:\n{text}"
            );
        }
    }
    let first = squeeze(
        p.sheet.pages[0]
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap(),
    );
    assert_eq!(
        first.to_lowercase(),
        "guide test",
        "a sheet starts with the guide's name"
    );
}

/// Where the shipped guide is printed in these tests (its praxis.yaml holds a placeholder).
pub const SHIPPED_BASE: &str = "https://guide.cop-sante.be/";

/// The shipped guide, every sheet and the booklet printed once for the tests that read them.
pub struct ShippedPrint {
    /// The role stems, in file-name order, and each one's PDF.
    pub sheets: Vec<(String, Pdf)>,
    pub booklet: Pdf,
    /// What the QR codes of each sheet say, by role stem.
    pub qr: std::collections::HashMap<String, Vec<String>>,
    /// The shipped meeting pack.
    pub pack: Pdf,
}

pub fn shipped_printed() -> Option<&'static ShippedPrint> {
    static PRINTED: OnceLock<ShippedPrint> = OnceLock::new();
    if !browser_available() {
        return None;
    }
    Some(PRINTED.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().to_path_buf();
        let output = Command::new(env!("CARGO_BIN_EXE_praxis"))
            .args(["print", "--base-url", SHIPPED_BASE, "--root"])
            .arg(root)
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        let roles = shipped_roles();
        let mut sheets: Vec<(String, Pdf)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_stem()
                    .is_some_and(|s| roles.iter().any(|r| **r == *s))
            })
            .map(|p| {
                let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                (stem, Pdf::read(&p))
            })
            .collect();
        sheets.sort_by(|a, b| a.0.cmp(&b.0));
        let sheets_qr = sheets
            .iter()
            .map(|(stem, _)| (stem.clone(), qr_codes(&out.join(format!("{stem}.pdf")))))
            .collect();
        ShippedPrint {
            sheets,
            qr: sheets_qr,
            booklet: Pdf::read(&out.join("fiches.pdf")),
            pack: Pdf::read(&out.join(format!("{SHIPPED_PACK}.pdf"))),
        }
    }))
}

/// The roles of the shipped guide: the stems of its `kind: role` pages.
pub fn shipped_roles() -> Vec<String> {
    let mut roles: Vec<String> = shipped_role_files()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    roles.sort();
    roles
}

/// The files of the shipped guide's roles.
pub fn shipped_role_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    crate::support::walk(&root)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .take_while(|l| !l.is_empty())
                .any(|l| l.trim() == "kind: role")
        })
        .collect()
}

#[test]
fn each_shipped_sheet_carries_a_qr_code_of_its_role_page() {
    let Some(p) = shipped_printed() else { return };
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for file in shipped_role_files() {
        let id = file.strip_prefix(&content).unwrap().with_extension("");
        let stem = id.file_name().unwrap().to_string_lossy().into_owned();
        let url = format!("{SHIPPED_BASE}{}/", id.to_string_lossy().replace('\\', "/"));
        assert_eq!(p.qr[&stem], std::slice::from_ref(&url), "{stem}.pdf");
        // The address is printed beside it, without its scheme, for those who type it.
        let short = url.strip_prefix("https://").unwrap();
        let (_, sheet) = p.sheets.iter().find(|(s, _)| *s == stem).unwrap();
        assert!(
            bare(&sheet.raw).contains(&bare(short)),
            "{stem}: no {short}"
        );
    }
}

#[test]
fn every_shipped_role_prints_on_one_a4_page() {
    let Some(p) = shipped_printed() else { return };
    let printed: Vec<&str> = p.sheets.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(printed, shipped_roles(), "one PDF per role");
    let long: Vec<String> = p
        .sheets
        .iter()
        .filter(|(_, pdf)| pdf.pages.len() != 1)
        .map(|(stem, pdf)| format!("{stem}: {} pages", pdf.pages.len()))
        .collect();
    assert!(long.is_empty(), "sheets longer than a page: {long:?}");
    for (stem, pdf) in &p.sheets {
        assert!(pdf.size.contains("A4"), "{stem} is {}", pdf.size);
    }
    // The booklet: a cover, then one page per role.
    assert_eq!(p.booklet.pages.len(), p.sheets.len() + 1);
}

#[test]
fn the_shipped_guide_prints_its_coordinator_sheet() {
    let Some(p) = shipped_printed() else { return };
    let (_, pdf) = p.sheets.iter().find(|(s, _)| s == "coordinateur").unwrap();
    let base = SHIPPED_BASE;
    let text = pdf.text();
    assert!(text.contains("Coordinateur"), "{text}");
    assert!(text.contains("Termes utilisés"), "{text}");
    let lines = pdf.lines();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("Source : {base}")) && l.ends_with("coordinateur/")),
        "no source line with {base}:\n{text}"
    );
    let notes = endnotes(pdf);
    assert!(!notes.is_empty(), "{text}");
    for (n, url) in notes {
        assert!(url.starts_with(base), "[{n}] {url}");
    }
}

#[test]
fn an_image_of_a_role_page_is_drawn_on_its_sheet_and_in_the_booklet() {
    let Some(p) = printed() else { return };
    for pdf in ["coordinateur.pdf", "fiches.pdf"] {
        let found = &p.images[pdf];
        assert!(
            found.iter().any(|&(_, w, h)| (w, h) == (120, 60)),
            "{pdf}: the 120 × 60 image is not in the PDF: {found:?}"
        );
    }
}

/// The page number the booklet's contents give `title`: the number ending its line.
pub fn contents_page(booklet: &Pdf, title: &str) -> usize {
    let cover = &booklet.pages[0];
    cover
        .lines()
        .map(squeeze)
        .find_map(|l| {
            let at = l.find(title)?;
            l[at + title.len()..]
                .split_whitespace()
                .last()?
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no page number for {title} in the contents:\n{cover}"))
}

#[test]
fn the_booklet_contents_give_the_page_where_each_sheet_starts() {
    let Some(p) = printed() else { return };
    for (_, title) in ROLES {
        let n = contents_page(&p.booklet, title);
        assert!(
            heads_sheet(&p.booklet.pages[n - 1], title),
            "the contents send {title} to page {n}, which is:\n{}",
            p.booklet.pages[n - 1]
        );
    }
    let Some(s) = shipped_printed() else { return };
    for (stem, sheet) in &s.sheets {
        let heading = s.booklet.pages[1..]
            .iter()
            .position(|pg| pg.contains(&format!("› {}", first_title(sheet))))
            .unwrap_or_else(|| panic!("{stem} is not in the shipped booklet"));
        assert_eq!(
            contents_page(&s.booklet, &first_title(sheet)),
            heading + 2,
            "{stem}"
        );
    }
}

/// A sheet's title: the last part of its breadcrumb.
pub fn first_title(sheet: &Pdf) -> String {
    let crumbs = sheet
        .lines()
        .into_iter()
        .find(|l| l.starts_with("Accueil ›"))
        .expect("a breadcrumb");
    crumbs.rsplit(" › ").next().unwrap().to_owned()
}

#[test]
fn a_sheet_longer_than_a_page_repeats_its_role_with_page_2_of_2() {
    let Some(p) = printed() else { return };
    let alone = &p.technicien.pages;
    assert_eq!(alone.len(), 2, "the long technicien sheet takes two pages");
    assert!(!alone[0].contains("page 1/2"), "{}", alone[0]);
    assert!(
        squeeze(&alone[1]).contains("Technicien · page 2/2"),
        "{}",
        alone[1]
    );
    // In the booklet, both of its pages say so; the one-page sheets say nothing.
    let pages: Vec<String> = p.booklet.pages.iter().map(|pg| squeeze(pg)).collect();
    for n in [1, 2] {
        assert_eq!(
            pages
                .iter()
                .filter(|pg| pg.contains(&format!("Technicien · page {n}/2")))
                .count(),
            1,
            "booklet page {n}/2 of Technicien:\n{pages:#?}"
        );
    }
    assert_eq!(pages.iter().filter(|pg| pg.contains(" · page ")).count(), 2);
}

#[test]
fn check_names_each_sheet_longer_than_a_page_at_its_role() {
    if !browser_available() {
        return;
    }
    let guide = guide();
    let (code, stderr) = praxis_env(&guide, &["check"], &[]);
    assert_eq!(code, 0, "{stderr}");
    let warning = "avertissement : la fiche de Technicien tient sur ";
    let at = stderr.find(warning).unwrap_or_else(|| panic!("{stderr}"));
    let pages: usize = stderr[at + warning.len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(pages >= 2, "{stderr}");
    assert!(
        stderr[at..].contains("--> content/roles/organisation/technicien.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains("raccourcissez le texte du rôle"),
        "the help says what to do: {stderr}"
    );
    assert_eq!(
        stderr.matches("avertissement : la fiche de").count(),
        1,
        "only the technician's sheet is too long: {stderr}"
    );
    assert!(!stderr.contains("n'a pas été vérifiée"), "{stderr}");
}

#[test]
fn check_without_chromium_says_once_that_sheets_were_not_measured() {
    let guide = guide();
    let (code, stderr) = praxis_env(
        &guide,
        &["check"],
        &[("PRAXIS_CHROMIUM", "/no/such/chromium")],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stderr
            .matches("la longueur des fiches imprimées n'a pas été vérifiée")
            .count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
    assert!(!stderr.contains("avertissement : la fiche de"), "{stderr}");
}

#[test]
fn check_finds_no_shipped_sheet_longer_than_a_page() {
    if !browser_available() {
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["check", "--root", env!("CARGO_MANIFEST_DIR")])
        .output()
        .expect("praxis runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("avertissement : la fiche de"), "{stderr}");
    assert!(!stderr.contains("n'a pas été vérifiée"), "{stderr}");
}
