//! A health guide readers can trust: each page says when it was reviewed and by whom, what
//! it is based on (citations, a bibliography, a source) and when it changed (git); a
//! coordinator lists what needs reviewing; the French reads as French typesetting.

use crate::browser;
use crate::support::{Guide, page};
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const NNBSP: char = '\u{202f}';
const NBSP: char = '\u{a0}';

const CONFIG: &str = "title: Guide test\nbase_url: https://example.org/guide/\nbibliography: biblio.bib\nreview:\n  every: 3y\n";

const BIB: &str = r#"@book{wenger2002,
  title = {Cultivating Communities of Practice: A Guide to Managing Knowledge},
  author = {Wenger, Etienne and McDermott, Richard and Snyder, William M.},
  publisher = {Harvard Business School Press},
  address = {Boston},
  year = {2002},
}

@book{lave1991,
  title = {Situated Learning: Legitimate Peripheral Participation},
  author = {Lave, Jean and Wenger, Etienne},
  publisher = {Cambridge University Press},
  address = {Cambridge},
  year = {1991},
}
"#;

fn guide(files: &[(&str, &str)]) -> Guide {
    let mut all = vec![
        ("praxis.yaml", CONFIG),
        ("biblio.bib", BIB),
        (
            "content/_index.md",
            "---\ntitle: Accueil\n---\nBienvenue.\n",
        ),
    ];
    all.extend_from_slice(files);
    Guide::new(&all)
}

/// The text of an HTML page without its tags, spaces as the reader sees them.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'").replace("&amp;", "&")
}

#[test]
fn a_reviewed_page_says_when_by_whom_and_when_next_on_the_page_and_its_sheet() {
    let g = guide(&[(
        "content/roles/coordinateur.md",
        &page(
            "Coordinateur",
            "kind: role\nreviewed: 2026-03-12\nreviewed_by: Dr Claire Martin\n",
            "Il anime la communauté.\n",
        ),
    )]);
    g.build_ok();
    let expected = format!(
        "Page relue le 12 mars 2026 par Dr Claire Martin · Prochaine relecture{NBSP}: mars 2029"
    );
    let html = text_of(&g.html("roles/coordinateur/index.html"));
    assert!(html.contains(&expected), "{html}");
    let sheet = text_of(&g.html("fiches/coordinateur/index.html"));
    assert!(sheet.contains(&expected), "{sheet}");
    // The home was never reviewed: it says nothing of a review.
    assert!(!g.html("index.html").contains("Page relue"));
}

#[test]
fn a_date_that_is_not_one_is_an_error_at_its_line() {
    let g = guide(&[(
        "content/a.md",
        "---\ntitle: A\nreviewed: 2026-02-30\n---\nTexte.\n",
    )]);
    let run = g.build();
    run.says(
        1,
        &[
            "erreur : `reviewed` : `2026-02-30` n'est pas une date",
            "content/a.md:3:1",
            "aide : écrivez la date en année-mois-jour",
        ],
    );
}

#[test]
fn check_lists_the_pages_to_review_oldest_first_on_the_day_given() {
    let g = guide(&[
        (
            "content/recent.md",
            &page("Récente", "reviewed: 2026-01-10\n", "x\n"),
        ),
        (
            "content/ancienne.md",
            &page(
                "Ancienne",
                "reviewed: 2021-05-02\nreviewed_by: Léa\n",
                "x\n",
            ),
        ),
        (
            "content/moyenne.md",
            &page(
                "Moyenne",
                "reviewed: 2022-01-01\nnext_review: 2023-06-30\n",
                "x\n",
            ),
        ),
    ]);
    let run = g.praxis_ok(&["check", "--today", "2026-12-03"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0], "à relire au 3 décembre 2026 : 2 pages en retard, 1 jamais relue",
        "{}",
        run.stdout
    );
    // Never reviewed (the home), then by the date each was due.
    assert!(lines[1].contains("jamais relue") && lines[1].contains("content/_index.md"));
    assert!(lines[2].contains("due le 2023-06-30") && lines[2].contains("Moyenne"));
    assert!(
        lines[3].contains("due le 2024-05-02")
            && lines[3].contains("Ancienne (relue le 2021-05-02 par Léa)")
    );
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    // Overdue pages are warnings at their line, and the build goes on.
    assert!(
        run.stderr
            .contains("avertissement : page à relire : sa relecture était prévue le 30 juin 2023"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/moyenne.md:4:1"),
        "{}",
        run.stderr
    );
    // The day before the first is due, nothing is late.
    let run = g.praxis(&["check", "--today", "2023-06-29"]);
    assert!(
        run.stdout.contains("0 page en retard, 1 jamais relue"),
        "{}",
        run.stdout
    );
    // A wrong --today is bad usage.
    let run = g.praxis(&["check", "--today", "demain"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_team_can_make_overdue_pages_fail_the_build() {
    let g = guide(&[
        (
            "praxis.yaml",
            "title: G\nbase_url: https://example.org/\nreview:\n  every: 1y\n  overdue: error\n",
        ),
        ("content/a.md", &page("A", "reviewed: 2020-01-01\n", "x\n")),
    ]);
    let run = g.praxis(&["check", "--today", "2026-01-01"]);
    run.says(1, &["erreur : page à relire"]);
    g.praxis_ok(&["check", "--today", "2020-06-01"]);
}

#[test]
fn citations_link_to_the_references_of_the_page_its_sheet_and_the_bibliography() {
    let g = guide(&[(
        "content/roles/animateur.md",
        &page(
            "Animateur",
            "kind: role\nsource:\n  url: https://example.org/charte\n  label: La charte du groupe\n",
            "Une communauté se cultive [@wenger2002, p. 12]. On apprend en participant [@lave1991; @wenger2002].\n\n`[@pas-une-citation]`\n",
        ),
    )]);
    g.build_ok();
    let html = g.html("roles/animateur/index.html");
    assert!(
        html.contains("<a href=\"#ref-wenger2002\" class=\"citation\""),
        "{html}"
    );
    let text = text_of(&html);
    assert!(
        text.contains("se cultive (Wenger et al., 2002, p.\u{a0}12)")
            || text.contains("se cultive (Wenger et al., 2002, p. 12)"),
        "{text}"
    );
    assert!(
        text.contains("(Lave & Wenger, 1991; Wenger et al., 2002)"),
        "{text}"
    );
    assert!(html.contains("<code>[@pas-une-citation]</code>"), "{html}");
    assert!(html.contains("<h2 id=\"references\">Références</h2>"));
    assert!(
        html.contains("<li id=\"ref-lave1991\">Lave, J., &amp; Wenger, E. (1991)."),
        "{html}"
    );
    assert!(text.contains("D'après La charte du groupe"), "{text}");
    assert!(html.contains("<a href=\"https://example.org/charte\">La charte du groupe</a>"));
    let sheet = text_of(&g.html("fiches/animateur/index.html"));
    assert!(sheet.contains("Références"), "{sheet}");
    assert!(sheet.contains("Snyder, W. M. (2002)"), "{sheet}");
    assert!(
        sheet.contains("D'après La charte du groupe (https://example.org/charte)"),
        "{sheet}"
    );
    let bibliography = text_of(&g.html("bibliographie/index.html"));
    assert!(bibliography.contains("Bibliographie"), "{bibliography}");
    assert!(
        bibliography.contains("Lave, J., & Wenger, E. (1991)")
            && bibliography.contains("Wenger, E., McDermott, R., & Snyder, W. M. (2002)"),
        "{bibliography}"
    );
    // A page that cites nothing has no references.
    assert!(!g.html("index.html").contains("id=\"references\""));
}

#[test]
fn an_unknown_citation_key_is_an_error_at_its_place_with_a_suggestion() {
    let g = guide(&[(
        "content/a.md",
        "---\ntitle: A\n---\nPremière ligne.\nComme le montre [@wenger2020, p. 3].\n",
    )]);
    let run = g.build();
    run.says(
        1,
        &[
            "erreur : référence inconnue [@wenger2020] ; vouliez-vous dire [@wenger2002] ?",
            "content/a.md:5:18",
        ],
    );
    // Without a bibliography, a citation says where to declare one.
    let g = Guide::blank().file(
        "content/_index.md",
        "---\ntitle: A\n---\nVoir [@lave1991].\n",
    );
    let run = g.build();
    run.says(1, &["n'a pas de bibliographie", "content/_index.md:4:7"]);
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn what_changed_comes_from_git_on_each_page_in_nouveautes_and_in_the_atom_feed() {
    let g = guide(&[
        ("content/a.md", &page("Page A", "", "Premier jet.\n")),
        ("content/b.md", &page("Page B", "", "Premier jet.\n")),
    ]);
    // Outside a git repository: no change dates, no news page, no feed.
    g.build_ok();
    assert!(!g.html("a/index.html").contains("Modifiée le"));
    assert!(!g.path("public/feed.xml").exists());
    assert!(!g.path("public/nouveautes").exists());

    let root = g.root();
    git(root, &["init", "-q"], "2026-01-05T09:00:00+01:00");
    git(root, &["add", "."], "2026-01-05T09:00:00+01:00");
    git(
        root,
        &["commit", "-q", "-m", "Premier jet du guide"],
        "2026-01-05T09:00:00+01:00",
    );
    g.write("content/b.md", &page("Page B", "", "Relue et corrigée.\n"));
    git(
        root,
        &["commit", "-q", "-am", "Relecture de la page B"],
        "2026-03-12T14:30:00+01:00",
    );
    g.write("content/a.md", &page("Page A", "", "Complétée.\n"));
    git(
        root,
        &["commit", "-q", "-am", "Page A : un exemple de plus"],
        "2026-04-01T08:00:00+02:00",
    );
    // Not committed: the date shown is still the last commit's.
    g.write("content/b.md", &page("Page B", "", "En cours.\n"));

    g.build_ok();
    let a = text_of(&g.html("a/index.html"));
    assert!(a.contains("Modifiée le 1er avril 2026"), "{a}");
    let b = g.html("b/index.html");
    assert!(text_of(&b).contains("Modifiée le 12 mars 2026"), "{b}");
    assert!(
        b.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"../feed.xml\""),
        "{b}"
    );
    let news = text_of(&g.html("nouveautes/index.html"));
    let order: Vec<usize> = [
        "Page A\u{a0}: un exemple de plus",
        "Relecture de la page B",
        "Premier jet du guide",
    ]
    .iter()
    .map(|s| news.find(s).unwrap_or_else(|| panic!("{s} in {news}")))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first: {news}"
    );

    let xml = std::fs::read(g.path("public/feed.xml")).unwrap();
    let feed = feed_rs::parser::parse(&xml[..]).expect("a valid Atom feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(
        titles,
        [
            "Page A : un exemple de plus",
            "Relecture de la page B",
            "Premier jet du guide"
        ]
    );
    let first = &feed.entries[0];
    assert_eq!(first.links[0].href, "https://example.org/guide/a/");
    assert_eq!(
        first.updated.unwrap().to_rfc3339(),
        "2026-04-01T06:00:00+00:00"
    );
}

#[test]
fn french_spaces_keep_signs_to_their_words_but_not_in_code_urls_attributes_or_search() {
    let g = guide(&[(
        "content/questions.md",
        &page(
            "Qui fait quoi ?",
            "summary: \"Un résumé : court ; très court !\"\n",
            "## Pourquoi ?\n\nLe mot « pratique » : voir [le site](https://example.org/?a=b) !\n\n`x ? y : z`\n\n```\nif a ? b : c\n```\n",
        ),
    )]);
    g.build_ok();
    let html = g.html("questions/index.html");
    for expected in [
        format!("<h1>Qui fait quoi{NNBSP}?</h1>"),
        format!("Pourquoi{NNBSP}?</h2>"),
        format!("Le mot «{NBSP}pratique{NBSP}»{NBSP}: voir"),
        format!("</a>{NNBSP}!"),
        format!("Un résumé{NBSP}: court{NNBSP}; très court{NNBSP}!"),
        "<code>x ? y : z</code>".to_owned(),
        "if a ? b : c".to_owned(),
        "href=\"https://example.org/?a=b\"".to_owned(),
        "<meta name=\"description\" content=\"Un résumé : court ; très court !\">".to_owned(),
    ] {
        assert!(html.contains(&expected), "{expected:?} in {html}");
    }
    let index = std::fs::read_to_string(g.path("public/search-index.js")).unwrap();
    assert!(!index.contains(NNBSP) && !index.contains(NBSP), "{index}");
}

/// Signs that must never start a line of French text.
const NO_LINE_START: &str = r#"(() => {
  const signs = new Set([':', ';', '!', '?', '»']);
  const skip = el => el.closest('code, pre, script, style, textarea, .visually-hidden, [hidden]');
  const block = el => { while (el && getComputedStyle(el).display.startsWith('inline')) el = el.parentElement; return el; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const bad = [];
  let prev = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || skip(el) || !node.textContent.trim()) continue;
    const text = node.textContent;
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || rect.width === 0) continue;
      if (signs.has(text[i]) && prev && prev.block === block(el) && prev.rect.bottom <= rect.top + 1) {
        bad.push(text.slice(Math.max(0, i - 20), i + 5));
      }
      if (text[i].trim() || text[i] === '\u00a0' || text[i] === '\u202f') prev = { rect, block: block(el) };
    }
  }
  return bad;
})()"#;

#[test]
fn no_line_of_the_shipped_guide_starts_with_a_french_sign_on_a_phone_or_a_desktop() {
    let Some(mut b) = browser::launch_or_skip("the French line-break test") else {
        return;
    };
    let (_site, out) = crate::support::build_shipped(&[], "public");
    let mut pages: Vec<_> = crate::support::walk(&out)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.html"))
        .collect();
    pages.sort();
    assert!(pages.len() > 50, "{} pages", pages.len());
    let mut bad = Vec::new();
    for width in [375, 1280] {
        b.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": 740, "deviceScaleFactor": 1, "mobile": width < 600 }),
        );
        for page in &pages {
            b.navigate(&format!("file://{}", page.display()));
            b.wait_for(
                "document.readyState === 'complete'",
                Duration::from_secs(20),
                "the page to load",
            );
            let found = b.eval(NO_LINE_START).unwrap();
            for line in found.as_array().unwrap() {
                bad.push(format!(
                    "{width} px, {}: …{}",
                    page.strip_prefix(&out).unwrap().display(),
                    line.as_str().unwrap()
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "lines that start with a sign:\n{}",
        bad.join("\n")
    );
}

#[test]
fn while_serving_a_save_that_cites_an_unknown_key_shows_the_error_and_keeps_the_last_page() {
    let g = guide(&[(
        "content/a.md",
        &page("A", "", "Comme le disent [@lave1991].\n"),
    )]);
    let mut server = crate::support::Server::start(&g);
    assert!(
        server
            .get("/a/")
            .text()
            .contains("(Lave &amp; Wenger, 1991)"),
        "the citation is formatted"
    );
    // Renamed over the page, as many editors save: one change, one rebuild.
    let tmp = g.path("content/.a.md.tmp");
    std::fs::write(&tmp, page("A", "", "Comme le disent [@lave1990].\n")).unwrap();
    std::fs::rename(&tmp, g.path("content/a.md")).unwrap();
    let failed = server.wait_for_stderr("échec de la construction");
    assert!(failed.contains("1 erreur"), "{failed}");
    let stderr = server.stderr();
    assert!(
        stderr.contains("référence inconnue [@lave1990] ; vouliez-vous dire [@lave1991] ?"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/a.md:4:18"), "{stderr}");
    assert!(
        server
            .get("/a/")
            .text()
            .contains("(Lave &amp; Wenger, 1991)")
    );
}

#[test]
fn a_bibliography_that_is_a_named_pipe_or_broken_bibtex_is_an_error_not_a_hang() {
    let g = guide(&[("content/a.md", &page("A", "", "Voir [@lave1991].\n"))]);
    std::fs::remove_file(g.path("biblio.bib")).unwrap();
    let made = Command::new("mkfifo").arg(g.path("biblio.bib")).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let run = g.build();
    run.says(1, &["erreur : la bibliographie n'est pas un fichier texte"]);
    // Reported once: its citations are not errors of their own.
    assert!(run.stderr.contains("1 erreur"), "{}", run.stderr);

    std::fs::remove_file(g.path("biblio.bib")).unwrap();
    g.write(
        "biblio.bib",
        "@book{lave1991,\n  title = {T},\n  year = {deux mille},\n}\n",
    );
    let run = g.build();
    run.says(1, &["erreur : BibTeX illisible", "--> biblio.bib:3:11"]);
}
