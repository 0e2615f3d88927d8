//! axum and actix-web on the wire (SPEC section 12): the same policy in front of the same
//! handler, served by each framework's own HTTP/1.1 server on loopback, answers every
//! request with the same bytes: status line, header fields and body. Only `date` differs
//! (the second it was sent), and the order of the fields (actix-web keeps them in a hash
//! map), so fields are compared as sorted lines.
//!
//! Two mounts per framework: the policy as a middleware (`CorsLayer` with
//! `Router::layer`, `actix::Cors` with `App::wrap`) over a handler serving any method, and
//! `#[cors]` handlers on one path (`route!`, `actix_resource!`).

use std::net::SocketAddr;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::any;
use cors_runtime::actix::Cors;
use cors_runtime::{CorsLayer, Policy, actix_resource, cors, policy, route};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const APP: &str = "https://app.example.com";

static API: Policy = policy!(
    origins = ["https://app.example.com", "https://*.example.org"],
    methods = [GET, POST, PUT],
    allow_headers = ["content-type", "x-request-id"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600,
);

/// What every handler answers on axum: `202`, `x-handler: ran`, `handler ran`.
async fn axum_handler() -> (StatusCode, [(&'static str, &'static str); 1], &'static str) {
    (StatusCode::ACCEPTED, [("x-handler", "ran")], "handler ran")
}

/// The same on actix-web (axum writes the `content-type` of a `&str` body itself).
async fn actix_handler() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Accepted()
        .insert_header(("x-handler", "ran"))
        .content_type("text/plain; charset=utf-8")
        .body("handler ran")
}

#[cors(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["x-request-id"], max_age = 60)]
async fn read() -> (StatusCode, [(&'static str, &'static str); 1], &'static str) {
    axum_handler().await
}

#[cors(origins = ["https://app.example.com", "https://b.example"], methods = [PUT, DELETE], credentials)]
async fn write() -> (StatusCode, [(&'static str, &'static str); 1], &'static str) {
    axum_handler().await
}

#[cors(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["x-request-id"], max_age = 60)]
async fn read_actix() -> actix_web::HttpResponse {
    actix_handler().await
}

#[cors(origins = ["https://app.example.com", "https://b.example"], methods = [PUT, DELETE], credentials)]
async fn write_actix() -> actix_web::HttpResponse {
    actix_handler().await
}

/// The requests: reads, preflights, writes, handshakes, allowed and refused.
fn requests() -> Vec<(&'static str, String)> {
    let with = |method: &str, path: &str, lines: &[&str]| {
        let mut request = format!("{method} {path} HTTP/1.1\r\nhost: api.example.com\r\n");
        for line in lines {
            request.push_str(line);
            request.push_str("\r\n");
        }
        request.push_str("connection: close\r\n\r\n");
        request
    };
    let origin = format!("origin: {APP}");
    let origin = origin.as_str();
    vec![
        ("allowed GET", with("GET", "/r", &[origin])),
        (
            "pattern GET",
            with("GET", "/r", &["origin: https://shop.example.org"]),
        ),
        (
            "refused GET",
            with("GET", "/r", &["origin: https://evil.example"]),
        ),
        ("GET without Origin", with("GET", "/r", &[])),
        ("HEAD", with("HEAD", "/r", &[origin])),
        (
            "allowed preflight",
            with(
                "OPTIONS",
                "/r",
                &[
                    origin,
                    "access-control-request-method: PUT",
                    "access-control-request-headers: content-type",
                ],
            ),
        ),
        (
            "preflight for a simple method",
            with(
                "OPTIONS",
                "/r",
                &[origin, "access-control-request-method: GET"],
            ),
        ),
        (
            "preflight, header not allowed",
            with(
                "OPTIONS",
                "/r",
                &[
                    origin,
                    "access-control-request-method: PUT",
                    "access-control-request-headers: x-other",
                ],
            ),
        ),
        (
            "preflight, method not allowed",
            with(
                "OPTIONS",
                "/r",
                &[origin, "access-control-request-method: PATCH"],
            ),
        ),
        (
            "preflight, origin refused",
            with(
                "OPTIONS",
                "/r",
                &[
                    "origin: https://evil.example",
                    "access-control-request-method: PUT",
                ],
            ),
        ),
        (
            "trusted write",
            with(
                "PUT",
                "/r",
                &[origin, "sec-fetch-site: same-site", "content-length: 0"],
            ),
        ),
        (
            "untrusted write",
            with(
                "POST",
                "/r",
                &[
                    "origin: https://evil.example",
                    "sec-fetch-site: cross-site",
                    "content-length: 0",
                ],
            ),
        ),
        (
            "untrusted WebSocket handshake",
            with(
                "GET",
                "/r",
                &[
                    "origin: https://evil.example",
                    "upgrade: websocket",
                    "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==",
                    "sec-websocket-version: 13",
                ],
            ),
        ),
        (
            "duplicate Origin",
            with("GET", "/r", &[origin, "origin: https://b.example"]),
        ),
    ]
}

/// Serves `app` with axum on a loopback port.
async fn serve_axum(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// Serves the `App` `make` builds with actix-web's server on a loopback port, on a thread
/// of its own (actix-web runs its own runtime).
fn serve_actix<F, T, B>(make: F) -> SocketAddr
where
    F: Fn() -> actix_web::App<T> + Send + Clone + 'static,
    T: actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    B: actix_web::body::MessageBody + 'static,
{
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            actix_web::HttpServer::new(make)
                .workers(1)
                .listen(listener)
                .expect("listen")
                .run()
                .await
        })
    });
    addr
}

/// Sends `request` and reads the answer to the end (the request asks to close).
async fn exchange(addr: SocketAddr, request: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    answer
}

/// An answer as compared: the status line, the header lines but `date`, sorted, and
/// the body.
fn normalized(answer: &[u8]) -> (String, Vec<String>, Vec<u8>) {
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("a complete head: {:?}", String::from_utf8_lossy(answer)));
    let head = String::from_utf8(answer[..split].to_vec()).expect("an ASCII head");
    let body = answer[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines.next().expect("a status line").to_owned();
    let mut fields: Vec<String> = lines
        .filter(|line| !line.to_ascii_lowercase().starts_with("date:"))
        .map(str::to_owned)
        .collect();
    fields.sort();
    (status, fields, body)
}

async fn compare(axum: SocketAddr, actix: SocketAddr, mount: &str) {
    for (name, request) in requests() {
        let on_axum = normalized(&exchange(axum, &request).await);
        let on_actix = normalized(&exchange(actix, &request).await);
        assert_eq!(on_axum, on_actix, "{mount} / {name}: axum vs actix-web");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_as_middleware_answers_alike() {
    let axum = serve_axum(
        Router::new()
            .route("/r", any(axum_handler))
            .layer(CorsLayer::new(&API)),
    )
    .await;
    let actix = serve_actix(|| {
        actix_web::App::new()
            .wrap(Cors::new(&API))
            .route("/r", actix_web::web::route().to(actix_handler))
    });
    compare(axum, actix, "middleware").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handlers_on_one_path_answer_alike() {
    let axum = serve_axum(Router::new().route("/r", route![read, write])).await;
    let actix = serve_actix(|| {
        actix_web::App::new().service(actix_resource!("/r", read_actix, write_actix))
    });
    compare(axum, actix, "route! / actix_resource!").await;
}
