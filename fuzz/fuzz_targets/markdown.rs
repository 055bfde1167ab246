//! Fuzzes the Markdown side of a build in memory: a guide of three pages whose bodies,
//! term title, alias, summary and task come from the input (split on NUL), scanned,
//! resolved with glossary auto-links, then rendered as pages and as numbered sheets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use praxis::analyse::markdown::{self, Endnotes};
use praxis::base::diagnostic::Diagnostic;
use praxis::render::Shared;
use praxis::source::config::{Autolink, Config, RawHtml};
use praxis::source::content::{Content, Kind, Meta, Page};
use std::path::PathBuf;

fn page(id: &str, section: bool, parent: Option<&str>, meta: Meta, body: &str) -> Page {
    let header = "---\ntitle: x\n---\n";
    let text = format!("{header}{body}");
    let source = if section {
        format!("content/{id}/_index.md").replace("content//", "content/")
    } else {
        format!("content/{id}.md")
    };
    Page {
        source: PathBuf::from(source),
        text,
        body_start: header.len(),
        id: id.to_owned(),
        stem: id.rsplit('/').next().unwrap_or("").to_owned(),
        is_section: section,
        parent: parent.map(str::to_owned),
        url: praxis::source::content::url_of(id),
        meta,
    }
}

fn meta(title: &str, kind: Kind) -> Meta {
    Meta::new(title, kind)
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let mut parts = input.split('\0');
    let mut next = || parts.next().unwrap_or("");
    let (home_body, role_body, term_body) = (next(), next(), next());
    let (term_title, alias, summary, task) = (next(), next(), next(), next());

    let mut term = meta(
        if term_title.trim().is_empty() {
            "Plateforme"
        } else {
            term_title.trim()
        },
        Kind::Term,
    );
    term.aliases = vec![alias.to_owned()];
    term.summary = Some(summary.to_owned()).filter(|s| !s.trim().is_empty());
    let mut role = meta("Coordinateur", Kind::Role);
    role.tasks = vec![task.to_owned()];
    role.summary = Some("Voir [[plateforme]].".to_owned());
    let content = Content {
        pages: vec![
            page("", true, None, meta("Accueil", Kind::Page), home_body),
            page("roles/coordinateur", false, Some(""), role, role_body),
            page("glossaire/plateforme", false, Some(""), term, term_body),
        ],
        assets: Vec::new(),
        drafts: Vec::new(),
        ..Content::default()
    };

    let scans: Vec<markdown::Scan> = content
        .pages
        .iter()
        .map(|p| markdown::scan(p.body()))
        .collect();
    for (scan, p) in scans.iter().zip(&content.pages) {
        for link in &scan.links {
            assert!(link.offset <= p.body().len());
        }
    }
    let autolinker = praxis::analyse::resolve::AutoLinker::new(&content.pages);
    let mentions = (content.ids().zip(&scans))
        .map(|(i, s)| {
            autolinker
                .as_ref()
                .map_or_else(Vec::new, |m| m.mentions(i, s, &[]))
        })
        .collect();
    let (graph, problems) =
        praxis::analyse::resolve::resolve(&content, scans, autolinker, mentions);
    for d in &problems {
        let p = content
            .pages
            .iter()
            .find(|p| p.source == d.path)
            .expect("a page's diagnostic");
        assert!(
            d.line >= 1 && d.line <= p.text.lines().count().max(1),
            "{d}"
        );
        let _ = d.to_string();
    }
    let _ = praxis::analyse::resolve::lint(&content, &graph);
    if problems.iter().any(Diagnostic::is_error) {
        return;
    }

    let escape = flags & 1 == 1;
    let config = Config {
        autolink: Autolink::First,
        raw_html: if escape {
            RawHtml::Escape
        } else {
            RawHtml::Allow
        },
        ..Config::default()
    };
    let shared = Shared::new(&config, &content, &graph);
    for i in content.ids() {
        let root = praxis::render::root_of(&content.pages[i].url);
        let html = shared.body_html(i, &root, None, None);
        let _ = shared.summary_html(i, &root);
        let mut notes = Endnotes {
            base: "https://example.org/guide/fiches/x/".to_owned(),
            ..Endnotes::default()
        };
        let sheet = shared.body_html(i, "../../", Some(&mut notes), Some("s"));
        if escape {
            for out in [&html, &sheet] {
                assert!(
                    !out.to_lowercase().contains("<script"),
                    "raw HTML with escape: {out}"
                );
            }
        }
    }
    for (text, links) in [(task, &graph.fields[1].tasks[0])] {
        let page = praxis::source::content::PageId::new(1);
        let _ = shared.field_html(page, text, links, "../", None);
    }
    let _ = markdown::plain_text(summary);
});
