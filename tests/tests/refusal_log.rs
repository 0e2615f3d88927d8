//! Feature `tracing` (SPEC section 2): every refused origin or preflight, and every
//! untrusted write or WebSocket handshake (SPEC 10), is logged at debug level with its
//! reason; an allowed or non-CORS request logs nothing. Every change of a live origin set
//! (SPEC 11) is logged at info level with the set's size before and after; a refused
//! change logs nothing.

mod common;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::get;
use common::{handler, preflight, request, send, with_origin};
use cors_runtime::{CorsLayer, OriginSet, Policy, cors, policy, route};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

const APP: &str = "https://app.example.com";

static API: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [GET, PUT],
    allow_headers = ["x-request-id"],
);

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn read() -> &'static str {
    "read"
}

/// One logged event: its level and its fields.
#[derive(Debug, Clone, Default, PartialEq)]
struct Logged {
    level: String,
    reason: String,
    origin: String,
    detail: String,
    /// A live set's change: the operation and the sizes before and after.
    operation: String,
    before: String,
    after: String,
}

/// Keeps every event of `cors_runtime`.
#[derive(Clone, Default)]
struct Collect(Arc<Mutex<Vec<Logged>>>);

impl Collect {
    fn take(&self) -> Vec<Logged> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

impl Visit for Logged {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        match field.name() {
            "origin" => self.origin = text,
            "detail" => self.detail = text,
            "operation" => self.operation = text,
            "before" => self.before = text,
            "after" => self.after = text,
            _ => {}
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "reason" {
            self.reason = value.to_owned();
        } else {
            self.record_debug(field, &value);
        }
    }
}

impl<S: Subscriber> Layer<S> for Collect {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let metadata = event.metadata();
        if !metadata.target().starts_with("cors_runtime") {
            return;
        }
        let mut logged = Logged {
            level: metadata.level().to_string(),
            ..Logged::default()
        };
        event.record(&mut logged);
        self.0.lock().unwrap().push(logged);
    }
}

fn app() -> Router {
    Router::new()
        .route("/layer", get(handler).put(handler))
        .layer(CorsLayer::new(&API))
        .route("/route", route![read])
}

/// What one request logs: `(reason, origin, detail)` of each event, all at debug level.
async fn logged(collect: &Collect, request: http::Request<axum::body::Body>) -> Vec<[String; 3]> {
    send(app(), request).await;
    collect
        .take()
        .into_iter()
        .map(|event| {
            assert_eq!(event.level, Level::DEBUG.to_string(), "{event:?}");
            [event.reason, event.origin, event.detail]
        })
        .collect()
}

fn one(reason: &str, origin: &str, detail: &str) -> Vec<[String; 3]> {
    vec![[reason.to_owned(), origin.to_owned(), detail.to_owned()]]
}

// One test, so that the thread-local subscriber sees every event of this binary.
#[tokio::test]
async fn every_refusal_is_logged_once_with_its_reason() {
    let collect = Collect::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(collect.clone()));

    // Granted, or not CORS at all: nothing to log.
    for request in [
        with_origin("GET", "/layer", APP),
        request("GET", "/layer", &[]),
        preflight("/layer", APP, "PUT", Some("x-request-id")),
        with_origin("GET", "/route", APP),
        preflight("/route", APP, "GET", None),
    ] {
        assert_eq!(logged(&collect, request).await, Vec::<[String; 3]>::new());
    }

    let evil = "https://evil.example";
    let cases = [
        (
            with_origin("GET", "/layer", evil),
            one("origin_not_allowed", evil, ""),
        ),
        (
            request("GET", "/layer", &[("origin", APP), ("origin", APP)]),
            one("duplicate_origin", APP, ""),
        ),
        (
            preflight("/layer", evil, "PUT", None),
            one("origin_not_allowed", evil, ""),
        ),
        (
            preflight("/layer", APP, "DELETE", None),
            one("method_not_allowed", APP, "DELETE"),
        ),
        (
            preflight("/layer", APP, "P(T", None),
            one("invalid_request_method", APP, "P(T"),
        ),
        (
            preflight("/layer", APP, "PUT", Some("x-request-id, x-secret")),
            one("request_header_not_allowed", APP, "x-secret"),
        ),
        (
            preflight("/layer", APP, "PUT", Some("x-request-id, x{y}")),
            one("invalid_request_headers", APP, "x{y}"),
        ),
        (
            preflight("/layer", APP, "PUT", Some(&"x-request-id,".repeat(100))),
            one("request_headers_too_large", APP, ""),
        ),
        (
            with_origin("GET", "/route", evil),
            one("origin_not_allowed", evil, ""),
        ),
        // SPEC 10: an untrusted write or WebSocket handshake is logged once, with the
        // guard's reason (not also as a refused origin) and the method.
        (
            with_origin("PUT", "/layer", evil),
            one("untrusted_write", evil, "PUT"),
        ),
        (
            request("PUT", "/layer", &[("sec-fetch-site", "cross-site")]),
            one("untrusted_write", "", "PUT"),
        ),
        (
            request(
                "GET",
                "/route",
                &[("origin", evil), ("upgrade", "websocket")],
            ),
            one("untrusted_websocket_handshake", evil, "GET"),
        ),
        // `route!`: no handler of the route serves DELETE.
        (
            preflight("/route", APP, "DELETE", None),
            one("method_not_allowed", APP, "DELETE"),
        ),
    ];
    for (request, expected) in cases {
        let what = format!(
            "{} {} {:?}",
            request.method(),
            request.uri(),
            request.headers()
        );
        assert_eq!(logged(&collect, request).await, expected, "{what}");
    }
}

#[test]
fn every_change_of_a_live_set_is_logged_with_the_sizes() {
    static TENANTS: OriginSet = OriginSet::new();
    let collect = Collect::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(collect.clone()));
    let change = |level: Level, operation: &str, before: usize, after: usize| Logged {
        level: level.to_string(),
        operation: format!("{operation:?}"),
        before: before.to_string(),
        after: after.to_string(),
        ..Logged::default()
    };
    TENANTS
        .replace(["https://a.example", "https://*.b.example"])
        .expect("valid origins");
    assert_eq!(collect.take(), [change(Level::INFO, "replace", 0, 2)]);
    assert_eq!(TENANTS.insert("https://c.example"), Ok(true));
    assert_eq!(collect.take(), [change(Level::INFO, "insert", 2, 3)]);
    assert!(TENANTS.remove("https://a.example"));
    assert_eq!(collect.take(), [change(Level::INFO, "remove", 3, 2)]);
    // Nothing changed, nothing logged.
    assert_eq!(TENANTS.insert("https://c.example"), Ok(false));
    assert!(!TENANTS.remove("https://a.example"));
    assert!(TENANTS.replace(["https://a.example/"]).is_err());
    assert!(TENANTS.insert("*").is_err());
    assert_eq!(collect.take(), []);
    TENANTS.replace(Vec::<&str>::new()).expect("an empty set");
    assert_eq!(collect.take(), [change(Level::INFO, "replace", 2, 0)]);
}
