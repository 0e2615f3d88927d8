//! `CorsLayer` wherever axum takes a layer (SPEC section 2): `Router::layer`,
//! `MethodRouter::layer` and `route_layer`, checked with actual requests and preflights.

mod common;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, put};
use common::{Reply, handler, preflight, request, send, with_origin};
use cors_runtime::{CorsLayer, Policy, policy};
use tower::Layer;

static API: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [GET, PUT],
    allow_headers = ["x-request-id"],
    max_age = 60,
);

const APP: &str = "https://app.example.com";

fn router_layer() -> Router {
    Router::new()
        .route("/r", get(handler).put(handler))
        .layer(CorsLayer::new(&API))
}

fn method_router_layer() -> Router {
    Router::new().route("/r", get(handler).put(handler).layer(CorsLayer::new(&API)))
}

fn router_route_layer() -> Router {
    Router::new()
        .route("/r", get(handler).put(handler))
        .route_layer(CorsLayer::new(&API))
}

fn method_router_route_layer() -> Router {
    Router::new().route(
        "/r",
        get(handler).put(handler).route_layer(CorsLayer::new(&API)),
    )
}

/// A route with its own OPTIONS handler, so `route_layer` sees preflights too.
fn route_layer_with_options() -> Router {
    Router::new()
        .route("/r", get(handler).put(handler).options(handler))
        .route_layer(CorsLayer::new(&API))
}

fn apps() -> [(&'static str, Router); 5] {
    [
        ("Router::layer", router_layer()),
        ("MethodRouter::layer", method_router_layer()),
        ("Router::route_layer", router_route_layer()),
        ("MethodRouter::route_layer", method_router_route_layer()),
        (
            "Router::route_layer, OPTIONS handler",
            route_layer_with_options(),
        ),
    ]
}

fn assert_allowed_actual(what: &str, reply: &Reply) {
    reply.assert_handler_ran();
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(APP),
        "{what}"
    );
    reply.assert_vary_origin_once();
}

#[tokio::test]
async fn actual_requests_through_every_kind_of_layer() {
    for (what, app) in apps() {
        for method in ["GET", "PUT"] {
            let reply = send(app.clone(), with_origin(method, "/r", APP)).await;
            assert_allowed_actual(what, &reply);

            let reply = send(
                app.clone(),
                with_origin(method, "/r", "https://evil.example"),
            )
            .await;
            if method == "GET" {
                reply.assert_handler_ran();
                reply.assert_no_cors_grant();
                reply.assert_vary_origin_once();
            } else {
                // An untrusted write: refused before the handler, whatever the layer.
                reply.assert_refused_before_handler();
            }

            let reply = send(app.clone(), request(method, "/r", &[])).await;
            reply.assert_handler_ran();
            reply.assert_no_cors_grant();
            reply.assert_vary_origin_once();
        }
    }
}

#[tokio::test]
async fn preflights_through_layers_that_see_them() {
    for (what, app) in [
        ("Router::layer", router_layer()),
        ("MethodRouter::layer", method_router_layer()),
        (
            "Router::route_layer, OPTIONS handler",
            route_layer_with_options(),
        ),
    ] {
        let reply = send(
            app.clone(),
            preflight("/r", APP, "PUT", Some("x-request-id")),
        )
        .await;
        reply.assert_allowed_preflight(APP);
        assert_eq!(reply.header("access-control-max-age"), Some("60"), "{what}");
        assert!(
            reply
                .list("access-control-allow-methods")
                .contains(&"put".to_owned())
        );
        assert!(common::covers(
            &reply.list("access-control-allow-headers"),
            "x-request-id",
            false
        ));

        let reply = send(app.clone(), preflight("/r", APP, "DELETE", None)).await;
        reply.assert_refused_preflight();
        let reply = send(app, preflight("/r", "https://evil.example", "PUT", None)).await;
        reply.assert_refused_preflight();
    }
}

#[tokio::test]
async fn preflight_through_router_route_layer_without_options_handler() {
    // `Router::route_layer` wraps each route's whole `MethodRouter`, its 405 fallback
    // included, so preflights reach the layer.
    let reply = send(router_route_layer(), preflight("/r", APP, "PUT", None)).await;
    reply.assert_allowed_preflight(APP);
    let reply = send(router_route_layer(), preflight("/r", APP, "DELETE", None)).await;
    reply.assert_refused_preflight();
}

/// SPEC section 2 says `CorsLayer` works with `route_layer`, and section 5 that a
/// preflight is answered (`204`/`403`) without reaching a handler. axum's
/// `MethodRouter::route_layer` does not wrap the method router's `405` fallback, so a
/// preflight to a route with no OPTIONS handler never reaches the layer: axum answers
/// `405` with no CORS header, and the browser fails the request.
#[tokio::test]
async fn method_router_route_layer_never_sees_preflights_of_unrouted_options() {
    // axum's `MethodRouter::route_layer` wraps only the method handlers, not the 405
    // fallback that an `OPTIONS` request reaches: axum answers the preflight itself, as the
    // `CorsLayer` documentation warns. `MethodRouter::layer`, `Router::route_layer` and
    // `route![...]` do see it (tested above and in route_macro.rs).
    let reply = send(
        method_router_route_layer(),
        preflight("/r", APP, "PUT", None),
    )
    .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{reply:?}");
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn method_router_layer_on_one_method_only() {
    // `put(...).layer(...)` then `.get(...)`: the GET added afterwards is not wrapped.
    let app = Router::new().route("/r", put(handler).layer(CorsLayer::new(&API)).get(handler));
    let reply = send(app.clone(), with_origin("PUT", "/r", APP)).await;
    assert_allowed_actual("PUT", &reply);
    let reply = send(app, with_origin("GET", "/r", APP)).await;
    reply.assert_handler_ran();
    reply.assert_no_access_control();
}

#[tokio::test]
async fn cors_service_wraps_any_http_service() {
    // `CorsLayer` directly on a tower service of http::Request -> http::Response.
    use tower::ServiceExt;
    let service =
        CorsLayer::new(&API).layer(tower::service_fn(|_request: http::Request<()>| async {
            Ok::<_, std::convert::Infallible>(http::Response::new("body"))
        }));
    let mut request = http::Request::new(());
    request
        .headers_mut()
        .insert("origin", http::HeaderValue::from_static(APP));
    let response = service.clone().oneshot(request).await.unwrap();
    assert_eq!(response.headers()["access-control-allow-origin"], APP);
    assert_eq!(*response.body(), "body");

    let mut request = http::Request::new(());
    *request.method_mut() = http::Method::OPTIONS;
    request
        .headers_mut()
        .insert("origin", http::HeaderValue::from_static(APP));
    request.headers_mut().insert(
        "access-control-request-method",
        http::HeaderValue::from_static("PUT"),
    );
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // The empty body of a preflight is `B::default()`.
    assert_eq!(*response.body(), "");
}
