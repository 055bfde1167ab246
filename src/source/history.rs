//! What changed, from git: the date each page's file last changed ("Modifiée le …"), and
//! the latest commits that changed pages, for `nouveautes/` and `feed.xml`. One `git log`
//! for the whole guide, read once; a guide outside a git repository (or a machine without
//! git) has no history, and shows none — never a file-system date, which a copy resets.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How many commits `nouveautes/` and the feed show.
pub const LATEST: usize = 30;

/// One commit that changed pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub hash: String,
    pub date: OffsetDateTime,
    /// The first line of its message.
    pub subject: String,
    /// The files of `content/` it changed, as paths from the guide's root.
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// When each file last changed, by its path from the guide's root.
    pub modified: HashMap<PathBuf, OffsetDateTime>,
    /// The latest commits, newest first (at most [`LATEST`]).
    pub latest: Vec<Change>,
}

/// Reads the history of the folder `content_dir` of `root`. Empty when `root` is not in
/// a git repository.
pub fn load(root: &Path, content_dir: &str) -> History {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--no-merges",
            "--no-renames",
            "--relative",
            "--name-only",
            "--format=%x1e%H%x1f%aI%x1f%s",
            "--",
            content_dir,
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(out) if out.status.success() => parse(&String::from_utf8_lossy(&out.stdout)),
        _ => History::default(),
    }
}

/// Reads `git log` as [`load`] asks for it: a record separator, then hash, date and
/// subject apart by unit separators, then the files, one a line.
pub fn parse(log: &str) -> History {
    let mut history = History::default();
    for record in log.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let mut head = lines.next().unwrap_or("").split('\u{1f}');
        let (Some(hash), Some(date), subject) = (head.next(), head.next(), head.next()) else {
            continue;
        };
        let Ok(date) = OffsetDateTime::parse(date, &Rfc3339) else {
            continue;
        };
        let files: Vec<PathBuf> = lines
            .filter(|l| !l.trim().is_empty())
            .map(PathBuf::from)
            .collect();
        for file in &files {
            // Newest first: the first date seen is the last change.
            history.modified.entry(file.clone()).or_insert(date);
        }
        if history.latest.len() < LATEST && !files.is_empty() {
            history.latest.push(Change {
                hash: hash.to_owned(),
                date,
                subject: subject.unwrap_or("").trim().to_owned(),
                files,
            });
        }
    }
    history
}

/// `2026-03-12T10:00:00+01:00`, for Atom and `<time datetime>`.
pub fn rfc3339(date: OffsetDateTime) -> String {
    date.format(&Rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_a_file_is_its_last_change() {
        let log = "\u{1e}bbb\u{1f}2026-03-12T10:00:00+01:00\u{1f}Relecture du rôle\n\ncontent/a.md\n\n\u{1e}aaa\u{1f}2025-01-02T09:00:00+00:00\u{1f}Premier jet\n\ncontent/a.md\ncontent/b.md\n";
        let h = parse(log);
        assert_eq!(h.latest.len(), 2);
        assert_eq!(h.latest[0].subject, "Relecture du rôle");
        let a = h.modified[Path::new("content/a.md")];
        assert_eq!(a.date().to_string(), "2026-03-12");
        let b = h.modified[Path::new("content/b.md")];
        assert_eq!(b.date().to_string(), "2025-01-02");
    }
}
