//! Actual and non-CORS requests through `CorsLayer` on an axum router (SPEC section 5):
//! the handler runs (but for untrusted writes, SPEC 10, walked through in `guard.rs`); the
//! CORS headers depend on the origin only. Every policy also
//! runs as its twin with origins read at startup (`common/twins.rs`): same responses.

mod common;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::get;
use common::twins::{self, Twins};
use common::{Reply, handler, request, send, with_origin};

twins::twins! {
    /// Credentials and exposed headers, exact origins and patterns.
    static FULL = policy!(
        origins = [
            "https://app.example.com",
            "https://*.example.org",
            "http://localhost:*"
        ],
        methods = [GET, POST],
        allow_headers = ["content-type"],
        expose_headers = ["x-request-id", "location"],
        credentials,
        max_age = 600,
    );

    /// Neither credentials nor exposed headers.
    static BARE = policy!(origins = ["https://app.example.com"], methods = [GET, POST]);

    static OPEN = policy!(origins = ["*"], methods = [GET]);
}

fn app(policy: &'static Twins) -> Router {
    twins::layered(policy, || {
        Router::new().route(
            "/r",
            get(handler).post(handler).put(handler).options(handler),
        )
    })
}

async fn call(policy: &'static Twins, method: &str, origin: Option<&str>) -> Reply {
    let request = match origin {
        Some(origin) => with_origin(method, "/r", origin),
        None => request(method, "/r", &[]),
    };
    send(app(policy), request).await
}

#[tokio::test]
async fn allowed_exact_origin_gets_origin_credentials_and_expose() {
    for method in ["GET", "POST"] {
        let reply = call(&FULL, method, Some("https://app.example.com")).await;
        reply.assert_handler_ran();
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("https://app.example.com")
        );
        assert_eq!(
            reply.header("access-control-allow-credentials"),
            Some("true")
        );
        assert_eq!(
            reply.list("access-control-expose-headers"),
            ["x-request-id", "location"]
        );
        reply.assert_vary_origin_once();
        // Preflight-only headers never go on an actual response.
        assert!(reply.headers.get("access-control-allow-methods").is_none());
        assert!(reply.headers.get("access-control-allow-headers").is_none());
        assert!(reply.headers.get("access-control-max-age").is_none());
    }
}

#[tokio::test]
async fn allowed_pattern_origin_is_reflected() {
    for origin in [
        "https://a.example.org",
        "https://deep.sub.example.org",
        "http://localhost",
        "http://localhost:5173",
    ] {
        let reply = call(&FULL, "GET", Some(origin)).await;
        reply.assert_handler_ran();
        assert_eq!(reply.header("access-control-allow-origin"), Some(origin));
        assert_eq!(
            reply.header("access-control-allow-credentials"),
            Some("true")
        );
        reply.assert_vary_origin_once();
    }
}

#[tokio::test]
async fn refused_origin_runs_handler_without_cors_headers() {
    for origin in [
        "https://evil.example",
        "https://example.org",
        "https://app.example.com.evil.example",
        "null",
    ] {
        let reply = call(&FULL, "GET", Some(origin)).await;
        reply.assert_handler_ran();
        reply.assert_no_cors_grant();
        reply.assert_vary_origin_once();
        // A write from that origin never reaches the handler (SPEC 10, `guard.rs`): the
        // same answer, without the handler.
        call(&FULL, "POST", Some(origin))
            .await
            .assert_refused_before_handler();
    }
}

#[tokio::test]
async fn no_origin_is_not_cors_but_still_varies() {
    for method in ["GET", "POST", "PUT", "OPTIONS"] {
        let reply = call(&FULL, method, None).await;
        reply.assert_handler_ran();
        reply.assert_no_cors_grant();
        reply.assert_vary_origin_once();
    }
}

#[tokio::test]
async fn method_is_not_checked_on_actual_requests() {
    // PUT is not in the policy, but CORS never blocks on the server: only preflights check
    // methods, and the browser decides from those.
    let reply = call(&FULL, "PUT", Some("https://app.example.com")).await;
    reply.assert_handler_ran();
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
}

#[tokio::test]
async fn credentials_and_expose_only_when_configured() {
    let reply = call(&BARE, "GET", Some("https://app.example.com")).await;
    reply.assert_handler_ran();
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert!(
        reply
            .headers
            .get("access-control-allow-credentials")
            .is_none()
    );
    assert!(reply.headers.get("access-control-expose-headers").is_none());
    reply.assert_vary_origin_once();
}

#[tokio::test]
async fn options_with_origin_but_no_request_method_is_an_actual_request() {
    let reply = call(&FULL, "OPTIONS", Some("https://app.example.com")).await;
    reply.assert_handler_ran();
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert!(reply.headers.get("access-control-allow-methods").is_none());
}

#[tokio::test]
async fn unrouted_paths_and_methods_still_get_cors_headers_from_router_layer() {
    // Router::layer wraps axum's 404 and 405 as well.
    let reply = send(
        app(&FULL),
        with_origin("GET", "/missing", "https://app.example.com"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    reply.assert_vary_origin_once();
    let reply = send(
        app(&FULL),
        with_origin("PATCH", "/r", "https://app.example.com"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
}

/// A handler that sets every CORS header itself, wrongly.
async fn meddling() -> (StatusCode, HeaderMap, &'static str) {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("access-control-allow-origin", "*"),
        ("access-control-allow-origin", "https://other.example"),
        ("access-control-allow-credentials", "true"),
        ("access-control-expose-headers", "x-secret"),
        ("access-control-allow-methods", "DELETE"),
        ("access-control-allow-headers", "x-secret"),
        ("access-control-max-age", "86400"),
        ("x-handler", "ran"),
    ] {
        headers.append(name, HeaderValue::from_static(value));
    }
    (StatusCode::ACCEPTED, headers, common::HANDLER_BODY)
}

fn meddling_app(policy: &'static Twins) -> Router {
    twins::layered(policy, || Router::new().route("/m", get(meddling)))
}

#[tokio::test]
async fn handler_cors_headers_are_replaced_when_allowed() {
    let reply = send(
        meddling_app(&BARE),
        with_origin("GET", "/m", "https://app.example.com"),
    )
    .await;
    reply.assert_handler_ran();
    // `header` panics if a value occurs twice.
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert!(
        reply
            .headers
            .get("access-control-allow-credentials")
            .is_none()
    );
    assert!(reply.headers.get("access-control-expose-headers").is_none());
    assert!(reply.headers.get("access-control-allow-methods").is_none());
    assert!(reply.headers.get("access-control-allow-headers").is_none());
    assert!(reply.headers.get("access-control-max-age").is_none());

    let reply = send(
        meddling_app(&FULL),
        with_origin("GET", "/m", "https://a.example.org"),
    )
    .await;
    reply.assert_handler_ran();
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://a.example.org")
    );
    assert_eq!(
        reply.header("access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(
        reply.list("access-control-expose-headers"),
        ["x-request-id", "location"]
    );
    assert!(reply.headers.get("access-control-allow-methods").is_none());
    assert!(reply.headers.get("access-control-max-age").is_none());
}

#[tokio::test]
async fn handler_cors_headers_are_removed_when_refused_or_not_cors() {
    for origin in [Some("https://evil.example"), None] {
        let request = match origin {
            Some(origin) => with_origin("GET", "/m", origin),
            None => request("GET", "/m", &[]),
        };
        let reply = send(meddling_app(&FULL), request).await;
        reply.assert_handler_ran();
        reply.assert_no_access_control();
        reply.assert_vary_origin_once();
    }
}

#[tokio::test]
async fn handler_cors_headers_are_replaced_under_a_star_policy() {
    let reply = send(
        meddling_app(&OPEN),
        with_origin("GET", "/m", "https://anyone.example"),
    )
    .await;
    reply.assert_handler_ran();
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    assert!(
        reply
            .headers
            .get("access-control-allow-credentials")
            .is_none()
    );
    assert!(reply.headers.get("access-control-expose-headers").is_none());
    assert!(reply.headers.get("access-control-max-age").is_none());
}

/// Like [`meddling`], behind 20 other fields and a `Vary` of its own: a map too large to
/// scan, where the layer looks every CORS header up instead.
async fn crowded() -> (StatusCode, HeaderMap, &'static str) {
    let (status, mut headers, body) = meddling().await;
    for i in 0..20 {
        headers.insert(
            http::HeaderName::from_bytes(format!("x-filler-{i}").as_bytes()).unwrap(),
            HeaderValue::from_static("1"),
        );
    }
    headers.append("vary", HeaderValue::from_static("accept"));
    (status, headers, body)
}

/// Only one stale preflight-only header, in a small map: found by the scan.
async fn stale_max_age() -> (StatusCode, HeaderMap, &'static str) {
    let mut headers = HeaderMap::new();
    headers.insert("access-control-max-age", HeaderValue::from_static("86400"));
    headers.insert("x-handler", HeaderValue::from_static("ran"));
    (StatusCode::ACCEPTED, headers, common::HANDLER_BODY)
}

#[tokio::test]
async fn handler_cors_headers_are_replaced_in_crowded_and_small_maps() {
    let app = || {
        twins::layered(&FULL, || {
            Router::new()
                .route("/crowded", get(crowded))
                .route("/stale", get(stale_max_age))
        })
    };
    let reply = send(
        app(),
        with_origin("GET", "/crowded", "https://a.example.org"),
    )
    .await;
    reply.assert_handler_ran();
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://a.example.org")
    );
    assert_eq!(
        reply.list("access-control-expose-headers"),
        ["x-request-id", "location"]
    );
    assert!(reply.headers.get("access-control-allow-methods").is_none());
    assert!(reply.headers.get("access-control-allow-headers").is_none());
    assert!(reply.headers.get("access-control-max-age").is_none());
    assert_eq!(reply.headers.get("x-filler-19").unwrap(), "1");
    assert_eq!(reply.list("vary"), ["accept", "origin"]);

    let reply = send(
        app(),
        with_origin("GET", "/crowded", "https://evil.example"),
    )
    .await;
    reply.assert_no_access_control();
    reply.assert_vary_origin_once();

    for origin in [Some("https://a.example.org"), None] {
        let request = match origin {
            Some(origin) => with_origin("GET", "/stale", origin),
            None => request("GET", "/stale", &[]),
        };
        let reply = send(app(), request).await;
        reply.assert_handler_ran();
        assert!(
            reply.headers.get("access-control-max-age").is_none(),
            "{origin:?}"
        );
        reply.assert_vary_origin_once();
    }
}
