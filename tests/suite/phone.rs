//! The guide on a phone, 375 × 740 px with a touch screen: the header leaves the screen to
//! the content, every target is big enough for a thumb, the menu unfolds under it, a term's
//! definition shows within the screen, and axe-core finds nothing serious. The pages are
//! those of the `--offline` folder, opened from disk.
//!
//! Browser rule: without Chromium (or axe-core, see `axe_source`) this test fails under
//! CI=true, and elsewhere prints a loud SKIPPED line and passes.

use crate::browser::{self, Browser};
use crate::offline::{WAIT, file_url, location, offline_site};
use serde_json::json;
use std::path::{Path, PathBuf};

/// The browser as a phone of 375 × 740 px, with a touch screen.
fn phone(b: &mut Browser) {
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 375, "height": 740, "deviceScaleFactor": 1, "mobile": true}),
    );
    b.call(
        "Emulation.setTouchEmulationEnabled",
        json!({"enabled": true, "maxTouchPoints": 1}),
    );
}

/// A thumb's tap at the middle of the first element matching `selector`.
fn tap(b: &mut Browser, selector: &str) {
    let at = b
        .eval(&format!(
            "(() => {{ const e = document.querySelector({selector:?}); e.scrollIntoView({{block: 'center'}});
               const r = e.getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2] }})()"
        ))
        .unwrap();
    let point = json!([{"x": at[0], "y": at[1]}]);
    for kind in ["touchStart", "touchEnd"] {
        let points = if kind == "touchEnd" {
            json!([])
        } else {
            point.clone()
        };
        b.call(
            "Input.dispatchTouchEvent",
            json!({"type": kind, "touchPoints": points}),
        );
    }
}

/// The height of the element matching `selector`, in CSS pixels.
fn height(b: &mut Browser, selector: &str) -> f64 {
    b.eval(&format!(
        "document.querySelector({selector:?}).getBoundingClientRect().height"
    ))
    .unwrap()
    .as_f64()
    .unwrap()
}

/// What a thumb taps on a phone: every link, button and field outside running text.
const TARGETS: &str = ".site-header a, .site-header input, .site-header summary, .breadcrumb a, \
    .pager a, .site-footer a, .page-list a, .letters a, .button, .toc a";

/// axe-core, the accessibility checker (`.ci/run` installs it with npm into
/// `target/axe/`; `PRAXIS_AXE` names another copy of `axe.min.js`), or `None` after a
/// loud SKIPPED; under CI=true it must be there.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("PRAXIS_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!(
                "{}: {e}: axe-core must run in CI (npm install --prefix target/axe axe-core@4)",
                path.display()
            )
        }
        Err(_) => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n*** SKIPPED: axe-core not installed ({}) — the phone pages were not checked by axe ***\n",
                path.display()
            );
            None
        }
    }
}

/// What axe finds serious or critical on the page shown (WCAG 2 A and AA, and its best
/// practices): one line per rule, with the elements.
fn axe_serious(b: &mut Browser, axe: &str) -> Vec<String> {
    b.eval(axe).unwrap();
    let found = b
        .eval(
            "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})
               .then(r => r.violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
        )
        .unwrap();
    serde_json::from_value(found).unwrap()
}

#[test]
fn on_a_phone_the_header_takes_a_fifth_of_the_screen_and_a_thumb_finds_its_way() {
    let Some(mut b) = browser::launch_or_skip("the phone layout test") else {
        return;
    };
    phone(&mut b);
    let axe = axe_source();
    let site = offline_site();
    let pages = [
        "index.html",
        "roles/organisation/coordinateur/index.html",
        "glossaire/index.html",
        "glossaire/plateforme/index.html",
        "exemples/index.html",
    ];
    for page in pages {
        b.navigate(&file_url(&site.join(page)));
        // The content starts within the first fifth of the screen (148 of 740 px).
        let header = height(&mut b, ".site-header");
        assert!(header <= 148.0, "{page}: the header is {header} px high");
        let top = b
            .eval("document.querySelector('main h1').getBoundingClientRect().top")
            .unwrap();
        assert!(top.as_f64().unwrap() < 740.0 * 0.3, "{page}: h1 at {top}");
        // The search box is there, one tap away, and the menu is folded.
        assert!(height(&mut b, "#recherche") >= 44.0);
        assert_eq!(
            b.eval("document.querySelector('.main-nav a').checkVisibility()")
                .unwrap(),
            json!(false),
            "{page}: the menu is not folded"
        );
        // Every target a thumb may need is at least 44 px high.
        let small = b
            .eval(&format!(
                "Array.from(document.querySelectorAll({TARGETS:?}))
                   .filter(e => e.checkVisibility() && e.getBoundingClientRect().height < 44)
                   .map(e => e.outerHTML.slice(0, 80) + ' ' + e.getBoundingClientRect().height)"
            ))
            .unwrap();
        assert_eq!(small, json!([]), "{page}: targets under 44 px");
        if let Some(axe) = &axe {
            let serious = axe_serious(&mut b, axe);
            assert!(serious.is_empty(), "{page}: axe finds {serious:#?}");
        }
    }
    // The menu unfolds under the thumb, in targets of 44 px, and leads to a section.
    tap(&mut b, ".menu summary");
    b.wait_for(
        "document.querySelector('.main-nav a').checkVisibility()",
        WAIT,
        "the menu to unfold",
    );
    let links = b
        .eval("Array.from(document.querySelectorAll('.main-nav a')).map(a => a.getBoundingClientRect().height)")
        .unwrap();
    assert!(
        links
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h.as_f64().unwrap() >= 44.0),
        "{links}"
    );
    b.mark_document();
    tap(&mut b, ".main-nav a[href$='roles/index.html']");
    b.wait_for_new_document(WAIT);
    assert_eq!(location(&mut b, site), "roles/index.html");
    // A tap on a term shows its definition inside the screen; a second tap opens it.
    b.navigate(&file_url(
        &site.join("roles/organisation/coordinateur/index.html"),
    ));
    tap(&mut b, "main .content a.xref-term[title]");
    b.wait_for(
        "(t => t && !t.hidden)(document.getElementById('praxis-tooltip'))",
        WAIT,
        "the tooltip",
    );
    let edges = b
        .eval("(r => [r.left, r.right])(document.getElementById('praxis-tooltip').getBoundingClientRect())")
        .unwrap();
    assert!(
        edges[0].as_f64().unwrap() >= 0.0 && edges[1].as_f64().unwrap() <= 375.0,
        "the tooltip is off the screen: {edges}"
    );
    assert_eq!(
        location(&mut b, site),
        "roles/organisation/coordinateur/index.html"
    );
    b.mark_document();
    tap(&mut b, "main .content a.xref-term");
    b.wait_for_new_document(WAIT);
    assert!(location(&mut b, site).starts_with("glossaire/"));
}
