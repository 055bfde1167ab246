//! The theme: templates, static files and UI strings. The default theme is built into the
//! binary; a guide's `themes/<name>/` overrides it file by file (docs/contract.md,
//! "Themes"). The strings are read here, once, for the guide's language.

use crate::base::diagnostic::Diagnostic;
use crate::msg;
use crate::source::yaml::Fields;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const THEMES_DIR: &str = "themes";

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of `themes/default/`, as shipped in the binary.
pub const DEFAULT_FILES: &[(&str, &[u8])] = embedded!(
    "strings.fr.yaml",
    "templates/base.html",
    "templates/index.html",
    "templates/section.html",
    "templates/page.html",
    "templates/role.html",
    "templates/term.html",
    "templates/example.html",
    "templates/glossary.html",
    "templates/404.html",
    "templates/sheet-base.html",
    "templates/sheet.html",
    "templates/sheets.html",
    "templates/sheet-body.html",
    "templates/book.html",
    "templates/book-page.html",
    "templates/book-notes.html",
    "templates/pack.html",
    "templates/pack-sheets.html",
    "templates/news.html",
    "templates/bibliography.html",
    "static/style.css",
    "static/praxis.js",
    "static/search.js",
    "static/icon-192.png",
    "static/icon-512.png",
);

/// One file of the theme and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    /// Path relative to the guide's root, or `<built-in>/…` for the embedded default.
    pub origin: PathBuf,
}

/// The words the theme shows readers, by key (`home: Accueil`).
pub type Strings = BTreeMap<String, String>;

/// The language whose strings the built-in theme ships.
const BUILT_IN_LANGUAGE: &str = "fr";

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Keyed by path inside the theme: `templates/page.html`, `static/style.css`.
    pub files: BTreeMap<String, ThemeFile>,
    /// The strings of the configured language, from `strings.<language>.yaml`.
    pub strings: Strings,
}

/// The theme's file of strings for `language`.
pub fn strings_file(language: &str) -> String {
    format!("strings.{language}.yaml")
}

impl Theme {
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, f)| k.strip_prefix("templates/").map(|name| (name, f)))
    }

    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, f)| k.strip_prefix("static/").map(|name| (name, f)))
    }

    pub fn file(&self, key: &str) -> Option<&ThemeFile> {
        self.files.get(key)
    }
}

/// The built-in theme, overlaid with `<root>/themes/<name>/` when it exists, with its
/// strings for `language`.
pub fn load(root: &Path, name: &str, language: &str) -> (Theme, Vec<Diagnostic>) {
    let (mut theme, mut problems) = files(root, name);
    let (strings, strings_problems) = strings(&theme, name, language);
    theme.strings = strings;
    problems.extend(strings_problems);
    (theme, problems)
}

/// The strings of `language`; without a file for it, the built-in French ones, with a
/// warning (the pages would otherwise show keys).
fn strings(theme: &Theme, name: &str, language: &str) -> (Strings, Vec<Diagnostic>) {
    let wanted = strings_file(language);
    let mut problems = Vec::new();
    let file = match theme.file(&wanted) {
        Some(file) => file,
        None => {
            problems.push(
                Diagnostic::warning(
                    crate::source::config::FILE_NAME,
                    msg!("theme-no-strings", file = wanted.as_str()),
                )
                .with_help(msg!(
                    "theme-no-strings-help",
                    built_in = strings_file(BUILT_IN_LANGUAGE),
                    file = format!("{THEMES_DIR}/{name}/{wanted}")
                )),
            );
            match theme.file(&strings_file(BUILT_IN_LANGUAGE)) {
                Some(file) => file,
                None => return (Strings::new(), problems),
            }
        }
    };
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        problems.push(Diagnostic::error(&file.origin, msg!("strings-not-utf8")));
        return (Strings::new(), problems);
    };
    let fields = match Fields::parse(&file.origin, text, text, 1) {
        Ok(fields) => fields,
        Err(d) => {
            problems.push(d);
            return (Strings::new(), problems);
        }
    };
    let mut strings = Strings::new();
    for key in fields.keys() {
        match fields.string(&key) {
            Ok(Some(word)) => {
                strings.insert(key, word);
            }
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    (strings, problems)
}

/// The files of the built-in theme, overlaid with `<root>/themes/<name>/`.
fn files(root: &Path, name: &str) -> (Theme, Vec<Diagnostic>) {
    let mut theme = Theme::default();
    for (path, bytes) in DEFAULT_FILES {
        theme.files.insert(
            (*path).to_owned(),
            ThemeFile {
                bytes: bytes.to_vec(),
                origin: Path::new("<built-in theme>").join(path),
            },
        );
    }
    let mut problems = Vec::new();
    let dir = root.join(THEMES_DIR).join(name);
    if !dir.is_dir() {
        if name != "default" {
            problems.push(
                Diagnostic::error(
                    crate::source::config::FILE_NAME,
                    msg!("theme-missing", name = name),
                )
                .with_help(msg!("theme-missing-help")),
            );
        }
        return (theme, problems);
    }
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .unwrap_or(&dir)
                    .strip_prefix(root)
                    .unwrap_or(&dir)
                    .to_path_buf();
                problems.push(Diagnostic::error(
                    path,
                    msg!(
                        "theme-unreadable",
                        cause = crate::base::messages::walk_cause(&e)
                    ),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() || crate::source::content::is_ignored(entry.path(), &dir) {
            continue;
        }
        let key = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let origin = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                theme.files.insert(key, ThemeFile { bytes, origin });
            }
            Err(e) => problems.push(Diagnostic::error(
                origin,
                msg!("cannot-read", cause = crate::base::messages::io_cause(&e)),
            )),
        }
    }
    (theme, problems)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A guide in a temporary folder, with the files given as (path, text).
    pub(crate) fn guide_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn the_strings_are_those_of_the_configured_language() {
        let guide = guide_with(&[("themes/maison/strings.en.yaml", "home: Home\n")]);
        let (theme, problems) = load(guide.path(), "maison", "en");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(theme.strings.get("home").map(String::as_str), Some("Home"));
        let (theme, _) = load(guide.path(), "maison", "fr");
        assert_eq!(
            theme.strings.get("home").map(String::as_str),
            Some("Accueil")
        );
    }

    #[test]
    fn a_language_without_strings_shows_french_with_a_warning() {
        let guide = guide_with(&[]);
        let (theme, problems) = load(guide.path(), "default", "de");
        assert_eq!(
            theme.strings.get("home").map(String::as_str),
            Some("Accueil")
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(!problems[0].is_error());
        assert!(
            problems[0].message.to_string().contains("strings.de.yaml"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_word_that_is_not_text_is_an_error_at_its_line() {
        let guide = guide_with(&[(
            "themes/maison/strings.fr.yaml",
            "home: Accueil\nsheets: 42\n",
        )]);
        let (_, problems) = load(guide.path(), "maison", "fr");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].is_error());
        assert_eq!(problems[0].line, 2, "{problems:?}");
        assert!(
            problems[0]
                .message
                .to_string()
                .contains("`sheets` must be text"),
            "{problems:?}"
        );
    }
}
