//! What a page looks like to the other pages: an edit that keeps it needs only an
//! incremental rebuild, and a page that vanished is matched to a new one by it.

use super::Moved;
use crate::analyse::markdown;
use crate::source::content;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// A page as a rename is recognised by: the same title or the same body.
pub(super) struct Face {
    source: PathBuf,
    url: String,
    title: String,
    body: u64,
}

/// What each page of `content` looks like, for the pages a later build finds moved.
pub(super) fn faces(content: &content::Content) -> Vec<Face> {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    (content.pages.par_iter())
        .map(|p| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            p.body().trim().hash(&mut hasher);
            Face {
                source: p.source.clone(),
                url: p.url.clone(),
                title: p.meta.title.clone(),
                body: hasher.finish(),
            }
        })
        .collect()
}

/// The pages of `before` gone from `after`, each matched to a page new in `after` with
/// its title, or else its text; a page matched by none is not a move.
pub(super) fn moves(before: &[Face], after: &[Face]) -> Vec<Moved> {
    let sources =
        |faces: &[Face]| -> BTreeSet<PathBuf> { faces.iter().map(|f| f.source.clone()).collect() };
    let (old, new) = (sources(before), sources(after));
    let gone: Vec<&Face> = before.iter().filter(|f| !new.contains(&f.source)).collect();
    let mut came: Vec<&Face> = after.iter().filter(|f| !old.contains(&f.source)).collect();
    let mut out = Vec::new();
    for face in gone {
        let found = (came.iter().position(|f| f.title == face.title))
            .or_else(|| came.iter().position(|f| f.body == face.body));
        if let Some(i) = found {
            let to = came.remove(i);
            out.push(Moved {
                from: face.url.clone(),
                to: to.url.clone(),
            });
        }
    }
    out
}

/// Whether an edited page looks the same to every other page: the same place, names,
/// kind, summary, order, roles, pack and heading ids. Only what the page alone shows may
/// differ: its text, tasks, review and source.
///
/// Every field is named, none left to `..`: a field added to [`content::Page`] or
/// [`content::Meta`] does not compile here until someone decides whether other pages
/// see it, and so whether a change of it needs a full build.
pub(super) fn same_face(
    old: &content::Page,
    new: &content::Page,
    old_scan: &markdown::Scan,
    new_scan: &markdown::Scan,
) -> bool {
    let content::Page {
        source,
        id,
        is_section,
        // The page's own text: it is rendered again, and its links resolved again.
        text: _,
        body_start: _,
        // Made from `source`, which is compared.
        stem: _,
        url: _,
        // A page read alone does not know its section: the old one's is copied over.
        parent: _,
        meta,
    } = new;
    let content::Meta {
        title,
        kind,
        summary,
        aliases,
        weight,
        draft,
        unlisted,
        no_autolink,
        roles,
        pack,
        // Shown on the page, its sheet, the packs (all made again), the book and the
        // search index (made again by `complete`); resolved with the page's own links.
        tasks: _,
        // Shown on the page and its sheet; an overdue review is found again for the page.
        review: _,
        // « D'après … »: shown where the tasks are; checked again with the citations.
        source: _,
    } = meta;
    let ids = |scan: &markdown::Scan| -> Vec<String> {
        scan.headings.iter().map(|h| h.id.clone()).collect()
    };
    let was = &old.meta;
    old.id == *id
        && old.source == *source
        && old.is_section == *is_section
        && was.title == *title
        && was.kind == *kind
        && was.summary == *summary
        && was.aliases == *aliases
        && was.weight == *weight
        && was.draft == *draft
        && was.unlisted == *unlisted
        && was.no_autolink == *no_autolink
        && was.roles == *roles
        && was.pack == *pack
        && ids(old_scan) == ids(new_scan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use content::{Kind, Meta, Page};

    fn page(title: &str, body: &str) -> Page {
        Page {
            source: "content/roles/animateur.md".into(),
            text: body.to_owned(),
            body_start: 0,
            id: "roles/animateur".into(),
            stem: "animateur".into(),
            is_section: false,
            parent: Some("roles".into()),
            url: "roles/animateur/".into(),
            meta: Meta::new(title, Kind::Role),
        }
    }

    #[test]
    fn a_change_other_pages_see_needs_a_full_build_and_one_only_its_page_shows_does_not() {
        let old = page("Animateur", "Anime la réunion.\n");
        let same_face_as_old = |new: &Page| {
            same_face(
                &old,
                new,
                &markdown::scan(old.body()),
                &markdown::scan(new.body()),
            )
        };
        let mut seen_by_others = vec![page("Animatrice", "Anime la réunion.\n")];
        let edit = |change: fn(&mut Meta)| {
            let mut new = page("Animateur", "Anime la réunion.\n");
            change(&mut new.meta);
            new
        };
        seen_by_others.push(edit(|m| m.kind = Kind::Term));
        seen_by_others.push(edit(|m| m.summary = Some("Anime.".into())));
        seen_by_others.push(edit(|m| m.aliases = vec!["animatrice".into()]));
        seen_by_others.push(edit(|m| m.weight = Some(2)));
        seen_by_others.push(edit(|m| m.unlisted = true));
        seen_by_others.push(edit(|m| m.draft = true));
        seen_by_others.push(edit(|m| m.no_autolink = vec!["réunion".into()]));
        seen_by_others.push(edit(|m| m.pack.terms = vec![("réunion".into(), 4)]));
        seen_by_others.push(edit(|m| m.roles = vec![("coordinateur".into(), 3)]));
        seen_by_others.push(page("Animateur", "## Rôle\n\nAnime la réunion.\n"));
        for new in &seen_by_others {
            assert!(!same_face_as_old(new), "{:?} / {:?}", new.meta, new.body());
        }
        let only_its_page = [
            page("Animateur", "Anime la réunion, voir [[coordinateur]].\n"),
            edit(|m| m.tasks = vec!["Réunir l’équipe".into()]),
            edit(|m| m.review.by = Some("Camille".into())),
            edit(|m| {
                m.source = Some(crate::source::cite::Source {
                    url: "https://exemple.org/".into(),
                    label: "Exemple".into(),
                })
            }),
        ];
        for new in &only_its_page {
            assert!(same_face_as_old(new), "{:?} / {:?}", new.meta, new.body());
        }
    }

    fn face(source: &str, title: &str, body: u64) -> Face {
        Face {
            source: source.into(),
            url: format!("{}/", source.trim_end_matches(".md")),
            title: title.to_owned(),
            body,
        }
    }

    #[test]
    fn a_vanished_page_is_matched_by_its_title_then_by_its_text() {
        let before = [
            face("a.md", "A", 1),
            face("b.md", "B", 2),
            face("c.md", "C", 3),
        ];
        let after = [
            face("a2.md", "A", 9),
            face("b2.md", "B renommée", 2),
            face("d.md", "D", 4),
        ];
        let moved = moves(&before, &after);
        assert_eq!(
            moved,
            [
                Moved {
                    from: "a/".into(),
                    to: "a2/".into()
                },
                Moved {
                    from: "b/".into(),
                    to: "b2/".into()
                },
            ]
        );
        assert!(moves(&before, &before).is_empty());
    }
}
