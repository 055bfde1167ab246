//! Hostile input: whatever an author (or a broken editor) saves into a guide, praxis ends
//! with 0 or 1 — never a panic, never a hang — names the file and line, and a failed build
//! leaves the previous `public/` byte for byte. The corpus is made in code, not committed.

use crate::support::{Guide, page, snapshot};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longer than any honest build of these small guides, even unoptimised.
const WATCHDOG: Duration = Duration::from_secs(60);

struct Outcome {
    code: i32,
    stderr: String,
}

impl Outcome {
    /// Asserts that the build succeeded, showing its whole stderr when not.
    #[track_caller]
    fn ok(self) -> Outcome {
        assert_eq!(self.code, 0, "exit status; stderr:\n{}", self.stderr);
        self
    }
}

/// `praxis build --root <guide>`, killed (and the test failed) if it outlives the watchdog.
fn build_watched(guide: &Guide, what: &str) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .arg("build")
        .arg("--root")
        .arg(guide.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("praxis runs");
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: praxis build still running after {WATCHDOG:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    let code = status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1,
        "{what}: exit status {code} (0 or 1 expected)\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what}: panic\n{stderr}");
    Outcome { code, stderr }
}

fn good_guide() -> Guide {
    Guide::blank()
        .page("_index.md", "Accueil", "", "Voir [[coordinateur]].\n")
        .page(
            "roles/coordinateur.md",
            "Coordinateur",
            "kind: role\nsummary: Anime la CoP.\n",
            "## Mission\n\nIl anime la [[plateforme]].\n",
        )
        .page(
            "glossaire/plateforme.md",
            "Plateforme",
            "kind: term\nsummary: Un espace.\n",
            "Texte.\n",
        )
}

/// Builds a good guide, lets `spoil` add the hostile input, builds again.
/// A failed build must have left `public/` exactly as it was.
fn after(what: &str, spoil: impl FnOnce(&Guide)) -> Outcome {
    let guide = good_guide();
    build_watched(&guide, "the good guide").ok();
    let before = snapshot(&guide.path("public"));
    spoil(&guide);
    let run = build_watched(&guide, what);
    if run.code == 1 {
        assert!(
            snapshot(&guide.path("public")) == before,
            "{what}: a failed build changed public/"
        );
    }
    run
}

/// The build failed, and its stderr places an error at `location` (`path:line[:col]`).
#[track_caller]
fn fails_at(run: &Outcome, message: &str, location: &str) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    let at = format!("--> {location}");
    let found = run
        .stderr
        .replace("erreur : ", "error: ")
        .split("error: ")
        .any(|d| d.contains(message) && d.lines().nth(1).is_some_and(|l| l.contains(&at)));
    assert!(
        found,
        "expected `error: {message}` at {location}, got:\n{}",
        run.stderr
    );
}

#[test]
fn a_byte_order_mark_is_ignored_and_lines_stay_right() {
    let run = after("BOM", |g| {
        g.write(
            "content/a.md",
            "\u{feff}---\ntitle: A\n---\nVoir [[inconnu]].\n",
        );
    });
    fails_at(
        &run,
        "le lien [[inconnu]] ne mène à aucune page",
        "content/a.md:4:6",
    );
    after("BOM only in a good page", |g| {
        g.write("content/a.md", "\u{feff}---\ntitle: A\n---\nTexte.\n");
    })
    .ok();
}

#[test]
fn crlf_line_ends_keep_lines_and_columns() {
    let run = after("CRLF", |g| {
        g.write(
            "content/a.md",
            "---\r\ntitle: A\r\nweight: lourd\r\n---\r\nTexte.\r\n",
        );
    });
    fails_at(
        &run,
        "`weight` doit être un nombre entier",
        "content/a.md:3",
    );
    let run = after("CRLF body", |g| {
        g.write(
            "content/a.md",
            "---\r\ntitle: A\r\n---\r\n\r\nab [[inconnu]]\r\n",
        );
    });
    fails_at(&run, "ne mène à aucune page", "content/a.md:5:4");
}

#[test]
fn empty_and_blank_files_are_errors_at_line_1() {
    for (name, text) in [("vide", ""), ("blanc", "  \n\n\t\n"), ("crlf", "\r\n")] {
        let path = format!("content/{name}.md");
        let run = after(name, |g| g.write(&path, text));
        fails_at(&run, "fichier vide", &format!("{path}:1"));
    }
}

#[test]
fn front_matter_missing_or_not_closed() {
    let run = after("unclosed", |g| {
        g.write("content/a.md", "---\ntitle: A\nTexte sans fin.\n")
    });
    fails_at(&run, "l'en-tête n'est pas fermé", "content/a.md:1");
    let run = after("only the opening line", |g| g.write("content/a.md", "---"));
    fails_at(&run, "l'en-tête n'est pas fermé", "content/a.md:1");
    let run = after("no front matter", |g| {
        g.write("content/a.md", "# Titre\n\nTexte.\n")
    });
    fails_at(&run, "l'en-tête manque", "content/a.md:1");
}

#[test]
fn invalid_yaml_is_placed_at_its_line() {
    let run = after("unclosed list", |g| {
        g.write("content/a.md", "---\ntitle: A\naliases: [a, b\n---\n")
    });
    fails_at(&run, "l'en-tête ne se lit pas (YAML)", "content/a.md:3");
    let run = after("bad indentation", |g| {
        g.write("content/a.md", "---\ntitle: A\n  kind: role\n---\n")
    });
    fails_at(&run, "l'en-tête ne se lit pas (YAML)", "content/a.md:3:7");
    let run = after("a key written twice", |g| {
        g.write("content/a.md", "---\ntitle: A\nkind: role\ntitle: B\n---\n")
    });
    fails_at(
        &run,
        "l'en-tête ne se lit pas (YAML) : le champ `title` est écrit deux fois",
        "content/a.md:4:1",
    );
    assert!(!run.stderr.contains("duplicate entry"), "{}", run.stderr);
    let run = after("not a mapping", |g| {
        g.write("content/a.md", "---\n- title\n- A\n---\n")
    });
    fails_at(
        &run,
        "l'en-tête doit être fait de lignes `champ: valeur`",
        "content/a.md:2",
    );
    let run = after("tabs", |g| {
        g.write("content/a.md", "---\ntitle: A\n\tkind: role\n---\n")
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--> content/a.md:"), "{}", run.stderr);
}

#[test]
fn a_yaml_alias_bomb_neither_hangs_nor_explodes() {
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
        ("h", "g"),
        ("i", "h"),
    ] {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let text = format!("---\n{yaml}title: *i\n---\nTexte.\n");
    let run = after("billion laughs", |g| g.write("content/bombe.md", &text));
    fails_at(
        &run,
        "l'en-tête ne se lit pas (YAML) : les valeurs sont trop imbriquées, ou répétées trop de fois",
        "content/bombe.md:2",
    );
    // A small alias is plain YAML and fine.
    after("a small alias", |g| {
        g.write("content/a.md", "---\ntitle: &t A\naliases: [*t]\n---\n")
    })
    .ok();
}

#[test]
fn fields_of_the_wrong_type_are_errors_at_their_line() {
    let cases = [
        (
            "title: [a, b]\n",
            "`title` doit être du texte, or c'est une liste",
            2,
        ),
        (
            "title: A\ndraft: peut-être\n",
            "`draft` doit valoir true ou false",
            3,
        ),
        (
            "title: A\nweight: 1.5\n",
            "`weight` doit être un nombre entier",
            3,
        ),
        (
            "title: A\nkind: role\ntasks:\n  a: b\n",
            "`tasks` doit être une liste de textes, or c'est un groupe de champs",
            4,
        ),
        (
            "title: A\naliases: [[x]]\n",
            "`aliases` doit être une liste de textes, or c'est une liste",
            3,
        ),
        ("title: A\nkind: rôle\n", "type de page inconnu `rôle`", 3),
        ("title: {a: 1}\n", "`title` doit être du texte", 2),
        ("title:\n", "le titre (`title`) manque", 2),
        (
            "title: A\nweight: 99999999999999999999999\n",
            "l'en-tête ne se lit pas (YAML)",
            3,
        ),
        // Issue 21: YAML reads these as a number or a boolean, not as the text written.
        (
            "title: A\nkind: role\ntasks: 42\n",
            "`tasks` doit être une liste de textes, or c'est le nombre 42",
            4,
        ),
        (
            "title: A\nkind: role\ntasks: true\n",
            "`tasks` doit être une liste de textes, or c'est `true`",
            4,
        ),
        (
            "title: A\naliases: 5\n",
            "`aliases` doit être une liste de textes, or c'est le nombre 5",
            3,
        ),
        (
            "title: A\nkind: example\nroles:\n  - coordinateur\n  - 3\n",
            "`roles` doit être une liste de textes, or c'est le nombre 3",
            4,
        ),
        (
            "title: 2024\n",
            "`title` doit être du texte, or c'est le nombre 2024",
            2,
        ),
        (
            "title: A\nsummary: false\n",
            "`summary` doit être du texte, or c'est `false`",
            3,
        ),
        ("title: A\nkind: 1\n", "`kind` doit être du texte", 3),
    ];
    for (yaml, message, line) in cases {
        let run = after(yaml, |g| {
            g.write("content/a.md", &format!("---\n{yaml}---\n"))
        });
        assert_eq!(run.code, 1, "{yaml}: {}", run.stderr);
        fails_at(&run, message, &format!("content/a.md:{line}"));
    }
}

#[test]
fn a_number_written_for_text_is_refused_with_the_quoted_form_as_help() {
    let run = after("tasks: 42", |g| {
        g.write(
            "content/a.md",
            "---\ntitle: A\nkind: role\ntasks: 42\n---\n",
        )
    });
    fails_at(
        &run,
        "`tasks` doit être une liste de textes",
        "content/a.md:4",
    );
    assert!(run.stderr.contains("tasks: [\"42\"]"), "{}", run.stderr);
    // Quoted, it is the text it says; a single text is a list of one.
    let guide = good_guide();
    guide.write(
        "content/a.md",
        "---\ntitle: A\nkind: role\ntasks: \"42\"\naliases: CoP\n---\nVoir [[CoP]].\n",
    );
    build_watched(&guide, "quoted").ok();
    let html = std::fs::read_to_string(guide.path("public/a/index.html")).unwrap();
    assert!(html.contains("42"), "the task is shown");
}

#[test]
fn settings_of_the_wrong_type_are_errors_at_their_line() {
    let run = after("praxis.yaml", |g| {
        g.write(
            "praxis.yaml",
            "title: 42\nbase_url: https://example.org/\nglossary:\n  autolink: false\n",
        )
    });
    fails_at(
        &run,
        "`title` doit être du texte, or c'est le nombre 42",
        "praxis.yaml:1",
    );
    assert!(
        !run.stderr.contains("autolink"),
        "`autolink: false` is a choice: {}",
        run.stderr
    );
}

/// `praxis build --base-url VALUE` on the good guide.
fn build_with_base_url(guide: &Guide, url: &str) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_praxis"))
        .args(["build", "--base-url", url, "--root"])
        .arg(guide.root())
        .output()
        .expect("praxis runs");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_base_url_given_on_the_command_line_is_checked_as_in_praxis_yaml() {
    let guide = good_guide();
    // Issue 21: the quotes were dropped, and `https://ex.org/ab/` built.
    let run = build_with_base_url(&guide, "https://ex.org/a\"b/");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`--base-url` ne peut contenir ni requête, ni fragment, ni espaces, ni guillemets"
        ) && run.stderr.contains("--> --base-url"),
        "{}",
        run.stderr
    );
    assert!(!guide.path("public").exists(), "nothing built");
    // The reason is kept.
    let run = build_with_base_url(&guide, "ftp://x");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`--base-url` doit commencer par http:// ou https:// et un nom de site, or c'est `ftp://x`"
        ),
        "{}",
        run.stderr
    );
    // The same value in praxis.yaml is refused with the same words.
    guide.write("praxis.yaml", "title: G\nbase_url: ftp://x\n");
    let run = build_watched(&guide, "ftp in praxis.yaml");
    fails_at(
        &run,
        "`base_url` doit commencer par http:// ou https://",
        "praxis.yaml:2",
    );
    // A good value wins over the file's, which is checked all the same.
    guide.write("praxis.yaml", "title: G\nbase_url: https://example.org/\n");
    build_with_base_url(&guide, "https://ex.org/guide").ok();
    let sitemap = std::fs::read_to_string(guide.path("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://ex.org/guide/roles/coordinateur/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named_with_its_line() {
    let run = after("latin-1", |g| {
        g.write_bytes("content/a.md", b"---\ntitle: A\n---\nab\xe9cd\n")
    });
    fails_at(
        &run,
        "ce n'est pas du texte UTF-8 : octet invalide 0xE9",
        "content/a.md:4:3",
    );
    let run = after("UTF-16", |g| {
        g.write_bytes("content/b.md", b"\xff\xfe-\x00-\x00-\x00\n\x00")
    });
    fails_at(&run, "ce n'est pas du texte UTF-8", "content/b.md:1:1");
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_errors_that_name_the_link() {
    let run = after("loop to content/", |g| {
        std::os::unix::fs::symlink(g.path("content"), g.path("content/roles/boucle")).unwrap();
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("boucle de liens symboliques")
            && run.stderr.contains("content/roles/boucle"),
        "{}",
        run.stderr
    );
    let run = after("link to itself", |g| {
        std::os::unix::fs::symlink(g.path("content/moi.md"), g.path("content/moi.md")).unwrap();
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("content/moi.md"), "{}", run.stderr);
}

#[test]
fn a_settings_file_that_never_ends_is_refused() {
    let settings = |g: &Guide| {
        std::fs::remove_file(g.path("praxis.yaml")).ok();
        g.path("praxis.yaml")
    };
    let run = after("praxis.yaml as a named pipe", |g| {
        let path = settings(g);
        let made = Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    });
    fails_at(&run, "praxis.yaml is not a file", "praxis.yaml");
    let run = after("praxis.yaml linked to /dev/zero", |g| {
        std::os::unix::fs::symlink("/dev/zero", settings(g)).unwrap();
    });
    fails_at(&run, "praxis.yaml is not a file", "praxis.yaml");
    // Pages, files and theme files that are devices are not part of the guide.
    after("devices in content/ and themes/", |g| {
        std::os::unix::fs::symlink("/dev/zero", g.path("content/zero.md")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", g.path("content/zero.png")).unwrap();
        std::fs::create_dir_all(g.path("themes/default/static")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", g.path("themes/default/static/z.css")).unwrap();
    })
    .ok();
}

#[test]
fn an_enormous_page_is_refused() {
    let run = after("9 MiB", |g| {
        let mut text = page("Énorme", "", "");
        let line = "Une ligne de texte assez ordinaire, répétée encore et encore.\n";
        while text.len() <= 9 * 1024 * 1024 {
            text.push_str(line);
        }
        g.write("content/enorme.md", &text);
    });
    fails_at(&run, "page trop grande", "content/enorme.md");
}

/// Markdown that makes naive parsers quadratic or deeply recursive. Each is valid, so the
/// build may pass; it must do so in time, or fail with the file named.
#[test]
fn pathological_markdown_is_built_in_time() {
    let nested_lists: String = (0..3000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let cases: [(&str, String); 8] = [
        ("wiki openers", "[[".repeat(50_000)),
        ("wiki closers", "]]".repeat(50_000)),
        ("brackets", "[".repeat(100_000)),
        ("link openers", "[a](".repeat(30_000)),
        ("nested lists", nested_lists),
        ("block quotes", ">".repeat(50_000)),
        ("emphasis", "*a **b".repeat(30_000)),
        ("backticks", "`".repeat(50_000) + "a" + &"``".repeat(10_000)),
    ];
    for (what, body) in cases {
        let run = after(what, |g| {
            g.write("content/patho.md", &page("Patho", "", &body))
        });
        if run.code == 1 {
            assert!(
                run.stderr.contains("--> content/patho.md"),
                "{what}: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn two_pages_for_one_url_name_both_files() {
    let run = after("a.md and a/_index.md", |g| {
        g.write("content/roles.md", &page("Rôles bis", "", "x\n"));
        g.write("content/roles/_index.md", &page("Rôles", "", "x\n"));
    });
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("deux pages ont l'adresse /roles/")
            && run.stderr.contains("content/roles.md")
            && run.stderr.contains("content/roles/_index.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn nul_bytes_are_invalid_in_front_matter_and_harmless_in_the_body() {
    let run = after("NUL in YAML", |g| {
        g.write_bytes("content/a.md", b"---\ntitle: A\0B\n---\nTexte.\n")
    });
    fails_at(&run, "l'en-tête ne se lit pas (YAML)", "content/a.md:2");
    let run = after("NUL in the body", |g| {
        g.write_bytes(
            "content/a.md",
            b"---\ntitle: A\n---\nTe\0xte [[plate\0forme]].\n",
        )
    });
    assert!(
        run.code == 0 || run.stderr.contains("--> content/a.md:4"),
        "{}",
        run.stderr
    );
}

/// With `markdown.raw_html: escape`, HTML written in a page shows as text; titles,
/// summaries and aliases are escaped everywhere they appear, whatever the setting.
#[test]
fn hostile_html_is_shown_as_text_everywhere() {
    const XSS: &str = "</script><script>alert(1)</script>";
    let guide = Guide::blank()
        .config(
            "title: Guide\nbase_url: https://example.org/guide/\nmarkdown:\n  raw_html: escape\n",
        )
        .page(
            "_index.md",
            "Accueil",
            "",
            "<script>alert('corps')</script>\n\nTexte <img src=x onerror=alert(2)> [[coordinateur]] [[terme]].\n",
        )
        .page(
            "roles/coordinateur.md",
            "\"</script><script>alert(1)</script>\"",
            "kind: role\nsummary: \"<script>alert(3)</script> **gras**\"\ntasks: [\"<b onclick=x>tâche</b>\"]\naliases: [\"</script><script>alert(4)</script>\"]\n",
            "Voir [[terme]].\n",
        )
        .page("glossaire/_index.md", "Glossaire", "", "Les termes.\n")
        .page(
            "glossaire/terme.md",
            "\"<i>Terme</i></script><script>alert(5)</script>\"",
            "kind: term\nsummary: \"Une <em>définition</em>\"\naliases: [\"</script><script>alert(6)</script>\"]\n",
            "Texte.\n",
        );
    build_watched(&guide, "hostile HTML").ok();
    let public = guide.path("public");
    let mut seen = 0;
    for (path, bytes) in snapshot(&public) {
        let name = path.to_string_lossy().into_owned();
        if !(name.ends_with(".html") || name.ends_with(".js") || name.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for bad in [
            "<script>alert",
            "<img src=x",
            "<b onclick",
            "<em>définition",
            "<i>Terme",
        ] {
            assert!(!text.contains(bad), "{name} contains raw `{bad}`:\n{text}");
        }
        if name == "search-index.js" || name.ends_with("/search-index.js") {
            assert!(
                !text.contains(XSS),
                "{name} lets a title break out of its script"
            );
        }
        seen += 1;
    }
    assert!(seen > 5, "too few files checked");
    let home = guide.html("index.html");
    assert!(
        home.contains("&lt;script&gt;alert(&#39;corps&#39;)&lt;/script&gt;")
            || home.contains("&lt;script&gt;alert('corps')&lt;/script&gt;"),
        "{home}"
    );
    let sheet = guide.html("fiches/coordinateur/index.html");
    assert!(sheet.contains("&lt;script&gt;alert(3)"), "{sheet}");
    let glossary = guide.html("glossaire/index.html");
    assert!(glossary.contains("&lt;i&gt;Terme"), "{glossary}");
    assert!(
        glossary.contains("alert(6)"),
        "aliases shown in the glossary: {glossary}"
    );
}

/// With the default `raw_html: allow`, page bodies may hold HTML, but titles and aliases
/// are still text.
#[test]
fn titles_and_aliases_are_escaped_even_when_raw_html_is_allowed() {
    let guide = good_guide();
    guide.write(
        "content/glossaire/cop.md",
        &page(
            "\"</script><script>alert(1)</script>\"",
            "kind: term\naliases: [\"<img src=x onerror=alert(2)>\"]\n",
            "Texte.\n",
        ),
    );
    build_watched(&guide, "titles with allow").ok();
    for (path, bytes) in snapshot(&guide.path("public")) {
        let text = String::from_utf8_lossy(&bytes);
        let name = path.to_string_lossy();
        assert!(!text.contains("<script>alert(1)"), "{name}:\n{text}");
        assert!(!text.contains("<img src=x"), "{name}:\n{text}");
    }
}
