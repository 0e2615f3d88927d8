//! The demo's API on axum (`examples/demo/api.rs`) and on actix-web
//! (`examples/demo/actix_api.rs`, `--framework actix`) are twins:
//!
//! - each actix-web handler's policy is its axum twin's (`NAME::POLICY` printed alike,
//!   before and after the origins of `DEMO_ORIGINS` are resolved), so the two cannot drift;
//! - the demo binary, run with each framework, answers the same requests alike: status,
//!   headers (but `date` and `connection`, the server's own) and body, for reads, writes,
//!   preflights, refusals and WebSocket handshakes.

mod common;

#[path = "../demo/api.rs"]
#[allow(dead_code)] // The router and the helpers of the binary are not all used here.
mod api;

#[path = "../demo/actix_api.rs"]
#[allow(dead_code)]
mod actix_api;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

use common::Demo;
use std::time::Duration;

/// Every pair of twin policies, printed.
fn printed() -> Vec<(String, String, String)> {
    api::policies()
        .into_iter()
        .zip(actix_api::policies())
        .map(|((name, axum), (actix_name, actix))| {
            assert_eq!(name, actix_name, "the twins are listed in the same order");
            (name.to_owned(), axum.to_string(), actix.to_string())
        })
        .collect()
}

#[test]
fn every_actix_handler_has_the_policy_of_its_axum_twin() {
    assert_eq!(api::policies().len(), actix_api::policies().len());
    let before = printed();
    // Resolved from the same variable, they print the same origins.
    let _ = api::resolve_policies();
    let _ = actix_api::resolve_policies();
    let after = printed();
    for (name, axum, actix) in before.iter().chain(&after) {
        assert_eq!(axum, actix, "the policies of `{name}` differ");
    }
    // The env policies print the variable before and its origins after: both were compared.
    assert_ne!(before, after);
}

/// An answer, comparable across servers: the status line, the headers sorted (without
/// `date` and `connection`), the body (for `101`, none: the socket's frames follow).
#[derive(Debug, PartialEq, Eq)]
struct Answer {
    status: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// Sends `request` (the request line and headers, without the final blank line) and
/// `body` on a fresh connection, and reads the answer.
fn send(api: &str, request: &str, body: &str) -> Answer {
    let mut stream = TcpStream::connect(api).expect("connect to the API");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    let length = if body.is_empty() {
        String::new()
    } else {
        format!("content-length: {}\r\n", body.len())
    };
    // A handshake has its own `connection: upgrade`.
    let close = if request.contains(HANDSHAKE) {
        ""
    } else {
        "connection: close\r\n"
    };
    write!(
        stream,
        "{request}\r\nhost: {api}\r\n{length}{close}\r\n{body}"
    )
    .expect("send");
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("a status line");
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a header line");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').expect("a header");
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: Option<usize> = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok());
    let mut body = Vec::new();
    if status.contains(" 101 ") || request.starts_with("HEAD ") {
        // A WebSocket (its frames are not compared), or no body at all.
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body).expect("the body");
    } else {
        reader.read_to_end(&mut body).expect("the body");
    }
    headers.retain(|(name, _)| name != "date" && name != "connection");
    headers.sort();
    Answer {
        status: status.trim_end().to_owned(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// The page's origin as the demo's `/orders` policies list it (`http://127.0.0.1:*`).
const PAGE: &str = "http://127.0.0.1:5173";
/// The one origin the admin routes list.
const ADMIN: &str = "https://admin.example.com";
/// A WebSocket handshake's own headers.
const HANDSHAKE: &str = "upgrade: websocket\r\nconnection: upgrade\r\nsec-websocket-version: 13\r\n\
                         sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==";

/// The requests both servers answer, in order (the counts they keep move alike): the
/// request line and headers, and the body.
fn requests() -> Vec<(String, &'static str)> {
    let preflight = |path: &str, origin: &str, method: &str, headers: &str| {
        let mut request = format!(
            "OPTIONS {path} HTTP/1.1\r\norigin: {origin}\r\naccess-control-request-method: {method}"
        );
        if !headers.is_empty() {
            request.push_str(&format!("\r\naccess-control-request-headers: {headers}"));
        }
        request
    };
    vec![
        (format!("GET /public HTTP/1.1\r\norigin: {PAGE}"), ""),
        ("GET /public HTTP/1.1".to_owned(), ""),
        (
            format!("GET /orders HTTP/1.1\r\norigin: {PAGE}\r\nx-request-id: r-1"),
            "",
        ),
        (
            format!(
                "GET /orders HTTP/1.1\r\norigin: {PAGE}\r\ncookie: a=1; demo_session=abc\r\n\
                 cookie: b=2"
            ),
            "",
        ),
        (
            "GET /orders HTTP/1.1\r\norigin: https://evil.example".to_owned(),
            "",
        ),
        ("GET /orders HTTP/1.1".to_owned(), ""),
        ("HEAD /orders HTTP/1.1".to_owned(), ""),
        (
            preflight("/orders", PAGE, "POST", "content-type, x-request-id"),
            "",
        ),
        (preflight("/orders", PAGE, "PATCH", ""), ""),
        (
            preflight("/orders", "https://shop.example.com", "GET", "x-request-id"),
            "",
        ),
        (preflight("/orders", "https://evil.example", "GET", ""), ""),
        ("OPTIONS /orders HTTP/1.1".to_owned(), ""),
        ("PATCH /orders HTTP/1.1".to_owned(), ""),
        (
            format!(
                "POST /orders HTTP/1.1\r\norigin: {PAGE}\r\nsec-fetch-site: same-site\r\n\
                 content-type: application/json\r\nx-request-id: r-2"
            ),
            "{\"item\":\"tea\"}",
        ),
        (
            "POST /orders HTTP/1.1\r\norigin: https://evil.example\r\n\
             sec-fetch-site: cross-site\r\ncontent-type: text/plain"
                .to_owned(),
            "item=tea",
        ),
        (format!("GET /orders HTTP/1.1\r\norigin: {PAGE}"), ""),
        (preflight("/orders/7", PAGE, "DELETE", "x-request-id"), ""),
        (format!("DELETE /orders/7 HTTP/1.1\r\norigin: {PAGE}"), ""),
        (format!("DELETE /orders/abc HTTP/1.1\r\norigin: {PAGE}"), ""),
        (
            preflight("/admin/settings", PAGE, "PUT", "content-type"),
            "",
        ),
        (
            preflight("/admin/settings", ADMIN, "PUT", "content-type"),
            "",
        ),
        (
            format!(
                "PUT /admin/settings HTTP/1.1\r\norigin: {ADMIN}\r\ncontent-type: application/json"
            ),
            "{\"theme\":\"dark\"}",
        ),
        (
            format!(
                "POST /admin/notes HTTP/1.1\r\norigin: {PAGE}\r\nsec-fetch-site: same-site\r\n\
                 content-type: application/x-www-form-urlencoded"
            ),
            "note=from+the+page",
        ),
        (
            format!(
                "POST /admin/notes HTTP/1.1\r\norigin: {ADMIN}\r\nsec-fetch-site: cross-site\r\n\
                 content-type: application/x-www-form-urlencoded"
            ),
            "note=from+the+admin",
        ),
        (format!("GET /admin/notes HTTP/1.1\r\norigin: {PAGE}"), ""),
        (
            format!("GET /orders/live HTTP/1.1\r\norigin: {PAGE}\r\n{HANDSHAKE}"),
            "",
        ),
        (
            format!("GET /orders/live HTTP/1.1\r\norigin: http://evil.example\r\n{HANDSHAKE}"),
            "",
        ),
        (
            format!(
                "GET /admin/live HTTP/1.1\r\norigin: {PAGE}\r\nsec-fetch-site: same-site\r\n\
                 {HANDSHAKE}"
            ),
            "",
        ),
        (
            format!("GET /admin/live HTTP/1.1\r\norigin: {ADMIN}\r\n{HANDSHAKE}"),
            "",
        ),
        (format!("GET /health HTTP/1.1\r\norigin: {PAGE}"), ""),
        ("HEAD /health HTTP/1.1".to_owned(), ""),
        ("POST /health HTTP/1.1".to_owned(), ""),
        ("GET /nowhere HTTP/1.1".to_owned(), ""),
    ]
}

#[test]
fn the_demo_answers_alike_on_axum_and_actix_web() {
    let axum = Demo::start("axum", None);
    let actix = Demo::start("actix", None);
    let mut differences = Vec::new();
    for (request, body) in requests() {
        let expected = send(&axum.api, &request, body);
        let actual = send(&actix.api, &request, body);
        if expected != actual {
            differences.push(format!(
                "{request:?} {body:?}\n  axum:      {expected:?}\n  actix-web: {actual:?}"
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} answers differ:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
