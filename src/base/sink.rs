//! Where built files go ([`Sink`]): into memory (a [`Site`], for `praxis serve`), or into
//! a staging folder that is swapped with the output folder only once everything is
//! written ([`Staging`], for `praxis build`).

use crate::base::messages::Message;
use crate::base::sync;
use crate::msg;
use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The bytes of one output file, or the source file to copy them from (assets).
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// Shared, so that a site and its next version share the files they have in common
    /// (an `Arc<Vec>` rather than `Arc<[u8]>`: made from the rendered `Vec` without a copy).
    Bytes(Arc<Vec<u8>>),
    Copy(PathBuf),
}

/// Every file of a built site, by its path in the output (`roles/x/index.html`).
#[derive(Debug, Default, Clone)]
pub struct Site {
    pub files: BTreeMap<String, Data>,
}

impl Site {
    pub fn read(&self, path: &str) -> Option<std::io::Result<Vec<u8>>> {
        self.files.get(path).map(|d| match d {
            Data::Bytes(b) => Ok(b.to_vec()),
            Data::Copy(p) => std::fs::read(p),
        })
    }
}

/// Refuses an output folder whose replacement would destroy the guide's sources: the root
/// itself, a folder holding it, or a folder in `content/` or `themes/`.
pub fn check_output_folder(root: &Path, out: &Path) -> std::result::Result<(), Message> {
    let absolute = |p: &Path| -> PathBuf {
        if let Ok(c) = p.canonicalize() {
            return c;
        }
        // Not there yet: its parent may be.
        match (p.parent(), p.file_name()) {
            (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => parent
                .canonicalize()
                .map_or_else(|_| p.to_path_buf(), |c| c.join(name)),
            _ => std::env::current_dir().map_or_else(|_| p.to_path_buf(), |d| d.join(p)),
        }
    };
    let (root, out_abs) = (absolute(root), absolute(out));
    let protected = [root.join("content"), root.join("themes")];
    if root.starts_with(&out_abs) || protected.iter().any(|p| out_abs.starts_with(p)) {
        return Err(msg!(
            "output-inside-guide",
            output = out.display().to_string(),
            public = root.join("public").display().to_string()
        ));
    }
    // An existing folder is replaced whole: only when it is a site praxis built.
    let foreign = std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some())
        && !(out.join(crate::base::urls::NOT_FOUND).is_file()
            && out.join(crate::base::urls::SITEMAP).is_file());
    if foreign {
        return Err(msg!("output-foreign", output = out.display().to_string()));
    }
    Ok(())
}

/// Where a build puts each file as soon as it is made: memory for `praxis serve`, a
/// staging folder for `praxis build` (so that the whole site is never held in memory).
pub trait Sink: Sync {
    fn put(&self, path: String, data: Data) -> Result<()>;

    /// The file `path`, to be written a piece at a time: for a file too big to be held
    /// whole, the booklet of every sheet of a big guide.
    fn open(&self, path: String) -> Result<Box<dyn Piecewise + '_>>;
}

/// A file being written a piece at a time (see [`Sink::open`]); it is there once finished.
pub trait Piecewise {
    fn write(&mut self, piece: &[u8]) -> Result<()>;
    fn finish(self: Box<Self>) -> Result<()>;
}

/// The pieces of a file gathered, then put whole into a sink that holds whole files.
pub(crate) struct Gathered<'s, S: Sink> {
    pub sink: &'s S,
    pub path: String,
    pub bytes: Vec<u8>,
}

impl<S: Sink> Piecewise for Gathered<'_, S> {
    fn write(&mut self, piece: &[u8]) -> Result<()> {
        self.bytes.extend_from_slice(piece);
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.sink.put(self.path, Data::Bytes(self.bytes.into()))
    }
}

impl Sink for Mutex<Site> {
    fn put(&self, path: String, data: Data) -> Result<()> {
        sync::lock(self).files.insert(path, data);
        Ok(())
    }

    fn open(&self, path: String) -> Result<Box<dyn Piecewise + '_>> {
        Ok(Box::new(Gathered {
            sink: self,
            path,
            bytes: Vec::new(),
        }))
    }
}

/// Lets every file go: for `praxis check`, which renders only to find template errors.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: String, _: Data) -> Result<()> {
        Ok(())
    }

    fn open(&self, _: String) -> Result<Box<dyn Piecewise + '_>> {
        Ok(Box::new(Discard))
    }
}

impl Piecewise for Discard {
    fn write(&mut self, _: &[u8]) -> Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        Ok(())
    }
}

/// Writes `site` to `out` atomically: a failure leaves the previous `out` as it was.
pub fn publish(site: &Site, out: &Path) -> Result<()> {
    let staging = Staging::open(out)?;
    site.files
        .par_iter()
        .try_for_each(|(path, data)| staging.put(path.clone(), data.clone()))?;
    staging.publish()
}

/// The next version of an output folder, written file by file, then exchanged with it.
///
/// The staging folder is the previous generation of the site, kept beside `out` as
/// `.<name>.praxis-spare`: it is brought up to date (only changed files are written, stale
/// ones removed), then exchanged with `out`. Deleting and recreating whole trees of
/// thousands of folders is what makes publishing slow, so neither is ever done. Until
/// [`Staging::publish`], `out` is untouched: a failed build leaves it as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// Every file put so far, from the folder's root.
    written: Mutex<BTreeSet<String>>,
}

impl Staging {
    pub fn open(out: &Path) -> Result<Staging> {
        let name = out
            .file_name()
            .with_context(|| msg!("output-folder-invalid", folder = out.display().to_string()))?
            .to_string_lossy()
            .into_owned();
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .with_context(|| msg!("cannot-create", folder = parent.display().to_string()))?;
        if out.exists() && !out.is_dir() {
            bail!(msg!(
                "output-not-a-folder",
                folder = out.display().to_string()
            ));
        }
        let dir = parent.join(format!(".{name}.praxis-spare"));
        if dir.exists() && !dir.is_dir() {
            remove_path(&dir)?;
        }
        std::fs::create_dir_all(&dir)
            .with_context(|| msg!("cannot-create", folder = dir.display().to_string()))?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            written: Mutex::new(BTreeSet::new()),
        })
    }

    /// Records that `rel` is part of the new site.
    fn wrote(&self, rel: String) {
        sync::lock(&self.written).insert(rel);
    }

    /// Removes what this build did not write, and puts the new site in place of `out`.
    pub fn publish(self) -> Result<()> {
        let written = sync::into_inner(self.written);
        remove_stale(&self.dir, &written)?;
        if self.out.exists() {
            exchange(&self.dir, &self.out)
        } else {
            std::fs::rename(&self.dir, &self.out)
                .with_context(|| msg!("cannot-move-in", folder = self.out.display().to_string()))
        }
    }
}

impl Sink for Staging {
    fn open(&self, rel: String) -> Result<Box<dyn Piecewise + '_>> {
        let path = self.dir.join(&rel);
        let open = || {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
        };
        let file = match open() {
            Ok(file) => file,
            Err(_) => {
                make_room(&self.dir, &rel)?;
                open()
                    .with_context(|| msg!("cannot-write-file", file = path.display().to_string()))?
            }
        };
        let stamped = (file.metadata().ok()).and_then(|meta| stamp::read(&path, &meta));
        Ok(Box::new(Rewritten {
            staging: self,
            rel,
            path,
            file,
            at: 0,
            same: true,
            stamped,
            pieces: Vec::new(),
        }))
    }

    fn put(&self, rel: String, data: Data) -> Result<()> {
        let path = self.dir.join(&rel);
        // Plain `io::Error`s first: a folder not made yet is common, and an `anyhow` error
        // records a backtrace.
        if write_file(&path, &data).is_err() {
            // Something of the previous generation is in the way: a folder where a file
            // goes, or a file where a folder goes. Clear the way once and try again.
            make_room(&self.dir, &rel)?;
            write_file(&path, &data).with_context(|| match &data {
                Data::Bytes(_) => msg!("cannot-write-file", file = path.display().to_string()),
                Data::Copy(src) => msg!(
                    "cannot-copy",
                    from = src.display().to_string(),
                    file = path.display().to_string()
                ),
            })?;
        }
        self.wrote(rel);
        Ok(())
    }
}

/// A file of the staging folder written a piece at a time: each piece is compared with
/// what the file holds at its place (by the file's stamp, which has a hash of each piece,
/// or else by reading it), and only from the first piece that differs is the file written
/// over; a file that does not change keeps its date, as with `put`.
struct Rewritten<'s> {
    staging: &'s Staging,
    rel: String,
    path: PathBuf,
    file: std::fs::File,
    /// Where the next piece goes.
    at: u64,
    /// Whether the pieces so far are what the file held.
    same: bool,
    /// The pieces the file held when it was stamped, if it has not changed since.
    stamped: Option<Vec<stamp::Piece>>,
    /// The pieces written so far.
    pieces: Vec<stamp::Piece>,
}

impl Piecewise for Rewritten<'_> {
    fn write(&mut self, piece: &[u8]) -> Result<()> {
        use std::io::{Seek, SeekFrom, Write};
        let this = (piece.len() as u64, xxhash_rust::xxh3::xxh3_128(piece));
        let k = self.pieces.len();
        self.pieces.push(this);
        let mut held = || {
            let stamped = self.stamped.as_ref().and_then(|s| s.get(k));
            stamped == Some(&this)
                || (self.file.seek(SeekFrom::Start(self.at)).is_ok() && reads(&self.file, piece))
        };
        if self.same && held() {
            self.at += piece.len() as u64;
            return Ok(());
        }
        self.same = false;
        let written = self
            .file
            .seek(SeekFrom::Start(self.at))
            .and_then(|_| self.file.write_all(piece));
        written
            .with_context(|| msg!("cannot-write-file", file = self.path.display().to_string()))?;
        self.at += piece.len() as u64;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let kept = self.same && self.stamped.as_ref() == Some(&self.pieces);
        let cut = match self.file.metadata() {
            Ok(m) if m.len() == self.at => Ok(()),
            _ => self.file.set_len(self.at),
        };
        cut.with_context(|| msg!("cannot-write-file", file = self.path.display().to_string()))?;
        if !kept {
            // One file: stamped as written, so that the next build reads none of it.
            stamp::write(&self.path, &self.pieces);
        }
        self.staging.wrote(self.rel);
        Ok(())
    }
}

/// Writes one file, unless it already holds these bytes (its date then stays as it was).
fn write_file(path: &Path, data: &Data) -> std::io::Result<()> {
    let read;
    let bytes = match data {
        Data::Bytes(b) => b.as_slice(),
        Data::Copy(src) => {
            read = std::fs::read(src)?;
            read.as_slice()
        }
    };
    match std::fs::symlink_metadata(path) {
        Ok(meta) if unchanged(path, &meta, bytes) => return Ok(()),
        // A link where the file goes is replaced, never written through.
        Ok(meta) if meta.is_symlink() => std::fs::remove_file(path)?,
        _ => {}
    }
    std::fs::write(path, bytes)
}

/// Whether the file at `path` (whose metadata is `meta`) holds `bytes`: known from its
/// stamp when it has one and was not changed since, else found by reading it, and then
/// stamped so that the next build need not read it. (Files are stamped only when found
/// unchanged: stamping each file as it is written would slow a first build, which writes
/// them all.) Nothing is hashed or read for a file of another size.
fn unchanged(path: &Path, meta: &std::fs::Metadata, bytes: &[u8]) -> bool {
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let whole = (bytes.len() as u64, xxhash_rust::xxh3::xxh3_128(bytes));
    match stamp::read(path, meta) {
        Some(stamped) => stamped == [whole],
        None if holds(path, bytes) => {
            stamp::write(path, &[whole]);
            true
        }
        None => false,
    }
}

/// What praxis records on a file found unchanged, in an extended attribute where the file
/// system has them (Linux): the file's size and date, and a hash (XXH3, 128 bits) of its
/// bytes. The next build knows from them alone, without reading the file, whether it
/// holds what is to be written. A file changed since (its size or date differ: someone
/// edited it, or praxis wrote it again) is read and compared as if it had no stamp.
mod stamp {
    use std::path::Path;

    /// A piece of a file: its length and the hash of its bytes.
    pub type Piece = (u64, u128);

    #[cfg(target_os = "linux")]
    const NAME: &std::ffi::CStr = c"user.praxis.stamp";

    /// The longest stamp: a file of more pieces is not stamped.
    #[cfg(target_os = "linux")]
    const MAX: usize = 2048;

    /// The file's size and date (seconds, nanoseconds), 8 bytes each.
    #[cfg(target_os = "linux")]
    fn header(meta: &std::fs::Metadata) -> [u8; 24] {
        use std::os::unix::fs::MetadataExt;
        let mut out = [0u8; 24];
        out[..8].copy_from_slice(&meta.len().to_le_bytes());
        out[8..16].copy_from_slice(&meta.mtime().to_le_bytes());
        out[16..].copy_from_slice(&meta.mtime_nsec().to_le_bytes());
        out
    }

    /// The pieces of the file at `path` (whose metadata is `meta`) when it was stamped,
    /// if it was and has not changed since.
    #[cfg(target_os = "linux")]
    pub fn read(path: &Path, meta: &std::fs::Metadata) -> Option<Vec<Piece>> {
        let mut value = [0u8; MAX];
        let n = rustix::fs::lgetxattr(path, NAME, &mut value[..]).ok()?;
        let value = value.get(..n)?;
        let (head, pieces) = value.split_at_checked(24)?;
        if head != header(meta) || pieces.len() % 24 != 0 {
            return None;
        }
        let number = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
        let hash = |b: &[u8]| u128::from_le_bytes(b.try_into().unwrap_or_default());
        Some(
            (pieces.chunks_exact(24))
                .map(|p| (number(&p[..8]), hash(&p[8..])))
                .collect(),
        )
    }

    /// Stamps the file at `path`, which holds `pieces`. Best effort: a file system
    /// without extended attributes only makes the next build read the file.
    #[cfg(target_os = "linux")]
    pub fn write(path: &Path, pieces: &[Piece]) {
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return;
        };
        let mut value = header(&meta).to_vec();
        for (len, hash) in pieces {
            value.extend_from_slice(&len.to_le_bytes());
            value.extend_from_slice(&hash.to_le_bytes());
        }
        if value.len() > MAX {
            return;
        }
        let _ = rustix::fs::lsetxattr(path, NAME, &value, rustix::fs::XattrFlags::empty());
    }

    #[cfg(not(target_os = "linux"))]
    pub fn read(_: &Path, _: &std::fs::Metadata) -> Option<Vec<Piece>> {
        None
    }

    #[cfg(not(target_os = "linux"))]
    pub fn write(_: &Path, _: &[Piece]) {}
}

/// Whether the file at `path` holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let same_size = file.metadata().is_ok_and(|m| m.len() == bytes.len() as u64);
    same_size && reads(&file, bytes)
}

/// Whether the next bytes `file` reads are `bytes`, read a piece at a time (the booklet
/// of a big guide is tens of megabytes: it is not read whole a second time) into a buffer
/// each thread keeps: a big guide compares thousands of files.
fn reads(file: &std::fs::File, bytes: &[u8]) -> bool {
    use std::io::Read;
    const PIECE: usize = 64 * 1024;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        let mut rest = bytes;
        while !rest.is_empty() {
            buffer.clear();
            let wanted = rest.len().min(PIECE);
            match file.take(wanted as u64).read_to_end(buffer) {
                Ok(n) if n > 0 && buffer[..n] == rest[..n] => rest = &rest[n..],
                _ => return false,
            }
        }
        true
    })
}

/// Makes `rel` writable in `dir`: its folders exist, and no folder stands at its place.
fn make_room(dir: &Path, rel: &str) -> Result<()> {
    let path = dir.join(rel);
    let mut folder = dir.to_path_buf();
    if let Some(parent) = Path::new(rel).parent() {
        for part in parent.components() {
            folder.push(part);
            if folder.exists() && !folder.is_dir() {
                remove_path(&folder)?;
            }
        }
    }
    std::fs::create_dir_all(&folder)
        .with_context(|| msg!("cannot-create", folder = folder.display().to_string()))?;
    if path.is_dir() {
        remove_path(&path)?;
    }
    Ok(())
}

/// Swaps two folders, atomically where the system allows it (Linux `renameat2`).
fn exchange(a: &Path, b: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let aside = a.with_extension("praxis-swap");
    remove_path(&aside)?;
    std::fs::rename(b, &aside)
        .with_context(|| msg!("cannot-move-aside", folder = b.display().to_string()))?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(e).with_context(|| msg!("cannot-move-in", folder = b.display().to_string()));
    }
    std::fs::rename(&aside, a)
        .with_context(|| msg!("cannot-keep", folder = a.display().to_string()))
}

fn remove_path(path: &Path) -> Result<()> {
    let result = if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    };
    match result {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| msg!("cannot-remove", file = path.display().to_string())),
    }
}

/// Removes from `dir` every file not in `written`, and every folder nothing was written
/// in. Folders are read in parallel: a big site has thousands, each a few system calls.
fn remove_stale(dir: &Path, written: &BTreeSet<String>) -> Result<()> {
    remove_stale_in(dir, "", written)
}

/// [`remove_stale`] for the folder `dir`, whose files' keys start with `prefix`.
///
/// A folder is stamped once cleared (see [`stamp`]) with what it then held: a folder
/// whose date has not changed since (nothing was added to it or removed from it) and that
/// is to hold the same names again has nothing stale, and is not read.
fn remove_stale_in(dir: &Path, prefix: &str, written: &BTreeSet<String>) -> Result<()> {
    // What this build put in `dir`, in order: its files, and its folders (`name/`).
    let mut names: Vec<&str> = Vec::new();
    use std::ops::Bound;
    let under = written.range::<str, _>((Bound::Included(prefix), Bound::Unbounded));
    for key in under.take_while(|k| k.starts_with(prefix)) {
        let rest = &key[prefix.len()..];
        let name = rest.find('/').map_or(rest, |end| &rest[..=end]);
        if names.last() != Some(&name) {
            names.push(name);
        }
    }
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    for name in &names {
        hash.update(name.as_bytes());
        hash.update(b"\n");
    }
    let listed = [(names.len() as u64, hash.digest128())];
    let cleared = std::fs::symlink_metadata(dir)
        .ok()
        .and_then(|meta| stamp::read(dir, &meta))
        .is_some_and(|stamped| stamped == listed);
    if !cleared {
        let unreadable = || msg!("cannot-read-file", file = dir.display().to_string());
        for entry in std::fs::read_dir(dir).with_context(unreadable)? {
            let entry = entry.with_context(unreadable)?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let expected = match is_dir {
                true => names.binary_search(&format!("{name}/").as_str()).is_ok(),
                false => names.binary_search(&name.as_ref()).is_ok(),
            };
            if !expected {
                remove_path(&entry.path())?;
            }
        }
        stamp::write(dir, &listed);
    }
    let folders: Vec<&str> = names.into_iter().filter(|n| n.ends_with('/')).collect();
    folders.par_iter().try_for_each(|name| {
        let inner = format!("{prefix}{name}");
        remove_stale_in(&dir.join(name.trim_end_matches('/')), &inner, written)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_holds_its_bytes_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        assert!(!holds(&path, b""), "a missing file holds nothing");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &big).unwrap();
        assert!(holds(&path, &big));
        let mut other = big.clone();
        other[150_000] ^= 1;
        assert!(!holds(&path, &other), "same size, one byte differs");
        assert!(!holds(&path, &big[..199_999]));
        std::fs::write(&path, b"").unwrap();
        assert!(holds(&path, b""));
    }

    #[test]
    fn publishing_replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut site = Site::default();
        site.files
            .insert("a/index.html".into(), Data::Bytes(b"a".to_vec().into()));
        site.files
            .insert("b/index.html".into(), Data::Bytes(b"b".to_vec().into()));
        publish(&site, &out).unwrap();
        site.files.remove("b/index.html");
        publish(&site, &out).unwrap();
        assert!(out.join("a/index.html").exists());
        assert!(
            !out.join("b").exists(),
            "a deleted page leaves no stale file"
        );
        let mut names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".public.praxis-spare", "public"]);
        site.files
            .insert("a/index.html".into(), Data::Bytes(b"a2".to_vec().into()));
        site.files
            .insert("c/index.html".into(), Data::Bytes(b"c".to_vec().into()));
        publish(&site, &out).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"a2");
        assert!(
            !out.join("b").exists(),
            "the spare generation's stale files go too"
        );
    }

    #[test]
    fn output_folders_that_hold_sources_or_foreign_files_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        assert!(check_output_folder(root, &root.join("public")).is_ok());
        assert!(check_output_folder(root, root).is_err());
        assert!(check_output_folder(root, &root.join("content")).is_err());
        assert!(check_output_folder(root, &root.join("content/a/b")).is_err());
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/notes.txt"), "mine").unwrap();
        assert!(check_output_folder(root, &root.join("docs")).is_err());
        std::fs::write(root.join("docs/404.html"), "").unwrap();
        std::fs::write(root.join("docs/sitemap.xml"), "").unwrap();
        assert!(check_output_folder(root, &root.join("docs")).is_ok());
    }

    #[test]
    fn a_failed_write_keeps_the_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut site = Site::default();
        site.files
            .insert("index.html".into(), Data::Bytes(b"old".to_vec().into()));
        publish(&site, &out).unwrap();
        site.files
            .insert("x.png".into(), Data::Copy(tmp.path().join("missing.png")));
        assert!(publish(&site, &out).is_err());
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
    }

    /// Writes `pieces` as one file `f` of a staging folder of `out`; returns its path.
    fn write_in_pieces(out: &Path, pieces: &[&[u8]]) -> PathBuf {
        let staging = Staging::open(out).unwrap();
        let mut file = staging.open("d/f".to_owned()).unwrap();
        for piece in pieces {
            file.write(piece).unwrap();
        }
        file.finish().unwrap();
        assert!(staging.written.lock().unwrap().contains("d/f"));
        staging.dir.join("d/f")
    }

    #[test]
    fn a_file_written_in_pieces_is_rewritten_only_from_where_it_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let path = write_in_pieces(&out, &[b"abc", b"def", b"ghi"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"abcdefghi");
        let date = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        let before = date(&path);
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_in_pieces(&out, &[b"abcd", b"efghi"]);
        assert_eq!(
            date(&path),
            before,
            "the same bytes: the file is left alone"
        );
        write_in_pieces(&out, &[b"abc", b"dXf", b"ghi"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"abcdXfghi");
        write_in_pieces(&out, &[b"abc", b"dXf"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"abcdXf", "shorter: cut");
        write_in_pieces(&out, &[b"abc", b"dXf", b"ghi", b"jkl"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"abcdXfghijkl", "longer");
        write_in_pieces(&out, &[]);
        assert_eq!(std::fs::read(&path).unwrap(), b"");
        // A folder where the file goes is cleared away.
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir_all(path.join("old")).unwrap();
        write_in_pieces(&out, &[b"abc"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"abc");
    }

    #[test]
    fn an_unchanged_file_keeps_its_date_and_an_edited_one_is_written_again() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let put = |bytes: &[u8]| {
            let staging = Staging::open(&out).unwrap();
            staging
                .put(
                    "a/index.html".to_owned(),
                    Data::Bytes(bytes.to_vec().into()),
                )
                .unwrap();
            staging.dir.join("a/index.html")
        };
        let path = put(b"abc");
        put(b"abc");
        #[cfg(target_os = "linux")]
        {
            // Where the file system keeps extended attributes, the file found unchanged
            // is stamped.
            let meta = std::fs::metadata(&path).unwrap();
            let stamped = stamp::read(&path, &meta);
            let probe = tmp.path().join("probe");
            std::fs::write(&probe, b"").unwrap();
            stamp::write(&probe, &[(0, 7)]);
            let supported = stamp::read(&probe, &std::fs::metadata(&probe).unwrap()).is_some();
            let whole = (3, xxhash_rust::xxh3::xxh3_128(b"abc"));
            assert!(!supported || stamped == Some(vec![whole]));
        }
        let date = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        let before = date(&path);
        std::thread::sleep(std::time::Duration::from_millis(20));
        put(b"abc");
        assert_eq!(date(&path), before, "the same bytes: not written again");
        // Edited by hand since, to the same size: read, found different, written again.
        std::fs::write(&path, b"xyz").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        put(b"abc");
        assert_eq!(std::fs::read(&path).unwrap(), b"abc");
        put(b"abd");
        assert_eq!(std::fs::read(&path).unwrap(), b"abd");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_staging_folder_is_replaced_not_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let elsewhere = tmp.path().join("elsewhere.html");
        std::fs::write(&elsewhere, b"mine").unwrap();
        let staging = Staging::open(&out).unwrap();
        std::os::unix::fs::symlink(&elsewhere, staging.dir.join("index.html")).unwrap();
        staging
            .put(
                "index.html".to_owned(),
                Data::Bytes(b"site".to_vec().into()),
            )
            .unwrap();
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"mine");
        assert_eq!(
            std::fs::read(staging.dir.join("index.html")).unwrap(),
            b"site"
        );
    }

    /// Whether files in `dir` can be stamped (extended attributes).
    fn stamps_work(dir: &Path) -> bool {
        let probe = dir.join("probe");
        std::fs::write(&probe, b"").unwrap();
        stamp::write(&probe, &[(0, 7)]);
        stamp::read(&probe, &std::fs::metadata(&probe).unwrap()).is_some()
    }

    /// Changes the bytes of the file at `path` behind praxis's back, keeping its size and
    /// date: only a stamp can make a build believe it unchanged.
    fn tamper(path: &Path) {
        let date = std::fs::metadata(path).unwrap().modified().unwrap();
        let mut bytes = std::fs::read(path).unwrap();
        bytes[0] ^= 1;
        std::fs::write(path, &bytes).unwrap();
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(date).unwrap();
    }

    #[test]
    fn a_stamped_file_is_not_read_again() {
        let tmp = tempfile::tempdir().unwrap();
        if !stamps_work(tmp.path()) {
            eprintln!("SKIPPED: this file system has no extended attributes");
            return;
        }
        let out = tmp.path().join("public");
        // Whole files are stamped once found unchanged, so the third build trusts it.
        let put = || {
            let staging = Staging::open(&out).unwrap();
            let page = Data::Bytes(b"<p>page</p>".to_vec().into());
            staging.put("p/index.html".to_owned(), page).unwrap();
            staging.dir.join("p/index.html")
        };
        let page = put();
        put();
        tamper(&page);
        put();
        assert_eq!(std::fs::read(&page).unwrap(), b"=p>page</p>");
        // A file written in pieces is stamped as written.
        let book = write_in_pieces(&out, &[b"abc", b"def"]);
        tamper(&book);
        write_in_pieces(&out, &[b"abc", b"def"]);
        assert_eq!(std::fs::read(&book).unwrap(), b"`bcdef");
    }

    #[test]
    fn stale_files_go_even_from_folders_stamped_as_cleared() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let spare = tmp.path().join(".public.praxis-spare");
        let mut site = Site::default();
        for page in ["a/index.html", "b/index.html", "index.html"] {
            site.files
                .insert(page.into(), Data::Bytes(page.as_bytes().to_vec().into()));
        }
        // Both generations built, then built again: their folders are stamped.
        for _ in 0..4 {
            publish(&site, &out).unwrap();
        }
        // Something put in a stamped folder of the next staging folder goes. (Later than
        // the stamp: folder dates may be as coarse as a few milliseconds.)
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(spare.join("a/stray.html"), b"?").unwrap();
        std::fs::create_dir(spare.join("stray")).unwrap();
        publish(&site, &out).unwrap();
        assert!(!out.join("a/stray.html").exists() && !out.join("stray").exists());
        // A page gone: its folder goes from both generations in turn.
        site.files.remove("b/index.html");
        publish(&site, &out).unwrap();
        publish(&site, &out).unwrap();
        assert!(!out.join("b").exists() && !spare.join("b").exists());
        assert!(out.join("a/index.html").exists() && spare.join("a/index.html").exists());
    }
}
