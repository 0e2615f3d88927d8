//! `"*"` policies (SPEC section 5): `Access-Control-Allow-Origin: *` on every response,
//! and no `Vary: Origin`, since the answer does not depend on the origin. Every policy
//! also runs as its twin with origins read at startup (`*` in the variable).

mod common;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use common::twins::{self, Twins};
use common::{handler, preflight, request, send, with_origin};

twins::twins! {
    static OPEN = policy!(origins = ["*"], methods = [GET, PUT]);

    static WIDE_OPEN = policy!(
        origins = ["*"],
        methods = ["*"],
        allow_headers = ["*"],
        expose_headers = ["*"],
        max_age = 60,
    );
}

fn app(policy: &'static Twins) -> Router {
    twins::layered(policy, || {
        Router::new().route("/r", get(handler).put(handler))
    })
}

#[tokio::test]
async fn star_on_every_actual_response_without_vary() {
    for origin in [
        Some("https://anyone.example"),
        Some("null"),
        Some(""),
        Some("HTTPS://WEIRD.EXAMPLE/"),
        None,
    ] {
        for method in ["GET", "PUT"] {
            let request = match origin {
                Some(origin) => with_origin(method, "/r", origin),
                None => request(method, "/r", &[]),
            };
            let reply = send(app(&OPEN), request).await;
            reply.assert_handler_ran();
            assert_eq!(
                reply.header("access-control-allow-origin"),
                Some("*"),
                "{origin:?}"
            );
            assert!(reply.headers.get("vary").is_none(), "{reply:?}");
            assert!(
                reply
                    .headers
                    .get("access-control-allow-credentials")
                    .is_none()
            );
            assert!(reply.headers.get("access-control-expose-headers").is_none());
        }
    }
}

#[tokio::test]
async fn star_keeps_handler_vary_and_adds_nothing() {
    async fn varying() -> ([(&'static str, &'static str); 2], &'static str) {
        (
            [("vary", "accept"), ("x-handler", "ran")],
            common::HANDLER_BODY,
        )
    }
    let app = twins::layered(&OPEN, || Router::new().route("/v", get(varying)));
    let reply = send(app, with_origin("GET", "/v", "https://anyone.example")).await;
    assert_eq!(reply.all("vary"), ["accept"]);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn star_expose_headers_sent() {
    let reply = send(
        app(&WIDE_OPEN),
        with_origin("GET", "/r", "https://x.example"),
    )
    .await;
    reply.assert_handler_ran();
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    assert_eq!(reply.list("access-control-expose-headers"), ["*"]);
    assert!(reply.headers.get("vary").is_none());
}

#[tokio::test]
async fn star_preflight_allowed_without_vary() {
    let reply = send(
        app(&OPEN),
        preflight("/r", "https://anyone.example", "PUT", None),
    )
    .await;
    reply.assert_allowed_preflight("*");
    assert!(
        reply
            .list("access-control-allow-methods")
            .contains(&"put".to_owned())
    );
    assert!(reply.headers.get("vary").is_none(), "{reply:?}");
    assert!(
        reply
            .headers
            .get("access-control-allow-credentials")
            .is_none()
    );
    assert!(reply.headers.get("access-control-max-age").is_none());

    let reply = send(
        app(&WIDE_OPEN),
        preflight("/r", "https://x.example", "PURGE", Some("x-one, X-Two")),
    )
    .await;
    reply.assert_allowed_preflight("*");
    let methods = reply.list("access-control-allow-methods");
    assert!(
        methods.iter().any(|m| m == "*" || m == "purge"),
        "{methods:?}"
    );
    let allowed = reply.list("access-control-allow-headers");
    for name in ["x-one", "x-two"] {
        assert!(common::covers(&allowed, name, false), "{allowed:?}");
    }
    assert_eq!(reply.header("access-control-max-age"), Some("60"));
    assert!(reply.headers.get("vary").is_none());
}

#[tokio::test]
async fn star_preflight_still_checks_method_and_headers() {
    let reply = send(
        app(&OPEN),
        preflight("/r", "https://anyone.example", "DELETE", None),
    )
    .await;
    reply.assert_refused_preflight();
    let reply = send(
        app(&OPEN),
        preflight("/r", "https://anyone.example", "PUT", Some("x-not-listed")),
    )
    .await;
    reply.assert_refused_preflight();
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn star_allow_headers_never_covers_authorization() {
    let reply = send(
        app(&WIDE_OPEN),
        preflight(
            "/r",
            "https://x.example",
            "PUT",
            Some("x-one, authorization"),
        ),
    )
    .await;
    reply.assert_refused_preflight();
}

/// A `"*"` answer carries no `Vary`, so a shared cache may hand any response of the route to
/// any origin: every actual response is the same, exposed headers included, whatever the
/// request's `Origin` (none, two lines, `null`). This is the reading of SPEC section 5 the
/// runtime takes: "sends `Access-Control-Allow-Origin: *` on every response" wins over "no
/// `Origin`: no `-Expose-*` header" for `"*"` policies.
#[tokio::test]
async fn star_actual_responses_are_the_same_for_every_origin() {
    let requests = [
        ("one origin", with_origin("GET", "/r", "https://x.example")),
        ("no origin", request("GET", "/r", &[])),
        (
            "two origins",
            request(
                "GET",
                "/r",
                &[
                    ("origin", "https://x.example"),
                    ("origin", "https://y.example"),
                ],
            ),
        ),
        ("null", with_origin("GET", "/r", "null")),
    ];
    for (what, request) in requests {
        let reply = send(app(&WIDE_OPEN), request).await;
        reply.assert_handler_ran();
        assert_eq!(reply.all("access-control-allow-origin"), ["*"], "{what}");
        assert_eq!(reply.list("access-control-expose-headers"), ["*"], "{what}");
        assert!(reply.headers.get("vary").is_none(), "{what}: {reply:?}");
        assert!(
            reply
                .headers
                .get("access-control-allow-credentials")
                .is_none(),
            "{what}"
        );
    }
}

/// HTTP caches do not store `OPTIONS` responses, so a preflight's answer may depend on the
/// request: two `Origin` lines make a `"*"` preflight refused, as for every policy.
#[tokio::test]
async fn star_preflight_with_two_origins_refused() {
    let reply = send(
        app(&WIDE_OPEN),
        request(
            "OPTIONS",
            "/r",
            &[
                ("origin", "https://x.example"),
                ("origin", "https://y.example"),
                ("access-control-request-method", "PUT"),
            ],
        ),
    )
    .await;
    reply.assert_refused_preflight();
}
