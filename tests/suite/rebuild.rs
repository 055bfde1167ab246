//! Exists because `praxis serve` rebuilds the whole site on every save: whatever sequence
//! of edits an author makes, what the server serves must be byte for byte what a full
//! `praxis build` of the final files produces. Random small guides, random edits (seeded,
//! deterministic), compared file by file over a real socket.

use crate::support::{Guide, Server, find, page, walk};
use praxis::base::sink::Data;
use praxis::base::urls::{MANIFEST, PRECACHE, WORKER};
use praxis::pipeline::incremental::Session;
use praxis::pipeline::{self, Options};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Long enough for a debug build on a loaded two-core machine.
const WAIT: Duration = Duration::from_secs(60);
const SEEDS: [u64; 4] = [0x5eed_0001, 0x5eed_0002, 0x5eed_0003, 0x5eed_0004];
const EDITS: usize = 8;
/// How long the server may take to catch up with the files before a mismatch counts.
const CONVERGE: Duration = Duration::from_secs(20);

#[test]
fn serve_after_random_edits_serves_what_build_builds() {
    for seed in SEEDS {
        run_seed(seed);
    }
}

/// The same random edits applied in-process: after each save, an incremental rebuild
/// (plus its completion) must equal a full build, file for file.
#[test]
fn incremental_rebuilds_equal_full_builds() {
    let mut incremental = 0;
    for seed in 0..24u64 {
        let mut rng = Rng((seed + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        let mut guide = Model::generate(&mut rng);
        guide.write_all(root);
        let options = Options::default();
        let mut session = Session::new(root, &options);
        session.rebuild(&[]).expect("the generated guide builds");
        let mut log = vec![format!("seed {seed}")];
        for step in 0..12 {
            let before = files_of(root);
            log.push(format!(
                "edit {step}: {}",
                guide.random_edit(&mut rng, root)
            ));
            let after = files_of(root);
            let changed: Vec<std::path::PathBuf> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .map(std::path::PathBuf::from)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let built = session
                .rebuild(&changed)
                .unwrap_or_else(|e| panic!("rebuild failed: {e:#?}\n{log:#?}"));
            incremental += usize::from(built.report.rendered.is_some());
            let site = session.complete().unwrap_or(built.site);
            let full = pipeline::build(root, &options).expect("full build").site;
            let keys = |s: &praxis::base::sink::Site| s.files.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(&site), keys(&full), "{log:#?}");
            for (key, data) in &full.files {
                let (Data::Bytes(want), Some(Data::Bytes(got))) = (data, site.files.get(key))
                else {
                    continue;
                };
                if want != got {
                    panic!(
                        "{key} differs after an incremental rebuild: {}\n{log:#?}",
                        first_difference(want, got)
                    );
                }
            }
        }
    }
    // The edits above must have exercised the incremental path, not only full builds.
    assert!(incremental >= 40, "only {incremental} incremental rebuilds");
}

/// What editors and file managers do besides saving a page: temporary copies that come and
/// go, folders removed whole, theme files created. Each rebuild must still equal a full one.
#[test]
fn incremental_rebuilds_know_when_to_build_everything() {
    let guide = Guide::new(&[
        ("content/_index.md", &page("Accueil", "", "Voir [[a]].\n")),
        ("content/a.md", &page("Page A", "", "Texte.\n")),
        ("content/roles/_index.md", &page("Rôles", "", "")),
        (
            "content/roles/r.md",
            &page("Rôle R", "kind: role\ncouleur: rouge\n", "Voir [[a]].\n"),
        ),
    ]);
    let options = Options::default();
    let mut session = Session::new(guide.root(), &options);
    session.rebuild(&[]).expect("first build");
    let mut step = |changed: &[&str], incremental: bool| {
        let changed: Vec<std::path::PathBuf> = changed.iter().map(Into::into).collect();
        let built = session.rebuild(&changed).expect("rebuild");
        assert_eq!(built.report.rendered.is_some(), incremental, "{changed:?}");
        let site = session.complete().unwrap_or(built.site);
        let full = pipeline::build(guide.root(), &options).expect("full build");
        assert_eq!(site.files, full.site.files, "{changed:?}");
        // The warnings too: `couleur` is not a field, whichever build reads it.
        assert_eq!(built.report.warnings, full.report.warnings, "{changed:?}");
    };
    // sed -i and many editors: a temporary file renamed over the page.
    guide.write("content/a.md", &page("Page A", "", "Texte et [[r]].\n"));
    step(&["content/a.md", "content/sed1Xy2Z"], true);
    // A new image is a new file of the site; a new theme file changes every page.
    guide.write_bytes("content/image.png", b"png");
    step(&["content/image.png"], false);
    guide.write_bytes("content/image.png", b"png, second version");
    step(&["content/image.png"], true);
    guide.write("themes/default/static/style.css", "body { color: red }");
    step(&["themes", "themes/default/static/style.css"], false);
    // A folder removed whole: its pages are gone, and links to them broken.
    guide.write("content/_index.md", &page("Accueil", "", "Voir [[a]].\n"));
    guide.write("content/a.md", &page("Page A", "", "Texte.\n"));
    std::fs::remove_dir_all(guide.path("content/roles")).unwrap();
    step(
        &["content/_index.md", "content/a.md", "content/roles"],
        false,
    );
}

/// An author breaks a page while the preview is open and goes on writing elsewhere: the
/// breaking save is reported at once, each save of another page is still incremental, and
/// the site served is what a full build past the same error serves, but for the broken
/// page, which shows its last good version. Fixing it is a full build, as `praxis build`.
#[test]
fn saves_past_a_broken_page_stay_incremental() {
    let role = |body: &str| page("Animateur", "kind: role\n", body);
    let guide = Guide::new(&[
        (
            "content/_index.md",
            &page("Accueil", "", "Voir [[animateur]] et [[b]].\n"),
        ),
        ("content/roles/animateur.md", &role("Anime le groupe.\n")),
        ("content/b.md", &page("Page B", "", "B un.\n")),
        ("content/c.md", &page("Page C", "", "C un.\n")),
    ]);
    let options = Options::default();
    let mut session = Session::new(guide.root(), &options);
    let first = session.rebuild(&[]).expect("first build");
    let path = |p: &str| vec![std::path::PathBuf::from(p)];
    let broken = |built: &pipeline::Built| -> Vec<String> {
        (built.report.broken.iter())
            .map(|b| b.source.display().to_string())
            .collect()
    };
    let shown = |site: &praxis::base::sink::Site, key: &str| match site.files.get(key) {
        Some(Data::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("{key}: {other:?}"),
    };

    // The role gets a link to nowhere: reported at once, nothing rendered again, its
    // page and sheet as they were.
    let role_page = "roles/animateur/index.html";
    let sheet = "fiches/animateur/index.html";
    guide.write(
        "content/roles/animateur.md",
        &role("Anime le groupe et [[nulle-part]].\n"),
    );
    let built = session
        .rebuild(&path("content/roles/animateur.md"))
        .expect("an error in a page does not stop the preview");
    assert_eq!(built.report.rendered, Some(0));
    assert_eq!(broken(&built), ["content/roles/animateur.md"]);
    for key in [role_page, sheet] {
        assert_eq!(shown(&built.site, key), shown(&first.site, key), "{key}");
    }
    let errors: Vec<String> = (built.report.warnings.iter())
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{}", d.path.display(), d.line))
        .collect();
    assert_eq!(errors, ["content/roles/animateur.md:5"]);

    // Page B is saved, and now links to C: B and C (its backlinks) are rendered again,
    // and the site is what a full build past the role's error gives, the role aside.
    guide.write("content/b.md", &page("Page B", "", "B deux. Voir [[c]].\n"));
    let built = session.rebuild(&path("content/b.md")).expect("B builds");
    assert_eq!(built.report.rendered, Some(2), "B and its new backlink C");
    assert_eq!(broken(&built), ["content/roles/animateur.md"]);
    assert!(shown(&built.site, "b/index.html").contains("B deux."));
    let served = session.complete().unwrap_or(built.site.clone());
    let full = Session::new(guide.root(), &options)
        .rebuild(&[])
        .expect("a full build past the error");
    assert_eq!(built.report.warnings, full.report.warnings);
    // The files that hold every page hold the role as it is now in the full build.
    let late = |key: &str| praxis::pipeline::incremental::LATE_FILES.contains(&key);
    let keys = |site: &praxis::base::sink::Site| -> Vec<String> {
        site.files.keys().filter(|k| !late(k)).cloned().collect()
    };
    assert_eq!(keys(&served), keys(&full.site));
    for key in keys(&full.site)
        .iter()
        .filter(|k| ![role_page, sheet].contains(&k.as_str()))
    {
        assert_eq!(served.files.get(key), full.site.files.get(key), "{key}");
    }

    // B breaks too: both are named, B shows its last good version.
    guide.write(
        "content/b.md",
        &page("Page B", "", "B trois. [[plus-rien]]\n"),
    );
    let built = session
        .rebuild(&path("content/b.md"))
        .expect("past two errors");
    assert_eq!(built.report.rendered, Some(0));
    assert_eq!(
        broken(&built),
        ["content/b.md", "content/roles/animateur.md"]
    );
    assert!(shown(&built.site, "b/index.html").contains("B deux."));

    // The role saved again with another error, then fixed: each save is incremental, as
    // its errors were all in its text. Once both are fixed, the site is the one `praxis
    // build` makes.
    guide.write("content/roles/animateur.md", &role("Anime [[ailleurs]].\n"));
    let built = session
        .rebuild(&path("content/roles/animateur.md"))
        .expect("past it");
    assert_eq!(built.report.rendered, Some(0));
    let said: Vec<String> = built
        .report
        .warnings
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(said.iter().any(|d| d.contains("[[ailleurs]]")), "{said:?}");
    assert!(
        !said.iter().any(|d| d.contains("[[nulle-part]]")),
        "{said:?}"
    );
    guide.write("content/roles/animateur.md", &role("Anime.\n"));
    let built = session
        .rebuild(&path("content/roles/animateur.md"))
        .expect("fixed");
    assert_eq!(built.report.rendered, Some(1));
    assert_eq!(broken(&built), ["content/b.md"]);
    assert!(shown(&built.site, role_page).contains("Anime."));
    guide.write(
        "content/b.md",
        &page("Page B", "", "B quatre. Voir [[c]].\n"),
    );
    let built = session.rebuild(&path("content/b.md")).expect("fixed");
    assert!(built.report.broken.is_empty());
    assert!(built.report.rendered.is_some());
    let site = session.complete().unwrap_or(built.site);
    let full = pipeline::build(guide.root(), &options).expect("full build");
    assert_eq!(site.files, full.site.files);

    // An example that names an unknown role has an error other pages are checked
    // against: a save of its text is a full build, which finds the error still there.
    let example = |body: &str| page("Exemple", "kind: example\nroles: [inconnu]\n", body);
    guide.write("content/exemple.md", &example("Un cas.\n"));
    let built = session
        .rebuild(&path("content/exemple.md"))
        .expect("past it");
    assert_eq!(broken(&built), ["content/exemple.md"]);
    guide.write("content/exemple.md", &example("Un autre cas.\n"));
    let built = session
        .rebuild(&path("content/exemple.md"))
        .expect("past it");
    assert_eq!(built.report.rendered, None, "a full build");
    assert_eq!(broken(&built), ["content/exemple.md"]);

    // A new page with a link to nowhere, first read by a full build: its errors are its
    // text's, so its next saves are incremental.
    guide.write(
        "content/exemple.md",
        &page("Exemple", "kind: example\n", "Un cas.\n"),
    );
    guide.write("content/d.md", &page("Page D", "", "D [[rien]].\n"));
    let both = ["content/d.md", "content/exemple.md"].map(std::path::PathBuf::from);
    let built = session.rebuild(&both).expect("past it");
    assert_eq!(
        (built.report.rendered, broken(&built)),
        (None, vec!["content/d.md".into()])
    );
    guide.write(
        "content/d.md",
        &page("Page D", "", "D [[toujours-rien]].\n"),
    );
    let built = session.rebuild(&path("content/d.md")).expect("past it");
    assert_eq!(built.report.rendered, Some(0));
    guide.write("content/d.md", &page("Page D", "", "D, voir [[b]].\n"));
    let built = session.rebuild(&path("content/d.md")).expect("fixed");
    assert_eq!(built.report.rendered, Some(2), "D and its new backlink B");
    assert!(built.report.broken.is_empty());
}

/// A link the link checker finds broken after rendering (written in HTML in the page) makes
/// its page a page with errors in the preview, not a frozen one; `praxis build` refuses it.
#[test]
fn a_link_broken_after_rendering_breaks_only_its_page_in_the_preview() {
    let guide = Guide::new(&[
        ("content/_index.md", &page("Accueil", "", "Voir [[b]].\n")),
        (
            "content/b.md",
            &page("Page B", "", "Voir <a href=\"/autre/\">ailleurs</a>.\n"),
        ),
    ]);
    let options = Options::default();
    let built = Session::new(guide.root(), &options)
        .rebuild(&[])
        .expect("the preview goes on");
    let broken: Vec<_> = built.report.broken.iter().map(|b| &b.source).collect();
    assert_eq!(broken, [Path::new("content/b.md")]);
    assert!(built.site.files.contains_key("index.html"));
    let problems = pipeline::build(guide.root(), &options)
        .err()
        .expect("praxis build refuses the broken link");
    assert_eq!(problems, built.report.warnings);
    // Said as the author's mistake, at its line, with the way to a link praxis checks.
    let said = problems[0].message.text(praxis::base::messages::Lang::Fr);
    assert_eq!(problems[0].line, 4);
    assert!(
        said.contains("lien cassé `/autre/` (écrit en HTML dans la page)"),
        "{said}"
    );

    // The same mistake saved into a good page while the preview is open: the incremental
    // rebuild checks the links of what it renders, as a full build does.
    let text = |body: &str| page("Page B", "", body);
    guide.write("content/b.md", &text("B, bien.\n"));
    let mut session = Session::new(guide.root(), &options);
    session.rebuild(&[]).expect("a good guide");
    let changed = [std::path::PathBuf::from("content/b.md")];
    guide.write(
        "content/b.md",
        &text("B, <a href=\"/autre/\">ailleurs</a>.\n"),
    );
    let built = session.rebuild(&changed).expect("the preview goes on");
    assert!(built.report.rendered.is_some(), "an incremental rebuild");
    let broken: Vec<_> = built.report.broken.iter().map(|b| &b.source).collect();
    assert_eq!(broken, [Path::new("content/b.md")]);
    let said: Vec<String> = built
        .report
        .warnings
        .iter()
        .map(|d| d.message.text(praxis::base::messages::Lang::Fr))
        .collect();
    assert_eq!(said.len(), 1);
    assert!(
        said[0].contains("lien cassé `/autre/` (écrit en HTML dans la page)"),
        "{said:?}"
    );
    let Some(Data::Bytes(shown)) = built.site.files.get("b/index.html") else {
        panic!("B is served");
    };
    assert!(
        String::from_utf8_lossy(shown).contains("B, bien."),
        "its last good version"
    );
    guide.write("content/b.md", &text("B, <a href=\"../\">accueil</a>.\n"));
    let built = session.rebuild(&changed).expect("fixed");
    assert!(
        built.report.rendered.is_some() && built.report.broken.is_empty(),
        "{:?} {:?}",
        built.report.rendered,
        built.report.warnings
    );
    let site = session.complete().unwrap_or(built.site);
    let full = pipeline::build(guide.root(), &options).expect("full build");
    assert_eq!(site.files, full.site.files);
}

/// A theme whose page template fails for a page without backlinks: a save that takes the
/// last link to a page away breaks the build after the link graph was brought up to date.
/// The error is the one a full build gives, and the fix builds again from scratch.
#[test]
fn a_template_broken_by_an_edit_gets_a_full_build() {
    let guide = Guide::new(&[
        ("content/_index.md", &page("Accueil", "", "Voir [[a]].\n")),
        ("content/a.md", &page("Page A", "", "Voir [[b]].\n")),
        ("content/b.md", &page("Page B", "", "Voir [[a]].\n")),
        (
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block lead %}{{ page.backlinks[0].title }}{% endblock lead %}",
        ),
    ]);
    let options = Options::default();
    let mut session = Session::new(guide.root(), &options);
    session.rebuild(&[]).expect("first build");
    guide.write("content/a.md", &page("Page A", "", "Plus de lien.\n"));
    let changed = [std::path::PathBuf::from("content/a.md")];
    let problems = match session.rebuild(&changed) {
        Ok(_) => panic!("page B has no backlink left: its template fails"),
        Err(problems) => problems,
    };
    let full = pipeline::build(guide.root(), &options)
        .err()
        .expect("a full build fails too");
    assert_eq!(problems, full);
    guide.write("content/a.md", &page("Page A", "", "Voir [[b]] encore.\n"));
    let built = session.rebuild(&changed).expect("the fix builds");
    let full = pipeline::build(guide.root(), &options).expect("full build");
    assert_eq!(built.site.files, full.site.files);
}

/// The booklet holds every sheet: after a save it is made again only when it is asked
/// for. A template that fails on a sheet in the booklet, and not on the sheet alone, fails
/// there: the previous booklet stays, and the next save builds everything and says why.
#[test]
fn a_booklet_broken_by_an_edit_is_reported_by_the_next_save() {
    let sheet_body = std::fs::read_to_string("themes/default/templates/sheet-body.html")
        .expect("the default theme's sheet body");
    let fails_in_booklet =
        "{% if booklet is defined and \"cassé\" in sheet.body_html %}{{ nope.x }}{% endif %}";
    let role = |body: &str| page("Animateur", "kind: role\n", body);
    let guide = Guide::new(&[
        (
            "content/_index.md",
            &page("Accueil", "", "Voir [[animateur]].\n"),
        ),
        (
            "content/roles/animateur.md",
            &role("Anime la communauté.\n"),
        ),
        (
            "themes/default/templates/sheet-body.html",
            &format!("{fails_in_booklet}{sheet_body}"),
        ),
    ]);
    let options = Options::default();
    let mut session = Session::new(guide.root(), &options);
    session.rebuild(&[]).expect("first build");
    let before = session.complete();
    assert!(before.is_none(), "a full build leaves nothing late");
    guide.write("content/roles/animateur.md", &role("Anime, cassé.\n"));
    let changed = [std::path::PathBuf::from("content/roles/animateur.md")];
    let built = session
        .rebuild(&changed)
        .expect("the sheet alone renders: the save is served");
    assert!(built.report.rendered.is_some(), "an incremental rebuild");
    assert!(session.is_late());
    assert!(
        session.complete().is_none(),
        "no completed site with a broken booklet"
    );
    let problems = session
        .rebuild(&[])
        .err()
        .expect("the next build is a full one, and fails");
    let full = pipeline::build(guide.root(), &options)
        .err()
        .expect("a full build fails too");
    assert_eq!(problems, full);
    assert!(
        problems
            .iter()
            .any(|p| p.to_string().contains("sheet-body.html")),
        "the error names the template: {problems:?}"
    );
}

/// Every file a build reads, by its path from the root.
fn files_of(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(root)
        .into_iter()
        .map(|p| {
            let key = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(&p).unwrap();
            (key, bytes)
        })
        .collect()
}

fn run_seed(seed: u64) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().canonicalize().unwrap();
    let outputs = tempfile::tempdir().expect("temporary folder");
    let mut guide = Model::generate(&mut rng);
    guide.write_all(&root);
    let mut server = Server::start(&root);
    let mut ever: BTreeSet<String> = BTreeSet::new();
    let mut log = vec![format!("seed {seed:#x}: initial guide")];
    let mut builds = 0usize;
    let mut check = |server: &Server, log: &[String], ever: &mut BTreeSet<String>| {
        builds += 1;
        let out = outputs.path().join(format!("site-{builds}"));
        let files = build(&root, &out, &server.base_url(), log);
        compare_until_equal(server, &files, ever, log);
        ever.extend(files.keys().cloned());
        files
    };
    check(&server, &log, &mut ever);
    let break_at = 1 + rng.below(EDITS - 2);
    let mut since_check = 0;
    for step in 0..EDITS {
        let before = server.build_lines();
        let what = guide.random_edit(&mut rng, &root);
        log.push(format!("edit {step}: {what}"));
        server.wait_for_builds(before + 1, "reconstruit : ", &log);
        since_check += 1;
        let last = step + 1 == EDITS;
        if last || since_check >= 2 + rng.below(2) || step == break_at {
            since_check = 0;
            let good = check(&server, &log, &mut ever);
            if step == break_at {
                break_and_fix(&mut guide, &mut rng, &root, &mut server, &good, &mut log);
            }
        }
    }
}

/// Saves a page with an unknown `[[link]]`: the server must keep serving the last good
/// site (`good`, just compared) until the link is fixed.
fn break_and_fix(
    guide: &mut Model,
    rng: &mut Rng,
    root: &Path,
    server: &mut Server,
    good: &BTreeMap<String, Vec<u8>>,
    log: &mut Vec<String>,
) {
    let i = rng.below(guide.pages.len());
    let stem = guide.pages[i].stem.clone();
    let broken = format!(
        "{}\nVoir aussi [[nulle-part-{}]].\n",
        guide.render(i),
        rng.below(1000)
    );
    log.push(format!("break: unknown link in {stem}"));
    let failed = server.count("échec de la construction en ");
    atomic_write(root, &guide.pages[i].file(), &broken);
    server.wait_for_count("échec de la construction en ", failed + 1, log);
    // The search index and the booklet hold every page's text, the broken page's too.
    let late = |key: &str| praxis::pipeline::incremental::LATE_FILES.contains(&key);
    for (key, bytes) in good.iter().filter(|(key, _)| !late(key)) {
        if let Err(why) = compare_one(server, key, bytes) {
            panic!("while the build is broken, the last good site is not served: {why}\n{log:#?}");
        }
    }
    log.push(format!("fix: {stem} rewritten without the link"));
    let before = server.build_lines();
    guide.write_page(root, i);
    server.wait_for_builds(before + 1, "reconstruit : ", log);
}

/// `praxis build` of the files as they are now, for the server's base URL.
fn build(root: &Path, out: &Path, base_url: &str, log: &[String]) -> BTreeMap<String, Vec<u8>> {
    let run = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(["--base-url", base_url])
        .output()
        .expect("praxis build runs");
    assert!(
        run.status.success(),
        "praxis build failed on a generated guide:\n{}\n{log:#?}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut files = BTreeMap::new();
    for path in walk(out) {
        let key = path
            .strip_prefix(out)
            .unwrap()
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        // The preview is no offline web app (webapp.rs): what the build adds for it is
        // left out of the comparison.
        if [WORKER, PRECACHE, MANIFEST].contains(&key.as_str()) {
            continue;
        }
        let mut bytes = std::fs::read(&path).unwrap();
        if key.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            let html: Vec<&str> = (html.split_inclusive('\n'))
                .filter(|line| !line.contains("rel=\"manifest\""))
                .collect();
            bytes = html.concat().replace(" data-offline-app", "").into_bytes();
        }
        files.insert(key, bytes);
    }
    assert!(files.contains_key("index.html"), "no index.html built");
    files
}

/// Every built file served identically, every file of an earlier build that is gone now
/// answered 404. The server rebuilds asynchronously, so a mismatch is retried until
/// `WAIT`; only one that lasts is a failure.
fn compare_until_equal(
    server: &Server,
    files: &BTreeMap<String, Vec<u8>>,
    ever: &BTreeSet<String>,
    log: &[String],
) {
    let started = Instant::now();
    loop {
        let problem = files
            .iter()
            .find_map(|(key, bytes)| compare_one(server, key, bytes).err())
            .or_else(|| {
                ever.iter()
                    .filter(|k| !files.contains_key(*k))
                    .find_map(|k| {
                        let reply = server.get(&target(k));
                        (reply.status != 404).then(|| {
                            format!("/{k} is not in the build but is served ({})", reply.status)
                        })
                    })
            });
        let Some(problem) = problem else { return };
        if started.elapsed() > CONVERGE {
            panic!(
                "praxis serve does not serve what praxis build builds: {problem}\n\
                 edits so far: {log:#?}\nserver log:\n{}",
                server.stderr()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn compare_one(server: &Server, key: &str, built: &[u8]) -> Result<(), String> {
    let reply = server.get(&target(key));
    if reply.status != 200 {
        return Err(format!(
            "/{key}: status {}, built file exists",
            reply.status
        ));
    }
    let mut served = reply.body;
    if key.ends_with(".html") {
        served = strip_script(&served).ok_or_else(|| format!("/{key}: no live-reload script"))?;
    }
    if served == built {
        return Ok(());
    }
    Err(format!(
        "/{key} differs: {}",
        first_difference(built, &served)
    ))
}

/// The served HTML without the `<script data-praxis-version…>…</script>\n` injected
/// before `</body>`, nor the notices before it (the pages with errors, the warnings).
fn strip_script(html: &[u8]) -> Option<Vec<u8>> {
    let script = rfind(html, b"<script data-praxis-version=")?;
    let end = script + find(&html[script..], b"</script>\n")? + b"</script>\n".len();
    let start = [
        &b"<div id=\"praxis-overlay\""[..],
        b"<div id=\"praxis-notes\"",
    ]
    .iter()
    .filter_map(|tag| rfind(&html[..script], tag))
    .min()
    .unwrap_or(script);
    let mut out = html[..start].to_vec();
    out.extend_from_slice(&html[end..]);
    Some(out)
}

fn first_difference(built: &[u8], served: &[u8]) -> String {
    let built = String::from_utf8_lossy(built);
    let served = String::from_utf8_lossy(served);
    let (b, s): (Vec<&str>, Vec<&str>) = (built.lines().collect(), served.lines().collect());
    let n = (0..b.len().max(s.len()))
        .find(|&i| b.get(i) != s.get(i))
        .unwrap_or(0);
    let cut = |l: Option<&&str>| -> String {
        l.map_or("<end of file>".to_owned(), |l| {
            l.chars().take(300).collect()
        })
    };
    format!(
        "first difference at line {}\n  built:  {}\n  served: {}",
        n + 1,
        cut(b.get(n)),
        cut(s.get(n))
    )
}

/// `/key`, percent-encoded where a request line needs it.
fn target(key: &str) -> String {
    let mut out = String::from("/");
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Writes `rel` under `root` through a temporary file renamed over it, as editors do:
/// the watcher never sees a half-written page.
fn atomic_write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let tmp = root.join(".rebuild-test.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

// ---------------------------------------------------------------------------------------
// The guide, as a model rendered to files.

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "pratique",
    "réunion",
    "échange",
    "santé",
    "groupe",
    "soin",
    "partage",
    "forum",
    "projet",
    "patient",
    "équipe",
    "savoir",
    "outil",
    "rencontre",
    "charte",
    "veille",
    "accueil",
];
const KINDS: &[&str] = &["role", "term", "example", "page"];
const SECTIONS: &[&str] = &["roles", "glossaire", "exemples", "annexes"];

#[derive(Clone)]
enum Item {
    Word(String),
    Link(String, Option<String>),
}

#[derive(Clone)]
struct Block {
    heading: Option<String>,
    items: Vec<Item>,
}

struct Page {
    stem: String,
    /// `None` for a page at the top of `content/`.
    section: Option<String>,
    kind: &'static str,
    title: String,
    aliases: Vec<String>,
    summary: Option<String>,
    tasks: Vec<String>,
    roles: Vec<String>,
    body: Vec<Block>,
}

impl Page {
    fn file(&self) -> String {
        match &self.section {
            Some(s) => format!("content/{s}/{}.md", self.stem),
            None => format!("content/{}.md", self.stem),
        }
    }
}

struct Model {
    title: String,
    autolink: bool,
    home: Vec<Block>,
    sections: Vec<(String, String, Vec<Block>)>,
    pages: Vec<Page>,
    /// Makes stems, titles and aliases unique.
    counter: usize,
}

impl Model {
    fn generate(rng: &mut Rng) -> Model {
        let mut sections: Vec<&str> = SECTIONS.to_vec();
        while sections.len() > 2 + rng.below(2) {
            sections.remove(rng.below(sections.len()));
        }
        let mut model = Model {
            title: format!("Guide {}", rng.pick(WORDS)),
            autolink: rng.chance(60),
            home: Vec::new(),
            sections: Vec::new(),
            pages: Vec::new(),
            counter: 0,
        };
        for s in sections {
            let title = model.unique_title(rng);
            model.sections.push((s.to_owned(), title, Vec::new()));
        }
        for _ in 0..5 + rng.below(8) {
            let page = model.new_page(rng);
            model.pages.push(page);
        }
        for i in 0..model.pages.len() {
            model.pages[i].body = model.body(rng, Some(i));
            if model.pages[i].kind == "example" {
                model.pages[i].roles = model.some_roles(rng);
            }
        }
        model.home = model.body(rng, None);
        for i in 0..model.sections.len() {
            model.sections[i].2 = model.body(rng, None);
        }
        model
    }

    fn next(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    fn unique_title(&mut self, rng: &mut Rng) -> String {
        let word = rng.pick(WORDS);
        let mut chars = word.chars();
        let first = chars.next().unwrap().to_uppercase().collect::<String>();
        format!(
            "{first}{} {} {}",
            chars.as_str(),
            rng.pick(WORDS),
            self.next()
        )
    }

    fn new_page(&mut self, rng: &mut Rng) -> Page {
        let kind = KINDS[rng.below(KINDS.len())];
        let n = self.next();
        let stem = format!("p{n}-{}", ascii(rng.pick(WORDS)));
        let section = self.random_section(rng);
        let title = self.unique_title(rng);
        let aliases = (0..rng.below(3)).map(|_| self.alias()).collect();
        let summary = rng
            .chance(70)
            .then(|| format!("Une **{}** de {}.", rng.pick(WORDS), rng.pick(WORDS)));
        let tasks = if kind == "role" {
            (0..rng.below(4))
                .map(|_| format!("anime le {} *{}*", rng.pick(WORDS), rng.pick(WORDS)))
                .collect()
        } else {
            Vec::new()
        };
        Page {
            stem,
            section,
            kind,
            title,
            aliases,
            summary,
            tasks,
            roles: Vec::new(),
            body: Vec::new(),
        }
    }

    fn alias(&mut self) -> String {
        format!("alias{}", self.next())
    }

    fn random_section(&self, rng: &mut Rng) -> Option<String> {
        let i = rng.below(self.sections.len() + 1);
        self.sections.get(i).map(|s| s.0.clone())
    }

    fn some_roles(&self, rng: &mut Rng) -> Vec<String> {
        self.pages
            .iter()
            .filter(|p| p.kind == "role" && rng.chance(50))
            .map(|p| p.stem.clone())
            .collect()
    }

    /// A body of headings and paragraphs with words, links to other pages (by stem, with
    /// or without a label) and mentions of terms (for the glossary autolinks).
    fn body(&self, rng: &mut Rng, own: Option<usize>) -> Vec<Block> {
        let others: Vec<&Page> = (0..self.pages.len())
            .filter(|&i| Some(i) != own)
            .map(|i| &self.pages[i])
            .collect();
        let terms: Vec<&Page> = self.pages.iter().filter(|p| p.kind == "term").collect();
        (0..1 + rng.below(3))
            .map(|_| {
                let heading = rng
                    .chance(70)
                    .then(|| format!("{} {}", rng.pick(WORDS), rng.pick(WORDS)));
                let items = (0..4 + rng.below(10))
                    .map(|_| match rng.below(10) {
                        0 | 1 if !others.is_empty() => {
                            let p = others[rng.below(others.len())];
                            let label = rng.chance(40).then(|| rng.pick(WORDS).to_owned());
                            Item::Link(p.stem.clone(), label)
                        }
                        2 if !terms.is_empty() => {
                            let t = terms[rng.below(terms.len())];
                            let mut names = vec![t.title.clone()];
                            names.extend(t.aliases.iter().cloned());
                            Item::Word(names[rng.below(names.len())].clone())
                        }
                        _ => Item::Word(rng.pick(WORDS).to_owned()),
                    })
                    .collect();
                Block { heading, items }
            })
            .collect()
    }

    fn render(&self, i: usize) -> String {
        let p = &self.pages[i];
        let mut fm = format!("title: \"{}\"\nkind: {}\n", p.title, p.kind);
        if !p.aliases.is_empty() {
            fm.push_str(&format!("aliases: [{}]\n", p.aliases.join(", ")));
        }
        if let Some(s) = &p.summary {
            fm.push_str(&format!("summary: \"{s}\"\n"));
        }
        if !p.tasks.is_empty() {
            fm.push_str("tasks:\n");
            for t in &p.tasks {
                fm.push_str(&format!("  - \"{t}\"\n"));
            }
        }
        if p.kind == "example" && !p.roles.is_empty() {
            fm.push_str(&format!("roles: [{}]\n", p.roles.join(", ")));
        }
        format!("---\n{fm}---\n{}", render_body(&p.body))
    }

    fn config(&self) -> String {
        let autolink = if self.autolink { "first" } else { "off" };
        format!(
            "title: \"{}\"\nbase_url: https://example.org/guide/\nlanguage: fr\n\
             glossary:\n  autolink: {autolink}\n",
            self.title
        )
    }

    fn write_all(&self, root: &Path) {
        atomic_write(root, "praxis.yaml", &self.config());
        self.write_home(root);
        for s in 0..self.sections.len() {
            self.write_section(root, s);
        }
        for i in 0..self.pages.len() {
            self.write_page(root, i);
        }
    }

    fn write_home(&self, root: &Path) {
        let text = format!("---\ntitle: Accueil\n---\n{}", render_body(&self.home));
        atomic_write(root, "content/_index.md", &text);
    }

    fn write_section(&self, root: &Path, s: usize) {
        let (name, title, body) = &self.sections[s];
        let text = format!(
            "---\ntitle: \"{title}\"\nweight: {}\n---\n{}",
            s + 1,
            render_body(body)
        );
        atomic_write(root, &format!("content/{name}/_index.md"), &text);
    }

    fn write_page(&self, root: &Path, i: usize) {
        atomic_write(root, &self.pages[i].file(), &self.render(i));
    }

    /// Applies one random edit to the model and to the files; says what it did.
    fn random_edit(&mut self, rng: &mut Rng, root: &Path) -> String {
        let n = self.pages.len();
        match rng.below(12) {
            // What an author does most: new words and links under the same headings, which
            // `praxis serve` rebuilds incrementally.
            9 | 10 => {
                let i = rng.below(n);
                let fresh = self.body(rng, Some(i));
                for (k, block) in self.pages[i].body.iter_mut().enumerate() {
                    block.items = fresh[k % fresh.len()].items.clone();
                }
                if self.pages[i].kind == "role" && rng.chance(50) {
                    self.pages[i].tasks = vec![format!("relit le {}", rng.pick(WORDS))];
                }
                self.write_page(root, i);
                format!("new text for {}, same headings", self.pages[i].stem)
            }
            0 | 1 => {
                let i = rng.below(n + 1);
                if i == n {
                    self.home = self.body(rng, None);
                    self.write_home(root);
                    "new body for the home page".into()
                } else {
                    self.pages[i].body = self.body(rng, Some(i));
                    self.write_page(root, i);
                    format!("new body for {}", self.pages[i].stem)
                }
            }
            2 => {
                let i = rng.below(n);
                self.pages[i].title = self.unique_title(rng);
                self.write_page(root, i);
                format!("{} renamed {:?}", self.pages[i].stem, self.pages[i].title)
            }
            3 => {
                let mut page = self.new_page(rng);
                if page.kind == "example" {
                    page.roles = self.some_roles(rng);
                }
                self.pages.push(page);
                let i = self.pages.len() - 1;
                self.pages[i].body = self.body(rng, Some(i));
                self.write_page(root, i);
                // and a link to it from an existing page, saved after it exists
                let from = rng.below(i);
                let stem = self.pages[i].stem.clone();
                self.pages[from].body.push(Block {
                    heading: None,
                    items: vec![Item::Word("voir".into()), Item::Link(stem.clone(), None)],
                });
                self.write_page(root, from);
                format!(
                    "added {} ({}), linked from {}",
                    stem, self.pages[i].kind, self.pages[from].stem
                )
            }
            4 if n > 3 => {
                let i = rng.below(n);
                let page = self.pages.remove(i);
                let stem = page.stem.clone();
                let cleaned = |blocks: &mut Vec<Block>| {
                    let before = blocks.iter().map(|b| b.items.len()).sum::<usize>();
                    for b in blocks.iter_mut() {
                        b.items
                            .retain(|it| !matches!(it, Item::Link(s, _) if *s == stem));
                    }
                    before != blocks.iter().map(|b| b.items.len()).sum::<usize>()
                };
                if cleaned(&mut self.home) {
                    self.write_home(root);
                }
                for s in 0..self.sections.len() {
                    if cleaned(&mut self.sections[s].2) {
                        self.write_section(root, s);
                    }
                }
                for j in 0..self.pages.len() {
                    let had_role = self.pages[j].roles.contains(&stem);
                    self.pages[j].roles.retain(|r| *r != stem);
                    if cleaned(&mut self.pages[j].body) || had_role {
                        self.write_page(root, j);
                    }
                }
                std::fs::remove_file(root.join(page.file())).unwrap();
                format!("deleted {} and the links to it", page.file())
            }
            5 => {
                let i = rng.below(n);
                let old = self.pages[i].file();
                let mut to = self.random_section(rng);
                while to == self.pages[i].section {
                    to = self.random_section(rng);
                }
                self.pages[i].section = to;
                let new = self.pages[i].file();
                std::fs::rename(root.join(&old), root.join(&new)).unwrap();
                format!("moved {old} to {new}")
            }
            6 => {
                self.title = format!("Guide {} {}", rng.pick(WORDS), self.next());
                if rng.chance(30) {
                    self.autolink = !self.autolink;
                }
                atomic_write(root, "praxis.yaml", &self.config());
                format!(
                    "praxis.yaml: title {:?}, autolink {}",
                    self.title, self.autolink
                )
            }
            _ => {
                let i = rng.below(n);
                if self.pages[i].aliases.is_empty() || rng.chance(50) {
                    let alias = self.alias();
                    self.pages[i].aliases.push(alias);
                } else {
                    let a = rng.below(self.pages[i].aliases.len());
                    self.pages[i].aliases.remove(a);
                }
                self.write_page(root, i);
                format!(
                    "{} aliases now {:?}",
                    self.pages[i].stem, self.pages[i].aliases
                )
            }
        }
    }
}

fn ascii(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            c => c,
        })
        .collect()
}

fn render_body(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        if let Some(h) = &b.heading {
            out.push_str(&format!("\n## {h}\n"));
        }
        let words: Vec<String> = b
            .items
            .iter()
            .map(|it| match it {
                Item::Word(w) => w.clone(),
                Item::Link(s, None) => format!("[[{s}]]"),
                Item::Link(s, Some(label)) => format!("[[{s}|{label}]]"),
            })
            .collect();
        out.push_str(&format!("\n{}.\n", words.join(" ")));
    }
    out
}

// ---------------------------------------------------------------------------------------
// The server.

impl Server {
    fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn count(&self, needle: &str) -> usize {
        self.stderr().lines().filter(|l| l.contains(needle)).count()
    }

    /// Builds finished since the start, successful or not.
    fn build_lines(&self) -> usize {
        self.stderr()
            .lines()
            .filter(|l| {
                l.starts_with("reconstruit : ") || l.starts_with("échec de la construction en ")
            })
            .count()
    }

    /// Waits until the server has finished `n` rebuilds (counted by `build_lines`); the
    /// latest must have succeeded (`ok` starts its line).
    fn wait_for_builds(&mut self, n: usize, ok: &str, log: &[String]) {
        let started = Instant::now();
        while self.build_lines() < n {
            self.alive(started, "a rebuild", log);
        }
        let all = self.stderr();
        let last = all
            .lines()
            .rfind(|l| {
                l.starts_with("reconstruit : ") || l.starts_with("échec de la construction en ")
            })
            .unwrap_or("");
        assert!(
            last.starts_with(ok),
            "the rebuild after the edit failed: {last}\n{log:#?}\nserver log:\n{all}"
        );
    }

    fn wait_for_count(&mut self, needle: &str, n: usize, log: &[String]) {
        let started = Instant::now();
        while self.count(needle) < n {
            self.alive(started, needle, log);
        }
    }

    fn alive(&mut self, started: Instant, what: &str, log: &[String]) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!(
                "praxis serve exited ({status}) waiting for {what:?}:\n{}",
                self.stderr()
            );
        }
        assert!(
            started.elapsed() < WAIT,
            "praxis serve never printed {what:?}\n{log:#?}\nserver log:\n{}",
            self.stderr()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}
