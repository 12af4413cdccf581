//! The layering the folder tree shows, enforced: every `crate::` path in `src/` may point only
//! at its own layer's module or a lower layer, and no two files may reach each other through
//! any chain of such paths (no cycle). Read from the source text, so it also sees test modules
//! and code compiled only for wasm32, which a host build never type-checks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// From the bottom. A module may use its own subtree and anything of a strictly lower rank.
const LAYERS: &[(&str, u8)] = &[
    ("model", 0),
    ("csp", 0),
    ("config", 1),
    ("browser", 1),
    ("auth", 2),
    ("sources", 3),
    ("sync", 4),
    ("charts", 5),
    ("export", 5),
    ("components", 6),
    ("pages", 7),
    ("app", 8),
];

fn rank(top: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == top).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/sync/fetch.rs` → `sync::fetch`; `src/sources/google/mod.rs` → `sources::google`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// Every `crate::a::b::c` path in the code (comments left out), as its segments.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            // `fitdata_crate::` or similar is not this crate.
            let before = rest[..i].chars().last();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segs: Vec<String> = path
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if !segs.is_empty() {
                out.push(segs);
            }
        }
    }
    out
}

struct Graph {
    /// Module → the modules it names.
    edges: BTreeMap<String, BTreeSet<String>>,
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeMap<String, PathBuf> = files
        .iter()
        .map(|f| (module_of(&src, f), f.clone()))
        .collect();
    let mut edges = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let mut to = BTreeSet::new();
        for segs in crate_paths(&text) {
            // The longest prefix that is a file of its own: `crate::sync::cache::store::get`
            // is the file `sync::cache`.
            let target = (1..=segs.len())
                .rev()
                .map(|n| segs[..n].join("::"))
                .find(|m| modules.contains_key(m));
            if let Some(t) = target.filter(|t| t != module) {
                to.insert(t);
            }
        }
        edges.insert(module.clone(), to);
    }
    Graph { edges }
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

#[test]
fn every_import_points_down() {
    let g = graph();
    assert!(
        g.edges.len() > 30,
        "the walk found too few files: {:?}",
        g.edges.keys()
    );
    let mut wrong = Vec::new();
    for (from, targets) in &g.edges {
        let (ft, from_rank) = (top(from), rank(top(from)));
        // `lib.rs`, `main.rs` and the worker's `bin/importer.rs` are entry points: they wire
        // the layers together.
        if ["lib", "main", "bin"].contains(&ft) {
            continue;
        }
        let Some(from_rank) = from_rank else {
            wrong.push(format!("{from}: its top-level module {ft:?} has no layer"));
            continue;
        };
        for to in targets {
            let tt = top(to);
            let ok = tt == ft || rank(tt).is_some_and(|r| r < from_rank);
            if !ok {
                wrong.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_module_reaches_itself() {
    let g = graph();
    // Depth-first search with colours; a grey node met again closes a cycle.
    #[derive(Clone, Copy, PartialEq)]
    enum C {
        White,
        Grey,
        Black,
    }
    fn visit(
        n: &str,
        g: &Graph,
        colour: &mut BTreeMap<String, C>,
        stack: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        colour.insert(n.to_string(), C::Grey);
        stack.push(n.to_string());
        for m in g.edges.get(n).into_iter().flatten() {
            match colour.get(m).copied().unwrap_or(C::White) {
                C::White => visit(m, g, colour, stack, cycles),
                C::Grey => {
                    let i = stack.iter().position(|s| s == m).unwrap_or(0);
                    cycles.push(format!("{} -> {m}", stack[i..].join(" -> ")));
                }
                C::Black => {}
            }
        }
        stack.pop();
        colour.insert(n.to_string(), C::Black);
    }
    let mut colour = BTreeMap::new();
    let mut cycles = Vec::new();
    for n in g.edges.keys() {
        if colour.get(n).copied().unwrap_or(C::White) == C::White {
            visit(n, &g, &mut colour, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_check_sees_an_upward_import() {
    // The parser itself: a path in code counts, one in a comment does not.
    let paths = crate_paths(
        "use crate::sync::cache::DayKey; // crate::pages::day\nlet x = fitdata_crate::y;",
    );
    assert_eq!(paths, vec![vec!["sync", "cache", "DayKey"]]);
    assert!(rank("sync") > rank("sources") && rank("model") < rank("sources"));
}
