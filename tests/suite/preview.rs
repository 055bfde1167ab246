//! An author's mistakes while `praxis serve` is open never freeze the preview: a page with
//! errors shows them over its last good version, every other page is rebuilt on save and
//! names the broken pages, warnings have their own panel, a renamed page's tab follows it.
//! And a page whose front matter cannot be read breaks nothing but itself.

use crate::browser;
use crate::serve::{WAIT, save};
use crate::support::{Guide, Server, page};

fn guide() -> Guide {
    Guide::blank()
        .page(
            "_index.md",
            "Accueil",
            "",
            "Voir [[Page A]] et [[Page B]].\n",
        )
        .page("a.md", "Page A", "", "A un.\n")
        .page("b.md", "Page B", "", "B un. Voir [[Page A]].\n")
        .page(
            "roles/coordinateur.md",
            "Coordinateur",
            "kind: role\n",
            "Anime le groupe.\n",
        )
        .page(
            "roles/technicien.md",
            "Technicien",
            "kind: role\n",
            "Tient les outils.\n",
        )
}

/// The text of the element `id`, or "" when the page has none.
fn shown(id: &str) -> String {
    format!("(document.getElementById('{id}') || {{innerText: ''}}).innerText")
}

#[test]
fn a_broken_page_never_freezes_the_others_and_a_renamed_page_is_followed() {
    let Some(mut browser) = browser::launch_or_skip("the partial preview browser test") else {
        return;
    };
    let guide = guide();
    let server = Server::start(&guide);
    browser.open_live(&server.url("/b/"), WAIT);

    // Page A gets a broken link; then page B is saved: B's change shows, with a notice
    // that names A and links to it.
    save(
        &guide,
        "content/a.md",
        &page("Page A", "", "A deux. Voir [[nulle-part]].\n"),
    );
    browser.wait_for(
        &format!("{}.includes('Page A')", shown("praxis-notice")),
        WAIT,
        "the notice naming page A",
    );
    save(
        &guide,
        "content/b.md",
        &page("Page B", "", "B deux. Voir [[Page A]].\n"),
    );
    browser.wait_for(
        "document.body.innerText.includes('B deux.')",
        WAIT,
        "B's change while A is broken",
    );
    let notice = browser.eval(&shown("praxis-notice")).unwrap();
    assert!(notice.as_str().unwrap().contains("À corriger"), "{notice}");
    let link = browser
        .eval("document.querySelector('#praxis-notice a').getAttribute('href')")
        .unwrap();
    assert_eq!(link, "/a/");
    assert!(
        !browser.text().contains("nulle-part"),
        "B shows no error of A's"
    );

    // Page A shows its own error over its last good text.
    browser.open_live(&server.url("/a/"), WAIT);
    let overlay = browser.eval(&shown("praxis-overlay")).unwrap();
    let overlay = overlay.as_str().unwrap();
    assert!(
        overlay.contains("Dans a.md, ligne 4 : le lien [[nulle-part]] ne mène à aucune page."),
        "{overlay}"
    );
    let under = browser
        .eval("document.querySelector('main').innerText")
        .unwrap();
    assert!(under.as_str().unwrap().contains("A un."), "{under}");
    assert!(!under.as_str().unwrap().contains("A deux."), "{under}");

    // Fixed: the overlay goes, and so does the notice on B.
    save(&guide, "content/a.md", &page("Page A", "", "A trois.\n"));
    browser.wait_for(
        "document.body.innerText.includes('A trois.') && !document.getElementById('praxis-overlay')",
        WAIT,
        "the fix to clear A's errors",
    );
    browser.open_live(&server.url("/b/"), WAIT);
    assert!(
        browser
            .eval("!document.getElementById('praxis-notice')")
            .unwrap()
            == true
    );

    // An empty new file (an editor's first save) is a notice, not a blocker.
    guide.write("content/c.md", "");
    browser.wait_for(
        "document.querySelector('#praxis-notice a[href=\"/c/\"]')",
        WAIT,
        "the notice naming the empty page",
    );
    save(&guide, "content/b.md", &page("Page B", "", "B trois.\n"));
    browser.wait_for(
        "document.body.innerText.includes('B trois.')",
        WAIT,
        "B's change beside an empty page",
    );
    guide.remove("content/c.md");
    browser.wait_for(
        "!document.getElementById('praxis-notice')",
        WAIT,
        "the notice to go with the empty page",
    );

    // A warning has its own discreet panel, in the guide's language, gone once fixed.
    save(
        &guide,
        "content/b.md",
        &page("Page B", "summry: Une faute de frappe.\n", "B quatre.\n"),
    );
    browser.wait_for(
        &format!("{}.includes('1 avertissement')", shown("praxis-warnings")),
        WAIT,
        "the warnings panel",
    );
    let panel = browser
        .eval("document.getElementById('praxis-warnings').textContent")
        .unwrap();
    let panel = panel.as_str().unwrap();
    assert!(
        panel.contains("content/b.md:3") && panel.contains("summry"),
        "{panel}"
    );
    assert!(
        browser
            .eval("!document.getElementById('praxis-overlay')")
            .unwrap()
            == true
    );
    save(
        &guide,
        "content/b.md",
        &page("Page B", "summary: Juste.\n", "B cinq.\n"),
    );
    browser.wait_for(
        "document.body.innerText.includes('B cinq.') && !document.getElementById('praxis-warnings')",
        WAIT,
        "the panel to go once the warning is fixed",
    );

    // A tab in A's front matter: A cannot be read, but it keeps its last good title, so
    // the pages that link to it by title have no error: the notice names A alone.
    save(
        &guide,
        "content/a.md",
        "---\ntitle: Page A\n\tweight: 2\n---\nA quatre.\n",
    );
    browser.wait_for(
        "document.querySelector('#praxis-notice a[href=\"/a/\"]')",
        WAIT,
        "the notice naming A after its front matter broke",
    );
    let names = browser
        .eval("Array.from(document.querySelectorAll('#praxis-notice a')).map(a => a.textContent)")
        .unwrap();
    assert_eq!(
        names,
        serde_json::json!(["Page A"]),
        "only A, by its last good title"
    );
    save(&guide, "content/a.md", &page("Page A", "", "A trois.\n"));
    browser.wait_for(
        "!document.getElementById('praxis-notice')",
        WAIT,
        "the notice to go once A is fixed",
    );

    // The open page is renamed: the tab follows it to its new address.
    browser.open_live(&server.url("/a/"), WAIT);
    std::fs::rename(
        guide.path("content/a.md"),
        guide.path("content/renommee.md"),
    )
    .unwrap();
    browser.wait_for(
        "location.pathname === '/renommee/' && document.body.innerText.includes('A trois.')",
        WAIT,
        "the tab to follow the renamed page",
    );
    // The old address leads there for the rest of the session.
    let old = server.get("/a/");
    assert!(old.head_line().contains(" 302 "), "{}", old.head_line());
    assert_eq!(old.header("location"), Some("/renommee/"));

    // A mistyped address: the 404 page suggests the closest pages, from the search index.
    browser.navigate(&server.url("/roles/coordinatuer/"));
    browser.wait_for(
        "!document.getElementById('proches').hidden",
        WAIT,
        "the closest pages on the 404 page",
    );
    let closest = browser
        .eval("Array.from(document.querySelectorAll('#proches a')).map(a => a.textContent + ' ' + a.getAttribute('href'))")
        .unwrap();
    assert_eq!(closest[0], "Coordinateur /roles/coordinateur/", "{closest}");
    assert!(
        browser
            .text()
            .contains("Pages proches de l'adresse demandée"),
        "{}",
        browser.text()
    );
    assert!(
        !closest.to_string().contains("Technicien"),
        "only close pages: {closest}"
    );
    browser.close();
}

#[test]
fn a_page_whose_front_matter_cannot_be_read_breaks_nothing_but_itself() {
    let role = "---\ntitle: Coordinateur\nkind: role\n\taliases: [coordinatrice]\n---\nTexte.\n";
    let guide = Guide::blank()
        .page("_index.md", "Accueil", "", "Voir [[coordinateur]].\n")
        .file("content/roles/coordinateur.md", role)
        .page("a.md", "A", "", "Le [[coordinateur]] anime.\n")
        .page("b.md", "B", "", "Voir [[roles/coordinateur#sa-mission]].\n")
        .page(
            "c.md",
            "C",
            "kind: example\nroles: [coordinateur]\n",
            "Un exemple.\n",
        );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("erreur"))
        .collect();
    assert_eq!(errors.len(), 1, "one error, the cause:\n{}", run.stderr);
    assert!(
        run.stderr.contains("content/roles/coordinateur.md:4"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("ne mène à aucune page"),
        "{}",
        run.stderr
    );
}
