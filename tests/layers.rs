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
    ("worker", 4),
    ("sync", 5),
    ("charts", 6),
    ("export", 6),
    ("components", 7),
    ("pages", 8),
    ("app", 9),
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

/// The code of a line: what comes before a `//` comment.
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

/// Every `crate::a::b::c` path in the code (comments left out), as its segments; a group
/// (`crate::{a::b, c::{d, e}}`) gives each of its paths.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // A group may run over several lines: each `use crate::{` is read to its closing brace.
    let joined: String = text.lines().map(code).collect::<Vec<_>>().join(" ");
    let mut rest = joined.as_str();
    while let Some(i) = rest.find("crate::{") {
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let (group, after) = braced(rest);
        out.extend(group_paths(group, &[]));
        rest = after;
    }
    for line in text.lines() {
        let code = code(line);
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            // `fitdata_crate::` or similar is not this crate.
            let before = rest[..i].chars().last();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if rest.starts_with('{') {
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

/// The text of a `{…}` group at the start of `text` (without its braces), and what follows.
fn braced(text: &str) -> (&str, &str) {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return (&text[1..i], &text[i + 1..]);
                }
            }
            _ => {}
        }
    }
    (text.get(1..).unwrap_or(""), "")
}

/// The paths of a group's text (`a::b, c::{d, e}`), each after `prefix`.
fn group_paths(group: &str, prefix: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = group;
    while !rest.trim().is_empty() {
        let head: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let skipped = rest.len() - rest.trim_start().len() + head.len();
        let mut segs: Vec<String> = prefix.to_vec();
        segs.extend(
            head.split("::")
                .filter(|x| !x.is_empty())
                .map(str::to_string),
        );
        rest = &rest[skipped..];
        if rest.starts_with('{') {
            let (inner, after) = braced(rest);
            out.extend(group_paths(inner, &segs));
            rest = after;
        } else if !head.is_empty() && segs.len() > prefix.len() {
            out.push(segs);
        }
        // On to the next item of this group.
        match rest.find(',') {
            Some(i) => rest = &rest[i + 1..],
            None => break,
        }
    }
    out
}

/// The file-level `use super::…` paths of `module` (a line at column 0: an indented one is in
/// an inline module, such as `mod tests`, whose `super` is the file itself), made absolute.
fn super_paths(module: &str, text: &str) -> Vec<Vec<String>> {
    // The module `super` names (`module_of` already made a `mod.rs` its folder's module).
    let mut parent: Vec<String> = module.split("::").map(str::to_string).collect();
    parent.pop();
    let mut out = Vec::new();
    for line in text.lines() {
        let code = code(line);
        let Some(rest) = [
            "use super::",
            "pub use super::",
            "pub(crate) use super::",
            "pub(super) use super::",
        ]
        .iter()
        .find_map(|p| code.strip_prefix(p)) else {
            continue;
        };
        if rest.starts_with('{') {
            out.extend(group_paths(braced(rest).0, &parent));
        } else {
            out.extend(group_paths(rest.trim_end_matches(';'), &parent));
            // `use super::*` names the parent itself.
            if rest.starts_with('*') {
                out.push(parent.clone());
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
    graph_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// The import graph of the crate whose sources are under `src`.
fn graph_of(src: &Path) -> Graph {
    let src = src.to_path_buf();
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
        let mut paths = crate_paths(&text);
        paths.extend(super_paths(module, &text));
        for segs in paths {
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

/// Every cycle of the graph, as a chain of modules.
fn cycles_of(g: &Graph) -> Vec<String> {
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
            visit(n, g, &mut colour, &mut Vec::new(), &mut cycles);
        }
    }
    cycles
}

#[test]
fn no_module_reaches_itself() {
    let cycles = cycles_of(&graph());
    assert!(cycles.is_empty(), "cycles:\n{}", cycles.join("\n"));
}

/// The emulator too: its ground (wire shapes, clients, faults, worlds, state) below every host.
#[test]
fn no_emulator_module_reaches_itself() {
    let g = graph_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("emulator/src"));
    assert!(g.edges.len() > 10, "{:?}", g.edges.keys());
    let cycles = cycles_of(&g);
    assert!(cycles.is_empty(), "cycles:\n{}", cycles.join("\n"));
}

/// The Rust files under `dir`, each with its text.
fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (f, text)
        })
        .collect()
}

/// The lines of `text` whose code (not a comment) names one of `names` as a path.
fn naming(text: &str, names: &[&str]) -> Vec<String> {
    text.lines()
        .map(code)
        .filter(|c| names.iter().any(|n| c.contains(&format!("{n}::"))))
        .map(|c| c.trim().to_string())
        .collect()
}

/// Only `browser/` touches the browser's APIs (`web_sys`); the pages reach them through it.
#[test]
fn only_browser_names_web_sys() {
    let wrong: Vec<String> = sources("src")
        .iter()
        .filter(|(f, _)| !f.components().any(|c| c.as_os_str() == "browser"))
        .flat_map(|(f, t)| {
            naming(t, &["web_sys"])
                .into_iter()
                .map(move |l| format!("{}: {l}", f.display()))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "web_sys outside browser/:\n{}",
        wrong.join("\n")
    );
}

/// `model/` is pure: no browser, network, file or clock of its own.
#[test]
fn model_does_no_io() {
    const IO: &[&str] = &[
        "web_sys",
        "js_sys",
        "gloo_net",
        "wasm_bindgen_futures",
        "std::fs",
        "std::net",
        "std::time::SystemTime",
    ];
    let wrong: Vec<String> = sources("src/model")
        .iter()
        .flat_map(|(f, t)| {
            naming(t, IO)
                .into_iter()
                .map(move |l| format!("{}: {l}", f.display()))
        })
        .collect();
    assert!(wrong.is_empty(), "I/O in model/:\n{}", wrong.join("\n"));
}

/// Every module says what it is for in its first line (`//!`), in the app, the emulator and
/// the synthetic person.
#[test]
fn every_file_opens_with_a_doc_line() {
    let wrong: Vec<String> = ["src", "emulator/src", "synth/src"]
        .iter()
        .flat_map(|d| sources(d))
        .filter(|(_, t)| !t.starts_with("//!"))
        .map(|(f, _)| f.display().to_string())
        .collect();
    assert!(wrong.is_empty(), "no //! line:\n{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_an_upward_import() {
    // The parser itself: a path in code counts, one in a comment does not.
    let paths = crate_paths(
        "use crate::sync::cache::DayKey; // crate::pages::day\nlet x = fitdata_crate::y;",
    );
    assert_eq!(paths, vec![vec!["sync", "cache", "DayKey"]]);
    assert!(rank("sync") > rank("sources") && rank("model") < rank("sources"));
    // The worker module's layer sits between the sources it runs and the layers that ask it.
    assert!(rank("sources") < rank("worker") && rank("worker") < rank("sync"));
}

#[test]
fn the_check_sees_grouped_and_super_paths_a_cycle_and_each_invariant() {
    // Groups, over lines and nested.
    let paths =
        crate_paths("use crate::{\n    sync::cache::DayKey,\n    model::{kind::Kind, Day},\n};");
    assert!(
        paths.contains(&vec!["sync".into(), "cache".into(), "DayKey".into()]),
        "{paths:?}"
    );
    assert!(
        paths.contains(&vec!["model".into(), "kind".into(), "Kind".into()]),
        "{paths:?}"
    );
    assert!(
        paths.contains(&vec!["model".into(), "Day".into()]),
        "{paths:?}"
    );
    // `super` at file level is the parent; indented (an inline `mod tests`) it is not read.
    let sup = super_paths(
        "sources::import::read::heart",
        "use super::*;\nuse super::{offsets::Offsets, Day};\n    use super::*;",
    );
    assert!(
        sup.contains(&vec!["sources".into(), "import".into(), "read".into()]),
        "{sup:?}"
    );
    assert!(
        sup.contains(&vec![
            "sources".into(),
            "import".into(),
            "read".into(),
            "offsets".into(),
            "Offsets".into()
        ]),
        "{sup:?}"
    );
    assert_eq!(sup.len(), 3, "{sup:?}");
    // A cycle of two modules is found.
    let mut edges = BTreeMap::new();
    edges.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    edges.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycles_of(&Graph { edges }).len(), 1);
    // The invariants' reader: a path in code counts, a mention in a comment does not.
    assert_eq!(
        naming("let w = web_sys::window(); // web_sys::x", &["web_sys"]).len(),
        1
    );
    assert!(naming("//! the only `web_sys` user", &["web_sys"]).is_empty());
    assert_eq!(naming("std::fs::read(p)", &["std::fs"]).len(), 1);
}
