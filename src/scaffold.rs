//! `praxis new` and `praxis init`: files an author starts from.

use crate::config;
use crate::content::{CONTENT_DIR, Kind};
use std::path::Path;

/// Bad arguments are [`Error::Usage`]; files that could not be written, [`Error::Failed`].
pub use crate::error::Error;

/// Creates `content/<section of KIND>/<slug>.md` and says where.
pub fn new_page(root: &Path, kind: &str, slug: &str, title: Option<&str>) -> Result<String, Error> {
    let Some(kind) = Kind::parse(kind) else {
        return Err(Error::Usage(format!(
            "unknown kind `{kind}`: write one of role, term, example, page"
        )));
    };
    let valid = !slug.is_empty()
        && slug.split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    if !valid {
        // The slug a title would get, when there is one: `écoute active` → `ecoute-active`.
        let segments: Vec<&str> = slug.split('/').collect();
        let example = if segments
            .iter()
            .all(|s| s.chars().any(char::is_alphanumeric))
        {
            let slugs: Vec<String> = segments.into_iter().map(crate::text::slugify).collect();
            format!("`{}`", slugs.join("/"))
        } else {
            "`animateur` or `organisation/animateur`".to_owned()
        };
        return Err(Error::Usage(format!(
            "invalid slug `{slug}`: use lowercase letters, digits and dashes, e.g. {example}"
        )));
    }
    if !root.join(CONTENT_DIR).is_dir() {
        return Err(Error::Usage(format!(
            "{} has no content/ folder: pass --root DIR, or create a guide with `praxis init DIR`",
            root.display()
        )));
    }
    let (config, _) = config::load(root);
    let folder = match kind {
        Kind::Role => Some(config.roles_section.as_str()),
        Kind::Term => Some(config.glossary_section.as_str()),
        Kind::Example => Some(config.examples_section.as_str()),
        Kind::Page => None,
    };
    let rel = match folder {
        Some(f) => format!("{CONTENT_DIR}/{f}/{slug}.md"),
        None => format!("{CONTENT_DIR}/{slug}.md"),
    };
    let path = root.join(&rel);
    if path.exists() {
        return Err(Error::Failed(format!(
            "{rel} already exists: choose another slug"
        )));
    }
    let default_title = default_title(slug);
    let title = title.unwrap_or(&default_title);
    let text = page_text(kind, title);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::Failed(format!("cannot create {}: {e}", parent.display())))?;
    }
    std::fs::write(&path, text).map_err(|e| Error::Failed(format!("cannot write {rel}: {e}")))?;
    Ok(format!("created {rel}"))
}

fn default_title(slug: &str) -> String {
    let last = slug.rsplit('/').next().unwrap_or(slug).replace('-', " ");
    let mut chars = last.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => last,
    }
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn page_text(kind: Kind, title: &str) -> String {
    let mut text = format!("---\ntitle: {}\n", yaml_string(title));
    if kind != Kind::Page {
        text.push_str(&format!("kind: {}\n", kind.name()));
    }
    text.push_str("summary: À compléter en une ou deux phrases.\n");
    match kind {
        Kind::Role => text.push_str("tasks:\n  - première tâche\n  - deuxième tâche\n"),
        Kind::Example => text.push_str("roles: []\n"),
        _ => {}
    }
    text.push_str("---\n\nÀ compléter.\n");
    text
}

/// Files of a new guide: settings, a home, one role, one term, one example.
const STARTER: &[(&str, &str)] = &[
    (
        "praxis.yaml",
        "title: Mon guide de pratique\ndescription: Les rôles, le vocabulaire et les exemples de notre communauté de pratique.\nbase_url: https://example.org/\nlanguage: fr\nglossary:\n  autolink: first\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Mon guide de pratique\n---\n\nBienvenue. Ce guide décrit les [[roles|rôles]] de notre [[communaute-de-pratique|communauté de pratique]], son [[glossaire]] et des [[exemples]].\n",
    ),
    (
        "content/roles/_index.md",
        "---\ntitle: Rôles\nsummary: Qui fait quoi dans la communauté.\n---\n\nChaque rôle a sa fiche : voir le [[coordinateur]].\n",
    ),
    (
        "content/roles/coordinateur.md",
        "---\ntitle: Coordinateur\nkind: role\nsummary: Veille à ce que la communauté fonctionne bien et que chacun y trouve sa place.\ntasks:\n  - accueille les nouveaux membres\n  - veille au respect des échéances\n  - soutient chaque membre dans son rôle\n  - présente la communauté et ses outils\n---\n\n## Sa mission\n\nIl prend du recul sur le fonctionnement de la Communauté de Pratique.\n",
    ),
    (
        "content/glossaire/_index.md",
        "---\ntitle: Glossaire\nsummary: Les mots du guide.\n---\n\nLes termes du guide, dans l'ordre alphabétique.\n",
    ),
    (
        "content/glossaire/communaute-de-pratique.md",
        "---\ntitle: Communauté de Pratique\nkind: term\nsummary: Un groupe de personnes qui partagent un domaine et apprennent ensemble en pratiquant.\naliases: [CoP, Communautés de Pratique]\n---\n\nVoir le rôle de [[coordinateur]].\n",
    ),
    (
        "content/exemples/_index.md",
        "---\ntitle: Exemples\nsummary: Des situations réelles qui montrent les rôles.\n---\n\nPremier exemple : [[premier-exemple]].\n",
    ),
    (
        "content/exemples/premier-exemple.md",
        "---\ntitle: Un premier exemple\nkind: example\nsummary: Une coordinatrice accueille un nouveau membre.\nroles: [coordinateur]\n---\n\nExemple illustratif : la coordinatrice présente la CoP à une nouvelle infirmière.\n",
    ),
];

pub fn init(dir: &Path) -> Result<String, Error> {
    if dir.join(config::FILE_NAME).exists() || dir.join(CONTENT_DIR).exists() {
        return Err(Error::Failed(format!(
            "{} already holds a guide (praxis.yaml or content/): choose an empty folder",
            dir.display()
        )));
    }
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::Failed(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| Error::Failed(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(format!(
        "created a guide in {}: run `praxis serve --root {}` to see it",
        dir.display(),
        dir.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_slugs() {
        assert_eq!(default_title("organisation/mon-role"), "Mon role");
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert!(page_text(Kind::Term, "a: \"b\"").starts_with("---\ntitle: \"a: \\\"b\\\"\"\n"));
    }
}
