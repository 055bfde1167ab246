//! An author of a French guide reads praxis in French: every diagnostic, its help and the
//! summary line, with French plurals; a guide in another language reads it in English.

use crate::support::{CONFIG, Guide, page};

/// A French guide (`language:` unset is French, as the theme is) with one warning and,
/// once broken, one error.
fn french_guide() -> Guide {
    Guide::new(&[
        (
            "content/_index.md",
            &page("Accueil", "", "Voir [[coordinateur]] et [[plateforme]].\n"),
        ),
        (
            "content/roles/coordinateur.md",
            &page("Coordinateur", "kind: role\nsummry: Anime.\n", "Texte.\n"),
        ),
        (
            "content/exemples/reunion.md",
            &page("Réunion", "kind: example\nroles: [coordinateur]\n", "x\n"),
        ),
        (
            "content/glossaire/plateforme.md",
            &page("Plateforme", "kind: term\n", "Texte.\n"),
        ),
    ])
}

#[test]
fn a_french_guide_is_checked_in_french_with_french_plurals() {
    let guide = french_guide();
    let run = guide.praxis(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "avertissement : page orpheline : aucune autre page n'y mène (Réunion)\n  --> content/exemples/reunion.md:1\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "avertissement : champ inconnu `summry`
  --> content/roles/coordinateur.md:4:1
  |
4 | summry: Anime.
  | ^
  = aide : vouliez-vous dire `summary` ?"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("vérifié : 0 erreur, 3 avertissements\n"),
        "{}",
        run.stderr
    );
    for english in ["error", "warning", "help:", "checked"] {
        assert!(!run.stderr.contains(english), "{english}: {}", run.stderr);
    }

    guide.write(
        "content/_index.md",
        &page("Accueil", "", "Voir [[coordinateur]] et [[plateform]].\n"),
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "erreur : le lien [[plateform]] ne mène à aucune page
  --> content/_index.md:4:26
  |
4 | Voir [[coordinateur]] et [[plateform]].
  |                          ^
  = aide : vouliez-vous dire [[plateforme]] ?"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "échec de la construction : 1 erreur, 1 avertissement ; le site déjà construit n'a pas changé\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_command_line_speaks_the_language_of_the_guide_it_is_given() {
    let guide = french_guide();
    let run = guide.praxis(&["new", "rol", "animateur"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "erreur : type inconnu `rol` : écrivez role, term, example ou page\n"
    );
    let run = guide.praxis(&["new", "term", "fil de discussion"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "content/glossaire/fil-de-discussion.md créé, titré « Fil de discussion »\n"
    );
    // Outside a guide, praxis cannot tell: English.
    let run = guide.praxis(&["check", "--root", "/nonexistent-guide"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: --root /nonexistent-guide: no such folder\n"
    );
}

#[test]
fn a_guide_in_another_language_reads_praxis_in_english() {
    let config = format!("{CONFIG}language: de\n");
    let guide = Guide::new(&[
        ("praxis.yaml", &config),
        (
            "content/_index.md",
            &page("Start", "", "Siehe [[plattform]].\n"),
        ),
        (
            "content/plateforme.md",
            &page("Plateforme", "kind: term\n", "Text.\n"),
        ),
    ]);
    let run = guide.praxis(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: unknown link [[plattform]]\n  --> content/_index.md:4:7\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  = help: did you mean [[plateforme]]?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning: the theme has no strings.de.yaml: its words are shown in French"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("checked: 1 error, 3 warnings\n"),
        "{}",
        run.stderr
    );
}
