//! Meeting packs (`kind: pack`): printed with a cover, contents, their sheets, examples and
//! one glossary; published beside the sheets; bad references said at their line; followed
//! while serving.

use crate::pdf::{Pdf, browser_available, squeeze};
use crate::print::{BASE, guide};
use crate::sheets::{contents_page, heads_sheet, shipped_printed};
use crate::support::{Guide, page};

/// The fixture guide with a meeting pack: the long technicien sheet (two pages), the
/// coordinator, an example and a term named by the pack alone.
pub fn guide_with_pack() -> Guide {
    let guide = guide();
    guide.write(
        "content/reunions/premiere.md",
        &page(
            "Première réunion",
            "kind: pack\ndate: 2026-03-12\nsummary: Le dossier du lancement.\nroles: [technicien, coordinateur]\nexamples: [icane]\nterms: [cop]\n",
            "Le dossier de la [[premiere|première réunion]].\n",
        ),
    );
    guide
}

#[test]
fn a_meeting_pack_prints_its_cover_contents_sheets_examples_and_one_glossary() {
    if !browser_available() {
        return;
    }
    let guide = guide_with_pack();
    let out = guide.path("pdf");
    guide.praxis_ok(&[
        "print",
        "--pack",
        "premiere",
        "--output",
        out.to_str().unwrap(),
    ]);
    let files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["premiere.pdf"], "--pack prints that pack alone");
    let pdf = Pdf::read(&out.join("premiere.pdf"));
    let cover = squeeze(&pdf.pages[0]);
    for words in ["Guide test", "Première réunion", "12 mars 2026", "Sommaire"] {
        assert!(
            cover.to_lowercase().contains(&words.to_lowercase()),
            "{words}: {cover}"
        );
    }
    // Each line of the contents sends to the page where its part begins.
    let technicien = contents_page(&pdf, "Fiche Technicien");
    let coordinateur = contents_page(&pdf, "Fiche Coordinateur");
    let examples = contents_page(&pdf, "Exemples");
    let glossary = contents_page(&pdf, "Glossaire du dossier");
    let links = contents_page(&pdf, "Liens");
    assert_eq!(technicien, 2, "{cover}");
    assert!(heads_sheet(&pdf.pages[technicien - 1], "Technicien"));
    assert!(
        squeeze(&pdf.pages[technicien]).contains("Technicien · page 2/2"),
        "the long sheet's second page names it: {}",
        pdf.pages[technicien]
    );
    assert_eq!(coordinateur, technicien + 2, "{cover}");
    assert!(heads_sheet(&pdf.pages[coordinateur - 1], "Coordinateur"));
    let starts = |n: usize, heading: &str| {
        pdf.pages[n - 1]
            .lines()
            .map(squeeze)
            .find(|l| !l.is_empty())
            .is_some_and(|l| l == heading)
    };
    assert!(starts(examples, "Exemples"), "{}", pdf.pages[examples - 1]);
    assert!(
        pdf.pages[examples - 1].contains("ICANE"),
        "{}",
        pdf.pages[examples - 1]
    );
    assert!(
        starts(glossary, "Glossaire du dossier"),
        "{}",
        pdf.pages[glossary - 1]
    );
    assert!(starts(links, "Liens"), "{}", pdf.pages[links - 1]);
    assert_eq!(links, pdf.pages.len(), "the links end the pack");
    // One glossary: the term the sheets use (Plateforme) and the one the pack names.
    let glossary_text = squeeze(&pdf.pages[glossary - 1..links - 1].join("\n"));
    for term in ["Plateforme", "Communauté de Pratique"] {
        assert_eq!(
            glossary_text.matches(term).count(),
            1,
            "{term} defined once: {glossary_text}"
        );
    }
    // The links: absolute addresses, the pack's example among them.
    let notes = squeeze(&pdf.pages[links - 1]);
    assert!(notes.contains(BASE), "{notes}");
    assert!(notes.contains("exemples/icane/"), "{notes}");
}

#[test]
fn bad_references_in_a_pack_are_errors_at_their_line() {
    let guide = guide();
    guide.write(
        "content/reunions/premiere.md",
        "---\ntitle: Première réunion\nkind: pack\ndate: 2026-02-30\nroles:\n  - coordinateru\n  - plateforme\nexamples: [icane]\nterms: [cop, animateur]\n---\nTexte.\n",
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    assert!(
        e.contains("`date` : `2026-02-30` n'est pas une date"),
        "{e}"
    );
    assert!(e.contains("--> content/reunions/premiere.md:4:"), "{e}");
    assert!(
        e.contains("`coordinateru` ne désigne aucune page")
            && e.contains("vouliez-vous dire `coordinateur` ?"),
        "{e}"
    );
    assert!(e.contains("--> content/reunions/premiere.md:6:5"), "{e}");
    assert!(
        e.contains(
            "`plateforme` dans `roles` n'est pas de type role : content/glossaire/plateforme.md est de type term"
        ),
        "{e}"
    );
    assert!(e.contains("--> content/reunions/premiere.md:7:5"), "{e}");
    assert!(
        e.contains("`animateur` dans `terms` n'est pas de type term"),
        "{e}"
    );
    assert!(e.contains("--> content/reunions/premiere.md:9:14"), "{e}");
    assert!(e.contains("échec de la construction : 4 erreurs"), "{e}");
}

#[test]
fn a_pack_named_as_a_role_is_an_error() {
    let guide = guide();
    guide.write(
        "content/reunions/technicien.md",
        &page(
            "Réunion technique",
            "kind: pack\nroles: [coordinateur]\n",
            "Texte.\n",
        ),
    );
    let run = guide.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "ce dossier de réunion et content/roles/organisation/technicien.md auraient la même page fiches/technicien/"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_pack_is_published_beside_the_sheets_and_printed_with_the_rest() {
    let guide = guide_with_pack();
    guide.build_ok();
    let pack = guide.html("fiches/premiere/index.html");
    assert!(pack.contains("12 mars 2026"), "{pack}");
    assert!(pack.contains("data-sheet=\"fiche-technicien\""), "{pack}");
    assert!(pack.contains("id=\"fiche-coordinateur\""), "{pack}");
    let page = guide.html("reunions/premiere/index.html");
    assert!(page.contains("href=\"../../fiches/premiere/\""), "{page}");
    assert!(page.contains("Imprimer le dossier"), "{page}");
    let unknown = guide.praxis(&["print", "--pack", "premire", "--output", "x"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains(
            "--pack premire : ce dossier de réunion n'existe pas ; vouliez-vous dire premiere ?"
        ),
        "{}",
        unknown.stderr
    );
}

/// The meeting pack the guide ships (content/reunions/).
pub const SHIPPED_PACK: &str = "premiere-reunion";

#[test]
fn the_shipped_pack_prints_with_each_sheet_where_its_contents_say() {
    let Some(s) = shipped_printed() else { return };
    let pdf = &s.pack;
    for role in ["Coordinateur", "Animateur", "Membre"] {
        let n = contents_page(pdf, &format!("Fiche {role}"));
        assert!(
            heads_sheet(&pdf.pages[n - 1], role),
            "the contents send {role} to page {n}, which is:\n{}",
            pdf.pages[n - 1]
        );
    }
    let glossary = contents_page(pdf, "Glossaire du dossier");
    let text = squeeze(&pdf.pages[glossary - 1]);
    for term in ["Charte", "Domaine", "Négociation de rôle"] {
        assert!(text.contains(term), "{term}: {text}");
    }
}

#[test]
fn while_serving_a_pack_follows_the_edits_of_the_sheets_it_prints() {
    use praxis::base::sink::Data;
    let guide = guide_with_pack();
    let options = praxis::pipeline::Options::default();
    let mut session = praxis::pipeline::incremental::Session::new(guide.root(), &options);
    session.rebuild(&[]).expect("the guide builds");
    let role = "content/roles/organisation/coordinateur.md";
    let text = std::fs::read_to_string(guide.path(role)).unwrap();
    guide.write(role, &format!("{text}\nUne phrase ajoutée en réunion.\n"));
    let built = session
        .rebuild(&[std::path::PathBuf::from(role)])
        .expect("the edit builds");
    assert!(
        built.report.rendered.is_some(),
        "a text edit is an incremental rebuild"
    );
    let pack = match built.site.files.get("fiches/premiere/index.html") {
        Some(Data::Bytes(html)) => String::from_utf8_lossy(html).into_owned(),
        _ => panic!("no pack"),
    };
    assert!(pack.contains("Une phrase ajoutée en réunion."), "{pack}");
    let full = praxis::pipeline::build(guide.root(), &options).expect("full build");
    match full.site.files.get("fiches/premiere/index.html") {
        Some(Data::Bytes(html)) => assert_eq!(String::from_utf8_lossy(html), pack),
        _ => panic!("no pack in the full build"),
    }
}
