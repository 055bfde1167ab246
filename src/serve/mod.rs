//! `praxis serve`: serves the files of the site built in memory (nothing else, and never
//! writes `public/`), rebuilds it when the watcher says so, and tells open pages to reload
//! (Server-Sent Events) or to show the diagnostics. The connections themselves, and their
//! timeouts, are http.rs's.

pub mod http;
pub mod notices;
pub mod watch;

use crate::base::diagnostic::Diagnostic;
use crate::base::error::Error;
use crate::base::messages::{Lang, io_cause};
use crate::base::sink::{Data, Site};
use crate::base::sync::{self, lock};
use crate::base::text::escape_html;
use crate::base::urls;
use crate::msg;
use crate::pipeline::incremental::{self, Session};
use crate::pipeline::{self, Options as BuildOptions};
/// Kept here for its callers; it lives in [`http`].
pub use crate::serve::http::Reply;
use http::{Answer, Request};
use notices::Notices;
use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use watch::Watch;

/// The reserved path of the reload stream; no guide file can be served there.
pub const EVENTS_PATH: &str = "/__praxis/events";

const CLIENT_JS: &str = include_str!("livereload.js");

/// Open reload streams (one thread each) beyond which new ones are refused.
const MAX_STREAMS: usize = 256;
/// Events queued for one slow stream before it is dropped rather than waited for.
const STREAM_BACKLOG: usize = 16;
/// A comment sent on idle streams: keeps proxies from closing them and finds dead clients.
const HEARTBEAT: Duration = Duration::from_secs(10);

pub struct Options {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
}

/// What the server has to say while it runs; the command line (cli/serve.rs) says it.
pub enum Event<'a> {
    /// A build succeeded; `changed` is empty for the first one.
    Built {
        ms: u128,
        pages: usize,
        /// The pages an incremental rebuild rendered again; `None` after a full build.
        rendered: Option<usize>,
        timings: &'a pipeline::Timings,
        warnings: &'a [Diagnostic],
        changed: &'a [PathBuf],
    },
    /// A build failed: the server goes on with the last good site (or an error page).
    Failed {
        ms: u128,
        problems: &'a [Diagnostic],
        first: bool,
    },
    /// Only pages have errors: every other page was rebuilt (`rendered` of `pages` after
    /// an incremental rebuild), those with errors show their last good version.
    Partial {
        ms: u128,
        pages: usize,
        rendered: Option<usize>,
        problems: &'a [Diagnostic],
    },
    Serving {
        title: &'a str,
        url: &'a str,
    },
    /// The file watcher stopped: the site is still served, but no longer rebuilt.
    WatchStopped,
}

/// The address `addr` could not be listened on (`source` says why): said as the common
/// cases are met, a port taken or refused, else with the system's words.
fn cannot_listen(addr: &str, source: &io::Error) -> Error {
    Error::Failed(match source.kind() {
        io::ErrorKind::AddrInUse => msg!("listen-in-use", addr = addr),
        io::ErrorKind::PermissionDenied => msg!("listen-denied", addr = addr),
        io::ErrorKind::AddrNotAvailable => msg!("listen-unavailable", addr = addr),
        _ => msg!("listen-failed", addr = addr, cause = io_cause(source)),
    })
}

/// Builds, serves and rebuilds until the process is stopped. Returns only on a start-up
/// failure (the port is taken, the files cannot be watched).
pub fn run(options: &Options, log: &mut dyn FnMut(Event<'_>)) -> Result<(), Error> {
    let root = options.root.canonicalize().map_err(|source| {
        let root = options.root.display().to_string();
        Error::Failed(msg!(
            "root-unreadable",
            root = root,
            cause = io_cause(&source)
        ))
    })?;
    let shown = show_addr(&options.bind, options.port);
    let listener = TcpListener::bind((options.bind.as_str(), options.port))
        .map_err(|source| cannot_listen(&shown, &source))?;
    let local = (listener.local_addr()).map_err(|source| cannot_listen(&shown, &source))?;
    let url = base_url(local);
    // Watch before the first build, so that a save during it is not missed.
    let mut watch = Watch::new(&root).map_err(Error::Failed)?;
    let build_options = BuildOptions {
        drafts: options.drafts,
        base_url: Some(url.clone()),
        // Never a service worker in the preview: it would keep stale pages.
        ..BuildOptions::default()
    };
    let shared = Arc::new(Preview::new(
        root.clone(),
        Session::new(&root, &build_options),
    ));
    rebuild(&shared, &[], log);
    let handler = Arc::clone(&shared);
    http::spawn(listener, Arc::new(move |request| handle(&handler, request)))
        .map_err(|source| cannot_listen(&shown, &source))?;
    let title = lock(&shared.session).title().to_owned();
    log(Event::Serving {
        title: &title,
        url: &url,
    });
    while let Some(changed) = watch.next_change() {
        rebuild(&shared, &changed, log);
    }
    log(Event::WatchStopped);
    loop {
        std::thread::park();
    }
}

fn rebuild(shared: &Preview, changed: &[PathBuf], log: &mut dyn FnMut(Event<'_>)) {
    let started = Instant::now();
    let mut session = lock(&shared.session);
    match session.rebuild(changed) {
        Ok(built) => {
            let report = &built.report;
            let notices = Notices::new(
                &report.warnings,
                &report.broken,
                session.language(),
                &|errors| overlay_html(errors, true, Lang::of(session.language())),
            );
            let moved = session.take_moved();
            shared.publish(built.site, session.is_late(), notices, &moved);
            if !report.broken.is_empty() {
                log(Event::Partial {
                    ms: started.elapsed().as_millis(),
                    pages: report.pages,
                    rendered: report.rendered,
                    problems: &report.warnings,
                });
                return;
            }
            log(Event::Built {
                ms: started.elapsed().as_millis(),
                pages: built.report.pages,
                rendered: built.report.rendered,
                timings: &built.report.timings,
                warnings: &built.report.warnings,
                changed,
            });
        }
        Err(problems) => {
            let first = shared.publish_failure(&problems);
            log(Event::Failed {
                ms: started.elapsed().as_millis(),
                problems: &problems,
                first,
            });
        }
    }
}

/// `127.0.0.1:8000`, `[::1]:8000`: the address as the user asked for it.
fn show_addr(bind: &str, port: u16) -> String {
    match bind.parse::<Ipv6Addr>() {
        Ok(_) => format!("[{bind}]:{port}"),
        Err(_) => format!("{bind}:{port}"),
    }
}

/// The URL pages are built for. An unspecified address (`0.0.0.0`) is reachable as
/// loopback, which a browser on this machine accepts everywhere.
fn base_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// What every request is answered from: replaced whole after each build.
struct State {
    /// Changes with every successful build; pages compare it to their own to reload.
    version: String,
    /// The last good site; `None` while no build has succeeded.
    site: Option<Arc<Site>>,
    /// The diagnostics of the latest build when it failed, as overlay HTML.
    failure: Option<String>,
    /// Whether the files that hold every page (search index, booklet) wait for
    /// [`Session::complete`]: done when one of them is asked for.
    late: bool,
    /// What pages show besides themselves: their errors, the broken pages, the warnings.
    notices: Arc<Notices>,
    /// Pages moved or renamed during this session: old path (`/a/`) to new (`/b/`).
    moved: Arc<HashMap<String, String>>,
}

/// The preview, shared by the watcher thread and the request threads: no other state exists.
struct Preview {
    root: PathBuf,
    /// The builds: the watcher rebuilds, a request for a late file completes.
    session: Mutex<Session>,
    state: RwLock<Arc<State>>,
    /// One sender per open reload stream. Taken before `state` is replaced, so that a
    /// stream opened during a build gets either the old state and then the event, or
    /// the new state.
    streams: Mutex<Vec<SyncSender<Arc<str>>>>,
    open_streams: AtomicUsize,
    epoch: u128,
    builds: AtomicUsize,
}

impl Preview {
    fn new(root: PathBuf, session: Session) -> Preview {
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Preview {
            root,
            session: Mutex::new(session),
            state: RwLock::new(Arc::new(State {
                version: format!("{epoch:x}-0"),
                site: None,
                failure: None,
                late: false,
                notices: Arc::default(),
                moved: Arc::default(),
            })),
            streams: Mutex::new(Vec::new()),
            open_streams: AtomicUsize::new(0),
            epoch,
            builds: AtomicUsize::new(0),
        }
    }

    fn current(&self) -> Arc<State> {
        sync::read(&self.state).clone()
    }

    fn replace(&self, state: State) {
        *sync::write(&self.state) = Arc::new(state);
    }

    fn publish(&self, site: Site, late: bool, notices: Notices, moves: &[incremental::Moved]) {
        let n = self.builds.fetch_add(1, Ordering::Relaxed) + 1;
        let version = format!("{:x}-{n}", self.epoch);
        let mut streams = lock(&self.streams);
        let mut moved = (*self.current().moved).clone();
        // Keys as paths are asked for (decoded), values as links are written (encoded).
        let decoded = |url: &str| {
            let path = format!("/{url}");
            crate::base::text::percent_decode(&path).unwrap_or(path)
        };
        for m in moves {
            let (from, to) = (format!("/{}", m.from), format!("/{}", m.to));
            // A page moved back is at home again; a page moved twice leads to its last place.
            moved.remove(&decoded(&m.to));
            for earlier in moved.values_mut().filter(|t| **t == from) {
                earlier.clone_from(&to);
            }
            moved.insert(decoded(&m.from), to);
        }
        self.replace(State {
            version: version.clone(),
            site: Some(Arc::new(site)),
            failure: None,
            late,
            notices: Arc::new(notices),
            moved: Arc::new(moved),
        });
        // The moves first: an open page on a moved one goes to its new address rather
        // than reloading into a missing page.
        let mut events: String = (moves.iter())
            .map(|m| sse_event("moved", &format!("/{} /{}", m.from, m.to)))
            .collect();
        events.push_str(&sse_event("version", &version));
        broadcast(&mut streams, events);
    }

    /// The current state with its late files made (see [`Session::complete`]), under the
    /// same version: pages already shown do not reload.
    fn completed(&self) -> Arc<State> {
        let mut session = lock(&self.session);
        if let Some(site) = session.complete() {
            let old = self.current();
            self.replace(State {
                version: old.version.clone(),
                site: Some(Arc::new(site)),
                failure: old.failure.clone(),
                late: false,
                notices: Arc::clone(&old.notices),
                moved: Arc::clone(&old.moved),
            });
        }
        self.current()
    }

    /// Keeps the last good site; returns whether there is none (the first build failed).
    fn publish_failure(&self, problems: &[Diagnostic]) -> bool {
        let mut streams = lock(&self.streams);
        let old = self.current();
        let lang = crate::source::config::language(&self.root);
        let overlay = overlay_html(problems, old.site.is_some(), lang);
        self.replace(State {
            version: old.version.clone(),
            site: old.site.clone(),
            failure: Some(overlay.clone()),
            late: old.late,
            notices: Arc::clone(&old.notices),
            moved: Arc::clone(&old.moved),
        });
        broadcast(&mut streams, sse_event("build-error", &overlay));
        old.site.is_none()
    }
}

fn broadcast(streams: &mut Vec<SyncSender<Arc<str>>>, event: String) {
    let event: Arc<str> = event.into();
    // A stream too slow to take a few events is dropped: its page reconnects and gets
    // the current version then.
    streams.retain(|tx| tx.try_send(event.clone()).is_ok());
}

/// One Server-Sent Event; a multi-line payload becomes several `data:` lines.
fn sse_event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
    out.push('\n');
    out
}

fn handle(shared: &Arc<Preview>, request: &Request) -> Answer {
    let head = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let reply = Reply::text(
                405,
                "method not allowed: praxis serve answers GET and HEAD\n",
            )
            .with_header("Allow", "GET, HEAD");
            return Answer::Reply(reply);
        }
    };
    let target = request.target.as_str();
    if !head && target.split('?').next() == Some(EVENTS_PATH) {
        return open_stream(shared);
    }
    let mut state = shared.current();
    if state.late
        && let Some(site) = &state.site
        && let Route::File(key) = route(target, site)
        && incremental::LATE_FILES.contains(&key.as_str())
    {
        state = shared.completed();
    }
    Answer::Reply(answer(&state, target, &shared.root))
}

/// Where a request target leads in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by its key in `Site::files`.
    File(String),
    /// A folder asked for without its final `/`: the URL to send the browser to.
    Redirect(String),
    NotFound,
    /// Not a path of this server: absolute-form, `..`, encoded `/`, `\`, NUL…
    BadRequest,
}

/// Maps a request target to a file of `site`, refusing anything that could name a file
/// outside it. Percent-encoding is decoded once, segment by segment, so that `%2f` and
/// `%2e%2e` can never act as separators or parent folders.
pub fn route(target: &str, site: &Site) -> Route {
    // Spaces and control characters have no place in a request target; refusing them here
    // also keeps them out of the `Location` header of a redirect.
    if target.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Route::BadRequest;
    }
    let Some(path) = target.strip_prefix('/') else {
        return Route::BadRequest;
    };
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let path = path.split('#').next().unwrap_or("");
    let raw: Vec<&str> = path.split('/').collect();
    let mut segments = Vec::with_capacity(raw.len());
    for (i, segment) in raw.iter().enumerate() {
        let last = i + 1 == raw.len();
        if segment.is_empty() {
            if last {
                continue;
            }
            return Route::BadRequest;
        }
        let Some(decoded) = crate::base::text::percent_decode(segment) else {
            return Route::BadRequest;
        };
        if decoded == "."
            || decoded == ".."
            || decoded
                .chars()
                .any(|c| c == '/' || c == '\\' || c.is_control())
        {
            return Route::BadRequest;
        }
        segments.push(decoded);
    }
    let key = segments.join("/");
    let folder = path.is_empty() || path.ends_with('/');
    if folder {
        let index = urls::page_path(&key);
        return if site.files.contains_key(&index) {
            Route::File(index)
        } else {
            Route::NotFound
        };
    }
    if site.files.contains_key(&key) {
        return Route::File(key);
    }
    if site.files.contains_key(&urls::page_path(&key)) {
        let mut location = format!("/{path}/");
        if let Some(q) = query {
            location.push('?');
            location.push_str(q);
        }
        return Route::Redirect(ascii_url(&location));
    }
    Route::NotFound
}

/// Percent-encodes what is not ASCII (a target typed raw into curl), as a header needs.
fn ascii_url(url: &str) -> String {
    crate::base::text::percent_encode(url, |b| b.is_ascii())
}

/// The answer to a GET or HEAD of `target` (http.rs leaves out the body of an answer to a HEAD).
fn answer(state: &State, target: &str, root: &Path) -> Reply {
    let Some(site) = &state.site else {
        let overlay = state.failure.as_deref().unwrap_or("");
        return Reply::new(
            500,
            "text/html; charset=utf-8",
            error_page(overlay, &state.version).into_bytes(),
        );
    };
    match route(target, site) {
        Route::File(key) => match read(site, &key, root) {
            Some(bytes) => file_reply(200, &key, bytes, state),
            None => not_found(site, state),
        },
        Route::Redirect(location) => {
            let body = format!("moved to {location}\n");
            Reply::text(301, &body).with_header("Location", &location)
        }
        // A worker a published build left for this address is replaced by one that
        // removes itself: the preview is never served from an offline copy.
        Route::NotFound
            if target
                .split('?')
                .next()
                .unwrap_or("")
                .ends_with(crate::base::urls::WORKER) =>
        {
            Reply::new(
                200,
                "text/javascript; charset=utf-8",
                crate::outputs::webapp::UNREGISTER.into(),
            )
        }
        Route::NotFound => match moved_to(state, target) {
            // Found (302), not moved for good (301): the move lasts as long as the session.
            Some(location) => Reply::text(302, &format!("moved to {location}\n"))
                .with_header("Location", &ascii_url(&location)),
            None => not_found(site, state),
        },
        Route::BadRequest => Reply::text(400, "bad request: not a path of this site\n"),
    }
}

/// The bytes of a file of the site. An asset is read from the source path the build
/// recorded, and only if that path (symlinks followed) is still inside the guide.
fn read(site: &Site, key: &str, root: &Path) -> Option<Vec<u8>> {
    match site.files.get(key)? {
        Data::Bytes(b) => Some(b.to_vec()),
        Data::Copy(source) => {
            let real = source.canonicalize().ok()?;
            if !real.starts_with(root) {
                return None;
            }
            std::fs::read(real).ok()
        }
    }
}

/// Where a page moved during the session now is, for a target that leads nowhere.
fn moved_to(state: &State, target: &str) -> Option<String> {
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let decoded = crate::base::text::percent_decode(path)?;
    let folder = if decoded.ends_with('/') {
        decoded
    } else {
        format!("{decoded}/")
    };
    let to = state.moved.get(&folder)?;
    Some(match query {
        Some(q) => format!("{to}?{q}"),
        None => to.clone(),
    })
}

fn not_found(site: &Site, state: &State) -> Reply {
    match site.files.get(urls::NOT_FOUND) {
        Some(Data::Bytes(b)) => file_reply(404, urls::NOT_FOUND, b.to_vec(), state),
        _ => Reply::text(404, "not found\n"),
    }
}

/// A file of the site; a page gets the reload script and the notices of the build.
fn file_reply(status: u16, key: &str, bytes: Vec<u8>, state: &State) -> Reply {
    let content_type = content_type(key);
    let body = if content_type.starts_with("text/html") {
        let notices = state.notices.for_page(key);
        inject(add_before_body_end(bytes, &notices), &state.version)
    } else {
        bytes
    };
    Reply::new(status, content_type, body)
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn client_script(version: &str) -> String {
    format!(
        "<script data-praxis-version=\"{}\">\n{CLIENT_JS}</script>\n",
        escape_html(version)
    )
}

/// Adds the live-reload script before the last `</body>` (or at the end).
pub fn inject(html: Vec<u8>, version: &str) -> Vec<u8> {
    add_before_body_end(html, &client_script(version))
}

/// Adds `more` before the last `</body>` of `html` (or at the end).
fn add_before_body_end(mut html: Vec<u8>, more: &str) -> Vec<u8> {
    if more.is_empty() {
        return html;
    }
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, more.bytes());
    html
}

const OVERLAY_STYLE: &str = "all:initial;display:block;position:fixed;inset:0;z-index:2147483647;\
overflow:auto;margin:0;padding:1.5rem;background:rgba(24,24,27,.97);color:#fafafa;\
font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;text-align:left";

/// The diagnostics of a failed build, escaped, as shown over the page.
/// `kept` says whether a last good site is still served under it.
pub fn overlay_html(problems: &[Diagnostic], kept: bool, lang: Lang) -> String {
    let errors = problems.iter().filter(|d| d.is_error()).count();
    let (headline, under) = if kept {
        (
            msg!("overlay-kept", errors = errors),
            msg!("overlay-kept-under"),
        )
    } else {
        (
            msg!("overlay-broken", errors = errors),
            msg!("overlay-broken-under"),
        )
    };
    // `all:initial` keeps the theme's styles (for `pre`, `p`, `button`…) off the overlay.
    let mut html = format!(
        "<div id=\"praxis-overlay\" role=\"alert\" lang=\"{}\" style=\"{OVERLAY_STYLE}\"><button type=\"button\" data-praxis-close title=\"{}\" style=\"all:initial;float:right;\
padding:0 .5rem;font:20px/1.4 sans-serif;color:#fafafa;cursor:pointer\">×</button>\
<p style=\"all:initial;display:block;margin:0 0 1rem;font:bold 15px/1.45 sans-serif;color:#fca5a5\">\
{}. {}</p>",
        lang.code(),
        escape_html(&msg!("overlay-close").text(lang)),
        escape_html(&headline.text(lang)),
        escape_html(&under.text(lang)),
    );
    for d in problems {
        // The sentence in plain words, then the line it is about, as the author wrote it.
        let excerpt = match &d.snippet {
            Some(line) => format!(
                "<pre style=\"all:initial;display:block;white-space:pre-wrap;margin:.4rem 0 0;color:#d4d4d4;\
font:13px/1.45 ui-monospace,Menlo,Consolas,monospace\">{} | {}</pre>",
                d.line,
                escape_html(line.trim_end_matches('\r'))
            ),
            None => String::new(),
        };
        html.push_str(&format!(
            "<section class=\"praxis-diagnostic\" data-location=\"{}\" style=\"all:initial;display:block;\
margin:0 0 1rem\"><p style=\"all:initial;display:block;color:#fafafa;font:15px/1.45 sans-serif\">{}</p>{excerpt}</section>",
            escape_html(&d.location()),
            escape_html(&d.plain(lang)),
        ));
    }
    html.push_str("</div>");
    html
}

/// Served for every path while no build has succeeded yet.
fn error_page(overlay: &str, version: &str) -> String {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>Build failed · praxis serve</title>\n</head>\n<body>\n\
{overlay}\n</body>\n</html>\n"
    );
    String::from_utf8(inject(html.into_bytes(), version)).unwrap_or_default()
}

/// A reload stream: the connection's thread writes the events to it as they come.
fn open_stream(shared: &Arc<Preview>) -> Answer {
    if shared.open_streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        shared.open_streams.fetch_sub(1, Ordering::SeqCst);
        let reply = Reply::text(503, "too many open pages\n").with_header("Retry-After", "5");
        return Answer::Reply(reply);
    }
    let guard = StreamCount(Arc::clone(shared));
    let (tx, rx) = std::sync::mpsc::sync_channel::<Arc<str>>(STREAM_BACKLOG);
    {
        let mut streams = lock(&shared.streams);
        let state = shared.current();
        let mut hello = String::from("retry: 1000\n\n");
        hello.push_str(&sse_event("version", &state.version));
        if let Some(failure) = &state.failure {
            hello.push_str(&sse_event("build-error", failure));
        }
        if tx.try_send(hello.into()).is_ok() {
            streams.push(tx);
        }
    }
    Answer::Hand(Box::new(move |mut connection| {
        let _guard = guard;
        stream(&mut connection, &rx);
    }))
}

struct StreamCount(Arc<Preview>);

impl Drop for StreamCount {
    fn drop(&mut self) {
        self.0.open_streams.fetch_sub(1, Ordering::SeqCst);
    }
}

fn stream(writer: &mut impl Write, rx: &Receiver<Arc<str>>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n";
    if send(writer, head).is_err() {
        return;
    }
    loop {
        let result = match rx.recv_timeout(HEARTBEAT) {
            Ok(event) => send(writer, &event),
            Err(RecvTimeoutError::Timeout) => send(writer, ": heartbeat\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // A closed page shows up as a failed write (or one that times out): the thread
        // ends, and the broadcaster forgets the stream at its next event.
        if result.is_err() {
            return;
        }
    }
}

fn send(writer: &mut impl Write, text: &str) -> io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(keys: &[&str]) -> Site {
        let mut site = Site::default();
        for k in keys {
            site.files
                .insert((*k).to_owned(), Data::Bytes(k.as_bytes().to_vec().into()));
        }
        site
    }

    #[test]
    fn folders_map_to_their_index_and_lose_nothing_else() {
        let s = site(&["index.html", "roles/x/index.html", "static/style.css"]);
        assert_eq!(route("/", &s), Route::File("index.html".into()));
        assert_eq!(route("/?q=1", &s), Route::File("index.html".into()));
        assert_eq!(
            route("/roles/x/", &s),
            Route::File("roles/x/index.html".into())
        );
        assert_eq!(
            route("/roles/x?a=b", &s),
            Route::Redirect("/roles/x/?a=b".into())
        );
        assert_eq!(
            route("/static/style.css", &s),
            Route::File("static/style.css".into())
        );
        assert_eq!(route("/static/", &s), Route::NotFound);
        assert_eq!(route("/roles/", &s), Route::NotFound);
    }

    #[test]
    fn hostile_targets_are_refused() {
        let s = site(&["index.html", "praxis.yaml", "static/x.css"]);
        for target in [
            "/../praxis.yaml",
            "/%2e%2e/praxis.yaml",
            "/%2E%2E/praxis.yaml",
            "/..%2fpraxis.yaml",
            "/static/..%5c..%5cpraxis.yaml",
            "/static/..\\..\\praxis.yaml",
            "//etc/passwd",
            "http://evil/",
            "*",
            "/static/%00x.css",
            "/static/%zz",
            "/static/%c3",
            "/./index.html",
            "/static/x.css?a\rSet-Cookie: x",
            "/static/x.css\t",
            "/static/x .css",
        ] {
            assert_eq!(route(target, &s), Route::BadRequest, "{target}");
        }
    }

    #[test]
    fn percent_encoding_is_decoded_once() {
        let s = site(&["images/équipe 1.png", "a%41/index.html"]);
        assert_eq!(
            route("/images/%C3%A9quipe%201.png", &s),
            Route::File("images/équipe 1.png".into())
        );
        assert_eq!(route("/a%2541/", &s), Route::File("a%41/index.html".into()));
        assert_eq!(route("/aA/", &s), Route::NotFound);
        let s = site(&["équipe/index.html"]);
        assert_eq!(
            route("/équipe?q=é", &s),
            Route::Redirect("/%C3%A9quipe/?q=%C3%A9".into())
        );
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let html = inject(b"<p>a</p></BODY></html>".to_vec(), "v1");
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<p>a</p><script data-praxis-version=\"v1\">"));
        assert!(html.ends_with("</script>\n</BODY></html>"));
    }

    #[test]
    fn the_overlay_escapes_and_locates_each_diagnostic() {
        let d = Diagnostic::error("content/a.md", msg!("link-unknown", target = "<b>"))
            .at_line("x\n<i>oops</i>\n", 2, 1)
            .with_help(msg!("link-did-you-mean", suggestion = "[[plateforme]]"));
        let html = overlay_html(&[d], true, Lang::Fr);
        assert!(html.contains("data-location=\"content/a.md:2:1\""));
        assert!(
            html.contains("Dans a.md, ligne 2 : le lien [[&lt;b&gt;]] ne mène à aucune page. Vouliez-vous dire [[plateforme]] ?"),
            "{html}"
        );
        assert!(
            html.contains("La dernière modification ne se construit pas (1 erreur)"),
            "{html}"
        );
        assert!(html.contains("2 | &lt;i&gt;oops&lt;/i&gt;"), "{html}");
        assert!(!html.contains("<i>"));
        let english = overlay_html(&[], false, Lang::En);
        assert!(
            english.contains("The guide does not build (0 errors)"),
            "{english}"
        );
    }

    #[test]
    fn events_are_one_data_line_per_line() {
        assert_eq!(sse_event("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn html_is_served_with_the_script_and_other_files_as_they_are() {
        let state = State {
            version: "v7".into(),
            site: Some(Arc::new(site(&[
                "index.html",
                "404.html",
                "static/style.css",
            ]))),
            failure: None,
            late: false,
            notices: Arc::default(),
            moved: Arc::default(),
        };
        let root = Path::new("/nonexistent");
        let page = answer(&state, "/", root);
        assert_eq!(page.status, 200);
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(String::from_utf8_lossy(&page.body).contains("data-praxis-version=\"v7\""));
        let css = answer(&state, "/static/style.css", root);
        assert_eq!(css.body, b"static/style.css");
        let missing = answer(&state, "/nope", root);
        assert_eq!(missing.status, 404);
        assert!(String::from_utf8_lossy(&missing.body).starts_with("404.html"));
    }
}
