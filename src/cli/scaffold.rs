//! `praxis new` and `praxis init`: files an author starts from.

use crate::base::messages::Message;
use crate::msg;
use crate::source::config::{self, Config};
use crate::source::content::{CONTENT_DIR, Kind, PLACEHOLDER};
use std::path::Path;

/// Bad arguments are [`Error::Usage`] (exit 2), a page or a guide already there included,
/// as it is not replaced; files that could not be written, [`Error::Failed`].
pub use crate::base::error::Error;

/// Creates `content/<section of KIND>/<slug>.md` (the section `config` names) and says
/// where. `name` is a slug (`fil-de-discussion`, `organisation/animateur`), kept as
/// written, or a title in plain words (`"fil de discussion"`, `"Accueil d'une
/// infirmière"`), which gives the slug and, without `--title`, the page's title with its
/// accents and a capital first letter.
pub fn new_page(
    root: &Path,
    config: &Config,
    kind: &str,
    name: &str,
    title: Option<&str>,
) -> Result<Message, Error> {
    let Some(kind) = Kind::parse(kind) else {
        return Err(Error::Usage(msg!("new-kind-unknown", kind = kind)));
    };
    let (slug, named_title) = slug_and_title(name)?;
    let from_slug = title.is_none() && named_title.is_none();
    if !root.join(CONTENT_DIR).is_dir() {
        return Err(Error::Usage(msg!(
            "new-no-content",
            root = root.display().to_string()
        )));
    }
    let folder = match kind {
        Kind::Role => Some(config.roles_section.as_str()),
        Kind::Term => Some(config.glossary_section.as_str()),
        Kind::Example => Some(config.examples_section.as_str()),
        Kind::Page => None,
        Kind::Pack => Some(crate::base::urls::PACKS_FOLDER),
    };
    let rel = match folder {
        Some(f) => format!("{CONTENT_DIR}/{f}/{slug}.md"),
        None => format!("{CONTENT_DIR}/{slug}.md"),
    };
    let path = root.join(&rel);
    if path.exists() {
        return Err(Error::Usage(msg!("new-exists", file = rel.as_str())));
    }
    let default_title = named_title.unwrap_or_else(|| default_title(&slug));
    let title = title.unwrap_or(&default_title);
    let text = page_text(kind, title);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::Failed(cannot_create(parent, e)))?;
    }
    std::fs::write(&path, text).map_err(|e| {
        let file = msg!("cannot-write-file", file = rel.as_str());
        Error::Failed(crate::base::messages::io_failed(file, &e))
    })?;
    Ok(if from_slug {
        msg!(
            "new-created-from-slug",
            file = rel,
            title = title,
            kind = kind.name()
        )
    } else {
        msg!("new-created", file = rel, title = title)
    })
}

/// The slug and, when `name` is a title rather than a slug, the title: a slug is kept as
/// written; a title (capitals, spaces, accents, apostrophes) gives its slug, folder by
/// folder (`organisation/Mon rôle` → `organisation/mon-role`, "Mon rôle").
fn slug_and_title(name: &str) -> Result<(String, Option<String>), Error> {
    let name = name.trim();
    let is_slug = |seg: &str| {
        !seg.is_empty()
            && seg
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if !name.is_empty() && name.split('/').all(is_slug) {
        return Ok((name.to_owned(), None));
    }
    let segments: Vec<&str> = name.split('/').map(str::trim).collect();
    if segments
        .iter()
        .any(|s| !s.chars().any(char::is_alphanumeric))
    {
        return Err(Error::Usage(msg!("new-name-invalid", name = name)));
    }
    let slug: Vec<String> = segments
        .iter()
        .map(|s| crate::base::text::slugify(s))
        .collect();
    let last = segments.last().copied().unwrap_or(name);
    Ok((slug.join("/"), Some(capitalised(last))))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn default_title(slug: &str) -> String {
    capitalised(&slug.rsplit('/').next().unwrap_or(slug).replace('-', " "))
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn page_text(kind: Kind, title: &str) -> String {
    let mut text = format!("---\ntitle: {}\n", yaml_string(title));
    if kind != Kind::Page {
        text.push_str(&format!("kind: {}\n", kind.name()));
    }
    text.push_str(&format!("summary: {PLACEHOLDER} en une ou deux phrases.\n"));
    match kind {
        Kind::Role => text.push_str("tasks:\n  - première tâche\n  - deuxième tâche\n"),
        Kind::Example => text.push_str("roles: []\n"),
        Kind::Pack => {
            let today = crate::source::dates::today();
            text.push_str(&format!(
                "date: {today}\nroles: []\nterms: []\nexamples: []\n"
            ));
        }
        _ => {}
    }
    text.push_str(&format!("---\n\n{PLACEHOLDER}.\n"));
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
        "---\ntitle: Mon guide de pratique\n---\n\nBienvenue. Ce guide décrit les [[roles|rôles]] de notre [[communaute-de-pratique|communauté de pratique]], son [[glossaire]] et des [[exemples]].\n\nPour écrire dans ce guide : [[contribuer|mode d'emploi des auteurs]].\n",
    ),
    (
        "content/contribuer.md",
        "---\ntitle: Contribuer au guide\nsummary: Pour les auteurs : écrire une page et la voir avant de la publier.\nunlisted: true\n---\n\nChaque page est un fichier Markdown du dossier `content/`. Lancez `praxis serve`, puis ouvrez <http://127.0.0.1:8000/> : la page se met à jour à chaque enregistrement.\n\n## Ajouter une page\n\nDonnez son titre en clair, praxis choisit le nom du fichier :\n\n```sh\npraxis new term \"fil de discussion\"\npraxis new role \"animatrice de séance\"\n```\n\nRemplacez ensuite les textes d'attente par les vôtres.\n\n## Relier les pages\n\nÉcrivez le titre d'une page entre doubles crochets, par exemple [[coordinateur]] : praxis vérifie que la page existe et propose le nom le plus proche en cas de faute de frappe.\n\n## Avant de publier\n\n`praxis check` signale les erreurs et les oublis, chacun avec son fichier et sa ligne.\n",
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

pub fn init(dir: &Path) -> Result<Message, Error> {
    if dir.join(config::FILE_NAME).exists() || dir.join(CONTENT_DIR).exists() {
        return Err(Error::Usage(msg!(
            "init-exists",
            dir = dir.display().to_string()
        )));
    }
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::Failed(cannot_create(parent, e)))?;
        }
        std::fs::write(&path, text).map_err(|e| {
            let file = msg!("cannot-write-file", file = path.display().to_string());
            Error::Failed(crate::base::messages::io_failed(file, &e))
        })?;
    }
    Ok(msg!("init-created", dir = dir.display().to_string()))
}

fn cannot_create(folder: &Path, e: std::io::Error) -> Message {
    let folder = folder.display().to_string();
    crate::base::messages::io_failed(msg!("cannot-create", folder = folder), &e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_slugs() {
        assert_eq!(default_title("organisation/mon-role"), "Mon role");
    }

    #[test]
    fn a_title_in_plain_words_gives_the_slug_and_keeps_its_accents() {
        let named = |n: &str| slug_and_title(n).unwrap();
        assert_eq!(
            named("fil de discussion"),
            ("fil-de-discussion".into(), Some("Fil de discussion".into()))
        );
        assert_eq!(
            named("Accueil d'une infirmière"),
            (
                "accueil-dune-infirmiere".into(),
                Some("Accueil d'une infirmière".into())
            )
        );
        assert_eq!(
            named("organisation/Mon rôle"),
            ("organisation/mon-role".into(), Some("Mon rôle".into()))
        );
        assert_eq!(
            named("accueil-dune-infirmiere"),
            ("accueil-dune-infirmiere".into(), None)
        );
        assert!(matches!(slug_and_title("?!"), Err(Error::Usage(_))));
        assert!(matches!(slug_and_title("a//b"), Err(Error::Usage(_))));
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert!(page_text(Kind::Term, "a: \"b\"").starts_with("---\ntitle: \"a: \\\"b\\\"\"\n"));
    }
}
