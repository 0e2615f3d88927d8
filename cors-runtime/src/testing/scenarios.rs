//! The model's rules, one scenario each, against a hand-written service whose preflight
//! and actual answers each scenario sets: safelisted methods and request headers (with
//! their value rules and size limits), when a preflight is needed, the CORS check, the
//! credentials mode, the preflight's checks, and which response headers a script reads.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};

use super::{Blocked, Browser, Outcome};

const PAGE: &str = "https://app.example.com";

/// What the service answers: to a preflight, and to the actual request.
#[derive(Clone, Default)]
struct Server {
    preflight_status: Option<u16>,
    preflight: Vec<(&'static str, &'static str)>,
    actual: Vec<(&'static str, &'static str)>,
}

/// What the service received.
#[derive(Debug, Default)]
struct Seen {
    requests: Vec<(Method, HeaderMap)>,
}

fn headers(list: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in list {
        map.append(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    map
}

/// Grants `PAGE` everything on the actual response (ACAO = page, ACAC true).
const GRANT: [(&str, &str); 2] = [
    ("access-control-allow-origin", PAGE),
    ("access-control-allow-credentials", "true"),
];

/// Runs `fetch` of `request` from `PAGE` against `server`; returns the outcome and what
/// the service received.
fn run(server: &Server, request: Request<()>, credentials: bool) -> (Outcome, Seen) {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let server = server.clone();
    let log = Arc::clone(&seen);
    let service = tower::service_fn(move |request: Request<()>| {
        let server = server.clone();
        let log = Arc::clone(&log);
        async move {
            let preflight = request.method() == Method::OPTIONS
                && request
                    .headers()
                    .contains_key("access-control-request-method");
            log.lock()
                .expect("the log")
                .requests
                .push((request.method().clone(), request.headers().clone()));
            let (status, list) = if preflight {
                (server.preflight_status.unwrap_or(204), &server.preflight)
            } else {
                (200, &server.actual)
            };
            let mut response = Response::new(());
            *response.status_mut() = StatusCode::from_u16(status).expect("a status");
            *response.headers_mut() = headers(list);
            Ok::<_, Infallible>(response)
        }
    });
    let tab = Browser::new(PAGE);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let outcome = runtime.block_on(async {
        if credentials {
            tab.fetch_with_credentials(&service, request).await
        } else {
            tab.fetch(&service, request).await
        }
    });
    let seen = std::mem::take(&mut *seen.lock().expect("the log"));
    (outcome, seen)
}

fn request(method: &str, list: &[(&'static str, &str)]) -> Request<()> {
    let mut request = Request::builder().method(method).uri("/r");
    for (name, value) in list {
        request = request.header(*name, *value);
    }
    request.body(()).expect("a request")
}

/// A server that allows everything for `PAGE`, with credentials.
fn open() -> Server {
    Server {
        preflight_status: None,
        preflight: vec![
            ("access-control-allow-origin", PAGE),
            ("access-control-allow-credentials", "true"),
            (
                "access-control-allow-methods",
                "PUT, DELETE, PATCH, purge, OPTIONS",
            ),
            (
                "access-control-allow-headers",
                "x-custom, content-type, accept, accept-language, content-language, range, authorization",
            ),
        ],
        actual: GRANT.to_vec(),
    }
}

/// Whether `fetch` of (method, headers) is preflighted against an open server.
fn preflighted(method: &str, list: &[(&'static str, &str)]) -> bool {
    let (outcome, _) = run(&open(), request(method, list), false);
    assert!(outcome.is_allowed(), "{outcome}");
    outcome.was_preflighted()
}

// --- safelisted methods --------------------------------------------------------------

#[test]
fn get_head_post_need_no_preflight() {
    for method in ["GET", "HEAD", "POST"] {
        assert!(!preflighted(method, &[]), "{method}");
    }
}

#[test]
fn other_methods_are_preflighted() {
    for method in ["PUT", "DELETE", "PATCH", "purge", "OPTIONS"] {
        assert!(preflighted(method, &[]), "{method}");
    }
}

#[test]
fn some_methods_are_upper_cased_others_kept() {
    let (_, seen) = run(&open(), request("delete", &[]), false);
    assert_eq!(
        seen.requests[0].1["access-control-request-method"],
        "DELETE"
    );
    let (_, seen) = run(&open(), request("purge", &[]), false);
    assert_eq!(seen.requests[0].1["access-control-request-method"], "purge");
    assert_eq!(seen.requests[1].0.as_str(), "purge");
}

#[test]
fn forbidden_methods_throw() {
    for method in ["CONNECT", "TRACE", "track"] {
        let (outcome, seen) = run(&open(), request(method, &[]), false);
        assert!(
            matches!(outcome.blocked(), Some(Blocked::TypeError(_))),
            "{method}"
        );
        assert!(seen.requests.is_empty());
        assert!(
            outcome
                .to_string()
                .contains("fetch threw before sending anything")
        );
    }
}

// --- safelisted request headers -------------------------------------------------------

#[test]
fn accept_with_any_safe_value() {
    assert!(!preflighted(
        "GET",
        &[("accept", "application/json, */*;q=0.8")]
    ));
}

#[test]
fn accept_with_an_unsafe_byte() {
    for value in ["a\"b", "a(b", "a:b", "a<b", "a@b", "a[b", "a{b", "a\x7fb"] {
        if HeaderValue::from_str(value).is_ok() {
            assert!(preflighted("GET", &[("accept", value)]), "{value:?}");
        }
    }
}

#[test]
fn accept_language_and_content_language_bytes() {
    for name in ["accept-language", "content-language"] {
        assert!(
            !preflighted("GET", &[(name, "en-US, fr;q=0.5, *")]),
            "{name}"
        );
        assert!(preflighted("GET", &[(name, "en/US")]), "{name}");
        assert!(preflighted("GET", &[(name, "en_US")]), "{name}");
    }
}

#[test]
fn content_type_form_essences_need_no_preflight() {
    for value in [
        "text/plain",
        "text/plain;charset=UTF-8",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "TEXT/PLAIN",
    ] {
        assert!(!preflighted("POST", &[("content-type", value)]), "{value}");
    }
}

#[test]
fn other_content_types_are_preflighted() {
    for value in ["application/json", "text/html", "text/plain\"x\""] {
        assert!(preflighted("POST", &[("content-type", value)]), "{value}");
    }
}

#[test]
fn simple_ranges_need_no_preflight() {
    assert!(!preflighted("GET", &[("range", "bytes=0-10")]));
    assert!(!preflighted("GET", &[("range", "bytes=5-")]));
}

#[test]
fn other_ranges_are_preflighted() {
    for value in ["bytes=10-5", "bytes=-5", "bytes=0-1,3-4", "items=0-1"] {
        assert!(preflighted("GET", &[("range", value)]), "{value}");
    }
}

#[test]
fn a_safelisted_value_over_128_bytes_is_preflighted() {
    let at = "a".repeat(128);
    let over = "a".repeat(129);
    assert!(!preflighted("GET", &[("accept", &at)]));
    assert!(preflighted("GET", &[("accept", &over)]));
}

#[test]
fn safelisted_values_over_1024_bytes_in_all_are_preflighted() {
    let value = "a".repeat(128);
    let eight: Vec<(&'static str, &str)> = (0..8)
        .map(|_| ("accept-language", value.as_str()))
        .collect();
    assert!(!preflighted("GET", &eight));
    let mut nine = eight.clone();
    nine.push(("accept", "a"));
    assert!(preflighted("GET", &nine));
}

#[test]
fn a_custom_header_is_preflighted_and_asked_for_in_lower_case() {
    let (outcome, seen) = run(
        &open(),
        request(
            "GET",
            &[("X-Custom", "1"), ("content-type", "application/json")],
        ),
        false,
    );
    assert!(
        outcome.is_allowed() && outcome.was_preflighted(),
        "{outcome}"
    );
    assert_eq!(
        seen.requests[0].1["access-control-request-headers"],
        "content-type,x-custom"
    );
}

#[test]
fn forbidden_request_headers_are_dropped_silently() {
    let (outcome, seen) = run(
        &open(),
        request(
            "GET",
            &[
                ("cookie", "a=1"),
                ("sec-fetch-mode", "x"),
                ("origin", "https://x"),
            ],
        ),
        false,
    );
    assert!(
        outcome.is_allowed() && !outcome.was_preflighted(),
        "{outcome}"
    );
    let sent = &seen.requests[0].1;
    assert!(sent.get("cookie").is_none() && sent.get("sec-fetch-mode").is_none());
    assert_eq!(sent["origin"], PAGE);
}

// --- the CORS check -------------------------------------------------------------------

fn actual_only(list: &[(&'static str, &'static str)], credentials: bool) -> Outcome {
    let server = Server {
        actual: list.to_vec(),
        ..Server::default()
    };
    run(&server, request("GET", &[]), credentials).0
}

#[test]
fn no_allow_origin_blocks() {
    let outcome = actual_only(&[], false);
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::NoAllowOrigin { preflight: false })
    );
    assert_eq!(outcome.status(), Some(StatusCode::OK));
    assert!(outcome.to_string().contains(
        "has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present"
    ));
}

#[test]
fn a_different_allow_origin_blocks() {
    for value in [
        "https://other.example",
        "https://app.example.com/",
        "HTTPS://APP.EXAMPLE.COM",
    ] {
        let list = [("access-control-allow-origin", value)];
        let outcome = actual_only(&list, false);
        assert!(
            matches!(outcome.blocked(), Some(Blocked::AllowOriginMismatch { value: v, .. }) if v == value),
            "{outcome}"
        );
        assert!(
            outcome
                .to_string()
                .contains("that is not equal to the supplied origin")
        );
    }
}

#[test]
fn two_allow_origin_lines_block() {
    let outcome = actual_only(
        &[
            ("access-control-allow-origin", PAGE),
            ("access-control-allow-origin", PAGE),
        ],
        false,
    );
    assert!(!outcome.is_allowed(), "{outcome}");
}

#[test]
fn star_without_credentials_is_enough() {
    assert!(actual_only(&[("access-control-allow-origin", "*")], false).is_allowed());
}

#[test]
fn star_with_credentials_blocks() {
    let outcome = actual_only(
        &[
            ("access-control-allow-origin", "*"),
            ("access-control-allow-credentials", "true"),
        ],
        true,
    );
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::WildcardWithCredentials { preflight: false })
    );
    assert!(outcome.to_string().contains("must not be the wildcard '*'"));
}

#[test]
fn the_exact_origin_without_credentials_is_enough() {
    assert!(actual_only(&[("access-control-allow-origin", PAGE)], false).is_allowed());
}

#[test]
fn credentials_need_allow_credentials_true() {
    let outcome = actual_only(&[("access-control-allow-origin", PAGE)], true);
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::CredentialsNotAllowed {
            preflight: false,
            value: None
        })
    );
    let outcome = actual_only(
        &[
            ("access-control-allow-origin", PAGE),
            ("access-control-allow-credentials", "TRUE"),
        ],
        true,
    );
    assert!(
        outcome
            .to_string()
            .contains("is 'TRUE' which must be 'true'"),
        "{outcome}"
    );
    assert!(actual_only(&GRANT, true).is_allowed());
}

// --- the preflight --------------------------------------------------------------------

/// A preflight for PUT with `x-custom`, answered with `list` (and `status`).
fn preflight(
    list: &[(&'static str, &'static str)],
    status: Option<u16>,
    credentials: bool,
) -> Outcome {
    preflight_for("PUT", &[("x-custom", "1")], list, status, credentials)
}

fn preflight_for(
    method: &str,
    headers: &[(&'static str, &str)],
    list: &[(&'static str, &'static str)],
    status: Option<u16>,
    credentials: bool,
) -> Outcome {
    let server = Server {
        preflight_status: status,
        preflight: list.to_vec(),
        actual: GRANT.to_vec(),
    };
    run(&server, request(method, headers), credentials).0
}

const ORIGIN_OK: (&str, &str) = ("access-control-allow-origin", PAGE);
const PUT_OK: (&str, &str) = ("access-control-allow-methods", "PUT");
const CUSTOM_OK: (&str, &str) = ("access-control-allow-headers", "x-custom");

#[test]
fn an_allowed_preflight() {
    let outcome = preflight(&[ORIGIN_OK, PUT_OK, CUSTOM_OK], None, false);
    assert!(
        outcome.is_allowed() && outcome.was_preflighted(),
        "{outcome}"
    );
    assert_eq!(outcome.status(), Some(StatusCode::OK));
}

#[test]
fn a_preflight_without_allow_origin_blocks_before_the_request() {
    let outcome = preflight(&[PUT_OK, CUSTOM_OK], None, false);
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::NoAllowOrigin { preflight: true })
    );
    assert_eq!(outcome.status(), None);
    assert!(
        outcome
            .to_string()
            .contains("Response to preflight request doesn't pass")
    );
}

#[test]
fn a_preflight_needs_an_ok_status() {
    for status in [403, 404, 500, 301] {
        let outcome = preflight(&[ORIGIN_OK, PUT_OK, CUSTOM_OK], Some(status), false);
        assert!(
            matches!(outcome.blocked(), Some(Blocked::PreflightStatus(s)) if s.as_u16() == status),
            "{outcome}"
        );
    }
    assert!(preflight(&[ORIGIN_OK, PUT_OK, CUSTOM_OK], Some(200), false).is_allowed());
}

#[test]
fn a_preflight_with_credentials_needs_allow_credentials() {
    let outcome = preflight(&[ORIGIN_OK, PUT_OK, CUSTOM_OK], None, true);
    assert!(
        matches!(
            outcome.blocked(),
            Some(Blocked::CredentialsNotAllowed {
                preflight: true,
                ..
            })
        ),
        "{outcome}"
    );
}

#[test]
fn allow_methods_missing_blocks() {
    let outcome = preflight(&[ORIGIN_OK, CUSTOM_OK], None, false);
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::MethodNotAllowed("PUT".into()))
    );
    assert!(
        outcome
            .to_string()
            .contains("Method PUT is not allowed by Access-Control-Allow-Methods")
    );
}

#[test]
fn allow_methods_star_without_credentials_only() {
    let star = ("access-control-allow-methods", "*");
    assert!(preflight(&[ORIGIN_OK, star, CUSTOM_OK], None, false).is_allowed());
    let with = [
        ORIGIN_OK,
        ("access-control-allow-credentials", "true"),
        star,
        CUSTOM_OK,
    ];
    assert_eq!(
        preflight(&with, None, true).blocked(),
        Some(&Blocked::MethodNotAllowed("PUT".into()))
    );
}

#[test]
fn methods_are_compared_exactly() {
    let lower = ("access-control-allow-methods", "put");
    assert!(!preflight(&[ORIGIN_OK, lower, CUSTOM_OK], None, false).is_allowed());
}

#[test]
fn a_safelisted_method_needs_no_allow_methods() {
    let outcome = preflight_for(
        "GET",
        &[("x-custom", "1")],
        &[ORIGIN_OK, CUSTOM_OK],
        None,
        false,
    );
    assert!(outcome.is_allowed(), "{outcome}");
}

#[test]
fn allow_headers_missing_blocks() {
    let outcome = preflight(&[ORIGIN_OK, PUT_OK], None, false);
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::HeaderNotAllowed("x-custom".into()))
    );
    assert!(
        outcome
            .to_string()
            .contains("Request header field x-custom is not allowed")
    );
}

#[test]
fn allow_headers_star_without_credentials_only() {
    let star = ("access-control-allow-headers", "*");
    assert!(preflight(&[ORIGIN_OK, PUT_OK, star], None, false).is_allowed());
    let with = [
        ORIGIN_OK,
        ("access-control-allow-credentials", "true"),
        PUT_OK,
        star,
    ];
    assert!(!preflight(&with, None, true).is_allowed());
}

#[test]
fn allow_headers_are_compared_without_case() {
    let upper = ("access-control-allow-headers", "X-Custom");
    assert!(preflight(&[ORIGIN_OK, PUT_OK, upper], None, false).is_allowed());
}

#[test]
fn star_never_covers_authorization() {
    let star = ("access-control-allow-headers", "*");
    let outcome = preflight_for(
        "PUT",
        &[("authorization", "Bearer x")],
        &[ORIGIN_OK, PUT_OK, star],
        None,
        false,
    );
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::HeaderNotAllowed("authorization".into()))
    );
    assert!(
        outcome
            .to_string()
            .contains("'*' never covers authorization")
    );
    let named = ("access-control-allow-headers", "*, authorization");
    let outcome = preflight_for(
        "PUT",
        &[("authorization", "Bearer x")],
        &[ORIGIN_OK, PUT_OK, named],
        None,
        false,
    );
    assert!(outcome.is_allowed(), "{outcome}");
}

#[test]
fn an_unparsable_allow_list_blocks() {
    let broken = ("access-control-allow-methods", "PUT, (x)");
    let outcome = preflight(&[ORIGIN_OK, broken, CUSTOM_OK], None, false);
    assert!(
        matches!(outcome.blocked(), Some(Blocked::UnparsableList(_))),
        "{outcome}"
    );
}

#[test]
fn the_actual_response_is_checked_too() {
    let server = Server {
        preflight_status: None,
        preflight: vec![ORIGIN_OK, PUT_OK, CUSTOM_OK],
        actual: Vec::new(),
    };
    let (outcome, seen) = run(&server, request("PUT", &[("x-custom", "1")]), false);
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::NoAllowOrigin { preflight: false })
    );
    assert_eq!(seen.requests.len(), 2);
}

// --- readable response headers --------------------------------------------------------

fn readable(list: &[(&'static str, &'static str)], credentials: bool) -> Outcome {
    let mut all = GRANT.to_vec();
    all.extend_from_slice(list);
    all.extend_from_slice(&[
        ("content-type", "text/plain"),
        ("x-custom", "1"),
        ("x-other", "2"),
        ("set-cookie", "a=1"),
    ]);
    actual_only(&all, credentials)
}

#[test]
fn safelisted_response_headers_are_readable() {
    let outcome = readable(&[], false);
    assert_eq!(
        outcome.readable_header("content-type").unwrap(),
        "text/plain"
    );
    assert_eq!(
        outcome.readable_header("Content-Type").unwrap(),
        "text/plain"
    );
    assert!(outcome.readable_header("x-custom").is_none());
}

#[test]
fn exposed_headers_are_readable() {
    let outcome = readable(&[("access-control-expose-headers", "X-Custom")], false);
    assert_eq!(outcome.readable_header("x-custom").unwrap(), "1");
    assert!(outcome.readable_header("x-other").is_none());
}

#[test]
fn expose_star_without_credentials_exposes_all() {
    let outcome = readable(&[("access-control-expose-headers", "*")], false);
    assert_eq!(outcome.readable_header("x-other").unwrap(), "2");
    assert!(outcome.readable_header("set-cookie").is_none());
}

#[test]
fn expose_star_with_credentials_is_a_literal_name() {
    let outcome = readable(&[("access-control-expose-headers", "*")], true);
    assert!(outcome.is_allowed(), "{outcome}");
    assert!(outcome.readable_header("x-other").is_none());
}

#[test]
fn nothing_is_readable_when_blocked() {
    let outcome = actual_only(&[("content-type", "text/plain")], false);
    assert!(outcome.readable_header("content-type").is_none());
}

#[test]
fn several_lines_are_read_joined() {
    let outcome = readable(
        &[
            ("access-control-expose-headers", "x-multi"),
            ("x-multi", "a"),
            ("x-multi", "b"),
        ],
        false,
    );
    assert_eq!(outcome.readable_header("x-multi").unwrap(), "a, b");
}

// --- the service failing --------------------------------------------------------------

#[test]
fn a_failing_service_is_a_network_error() {
    let service =
        tower::service_fn(|_: Request<()>| async { Err::<Response<()>, _>("connection reset") });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let outcome = runtime.block_on(Browser::new(PAGE).fetch(&service, request("GET", &[])));
    assert!(
        matches!(outcome.blocked(), Some(Blocked::NetworkError(e)) if e.contains("connection reset"))
    );
}

// --- more of each rule ----------------------------------------------------------------

#[test]
fn head_and_post_with_safelisted_headers_only_go_straight() {
    assert!(!preflighted("HEAD", &[("accept", "*/*")]));
    assert!(!preflighted(
        "POST",
        &[("content-type", "text/plain"), ("content-language", "de")]
    ));
}

#[test]
fn accept_language_over_128_bytes_is_preflighted() {
    let over = "a".repeat(129);
    assert!(preflighted("GET", &[("accept-language", &over)]));
}

#[test]
fn a_range_with_spaces_is_preflighted() {
    assert!(preflighted("GET", &[("range", "bytes = 0-1")]));
}

#[test]
fn a_method_override_naming_a_forbidden_method_is_dropped() {
    let (outcome, seen) = run(
        &open(),
        request("GET", &[("x-http-method-override", "TRACE")]),
        false,
    );
    assert!(!outcome.was_preflighted(), "{outcome}");
    assert!(seen.requests[0].1.get("x-http-method-override").is_none());
    // Naming an allowed method, it is an ordinary custom header: preflighted, and the
    // open server does not list it.
    let (outcome, _) = run(
        &open(),
        request("GET", &[("x-http-method-override", "PATCH")]),
        false,
    );
    assert!(outcome.was_preflighted());
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::HeaderNotAllowed("x-http-method-override".into()))
    );
}

#[test]
fn the_preflight_carries_only_what_the_standard_lists() {
    let (_, seen) = run(
        &open(),
        request("PUT", &[("x-custom", "1"), ("accept", "text/html")]),
        true,
    );
    let (method, sent) = &seen.requests[0];
    assert_eq!(method, Method::OPTIONS);
    let mut names: Vec<&str> = sent.keys().map(|n| n.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "accept",
            "access-control-request-headers",
            "access-control-request-method",
            "origin"
        ]
    );
    assert_eq!(sent["accept"], "*/*");
    // `accept` is safelisted: not asked for.
    assert_eq!(sent["access-control-request-headers"], "x-custom");
}

#[test]
fn the_actual_request_carries_the_origin_and_the_scripts_headers() {
    let (_, seen) = run(&open(), request("PUT", &[("x-custom", "7")]), false);
    let (method, sent) = &seen.requests[1];
    assert_eq!(method, Method::PUT);
    assert_eq!(sent["origin"], PAGE);
    assert_eq!(sent["x-custom"], "7");
}

#[test]
fn an_opaque_origin_matches_only_null() {
    let server = Server {
        actual: vec![("access-control-allow-origin", "null")],
        ..Server::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let service = tower::service_fn(move |_: Request<()>| {
        let list = server.actual.clone();
        async move {
            let mut response = Response::new(());
            *response.headers_mut() = headers(&list);
            Ok::<_, Infallible>(response)
        }
    });
    let null = runtime.block_on(Browser::new("null").fetch(&service, request("GET", &[])));
    assert!(null.is_allowed(), "{null}");
    let page = runtime.block_on(Browser::new(PAGE).fetch(&service, request("GET", &[])));
    assert!(!page.is_allowed(), "{page}");
}

#[test]
fn allow_credentials_without_credentials_is_ignored() {
    assert!(actual_only(&GRANT, false).is_allowed());
}

#[test]
fn allow_lists_on_several_lines_are_combined() {
    let outcome = preflight_for(
        "PUT",
        &[("x-custom", "1"), ("x-more", "2")],
        &[
            ORIGIN_OK,
            ("access-control-allow-methods", "GET"),
            ("access-control-allow-methods", "PUT"),
            ("access-control-allow-headers", "x-custom"),
            ("access-control-allow-headers", "x-more"),
        ],
        None,
        false,
    );
    assert!(outcome.is_allowed(), "{outcome}");
}

#[test]
fn authorization_listed_in_any_case_is_allowed() {
    let outcome = preflight_for(
        "GET",
        &[("authorization", "Basic x")],
        &[ORIGIN_OK, ("access-control-allow-headers", "Authorization")],
        None,
        false,
    );
    assert!(outcome.is_allowed(), "{outcome}");
}

#[test]
fn one_missing_name_among_several_blocks() {
    let outcome = preflight_for(
        "PUT",
        &[("x-custom", "1"), ("x-missing", "2")],
        &[ORIGIN_OK, PUT_OK, CUSTOM_OK],
        None,
        false,
    );
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::HeaderNotAllowed("x-missing".into()))
    );
}

#[test]
fn a_2xx_preflight_other_than_204_is_ok() {
    for status in [200, 202, 299] {
        assert!(preflight(&[ORIGIN_OK, PUT_OK, CUSTOM_OK], Some(status), false).is_allowed());
    }
}

#[test]
fn content_length_is_always_readable() {
    let mut list = GRANT.to_vec();
    list.push(("content-length", "2"));
    assert_eq!(
        actual_only(&list, false)
            .readable_header("content-length")
            .unwrap(),
        "2"
    );
}

#[test]
fn an_expose_list_with_spaces_and_empty_items() {
    let outcome = readable(&[("access-control-expose-headers", " , x-other ,")], false);
    assert_eq!(outcome.readable_header("x-other").unwrap(), "2");
}

#[test]
fn a_non_ascii_header_value_throws() {
    let request = Request::get("/r")
        .header(
            "x-custom",
            HeaderValue::from_bytes(b"caf\xe9").expect("a value"),
        )
        .body(())
        .expect("a request");
    let (outcome, seen) = run(&open(), request, false);
    assert!(
        matches!(outcome.blocked(), Some(Blocked::TypeError(_))),
        "{outcome}"
    );
    assert!(seen.requests.is_empty());
}

#[test]
fn an_allowed_outcome_says_so() {
    let (outcome, _) = run(&open(), request("PUT", &[]), true);
    assert_eq!(
        outcome.to_string(),
        "PUT /r from origin 'https://app.example.com' with credentials: allowed after a \
         preflight, status 200 OK"
    );
}

#[test]
fn a_preflight_answered_with_star_without_credentials() {
    let star = ("access-control-allow-origin", "*");
    let outcome = preflight(&[star, PUT_OK, CUSTOM_OK], None, false);
    assert!(outcome.is_allowed(), "{outcome}");
}

#[test]
fn a_preflight_naming_another_origin_blocks() {
    let other = ("access-control-allow-origin", "https://other.example");
    let outcome = preflight(&[other, PUT_OK, CUSTOM_OK], None, false);
    assert!(
        matches!(
            outcome.blocked(),
            Some(Blocked::AllowOriginMismatch {
                preflight: true,
                ..
            })
        ),
        "{outcome}"
    );
}
