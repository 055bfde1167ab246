//! docs/contract.md keeps up with the code: every front-matter field praxis reads has its
//! row in the table of "Content" (and no row names a field it does not read), and every
//! name praxis reserves in the output is listed where the contract says which names are
//! reserved. The lists come from the code (`content::FIELDS`, `urls::RESERVED_FOLDERS`
//! and `RESERVED_FILES`), so a field or a reserved name added there fails here until the
//! contract describes it.

use praxis::base::urls;
use praxis::source::content;
use std::path::Path;

fn contract() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/contract.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The lines of `doc` from the heading `## {title}` to the next `## `.
fn section<'a>(doc: &'a str, title: &str) -> Vec<&'a str> {
    let heading = format!("## {title}");
    doc.lines()
        .skip_while(|l| l.trim_end() != heading)
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .collect()
}

#[test]
fn every_front_matter_field_has_its_row_in_the_contract() {
    let doc = contract();
    let content = section(&doc, "Content");
    assert!(
        !content.is_empty(),
        "docs/contract.md has no `## Content` section"
    );
    // The first cell of each row of the table: `| `title` | all | …` → title.
    let rows: Vec<&str> = (content.iter())
        .filter_map(|l| l.strip_prefix("| `")?.split_once("` |"))
        .map(|(field, _)| field)
        .collect();
    let missing: Vec<&str> = (content::FIELDS.iter().copied())
        .filter(|field| !rows.contains(field))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/contract.md, Content: the front-matter table has no row for {missing:?}, \
         which src/source/content.rs reads"
    );
    let unknown: Vec<&str> = (rows.into_iter())
        .filter(|row| !content::FIELDS.contains(row))
        .collect();
    assert!(
        unknown.is_empty(),
        "docs/contract.md, Content: the front-matter table has rows for {unknown:?}, \
         which src/source/content.rs does not read"
    );
}

#[test]
fn every_reserved_name_is_listed_in_the_contract() {
    let doc = contract();
    let layout = section(&doc, "Output layout").join("\n");
    let Some(at) = layout.find("These names are reserved") else {
        panic!("docs/contract.md, Output layout: no sentence « These names are reserved »");
    };
    let paragraph = layout[at..].split("\n\n").next().unwrap_or_default();
    let paragraph = paragraph.split("\n- ").next().unwrap_or_default();
    let names = (urls::RESERVED_FOLDERS.iter().map(|f| format!("`{f}/`")))
        .chain(urls::RESERVED_FILES.iter().map(|f| format!("`{f}`")));
    let missing: Vec<String> = names.filter(|n| !paragraph.contains(n)).collect();
    assert!(
        missing.is_empty(),
        "docs/contract.md, Output layout: the reserved names leave out {missing:?} \
         (src/base/urls.rs, is_reserved)"
    );
}
