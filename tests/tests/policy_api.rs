//! The `Policy` API directly (SPEC section 2): `decide`, the `Decision` kinds, `refusal()`
//! reasons, `write_headers`, `into_response`, the predicates and `Display`.

use cors_runtime::{Decision, Policy, Refusal, policy};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

static API: Policy = policy!(
    origins = ["https://app.example.com", "https://*.example.org"],
    methods = [GET, PUT, "PURGE"],
    allow_headers = ["content-type", "x-request-id"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600,
);

static OPEN: Policy = policy!(origins = ["*"], methods = [GET]);

const APP: &str = "https://app.example.com";

/// Request header lines.
type Lines<'a> = &'a [(&'static str, &'a str)];

fn map(lines: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in lines {
        map.append(*name, HeaderValue::from_str(value).unwrap());
    }
    map
}

fn decide(method: Method, lines: &[(&'static str, &str)]) -> Decision<'static> {
    API.decide(&method, &map(lines))
}

#[test]
fn what_is_a_preflight() {
    let full = [("origin", APP), ("access-control-request-method", "PUT")];
    assert!(decide(Method::OPTIONS, &full).is_preflight());
    // Not OPTIONS, no Origin, or no ACRM: not a preflight.
    assert!(!decide(Method::GET, &full).is_preflight());
    assert!(!decide(Method::PUT, &full).is_preflight());
    assert!(!decide(Method::OPTIONS, &[("origin", APP)]).is_preflight());
    assert!(!decide(Method::OPTIONS, &[("access-control-request-method", "PUT")]).is_preflight());
    assert!(!decide(Method::OPTIONS, &[]).is_preflight());
    // ACRH alone does not make a preflight either.
    assert!(
        !decide(
            Method::OPTIONS,
            &[
                ("origin", APP),
                ("access-control-request-headers", "content-type")
            ]
        )
        .is_preflight()
    );
}

#[test]
fn actual_decisions_and_refusals() {
    let Decision::Actual(actual) = decide(Method::GET, &[("origin", APP)]) else {
        panic!("actual")
    };
    assert!(actual.is_allowed());
    assert_eq!(actual.refusal(), None);

    let decision = decide(Method::GET, &[("origin", "https://evil.example")]);
    assert_eq!(decision.refusal(), Some(Refusal::OriginNotAllowed));
    let Decision::Actual(actual) = decision else {
        panic!("actual")
    };
    assert!(!actual.is_allowed());
    assert_eq!(actual.refusal(), Some(Refusal::OriginNotAllowed));

    // No Origin: not refused, simply not CORS.
    let Decision::Actual(actual) = decide(Method::GET, &[]) else {
        panic!("actual")
    };
    assert!(!actual.is_allowed());
    assert_eq!(actual.refusal(), None);

    let decision = decide(Method::GET, &[("origin", APP), ("origin", APP)]);
    assert_eq!(decision.refusal(), Some(Refusal::DuplicateOrigin));

    // A "*" policy allows every request, with or without Origin.
    for lines in [
        &[][..],
        &[("origin", "null")],
        &[("origin", "a"), ("origin", "b")],
    ] {
        let Decision::Actual(actual) = OPEN.decide(&Method::GET, &map(lines)) else {
            panic!("actual")
        };
        assert!(actual.is_allowed());
        assert_eq!(actual.refusal(), None);
    }
}

#[test]
fn preflight_refusal_reasons() {
    let cases: &[(Lines, Option<Refusal>)] = &[
        (
            &[("origin", APP), ("access-control-request-method", "PUT")],
            None,
        ),
        (
            &[
                ("origin", APP),
                ("access-control-request-method", "PURGE"),
                ("access-control-request-headers", "X-Request-Id"),
            ],
            None,
        ),
        (
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "PUT"),
            ],
            Some(Refusal::OriginNotAllowed),
        ),
        (
            &[
                ("origin", APP),
                ("origin", APP),
                ("access-control-request-method", "PUT"),
            ],
            Some(Refusal::DuplicateOrigin),
        ),
        (
            &[("origin", APP), ("access-control-request-method", "PU T")],
            Some(Refusal::InvalidRequestMethod),
        ),
        (
            &[("origin", APP), ("access-control-request-method", "")],
            Some(Refusal::InvalidRequestMethod),
        ),
        (
            &[
                ("origin", APP),
                ("access-control-request-method", "PUT"),
                ("access-control-request-method", "PUT"),
            ],
            Some(Refusal::InvalidRequestMethod),
        ),
        (
            &[("origin", APP), ("access-control-request-method", "DELETE")],
            Some(Refusal::MethodNotAllowed),
        ),
        (
            &[("origin", APP), ("access-control-request-method", "put")],
            Some(Refusal::MethodNotAllowed),
        ),
        (
            &[
                ("origin", APP),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "content type"),
            ],
            Some(Refusal::InvalidRequestHeaders),
        ),
        (
            &[
                ("origin", APP),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "content-type, x-other"),
            ],
            Some(Refusal::RequestHeaderNotAllowed),
        ),
        (
            &[
                ("origin", APP),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "authorization"),
            ],
            Some(Refusal::RequestHeaderNotAllowed),
        ),
    ];
    for (lines, expected) in cases {
        let decision = decide(Method::OPTIONS, lines);
        let Decision::Preflight(preflight) = &decision else {
            panic!("preflight: {lines:?}")
        };
        assert_eq!(decision.refusal(), *expected, "{lines:?}");
        assert_eq!(preflight.refusal(), *expected, "{lines:?}");
        assert_eq!(preflight.is_allowed(), expected.is_none());
        let status = if expected.is_none() {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(preflight.status(), status);
    }
    let too_many = vec!["content-type"; 1000].join(",");
    let decision = API.decide(
        &Method::OPTIONS,
        &map(&[
            ("origin", APP),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", &too_many),
        ]),
    );
    assert_eq!(decision.refusal(), Some(Refusal::RequestHeadersTooLarge));
}

#[test]
fn refusal_names_and_messages_are_distinct() {
    let all = [
        Refusal::DuplicateOrigin,
        Refusal::OriginNotAllowed,
        Refusal::InvalidRequestMethod,
        Refusal::MethodNotAllowed,
        Refusal::InvalidRequestHeaders,
        Refusal::RequestHeaderNotAllowed,
        Refusal::RequestHeadersTooLarge,
    ];
    let names: std::collections::HashSet<_> = all.iter().map(|r| r.as_str()).collect();
    let messages: std::collections::HashSet<_> = all.iter().map(|r| r.to_string()).collect();
    assert_eq!(names.len(), all.len());
    assert_eq!(messages.len(), all.len());
    for name in names {
        assert!(
            name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{name}"
        );
    }
    assert_eq!(Refusal::OriginNotAllowed.as_str(), "origin_not_allowed");
}

#[test]
fn write_headers_of_an_actual_request() {
    let Decision::Actual(actual) = decide(Method::GET, &[("origin", "https://x.example.org")])
    else {
        panic!("actual")
    };
    let mut response = HeaderMap::new();
    actual.write_headers(&mut response);
    assert_eq!(
        response["access-control-allow-origin"],
        "https://x.example.org"
    );
    assert_eq!(response["access-control-allow-credentials"], "true");
    assert_eq!(response["access-control-expose-headers"], "x-request-id");
    assert_eq!(response["vary"], "Origin");
    assert_eq!(response.len(), 4);

    // Writing twice changes nothing.
    actual.write_headers(&mut response);
    assert_eq!(response.len(), 4);
    assert_eq!(response.get_all("vary").iter().count(), 1);
}

#[test]
fn preflight_into_response() {
    let Decision::Preflight(preflight) = decide(
        Method::OPTIONS,
        &[
            ("origin", APP),
            ("access-control-request-method", "PURGE"),
            ("access-control-request-headers", "content-type"),
        ],
    ) else {
        panic!("preflight")
    };
    let response: http::Response<()> = preflight.into_response();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], APP);
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert!(
        headers["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .split(',')
            .any(|m| m.trim() == "PURGE")
    );
    assert!(
        headers["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .split(',')
            .any(|h| h.trim().eq_ignore_ascii_case("content-type"))
    );
    assert_eq!(headers["access-control-max-age"], "600");
    assert_eq!(headers["vary"], "Origin");
    assert_eq!(headers.len(), 6);

    let Decision::Preflight(refused) = decide(
        Method::OPTIONS,
        &[("origin", APP), ("access-control-request-method", "DELETE")],
    ) else {
        panic!("preflight")
    };
    let response: http::Response<String> = refused.into_response();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.body().is_empty());
    assert_eq!(response.headers().len(), 1);
    assert_eq!(response.headers()["vary"], "Origin");
}

#[test]
fn predicates() {
    assert!(API.allows_origin(APP.as_bytes()));
    assert!(API.allows_origin(b"https://a.example.org"));
    assert!(!API.allows_origin(b"https://example.org"));
    assert!(!API.allows_origin(b"null"));
    assert!(!API.allows_origin(b""));
    assert!(API.allows_method(b"PUT"));
    assert!(API.allows_method(b"PURGE"));
    assert!(API.allows_method(b"POST"));
    assert!(API.allows_method(b"HEAD"));
    assert!(!API.allows_method(b"DELETE"));
    assert!(!API.allows_method(b"purge"));
    assert!(!API.allows_method(b""));
    assert!(!API.allows_method(b"PUT "));
    assert!(API.allows_request_header(b"CONTENT-TYPE"));
    assert!(!API.allows_request_header(b"authorization"));
    assert!(API.allows_credentials());
    assert!(!API.allows_any_origin());
    assert!(OPEN.allows_any_origin());
    assert!(!OPEN.allows_credentials());
    assert!(OPEN.allows_origin(b"null"));
}

#[test]
fn display_summary() {
    let summary = API.to_string();
    for part in [
        "https://app.example.com",
        "https://*.example.org",
        "PURGE",
        "content-type",
        "x-request-id",
        "600",
        "credentials: yes",
    ] {
        assert!(summary.contains(part), "`{part}` missing from:\n{summary}");
    }
    let summary = OPEN.to_string();
    assert!(summary.contains('*'), "{summary}");
    assert!(summary.contains("credentials: no"), "{summary}");
}

#[test]
fn policies_are_static_and_shareable() {
    fn assert_sync<T: Sync + Send + 'static>(_: &T) {}
    assert_sync(&API);
    const IN_CONST: Policy = policy!(origins = ["https://c.example"], methods = [GET]);
    assert!(IN_CONST.allows_origin(b"https://c.example"));
}
