//! The demo API on actix-web (`cargo run --example demo -- --framework actix`): the routes
//! of `api.rs`, each handler with the same `#[cors]` arguments as its axum twin (a test,
//! `examples/tests/demo_frameworks.rs`, compares their policies and answers), mounted with
//! `actix_resource!`, and the same answers: statuses, headers and bodies (the bodies,
//! cookie and header parsing are `api.rs`'s own).
//!
//! The four `/orders` handlers read their origins from `DEMO_ORIGINS` like their twins:
//! each `#[cors]` handler has a policy of its own, so these are resolved on their own too
//! ([`resolve_policies`]).

use actix_web::http::header::{ALLOW, COOKIE, HeaderValue, LOCATION, SET_COOKIE, VARY};
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{CloseCode, CloseReason, MessageStream, Session};
use cors_runtime::{Policy, PolicyError, actix_resource, cors};

use crate::api::{self, Counts};

/// The content type axum gives a `String` or `&str` body.
const TEXT: &str = "text/plain; charset=utf-8";

/// A body the way axum answers a string: `200 OK`, `text/plain; charset=utf-8`.
fn text(body: impl Into<String>) -> HttpResponse {
    HttpResponse::Ok().content_type(TEXT).body(body.into())
}

/// Read by scripts on any origin: `x-demo-version` is exposed.
#[cors(origins = ["*"], methods = [GET], expose_headers = ["x-demo-version"])]
async fn public() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-demo-version", env!("CARGO_PKG_VERSION")))
        .content_type(TEXT)
        .body(api::PUBLIC)
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
async fn list_orders(counts: web::Data<Counts>, request: HttpRequest) -> HttpResponse {
    let session = session_cookie(&request);
    let mut response = HttpResponse::Ok();
    response
        .insert_header((VARY, "accept"))
        .insert_header(("x-request-id", request_id(&request)));
    if session.is_none() {
        response.insert_header((SET_COOKIE, api::SESSION_COOKIE));
    }
    response
        .content_type(TEXT)
        .body(api::orders_json(&counts, session))
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
    counts: web::Data<Counts>,
    request: HttpRequest,
    body: String,
) -> HttpResponse {
    let id = api::create(&counts, &body);
    HttpResponse::Created()
        .insert_header((LOCATION, format!("/orders/{id}")))
        .insert_header(("x-request-id", request_id(&request)))
        .content_type(TEXT)
        .body(api::order_json(id))
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
async fn delete_order(_id: web::Path<u64>) -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// Only the admin origin may call this: the demo page is refused on purpose.
#[cors(
    origins = ["https://admin.example.com"],
    methods = [PUT],
    allow_headers = ["content-type"],
    credentials,
)]
async fn update_settings(body: String) -> HttpResponse {
    text(api::saved(&body))
}

/// A write only the admin origin may make: a form on the demo page posting here is
/// refused before the handler, so the count does not move.
#[cors(origins = ["https://admin.example.com"], methods = [POST], credentials)]
async fn add_note(counts: web::Data<Counts>, _note: String) -> HttpResponse {
    counts
        .notes
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    HttpResponse::Created().finish()
}

/// How many notes `POST /admin/notes` accepted; any origin may read it.
#[cors(origins = ["*"], methods = [GET])]
async fn count_notes(counts: web::Data<Counts>) -> HttpResponse {
    HttpResponse::Ok().json(api::notes_json(&counts))
}

/// A WebSocket for the `/orders` origins: sends `hello`, then closes.
#[cors(
    origins = env(
        "DEMO_ORIGINS",
        default = ["http://127.0.0.1:*", "http://localhost:*", "https://app.example.com", "https://*.example.com"],
    ),
    methods = [GET],
)]
async fn orders_live(request: HttpRequest, body: web::Payload) -> actix_web::Result<HttpResponse> {
    hello(&request, body)
}

/// The same WebSocket, for the admin origin only: the demo page's handshake is refused.
#[cors(origins = ["https://admin.example.com"], methods = [GET])]
async fn admin_live(request: HttpRequest, body: web::Payload) -> actix_web::Result<HttpResponse> {
    hello(&request, body)
}

/// Accepts the WebSocket handshake of `request` and says hello on the socket
/// ([`say_hello`], on the worker's runtime); an invalid handshake is answered with
/// actix-web's error.
pub(crate) fn hello(request: &HttpRequest, body: web::Payload) -> actix_web::Result<HttpResponse> {
    let (response, session, messages) = actix_ws::handle(request, body)?;
    actix_web::rt::spawn(say_hello(session, messages));
    Ok(response)
}

/// One text message, `hello`, then a normal close (through [`hello`], the browser suite's
/// actix-web routes use it too): what `api::say_hello` does on axum.
pub(crate) async fn say_hello(mut session: Session, mut messages: MessageStream) {
    if session.text("hello").await.is_err() {
        return;
    }
    let close = CloseReason {
        code: CloseCode::Normal,
        description: Some("bye".to_owned()),
    };
    if session.close(Some(close)).await.is_err() {
        return;
    }
    // Until the browser answers the close, or the connection ends.
    while let Some(Ok(_)) = messages.recv().await {}
}

/// No CORS policy: browsers on other origins cannot read it.
async fn health() -> HttpResponse {
    text(api::HEALTH)
}

/// axum's answer to another method on a plain `get` route.
async fn get_only() -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((ALLOW, "GET,HEAD"))
        .finish()
}

fn request_id(request: &HttpRequest) -> String {
    let value = request.headers().get("x-request-id");
    api::request_id_in(value.map(HeaderValue::as_bytes)).to_owned()
}

fn session_cookie(request: &HttpRequest) -> Option<&str> {
    api::session_in(request.headers().get_all(COOKIE).map(HeaderValue::as_bytes))
}

/// Every handler's name and policy, in the order of [`api::policies`], whose twins they
/// are.
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

/// Resolves every policy of the actix-web API: the reports of those whose origins, read
/// from the environment, break a rule.
pub(crate) fn resolve_policies() -> Vec<PolicyError> {
    api::resolve(&policies())
}

/// axum's answer to a path segment that does not parse (`DELETE /orders/abc`): `400 Bad
/// Request`, in axum's words (actix-web's own is `404 Not Found`). `{id}` is the API's one
/// path parameter.
fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, request| {
        let value = request.match_info().get("id").unwrap_or_default();
        let response = HttpResponse::BadRequest()
            .content_type(TEXT)
            .body(format!("Invalid URL: Cannot parse `{value}` to a `u64`"));
        actix_web::error::InternalError::from_response(error, response).into()
    })
}

/// The largest body axum's `String` extractor takes (actix-web's default is 256 KiB).
const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The API's routes, counting the notes and orders its handlers accept into `counts`: for
/// `App::configure`. Its policies must be resolved ([`resolve_policies`]):
/// `actix_resource!` panics on one that fails.
pub(crate) fn routes(counts: Counts) -> impl FnOnce(&mut web::ServiceConfig) {
    move |config| {
        config
            .app_data(web::Data::new(counts))
            .app_data(path_config())
            .app_data(web::PayloadConfig::new(BODY_LIMIT))
            .service(actix_resource!("/public", public))
            .service(actix_resource!("/orders", list_orders, create_order))
            // Before `/orders/{id}`: actix-web tries resources in the order they are added.
            .service(actix_resource!("/orders/live", orders_live))
            .service(actix_resource!("/orders/{id}", delete_order))
            .service(actix_resource!("/admin/settings", update_settings))
            .service(actix_resource!("/admin/notes", add_note, count_notes))
            .service(actix_resource!("/admin/live", admin_live))
            .service(
                web::resource("/health")
                    .route(web::get().to(health))
                    .route(web::head().to(health))
                    .default_service(web::to(get_only)),
            );
    }
}
