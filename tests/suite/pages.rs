//! Five pages of a small guide kept whole as snapshots (insta, in `snapshots/`): a role, a
//! term, a role sheet, the booklet of sheets and the whole guide to print. Any change in
//! their HTML, meant or not, shows as a diff to review; `README.md` here says how to accept
//! one that is meant.

use crate::support::Guide;
use std::process::Command;

/// Two roles linking each other and a term, an example of one role, a link out: enough for
/// every part of these pages to show (tasks, tooltips, backlinks, examples, the sheet's terms
/// and numbered links, the book's notes) while staying short enough to review by eye.
fn guide() -> Guide {
    Guide::blank()
        .page("_index.md", "Guide test", "", "Bienvenue. Voir les [[roles]].\n")
        .page(
            "roles/_index.md",
            "Rôles",
            "weight: 1\n",
            "Les rôles : [[coordinateur]] et [[technicien]].\n",
        )
        .page(
            "roles/coordinateur.md",
            "Coordinateur",
            "kind: role\nweight: 1\nsummary: Veille au bon fonctionnement de la CoP.\ntasks:\n  - accueille les **nouveaux** membres\n  - veille aux échéances\n",
            "## Sa mission\n\nIl travaille avec le [[technicien]] sur la plateforme.\n\nVoir aussi [le site de l'OMS](https://www.who.int/fr).\n",
        )
        .page(
            "roles/technicien.md",
            "Technicien",
            "kind: role\nweight: 2\nsummary: Installe les outils.\ntasks: [installe, forme]\n",
            "## Outils\n\nVoir [[glossaire/plateforme|la plateforme]].\n",
        )
        .page("glossaire/_index.md", "Glossaire", "weight: 2\n", "Les termes.\n")
        .page(
            "glossaire/plateforme.md",
            "Plateforme",
            "kind: term\nsummary: Un espace en ligne.\naliases: [plateformes]\n",
            "Un lieu où la CoP range ses documents.\n",
        )
        .page(
            "exemples/relais.md",
            "Passage de relais",
            "kind: example\nroles: [coordinateur]\nsummary: Un relais.\n",
            "Le [[coordinateur]] anime.\n",
        )
}

/// The page `rel` of the guide, built. Git is kept from looking above the temporary folder
/// (TMPDIR may lie inside a clone): the pages' history, "Modifiée le …", comes from git and
/// moves with every commit. Nothing else in a build depends on the day or the machine.
fn built(rel: &str) -> String {
    let guide = guide();
    let out = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .arg("build")
        .arg("--root")
        .arg(guide.root())
        .env("GIT_CEILING_DIRECTORIES", guide.root().parent().unwrap())
        .output()
        .expect("praxis runs");
    assert!(
        out.status.success(),
        "praxis build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    guide.html(rel)
}

#[test]
fn a_role_page() {
    insta::assert_snapshot!(built("roles/coordinateur/index.html"));
}

#[test]
fn a_term_page() {
    insta::assert_snapshot!(built("glossaire/plateforme/index.html"));
}

#[test]
fn a_role_sheet() {
    insta::assert_snapshot!(built("fiches/coordinateur/index.html"));
}

#[test]
fn the_booklet_of_sheets() {
    insta::assert_snapshot!(built("fiches/index.html"));
}

#[test]
fn the_whole_guide_to_print() {
    insta::assert_snapshot!(built("imprimer/index.html"));
}
