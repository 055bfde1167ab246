//! The Atom feed `feed.xml` of the latest changes read by history.rs: one entry per
//! commit, linking the pages it changed.

use crate::base::urls::{FEED, NEWS_DIR as PAGE_DIR};
use crate::source::config::Config;
use crate::source::content::Page;
use crate::source::history::{History, rfc3339};
use std::collections::HashMap;
use std::path::Path;

/// The Atom feed of the latest changes: one entry per commit, linking the pages it
/// changed. `title` names the changes page (`Nouveautés`).
pub fn feed(config: &Config, pages: &[Page], history: &History, title: &str) -> String {
    use crate::base::text::escape_html as esc;
    let base = &config.base_url;
    let by_source: HashMap<&Path, &Page> = pages.iter().map(|p| (p.source.as_path(), p)).collect();
    let updated = history
        .latest
        .first()
        .map_or_else(String::new, |c| rfc3339(c.date));
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title} · {site}</title>\n  <id>{base}{PAGE_DIR}/</id>\n  <link rel=\"self\" href=\"{base}{FEED}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{base}{PAGE_DIR}/\"/>\n  <updated>{updated}</updated>\n  <author><name>{site}</name></author>\n",
        lang = esc(&config.language),
        title = esc(title),
        site = esc(&config.title),
        base = esc(base),
    );
    for change in &history.latest {
        let changed: Vec<&Page> = change
            .files
            .iter()
            .filter_map(|f| by_source.get(f.as_path()).copied())
            .collect();
        let link = changed.first().map_or_else(
            || format!("{base}{PAGE_DIR}/"),
            |p| format!("{base}{}", p.url),
        );
        let mut list = String::from("<ul>");
        for page in &changed {
            list.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                esc(&format!("{base}{}", page.url)),
                esc(&page.meta.title)
            ));
        }
        list.push_str("</ul>");
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}{PAGE_DIR}/#{}</id>\n    <updated>{}</updated>\n    <link href=\"{}\"/>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            esc(&change.subject),
            esc(base),
            esc(&change.hash),
            rfc3339(change.date),
            esc(&link),
            esc(&list),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}
