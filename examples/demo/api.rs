//! The demo API: fixed routes, each handler with its own compile-time checked policy. The
//! four `/orders` handlers read their origins from `DEMO_ORIGINS` at startup (the four
//! origins of their `default` when it is unset), checked by the same rules.
//!
//! Beside the reads, the two doors CORS does not cover: writes a real HTML form can make
//! (`POST /admin/notes`, `POST /orders`) and WebSocket handshakes (`/orders/live`,
//! `/admin/live`). The policies' origins guard them: from an origin a policy does not list,
//! the handler never runs (`403 Forbidden`).
//!
//! `actix_api.rs` is the same API on actix-web: the same policies (a test compares them),
//! and the bodies, cookie and header parsing of this file.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::extract::{Path, State};
use axum::http::header::{COOKIE, HeaderName, LOCATION, SET_COOKIE, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use cors_runtime::{Policy, PolicyError, cors, route};

/// What the handlers count, so the page can tell whether a form's write ran: the notes
/// `POST /admin/notes` accepted and the orders `POST /orders` created.
#[derive(Clone, Default)]
pub(crate) struct Counts {
    pub(crate) notes: Arc<AtomicUsize>,
    pub(crate) orders: Arc<AtomicUsize>,
}

/// Read by scripts on any origin: `x-demo-version` is exposed.
#[cors(origins = ["*"], methods = [GET], expose_headers = ["x-demo-version"])]
async fn public() -> impl IntoResponse {
    (
        [(
            HeaderName::from_static("x-demo-version"),
            env!("CARGO_PKG_VERSION"),
        )],
        PUBLIC,
    )
}

/// Credentialed: the page's session cookie comes back, and one is set when missing.
#[cors(
    origins = env(
        "DEMO_ORIGINS",
        default = ["http://127.0.0.1:*", "http://localhost:*", "https://app.example.com", "https://*.example.com"],
    ),
    methods = [GET],
    allow_headers = ["x-request-id"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600,
)]
async fn list_orders(State(counts): State<Counts>, headers: HeaderMap) -> impl IntoResponse {
    let session = session_cookie(&headers);
    let mut response = (
        [
            (VARY, "accept".to_owned()),
            (x_request_id(), request_id(&headers).to_owned()),
        ],
        orders_json(&counts, session),
    )
        .into_response();
    if session.is_none() {
        response
            .headers_mut()
            .insert(SET_COOKIE, HeaderValue::from_static(SESSION_COOKIE));
    }
    response
}

#[cors(
    origins = env(
        "DEMO_ORIGINS",
        default = ["http://127.0.0.1:*", "http://localhost:*", "https://app.example.com", "https://*.example.com"],
    ),
    methods = [POST],
    allow_headers = ["content-type", "x-request-id"],
    expose_headers = ["x-request-id", "location"],
    credentials,
    max_age = 600,
)]
async fn create_order(
    State(counts): State<Counts>,
    headers: HeaderMap,
    body: String,
) -> impl IntoResponse {
    let id = create(&counts, &body);
    (
        StatusCode::CREATED,
        [
            (LOCATION, format!("/orders/{id}")),
            (x_request_id(), request_id(&headers).to_owned()),
        ],
        order_json(id),
    )
}

#[cors(
    origins = env(
        "DEMO_ORIGINS",
        default = ["http://127.0.0.1:*", "http://localhost:*", "https://app.example.com", "https://*.example.com"],
    ),
    methods = [DELETE],
    allow_headers = ["x-request-id"],
    credentials,
    max_age = 600,
)]
async fn delete_order(Path(_id): Path<u64>) -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Only the admin origin may call this: the demo page is refused on purpose.
#[cors(
    origins = ["https://admin.example.com"],
    methods = [PUT],
    allow_headers = ["content-type"],
    credentials,
)]
async fn update_settings(body: String) -> impl IntoResponse {
    saved(&body)
}

/// A write only the admin origin may make: a form on the demo page posting here is
/// refused before the handler, so the count does not move.
#[cors(origins = ["https://admin.example.com"], methods = [POST], credentials)]
async fn add_note(State(counts): State<Counts>, _note: String) -> StatusCode {
    counts.notes.fetch_add(1, Ordering::SeqCst);
    StatusCode::CREATED
}

/// How many notes `POST /admin/notes` accepted; any origin may read it.
#[cors(origins = ["*"], methods = [GET])]
async fn count_notes(State(counts): State<Counts>) -> Json<serde_json::Value> {
    Json(notes_json(&counts))
}

/// A WebSocket for the `/orders` origins: sends `hello`, then closes.
#[cors(
    origins = env(
        "DEMO_ORIGINS",
        default = ["http://127.0.0.1:*", "http://localhost:*", "https://app.example.com", "https://*.example.com"],
    ),
    methods = [GET],
)]
async fn orders_live(upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(say_hello)
}

/// The same WebSocket, for the admin origin only: the demo page's handshake is refused.
#[cors(origins = ["https://admin.example.com"], methods = [GET])]
async fn admin_live(upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(say_hello)
}

/// One text message, `hello`, then a normal close (the browser suite's routes use it too).
pub(crate) async fn say_hello(mut socket: WebSocket) {
    if socket.send(Message::Text("hello".into())).await.is_err() {
        return;
    }
    let close = CloseFrame {
        code: close_code::NORMAL,
        reason: "bye".into(),
    };
    if socket.send(Message::Close(Some(close))).await.is_err() {
        return;
    }
    // Until the browser answers the close.
    while let Some(Ok(_)) = socket.recv().await {}
}

/// No CORS policy: browsers on other origins cannot read it.
async fn health() -> &'static str {
    HEALTH
}

fn x_request_id() -> HeaderName {
    HeaderName::from_static("x-request-id")
}

fn request_id(headers: &HeaderMap) -> &str {
    request_id_in(headers.get("x-request-id").map(HeaderValue::as_bytes))
}

fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    session_in(headers.get_all(COOKIE).iter().map(HeaderValue::as_bytes))
}

// What both frameworks' handlers answer, written once (`actix_api.rs` reads header values
// of actix-web's own types, hence the helpers over bytes).

/// The body of `GET /public`.
pub(crate) const PUBLIC: &str = "public data\n";

/// The body of `GET /health`.
pub(crate) const HEALTH: &str = "ok\n";

/// The session cookie `GET /orders` sets when the request carries none.
pub(crate) const SESSION_COOKIE: &str = "demo_session=s3cr3t; Path=/; SameSite=Lax; HttpOnly";

/// The body of `GET /orders`: no orders, how many `POST /orders` created, the session.
pub(crate) fn orders_json(counts: &Counts, session: Option<&str>) -> String {
    format!(
        "{{\"orders\":[],\"created\":{},\"session\":{}}}\n",
        counts.orders.load(Ordering::SeqCst),
        session.map_or("null".to_owned(), |s| format!("\"{s}\""))
    )
}

/// Counts an order created from `body`; its id.
pub(crate) fn create(counts: &Counts, body: &str) -> usize {
    counts.orders.fetch_add(1, Ordering::SeqCst);
    1000 + body.len() % 1000
}

/// The body of `POST /orders`'s `201 Created`.
pub(crate) fn order_json(id: usize) -> String {
    format!("{{\"id\":{id}}}\n")
}

/// The body of `PUT /admin/settings`.
pub(crate) fn saved(body: &str) -> String {
    format!("saved {} bytes\n", body.len())
}

/// The value of `GET /admin/notes`: how many notes were accepted.
pub(crate) fn notes_json(counts: &Counts) -> serde_json::Value {
    serde_json::json!({ "accepted": counts.notes.load(Ordering::SeqCst) })
}

/// The text of a header value, as `HeaderValue::to_str` reads it (visible ASCII and tabs),
/// or `None`.
fn text(value: &[u8]) -> Option<&str> {
    value
        .iter()
        .all(|&b| b == b'\t' || (0x20..0x7f).contains(&b))
        .then(|| std::str::from_utf8(value).ok())
        .flatten()
}

/// The `x-request-id` to echo: the request's (`value`), or `none`.
pub(crate) fn request_id_in(value: Option<&[u8]>) -> &str {
    value.and_then(text).unwrap_or("none")
}

/// The `demo_session` cookie among the request's `Cookie` lines.
pub(crate) fn session_in<'a>(lines: impl Iterator<Item = &'a [u8]>) -> Option<&'a str> {
    lines
        .filter_map(text)
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("demo_session="))
}

/// Every handler's name and policy, in the order of the routes.
pub(crate) fn policies() -> [(&'static str, &'static Policy); 9] {
    [
        ("public", public::POLICY),
        ("list_orders", list_orders::POLICY),
        ("create_order", create_order::POLICY),
        ("delete_order", delete_order::POLICY),
        ("update_settings", update_settings::POLICY),
        ("add_note", add_note::POLICY),
        ("count_notes", count_notes::POLICY),
        ("orders_live", orders_live::POLICY),
        ("admin_live", admin_live::POLICY),
    ]
}

/// Resolves every policy of `policies`: the reports of those whose origins, read from the
/// environment, break a rule.
pub(crate) fn resolve(policies: &[(&'static str, &'static Policy)]) -> Vec<PolicyError> {
    policies
        .iter()
        .filter_map(|(_, policy)| policy.resolve().err())
        .collect()
}

/// Resolves every policy of the API: the reports of those whose origins, read from the
/// environment, break a rule.
pub(crate) fn resolve_policies() -> Vec<PolicyError> {
    resolve(&policies())
}

/// The API router. Its policies must be resolved ([`resolve_policies`]): `route!` panics on
/// one that fails.
pub(crate) fn router() -> Router {
    router_counting(Counts::default())
}

/// The API router, counting the notes and orders its handlers accept into `counts`.
pub(crate) fn router_counting(counts: Counts) -> Router {
    Router::new()
        .route("/public", route![public])
        .route("/orders", route![list_orders, create_order])
        .route("/orders/{id}", route![delete_order])
        .route("/orders/live", route![orders_live])
        .route("/admin/settings", route![update_settings])
        .route("/admin/notes", route![add_note, count_notes])
        .route("/admin/live", route![admin_live])
        .route("/health", get(health))
        .with_state(counts)
}
