//! The demo API: fixed routes, each handler with its own compile-time checked policy. The
//! four `/orders` handlers read their origins from `DEMO_ORIGINS` at startup (the four
//! origins of their `default` when it is unset), checked by the same rules.
//!
//! Beside the reads, the two doors CORS does not cover: writes a real HTML form can make
//! (`POST /admin/notes`, `POST /orders`) and WebSocket handshakes (`/orders/live`,
//! `/admin/live`). The policies' origins guard them: from an origin a policy does not list,
//! the handler never runs (`403 Forbidden`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::extract::{Path, State};
use axum::http::header::{COOKIE, HeaderName, LOCATION, SET_COOKIE, VARY};
use axum::http::{HeaderMap, StatusCode};
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
        "public data\n",
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
        format!(
            "{{\"orders\":[],\"created\":{},\"session\":{}}}\n",
            counts.orders.load(Ordering::SeqCst),
            session.map_or("null".to_owned(), |s| format!("\"{s}\""))
        ),
    )
        .into_response();
    if session.is_none() {
        response.headers_mut().insert(
            SET_COOKIE,
            "demo_session=s3cr3t; Path=/; SameSite=Lax; HttpOnly"
                .parse()
                .expect("a valid header value"),
        );
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
    counts.orders.fetch_add(1, Ordering::SeqCst);
    let id = 1000 + body.len() % 1000;
    (
        StatusCode::CREATED,
        [
            (LOCATION, format!("/orders/{id}")),
            (x_request_id(), request_id(&headers).to_owned()),
        ],
        format!("{{\"id\":{id}}}\n"),
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
    format!("saved {} bytes\n", body.len())
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
    Json(serde_json::json!({ "accepted": counts.notes.load(Ordering::SeqCst) }))
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
    "ok\n"
}

fn x_request_id() -> HeaderName {
    HeaderName::from_static("x-request-id")
}

fn request_id(headers: &HeaderMap) -> &str {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
}

fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("demo_session="))
}

/// Resolves every policy of the API: the reports of those whose origins, read from the
/// environment, break a rule.
pub(crate) fn resolve_policies() -> Vec<PolicyError> {
    let policies: [&'static Policy; 9] = [
        public::POLICY,
        list_orders::POLICY,
        create_order::POLICY,
        delete_order::POLICY,
        update_settings::POLICY,
        add_note::POLICY,
        count_notes::POLICY,
        orders_live::POLICY,
        admin_live::POLICY,
    ];
    policies
        .into_iter()
        .filter_map(|policy| policy.resolve().err())
        .collect()
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
