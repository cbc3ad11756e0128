//! The generator's stages import each other one way only (docs/architecture.md): no cycle
//! between the top-level stages, nor between the files of any stage folder.
//!
//! Each file of `generator/src` is a node of the folder it is in (`mod.rs` and `lib.rs` are
//! the node `mod` of theirs). A path a file spells (`use crate::ir::Api`,
//! `super::runtime::RuntimeNeeds`, `crate::emit::types::ident(…)`) is an edge between the
//! nodes where the two module paths part: `emit/client/fixed.rs` reaching
//! `emit/runtime.rs` is the edge `client → runtime` in the folder `emit`. Test modules are
//! left out: a test may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

/// A file's module node: `["emit", "client", "fixed"]`, `["emit", "mod"]`, `["mod"]`.
type Node = Vec<String>;

const FOLDER_NODE: &str = "mod";

struct Source {
    /// The module the file is (`["emit", "client"]` for `emit/client/mod.rs`).
    module: Vec<String>,
    node: Node,
    file: PathBuf,
}

fn sources(root: &Path) -> Vec<Source> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let relative = path.strip_prefix(root).unwrap();
            let mut module: Vec<String> = relative
                .parent()
                .unwrap()
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            // `main.rs` is the binary, a crate of its own that uses the library by name.
            if module.is_empty() && stem == "main" {
                continue;
            }
            let node = if matches!(stem.as_str(), "mod" | "lib") {
                let mut node = module.clone();
                node.push(FOLDER_NODE.to_string());
                node
            } else {
                module.push(stem);
                module.clone()
            };
            found.push(Source {
                module,
                node,
                file: relative.to_path_buf(),
            });
        }
    }
    found
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg") && attr.meta.to_token_stream().to_string().contains("test")
    })
}

/// Every path starting `crate::`, `super::` or `self::` in `tokens`, as its segments.
fn spelled_paths(tokens: TokenStream, found: &mut Vec<Vec<String>>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut at = 0;
    while at < trees.len() {
        if let TokenTree::Group(group) = &trees[at] {
            spelled_paths(group.stream(), found);
        }
        let starts = matches!(&trees[at], TokenTree::Ident(ident)
            if ident == "crate" || ident == "super" || ident == "self");
        let preceded_by_colons =
            at > 0 && matches!(&trees[at - 1], TokenTree::Punct(p) if p.as_char() == ':');
        if !starts || preceded_by_colons {
            at += 1;
            continue;
        }
        let mut path = Vec::new();
        let mut next = at;
        while let Some(TokenTree::Ident(ident)) = trees.get(next) {
            path.push(ident.to_string());
            let colons = matches!(
                (trees.get(next + 1), trees.get(next + 2)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == ':' && b.as_char() == ':'
            );
            if !colons {
                break;
            }
            next += 3;
            // A group (`use crate::ir::{Api, Module}`) ends the path at its prefix; the use
            // tree reading below sees the names inside.
        }
        found.push(path);
        at = next.max(at + 1);
    }
}

/// The full paths of a `use` tree, each as its segments.
fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            use_paths(&path.tree, prefix, found);
            prefix.pop();
        }
        syn::UseTree::Name(name) => {
            let mut path = prefix.clone();
            path.push(name.ident.to_string());
            found.push(path);
        }
        syn::UseTree::Rename(rename) => {
            let mut path = prefix.clone();
            path.push(rename.ident.to_string());
            found.push(path);
        }
        syn::UseTree::Glob(_) => found.push(prefix.clone()),
        syn::UseTree::Group(group) => {
            for item in &group.items {
                use_paths(item, prefix, found);
            }
        }
    }
}

/// `path` from the crate root, spelt in the module `module`; `None` for other crates.
fn absolute(path: &[String], module: &[String]) -> Option<Vec<String>> {
    let mut resolved: Vec<String>;
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            resolved = Vec::new();
            rest = &path[1..];
        }
        Some("self") => {
            resolved = module.to_vec();
            rest = &path[1..];
        }
        Some("super") => {
            resolved = module.to_vec();
            while rest.first().is_some_and(|part| part == "super") {
                resolved.pop();
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    resolved.extend(rest.iter().cloned());
    Some(resolved)
}

/// The node a path from the root reaches: its longest prefix that is a module, as a node.
fn node_of(path: &[String], folders: &BTreeSet<Vec<String>>, files: &BTreeSet<Node>) -> Node {
    for len in (0..=path.len()).rev() {
        let prefix = &path[..len];
        if files.contains(prefix) {
            return prefix.to_vec();
        }
        if folders.contains(prefix) {
            let mut node = prefix.to_vec();
            node.push(FOLDER_NODE.to_string());
            return node;
        }
    }
    vec![FOLDER_NODE.to_string()]
}

/// Edges of each folder: `folder → (from → {to: the files that spell it})`.
type Edges = BTreeMap<Vec<String>, BTreeMap<String, BTreeMap<String, BTreeSet<PathBuf>>>>;

fn edges(root: &Path) -> Edges {
    let sources = sources(root);
    let folders: BTreeSet<Vec<String>> = sources
        .iter()
        .filter(|source| source.node.last().is_some_and(|last| last == FOLDER_NODE))
        .map(|source| source.module.clone())
        .collect();
    let files: BTreeSet<Node> = sources
        .iter()
        .filter(|source| source.node.last().is_none_or(|last| last != FOLDER_NODE))
        .map(|source| source.node.clone())
        .collect();
    let mut edges = Edges::new();
    for source in &sources {
        let text = std::fs::read_to_string(root.join(&source.file)).unwrap();
        let file =
            syn::parse_file(&text).unwrap_or_else(|err| panic!("{}: {err}", source.file.display()));
        let mut paths = Vec::new();
        for item in &file.items {
            let attrs = match item {
                syn::Item::Mod(item) => &item.attrs,
                syn::Item::Fn(item) => &item.attrs,
                syn::Item::Use(item) => &item.attrs,
                syn::Item::Impl(item) => &item.attrs,
                _ => &Vec::new(),
            };
            if is_test_only(attrs) {
                continue;
            }
            if let syn::Item::Use(item) = item {
                use_paths(&item.tree, &mut Vec::new(), &mut paths);
            } else {
                spelled_paths(item.to_token_stream(), &mut paths);
            }
        }
        for path in paths {
            let Some(target) = absolute(&path, &source.module) else {
                continue;
            };
            let to = node_of(&target, &folders, &files);
            let shared = source
                .node
                .iter()
                .zip(&to)
                .take_while(|(a, b)| a == b)
                .count();
            if shared < source.node.len() && shared < to.len() {
                edges
                    .entry(source.node[..shared].to_vec())
                    .or_default()
                    .entry(source.node[shared].clone())
                    .or_default()
                    .entry(to[shared].clone())
                    .or_default()
                    .insert(source.file.clone());
            }
        }
    }
    edges
}

/// A cycle of `graph` through `start`, as the nodes on it, if there is one.
fn cycle_from(
    graph: &BTreeMap<String, BTreeMap<String, BTreeSet<PathBuf>>>,
    start: &str,
) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((node, trail)) = stack.pop() {
        for next in graph.get(&node).into_iter().flat_map(|to| to.keys()) {
            if next == start {
                return Some(trail.clone());
            }
            if seen.insert(next.clone()) {
                let mut longer = trail.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_stage_or_file_of_a_stage_imports_in_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = edges(&root);
    assert!(
        edges.get(&Vec::new()).is_some_and(|top| top.len() > 3),
        "the walk found the stages: {edges:?}"
    );
    let mut cycles = Vec::new();
    for (folder, graph) in &edges {
        let mut reported = BTreeSet::new();
        for start in graph.keys() {
            let Some(cycle) = cycle_from(graph, start) else {
                continue;
            };
            let members: BTreeSet<&String> = cycle.iter().collect();
            if !reported.insert(members.into_iter().cloned().collect::<Vec<_>>()) {
                continue;
            }
            let steps: Vec<String> = cycle
                .iter()
                .zip(cycle.iter().cycle().skip(1))
                .map(|(from, to)| format!("{from} → {to} ({:?})", graph[from][to]))
                .collect();
            cycles.push(format!("in src/{}: {}", folder.join("/"), steps.join(", ")));
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn a_cycle_between_two_files_is_found() {
    let folder = std::env::temp_dir().join(format!("import-cycles-{}", std::process::id()));
    std::fs::create_dir_all(folder.join("stage")).unwrap();
    std::fs::write(folder.join("lib.rs"), "mod stage;").unwrap();
    std::fs::write(folder.join("stage/mod.rs"), "mod a; mod b;").unwrap();
    std::fs::write(folder.join("stage/a.rs"), "use super::b::B; pub struct A;").unwrap();
    std::fs::write(
        folder.join("stage/b.rs"),
        "pub struct B; fn f() -> crate::stage::a::A { todo!() }",
    )
    .unwrap();

    let edges = edges(&folder);
    std::fs::remove_dir_all(&folder).unwrap();

    let graph = &edges[&vec!["stage".to_string()]];
    assert!(
        graph["a"].contains_key("b") && graph["b"].contains_key("a"),
        "{graph:?}"
    );
    assert!(cycle_from(graph, "a").is_some());
}
