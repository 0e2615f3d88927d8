//! What a scenario works with: a browser session, the scenarios' API and a blank page on
//! their own ports, and `fetch` calls whose verdict the browser reports.

use std::collections::BTreeMap;
use std::fmt;

use fantoccini::Client;
use serde_json::{Value, json};

use crate::engine::Engine;
use crate::routes;
use crate::server::{self, Server};

const PROBE: &str = include_str!("probe.js");

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
    /// The scenarios' API (`routes::router`), with its request log.
    pub(crate) api: Server,
    /// A blank page: the origins the scripts run on.
    pub(crate) page: Server,
}

impl Ctx {
    /// Starts the API and the page server for one scenario.
    pub(crate) async fn start(client: Client, engine: Engine) -> Result<Ctx, String> {
        Ok(Ctx {
            client,
            engine,
            api: server::serve(routes::router()).await?,
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
