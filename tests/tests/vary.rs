//! `Vary` (SPEC section 5): `Origin` on every response of a policy that depends on the
//! origin, allowed or not, with or without `Origin`; existing values kept; `Origin` never
//! duplicated, even with two layers stacked. Every policy also runs as its twin with
//! origins read at startup (`common/twins.rs`).

mod common;

use axum::Router;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use common::twins::{self, Twins};
use common::{Reply, handler, preflight, request, send, with_origin};
use cors_runtime::{CorsLayer, Policy};

twins::twins! {
    static API = policy!(
        origins = ["https://app.example.com", "https://*.example.org"],
        methods = [GET, PUT],
        allow_headers = ["x-request-id"],
    );

    static OTHER = policy!(
        origins = ["https://other.example", "https://app.example.com"],
        methods = [GET, DELETE],
        credentials,
    );
}

const APP: &str = "https://app.example.com";

async fn vary_accept() -> (StatusCode, [(&'static str, &'static str); 2], &'static str) {
    (
        common::HANDLER_STATUS,
        [("vary", "accept"), ("x-handler", "ran")],
        common::HANDLER_BODY,
    )
}

async fn vary_origin() -> (StatusCode, [(&'static str, &'static str); 2], &'static str) {
    (
        common::HANDLER_STATUS,
        [("vary", "origin"), ("x-handler", "ran")],
        common::HANDLER_BODY,
    )
}

async fn vary_list() -> (StatusCode, [(&'static str, &'static str); 2], &'static str) {
    (
        common::HANDLER_STATUS,
        [
            ("vary", "Accept, ORIGIN, accept-encoding"),
            ("x-handler", "ran"),
        ],
        common::HANDLER_BODY,
    )
}

fn app() -> Router {
    twins::layered(&API, || {
        Router::new()
            .route("/plain", get(handler).put(handler))
            .route("/accept", get(vary_accept))
            .route("/origin", get(vary_origin))
            .route("/list", get(vary_list))
    })
}

/// Every request shape an origin-dependent policy answers.
fn shapes(path: &str) -> Vec<(&'static str, axum::http::Request<axum::body::Body>)> {
    vec![
        ("allowed", with_origin("GET", path, APP)),
        (
            "allowed pattern",
            with_origin("GET", path, "https://x.example.org"),
        ),
        ("refused", with_origin("GET", path, "https://evil.example")),
        ("no origin", request("GET", path, &[])),
        (
            "preflight allowed",
            preflight(path, APP, "PUT", Some("x-request-id")),
        ),
        (
            "preflight refused origin",
            preflight(path, "https://evil.example", "PUT", None),
        ),
        (
            "preflight refused method",
            preflight(path, APP, "PATCH", None),
        ),
        (
            "preflight refused header",
            preflight(path, APP, "PUT", Some("x-nope")),
        ),
    ]
}

#[tokio::test]
async fn vary_origin_on_every_response() {
    for (what, request) in shapes("/plain") {
        let reply = send(app(), request).await;
        assert_eq!(reply.all("vary"), ["Origin"], "{what}: {reply:?}");
    }
}

#[tokio::test]
async fn handler_vary_is_kept_and_origin_added_once() {
    for (what, request) in shapes("/accept") {
        let preflight = what.starts_with("preflight");
        let reply = send(app(), request).await;
        reply.assert_vary_origin_once();
        if preflight {
            reply.assert_handler_did_not_run();
        } else {
            reply.assert_handler_ran();
            assert!(
                reply.list("vary").contains(&"accept".to_owned()),
                "{what}: {reply:?}"
            );
        }
    }
}

#[tokio::test]
async fn handler_vary_origin_not_duplicated() {
    for path in ["/origin", "/list"] {
        for (what, request) in shapes(path) {
            let reply = send(app(), request).await;
            reply.assert_vary_origin_once();
            if !what.starts_with("preflight") && path == "/list" {
                assert_eq!(reply.list("vary"), ["accept", "origin", "accept-encoding"]);
            }
        }
    }
}

#[tokio::test]
async fn handler_vary_star_is_left_alone() {
    async fn vary_star() -> ([(&'static str, &'static str); 1], &'static str) {
        ([("vary", "*")], "")
    }
    let app = twins::layered(&API, || Router::new().route("/s", get(vary_star)));
    let reply = send(app, with_origin("GET", "/s", APP)).await;
    assert_eq!(reply.all("vary"), ["*"]);
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP));
}

fn stacked(inner: &'static Twins, outer: &'static Twins) -> Router {
    let build = |inner: &'static Policy, outer: &'static Policy| {
        Router::new()
            .route("/plain", get(handler).put(handler).delete(handler))
            .route("/accept", get(vary_accept))
            .route("/origin", get(vary_origin))
            .layer(CorsLayer::new(inner))
            .layer(CorsLayer::new(outer))
    };
    let literal = twins::pair(
        build(inner.literal, outer.literal),
        build(inner.env(), outer.env()),
    );
    match (inner.live(), outer.live()) {
        (Some(inner), Some(outer)) => twins::pair(literal, build(inner, outer)),
        _ => literal,
    }
}

fn assert_single_cors(reply: &Reply) {
    // `header` panics on a repeated value.
    let _ = reply.header("access-control-allow-origin");
    let _ = reply.header("access-control-allow-credentials");
    let _ = reply.header("access-control-allow-methods");
    let _ = reply.header("access-control-allow-headers");
    let _ = reply.header("access-control-max-age");
    let _ = reply.header("access-control-expose-headers");
}

#[tokio::test]
async fn two_stacked_layers_never_duplicate_origin() {
    for (inner, outer) in [(&API, &API), (&API, &OTHER), (&OTHER, &API)] {
        for path in ["/plain", "/accept", "/origin"] {
            for (what, request) in shapes(path) {
                let reply = send(stacked(inner, outer), request).await;
                reply.assert_vary_origin_once();
                assert_single_cors(&reply);
                if path == "/accept" && !what.starts_with("preflight") {
                    assert!(reply.list("vary").contains(&"accept".to_owned()));
                }
            }
        }
    }
}

#[tokio::test]
async fn stacked_layers_outer_policy_decides_the_origin() {
    // The outer layer writes last: its answer is the one on the wire, once.
    let reply = send(
        stacked(&API, &OTHER),
        with_origin("GET", "/plain", "https://other.example"),
    )
    .await;
    reply.assert_handler_ran();
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("https://other.example")
    );
    assert_eq!(
        reply.header("access-control-allow-credentials"),
        Some("true")
    );
    reply.assert_vary_origin_once();

    let reply = send(
        stacked(&OTHER, &API),
        with_origin("GET", "/plain", "https://other.example"),
    )
    .await;
    reply.assert_handler_ran();
    reply.assert_no_cors_grant();
    reply.assert_vary_origin_once();
}

#[tokio::test]
async fn vary_from_an_inner_layer_is_kept() {
    let app = twins::layered(&API, || {
        Router::new()
            .route("/plain", get(handler))
            .layer(axum::middleware::map_response(
                |mut response: Response| async move {
                    response
                        .headers_mut()
                        .append("vary", HeaderValue::from_static("accept-encoding"));
                    response
                },
            ))
    });
    for request in [
        with_origin("GET", "/plain", APP),
        request("GET", "/plain", &[]),
    ] {
        let reply = send(app.clone(), request).await;
        assert_eq!(reply.status, StatusCode::ACCEPTED);
        assert_eq!(reply.list("vary"), ["accept-encoding", "origin"]);
    }
}

#[tokio::test]
async fn vary_origin_lookalikes_do_not_count() {
    async fn lookalike() -> ([(&'static str, &'static str); 1], &'static str) {
        ([("vary", "origin-agent-cluster, x-origin")], "")
    }
    let app = twins::layered(&API, || Router::new().route("/l", get(lookalike)));
    let reply = send(app, with_origin("GET", "/l", APP)).await;
    reply.assert_vary_origin_once();
    assert_eq!(
        reply.list("vary"),
        ["origin-agent-cluster", "x-origin", "origin"]
    );
}
