//! Fixture sites: a temporary guide written from (path, text) pairs, and the praxis binary
//! run on it, with its exit status and whole stderr.

use std::path::{Path, PathBuf};
use std::process::Command;

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

fn walk(dir: &Path) -> Vec<PathBuf> {
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
