//! Printed PDFs read back for the tests of `praxis print`: their text page by page
//! (poppler's pdftotext), page size, images and QR codes; and whether Chromium and those
//! tools are here.
//!
//! Browser rule: without chromium or poppler the print tests fail under CI=true, and
//! elsewhere print a loud SKIPPED line and pass.

use std::path::Path;
use std::process::Command;

/// Whether Chromium and poppler are here; panics under CI=true when they are not.
pub fn browser_available() -> bool {
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
pub struct Pdf {
    pub pages: Vec<String>,
    /// The text in reading order (`pdftotext -raw`): columns one after the other, and
    /// the hyphens of words or URLs cut at a line end kept.
    pub raw: String,
    pub size: String,
}

impl Pdf {
    pub fn read(path: &Path) -> Pdf {
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

    pub fn text(&self) -> String {
        self.pages.join("\n")
    }

    /// Each page's text in reading order (one column after the other).
    pub fn raw_pages(&self) -> Vec<&str> {
        self.raw.split('\u{c}').collect()
    }

    /// Lines of the whole text with their runs of spaces squeezed.
    pub fn lines(&self) -> Vec<String> {
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
pub fn is_page_number(line: &str) -> bool {
    line.split_whitespace().all(|w| {
        w.chars().all(|c| c.is_ascii_digit()) || matches!(w, "/" | "sur" | "Page" | "page")
    })
}

pub fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with no whitespace nor hyphen, to find a sentence whatever its line breaks.
pub fn bare(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '‐'))
        .collect()
}

/// A PNG of `w` × `h` grey pixels, written by hand (stored deflate blocks): a real
/// image for Chromium to draw, with no image crate.
pub fn png(w: u32, h: u32) -> Vec<u8> {
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

/// What the QR codes on the first page of `pdf` say, read by zbarimg from a 150 dpi image.
pub fn qr_codes(pdf: &Path) -> Vec<String> {
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

/// The images `pdfimages -list` finds in `pdf`: (page, width, height).
pub fn images(pdf: &Path) -> Vec<(usize, u32, u32)> {
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
