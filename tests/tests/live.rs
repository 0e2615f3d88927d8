//! Live origin sets under load (SPEC 11): threads decide requests while another thread
//! replaces the set, version after version. Every version holds one shared origin; no
//! request is ever refused it. Each version's other entries name the version: a request
//! never sees a set older than the one last published before it started, and a reading of
//! the whole set (`Display`, `len`) always shows one version, never a mix of two.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

use cors_runtime::{Decision, OriginSet, Policy, policy};
use http::{HeaderMap, HeaderValue, Method};

static TENANTS: OriginSet = OriginSet::new();
static API: Policy = policy!(
    origins = ["https://app.example.com", live(TENANTS)],
    methods = [GET, POST],
    credentials,
);

/// In every version.
const SHARED: &str = "https://shared.example";
/// Exact origins of each version besides the shared one.
const EXACT: usize = 20;

/// Version `k`: the shared origin, `EXACT` exact origins and a pattern, all naming `k`.
fn version(k: usize) -> Vec<String> {
    let mut origins = vec![SHARED.to_owned()];
    origins.extend((0..EXACT).map(|j| format!("https://t{j}.v{k}.example")));
    origins.push(format!("https://*.p.v{k}.example"));
    origins
}

/// Whether `API` lets a `GET` from `origin` read its answer.
fn allowed(origin: &str) -> bool {
    let mut request = HeaderMap::new();
    request.insert("origin", HeaderValue::from_str(origin).expect("a value"));
    match API.decide(&Method::GET, &request) {
        Decision::Actual(actual) => actual.is_allowed(),
        other => panic!("{other:?}"),
    }
}

/// The version every entry of a reading of the whole set names, or a mix.
fn one_version(shown: &str) -> Result<usize, String> {
    let mut versions = shown
        .split(", ")
        .filter(|entry| *entry != SHARED)
        .map(|entry| {
            let start = entry.find(".v").ok_or_else(|| entry.to_owned())? + 2;
            let end = entry[start..].find('.').ok_or_else(|| entry.to_owned())? + start;
            entry[start..end]
                .parse::<usize>()
                .map_err(|_| entry.to_owned())
        });
    let first = versions.next().ok_or("no versioned entry")??;
    for version in versions {
        if version? != first {
            return Err(format!("a mix of versions: {shown}"));
        }
    }
    Ok(first)
}

#[test]
fn deciding_while_the_set_is_replaced() {
    const VERSIONS: usize = 3000;
    const READERS: usize = 4;
    TENANTS.replace(version(0)).expect("valid origins");
    // The last version published: stored after its `replace` returned.
    let published = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    let requests = AtomicUsize::new(0);
    thread::scope(|scope| {
        for reader in 0..READERS {
            let (published, done, requests) = (&published, &done, &requests);
            scope.spawn(move || {
                let mut n = 0usize;
                while !done.load(Ordering::Acquire) {
                    n += 1;
                    let k = published.load(Ordering::Acquire);
                    assert!(
                        allowed(SHARED),
                        "the shared origin refused near version {k}"
                    );
                    // Replaced before `k` was published: never seen again.
                    if k > 0 {
                        let old = format!("https://t{}.v{}.example", n % EXACT, k - 1);
                        assert!(
                            !allowed(&old),
                            "{old} allowed after version {k} was published"
                        );
                        let old = format!("https://x{reader}.p.v{}.example", k - 1);
                        assert!(
                            !allowed(&old),
                            "{old} allowed after version {k} was published"
                        );
                    }
                    // Never an origin of no version.
                    assert!(!allowed("https://t0.v-1.example"));
                    if n.is_multiple_of(16) {
                        let shown = TENANTS.to_string();
                        let seen = one_version(&shown).unwrap_or_else(|e| panic!("{e}"));
                        assert!(seen >= k, "version {seen} shown after {k} was published");
                        assert_eq!(TENANTS.len(), EXACT + 2);
                    }
                }
                requests.fetch_add(n * 4, Ordering::Relaxed);
            });
        }
        scope.spawn(|| {
            for k in 1..=VERSIONS {
                TENANTS.replace(version(k)).expect("valid origins");
                published.store(k, Ordering::Release);
                // The new version's own entries, on the writer's thread too.
                assert!(allowed(&format!("https://t3.v{k}.example")));
                assert!(allowed(&format!("https://a.b.p.v{k}.example")));
            }
            done.store(true, Ordering::Release);
        });
    });
    let requests = requests.into_inner();
    eprintln!("{requests} requests decided while {VERSIONS} versions were published");
    assert!(requests > 10_000, "only {requests} requests");
    assert_eq!(one_version(&TENANTS.to_string()), Ok(VERSIONS));
}

#[test]
fn several_policies_share_one_set_and_a_failed_change_keeps_it() {
    static OTHER: Policy = policy!(origins = [live(TENANTS_B)], methods = [PUT]);
    static TENANTS_B: OriginSet = OriginSet::new();
    static THIRD: Policy = policy!(origins = [live(TENANTS_B)], methods = [GET], credentials);
    TENANTS_B
        .replace(["https://shop.acme.test", "https://*.portal.globex.test"])
        .expect("valid origins");
    for policy in [&OTHER, &THIRD] {
        assert!(policy.allows_origin(b"https://shop.acme.test"));
        assert!(policy.allows_origin(b"https://eu.portal.globex.test"));
        assert!(!policy.allows_origin(b"https://portal.globex.test"));
    }
    let error = TENANTS_B
        .replace([
            "https://ok.example",
            "http://shop.example",
            "https://*.co.uk",
            "*",
        ])
        .unwrap_err();
    let entries: Vec<&str> = error.problems().map(|p| p.entry()).collect();
    assert_eq!(
        entries,
        ["http://shop.example", "https://*.co.uk", "*", "*"]
    );
    for policy in [&OTHER, &THIRD] {
        assert!(policy.allows_origin(b"https://shop.acme.test"));
        assert!(!policy.allows_origin(b"https://ok.example"));
    }
    assert_eq!(TENANTS_B.insert("https://ok.example"), Ok(true));
    assert!(OTHER.allows_origin(b"https://ok.example"));
    assert!(TENANTS_B.remove("https://shop.acme.test"));
    assert!(!THIRD.allows_origin(b"https://shop.acme.test"));
    assert!(TENANTS_B.replace(Vec::<String>::new()).is_ok());
    assert!(TENANTS_B.is_empty());
    assert!(!OTHER.allows_origin(b"https://ok.example"));
}
