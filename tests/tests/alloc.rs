//! Allocation counts (SPEC sections 1 and 5, "Bounds"): deciding a request and writing its
//! headers allocates nothing; a preflight allocates no more than its own response's header
//! map. Through axum, the CORS routers allocate no more than the same routers without
//! CORS; through actix-web (SPEC section 12), `Cors` and `actix_resource!` no more than a
//! hand-written middleware and a resource without CORS.
//!
//! A counting `#[global_allocator]` wraps `System` and counts, per thread, the allocations
//! made while the thread's flag is on, so the test harness's other threads never disturb
//! a measurement. Each scenario runs once before it is measured, so one-time lazy
//! initialisation elsewhere (the registration of a `tracing` call site, for instance) is
//! not counted: what is measured is the cost of one more request.

// `GlobalAlloc` is an `unsafe trait`: the counting allocator (`common/counting.rs`) cannot
// be written without `unsafe` (see the `[lints]` of tests/Cargo.toml, which lowers the
// workspace's `forbid` to `deny` for this reason).
#![allow(unsafe_code)]

#[path = "common/counting.rs"]
mod counting;

use bytes::Bytes;
use cors_runtime::{Decision, Policy, policy};
use counting::count;
use http::{HeaderMap, HeaderValue, Method, Response};

static API: Policy = policy!(
    origins = [
        "https://app.example.com",
        "https://*.example.org",
        "http://localhost:*"
    ],
    methods = [GET, PUT, DELETE],
    allow_headers = ["content-type", "x-request-id"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600,
);

static OPEN: Policy = policy!(origins = ["*"], methods = [GET], expose_headers = ["x-a"]);

/// A header value the way hyper makes one: a slice of a shared `Bytes` buffer (hyper
/// slices the buffer it read the request into). `Bytes::from(Vec)` starts "promotable";
/// its first clone moves it to the shared representation, as hyper's slicing does.
fn shared(value: &str) -> HeaderValue {
    let buffer = Bytes::from(value.as_bytes().to_vec());
    let shared = buffer.clone();
    drop(buffer);
    HeaderValue::from_maybe_shared(shared).expect("valid header value")
}

/// Request headers, each value built by [`shared`].
fn request(lines: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in lines {
        map.append(*name, shared(value));
    }
    map
}

/// Decides an actual request and writes its headers into a fresh response map with room
/// for 16 headers; returns the allocations of deciding and writing, and the response.
fn actual_allocations(
    policy: &'static Policy,
    method: Method,
    lines: &[(&'static str, &str)],
) -> (usize, HeaderMap) {
    let headers = request(lines);
    let run = |response: &mut HeaderMap| {
        let Decision::Actual(actual) = policy.decide(&method, &headers) else {
            panic!("not an actual request: {lines:?}");
        };
        actual.write_headers(response);
    };
    // Warm-up, then the measured run on a map allocated before counting starts.
    let mut warm = HeaderMap::with_capacity(16);
    run(&mut warm);
    let mut response = HeaderMap::with_capacity(16);
    let (allocations, ()) = count(|| run(&mut response));
    (allocations, response)
}

#[test]
fn actual_exact_origin_allocates_nothing() {
    let (allocations, response) =
        actual_allocations(&API, Method::GET, &[("origin", "https://app.example.com")]);
    assert_eq!(
        response["access-control-allow-origin"],
        "https://app.example.com"
    );
    assert_eq!(response["access-control-allow-credentials"], "true");
    assert_eq!(response["access-control-expose-headers"], "x-request-id");
    assert_eq!(response["vary"], "Origin");
    assert_eq!(allocations, 0);
}

#[test]
fn actual_pattern_origin_allocates_nothing() {
    for origin in ["https://a.b.example.org", "http://localhost:5173"] {
        let (allocations, response) = actual_allocations(&API, Method::PUT, &[("origin", origin)]);
        assert_eq!(response["access-control-allow-origin"], origin);
        assert_eq!(allocations, 0, "{origin}");
    }
}

#[test]
fn actual_refused_origin_allocates_nothing() {
    for lines in [
        &[("origin", "https://evil.example")][..],
        &[("origin", "null")],
        &[
            ("origin", "https://app.example.com"),
            ("origin", "https://app.example.com"),
        ],
    ] {
        let (allocations, response) = actual_allocations(&API, Method::GET, lines);
        assert!(!response.contains_key("access-control-allow-origin"));
        assert_eq!(response["vary"], "Origin");
        assert_eq!(allocations, 0, "{lines:?}");
    }
}

#[test]
fn actual_without_origin_allocates_nothing() {
    let (allocations, response) = actual_allocations(&API, Method::GET, &[]);
    assert!(!response.contains_key("access-control-allow-origin"));
    assert_eq!(response["vary"], "Origin");
    assert_eq!(allocations, 0);
}

#[test]
fn actual_star_policy_allocates_nothing() {
    for lines in [&[("origin", "https://x.example")][..], &[]] {
        let (allocations, response) = actual_allocations(&OPEN, Method::GET, lines);
        assert_eq!(response["access-control-allow-origin"], "*");
        assert_eq!(allocations, 0, "{lines:?}");
    }
}

#[test]
fn options_without_request_method_allocates_nothing() {
    let (allocations, response) = actual_allocations(
        &API,
        Method::OPTIONS,
        &[("origin", "https://app.example.com")],
    );
    assert_eq!(
        response["access-control-allow-origin"],
        "https://app.example.com"
    );
    assert_eq!(allocations, 0);
}

#[test]
fn predicates_allocate_nothing() {
    let _ = API.allows_origin(b"https://a.example.org");
    let (allocations, all) = count(|| {
        API.allows_origin(b"https://a.example.org")
            && API.allows_origin(b"https://app.example.com")
            && !API.allows_origin(b"https://evil.example")
            && API.allows_method(b"PUT")
            && API.allows_request_header(b"Content-Type")
    });
    assert!(all);
    assert_eq!(allocations, 0);
}

/// Allocations of deciding a preflight and building its whole response, next to those
/// of the bare `HeaderMap::with_capacity(6)` such a response needs.
fn preflight_allocations(lines: &[(&'static str, &str)]) -> (usize, usize, Response<()>) {
    let headers = request(lines);
    let run = || {
        let Decision::Preflight(preflight) = API.decide(&Method::OPTIONS, &headers) else {
            panic!("not a preflight: {lines:?}");
        };
        preflight.into_response::<()>()
    };
    drop(run());
    drop(HeaderMap::<HeaderValue>::with_capacity(6));
    let (preflight, response) = count(run);
    let (map, bare) = count(|| HeaderMap::<HeaderValue>::with_capacity(6));
    drop(bare);
    (preflight, map, response)
}

#[test]
fn preflight_allocates_no_more_than_its_header_map() {
    let cases: [(&[(&'static str, &str)], u16); 5] = [
        (
            &[
                ("origin", "https://app.example.com"),
                ("access-control-request-method", "PUT"),
            ],
            204,
        ),
        (
            &[
                ("origin", "https://a.example.org"),
                ("access-control-request-method", "DELETE"),
                (
                    "access-control-request-headers",
                    "content-type, X-Request-Id",
                ),
            ],
            204,
        ),
        (
            &[
                ("origin", "http://localhost:3000"),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "x-request-id"),
                ("access-control-request-headers", "content-type"),
            ],
            204,
        ),
        (
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "PUT"),
            ],
            403,
        ),
        (
            &[
                ("origin", "https://app.example.com"),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "x-other"),
            ],
            403,
        ),
    ];
    for (lines, status) in cases {
        let (preflight, map, response) = preflight_allocations(lines);
        assert_eq!(response.status().as_u16(), status, "{lines:?}");
        assert!(
            map > 0,
            "HeaderMap::with_capacity(6) is expected to allocate"
        );
        assert!(
            preflight <= map,
            "{lines:?}: the preflight made {preflight} allocations, its header map alone {map}"
        );
        // The map has room for the `content-length` axum and hyper add: it never grows.
        let mut response = response;
        let (grow, _) = count(|| {
            response
                .headers_mut()
                .insert(http::header::CONTENT_LENGTH, HeaderValue::from_static("0"))
        });
        assert_eq!(grow, 0, "{lines:?}: adding content-length reallocated");
    }
}

/// A layer owns the request: the preflight response is built in the request's own
/// header map, and no allocation is left.
#[test]
fn preflight_in_the_request_map_allocates_nothing() {
    // What a browser sends with a preflight, as a server parses it.
    let lines = [
        ("host", "api.example.com"),
        ("origin", "https://a.example.org"),
        ("access-control-request-method", "DELETE"),
        (
            "access-control-request-headers",
            "content-type,x-request-id",
        ),
        ("accept", "*/*"),
        ("accept-language", "en-US,en;q=0.9"),
        ("accept-encoding", "gzip, deflate, br"),
        ("user-agent", "Mozilla/5.0"),
        ("sec-fetch-mode", "cors"),
        ("referer", "https://a.example.org/"),
    ];
    let run = |mut headers: HeaderMap| {
        let Decision::Preflight(preflight) = API.decide(&Method::OPTIONS, &headers) else {
            panic!("not a preflight");
        };
        let map = std::mem::take(&mut headers);
        preflight.into_response_reusing::<()>(map)
    };
    drop(run(request(&lines)));
    let headers = request(&lines);
    let (allocations, mut response) = count(|| run(headers));
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(allocations, 0);
    assert_eq!(response.headers().len(), 6, "{:?}", response.headers());
    assert!(response.headers().get("user-agent").is_none());
    let (grow, _) = count(|| {
        response
            .headers_mut()
            .insert(http::header::CONTENT_LENGTH, HeaderValue::from_static("0"))
    });
    assert_eq!(grow, 0);
}

/// SPEC 10: an untrusted write or WebSocket handshake is decided and answered in the
/// request's own header map, as a layer does it: no allocation. A trusted one costs what
/// any actual request costs (nothing, above).
#[test]
fn untrusted_write_in_the_request_map_allocates_nothing() {
    // What a browser sends with a cross-site form, and with `new WebSocket(...)`.
    let form = [
        ("host", "api.example.com"),
        ("origin", "https://evil.example"),
        ("content-type", "application/x-www-form-urlencoded"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-mode", "navigate"),
        ("sec-fetch-dest", "document"),
        ("user-agent", "Mozilla/5.0"),
    ];
    let socket = [
        ("host", "api.example.com"),
        ("origin", "https://evil.example"),
        ("connection", "Upgrade"),
        ("upgrade", "websocket"),
        ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ("sec-websocket-version", "13"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-mode", "websocket"),
    ];
    for (method, lines) in [(Method::POST, &form[..]), (Method::GET, &socket[..])] {
        let run = |mut headers: HeaderMap| {
            let Decision::Untrusted(untrusted) = API.decide(&method, &headers) else {
                panic!("not refused: {lines:?}");
            };
            let map = std::mem::take(&mut headers);
            untrusted.into_response_reusing::<()>(map)
        };
        drop(run(request(lines)));
        let headers = request(lines);
        let (allocations, response) = count(|| run(headers));
        assert_eq!(response.status().as_u16(), 403);
        assert_eq!(response.headers().len(), 1, "{:?}", response.headers());
        assert_eq!(response.headers()["vary"], "Origin");
        assert_eq!(allocations, 0, "{method}");
    }
}

/// Hostile input (`hostile_bounds.rs`): deciding allocates nothing however large or
/// repeated the headers are, an instrumented bound on the work of refusing them.
#[test]
fn hostile_input_allocates_nothing() {
    let long_origin = format!("https://app.example.com{}", "m".repeat(64 * 1024));
    let labels = format!("https://{}example.org", "a.".repeat(32 * 1024));
    let commas = ",".repeat(1024 * 1024);
    let names = vec!["x-request-id"; 10_000].join(",");
    let origin = ("origin", "https://app.example.com");
    let method = ("access-control-request-method", "PUT");
    let mut cases: Vec<(Method, Vec<(&'static str, &str)>)> = vec![
        (Method::GET, vec![("origin", &long_origin)]),
        (Method::GET, vec![("origin", &labels)]),
        (Method::OPTIONS, vec![("origin", &long_origin), method]),
        (
            Method::OPTIONS,
            vec![origin, method, ("access-control-request-headers", &commas)],
        ),
        (
            Method::OPTIONS,
            vec![origin, method, ("access-control-request-headers", &names)],
        ),
        (
            Method::OPTIONS,
            vec![origin, ("access-control-request-method", &long_origin)],
        ),
    ];
    let thousand_origins: Vec<(&'static str, &str)> = vec![origin; 1000];
    cases.push((Method::GET, thousand_origins.clone()));
    let mut preflight = thousand_origins;
    preflight.push(method);
    cases.push((Method::OPTIONS, preflight));
    let mut lines = vec![origin, method];
    lines.extend(std::iter::repeat_n(
        ("access-control-request-headers", "content-type"),
        1000,
    ));
    cases.push((Method::OPTIONS, lines));
    let mut methods = vec![origin];
    methods.extend(std::iter::repeat_n(method, 1000));
    cases.push((Method::OPTIONS, methods));
    // A flood of empty ACRH lines: refused at the byte cap, which counts the `, ` between
    // lines (the work bound is shown in `hostile_bounds.rs`, `floods_of_empty_acrh_lines`).
    let mut empty = vec![origin, method];
    empty.extend(std::iter::repeat_n(
        ("access-control-request-headers", ""),
        100_000,
    ));
    cases.push((Method::OPTIONS, empty));
    // SPEC 10: floods of `Sec-Fetch-Site` and `Upgrade` lines, a huge `Host`.
    let evil = ("origin", "https://evil.example");
    let mut sites = vec![evil];
    sites.extend(std::iter::repeat_n(
        ("sec-fetch-site", "same-origin"),
        10_000,
    ));
    cases.push((Method::POST, sites));
    let mut upgrades = vec![evil];
    upgrades.extend(std::iter::repeat_n(("upgrade", "h2c, h2c"), 10_000));
    cases.push((Method::GET, upgrades));
    cases.push((
        Method::PUT,
        vec![("origin", &long_origin), ("host", &long_origin)],
    ));

    for (method, lines) in &cases {
        let headers = request(lines);
        drop(API.decide(method, &headers));
        let (allocations, decision) = count(|| API.decide(method, &headers));
        assert!(
            decision.refusal().is_some(),
            "{method} {} lines: not refused",
            lines.len()
        );
        assert_eq!(allocations, 0, "{method} with {} header lines", lines.len());
    }
}

/// The routers compared by [`routers_add_no_allocation_to_the_identity_layer`].
mod routers {
    use axum::Router;
    use axum::routing::get;
    use cors_runtime::{CorsLayer, cors, route};
    use tower::layer::util::Identity;

    #[cors(
        origins = ["https://app.example.com"],
        methods = [GET],
        allow_headers = ["x-request-id"],
        expose_headers = ["x-a"],
        max_age = 600,
    )]
    pub(super) async fn orders() -> &'static str {
        "[]"
    }

    async fn plain() -> &'static str {
        "[]"
    }

    /// The floor of any router: the same route, no layer.
    pub(super) fn plain_router() -> Router {
        Router::new().route("/orders", get(plain)).with_state(())
    }

    /// The floor any layer pays in axum: the same route behind `Router::layer(Identity)`.
    pub(super) fn identity() -> Router {
        Router::new()
            .route("/orders", get(plain))
            .layer(Identity::new())
            .with_state(())
    }

    pub(super) fn layer() -> Router {
        Router::new()
            .route("/orders", get(plain))
            .layer(CorsLayer::new(orders::POLICY))
            .with_state(())
    }

    pub(super) fn route_macro() -> Router {
        Router::new()
            .route("/orders", route![orders])
            .with_state(())
    }
}

/// Allocations of one request through `router`, driven as a server drives it (`oneshot`
/// on a clone of the router, the request built before counting starts, the response
/// dropped after), on a current-thread runtime so every allocation is on this thread.
fn router_allocations(router: &axum::Router, lines: &[(&'static str, &str)]) -> usize {
    router_allocations_for(router, "GET", lines)
}

fn router_allocations_for(
    router: &axum::Router,
    method: &str,
    lines: &[(&'static str, &str)],
) -> usize {
    use tower::ServiceExt;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let build = || {
        let mut built = http::Request::builder()
            .method(method)
            .uri("/orders")
            .body(axum::body::Body::empty())
            .expect("a request");
        *built.headers_mut() = request(lines);
        built
    };
    let run = |request| runtime.block_on(router.clone().oneshot(request));
    drop(run(build()));
    let request = build();
    let (allocations, response) = count(|| run(request));
    let status = response.expect("infallible").status();
    // 403: a refused preflight, or an untrusted WebSocket handshake (SPEC 10).
    assert!(
        status.is_success() || matches!(status.as_u16(), 403 | 405),
        "{method}: {status}"
    );
    allocations
}

/// Allocations of one request through each router, pinned exactly (axum 0.8 as locked in
/// `Cargo.lock`): a change in either direction fails, so a regression cannot hide in the
/// slack of a comparison. If an axum upgrade moves the floor, the identity router's
/// numbers move with it, and the CORS routers must move by exactly as much.
///
/// - An actual request, allowed, refused or without `Origin`, through `Router::layer`:
///   11, all axum's own (routing, the boxed handler future, the response body, and the
///   layer's boxed service and future); `CorsLayer` adds none.
/// - The same through `route![...]`: 9, what the router costs with no layer at all. Its
///   handlers are wrapped in a zero-sized `CorsHandler`, which axum clones for free and
///   whose future it boxes in place of the handler's.
/// - A preflight: 6 through `CorsLayer`, what axum spends to route a request to its
///   fallback and box a response when no handler runs, and 4 through `route![...]`,
///   whose zero-sized `OPTIONS` endpoint answers it (axum routes straight to it, with no
///   `Allow` header to build; the plain router's own `405` costs 7). Neither adds any:
///   the response is built in the request's own header map. Cloning that map instead
///   would add 3.
const ACTUAL_ALLOCATIONS: usize = 11;
const PLAIN_ACTUAL_ALLOCATIONS: usize = 9;
const PREFLIGHT_ALLOCATIONS: usize = 6;
const ROUTE_PREFLIGHT_ALLOCATIONS: usize = 4;
/// An untrusted WebSocket handshake (SPEC 10) through `CorsLayer`: axum's routing and
/// boxing of the response, the `403` built in the request's header map.
const LAYER_UNTRUSTED_ALLOCATIONS: usize = 5;
/// The same through `route![...]`: refused in the handler's zero-sized wrapper.
const ROUTE_UNTRUSTED_ALLOCATIONS: usize = 4;
/// The identity router's `405` to the same `OPTIONS` request (with an `Allow` header).
const IDENTITY_405_ALLOCATIONS: usize = 9;
/// The plain router's `405` to it.
const PLAIN_405_ALLOCATIONS: usize = 7;

/// An untrusted WebSocket handshake through each router: refused before the handler, in
/// the request's own header map, for less than the plain router spends on a request.
#[test]
fn untrusted_handshakes_add_no_allocation() {
    let socket = [
        ("origin", "https://evil.example"),
        ("upgrade", "websocket"),
        ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ("sec-fetch-site", "cross-site"),
    ];
    assert_eq!(
        router_allocations(&routers::layer(), &socket),
        LAYER_UNTRUSTED_ALLOCATIONS,
        "CorsLayer"
    );
    assert_eq!(
        router_allocations(&routers::route_macro(), &socket),
        ROUTE_UNTRUSTED_ALLOCATIONS,
        "route![...]"
    );
    // Below what the same request costs when it reaches the handler: no handler future,
    // no body.
    const { assert!(LAYER_UNTRUSTED_ALLOCATIONS < ACTUAL_ALLOCATIONS) };
    const { assert!(ROUTE_UNTRUSTED_ALLOCATIONS < PLAIN_ACTUAL_ALLOCATIONS) };
}

#[test]
fn routers_add_no_allocation_to_the_identity_layer() {
    let plain = routers::plain_router();
    let identity = routers::identity();
    let layer = routers::layer();
    let route_macro = routers::route_macro();
    for lines in [
        &[("origin", "https://app.example.com")][..],
        &[("origin", "https://evil.example")][..],
        &[][..],
    ] {
        assert_eq!(
            router_allocations(&identity, lines),
            ACTUAL_ALLOCATIONS,
            "identity, {lines:?}"
        );
        assert_eq!(
            router_allocations(&layer, lines),
            ACTUAL_ALLOCATIONS,
            "CorsLayer, {lines:?}"
        );
        assert_eq!(
            router_allocations(&plain, lines),
            PLAIN_ACTUAL_ALLOCATIONS,
            "plain, {lines:?}"
        );
        assert_eq!(
            router_allocations(&route_macro, lines),
            PLAIN_ACTUAL_ALLOCATIONS,
            "route![...], {lines:?}"
        );
    }
    // Allowed and refused preflights cost the same.
    let origin = ("origin", "https://app.example.com");
    let method = ("access-control-request-method", "GET");
    let allowed = [
        origin,
        method,
        ("access-control-request-headers", "x-request-id"),
    ];
    let refused = [
        origin,
        method,
        ("access-control-request-headers", "x-other"),
    ];
    assert_eq!(
        router_allocations_for(&identity, "OPTIONS", &allowed),
        IDENTITY_405_ALLOCATIONS
    );
    assert_eq!(
        router_allocations_for(&plain, "OPTIONS", &allowed),
        PLAIN_405_ALLOCATIONS
    );
    for (name, router, expected) in [
        ("CorsLayer", &layer, PREFLIGHT_ALLOCATIONS),
        ("route![...]", &route_macro, ROUTE_PREFLIGHT_ALLOCATIONS),
    ] {
        for lines in [&allowed, &refused] {
            assert_eq!(
                router_allocations_for(router, "OPTIONS", lines),
                expected,
                "{name}: {lines:?}"
            );
        }
    }
}

/// The actix-web apps compared by [`actix_adds_no_allocation_to_hand_written_equivalents`]:
/// `Cors` against a hand-written middleware writing the same headers as constants, and
/// `actix_resource!` against a resource mounting the same handlers without CORS.
mod actix_apps {
    use core::future::{Future, Ready, ready};
    use core::pin::Pin;
    use core::task::{Context, Poll};

    use actix_web::body::{EitherBody, MessageBody};
    use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
    use actix_web::http::header::{
        ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
        ACCESS_CONTROL_MAX_AGE, HeaderMap, HeaderName, HeaderValue, VARY,
    };
    use actix_web::http::{Method, StatusCode};
    use actix_web::{Error, HttpResponse, Resource, web};
    use cors_runtime::actix_resource;
    use cors_runtime::cors;

    use super::routers::orders;

    #[cors(origins = ["https://app.example.com"], methods = [POST])]
    pub(super) async fn create() -> &'static str {
        "created"
    }

    async fn plain() -> &'static str {
        "[]"
    }

    /// The resource both middlewares wrap, and the floor of `actix_resource!`: the same
    /// handlers, no CORS.
    pub(super) fn plain_resource() -> Resource {
        web::resource("/orders")
            .route(web::get().to(plain))
            .route(web::post().to(plain))
    }

    pub(super) fn cors_resource() -> Resource {
        actix_resource!("/orders", orders, create)
    }

    /// What `Cors::new(orders::POLICY)` writes into an allowed actual response.
    const ACTUAL: [(HeaderName, &str); 3] = [
        (ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.com"),
        (ACCESS_CONTROL_EXPOSE_HEADERS, "x-a"),
        (VARY, "Origin"),
    ];

    /// What it answers an allowed preflight for `GET` with (no `Allow-Methods` for a
    /// safelisted method).
    const PREFLIGHT: [(HeaderName, &str); 4] = [
        (ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.com"),
        (ACCESS_CONTROL_ALLOW_HEADERS, "x-request-id"),
        (ACCESS_CONTROL_MAX_AGE, "600"),
        (VARY, "Origin"),
    ];

    fn write(headers: &mut HeaderMap, lines: &[(HeaderName, &'static str)]) {
        for (name, value) in lines {
            headers.insert(name.clone(), HeaderValue::from_static(value));
        }
    }

    /// A hand-written middleware with the same answers as constants and no decision:
    /// every `OPTIONS` is answered `204` with the preflight headers, every write `403`
    /// with `Vary: Origin`, and every other response gets the actual headers. Its future
    /// is not boxed.
    pub(super) struct Constant;

    impl<S, B> Transform<S, ServiceRequest> for Constant
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
        S::Future: Unpin,
        B: MessageBody,
    {
        type Response = ServiceResponse<EitherBody<B>>;
        type Error = Error;
        type Transform = ConstantService<S>;
        type InitError = ();
        type Future = Ready<Result<ConstantService<S>, ()>>;

        fn new_transform(&self, service: S) -> Self::Future {
            ready(Ok(ConstantService { service }))
        }
    }

    pub(super) struct ConstantService<S> {
        service: S,
    }

    impl<S, B> Service<ServiceRequest> for ConstantService<S>
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
        S::Future: Unpin,
        B: MessageBody,
    {
        type Response = ServiceResponse<EitherBody<B>>;
        type Error = Error;
        type Future = ConstantFuture<S::Future>;

        actix_web::dev::forward_ready!(service);

        fn call(&self, request: ServiceRequest) -> Self::Future {
            let answer = |status, lines: &[(HeaderName, &'static str)]| {
                let mut response = HttpResponse::new(status);
                write(response.headers_mut(), lines);
                response
            };
            match *request.method() {
                Method::GET | Method::HEAD => ConstantFuture::Inner(self.service.call(request)),
                Method::OPTIONS => {
                    let response = answer(StatusCode::NO_CONTENT, &PREFLIGHT);
                    ConstantFuture::Answered(Some(request.into_response(response)))
                }
                _ => {
                    let response = answer(StatusCode::FORBIDDEN, &ACTUAL[2..]);
                    ConstantFuture::Answered(Some(request.into_response(response)))
                }
            }
        }
    }

    pub(super) enum ConstantFuture<F> {
        Answered(Option<ServiceResponse>),
        Inner(F),
    }

    impl<F, B> Future for ConstantFuture<F>
    where
        F: Future<Output = Result<ServiceResponse<B>, Error>> + Unpin,
    {
        type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            match self.get_mut() {
                ConstantFuture::Answered(response) => Poll::Ready(Ok(response
                    .take()
                    .expect("polled after completion")
                    .map_into_right_body())),
                ConstantFuture::Inner(future) => {
                    let mut response = core::task::ready!(Pin::new(future).poll(cx))?;
                    write(response.headers_mut(), &ACTUAL);
                    Poll::Ready(Ok(response.map_into_left_body()))
                }
            }
        }
    }
}

/// One request for [`actix_allocations`]: method, header lines, expected status.
type ActixCase<'a> = (&'static str, &'a [(&'static str, &'a str)], u16);

/// Allocations of each request through `app`, driven in process as actix-web's test
/// utilities drive it (`init_service`, then `call_service` on the current-thread runtime
/// of `actix_web::rt::System`), each request built before counting starts (its header
/// values shared slices, as the server parses them) and its response dropped after; each
/// request runs once before it is measured. With each response's header lines, sorted.
fn actix_allocations<T, B>(
    app: actix_web::App<T>,
    cases: &[ActixCase<'_>],
) -> Vec<(usize, Vec<(String, String)>)>
where
    T: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: actix_web::body::MessageBody,
{
    use actix_web::http::header::{HeaderName, HeaderValue};
    use actix_web::test;
    let system = actix_web::rt::System::new();
    let service = system.block_on(test::init_service(app));
    cases
        .iter()
        .map(|&(method, lines, status)| {
            let build = || {
                let mut request = test::TestRequest::default()
                    .method(method.parse().expect("a method"))
                    .uri("/orders");
                for (name, value) in lines {
                    let buffer = Bytes::from(value.as_bytes().to_vec());
                    let shared = buffer.clone();
                    drop(buffer);
                    request = request.append_header((
                        HeaderName::from_static(name),
                        HeaderValue::from_maybe_shared(shared).expect("a header value"),
                    ));
                }
                request.to_request()
            };
            let run = |request| system.block_on(test::call_service(&service, request));
            drop(run(build()));
            let request = build();
            let (allocations, response) = count(|| run(request));
            assert_eq!(response.status().as_u16(), status, "{method} {lines:?}");
            let mut headers: Vec<_> = response
                .headers()
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_owned(), value)
                })
                .collect();
            headers.sort();
            (allocations, headers)
        })
        .collect()
}

/// Allocations of one request through actix-web 4 (as locked in `Cargo.lock`), pinned
/// exactly as for axum, for an allowed actual `GET`, an allowed preflight, a refused
/// preflight and an untrusted write (a cross-site form `POST`), in that order. If an
/// actix-web upgrade moves them, the hand-written equivalents' numbers move too, and the
/// comparisons below must still hold.
///
/// - `Cors` wrapping an `App`: 8 for an actual request, all actix-web's own (routing,
///   the method guards, the route's boxed future, the handler's response), and 2 for an
///   answer made before the app's routing: exactly what the hand-written middleware
///   writing the same headers as constants costs, with no decision to make and an
///   unboxed future of its own.
/// - `actix_resource!`: 6 for an actual request, 2 less than the resource mounting the
///   same handlers without CORS, whose method guards record the methods they check in
///   the request's data (for the `Allow` of a `405`); a preflight or an untrusted write,
///   refused before any handler: 4, actix-web's routing to the resource's default
///   service and the response. The plain resource answers the preflight with a `405`
///   whose `Allow` it builds (13), and runs its handler for the write (10).
const ACTIX_MIDDLEWARE_ALLOCATIONS: [usize; 4] = [8, 2, 2, 2];
/// The hand-written middleware of `actix_apps::Constant`.
const ACTIX_CONSTANT_ALLOCATIONS: [usize; 4] = [8, 2, 2, 2];
const ACTIX_RESOURCE_ALLOCATIONS: [usize; 4] = [6, 4, 4, 4];
/// `web::resource` with the same handlers on `web::get()` and `web::post()`, no CORS.
const ACTIX_PLAIN_RESOURCE_ALLOCATIONS: [usize; 4] = [8, 13, 13, 10];

#[test]
fn actix_adds_no_allocation_to_hand_written_equivalents() {
    use actix_web::App;
    use cors_runtime::actix::Cors;
    let origin = ("origin", "https://app.example.com");
    let actual = [origin];
    let allowed = [
        origin,
        ("access-control-request-method", "GET"),
        ("access-control-request-headers", "x-request-id"),
    ];
    let refused = [
        origin,
        ("access-control-request-method", "GET"),
        ("access-control-request-headers", "x-other"),
    ];
    let write = [
        ("origin", "https://evil.example"),
        ("content-type", "application/x-www-form-urlencoded"),
        ("sec-fetch-site", "cross-site"),
    ];
    let requests = |statuses: [u16; 4]| -> [ActixCase<'_>; 4] {
        [
            ("GET", &actual[..], statuses[0]),
            ("OPTIONS", &allowed[..], statuses[1]),
            ("OPTIONS", &refused[..], statuses[2]),
            ("POST", &write[..], statuses[3]),
        ]
    };
    let middleware = actix_allocations(
        App::new()
            .wrap(Cors::new(routers::orders::POLICY))
            .service(actix_apps::plain_resource()),
        &requests([200, 204, 403, 403]),
    );
    let constant = actix_allocations(
        App::new()
            .wrap(actix_apps::Constant)
            .service(actix_apps::plain_resource()),
        &requests([200, 204, 204, 403]),
    );
    let resource = actix_allocations(
        App::new().service(actix_apps::cors_resource()),
        &requests([200, 204, 403, 403]),
    );
    let plain = actix_allocations(
        App::new().service(actix_apps::plain_resource()),
        &requests([200, 405, 405, 200]),
    );
    // The hand-written middleware writes what `Cors` writes, where `Cors` grants (and
    // answers the refused preflight as an allowed one), and so does `actix_resource!`.
    for i in [0, 1, 3] {
        assert_eq!(middleware[i].1, constant[i].1, "request {i}");
        assert_eq!(resource[i].1, constant[i].1, "request {i}");
    }
    let counts = |app: &[(usize, _)]| app.iter().map(|(n, _)| *n).collect::<Vec<_>>();
    assert_eq!(counts(&middleware), ACTIX_MIDDLEWARE_ALLOCATIONS, "Cors");
    assert_eq!(
        counts(&constant),
        ACTIX_CONSTANT_ALLOCATIONS,
        "hand-written middleware"
    );
    assert_eq!(
        counts(&resource),
        ACTIX_RESOURCE_ALLOCATIONS,
        "actix_resource!"
    );
    assert_eq!(
        counts(&plain),
        ACTIX_PLAIN_RESOURCE_ALLOCATIONS,
        "plain resource"
    );
    // No more than the hand-written equivalents, request by request.
    const {
        let mut i = 0;
        while i < 4 {
            assert!(ACTIX_MIDDLEWARE_ALLOCATIONS[i] <= ACTIX_CONSTANT_ALLOCATIONS[i]);
            assert!(ACTIX_RESOURCE_ALLOCATIONS[i] <= ACTIX_PLAIN_RESOURCE_ALLOCATIONS[i]);
            i += 1;
        }
    };
}
