//! The demo API: fixed routes, each handler with its own compile-time checked policy. The
//! three `/orders` handlers read their origins from `DEMO_ORIGINS` at startup (the four
//! origins of their `default` when it is unset), checked by the same rules.

use axum::Router;
use axum::extract::Path;
use axum::http::header::{COOKIE, HeaderName, LOCATION, SET_COOKIE, VARY};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use cors_runtime::{Policy, PolicyError, cors, route};

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
async fn list_orders(headers: HeaderMap) -> impl IntoResponse {
    let session = session_cookie(&headers);
    let mut response = (
        [
            (VARY, "accept".to_owned()),
            (x_request_id(), request_id(&headers).to_owned()),
        ],
        format!(
            "{{\"orders\":[],\"session\":{}}}\n",
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
async fn create_order(headers: HeaderMap, body: String) -> impl IntoResponse {
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
    let policies: [&'static Policy; 5] = [
        public::POLICY,
        list_orders::POLICY,
        create_order::POLICY,
        delete_order::POLICY,
        update_settings::POLICY,
    ];
    policies
        .into_iter()
        .filter_map(|policy| policy.resolve().err())
        .collect()
}

/// The API router. Its policies must be resolved ([`resolve_policies`]): `route!` panics on
/// one that fails.
pub(crate) fn router() -> Router {
    Router::new()
        .route("/public", route![public])
        .route("/orders", route![list_orders, create_order])
        .route("/orders/{id}", route![delete_order])
        .route("/admin/settings", route![update_settings])
        .route("/health", get(health))
}
