//! The built site in memory, and its publication: written into a staging folder, then
//! swapped with the output folder only once everything is written.

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The bytes of one output file, or the source file to copy them from (assets).
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Bytes(Vec<u8>),
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
            Data::Bytes(b) => Ok(b.clone()),
            Data::Copy(p) => std::fs::read(p),
        })
    }
}

/// Writes `site` to `out` atomically: a failure leaves the previous `out` as it was.
pub fn publish(site: &Site, out: &Path) -> Result<()> {
    let name = out
        .file_name()
        .with_context(|| format!("{} cannot be an output folder", out.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = parent.join(format!(".{name}.praxis-staging"));
    let old = parent.join(format!(".{name}.praxis-old"));
    remove_dir(&staging)?;
    remove_dir(&old)?;
    let written = write_all(site, &staging);
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        if !out.is_dir() {
            let _ = std::fs::remove_dir_all(&staging);
            bail!("{} exists and is not a folder", out.display());
        }
        std::fs::rename(out, &old)
            .with_context(|| format!("cannot move {} aside", out.display()))?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e).with_context(|| format!("cannot move the new site into {}", out.display()));
    }
    remove_dir(&old)
}

fn remove_dir(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", dir.display())),
    }
}

fn write_all(site: &Site, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut folders: Vec<PathBuf> = site
        .files
        .keys()
        .filter_map(|k| Path::new(k).parent().map(|p| dir.join(p)))
        .collect();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    site.files.par_iter().try_for_each(|(rel, data)| {
        let path = dir.join(rel);
        match data {
            Data::Bytes(b) => {
                std::fs::write(&path, b).with_context(|| format!("cannot write {}", path.display()))
            }
            Data::Copy(src) => std::fs::copy(src, &path)
                .map(|_| ())
                .with_context(|| format!("cannot copy {} to {}", src.display(), path.display())),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishing_replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut site = Site::default();
        site.files
            .insert("a/index.html".into(), Data::Bytes(b"a".to_vec()));
        site.files
            .insert("b/index.html".into(), Data::Bytes(b"b".to_vec()));
        publish(&site, &out).unwrap();
        site.files.remove("b/index.html");
        publish(&site, &out).unwrap();
        assert!(out.join("a/index.html").exists());
        assert!(
            !out.join("b").exists(),
            "a deleted page leaves no stale file"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut site = Site::default();
        site.files
            .insert("index.html".into(), Data::Bytes(b"old".to_vec()));
        publish(&site, &out).unwrap();
        site.files
            .insert("x.png".into(), Data::Copy(tmp.path().join("missing.png")));
        assert!(publish(&site, &out).is_err());
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
    }
}
