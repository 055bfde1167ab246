//! `praxis print` as a coordinator meets it: real PDFs from a local Chromium, read back with
//! poppler's pdftotext, checked for what paper needs (numbered links with absolute URLs,
//! the source URL, term definitions, one sheet per page, tasks never cut in two).
//!
//! Browser rule: without chromium or pdftotext these tests fail under CI=true, and
//! elsewhere print a loud SKIPPED line and pass.

use crate::support::{Guide, page};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Where the fixture guide is published: a real address, which `praxis print` accepts.
const BASE: &str = "https://cop-sante.be/guide/";

/// Whether Chromium and poppler are here; panics under CI=true when they are not.
fn browser_available() -> bool {
    let mut missing = Vec::new();
    if praxis::print::find_chromium().is_err() {
        missing.push("chromium");
    }
    for tool in ["pdftotext", "pdfinfo", "pdfimages", "pdftoppm", "zbarimg"] {
        if !on_path(tool) {
            missing.push(tool);
        }
    }
    if missing.is_empty() {
        return true;
    }
    let what = missing.join(" and ");
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{what} not installed: the browser tests must run in CI (apt-get install chromium poppler-utils zbar-tools)"
        );
    }
    eprintln!("\n*** SKIPPED: {what} not installed — praxis print tests did not run ***\n");
    false
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
        .unwrap_or(false)
}

/// The text of a PDF, page by page, and its page size as pdfinfo tells it.
struct Pdf {
    pages: Vec<String>,
    /// The text in reading order (`pdftotext -raw`): columns one after the other, and
    /// the hyphens of words or URLs cut at a line end kept.
    raw: String,
    size: String,
}

impl Pdf {
    fn read(path: &Path) -> Pdf {
        let pdftotext = |mode: &str| {
            let out = Command::new("pdftotext")
                .arg(mode)
                .arg(path)
                .arg("-")
                .output()
                .expect("pdftotext runs");
            assert!(out.status.success(), "pdftotext {}", path.display());
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let text = pdftotext("-layout");
        let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        let info = Command::new("pdfinfo")
            .arg(path)
            .output()
            .expect("pdfinfo runs");
        let info = String::from_utf8_lossy(&info.stdout).into_owned();
        let count: usize = field(&info, "Pages:").parse().expect("a page count");
        assert_eq!(count, pages.len(), "pdfinfo and pdftotext agree on pages");
        Pdf {
            pages,
            raw: pdftotext("-raw"),
            size: field(&info, "Page size:"),
        }
    }

    fn text(&self) -> String {
        self.pages.join("\n")
    }

    /// Each page's text in reading order (one column after the other).
    fn raw_pages(&self) -> Vec<&str> {
        self.raw.split('\u{c}').collect()
    }

    /// Lines of the whole text with their runs of spaces squeezed.
    fn lines(&self) -> Vec<String> {
        self.text().lines().map(squeeze).collect()
    }
}

fn field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(name))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// `3`, `3 / 4`, `Page 3 sur 4`: what a theme may print in the page margin.
fn is_page_number(line: &str) -> bool {
    line.split_whitespace().all(|w| {
        w.chars().all(|c| c.is_ascii_digit()) || matches!(w, "/" | "sur" | "Page" | "page")
    })
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with no whitespace nor hyphen, to find a sentence whatever its line breaks.
fn bare(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '‐'))
        .collect()
}

fn long_tasks() -> Vec<String> {
    (1..=30)
        .map(|i| {
            format!(
                "tâche {i} : installer, entretenir et documenter les outils numériques du groupe, \
                 puis accompagner pas à pas chaque personne qui en a besoin, jusqu'à ce qu'elle \
                 s'en serve seule au quotidien (étape {i})"
            )
        })
        .collect()
}

/// A PNG of `w` × `h` grey pixels, written by hand (stored deflate blocks): a real
/// image for Chromium to draw, with no image crate.
fn png(w: u32, h: u32) -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let sum = crc(&out[start..]);
        out.extend(sum.to_be_bytes());
    }
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0); // no filter
        raw.extend((0..w).map(|x| if (x + y) % 8 < 4 { 0x40 } else { 0xc0 }));
    }
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend(len.to_le_bytes());
        zlib.extend((!len).to_le_bytes());
        zlib.extend(*block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend(((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend(w.to_be_bytes());
    header.extend(h.to_be_bytes());
    header.extend([8, 0, 0, 0, 0]); // 8-bit greyscale
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn guide() -> Guide {
    let tasks: String = long_tasks()
        .iter()
        .map(|t| format!("  - \"{t}\"\n"))
        .collect();
    let guide = Guide::new(&[
        (
            "praxis.yaml",
            &format!("title: Guide test\nbase_url: {BASE}\nglossary:\n  autolink: first\n"),
        ),
        (
            "content/_index.md",
            &page("Guide test", "", "Bienvenue. Voir les [[roles]].\n"),
        ),
        (
            "content/roles/_index.md",
            &page(
                "Rôles",
                "weight: 1\n",
                "Les rôles : [[organisation]] et [[contenu]].\n",
            ),
        ),
        (
            "content/roles/organisation/_index.md",
            &page(
                "Organisation",
                "weight: 1\n",
                "Voir le [[coordinateur]] et le [[technicien]].\n",
            ),
        ),
        (
            "content/roles/organisation/coordinateur.md",
            &page(
                "Coordinateur",
                "kind: role\nweight: 1\nsummary: Veille au bon fonctionnement du groupe.\ntasks:\n  - accueille les **nouveaux** membres\n  - veille aux échéances\n",
                "## Sa mission\n\nIl travaille avec le [[technicien]] sur la plateforme de la CoP.\n\n![Schéma des rôles](schema.png)\n\nVoir aussi [le site du CRIFA](https://crifa.example.be/accueil).\n",
            ),
        ),
        (
            "content/roles/organisation/technicien.md",
            &page(
                "Technicien",
                &format!("kind: role\nweight: 2\nsummary: Installe les outils.\ntasks:\n{tasks}"),
                "## Outils\n\nVoir [[glossaire/plateforme|la plateforme]].\n",
            ),
        ),
        (
            "content/roles/contenu/_index.md",
            &page("Contenu", "weight: 2\n", "Voir l'[[animateur]].\n"),
        ),
        (
            "content/roles/contenu/animateur.md",
            &page(
                "Animateur",
                "kind: role\nsummary: Fait vivre les échanges.\ntasks: [lance les discussions]\n",
                "Il anime la CoP.\n",
            ),
        ),
        (
            "content/glossaire/_index.md",
            &page("Glossaire", "", "Les termes.\n"),
        ),
        (
            "content/glossaire/plateforme.md",
            &page(
                "Plateforme",
                "kind: term\nsummary: Un espace en ligne sécurisé où les membres rangent leurs documents.\naliases: [plateformes]\n",
                "Voir [[cop]].\n",
            ),
        ),
        (
            "content/glossaire/cop.md",
            &page(
                "Communauté de Pratique",
                "kind: term\nsummary: Un groupe de personnes qui apprennent ensemble de leur pratique.\naliases: [CoP]\n",
                "Texte.\n",
            ),
        ),
        (
            "content/exemples/_index.md",
            &page("Exemples", "", "Des CoP vécues.\n"),
        ),
        (
            "content/exemples/icane.md",
            &page(
                "ICANE",
                "kind: example\nsummary: Des infirmières en chef qui partagent leurs outils.\nroles: [coordinateur]\n",
                "Le [[coordinateur]] réunit le groupe.\n",
            ),
        ),
    ]);
    guide.write_bytes("content/roles/organisation/schema.png", &png(120, 60));
    guide
}

const ROLES: [(&str, &str); 3] = [
    ("coordinateur", "Coordinateur"),
    ("technicien", "Technicien"),
    ("animateur", "Animateur"),
];

struct Printed {
    code: i32,
    stdout: String,
    stderr: String,
    files: Vec<String>,
    public_written: bool,
    sheet: Pdf,
    technicien: Pdf,
    booklet: Pdf,
    /// The raster images of each PDF, as `pdfimages -list` tells: (page, width, height).
    images: std::collections::HashMap<String, Vec<(usize, u32, u32)>>,
}

/// The fixture guide printed once for all the tests that read its PDFs.
fn printed() -> Option<&'static Printed> {
    static PRINTED: OnceLock<Printed> = OnceLock::new();
    if !browser_available() {
        return None;
    }
    Some(PRINTED.get_or_init(|| {
        let guide = guide();
        let out = guide.path("pdf");
        let run = guide.praxis(&["print", "--output", out.to_str().unwrap()]);
        let mut files: Vec<String> = std::fs::read_dir(&out)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        assert_eq!(run.code, 0, "praxis print failed:\n{}", run.stderr);
        Printed {
            code: run.code,
            stdout: run.stdout,
            stderr: run.stderr,
            images: files
                .iter()
                .map(|f| (f.clone(), images(&out.join(f))))
                .collect(),
            files,
            public_written: guide.path("public").exists(),
            sheet: Pdf::read(&out.join("coordinateur.pdf")),
            technicien: Pdf::read(&out.join("technicien.pdf")),
            booklet: Pdf::read(&out.join("fiches.pdf")),
        }
    }))
}

#[test]
fn print_writes_one_pdf_per_role_and_the_booklet_and_says_so() {
    let Some(p) = printed() else { return };
    assert_eq!(p.code, 0, "{}", p.stderr);
    assert_eq!(
        p.files,
        [
            "animateur.pdf",
            "coordinateur.pdf",
            "fiches.pdf",
            "technicien.pdf"
        ]
    );
    for f in &p.files {
        assert!(
            p.stdout.contains(f.as_str()),
            "{f} is not reported:\n{}",
            p.stdout
        );
    }
    assert!(p.stderr.contains("4 PDF imprimés"), "{}", p.stderr);
    assert!(!p.public_written, "print must not write <root>/public");
}

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
fn endnotes(pdf: &Pdf) -> Vec<(usize, String)> {
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
fn heads_sheet(page: &str, title: &str) -> bool {
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

#[test]
fn print_role_writes_only_that_roles_pdf() {
    if !browser_available() {
        return;
    }
    let guide = guide();
    let out = guide.path("pdf");
    let run = guide.praxis(&[
        "print",
        "--role",
        "animateur",
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        "https://autre.example.net/cop/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files, [out.join("animateur.pdf")]);
    let text = Pdf::read(&files[0]).text();
    assert!(
        text.contains("Source : https://autre.example.net/cop/roles/contenu/animateur/"),
        "--base-url is used for the printed URLs:\n{text}"
    );
}

/// Where the shipped guide is printed in these tests (its praxis.yaml holds a placeholder).
const SHIPPED_BASE: &str = "https://guide.cop-sante.be/";

/// The shipped guide, every sheet and the booklet printed once for the tests that read them.
struct ShippedPrint {
    /// The role stems, in file-name order, and each one's PDF.
    sheets: Vec<(String, Pdf)>,
    booklet: Pdf,
    /// What the QR codes of each sheet say, by role stem.
    qr: std::collections::HashMap<String, Vec<String>>,
    /// The shipped meeting pack.
    pack: Pdf,
}

fn shipped_printed() -> Option<&'static ShippedPrint> {
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
fn shipped_roles() -> Vec<String> {
    let mut roles: Vec<String> = shipped_role_files()
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    roles.sort();
    roles
}

/// The files of the shipped guide's roles.
fn shipped_role_files() -> Vec<PathBuf> {
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

/// What the QR codes on the first page of `pdf` say, read by zbarimg from a 150 dpi image.
fn qr_codes(pdf: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("page");
    let made = Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-singlefile", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(made.success(), "pdftoppm {}", pdf.display());
    let out = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(png.with_extension("png"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
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

/// Runs praxis with extra environment variables.
/// A stand-in for Chromium in `guide`: the shell `script`, executable.
#[cfg(unix)]
fn fake_browser(guide: &Guide, script: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    guide.write("bin/fake-chromium", script);
    let fake = guide.path("bin/fake-chromium");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    fake
}

/// `praxis print --role animateur --output out` with the browser `fake`, and `env`.
#[cfg(unix)]
fn print_animateur(
    guide: &Guide,
    out: &std::path::Path,
    fake: &std::path::Path,
    env: &[(&str, &str)],
) -> (i32, String) {
    let mut env = env.to_vec();
    env.push(("PRAXIS_CHROMIUM", fake.to_str().unwrap()));
    let args = [
        "print",
        "--role",
        "animateur",
        "--output",
        out.to_str().unwrap(),
    ];
    praxis_env(guide, &args, &env)
}

fn praxis_env(guide: &Guide, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_praxis"));
    cmd.args(args).arg("--root").arg(guide.root());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("praxis runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn print_without_chromium_exits_1_and_says_how_to_install_it() {
    let guide = guide();
    let out = guide.path("pdf");
    let (code, stderr) = praxis_env(
        &guide,
        &["print", "--output", out.to_str().unwrap()],
        &[("PRAXIS_CHROMIUM", "/nonexistent/chromium"), ("PATH", "")],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("praxis print a besoin de Chromium"),
        "{stderr}"
    );
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
    assert!(stderr.contains("PRAXIS_CHROMIUM"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "nothing is written without a browser");
}

#[test]
fn an_unknown_role_is_bad_usage_with_a_suggestion() {
    let guide = guide();
    let run = guide.praxis(&["print", "--role", "coordinatuer", "--output", "x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("vouliez-vous dire coordinateur ?"),
        "{}",
        run.stderr
    );
}

#[test]
fn content_errors_stop_print_like_build() {
    let guide = guide();
    guide.write(
        "content/roles/contenu/animateur.md",
        &page("Animateur", "kind: role\n", "Voir [[plateform]].\n"),
    );
    let out = guide.path("pdf");
    let run = guide.praxis(&["print", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("[[plateform]]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--> content/roles/contenu/animateur.md:"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no PDF is written for broken content");
}

#[cfg(unix)]
#[test]
fn a_browser_that_hangs_is_stopped_and_reported() {
    let guide = guide();
    let fake = fake_browser(&guide, "#!/bin/sh\nsleep 30\n");
    let out = guide.path("pdf");
    let started = Instant::now();
    let (code, stderr) = print_animateur(&guide, &out, &fake, &[("PRAXIS_PRINT_TIMEOUT", "1")]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "praxis waited {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("erreur : impossible d'imprimer ")
            && stderr.contains("animateur.pdf : ")
            && stderr.contains("n'a pas fini en 1 s et a été arrêté"),
        "{stderr}"
    );
    assert!(!stderr.contains("did not finish"), "{stderr}");
    assert!(!out.join("animateur.pdf").exists());
}

/// A PDF printed, then not written where the coordinator asked: the folder given runs
/// through a file. Said in French, naming the folder.
#[cfg(unix)]
#[test]
fn a_pdf_that_cannot_be_written_out_is_said_in_french_naming_the_folder() {
    let guide = guide();
    // A browser that prints at once: it writes a PDF's first bytes where it is asked to.
    let fake = fake_browser(
        &guide,
        "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --print-to-pdf=*) \
         printf '%%PDF-1.4\\n' > \"${a#--print-to-pdf=}\";; esac; done\n",
    );
    let out = guide.path("praxis.yaml/pdf");
    let (code, stderr) = print_animateur(&guide, &out, &fake, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "erreur : impossible de créer {} : une partie du chemin est un fichier, là où un \
             dossier est attendu\n",
            out.display()
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Not a directory") && !stderr.contains("os error"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_browser_that_fails_is_reported_with_its_last_words() {
    let guide = guide();
    let fake = fake_browser(
        &guide,
        "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n",
    );
    let out = guide.path("pdf");
    let (code, stderr) = praxis_env(
        &guide,
        &["print", "--output", out.to_str().unwrap()],
        &[("PRAXIS_CHROMIUM", fake.to_str().unwrap())],
    );
    assert_eq!(code, 1, "{stderr}");
    // The browser's own words are kept, after the guide's.
    assert!(
        stderr.contains(
            "s'est arrêté en erreur (code de sortie 3) ; ses derniers messages (en anglais) :\n    cannot open display"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("failed ("),
        "{stderr}"
    );
}

#[test]
fn print_refuses_an_example_address_and_says_what_to_set() {
    // praxis.yaml as `praxis init` might leave it: https://example.org/guide/.
    let guide = Guide::new(&[(
        "content/roles/animateur.md",
        &page("Animateur", "kind: role\n", "Anime.\n"),
    )]);
    let out = guide.path("pdf");
    let run = guide.praxis(&["print", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "erreur : l'adresse du guide, https://example.org/guide/, est une adresse d'exemple"
        ) && run.stderr.contains("--> praxis.yaml:2:1")
            && run.stderr.contains("base_url: https://…/")
            && run.stderr.contains("praxis print --base-url"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no PDF is written");
    // The whole guide on paper is refused for the same reason.
    let run = guide.praxis(&["print", "--guide", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("est une adresse d'exemple"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no PDF is written");
}

/// The images `pdfimages -list` finds in `pdf`: (page, width, height).
fn images(pdf: &Path) -> Vec<(usize, u32, u32)> {
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((
                f.first()?.parse().ok()?,
                f.get(3)?.parse().ok()?,
                f.get(4)?.parse().ok()?,
            ))
        })
        .collect()
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
fn contents_page(booklet: &Pdf, title: &str) -> usize {
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
fn first_title(sheet: &Pdf) -> String {
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

// ---------- The whole guide in print: `imprimer/` and `praxis print --guide` ----------

/// A small guide whose pages link to one another, to an anchor, to a page for authors
/// (unlisted), twice to the same site, and show an image.
fn book_guide() -> Guide {
    Guide::new(&[
        (
            "praxis.yaml",
            &format!("title: Guide test\nbase_url: {BASE}\nglossary:\n  autolink: first\n"),
        ),
        (
            "content/_index.md",
            &page(
                "Guide test",
                "",
                "Bienvenue. Voir les [[roles]] et la [page des auteurs](contribuer.md).\n",
            ),
        ),
        (
            "content/contribuer.md",
            &page("Contribuer", "unlisted: true\n", "Pour les auteurs.\n"),
        ),
        (
            "content/roles/_index.md",
            &page("Rôles", "weight: 1\n", "Les rôles de la communauté.\n"),
        ),
        (
            "content/roles/coordinateur.md",
            &page(
                "Coordinateur",
                "kind: role\nweight: 1\nsummary: Veille au bon fonctionnement du groupe.\ntasks:\n  - accueille les membres\n",
                "## Sa mission\n\nIl travaille sur la plateforme. Voir [l'OMS](https://www.who.int/fr).\n\n![Schéma des rôles](schema.png)\n",
            ),
        ),
        (
            "content/roles/technicien.md",
            &page(
                "Technicien",
                "kind: role\nweight: 2\nsummary: Installe les outils.\n",
                "Il aide le [[coordinateur#sa-mission|coordinateur dans sa mission]]; voir aussi [l'OMS](https://www.who.int/fr).\n",
            ),
        ),
        (
            "content/roles/brouillon.md",
            &page("Rôle en chantier", "draft: true\n", "Pas encore.\n"),
        ),
        (
            "content/glossaire/_index.md",
            &page("Glossaire", "weight: 2\n", ""),
        ),
        (
            "content/glossaire/plateforme.md",
            &page(
                "Plateforme",
                "kind: term\nsummary: Un espace en ligne partagé.\n",
                "Le lieu des échanges.\n",
            ),
        ),
    ])
}

/// The ids of the pages of the book, in the order it shows them.
fn book_pages(html: &str) -> Vec<String> {
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
    let run = guide.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
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
    let run = guide.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
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
struct ShippedBook {
    pdf: Pdf,
    bytes: Vec<u8>,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

fn shipped_book() -> Option<&'static ShippedBook> {
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
fn shipped_titles() -> Vec<String> {
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
fn book_contents_page(book: &Pdf, title: &str) -> usize {
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

/// The fixture guide with a meeting pack: the long technicien sheet (two pages), the
/// coordinator, an example and a term named by the pack alone.
fn guide_with_pack() -> Guide {
    let guide = guide();
    guide.write(
        "content/reunions/premiere.md",
        &page(
            "Première réunion",
            "kind: pack\ndate: 2026-03-12\nsummary: Le dossier du lancement.\nroles: [technicien, coordinateur]\nexamples: [icane]\nterms: [cop]\n",
            "Le dossier de la [[premiere|première réunion]].\n",
        ),
    );
    guide
}

#[test]
fn a_meeting_pack_prints_its_cover_contents_sheets_examples_and_one_glossary() {
    if !browser_available() {
        return;
    }
    let guide = guide_with_pack();
    let out = guide.path("pdf");
    let run = guide.praxis(&[
        "print",
        "--pack",
        "premiere",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["premiere.pdf"], "--pack prints that pack alone");
    let pdf = Pdf::read(&out.join("premiere.pdf"));
    let cover = squeeze(&pdf.pages[0]);
    for words in ["Guide test", "Première réunion", "12 mars 2026", "Sommaire"] {
        assert!(
            cover.to_lowercase().contains(&words.to_lowercase()),
            "{words}: {cover}"
        );
    }
    // Each line of the contents sends to the page where its part begins.
    let technicien = contents_page(&pdf, "Fiche Technicien");
    let coordinateur = contents_page(&pdf, "Fiche Coordinateur");
    let examples = contents_page(&pdf, "Exemples");
    let glossary = contents_page(&pdf, "Glossaire du dossier");
    let links = contents_page(&pdf, "Liens");
    assert_eq!(technicien, 2, "{cover}");
    assert!(heads_sheet(&pdf.pages[technicien - 1], "Technicien"));
    assert!(
        squeeze(&pdf.pages[technicien]).contains("Technicien · page 2/2"),
        "the long sheet's second page names it: {}",
        pdf.pages[technicien]
    );
    assert_eq!(coordinateur, technicien + 2, "{cover}");
    assert!(heads_sheet(&pdf.pages[coordinateur - 1], "Coordinateur"));
    let starts = |n: usize, heading: &str| {
        pdf.pages[n - 1]
            .lines()
            .map(squeeze)
            .find(|l| !l.is_empty())
            .is_some_and(|l| l == heading)
    };
    assert!(starts(examples, "Exemples"), "{}", pdf.pages[examples - 1]);
    assert!(
        pdf.pages[examples - 1].contains("ICANE"),
        "{}",
        pdf.pages[examples - 1]
    );
    assert!(
        starts(glossary, "Glossaire du dossier"),
        "{}",
        pdf.pages[glossary - 1]
    );
    assert!(starts(links, "Liens"), "{}", pdf.pages[links - 1]);
    assert_eq!(links, pdf.pages.len(), "the links end the pack");
    // One glossary: the term the sheets use (Plateforme) and the one the pack names.
    let glossary_text = squeeze(&pdf.pages[glossary - 1..links - 1].join("\n"));
    for term in ["Plateforme", "Communauté de Pratique"] {
        assert_eq!(
            glossary_text.matches(term).count(),
            1,
            "{term} defined once: {glossary_text}"
        );
    }
    // The links: absolute addresses, the pack's example among them.
    let notes = squeeze(&pdf.pages[links - 1]);
    assert!(notes.contains(BASE), "{notes}");
    assert!(notes.contains("exemples/icane/"), "{notes}");
}

#[test]
fn bad_references_in_a_pack_are_errors_at_their_line() {
    let guide = guide();
    guide.write(
        "content/reunions/premiere.md",
        "---\ntitle: Première réunion\nkind: pack\ndate: 2026-02-30\nroles:\n  - coordinateru\n  - plateforme\nexamples: [icane]\nterms: [cop, animateur]\n---\nTexte.\n",
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    assert!(
        e.contains("`date` : `2026-02-30` n'est pas une date"),
        "{e}"
    );
    assert!(e.contains("--> content/reunions/premiere.md:4:"), "{e}");
    assert!(
        e.contains("`coordinateru` ne désigne aucune page")
            && e.contains("vouliez-vous dire `coordinateur` ?"),
        "{e}"
    );
    assert!(e.contains("--> content/reunions/premiere.md:6:5"), "{e}");
    assert!(
        e.contains(
            "`plateforme` dans `roles` n'est pas de type role : content/glossaire/plateforme.md est de type term"
        ),
        "{e}"
    );
    assert!(e.contains("--> content/reunions/premiere.md:7:5"), "{e}");
    assert!(
        e.contains("`animateur` dans `terms` n'est pas de type term"),
        "{e}"
    );
    assert!(e.contains("--> content/reunions/premiere.md:9:14"), "{e}");
    assert!(e.contains("échec de la construction : 4 erreurs"), "{e}");
}

#[test]
fn a_pack_named_as_a_role_is_an_error() {
    let guide = guide();
    guide.write(
        "content/reunions/technicien.md",
        &page(
            "Réunion technique",
            "kind: pack\nroles: [coordinateur]\n",
            "Texte.\n",
        ),
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "ce dossier de réunion et content/roles/organisation/technicien.md auraient la même page fiches/technicien/"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_pack_is_published_beside_the_sheets_and_printed_with_the_rest() {
    let guide = guide_with_pack();
    let run = guide.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pack = guide.html("fiches/premiere/index.html");
    assert!(pack.contains("12 mars 2026"), "{pack}");
    assert!(pack.contains("data-sheet=\"fiche-technicien\""), "{pack}");
    assert!(pack.contains("id=\"fiche-coordinateur\""), "{pack}");
    let page = guide.html("reunions/premiere/index.html");
    assert!(page.contains("href=\"../../fiches/premiere/\""), "{page}");
    assert!(page.contains("Imprimer le dossier"), "{page}");
    let unknown = guide.praxis(&["print", "--pack", "premire", "--output", "x"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains(
            "--pack premire : ce dossier de réunion n'existe pas ; vouliez-vous dire premiere ?"
        ),
        "{}",
        unknown.stderr
    );
}

/// The meeting pack the guide ships (content/reunions/).
const SHIPPED_PACK: &str = "premiere-reunion";

#[test]
fn the_shipped_pack_prints_with_each_sheet_where_its_contents_say() {
    let Some(s) = shipped_printed() else { return };
    let pdf = &s.pack;
    for role in ["Coordinateur", "Animateur", "Membre"] {
        let n = contents_page(pdf, &format!("Fiche {role}"));
        assert!(
            heads_sheet(&pdf.pages[n - 1], role),
            "the contents send {role} to page {n}, which is:\n{}",
            pdf.pages[n - 1]
        );
    }
    let glossary = contents_page(pdf, "Glossaire du dossier");
    let text = squeeze(&pdf.pages[glossary - 1]);
    for term in ["Charte", "Domaine", "Négociation de rôle"] {
        assert!(text.contains(term), "{term}: {text}");
    }
}

#[test]
fn while_serving_a_pack_follows_the_edits_of_the_sheets_it_prints() {
    use praxis::base::sink::Data;
    let guide = guide_with_pack();
    let options = praxis::build::pipeline::Options::default();
    let mut session = praxis::build::incremental::Session::new(guide.root(), &options);
    session.rebuild(&[]).expect("the guide builds");
    let role = "content/roles/organisation/coordinateur.md";
    let text = std::fs::read_to_string(guide.path(role)).unwrap();
    guide.write(role, &format!("{text}\nUne phrase ajoutée en réunion.\n"));
    let built = session
        .rebuild(&[std::path::PathBuf::from(role)])
        .expect("the edit builds");
    assert!(
        built.report.rendered.is_some(),
        "a text edit is an incremental rebuild"
    );
    let pack = match built.site.files.get("fiches/premiere/index.html") {
        Some(Data::Bytes(html)) => String::from_utf8_lossy(html).into_owned(),
        _ => panic!("no pack"),
    };
    assert!(pack.contains("Une phrase ajoutée en réunion."), "{pack}");
    let full = praxis::build::pipeline::build(guide.root(), &options).expect("full build");
    match full.site.files.get("fiches/premiere/index.html") {
        Some(Data::Bytes(html)) => assert_eq!(String::from_utf8_lossy(html), pack),
        _ => panic!("no pack in the full build"),
    }
}
