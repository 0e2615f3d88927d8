//! Replays the fuzz corpus (issue 5, part 2) on every `cargo test`: every input the
//! coverage-guided fuzzer kept in `fuzz/corpus/<target>/` goes through the same checking
//! function as in the fuzz target (`check/`, included by `fuzz/fuzz_targets/*.rs` too),
//! so an input that once broke an invariant keeps being checked.

mod check;

use std::collections::BTreeMap;
use std::path::PathBuf;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("a directory entry").path();
            let data = std::fs::read(&path).expect("a corpus file");
            (path, data)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn decide_corpus() {
    let files = corpus("decide");
    let mut seen = BTreeMap::new();
    let mut broken = Vec::new();
    for (path, data) in &files {
        // Panics, naming the input, on a violated invariant.
        match std::panic::catch_unwind(|| check::input::run(data)) {
            Ok(Some(kind)) => *seen.entry(format!("{kind:?}")).or_insert(0) += 1,
            Ok(None) => {}
            Err(_) => broken.push(path.display().to_string()),
        }
    }
    eprintln!("decide corpus: {} inputs, {seen:?}", files.len());
    assert!(
        broken.is_empty(),
        "inputs breaking an invariant (messages above): {broken:#?}"
    );
    assert!(
        files.len() >= 100,
        "the decide corpus has only {} inputs",
        files.len()
    );
    // The five kinds of SPEC 5 and the untrusted writes and handshakes of SPEC 10.
    assert_eq!(
        seen.len(),
        6,
        "the corpus reaches every kind of exchange: {seen:?}"
    );
}

#[test]
fn origin_corpus() {
    let files = corpus("origin");
    let mut broken = Vec::new();
    for (path, data) in &files {
        if std::panic::catch_unwind(|| check::input::run_origin(data)).is_err() {
            broken.push(path.display().to_string());
        }
    }
    eprintln!("origin corpus: {} inputs", files.len());
    assert!(
        broken.is_empty(),
        "inputs breaking an invariant (messages above): {broken:#?}"
    );
    assert!(
        files.len() >= 50,
        "the origin corpus has only {} inputs",
        files.len()
    );
}
