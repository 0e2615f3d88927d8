//! Replays the fuzz corpus of the `env_value` target on every `cargo test`: every input
//! the coverage-guided fuzzer kept in `fuzz/corpus/env_value/` (an origins value read
//! from the environment, its first byte the flags) goes through the same checking
//! function as in the fuzz target (`fuzz_env_value/check.rs`, included by
//! `fuzz/fuzz_targets/env_value.rs` too), so an input that once broke an invariant keeps
//! being checked.

#[path = "support/browser.rs"]
mod browser;
#[path = "fuzz_env_value/check.rs"]
mod check;

use std::path::PathBuf;

#[test]
fn env_value_corpus() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/env_value");
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("a directory entry").path();
            let data = std::fs::read(&path).expect("a corpus file");
            (path, data)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no input", dir.display());

    let mut broken = Vec::new();
    let (mut not_utf8, mut exact, mut patterns, mut any, mut problems) = (0, 0, 0, 0, 0);
    for (path, data) in &files {
        // Panics, naming the value, on a broken invariant.
        match std::panic::catch_unwind(|| check::run(data)) {
            Ok(None) => not_utf8 += 1,
            Ok(Some((origins, reported))) => {
                exact += usize::from(!origins.exact.is_empty());
                patterns += usize::from(!origins.patterns.is_empty());
                any += usize::from(origins.any);
                problems += usize::from(reported > 0);
            }
            Err(_) => broken.push(path.display().to_string()),
        }
    }
    eprintln!(
        "env_value corpus: {} inputs; {not_utf8} empty or not UTF-8, {exact} with exact \
         origins, {patterns} with patterns, {any} with `*`, {problems} with problems",
        files.len()
    );
    assert!(
        broken.is_empty(),
        "inputs breaking an invariant (messages above): {broken:#?}"
    );
    assert!(
        exact > 0 && patterns > 0 && any > 0 && problems > 0,
        "the corpus reaches exact origins, patterns, `*` and problems"
    );
}
