//! Where things are: the site's URLs and the paths of its files in the output folder
//! (docs/contract.md, "Output layout"). Every stage that names a file of the site or
//! links to one asks here, so that the layout is written down once.
//!
//! A URL is site-relative and percent-encoded (`roles/r%C3%B4le/`); a path is the file's
//! place in the output, not encoded, with `/` (`roles/rôle/index.html`).

/// The file a folder's URL serves.
pub const INDEX: &str = "index.html";
/// The folder of the role sheets (`fiches/<role>/`) and of their booklet (`fiches/`).
pub const SHEETS_DIR: &str = "fiches";
/// The booklet of every sheet, from the site's root.
pub const BOOKLET: &str = "fiches/index.html";
/// The whole guide as one document to print (book.rs), and its file.
pub const BOOK_DIR: &str = "imprimer";
pub const BOOK: &str = "imprimer/index.html";
/// The theme's files (CSS, scripts), copied under this folder.
pub const STATIC_DIR: &str = "static";
/// The search index, a script the search page loads.
pub const SEARCH_INDEX: &str = "search-index.js";
pub const SITEMAP: &str = "sitemap.xml";
/// The page served for addresses that lead nowhere.
pub const NOT_FOUND: &str = "404.html";
/// The page of the latest changes (from git), and their Atom feed.
pub const NEWS_DIR: &str = "nouveautes";
pub const FEED: &str = "feed.xml";
/// The page of every entry of the bibliography.
pub const BIBLIOGRAPHY_DIR: &str = "bibliographie";
/// Where `praxis new pack` writes meeting packs, under `content/`.
pub const PACKS_FOLDER: &str = "reunions";
/// The offline web app (webapp.rs): its service worker, the worker's list of files with
/// their hashes, and the manifest.
pub const WORKER: &str = "sw.js";
pub const PRECACHE: &str = "precache.json";
pub const MANIFEST: &str = "manifest.webmanifest";

/// The percent-encoded, site-relative URL of a page id: `roles/coordinateur/`.
pub fn url_of(id: &str) -> String {
    let mut url = String::new();
    for seg in id.split('/').filter(|s| !s.is_empty()) {
        url.push_str(&percent_encode(seg));
        url.push('/');
    }
    url
}

/// A path segment of a URL: every byte but the unreserved ones percent-encoded.
pub fn percent_encode(s: &str) -> String {
    crate::base::text::percent_encode(s, crate::base::text::is_unreserved)
}

/// `../` once per folder of `url`: the way back to the site's root.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The file of the page `id` (`roles/coordinateur` → `roles/coordinateur/index.html`; the
/// home, `""`, → `index.html`).
pub fn page_path(id: &str) -> String {
    let mut path = String::with_capacity(id.len() + INDEX.len() + 1);
    for seg in id.split('/').filter(|s| !s.is_empty()) {
        path.push_str(seg);
        path.push('/');
    }
    path.push_str(INDEX);
    path
}

/// The URL of the sheet of a role, from the site's root.
pub fn sheet_url(stem: &str) -> String {
    format!("{SHEETS_DIR}/{}/", percent_encode(stem))
}

/// The file of the sheet of a role, from the output's root: its URL, not percent-encoded.
pub fn sheet_path(stem: &str) -> String {
    format!("{SHEETS_DIR}/{stem}/{INDEX}")
}

/// The role whose sheet is the file `path` (`fiches/<stem>/index.html`), if it is one.
pub fn sheet_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(SHEETS_DIR)?.strip_prefix('/')?;
    let stem = rest.strip_suffix(INDEX)?.strip_suffix('/')?;
    (!stem.is_empty() && !stem.contains('/')).then_some(stem)
}

/// The URL of the booklet, from the site's root.
pub fn booklet_url() -> String {
    format!("{SHEETS_DIR}/")
}

/// The URL of the whole guide to print, from the site's root.
pub fn book_url() -> String {
    format!("{BOOK_DIR}/")
}

/// The path of a theme's static file in the output.
pub fn static_path(name: &str) -> String {
    format!("{STATIC_DIR}/{name}")
}

/// Whether praxis writes `path` (of the output) itself: a page or file of `content/`
/// there would be overwritten.
pub fn is_reserved(path: &str) -> bool {
    let top = path.split('/').next().unwrap_or("");
    RESERVED_FOLDERS.contains(&top) || RESERVED_FILES.contains(&path)
}

/// The folders praxis writes at the top of the output: see [`is_reserved`].
pub const RESERVED_FOLDERS: [&str; 5] =
    [SHEETS_DIR, BOOK_DIR, STATIC_DIR, NEWS_DIR, BIBLIOGRAPHY_DIR];
/// The files praxis writes at the top of the output: see [`is_reserved`].
pub const RESERVED_FILES: [&str; 7] = [
    SEARCH_INDEX,
    SITEMAP,
    NOT_FOUND,
    FEED,
    WORKER,
    PRECACHE,
    MANIFEST,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_booklet_is_the_index_of_the_sheets_folder() {
        assert_eq!(BOOKLET, format!("{}{INDEX}", booklet_url()));
        assert_eq!(BOOK, format!("{}{INDEX}", book_url()));
    }

    #[test]
    fn urls_are_percent_encoded_and_paths_are_not() {
        assert_eq!(url_of("roles/rôle a"), "roles/r%C3%B4le%20a/");
        assert_eq!(url_of(""), "");
        assert_eq!(page_path("roles/rôle a"), "roles/rôle a/index.html");
        assert_eq!(page_path(""), "index.html");
        assert_eq!(sheet_url("rédacteur"), "fiches/r%C3%A9dacteur/");
        assert_eq!(sheet_path("rédacteur"), "fiches/rédacteur/index.html");
    }

    #[test]
    fn a_sheet_is_found_back_from_its_path() {
        assert_eq!(sheet_of(&sheet_path("rédacteur")), Some("rédacteur"));
        assert_eq!(sheet_of(BOOKLET), None);
        assert_eq!(sheet_of("fiches/a/b/index.html"), None);
        assert_eq!(sheet_of("roles/a/index.html"), None);
    }

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_of(""), "");
        assert_eq!(root_of("roles/"), "../");
        assert_eq!(root_of("roles/organisation/coordinateur/"), "../../../");
    }

    #[test]
    fn the_files_praxis_writes_are_reserved() {
        for path in [BOOKLET, "static/x.css", SEARCH_INDEX, SITEMAP, NOT_FOUND] {
            assert!(is_reserved(path), "{path}");
        }
        assert!(!is_reserved("roles/fiches/index.html"));
        assert!(!is_reserved("fichesx/a.png"));
    }
}
