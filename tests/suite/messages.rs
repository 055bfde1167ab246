//! An author of a French guide reads praxis in French: every diagnostic, its help and the
//! summary line, with French plurals; a guide in another language reads it in English.

use crate::support::{CONFIG, Guide, page};

/// A French guide (`language:` unset is French, as the theme is) with one warning and,
/// once broken, one error.
fn french_guide() -> Guide {
    Guide::blank()
        .page(
            "_index.md",
            "Accueil",
            "",
            "Voir [[coordinateur]] et [[plateforme]].\n",
        )
        .page(
            "roles/coordinateur.md",
            "Coordinateur",
            "kind: role\nsummry: Anime.\n",
            "Texte.\n",
        )
        .page(
            "exemples/reunion.md",
            "Réunion",
            "kind: example\nroles: [coordinateur]\n",
            "x\n",
        )
        .page(
            "glossaire/plateforme.md",
            "Plateforme",
            "kind: term\n",
            "Texte.\n",
        )
}

#[test]
fn a_french_guide_is_checked_in_french_with_french_plurals() {
    let guide = french_guide();
    let run = guide.check_ok();
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
    run.never_says(&["error", "warning", "help:", "checked"]);

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
    run.says_exactly(
        2,
        "erreur : type inconnu `rol` : écrivez role, term, example ou page\n",
    );
    let run = guide.praxis(&["new", "term", "fil de discussion"]);
    run.says_exactly(
        0,
        "content/glossaire/fil-de-discussion.md créé, titré « Fil de discussion »\n",
    );
    // A mistake in the command line itself, before praxis understands it.
    let run = guide.praxis(&["build", "--ouptut", "site"]);
    run.says_exactly(
        2,
        "erreur : option inconnue --ouptut ; vouliez-vous dire --output ?\n\
         aide : `praxis build --help` donne les options (en anglais)\n",
    );
    let run = guide.praxis(&["print", "--role", "animateur", "--pack", "reunion"]);
    run.says(
        2,
        &["erreur : --role <ROLE> ne va pas avec --pack <PACK> : donnez l'un ou l'autre\n"],
    );
    let root = guide.root().to_str().unwrap();
    let run = guide.praxis(&["buid", "--root", root]);
    run.says(
        2,
        &["erreur : commande inconnue `buid` ; vouliez-vous dire `build` ?"],
    );
    let run = guide.praxis(&["serve", "--port", "huit-mille"]);
    run.says(
        2,
        &["erreur : `huit-mille` n'est pas une valeur possible de --port <PORT>"],
    );
    run.never_says(&["error:", "Usage:", "invalid digit", "tip:"]);
    // Outside a guide, praxis cannot tell: English.
    let run = guide.praxis(&["check", "--root", "/nonexistent-guide"]);
    run.says_exactly(2, "error: --root /nonexistent-guide: no such folder\n");
}

#[test]
fn a_guide_in_another_language_reads_praxis_in_english() {
    let config = format!("{CONFIG}language: de\n");
    let guide = Guide::blank()
        .config(&config)
        .page("_index.md", "Start", "", "Siehe [[plattform]].\n")
        .page("plateforme.md", "Plateforme", "kind: term\n", "Text.\n");
    let run = guide.praxis(&["check"]);
    run.says(
        1,
        &[
            "error: unknown link [[plattform]]\n  --> content/_index.md:4:7\n",
            "  = help: did you mean [[plateforme]]?",
            "warning: the theme has no strings.de.yaml: its words are shown in French",
        ],
    );
    assert!(
        run.stderr.ends_with("checked: 1 error, 3 warnings\n"),
        "{}",
        run.stderr
    );
}

/// An output folder praxis may not create: in a folder made read-only or, for root (whom
/// permissions do not stop), in /sys, where no one may create a folder.
#[cfg(unix)]
fn a_folder_praxis_may_not_create(guide: &Guide) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let locked = guide.path("verrouille");
    std::fs::create_dir_all(&locked).unwrap();
    let mode = |m| std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(m));
    mode(0o555).unwrap();
    if std::fs::create_dir(locked.join("essai")).is_err() {
        return Some(locked.join("site"));
    }
    mode(0o755).unwrap();
    let sys = std::path::Path::new("/sys");
    let refused = std::fs::create_dir(sys.join(".praxis-essai"))
        .is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied);
    refused.then(|| sys.join("praxis-guide"))
}

/// The system's words that must not reach an author of a French guide.
const SYSTEM_ENGLISH: [&str; 6] = [
    "os error",
    "Permission denied",
    "Operation not permitted",
    "No such file",
    "Not a directory",
    "cannot ",
];

#[cfg(unix)]
#[test]
fn what_the_system_refuses_is_said_in_french_naming_the_file() {
    let guide = french_guide();
    // An output folder praxis may not write in.
    match a_folder_praxis_may_not_create(&guide) {
        Some(out) => {
            let run = guide.praxis(&["build", "--output", out.to_str().unwrap()]);
            assert_eq!(run.code, 1, "{}", run.stderr);
            let spare = out.with_file_name(".site.praxis-spare");
            let spare = match out.starts_with("/sys") {
                true => out.with_file_name(".praxis-guide.praxis-spare"),
                false => spare,
            };
            let said = format!(
                "erreur : impossible de créer {} : permission refusée : praxis n'a pas le droit \
                 d'y lire ou d'y écrire ; demandez ce droit, ou choisissez un autre dossier\n  --> {}\n",
                spare.display(),
                out.display()
            );
            assert!(run.stderr.starts_with(&said), "{}", run.stderr);
            run.never_says(&SYSTEM_ENGLISH);
        }
        None if std::env::var_os("CI").is_some() => {
            panic!("no folder here refuses praxis: neither a read-only one nor /sys")
        }
        None => eprintln!("SKIPPED: no folder here refuses praxis (root, and no /sys)"),
    }

    // An e-book written where a file stands in the path.
    let blocked = guide.path("praxis.yaml/livre.epub");
    let run = guide.praxis(&["epub", "--output", blocked.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!(
            "erreur : impossible d'écrire {} : une partie du chemin est un fichier, là où un \
             dossier est attendu\n",
            blocked.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("aucun livre numérique écrit : 1 erreur, 0 avertissement\n"),
        "{}",
        run.stderr
    );

    // A page whose file cannot be read: a link to a file moved away.
    std::os::unix::fs::symlink(
        guide.path("ailleurs/perdue.md"),
        guide.path("content/perdue.md"),
    )
    .unwrap();
    let run = guide.praxis(&["check"]);
    run.says(
        1,
        &["erreur : lecture impossible : ce fichier ou dossier n'existe pas\n  --> content/perdue.md\n  = aide : supprimez le lien ou faites-le mener ailleurs\n"],
    );
    run.never_says(&SYSTEM_ENGLISH);
}

#[test]
fn a_missing_or_broken_bibliography_is_said_in_french_at_its_line() {
    let config = format!("{CONFIG}bibliography: sources.bib\n");
    let guide =
        Guide::blank()
            .config(&config)
            .page("_index.md", "Accueil", "", "Selon [@wenger2002].\n");
    let run = guide.praxis(&["check"]);
    run.says(1, &["erreur : lecture de la bibliographie impossible : ce fichier ou dossier n'existe pas\n  --> sources.bib\n  = aide : vérifiez `bibliography:` dans praxis.yaml"]);

    // Zotero's export, edited by hand: a brace left open.
    guide.write(
        "sources.bib",
        "@book{wenger2002,\n  title = {Cultivating Communities of Practice,\n  year = {2002},\n}\n",
    );
    let run = guide.praxis(&["check"]);
    run.says(1, &["erreur : BibTeX illisible : le fichier s'arrête au milieu d'une entrée : une accolade `{` ouverte n'est pas fermée\n  --> sources.bib:4\n", "= aide : fermez chaque valeur par `}`, puis l'entrée par `}`"]);

    // hayagriva's YAML with a type it does not know.
    guide.write(
        "praxis.yaml",
        &format!("{CONFIG}bibliography: sources.yaml\n"),
    );
    guide.write(
        "sources.yaml",
        "wenger2002:\n  type: livre\n  title: Cultivating Communities of Practice\n",
    );
    let run = guide.praxis(&["check"]);
    run.says(1, &["erreur : bibliographie illisible : type inconnu `livre` pour l'entrée `wenger2002`\n  --> sources.yaml:2:9\n"]);
    run.never_says(&[
        "biblatex",
        "parse error",
        "unknown variant",
        "expected one of",
        "os error",
    ]);
}

/// A theme whose booklet or whole-guide template forgets where the sheets or pages go is
/// told so in French, naming the template and what it must show.
#[test]
fn a_theme_template_that_shows_no_content_is_said_in_french() {
    let guide = french_guide();
    guide.write(
        "themes/default/templates/sheets.html",
        "<html><body>Fiches</body></html>",
    );
    let run = guide.praxis(&["build"]);
    run.says(
        1,
        &["sheets.html doit montrer son contenu avec `{{ sheet_bodies | safe }}`"],
    );
    guide.remove("themes/default/templates/sheets.html");
    guide.write(
        "themes/default/templates/book.html",
        "<html><body>Livre</body></html>",
    );
    let run = guide.praxis(&["build"]);
    run.says(
        1,
        &["book.html doit montrer son contenu avec `{{ pages | safe }}`"],
    );
}
