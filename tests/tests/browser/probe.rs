//! What a scenario works with: a browser session, the scenarios' API (on axum or
//! actix-web) and a blank page on their own ports, `fetch` calls whose verdict the browser
//! reports, and the two doors that are not CORS (SPEC 10): real HTML form submissions and
//! WebSocket handshakes, whose verdict is whether they reached the handler.
//!
//! The model of `cors_runtime::testing` makes every call too, against the axum API
//! (`routes::router`) whichever framework the browser calls: the model drives a tower
//! service in this process, and the actix-web API is the axum one's twin (the same
//! policies, the same answers), so their verdicts must agree all the same.

use std::collections::BTreeMap;
use std::fmt;

use fantoccini::Client;
use serde_json::{Value, json};

use crate::Framework;
use crate::engine::Engine;
use crate::routes::{self, Counters};
use crate::server::{self, Seen, Server};

const PROBE: &str = include_str!("probe.js");
const DOORS: &str = include_str!("doors.js");

/// What the browser let the script see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// `fetch` resolved: the script may read the response.
    Allowed,
    /// `fetch` rejected with a `TypeError`: the browser's CORS check failed.
    Blocked,
}

/// One `fetch`, as the browser decided it.
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub(crate) verdict: Verdict,
    pub(crate) status: u16,
    pub(crate) body: String,
    /// The headers the call asked to read: `None` when the script sees `null`.
    pub(crate) headers: BTreeMap<String, Option<String>>,
    /// Every header name the script can see.
    pub(crate) visible: Vec<String>,
    /// The origin of the script that called `fetch` (`null` in a sandboxed iframe).
    pub(crate) origin: String,
    pub(crate) error: String,
}

impl Reply {
    fn parse(value: &Value) -> Result<Reply, String> {
        let text = |key: &str| value[key].as_str().unwrap_or_default().to_owned();
        let verdict = match value["verdict"].as_str() {
            Some("allowed") => Verdict::Allowed,
            Some("blocked") => Verdict::Blocked,
            _ => return Err(format!("the probe script failed: {value}")),
        };
        let headers = value["headers"]
            .as_object()
            .map(|map| {
                map.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned)))
                    .collect()
            })
            .unwrap_or_default();
        let visible = value["visible"]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Reply {
            verdict,
            status: value["status"]
                .as_u64()
                .and_then(|s| u16::try_from(s).ok())
                .unwrap_or(0),
            body: text("body"),
            headers,
            visible,
            origin: text("origin"),
            error: text("error"),
        })
    }

    /// The value of a header the call asked to read.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.as_deref())
    }
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.verdict {
            Verdict::Allowed => write!(
                f,
                "allowed: status {}, body {:?}, headers {:?}, visible {:?}, origin {}",
                self.status, self.body, self.headers, self.visible, self.origin
            ),
            Verdict::Blocked => write!(f, "blocked: {} (origin {})", self.error, self.origin),
        }
    }
}

/// One `fetch(url, init)`, reading the response headers named in `read`.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    url: String,
    init: Value,
    read: Vec<String>,
}

impl Call {
    /// Sets the `fetch` options (`{ method, headers, body, credentials }`).
    pub(crate) fn init(mut self, init: Value) -> Call {
        self.init = init;
        self
    }

    /// Asks to read these response headers.
    pub(crate) fn read(mut self, names: &[&str]) -> Call {
        self.read = names.iter().map(|n| (*n).to_owned()).collect();
        self
    }

    fn to_json(&self) -> Value {
        json!({ "url": self.url, "init": self.init, "read": self.read })
    }
}

/// A scenario's browser and servers.
pub(crate) struct Ctx {
    pub(crate) client: Client,
    /// The engine the scenario runs in.
    pub(crate) engine: Engine,
    /// The framework that serves the API (and the demo's API).
    pub(crate) framework: Framework,
    /// The scenarios' API (`routes::router`, or its actix-web twin
    /// `routes_actix::routes`), with its request log.
    pub(crate) api: Server,
    /// How many times each counted handler of the API ran.
    pub(crate) handled: Counters,
    /// A blank page: the origins the scripts run on.
    pub(crate) page: Server,
}

impl Ctx {
    /// Starts the API on `framework` and the page server for one scenario.
    pub(crate) async fn start(
        client: Client,
        engine: Engine,
        framework: Framework,
    ) -> Result<Ctx, String> {
        let handled = Counters::default();
        let api = match framework {
            Framework::Axum => server::serve(routes::router_counting(handled.clone())).await?,
            Framework::Actix => {
                let handled = handled.clone();
                server::serve_actix(move || {
                    actix_web::App::new().configure(crate::routes_actix::routes(handled.clone()))
                })
                .await?
            }
        };
        Ok(Ctx {
            client,
            engine,
            framework,
            api,
            handled,
            page: server::serve(server::blank_page()).await?,
        })
    }

    /// A call to `path` on the API.
    pub(crate) fn call(&self, path: &str) -> Call {
        Call {
            url: format!("http://127.0.0.1:{}{path}", self.api.port),
            init: json!({}),
            read: Vec::new(),
        }
    }

    /// Loads the blank page from `http://{host}:{page port}/`: the scripts' origin.
    pub(crate) async fn open(&self, host: &str) {
        self.open_port(host, self.page.port).await;
    }

    /// Loads the page served on `port` from `http://{host}:{port}/`.
    pub(crate) async fn open_port(&self, host: &str, port: u16) {
        let url = format!("http://{host}:{port}/");
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot load {url}: {e}"));
        let origin = self
            .client
            .execute("return location.origin", Vec::new())
            .await
            .unwrap_or_else(|e| panic!("cannot read the page's origin: {e}"));
        assert_eq!(
            origin.as_str(),
            Some(url.trim_end_matches('/')),
            "the page did not load at {url}"
        );
    }

    /// Makes the calls one after the other from the loaded page (or from a sandboxed iframe
    /// in it), and returns what the browser decided for each.
    pub(crate) async fn fetch_all(&self, calls: &[Call], sandboxed: bool) -> Vec<Reply> {
        let calls_json = Value::Array(calls.iter().map(Call::to_json).collect());
        let result = self
            .client
            .execute_async(PROBE, vec![calls_json, Value::Bool(sandboxed)])
            .await
            .unwrap_or_else(|e| panic!("the probe script did not finish: {e}"));
        let replies = result
            .as_array()
            .unwrap_or_else(|| panic!("the probe script returned {result}"));
        let replies: Vec<Reply> = replies
            .iter()
            .map(|r| Reply::parse(r).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        assert_eq!(replies.len(), calls.len(), "one reply per call");
        for (call, reply) in calls.iter().zip(&replies) {
            model_agrees(call, reply).await;
        }
        replies
    }

    /// Makes one call from the loaded page.
    pub(crate) async fn fetch(&self, call: Call) -> Reply {
        self.fetch_all(&[call], false)
            .await
            .pop()
            .expect("one reply")
    }

    /// Opens the page on `host` and makes one call from it.
    pub(crate) async fn fetch_from(&self, host: &str, call: Call) -> Reply {
        self.open(host).await;
        self.fetch(call).await
    }
}

/// A form's enctype.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Enctype {
    /// `application/x-www-form-urlencoded`, a form's default.
    UrlEncoded,
    /// `text/plain`.
    TextPlain,
}

impl Enctype {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Enctype::UrlEncoded => "application/x-www-form-urlencoded",
            Enctype::TextPlain => "text/plain",
        }
    }

    /// The body a browser sends for `fields` (names and values of plain ASCII).
    fn encode(self, fields: &[(&str, &str)]) -> String {
        match self {
            Enctype::UrlEncoded => url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(fields)
                .finish(),
            Enctype::TextPlain => fields
                .iter()
                .map(|(name, value)| format!("{name}={value}\r\n"))
                .collect(),
        }
    }
}

/// Which door a [`Door`] went through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DoorKind {
    /// A real `<form method="post">`, submitted into a hidden frame.
    Form(Enctype),
    /// `new WebSocket(url)`.
    WebSocket,
}

/// A form submission or a WebSocket handshake, as the browser made it and the server
/// answered it.
#[derive(Clone, Debug)]
pub(crate) struct Door {
    pub(crate) kind: DoorKind,
    /// The page's origin.
    pub(crate) origin: String,
    /// The request as the server saw it (the headers the browser sent, the status the
    /// server answered).
    pub(crate) seen: Seen,
    /// The browser's verdict: the request reached the handler (for a form, the server did
    /// not answer `403 Forbidden`; for a WebSocket, the socket opened).
    pub(crate) reached: bool,
    /// The text messages the socket received.
    pub(crate) messages: Vec<String>,
    /// The code of the socket's `close` event.
    pub(crate) close_code: Option<u64>,
    /// What the page's script reported.
    pub(crate) report: Value,
}

impl fmt::Display for Door {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            DoorKind::Form(enctype) => format!("form ({})", enctype.as_str()),
            DoorKind::WebSocket => "WebSocket".to_owned(),
        };
        write!(
            f,
            "{what} {} {} from {}: {}, server answered {}, {}; the page saw {}",
            self.seen.method,
            self.seen.path,
            self.origin,
            if self.reached {
                "reached the handler"
            } else {
                "refused"
            },
            self.seen.status.unwrap_or(0),
            self.seen.metadata(),
            self.report
        )
    }
}

impl Ctx {
    /// Submits a real HTML form of the loaded page: `<form method="post" action="{API}{path}"
    /// enctype target>` with `fields` as hidden inputs, into a hidden `<iframe>`; returns
    /// it once the server has answered. The model of `cors_runtime::testing` submits the
    /// same form and must reach the same verdict.
    pub(crate) async fn submit_form(
        &self,
        path: &str,
        enctype: Enctype,
        fields: &[(&str, &str)],
    ) -> Door {
        let url = format!("http://127.0.0.1:{}{path}", self.api.port);
        let fields_json: serde_json::Map<String, Value> = fields
            .iter()
            .map(|(name, value)| ((*name).to_owned(), Value::from(*value)))
            .collect();
        let door = json!({
            "kind": "form", "url": url, "enctype": enctype.as_str(), "fields": fields_json,
        });
        let door = self
            .open_door(DoorKind::Form(enctype), "POST", path, door)
            .await;
        let body = enctype.encode(fields);
        let request = http::Request::post(url.as_str())
            .header("content-type", enctype.as_str())
            .body(axum::body::Body::from(body))
            .expect("a request");
        let tab = cors_runtime::testing::Browser::new(door.origin.as_str());
        let outcome = tab.submit_form(&routes::router(), request).await;
        model_agrees_on_door(&door, &outcome);
        door
    }

    /// Opens `new WebSocket("ws://127.0.0.1:{API port}{path}")` from the loaded page, until
    /// it closes; returns it with what the server saw. The model opens the same WebSocket
    /// and must reach the same verdict.
    pub(crate) async fn open_websocket(&self, path: &str) -> Door {
        let url = format!("ws://127.0.0.1:{}{path}", self.api.port);
        let door = json!({ "kind": "websocket", "url": url });
        let door = self.open_door(DoorKind::WebSocket, "GET", path, door).await;
        assert_eq!(
            door.reached,
            door.seen.status == Some(101),
            "the socket opened exactly when the server switched protocols: {door}"
        );
        let request = http::Request::get(url.as_str())
            .body(axum::body::Body::empty())
            .expect("a request");
        let tab = cors_runtime::testing::Browser::new(door.origin.as_str());
        let outcome = tab.open_websocket(&routes::router(), request).await;
        model_agrees_on_door(&door, &outcome);
        door
    }

    /// Runs `doors.js` for `door` and finds the one request it made to `path`.
    async fn open_door(&self, kind: DoorKind, method: &str, path: &str, door: Value) -> Door {
        let before = self.api.log.count(method, path);
        let report = self
            .client
            .execute_async(DOORS, vec![door])
            .await
            .unwrap_or_else(|e| panic!("the doors script did not finish: {e}"));
        let seen = self.api.log.answered(method, path, before + 1).await;
        assert_eq!(
            seen.len(),
            before + 1,
            "one {method} {path} reached the server and was answered (the page saw {report})\n\
             the API saw:\n  {}",
            self.api.log.dump()
        );
        let seen = seen.last().cloned().expect("one request");
        let origin = report["origin"].as_str().unwrap_or_default().to_owned();
        let reached = match kind {
            DoorKind::Form(_) => {
                assert_eq!(
                    report["loaded"].as_bool(),
                    Some(true),
                    "the form's answer loaded in its frame: {report}"
                );
                seen.status != Some(403)
            }
            DoorKind::WebSocket => {
                assert!(
                    report["kind"] == "websocket" && report["closeCode"].is_u64(),
                    "the WebSocket closed: {report}"
                );
                report["opened"].as_bool() == Some(true)
            }
        };
        Door {
            kind,
            origin,
            seen,
            reached,
            messages: report["messages"]
                .as_array()
                .map(|m| {
                    m.iter()
                        .filter_map(|m| m.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            close_code: report["closeCode"].as_u64(),
            report,
        }
    }
}

/// The model's form or WebSocket reaches the browser's verdict, and sends the `Origin`
/// the browser sent, and its `Sec-Fetch-Site` when the browser sent one.
fn model_agrees_on_door(door: &Door, outcome: &cors_runtime::testing::Outcome) {
    assert_eq!(
        outcome.is_allowed(),
        door.reached,
        "the model and the browser disagree:\n  browser: {door}\n  model: {outcome}"
    );
    assert_eq!(
        outcome.origin_sent(),
        door.seen.origin.as_deref(),
        "the model sends another Origin:\n  browser: {door}\n  model: {outcome}"
    );
    if let Some(site) = &door.seen.fetch_site {
        assert_eq!(
            outcome.site().as_str(),
            site,
            "the model sends another Sec-Fetch-Site:\n  browser: {door}\n  model: {outcome}"
        );
    }
}

/// Asserts the form or WebSocket reached the handler (and the server answered `status`).
pub(crate) fn reached(door: Door, status: u16, ctx: &Ctx) -> Door {
    assert!(
        door.reached && door.seen.status == Some(status),
        "expected the handler to run and answer {status}: {door}\nthe API saw:\n  {}",
        ctx.api.log.dump()
    );
    door
}

/// Asserts the server refused the form or WebSocket with `403 Forbidden`.
pub(crate) fn refused(door: Door, ctx: &Ctx) -> Door {
    assert!(
        !door.reached && door.seen.status == Some(403),
        "expected the server to refuse it with 403: {door}\nthe API saw:\n  {}",
        ctx.api.log.dump()
    );
    door
}

/// The model of `cors_runtime::testing` makes the same call, from the same origin, to the
/// same API (a fresh router in this process), and must reach the browser's verdict.
async fn model_agrees(call: &Call, reply: &Reply) {
    let path = call
        .url
        .splitn(4, '/')
        .nth(3)
        .map_or_else(|| "/".to_owned(), |p| format!("/{p}"));
    let init = &call.init;
    let mut request = http::Request::builder()
        .method(init["method"].as_str().unwrap_or("GET"))
        .uri(path.as_str());
    if let Some(headers) = init["headers"].as_object() {
        for (name, value) in headers {
            request = request.header(name.as_str(), value.as_str().unwrap_or_default());
        }
    }
    let body = init["body"].as_str().unwrap_or_default().to_owned();
    let request = request
        .body(axum::body::Body::from(body))
        .expect("a request");
    let tab = cors_runtime::testing::Browser::new(reply.origin.as_str());
    let app = routes::router();
    let outcome = if init["credentials"].as_str() == Some("include") {
        tab.fetch_with_credentials(&app, request).await
    } else {
        tab.fetch(&app, request).await
    };
    let model = if outcome.is_allowed() {
        Verdict::Allowed
    } else {
        Verdict::Blocked
    };
    assert_eq!(
        model, reply.verdict,
        "the model and the browser disagree on {} {init}:\n  browser: {reply}\n  model: {outcome}",
        call.url
    );
}

/// Asserts the browser allowed the call, and returns it.
pub(crate) fn allowed(reply: Reply, what: &str, ctx: &Ctx) -> Reply {
    assert_eq!(
        reply.verdict,
        Verdict::Allowed,
        "{what}: expected the browser to allow it, got {reply}\nthe API saw:\n  {}",
        ctx.api.log.dump()
    );
    reply
}

/// Asserts the browser blocked the call.
pub(crate) fn blocked(reply: Reply, what: &str, ctx: &Ctx) -> Reply {
    assert_eq!(
        reply.verdict,
        Verdict::Blocked,
        "{what}: expected the browser to block it, got {reply}\nthe API saw:\n  {}",
        ctx.api.log.dump()
    );
    reply
}
