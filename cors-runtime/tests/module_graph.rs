//! The runtime's modules stand on one another without a circle: the data a policy is made
//! of at the bottom (`policy`, `origin`, `values`, `refusal`, ...), resolution, decision
//! and emission on it, the framework glue on top. Read from the sources: a module uses
//! another when its code (not its comments) names `crate::<module>`; a module's own
//! submodules (`testing/...`) count as the module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module of `src/` and the modules its code names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a source directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in files {
        let relative = path.strip_prefix(&src).expect("under src");
        // `testing/fetch.rs` belongs to `testing`; `lib.rs` is the crate root.
        let module = match relative.components().next() {
            Some(first) => first
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned(),
            None => continue,
        };
        if module == "lib" {
            continue;
        }
        let code = std::fs::read_to_string(&path).expect("a source file");
        let uses = graph.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                // `crate::policy!` is the macro, not the module.
                let after = line[at + "crate::".len() + name.len()..].chars().next();
                if !name.is_empty() && name != module && after != Some('!') {
                    uses.insert(name);
                }
            }
        }
    }
    graph
}

/// A circle through `start`, if there is one.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((module, path)) = stack.pop() {
        for next in graph.get(&module).into_iter().flatten() {
            if next == start {
                let mut circle = path.clone();
                circle.push(next.clone());
                return Some(circle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_stands_on_one_that_stands_on_it() {
    let graph = graph();
    for (module, uses) in &graph {
        eprintln!(
            "{module}: {}",
            uses.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    // The reading finds what it should: the decision stands on the policy's data.
    assert!(graph["decide"].contains("policy"), "{graph:?}");
    assert!(graph["env"].contains("policy"), "{graph:?}");
    let circles: Vec<Vec<String>> = graph.keys().filter_map(|m| circle(&graph, m)).collect();
    assert!(circles.is_empty(), "import circles: {circles:?}");
}
