//! Helpers shared by the behaviour tests: building requests, sending them through a real
//! axum router with `tower::ServiceExt::oneshot`, and reading the CORS headers back.
#![allow(dead_code, unreachable_pub)]

use axum::Router;
use axum::body::Body;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub mod actix;
pub mod twins;

/// Twins resolved from their literal's list (shared with the model-based tests).
#[path = "../check/twin.rs"]
pub mod twin;

/// The runtime's caps, pinned as numbers (shared with the model-based tests).
#[path = "../check/caps.rs"]
pub mod caps;

/// Body every test handler answers with, to prove that it ran.
pub const HANDLER_BODY: &str = "handler ran";
/// Header every test handler sets, to prove that it ran.
pub const HANDLER_HEADER: &str = "x-handler";

/// Status the handlers answer with: unusual on purpose, so it cannot come from elsewhere.
pub const HANDLER_STATUS: StatusCode = StatusCode::ACCEPTED;

/// A handler that proves it ran: status 202, `x-handler: ran`, body `handler ran`.
pub async fn handler() -> (StatusCode, [(&'static str, &'static str); 1], &'static str) {
    (HANDLER_STATUS, [(HANDLER_HEADER, "ran")], HANDLER_BODY)
}

/// The parts of a response a test looks at.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    /// The single value of `name`, as a string; panics when it occurs more than once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.get_all(name).iter();
        let first = values.next()?;
        assert!(
            values.next().is_none(),
            "`{name}` occurs more than once: {:?}",
            self.headers
        );
        Some(first.to_str().expect("visible ASCII header value"))
    }

    /// Every value of `name`, one per field line.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect()
    }

    /// The comma-separated items of every `name` line, trimmed, lowercased.
    pub fn list(&self, name: &str) -> Vec<String> {
        list(&self.headers, name)
    }

    /// Asserts that the handler ran (its status, header and body are there).
    pub fn assert_handler_ran(&self) {
        assert_eq!(self.status, HANDLER_STATUS, "{self:?}");
        assert_eq!(self.header(HANDLER_HEADER), Some("ran"), "{self:?}");
        assert_eq!(self.body, HANDLER_BODY, "{self:?}");
    }

    /// Asserts that no handler ran.
    pub fn assert_handler_did_not_run(&self) {
        assert!(self.headers.get(HANDLER_HEADER).is_none(), "{self:?}");
        assert_ne!(self.body, HANDLER_BODY, "{self:?}");
    }

    /// Asserts the response carries no `Access-Control-Allow-*` nor `-Expose-Headers`.
    pub fn assert_no_cors_grant(&self) {
        for (name, value) in &self.headers {
            let name = name.as_str();
            assert!(
                !name.starts_with("access-control-allow-")
                    && name != "access-control-expose-headers",
                "unexpected `{name}: {value:?}` in {self:?}"
            );
        }
    }

    /// Asserts the response carries no `Access-Control-*` header at all.
    pub fn assert_no_access_control(&self) {
        for (name, value) in &self.headers {
            assert!(
                !name.as_str().starts_with("access-control-"),
                "unexpected `{name}: {value:?}` in {self:?}"
            );
        }
    }

    /// How many times `origin` is named across all `Vary` lines.
    pub fn vary_origin_count(&self) -> usize {
        self.list("vary")
            .iter()
            .filter(|item| *item == "origin")
            .count()
    }

    /// Asserts `Vary` names `Origin` exactly once.
    pub fn assert_vary_origin_once(&self) {
        assert_eq!(self.vary_origin_count(), 1, "Vary: {:?}", self.all("vary"));
    }

    /// Asserts a refused preflight: 403, empty body, no CORS header, handler not run.
    pub fn assert_refused_preflight(&self) {
        assert_eq!(self.status, StatusCode::FORBIDDEN, "{self:?}");
        assert!(self.body.is_empty(), "{self:?}");
        self.assert_no_access_control();
        self.assert_handler_did_not_run();
    }

    /// Asserts an untrusted write or WebSocket handshake refused before the handler
    /// (SPEC 10): 403, empty body, no CORS header, `Vary: Origin` once, handler not run.
    pub fn assert_refused_before_handler(&self) {
        assert_eq!(self.status, StatusCode::FORBIDDEN, "{self:?}");
        assert!(self.body.is_empty(), "{self:?}");
        self.assert_no_access_control();
        self.assert_vary_origin_once();
        self.assert_handler_did_not_run();
    }

    /// Asserts an allowed preflight: 204, empty body, the origin echoed, handler not run.
    pub fn assert_allowed_preflight(&self, allow_origin: &str) {
        assert_eq!(self.status, StatusCode::NO_CONTENT, "{self:?}");
        assert!(self.body.is_empty(), "{self:?}");
        assert_eq!(
            self.header("access-control-allow-origin"),
            Some(allow_origin)
        );
        self.assert_handler_did_not_run();
    }
}

/// The comma-separated items of every `name` line of `headers`, trimmed, lowercased,
/// empty items dropped.
pub fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .flat_map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split(',')
                .map(|item| item.trim().to_ascii_lowercase())
                .filter(|item| !item.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether an `Access-Control-Allow-Headers` list covers the requested `name`, as a
/// browser checks it: listed by name (case-insensitively), or `*` on a request without
/// credentials, which never covers `authorization`.
pub fn covers(allow_headers: &[String], name: &str, credentials: bool) -> bool {
    let name = name.to_ascii_lowercase();
    allow_headers.contains(&name)
        || (!credentials && name != "authorization" && allow_headers.iter().any(|h| h == "*"))
}

/// Sends `request` through `app` and collects the response.
pub async fn send(app: Router, request: Request<Body>) -> Reply {
    let response = app
        .oneshot(request)
        .await
        .expect("axum routers are infallible");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// A request with `headers`, each appended (so a name may repeat).
pub fn request(method: &str, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .expect("request");
    for (name, value) in headers {
        request.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_str(value).expect("value"),
        );
    }
    request
}

/// A request whose header values are raw bytes (obs-text and all).
pub fn request_bytes(method: &str, uri: &str, headers: &[(&str, &[u8])]) -> Request<Body> {
    let mut request = request(method, uri, &[]);
    for (name, value) in headers {
        request.headers_mut().append(
            HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_bytes(value).expect("value"),
        );
    }
    request
}

/// A request to `uri` with `Origin: origin`.
pub fn with_origin(method: &str, uri: &str, origin: &str) -> Request<Body> {
    request(method, uri, &[("origin", origin)])
}

/// A preflight for `method` from `origin`, asking for `request_headers` when given.
pub fn preflight(
    uri: &str,
    origin: &str,
    method: &str,
    request_headers: Option<&str>,
) -> Request<Body> {
    let mut headers = vec![
        ("origin", origin),
        ("access-control-request-method", method),
    ];
    if let Some(names) = request_headers {
        headers.push(("access-control-request-headers", names));
    }
    request("OPTIONS", uri, &headers)
}
