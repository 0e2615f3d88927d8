//! The invariants of entries given to a live origin set (`OriginSet`, SPEC section 11),
//! checked on one input. Shared, through `#[path]`, by the fuzz target
//! `fuzz/fuzz_targets/live_entry.rs` and by `tests/tests/fuzz_corpus.rs`, which replays
//! `fuzz/corpus/live_entry/` on every `cargo test`. The includer provides `crate::browser`
//! (`is_browser_serialized`, `breaks_unchecked_idna_rule`: `cors-rules/tests/support/`).
//!
//! The input, read as UTF-8 (each invalid sequence replaced by U+FFFD), is one entry given
//! to `OriginSet::insert`; split on commas and line feeds, it is the entries given to
//! `OriginSet::replace`. An accepted exact origin is what a browser sends in `Origin`, and
//! a policy reading the set allows exactly those bytes; an accepted pattern is an entry as
//! written; a refused change changes nothing.

use std::sync::LazyLock;

use crate::browser::{breaks_unchecked_idna_rule, is_browser_serialized};
use cors_runtime::{OriginSet, Policy, PolicyError, Problem, policy};

/// The set the policies below read; every input replaces its entries.
static SET: OriginSet = OriginSet::new();

/// The set named with `live(NAME)` (checked at compile time with `credentials`).
static LIVE: Policy = policy!(origins = [live(SET)], methods = [GET], credentials);

/// The set attached by the builder, without `credentials` (the set's rules do not depend
/// on the policy). Built once: the builder leaks its policy.
static BUILT: LazyLock<&'static Policy> = LazyLock::new(|| {
    Policy::builder()
        .live_origins(&SET)
        .methods(["GET", "POST"])
        .build()
        .expect("a policy with a live set")
});

/// A second set, read before each read of `SET`: each read of `SET` then finds another
/// set's cache first among its thread's.
static OTHER: OriginSet = OriginSet::new();

/// The policy reading `OTHER`.
static OTHER_LIVE: Policy = policy!(origins = [live(OTHER)], methods = [GET]);

/// `OTHER`'s one entry, set again by every input.
const OTHER_ORIGIN: &str = "https://other.example";

/// What `SET` holds before an input's `replace`: a set that a refused change must leave
/// as it is.
const SEED: [&str; 2] = ["https://seed.example", "https://*.seed.example"];

/// What one input reached, for the replay's account of the corpus.
#[derive(Debug, Default)]
pub(crate) struct Reached {
    /// Exact origins accepted (alone and in the list).
    pub(crate) exact: usize,
    /// Patterns accepted (alone and in the list).
    pub(crate) patterns: usize,
    /// Problems reported (alone and for the list).
    pub(crate) problems: usize,
}

/// Checks one input; panics, naming it, on a broken invariant.
pub(crate) fn run(data: &[u8]) -> Reached {
    let text = String::from_utf8_lossy(data);
    OTHER.replace([OTHER_ORIGIN]).expect("a valid origin");
    let mut reached = Reached::default();
    check_alone(&text, &mut reached);
    let entries: Vec<&str> = text.split([',', '\n']).collect();
    check_list(&entries, &mut reached);
    reached
}

/// The input as one entry: `insert` into a fresh set, and `SET` holding it alone.
fn check_alone(entry: &str, reached: &mut Reached) {
    let fresh = OriginSet::new();
    let inserted = fresh.insert(entry);
    let replaced = SET.replace([entry]);
    match inserted {
        Ok(true) => {
            assert_eq!(
                replaced,
                Ok(()),
                "{entry:?}: inserted, but refused by replace"
            );
            assert_eq!(fresh.len(), 1, "{entry:?}");
            assert!(fresh.contains(entry), "{entry:?}: inserted, not contained");
            assert_eq!(fresh.to_string(), entry, "{entry:?}: not listed as written");
            assert_eq!(fresh.insert(entry), Ok(false), "{entry:?}: inserted twice");
            assert_eq!(fresh.len(), 1, "{entry:?}");
            if is_pattern(entry) {
                reached.patterns += 1;
                check_pattern(entry, true);
            } else {
                reached.exact += 1;
                check_exact(entry, true);
            }
            assert!(SET.remove(entry), "{entry:?}: not removed from `SET`");
            assert!(SET.is_empty(), "{entry:?}");
            assert_eq!(allowed(entry.as_bytes()), [false; 2], "{entry:?}: removed");
            assert!(fresh.remove(entry), "{entry:?}: not removed");
            assert!(!fresh.remove(entry), "{entry:?}: removed twice");
            assert!(!fresh.contains(entry), "{entry:?}: contained once removed");
        }
        Ok(false) => panic!("{entry:?}: already in a fresh set"),
        Err(error) => {
            reached.problems += error.problems().len();
            check_error(&error, &[entry], entry);
            let Err(again) = replaced else {
                panic!("{entry:?}: refused by insert ({error}), accepted by replace");
            };
            assert!(
                error.problems().eq(again.problems()),
                "{entry:?}: insert and replace disagree: {error}\n{again}"
            );
        }
    }
    assert_eq!(fresh.len(), 0, "{entry:?}");
    assert_eq!(fresh.to_string(), "(empty)", "{entry:?}");
}

/// The entries as a list: `replace` from `SEED`, then the same entries one by one.
fn check_list(entries: &[&str], reached: &mut Reached) {
    SET.replace(SEED).expect("the seed is valid");
    let before = SET.to_string();
    if let Err(error) = SET.replace(entries) {
        reached.problems += error.problems().len();
        check_error(&error, entries, &entries.join("\n"));
        assert_eq!(
            SET.to_string(),
            before,
            "{entries:?}: a refused replace changed the set"
        );
        assert_eq!(allowed(SEED[0].as_bytes()), [true; 2], "{entries:?}");
        // Why: an entry refused alone, an entry given twice, or the set's capacity.
        let refused_alone = entries.iter().any(|e| OriginSet::new().insert(e).is_err());
        let repeated = (1..entries.len()).any(|i| entries[..i].contains(&entries[i]));
        let capacity = error.problems().any(|p| p.entry().is_empty());
        assert!(
            refused_alone || repeated || capacity,
            "{entries:?}: every entry is valid alone and distinct, yet: {error}"
        );
        return;
    }
    let (patterns, exact): (Vec<&str>, Vec<&str>) = entries.iter().partition(|e| is_pattern(e));
    reached.exact += exact.len();
    reached.patterns += patterns.len();
    assert_eq!(SET.len(), entries.len(), "{entries:?}");
    let listed = exact
        .iter()
        .chain(&patterns)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    assert_eq!(
        SET.to_string(),
        listed,
        "{entries:?}: exact origins first, then patterns"
    );
    for entry in &exact {
        assert!(SET.contains(entry), "{entries:?}: {entry:?} not contained");
        check_exact(entry, false);
    }
    for entry in &patterns {
        assert!(SET.contains(entry), "{entries:?}: {entry:?} not contained");
        check_pattern(entry, false);
    }

    // A refused change of an accepted set leaves it as it is.
    let after = SET.to_string();
    let with_star: Vec<&str> = entries.iter().copied().chain(["*"]).collect();
    assert!(
        SET.replace(&with_star).is_err(),
        "{entries:?}: `*` accepted"
    );
    assert!(SET.insert("https://shop.example/").is_err(), "{entries:?}");
    assert_eq!(
        SET.to_string(),
        after,
        "{entries:?}: a refused change changed the set"
    );

    // The same entries, one by one, make the same set; removed one by one, none is left.
    let one_by_one = OriginSet::new();
    for entry in entries {
        assert_eq!(one_by_one.insert(entry), Ok(true), "{entries:?}: {entry:?}");
    }
    assert_eq!(
        one_by_one.to_string(),
        after,
        "{entries:?}: inserted one by one"
    );
    for (i, entry) in entries.iter().enumerate() {
        assert!(
            one_by_one.remove(entry),
            "{entries:?}: {entry:?} not removed"
        );
        assert!(
            !one_by_one.contains(entry),
            "{entries:?}: {entry:?} still there"
        );
        assert_eq!(one_by_one.len(), entries.len() - i - 1, "{entries:?}");
    }
}

/// Whether the two policies reading `SET` allow `origin`, each asked after `OTHER_LIVE`
/// (which allows its own origin and no other).
fn allowed(origin: &[u8]) -> [bool; 2] {
    [&LIVE, *BUILT].map(|policy| {
        assert!(
            OTHER_LIVE.allows_origin(OTHER_ORIGIN.as_bytes()),
            "`OTHER` lost its origin"
        );
        assert_eq!(
            OTHER_LIVE.allows_origin(origin),
            origin == OTHER_ORIGIN.as_bytes(),
            "`OTHER` read for {:?}",
            String::from_utf8_lossy(origin)
        );
        policy.allows_origin(origin)
    })
}

/// A refused change: at least one problem, each with a message and a help, each naming one
/// of the entries given (or none, for the set as a whole).
fn check_error(error: &PolicyError, entries: &[&str], input: &str) {
    let problems: Vec<&Problem> = error.problems().collect();
    assert!(!problems.is_empty(), "{input:?}: refused with no problem");
    for problem in problems {
        assert!(
            !problem.message().is_empty() && !problem.help().is_empty(),
            "{input:?}: a problem without message or help: {error}"
        );
        assert!(
            problem.entry().is_empty() || entries.contains(&problem.entry()),
            "{input:?}: a problem names {:?}, no entry given",
            problem.entry()
        );
    }
}

/// Whether an accepted entry is a pattern (`*.` or `:*`); exact origins hold no `*`.
fn is_pattern(entry: &str) -> bool {
    entry.contains('*')
}

/// The host of an entry (`*.` and the port left out).
fn host_of(entry: &str) -> &str {
    let authority = entry.split_once("://").map_or(entry, |(_, rest)| rest);
    let authority = authority.strip_prefix("*.").unwrap_or(authority);
    match authority.find(']') {
        Some(end) if authority.starts_with('[') => &authority[..=end],
        _ => authority.split(':').next().unwrap_or(authority),
    }
}

/// An origin a browser would send, or a host the validator documents it leaves unchecked
/// (IDNA rules of `xn--` labels: the origin then never matches, as browsers refuse it).
fn assert_browser_serialized(origin: &str, entry: &str) {
    if let Err(e) = is_browser_serialized(origin) {
        assert!(
            breaks_unchecked_idna_rule(host_of(origin)),
            "{entry:?} accepted: {e}"
        );
    }
}

/// An accepted exact origin: what a browser serializes, and allowed by both policies byte
/// for byte. When it is `SET`'s only entry, nothing else is allowed (a few near misses).
fn check_exact(entry: &str, alone: bool) {
    assert!(
        !entry.contains(|c: char| c.is_whitespace() || c.is_control() || c == ','),
        "{entry:?}: accepted with whitespace, a control character or a comma"
    );
    assert_browser_serialized(entry, entry);
    assert_eq!(allowed(entry.as_bytes()), [true; 2], "{entry:?}");
    if !alone {
        return;
    }
    let bytes = entry.as_bytes();
    let near: [Vec<u8>; 4] = [
        [bytes, b"/"].concat(),
        [bytes, b"."].concat(),
        bytes[..bytes.len() - 1].to_vec(),
        bytes.to_ascii_uppercase(),
    ];
    for other in near.iter().filter(|other| other.as_slice() != bytes) {
        assert_eq!(
            allowed(other),
            [false; 2],
            "{entry:?} alone: {:?}",
            String::from_utf8_lossy(other)
        );
    }
}

/// The longest host a pattern's origin can have: a DNS name's 253 bytes.
const MAX_HOST: usize = 253;

/// An accepted pattern: `scheme://*.domain[:port]`, `scheme://host:*` or both. Origins it
/// stands for are what browsers serialize and are allowed; alone in `SET`, a subdomain
/// pattern does not allow its domain.
fn check_pattern(entry: &str, alone: bool) {
    assert!(
        !entry.contains(|c: char| c.is_whitespace() || c.is_control() || c == ','),
        "{entry:?}: accepted with whitespace, a control character or a comma"
    );
    let (scheme, rest) = entry
        .split_once("://")
        .unwrap_or_else(|| panic!("{entry:?}: a pattern without `://`"));
    let (subdomains, rest) = match rest.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let (host, ports) = match rest.strip_suffix(":*") {
        Some(host) => (
            host,
            vec![String::new(), ":1".to_owned(), ":8080".to_owned()],
        ),
        None => {
            assert!(
                subdomains,
                "{entry:?}: accepted as a pattern, yet neither `*.` nor `:*`"
            );
            let host = host_of(entry);
            (host, vec![rest[host.len()..].to_owned()])
        }
    };
    assert!(!host.contains('*'), "{entry:?}: a `*` inside the host");
    for port in &ports {
        let sample_host = if subdomains {
            format!("a-b.c.{host}")
        } else {
            host.to_owned()
        };
        let origin = format!("{scheme}://{sample_host}{port}");
        assert_browser_serialized(&origin, entry);
        if sample_host.len() > MAX_HOST {
            // Never matched, by design: no DNS name is that long.
            continue;
        }
        assert_eq!(
            allowed(origin.as_bytes()),
            [true; 2],
            "{entry:?}: {origin:?}"
        );
        if subdomains && alone {
            let domain = format!("{scheme}://{host}{port}");
            assert_eq!(
                allowed(domain.as_bytes()),
                [false; 2],
                "{entry:?}: {domain:?}"
            );
        }
    }
}
