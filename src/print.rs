//! `praxis print`: role sheets to PDF through a local headless Chromium. This module alone
//! owns the browser process: finding it, running it under a time limit, checking its PDF.

use crate::output::{self, Site};
use crate::urls::{self, SHEETS_DIR};
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

const INSTALL_HELP: &str =
    "install it with `apt-get install chromium`, or set PRAXIS_CHROMIUM to the browser's path";

/// An unknown role is [`Error::Usage`]; no browser, or one that failed, [`Error::Failed`].
pub use crate::error::Error;

/// One PDF to print: the page of the site (`fiches/coordinateur/index.html`) and its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub page: String,
    pub pdf: PathBuf,
}

/// The role stems that have a sheet in `site`, sorted.
pub fn roles(site: &Site) -> Vec<String> {
    site.files
        .keys()
        .filter_map(|k| urls::sheet_of(k).map(str::to_owned))
        .collect()
}

/// What to print into `out`: every role's sheet and the booklet, or only `role`'s sheet.
pub fn plan(site: &Site, role: Option<&str>, out: &Path) -> Result<Vec<Job>, Error> {
    let roles = roles(site);
    let job = |stem: &str| Job {
        page: urls::sheet_path(stem),
        pdf: out.join(format!("{stem}.pdf")),
    };
    if let Some(wanted) = role {
        if roles.iter().any(|r| r == wanted) {
            return Ok(vec![job(wanted)]);
        }
        let near = crate::text::suggest(wanted, roles.iter().map(String::as_str), 3);
        let hint = match near.as_slice() {
            [] if roles.is_empty() => " (the guide has no role)".to_owned(),
            [] => format!("; the roles are: {}", roles.join(", ")),
            _ => format!(" — did you mean {}?", near.join(", ")),
        };
        return Err(Error::Usage(format!("--role {wanted}: no such role{hint}")));
    }
    let mut jobs: Vec<Job> = roles.iter().map(|r| job(r)).collect();
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

/// Domains kept for examples and names of the machine itself (RFC 2606 and 6761): an
/// address there, printed on paper, leads nowhere.
const PLACEHOLDER_DOMAINS: &[&str] = &[
    "example.org",
    "example.com",
    "example.net",
    "example",
    "test",
    "invalid",
    "localhost",
];

/// The host of `base_url` when it is a placeholder (`www.x.example.org`, `localhost`,
/// `127.0.0.1`), which `praxis print` will not put on paper.
pub fn placeholder_host(base_url: &str) -> Option<&str> {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let local = lower == "::1" || lower.starts_with("127.") || lower == "0.0.0.0";
    let reserved = PLACEHOLDER_DOMAINS
        .iter()
        .any(|d| lower == *d || lower.ends_with(&format!(".{d}")));
    (local || reserved).then_some(name)
}

/// `praxis print` without `--base-url`: refuses a placeholder `base_url` of `praxis.yaml`
/// (the one `praxis init` writes, say), at its line, saying what to set.
pub fn check_address(root: &Path, base_url: &str) -> Option<crate::diagnostic::Diagnostic> {
    let host = placeholder_host(base_url)?;
    let file = crate::config::FILE_NAME;
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("base_url:"));
    let error = crate::diagnostic::Diagnostic::error(
        file,
        format!(
            "l'adresse du guide, {base_url}, est une adresse d'exemple ({host}) : \
             imprimés, les liens des fiches et leur source ne mèneraient nulle part"
        ),
    )
    .with_help(
        "indiquez l'adresse où le guide est publié en ligne : `base_url: https://…/` dans \
         praxis.yaml, ou pour cette impression seulement `praxis print --base-url https://…/`",
    );
    Some(match line {
        Some(n) => error.at_line(&text, n + 1, 1),
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
            Error::Failed(format!(
                "praxis print needs Chromium, and PRAXIS_CHROMIUM={} is not an executable file\n  help: {INSTALL_HELP}",
                Path::new(explicit).display()
            ))
        });
    }
    path.and_then(|p| {
        BROWSERS
            .iter()
            .find_map(|name| search_path(p, OsStr::new(name)))
    })
    .ok_or_else(|| {
        Error::Failed(format!(
            "praxis print needs Chromium to print PDFs, and none of {} is on PATH\n  help: {INSTALL_HELP}",
            BROWSERS.join(", ")
        ))
    })
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

/// Publishes `site` into a private temporary folder and prints each job's page to its PDF
/// with `chromium`. Returns the PDFs written, in the order of `jobs`.
pub fn print(
    site: &Site,
    jobs: &[Job],
    chromium: &Path,
    timeout: Duration,
) -> Result<Vec<PathBuf>, Error> {
    let work = tempfile::Builder::new()
        .prefix("praxis-print-")
        .tempdir()
        .map_err(|e| Error::Failed(format!("cannot create a temporary folder: {e}")))?;
    let dir = work.path();
    let site_dir = dir.join("site");
    output::publish(site, &site_dir).map_err(|e| Error::Failed(format!("{e:#}")))?;
    // Every PDF is printed in the temporary folder first, a few browsers at a time, and
    // copied out only when all succeeded: a failure leaves the output folder as it was.
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<(), String>)>> = Mutex::new(Vec::new());
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
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((n, result));
                    if failed {
                        // Stop handing out jobs; the others finish theirs.
                        next.store(jobs.len(), Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|r| r.0);
    for (n, result) in &results {
        if let Err(e) = result {
            return Err(Error::Failed(format!(
                "cannot print {}: {e}",
                jobs[*n].pdf.display()
            )));
        }
    }
    number_booklet(jobs, dir, &site_dir, chromium, timeout)?;
    number_book(jobs, dir, &site_dir, chromium, timeout)?;
    let mut written = Vec::new();
    for (n, job) in jobs.iter().enumerate() {
        if let Some(parent) = job.pdf.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::Failed(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::copy(dir.join(format!("{n}.pdf")), &job.pdf)
            .map_err(|e| Error::Failed(format!("cannot write {}: {e}", job.pdf.display())))?;
        written.push(job.pdf.clone());
    }
    Ok(written)
}

/// The booklet printed a second time, now that each sheet's pages are known (each was
/// printed alone, with the same style): its contents get their page numbers, and a sheet
/// longer than a page repeats its role's name with "page 2/2" at the top of each page.
/// The numbers go in as a style sheet over placeholders of `sheets.html`, so that the text
/// of the first printing, whose pages were counted, is not moved.
fn number_booklet(
    jobs: &[Job],
    dir: &Path,
    site_dir: &Path,
    chromium: &Path,
    timeout: Duration,
) -> Result<(), Error> {
    let Some(at) = jobs.iter().position(|j| j.page == urls::BOOKLET) else {
        return Ok(());
    };
    let pages_of = |n: usize| -> Result<usize, Error> {
        let path = dir.join(format!("{n}.pdf"));
        std::fs::read(&path)
            .map(|b| page_count(&b))
            .map_err(|e| Error::Failed(format!("cannot read {}: {e}", path.display())))
    };
    let mut sheet_pages = std::collections::HashMap::new();
    for (n, job) in jobs.iter().enumerate() {
        if let Some(stem) = urls::sheet_of(&job.page) {
            sheet_pages.insert(crate::sheets::anchor(stem), pages_of(n)?);
        }
    }
    let total = pages_of(at)?;
    let path = site_dir.join(urls::BOOKLET);
    let html = std::fs::read_to_string(&path)
        .map_err(|e| Error::Failed(format!("cannot read {}: {e}", path.display())))?;
    let sheets = sheets_in_booklet(&html);
    let mut placed = Vec::with_capacity(sheets.len());
    for (anchor, title) in sheets {
        let Some(&pages) = sheet_pages.get(&anchor) else {
            return Ok(()); // A sheet not printed alone: its pages are not known.
        };
        placed.push(Placed {
            anchor,
            title,
            first: 0,
            pages,
        });
    }
    let sheets_total: usize = placed.iter().map(|p| p.pages).sum();
    // What comes before the sheets: the cover and its contents.
    let mut next = total.saturating_sub(sheets_total) + 1;
    for p in &mut placed {
        p.first = next;
        next += p.pages;
    }
    let style = booklet_style(&placed);
    let numbered = match html.find("</head>") {
        Some(i) => format!("{}{style}{}", &html[..i], &html[i..]),
        None => return Ok(()),
    };
    std::fs::write(&path, numbered)
        .map_err(|e| Error::Failed(format!("cannot write {}: {e}", path.display())))?;
    run(
        chromium,
        &path,
        &dir.join(format!("{at}.pdf")),
        &dir.join(format!("run-{at}-numbered")),
        timeout,
    )
    .map_err(|e| Error::Failed(format!("cannot print {}: {e}", jobs[at].pdf.display())))
}

/// The whole guide printed again, with the page where each of its pages starts written
/// into its contents. Those pages are read from the first printing: Chromium names in the
/// PDF each place a link of the document leads to (its named destinations), and the
/// contents link to every page. The numbers go in as a style sheet over the placeholders
/// of `book.html`, in a box of their own width, so the pages do not move; they are read
/// again from the new PDF, and if a page had moved after all, it is printed once more.
fn number_book(
    jobs: &[Job],
    dir: &Path,
    site_dir: &Path,
    chromium: &Path,
    timeout: Duration,
) -> Result<(), Error> {
    let Some(at) = jobs.iter().position(|j| j.page == urls::BOOK) else {
        return Ok(());
    };
    let pdf = dir.join(format!("{at}.pdf"));
    let starts_in = |pdf: &Path| -> Result<Vec<(String, usize)>, Error> {
        let bytes = std::fs::read(pdf)
            .map_err(|e| Error::Failed(format!("cannot read {}: {e}", pdf.display())))?;
        let mut starts: Vec<(String, usize)> = destinations(&bytes)
            .into_iter()
            .filter(|(name, _)| name.starts_with("page-"))
            .collect();
        starts.sort();
        Ok(starts)
    };
    let path = site_dir.join(urls::BOOK);
    let html = std::fs::read_to_string(&path)
        .map_err(|e| Error::Failed(format!("cannot read {}: {e}", path.display())))?;
    let Some(head_end) = html.find("</head>") else {
        return Ok(());
    };
    let mut starts = starts_in(&pdf)?;
    for round in 0..3 {
        let numbered = format!(
            "{}{}{}",
            &html[..head_end],
            book_style(&starts),
            &html[head_end..]
        );
        std::fs::write(&path, numbered)
            .map_err(|e| Error::Failed(format!("cannot write {}: {e}", path.display())))?;
        run(
            chromium,
            &path,
            &pdf,
            &dir.join(format!("run-{at}-numbered-{round}")),
            timeout,
        )
        .map_err(|e| Error::Failed(format!("cannot print {}: {e}", jobs[at].pdf.display())))?;
        let again = starts_in(&pdf)?;
        if again == starts {
            break;
        }
        starts = again;
    }
    Ok(())
}

/// The style that numbers the contents of the whole guide: each entry gets the page where
/// its page starts (`.toc-page[data-page=…]`).
pub fn book_style(starts: &[(String, usize)]) -> String {
    let mut css = String::from("<style>\n");
    for (anchor, page) in starts {
        css.push_str(&format!(
            ".toc-page[data-page=\"{}\"]::after {{ content: \"{page}\"; }}\n",
            crate::text::css_string(anchor)
        ));
    }
    css.push_str("</style>\n");
    css
}

/// The named destinations of a PDF as Chromium writes it, with the page (from 1) each one
/// is on: the `/Dests` dictionary of its catalog, whose entries name a page object, and
/// the page tree, which orders the page objects. Chromium writes these objects plainly
/// (not in compressed object streams); a PDF it did not write may give nothing.
pub fn destinations(pdf: &[u8]) -> std::collections::HashMap<String, usize> {
    let objects = pdf_objects(pdf);
    let mut found = std::collections::HashMap::new();
    // The root of the page tree: the `/Pages` node without a parent.
    let Some(root) = objects.iter().find_map(|(&n, dict)| {
        (has_key(dict, b"/Type /Pages") && !has_key(dict, b"/Parent")).then_some(n)
    }) else {
        return found;
    };
    let mut order: Vec<u64> = Vec::new();
    let mut stack = vec![root];
    let mut visited = std::collections::HashSet::new();
    while let Some(n) = stack.pop() {
        if !visited.insert(n) {
            continue;
        }
        let Some(dict) = objects.get(&n) else {
            continue;
        };
        if has_key(dict, b"/Type /Pages") {
            let kids = after(dict, b"/Kids").map_or(Vec::new(), |k| {
                let end = k.iter().position(|&b| b == b']').unwrap_or(k.len());
                references(&k[..end])
            });
            stack.extend(kids.into_iter().rev());
        } else {
            order.push(n);
        }
    }
    let page_of: std::collections::HashMap<u64, usize> =
        order.iter().enumerate().map(|(i, &n)| (n, i + 1)).collect();
    let Some(dests) = objects.values().find_map(|dict| after(dict, b"/Dests")) else {
        return found;
    };
    let dests = match references(&dests[..dests.len().min(32)]).first() {
        Some(n) if !dests.trim_ascii_start().starts_with(b"<<") => match objects.get(n) {
            Some(d) => *d,
            None => return found,
        },
        _ => dests,
    };
    // `/name [12 0 R /XYZ …]`, one after the other.
    let mut rest = dests;
    while let Some(slash) = rest.iter().position(|&b| b == b'/') {
        rest = &rest[slash + 1..];
        let end = rest
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b"[]<>/()".contains(&b))
            .unwrap_or(rest.len());
        let name = pdf_name(&rest[..end]);
        rest = &rest[end..];
        let trimmed = rest.trim_ascii_start();
        if let Some(array) = trimmed.strip_prefix(b"[") {
            let close = array.iter().position(|&b| b == b']').unwrap_or(array.len());
            if let Some(page) = references(&array[..close])
                .first()
                .and_then(|n| page_of.get(n))
            {
                found.insert(name, *page);
            }
            rest = &array[close..];
        }
    }
    found
}

/// Each object `N 0 obj` of a PDF and its dictionary (up to its stream or its end).
fn pdf_objects(pdf: &[u8]) -> std::collections::HashMap<u64, &[u8]> {
    let mut objects = std::collections::HashMap::new();
    for at in memchr::memmem::find_iter(pdf, b" 0 obj") {
        let digits = pdf[..at]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let Some(n) = std::str::from_utf8(&pdf[at - digits..at])
            .ok()
            .and_then(|d| d.parse::<u64>().ok())
        else {
            continue;
        };
        let body = &pdf[at + 6..];
        let end = [&b"endobj"[..], b"stream"]
            .iter()
            .filter_map(|w| memchr::memmem::find(body, w))
            .min()
            .unwrap_or(body.len());
        objects.insert(n, &body[..end]);
    }
    objects
}

fn has_key(dict: &[u8], key: &[u8]) -> bool {
    memchr::memmem::find(dict, key).is_some_and(|i| {
        !dict
            .get(i + key.len())
            .is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

/// What follows `key` in `dict`.
fn after<'d>(dict: &'d [u8], key: &[u8]) -> Option<&'d [u8]> {
    let i = memchr::memmem::find(dict, key)?;
    Some(&dict[i + key.len()..])
}

/// The object numbers of the references `N 0 R` in `text`.
fn references(text: &[u8]) -> Vec<u64> {
    let words: Vec<&[u8]> = text
        .split(|b| b.is_ascii_whitespace() || b"[]<>/".contains(b))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(3)
        .filter(|w| w[2] == b"R")
        .filter_map(|w| std::str::from_utf8(w[0]).ok()?.parse().ok())
        .collect()
}

/// A PDF name without its `/`, its `#xx` escapes decoded.
fn pdf_name(raw: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], hex) {
            (b'#', Some(b)) => {
                bytes.push(b);
                i += 3;
            }
            (b, _) => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// How the top of a continued sheet is printed (as `sheet.html` does for a sheet alone).
const MARGIN_TEXT: &str = "font: 600 7.5pt system-ui, sans-serif; color: #333;";

/// A sheet in the booklet: its id, its role's name, its first page and how many it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub anchor: String,
    pub title: String,
    pub first: usize,
    pub pages: usize,
}

/// The sheets of a booklet, in order: the id and the role's name (`data-title`) of each
/// `<article class="sheet">`.
pub fn sheets_in_booklet(html: &str) -> Vec<(String, String)> {
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = tag[start..].find('"')?;
        Some(crate::text::unescape_html(&tag[start..start + end]))
    };
    html.match_indices("<article class=\"sheet\"")
        .filter_map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>')?];
            Some((attribute(tag, "id")?, attribute(tag, "data-title")?))
        })
        .collect()
}

/// The style that numbers the booklet: each entry of the contents gets its sheet's first
/// page (`.toc-page[data-sheet=…]`), and each sheet longer than a page a page of its own
/// name whose top says "<role> · page n/N".
pub fn booklet_style(placed: &[Placed]) -> String {
    let mut css = String::from("<style>\n");
    for p in placed {
        let anchor = crate::text::css_string(&p.anchor);
        css.push_str(&format!(
            ".toc-page[data-sheet=\"{anchor}\"]::after {{ content: \"{}\"; }}\n",
            p.first
        ));
        if p.pages > 1 {
            // The anchor is a slug (letters, digits, `-`): a page name as it is.
            let page: String = format!("sheet-{}", p.anchor)
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            css.push_str(&format!(
                "[id=\"{anchor}\"] {{ page: {page}; }}\n\
                 @page {page} {{ counter-increment: {page}; \
                 @top-right {{ content: \"{} · page \" counter({page}) \"/{}\"; {MARGIN_TEXT} }} }}\n",
                crate::text::css_string(&p.title),
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

/// One headless Chromium run: `page` to `pdf`, its profile and log in `scratch`.
fn run(
    chromium: &Path,
    page: &Path,
    pdf: &Path,
    scratch: &Path,
    timeout: Duration,
) -> Result<(), String> {
    let profile = scratch.join("profile");
    std::fs::create_dir_all(&profile)
        .map_err(|e| format!("cannot create {}: {e}", profile.display()))?;
    let log_path = scratch.join("chromium.log");
    let log = File::create(&log_path)
        .map_err(|e| format!("cannot create {}: {e}", log_path.display()))?;
    let log_err = log
        .try_clone()
        .map_err(|e| format!("cannot open {}: {e}", log_path.display()))?;
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
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", chromium.display()))?;
    let status = wait(child, timeout).map_err(|e| match e {
        Waited::TimedOut => format!(
            "{} did not finish within {} s and was stopped",
            chromium.display(),
            timeout.as_secs_f64()
        ),
        Waited::Io(e) => format!("cannot wait for {}: {e}", chromium.display()),
    })?;
    let ok = std::fs::read(pdf)
        .map(|b| b.starts_with(b"%PDF"))
        .unwrap_or(false);
    if status.success() && ok {
        return Ok(());
    }
    let outcome = if status.success() {
        "wrote no PDF".to_owned()
    } else {
        format!("failed ({status})")
    };
    Err(format!(
        "{} {outcome}{}",
        chromium.display(),
        log_tail(&log_path)
    ))
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

/// The last meaningful lines Chromium logged, to explain a failure.
fn log_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains("dbus") && !l.contains("unexpected operator"))
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let tail = &lines[lines.len().saturating_sub(5)..];
    format!(":\n    {}", tail.join("\n    "))
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
    url.push_str(&crate::text::percent_encode(&text, |b| {
        b == b'/' || crate::text::is_unreserved(b)
    }));
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Data;

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
        let jobs = plan(&s, None, Path::new("out")).unwrap();
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
        let jobs = plan(&s, Some("technicien"), Path::new("o")).unwrap();
        assert_eq!(jobs.len(), 1);
        match plan(&s, Some("technicein"), Path::new("o")) {
            Err(Error::Usage(m)) => assert!(m.contains("did you mean technicien?"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn example_and_local_addresses_are_placeholders() {
        for url in [
            "https://www.healthcop-guide.example.org/",
            "https://example.com/guide/",
            "http://EXAMPLE.NET./",
            "http://localhost:8000/",
            "http://127.0.0.1:8000/",
            "http://[::1]/",
            "https://guide.test/",
        ] {
            assert!(placeholder_host(url).is_some(), "{url}");
        }
        for url in [
            "https://cop-sante.be/guide/",
            "https://notexample.org/",
            "https://example.org.be/",
        ] {
            assert_eq!(placeholder_host(url), None, "{url}");
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
    fn named_destinations_give_the_page_they_are_on() {
        let pdf = b"%PDF-1.4\n2 0 obj\n<</Type /Page\n/Parent 19 0 R>>\nendobj\n\
            9 0 obj\n<</Type /Page\n/Parent 19 0 R>>\nendobj\n\
            12 0 obj\n<</Type /Page\n/Parent 19 0 R>>\nendobj\n\
            19 0 obj\n<</Type /Pages\n/Count 3\n/Kids [2 0 R 12 0 R 9 0 R]>>\nendobj\n\
            20 0 obj\n<</page-a [9 0 R /XYZ 6 826.16998 0]\n/page-r#C3#B4le [12 0 R /XYZ 6 8 0]>>\nendobj\n\
            21 0 obj\n<</Type /Catalog\n/Pages 19 0 R\n/Dests 20 0 R>>\nendobj\n";
        let found = destinations(pdf);
        assert_eq!(found.get("page-a"), Some(&3));
        assert_eq!(found.get("page-rôle"), Some(&2));
        assert_eq!(found.len(), 2);
        assert!(destinations(b"not a pdf").is_empty());
    }

    #[test]
    fn file_urls_escape_what_urls_cannot_hold() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/é#/index.html")),
            "file:///tmp/a%20b/%C3%A9%23/index.html"
        );
        assert_eq!(
            crate::text::percent_decode_lossy("r%C3%A9dacteur%2"),
            "rédacteur%2"
        );
    }
}
