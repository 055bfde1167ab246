//! The house stays easy to change: `src/` is one folder a stage, in the order a build runs,
//! and each folder imports, through its `crate::` paths, only from the folders above it.
//! Inside a folder, no file reaches back to itself through the others (a cycle such as
//! render → sheets → render means two files that can only be understood together).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages, top to bottom, as `src/lib.rs` declares them.
const STAGES: [&str; 9] = [
    "base", "source", "analyse", "render", "outputs", "print", "pipeline", "serve", "cli",
];

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The module of a source file, as `crate::` paths name it: `src/render/theme.rs` is
/// `render::theme`, `src/render/mod.rs` is `render`; main.rs and lib.rs are none.
fn module_of(rel: &Path) -> Option<String> {
    let parts: Vec<&str> = rel.iter().map(|p| p.to_str().unwrap_or("")).collect();
    match parts.as_slice() {
        [_single] => None,
        [folder, "mod.rs"] => Some(folder.to_string()),
        [folder, file] => Some(format!("{folder}::{}", file.strip_suffix(".rs")?)),
        _ => None,
    }
}

/// The paths that `source` names after `crate::`, cut to the modules `known` holds
/// (`crate::render::theme::Theme` is `render::theme`), comments left out.
fn named_modules(source: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let path: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut parts = path.split("::").filter(|p| !p.is_empty());
            let Some(folder) = parts.next() else { continue };
            let file = parts.next().map(|f| format!("{folder}::{f}"));
            match file {
                Some(file) if known.contains(&file) => out.insert(file),
                _ if known.contains(folder) => out.insert(folder.to_owned()),
                _ => false,
            };
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

fn stage_of(module: &str) -> usize {
    let folder = module.split("::").next().unwrap_or(module);
    STAGES
        .iter()
        .position(|s| *s == folder)
        .unwrap_or_else(|| panic!("src/{folder}/ is not a stage of STAGES: add it in build order"))
}

/// Every import of a later stage: `(importer, imported)`.
fn imports_from_below(graph: &Graph) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (module, deps) in graph {
        for dep in deps {
            if stage_of(dep) > stage_of(module) {
                out.push((module.clone(), dep.clone()));
            }
        }
    }
    out
}

/// A cycle of `graph`, as the modules met along it (`[a, b, a]`), if there is one.
/// A folder's `mod.rs` and the files it declares are one module for this (a parent
/// names its children by their short names, which this check does not read).
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
        let parent = |n: &str| n.split("::").next().unwrap_or(n).to_owned();
        for next in graph.get(node).into_iter().flatten() {
            if parent(next) == node || next == &parent(node) {
                continue;
            }
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

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn each_folder_of_src_imports_only_from_the_folders_above_it() {
    let graph = source_graph(&src());
    assert!(
        graph.len() > 30 && graph["pipeline::steps"].contains("render"),
        "the modules of src/ were not read: {graph:?}"
    );
    let wrong = imports_from_below(&graph);
    assert!(
        wrong.is_empty(),
        "a stage imports from a later one (the order is {STAGES:?}):\n{}\nmove what both need into the earlier folder",
        wrong
            .iter()
            .map(|(a, b)| format!("  {a} imports {b}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn no_module_of_src_imports_itself_back() {
    if let Some(cycle) = find_cycle(&source_graph(&src())) {
        panic!(
            "import cycle in src/: {}\nmove what both sides need into a module below them (as base/urls.rs holds the output's paths)",
            cycle.join(" → ")
        );
    }
}

#[test]
fn lib_rs_declares_the_stages_in_build_order() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert_eq!(declared, STAGES);
}

#[test]
fn the_check_finds_an_import_from_a_later_stage_and_a_cycle() {
    let known: BTreeSet<String> = ["render", "outputs::sheets", "base::urls"]
        .map(String::from)
        .into();
    let render =
        "use crate::outputs::sheets::SheetView;\nuse crate::base::urls;\n// crate::print\n";
    let sheets = "fn f() { crate::render::split(x) }";
    let mut graph = Graph::new();
    graph.insert("render".into(), named_modules(render, &known));
    graph.insert("outputs::sheets".into(), named_modules(sheets, &known));
    graph.insert("base::urls".into(), BTreeSet::new());
    assert_eq!(
        imports_from_below(&graph),
        vec![("render".to_owned(), "outputs::sheets".to_owned())]
    );
    assert_eq!(
        find_cycle(&graph),
        Some(vec![
            "outputs::sheets".into(),
            "render".into(),
            "outputs::sheets".into()
        ])
    );
    graph.get_mut("outputs::sheets").unwrap().clear();
    assert_eq!(find_cycle(&graph), None);
}
