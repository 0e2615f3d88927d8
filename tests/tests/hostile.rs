//! Hostile input (SPEC section 5, "Bounds"): oversized, repeated, malformed or non-ASCII
//! `Origin`, `Access-Control-Request-Method` and `Access-Control-Request-Headers` are
//! refused, within fixed caps, and nothing panics. Actual requests still reach the handler.
//! The guard of SPEC 10 reads `Sec-Fetch-Site`, `Upgrade`, `Host` and `Origin` byte for
//! byte: every byte a header value may hold, anywhere in them, changes the verdict exactly
//! as the rules say. Every policy also runs as its twin with origins read at startup
//! (`common/twins.rs`).

mod common;

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use common::caps::{ACRH_MAX_BYTES, ACRH_MAX_EMPTY_LINES, ACRH_MAX_NAMES, UPGRADE_MAX_BYTES};
use common::twins::{self, Twins};
use common::{handler, request, request_bytes, send};
use cors_runtime::{
    Decision, MAX_REQUEST_HEADERS_BYTES, MAX_REQUEST_HEADERS_NAMES, Policy, Refusal, policy,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request};

twins::twins! {
    static API = policy!(
        origins = [
            "https://app.example.com",
            "https://*.example.org:*",
            "http://localhost:*"
        ],
        methods = [PUT, DELETE, "PURGE"],
        allow_headers = ["content-type", "x-request-id"],
        credentials,
        max_age = 600,
    );

    static ANY_HEADER = policy!(
        origins = ["https://app.example.com"],
        methods = [PUT],
        allow_headers = ["*"],
    );

    static OPEN = policy!(origins = ["*"], methods = ["*"], allow_headers = ["*"]);
}

const APP: &str = "https://app.example.com";

fn app(policy: &'static Twins) -> Router {
    twins::layered(policy, || {
        Router::new().route("/r", get(handler).put(handler).options(handler))
    })
}

fn headers(lines: &[(&str, &[u8])]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in lines {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value).unwrap(),
        );
    }
    map
}

fn preflight_refusal(policy: &Twins, lines: &[(&str, &[u8])]) -> Option<Refusal> {
    match policy.decide(&Method::OPTIONS, &headers(lines)) {
        Decision::Preflight(preflight) => preflight.refusal(),
        Decision::Actual(_) | Decision::Untrusted(_) => panic!("not a preflight: {lines:?}"),
    }
}

/// A preflight request from `APP` for PUT with the given extra header lines.
fn preflight_with(extra: &[(&str, &[u8])]) -> Request<Body> {
    let mut lines: Vec<(&str, &[u8])> = vec![
        ("origin", APP.as_bytes()),
        ("access-control-request-method", b"PUT"),
    ];
    lines.extend_from_slice(extra);
    request_bytes("OPTIONS", "/r", &lines)
}

#[tokio::test]
async fn oversized_origin_refused() {
    let mut long_pattern = b"https://".to_vec();
    for _ in 0..4000 {
        long_pattern.extend_from_slice(b"a.");
    }
    long_pattern.extend_from_slice(b"example.org");
    let mut long_exact = APP.as_bytes().to_vec();
    long_exact.extend(std::iter::repeat_n(b'm', 64 * 1024));
    for origin in [long_pattern, long_exact] {
        assert!(!API.allows_origin(&origin));
        let reply = send(
            app(&API),
            request_bytes("GET", "/r", &[("origin", &origin)]),
        )
        .await;
        reply.assert_handler_ran();
        reply.assert_no_cors_grant();
        reply.assert_vary_origin_once();
        let reply = send(
            app(&API),
            request_bytes(
                "OPTIONS",
                "/r",
                &[
                    ("origin", &origin),
                    ("access-control-request-method", b"PUT"),
                ],
            ),
        )
        .await;
        reply.assert_refused_preflight();
    }
}

#[tokio::test]
async fn longest_real_origin_still_matches() {
    // A 253-byte host (63-byte labels) and the largest port: as long as an origin gets.
    let label = "a".repeat(63);
    let host = format!("{label}.{label}.{label}.{}.example.org", "b".repeat(49));
    assert_eq!(host.len(), 253);
    let origin = format!("https://{host}:65535");
    assert!(API.allows_origin(origin.as_bytes()));
    let reply = send(app(&API), common::with_origin("GET", "/r", &origin)).await;
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(origin.as_str())
    );
}

#[tokio::test]
async fn non_ascii_bytes_refused() {
    let origins: [&[u8]; 6] = [
        b"https://caf\xe9.example.org",
        b"https://app.example.com\xff",
        b"https://\xc3\xa9.example.org",
        b"https://app.example.com\t",
        b"\x80",
        b"https://app.example\x7f.com",
    ];
    for origin in origins {
        let Ok(value) = HeaderValue::from_bytes(origin) else {
            continue;
        };
        assert!(!API.allows_origin(value.as_bytes()), "{origin:?}");
        let reply = send(app(&API), request_bytes("GET", "/r", &[("origin", origin)])).await;
        reply.assert_handler_ran();
        reply.assert_no_cors_grant();
        let reply = send(
            app(&API),
            request_bytes(
                "OPTIONS",
                "/r",
                &[
                    ("origin", origin),
                    ("access-control-request-method", b"PUT"),
                ],
            ),
        )
        .await;
        reply.assert_refused_preflight();
    }
    // In the method and in the header names.
    let reply = send(
        app(&API),
        request_bytes(
            "OPTIONS",
            "/r",
            &[
                ("origin", APP.as_bytes()),
                ("access-control-request-method", b"PU\xffT"),
            ],
        ),
    )
    .await;
    reply.assert_refused_preflight();
    for names in [&b"x-caf\xe9"[..], b"content-type, \xe9", b"\xff\xfe"] {
        let reply = send(
            app(&ANY_HEADER),
            preflight_with(&[("access-control-request-headers", names)]),
        )
        .await;
        reply.assert_refused_preflight();
    }
}

#[tokio::test]
async fn invalid_request_method_tokens_refused() {
    for method in [
        &b""[..],
        b" ",
        b"PU T",
        b" PUT",
        b"PUT ",
        b"PUT,DELETE",
        b"PUT, DELETE",
        b"(PUT)",
        b"PUT;",
        b"\"PUT\"",
        b"P\tUT",
        b"PUT/1",
    ] {
        for policy in [&API, &OPEN] {
            assert_eq!(
                preflight_refusal(
                    policy,
                    &[
                        ("origin", APP.as_bytes()),
                        ("access-control-request-method", method)
                    ]
                ),
                Some(Refusal::InvalidRequestMethod),
                "{method:?}"
            );
            let reply = send(
                app(policy),
                request_bytes(
                    "OPTIONS",
                    "/r",
                    &[
                        ("origin", APP.as_bytes()),
                        ("access-control-request-method", method),
                    ],
                ),
            )
            .await;
            reply.assert_refused_preflight();
        }
    }
}

#[tokio::test]
async fn oversized_request_headers_refused() {
    // One line over the byte cap, made of allowed names.
    let mut long = String::new();
    while long.len() <= ACRH_MAX_BYTES {
        long.push_str("content-type,");
    }
    let reply = send(
        app(&API),
        preflight_with(&[("access-control-request-headers", long.as_bytes())]),
    )
    .await;
    reply.assert_refused_preflight();

    // 1000 lines of an allowed name: over the name cap.
    let lines: Vec<(&str, &[u8])> = (0..1000)
        .map(|_| ("access-control-request-headers", &b"content-type"[..]))
        .collect();
    let reply = send(app(&API), preflight_with(&lines)).await;
    reply.assert_refused_preflight();

    // 10 000 empty lines: over the byte cap, which counts the `, ` between lines.
    let lines: Vec<(&str, &[u8])> = (0..10_000)
        .map(|_| ("access-control-request-headers", &b""[..]))
        .collect();
    let reply = send(app(&API), preflight_with(&lines)).await;
    reply.assert_refused_preflight();

    // 10 000 names on one line, and 10 000 empty elements.
    let names = vec!["x"; 10_000].join(",");
    let commas = ",".repeat(10_000);
    for value in [names.as_bytes(), commas.as_bytes()] {
        let reply = send(
            app(&ANY_HEADER),
            preflight_with(&[("access-control-request-headers", value)]),
        )
        .await;
        reply.assert_refused_preflight();
    }

    // 10 000 names across lines.
    let line = vec!["x"; 100].join(",");
    let lines: Vec<(&str, &[u8])> = (0..100)
        .map(|_| ("access-control-request-headers", line.as_bytes()))
        .collect();
    let reply = send(app(&ANY_HEADER), preflight_with(&lines)).await;
    reply.assert_refused_preflight();
}

#[test]
fn request_headers_caps_are_exact() {
    let origin: (&str, &[u8]) = ("origin", APP.as_bytes());
    let method: (&str, &[u8]) = ("access-control-request-method", b"PUT");
    let refusal = |acrh: &[&[u8]]| {
        let mut lines = vec![origin, method];
        lines.extend(acrh.iter().map(|v| ("access-control-request-headers", *v)));
        preflight_refusal(&ANY_HEADER, &lines)
    };

    // Names: the cap passes, one more is too many.
    let names = |n: usize| {
        (0..n)
            .map(|i| format!("x{i}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(refusal(&[names(ACRH_MAX_NAMES).as_bytes()]), None);
    assert_eq!(
        refusal(&[names(ACRH_MAX_NAMES + 1).as_bytes()]),
        Some(Refusal::RequestHeadersTooLarge)
    );

    // Bytes: padded with whitespace and empty elements so the name count stays low.
    let padded = |len: usize| {
        let mut value = "x-a,x-b".to_owned();
        while value.len() < len {
            value.push(' ');
        }
        value
    };
    assert_eq!(refusal(&[padded(ACRH_MAX_BYTES).as_bytes()]), None);
    assert_eq!(
        refusal(&[padded(ACRH_MAX_BYTES + 1).as_bytes()]),
        Some(Refusal::RequestHeadersTooLarge)
    );
    // The byte cap counts all lines together.
    let half = padded(ACRH_MAX_BYTES / 2 + 1);
    assert_eq!(
        refusal(&[half.as_bytes(), half.as_bytes()]),
        Some(Refusal::RequestHeadersTooLarge)
    );

    // Lines: not capped as such. Names on separate lines count toward the name cap, and
    // the `, ` Fetch puts between lines toward the byte cap.
    let one_each: Vec<String> = (0..=ACRH_MAX_NAMES).map(|i| format!("x{i}")).collect();
    let one_each: Vec<&[u8]> = one_each.iter().map(|n| n.as_bytes()).collect();
    assert_eq!(refusal(&one_each[..ACRH_MAX_NAMES]), None);
    assert_eq!(refusal(&one_each), Some(Refusal::RequestHeadersTooLarge));
    let empty = vec![&b""[..]; ACRH_MAX_EMPTY_LINES];
    assert_eq!(refusal(&empty), None);
    let empty = vec![&b""[..]; ACRH_MAX_EMPTY_LINES + 1];
    assert_eq!(refusal(&empty), Some(Refusal::RequestHeadersTooLarge));
    let half = padded(ACRH_MAX_BYTES / 2 - 1);
    assert_eq!(refusal(&[half.as_bytes(), half.as_bytes()]), None);
    let over = padded(ACRH_MAX_BYTES / 2);
    assert_eq!(
        refusal(&[half.as_bytes(), over.as_bytes()]),
        Some(Refusal::RequestHeadersTooLarge)
    );
}

/// The public constants say what the tests pin.
#[test]
fn public_caps_are_the_pinned_ones() {
    assert_eq!(MAX_REQUEST_HEADERS_BYTES, ACRH_MAX_BYTES);
    assert_eq!(MAX_REQUEST_HEADERS_NAMES, ACRH_MAX_NAMES);
    assert_eq!(cors_runtime::MAX_UPGRADE_BYTES, UPGRADE_MAX_BYTES);
}

#[tokio::test]
async fn allowed_names_one_per_line_through_a_router() {
    // A gateway that splits comma lists forwards a preflight for 64 allowed names as 64
    // field lines: allowed, with every name covered by Access-Control-Allow-Headers.
    twins::twins! {
        static MANY = policy!(
            origins = ["https://app.example.com"],
            methods = [PUT],
            allow_headers = [
                "x-00", "x-01", "x-02", "x-03", "x-04", "x-05", "x-06", "x-07", "x-08", "x-09", "x-10",
                "x-11", "x-12", "x-13", "x-14", "x-15", "x-16", "x-17", "x-18", "x-19", "x-20", "x-21",
                "x-22", "x-23", "x-24", "x-25", "x-26", "x-27", "x-28", "x-29", "x-30", "x-31", "x-32",
                "x-33", "x-34", "x-35", "x-36", "x-37", "x-38", "x-39", "x-40", "x-41", "x-42", "x-43",
                "x-44", "x-45", "x-46", "x-47", "x-48", "x-49", "x-50", "x-51", "x-52", "x-53", "x-54",
                "x-55", "x-56", "x-57", "x-58", "x-59", "x-60", "x-61", "x-62", "x-63", "x-64",
            ],
        );
    }
    let names: Vec<String> = (0..=ACRH_MAX_NAMES).map(|i| format!("x-{i:02}")).collect();
    let lines = |n: usize| -> Vec<(&str, &[u8])> {
        names[..n]
            .iter()
            .map(|name| ("access-control-request-headers", name.as_bytes()))
            .collect()
    };
    let reply = send(app(&MANY), preflight_with(&lines(ACRH_MAX_NAMES))).await;
    assert_eq!(reply.status, 204);
    let allowed = reply.header("access-control-allow-headers").expect("ACAH");
    let allowed: Vec<&str> = allowed.split(',').map(str::trim).collect();
    for name in &names[..ACRH_MAX_NAMES] {
        assert!(
            allowed.contains(&name.as_str()),
            "{name} not in {allowed:?}"
        );
    }
    // One more name, also allowed by the policy: too many names.
    let reply = send(app(&MANY), preflight_with(&lines(ACRH_MAX_NAMES + 1))).await;
    reply.assert_refused_preflight();
    // The same names on one line are judged alike.
    let joined = names[..ACRH_MAX_NAMES].join(", ");
    let reply = send(
        app(&MANY),
        preflight_with(&[("access-control-request-headers", joined.as_bytes())]),
    )
    .await;
    assert_eq!(reply.status, 204);
}

#[tokio::test]
async fn duplicate_origin_refused_on_actual_requests() {
    for (first, second) in [
        (APP, APP),
        (APP, "https://evil.example"),
        ("https://evil.example", APP),
        ("https://a.example.org", "https://b.example.org"),
    ] {
        let reply = send(
            app(&API),
            request("GET", "/r", &[("origin", first), ("origin", second)]),
        )
        .await;
        reply.assert_handler_ran();
        reply.assert_no_cors_grant();
        reply.assert_vary_origin_once();

        let mut map = HeaderMap::new();
        map.append("origin", HeaderValue::from_str(first).unwrap());
        map.append("origin", HeaderValue::from_str(second).unwrap());
        let decision = API.decide(&Method::GET, &map);
        assert_eq!(decision.refusal(), Some(Refusal::DuplicateOrigin));
    }
    // 10 000 Origin lines.
    let lines: Vec<(&str, &str)> = (0..10_000).map(|_| ("origin", APP)).collect();
    let reply = send(app(&API), request("GET", "/r", &lines)).await;
    reply.assert_handler_ran();
    reply.assert_no_cors_grant();
}

/// A small deterministic generator (xorshift64*), so the test needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A header value built from pieces that stress the parsers, or random bytes.
    fn value(&mut self) -> Vec<u8> {
        const PIECES: &[&[u8]] = &[
            b"https://",
            b"http://",
            b"app.example.com",
            b"example.org",
            b"a.",
            b".",
            b":",
            b"*",
            b"65535",
            b"0",
            b"443",
            b"/",
            b",",
            b" ",
            b"\t",
            b"content-type",
            b"x-request-id",
            b"authorization",
            b"PUT",
            b"put",
            b"DELETE",
            b"PURGE",
            b"GET",
            b"[::1]",
            b"]",
            b"[",
            b"localhost",
            b"\xff",
            b"\x80\xc3",
            b"null",
            b"-",
            b"_",
            b"%",
            b"@",
            b"#",
            b"?",
        ];
        let mut value = Vec::new();
        for _ in 0..self.below(8) {
            if self.below(6) == 0 {
                // Random bytes allowed in a header value.
                let b = self.next() as u8;
                if b == b'\t' || (b >= 0x20 && b != 0x7f) {
                    value.push(b);
                }
            } else {
                let piece = self.pick(PIECES);
                value.extend_from_slice(piece);
            }
        }
        value
    }
}

/// Whether the guard refused `lines` before the handler (SPEC 10), the literal and its
/// twin agreeing.
fn untrusted(method: &Method, lines: &[(&str, &[u8])]) -> Option<Refusal> {
    match API.decide(method, &headers(lines)) {
        Decision::Untrusted(untrusted) => Some(untrusted.refusal()),
        Decision::Actual(_) => None,
        Decision::Preflight(_) => panic!("a preflight: {lines:?}"),
    }
}

/// `value` with `byte` inserted at `at`.
fn inserted(value: &[u8], at: usize, byte: u8) -> Vec<u8> {
    let mut value = value.to_vec();
    value.insert(at, byte);
    value
}

/// Every byte a header value may hold (tab, visible ASCII, obs-text), at the start, in
/// the middle and at the end of the values the guard compares: `Sec-Fetch-Site` is
/// `same-origin` or `none` byte for byte; `Upgrade` names `websocket` as a list element,
/// optional whitespace around it and a `/version` after it; `Host` and the host of
/// `Origin` are equal, ASCII case aside, or not.
#[test]
fn every_byte_in_the_guard_headers() {
    let put = Method::PUT;
    let get = Method::GET;
    let evil: &[u8] = b"https://evil.example";
    let own: &[u8] = b"https://api.example.com";
    let host: &[u8] = b"api.example.com";
    // The values as written are trusted, or a handshake.
    for site in [&b"same-origin"[..], b"none"] {
        assert_eq!(
            untrusted(&put, &[("origin", evil), ("sec-fetch-site", site)]),
            None
        );
    }
    assert_eq!(
        untrusted(&get, &[("origin", evil), ("upgrade", b"websocket")]),
        Some(Refusal::UntrustedWebSocket)
    );
    assert_eq!(untrusted(&put, &[("origin", own), ("host", host)]), None);
    let valid = |byte: u8| byte == b'\t' || (byte >= 0x20 && byte != 0x7f);
    let mut tried = 0;
    for byte in (0..=u8::MAX).filter(|&b| valid(b)) {
        for site in [&b"same-origin"[..], b"none"] {
            for at in [0, site.len() / 2, site.len()] {
                let value = inserted(site, at, byte);
                assert_eq!(
                    untrusted(&put, &[("origin", evil), ("sec-fetch-site", &value)]),
                    Some(Refusal::UntrustedWrite),
                    "Sec-Fetch-Site {value:?}"
                );
            }
        }
        let websocket = b"websocket";
        for (at, names_it) in [
            (0, matches!(byte, b' ' | b'\t' | b',')),
            (websocket.len() / 2, false),
            (websocket.len(), matches!(byte, b' ' | b'\t' | b',' | b'/')),
        ] {
            let value = inserted(websocket, at, byte);
            let refusal = untrusted(&get, &[("origin", evil), ("upgrade", &value)]);
            assert_eq!(
                refusal,
                names_it.then_some(Refusal::UntrustedWebSocket),
                "Upgrade {value:?}"
            );
            // A write never looks at `Upgrade`.
            assert_eq!(
                untrusted(&put, &[("origin", evil), ("upgrade", &value)]),
                Some(Refusal::UntrustedWrite)
            );
        }
        for at in [0, host.len() / 2, host.len()] {
            let value = inserted(host, at, byte);
            assert_eq!(
                untrusted(&put, &[("origin", own), ("host", &value)]),
                Some(Refusal::UntrustedWrite),
                "Host {value:?}"
            );
            let scheme = b"https://".len();
            let origin = inserted(own, scheme + at, byte);
            assert_eq!(
                untrusted(&put, &[("origin", &origin), ("host", host)]),
                Some(Refusal::UntrustedWrite),
                "Origin {origin:?}"
            );
        }
        tried += 1;
    }
    assert_eq!(tried, 1 + 95 + 128);
    // ASCII case aside: an upper-case `Host` or `Origin` host names the same server.
    assert_eq!(
        untrusted(
            &put,
            &[
                ("origin", b"HTTPS://API.Example.COM"),
                ("host", b"api.EXAMPLE.com:443")
            ]
        ),
        None
    );
    // Obs-text has no case: `\xc9` is not an upper-case `\xe9`.
    assert_eq!(
        untrusted(
            &put,
            &[
                ("origin", b"https://\xe9.example"),
                ("host", b"\xc9.example")
            ]
        ),
        Some(Refusal::UntrustedWrite)
    );
}

/// Random requests: the decision never panics and always agrees with the policy's own
/// predicates.
#[test]
fn random_requests_never_panic_and_decide_consistently() {
    static PATTERNS: Policy = policy!(
        origins = [
            "https://*.example.org",
            "http://[::1]:*",
            "https://app.example.com:8443"
        ],
        methods = [PATCH],
        allow_headers = ["authorization", "content-type"],
        expose_headers = ["x-a"],
    );
    let mut policies: Vec<&'static Policy> = [&API, &ANY_HEADER, &OPEN]
        .into_iter()
        .flat_map(Twins::all)
        .collect();
    policies.push(&PATTERNS);
    // The live twins of `API` and `ANY_HEADER` are among them.
    assert_eq!(policies.len(), 9);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // How many preflights were allowed, refused; actual requests allowed, refused.
    let mut seen = [0usize; 4];
    for _ in 0..20_000 {
        let policy = *rng.pick(&policies);
        let method = rng
            .pick(&[Method::OPTIONS, Method::GET, Method::PUT, Method::OPTIONS])
            .clone();
        let mut map = HeaderMap::new();
        let origins = *rng.pick(&[0, 1, 1, 1, 1, 2]);
        let methods = *rng.pick(&[0, 1, 1, 1, 1, 2]);
        let names = *rng.pick(&[0, 1, 1, 2, 3]);
        let mut origin_value = None;
        for (name, count) in [
            ("origin", origins),
            ("access-control-request-method", methods),
            ("access-control-request-headers", names),
        ] {
            for _ in 0..count {
                let mut raw = rng.value();
                if name == "origin" && rng.below(2) == 0 {
                    raw = rng
                        .pick(&[
                            &b"https://app.example.com"[..],
                            b"https://a.example.org",
                            b"http://[::1]:3000",
                            b"https://app.example.com:8443",
                        ])
                        .to_vec();
                }
                if name == "access-control-request-method" && rng.below(2) == 0 {
                    raw = rng
                        .pick(&[&b"PUT"[..], b"PATCH", b"GET", b"PURGE"])
                        .to_vec();
                }
                if name == "access-control-request-headers" && rng.below(3) != 0 {
                    raw = rng
                        .pick(&[
                            &b"content-type"[..],
                            b"x-request-id, Content-Type",
                            b"",
                            b" ,authorization",
                        ])
                        .to_vec();
                }
                let value = HeaderValue::from_bytes(&raw).unwrap();
                if name == "origin" {
                    origin_value = Some(value.clone());
                }
                map.append(HeaderName::from_static(name), value);
            }
        }
        let decision = policy.decide(&method, &map);
        let origin_ok = origins == 1
            && origin_value
                .as_ref()
                .is_some_and(|v| policy.allows_origin(v.as_bytes()));
        let mut response = HeaderMap::new();
        match &decision {
            Decision::Preflight(preflight) => {
                assert!(method == Method::OPTIONS && origins > 0 && methods > 0);
                preflight.write_headers(&mut response);
                if preflight.is_allowed() {
                    assert!(origin_ok, "{map:?}");
                    assert_eq!(methods, 1);
                    let requested = map.get("access-control-request-method").unwrap();
                    assert!(policy.allows_method(requested.as_bytes()), "{map:?}");
                    for line in map.get_all("access-control-request-headers") {
                        for name in line.as_bytes().split(|&b| b == b',') {
                            let name = name.trim_ascii();
                            assert!(
                                name.is_empty() || policy.allows_request_header(name),
                                "{map:?}"
                            );
                        }
                    }
                    assert!(response.contains_key("access-control-allow-origin"));
                    seen[0] += 1;
                } else {
                    seen[1] += 1;
                    assert!(
                        response
                            .keys()
                            .all(|k| !k.as_str().starts_with("access-control-"))
                    );
                }
            }
            Decision::Actual(actual) => {
                assert!(!(method == Method::OPTIONS && origins > 0 && methods > 0));
                actual.write_headers(&mut response);
                let expected = policy.allows_any_origin() || origin_ok;
                assert_eq!(actual.is_allowed(), expected, "{map:?}");
                assert_eq!(
                    response.contains_key("access-control-allow-origin"),
                    expected
                );
                if origins == 0 {
                    assert_eq!(actual.refusal(), None);
                }
                seen[if expected { 2 } else { 3 }] += 1;
            }
            Decision::Untrusted(untrusted) => {
                // Only an unsafe method (the generator draws no WebSocket headers) from
                // an origin the policy does not allow, without `Sec-Fetch-Site`.
                assert!(
                    !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS),
                    "{map:?}"
                );
                assert!(
                    origins > 0 && !origin_ok && !policy.allows_any_origin(),
                    "{map:?}"
                );
                untrusted.write_headers(&mut response);
                seen[3] += 1;
            }
        }
        assert!(
            response
                .get_all("access-control-allow-origin")
                .iter()
                .count()
                <= 1
        );
        assert_eq!(
            response.contains_key("vary"),
            !policy.allows_any_origin(),
            "{response:?}"
        );
    }
    // The generator reaches every outcome often enough to mean something.
    assert!(seen.iter().all(|&n| n > 200), "{seen:?}");
}
