//! The model's rules, one scenario each, against a hand-written service whose preflight
//! and actual answers each scenario sets: safelisted methods and request headers (with
//! their value rules and size limits), when a preflight is needed, the CORS check, the
//! credentials mode, the preflight's checks, and which response headers a script reads.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};

use super::{Blocked, Browser, Kind, Outcome, Site};

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
    assert!(sent.get("cookie").is_none());
    // The browser's own values, not the script's.
    assert_eq!(sent["sec-fetch-mode"], "cors");
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
            "origin",
            "sec-fetch-dest",
            "sec-fetch-mode",
            "sec-fetch-site",
        ]
    );
    assert_eq!(sent["accept"], "*/*");
    assert_eq!(sent["sec-fetch-mode"], "cors");
    assert_eq!(sent["sec-fetch-dest"], "empty");
    assert_eq!(sent["sec-fetch-site"], "cross-site");
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

// --- where the server is: Host, Sec-Fetch-Site, the URI the service gets --------------

/// Which call of the tab.
#[derive(Clone, Copy, Debug)]
enum Call {
    Fetch,
    Form,
    WebSocket,
}

/// One request as the service received it.
#[derive(Debug)]
struct Received {
    method: Method,
    uri: http::Uri,
    headers: HeaderMap,
}

/// Makes `call` of `request` from a page of `page` against a service that records every
/// request and answers `status` with `answer`'s headers (to a preflight too).
fn record(
    page: &str,
    call: Call,
    request: Request<()>,
    status: u16,
    answer: &[(&'static str, &'static str)],
) -> (Outcome, Vec<Received>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    let answer = answer.to_vec();
    let service = tower::service_fn(move |request: Request<()>| {
        seen.lock().expect("the log").push(Received {
            method: request.method().clone(),
            uri: request.uri().clone(),
            headers: request.headers().clone(),
        });
        let mut response = Response::new(());
        *response.status_mut() = StatusCode::from_u16(status).expect("a status");
        *response.headers_mut() = headers(&answer);
        async move { Ok::<_, Infallible>(response) }
    });
    let tab = Browser::new(page);
    let outcome = block_on(async {
        match call {
            Call::Fetch => tab.fetch(&service, request).await,
            Call::Form => tab.submit_form(&service, request).await,
            Call::WebSocket => tab.open_websocket(&service, request).await,
        }
    });
    let received = std::mem::take(&mut *log.lock().expect("the log"));
    (outcome, received)
}

fn block_on<F: core::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(future)
}

fn get(uri: &str) -> Request<()> {
    Request::get(uri).body(()).expect("a request")
}

/// The `Sec-Fetch-Site` a `GET` fetch of `uri` from `page` sends.
fn fetch_site(page: &str, uri: &str) -> String {
    let (outcome, received) = record(page, Call::Fetch, get(uri), 200, &[]);
    let sent = received[0].headers["sec-fetch-site"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert_eq!(outcome.site().as_str(), sent, "{outcome}");
    sent
}

#[test]
fn a_relative_uri_is_a_server_on_another_site() {
    let (outcome, received) = record(PAGE, Call::Fetch, get("/orders?x=1"), 200, &GRANT);
    assert!(outcome.is_allowed(), "{outcome}");
    assert_eq!(outcome.site(), Site::CrossSite);
    let sent = &received[0];
    assert_eq!(sent.uri, "/orders?x=1");
    assert!(sent.headers.get("host").is_none());
    assert_eq!(sent.headers["sec-fetch-site"], "cross-site");
    assert_eq!(sent.headers["sec-fetch-mode"], "cors");
    assert_eq!(sent.headers["sec-fetch-dest"], "empty");
    assert_eq!(sent.headers["origin"], PAGE);
}

#[test]
fn an_absolute_uri_names_the_server() {
    let (outcome, received) = record(
        PAGE,
        Call::Fetch,
        get("https://api.example.com:443/orders?x=1"),
        200,
        &GRANT,
    );
    assert!(outcome.is_allowed(), "{outcome}");
    let sent = &received[0];
    // The path and query, with the authority in `Host`, as over HTTP/1.1.
    assert_eq!(sent.uri, "/orders?x=1");
    assert_eq!(sent.headers["host"], "api.example.com");
    assert_eq!(sent.headers["sec-fetch-site"], "same-site");
    assert_eq!(sent.headers["origin"], PAGE);
    let (_, received) = record(
        PAGE,
        Call::Fetch,
        get("http://api.example.com:8080"),
        200,
        &[],
    );
    assert_eq!(received[0].uri, "/");
    assert_eq!(received[0].headers["host"], "api.example.com:8080");
}

#[test]
fn same_site_is_the_registrable_domain_and_the_scheme() {
    assert_eq!(fetch_site(PAGE, "https://api.example.com/r"), "same-site");
    assert_eq!(fetch_site(PAGE, "https://example.com/r"), "same-site");
    assert_eq!(fetch_site(PAGE, "https://a.b.example.com/r"), "same-site");
    // Ports do not matter for the site; the scheme does.
    assert_eq!(
        fetch_site(PAGE, "https://app.example.com:8443/r"),
        "same-site"
    );
    assert_eq!(fetch_site(PAGE, "http://app.example.com/r"), "cross-site");
    assert_eq!(fetch_site(PAGE, "https://example.org/r"), "cross-site");
    assert_eq!(
        fetch_site(PAGE, "https://app.example.com.evil.example/r"),
        "cross-site"
    );
    // Public suffixes, ICANN and private: `co.uk`, `github.io`.
    let shop = "https://www.shop.co.uk";
    assert_eq!(fetch_site(shop, "https://api.shop.co.uk/r"), "same-site");
    assert_eq!(fetch_site(shop, "https://api.other.co.uk/r"), "cross-site");
    let alice = "https://alice.github.io";
    assert_eq!(fetch_site(alice, "https://bob.github.io/r"), "cross-site");
    assert_eq!(
        fetch_site(alice, "https://docs.alice.github.io/r"),
        "same-site"
    );
}

#[test]
fn ip_addresses_and_localhost_are_their_own_site() {
    let page = "http://127.0.0.1:3001";
    assert_eq!(fetch_site(page, "http://127.0.0.1:3000/r"), "same-site");
    assert_eq!(fetch_site(page, "http://127.0.0.2:3000/r"), "cross-site");
    assert_eq!(fetch_site(page, "http://localhost:3000/r"), "cross-site");
    let local = "http://localhost:5173";
    assert_eq!(fetch_site(local, "http://localhost:3000/r"), "same-site");
    assert_eq!(
        fetch_site("http://[::1]:1", "http://[::1]:2/r"),
        "same-site"
    );
}

#[test]
fn an_opaque_page_is_cross_site_to_everyone() {
    assert_eq!(
        fetch_site("null", "https://app.example.com/r"),
        "cross-site"
    );
}

#[test]
fn same_origin_is_scheme_host_and_port() {
    assert_eq!(fetch_site(PAGE, "https://app.example.com/r"), "same-origin");
    assert_eq!(
        fetch_site(PAGE, "https://APP.example.com:443/r"),
        "same-origin"
    );
    let local = "http://localhost:5173";
    assert_eq!(fetch_site(local, "http://localhost:5173/r"), "same-origin");
}

#[test]
fn a_same_origin_fetch_is_not_a_cors_request() {
    // No CORS header at all on the answers, a custom header and an unsafe method: no
    // preflight, no CORS check, `Origin` only on the PUT.
    let request = Request::put("https://app.example.com/orders")
        .header("x-custom", "1")
        .header("content-type", "application/json")
        .body(())
        .expect("a request");
    let answer = [("x-custom", "2"), ("set-cookie", "a=1")];
    let (outcome, received) = record(PAGE, Call::Fetch, request, 200, &answer);
    assert!(
        outcome.is_allowed() && !outcome.was_preflighted(),
        "{outcome}"
    );
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, Method::PUT);
    assert_eq!(received[0].headers["origin"], PAGE);
    assert_eq!(received[0].headers["sec-fetch-site"], "same-origin");
    assert_eq!(received[0].headers["sec-fetch-mode"], "cors");
    assert_eq!(received[0].headers["host"], "app.example.com");
    assert_eq!(outcome.readable_header("x-custom").unwrap(), "2");
    assert!(outcome.readable_header("set-cookie").is_none());
    assert!(
        outcome
            .to_string()
            .contains("same-origin, not a CORS request: allowed, status 200 OK"),
        "{outcome}"
    );
    let (outcome, received) = record(
        PAGE,
        Call::Fetch,
        get("https://app.example.com/r"),
        500,
        &[],
    );
    assert!(outcome.is_allowed(), "{outcome}");
    assert!(received[0].headers.get("origin").is_none());
}

#[test]
fn a_same_site_fetch_is_still_a_cors_request() {
    let (outcome, _) = record(
        PAGE,
        Call::Fetch,
        get("https://api.example.com/r"),
        200,
        &[],
    );
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::NoAllowOrigin { preflight: false })
    );
}

#[test]
fn a_fetch_of_another_scheme_throws() {
    let (outcome, received) = record(
        PAGE,
        Call::Fetch,
        get("ftp://files.example.com/a"),
        200,
        &[],
    );
    assert!(
        matches!(outcome.blocked(), Some(Blocked::TypeError(_))),
        "{outcome}"
    );
    assert!(received.is_empty());
}

// --- forms ---------------------------------------------------------------------------

fn form(method: &str, uri: &str, list: &[(&'static str, &'static str)]) -> Request<()> {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in list {
        request = request.header(*name, *value);
    }
    request.body(()).expect("a request")
}

#[test]
fn a_form_post_is_a_navigation_with_origin_and_cookies() {
    let request = form(
        "POST",
        "/notes",
        &[
            ("cookie", "session=1"),
            ("x-custom", "1"),
            ("authorization", "Bearer t"),
        ],
    );
    let (outcome, received) = record(PAGE, Call::Form, request, 200, &[]);
    assert!(
        outcome.is_allowed() && !outcome.was_preflighted(),
        "{outcome}"
    );
    assert_eq!(outcome.kind(), Kind::Form);
    assert_eq!(received.len(), 1, "never preflighted");
    let sent = &received[0];
    assert_eq!(sent.method, Method::POST);
    assert_eq!(sent.headers["origin"], PAGE);
    assert_eq!(
        sent.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(sent.headers["sec-fetch-site"], "cross-site");
    assert_eq!(sent.headers["sec-fetch-mode"], "navigate");
    assert_eq!(sent.headers["sec-fetch-dest"], "document");
    assert_eq!(sent.headers["sec-fetch-user"], "?1");
    assert_eq!(sent.headers["cookie"], "session=1");
    assert!(sent.headers.get("x-custom").is_none());
    assert!(sent.headers.get("authorization").is_none());
    assert_eq!(outcome.origin_sent(), Some(PAGE));
    assert_eq!(outcome.readable_header("content-type"), None);
}

#[test]
fn a_form_get_carries_no_origin() {
    let request = form("get", "https://api.example.com/search?q=x", &[]);
    let (outcome, received) = record(PAGE, Call::Form, request, 200, &[]);
    assert!(outcome.is_allowed(), "{outcome}");
    let sent = &received[0];
    assert_eq!(sent.method, Method::GET);
    assert_eq!(sent.uri, "/search?q=x");
    assert_eq!(sent.headers["host"], "api.example.com");
    assert_eq!(sent.headers["sec-fetch-site"], "same-site");
    assert!(sent.headers.get("origin").is_none());
    assert!(sent.headers.get("content-type").is_none());
    assert_eq!(outcome.origin_sent(), None);
}

#[test]
fn a_form_keeps_its_enctype() {
    for enctype in [
        "multipart/form-data; boundary=xyz",
        "text/plain",
        "TEXT/PLAIN;charset=UTF-8",
        "application/x-www-form-urlencoded",
    ] {
        let request = form("post", "/notes", &[("content-type", enctype)]);
        let (_, received) = record(PAGE, Call::Form, request, 200, &[]);
        assert_eq!(received[0].headers["content-type"], enctype);
        assert_eq!(received[0].method, Method::POST);
    }
}

#[test]
#[should_panic(expected = "an HTML form sends only GET or POST, not PUT")]
fn a_form_cannot_put() {
    record(PAGE, Call::Form, form("PUT", "/notes", &[]), 200, &[]);
}

#[test]
#[should_panic(expected = "a form's enctype is application/x-www-form-urlencoded")]
fn a_form_cannot_send_json() {
    let request = form("POST", "/notes", &[("content-type", "application/json")]);
    record(PAGE, Call::Form, request, 200, &[]);
}

#[test]
fn an_https_page_posting_to_http_sends_origin_null() {
    let request = form("POST", "http://api.example.com/notes", &[]);
    let (outcome, received) = record(PAGE, Call::Form, request, 403, &[]);
    assert_eq!(received[0].headers["origin"], "null");
    assert_eq!(outcome.origin_sent(), Some("null"));
    assert!(
        outcome.to_string().contains("which no policy can list"),
        "{outcome}"
    );
    // A fetch is a CORS request: the real origin, whatever the schemes.
    let (_, received) = record(
        PAGE,
        Call::Fetch,
        form("POST", "http://api.example.com/n", &[]),
        200,
        &[],
    );
    assert_eq!(received[0].headers["origin"], PAGE);
}

#[test]
fn a_403_to_a_form_is_a_refusal_and_other_statuses_reach_the_handler() {
    let (outcome, _) = record(PAGE, Call::Form, form("POST", "/notes", &[]), 403, &[]);
    assert!(!outcome.is_allowed());
    assert_eq!(outcome.blocked(), Some(&Blocked::RefusedByServer));
    assert_eq!(outcome.status(), Some(StatusCode::FORBIDDEN));
    for status in [200, 201, 303, 401, 404, 500] {
        let (outcome, _) = record(PAGE, Call::Form, form("POST", "/notes", &[]), status, &[]);
        assert!(outcome.is_allowed(), "{outcome}");
        assert_eq!(outcome.status().map(|s| s.as_u16()), Some(status));
        assert!(
            outcome
                .to_string()
                .contains("reached the handler, which answered"),
            "{outcome}"
        );
    }
}

// --- WebSocket handshakes ------------------------------------------------------------

#[test]
fn a_handshake_carries_what_browsers_send() {
    let request = Request::get("wss://live.example.net/socket?room=1")
        .header("sec-websocket-protocol", "chat")
        .header("cookie", "session=1")
        .header("x-custom", "1")
        .body(())
        .expect("a request");
    let (outcome, received) = record(PAGE, Call::WebSocket, request, 101, &[]);
    assert!(outcome.is_allowed(), "{outcome}");
    assert_eq!(outcome.kind(), Kind::WebSocket);
    assert_eq!(received.len(), 1, "never preflighted");
    let sent = &received[0];
    assert_eq!(sent.method, Method::GET);
    assert_eq!(sent.uri, "/socket?room=1");
    for (name, value) in [
        ("host", "live.example.net"),
        ("upgrade", "websocket"),
        ("connection", "Upgrade"),
        ("sec-websocket-version", "13"),
        ("origin", PAGE),
        ("sec-fetch-mode", "websocket"),
        ("sec-fetch-dest", "empty"),
        ("sec-fetch-site", "cross-site"),
        ("sec-websocket-protocol", "chat"),
        ("cookie", "session=1"),
    ] {
        assert_eq!(sent.headers[name], value, "{name}");
    }
    assert!(sent.headers.contains_key("sec-websocket-key"));
    assert!(sent.headers.get("x-custom").is_none());
    assert_eq!(
        outcome.to_string(),
        "WebSocket handshake to 'wss://live.example.net/socket?room=1' from origin \
         'https://app.example.com' (Origin: https://app.example.com, Sec-Fetch-Site: \
         cross-site, Sec-Fetch-Mode: websocket): reached the handler, which answered 101 \
         Switching Protocols"
    );
}

#[test]
fn a_handshake_to_ws_and_http_urls() {
    let (outcome, received) = record(
        PAGE,
        Call::WebSocket,
        get("wss://app.example.com/s"),
        426,
        &[],
    );
    assert_eq!(outcome.site(), Site::SameOrigin);
    assert_eq!(received[0].headers["origin"], PAGE);
    assert!(
        outcome
            .to_string()
            .contains("101 Switching Protocols is only possible over a real connection"),
        "{outcome}"
    );
    let (outcome, _) = record(
        PAGE,
        Call::WebSocket,
        get("https://api.example.com/s"),
        426,
        &[],
    );
    assert_eq!(outcome.site(), Site::SameSite);
    let (outcome, received) = record("null", Call::WebSocket, get("/s"), 403, &[]);
    assert_eq!(received[0].headers["origin"], "null");
    assert!(outcome.to_string().contains("opaque"), "{outcome}");
}

#[test]
#[should_panic(expected = "a WebSocket handshake is always a GET")]
fn a_handshake_is_a_get() {
    let request = Request::post("/s").body(()).expect("a request");
    record(PAGE, Call::WebSocket, request, 101, &[]);
}

// --- a preflight answered outside the CORS policy -------------------------------------

#[test]
fn a_non_ok_preflight_without_any_cors_header_is_diagnosed() {
    for (status, hint) in [
        (
            401,
            "(authentication?) answered the preflight; put the CORS layer outside it",
        ),
        (407, "(authentication?)"),
        (405, "the router did"),
        (
            500,
            "something outside the CORS policy answered the preflight",
        ),
    ] {
        let outcome = preflight(&[("vary", "accept")], Some(status), false);
        assert!(
            matches!(outcome.blocked(), Some(Blocked::PreflightWithoutCors(s)) if s.as_u16() == status),
            "{outcome}"
        );
        let text = outcome.to_string();
        assert!(text.contains("It does not have HTTP ok status"), "{text}");
        assert!(
            text.contains("carries no Access-Control-* header at all"),
            "{text}"
        );
        assert!(text.contains(hint), "{text}");
    }
}

#[test]
fn a_policys_own_refusal_of_a_preflight_is_not_that() {
    // `403` varying on `Origin`, no CORS header: what a policy answers to a preflight it
    // refuses.
    let outcome = preflight(&[("vary", "Accept, Origin")], Some(403), false);
    assert_eq!(
        outcome.blocked(),
        Some(&Blocked::NoAllowOrigin { preflight: true })
    );
    // Any CORS header: the policy answered, with a bad status.
    let outcome = preflight(&[ORIGIN_OK], Some(401), false);
    assert!(
        matches!(outcome.blocked(), Some(Blocked::PreflightStatus(_))),
        "{outcome}"
    );
}

// --- the guard of this crate's policies, end to end -----------------------------------

#[cfg(feature = "axum")]
mod guarded {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::body::Body;
    use axum::extract::Request;
    use axum::middleware::{Next, from_fn};
    use axum::response::Response;
    use axum::routing::{get, post, put};
    use axum::{Extension, Router};
    use http::StatusCode;

    use super::block_on;
    use crate::testing::{Blocked, Browser, Kind, Site};
    use crate::{CorsLayer, Policy, cors, policy, route};

    static ADMIN: Policy = policy!(
        origins = ["https://admin.example.com"],
        methods = [GET, POST],
        credentials,
    );

    /// `POST /admin/notes` and `GET /admin/live` behind `CorsLayer` (`ADMIN`), each
    /// counting the requests its handler ran for.
    fn admin() -> (Router, Arc<AtomicUsize>) {
        let ran = Arc::new(AtomicUsize::new(0));
        let (notes, live) = (Arc::clone(&ran), Arc::clone(&ran));
        let app = Router::new()
            .route(
                "/admin/notes",
                post(move || async move {
                    notes.fetch_add(1, Ordering::SeqCst);
                    StatusCode::CREATED
                }),
            )
            .route(
                "/admin/live",
                // What axum's `WebSocketUpgrade` answers without a connection to upgrade.
                get(move || async move {
                    live.fetch_add(1, Ordering::SeqCst);
                    StatusCode::UPGRADE_REQUIRED
                }),
            )
            .layer(CorsLayer::new(&ADMIN));
        (app, ran)
    }

    fn note(uri: &str) -> Request {
        Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", "session=1")
            .body(Body::from("text=hi"))
            .expect("a request")
    }

    fn socket(uri: &str) -> Request {
        Request::get(uri).body(Body::empty()).expect("a request")
    }

    #[test]
    fn a_form_from_an_unlisted_site_is_refused_before_the_handler() {
        let (app, ran) = admin();
        let tab = Browser::new("https://evil.example");
        let outcome = block_on(tab.submit_form(&app, note("/admin/notes")));
        assert!(!outcome.is_allowed());
        assert_eq!(outcome.blocked(), Some(&Blocked::RefusedByServer));
        assert_eq!(outcome.status(), Some(StatusCode::FORBIDDEN));
        assert_eq!(ran.load(Ordering::SeqCst), 0);
        let text = outcome.to_string();
        for part in [
            "Form submission POST /admin/notes from origin 'https://evil.example'",
            "Sec-Fetch-Site: cross-site",
            "refused by the server with 403 Forbidden, before its handler ran",
            "cross-origin write guard such as this crate's",
            "origins the policy does not trust",
            "list 'https://evil.example' in the policy's origins",
        ] {
            assert!(text.contains(part), "{part}\n{text}");
        }
    }

    #[test]
    fn a_form_from_a_listed_origin_reaches_the_handler() {
        let (app, ran) = admin();
        let tab = Browser::new("https://admin.example.com");
        let outcome = block_on(tab.submit_form(&app, note("/admin/notes")));
        assert!(outcome.is_allowed(), "{outcome}");
        assert_eq!(outcome.status(), Some(StatusCode::CREATED));
        assert_eq!(ran.load(Ordering::SeqCst), 1);
        assert!(
            outcome
                .to_string()
                .ends_with("reached the handler, which answered 201 Created"),
            "{outcome}"
        );
    }

    #[test]
    fn a_form_from_an_unlisted_page_of_the_same_site_is_refused() {
        let (app, ran) = admin();
        let tab = Browser::new("https://blog.example.com");
        let outcome = block_on(tab.submit_form(&app, note("https://api.example.com/admin/notes")));
        assert_eq!(outcome.site(), Site::SameSite);
        assert!(!outcome.is_allowed(), "{outcome}");
        assert!(outcome.to_string().contains("Sec-Fetch-Site: same-site"));
        assert_eq!(ran.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_same_origin_form_is_accepted() {
        let (app, ran) = admin();
        let tab = Browser::new("https://api.example.com");
        let outcome = block_on(tab.submit_form(&app, note("https://api.example.com/admin/notes")));
        assert_eq!(outcome.site(), Site::SameOrigin);
        assert!(outcome.is_allowed(), "{outcome}");
        assert_eq!(outcome.status(), Some(StatusCode::CREATED));
        assert_eq!(ran.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_get_form_from_anywhere_reaches_the_handler() {
        let (app, ran) = admin();
        let tab = Browser::new("https://evil.example");
        let outcome = block_on(tab.submit_form(&app, socket("/admin/live")));
        assert!(outcome.is_allowed(), "{outcome}");
        assert_eq!(ran.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_websocket_from_a_listed_origin_reaches_the_handler() {
        let (app, ran) = admin();
        let tab = Browser::new("https://admin.example.com");
        let outcome =
            block_on(tab.open_websocket(&app, socket("wss://api.example.com/admin/live")));
        assert!(outcome.is_allowed(), "{outcome}");
        assert_eq!(outcome.kind(), Kind::WebSocket);
        assert_eq!(outcome.status(), Some(StatusCode::UPGRADE_REQUIRED));
        assert_eq!(ran.load(Ordering::SeqCst), 1);
        let text = outcome.to_string();
        assert!(
            text.contains("reached the handler, which answered 426 Upgrade Required"),
            "{text}"
        );
        assert!(text.contains("101 Switching Protocols is only possible over a real connection"));
    }

    #[test]
    fn a_websocket_from_an_unlisted_origin_is_refused_before_the_handler() {
        let (app, ran) = admin();
        for page in ["https://evil.example", "https://blog.example.com", "null"] {
            let tab = Browser::new(page);
            let outcome =
                block_on(tab.open_websocket(&app, socket("wss://api.example.com/admin/live")));
            assert!(!outcome.is_allowed(), "{outcome}");
            assert_eq!(outcome.status(), Some(StatusCode::FORBIDDEN));
            let text = outcome.to_string();
            for part in [
                "WebSocket connection to 'wss://api.example.com/admin/live' failed: Error \
                 during WebSocket handshake: Unexpected response code: 403",
                &format!("from origin '{page}'"),
                "Sec-Fetch-Site: ",
                "cross-origin WebSocket guard such as this crate's",
            ] {
                assert!(text.contains(part), "{part}\n{text}");
            }
        }
        assert_eq!(ran.load(Ordering::SeqCst), 0);
    }

    #[cors(origins = ["https://app.example.com"], methods = [POST])]
    async fn orders(Extension(ran): Extension<Arc<AtomicUsize>>) -> StatusCode {
        ran.fetch_add(1, Ordering::SeqCst);
        StatusCode::CREATED
    }

    #[test]
    fn forms_through_route() {
        let ran = Arc::new(AtomicUsize::new(0));
        let app: Router = Router::new()
            .route("/orders", route![orders])
            .layer(Extension(Arc::clone(&ran)));
        let unlisted =
            block_on(Browser::new("https://evil.example").submit_form(&app, note("/orders")));
        assert!(!unlisted.is_allowed(), "{unlisted}");
        assert_eq!(ran.load(Ordering::SeqCst), 0);
        let listed =
            block_on(Browser::new("https://app.example.com").submit_form(&app, note("/orders")));
        assert!(listed.is_allowed(), "{listed}");
        assert_eq!(ran.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_simple_post_fetch_from_an_unlisted_origin_says_the_guard_refused_it() {
        let (app, ran) = admin();
        let request = Request::post("/admin/notes")
            .header("content-type", "text/plain")
            .body(Body::from("hi"))
            .expect("a request");
        let outcome = block_on(Browser::new("https://evil.example").fetch(&app, request));
        assert!(!outcome.is_allowed() && !outcome.was_preflighted());
        assert_eq!(ran.load(Ordering::SeqCst), 0);
        let text = outcome.to_string();
        assert!(
            text.contains("No 'Access-Control-Allow-Origin' header is present"),
            "{text}"
        );
        assert!(
            text.contains("The server answered 403 Forbidden with no Access-Control-* header"),
            "{text}"
        );
        assert!(text.contains("cross-origin write guard"), "{text}");
    }

    // --- authentication in front of the policy ---------------------------------------

    static API: Policy = policy!(
        origins = ["https://app.example.com"],
        methods = [PUT],
        allow_headers = ["authorization"],
    );

    /// Answers `401` to every request without `Authorization`, as an authentication
    /// layer does; a preflight never carries it.
    async fn login(request: Request, next: Next) -> Result<Response, StatusCode> {
        if !request.headers().contains_key("authorization") {
            return Err(StatusCode::UNAUTHORIZED);
        }
        Ok(next.run(request).await)
    }

    fn orders_route() -> Router {
        Router::new().route("/orders", put(|| async { "saved" }))
    }

    fn save() -> Request {
        Request::put("/orders")
            .header("authorization", "Bearer t")
            .body(Body::empty())
            .expect("a request")
    }

    #[test]
    fn authentication_outside_the_policy_fails_every_preflight() {
        let tab = Browser::new("https://app.example.com");
        // `ServiceBuilder` lists layers from the outermost: `login` wraps the policy.
        let wrong = orders_route().layer(
            tower::ServiceBuilder::new()
                .layer(from_fn(login))
                .layer(CorsLayer::new(&API)),
        );
        let outcome = block_on(tab.fetch(&wrong, save()));
        assert!(!outcome.is_allowed() && outcome.was_preflighted());
        assert_eq!(
            outcome.blocked(),
            Some(&Blocked::PreflightWithoutCors(StatusCode::UNAUTHORIZED))
        );
        assert_eq!(outcome.status(), None, "the PUT was never sent");
        assert!(
            outcome.to_string().ends_with(
                "Response to preflight request doesn't pass access control check: It does \
                 not have HTTP ok status (401 Unauthorized), and it carries no \
                 Access-Control-* header at all: a layer outside the CORS policy \
                 (authentication?) answered the preflight; put the CORS layer outside it."
            ),
            "{outcome}"
        );
        // Written with `Router::layer`, the last layer is the outermost.
        let wrong = orders_route()
            .layer(CorsLayer::new(&API))
            .layer(from_fn(login));
        let outcome = block_on(tab.fetch(&wrong, save()));
        assert!(
            outcome
                .to_string()
                .contains("HTTP ok status (401 Unauthorized)"),
            "{outcome}"
        );
    }

    #[test]
    fn authentication_inside_the_policy_lets_the_preflight_pass() {
        let tab = Browser::new("https://app.example.com");
        let right = orders_route().layer(
            tower::ServiceBuilder::new()
                .layer(CorsLayer::new(&API))
                .layer(from_fn(login)),
        );
        let outcome = block_on(tab.fetch(&right, save()));
        assert!(
            outcome.is_allowed() && outcome.was_preflighted(),
            "{outcome}"
        );
        assert_eq!(outcome.status(), Some(StatusCode::OK));
        let right = orders_route()
            .layer(from_fn(login))
            .layer(CorsLayer::new(&API));
        assert!(block_on(tab.fetch(&right, save())).is_allowed());
        // Without `Authorization`, authentication answers the actual request, with the
        // policy's headers: the script reads the 401.
        let anonymous = Request::put("/orders")
            .body(Body::empty())
            .expect("a request");
        let outcome = block_on(tab.fetch(&right, anonymous));
        assert!(outcome.is_allowed(), "{outcome}");
        assert_eq!(outcome.status(), Some(StatusCode::UNAUTHORIZED));
    }

    #[test]
    fn a_route_without_a_policy_answers_preflights_with_405() {
        let tab = Browser::new("https://app.example.com");
        let outcome = block_on(tab.fetch(&orders_route(), save()));
        assert_eq!(
            outcome.blocked(),
            Some(&Blocked::PreflightWithoutCors(
                StatusCode::METHOD_NOT_ALLOWED
            )),
            "{outcome}"
        );
        assert!(outcome.to_string().contains("the router did"), "{outcome}");
    }

    #[test]
    fn the_policys_own_refusal_of_a_preflight_keeps_the_consoles_words() {
        let tab = Browser::new("https://evil.example");
        let app = orders_route().layer(CorsLayer::new(&API));
        let outcome = block_on(tab.fetch(&app, save()));
        assert_eq!(
            outcome.blocked(),
            Some(&Blocked::NoAllowOrigin { preflight: true }),
            "{outcome}"
        );
    }
}
