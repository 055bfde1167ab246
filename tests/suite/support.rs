//! Fixture sites: a temporary guide written page by page (`Guide::blank().page(…)`), and the
//! praxis binary run on it, with its exit status and whole stderr (`build_ok`, `says`);
//! `praxis serve` running on one, and the raw HTTP/1.1 client the tests speak to it with.

use std::fmt;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Guide {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stderr: String,
    pub stdout: String,
}

impl Run {
    /// Asserts that the command succeeded (exit 0), showing its whole stderr when not.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "exit status; stderr:\n{}", self.stderr);
        self
    }

    /// Asserts what a person reads: the exit status, and each of `texts` somewhere in the
    /// whole stderr (shown whole when not).
    #[track_caller]
    pub fn says(&self, code: i32, texts: &[&str]) {
        assert_eq!(self.code, code, "exit status; stderr:\n{}", self.stderr);
        for text in texts {
            assert!(
                self.stderr.contains(text),
                "expected {text:?} in stderr:\n{}",
                self.stderr
            );
        }
    }

    /// Asserts the exit status and the whole of stderr.
    #[track_caller]
    pub fn says_exactly(&self, code: i32, stderr: &str) {
        assert_eq!(self.code, code, "exit status; stderr:\n{}", self.stderr);
        assert_eq!(self.stderr, stderr);
    }

    /// Asserts that none of `words` is in stderr: words a reader must not meet (another
    /// language's, a library's).
    #[track_caller]
    pub fn never_says(&self, words: &[&str]) {
        for word in words {
            assert!(
                !self.stderr.contains(word),
                "{word:?} in stderr:\n{}",
                self.stderr
            );
        }
    }
}

pub const CONFIG: &str =
    "title: Guide test\nbase_url: https://example.org/guide/\nglossary:\n  autolink: first\n";

impl Guide {
    /// A guide holding only `praxis.yaml` (`CONFIG`): the start of a fixture, written on as
    /// `Guide::blank().page("roles/x.md", "X", "kind: role\n", "Texte.\n")`.
    pub fn blank() -> Guide {
        let dir = tempfile::tempdir().expect("temporary folder");
        let guide = Guide { dir };
        guide.write("praxis.yaml", CONFIG);
        guide
    }

    /// A guide with `praxis.yaml` (unless given) and the files listed.
    pub fn new(files: &[(&str, &str)]) -> Guide {
        files
            .iter()
            .fold(Guide::blank(), |guide, (path, text)| guide.file(path, text))
    }

    /// The guide with `praxis.yaml` replaced by `yaml`.
    pub fn config(self, yaml: &str) -> Guide {
        self.file("praxis.yaml", yaml)
    }

    /// The guide with the page `content/<rel>`: `title`, the rest of its front matter
    /// (`extra`, whole lines, e.g. `"kind: term\nsummary: …\n"`) and its Markdown `body`.
    pub fn page(self, rel: &str, title: &str, extra: &str, body: &str) -> Guide {
        self.file(&format!("content/{rel}"), &page(title, extra, body))
    }

    /// The guide with the file `rel` (from its root) holding `text`.
    pub fn file(self, rel: &str, text: &str) -> Guide {
        self.write(rel, text);
        self
    }

    /// A copy of the guide shipped in this repository (content/ and praxis.yaml).
    pub fn shipped() -> Guide {
        let dir = tempfile::tempdir().expect("temporary folder");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        copy_dir(&repo.join("content"), &dir.path().join("content"));
        for file in ["praxis.yaml", "bibliographie.bib"] {
            std::fs::copy(repo.join(file), dir.path().join(file)).unwrap();
        }
        Guide { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
    }

    /// Runs `praxis ARGS --root <guide>` (the root flag is added when the command takes it).
    pub fn praxis(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_praxis"));
        cmd.args(args);
        if matches!(
            args.first(),
            Some(&("build" | "check" | "new" | "serve" | "print" | "epub"))
        ) && !args.contains(&"--root")
        {
            cmd.arg("--root").arg(self.root());
        }
        let out = cmd.output().expect("praxis runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        }
    }

    pub fn build(&self) -> Run {
        self.praxis(&["build"])
    }

    /// `praxis ARGS`, which must succeed (its stderr shown when it does not).
    #[track_caller]
    pub fn praxis_ok(&self, args: &[&str]) -> Run {
        self.praxis(args).ok()
    }

    /// `praxis build`, which must succeed.
    #[track_caller]
    pub fn build_ok(&self) -> Run {
        self.praxis(&["build"]).ok()
    }

    /// `praxis check`, which must succeed (warnings allowed: read them in `stderr`).
    #[track_caller]
    pub fn check_ok(&self) -> Run {
        self.praxis(&["check"]).ok()
    }

    /// The HTML of a built page, e.g. `roles/coordinateur/index.html`.
    pub fn html(&self, rel: &str) -> String {
        let path = self.path("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// The shipped guide built by `praxis build ARGS` into a temporary folder, at the path
/// given (`public`, or a name with spaces and accents); panics if the build fails.
pub fn build_shipped(args: &[&str], out: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join(out);
    let run = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .arg("build")
        .args(args)
        .args(["--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&out)
        .output()
        .expect("praxis runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

fn copy_dir(src: &Path, dst: &Path) {
    for entry in std::fs::read_dir(src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// Every file under `dir`, with its bytes, for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        out.push((
            entry.strip_prefix(dir).unwrap().to_path_buf(),
            std::fs::read(&entry).unwrap(),
        ));
    }
    out.sort();
    out
}

/// Every file under `dir`, recursively.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

pub fn page(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\n{body}")
}

/// A running `praxis serve` on a free port (the server picks it: no race between tests),
/// killed when the test ends however it ends. Modules add their own methods.
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    stderr: Arc<Mutex<String>>,
}

/// Long enough for a debug build on a loaded two-core machine.
const SERVER_WAIT: Duration = Duration::from_secs(60);

impl AsRef<Path> for Guide {
    fn as_ref(&self) -> &Path {
        self.root()
    }
}

impl Server {
    pub fn start(root: impl AsRef<Path>) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_praxis"));
        cmd.args(["serve", "--port", "0", "--root"])
            .arg(root.as_ref());
        Server::spawn(cmd)
    }

    /// Runs `cmd` (a `praxis serve` command line) and waits until it says where it serves.
    pub fn spawn(mut cmd: Command) -> Server {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("praxis serve runs");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { return };
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            stderr,
        };
        // "aperçu de … sur http://… (Ctrl+C pour arrêter)", or in English "serving … at …".
        let line = server.wait_for_stderr("(Ctrl+C");
        let url = line
            .split(" http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        server.addr = url.to_owned();
        server
    }

    /// Everything the server has printed so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the server has printed a line containing `needle` (counting from the
    /// start), and returns that line.
    pub fn wait_for_stderr(&mut self, needle: &str) -> String {
        self.wait_for_nth_stderr(needle, 1)
    }

    pub fn wait_for_nth_stderr(&mut self, needle: &str, n: usize) -> String {
        let started = Instant::now();
        loop {
            let all = self.stderr();
            if let Some(line) = all.lines().filter(|l| l.contains(needle)).nth(n - 1) {
                return line.to_owned();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("praxis serve exited ({status}) before printing {needle:?}:\n{all}");
            }
            assert!(
                started.elapsed() < SERVER_WAIT,
                "praxis serve never printed {needle:?}:\n{all}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `GET target` on a connection of its own; anything but a whole reply ends the test.
    pub fn get(&self, target: &str) -> Reply {
        let request = format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        http(&self.addr, request.as_bytes(), Framing::Close, SERVER_WAIT)
            .unwrap_or_else(|e| panic!("GET {target}: {e}"))
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

// ---------------------------------------------------------------------------------------
// A raw HTTP/1.1 client: the tests see every byte `praxis serve` sends, framing included,
// and send requests no library would (cut in pieces, malformed, kept alive at will).

/// How the end of a reply's body is found.
#[derive(Clone, Copy)]
pub enum Framing {
    /// By its Content-Length, which it must give: all a kept-alive connection can go by.
    Length,
    /// By the end of the connection (the request said `Connection: close`); a
    /// Content-Length, when given, must match what came. A chunked body is kept as sent.
    Close,
    /// There is none: the reply to a HEAD is a head, whatever its Content-Length says.
    Head,
}

/// A reply as it came: the status, the head (status line and headers, as text) and the
/// body's bytes.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    /// The status line, e.g. `HTTP/1.1 404 Not Found`.
    pub fn head_line(&self) -> &str {
        self.head.lines().next().unwrap_or("")
    }

    /// The value of the first header named `name` (in any case), trimmed.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    /// The body as text, for assertions on pages; a stray byte shows as U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The body shown as text: a failed assertion that prints a reply stays readable.
impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("head", &self.head)
            .field("body", &self.text())
            .finish()
    }
}

/// Why no reply was read.
pub enum ReadError {
    /// Not a byte of an answer: the server had closed a kept-alive connection.
    Closed,
    Failed(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Closed => f.write_str("closed without an answer"),
            ReadError::Failed(e) => f.write_str(e),
        }
    }
}

/// A connection to `addr` whose reads and writes give up after `timeout`: only reached
/// when something is badly wrong.
pub fn connect(addr: &str, timeout: Duration) -> Result<TcpStream, String> {
    let stream = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    stream.set_read_timeout(Some(timeout)).unwrap();
    stream.set_write_timeout(Some(timeout)).unwrap();
    stream.set_nodelay(true).unwrap();
    Ok(stream)
}

/// Writes the whole request (or a piece of it).
pub fn send(stream: &mut TcpStream, bytes: &[u8]) -> Result<(), String> {
    stream
        .write_all(bytes)
        .map_err(|e| format!("sending the request: {e}"))
}

/// One request on a connection of its own, and its reply.
pub fn http(
    addr: &str,
    request: &[u8],
    framing: Framing,
    timeout: Duration,
) -> Result<Reply, String> {
    let mut stream = connect(addr, timeout)?;
    send(&mut stream, request)?;
    read_reply(&mut stream, framing).map_err(|e| e.to_string())
}

/// Reads one reply, framed as `framing` says. A body cut short, or longer than its
/// Content-Length, is an error: the server must never send a page half-written.
pub fn read_reply(stream: &mut TcpStream, framing: Framing) -> Result<Reply, ReadError> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = find(&raw, b"\r\n\r\n") {
            break i + 4;
        }
        let n = match stream.read(&mut buf) {
            Ok(n) => n,
            Err(e) if raw.is_empty() && e.kind() == ErrorKind::ConnectionReset => 0,
            Err(e) => {
                return Err(ReadError::Failed(format!(
                    "reading the head: {e} after {} byte(s)",
                    raw.len()
                )));
            }
        };
        if n == 0 {
            if raw.is_empty() {
                return Err(ReadError::Closed);
            }
            return Err(ReadError::Failed(format!(
                "closed in the head: {:?}",
                String::from_utf8_lossy(&raw)
            )));
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| ReadError::Failed(format!("no status line: {head:?}")))?;
    let reply = Reply {
        status,
        head,
        body: raw[head_end..].to_vec(),
    };
    match framing {
        // What came with the head is kept, so that a HEAD answered with a body shows.
        Framing::Head => Ok(reply),
        Framing::Close => read_to_close(stream, reply),
        Framing::Length => read_length(stream, reply),
    }
}

/// The rest of the body, up to the end of the connection.
fn read_to_close(stream: &mut TcpStream, mut reply: Reply) -> Result<Reply, ReadError> {
    stream.read_to_end(&mut reply.body).map_err(|e| {
        ReadError::Failed(format!(
            "reading the body: {e} after {} byte(s)",
            reply.body.len()
        ))
    })?;
    let Some(length) = reply.header("content-length") else {
        return Ok(reply);
    };
    let length: usize = length
        .parse()
        .map_err(|_| ReadError::Failed(format!("Content-Length {length:?} is not a number")))?;
    if reply.body.len() < length {
        return Err(ReadError::Failed(format!(
            "body cut at {} of {length} byte(s)",
            reply.body.len()
        )));
    }
    if reply.body.len() > length {
        return Err(ReadError::Failed(format!(
            "{} byte(s) for a Content-Length of {length}",
            reply.body.len()
        )));
    }
    Ok(reply)
}

/// The rest of the body, as long as its Content-Length says: reading stops there, so that
/// the connection can carry the next request.
fn read_length(stream: &mut TcpStream, mut reply: Reply) -> Result<Reply, ReadError> {
    if let Some(te) = reply.header("transfer-encoding") {
        return Err(ReadError::Failed(format!(
            "Transfer-Encoding {te}, not a length"
        )));
    }
    let length: usize = reply
        .header("content-length")
        .and_then(|l| l.parse().ok())
        .ok_or_else(|| ReadError::Failed(format!("no Content-Length: {:?}", reply.head)))?;
    let mut buf = [0u8; 16 * 1024];
    while reply.body.len() < length {
        let n = stream.read(&mut buf).map_err(|e| {
            ReadError::Failed(format!(
                "reading the body: {e} at {} of {length} byte(s)",
                reply.body.len()
            ))
        })?;
        if n == 0 {
            return Err(ReadError::Failed(format!(
                "body cut at {} of {length} byte(s)",
                reply.body.len()
            )));
        }
        reply.body.extend_from_slice(&buf[..n]);
    }
    if reply.body.len() > length {
        return Err(ReadError::Failed(format!(
            "{} byte(s) for a Content-Length of {length}",
            reply.body.len()
        )));
    }
    Ok(reply)
}

/// Where `needle` first occurs in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
