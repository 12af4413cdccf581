//! Test-only: runs a well-known implementation from PyPI (in the environment `make setup`
//! makes, `.cache/pyclient`) as an independent oracle, or says the test is skipped.

use std::io::Write;
use std::process::{Command, Stdio};

/// The environment's Python where it can import `module`; `None` (and "skipped" said) where not.
pub fn python_with(module: &str) -> Option<std::path::PathBuf> {
    let python =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/pyclient/bin/python");
    let ok = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "skipped: no {module} at {} (make setup installs it)",
            python.display()
        );
    }
    ok.then_some(python)
}

/// Runs `script` with `input` on stdin (inputs are often too long for an argument) and gives
/// its stdout; a failing script fails the test with its stderr.
pub fn run(python: &std::path::Path, script: &str, input: &[u8]) -> String {
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("input written");
    let out = child.wait_with_output().expect("python ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
