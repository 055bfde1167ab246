//! `praxis print` as a coordinator meets it: the fixture guide printed once into one PDF
//! per role and the booklet, what the command writes and says, and how it fails (no
//! Chromium, a browser that hangs or dies, a folder it cannot write, an unknown role,
//! content errors, an example address). What the PDFs hold is told in `sheets.rs`,
//! `book.rs` and `packs.rs`; `pdf.rs` reads them back.

use crate::pdf::{Pdf, browser_available, images, png};
use crate::support::{Guide, page};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;
use std::time::Instant;

/// Where the fixture guide is published: a real address, which `praxis print` accepts.
pub const BASE: &str = "https://cop-sante.be/guide/";

/// Thirty long tasks: the technicien's sheet they fill runs over two pages.
pub fn long_tasks() -> Vec<String> {
    (1..=30)
        .map(|i| {
            format!(
                "tâche {i} : installer, entretenir et documenter les outils numériques du groupe, \
                 puis accompagner pas à pas chaque personne qui en a besoin, jusqu'à ce qu'elle \
                 s'en serve seule au quotidien (étape {i})"
            )
        })
        .collect()
}

/// The guide these tests print, and `sheets.rs` and `packs.rs` read: three roles in two
/// families (the technicien's sheet longer than a page), two terms, an example, an image
/// and a link out.
pub fn guide() -> Guide {
    let tasks: String = long_tasks()
        .iter()
        .map(|t| format!("  - \"{t}\"\n"))
        .collect();
    let guide = Guide::blank()
        .config(&format!("title: Guide test\nbase_url: {BASE}\nglossary:\n  autolink: first\n"))
        .page("_index.md", "Guide test", "", "Bienvenue. Voir les [[roles]].\n")
        .page(
            "roles/_index.md",
            "Rôles",
            "weight: 1\n",
            "Les rôles : [[organisation]] et [[contenu]].\n",
        )
        .page(
            "roles/organisation/_index.md",
            "Organisation",
            "weight: 1\n",
            "Voir le [[coordinateur]] et le [[technicien]].\n",
        )
        .page(
            "roles/organisation/coordinateur.md",
            "Coordinateur",
            "kind: role\nweight: 1\nsummary: Veille au bon fonctionnement du groupe.\ntasks:\n  - accueille les **nouveaux** membres\n  - veille aux échéances\n",
            "## Sa mission\n\nIl travaille avec le [[technicien]] sur la plateforme de la CoP.\n\n![Schéma des rôles](schema.png)\n\nVoir aussi [le site du CRIFA](https://crifa.example.be/accueil).\n",
        )
        .page(
            "roles/organisation/technicien.md",
            "Technicien",
            &format!("kind: role\nweight: 2\nsummary: Installe les outils.\ntasks:\n{tasks}"),
            "## Outils\n\nVoir [[glossaire/plateforme|la plateforme]].\n",
        )
        .page("roles/contenu/_index.md", "Contenu", "weight: 2\n", "Voir l'[[animateur]].\n")
        .page(
            "roles/contenu/animateur.md",
            "Animateur",
            "kind: role\nsummary: Fait vivre les échanges.\ntasks: [lance les discussions]\n",
            "Il anime la CoP.\n",
        )
        .page("glossaire/_index.md", "Glossaire", "", "Les termes.\n")
        .page(
            "glossaire/plateforme.md",
            "Plateforme",
            "kind: term\nsummary: Un espace en ligne sécurisé où les membres rangent leurs documents.\naliases: [plateformes]\n",
            "Voir [[cop]].\n",
        )
        .page(
            "glossaire/cop.md",
            "Communauté de Pratique",
            "kind: term\nsummary: Un groupe de personnes qui apprennent ensemble de leur pratique.\naliases: [CoP]\n",
            "Texte.\n",
        )
        .page("exemples/_index.md", "Exemples", "", "Des CoP vécues.\n")
        .page(
            "exemples/icane.md",
            "ICANE",
            "kind: example\nsummary: Des infirmières en chef qui partagent leurs outils.\nroles: [coordinateur]\n",
            "Le [[coordinateur]] réunit le groupe.\n",
        );
    guide.write_bytes("content/roles/organisation/schema.png", &png(120, 60));
    guide
}

pub const ROLES: [(&str, &str); 3] = [
    ("coordinateur", "Coordinateur"),
    ("technicien", "Technicien"),
    ("animateur", "Animateur"),
];

pub struct Printed {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub files: Vec<String>,
    pub public_written: bool,
    pub sheet: Pdf,
    pub technicien: Pdf,
    pub booklet: Pdf,
    /// The raster images of each PDF, as `pdfimages -list` tells: (page, width, height).
    pub images: std::collections::HashMap<String, Vec<(usize, u32, u32)>>,
}

/// The fixture guide printed once for all the tests that read its PDFs.
pub fn printed() -> Option<&'static Printed> {
    static PRINTED: OnceLock<Printed> = OnceLock::new();
    if !browser_available() {
        return None;
    }
    Some(PRINTED.get_or_init(|| {
        let guide = guide();
        let out = guide.path("pdf");
        let run = guide.praxis(&["print", "--output", out.to_str().unwrap()]);
        let mut files: Vec<String> = std::fs::read_dir(&out)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        assert_eq!(run.code, 0, "praxis print failed:\n{}", run.stderr);
        Printed {
            code: run.code,
            stdout: run.stdout,
            stderr: run.stderr,
            images: files
                .iter()
                .map(|f| (f.clone(), images(&out.join(f))))
                .collect(),
            files,
            public_written: guide.path("public").exists(),
            sheet: Pdf::read(&out.join("coordinateur.pdf")),
            technicien: Pdf::read(&out.join("technicien.pdf")),
            booklet: Pdf::read(&out.join("fiches.pdf")),
        }
    }))
}

#[test]
fn print_writes_one_pdf_per_role_and_the_booklet_and_says_so() {
    let Some(p) = printed() else { return };
    assert_eq!(p.code, 0, "{}", p.stderr);
    assert_eq!(
        p.files,
        [
            "animateur.pdf",
            "coordinateur.pdf",
            "fiches.pdf",
            "technicien.pdf"
        ]
    );
    for f in &p.files {
        assert!(
            p.stdout.contains(f.as_str()),
            "{f} is not reported:\n{}",
            p.stdout
        );
    }
    assert!(p.stderr.contains("4 PDF imprimés"), "{}", p.stderr);
    assert!(!p.public_written, "print must not write <root>/public");
}

#[test]
fn print_role_writes_only_that_roles_pdf() {
    if !browser_available() {
        return;
    }
    let guide = guide();
    let out = guide.path("pdf");
    guide.praxis_ok(&[
        "print",
        "--role",
        "animateur",
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        "https://autre.example.net/cop/",
    ]);
    let files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files, [out.join("animateur.pdf")]);
    let text = Pdf::read(&files[0]).text();
    assert!(
        text.contains("Source : https://autre.example.net/cop/roles/contenu/animateur/"),
        "--base-url is used for the printed URLs:\n{text}"
    );
}

/// A stand-in for Chromium in `guide`: the shell `script`, executable.
#[cfg(unix)]
pub fn fake_browser(guide: &Guide, script: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    guide.write("bin/fake-chromium", script);
    let fake = guide.path("bin/fake-chromium");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    fake
}

/// `praxis print --role animateur --output out` with the browser `fake`, and `env`.
#[cfg(unix)]
pub fn print_animateur(
    guide: &Guide,
    out: &std::path::Path,
    fake: &std::path::Path,
    env: &[(&str, &str)],
) -> (i32, String) {
    let mut env = env.to_vec();
    env.push(("PRAXIS_CHROMIUM", fake.to_str().unwrap()));
    let args = [
        "print",
        "--role",
        "animateur",
        "--output",
        out.to_str().unwrap(),
    ];
    praxis_env(guide, &args, &env)
}

/// Runs praxis with extra environment variables.
pub fn praxis_env(guide: &Guide, args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_praxis"));
    cmd.args(args).arg("--root").arg(guide.root());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("praxis runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn print_without_chromium_exits_1_and_says_how_to_install_it() {
    let guide = guide();
    let out = guide.path("pdf");
    let (code, stderr) = praxis_env(
        &guide,
        &["print", "--output", out.to_str().unwrap()],
        &[("PRAXIS_CHROMIUM", "/nonexistent/chromium"), ("PATH", "")],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("praxis print a besoin de Chromium"),
        "{stderr}"
    );
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
    assert!(stderr.contains("PRAXIS_CHROMIUM"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "nothing is written without a browser");
}

#[test]
fn an_unknown_role_is_bad_usage_with_a_suggestion() {
    let guide = guide();
    let run = guide.praxis(&["print", "--role", "coordinatuer", "--output", "x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("vouliez-vous dire coordinateur ?"),
        "{}",
        run.stderr
    );
}

#[test]
fn content_errors_stop_print_like_build() {
    let guide = guide();
    guide.write(
        "content/roles/contenu/animateur.md",
        &page("Animateur", "kind: role\n", "Voir [[plateform]].\n"),
    );
    let out = guide.path("pdf");
    let run = guide.praxis(&["print", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("[[plateform]]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--> content/roles/contenu/animateur.md:"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no PDF is written for broken content");
}

#[cfg(unix)]
#[test]
fn a_browser_that_hangs_is_stopped_and_reported() {
    let guide = guide();
    let fake = fake_browser(&guide, "#!/bin/sh\nsleep 30\n");
    let out = guide.path("pdf");
    let started = Instant::now();
    let (code, stderr) = print_animateur(&guide, &out, &fake, &[("PRAXIS_PRINT_TIMEOUT", "1")]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "praxis waited {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("erreur : impossible d'imprimer ")
            && stderr.contains("animateur.pdf : ")
            && stderr.contains("n'a pas fini en 1 s et a été arrêté"),
        "{stderr}"
    );
    assert!(!stderr.contains("did not finish"), "{stderr}");
    assert!(!out.join("animateur.pdf").exists());
}

/// A PDF printed, then not written where the coordinator asked: the folder given runs
/// through a file. Said in French, naming the folder.
#[cfg(unix)]
#[test]
fn a_pdf_that_cannot_be_written_out_is_said_in_french_naming_the_folder() {
    let guide = guide();
    // A browser that prints at once: it writes a PDF's first bytes where it is asked to.
    let fake = fake_browser(
        &guide,
        "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --print-to-pdf=*) \
         printf '%%PDF-1.4\\n' > \"${a#--print-to-pdf=}\";; esac; done\n",
    );
    let out = guide.path("praxis.yaml/pdf");
    let (code, stderr) = print_animateur(&guide, &out, &fake, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "erreur : impossible de créer {} : une partie du chemin est un fichier, là où un \
             dossier est attendu\n",
            out.display()
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Not a directory") && !stderr.contains("os error"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_browser_that_fails_is_reported_with_its_last_words() {
    let guide = guide();
    let fake = fake_browser(
        &guide,
        "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n",
    );
    let out = guide.path("pdf");
    let (code, stderr) = praxis_env(
        &guide,
        &["print", "--output", out.to_str().unwrap()],
        &[("PRAXIS_CHROMIUM", fake.to_str().unwrap())],
    );
    assert_eq!(code, 1, "{stderr}");
    // The browser's own words are kept, after the guide's.
    assert!(
        stderr.contains(
            "s'est arrêté en erreur (code de sortie 3) ; ses derniers messages (en anglais) :\n    cannot open display"
        ),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("failed ("),
        "{stderr}"
    );
}

#[test]
fn print_refuses_an_example_address_and_says_what_to_set() {
    // praxis.yaml as `praxis init` might leave it: https://example.org/guide/.
    let guide = Guide::blank().page(
        "roles/animateur.md",
        "Animateur",
        "kind: role\n",
        "Anime.\n",
    );
    let out = guide.path("pdf");
    let run = guide.praxis(&["print", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "erreur : l'adresse du guide, https://example.org/guide/, est une adresse d'exemple"
        ) && run.stderr.contains("--> praxis.yaml:2:1")
            && run.stderr.contains("base_url: https://…/")
            && run.stderr.contains("praxis print --base-url"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no PDF is written");
    // The whole guide on paper is refused for the same reason.
    let run = guide.praxis(&["print", "--guide", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("est une adresse d'exemple"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no PDF is written");
}
