//! The API the scenarios call: one route per policy under test, every policy written with
//! `#[cors]` or `policy!` and so checked when this file compiles.
//!
//! The page runs on `http://127.0.0.1:<port>`, `http://localhost:<port>` or
//! `http://<sub>.localhost:<port>`, with ephemeral ports, so the policies name loopback
//! origins with port patterns.
//!
//! The handlers behind the guard of SPEC 10 (writes and WebSocket handshakes) count the
//! times they ran in [`Handled`], the router's state: a refused request must leave its
//! counter as it was. Each router has its own counters (scenarios run side by side, and the
//! model calls a fresh router of its own).
//!
//! `routes_actix.rs` is the same API on actix-web, for the scenarios' `[actix]` runs: its
//! handlers have the `#[cors]` arguments of theirs here ([`twin_policies`]), and it shares
//! the `static` policies.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;

// The WebSocket of every `*live` route: the demo's, one text message `hello`, then a
// normal close.
use crate::api::say_hello;
use axum::http::header::{COOKIE, HeaderName, SET_COOKIE};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use cors_runtime::{CorsLayer, Policy, cors, policy, route};

/// How many times each counted handler ran.
#[derive(Debug, Default)]
pub(crate) struct Handled {
    /// `GET /elsewhere`.
    pub(crate) elsewhere_get: AtomicUsize,
    /// `POST /elsewhere`.
    pub(crate) elsewhere_post: AtomicUsize,
    /// `POST /guarded/notes` (`route!`, `http://127.0.0.1:*`).
    pub(crate) notes: AtomicUsize,
    /// `POST /guarded/localhost-notes` (`route!`, `http://localhost:*`).
    pub(crate) localhost_notes: AtomicUsize,
    /// `POST /layered/notes` (behind `CorsLayer`, `http://127.0.0.1:*`).
    pub(crate) layered_notes: AtomicUsize,
    /// `GET /guarded/live` (`route!`, `http://127.0.0.1:*`), a WebSocket.
    pub(crate) live: AtomicUsize,
    /// `GET /guarded/localhost-live` (`route!`, `http://localhost:*`), a WebSocket.
    pub(crate) localhost_live: AtomicUsize,
    /// `GET /layered/live` (behind `CorsLayer`, `http://127.0.0.1:*`), a WebSocket.
    pub(crate) layered_live: AtomicUsize,
}

/// The counters a router's handlers increment.
pub(crate) type Counters = Arc<Handled>;

/// Reads a counter.
pub(crate) fn ran(counter: &AtomicUsize) -> usize {
    counter.load(Ordering::SeqCst)
}

fn count(counter: &AtomicUsize) {
    counter.fetch_add(1, Ordering::SeqCst);
}

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

/// Only an origin the page never has. A `GET` still runs the handler (CORS never blocks a
/// read on the server); a `POST`, a write from an origin the policy does not trust, is
/// refused before it (SPEC 10).
#[cors(origins = ["https://app.example.com"], methods = [GET, POST])]
async fn elsewhere(State(handled): State<Counters>, method: Method) -> Answer {
    if method == Method::POST {
        count(&handled.elsewhere_post);
    } else {
        count(&handled.elsewhere_get);
    }
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
pub(crate) static GET_POST_ONLY: Policy =
    policy!(origins = ["http://127.0.0.1:*"], methods = [GET, POST]);

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

// --- writes and WebSocket handshakes (SPEC 10) ------------------------------------------

/// A note posted by a form: counted, and answered `201 Created` with what arrived.
fn noted(counter: &AtomicUsize, body: &str) -> (StatusCode, String) {
    count(counter);
    (StatusCode::CREATED, format!("noted: {body}"))
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [POST], credentials)]
async fn guarded_notes(State(handled): State<Counters>, body: String) -> (StatusCode, String) {
    noted(&handled.notes, &body)
}

/// Trusts `http://localhost:*` only: a page on `127.0.0.1` is same-site and still refused.
#[cors(origins = ["http://localhost:*"], methods = [POST], credentials)]
async fn localhost_notes(State(handled): State<Counters>, body: String) -> (StatusCode, String) {
    noted(&handled.localhost_notes, &body)
}

fn hello(counter: &AtomicUsize, upgrade: WebSocketUpgrade) -> Response {
    count(counter);
    upgrade.on_upgrade(say_hello)
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
async fn guarded_live(State(handled): State<Counters>, upgrade: WebSocketUpgrade) -> Response {
    hello(&handled.live, upgrade)
}

/// Trusts `http://localhost:*` only.
#[cors(origins = ["http://localhost:*"], methods = [GET])]
async fn localhost_live(State(handled): State<Counters>, upgrade: WebSocketUpgrade) -> Response {
    hello(&handled.localhost_live, upgrade)
}

/// One policy for a router of plain axum handlers: the guard of `CorsLayer`.
pub(crate) static LAYERED: Policy =
    policy!(origins = ["http://127.0.0.1:*"], methods = [GET, POST]);

fn layered(handled: Counters) -> Router {
    Router::new()
        .route(
            "/layered/notes",
            axum::routing::post(|State(handled): State<Counters>, body: String| async move {
                noted(&handled.layered_notes, &body)
            }),
        )
        .route(
            "/layered/live",
            get(
                |State(handled): State<Counters>, upgrade: WebSocketUpgrade| async move {
                    hello(&handled.layered_live, upgrade)
                },
            ),
        )
        .layer(CorsLayer::new(&LAYERED))
        .with_state(handled)
}

/// The API of the scenarios, with counters of its own.
pub(crate) fn router() -> Router {
    router_counting(Counters::default())
}

/// The API of the scenarios; its counted handlers increment `handled`.
pub(crate) fn router_counting(handled: Counters) -> Router {
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
        .route("/guarded/notes", route![guarded_notes])
        .route("/guarded/localhost-notes", route![localhost_notes])
        .route("/guarded/live", route![guarded_live])
        .route("/guarded/localhost-live", route![localhost_live])
        .with_state(handled.clone())
        .merge(layered(handled))
        .merge(get_post_only())
}

/// Every `#[cors]` handler of the API with its actix-web twin's policy
/// (`routes_actix.rs`): `(name, this policy printed, the twin's printed)`.
pub(crate) fn twin_policies() -> Vec<(&'static str, String, String)> {
    macro_rules! twins {
        ($($name:ident),* $(,)?) => {
            vec![$((
                stringify!($name),
                $name::POLICY.to_string(),
                crate::routes_actix::$name::POLICY.to_string(),
            )),*]
        };
    }
    twins![
        simple_get,
        simple_post,
        star,
        elsewhere,
        session,
        no_credentials,
        own_star,
        items_get,
        items_post,
        items_delete,
        patchable,
        purge,
        anything,
        split_get,
        split_put,
        split_delete,
        headers,
        star_headers,
        star_and_authorization,
        authorization_credentials,
        expose,
        expose_star,
        missing,
        cacheable,
        cached,
        uncached,
        localhost_only,
        subdomains,
        default_port_only,
        https_only,
        guarded_notes,
        localhost_notes,
        guarded_live,
        localhost_live,
    ]
}
