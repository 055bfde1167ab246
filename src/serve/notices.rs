//! What `praxis serve` shows over the pages besides the page itself: a broken page's own
//! errors (the overlay of serve.rs), on every other page a small notice naming the broken
//! pages with links to them, and a discreet panel of the guide's warnings. Made once per
//! build, as HTML the server adds to each page it sends; never part of a built site.
//!
//! Its words are in the message catalogue (locales/*.ftl), in the guide's language.

use crate::base::diagnostic::Diagnostic;
use crate::base::messages::Lang;
use crate::base::text::escape_html;
use crate::msg;
use crate::pipeline::Broken;
use std::collections::HashMap;

/// The notices of one build, ready to add to pages.
#[derive(Debug, Default)]
pub struct Notices {
    /// For a page with errors (by its file in the site): its errors, over it.
    own: HashMap<String, String>,
    /// For every other page: the notice naming the pages with errors (may be empty).
    others: String,
    /// For every page: the warnings panel (empty when there is no warning).
    warnings: String,
}

impl Notices {
    /// The notices of a build that met `problems` (errors of the pages `broken`, and
    /// warnings); `overlay` shows a page's errors over it (serve.rs's).
    pub fn new(
        problems: &[Diagnostic],
        broken: &[Broken],
        language: &str,
        overlay: &dyn Fn(&[Diagnostic]) -> String,
    ) -> Notices {
        let lang = Lang::of(language);
        let own = broken
            .iter()
            .map(|page| {
                let errors: Vec<Diagnostic> = (problems.iter())
                    .filter(|d| d.is_error() && d.path == page.source)
                    .cloned()
                    .collect();
                (page.output.clone(), overlay(&errors))
            })
            .collect();
        Notices {
            own,
            others: broken_notice(broken, lang),
            warnings: warnings_panel(problems, lang),
        }
    }

    /// What to add to the page at `key` (its file in the site): its own errors, or the
    /// notice; and the warnings. The notice and the panel share one bar at the bottom of
    /// the window, side by side where there is room, one over the other on a phone.
    pub fn for_page(&self, key: &str) -> String {
        let (own, notice) = match self.own.get(key) {
            Some(own) => (own.as_str(), ""),
            None => ("", self.others.as_str()),
        };
        if notice.is_empty() && self.warnings.is_empty() {
            return own.to_owned();
        }
        format!(
            "{own}<div id=\"praxis-notes\" style=\"{BAR_STYLE}\">{notice}{}</div>",
            self.warnings
        )
    }
}

/// The bar that holds the notice (left) and the warnings panel (right); it lets clicks
/// through where it holds nothing.
const BAR_STYLE: &str = "all:initial;position:fixed;left:.5rem;right:.5rem;bottom:.5rem;\
z-index:2147483646;display:flex;flex-wrap:wrap;justify-content:space-between;\
align-items:flex-end;gap:.5rem;pointer-events:none";

const NOTICE_STYLE: &str = "all:initial;display:block;pointer-events:auto;\
max-width:36rem;box-sizing:border-box;padding:.5rem .75rem;\
background:#fff7ed;color:#7c2d12;border:1px solid #fdba74;border-radius:6px;\
box-shadow:0 1px 4px rgba(0,0,0,.2);font:14px/1.4 system-ui,sans-serif";

fn broken_notice(broken: &[Broken], lang: Lang) -> String {
    if broken.is_empty() {
        return String::new();
    }
    let links: Vec<String> = broken
        .iter()
        .map(|page| {
            format!(
                "<a href=\"/{}\" style=\"all:initial;color:#9a3412;text-decoration:underline;cursor:pointer;font:inherit\">{}</a>",
                escape_html(&page.url),
                escape_html(&page.title)
            )
        })
        .collect();
    format!(
        "<aside id=\"praxis-notice\" role=\"status\" style=\"{NOTICE_STYLE}\"><strong style=\"all:initial;font:inherit;font-weight:bold;color:inherit\">{}</strong> {} <span style=\"all:initial;font:12px/1.4 system-ui,sans-serif;color:inherit\">{}</span></aside>",
        escape_html(&msg!("notice-broken").text(lang)),
        links.join(", "),
        escape_html(&msg!("notice-broken-after").text(lang))
    )
}

const PANEL_STYLE: &str = "all:initial;display:block;pointer-events:auto;margin-left:auto;\
max-width:40rem;max-height:50vh;overflow:auto;\
box-sizing:border-box;padding:.25rem .6rem;background:#fefce8;color:#422006;\
border:1px solid #facc15;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.2);\
font:13px/1.4 system-ui,sans-serif";

/// The warnings, folded under their count; each at its file and line, with its help.
fn warnings_panel(problems: &[Diagnostic], lang: Lang) -> String {
    let warnings: Vec<&Diagnostic> = problems.iter().filter(|d| !d.is_error()).collect();
    if warnings.is_empty() {
        return String::new();
    }
    let what = msg!("notice-warnings", count = warnings.len()).text(lang);
    let mut html = format!(
        "<details id=\"praxis-warnings\" style=\"{PANEL_STYLE}\"><summary style=\"all:initial;display:list-item;cursor:pointer;font:inherit;font-weight:bold\">⚠ {}</summary><ul style=\"all:initial;display:block;margin:.25rem 0;padding:0 0 0 1rem;font:inherit\">",
        escape_html(&what)
    );
    for d in warnings {
        let location = escape_html(&d.location());
        let help = d.help.as_deref().map_or(String::new(), |h| {
            format!(
                "<br><span style=\"all:initial;font:inherit;color:#713f12\">{}</span>",
                escape_html(&h.text(lang))
            )
        });
        html.push_str(&format!(
            "<li class=\"praxis-warning\" data-location=\"{location}\" style=\"all:initial;display:list-item;margin:.2rem 0;font:inherit\"><code style=\"all:initial;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace\">{location}</code> {}{help}</li>",
            escape_html(&d.message.text(lang))
        ));
    }
    html.push_str(&format!(
        "</ul><button type=\"button\" onclick=\"this.closest('details').remove()\" style=\"all:initial;cursor:pointer;font:inherit;text-decoration:underline\">{}</button></details>",
        escape_html(&msg!("notice-close").text(lang))
    ));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken() -> Vec<Broken> {
        vec![Broken {
            source: "content/a.md".into(),
            output: "a/index.html".into(),
            url: "a/".into(),
            title: "Page <A>".into(),
            sheet: None,
        }]
    }

    #[test]
    fn a_broken_page_gets_its_errors_and_the_others_a_notice_naming_it() {
        let problems = [
            Diagnostic::error(
                "content/a.md",
                crate::base::messages::verbatim("unknown reference [[x]]"),
            ),
            Diagnostic::warning(
                "content/b.md",
                crate::base::messages::verbatim("unknown field `summry`"),
            ),
        ];
        let overlay =
            |d: &[Diagnostic]| format!("<div id=\"praxis-overlay\">{}</div>", d[0].plain(Lang::Fr));
        let notices = Notices::new(&problems, &broken(), "fr", &overlay);
        let own = notices.for_page("a/index.html");
        assert!(
            own.contains("praxis-overlay") && own.contains("[[x]]"),
            "{own}"
        );
        assert!(!own.contains("praxis-notice"));
        let other = notices.for_page("b/index.html");
        assert!(other.contains("À corriger :"), "{other}");
        assert!(other.contains("<a href=\"/a/\""), "{other}");
        assert!(other.contains("Page &lt;A&gt;"), "{other}");
        assert!(other.contains("1 avertissement<"), "{other}");
        assert!(other.contains("content/b.md"), "{other}");
    }

    #[test]
    fn nothing_is_added_to_a_guide_without_problems_and_english_elsewhere() {
        let overlay = |_: &[Diagnostic]| String::new();
        assert_eq!(
            Notices::new(&[], &[], "fr", &overlay).for_page("index.html"),
            ""
        );
        let problems = [
            Diagnostic::warning("content/b.md", crate::base::messages::verbatim("one")),
            Diagnostic::warning("content/c.md", crate::base::messages::verbatim("two")),
        ];
        let html = Notices::new(&problems, &[], "en-GB", &overlay).for_page("index.html");
        assert!(html.contains("2 warnings"), "{html}");
    }
}
