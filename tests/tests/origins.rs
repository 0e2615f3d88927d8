//! Which `Origin` values a policy allows (SPEC sections 3 and 5): exact origins byte for
//! byte, subdomain patterns, port patterns, the default port; nothing else ever matches.
//! Each case is checked through a router (actual request and preflight) and `Policy`.

mod common;

use axum::Router;
use axum::routing::get;
use common::{handler, preflight, send, with_origin};
use cors_runtime::{CorsLayer, Policy, policy};

static EXACT: Policy = policy!(
    origins = [
        "https://app.example.com",
        "http://localhost:3000",
        "https://api.example.net:8443"
    ],
    methods = [PUT],
);

static SUBDOMAINS: Policy = policy!(origins = ["https://*.example.com"], methods = [PUT]);

static SUBDOMAINS_PORT: Policy = policy!(origins = ["https://*.example.com:8443"], methods = [PUT]);

static ANY_PORT: Policy = policy!(
    origins = ["http://localhost:*", "http://[::1]:*"],
    methods = [PUT]
);

static BOTH: Policy = policy!(origins = ["https://*.example.com:*"], methods = [PUT]);

static IP: Policy = policy!(origins = ["http://127.0.0.1:8080"], methods = [PUT]);

/// Checks `origin` against `policy` three ways and asserts they agree with `allowed`.
async fn check(policy: &'static Policy, origin: &str, allowed: bool) {
    assert_eq!(
        policy.allows_origin(origin.as_bytes()),
        allowed,
        "Policy::allows_origin({origin:?})"
    );
    let app = Router::new()
        .route("/r", get(handler).put(handler))
        .layer(CorsLayer::new(policy));

    let reply = send(app.clone(), with_origin("GET", "/r", origin)).await;
    reply.assert_handler_ran();
    reply.assert_vary_origin_once();
    if allowed {
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(origin),
            "{origin:?}"
        );
    } else {
        reply.assert_no_cors_grant();
    }

    let reply = send(app, preflight("/r", origin, "PUT", None)).await;
    if allowed {
        reply.assert_allowed_preflight(origin);
    } else {
        reply.assert_refused_preflight();
    }
}

#[tokio::test]
async fn exact_origins_match_byte_for_byte() {
    for origin in [
        "https://app.example.com",
        "http://localhost:3000",
        "https://api.example.net:8443",
    ] {
        check(&EXACT, origin, true).await;
    }
    for origin in [
        "https://app.example.com/",
        "https://app.example.com/path",
        "https://app.example.com?q",
        "https://app.example.com#f",
        "https://APP.example.com",
        "HTTPS://app.example.com",
        "https://app.example.com.",
        "https://app.example.com:443",
        "http://app.example.com",
        "https://x.app.example.com",
        "https://app.example.co",
        "https://app.example.comm",
        "http://localhost",
        "http://localhost:3001",
        "http://localhost:03000",
        "https://api.example.net",
        "https://api.example.net:443",
        " https://app.example.com",
        "https://app.example.com ",
        "https://user@app.example.com",
        "null",
        "",
    ] {
        check(&EXACT, origin, false).await;
    }
}

#[tokio::test]
async fn subdomain_patterns() {
    for origin in [
        "https://a.example.com",
        "https://app.example.com",
        "https://a.b.c.example.com",
        "https://x-y.example.com",
        "https://xn--caf-dma.example.com",
    ] {
        check(&SUBDOMAINS, origin, true).await;
    }
    for origin in [
        "https://example.com",
        "https://evil-example.com",
        "https://evilexample.com",
        "https://.example.com",
        "https://a..example.com",
        "https://a.example.com.evil.net",
        "https://a.example.com:443",
        "https://a.example.com:8443",
        "http://a.example.com",
        "https://A.example.com",
        "https://a.EXAMPLE.com",
        "https://a.example.com/",
        "https://a.example.com.",
        "https://a b.example.com",
        "https://a.example.com@evil.net",
        "https://evil.net/.example.com",
        "https://evil.net#.example.com",
        "https://*.example.com",
        "null",
        "",
    ] {
        check(&SUBDOMAINS, origin, false).await;
    }
}

#[tokio::test]
async fn subdomain_pattern_with_port() {
    check(&SUBDOMAINS_PORT, "https://a.example.com:8443", true).await;
    for origin in [
        "https://a.example.com",
        "https://a.example.com:443",
        "https://a.example.com:8444",
        "https://a.example.com:08443",
        "https://example.com:8443",
    ] {
        check(&SUBDOMAINS_PORT, origin, false).await;
    }
}

#[tokio::test]
async fn port_patterns_include_the_default_port() {
    for origin in [
        "http://localhost",
        "http://localhost:1",
        "http://localhost:3000",
        "http://localhost:65535",
        "http://[::1]",
        "http://[::1]:8080",
    ] {
        check(&ANY_PORT, origin, true).await;
    }
    for origin in [
        "http://localhost:",
        "http://localhost:0",
        "http://localhost:03000",
        "http://localhost:65536",
        "http://localhost:99999",
        "http://localhost:3000/",
        "http://localhost:3x",
        "http://localhost:+80",
        "http://localhost:-1",
        "http://localhost:*",
        "http://localhost.evil.net:3000",
        "http://sub.localhost:3000",
        "https://localhost:3000",
        "http://LOCALHOST:3000",
        "http://[::1]x",
        "http://[::1",
        "http://[::2]:8080",
    ] {
        check(&ANY_PORT, origin, false).await;
    }
}

#[tokio::test]
async fn subdomain_and_port_pattern() {
    for origin in [
        "https://a.example.com",
        "https://a.example.com:8443",
        "https://a.b.example.com:1",
    ] {
        check(&BOTH, origin, true).await;
    }
    for origin in [
        "https://example.com",
        "https://example.com:8443",
        "https://a.example.com:0",
        "http://a.example.com:8443",
    ] {
        check(&BOTH, origin, false).await;
    }
}

#[tokio::test]
async fn ip_origins() {
    check(&IP, "http://127.0.0.1:8080", true).await;
    for origin in [
        "http://127.0.0.1",
        "http://127.1:8080",
        "http://127.0.0.01:8080",
        "http://0x7f.0.0.1:8080",
        "http://127.0.0.1:8080/",
    ] {
        check(&IP, origin, false).await;
    }
}

#[tokio::test]
async fn many_exact_origins_all_found() {
    static MANY: Policy = policy!(
        origins = [
            "https://o0.example",
            "https://o1.example",
            "https://o2.example",
            "https://o3.example",
            "https://o4.example",
            "https://o5.example",
            "https://o6.example",
            "https://o7.example",
            "https://o8.example",
            "https://o9.example",
            "https://o10.example",
            "https://o11.example",
            "https://o12.example",
            "https://o13.example",
            "https://o14.example",
            "https://o15.example",
            "https://o16.example",
            "https://o17.example",
            "https://o18.example",
            "https://o19.example",
            "https://*.wild.example",
        ],
        methods = [PUT],
    );
    for i in 0..20 {
        check(&MANY, &format!("https://o{i}.example"), true).await;
    }
    for i in 20..40 {
        check(&MANY, &format!("https://o{i}.example"), false).await;
    }
    check(&MANY, "https://x.wild.example", true).await;
    check(&MANY, "https://wild.example", false).await;
}
