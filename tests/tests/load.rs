//! Load test (issue 5, part 5): the demo API (`examples/demo/api.rs`, included as is)
//! served over real TCP on loopback, driven by concurrent keep-alive HTTP/1.1 clients
//! (one hyper connection each) with a fixed mix of allowed, refused, preflight and
//! non-CORS requests. Every response's status and CORS headers are checked; the test
//! prints requests per second and the process's peak memory (`VmHWM`).
//!
//! `LOAD_REQUESTS` (default 100 000) and `LOAD_CLIENTS` (default 8) change the volume:
//!
//! ```sh
//! cargo test -p cors-tests --test load -- --nocapture                # debug build
//! cargo test -p cors-tests --release --test load -- --nocapture      # optimized
//! ```

#[path = "../../examples/demo/api.rs"]
#[allow(dead_code, unreachable_pub)]
mod api;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Instant;

use bytes::Bytes;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, VARY,
};
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

/// What a response must be.
#[derive(Debug, Clone, Copy)]
struct Expect {
    status: u16,
    /// `Access-Control-Allow-Origin`, or `None` for no CORS grant at all.
    allow_origin: Option<&'static str>,
    credentials: bool,
    expose: Option<&'static str>,
    /// A method `Access-Control-Allow-Methods` must list.
    allow_method: Option<&'static str>,
    /// Names `Access-Control-Allow-Headers` must list.
    allow_headers: &'static [&'static str],
    max_age: Option<&'static str>,
    /// How many `Vary` items name `Origin` (the policy's, exactly once, or none).
    vary_origin: usize,
    /// Other `Vary` items the handler set and that must survive.
    vary_other: Option<&'static str>,
}

const NONE: Expect = Expect {
    status: 200,
    allow_origin: None,
    credentials: false,
    expose: None,
    allow_method: None,
    allow_headers: &[],
    max_age: None,
    vary_origin: 1,
    vary_other: None,
};

/// One kind of request of the mix.
struct Scenario {
    name: &'static str,
    method: Method,
    path: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    expect: Expect,
}

const PAGE: &str = "http://127.0.0.1:3001";

fn scenarios() -> Vec<Scenario> {
    let orders_grant = Expect {
        credentials: true,
        expose: Some("x-request-id"),
        vary_other: Some("accept"),
        ..NONE
    };
    vec![
        Scenario {
            name: "public, any origin",
            method: Method::GET,
            path: "/public",
            headers: &[("origin", "https://anything.example")],
            body: "",
            expect: Expect {
                allow_origin: Some("*"),
                expose: Some("x-demo-version"),
                vary_origin: 0,
                ..NONE
            },
        },
        Scenario {
            name: "orders, the page's origin",
            method: Method::GET,
            path: "/orders",
            headers: &[("origin", PAGE), ("cookie", "demo_session=s3cr3t")],
            body: "",
            expect: Expect {
                allow_origin: Some(PAGE),
                ..orders_grant
            },
        },
        Scenario {
            name: "orders, a subdomain",
            method: Method::GET,
            path: "/orders",
            headers: &[
                ("origin", "https://shop.example.com"),
                ("x-request-id", "7"),
            ],
            body: "",
            expect: Expect {
                allow_origin: Some("https://shop.example.com"),
                ..orders_grant
            },
        },
        Scenario {
            name: "orders, refused origin",
            method: Method::GET,
            path: "/orders",
            headers: &[("origin", "https://evil.example")],
            body: "",
            expect: Expect {
                vary_other: Some("accept"),
                ..NONE
            },
        },
        Scenario {
            name: "orders, two Origin headers",
            method: Method::GET,
            path: "/orders",
            headers: &[("origin", PAGE), ("origin", PAGE)],
            body: "",
            expect: Expect {
                vary_other: Some("accept"),
                ..NONE
            },
        },
        Scenario {
            name: "orders, no Origin",
            method: Method::GET,
            path: "/orders",
            headers: &[],
            body: "",
            expect: Expect {
                vary_other: Some("accept"),
                ..NONE
            },
        },
        Scenario {
            name: "create order",
            method: Method::POST,
            path: "/orders",
            headers: &[
                ("origin", "https://app.example.com"),
                ("content-type", "application/json"),
            ],
            body: "{\"item\":1}",
            expect: Expect {
                status: 201,
                allow_origin: Some("https://app.example.com"),
                credentials: true,
                expose: Some("x-request-id, location"),
                ..NONE
            },
        },
        Scenario {
            name: "preflight POST with headers",
            method: Method::OPTIONS,
            path: "/orders",
            headers: &[
                ("origin", "https://shop.example.com"),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "content-type,x-request-id",
                ),
            ],
            body: "",
            expect: Expect {
                status: 204,
                allow_origin: Some("https://shop.example.com"),
                credentials: true,
                allow_headers: &["content-type", "x-request-id"],
                max_age: Some("600"),
                ..NONE
            },
        },
        Scenario {
            name: "preflight DELETE",
            method: Method::OPTIONS,
            path: "/orders/7",
            headers: &[
                ("origin", "http://localhost:5173"),
                ("access-control-request-method", "DELETE"),
            ],
            body: "",
            expect: Expect {
                status: 204,
                allow_origin: Some("http://localhost:5173"),
                credentials: true,
                allow_method: Some("DELETE"),
                max_age: Some("600"),
                ..NONE
            },
        },
        Scenario {
            name: "delete order",
            method: Method::DELETE,
            path: "/orders/7",
            headers: &[("origin", "http://localhost:5173")],
            body: "",
            expect: Expect {
                status: 204,
                allow_origin: Some("http://localhost:5173"),
                credentials: true,
                ..NONE
            },
        },
        Scenario {
            name: "preflight PUT settings from the page (refused)",
            method: Method::OPTIONS,
            path: "/admin/settings",
            headers: &[
                ("origin", PAGE),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "content-type"),
            ],
            body: "",
            expect: Expect {
                status: 403,
                ..NONE
            },
        },
        Scenario {
            name: "preflight for a method no handler serves",
            method: Method::OPTIONS,
            path: "/orders",
            headers: &[("origin", PAGE), ("access-control-request-method", "PATCH")],
            body: "",
            expect: Expect {
                status: 403,
                ..NONE
            },
        },
        Scenario {
            name: "preflight with a header not allowed",
            method: Method::OPTIONS,
            path: "/orders",
            headers: &[
                ("origin", PAGE),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "authorization"),
            ],
            body: "",
            expect: Expect {
                status: 403,
                ..NONE
            },
        },
        Scenario {
            name: "settings from the admin origin",
            method: Method::PUT,
            path: "/admin/settings",
            headers: &[
                ("origin", "https://admin.example.com"),
                ("content-type", "application/json"),
            ],
            body: "{\"a\":1}",
            expect: Expect {
                allow_origin: Some("https://admin.example.com"),
                credentials: true,
                ..NONE
            },
        },
        Scenario {
            name: "health, no policy",
            method: Method::GET,
            path: "/health",
            headers: &[("origin", PAGE)],
            body: "",
            expect: Expect {
                vary_origin: 0,
                ..NONE
            },
        },
        Scenario {
            name: "health, not CORS",
            method: Method::GET,
            path: "/health",
            headers: &[],
            body: "",
            expect: Expect {
                vary_origin: 0,
                ..NONE
            },
        },
    ]
}

fn items(headers: &HeaderMap, name: &http::HeaderName) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("\u{fffd}").split(','))
        .map(|i| i.trim().to_ascii_lowercase())
        .filter(|i| !i.is_empty())
        .collect()
}

/// Checks one response against its scenario; `Err` says what is wrong.
fn check(scenario: &Scenario, status: StatusCode, headers: &HeaderMap) -> Result<(), String> {
    let e = &scenario.expect;
    let one = |name: &http::HeaderName| -> Result<Option<String>, String> {
        let values: Vec<_> = headers.get_all(name).iter().collect();
        match values.as_slice() {
            [] => Ok(None),
            [v] => Ok(Some(
                v.to_str()
                    .map_err(|_| format!("{name}: not ASCII"))?
                    .to_owned(),
            )),
            _ => Err(format!("{} `{name}` values", values.len())),
        }
    };
    if status.as_u16() != e.status {
        return Err(format!("status {status}"));
    }
    if one(&ACCESS_CONTROL_ALLOW_ORIGIN)?.as_deref() != e.allow_origin {
        return Err(format!("ACAO {:?}", one(&ACCESS_CONTROL_ALLOW_ORIGIN)?));
    }
    let acac = one(&ACCESS_CONTROL_ALLOW_CREDENTIALS)?;
    if acac.as_deref() != e.credentials.then_some("true") {
        return Err(format!("ACAC {acac:?}"));
    }
    if one(&ACCESS_CONTROL_EXPOSE_HEADERS)?.as_deref() != e.expose {
        return Err(format!("ACEH {:?}", one(&ACCESS_CONTROL_EXPOSE_HEADERS)?));
    }
    let methods = items(headers, &ACCESS_CONTROL_ALLOW_METHODS);
    match e.allow_method {
        Some(m) if !methods.contains(&m.to_ascii_lowercase()) => {
            return Err(format!("ACAM {methods:?}"));
        }
        None if !methods.is_empty() => return Err(format!("ACAM {methods:?} not owed")),
        _ => {}
    }
    let allowed = items(headers, &ACCESS_CONTROL_ALLOW_HEADERS);
    if e.allow_headers
        .iter()
        .any(|h| !allowed.iter().any(|a| a == h))
        || (e.allow_headers.is_empty() && !allowed.is_empty())
    {
        return Err(format!("ACAH {allowed:?}"));
    }
    if one(&ACCESS_CONTROL_MAX_AGE)?.as_deref() != e.max_age {
        return Err(format!("max-age {:?}", one(&ACCESS_CONTROL_MAX_AGE)?));
    }
    let vary = items(headers, &VARY);
    if vary.iter().filter(|v| *v == "origin").count() != e.vary_origin {
        return Err(format!("Vary {vary:?}"));
    }
    if let Some(other) = e.vary_other
        && !vary.iter().any(|v| v == other)
    {
        return Err(format!("Vary {vary:?} lost {other}"));
    }
    if e.allow_origin.is_none()
        && headers
            .keys()
            .any(|k| k.as_str().starts_with("access-control-"))
    {
        return Err("CORS headers on a refused or non-CORS response".into());
    }
    Ok(())
}

/// One client: a keep-alive connection sending `count` requests of the mix, starting at
/// `offset`. Returns (requests per scenario, failures).
async fn client(
    addr: SocketAddr,
    offset: usize,
    count: usize,
) -> (BTreeMap<&'static str, usize>, Vec<String>) {
    let scenarios = scenarios();
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    let mut done = BTreeMap::new();
    let mut failures = Vec::new();
    for i in 0..count {
        let scenario = &scenarios[(offset + i) % scenarios.len()];
        let mut request = Request::builder()
            .method(scenario.method.clone())
            .uri(scenario.path)
            .header("host", "127.0.0.1");
        for (name, value) in scenario.headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from_static(scenario.body.as_bytes())))
            .expect("a request");
        sender.ready().await.expect("the connection stays up");
        let response = match sender.send_request(request).await {
            Ok(response) => response,
            Err(e) => {
                failures.push(format!("{}: {e}", scenario.name));
                break;
            }
        };
        let (parts, body) = response.into_parts();
        let body = body.collect().await.map(|b| b.to_bytes());
        let result = body
            .map_err(|e| format!("body: {e}"))
            .and_then(|_| check(scenario, parts.status, &parts.headers));
        if let Err(message) = result {
            failures.push(format!("{}: {message}: {:?}", scenario.name, parts.headers));
        }
        *done.entry(scenario.name).or_insert(0) += 1;
    }
    (done, failures)
}

/// Peak resident memory of this process, from `/proc/self/status`.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_api_under_load() {
    let total = env_or("LOAD_REQUESTS", 100_000);
    let clients = env_or("LOAD_CLIENTS", 8);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("an address");
    let server = tokio::spawn(async move { axum::serve(listener, api::router()).await });

    let before = peak_memory_kib();
    let start = Instant::now();
    let per_client = total.div_ceil(clients);
    let tasks: Vec<_> = (0..clients)
        .map(|c| tokio::spawn(client(addr, c * 7, per_client)))
        .collect();
    let mut done: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for task in tasks {
        let (counts, mut errors) = task.await.expect("a client");
        for (name, n) in counts {
            *done.entry(name).or_insert(0) += n;
        }
        failures.append(&mut errors);
    }
    let elapsed = start.elapsed();
    server.abort();

    let sent: usize = done.values().sum();
    let rps = sent as f64 / elapsed.as_secs_f64();
    eprintln!(
        "load: {sent} requests from {clients} keep-alive clients in {:.2} s: {rps:.0} requests/s; \
         peak memory (VmHWM) {} KiB (before the load: {} KiB); {} failures",
        elapsed.as_secs_f64(),
        peak_memory_kib().map_or("?".into(), |k| k.to_string()),
        before.map_or("?".into(), |k| k.to_string()),
        failures.len()
    );
    for (name, n) in &done {
        eprintln!("  {n:>7}  {name}");
    }
    assert!(
        failures.is_empty(),
        "{} failures, first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(sent, per_client * clients);
    assert!(sent >= total);
}
