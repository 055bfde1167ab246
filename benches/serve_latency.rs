//! Save-to-visible latency of `praxis serve`: how long after an author saves a page the
//! browser shows the change. Headless Chromium shows a role page; the bench appends a
//! marker to its Markdown N times and measures until the marker is in the page's text.
//! Runs on a copy of the shipped guide and on generated guides of 1,000 and 10,000 pages
//! (benches/generate.py); prints the median, the spread and the server's build times
//! (incremental rebuilds: the edit only adds text, as an author typing does).
//!
//! Also on the shipped guide with another page broken (a link to nowhere): the preview
//! goes on past it, each save of the edited page an incremental rebuild too. And the broken
//! page saved again, still broken (a full build): until its new error shows over it.
//!
//!     cargo bench --bench serve_latency [-- N] [shipped]  (N edits per guide, default 20;
//!                                                          `shipped`: the shipped guide only)

#[allow(dead_code)]
#[path = "../tests/suite/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "../tests/suite/support.rs"]
mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(60);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo test --benches` runs this file without `--bench`: nothing to measure then.
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let edits = args
        .iter()
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(20);
    let Some(chromium) = browser::find_chromium() else {
        eprintln!("SKIPPED: chromium not installed");
        return;
    };
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));

    let shipped = support::Guide::shipped();
    let append = |original: &str, marker: &str| format!("{original}\n\nTexte {marker}.\n");
    measure(
        "shipped guide",
        shipped.root(),
        "content/roles/organisation/coordinateur.md",
        "/roles/organisation/coordinateur/",
        (edits, &append),
        &chromium,
    );

    let broken = support::Guide::shipped();
    let other = broken.path("content/roles/organisation/technicien.md");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("{text}\nVoir [[nulle-part]].\n")).unwrap();
    measure(
        "shipped guide, another page broken",
        broken.root(),
        "content/roles/organisation/coordinateur.md",
        "/roles/organisation/coordinateur/",
        (edits, &append),
        &chromium,
    );
    let error = |original: &str, marker: &str| format!("{original}\n\nVoir [[{marker}]].\n");
    measure(
        "shipped guide, the broken page saved with a new error",
        broken.root(),
        "content/roles/organisation/technicien.md",
        "/roles/organisation/technicien/",
        (edits, &error),
        &chromium,
    );
    if args.iter().any(|a| a == "shipped") {
        return;
    }

    for pages in [1000, 10000] {
        let generated = tempfile::tempdir().unwrap();
        let made = Command::new("python3")
            .arg(manifest.join("benches/generate.py"))
            .arg(pages.to_string())
            .arg(generated.path())
            .status();
        if made.is_ok_and(|s| s.success()) {
            measure(
                &format!("generated {pages}-page guide"),
                generated.path(),
                "content/roles/role-00000.md",
                "/roles/role-00000/",
                (edits, &append),
                &chromium,
            );
        } else {
            eprintln!("SKIPPED: the {pages}-page guide (python3 benches/generate.py failed)");
        }
    }
}

/// The edits: how many, and the text of each from the original and a marker to wait for.
type Edits<'a> = (usize, &'a dyn Fn(&str, &str) -> String);

fn measure(name: &str, root: &Path, file: &str, url_path: &str, edits: Edits, chromium: &Path) {
    let (edits, edit) = edits;
    let original = std::fs::read_to_string(root.join(file)).unwrap();
    let server = support::Server::start(root);
    let mut browser = browser::Browser::launch(chromium);
    browser.navigate(&format!("http://{}{url_path}", server.addr));
    browser.wait_for("window.praxisLive === true", WAIT, "the reload stream");

    let mut latencies = Vec::with_capacity(edits);
    for i in 0..edits {
        let marker = format!("marqueur{i}x{}", std::process::id());
        let text = edit(&original, &marker);
        let check = format!("document.body.innerText.includes('{marker}')");
        let saved = Instant::now();
        std::fs::write(root.join(file), text).unwrap();
        loop {
            if browser.eval(&check).is_ok_and(|v| v == true) {
                break;
            }
            assert!(saved.elapsed() < WAIT, "the edit never showed");
            std::thread::sleep(Duration::from_millis(1));
        }
        latencies.push(saved.elapsed());
        // The next save waits until the page listens again (after a full reload, if any).
        browser.wait_for("window.praxisLive === true", WAIT, "the reload stream");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::fs::write(root.join(file), original).unwrap();

    let log = server.stderr();
    // `reconstruit : N pages en X ms…` (`rebuilt N pages in X ms…` for an English guide),
    // `… N sur M pages…` for an incremental rebuild; `échec de la construction en X ms…`
    // for a build past a broken page.
    let rebuilt = || {
        log.lines().filter(|l| {
            [
                "reconstruit : ",
                "rebuilt ",
                "échec de la construction en ",
                "build failed in ",
            ]
            .iter()
            .any(|start| l.starts_with(start))
        })
    };
    let builds: Vec<u64> = rebuilt()
        .filter_map(|l| {
            let after = l.split_once(" en ").or_else(|| l.split_once(" in "))?.1;
            after.split(' ').next()?.parse().ok()
        })
        .collect();
    let incremental = rebuilt()
        .filter(|l| l.contains(" sur ") || l.contains(" of "))
        .count();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    latencies.sort();
    let (count, slowest) = (builds.len(), builds.iter().max().copied().unwrap_or(0));
    println!(
        "{name}: save-to-visible median {:.0} ms (min {:.0}, max {:.0}; {} edits); \
         server rebuild median {} ms, max {slowest} ms ({incremental} of {count} incremental)",
        ms(&latencies[latencies.len() / 2]),
        ms(&latencies[0]),
        ms(&latencies[latencies.len() - 1]),
        latencies.len(),
        median(builds),
    );
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or(0)
}
