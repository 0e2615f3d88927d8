//! The scenarios' API on actix-web: every route of `routes.rs`, the same answers (status,
//! headers, body), the `#[cors]` handlers mounted with `actix_resource!` and the
//! `CorsLayer` routers as scopes and resources wrapped in `actix::Cors` with the same
//! `static` policies. Each handler here has the `#[cors]` arguments of its axum twin:
//! `routes::twin_policies` lists them all, and the trial `actix_twins_have_the_axum_policies`
//! checks that each pair prints alike.
//!
//! The counted handlers increment the same [`Handled`] counters, the app's data.

use actix_web::dev::HttpServiceFactory;
use actix_web::http::Method;
use actix_web::http::header::{COOKIE, SET_COOKIE};
use actix_web::{HttpRequest, HttpResponse, web};
use cors_runtime::actix::Cors;
use cors_runtime::{actix_resource, cors};

use crate::actix_api;
use crate::routes::{Counters, GET_POST_ONLY, Handled, LAYERED};

/// The content type axum gives a string body.
const TEXT: &str = "text/plain; charset=utf-8";

/// `routes::answer`: `200 OK`, `x-handler` and the body set to `body`.
fn answer(body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-handler", body))
        .content_type(TEXT)
        .body(body)
}

/// A string body the way axum answers one: `status`, `text/plain; charset=utf-8`.
fn text(status: actix_web::http::StatusCode, body: impl Into<String>) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(TEXT)
        .body(body.into())
}

/// A `200 OK` string body.
fn ok(body: impl Into<String>) -> HttpResponse {
    text(actix_web::http::StatusCode::OK, body)
}

/// The request's header `name` as text, or `none`.
fn header<'r>(request: &'r HttpRequest, name: &str) -> &'r str {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
}

fn count(counter: &std::sync::atomic::AtomicUsize) {
    counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

// --- simple requests -------------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
pub(crate) async fn simple_get() -> HttpResponse {
    answer("simple get")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [POST])]
pub(crate) async fn simple_post(body: String) -> HttpResponse {
    ok(format!("posted {body}"))
}

/// Any origin; `x-star` exposed.
#[cors(origins = ["*"], methods = [GET], expose_headers = ["x-star"])]
pub(crate) async fn star() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-star", "visible"))
        .content_type(TEXT)
        .body("star")
}

/// No policy at all.
async fn no_policy() -> HttpResponse {
    ok("no policy")
}

/// Only an origin the page never has: a `GET` runs the handler, a `POST` is refused before
/// it.
#[cors(origins = ["https://app.example.com"], methods = [GET, POST])]
pub(crate) async fn elsewhere(handled: web::Data<Handled>, method: Method) -> HttpResponse {
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
pub(crate) async fn session(request: HttpRequest) -> HttpResponse {
    let sid = request
        .headers()
        .get_all(COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("sid="));
    match sid {
        Some(sid) => ok(format!("cookie seen: sid={sid}")),
        None => HttpResponse::Ok()
            .insert_header((
                SET_COOKIE,
                "sid=round-trip-7; Path=/; SameSite=Lax; HttpOnly",
            ))
            .content_type(TEXT)
            .body("no cookie"),
    }
}

/// Names origins but not `credentials`: credentialed calls are blocked by the browser.
#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
pub(crate) async fn no_credentials() -> HttpResponse {
    answer("no credentials")
}

/// The handler sets its own `access-control-allow-origin: *`; the policy (with
/// `credentials`) must replace it.
#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], credentials)]
pub(crate) async fn own_star() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("access-control-allow-origin", "*"))
        .insert_header(("access-control-allow-credentials", "false"))
        .content_type(TEXT)
        .body("own star replaced")
}

// --- preflights: methods ---------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], expose_headers = ["x-request-id"])]
pub(crate) async fn items_get() -> HttpResponse {
    answer("items")
}

#[cors(
    origins = ["http://127.0.0.1:*"],
    methods = [POST],
    allow_headers = ["content-type", "x-request-id"],
    expose_headers = ["x-request-id", "location"],
)]
pub(crate) async fn items_post(request: HttpRequest, body: String) -> HttpResponse {
    HttpResponse::Created()
        .insert_header(("x-request-id", header(&request, "x-request-id")))
        .insert_header(("location", "/items/7"))
        .content_type(TEXT)
        .body(format!(
            "created from {}: {body}",
            header(&request, "content-type")
        ))
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [DELETE], allow_headers = ["x-request-id"])]
pub(crate) async fn items_delete() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// `routes::get_post_only`: one policy for a resource whose routes serve more methods
/// than the policy lists.
fn get_post_only() -> impl HttpServiceFactory {
    web::resource("/get-post-only")
        .wrap(Cors::new(&GET_POST_ONLY))
        .route(web::get().to(|| async { ok("get") }))
        .route(web::post().to(|| async { ok("post") }))
        .route(web::put().to(|| async { ok("put") }))
        .route(web::patch().to(|| async { ok("patch") }))
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [PATCH])]
pub(crate) async fn patchable() -> HttpResponse {
    answer("patched")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = ["PURGE"])]
pub(crate) async fn purge() -> HttpResponse {
    answer("purged")
}

/// Any origin, any method, any header (but `authorization`).
#[cors(origins = ["*"], methods = ["*"], allow_headers = ["*"])]
pub(crate) async fn anything() -> HttpResponse {
    answer("anything")
}

// --- actix_resource!: preflights decided by the handler on the requested method --------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], allow_headers = ["x-get"])]
pub(crate) async fn split_get() -> HttpResponse {
    answer("split get")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [PUT], allow_headers = ["x-put"])]
pub(crate) async fn split_put() -> HttpResponse {
    answer("split put")
}

/// Another origin than the page's: DELETE is refused while GET and PUT are not.
#[cors(origins = ["http://localhost:*"], methods = [DELETE])]
pub(crate) async fn split_delete() -> HttpResponse {
    answer("split delete")
}

// --- preflights: headers ---------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], allow_headers = ["x-allowed"])]
pub(crate) async fn headers() -> HttpResponse {
    answer("headers")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], allow_headers = ["*"])]
pub(crate) async fn star_headers() -> HttpResponse {
    answer("star headers")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], allow_headers = ["*", "authorization"])]
pub(crate) async fn star_and_authorization() -> HttpResponse {
    answer("star and authorization")
}

#[cors(
    origins = ["http://127.0.0.1:*"],
    methods = [GET],
    allow_headers = ["authorization"],
    credentials,
)]
pub(crate) async fn authorization_credentials(request: HttpRequest) -> HttpResponse {
    ok(format!(
        "authorization: {}",
        header(&request, "authorization")
    ))
}

// --- response headers ------------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], expose_headers = ["x-exposed"])]
pub(crate) async fn expose() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-exposed", "yes"))
        .insert_header(("x-hidden", "secret"))
        .content_type(TEXT)
        .body("expose")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET], expose_headers = ["*"])]
pub(crate) async fn expose_star() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-exposed", "yes"))
        .insert_header(("x-hidden", "secret"))
        .content_type(TEXT)
        .body("expose star")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
pub(crate) async fn missing() -> HttpResponse {
    text(actix_web::http::StatusCode::NOT_FOUND, "no such thing")
}

/// Cacheable for ten minutes: `Vary: Origin` must keep the answer for one origin from being
/// reused for another.
#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
pub(crate) async fn cacheable() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("cache-control", "public, max-age=600"))
        .content_type(TEXT)
        .body("cacheable")
}

// --- the preflight cache ---------------------------------------------------------------

#[cors(origins = ["http://127.0.0.1:*"], methods = [PUT], allow_headers = ["x-request-id"], max_age = 600)]
pub(crate) async fn cached() -> HttpResponse {
    answer("cached")
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [PUT], allow_headers = ["x-request-id"], max_age = 0)]
pub(crate) async fn uncached() -> HttpResponse {
    answer("uncached")
}

// --- origins ---------------------------------------------------------------------------

#[cors(origins = ["http://localhost:*"], methods = [GET])]
pub(crate) async fn localhost_only() -> HttpResponse {
    answer("localhost only")
}

#[cors(origins = ["http://*.localhost:*"], methods = [GET])]
pub(crate) async fn subdomains() -> HttpResponse {
    answer("subdomains of localhost")
}

/// `http://127.0.0.1` is port 80 only.
#[cors(origins = ["http://127.0.0.1"], methods = [GET])]
pub(crate) async fn default_port_only() -> HttpResponse {
    answer("default port only")
}

#[cors(origins = ["https://127.0.0.1:*"], methods = [GET])]
pub(crate) async fn https_only() -> HttpResponse {
    answer("https only")
}

// --- writes and WebSocket handshakes (SPEC 10) ------------------------------------------

/// `routes::noted`: a note posted by a form, counted, and answered `201 Created` with what
/// arrived.
fn noted(counter: &std::sync::atomic::AtomicUsize, body: &str) -> HttpResponse {
    count(counter);
    text(
        actix_web::http::StatusCode::CREATED,
        format!("noted: {body}"),
    )
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [POST], credentials)]
pub(crate) async fn guarded_notes(handled: web::Data<Handled>, body: String) -> HttpResponse {
    noted(&handled.notes, &body)
}

/// Trusts `http://localhost:*` only: a page on `127.0.0.1` is same-site and still refused.
#[cors(origins = ["http://localhost:*"], methods = [POST], credentials)]
pub(crate) async fn localhost_notes(handled: web::Data<Handled>, body: String) -> HttpResponse {
    noted(&handled.localhost_notes, &body)
}

/// `routes::hello`: counts the handshake, then opens the WebSocket of every `*live` route,
/// the demo's (one text message, `hello`, then a normal close).
fn hello(
    counter: &std::sync::atomic::AtomicUsize,
    request: &HttpRequest,
    body: web::Payload,
) -> actix_web::Result<HttpResponse> {
    count(counter);
    actix_api::hello(request, body)
}

#[cors(origins = ["http://127.0.0.1:*"], methods = [GET])]
pub(crate) async fn guarded_live(
    handled: web::Data<Handled>,
    request: HttpRequest,
    body: web::Payload,
) -> actix_web::Result<HttpResponse> {
    hello(&handled.live, &request, body)
}

/// Trusts `http://localhost:*` only.
#[cors(origins = ["http://localhost:*"], methods = [GET])]
pub(crate) async fn localhost_live(
    handled: web::Data<Handled>,
    request: HttpRequest,
    body: web::Payload,
) -> actix_web::Result<HttpResponse> {
    hello(&handled.localhost_live, &request, body)
}

/// `routes::layered`: one policy for a scope of plain actix-web handlers, the guard of
/// `actix::Cors`.
fn layered() -> impl HttpServiceFactory {
    web::scope("/layered")
        .wrap(Cors::new(&LAYERED))
        .route(
            "/notes",
            web::post().to(|handled: web::Data<Handled>, body: String| async move {
                noted(&handled.layered_notes, &body)
            }),
        )
        .route(
            "/live",
            web::get().to(
                |handled: web::Data<Handled>, request: HttpRequest, body: web::Payload| async move {
                    hello(&handled.layered_live, &request, body)
                },
            ),
        )
}

/// The scenarios' API, for `App::configure`; its counted handlers increment `handled`.
pub(crate) fn routes(handled: Counters) -> impl FnOnce(&mut web::ServiceConfig) {
    move |config| {
        config
            .app_data(web::Data::from(handled))
            .service(actix_resource!("/simple", simple_get, simple_post))
            .service(actix_resource!("/star", star))
            .route("/no-policy", web::get().to(no_policy))
            .service(actix_resource!("/elsewhere", elsewhere))
            .service(actix_resource!("/session", session))
            .service(actix_resource!("/no-credentials", no_credentials))
            .service(actix_resource!("/own-star", own_star))
            .service(actix_resource!(
                "/items",
                items_get,
                items_post,
                items_delete
            ))
            .service(actix_resource!("/patchable", patchable))
            .service(actix_resource!("/purge", purge))
            .service(actix_resource!("/anything", anything))
            .service(actix_resource!(
                "/split",
                split_get,
                split_put,
                split_delete
            ))
            .service(actix_resource!("/headers", headers))
            .service(actix_resource!("/star-headers", star_headers))
            .service(actix_resource!(
                "/star-and-authorization",
                star_and_authorization
            ))
            .service(actix_resource!(
                "/authorization-credentials",
                authorization_credentials
            ))
            .service(actix_resource!("/expose", expose))
            .service(actix_resource!("/expose-star", expose_star))
            .service(actix_resource!("/missing", missing))
            .service(actix_resource!("/cacheable", cacheable))
            .service(actix_resource!("/cached", cached))
            .service(actix_resource!("/uncached", uncached))
            .service(actix_resource!("/localhost-only", localhost_only))
            .service(actix_resource!("/subdomains", subdomains))
            .service(actix_resource!("/default-port-only", default_port_only))
            .service(actix_resource!("/https-only", https_only))
            .service(actix_resource!("/guarded/notes", guarded_notes))
            .service(actix_resource!("/guarded/localhost-notes", localhost_notes))
            .service(actix_resource!("/guarded/live", guarded_live))
            .service(actix_resource!("/guarded/localhost-live", localhost_live))
            .service(layered())
            .service(get_post_only());
    }
}
