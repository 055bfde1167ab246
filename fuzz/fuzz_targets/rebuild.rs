//! Incremental rebuilds (`praxis serve`) against full builds. A small guide is written,
//! then the fuzzer's text is cut into saves (`\n===\n` between them; the first character
//! of each picks the page, the rest is its new body). After each save, what
//! `Session::rebuild` and `Session::complete` give must be what `pipeline::build` gives:
//! the same files, or the same errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use praxis::base::diagnostic::Diagnostic;
use praxis::pipeline::incremental::Session;
use praxis::pipeline::{self, Options};
use std::path::{Path, PathBuf};

const PAGES: [(&str, &str); 3] = [
    (
        "content/a.md",
        "title: Animateur\nkind: role\nsummary: Anime la communauté.",
    ),
    (
        "content/b.md",
        "title: Plateforme\nkind: term\naliases: [plateformes]",
    ),
    ("content/c.md", "title: Réunion\nkind: example\nroles: [a]"),
];

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn errors(problems: &[Diagnostic]) -> Vec<String> {
    problems
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = std::env::temp_dir().join(format!("praxis-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    write(
        &root,
        "content/_index.md",
        "---\ntitle: Accueil\n---\nVoir [[a]], [[b]] et [[c]].\n",
    );
    for (rel, front) in PAGES {
        write(
            &root,
            rel,
            &format!("---\n{front}\n---\nTexte de départ.\n"),
        );
    }
    let options = Options::default();
    let mut session = Session::new(&root, &options);
    session.rebuild(&[]).expect("the starting guide builds");
    for save in text.split("\n===\n").take(6) {
        let mut chars = save.chars();
        let Some(pick) = chars.next() else { continue };
        let (rel, front) = PAGES[pick as usize % PAGES.len()];
        write(
            &root,
            rel,
            &format!("---\n{front}\n---\n{}", chars.as_str()),
        );
        let incremental = session.rebuild(&[PathBuf::from(rel)]);
        let full = pipeline::build(&root, &options);
        match (incremental, full) {
            (Ok(built), Ok(full)) => {
                let site = session.complete().unwrap_or(built.site);
                assert!(
                    site.files == full.site.files,
                    "incremental != full after {save:?}"
                );
            }
            (Err(a), Err(b)) => assert_eq!(errors(&a), errors(&b), "after {save:?}"),
            (a, b) => panic!(
                "incremental {} but full {} after {save:?}",
                if a.is_ok() { "built" } else { "failed" },
                if b.is_ok() { "built" } else { "failed" },
            ),
        }
    }
});
