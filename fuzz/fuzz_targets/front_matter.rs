//! Fuzzes what praxis does with the start of every page and with `praxis.yaml`: splitting
//! the front matter, parsing its YAML, reading each field with its type checked, and
//! printing the diagnostics, which must always point inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use praxis::base::diagnostic::Diagnostic;
use praxis::source::content::{front_matter, split_front_matter};
use praxis::source::yaml::Fields;
use std::path::Path;

const KEYS: &[&str] = &[
    "title", "kind", "summary", "aliases", "weight", "draft", "tasks", "roles", "markdown",
    "glossary", "sections",
];

fn check_placed(d: &Diagnostic, text: &str, source: &Path) {
    assert_eq!(d.path, source);
    let lines = text.lines().count().max(1);
    assert!(d.line <= lines + 1, "line {} of {lines}: {d}", d.line);
    let _ = d.to_string();
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let source = Path::new("content/a.md");

    if let Ok((yaml, yaml_start, body_start)) = split_front_matter(text) {
        assert!(yaml_start <= body_start && body_start <= text.len());
        assert_eq!(&text[yaml_start..yaml_start + yaml.len()], yaml);
        // Where front matter is read without the YAML parser, it reads as serde_yaml does.
        if let Some(map) = praxis::source::yaml::simple(yaml) {
            let by_serde = match serde_yaml::from_str(yaml) {
                Ok(serde_yaml::Value::Null) => Some(serde_yaml::Value::Mapping(Default::default())),
                other => other.ok(),
            };
            assert_eq!(Some(serde_yaml::Value::Mapping(map)), by_serde, "{yaml:?}");
        }
        // French typography is forgiven only where serde_yaml fails or reads a list that
        // holds a group of fields, which no field takes: elsewhere the readings agree.
        if let Ok(by_serde) = serde_yaml::from_str::<serde_yaml::Value>(yaml) {
            let by_serde = match by_serde {
                serde_yaml::Value::Null => serde_yaml::Value::Mapping(Default::default()),
                v => v,
            };
            let lists_a_group = by_serde.as_mapping().is_some_and(|m| {
                m.values().any(|v| {
                    v.as_sequence()
                        .is_some_and(|items| items.iter().any(serde_yaml::Value::is_mapping))
                })
            });
            if !lists_a_group {
                let ours = match praxis::source::yaml::read_forgiving(yaml) {
                    Ok(serde_yaml::Value::Null) => {
                        Some(serde_yaml::Value::Mapping(Default::default()))
                    }
                    other => other.ok(),
                };
                assert_eq!(ours, Some(by_serde), "{yaml:?}");
            }
        }
        let first_line = text[..yaml_start].matches('\n').count() + 1;
        if let Ok(fields) = Fields::parse(source, text, yaml, first_line) {
            for d in fields.unknown_keys(&KEYS[..8]) {
                check_placed(&d, text, source);
            }
            for key in KEYS {
                let line = fields.line_of(key);
                assert!(line >= first_line && line <= text.lines().count().max(1) + 1);
                let _ = fields.get(key);
                let results = [
                    fields.string(key).err(),
                    fields.bool(key).err(),
                    fields.integer(key).err(),
                    fields.strings(key).err(),
                ];
                for d in results.into_iter().flatten() {
                    check_placed(&d, text, source);
                }
                if let Ok(Some(inner)) = fields.section(key) {
                    for d in inner.unknown_keys(&["autolink", "raw_html"]) {
                        check_placed(&d, text, source);
                    }
                    let _ = inner.string("autolink");
                }
            }
        }
    }

    let (checked, problems) = front_matter(source, text);
    for d in &problems {
        check_placed(d, text, source);
    }
    if let Some((meta, body_start)) = checked {
        assert!(body_start <= text.len() && text.is_char_boundary(body_start));
        if !problems.iter().any(Diagnostic::is_error) {
            assert!(!meta.title.is_empty(), "a page without a title passed");
        }
    }

    let (_config, problems) = praxis::source::config::parse(Path::new("praxis.yaml"), text);
    for d in &problems {
        check_placed(d, text, Path::new("praxis.yaml"));
    }
});
