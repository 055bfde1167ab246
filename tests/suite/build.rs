//! `praxis build` and `praxis check` as authors and readers meet them.

use crate::support::{CONFIG, Guide, page, snapshot};

fn small_guide() -> Guide {
    Guide::blank()
        .page("_index.md", "Guide test", "", "Bienvenue. Voir les [[roles]].\n")
        .page("roles/_index.md", "Rôles", "weight: 1\n", "Les rôles : [[organisation]].\n")
        .page(
            "roles/organisation/_index.md",
            "Organisation",
            "",
            "Voir le [[coordinateur]] et le [[technicien]].\n",
        )
        .page(
            "roles/organisation/coordinateur.md",
            "Coordinateur",
            "kind: role\nweight: 1\nsummary: Veille au bon fonctionnement de la CoP.\ntasks:\n  - accueille les **nouveaux** membres\n  - veille aux échéances\n",
            "## Sa mission\n\nIl travaille avec le [[technicien]] sur la plateforme.\n",
        )
        .page(
            "roles/organisation/technicien.md",
            "Technicien",
            "kind: role\nweight: 2\nsummary: Installe les outils.\ntasks: [installe, forme]\n",
            "## Outils\n\nVoir [[glossaire/plateforme|la plateforme]].\n",
        )
        .page("glossaire/_index.md", "Glossaire", "", "Les termes.\n")
        .page(
            "glossaire/plateforme.md",
            "Plateforme",
            "kind: term\nsummary: Un espace en ligne.\naliases: [plateformes]\n",
            "Voir [[cop]].\n",
        )
        .page(
            "glossaire/cop.md",
            "Communauté de Pratique",
            "kind: term\nsummary: Un groupe qui apprend.\naliases: [CoP]\n",
            "Texte.\n",
        )
        .page(
            "glossaire/ecoute.md",
            "Écoute",
            "kind: term\nsummary: Attention portée.\n",
            "Texte.\n",
        )
        .page(
            "exemples/icso.md",
            "Passage de relais",
            "kind: example\nroles: [technicien]\nsummary: Un relais.\n",
            "Le [[coordinateur]] anime.\n",
        )
}

/// The coordinator's page, rewritten with `front` matter and `body`, once the guide is
/// built again (which must succeed).
fn coordinator_page(guide: &Guide, front: &str, body: &str) -> String {
    guide.write(
        "content/roles/organisation/coordinateur.md",
        &page("Coordinateur", front, body),
    );
    guide.build_ok();
    guide.html("roles/organisation/coordinateur/index.html")
}

#[test]
fn a_role_page_shows_its_summary_tasks_body_and_breadcrumb() {
    let guide = small_guide();
    guide.build_ok();
    let html = guide.html("roles/organisation/coordinateur/index.html");
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(
        // French spaces: a narrow no-break space before "?".
        html.contains("Qu&#39;est-ce qu&#39;un coordinateur\u{202f}?"),
        "{html}"
    );
    assert!(html.contains("<li>accueille les <strong>nouveaux</strong> membres</li>"));
    assert!(html.contains("<h2 id=\"sa-mission\">Sa mission</h2>"));
    let breadcrumb = html
        .split("class=\"breadcrumb\"")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .expect("a breadcrumb");
    let items: Vec<&str> = breadcrumb
        .split("<li>")
        .skip(1)
        .map(|li| {
            li.split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        items,
        ["Accueil", "Rôles", "Organisation", "Coordinateur"],
        "{breadcrumb}"
    );
    assert!(html.contains("rel=\"next\" href=\"../../../roles/organisation/technicien/\""));
}

#[test]
fn links_resolve_with_labels_kinds_and_summaries() {
    let guide = small_guide();
    guide.build_ok();
    let html = guide.html("roles/organisation/technicien/index.html");
    assert!(
        html.contains("<a href=\"../../../glossaire/plateforme/\" class=\"xref xref-term\" title=\"Un espace en ligne.\">la plateforme</a>"),
        "{html}"
    );
    let coord = guide.html("roles/organisation/coordinateur/index.html");
    assert!(
        coord.contains("class=\"xref xref-role\" title=\"Installe les outils.\">Technicien</a>"),
        "{coord}"
    );
}

#[test]
fn glossary_terms_link_themselves_once_per_page() {
    let guide = small_guide();
    guide.build_ok();
    let coord = guide.html("roles/organisation/coordinateur/index.html");
    assert_eq!(
        coord
            .matches("href=\"../../../glossaire/plateforme/\"")
            .count(),
        1,
        "{coord}"
    );
    // In the summary of a role the CoP is not a link, in the body the first mention is.
    let plateforme = guide.html("glossaire/plateforme/index.html");
    assert!(
        !plateforme.contains("href=\"../../glossaire/plateforme/\" class=\"xref"),
        "a term does not link itself"
    );
}

#[test]
fn backlinks_and_examples_connect_roles_terms_and_examples() {
    let guide = small_guide();
    guide.build_ok();
    let tech = guide.html("roles/organisation/technicien/index.html");
    let examples = tech
        .split("id=\"exemples-du-role\"")
        .nth(1)
        .expect("examples of the role");
    assert!(examples.contains("Passage de relais"));
    let term = guide.html("glossaire/plateforme/index.html");
    let used_by = term
        .split("Pages qui emploient ce terme")
        .nth(1)
        .expect("used by");
    assert!(
        used_by.contains("Technicien") && used_by.contains("Coordinateur"),
        "{used_by}"
    );
}

#[test]
fn roles_count_only_on_an_example_and_tasks_only_on_a_role() {
    let guide = small_guide();
    guide.write(
        "content/notes.md",
        &page(
            "Notes",
            "roles: [technicien, personne]\ntasks: [\"voir [[personne]]\", \"voir [[ecoute]]\"]\n",
            "Texte.\n",
        ),
    );
    let run = guide.build_ok();
    for warning in [
        "avertissement : `roles` ne sert qu'aux pages de type `example`",
        "avertissement : `tasks` ne sert qu'aux pages de type `role`",
    ] {
        assert!(run.stderr.contains(warning), "{}", run.stderr);
    }
    let term = guide.html("glossaire/ecoute/index.html");
    assert!(!term.contains("Pages qui emploient ce terme"), "{term}");
    let tech = guide.html("roles/organisation/technicien/index.html");
    let examples = tech
        .split("id=\"exemples-du-role\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("examples of the role");
    assert!(examples.contains("Passage de relais"), "{examples}");
    assert!(!examples.contains("Notes"), "{examples}");
}

#[test]
fn the_glossary_lists_terms_by_letter_in_french_order() {
    let guide = small_guide();
    guide.build_ok();
    let html = guide.html("glossaire/index.html");
    let c = html.find("id=\"lettre-c\"").unwrap();
    let e = html
        .find("id=\"lettre-e\"")
        .expect("Écoute is filed under E");
    let p = html.find("id=\"lettre-p\"").unwrap();
    assert!(c < e && e < p);
    assert!(html.contains("Un groupe qui apprend."));
}

#[test]
fn terms_that_start_with_a_digit_come_first_under_a_sign() {
    let guide = small_guide();
    guide.write(
        "content/glossaire/3d.md",
        &page(
            "3D « partagée »",
            "kind: term\nsummary: Un modèle.\n",
            "Texte.\n",
        ),
    );
    guide.build_ok();
    let html = guide.html("glossaire/index.html");
    let others = html
        .find("<h2 id=\"lettre-autres\">#</h2>")
        .expect("a # group");
    assert!(others < html.find("id=\"lettre-c\"").unwrap());
    assert!(html.contains("href=\"#lettre-autres\""), "{html}");
}

#[test]
fn every_problem_is_reported_at_its_file_and_line_in_one_run() {
    let guide = Guide::blank()
        .page("_index.md", "Accueil", "", "Voir [[plateforme]].\n")
        .page(
            "glossaire/plateforme.md",
            "Plateforme",
            "kind: term\n",
            "Texte.\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\nkind: rol\n---\nVoir [[plateform]].\n",
        )
        .file(
            "content/b.md",
            "---\ntitle: B\nweight: lourd\n---\n\nLien [x](nulle-part.md).\n",
        )
        .file("content/c.md", "---\ntitle: C\n")
        .file("content/d.md", "")
        .file(
            "content/e.md",
            "---\ntitle: E\n---\nVoir [[plateforme#absent]].\n",
        );
    let run = guide.build();
    assert_eq!(run.code, 1);
    let expected = "\
erreur : type de page inconnu `rol`
  --> content/a.md:3:1
  |
3 | kind: rol
  | ^
  = aide : vouliez-vous dire `kind: role` ?

erreur : le lien [[plateform]] ne mène à aucune page
  --> content/a.md:5:6
  |
5 | Voir [[plateform]].
  |      ^
  = aide : vouliez-vous dire [[plateforme]] ?

erreur : `weight` doit être un nombre entier, or c'est du texte
  --> content/b.md:3:1
  |
3 | weight: lourd
  | ^
  = aide : écrivez par exemple `weight: 10`

erreur : lien cassé `nulle-part.md` : il n'y a pas de page content/nulle-part.md
  --> content/b.md:6:6
  |
6 | Lien [x](nulle-part.md).
  |      ^
  = aide : un lien Markdown part du dossier de la page, ou de content/ s'il commence par `/`

erreur : l'en-tête n'est pas fermé
  --> content/c.md:1:1
  |
1 | ---
  | ^
  = aide : ajoutez une ligne `---` après le dernier champ

erreur : fichier vide : une page commence par un en-tête qui donne au moins un titre
  --> content/d.md:1:1
  = aide : commencez le fichier par :
           ---
           title: Titre de la page
           ---

erreur : pas de titre #absent dans content/glossaire/plateforme.md
  --> content/e.md:4:6
  |
4 | Voir [[plateforme#absent]].
  |      ^
  = aide : cette page n'a pas de titres de section

échec de la construction : 7 erreurs, 0 avertissement ; le site déjà construit n'a pas changé
";
    assert_eq!(run.stderr, expected);
}

/// A guide written in another language than French (here `language: en`) gets English,
/// in the same layout.
#[test]
fn a_guide_in_english_gets_its_diagnostics_in_english() {
    let config = format!("{CONFIG}language: en\n");
    let guide = Guide::blank()
        .config(&config)
        .page(
            "_index.md",
            "Home",
            "",
            "See [[plateforme]] and [[plateform]].\n",
        )
        .page(
            "plateforme.md",
            "Plateforme",
            "kind: term\nsummry: x\n",
            "Text.\n",
        );
    let run = guide.build();
    run.says(
        1,
        &[
            "error: unknown link [[plateform]]
  --> content/_index.md:4:24
  |
4 | See [[plateforme]] and [[plateform]].
  |                        ^
  = help: did you mean [[plateforme]]?",
            "warning: unknown field `summry`",
        ],
    );
    assert!(
        run.stderr
            .ends_with("build failed: 1 error, 1 warning; the previous output is unchanged\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("erreur"), "{}", run.stderr);
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let guide = small_guide();
    guide.build_ok();
    let before = snapshot(&guide.path("public"));
    guide.write(
        "content/roles/organisation/technicien.md",
        "---\ntitle: T\nkind: role\n---\n[[inconnu]]\n",
    );
    assert_eq!(guide.build().code, 1);
    assert_eq!(snapshot(&guide.path("public")), before);
}

#[test]
fn a_deleted_page_leaves_no_stale_file() {
    let guide = small_guide();
    guide.build_ok();
    guide.remove("content/glossaire/ecoute.md");
    guide.build_ok();
    assert!(!guide.path("public/glossaire/ecoute").exists());
}

#[test]
fn the_shipped_guide_builds_and_checks_without_a_single_diagnostic() {
    let guide = Guide::shipped();
    // The only warnings allowed: `source:` (where a page's content comes from) is written
    // in the guide before praxis knows the field (issue 18); then there are none. `check`
    // also says that the guide's address is a placeholder, as `print` refuses it: the guide
    // is not published yet.
    let only_source_fields = |stderr: &str, address: &[&str]| {
        let warnings: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("avertissement"))
            .collect();
        let n = warnings.len();
        assert!(
            warnings
                .iter()
                .all(|w| *w == "avertissement : champ inconnu `source`" || address.contains(w)),
            "{stderr}"
        );
        // French plurals: 0 and 1 are singular.
        match n {
            0 | 1 => format!("{n} avertissement"),
            n => format!("{n} avertissements"),
        }
    };
    let run = guide.check_ok();
    let placeholder = "avertissement : `base_url` est une adresse d'attente : \
        https://www.healthcop-guide.example.org/";
    let n = only_source_fields(&run.stderr, &[placeholder]);
    assert!(
        run.stderr.ends_with(&format!("vérifié : 0 erreur, {n}\n")),
        "{}",
        run.stderr
    );
    let run = guide.build_ok();
    let n = only_source_fields(&run.stderr, &[]);
    assert!(
        run.stderr.contains(&format!("(0 erreur, {n})")),
        "{}",
        run.stderr
    );
    let sheet = guide.html("fiches/coordinateur/index.html");
    assert!(sheet.contains("Source\u{a0}: https://"), "{sheet}");
}

#[test]
fn help_lists_the_commands() {
    let run = Guide::blank().praxis_ok(&["--help"]);
    for command in ["build", "check", "new", "init"] {
        assert!(run.stdout.contains(command), "{}", run.stdout);
    }
}

#[test]
fn bad_usage_exits_with_2() {
    let guide = small_guide();
    assert_eq!(guide.praxis(&["frobnicate"]).code, 2);
    assert_eq!(guide.praxis(&["build", "--nope"]).code, 2);
    assert_eq!(guide.praxis(&["new", "animal", "chat"]).code, 2);
    assert_eq!(
        guide
            .praxis(&["build", "--root", "/nonexistent/praxis"])
            .code,
        2
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let guide = small_guide();
    guide.write(
        "content/brouillon.md",
        &page("Brouillon", "draft: true\n", "Texte.\n"),
    );
    guide.build_ok();
    assert!(!guide.path("public/brouillon").exists());
    guide.praxis_ok(&["build", "--drafts"]);
    assert!(guide.path("public/brouillon/index.html").exists());
    // A published page that links to the draft is told why the link has no target.
    guide.write(
        "content/publiee.md",
        &page("Publiée", "", "Voir [[Brouillon]] et [b](brouillon.md).\n"),
    );
    let run = guide.build();
    assert_eq!(run.code, 1);
    for error in [
        "erreur : [[Brouillon]] est un brouillon (content/brouillon.md), laissé hors de cette construction\n  --> content/publiee.md:4:6",
        "erreur : lien cassé `brouillon.md` : content/brouillon.md est un brouillon, laissé hors de cette construction",
        "aide : publiez-le (retirez `draft: true`), construisez avec --drafts, ou retirez le lien",
    ] {
        assert!(run.stderr.contains(error), "{}", run.stderr);
    }
    guide.praxis_ok(&["build", "--drafts"]);
}

#[test]
fn bom_and_crlf_files_build_and_errors_keep_their_lines() {
    let guide = small_guide();
    guide.write(
        "content/crlf.md",
        "\u{feff}---\r\ntitle: CRLF\r\n---\r\n\r\nVoir [[technicien]].\r\n",
    );
    guide.build_ok();
    assert!(guide.html("crlf/index.html").contains(">Technicien</a>"));
    guide.write(
        "content/crlf.md",
        "---\r\ntitle: CRLF\r\n---\r\n\r\nVoir [[technicen]].\r\n",
    );
    let run = guide.build();
    assert!(
        run.stderr.contains("--> content/crlf.md:5:6"),
        "{}",
        run.stderr
    );
}

#[test]
fn files_next_to_pages_are_copied_and_linked() {
    let guide = small_guide();
    guide.write_bytes("content/roles/organisation/schema.png", b"\x89PNG");
    let body = "![Schéma](schema.png) [pdf](schema.png)\n";
    let html = coordinator_page(&guide, "kind: role\n", body);
    assert!(guide.path("public/roles/organisation/schema.png").exists());
    assert!(
        html.contains("src=\"../../../roles/organisation/schema.png\""),
        "{html}"
    );
}

#[test]
fn wiki_links_name_files_by_path_or_by_name_alone() {
    let guide = small_guide();
    guide.write_bytes("content/roles/organisation/schema.png", b"\x89PNG");
    guide.write_bytes("content/docs/charte de la CoP.pdf", b"%PDF");
    let body = "![[schema.png]] [[docs/charte de la CoP.pdf]] [[charte de la CoP.pdf|la charte]]\n";
    let html = coordinator_page(&guide, "kind: role\n", body);
    assert!(
        html.contains("<img src=\"../../../roles/organisation/schema.png\""),
        "{html}"
    );
    let pdf = "<a href=\"../../../docs/charte%20de%20la%20CoP.pdf\">";
    assert!(
        html.contains(&format!("{pdf}docs/charte de la CoP.pdf</a>")),
        "{html}"
    );
    assert!(html.contains(&format!("{pdf}la charte</a>")), "{html}");
    // Two files of that name: the link must say which.
    guide.write_bytes("content/roles/schema.png", b"\x89PNG");
    guide.write(
        "content/exemples/icso.md",
        &page("Passage de relais", "kind: example\n", "![[schema.png]]\n"),
    );
    let run = guide.build();
    run.says(1, &["erreur : [[schema.png]] peut désigner [[roles/organisation/schema.png]] ou [[roles/schema.png]]"]);
}

#[test]
fn titles_and_summaries_are_escaped() {
    let guide = small_guide();
    guide.write(
        "content/x.md",
        &page(
            "\"<script>alert(1)</script>\"",
            "summary: \"<b>gras</b> & co\"\n",
            "[[technicien]]\n",
        ),
    );
    guide.build_ok();
    let html = guide.html("x/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn two_pages_for_one_url_are_an_error() {
    let guide = small_guide();
    guide.write("content/roles/organisation.md", &page("Doublon", "", "x\n"));
    let run = guide.build();
    run.says(1, &["deux pages ont l'adresse /roles/organisation/"]);
}

#[test]
fn a_role_whose_file_name_has_accents_and_spaces_has_a_sheet_its_link_finds() {
    let guide = small_guide();
    guide.write(
        "content/roles/référent qualité.md",
        &page("Référent qualité", "kind: role\n", "x\n"),
    );
    guide.build_ok();
    let html = guide.html("roles/référent qualité/index.html");
    let href = "../../fiches/r%C3%A9f%C3%A9rent%20qualit%C3%A9/";
    assert!(html.contains(&format!("href=\"{href}\"")), "{html}");
    // The file is where a browser (or a server) looks once it has decoded the link.
    assert!(
        guide
            .path("public/fiches/référent qualité/index.html")
            .exists()
    );
}

#[test]
fn two_roles_with_one_file_name_would_share_a_sheet_and_are_an_error() {
    let guide = small_guide();
    guide.write(
        "content/roles/technique/technicien.md",
        &page("Technicien réseau", "kind: role\n", "x\n"),
    );
    let run = guide.build();
    run.says(1, &["erreur : ce rôle et content/roles/organisation/technicien.md auraient la même fiche fiches/technicien/\n  --> content/roles/technique/technicien.md"]);
}

#[test]
fn ambiguous_references_ask_for_a_path() {
    let guide = small_guide();
    guide.write(
        "content/autre/plateforme.md",
        &page("Autre plateforme", "", "x\n"),
    );
    guide.write("content/y.md", &page("Y", "", "[[plateforme]]\n"));
    let run = guide.build();
    run.says(
        1,
        &[
            "le lien [[plateforme]] est ambigu",
            "[[autre/plateforme]] ou [[glossaire/plateforme]]",
        ],
    );
}

#[test]
fn references_ignore_case_and_accents() {
    let guide = small_guide();
    guide.write(
        "content/y.md",
        &page("Y", "", "[[communaute de pratique]] et [[ECOUTE]]\n"),
    );
    guide.build_ok();
    let html = guide.html("y/index.html");
    assert!(
        html.contains(">communaute de pratique</a>"),
        "written as a title, the label is the text"
    );
    assert!(
        html.contains(">Écoute</a>"),
        "written as a stem, the label is the title"
    );
}

#[test]
fn base_url_with_a_path_gives_absolute_links_in_sitemap() {
    let guide = small_guide();
    assert_eq!(
        guide
            .praxis(&["build", "--base-url", "https://ex.org/sous/dossier/"])
            .code,
        0
    );
    let sitemap = guide.html("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://ex.org/sous/dossier/roles/organisation/coordinateur/</loc>")
    );
    assert!(guide.path("public/404.html").exists());
    assert!(
        guide
            .html("404.html")
            .contains("href=\"/sous/dossier/static/style.css\"")
    );
}

#[test]
fn new_creates_a_page_that_builds() {
    let guide = small_guide();
    guide.praxis_ok(&["new", "term", "forum", "--title", "Forum"]);
    assert!(guide.path("content/glossaire/forum.md").exists());
    assert_eq!(
        guide.praxis(&["new", "term", "forum"]).code,
        2,
        "an existing file is not overwritten: bad usage"
    );
    let run = guide.praxis(&["new", "role", "?!"]);
    run.says(2, &["écrivez un titre en mots"]);
    guide.build_ok();
}

#[test]
fn init_makes_a_guide_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("guide");
    let guide = Guide::blank();
    guide.praxis_ok(&["init", target.to_str().unwrap()]);
    let run = guide.praxis(&["check", "--root", target.to_str().unwrap()]);
    run.says(0, &["0 erreur, 1 avertissement"]);
    assert!(
        run.stderr.contains("`base_url` est une adresse d'attente"),
        "the one warning: an address to write before publishing\n{}",
        run.stderr
    );
}

#[test]
fn check_warns_of_orphans_and_unused_terms_and_writes_nothing() {
    let guide = small_guide();
    guide.write(
        "content/seul.md",
        &page("Seul", "", "Personne ne me lit.\n"),
    );
    let run = guide.praxis(&["check"]);
    run.says(0, &["page orpheline : aucune autre page n'y mène (Seul)"]);
    assert!(
        run.stderr.contains("rôle sans exemple (Coordinateur)")
            || run.stderr.contains("aucune page n'utilise ce terme"),
        "{}",
        run.stderr
    );
    assert!(!guide.path("public").exists());
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_an_error_not_a_hang() {
    let guide = small_guide();
    std::os::unix::fs::symlink(guide.path("content"), guide.path("content/roles/boucle")).unwrap();
    let run = guide.build();
    run.says(1, &["boucle de liens symboliques"]);
}

#[test]
fn autolinks_skip_headings_code_links_parts_of_words_and_terms_linked_by_hand() {
    let guide = small_guide();
    guide.write(
        "content/z.md",
        &page(
            "Z",
            "",
            "## Les plateformes\n\n`plateforme` et [lien](https://ex.org/plateforme) puis plateformeS, enfin plateforme.\n\nLa CoP et la coopération.\n",
        ),
    );
    // A term is linked once per page, not on its own page, and not where the page links
    // to it by hand, even before.
    guide.write(
        "content/y.md",
        &page(
            "Y",
            "",
            "Une plateforme, [[glossaire/plateforme|notre outil]], puis la plateforme et la CoP.\n",
        ),
    );
    guide.write(
        "content/glossaire/plateforme.md",
        &page(
            "Plateforme",
            "kind: term\nsummary: Un espace en ligne.\naliases: [plateformes]\n",
            "Une plateforme sert la CoP, la CoP.\n",
        ),
    );
    guide.build_ok();
    assert_eq!(terms_linked(&guide, "z/index.html"), ["plateformeS", "CoP"]);
    let html = guide.html("z/index.html");
    assert!(html.contains("<h2 id=\"les-plateformes\">Les plateformes</h2>"));
    assert!(html.contains("<code>plateforme</code>"));
    assert_eq!(terms_linked(&guide, "y/index.html"), ["notre outil", "CoP"]);
    let own = terms_linked(&guide, "glossaire/plateforme/index.html");
    assert_eq!(own, ["CoP"]);
}

/// The text of the links to terms in the content of a built page, in order.
fn terms_linked(guide: &Guide, path: &str) -> Vec<String> {
    let html = guide.html(path);
    let content = &html[html.find("<div class=\"content\">").unwrap()..];
    (content.split("class=\"xref xref-term\"").skip(1))
        .map(|s| s[s.find('>').unwrap() + 1..s.find("</a>").unwrap()].to_owned())
        .collect()
}

#[test]
fn definition_lists_work_in_content() {
    let guide = small_guide();
    guide.write(
        "content/z.md",
        &page("Z", "", "Veille\n: Suivi de l'actualité du domaine.\n"),
    );
    guide.build_ok();
    let html = guide.html("z/index.html");
    assert!(
        html.contains("<dl>") && html.contains("<dt>Veille</dt>"),
        "{html}"
    );
}

#[test]
fn anchors_of_headings_are_checked_and_suggested() {
    let guide = small_guide();
    guide.write(
        "content/z.md",
        &page(
            "Z",
            "",
            "[[coordinateur#sa-misson]] et [[coordinateur#sa-mission|ok]]\n",
        ),
    );
    let run = guide.build();
    run.says(
        1,
        &[
            "pas de titre #sa-misson dans content/roles/organisation/coordinateur.md",
            "vouliez-vous dire #sa-mission ?",
        ],
    );
    // Headings of a page are listed at its top; an empty one is not.
    guide.write(
        "content/z.md",
        &page("Z", "", "## Un\n\n##\n\n## Deux\n\n## Trois\n"),
    );
    guide.build_ok();
    let html = guide.html("z/index.html");
    let toc = html
        .split("class=\"toc\"")
        .nth(1)
        .expect("a list of headings");
    let toc = toc.split("</nav>").next().unwrap();
    assert_eq!(toc.matches("<li>").count(), 3, "{toc}");
    // A link to a heading of the page itself reads as the heading, unless labelled.
    guide.write(
        "content/z.md",
        &page(
            "Z",
            "",
            "## Pour aller plus loin\n\n[[#pour-aller-plus-loin]] [[#pour-aller-plus-loin|là]]\n",
        ),
    );
    guide.build_ok();
    let html = guide.html("z/index.html");
    let link = "<a href=\"#pour-aller-plus-loin\" class=\"xref xref-page\">";
    assert!(
        html.contains(&format!("{link}Pour aller plus loin</a>")),
        "{html}"
    );
    assert!(html.contains(&format!("{link}là</a>")), "{html}");
}

#[test]
fn the_booklet_keeps_heading_ids_unique_across_sheets() {
    let guide = small_guide();
    guide.build_ok();
    let booklet = guide.html("fiches/index.html");
    assert!(
        booklet.contains("id=\"fiche-coordinateur-sa-mission\""),
        "{booklet}"
    );
    let sheet = guide.html("fiches/technicien/index.html");
    assert!(sheet.contains("id=\"fiche-technicien-outils\""));
}

#[test]
fn footnotes_keep_their_ids_apart_from_headings_and_across_sheets() {
    let guide = small_guide();
    for role in ["coordinateur", "technicien"] {
        let path = guide.path(&format!("content/roles/organisation/{role}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        guide.write(
            &format!("content/roles/organisation/{role}.md"),
            &format!("{text}\n## Note\n\nPrécision[^Note].\n\n[^note]: Le détail.\n"),
        );
    }
    guide.build_ok();
    let page = guide.html("roles/organisation/technicien/index.html");
    assert!(page.contains("<h2 id=\"note\">"), "{page}");
    assert!(page.contains("href=\"#fn-note\"") && page.contains("id=\"fn-note\""));
    let booklet = guide.html("fiches/index.html");
    for role in ["coordinateur", "technicien"] {
        let id = format!("fiche-{role}-fn-note");
        assert!(booklet.contains(&format!("href=\"#{id}\"")), "{booklet}");
        assert_eq!(booklet.matches(&format!("id=\"{id}\"")).count(), 1);
    }
}

#[test]
fn links_in_summaries_and_tasks_are_checked_and_rendered() {
    let guide = small_guide();
    guide.write(
        "content/roles/organisation/coordinateur.md",
        &page(
            "Coordinateur",
            "kind: role\nsummary: Veille sur la [[plateforme|plateforme commune]].\ntasks:\n  - forme au [[forum]]\n  - aide le [[technicien]]\n",
            "Texte.\n",
        ),
    );
    let run = guide.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "le lien [[forum]] ne mène à aucune page\n  --> content/roles/organisation/coordinateur.md:6:"
        ) || run.stderr.contains(
            "le lien [[forum]] ne mène à aucune page\n  --> content/roles/organisation/coordinateur.md:6\n"
        ),
        "{}",
        run.stderr
    );
    let html = coordinator_page(
        &guide,
        "kind: role\nsummary: Veille sur la [[plateforme|plateforme commune]].\ntasks:\n  - aide le [[technicien]]\n",
        "Texte.\n",
    );
    assert!(html.contains("<li>aide le <a href=\"../../../roles/organisation/technicien/\" class=\"xref xref-role\""), "{html}");
    let section = guide.html("roles/organisation/index.html");
    assert!(
        section.contains("<a href=\"../../glossaire/plateforme/\" class=\"xref xref-term\""),
        "summary links are relative to each page: {section}"
    );
    let sheet = guide.html("fiches/coordinateur/index.html");
    assert!(
        sheet.contains(">plateforme commune</a><sup class=\"endnote\">[1]</sup>"),
        "{sheet}"
    );
    assert!(
        sheet.contains(">Technicien</a><sup class=\"endnote\">[2]</sup>"),
        "{sheet}"
    );
}

#[test]
fn a_theme_that_shows_a_body_its_own_way_gets_the_whole_body() {
    let guide = small_guide();
    // The body twice, and its length, in the term's page and in the guide to print.
    guide.write(
        "themes/default/templates/term.html",
        "{% extends \"base.html\" %}{% block main %}<div class=\"a\">{{ page.content_html | safe }}</div>\
         <div class=\"b\">{{ page.content_html | safe }}</div><p class=\"n\">{{ page.content_html | length }}</p>{% endblock main %}",
    );
    guide.write(
        "themes/default/templates/book-page.html",
        "<article class=\"book-part\" id=\"{{ part.anchor }}\">{% if part.body_html %}<div class=\"a\">{{ part.body_html | safe }}</div>{% endif %}</article>",
    );
    guide.build_ok();
    let html = guide.html("glossaire/plateforme/index.html");
    let between = |from: &str, to: &str| {
        let start = html.find(from).unwrap_or_else(|| panic!("{from}: {html}")) + from.len();
        html[start..start + html[start..].find(to).unwrap()].to_owned()
    };
    let body = between("<div class=\"a\">", "</div>");
    assert!(body.starts_with("<p>Voir <a href="), "{html}");
    assert_eq!(between("<div class=\"b\">", "</div>"), body);
    assert_eq!(
        between("<p class=\"n\">", "</p>"),
        body.chars().count().to_string()
    );
    let book = guide.html("imprimer/index.html");
    assert!(
        book.contains("<div class=\"a\"><p>Voir <a href=\"#page-"),
        "{book}"
    );
}

#[test]
fn a_guide_theme_overrides_the_built_in_one_file_by_file() {
    let guide = small_guide();
    guide.write(
        "themes/default/templates/term.html",
        "{% extends \"base.html\" %}{% block kicker %}<p class=\"mine\">Mon terme</p>{% endblock kicker %}",
    );
    guide.write("themes/default/static/extra.css", "body { color: red }");
    guide.build_ok();
    assert!(
        guide
            .html("glossaire/plateforme/index.html")
            .contains("<p class=\"mine\">Mon terme</p>")
    );
    assert!(guide.path("public/static/extra.css").exists());
    assert!(
        guide.path("public/static/style.css").exists(),
        "files not overridden come from the built-in theme"
    );
    guide.write(
        "themes/default/templates/term.html",
        "{% extends \"base.html\" %}{% block kicker %}{{ nope.nope }}{% endblock kicker %}",
    );
    let run = guide.build();
    run.says(1, &["--> themes/default/templates/term.html:1:"]);
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("erreur :"))
            .count(),
        1,
        "one error for every page using it: {}",
        run.stderr
    );
}

#[test]
fn html_in_summaries_and_tasks_is_always_shown_as_text() {
    let guide = small_guide();
    guide.write(
        "content/roles/organisation/technicien.md",
        &page(
            "Technicien",
            "kind: role\nsummary: \"<b>gras</b> <script>x()</script> **fort**\"\ntasks: [\"<img src=x onerror=y()>\"]\n",
            "Texte.\n",
        ),
    );
    guide.build_ok();
    for file in [
        "roles/organisation/technicien/index.html",
        "roles/organisation/index.html",
        "fiches/technicien/index.html",
    ] {
        let html = guide.html(file);
        assert!(
            !html.contains("<script>x()") && !html.contains("<img src=x"),
            "{file}: {html}"
        );
    }
    assert!(
        guide
            .html("roles/organisation/technicien/index.html")
            .contains("&lt;b&gt;gras&lt;/b&gt;")
    );
    assert!(
        guide
            .html("roles/organisation/technicien/index.html")
            .contains("<strong>fort</strong>")
    );
}

#[test]
fn a_broken_percent_escape_in_a_link_is_an_error_not_a_crash() {
    let guide = small_guide();
    guide.write("content/z.md", &page("Z", "", "[x](%aé.md)\n"));
    let run = guide.build();
    run.says(1, &["lien cassé `%aé.md`", "--> content/z.md:4:1"]);
}

#[test]
fn an_output_folder_that_would_destroy_sources_is_refused() {
    let guide = small_guide();
    for output in ["content", ".", "themes/x"] {
        let run = guide.praxis(&["build", "--output", guide.path(output).to_str().unwrap()]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(
            run.stderr.contains("détruirait les fichiers du guide"),
            "{}",
            run.stderr
        );
    }
    guide.write("mes-notes/a.txt", "à moi");
    let run = guide.praxis(&[
        "build",
        "--output",
        guide.path("mes-notes").to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(guide.path("mes-notes/a.txt")).unwrap(),
        "à moi"
    );
    assert!(guide.path("content/_index.md").exists());
}

#[test]
fn a_guide_without_a_home_page_gets_one_listing_its_sections() {
    let guide = Guide::blank()
        .page("roles/_index.md", "Rôles", "", "Texte.\n")
        .page("roles/a.md", "A", "kind: role\n", "Texte.\n");
    let run = guide.build();
    run.says(0, &["pas de page d'accueil"]);
    let home = guide.html("index.html");
    assert!(home.contains("<a href=\"roles/\">Rôles</a>"), "{home}");
}

#[test]
fn content_where_praxis_writes_its_own_files_is_an_error() {
    let guide = small_guide();
    guide.write(
        "content/fiches/mes-fiches.md",
        &page("Mes fiches", "", "x\n"),
    );
    guide.write("content/static/style.css", "body{}");
    let run = guide.build();
    run.says(
        1,
        &[
            "--> content/fiches/mes-fiches.md",
            "--> content/static/style.css",
        ],
    );
}
