//! Replays the fuzz corpus (issue 5, part 2) on every `cargo test`: every input the
//! coverage-guided fuzzer kept in `fuzz/corpus/<target>/` goes through the same checking
//! function as in the fuzz target (`check/`, included by `fuzz/fuzz_targets/*.rs` too),
//! so an input that once broke an invariant keeps being checked.

mod check;
#[path = "../../fuzz/fuzz_targets/live_entry/check.rs"]
mod live_entry;

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

/// The corpus keeps its meaning: byte 0 picks the same case as when the format began
/// (the cases of then, in their order, first in `ALL`), and every case added since has a
/// byte of its own.
#[test]
fn case_bytes_keep_their_meaning() {
    use check::cases::ALL;
    use check::input::{CASES_BEFORE_SPEC_10, NEW_CASE_BYTES, byte_of_case, case_of_byte};
    const BEFORE: [&str; CASES_BEFORE_SPEC_10] = [
        "EXACT_ONE",
        "EXACT_CREDENTIALS",
        "SUBDOMAINS",
        "SUBDOMAINS_PORT",
        "ANY_PORT",
        "SUBDOMAINS_ANY_PORT",
        "STAR",
        "STAR_EVERYTHING",
        "STAR_AUTHORIZATION",
        "HEADER_WILDCARD",
        "EXTENSIONS",
        "IP_HOSTS",
        "INSECURE_CREDENTIALS",
        "PUBLIC_SUFFIX",
        "PUNYCODE",
        "MANY_EXACT",
        "LOCALHOST",
        "POST_ONLY",
        "MIXED",
    ];
    let names: Vec<&str> = ALL.iter().map(|c| c.name).collect();
    assert_eq!(names[..CASES_BEFORE_SPEC_10], BEFORE);
    assert!(ALL.len() - CASES_BEFORE_SPEC_10 <= NEW_CASE_BYTES.len());
    for byte in 0..=u8::MAX {
        let case = case_of_byte(byte);
        if !NEW_CASE_BYTES.contains(&byte) {
            assert_eq!(case.name, BEFORE[usize::from(byte) % CASES_BEFORE_SPEC_10]);
        }
    }
    for (index, case) in ALL.iter().enumerate() {
        assert_eq!(case_of_byte(byte_of_case(index)).name, case.name);
    }
}

/// The chunk kinds of the headers of SPEC 10 are bytes no input committed before them
/// began a chunk with: every such input still decodes to the request it always meant.
#[test]
fn chunk_kinds_keep_their_meaning() {
    use check::input::{
        HOST_LINE, REQUEST_URI, SEC_FETCH_SITE, UPGRADE_LINE, WEBSOCKET_KEY, decode, encode,
    };
    // Each was an unrelated header (`x-other`) before.
    for kind in [
        SEC_FETCH_SITE,
        UPGRADE_LINE,
        WEBSOCKET_KEY,
        HOST_LINE,
        REQUEST_URI,
    ] {
        assert_eq!(kind % 9, 8, "{kind:#x}");
    }
    let data = encode(
        0,
        4,
        &[
            (9, b"https://a.example"),
            (0x11, b"x"),
            (SEC_FETCH_SITE, b"cross-site"),
            (UPGRADE_LINE, b"websocket"),
            (WEBSOCKET_KEY, b"k"),
            (HOST_LINE, b"api.example"),
            (REQUEST_URI, b"https://api.example/r"),
            (0xf1, b"DELETE"),
        ],
    );
    let exchange = decode(&data).expect("an exchange");
    let lines = |name: &str| -> Vec<&[u8]> {
        exchange
            .request
            .get_all(name)
            .iter()
            .map(|v| v.as_bytes())
            .collect()
    };
    assert_eq!(exchange.method, http::Method::POST);
    assert_eq!(lines("origin"), [b"https://a.example"]);
    assert_eq!(lines("x-other"), [b"x"]);
    assert_eq!(lines("sec-fetch-site"), [b"cross-site"]);
    assert_eq!(lines("upgrade"), [b"websocket"]);
    assert_eq!(lines("sec-websocket-key"), [b"k"]);
    assert_eq!(lines("host"), [b"api.example"]);
    assert_eq!(exchange.uri, "https://api.example/r");
    // 0xf1 % 9 is 7: the method's bytes, used when byte 1 is past the method table.
    let data = encode(0, 10, &[(0xf1, b"DELETE")]);
    assert_eq!(
        decode(&data).expect("an exchange").method,
        http::Method::DELETE
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

/// What a browser serializes, shared with `cors-rules`' tests and the fuzz targets.
#[path = "../../cors-rules/tests/support/browser.rs"]
mod browser;

#[test]
fn live_entry_corpus() {
    let files = corpus("live_entry");
    let mut broken = Vec::new();
    let (mut exact, mut patterns, mut problems) = (0, 0, 0);
    for (path, data) in &files {
        // Panics, naming the input, on a broken invariant.
        match std::panic::catch_unwind(|| live_entry::run(data)) {
            Ok(reached) => {
                exact += usize::from(reached.exact > 0);
                patterns += usize::from(reached.patterns > 0);
                problems += usize::from(reached.problems > 0);
            }
            Err(_) => broken.push(path.display().to_string()),
        }
    }
    eprintln!(
        "live_entry corpus: {} inputs; {exact} with exact origins accepted, {patterns} with \
         patterns accepted, {problems} with problems",
        files.len()
    );
    assert!(
        broken.is_empty(),
        "inputs breaking an invariant (messages above): {broken:#?}"
    );
    assert!(
        exact > 0 && patterns > 0 && problems > 0,
        "the corpus reaches exact origins, patterns and problems"
    );
}
