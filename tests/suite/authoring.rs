//! Two front matter fields an author uses to keep readers' pages clean: `unlisted` for a
//! page meant for authors, `no_autolink` for an everyday word that is also a term.

use crate::support::{Guide, page};

fn guide_with_an_authors_page() -> Guide {
    Guide::blank()
        .page(
            "_index.md",
            "Accueil",
            "",
            "Bienvenue. Les auteurs lisent [[contribuer]].\n",
        )
        .page(
            "contribuer.md",
            "Contribuer au guide",
            "summary: Pour les auteurs.\nunlisted: true\n",
            "Lancez cargo. Voir la [[glossaire/plateforme]] et le [[guide]].\n",
        )
        .page(
            "guide.md",
            "Le guide",
            "weight: 1\n",
            "Le guide parle de plateforme.\n",
        )
        .page(
            "glossaire/_index.md",
            "Glossaire",
            "weight: 2\n",
            "Les termes.\n",
        )
        .page(
            "glossaire/plateforme.md",
            "Plateforme",
            "kind: term\nsummary: Un espace en ligne.\n",
            "Texte.\n",
        )
        .page(
            "glossaire/brouillon.md",
            "Notes de travail",
            "unlisted: true\n",
            "Des notes sur la plateforme.\n",
        )
}

#[test]
fn an_unlisted_page_is_built_and_linked_but_out_of_menus_lists_search_and_sitemap() {
    let guide = guide_with_an_authors_page();
    guide.build_ok();

    // Built, linkable, and asks search engines not to index it.
    let own = guide.html("contribuer/index.html");
    assert!(own.contains("<h1>Contribuer au guide</h1>"), "{own}");
    assert!(own.contains("<meta name=\"robots\" content=\"noindex\">"));
    let home = guide.html("index.html");
    assert!(home.contains("href=\"contribuer/\""), "the home's own link");

    // Not in the main menu nor the home's list, but in the footer of every page.
    let menu = home.split("class=\"main-nav\"").nth(1).unwrap();
    let menu = menu.split("</nav>").next().unwrap();
    assert!(
        menu.contains("Le guide") && !menu.contains("Contribuer"),
        "{menu}"
    );
    let footer = |html: &str| {
        html.split("class=\"site-footer\"")
            .nth(1)
            .unwrap()
            .to_owned()
    };
    let term = guide.html("glossaire/plateforme/index.html");
    assert!(
        footer(&term).contains("<a href=\"../../contribuer/\">Contribuer au guide</a>"),
        "{}",
        footer(&term)
    );
    let in_main = |html: &str| {
        html.split("class=\"site-footer\"")
            .next()
            .unwrap()
            .to_owned()
    };
    let cards = home.split("class=\"card-list\"").nth(1).unwrap();
    let cards = cards.split("</ul>").next().unwrap();
    assert!(
        cards.contains("Le guide") && !cards.contains("Contribuer"),
        "{cards}"
    );
    // Deeper in the guide: not in its section's list, nor in the footer.
    let glossary = guide.html("glossaire/index.html");
    assert!(!glossary.contains("Notes de travail"), "{glossary}");
    assert!(!footer(&home).contains("Notes de travail"));
    // Nor among the pages that link to a term, which readers see.
    assert!(!in_main(&term).contains("Contribuer"), "{term}");
    assert!(!in_main(&term).contains("Notes de travail"), "{term}");
    assert!(in_main(&term).contains("Le guide"), "{term}");
    // Neither in the previous/next links of its neighbours.
    assert!(!in_main(&guide.html("guide/index.html")).contains("contribuer/"));

    let sitemap = guide.html("sitemap.xml");
    assert!(sitemap.contains("/guide/guide/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("contribuer") && !sitemap.contains("brouillon"));

    let index = guide.html("search-index.js");
    assert!(index.contains("\"guide/\""), "{index}");
    assert!(!index.contains("contribuer/") && !index.contains("brouillon/"));
}

#[test]
fn an_unlisted_page_is_searched_for_in_vain_by_the_index() {
    let guide = guide_with_an_authors_page();
    let (content, problems) = praxis::source::content::load(guide.root(), false);
    assert!(problems.is_empty(), "{problems:?}");
    let index = praxis::outputs::search::index(&content);
    let titles: Vec<&str> = index
        .search("cargo")
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert!(titles.is_empty(), "{titles:?}");
    let titles: Vec<&str> = index
        .search("plateforme")
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(titles, ["Plateforme", "Le guide"]);
}

#[test]
fn unlisted_takes_true_or_false_and_says_so_at_its_line() {
    let guide = Guide::blank().page(
        "_index.md",
        "Accueil",
        "unlisted: parfois\n",
        "Bienvenue.\n",
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/_index.md:3"), "{}", run.stderr);
    assert!(run.stderr.contains("unlisted"), "{}", run.stderr);
}

fn guide_with_everyday_words(no_autolink: &str) -> Guide {
    Guide::blank()
        .page(
            "_index.md",
            "Accueil",
            no_autolink,
            "Des soignants réunis autour de leurs pratiques.\n\nLa pratique, au sens du modèle, est ce qu'ils partagent.\n",
        )
        .page(
            "glossaire/pratique.md",
            "Pratique",
            "kind: term\nsummary: Ce que les membres partagent.\naliases: [pratiques]\n",
            "Texte.\n",
        )
}

#[test]
fn an_everyday_word_listed_in_no_autolink_stays_plain_and_the_term_links_further_on() {
    // Without the field, the everyday plural is the first mention and takes the link.
    let guide = guide_with_everyday_words("");
    guide.build_ok();
    let home = guide.html("index.html");
    assert!(
        home.contains("autour de leurs <a href=\"glossaire/pratique/\""),
        "{home}"
    );

    let guide = guide_with_everyday_words("no_autolink: [Pratiques]\n");
    guide.build_ok();
    let home = guide.html("index.html");
    assert!(home.contains("autour de leurs pratiques."), "{home}");
    assert!(
        home.contains("<p>La <a href=\"glossaire/pratique/\""),
        "the term's own sense still links: {home}"
    );
    // The term still counts the home among the pages that use it.
    let term = guide.html("glossaire/pratique/index.html");
    assert!(term.contains(">Accueil</a>"), "{term}");
}

#[test]
fn no_autolink_is_a_list_of_words() {
    let guide = guide_with_everyday_words("no_autolink: {pratiques: 1}\n");
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/_index.md:3"), "{}", run.stderr);
}

/// A role written as a French author writes: ` : `, ` ; `, ` ?`, ` !` and « … » in the
/// summary and in a task, without quotes.
#[test]
fn front_matter_in_french_typography_reads_as_written() {
    let guide = Guide::blank()
        .page("_index.md", "Accueil", "", "Voir [[animateur]].\n")
        .page(
            "animateur.md",
            "Animateur",
            "kind: role\nsummary: Son rôle : faire vivre les échanges ; « simplement » !\ntasks:\n  - accueille : les nouveaux membres\n  - relance les questions ?\n",
            "Texte.\n",
        );
    guide.build_ok();
    // The theme may set French spaces as no-break spaces: any space reads the same here.
    let html = guide
        .html("animateur/index.html")
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace("&nbsp;", " ");
    assert!(
        html.contains("Son rôle : faire vivre les échanges ; « simplement » !"),
        "{html}"
    );
    assert!(html.contains("accueille : les nouveaux membres"), "{html}");
}

#[test]
fn a_colon_yaml_cannot_read_is_pointed_at_with_the_quotes_that_fix_it() {
    let guide = Guide::blank().page(
        "_index.md",
        "Accueil",
        "summary: Note: voir plus bas\n",
        "Bienvenue.\n",
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/_index.md:3:14"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("summary: \"Note: voir plus bas\""),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unclosed_quote_is_reported_at_the_line_that_opens_it() {
    let guide = Guide::blank().file(
        "content/_index.md",
        "---\ntitle: \"Accueil\nsummary: Bienvenue.\nweight: 1\n---\n\nTexte.\n",
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/_index.md:2:8"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("n'est jamais fermé"), "{}", run.stderr);
}

#[test]
fn aliases_without_brackets_warn_with_the_list_to_write() {
    let guide = Guide::blank().page(
        "_index.md",
        "Coordinateur",
        "aliases: coordinatrice, coordinateurs\n",
        "Texte.\n",
    );
    let run = guide.build_ok();
    assert!(run.stderr.contains("content/_index.md:3"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("aliases: [coordinatrice, coordinateurs]"),
        "{}",
        run.stderr
    );
}

/// `praxis new` takes the title as an author says it, and makes the file name from it.
#[test]
fn new_takes_a_title_in_plain_words_and_keeps_its_accents() {
    let guide = Guide::blank().page("_index.md", "Accueil", "", "Bienvenue.\n");
    guide.praxis_ok(&["new", "term", "fil de discussion"]);
    let text = std::fs::read_to_string(guide.path("content/glossaire/fil-de-discussion.md"))
        .expect("the slug is made from the title");
    assert!(text.contains("title: \"Fil de discussion\""), "{text}");

    guide.praxis_ok(&["new", "example", "Accueil d'une infirmière"]);
    let text =
        std::fs::read_to_string(guide.path("content/exemples/accueil-dune-infirmiere.md")).unwrap();
    assert!(
        text.contains("title: \"Accueil d'une infirmière\""),
        "{text}"
    );

    // A slug alone still works; its words become the title, and praxis says how to give
    // it its accents.
    let run = guide.praxis_ok(&["new", "role", "animatrice-de-seance"]);
    let text =
        std::fs::read_to_string(guide.path("content/roles/animatrice-de-seance.md")).unwrap();
    assert!(text.contains("title: \"Animatrice de seance\""), "{text}");
    assert!(run.stderr.contains("modifiez `title:`"), "{}", run.stderr);
    guide.build_ok();
}

/// A new guide has a short French page for its authors, and `init` never writes over a
/// guide: that is bad usage, exit 2, as the README says.
#[test]
fn init_writes_a_page_for_authors_and_refuses_an_existing_guide() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("guide");
    let guide = Guide::blank();
    let run = guide.praxis_ok(&["init", target.to_str().unwrap()]);
    // The guide it writes is French, and so is what it says.
    assert!(run.stderr.contains("guide créé dans"), "{}", run.stderr);
    let authors = std::fs::read_to_string(target.join("content/contribuer.md")).unwrap();
    assert!(
        authors.contains("praxis new term \"fil de discussion\""),
        "{authors}"
    );
    guide.praxis_ok(&["build", "--root", target.to_str().unwrap()]);
    let html = std::fs::read_to_string(target.join("public/contribuer/index.html")).unwrap();
    assert!(
        html.contains("Pour les auteurs : écrire une page"),
        "the summary with its French colon reads as written"
    );
    let run = guide.praxis(&["init", target.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("contient déjà un guide"),
        "{}",
        run.stderr
    );
}

/// What `praxis new` and `praxis init` leave to fill in is pointed at by `praxis check`
/// before it reaches readers and printed sheets.
#[test]
fn check_warns_of_placeholders_left_in_pages_and_settings() {
    let guide = Guide::blank()
        .config("title: Guide\nlanguage: fr\nbase_url: https://example.org/guide/\n")
        .page("_index.md", "Accueil", "", "Voir [[forum]].\n");
    guide.praxis_ok(&["new", "term", "forum"]);
    let run = guide.check_ok();
    assert!(
        run.stderr
            .contains("le texte d'attente `À compléter…` est encore dans la page (2 fois)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/glossaire/forum.md:4:10"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`base_url` est une adresse d'attente"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("praxis.yaml:3"), "{}", run.stderr);
}

/// A space in a file name makes CommonMark print the image as text: praxis says so, at
/// the place, with the two ways to write it.
#[test]
fn an_image_whose_name_holds_a_space_is_an_error_with_its_fix() {
    let guide = Guide::blank().page(
        "_index.md",
        "Accueil",
        "",
        "La réunion :\n\n![Photo](Photo réunion.jpg)\n",
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/_index.md:6:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("écrivez `![Photo](<Photo réunion.jpg>)`, ou `![[Photo réunion.jpg]]`"),
        "{}",
        run.stderr
    );
    // Written the first way, the image is read, and a missing file is said too.
    guide.write(
        "content/_index.md",
        &page(
            "Accueil",
            "",
            "La réunion :\n\n![Photo](<Photo réunion.jpg>)\n",
        ),
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("il n'y a pas de fichier content/Photo réunion.jpg"),
        "{}",
        run.stderr
    );
    guide.write_bytes("content/Photo réunion.jpg", b"\xff\xd8\xff");
    guide.build_ok();
}

#[test]
fn check_warns_of_a_file_name_that_needs_percent_encoding() {
    let guide = Guide::blank()
        .page("_index.md", "Accueil", "", "Voir [[Réunion de juin]].\n")
        .page("Réunion de juin.md", "Réunion de juin", "", "Texte.\n");
    let run = guide.check_ok();
    assert!(
        run.stderr
            .contains("renommez le fichier `reunion-de-juin.md`"),
        "{}",
        run.stderr
    );
}
