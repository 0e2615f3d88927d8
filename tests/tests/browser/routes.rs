//! The API the scenarios call: one route per policy under test, every policy written with
//! `#[cors]` or `policy!` and so checked when this file compiles.
//!
//! The page runs on `http://127.0.0.1:<port>`, `http://localhost:<port>` or
//! `http://<sub>.localhost:<port>`, with ephemeral ports, so the policies name loopback
//! origins with port patterns.

use axum::Router;
use axum::http::header::{COOKIE, HeaderName, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use cors_runtime::{CorsLayer, Policy, cors, policy, route};

type Answer = (StatusCode, [(&'static str, &'static str); 1], &'static str);

fn answer(body: &'static str) -> Answer {
    (StatusCode::OK, [("x-handler", body)], body)
}

// --- simple requests -------------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
async fn simple_get() -> Answer {
    answer("simple get")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [POST])]
async fn simple_post(body: String) -> String {
    format!("posted {body}")
}

/// Any origin; `x-star` exposed.
#[cors(origins = ["*"], methods = [GET], expose_headers = ["x-star"])]
async fn star() -> impl IntoResponse {
    ([("x-star", "visible")], "star")
}

/// No policy at all.
async fn no_policy() -> &'static str {
    "no policy"
}

/// Only an origin the page never has; the handler still runs (CORS never blocks a server).
#[cors(origins = ["https://app.example.com"], methods = [GET, POST])]
async fn elsewhere() -> Answer {
    answer("elsewhere")
}

// --- credentials -----------------------------------------------------------------------

/// Sets `sid` when the request has none; says which cookie it received otherwise.
#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], credentials)]
async fn session(headers: HeaderMap) -> Response {
    let sid = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("sid="));
    match sid {
        Some(sid) => format!("cookie seen: sid={sid}").into_response(),
        None => (
            [(
                SET_COOKIE,
                "sid=round-trip-7; Path=/; SameSite=Lax; HttpOnly",
            )],
            "no cookie",
        )
            .into_response(),
    }
}

/// Names origins but not `credentials`: credentialed calls are blocked by the browser.
#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
async fn no_credentials() -> Answer {
    answer("no credentials")
}

/// The handler sets its own `access-control-allow-origin: *`; the policy (with
/// `credentials`) must replace it, or the credentialed call is blocked.
#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], credentials)]
async fn own_star() -> impl IntoResponse {
    (
        [
            ("access-control-allow-origin", "*"),
            ("access-control-allow-credentials", "false"),
        ],
        "own star replaced",
    )
}

// --- preflights: methods ---------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], expose_headers = ["x-request-id"])]
async fn items_get() -> Answer {
    answer("items")
}

#[cors(
    origins = ["http://127.0.0.1:*"],
    methods = [POST],
    allow_headers = ["content-type", "x-request-id"],
    expose_headers = ["x-request-id", "location"],
)]
async fn items_post(headers: HeaderMap, body: String) -> impl IntoResponse {
    let id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_owned();
    let kind = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_owned();
    (
        StatusCode::CREATED,
        [
            (HeaderName::from_static("x-request-id"), id),
            (HeaderName::from_static("location"), "/items/7".to_owned()),
        ],
        format!("created from {kind}: {body}"),
    )
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [DELETE], allow_headers = ["x-request-id"])]
async fn items_delete() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// A policy for a whole router whose handlers serve more methods than the policy lists.
static GET_POST_ONLY: Policy = policy!(origins = ["http://127.0.0.1:*"], methods = [GET, POST]);

fn get_post_only() -> Router {
    Router::new()
        .route(
            "/get-post-only",
            get(|| async { "get" })
                .post(|| async { "post" })
                .put(|| async { "put" })
                .patch(|| async { "patch" }),
        )
        .layer(CorsLayer::new(&GET_POST_ONLY))
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [PATCH])]
async fn patchable() -> Answer {
    answer("patched")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = ["PURGE"])]
async fn purge() -> Answer {
    answer("purged")
}

/// Any origin, any method, any header (but `authorization`).
#[cors(origins = ["*"], methods = ["*"], allow_headers = ["*"])]
async fn anything() -> Answer {
    answer("anything")
}

// --- route![...]: preflights decided by the handler on the requested method ------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], allow_headers = ["x-get"])]
async fn split_get() -> Answer {
    answer("split get")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [PUT], allow_headers = ["x-put"])]
async fn split_put() -> Answer {
    answer("split put")
}

/// Another origin than the page's: DELETE is refused while GET and PUT are not.
#[cors(origins = ["http://localhost:*"], methods = [DELETE])]
async fn split_delete() -> Answer {
    answer("split delete")
}

// --- preflights: headers ---------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], allow_headers = ["x-allowed"])]
async fn headers() -> Answer {
    answer("headers")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], allow_headers = ["*"])]
async fn star_headers() -> Answer {
    answer("star headers")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], allow_headers = ["*", "authorization"])]
async fn star_and_authorization() -> Answer {
    answer("star and authorization")
}

#[cors(
    origins = ["http://127.0.0.1:*"],
    methods = [GET],
    allow_headers = ["authorization"],
    credentials,
)]
async fn authorization_credentials(headers: HeaderMap) -> String {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none");
    format!("authorization: {auth}")
}

// --- response headers ------------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], expose_headers = ["x-exposed"])]
async fn expose() -> impl IntoResponse {
    (
        [
            ("x-exposed", "yes"),
            ("x-hidden", "secret"),
            ("content-type", "text/plain; charset=utf-8"),
        ],
        "expose",
    )
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], expose_headers = ["*"])]
async fn expose_star() -> impl IntoResponse {
    (
        [("x-exposed", "yes"), ("x-hidden", "secret")],
        "expose star",
    )
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
async fn missing() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "no such thing")
}

/// Cacheable for ten minutes: `Vary: Origin` must keep the answer for one origin from being
/// reused for another.
#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
async fn cacheable() -> impl IntoResponse {
    ([("cache-control", "public, max-age=600")], "cacheable")
}

// --- the preflight cache ---------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [PUT], allow_headers = ["x-request-id"], max_age = 600)]
async fn cached() -> Answer {
    answer("cached")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [PUT], allow_headers = ["x-request-id"], max_age = 0)]
async fn uncached() -> Answer {
    answer("uncached")
}

// --- origins ---------------------------------------------------------------------------

#[cors(origins = ["http://localhost:*"], methods = [GET])]
async fn localhost_only() -> Answer {
    answer("localhost only")
}

#[cors(origins = ["http://*.localhost:*"], methods = [GET])]
async fn subdomains() -> Answer {
    answer("subdomains of localhost")
}

/// `http://127.0.0.1` is port 80 only.
#[cors(origins = ["http://127.0.0.1"], methods = [GET])]
async fn default_port_only() -> Answer {
    answer("default port only")
}

#[cors(origins = ["https://127.0.0.1:*"], methods = [GET])]
async fn https_only() -> Answer {
    answer("https only")
}

/// The API of the scenarios.
pub(crate) fn router() -> Router {
    Router::new()
        .route("/simple", route![simple_get, simple_post])
        .route("/star", route![star])
        .route("/no-policy", get(no_policy))
        .route("/elsewhere", route![elsewhere])
        .route("/session", route![session])
        .route("/no-credentials", route![no_credentials])
        .route("/own-star", route![own_star])
        .route("/items", route![items_get, items_post, items_delete])
        .route("/patchable", route![patchable])
        .route("/purge", route![purge])
        .route("/anything", route![anything])
        .route("/split", route![split_get, split_put, split_delete])
        .route("/headers", route![headers])
        .route("/star-headers", route![star_headers])
        .route("/star-and-authorization", route![star_and_authorization])
        .route(
            "/authorization-credentials",
            route![authorization_credentials],
        )
        .route("/expose", route![expose])
        .route("/expose-star", route![expose_star])
        .route("/missing", route![missing])
        .route("/cacheable", route![cacheable])
        .route("/cached", route![cached])
        .route("/uncached", route![uncached])
        .route("/localhost-only", route![localhost_only])
        .route("/subdomains", route![subdomains])
        .route("/default-port-only", route![default_port_only])
        .route("/https-only", route![https_only])
        .merge(get_post_only())
}
