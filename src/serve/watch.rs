//! The owner of notify: watches what a build reads (`praxis.yaml`, `content/`,
//! `themes/`) and turns bursts of file events into one "something changed" per save.
//! Its errors leave this file said in the guide's words.

use crate::base::messages::{Message, io_cause};
use crate::msg;
use crate::source::content::is_ignored;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// An editor's save is several events (truncate, write, close; or a temporary file
/// renamed over the page): the rebuild waits until the folder has been quiet this long.
/// Saves measured here finish within a few milliseconds; every millisecond waited adds to
/// the save-to-browser latency, and a burst longer than this costs one extra rebuild.
pub const QUIET: Duration = Duration::from_millis(30);

/// Even a folder that never goes quiet (a script writing in a loop) gets rebuilt this often.
const MAX_WAIT: Duration = Duration::from_millis(1000);

/// The folders below the root that a build reads; each is watched recursively.
const FOLDERS: [&str; 2] = ["content", "themes"];
const CONFIG: &str = "praxis.yaml";

pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
}

impl Watch {
    /// Starts watching `root`. The root itself is watched alone (not recursively) so that
    /// `praxis.yaml` replaced by an editor, or `content/` created later, are seen without
    /// watching `public/` or a `target/` folder full of build files.
    pub fn new(root: &Path) -> Result<Watch, Message> {
        Watch::start(root).map_err(|e| cannot_watch(&e))
    }

    fn start(root: &Path) -> notify::Result<Watch> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            watcher,
            events,
        };
        for folder in FOLDERS {
            watch.watch_folder(folder)?;
        }
        Ok(watch)
    }

    fn watch_folder(&mut self, name: &str) -> notify::Result<()> {
        let path = self.root.join(name);
        if path.is_dir() {
            self.watcher.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// Blocks until a file a build reads has changed and the burst of events is over;
    /// returns the changed paths (relative to the root), or `None` if the watcher died.
    pub fn next_change(&mut self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        // Block for the first relevant event.
        while changed.is_empty() {
            let event = self.events.recv().ok()?;
            changed = self.relevant(event);
        }
        let started = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok(event) => {
                    // Irrelevant events (the build opening files, a swap file) do not
                    // postpone the rebuild; only real changes extend the burst.
                    let more = self.relevant(event);
                    if more.is_empty() {
                        continue;
                    }
                    changed.extend(more);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }

    /// The paths of `event` that a build reads; re-watches `content/` or `themes/` when
    /// one is created (or re-created) after start.
    fn relevant(&mut self, event: notify::Result<Event>) -> Vec<PathBuf> {
        let event = match event {
            Ok(e) => e,
            // An overflowed queue or similar: something changed, we do not know what.
            Err(_) => return vec![PathBuf::from(CONFIG)],
        };
        match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            // Opening and reading files (the build itself does) changes nothing.
            EventKind::Access(_) => return Vec::new(),
            _ => {}
        }
        if event.need_rescan() {
            return vec![PathBuf::from(CONFIG)];
        }
        let mut out = Vec::new();
        for path in &event.paths {
            let rel = match path.strip_prefix(&self.root) {
                Ok(rel) => rel.to_path_buf(),
                Err(_) => continue,
            };
            if is_ignored(&rel, Path::new("")) {
                continue;
            }
            let mut parts = rel.components();
            let first = parts
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            let nested = parts.next().is_some();
            match first.as_deref() {
                Some(CONFIG) if !nested => out.push(rel),
                Some(name @ ("content" | "themes")) => {
                    if !nested {
                        // A failure here is only a missed watch: the next rebuild still
                        // reads everything, and the folder is retried when it reappears.
                        let _ = self.watch_folder(name);
                    }
                    out.push(rel);
                }
                _ => {}
            }
        }
        out
    }
}

/// Why the guide's files could not be watched, in the guide's words.
fn cannot_watch(e: &notify::Error) -> Message {
    let cause = match &e.kind {
        notify::ErrorKind::Io(io) => io_cause(io),
        _ => msg!("library-says", library = "notify", text = e.to_string()),
    };
    msg!("watch-failed", cause = cause)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_is_one_change_and_swap_files_are_none() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("public")).unwrap();
        let mut watch = Watch::new(&root).unwrap();
        std::fs::write(root.join("public/x.html"), "ignored").unwrap();
        std::fs::write(root.join("content/.a.md.swp"), "ignored").unwrap();
        std::fs::write(root.join("content/a.md~"), "ignored").unwrap();
        std::fs::write(root.join("content/a.md"), "one").unwrap();
        std::fs::write(root.join("content/a.md"), "two").unwrap();
        let changed = watch.next_change().unwrap();
        assert_eq!(changed, vec![PathBuf::from("content/a.md")]);
    }

    #[test]
    fn a_themes_folder_created_later_is_watched() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let mut watch = Watch::new(&root).unwrap();
        std::fs::create_dir_all(root.join("themes")).unwrap();
        assert!(
            watch
                .next_change()
                .unwrap()
                .contains(&PathBuf::from("themes"))
        );
        std::fs::write(root.join("themes/x.css"), "a").unwrap();
        let changed = watch.next_change().unwrap();
        assert_eq!(changed, vec![PathBuf::from("themes/x.css")]);
    }
}
