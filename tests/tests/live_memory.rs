//! SPEC 11: a live origin set that no request uses any more is freed. Replacing a set of
//! 1000 origins 100 000 times, with requests deciding against it meanwhile, leaves the
//! bytes the process holds where they were after the first replacement (counted by a
//! global allocator, `common/counting.rs`, not guessed from the resident size).
//!
//! Alone in its binary: the count is the whole process's, so no other test may run beside
//! it.

// The counting allocator is an `unsafe impl GlobalAlloc` (see `alloc.rs`).
#![allow(unsafe_code)]

#[path = "common/counting.rs"]
mod counting;

use std::time::Instant;

use cors_runtime::{Decision, OriginSet, Policy, policy};
use http::{HeaderMap, HeaderValue, Method};

static TENANTS: OriginSet = OriginSet::new();
static API: Policy = policy!(
    origins = ["https://app.example.com", live(TENANTS)],
    methods = [GET],
    credentials,
);

/// Whether the policy allows a `GET` from `origin` now.
fn allows(origin: &str, request: &mut HeaderMap) -> bool {
    request.insert("origin", HeaderValue::from_str(origin).expect("a value"));
    matches!(API.decide(&Method::GET, request), Decision::Actual(actual) if actual.is_allowed())
}

#[test]
fn replacing_a_1000_origin_set_keeps_memory_flat() {
    const ROUNDS: usize = 100_000;
    // Nine exact origins in ten, a pattern in ten: both tables are rebuilt each time.
    let origins: Vec<String> = (0..1000_usize)
        .map(|i| {
            if i.is_multiple_of(10) {
                format!("https://*.portal-{i}.tenants.example")
            } else {
                format!("https://shop-{i}.tenants.example")
            }
        })
        .collect();
    let mut request = HeaderMap::new();
    // Warm-up: this thread's cache keeps the version it read last, so in steady state
    // two versions are alive at most between replacements: the current one and the one
    // this thread read before it.
    for _ in 0..2 {
        TENANTS.replace(&origins).expect("valid origins");
        assert!(allows("https://shop-1.tenants.example", &mut request));
        TENANTS.replace(&origins).expect("valid origins");
    }
    let baseline = counting::live_bytes();
    let started = Instant::now();
    let mut peak = baseline;
    for round in 0..ROUNDS {
        TENANTS.replace(&origins).expect("valid origins");
        if round.is_multiple_of(64) {
            let i = round % 100 * 10;
            let exact = format!("https://shop-{}.tenants.example", i + 1 + round % 9);
            let pattern = format!("https://a.portal-{i}.tenants.example");
            assert!(allows(&exact, &mut request), "{exact}");
            assert!(allows(&pattern, &mut request), "{pattern}");
            assert!(!allows("https://shop-0.tenants.example", &mut request));
        }
        peak = peak.max(counting::live_bytes());
    }
    let after = counting::live_bytes();
    eprintln!(
        "{ROUNDS} replacements of {} origins in {:.1?}: live bytes {baseline} before, {after} \
         after, {peak} at most",
        origins.len(),
        started.elapsed(),
    );
    // Nothing kept: the same bytes as before, but for the test's own strings (the last
    // origins it formatted, at most a few hundred bytes).
    assert!(
        after.abs_diff(baseline) <= 512,
        "live bytes {baseline} -> {after} after {ROUNDS} replacements"
    );
    // While a version is built, the previous two are still alive: at most one version
    // (about half the baseline) over it, never a growing heap.
    assert!(
        peak <= baseline / 2 * 3 + 4096,
        "live bytes peaked at {peak} over a baseline of {baseline}"
    );
    assert_eq!(TENANTS.len(), 1000);
}
