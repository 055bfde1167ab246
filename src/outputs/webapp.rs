//! The published guide as a web app that works offline: a manifest (French name, the
//! theme's icons and colour) and a service worker (`sw.js`) that keeps every file of the
//! site once a reader has visited it. The build hashes each file on its way to the output
//! ([`Precache`]) and writes the list, `precache.json`, so that a browser holding a
//! previous build fetches only the files that changed. `praxis serve` never registers it,
//! and answers `sw.js` with a worker that removes itself ([`UNREGISTER`]).

use crate::base::sink::{Data, Piecewise, Sink};
use crate::base::sync;
use crate::base::urls::{MANIFEST, PRECACHE, SITEMAP, WORKER};
use crate::render::theme::Theme;
use crate::source::config::Config;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::sync::Mutex;

const WORKER_JS: &str = include_str!("sw.js");

/// The worker `praxis serve` answers for `sw.js`: a worker that a published build left in
/// the browser for this address would otherwise show its kept pages instead of the preview.
pub const UNREGISTER: &str = "/* praxis serve: no offline copy of a preview. */
self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function (event) {
  event.waitUntil(self.registration.unregister()
    .then(function () { return caches.delete('praxis-files'); })
    .then(function () { return self.clients.matchAll({ type: 'window' }); })
    .then(function (clients) { clients.forEach(function (c) { c.navigate(c.url); }); }));
});
";

/// A sink that records a hash of each file's bytes before handing it on.
pub struct Precache<'s> {
    inner: &'s dyn Sink,
    hashes: Mutex<BTreeMap<String, u64>>,
}

impl<'s> Precache<'s> {
    pub fn new(inner: &'s dyn Sink) -> Precache<'s> {
        Precache {
            inner,
            hashes: Mutex::default(),
        }
    }

    fn record(&self, path: String, hash: u64) {
        let mut hashes = sync::lock(&self.hashes);
        hashes.insert(path, hash);
    }

    /// The worker, its list and the manifest, for the files recorded so far.
    pub fn files(&self, config: &Config, theme: &Theme) -> Vec<(String, Vec<u8>)> {
        let hashes = sync::lock(&self.hashes);
        let mut list = String::from("{");
        for (path, hash) in hashes.iter() {
            if path == SITEMAP {
                continue;
            }
            // Pages by their address: `roles/` for `roles/index.html`.
            let key = match path.strip_suffix("index.html") {
                Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
                _ => path,
            };
            if list.len() > 1 {
                list.push(',');
            }
            list.push_str(&format!("\n{}:\"{hash:016x}\"", json_string(key)));
        }
        list.push_str("\n}\n");
        let version = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(list.as_bytes()));
        let worker = WORKER_JS.replace("@VERSION@", &version);
        vec![
            (WORKER.to_owned(), worker.into_bytes()),
            (PRECACHE.to_owned(), list.into_bytes()),
            (MANIFEST.to_owned(), manifest(config, theme).into_bytes()),
        ]
    }
}

impl Sink for Precache<'_> {
    fn put(&self, path: String, data: Data) -> Result<()> {
        let hash = match &data {
            Data::Bytes(bytes) => xxhash_rust::xxh3::xxh3_64(bytes),
            Data::Copy(source) => {
                xxhash_rust::xxh3::xxh3_64(&std::fs::read(source).with_context(|| {
                    crate::msg!("cannot-read-file", file = source.display().to_string())
                })?)
            }
        };
        self.record(path.clone(), hash);
        self.inner.put(path, data)
    }

    fn open(&self, path: String) -> Result<Box<dyn Piecewise + '_>> {
        Ok(Box::new(Hashed {
            file: self.inner.open(path.clone())?,
            precache: self,
            path,
            hash: xxhash_rust::xxh3::Xxh3::new(),
        }))
    }
}

/// A file written a piece at a time, hashed as it goes.
struct Hashed<'p> {
    file: Box<dyn Piecewise + 'p>,
    precache: &'p Precache<'p>,
    path: String,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl Piecewise for Hashed<'_> {
    fn write(&mut self, piece: &[u8]) -> Result<()> {
        self.hash.update(piece);
        self.file.write(piece)
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let Hashed {
            file,
            precache,
            path,
            hash,
        } = *self;
        file.finish()?;
        precache.record(path, hash.digest());
        Ok(())
    }
}

/// The web app manifest: the guide's name and language, the theme's accent colour and
/// its icons (`static/icon-192.png`, `static/icon-512.png`).
fn manifest(config: &Config, theme: &Theme) -> String {
    let colour = theme_colour(theme);
    let short: String = config.title.chars().take(12).collect();
    let icons: Vec<String> = [192, 512]
        .iter()
        .filter(|size| theme.file(&format!("static/icon-{size}.png")).is_some())
        .map(|size| {
            format!(
                "    {{\"src\": \"static/icon-{size}.png\", \"sizes\": \"{size}x{size}\", \"type\": \"image/png\", \"purpose\": \"any maskable\"}}"
            )
        })
        .collect();
    format!(
        "{{\n  \"name\": {},\n  \"short_name\": {},\n  \"description\": {},\n  \"lang\": {},\n  \"dir\": \"ltr\",\n  \"start_url\": \"./\",\n  \"scope\": \"./\",\n  \"display\": \"standalone\",\n  \"background_color\": \"#ffffff\",\n  \"theme_color\": \"{colour}\",\n  \"icons\": [\n{}\n  ]\n}}\n",
        json_string(&config.title),
        json_string(&short),
        json_string(&config.description),
        json_string(&config.language),
        icons.join(",\n")
    )
}

/// The first `--accent: #rrggbb` of the theme's style sheet (its light colours).
pub fn theme_colour(theme: &Theme) -> String {
    let css = theme
        .file("static/style.css")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    css.split("--accent:")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .map(str::trim)
        .filter(|c| {
            c.starts_with('#') && c.len() <= 9 && c[1..].chars().all(|c| c.is_ascii_hexdigit())
        })
        .unwrap_or("#0b5a8c")
        .to_owned()
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::sink::Discard;

    #[test]
    fn the_list_names_pages_by_address_and_changes_with_a_file() {
        let list = |page: &[u8]| {
            let precache = Precache::new(&Discard);
            precache
                .put("index.html".into(), Data::Bytes(b"home".to_vec().into()))
                .unwrap();
            precache
                .put(
                    "roles/\"x\"/index.html".into(),
                    Data::Bytes(page.to_vec().into()),
                )
                .unwrap();
            precache
                .put(
                    "sitemap.xml".into(),
                    Data::Bytes(b"<urlset/>".to_vec().into()),
                )
                .unwrap();
            let files = precache.files(&Config::default(), &Theme::default());
            (
                String::from_utf8(files[0].1.clone()).unwrap(),
                String::from_utf8(files[1].1.clone()).unwrap(),
            )
        };
        let (worker, text) = list(b"one");
        assert!(text.contains("\n\"\":\""), "{text}");
        assert!(text.contains("\n\"roles/\\\"x\\\"/\":\""), "{text}");
        assert!(!text.contains("sitemap"), "{text}");
        let (other_worker, other) = list(b"two");
        assert_ne!(text, other);
        assert_ne!(worker, other_worker, "a new build must give a new worker");
    }
}
