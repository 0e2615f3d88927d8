//! Hostile input, continued (issue 5, part 4; `hostile.rs` has the first set): the cases
//! it does not cover, and a bound on the work for each.
//!
//! Work is bounded by counting, never by timing: every oversized input gets exactly the
//! refusal of a tiny input just over the same cap, a *poisoned tail* (an invalid name
//! placed just past a cap, which would change the refusal if it were read) shows that
//! nothing past the cap is parsed, and the runtime's work counter (hidden feature
//! `test-work-counter`) counts the field lines and list elements `decide` reads. The caps
//! are pinned as numbers (`check/caps.rs`), not imported. The allocation count of deciding
//! the inputs of SPEC 5 is in `alloc.rs` (`hostile_input_allocates_nothing`); the guard's
//! (SPEC 10) are counted here, by a counting allocator of this file's own.
//!
//! Covered here: a 64 KiB `Origin` against every kind of policy and of byte; a thousand
//! `Origin` headers on preflights; control and non-ASCII bytes sent over real TCP (what
//! hyper lets through reaches the policy, the rest is refused before it, and the server
//! keeps serving); 1 MiB of commas in ACRH; ten thousand names in ACRH with a poisoned
//! tail; invalid and repeated ACRM; ACRH split over many lines (one name a line, as some
//! gateways forward it), and floods of empty ACRH lines. For the guard of SPEC 10: floods
//! of `Sec-Fetch-Site`, `Upgrade`, `Host` and `Origin` lines, megabyte and non-ASCII
//! values in each, `Upgrade` lists of every length around the bytes the guard reads; for
//! each, the verdict the rules give, a fixed cap on the lines and elements read, and no
//! allocation, through `decide`, `decide_request` and `CorsLayer`.

// `GlobalAlloc` is an `unsafe trait`: the counting allocator that shows the guard
// allocates nothing (`common/counting.rs`, shared with `alloc.rs`) needs `unsafe`.
#![allow(unsafe_code)]

mod common;
#[path = "common/counting.rs"]
mod counting;

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use common::caps::{ACRH_MAX_BYTES, ACRH_MAX_EMPTY_LINES, ACRH_MAX_NAMES};
use common::{handler, request_bytes, send};
use cors_runtime::__private::work::{Work, measure};
use cors_runtime::{CorsLayer, Decision, Policy, Refusal, policy};
use counting::count as allocations;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use std::io::{Read, Write};

static EXACT: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [PUT],
    allow_headers = ["x-a"],
    credentials,
);

static PATTERNS: Policy = policy!(
    origins = ["https://*.example.org:*", "http://localhost:*"],
    methods = [PUT, "PURGE"],
    allow_headers = ["x-a", "content-type"],
);

static ANY_HEADER: Policy = policy!(
    origins = ["https://app.example.com", "https://*.example.org"],
    methods = [PUT],
    allow_headers = ["*"],
);

static OPEN: Policy = policy!(origins = ["*"], methods = [PUT], allow_headers = ["*"]);

const APP: &[u8] = b"https://app.example.com";
const KIB_64: usize = 64 * 1024;
const MIB: usize = 1024 * 1024;

fn map(lines: &[(&str, &[u8])]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in lines {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).expect("a name"),
            HeaderValue::from_bytes(value).expect("a value"),
        );
    }
    map
}

/// The refusal of a preflight (`None` when allowed); panics if it is not a preflight.
fn preflight(policy: &Policy, lines: &[(&str, &[u8])]) -> Option<Refusal> {
    match policy.decide(&Method::OPTIONS, &map(lines)) {
        Decision::Preflight(p) => p.refusal(),
        Decision::Actual(_) | Decision::Untrusted(_) => panic!("not a preflight"),
    }
}

/// [`preflight`], with the work `decide` did: the request map is built before counting.
fn preflight_work(policy: &Policy, lines: &[(&str, &[u8])]) -> (Work, Option<Refusal>) {
    let map = map(lines);
    measure(|| match policy.decide(&Method::OPTIONS, &map) {
        Decision::Preflight(p) => p.refusal(),
        Decision::Actual(_) | Decision::Untrusted(_) => panic!("not a preflight"),
    })
}

/// The decision of an actual GET: (allowed, refusal).
fn actual(policy: &Policy, lines: &[(&str, &[u8])]) -> (bool, Option<Refusal>) {
    match policy.decide(&Method::GET, &map(lines)) {
        Decision::Actual(a) => (a.is_allowed(), a.refusal()),
        Decision::Preflight(_) | Decision::Untrusted(_) => panic!("not an actual request"),
    }
}

/// A preflight from `origin` for PUT, with ACRH `lines`.
fn with_acrh<'a>(origin: &'a [u8], lines: &[&'a [u8]]) -> Vec<(&'static str, &'a [u8])> {
    let mut all: Vec<(&'static str, &[u8])> = vec![
        ("origin", origin),
        ("access-control-request-method", b"PUT"),
    ];
    all.extend(lines.iter().map(|l| ("access-control-request-headers", *l)));
    all
}

fn app(policy: &'static Policy) -> Router {
    Router::new()
        .route("/r", get(handler).put(handler))
        .layer(CorsLayer::new(policy))
}

#[tokio::test]
async fn origin_of_64_kib_of_every_kind() {
    // Each is refused by every listed policy exactly as the short `https://x` is, and
    // answered with `*` by the `"*"` policy.
    let mut suffixed = APP.to_vec();
    suffixed.resize(APP.len() + KIB_64, b'm');
    let mut labels = b"https://".to_vec();
    while labels.len() < KIB_64 {
        labels.extend_from_slice(b"a.");
    }
    labels.extend_from_slice(b"example.org:8443");
    let obs_text = vec![0xe9; KIB_64];
    let mut whitespace = vec![b' '; KIB_64 / 2];
    whitespace.extend_from_slice(APP);
    whitespace.resize(KIB_64, b'\t');
    let dots = [b"https://".as_slice(), &vec![b'.'; KIB_64], b".example.org"].concat();
    for origin in [&suffixed, &labels, &obs_text, &whitespace, &dots] {
        for policy in [&EXACT, &PATTERNS, &ANY_HEADER] {
            let tiny = actual(policy, &[("origin", b"https://x")]);
            assert_eq!(tiny, (false, Some(Refusal::OriginNotAllowed)));
            assert_eq!(actual(policy, &[("origin", origin)]), tiny);
            assert_eq!(
                preflight(policy, &with_acrh(origin, &[])),
                Some(Refusal::OriginNotAllowed)
            );
            let reply = send(
                app(policy),
                request_bytes("GET", "/r", &[("origin", origin)]),
            )
            .await;
            reply.assert_handler_ran();
            reply.assert_no_cors_grant();
            reply.assert_vary_origin_once();
            // A write from it is untrusted (SPEC 10), refused before the handler.
            send(
                app(policy),
                request_bytes("PUT", "/r", &[("origin", origin)]),
            )
            .await
            .assert_refused_before_handler();
        }
        assert_eq!(actual(&OPEN, &[("origin", origin)]), (true, None));
        assert_eq!(preflight(&OPEN, &with_acrh(origin, &[])), None);
    }
}

#[tokio::test]
async fn a_thousand_origin_headers_on_preflights() {
    let same: Vec<(&str, &[u8])> = (0..1000).map(|_| ("origin", APP)).collect();
    let names: Vec<Vec<u8>> = (0..1000)
        .map(|i| format!("https://s{i}.example.org").into_bytes())
        .collect();
    let different: Vec<(&str, &[u8])> = names.iter().map(|n| ("origin", n.as_slice())).collect();
    let two = [("origin", APP), ("origin", APP)];
    for origins in [&same[..], &different[..], &two[..]] {
        let mut lines = origins.to_vec();
        lines.push(("access-control-request-method", b"PUT"));
        for policy in [&EXACT, &PATTERNS, &ANY_HEADER, &OPEN] {
            // The same refusal as for two lines: the rest is never looked at.
            let (work, refusal) = preflight_work(policy, &lines);
            assert_eq!(refusal, Some(Refusal::DuplicateOrigin));
            assert_eq!(work.origin_lines, 2, "{} Origin lines", origins.len());
            // ACRM is read once, to know this is a preflight.
            assert_eq!(work.method_lines, 1);
            let reply = send(app(policy), request_bytes("OPTIONS", "/r", &lines)).await;
            reply.assert_refused_preflight();
        }
        assert_eq!(
            actual(&PATTERNS, origins),
            (false, Some(Refusal::DuplicateOrigin))
        );
        let request = map(origins);
        let (work, _) = measure(|| PATTERNS.decide(&Method::GET, &request).refusal());
        assert_eq!(work.origin_lines, 2);
        assert_eq!(actual(&OPEN, origins), (true, None));
    }
}

#[tokio::test]
async fn one_mib_of_commas_in_acrh() {
    let tiny = vec![b','; ACRH_MAX_BYTES + 1];
    let commas = vec![b','; MIB];
    // Poisoned: a name that is not a token right after the cap, and at the very end.
    let mut poisoned = vec![b','; ACRH_MAX_BYTES + 1];
    poisoned.extend_from_slice(b"x\xffy,");
    poisoned.resize(MIB, b',');
    poisoned.extend_from_slice(b"(bad)");
    let spaces = [b"x-a,".as_slice(), &vec![b' '; MIB]].concat();
    for policy in [&EXACT, &PATTERNS, &ANY_HEADER, &OPEN] {
        let refusal = preflight(policy, &with_acrh(APP, &[&tiny]));
        let origin_ok = policy.allows_origin(APP);
        if origin_ok {
            assert_eq!(refusal, Some(Refusal::RequestHeadersTooLarge));
        }
        for value in [&commas, &poisoned, &spaces] {
            let (work, got) = preflight_work(policy, &with_acrh(APP, &[value]));
            assert_eq!(got, refusal);
            // The line is measured, never split: not one element is read.
            assert!(work.request_header_lines <= 1, "{work:?}");
            assert_eq!(work.request_header_elements, 0, "{work:?}");
            let reply = send(
                app(policy),
                request_bytes("OPTIONS", "/r", &with_acrh(APP, &[value])),
            )
            .await;
            reply.assert_refused_preflight();
        }
    }
    // Just under the cap, commas alone are fine: empty elements are allowed.
    let under = vec![b','; ACRH_MAX_BYTES];
    assert_eq!(preflight(&EXACT, &with_acrh(APP, &[&under])), None);
}

#[test]
fn ten_thousand_names_with_a_poisoned_tail() {
    // The cap's worth of allowed names, then names that are not tokens: refused for the
    // count, so the name past the cap was never checked.
    let allowed = vec!["x-a"; ACRH_MAX_NAMES].join(",");
    assert_eq!(
        preflight(&ANY_HEADER, &with_acrh(APP, &[allowed.as_bytes()])),
        None
    );
    let tiny = format!("{allowed},x-a");
    let poisoned = format!(
        "{allowed},{}",
        vec!["(bad)"; 10_000 - ACRH_MAX_NAMES].join(",")
    );
    assert!(poisoned.len() > ACRH_MAX_BYTES);
    // Short names keep the poisoned list under the byte cap, so only the count decides.
    let short_poison = format!("{allowed},@");
    for value in [&tiny, &short_poison] {
        let (work, refusal) = preflight_work(&ANY_HEADER, &with_acrh(APP, &[value.as_bytes()]));
        assert_eq!(
            refusal,
            Some(Refusal::RequestHeadersTooLarge),
            "{} bytes",
            value.len()
        );
        // The name one past the cap is the last element read.
        assert_eq!(work.request_header_elements, ACRH_MAX_NAMES + 1);
    }
    assert_eq!(
        preflight(&ANY_HEADER, &with_acrh(APP, &[poisoned.as_bytes()])),
        Some(Refusal::RequestHeadersTooLarge)
    );
    // The same poison within the cap is what it is: an invalid name.
    assert_eq!(
        preflight(&ANY_HEADER, &with_acrh(APP, &[b"x-a,@"])),
        Some(Refusal::InvalidRequestHeaders)
    );
    // Ten thousand names spread over lines of 100: the name cap refuses within the first
    // line, and no other line is read.
    let line = vec!["x-a"; 100].join(",");
    let lines: Vec<&[u8]> = (0..100).map(|_| line.as_bytes()).collect();
    let (work, refusal) = preflight_work(&ANY_HEADER, &with_acrh(APP, &lines));
    assert_eq!(refusal, Some(Refusal::RequestHeadersTooLarge));
    assert_eq!(
        work,
        Work {
            origin_lines: 1,
            method_lines: 1,
            request_header_lines: 1,
            request_header_elements: ACRH_MAX_NAMES + 1,
            ..Work::default()
        }
    );
}

#[test]
fn acrh_one_name_a_line() {
    // As a gateway that splits comma lists forwards it: every name on its own line. The
    // number of lines is not capped; the names are.
    let names: Vec<String> = (0..=ACRH_MAX_NAMES).map(|i| format!("x-{i}")).collect();
    let lines: Vec<&[u8]> = names.iter().map(|n| n.as_bytes()).collect();
    let (work, refusal) = preflight_work(&ANY_HEADER, &with_acrh(APP, &lines[..ACRH_MAX_NAMES]));
    assert_eq!(refusal, None);
    assert_eq!(work.request_header_lines, ACRH_MAX_NAMES);
    let (work, refusal) = preflight_work(&ANY_HEADER, &with_acrh(APP, &lines));
    assert_eq!(refusal, Some(Refusal::RequestHeadersTooLarge));
    assert_eq!(work.request_header_lines, ACRH_MAX_NAMES + 1);
    // Past the cap, a poisoned tail of ten thousand lines is never read.
    let mut poisoned = lines.clone();
    poisoned.extend(std::iter::repeat_n(&b"(bad)"[..], 10_000));
    let (work, refusal) = preflight_work(&ANY_HEADER, &with_acrh(APP, &poisoned));
    assert_eq!(refusal, Some(Refusal::RequestHeadersTooLarge));
    assert_eq!(work.request_header_lines, ACRH_MAX_NAMES + 1);
    assert_eq!(work.request_header_elements, ACRH_MAX_NAMES + 1);
    // A listed name on every line: the first line, compared whole rather than split,
    // counts toward the cap as every other line does.
    let listed = vec![&b"x-a"[..]; ACRH_MAX_NAMES + 1];
    let (work, refusal) = preflight_work(&EXACT, &with_acrh(APP, &listed[..ACRH_MAX_NAMES]));
    assert_eq!(refusal, None);
    assert_eq!(work.request_header_lines, ACRH_MAX_NAMES);
    assert_eq!(work.request_header_elements, ACRH_MAX_NAMES);
    let (work, refusal) = preflight_work(&EXACT, &with_acrh(APP, &listed));
    assert_eq!(refusal, Some(Refusal::RequestHeadersTooLarge));
    assert_eq!(work.request_header_elements, ACRH_MAX_NAMES + 1);
    // Within the caps, the poison is read and named as what it is.
    assert_eq!(
        preflight(&EXACT, &with_acrh(APP, &[b"x-a", b"(bad)"])),
        Some(Refusal::InvalidRequestHeaders)
    );
}

#[test]
fn floods_of_empty_acrh_lines() {
    // An empty line names nothing, but costs the two bytes of `, ` Fetch puts between
    // combined lines, so the byte cap bounds how many are read.
    let empty = |n: usize| vec![&b""[..]; n];
    for policy in [&EXACT, &ANY_HEADER] {
        let (work, refusal) = preflight_work(policy, &with_acrh(APP, &empty(ACRH_MAX_EMPTY_LINES)));
        assert_eq!(refusal, None);
        assert_eq!(work.request_header_lines, ACRH_MAX_EMPTY_LINES);
        for lines in [ACRH_MAX_EMPTY_LINES + 1, 100_000] {
            let (work, refusal) = preflight_work(policy, &with_acrh(APP, &empty(lines)));
            assert_eq!(refusal, Some(Refusal::RequestHeadersTooLarge), "{lines}");
            assert_eq!(
                work.request_header_lines,
                ACRH_MAX_EMPTY_LINES + 1,
                "{lines} lines"
            );
            assert_eq!(work.request_header_elements, ACRH_MAX_EMPTY_LINES);
        }
    }
    // Allowed names after the empty lines spend the same budget.
    let mut lines = empty(ACRH_MAX_EMPTY_LINES - 2);
    lines.push(b"x-a");
    assert_eq!(
        preflight(&EXACT, &with_acrh(APP, &lines)),
        Some(Refusal::RequestHeadersTooLarge)
    );
    lines.pop();
    lines.push(b"x");
    assert_eq!(preflight(&ANY_HEADER, &with_acrh(APP, &lines)), None);
}

#[tokio::test]
async fn invalid_and_repeated_acrm() {
    let method = |values: &[&[u8]], policy: &Policy| {
        let mut lines: Vec<(&str, &[u8])> = vec![("origin", APP)];
        lines.extend(values.iter().map(|v| ("access-control-request-method", *v)));
        preflight(policy, &lines)
    };
    for policy in [&EXACT, &OPEN] {
        // Two valid lines, a thousand lines: not "a single method".
        assert_eq!(
            method(&[b"PUT", b"PUT"], policy),
            Some(Refusal::InvalidRequestMethod)
        );
        let thousand = vec![&b"PUT"[..]; 1000];
        assert_eq!(
            method(&thousand, policy),
            Some(Refusal::InvalidRequestMethod)
        );
        // The second line settles it: the other 998 are never read.
        let mut lines: Vec<(&str, &[u8])> = vec![("origin", APP)];
        lines.extend(
            thousand
                .iter()
                .map(|v| ("access-control-request-method", *v)),
        );
        let (work, _) = preflight_work(policy, &lines);
        assert_eq!(work.method_lines, 2);
        // Bytes that are not token characters, each in the middle of a method.
        for b in
            (0u8..=255).filter(|b| !b.is_ascii_alphanumeric() && !b"!#$%&'*+-.^_`|~".contains(b))
        {
            let value = [b'P', b'U', b, b'T'];
            if HeaderValue::from_bytes(&value).is_ok() {
                assert_eq!(
                    method(&[&value], policy),
                    Some(Refusal::InvalidRequestMethod),
                    "{b:#x}"
                );
            }
        }
    }
    // A 64 KiB token is a valid token, just not a listed method.
    let long = vec![b'P'; KIB_64];
    assert_eq!(method(&[&long], &EXACT), Some(Refusal::MethodNotAllowed));
    assert_eq!(method(&[&long], &OPEN), Some(Refusal::MethodNotAllowed));
    // Methods are case-sensitive: `put` is not `PUT`.
    assert_eq!(method(&[b"put"], &EXACT), Some(Refusal::MethodNotAllowed));
    let reply = send(
        app(&EXACT),
        request_bytes(
            "OPTIONS",
            "/r",
            &[
                ("origin", APP),
                ("access-control-request-method", b"PUT"),
                ("access-control-request-method", b"PUT"),
            ],
        ),
    )
    .await;
    reply.assert_refused_preflight();
}

/// Sends raw bytes on a fresh connection and returns the status code hyper or the
/// policy answered with (`None` when the connection closed without an answer).
async fn raw_exchange(addr: std::net::SocketAddr, request: &[u8]) -> Option<(u16, String)> {
    let request = request.to_vec();
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a timeout");
        stream.write_all(&request).expect("write");
        let mut response = Vec::new();
        // A reset connection is "no answer"; a timeout would be a hang, and fails.
        if let Err(e) = stream.read_to_end(&mut response) {
            assert_ne!(e.kind(), std::io::ErrorKind::WouldBlock, "the server hung");
            return None;
        }
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text.split(' ').nth(1)?.parse().ok()?;
        Some((status, text))
    })
    .await
    .expect("the exchange thread")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_and_non_ascii_bytes_over_tcp() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("an address");
    let server = tokio::spawn(async move { axum::serve(listener, app(&PATTERNS)).await });

    let head = |method: &str, lines: &[(&str, &[u8])]| {
        let mut r =
            format!("{method} /r HTTP/1.1\r\nhost: x\r\nconnection: close\r\n").into_bytes();
        for (name, value) in lines {
            r.extend_from_slice(name.as_bytes());
            r.extend_from_slice(b": ");
            r.extend_from_slice(value);
            r.extend_from_slice(b"\r\n");
        }
        r.extend_from_slice(b"\r\n");
        r
    };
    let good: &[u8] = b"https://a.example.org";
    // Bytes hyper lets through reach the policy, which refuses them.
    for origin in [
        b"https://a.example.org\xff".as_slice(),
        b"https://\xc3\xa9.example.org",
        b"https://a\t.example.org",
        b"\x80\x81\x82",
    ] {
        let (status, text) = raw_exchange(addr, &head("GET", &[("origin", origin)]))
            .await
            .expect("an answer");
        assert_eq!(status, 202, "{text}");
        assert!(
            !text.to_ascii_lowercase().contains("access-control-allow"),
            "{text}"
        );
        // A write from it never reaches the handler (SPEC 10).
        let (status, text) = raw_exchange(addr, &head("PUT", &[("origin", origin)]))
            .await
            .expect("an answer");
        assert_eq!(status, 403, "{text}");
        assert!(
            !text.to_ascii_lowercase().contains("access-control-"),
            "{text}"
        );
        let preflight = head(
            "OPTIONS",
            &[
                ("origin", origin),
                ("access-control-request-method", b"PUT"),
            ],
        );
        let (status, text) = raw_exchange(addr, &preflight).await.expect("an answer");
        assert_eq!(status, 403, "{text}");
    }
    for (name, value) in [
        ("access-control-request-method", b"PU\xffT".as_slice()),
        ("access-control-request-headers", b"x-a, \xe9"),
        ("access-control-request-headers", b"x-a,\tcontent-type\t"),
    ] {
        let preflight = head(
            "OPTIONS",
            &[
                ("origin", good),
                ("access-control-request-method", b"PUT"),
                (name, value),
            ],
        );
        let (status, text) = raw_exchange(addr, &preflight).await.expect("an answer");
        let expected = if value.contains(&0xff) || value.contains(&0xe9) {
            403
        } else {
            204
        };
        // With two ACRM lines (the bad one appended), the preflight is refused too.
        let expected = if name == "access-control-request-method" {
            403
        } else {
            expected
        };
        assert_eq!(status, expected, "{name}: {value:?}\n{text}");
    }
    // Control bytes never reach the policy: hyper refuses the request (400) or drops it.
    let mut refused = 0;
    for bad in [b'\x00', b'\x01', b'\x08', b'\x0b', b'\x1b', b'\x7f'] {
        for name in [
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
        ] {
            let value = [b"https://a.example".as_slice(), &[bad], b".org"].concat();
            let preflight = head(
                "OPTIONS",
                &[
                    ("origin", good),
                    ("access-control-request-method", b"PUT"),
                    (name, &value),
                ],
            );
            if let Some((status, text)) = raw_exchange(addr, &preflight).await {
                assert_eq!(status, 400, "{bad:#x} in {name}: {text}");
                refused += 1;
            }
        }
    }
    assert!(
        refused > 0,
        "hyper answered none of the control bytes with 400"
    );
    // The server still serves.
    let preflight = head(
        "OPTIONS",
        &[("origin", good), ("access-control-request-method", b"PUT")],
    );
    let (status, text) = raw_exchange(addr, &preflight).await.expect("an answer");
    assert_eq!(status, 204, "{text}");
    assert!(
        text.contains("access-control-allow-origin: https://a.example.org"),
        "{text}"
    );
    server.abort();
    assert!(
        server.await.unwrap_err().is_cancelled(),
        "the server task ended on its own"
    );
}

// --- SPEC 10: the guard's headers ------------------------------------------------------

/// The decision of `method` with `lines`, and the work `decide` did on them.
fn guarded_work(method: &Method, lines: &[(&str, &[u8])]) -> (Work, Option<Refusal>) {
    let map = map(lines);
    measure(|| match EXACT.decide(method, &map) {
        Decision::Untrusted(untrusted) => Some(untrusted.refusal()),
        Decision::Actual(_) => None,
        Decision::Preflight(_) => panic!("a preflight"),
    })
}

#[test]
fn floods_of_sec_fetch_site_lines() {
    // Rule 1 needs exactly one line: a second ends the reading, whatever follows, and the
    // request is judged on the other rules (here: an unlisted origin, refused).
    let evil: &[u8] = b"https://evil.example";
    let megabyte = vec![b's'; MIB];
    for (value, count) in [
        (b"same-origin".as_slice(), 10_000),
        (b"none", 10_000),
        (b"cross-site", 10_000),
        (b"\xff\xfe", 10_000),
        (&megabyte, 8),
    ] {
        let mut lines: Vec<(&str, &[u8])> = vec![("origin", evil)];
        lines.extend(std::iter::repeat_n(("sec-fetch-site", value), count));
        let (work, refusal) = guarded_work(&Method::POST, &lines);
        assert_eq!(refusal, Some(Refusal::UntrustedWrite));
        assert_eq!(work.fetch_site_lines, 2, "{}", value.len());
        assert_eq!(work.upgrade_lines, 0);
    }
    // One line of a megabyte, or of bytes no browser sends: read once, not trusted.
    for value in [
        vec![b'x'; MIB],
        b"same-origin\xff".to_vec(),
        b"same-origin ".to_vec(),
    ] {
        let (work, refusal) = guarded_work(
            &Method::DELETE,
            &[("origin", evil), ("sec-fetch-site", &value)],
        );
        assert_eq!(refusal, Some(Refusal::UntrustedWrite));
        assert_eq!(work.fetch_site_lines, 1);
    }
    // And an allowed origin is trusted before any of them is read.
    let mut lines: Vec<(&str, &[u8])> = vec![("origin", APP)];
    lines.extend(std::iter::repeat_n(
        ("sec-fetch-site", b"cross-site".as_slice()),
        10_000,
    ));
    let (work, refusal) = guarded_work(&Method::POST, &lines);
    assert_eq!(refusal, None);
    assert_eq!(work.fetch_site_lines, 0);
}

#[test]
fn floods_of_upgrade_lines() {
    const UPGRADE_MAX_BYTES: usize = common::caps::UPGRADE_MAX_BYTES;
    let evil: &[u8] = b"https://evil.example";
    // Ten thousand lines that never name `websocket`: the reading stops at the byte cap
    // (each line costs its bytes and the two of `, `), and the GET counts as a handshake.
    let mut lines: Vec<(&str, &[u8])> = vec![("origin", evil)];
    lines.extend(std::iter::repeat_n(("upgrade", b"h2c".as_slice()), 10_000));
    let (work, refusal) = guarded_work(&Method::GET, &lines);
    assert_eq!(refusal, Some(Refusal::UntrustedWebSocket));
    let most = UPGRADE_MAX_BYTES / ("h2c".len() + 2) + 1;
    // The line that crosses the cap is the last one read.
    assert!(work.upgrade_lines <= most + 1, "{work:?}");
    assert!(work.upgrade_elements <= most, "{work:?}");
    // One line of a megabyte of commas: measured before it is split, never scanned.
    let commas = vec![b','; MIB];
    let (work, refusal) = guarded_work(&Method::GET, &[("origin", evil), ("upgrade", &commas)]);
    assert_eq!(refusal, Some(Refusal::UntrustedWebSocket));
    assert_eq!((work.upgrade_lines, work.upgrade_elements), (1, 0));
    // Just under the cap, nothing names `websocket`: an ordinary GET, the handler runs.
    let under = vec![b'a'; UPGRADE_MAX_BYTES];
    let (work, refusal) = guarded_work(&Method::GET, &[("origin", evil), ("upgrade", &under)]);
    assert_eq!(refusal, None);
    assert_eq!((work.upgrade_lines, work.upgrade_elements), (1, 1));
    let over = vec![b'a'; UPGRADE_MAX_BYTES + 1];
    let (_, refusal) = guarded_work(&Method::GET, &[("origin", evil), ("upgrade", &over)]);
    assert_eq!(refusal, Some(Refusal::UntrustedWebSocket));
    // Non-ASCII bytes around the token: not `websocket`.
    for value in [b"websocket\xff".as_slice(), b"\xe9websocket", b"web socket"] {
        let (_, refusal) = guarded_work(&Method::GET, &[("origin", evil), ("upgrade", value)]);
        assert_eq!(refusal, None, "{value:?}");
    }
    // A write never reads `Upgrade`.
    let (work, _) = guarded_work(&Method::POST, &lines);
    assert_eq!(work.upgrade_lines, 0);
}

#[test]
fn huge_and_non_ascii_hosts_and_origins() {
    // Rule 4 compares `Origin` with `Host`, each once, whatever their size or bytes.
    let mut origin = b"https://".to_vec();
    origin.resize(KIB_64, b'a');
    let host = origin[b"https://".len()..].to_vec();
    let (work, refusal) = guarded_work(&Method::PUT, &[("origin", &origin), ("host", &host)]);
    assert_eq!(refusal, None, "the same host, however long");
    assert_eq!((work.fetch_site_lines, work.origin_lines), (0, 1));
    let mut other = host.clone();
    *other.last_mut().expect("a byte") = b'b';
    let (_, refusal) = guarded_work(&Method::PUT, &[("origin", &origin), ("host", &other)]);
    assert_eq!(refusal, Some(Refusal::UntrustedWrite));
    for (origin, host) in [
        (
            b"https://\xe9.example".as_slice(),
            b"\xe9.example".as_slice(),
        ),
        (b"https://\xe9.example", b"\xc9.example"),
        (b"\xff://x", b"x"),
        (b"https://[::1", b"[::1"),
        (b"https://", b""),
        (b"://", b""),
    ] {
        // No panic; equal bytes after `://` (ASCII case aside, whatever the scheme: a
        // browser never sends a garbled one, and anything else may omit `Origin`) are
        // the same server.
        let (_, refusal) = guarded_work(&Method::POST, &[("origin", origin), ("host", host)]);
        let after = origin
            .windows(3)
            .position(|w| w == b"://")
            .map(|at| &origin[at + 3..]);
        let same = after.is_some_and(|after| !after.is_empty() && after.eq_ignore_ascii_case(host));
        assert_eq!(refusal.is_none(), same, "{origin:?} {host:?}");
    }
}

/// What the guard should make of a request: the handler runs (whatever CORS answers),
/// or it is refused before it for the given reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guarded {
    Runs,
    Refused(Refusal),
}

impl Guarded {
    fn of(decision: &Decision<'_>) -> Guarded {
        match decision {
            Decision::Untrusted(untrusted) => Guarded::Refused(untrusted.refusal()),
            Decision::Actual(_) => Guarded::Runs,
            Decision::Preflight(_) => panic!("a preflight"),
        }
    }
}

/// A header value as hyper hands it over: a slice of the buffer the request was read
/// into (shared), so that keeping a clone of it costs no allocation.
fn shared(value: &[u8]) -> HeaderValue {
    let buffer = bytes::Bytes::from(value.to_vec());
    let shared = buffer.clone();
    drop(buffer);
    HeaderValue::from_maybe_shared(shared).expect("a header value")
}

/// One hostile request for the guard: its method, URI and header lines, and what the
/// rules of SPEC 10 say of it.
struct GuardCase {
    name: &'static str,
    method: Method,
    uri: &'static str,
    lines: Vec<(&'static str, Vec<u8>)>,
    expected: Guarded,
}

impl GuardCase {
    fn new(name: &'static str, method: Method, lines: Vec<(&'static str, Vec<u8>)>) -> Self {
        GuardCase {
            name,
            method,
            uri: "/r",
            lines,
            expected: Guarded::Runs,
        }
    }

    fn at(mut self, uri: &'static str) -> Self {
        self.uri = uri;
        self
    }

    fn refused(mut self, refusal: Refusal) -> Self {
        self.expected = Guarded::Refused(refusal);
        self
    }

    fn request(&self) -> http::Request<()> {
        let mut request = http::Request::new(());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.parse().expect("a URI");
        for (name, value) in &self.lines {
            request
                .headers_mut()
                .append(HeaderName::from_static(name), shared(value));
        }
        request
    }
}

/// `count` lines of `name: value`.
fn repeat(name: &'static str, value: &[u8], count: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![(name, value.to_vec()); count]
}

fn line(name: &'static str, value: &[u8]) -> (&'static str, Vec<u8>) {
    (name, value.to_vec())
}

/// The hostile requests of SPEC 10, against [`EXACT`] (`https://app.example.com`, `PUT`,
/// credentials): every rule reached through floods, megabytes and bytes no browser sends.
fn guard_cases() -> Vec<GuardCase> {
    use Refusal::{UntrustedWebSocket, UntrustedWrite};
    let evil = line("origin", b"https://evil.example");
    let app = line("origin", APP);
    let own = line("origin", b"https://api.example.com");
    let host = line("host", b"api.example.com");
    let get = || Method::GET;
    let put = || Method::PUT;
    let with = |mut lines: Vec<(&'static str, Vec<u8>)>, rest: Vec<(&'static str, Vec<u8>)>| {
        lines.extend(rest);
        lines
    };
    let megabyte_of = |byte: u8| vec![byte; MIB];
    // A megabyte host, `Origin` naming it or not.
    let long_host = {
        let mut host = vec![b'a'; MIB];
        host.extend_from_slice(b".example");
        host
    };
    let long_origin = [b"https://".as_slice(), &long_host].concat();
    let mut other_long_host = long_host.clone();
    other_long_host[MIB / 2] = b'b';
    let obs_host = vec![0xe9; MIB];
    let obs_origin = [b"https://".as_slice(), &obs_host].concat();
    // `Upgrade` lists around the bytes the guard reads.
    let websocket_at = |at: usize| {
        let mut value = vec![b','; at];
        value.extend_from_slice(b"websocket");
        value
    };
    let cap = common::caps::UPGRADE_MAX_BYTES;
    vec![
        // Sec-Fetch-Site.
        GuardCase::new(
            "10 000 lines of same-origin",
            put(),
            with(
                vec![evil.clone()],
                repeat("sec-fetch-site", b"same-origin", 10_000),
            ),
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "10 000 lines of none, no Origin",
            put(),
            repeat("sec-fetch-site", b"none", 10_000),
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "10 000 lines of cross-site, an allowed origin",
            put(),
            with(
                vec![app.clone()],
                repeat("sec-fetch-site", b"cross-site", 10_000),
            ),
        ),
        GuardCase::new(
            "a megabyte Sec-Fetch-Site",
            put(),
            vec![evil.clone(), line("sec-fetch-site", &megabyte_of(b's'))],
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "a megabyte of obs-text in Sec-Fetch-Site, the server's own origin",
            put(),
            vec![
                own.clone(),
                host.clone(),
                line("sec-fetch-site", &megabyte_of(0xff)),
            ],
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "obs-text after same-origin",
            put(),
            vec![evil.clone(), line("sec-fetch-site", b"same-origin\xff")],
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "one same-origin line, a handshake of a megabyte of Upgrade",
            get(),
            vec![
                evil.clone(),
                line("sec-fetch-site", b"same-origin"),
                line("upgrade", &megabyte_of(b',')),
            ],
        ),
        // Upgrade.
        GuardCase::new(
            "10 000 Upgrade lines of h2c",
            get(),
            with(vec![evil.clone()], repeat("upgrade", b"h2c", 10_000)),
        )
        .refused(UntrustedWebSocket),
        GuardCase::new(
            "10 000 Upgrade lines of one comma",
            get(),
            with(vec![evil.clone()], repeat("upgrade", b",", 10_000)),
        )
        .refused(UntrustedWebSocket),
        GuardCase::new(
            "10 000 empty Upgrade lines",
            get(),
            with(vec![evil.clone()], repeat("upgrade", b"", 10_000)),
        )
        .refused(UntrustedWebSocket),
        GuardCase::new(
            "the guard's bytes of commas and letters, no websocket",
            get(),
            vec![evil.clone(), line("upgrade", &b"a,".repeat(cap / 2))],
        ),
        GuardCase::new(
            "websocket as the last bytes the guard reads",
            get(),
            vec![
                evil.clone(),
                line("upgrade", &websocket_at(cap - "websocket".len())),
            ],
        )
        .refused(UntrustedWebSocket),
        GuardCase::new(
            "a megabyte of commas in Upgrade, an allowed origin",
            get(),
            vec![app.clone(), line("upgrade", &megabyte_of(b','))],
        ),
        GuardCase::new(
            "a megabyte of obs-text in Upgrade, no Origin",
            get(),
            vec![line("upgrade", &megabyte_of(0x80))],
        ),
        GuardCase::new(
            "obs-text around websocket",
            get(),
            vec![evil.clone(), line("upgrade", b"\xe9websocket\xff, h2c")],
        ),
        GuardCase::new(
            "HEAD with a flood of websocket lines",
            Method::HEAD,
            with(vec![evil.clone()], repeat("upgrade", b"websocket", 10_000)),
        ),
        GuardCase::new(
            "a megabyte Sec-WebSocket-Key, cross-site",
            get(),
            vec![
                evil.clone(),
                line("sec-fetch-site", b"cross-site"),
                line("sec-websocket-key", &megabyte_of(b'k')),
            ],
        )
        .refused(UntrustedWebSocket),
        // Host and the URI's authority against Origin.
        GuardCase::new(
            "a megabyte host, named by Origin",
            put(),
            vec![line("origin", &long_origin), line("host", &long_host)],
        ),
        GuardCase::new(
            "a megabyte host, one byte off",
            put(),
            vec![line("origin", &long_origin), line("host", &other_long_host)],
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "the URI's authority in upper case with its default port, Host elsewhere",
            put(),
            vec![
                line("origin", b"https://api.example.com"),
                line("host", b"evil.example"),
            ],
        )
        .at("https://API.example.com:443/r"),
        GuardCase::new(
            "the URI's authority before Host",
            put(),
            vec![own.clone(), host.clone()],
        )
        .at("https://evil.example/r")
        .refused(UntrustedWrite),
        GuardCase::new(
            "a megabyte of obs-text in Origin and Host, the same bytes",
            put(),
            vec![line("origin", &obs_origin), line("host", &obs_host)],
        ),
        GuardCase::new(
            "obs-text hosts that differ but in non-ASCII case",
            put(),
            vec![
                line("origin", b"https://\xe9.example"),
                line("host", b"\xc9.example"),
            ],
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "10 000 Host lines, the first the server's",
            put(),
            with(
                vec![own.clone(), host.clone()],
                repeat("host", b"evil.example", 10_000),
            ),
        ),
        GuardCase::new(
            "10 000 Host lines, the first another's",
            put(),
            with(
                vec![own.clone(), line("host", b"evil.example")],
                repeat("host", b"api.example.com", 10_000),
            ),
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "Host with userinfo",
            put(),
            vec![own.clone(), line("host", b"user@api.example.com")],
        )
        .refused(UntrustedWrite),
        // Origin.
        GuardCase::new(
            "10 000 Origin lines naming the server",
            put(),
            with(
                vec![host.clone()],
                repeat("origin", b"https://api.example.com", 10_000),
            ),
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "10 000 allowed Origin lines, a handshake",
            get(),
            with(
                vec![line("upgrade", b"websocket")],
                repeat("origin", APP, 10_000),
            ),
        )
        .refused(UntrustedWebSocket),
        GuardCase::new(
            "Origin: null on the server's own host",
            put(),
            vec![line("origin", b"null"), line("host", b"null")],
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "two Origin lines on a GET",
            get(),
            vec![evil.clone(), evil.clone()],
        ),
        // Methods: extension methods and `get` are unsafe.
        GuardCase::new(
            "an extension method from elsewhere",
            Method::from_bytes(b"PURGE").expect("a method"),
            vec![evil.clone(), line("sec-fetch-site", b"same-site")],
        )
        .refused(UntrustedWrite),
        GuardCase::new(
            "get in lower case, with a flood of same-origin",
            Method::from_bytes(b"get").expect("a method"),
            with(
                vec![evil.clone()],
                repeat("sec-fetch-site", b"same-origin", 1000),
            ),
        )
        .refused(UntrustedWrite),
    ]
}

/// Every hostile request of the guard: the verdict the rules give, through `decide` (on
/// `Host`) where the URI names no authority and through `decide_request`; at most two
/// `Sec-Fetch-Site` and two `Origin` lines read, the `Upgrade` scan within the bytes the
/// guard reads; no allocation.
#[test]
fn guard_hostile_requests_bounded_and_allocation_free() {
    let cap = common::caps::UPGRADE_MAX_BYTES;
    // The counter counts.
    assert_eq!(allocations(|| Vec::<u8>::with_capacity(1)).0, 1);
    for case in guard_cases() {
        let request = case.request();
        let decide = || Guarded::of(&EXACT.decide_request(&request));
        // Warm up, then count.
        assert_eq!(decide(), case.expected, "{}", case.name);
        let (work, (allocated, verdict)) = measure(|| allocations(decide));
        assert_eq!(verdict, case.expected, "{}", case.name);
        assert_eq!(allocated, 0, "{}: {allocated} allocations", case.name);
        assert!(work.fetch_site_lines <= 2, "{}: {work:?}", case.name);
        assert!(work.origin_lines <= 2, "{}: {work:?}", case.name);
        // Each line read costs its bytes and the two of `, ` before it, each element at
        // least one byte but the last of a line: within the bytes the guard reads, at
        // most this many of each, and one more line (the one that crosses them).
        assert!(work.upgrade_lines <= cap / 2 + 2, "{}: {work:?}", case.name);
        assert!(work.upgrade_elements <= cap + 1, "{}: {work:?}", case.name);
        assert_eq!(
            (work.method_lines, work.request_header_lines),
            (0, 0),
            "{}",
            case.name
        );
        if request.uri().authority().is_none() {
            let by_headers = EXACT.decide(request.method(), request.headers());
            assert_eq!(Guarded::of(&by_headers), case.expected, "{}", case.name);
            assert_eq!(
                by_headers.refusal(),
                EXACT.decide_request(&request).refusal(),
                "{}",
                case.name
            );
        }
    }
}

/// The same requests through `CorsLayer` in a router: refused ones never reach the
/// handler and get the guard's `403`; the others reach it.
#[tokio::test]
async fn guard_hostile_requests_through_a_layer() {
    for case in guard_cases() {
        let request = case.request();
        let (parts, ()) = request.into_parts();
        let request = http::Request::from_parts(parts, axum::body::Body::empty());
        let reply = send(app(&EXACT), request).await;
        match case.expected {
            Guarded::Refused(_) => reply.assert_refused_before_handler(),
            // The router serves PUT and GET (HEAD through it): `PURGE` and `get` get its
            // `405`.
            Guarded::Runs if !matches!(case.method, Method::GET | Method::HEAD | Method::PUT) => {
                reply.assert_handler_did_not_run();
                assert_eq!(reply.status, http::StatusCode::METHOD_NOT_ALLOWED);
            }
            Guarded::Runs => {
                if case.method == Method::HEAD {
                    assert_eq!(reply.status, common::HANDLER_STATUS, "{}", case.name);
                    assert_eq!(reply.header(common::HANDLER_HEADER), Some("ran"));
                } else {
                    reply.assert_handler_ran();
                }
                reply.assert_vary_origin_once();
            }
        }
    }
}

/// `Upgrade` lists of every length around the bytes the guard reads, with `websocket`
/// at their end or not: a `GET` is a handshake exactly when the list names it within
/// those bytes or runs past them, and no element past them is read.
#[test]
fn upgrade_lists_around_the_cap() {
    let cap = common::caps::UPGRADE_MAX_BYTES;
    let evil: &[u8] = b"https://evil.example";
    for length in (cap - 40..=cap + 40).chain([2 * cap, 64 * cap]) {
        for tail in [&b""[..], b"websocket", b"h2c"] {
            // Commas up to `length` bytes in all, the tail last.
            let mut value = vec![b','; length.saturating_sub(tail.len())];
            value.extend_from_slice(tail);
            let handshake = length > cap || tail == b"websocket";
            let (work, refusal) =
                guarded_work(&Method::GET, &[("origin", evil), ("upgrade", &value)]);
            let expected = handshake.then_some(Refusal::UntrustedWebSocket);
            assert_eq!(refusal, expected, "{length} bytes ending in {tail:?}");
            assert!(work.upgrade_elements <= cap + 1, "{length}: {work:?}");
            if length > cap {
                assert_eq!(work.upgrade_elements, 0, "{length}: {work:?}");
            }
            // The same bytes over two lines: `, ` between them counts.
            let (first, second) = value.split_at(value.len() / 2);
            let (_, split) = guarded_work(
                &Method::GET,
                &[("origin", evil), ("upgrade", first), ("upgrade", second)],
            );
            let split_handshake = length + 2 > cap || tail == b"websocket";
            assert_eq!(
                split,
                split_handshake.then_some(Refusal::UntrustedWebSocket),
                "{length} bytes over two lines, ending in {tail:?}"
            );
        }
    }
}
