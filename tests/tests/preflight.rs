//! Preflights through `CorsLayer` on an axum router (SPEC section 5): the handler never
//! runs; allowed ones get `204` and exactly the right headers, refused ones `403` and none.
//! Every policy also runs as its twin with origins read at startup (`common/twins.rs`).

mod common;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use common::twins::{self, Twins};
use common::{Reply, covers, handler, preflight, request, send};

twins::twins! {
    static API = policy!(
        origins = ["https://app.example.com", "https://*.example.org"],
        methods = [GET, POST, PUT, DELETE, "PURGE"],
        allow_headers = ["content-type", "x-request-id"],
        expose_headers = ["x-request-id"],
        credentials,
        max_age = 600,
    );

    /// No credentials, no allowed headers, no max age.
    static BARE = policy!(origins = ["https://app.example.com"], methods = [PATCH]);

    static ANY_HEADER = policy!(
        origins = ["https://app.example.com"],
        methods = [PUT],
        allow_headers = ["*"],
    );

    static ANY_HEADER_AND_AUTH = policy!(
        origins = ["https://app.example.com"],
        methods = [PUT],
        allow_headers = ["*", "authorization"],
    );
}

const APP: &str = "https://app.example.com";

fn app(policy: &'static Twins) -> Router {
    twins::layered(policy, || {
        Router::new().route(
            "/r",
            get(handler)
                .post(handler)
                .put(handler)
                .delete(handler)
                .patch(handler),
        )
    })
}

async fn ask(policy: &'static Twins, origin: &str, method: &str, names: Option<&str>) -> Reply {
    send(app(policy), preflight("/r", origin, method, names)).await
}

/// Asserts `Access-Control-Allow-Headers` covers each of `names`.
fn assert_covers(reply: &Reply, names: &[&str], credentials: bool) {
    let allowed = reply.list("access-control-allow-headers");
    for name in names {
        assert!(
            covers(&allowed, name, credentials),
            "`{name}` not covered by {allowed:?}"
        );
    }
}

#[tokio::test]
async fn allowed_preflight_for_non_simple_method() {
    for method in ["PUT", "DELETE", "PURGE"] {
        let reply = ask(&API, APP, method, None).await;
        reply.assert_allowed_preflight(APP);
        assert_eq!(
            reply.header("access-control-allow-credentials"),
            Some("true")
        );
        let methods = reply.all("access-control-allow-methods");
        assert_eq!(methods.len(), 1, "{methods:?}");
        assert!(
            methods[0].split(',').any(|m| m.trim() == method),
            "{method} not in {methods:?}"
        );
        // No names requested: no Access-Control-Allow-Headers.
        assert!(reply.headers.get("access-control-allow-headers").is_none());
        assert_eq!(reply.header("access-control-max-age"), Some("600"));
        // Expose-Headers is for actual responses.
        assert!(reply.headers.get("access-control-expose-headers").is_none());
        reply.assert_vary_origin_once();
    }
}

#[tokio::test]
async fn allowed_preflight_for_simple_methods_has_no_allow_methods() {
    for method in ["GET", "HEAD", "POST"] {
        let reply = ask(&API, APP, method, None).await;
        reply.assert_allowed_preflight(APP);
        assert!(
            reply.headers.get("access-control-allow-methods").is_none(),
            "{method}: {reply:?}"
        );
    }
    // GET, HEAD and POST pass even when the policy does not list them.
    for method in ["GET", "HEAD", "POST"] {
        let reply = ask(&BARE, APP, method, None).await;
        reply.assert_allowed_preflight(APP);
        assert!(reply.headers.get("access-control-allow-methods").is_none());
    }
}

#[tokio::test]
async fn allowed_preflight_from_pattern_origin_reflects_it() {
    let reply = ask(&API, "https://a.b.example.org", "PUT", Some("content-type")).await;
    reply.assert_allowed_preflight("https://a.b.example.org");
    assert_covers(&reply, &["content-type"], true);
}

#[tokio::test]
async fn credentials_and_max_age_only_when_configured() {
    let reply = ask(&BARE, APP, "PATCH", None).await;
    reply.assert_allowed_preflight(APP);
    assert!(
        reply
            .headers
            .get("access-control-allow-credentials")
            .is_none()
    );
    assert!(reply.headers.get("access-control-max-age").is_none());
    assert!(reply.headers.get("access-control-allow-headers").is_none());
    assert!(
        reply
            .list("access-control-allow-methods")
            .contains(&"patch".to_owned())
    );
    reply.assert_vary_origin_once();
}

#[tokio::test]
async fn allow_headers_cover_the_requested_names() {
    for names in [
        "content-type",
        "x-request-id",
        "content-type,x-request-id",
        "x-request-id, content-type",
    ] {
        let reply = ask(&API, APP, "PUT", Some(names)).await;
        reply.assert_allowed_preflight(APP);
        let requested: Vec<&str> = names.split(',').map(str::trim).collect();
        assert_covers(&reply, &requested, true);
    }
}

#[tokio::test]
async fn refused_origin() {
    for origin in [
        "https://evil.example",
        "https://example.org",
        "https://evil-example.org",
        "https://app.example.com/",
        "https://APP.example.com",
        "null",
        "",
    ] {
        for method in ["GET", "PUT"] {
            let reply = ask(&API, origin, method, Some("content-type")).await;
            reply.assert_refused_preflight();
            reply.assert_vary_origin_once();
        }
    }
}

#[tokio::test]
async fn refused_method() {
    for method in ["PATCH", "OPTIONS", "put", "Delete", "purge", "FOO"] {
        let reply = ask(&API, APP, method, None).await;
        reply.assert_refused_preflight();
        reply.assert_vary_origin_once();
    }
}

#[tokio::test]
async fn refused_for_each_header() {
    // Each name alone, and each beside allowed ones, in every position.
    for bad in [
        "x-other",
        "authorization",
        "cookie",
        "x-request-id2",
        "content",
    ] {
        for names in [
            bad.to_owned(),
            format!("content-type, {bad}"),
            format!("{bad}, content-type"),
            format!("content-type, {bad}, x-request-id"),
        ] {
            let reply = ask(&API, APP, "PUT", Some(&names)).await;
            reply.assert_refused_preflight();
            reply.assert_vary_origin_once();
        }
    }
    // Also for a simple method: the headers are still checked.
    let reply = ask(&API, APP, "GET", Some("x-other")).await;
    reply.assert_refused_preflight();
    // And when the policy allows no header at all.
    let reply = ask(&BARE, APP, "PATCH", Some("content-type")).await;
    reply.assert_refused_preflight();
}

#[tokio::test]
async fn request_headers_whitespace_empty_elements_and_case() {
    for names in [
        " content-type ,\tx-request-id\t",
        "content-type,,x-request-id",
        ",content-type",
        "content-type,",
        ",,content-type,,,x-request-id,,",
        " , content-type , , ",
        "Content-Type, X-Request-ID",
        "CONTENT-TYPE",
    ] {
        let reply = ask(&API, APP, "PUT", Some(names)).await;
        reply.assert_allowed_preflight(APP);
        let requested: Vec<&str> = names
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        assert_covers(&reply, &requested, true);
    }
}

#[tokio::test]
async fn request_headers_with_only_empty_elements_request_nothing() {
    for names in ["", ",", " , ,", "\t"] {
        let reply = ask(&BARE, APP, "PATCH", Some(names)).await;
        reply.assert_allowed_preflight(APP);
        assert!(
            reply.headers.get("access-control-allow-headers").is_none(),
            "{names:?}: {reply:?}"
        );
    }
}

#[tokio::test]
async fn request_headers_on_several_lines() {
    let several = request(
        "OPTIONS",
        "/r",
        &[
            ("origin", APP),
            ("access-control-request-method", "DELETE"),
            ("access-control-request-headers", "content-type"),
            ("access-control-request-headers", ""),
            ("access-control-request-headers", " X-Request-Id ,"),
        ],
    );
    let reply = send(app(&API), several).await;
    reply.assert_allowed_preflight(APP);
    assert_covers(&reply, &["content-type", "x-request-id"], true);

    // One bad name on any line refuses the preflight.
    let one_bad = request(
        "OPTIONS",
        "/r",
        &[
            ("origin", APP),
            ("access-control-request-method", "DELETE"),
            ("access-control-request-headers", "content-type"),
            ("access-control-request-headers", "x-other"),
        ],
    );
    send(app(&API), one_bad).await.assert_refused_preflight();
}

#[tokio::test]
async fn invalid_request_header_names_refused() {
    for names in [
        "content type",
        "content-type;x",
        "x-request-id\"",
        "(x)",
        "a/b",
        "x=y",
    ] {
        let reply = ask(&ANY_HEADER, APP, "PUT", Some(names)).await;
        reply.assert_refused_preflight();
    }
}

#[tokio::test]
async fn any_header_allows_everything_but_authorization() {
    let reply = ask(
        &ANY_HEADER,
        APP,
        "PUT",
        Some("x-anything, Content-Type, x-b"),
    )
    .await;
    reply.assert_allowed_preflight(APP);
    assert_covers(&reply, &["x-anything", "content-type", "x-b"], false);

    for names in [
        "authorization",
        "Authorization",
        "x-a, AUTHORIZATION",
        "authorization,x-a",
    ] {
        let reply = ask(&ANY_HEADER, APP, "PUT", Some(names)).await;
        reply.assert_refused_preflight();
    }
}

#[tokio::test]
async fn authorization_allowed_when_listed_beside_star() {
    for names in [
        "authorization",
        "Authorization, x-anything",
        "x-a,authorization",
    ] {
        let reply = ask(&ANY_HEADER_AND_AUTH, APP, "PUT", Some(names)).await;
        reply.assert_allowed_preflight(APP);
        let requested: Vec<&str> = names.split(',').map(str::trim).collect();
        assert_covers(&reply, &requested, false);
        // `*` alone would not cover it for the browser.
        assert!(
            reply
                .list("access-control-allow-headers")
                .contains(&"authorization".to_owned())
        );
    }
}

#[tokio::test]
async fn extension_method_preflight() {
    let reply = ask(&API, APP, "PURGE", Some("x-request-id")).await;
    reply.assert_allowed_preflight(APP);
    assert!(
        reply
            .all("access-control-allow-methods")
            .iter()
            .any(|v| v.split(',').any(|m| m.trim() == "PURGE"))
    );
    assert_covers(&reply, &["x-request-id"], true);
}

#[tokio::test]
async fn duplicate_origin_refused() {
    for (first, second) in [
        (APP, APP),
        (APP, "https://evil.example"),
        ("https://evil.example", APP),
    ] {
        let request = request(
            "OPTIONS",
            "/r",
            &[
                ("origin", first),
                ("origin", second),
                ("access-control-request-method", "PUT"),
            ],
        );
        let reply = send(app(&API), request).await;
        reply.assert_refused_preflight();
        reply.assert_vary_origin_once();
    }
}

#[tokio::test]
async fn duplicate_request_method_refused() {
    let request = request(
        "OPTIONS",
        "/r",
        &[
            ("origin", APP),
            ("access-control-request-method", "PUT"),
            ("access-control-request-method", "PUT"),
        ],
    );
    send(app(&API), request).await.assert_refused_preflight();
}

#[tokio::test]
async fn options_without_request_method_goes_to_the_options_handler() {
    let app = twins::layered(&API, || {
        Router::new().route("/o", get(handler).options(handler))
    });
    let reply = send(app, request("OPTIONS", "/o", &[("origin", APP)])).await;
    reply.assert_handler_ran();
    // An actual request: the origin is allowed.
    assert_eq!(reply.header("access-control-allow-origin"), Some(APP));
    assert!(reply.headers.get("access-control-allow-methods").is_none());
}

#[tokio::test]
async fn options_without_request_method_gets_axum_405() {
    // `/r` has no OPTIONS handler.
    let reply = send(app(&API), request("OPTIONS", "/r", &[("origin", APP)])).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{reply:?}");
    reply.assert_handler_did_not_run();
    assert!(reply.headers.get("access-control-allow-methods").is_none());
    reply.assert_vary_origin_once();
    let reply = send(app(&API), request("OPTIONS", "/r", &[])).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{reply:?}");
    reply.assert_no_cors_grant();
}

#[tokio::test]
async fn request_method_without_origin_is_not_a_preflight() {
    let app = twins::layered(&API, || {
        Router::new().route("/o", get(handler).options(handler))
    });
    let reply = send(
        app,
        request("OPTIONS", "/o", &[("access-control-request-method", "PUT")]),
    )
    .await;
    reply.assert_handler_ran();
    reply.assert_no_cors_grant();
    reply.assert_vary_origin_once();
}

#[tokio::test]
async fn preflight_to_an_unrouted_path_is_answered_by_router_layer() {
    let reply = send(app(&API), preflight("/missing", APP, "PUT", None)).await;
    reply.assert_allowed_preflight(APP);
    assert_ne!(reply.status, StatusCode::NOT_FOUND);
}
