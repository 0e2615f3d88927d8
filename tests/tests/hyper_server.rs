//! `CorsLayer` in front of a plain hyper server (SPEC section 2: "works with ... hyper"), no
//! axum: a `tower::service_fn` wrapped in the layer, served by hyper's HTTP/1.1 server on
//! loopback, and called by hyper's client over real TCP.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tower::{Layer, service_fn};

use cors_runtime::{CorsLayer, Policy, policy};

static API: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [GET, PUT],
    allow_headers = ["x-request-id"],
    expose_headers = ["x-request-id"],
    credentials,
    max_age = 600,
);

const APP: &str = "https://app.example.com";

/// The service: `200 hello` with `x-request-id: 42`, so a test can tell that it ran.
async fn hello(_request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let mut response = Response::new(Full::new(Bytes::from_static(b"hello")));
    response
        .headers_mut()
        .insert("x-request-id", http::HeaderValue::from_static("42"));
    Ok(response)
}

/// Serves `CorsLayer::new(&API)` over `hello` on a loopback port, one task per connection.
async fn serve() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let service = CorsLayer::new(&API).layer(service_fn(hello));
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let service = TowerToHyperService::new(service.clone());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// Sends one request over a new connection; returns the status, headers and body.
async fn call(
    addr: SocketAddr,
    method: Method,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Bytes) {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    let mut request = Request::builder()
        .method(method)
        .uri("/orders")
        .header("host", "127.0.0.1");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Full::new(Bytes::new())).expect("request");
    let response = sender.send_request(request).await.expect("response");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    (parts.status, parts.headers, body)
}

fn get<'h>(headers: &'h HeaderMap, name: &str) -> Vec<&'h str> {
    headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("ASCII"))
        .collect()
}

#[tokio::test]
async fn cors_layer_over_a_plain_hyper_server() {
    let addr = serve().await;

    // Actual request, allowed: the service ran, the grant is on the wire.
    let (status, headers, body) = call(addr, Method::GET, &[("origin", APP)]).await;
    assert_eq!((status, &body[..]), (StatusCode::OK, &b"hello"[..]));
    assert_eq!(get(&headers, "access-control-allow-origin"), [APP]);
    assert_eq!(get(&headers, "access-control-allow-credentials"), ["true"]);
    assert_eq!(
        get(&headers, "access-control-expose-headers"),
        ["x-request-id"]
    );
    assert_eq!(get(&headers, "vary"), ["Origin"]);

    // Actual request, refused: the service still ran; no grant, but `Vary`.
    let (status, headers, body) =
        call(addr, Method::GET, &[("origin", "https://evil.example")]).await;
    assert_eq!((status, &body[..]), (StatusCode::OK, &b"hello"[..]));
    assert!(headers.get("access-control-allow-origin").is_none());
    assert!(headers.get("access-control-allow-credentials").is_none());
    assert_eq!(get(&headers, "vary"), ["Origin"]);

    // Preflight, allowed: `204`, empty body, answered without the service.
    let (status, headers, body) = call(
        addr,
        Method::OPTIONS,
        &[
            ("origin", APP),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "X-Request-Id"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(body.is_empty());
    assert!(headers.get("x-request-id").is_none(), "the service ran");
    assert_eq!(get(&headers, "access-control-allow-origin"), [APP]);
    assert_eq!(get(&headers, "access-control-allow-credentials"), ["true"]);
    let methods = get(&headers, "access-control-allow-methods").join(",");
    assert!(methods.split(',').any(|m| m.trim() == "PUT"), "{methods:?}");
    let names = get(&headers, "access-control-allow-headers").join(",");
    assert!(
        names
            .split(',')
            .any(|n| n.trim().eq_ignore_ascii_case("x-request-id")),
        "{names:?}"
    );
    assert_eq!(get(&headers, "access-control-max-age"), ["600"]);
    assert_eq!(get(&headers, "vary"), ["Origin"]);

    // Preflight, refused (method not listed): `403`, no grant.
    let (status, headers, body) = call(
        addr,
        Method::OPTIONS,
        &[("origin", APP), ("access-control-request-method", "DELETE")],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.is_empty());
    assert!(headers.get("access-control-allow-origin").is_none());
    assert!(headers.get("access-control-allow-methods").is_none());
    assert!(headers.get("x-request-id").is_none(), "the service ran");

    // `OPTIONS` without `Access-Control-Request-Method` is not a preflight: the service runs.
    let (status, headers, _) = call(addr, Method::OPTIONS, &[("origin", APP)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(get(&headers, "x-request-id"), ["42"]);
}
