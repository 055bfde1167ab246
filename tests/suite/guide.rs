//! The shipped guide, read as a careful reader does: every page says where its content
//! comes from, claims about real groups stay within the original guide, one form per term,
//! and the role pages show their real examples first without repeating them in prose.

use crate::support::Guide;
use std::path::{Path, PathBuf};

/// The fixed note that ends every page this guide adds.
const ADDED: &str =
    "Ajout de ce guide : absent des pages que nous avons du guide d'origine. Sources : ";

/// Every page of the shipped guide: (path from `content/`, front matter, body).
fn pages() -> Vec<(String, String, String)> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut out = Vec::new();
    for path in files(&content) {
        let text = std::fs::read_to_string(&path).unwrap();
        let rest = text.strip_prefix("---\n").expect("front matter");
        let (front, body) = rest.split_once("\n---\n").expect("closed front matter");
        let rel = path.strip_prefix(&content).unwrap().to_string_lossy();
        out.push((rel.replace('\\', "/"), front.to_owned(), body.to_owned()));
    }
    assert!(out.len() > 50, "only {} pages", out.len());
    out
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = (crate::support::walk(dir).into_iter())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_page_says_whether_it_comes_from_the_original_guide_or_is_added() {
    // The home and "À propos" explain it in prose; the authors' page is not for readers.
    let explained = ["_index.md", "a-propos.md", "contribuer.md"];
    let mut report = Vec::new();
    for (rel, front, body) in pages() {
        if explained.contains(&rel.as_str()) {
            continue;
        }
        let from_original =
            front.contains("\nsource:\n  url: https://www.healthcop-guide.ulg.ac.be/");
        let last = body.trim_end().rsplit("\n\n").next().unwrap_or_default();
        let added = last.starts_with(ADDED) && last.ends_with('.');
        match (from_original, added) {
            (true, false) | (false, true) => {}
            (true, true) => report.push(format!("{rel}: both a source and the note")),
            (false, false) => report.push(format!("{rel}: says nothing of where it comes from")),
        }
        if added && !last.contains("[@") && !last.ends_with("Sources : aucune.") {
            report.push(format!(
                "{rel}: the note names no reference and not « aucune »"
            ));
        }
    }
    assert!(report.is_empty(), "\n{}", report.join("\n"));
}

#[test]
fn the_roles_and_families_of_the_original_guide_are_those_with_a_source() {
    let from_original: Vec<String> = pages()
        .into_iter()
        .filter(|(rel, front, _)| rel.starts_with("roles/") && front.contains("\nsource:\n"))
        .map(|(rel, ..)| rel)
        .collect();
    assert_eq!(
        from_original,
        [
            "roles/organisation/_index.md",
            "roles/organisation/coordinateur.md",
            "roles/organisation/technicien.md",
        ]
    );
}

#[test]
fn no_claim_about_a_real_group_goes_beyond_the_original_pages() {
    // Each was found in the guide by a careful reading against the two original pages.
    let unsupported = [
        "sans formation informatique particulière",
        "difficile à parcourir",
        "accepter par tous",
        "pas elle-même un groupe de pairs",
        "part du rôle d'animateur",
        "relève aussi de ce que ce guide appelle",
        "n'exige pas un informaticien",
        "selon le guide d'origine",
        "la CoP [[icane]]",
        "l'ICANE et l'ICSO en font partie",
    ];
    for (rel, front, body) in pages() {
        let text = format!("{front}\n{body}");
        for claim in unsupported {
            assert!(!text.contains(claim), "{rel} says {claim:?}");
        }
    }
}

#[test]
fn each_term_has_one_form_in_the_text_the_others_being_aliases() {
    let other_forms = [
        "négociation des rôles",
        "vidéo-conférence",
        "vidéoconférence",
        "droits d'accès",
        "Communauté de Pratique",
        "Communautés de Pratique",
    ];
    for (rel, front, body) in pages() {
        // Outside `aliases:`, where the other forms stay findable.
        let front: String = front
            .lines()
            .filter(|l| !l.starts_with("aliases:"))
            .collect::<Vec<_>>()
            .join("\n");
        for form in other_forms {
            if rel == "glossaire/video-conference.md" && form == "vidéo-conférence" {
                // The definition says the original guide's spelling, once.
                assert_eq!(format!("{front}\n{body}").matches(form).count(), 1);
                continue;
            }
            assert!(
                !front.contains(form) && !body.contains(form),
                "{rel} writes {form:?}"
            );
        }
    }
}

#[test]
fn fictional_examples_say_so_once_and_role_pages_do_not_repeat_their_examples() {
    let pages = pages();
    for (rel, front, body) in &pages {
        if rel.starts_with("exemples/") && front.contains("kind: example") {
            let fictional = front.contains("summary: \"Exemple illustratif : ");
            let real = front.contains("\nsource:\n");
            assert!(fictional != real, "{rel}: real or fictional?");
            assert!(!body.contains("Exemple illustratif"), "{rel}: said twice");
        }
        if front.contains("kind: role") {
            assert!(!body.contains("L'exemple « "), "{rel}: {body}");
            assert!(!body.contains("Voir les exemples"), "{rel}: {body}");
        }
    }
}

#[test]
fn the_coordinator_lists_its_real_examples_before_the_fictional_one() {
    let guide = Guide::shipped();
    guide.build_ok();
    let html = guide.html("roles/organisation/coordinateur/index.html");
    let at = |url: &str| {
        html.find(&format!("href=\"../../../exemples/{url}/\""))
            .unwrap_or_else(|| panic!("no link to {url}"))
    };
    assert!(at("crifa-coordination") < at("icso-passage-de-relais"));
    assert!(at("icso-passage-de-relais") < at("accueil-nouvelle-infirmiere"));
    // On the printed sheet too.
    let sheet = guide.html("fiches/coordinateur/index.html");
    let crifa = sheet.find("Le CRIFA, coordinateur").unwrap();
    let fictional = sheet.find("Accueillir une nouvelle infirmière").unwrap();
    assert!(crifa < fictional);
}

#[test]
fn the_home_keeps_everyday_practices_unlinked_and_the_authors_page_in_the_footer() {
    let guide = Guide::shipped();
    guide.build_ok();
    let home = guide.html("index.html");
    assert!(home.contains("autour de leurs pratiques,"), "{home}");
    let (main, footer) = home.split_once("class=\"site-footer\"").unwrap();
    assert!(!main.contains("<li><a href=\"contribuer/\""), "{main}");
    assert!(footer.contains("<a href=\"contribuer/\">Contribuer au guide</a>"));
    assert!(main.contains("href=\"a-propos/\""));
    let about = guide.html("a-propos/index.html");
    assert!(about.contains("https://www.healthcop-guide.ulg.ac.be/"));
    assert!(about.contains("absent des pages que nous avons du guide d"));
}
