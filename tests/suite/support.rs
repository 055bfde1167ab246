//! Fixture sites: a temporary guide written from (path, text) pairs, and the praxis binary
//! run on it, with its exit status and whole stderr.

use std::io::{BufRead, BufReader};
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

pub const CONFIG: &str =
    "title: Guide test\nbase_url: https://example.org/guide/\nglossary:\n  autolink: first\n";

impl Guide {
    /// A guide with `praxis.yaml` (unless given) and the files listed.
    pub fn new(files: &[(&str, &str)]) -> Guide {
        let dir = tempfile::tempdir().expect("temporary folder");
        let guide = Guide { dir };
        if !files.iter().any(|(p, _)| *p == "praxis.yaml") {
            guide.write("praxis.yaml", CONFIG);
        }
        for (path, text) in files {
            guide.write(path, text);
        }
        guide
    }

    /// A copy of the guide shipped in this repository (content/ and praxis.yaml).
    pub fn shipped() -> Guide {
        let dir = tempfile::tempdir().expect("temporary folder");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        copy_dir(&repo.join("content"), &dir.path().join("content"));
        std::fs::copy(repo.join("praxis.yaml"), dir.path().join("praxis.yaml")).unwrap();
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
            Some(&("build" | "check" | "new" | "serve" | "print"))
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

    /// The HTML of a built page, e.g. `roles/coordinateur/index.html`.
    pub fn html(&self, rel: &str) -> String {
        let path = self.path("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
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
        let line = server.wait_for_stderr("(Ctrl+C to stop)");
        let url = line
            .split(" at http://")
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
