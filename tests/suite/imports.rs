//! The house stays easy to change: no module of `src/` reaches, through its `crate::`
//! paths, back to itself. A cycle (render → sheets → render) means two files that can
//! only be understood, and changed, together. Run by CI with the rest of the suite.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The module of a source file: `src/a.rs` and `src/a/…` are `a`; main.rs and lib.rs,
/// which only declare or call the library, are none.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!["main", "lib"].contains(&name)).then(|| name.to_owned())
}

/// The modules that `source` names after `crate::`, in `use` lines and in paths alike
/// (`crate::a::f`, `use crate::{a, b::c}`), comments left out.
fn named_modules(source: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group.split([',', '}']).collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if known.contains(&name) {
                    out.insert(name);
                }
            }
        }
    }
    out
}

fn source_graph(src: &Path) -> Graph {
    let files: Vec<_> = walkdir::WalkDir::new(src)
        .into_iter()
        .map(|e| e.expect("readable src/"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect();
    let known: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_of(f.strip_prefix(src).unwrap()))
        .collect();
    let mut graph = Graph::new();
    for file in &files {
        let Some(module) = module_of(file.strip_prefix(src).unwrap()) else {
            continue;
        };
        let text = std::fs::read_to_string(file).expect("source file");
        let deps = graph.entry(module.clone()).or_default();
        deps.extend(named_modules(&text, &known));
        deps.remove(&module);
    }
    graph
}

/// A cycle of `graph`, as the modules met along it (`[a, b, a]`), if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_module_of_src_imports_itself_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = source_graph(&src);
    assert!(
        graph.len() > 10 && graph["pipeline"].contains("render"),
        "the modules of src/ were not read: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "import cycle in src/: {}\nmove what both sides need into a module below them (as urls.rs holds the output's paths)",
            cycle.join(" → ")
        );
    }
}

#[test]
fn the_check_finds_a_cycle_through_a_group_import() {
    let known: BTreeSet<String> = ["render", "sheets", "urls"].map(String::from).into();
    let render = "use crate::{sheets::SheetView, urls};\n// crate::nothing here\n";
    let sheets = "fn f() { crate::render::split(x) }";
    let mut graph = Graph::new();
    graph.insert("render".into(), named_modules(render, &known));
    graph.insert("sheets".into(), named_modules(sheets, &known));
    graph.insert("urls".into(), BTreeSet::new());
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["render".into(), "sheets".into(), "render".into()])
    );
    graph.get_mut("sheets").unwrap().clear();
    assert_eq!(find_cycle(&graph), None);
}
