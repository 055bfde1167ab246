//! `praxis print`: role sheets to PDF through a local headless Chromium. This module alone
//! owns the browser process: finding it, running it under a time limit, checking its PDF.

use crate::base::messages::{Message, io_cause, io_failed, of_error};
use crate::base::sink::{self, Site};
use crate::base::sync;
use crate::base::urls::{self, SHEETS_DIR};
use crate::msg;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Headless Chromium without a sandbox (praxis may run as root in CI) and without the
/// background services that would try the network.
pub const HEADLESS_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
];

/// The browsers tried on PATH, in order, when `PRAXIS_CHROMIUM` is not set.
pub const BROWSERS: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// How long one Chromium run may take before it is stopped (`PRAXIS_PRINT_TIMEOUT` in
/// seconds overrides it).
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// At most this many browsers print at once (each is a few processes and ~200 MB).
const MAX_BROWSERS: usize = 4;

/// An unknown role is [`Error::Usage`]; no browser, or one that failed, [`Error::Failed`].
pub use crate::base::error::Error;

/// One PDF to print: the page of the site (`fiches/coordinateur/index.html`) and its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub page: String,
    pub pdf: PathBuf,
}

/// The role stems that have a sheet in `site`, sorted: the pages of `fiches/` but the
/// meeting `packs` printed there too.
pub fn roles(site: &Site, packs: &[String]) -> Vec<String> {
    site.files
        .keys()
        .filter_map(|k| urls::sheet_of(k).map(str::to_owned))
        .filter(|stem| !packs.contains(stem))
        .collect()
}

/// What to print from `site` into `out`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wanted<'a> {
    /// Only this role's sheet (`--role`).
    pub role: Option<&'a str>,
    /// Only this meeting pack (`--pack`).
    pub pack: Option<&'a str>,
}

/// What to print into `out`: every role's sheet, the booklet and every meeting pack of
/// `packs`, or only the role or the pack `wanted`.
pub fn plan(site: &Site, packs: &[String], wanted: Wanted, out: &Path) -> Result<Vec<Job>, Error> {
    let roles = roles(site, packs);
    let job = |stem: &str| Job {
        page: urls::sheet_path(stem),
        pdf: out.join(format!("{stem}.pdf")),
    };
    for (option, wanted, known, what) in [
        ("--role", wanted.role, &roles, "role"),
        ("--pack", wanted.pack, &packs.to_vec(), "meeting pack"),
    ] {
        let Some(wanted) = wanted else { continue };
        if known.iter().any(|r| r == wanted) {
            return Ok(vec![job(wanted)]);
        }
        let near = crate::base::text::suggest(wanted, known.iter().map(String::as_str), 3);
        let what = msg!("print-what", what = what);
        return Err(Error::Usage(match near.as_slice() {
            [] if known.is_empty() => msg!(
                "print-argument-none",
                option = option,
                name = wanted,
                what = what
            ),
            [] => msg!(
                "print-argument-unknown",
                option = option,
                name = wanted,
                what = what,
                known = known.join(", ")
            ),
            _ => msg!(
                "print-argument-did-you-mean",
                option = option,
                name = wanted,
                what = what,
                near = near.join(", ")
            ),
        }));
    }
    let mut jobs: Vec<Job> = roles.iter().chain(packs).map(|r| job(r)).collect();
    let booklet = urls::BOOKLET.to_owned();
    if site.files.contains_key(&booklet) {
        jobs.push(Job {
            page: booklet,
            pdf: out.join(format!("{SHEETS_DIR}.pdf")),
        });
    }
    Ok(jobs)
}

/// The whole guide to print (`praxis print --guide`): `imprimer/` into `guide.pdf`.
pub fn guide_job(out: &Path) -> Job {
    Job {
        page: urls::BOOK.to_owned(),
        pdf: out.join("guide.pdf"),
    }
}

/// `praxis print` without `--base-url`: refuses a placeholder `base_url` of `praxis.yaml`
/// (the one `praxis init` writes, say), at its line in `settings` (the file's text), saying
/// what to set.
pub fn check_address(
    base_url: &str,
    settings: &str,
) -> Option<crate::base::diagnostic::Diagnostic> {
    let host = crate::source::config::placeholder_host(base_url)?;
    let file = crate::source::config::FILE_NAME;
    let line = settings
        .lines()
        .position(|l| l.trim_start().starts_with("base_url:"));
    let error = crate::base::diagnostic::Diagnostic::error(
        file,
        msg!("print-placeholder-address", url = base_url, host = host),
    )
    .with_help(msg!("print-placeholder-address-help"));
    Some(match line {
        Some(n) => error.at_line(settings, n + 1, 1),
        None => error,
    })
}

/// The browser to print with: `$PRAXIS_CHROMIUM`, else the first of [`BROWSERS`] on PATH.
pub fn find_chromium() -> Result<PathBuf, Error> {
    find_chromium_in(
        std::env::var_os("PRAXIS_CHROMIUM").as_deref(),
        std::env::var_os("PATH").as_deref(),
    )
}

fn find_chromium_in(explicit: Option<&OsStr>, path: Option<&OsStr>) -> Result<PathBuf, Error> {
    if let Some(explicit) = explicit.filter(|e| !e.is_empty()) {
        let given = PathBuf::from(explicit);
        // A bare name is looked up on PATH, as a shell would.
        let found = if given.components().count() == 1 {
            path.and_then(|p| search_path(p, explicit))
        } else {
            is_executable(&given).then_some(given)
        };
        return found.ok_or_else(|| {
            let given = Path::new(explicit).display().to_string();
            Error::Failed(msg!("chromium-not-executable", path = given))
        });
    }
    path.and_then(|p| {
        BROWSERS
            .iter()
            .find_map(|name| search_path(p, OsStr::new(name)))
    })
    .ok_or_else(|| Error::Failed(msg!("chromium-missing", browsers = BROWSERS.join(", "))))
}

fn search_path(path: &OsStr, name: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// The time limit of one Chromium run.
pub fn timeout() -> Duration {
    std::env::var("PRAXIS_PRINT_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(TIMEOUT, Duration::from_secs_f64)
}

/// A temporary folder named `prefix…` holding `site` in its `site/` folder, for a
/// browser to print from (gone when dropped).
fn published(site: &Site, prefix: &str) -> Result<tempfile::TempDir, Error> {
    let work = (tempfile::Builder::new().prefix(prefix).tempdir())
        .map_err(|e| Error::Failed(io_failed(msg!("cannot-create-temporary"), &e)))?;
    sink::publish(site, &work.path().join("site")).map_err(|e| Error::Failed(of_error(&e)))?;
    Ok(work)
}

/// Publishes `site` into a private temporary folder and prints each job's page to its PDF
/// with `chromium`. Returns the PDFs written, in the order of `jobs`.
pub fn print(
    site: &Site,
    jobs: &[Job],
    chromium: &Path,
    timeout: Duration,
) -> Result<Vec<PathBuf>, Error> {
    let work = published(site, "praxis-print-")?;
    let dir = work.path();
    let site_dir = dir.join("site");
    // Every PDF is printed in the temporary folder first, a few browsers at a time, and
    // copied out only when all succeeded: a failure leaves the output folder as it was.
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<(), Message>)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_BROWSERS)
        .min(jobs.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(n) else { break };
                    let result = run(
                        chromium,
                        &site_dir.join(&job.page),
                        &dir.join(format!("{n}.pdf")),
                        &dir.join(format!("run-{n}")),
                        timeout,
                    );
                    let failed = result.is_err();
                    sync::lock(&results).push((n, result));
                    if failed {
                        // Stop handing out jobs; the others finish theirs.
                        next.store(jobs.len(), Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let mut results = sync::into_inner(results);
    results.sort_by_key(|r| r.0);
    for (n, result) in &results {
        if let Err(e) = result {
            return Err(cannot_print(&jobs[*n].pdf, e.clone()));
        }
    }
    for (n, job) in jobs.iter().enumerate() {
        number_contents(
            job,
            &dir.join(format!("{n}.pdf")),
            &site_dir,
            chromium,
            timeout,
            &dir.join(format!("run-{n}-numbered")),
        )?;
    }
    let mut written = Vec::new();
    for (n, job) in jobs.iter().enumerate() {
        if let Some(parent) = job.pdf.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::Failed(cannot_create(parent, &e)))?;
        }
        std::fs::copy(dir.join(format!("{n}.pdf")), &job.pdf)
            .map_err(|e| Error::Failed(cannot_write(&job.pdf, &e)))?;
        written.push(job.pdf.clone());
    }
    Ok(written)
}

/// A booklet or a pack printed a second time, now that the first printing tells on which
/// page each part of its contents starts (see [`destinations`]): its contents get their
/// page numbers, and a sheet longer than a page repeats its role's name with "page 2/2"
/// at the top of each page. The numbers go in as a style sheet over the placeholders of
/// the contents (`<span class="toc-page" data-sheet="…">`), so that the text of the first
/// printing, whose pages were counted, is not moved. A page without them is left alone.
fn number_contents(
    job: &Job,
    pdf: &Path,
    site_dir: &Path,
    chromium: &Path,
    timeout: Duration,
    scratch: &Path,
) -> Result<(), Error> {
    let path = site_dir.join(&job.page);
    let html = std::fs::read_to_string(&path).map_err(|e| Error::Failed(cannot_read(&path, &e)))?;
    let parts = contents_parts(&html);
    if parts.is_empty() {
        return Ok(());
    }
    let bytes = std::fs::read(pdf).map_err(|e| Error::Failed(cannot_read(pdf, &e)))?;
    let Some(placed) = place(&parts, &bytes) else {
        return Ok(()); // Chromium did not say where the parts are: no numbers, as before.
    };
    let style = booklet_style(&placed);
    let numbered = match html.find("</head>") {
        Some(i) => format!("{}{style}{}", &html[..i], &html[i..]),
        None => return Ok(()),
    };
    std::fs::write(&path, numbered).map_err(|e| Error::Failed(cannot_write(&path, &e)))?;
    run(chromium, &path, pdf, scratch, timeout).map_err(|e| cannot_print(&job.pdf, e))
}

/// `praxis print` could not make `pdf`: `cause` says why.
fn cannot_print(pdf: &Path, cause: Message) -> Error {
    let file = pdf.display().to_string();
    Error::Failed(msg!("cannot-print", file = file, cause = cause))
}

fn cannot_read(file: &Path, e: &std::io::Error) -> Message {
    let file = file.display().to_string();
    io_failed(msg!("cannot-read-file", file = file), e)
}

fn cannot_write(file: &Path, e: &std::io::Error) -> Message {
    let file = file.display().to_string();
    io_failed(msg!("cannot-write-file", file = file), e)
}

fn cannot_create(folder: &Path, e: &std::io::Error) -> Message {
    let folder = folder.display().to_string();
    io_failed(msg!("cannot-create", folder = folder), e)
}

/// The parts of a printed document, from the anchors of its contents: each one's first
/// page (where Chromium put its anchor) and its length (up to the next part, or the end).
/// `None` when a part's anchor is not among the PDF's destinations.
pub fn place(parts: &[(String, Option<String>)], pdf: &[u8]) -> Option<Vec<Placed>> {
    let (dests, total) = destinations(pdf)?;
    let firsts: Vec<usize> = parts
        .iter()
        .map(|(anchor, _)| dests.get(anchor).copied())
        .collect::<Option<_>>()?;
    Some(
        parts
            .iter()
            .enumerate()
            .map(|(k, (anchor, title))| {
                let end = firsts.get(k + 1).copied().unwrap_or(total + 1);
                Placed {
                    anchor: anchor.clone(),
                    title: title.clone(),
                    first: firsts[k],
                    pages: end.saturating_sub(firsts[k]).max(1),
                }
            })
            .collect(),
    )
}

/// Prints `site`'s booklet once and tells how many pages each role's sheet takes in it,
/// by its anchor ([`crate::outputs::sheets::anchor`]), in the booklet's order: `praxis check`
/// names the sheets longer than a page. (The same measure numbers the booklet's contents.)
pub fn sheet_lengths(
    site: &Site,
    chromium: &Path,
    timeout: Duration,
) -> Result<Vec<(String, usize)>, Error> {
    let work = published(site, "praxis-check-")?;
    let dir = work.path();
    let site_dir = dir.join("site");
    let page = site_dir.join(urls::BOOKLET);
    let html = std::fs::read_to_string(&page).map_err(|e| Error::Failed(cannot_read(&page, &e)))?;
    let pdf = dir.join("fiches.pdf");
    run(chromium, &page, &pdf, &dir.join("run"), timeout)
        .map_err(|e| Error::Failed(msg!("cannot-print-booklet", cause = e)))?;
    let bytes = std::fs::read(&pdf).map_err(|e| Error::Failed(cannot_read(&pdf, &e)))?;
    let parts = contents_parts(&html);
    let placed = place(&parts, &bytes).ok_or_else(|| {
        let browser = chromium.display().to_string();
        Error::Failed(msg!("print-no-places", browser = browser))
    })?;
    Ok(placed
        .into_iter()
        .filter(|p| p.title.is_some())
        .map(|p| (p.anchor, p.pages))
        .collect())
}

/// How the top of a continued sheet is printed (as `sheet.html` does for a sheet alone).
const MARGIN_TEXT: &str = "font: 600 7.5pt system-ui, sans-serif; color: #333;";

/// A role, for [`long_sheets`]: its sheet's anchor, its page's file, its name and how many
/// words its page's text has.
pub struct RoleSheet {
    pub anchor: String,
    pub stem: String,
    pub source: PathBuf,
    pub title: String,
    pub words: usize,
}

/// `praxis check`: a warning at each role's page whose sheet takes more than one A4 page
/// in the booklet printed once by a local Chromium, with what takes room on it. `Err` is
/// the note to print instead when no browser could measure them.
pub fn long_sheets(
    site: &Site,
    roles: &[RoleSheet],
) -> Result<Vec<crate::base::diagnostic::Diagnostic>, Message> {
    if roles.is_empty() || !site.files.contains_key(urls::BOOKLET) {
        return Ok(Vec::new());
    }
    let chromium = find_chromium().map_err(|_| msg!("sheets-not-measured-no-browser"))?;
    let lengths = sheet_lengths(site, &chromium, timeout())
        .map_err(|e| msg!("sheets-not-measured", cause = e.message().clone()))?;
    let mut out = Vec::new();
    for (anchor, pages) in lengths.into_iter().filter(|(_, p)| *p > 1) {
        let Some(role) = roles.iter().find(|r| r.anchor == anchor) else {
            continue;
        };
        let sheet = site
            .read(&urls::sheet_path(&role.stem))
            .and_then(Result::ok)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let terms = sheet.matches("class=\"sheet-term\"").count();
        let links = sheet.matches("class=\"sheet-link-note\"").count();
        out.push(
            crate::base::diagnostic::Diagnostic::warning(
                &role.source,
                msg!("sheet-too-long", role = role.title.as_str(), pages = pages),
            )
            .with_help(msg!(
                "sheet-too-long-help",
                words = role.words,
                terms = terms,
                links = links
            )),
        );
    }
    Ok(out)
}

/// A part of a printed booklet or pack: its id, its role's name when it is a sheet, its
/// first page and how many it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub anchor: String,
    pub title: Option<String>,
    pub first: usize,
    pub pages: usize,
}

/// The value of the attribute `name` in the opening `tag`.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')?;
    Some(crate::base::text::unescape_html(&tag[start..start + end]))
}

/// The parts listed by the contents of a booklet or a pack, in order: the anchor of each
/// `<span class="toc-page" data-sheet="…">`, with the role's name (`data-title`) when the
/// part is a sheet, `<article class="sheet">`.
pub fn contents_parts(html: &str) -> Vec<(String, Option<String>)> {
    let titles: std::collections::HashMap<String, String> = html
        .match_indices("<article class=\"sheet\"")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            Some((attribute(tag, "id")?, attribute(tag, "data-title")?))
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    html.match_indices("<span class=\"toc-page\"")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            attribute(tag, "data-sheet")
        })
        .filter(|anchor| seen.insert(anchor.clone()))
        .map(|anchor| {
            let title = titles.get(&anchor).cloned();
            (anchor, title)
        })
        .collect()
}

/// The style that numbers the booklet: each entry of the contents gets its sheet's first
/// page (`.toc-page[data-sheet=…]`), and each sheet longer than a page a page of its own
/// name whose top says "<role> · page n/N".
pub fn booklet_style(placed: &[Placed]) -> String {
    let mut css = String::from("<style>\n");
    for p in placed {
        let anchor = crate::base::text::css_string(&p.anchor);
        css.push_str(&format!(
            ".toc-page[data-sheet=\"{anchor}\"]::after {{ content: \"{}\"; }}\n",
            p.first
        ));
        if let (Some(title), true) = (&p.title, p.pages > 1) {
            // The anchor is a slug (letters, digits, `-`): a page name as it is.
            let page: String = format!("sheet-{}", p.anchor)
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            css.push_str(&format!(
                "[id=\"{anchor}\"] {{ page: {page}; }}\n\
                 @page {page} {{ counter-increment: {page}; \
                 @top-right {{ content: \"{} · page \" counter({page}) \"/{}\"; {MARGIN_TEXT} }} }}\n",
                crate::base::text::css_string(title),
                p.pages
            ));
        }
    }
    css.push_str("</style>\n");
    css
}

/// How many pages a PDF has, counted by its page objects (Chromium writes them plainly).
pub fn page_count(pdf: &[u8]) -> usize {
    memchr::memmem::find_iter(pdf, b"/Type /Page")
        .filter(|&i| !pdf.get(i + 11).is_some_and(|b| b.is_ascii_alphanumeric()))
        .count()
}

/// Where each named destination of a PDF lands (its page, from 1), and how many pages
/// it has. Chromium names a destination after each element a link of the page points at
/// (`#fiche-coordinateur`), in the catalogue's `/Dests`; its PDFs are written plainly (a
/// cross-reference table, no object streams), which is all this reads. `None` for a PDF
/// written otherwise.
pub fn destinations(pdf: &[u8]) -> Option<(std::collections::HashMap<String, usize>, usize)> {
    let objects = Objects::read(pdf)?;
    let trailer = &pdf[memchr::memmem::rfind(pdf, b"trailer")?..];
    let catalog = objects.get(reference(trailer, b"/Root")?)?;
    let mut pages = Vec::new();
    objects.pages(reference(catalog, b"/Pages")?, &mut pages, 0)?;
    let number: std::collections::HashMap<u32, usize> =
        pages.iter().enumerate().map(|(i, &p)| (p, i + 1)).collect();
    let mut dests = std::collections::HashMap::new();
    let dict = match reference(catalog, b"/Dests") {
        Some(n) => objects.get(n)?,
        None => return Some((dests, pages.len())),
    };
    // `/name [12 0 R /XYZ 0 841.92 0]`, one after the other.
    let mut rest = dict.get(dict.iter().position(|&b| b == b'<')? + 2..)?;
    while let Some(slash) = rest.iter().position(|&b| b == b'/') {
        rest = &rest[slash + 1..];
        let end = rest
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b"[/<>".contains(&b))?;
        let name = pdf_name(&rest[..end]);
        rest = &rest[end..];
        let open = rest.iter().position(|&b| !b.is_ascii_whitespace())?;
        if rest[open] != b'[' {
            continue;
        }
        let close = rest.iter().position(|&b| b == b']')?;
        let target = std::str::from_utf8(&rest[open + 1..close]).ok()?;
        let page: u32 = target.split_whitespace().next()?.parse().ok()?;
        if let Some(&n) = number.get(&page) {
            dests.insert(name, n);
        }
        rest = &rest[close..];
    }
    Some((dests, pages.len()))
}

/// A PDF name's text: `#xx` is the byte `xx`.
fn pdf_name(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], hex) {
            (b'#', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The object number of `key N 0 R` in a dictionary's text.
fn reference(dict: &[u8], key: &[u8]) -> Option<u32> {
    let at = memchr::memmem::find(dict, key)? + key.len();
    let rest = std::str::from_utf8(dict.get(at..at + 24.min(dict.len() - at))?)
        .ok()
        .or_else(|| {
            let n = dict[at..].iter().take_while(|b| b.is_ascii()).count();
            std::str::from_utf8(&dict[at..at + n]).ok()
        })?;
    let mut words = rest.split_whitespace();
    let n = words.next()?.parse().ok()?;
    (words.next()? == "0" && words.next()?.starts_with('R')).then_some(n)
}

/// The objects of a PDF, found by its cross-reference table.
struct Objects<'a> {
    pdf: &'a [u8],
    offsets: std::collections::HashMap<u32, usize>,
}

impl<'a> Objects<'a> {
    fn read(pdf: &'a [u8]) -> Option<Objects<'a>> {
        let start = memchr::memmem::rfind(pdf, b"startxref")? + 9;
        let text = std::str::from_utf8(pdf.get(start..start + 24.min(pdf.len() - start))?).ok()?;
        let at: usize = text.split_whitespace().next()?.parse().ok()?;
        let table = std::str::from_utf8(pdf.get(at..)?.strip_prefix(b"xref")?).ok();
        // The table is ASCII up to the trailer; what follows may not be UTF-8.
        let table = match table {
            Some(t) => t,
            None => {
                let rest = &pdf[at + 4..];
                let end = memchr::memmem::find(rest, b"trailer")?;
                std::str::from_utf8(&rest[..end]).ok()?
            }
        };
        let mut offsets = std::collections::HashMap::new();
        let mut lines = table.lines().map(str::trim).filter(|l| !l.is_empty());
        while let Some(head) = lines.next() {
            let mut words = head.split_whitespace();
            let (Some(first), Some(count), None) = (words.next(), words.next(), words.next())
            else {
                break; // `trailer`
            };
            let (first, count): (u32, u32) = (first.parse().ok()?, count.parse().ok()?);
            for n in first..first.checked_add(count)? {
                let entry = lines.next()?;
                let mut words = entry.split_whitespace();
                let offset: usize = words.next()?.parse().ok()?;
                if words.nth(1) == Some("n") {
                    offsets.insert(n, offset);
                }
            }
        }
        Some(Objects { pdf, offsets })
    }

    /// The text of object `n` up to its stream or its end.
    fn get(&self, n: u32) -> Option<&'a [u8]> {
        let from = *self.offsets.get(&n)?;
        let rest = self.pdf.get(from..)?;
        let end = [b"endobj".as_slice(), b"stream"]
            .iter()
            .filter_map(|w| memchr::memmem::find(rest, w))
            .min()?;
        Some(&rest[..end])
    }

    /// The pages under the node `n` of the page tree, in order.
    fn pages(&self, n: u32, out: &mut Vec<u32>, depth: usize) -> Option<()> {
        let node = self.get(n)?;
        if depth > 32 {
            return None;
        }
        let Some(kids) = memchr::memmem::find(node, b"/Kids") else {
            out.push(n);
            return Some(());
        };
        let list = &node[kids..];
        let close = list.iter().position(|&b| b == b']')?;
        let list = std::str::from_utf8(&list[5..close]).ok()?;
        let words: Vec<&str> = list
            .trim_start()
            .trim_start_matches('[')
            .split_whitespace()
            .collect();
        for kid in words.chunks(3) {
            self.pages(kid.first()?.parse().ok()?, out, depth + 1)?;
        }
        Some(())
    }
}

/// One headless Chromium run: `page` to `pdf`, its profile and log in `scratch`.
fn run(
    chromium: &Path,
    page: &Path,
    pdf: &Path,
    scratch: &Path,
    timeout: Duration,
) -> Result<(), Message> {
    let profile = scratch.join("profile");
    std::fs::create_dir_all(&profile).map_err(|e| cannot_create(&profile, &e))?;
    let log_path = scratch.join("chromium.log");
    let log = File::create(&log_path).map_err(|e| cannot_write(&log_path, &e))?;
    let log_err = log.try_clone().map_err(|e| cannot_write(&log_path, &e))?;
    let browser = || chromium.display().to_string();
    let mut cmd = Command::new(chromium);
    cmd.args(HEADLESS_FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(flag("--user-data-dir=", &profile))
        .arg(flag("--print-to-pdf=", pdf))
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err);
    #[cfg(unix)]
    {
        // Its own process group, so that a timeout stops the helpers it started too.
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let child = cmd.spawn().map_err(|e| {
        msg!(
            "chromium-cannot-run",
            browser = browser(),
            cause = io_cause(&e)
        )
    })?;
    let status = wait(child, timeout).map_err(|e| match e {
        Waited::TimedOut => msg!(
            "chromium-timed-out",
            browser = browser(),
            seconds = timeout.as_secs_f64().to_string()
        ),
        Waited::Io(e) => msg!(
            "chromium-cannot-wait",
            browser = browser(),
            cause = io_cause(&e)
        ),
    })?;
    let ok = std::fs::read(pdf)
        .map(|b| b.starts_with(b"%PDF"))
        .unwrap_or(false);
    if status.success() && ok {
        return Ok(());
    }
    let log = log_tail(&log_path);
    Err(if status.success() {
        msg!("chromium-no-pdf", browser = browser(), log = log)
    } else {
        msg!(
            "chromium-failed",
            browser = browser(),
            status = exit_status(status),
            log = log
        )
    })
}

/// How a process ended: its exit code, or the signal that stopped it.
fn exit_status(status: ExitStatus) -> Message {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return msg!("exit-signal", signal = signal);
        }
    }
    match status.code() {
        Some(code) => msg!("exit-code", code = code),
        None => crate::base::messages::verbatim(status.to_string()),
    }
}

enum Waited {
    TimedOut,
    Io(std::io::Error),
}

fn wait(mut child: Child, timeout: Duration) -> Result<ExitStatus, Waited> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                stop(&mut child);
                return Err(Waited::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(25)),
            Err(e) => {
                stop(&mut child);
                return Err(Waited::Io(e));
            }
        }
    }
}

/// Kills the browser and the process group it leads, then reaps it.
fn stop(child: &mut Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The last meaningful lines Chromium logged, to explain a failure: its own words, said
/// as what the browser wrote.
fn log_tail(path: &Path) -> Message {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains("dbus") && !l.contains("unexpected operator"))
        .collect();
    if lines.is_empty() {
        return crate::base::messages::verbatim("");
    }
    let tail = &lines[lines.len().saturating_sub(5)..];
    let lines = format!("\n    {}", tail.join("\n    "));
    msg!("chromium-log", lines = lines)
}

fn flag(name: &str, path: &Path) -> OsString {
    let mut f = OsString::from(name);
    f.push(path.as_os_str());
    f
}

/// `file://` URL of an absolute path, every byte but unreserved ones and `/` escaped.
pub fn file_url(path: &Path) -> String {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    url.push_str(&crate::base::text::percent_encode(&text, |b| {
        b == b'/' || crate::base::text::is_unreserved(b)
    }));
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::sink::Data;

    fn site(paths: &[&str]) -> Site {
        let mut site = Site::default();
        for p in paths {
            site.files
                .insert((*p).to_owned(), Data::Bytes(Vec::new().into()));
        }
        site
    }

    #[test]
    fn every_role_and_the_booklet_are_planned() {
        let s = site(&[
            "fiches/index.html",
            "fiches/technicien/index.html",
            "fiches/coordinateur/index.html",
            "fiches/rédacteur/index.html",
            "roles/technicien/index.html",
        ]);
        let jobs = plan(&s, &[], Wanted::default(), Path::new("out")).unwrap();
        let pdfs: Vec<_> = jobs.iter().map(|j| j.pdf.clone()).collect();
        assert_eq!(
            pdfs,
            ["coordinateur", "rédacteur", "technicien", "fiches"]
                .map(|s| Path::new("out").join(format!("{s}.pdf")))
        );
        assert_eq!(jobs[1].page, "fiches/rédacteur/index.html");
    }

    #[test]
    fn an_unknown_role_is_a_usage_error_with_a_suggestion() {
        let s = site(&["fiches/index.html", "fiches/technicien/index.html"]);
        let role = |r| Wanted {
            role: Some(r),
            pack: None,
        };
        let jobs = plan(&s, &[], role("technicien"), Path::new("o")).unwrap();
        assert_eq!(jobs.len(), 1);
        match plan(&s, &[], role("technicein"), Path::new("o")) {
            Err(Error::Usage(m)) => {
                let said = m.text(crate::base::messages::Lang::En);
                assert!(said.contains("did you mean technicien?"), "{said}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_browser_is_a_clear_error() {
        let empty = tempfile::tempdir().unwrap();
        let err = find_chromium_in(None, Some(empty.path().as_os_str())).unwrap_err();
        let m = err.to_string();
        assert!(m.contains("praxis print needs Chromium"), "{m}");
        assert!(m.contains("apt-get install chromium"), "{m}");
        let err = find_chromium_in(Some(OsStr::new("/no/such/chromium")), None).unwrap_err();
        assert!(
            err.to_string()
                .contains("PRAXIS_CHROMIUM=/no/such/chromium")
        );
    }

    #[test]
    fn file_urls_escape_what_urls_cannot_hold() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/é#/index.html")),
            "file:///tmp/a%20b/%C3%A9%23/index.html"
        );
        assert_eq!(
            crate::base::text::percent_decode_lossy("r%C3%A9dacteur%2"),
            "rédacteur%2"
        );
    }
    /// A PDF as Chromium writes one: a page tree of two levels, the destinations in the
    /// catalogue, a cross-reference table.
    fn pdf_with_destinations() -> Vec<u8> {
        let objects = [
            "<</Type /Pages /Count 3 /Kids [2 0 R 5 0 R]>>",
            "<</Type /Pages /Count 2 /Kids [3 0 R 4 0 R]>>",
            "<</Type /Page /Parent 2 0 R>>",
            "<</Type /Page /Parent 2 0 R>>",
            "<</Type /Page /Parent 1 0 R>>",
            "<</contenu [3 0 R /XYZ 0 841.9 0]\n/fiche-a [4 0 R /XYZ 0 841.9 0]\n/fiche-r#C3#B4le [5 0 R /XYZ 0 841.9 0]>>",
            "<</Type /Catalog /Pages 1 0 R /Dests 6 0 R>>",
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (n, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", n + 1).bytes());
        }
        let xref = pdf.len();
        pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            pdf.extend(format!("{o:010} 00000 n \n").bytes());
        }
        pdf.extend(format!("trailer\n<</Size 8 /Root 7 0 R>>\nstartxref\n{xref}\n%%EOF\n").bytes());
        pdf
    }

    #[test]
    fn each_destination_is_found_on_its_page() {
        let (dests, total) = destinations(&pdf_with_destinations()).unwrap();
        assert_eq!(total, 3);
        assert_eq!(dests["contenu"], 1);
        assert_eq!(dests["fiche-a"], 2);
        assert_eq!(dests["fiche-rôle"], 3);
        assert_eq!(destinations(b"%PDF-1.4 nothing"), None);
    }

    #[test]
    fn each_part_runs_to_the_next_one() {
        let html = r#"<ol><li><span class="toc-page" data-sheet="fiche-a"></span></li>
            <li><span class="toc-page" data-sheet="fiche-r&#xf4;le"></span></li></ol>
            <article class="sheet" id="fiche-a" data-title="A &amp; B">"#;
        let parts = contents_parts(html);
        assert_eq!(parts[0], ("fiche-a".to_owned(), Some("A & B".to_owned())));
        assert_eq!(parts[1].1, None);
        let placed = place(&parts, &pdf_with_destinations()).unwrap();
        assert_eq!((placed[0].first, placed[0].pages), (2, 1));
        assert_eq!((placed[1].first, placed[1].pages), (3, 1));
        let style = booklet_style(&placed);
        assert!(
            style.contains("[data-sheet=\"fiche-a\"]::after { content: \"2\"; }"),
            "{style}"
        );
        assert!(
            !style.contains("@page"),
            "no sheet runs over a page: {style}"
        );
    }
}
