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
/// The page of the latest changes and the Atom feed, from the site's root.
pub const PAGE_DIR: &str = "nouveautes";
pub const FEED: &str = "feed.xml";

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

/// Reads the history of `<root>/content/`. Empty when `root` is not in a git repository.
pub fn load(root: &Path) -> History {
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
            crate::content::CONTENT_DIR,
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

/// The Atom feed of the latest changes: one entry per commit, linking the pages it
/// changed. `title` names the changes page (`Nouveautés`).
pub fn feed(
    config: &crate::config::Config,
    pages: &[crate::content::Page],
    history: &History,
    title: &str,
) -> String {
    use crate::text::escape_html as esc;
    let base = &config.base_url;
    let by_source: HashMap<&Path, &crate::content::Page> =
        pages.iter().map(|p| (p.source.as_path(), p)).collect();
    let updated = history
        .latest
        .first()
        .map_or_else(String::new, |c| rfc3339(c.date));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title} · {site}</title>\n  <id>{base}{PAGE_DIR}/</id>\n  <link rel=\"self\" href=\"{base}{FEED}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{base}{PAGE_DIR}/\"/>\n  <updated>{updated}</updated>\n  <author><name>{site}</name></author>\n",
        lang = esc(&config.language),
        title = esc(title),
        site = esc(&config.title),
        base = esc(base),
    );
    for change in &history.latest {
        let changed: Vec<&crate::content::Page> = change
            .files
            .iter()
            .filter_map(|f| by_source.get(f.as_path()).copied())
            .collect();
        let link = changed.first().map_or_else(
            || format!("{base}{PAGE_DIR}/"),
            |p| format!("{base}{}", p.url),
        );
        let mut list = String::from("<ul>");
        for page in &changed {
            list.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                esc(&format!("{base}{}", page.url)),
                esc(&page.meta.title)
            ));
        }
        list.push_str("</ul>");
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}{PAGE_DIR}/#{}</id>\n    <updated>{}</updated>\n    <link href=\"{}\"/>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            esc(&change.subject),
            esc(base),
            esc(&change.hash),
            rfc3339(change.date),
            esc(&link),
            esc(&list),
        ));
    }
    xml.push_str("</feed>\n");
    xml
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
