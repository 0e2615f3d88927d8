//! The guard on the doors CORS does not cover (SPEC section 10): an unsafe request or a
//! WebSocket handshake that is not trusted is refused before the handler, through
//! `route![...]` and `CorsLayer` on axum and through `actix_resource!` and
//! `cors_runtime::actix::Cors` on actix-web, with the same words for every way a policy is
//! written (literal, origins read at startup, origins in a live set, `Policy::builder()`).
//!
//! One table walks each trust rule and its negation, in the rules' order; every row runs
//! through every mount of every policy, and a counter in the handler, not an assumption,
//! says whether it ran.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::any;
use common::actix::Bridge;
use common::twin::resolve_twin;
use common::{Reply, request, send};
use cors_runtime::{CorsLayer, Decision, OriginSet, Policy, Refusal, actix_resource, cors, route};

/// How many times the handler ran.
type Counter = Arc<AtomicUsize>;

type Answer = (StatusCode, [(&'static str, &'static str); 1], &'static str);

async fn counted(State(counter): State<Counter>) -> Answer {
    counter.fetch_add(1, Ordering::SeqCst);
    common::handler().await
}

/// What [`counted`] answers, on actix-web.
fn on_actix_answer(counter: &Counter) -> actix_web::HttpResponse {
    counter.fetch_add(1, Ordering::SeqCst);
    actix_web::HttpResponse::build(
        actix_web::http::StatusCode::from_u16(common::HANDLER_STATUS.as_u16()).expect("a status"),
    )
    .insert_header((common::HANDLER_HEADER, "ran"))
    .body(common::HANDLER_BODY)
}

const APP: &str = "https://app.example.com";
/// The policies' exact origin and pattern.
const ORIGINS: &[&str] = &[APP, "https://*.example.org"];

/// A handler serving every method the tests send, `OPTIONS` (never guarded) and an
/// extension method among them, with `credentials` and the given flags.
macro_rules! guarded_handler {
    ($name:ident / $actix:ident, [$($flag:ident)?], origins = $($origins:tt)+) => {
        #[cors(
            origins = $($origins)+,
            methods = [GET, POST, PUT, DELETE, PATCH, OPTIONS, "PURGE"],
            credentials
            $(, $flag)?
        )]
        async fn $name(counter: State<Counter>) -> Answer {
            counted(counter).await
        }

        /// The same handler on actix-web, with the same policy.
        #[cors(
            origins = $($origins)+,
            methods = [GET, POST, PUT, DELETE, PATCH, OPTIONS, "PURGE"],
            credentials
            $(, $flag)?
        )]
        async fn $actix(counter: actix_web::web::Data<Counter>) -> actix_web::HttpResponse {
            on_actix_answer(&counter)
        }
    };
}

guarded_handler!(
    guarded / guarded_actix,
    [],
    origins = ["https://app.example.com", "https://*.example.org"]
);
guarded_handler!(
    guarded_env / guarded_env_actix,
    [],
    origins = env("CORS_TESTS_TWIN_ORIGINS")
);
guarded_handler!(
    hatch / hatch_actix,
    [dangerously_allow_cross_origin_writes],
    origins = ["https://app.example.com", "https://*.example.org"]
);
guarded_handler!(
    hatch_env / hatch_env_actix,
    [dangerously_allow_cross_origin_writes],
    origins = env("CORS_TESTS_TWIN_ORIGINS")
);

/// The live set of `guarded_live` and `hatch_live`: the policies' origins.
static LIVE: OriginSet = OriginSet::new();
guarded_handler!(
    guarded_live / guarded_live_actix,
    [],
    origins = [live(LIVE)]
);
guarded_handler!(
    hatch_live / hatch_live_actix,
    [dangerously_allow_cross_origin_writes],
    origins = [live(LIVE)]
);

#[cors(origins = ["*"], methods = ["*"])]
async fn open(counter: State<Counter>) -> Answer {
    counted(counter).await
}

#[cors(origins = env("CORS_TESTS_TWIN_ORIGINS"), methods = ["*"])]
async fn open_env(counter: State<Counter>) -> Answer {
    counted(counter).await
}

#[cors(origins = ["*"], methods = ["*"])]
async fn open_actix(counter: actix_web::web::Data<Counter>) -> actix_web::HttpResponse {
    on_actix_answer(&counter)
}

#[cors(origins = env("CORS_TESTS_TWIN_ORIGINS"), methods = ["*"])]
async fn open_env_actix(counter: actix_web::web::Data<Counter>) -> actix_web::HttpResponse {
    on_actix_answer(&counter)
}

/// Which policy a row runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The guard on.
    Guarded,
    /// `dangerously_allow_cross_origin_writes`.
    Hatch,
    /// `origins = ["*"]`: every origin is trusted.
    Open,
}

/// A router over a policy.
type App = fn(&'static Policy) -> Router<Counter>;

/// One way of putting a policy in front of the handler.
struct Mount {
    name: String,
    policy: &'static Policy,
    app: fn(&'static Policy) -> Router<Counter>,
    /// On actix-web: `None` on axum.
    actix: Option<Actix>,
}

/// How a mount on actix-web puts the policy in front of the handler.
#[derive(Clone, Copy)]
enum Actix {
    /// `Cors::new(policy)` around `app`'s routes (without their CORS layer).
    Layer,
    /// `actix_resource!("/r", handler)` of the handler's actix twin.
    Resource(fn() -> actix_web::Resource),
}

impl Mount {
    /// The mount as an axum router, with the handler counting into `counter`: on
    /// actix-web, behind a bridge.
    fn router(&self, counter: &Counter) -> Router {
        match self.actix {
            None => (self.app)(self.policy).with_state(Arc::clone(counter)),
            Some(Actix::Layer) => {
                let routes = Router::new()
                    .route("/r", any(counted))
                    .with_state(Arc::clone(counter));
                Router::new().fallback_service(Bridge::wrap(self.policy, routes))
            }
            Some(Actix::Resource(resource)) => {
                let data = actix_web::web::Data::new(Arc::clone(counter));
                Router::new().fallback_service(Bridge::start(move || {
                    actix_web::App::new().app_data(data).service(resource())
                }))
            }
        }
    }
}

fn layer(policy: &'static Policy) -> Router<Counter> {
    Router::new()
        .route("/r", any(counted))
        .layer(CorsLayer::new(policy))
}

fn built(kind: Kind) -> &'static Policy {
    let builder = Policy::builder().methods(match kind {
        Kind::Open => vec!["*"],
        _ => vec!["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PURGE"],
    });
    let builder = match kind {
        Kind::Guarded => builder.origins(ORIGINS).credentials(true),
        Kind::Hatch => builder
            .origins(ORIGINS)
            .credentials(true)
            .dangerously_allow_cross_origin_writes(),
        Kind::Open => builder.origins(["*"]),
    };
    builder.build().expect("a valid policy")
}

/// Every mount of the policy `kind`: `route!` over the literal handler, its twin with
/// origins read at startup and (but for `"*"`) its twin with origins in a live set, and
/// `CorsLayer` over each of those policies and the builder's.
fn mounts(kind: Kind) -> Vec<Mount> {
    let (literal, env, origins): (&'static Policy, &'static Policy, &[&str]) = match kind {
        Kind::Guarded => (guarded::POLICY, guarded_env::POLICY, ORIGINS),
        Kind::Hatch => (hatch::POLICY, hatch_env::POLICY, ORIGINS),
        Kind::Open => (open::POLICY, open_env::POLICY, &["*"]),
    };
    let env = resolve_twin(literal, env, origins);
    let routes: [fn(&'static Policy) -> Router<Counter>; 2] = match kind {
        Kind::Guarded => [
            |_| Router::new().route("/r", route![guarded]),
            |_| Router::new().route("/r", route![guarded_env]),
        ],
        Kind::Hatch => [
            |_| Router::new().route("/r", route![hatch]),
            |_| Router::new().route("/r", route![hatch_env]),
        ],
        Kind::Open => [
            |_| Router::new().route("/r", route![open]),
            |_| Router::new().route("/r", route![open_env]),
        ],
    };
    let mut mounts = vec![
        Mount {
            name: format!("route! {kind:?}"),
            policy: literal,
            app: routes[0],
            actix: None,
        },
        Mount {
            name: format!("route! {kind:?} env"),
            policy: env,
            app: routes[1],
            actix: None,
        },
        Mount {
            name: format!("CorsLayer {kind:?}"),
            policy: literal,
            app: layer,
            actix: None,
        },
        Mount {
            name: format!("CorsLayer {kind:?} env"),
            policy: env,
            app: layer,
            actix: None,
        },
        Mount {
            name: format!("CorsLayer {kind:?} builder"),
            policy: built(kind),
            app: layer,
            actix: None,
        },
    ];
    let live: Option<(&'static Policy, App)> = match kind {
        Kind::Guarded => Some((guarded_live::POLICY, |_| {
            Router::new().route("/r", route![guarded_live])
        })),
        Kind::Hatch => Some((hatch_live::POLICY, |_| {
            Router::new().route("/r", route![hatch_live])
        })),
        Kind::Open => None,
    };
    if let Some((policy, route)) = live {
        LIVE.replace(ORIGINS).expect("valid live origins");
        mounts.push(Mount {
            name: format!("route! {kind:?} live"),
            policy,
            app: route,
            actix: None,
        });
        mounts.push(Mount {
            name: format!("CorsLayer {kind:?} live"),
            policy,
            app: layer,
            actix: None,
        });
    }
    // actix-web: `Cors` in front of every policy above, and `actix_resource!` over the
    // handlers' actix twins.
    let on_actix: Vec<Mount> = mounts
        .iter()
        .filter(|mount| mount.name.starts_with("CorsLayer"))
        .map(|mount| Mount {
            name: mount.name.replace("CorsLayer", "actix Cors"),
            policy: mount.policy,
            app: layer,
            actix: Some(Actix::Layer),
        })
        .collect();
    mounts.extend(on_actix);
    type Resource = (&'static Policy, fn() -> actix_web::Resource);
    let (resources, live): ([Resource; 2], Option<Resource>) = match kind {
        Kind::Guarded => (
            [
                (guarded_actix::POLICY, || {
                    actix_resource!("/r", guarded_actix)
                }),
                (guarded_env_actix::POLICY, || {
                    actix_resource!("/r", guarded_env_actix)
                }),
            ],
            Some((guarded_live_actix::POLICY, || {
                actix_resource!("/r", guarded_live_actix)
            })),
        ),
        Kind::Hatch => (
            [
                (hatch_actix::POLICY, || actix_resource!("/r", hatch_actix)),
                (hatch_env_actix::POLICY, || {
                    actix_resource!("/r", hatch_env_actix)
                }),
            ],
            Some((hatch_live_actix::POLICY, || {
                actix_resource!("/r", hatch_live_actix)
            })),
        ),
        Kind::Open => (
            [
                (open_actix::POLICY, || actix_resource!("/r", open_actix)),
                (open_env_actix::POLICY, || {
                    actix_resource!("/r", open_env_actix)
                }),
            ],
            None,
        ),
    };
    let [(literal, resource), (env, env_resource)] = resources;
    let env = resolve_twin(literal, env, origins);
    let named = [("", literal, resource), (" env", env, env_resource)];
    let live = live.map(|(policy, resource)| (" live", policy, resource));
    for (which, policy, resource) in named.into_iter().chain(live) {
        mounts.push(Mount {
            name: format!("actix_resource! {kind:?}{which}"),
            policy,
            app: layer,
            actix: Some(Actix::Resource(resource)),
        });
    }
    mounts
}

/// What a row expects of the guarded policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Safe, or trusted: the handler runs.
    Runs,
    /// Refused before the handler, for this reason.
    Refused(Refusal),
}

const WRITE: Expect = Expect::Refused(Refusal::UntrustedWrite);
const SOCKET: Expect = Expect::Refused(Refusal::UntrustedWebSocket);
use Expect::Runs;

/// A row: what it shows, the method, the request URI, the header lines, and what the
/// guarded policy does.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Expect,
);

const EVIL: &str = "https://evil.example.net";
const KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";

#[rustfmt::skip]
const ROWS: &[Row] = &[
    // 1. `Sec-Fetch-Site: same-origin` or `none`, whatever the origin.
    ("1: same-origin", "POST", "/r", &[("sec-fetch-site", "same-origin"), ("origin", EVIL)], Runs),
    ("1: none", "POST", "/r", &[("sec-fetch-site", "none")], Runs),
    ("1: same-origin beats two Origin lines", "POST", "/r",
        &[("sec-fetch-site", "same-origin"), ("origin", APP), ("origin", EVIL)], Runs),
    ("1: same-origin, null", "DELETE", "/r", &[("sec-fetch-site", "same-origin"), ("origin", "null")], Runs),
    ("not 1: same-site", "POST", "/r", &[("sec-fetch-site", "same-site"), ("origin", "https://evil.example.com")], WRITE),
    ("not 1: cross-site", "POST", "/r", &[("sec-fetch-site", "cross-site"), ("origin", EVIL)], WRITE),
    ("not 1: two lines", "POST", "/r",
        &[("sec-fetch-site", "same-origin"), ("sec-fetch-site", "same-origin"), ("origin", EVIL)], WRITE),
    ("not 1: upper case", "POST", "/r", &[("sec-fetch-site", "SAME-ORIGIN"), ("origin", EVIL)], WRITE),
    ("not 1: garbage", "POST", "/r", &[("sec-fetch-site", "same-origin, none"), ("origin", EVIL)], WRITE),
    // 2. An origin the policy allows, exact or pattern, however the site is named.
    ("2: listed, cross-site", "POST", "/r", &[("sec-fetch-site", "cross-site"), ("origin", APP)], Runs),
    ("2: listed, no Sec-Fetch-Site", "PUT", "/r", &[("origin", APP)], Runs),
    ("2: pattern, same-site", "PATCH", "/r",
        &[("sec-fetch-site", "same-site"), ("origin", "https://shop.example.org")], Runs),
    ("not 2: the pattern's own domain", "POST", "/r",
        &[("sec-fetch-site", "cross-site"), ("origin", "https://example.org")], WRITE),
    ("not 2: trailing slash", "POST", "/r", &[("sec-fetch-site", "cross-site"), ("origin", "https://app.example.com/")], WRITE),
    ("not 2: two listed Origin lines", "POST", "/r", &[("origin", APP), ("origin", APP)], WRITE),
    ("not 2: null", "POST", "/r", &[("sec-fetch-site", "cross-site"), ("origin", "null")], WRITE),
    ("not 2: null without Sec-Fetch-Site", "POST", "/r", &[("origin", "null"), ("host", "null")], WRITE),
    // 3. Neither header: not a browser, or not cross-origin.
    ("3: no headers", "POST", "/r", &[], Runs),
    ("3: only Host", "DELETE", "/r", &[("host", "api.example.net")], Runs),
    ("not 3: Sec-Fetch-Site without Origin", "POST", "/r", &[("sec-fetch-site", "cross-site")], WRITE),
    ("not 3: Origin without Sec-Fetch-Site", "POST", "/r", &[("origin", EVIL)], WRITE),
    // 4. No `Sec-Fetch-Site`, and `Origin` names the server itself.
    ("4: Host", "POST", "/r", &[("origin", "https://api.example.net"), ("host", "api.example.net")], Runs),
    ("4: case", "POST", "/r", &[("origin", "https://API.example.net"), ("host", "api.EXAMPLE.net")], Runs),
    ("4: https default port", "POST", "/r", &[("origin", "https://api.example.net"), ("host", "api.example.net:443")], Runs),
    ("4: http default port", "POST", "/r", &[("origin", "http://api.example.net"), ("host", "api.example.net:80")], Runs),
    ("4: port", "POST", "/r", &[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")], Runs),
    ("4: IPv6", "POST", "/r", &[("origin", "http://[::1]:3000"), ("host", "[::1]:3000")], Runs),
    ("4: the URI's authority", "POST", "https://api.example.net/r", &[("origin", "https://api.example.net")], Runs),
    ("4: the URI's authority before Host", "POST", "https://api.example.net/r",
        &[("origin", "https://api.example.net"), ("host", "other.example.net")], Runs),
    ("not 4: another host", "POST", "/r", &[("origin", EVIL), ("host", "api.example.net")], WRITE),
    ("not 4: a parent domain", "POST", "/r", &[("origin", "https://example.net"), ("host", "api.example.net")], WRITE),
    ("not 4: another port", "POST", "/r", &[("origin", "https://api.example.net"), ("host", "api.example.net:8443")], WRITE),
    ("not 4: another scheme's default port", "POST", "/r",
        &[("origin", "http://api.example.net"), ("host", "api.example.net:443")], WRITE),
    ("not 4: Sec-Fetch-Site present", "POST", "/r",
        &[("sec-fetch-site", "cross-site"), ("origin", "https://api.example.net"), ("host", "api.example.net")], WRITE),
    ("not 4: two Origin lines", "POST", "/r",
        &[("origin", "https://api.example.net"), ("origin", "https://api.example.net"), ("host", "api.example.net")], WRITE),
    ("not 4: the URI's authority differs", "POST", "https://other.example.net/r",
        &[("origin", "https://api.example.net"), ("host", "api.example.net")], WRITE),
    ("not 4: no authority at all", "POST", "/r", &[("origin", "https://api.example.net")], WRITE),
    // Safe methods are never guarded, from anywhere.
    ("GET", "GET", "/r", &[("sec-fetch-site", "cross-site"), ("origin", EVIL)], Runs),
    ("HEAD", "HEAD", "/r", &[("sec-fetch-site", "cross-site"), ("origin", EVIL)], Runs),
    ("OPTIONS without ACRM", "OPTIONS", "/r", &[("sec-fetch-site", "cross-site"), ("origin", EVIL)], Runs),
    // Every other method is a write.
    ("PUT", "PUT", "/r", &[("sec-fetch-site", "cross-site"), ("origin", EVIL)], WRITE),
    ("DELETE", "DELETE", "/r", &[("sec-fetch-site", "cross-site"), ("origin", EVIL)], WRITE),
    ("PATCH", "PATCH", "/r", &[("sec-fetch-site", "cross-site"), ("origin", EVIL)], WRITE),
    ("PURGE", "PURGE", "/r", &[("sec-fetch-site", "cross-site"), ("origin", EVIL)], WRITE),
    // WebSocket handshakes: a GET with `Upgrade: websocket` or `Sec-WebSocket-Key`.
    ("WebSocket by Upgrade", "GET", "/r", &[("upgrade", "websocket"), ("origin", EVIL)], SOCKET),
    ("WebSocket by Upgrade, any case", "GET", "/r", &[("upgrade", "WebSocket"), ("origin", EVIL)], SOCKET),
    ("WebSocket in a list", "GET", "/r", &[("upgrade", "h2c, websocket/13"), ("origin", EVIL)], SOCKET),
    ("WebSocket on a second line", "GET", "/r", &[("upgrade", "h2c"), ("upgrade", "websocket"), ("origin", EVIL)], SOCKET),
    ("WebSocket by Sec-WebSocket-Key", "GET", "/r", &[("sec-websocket-key", KEY), ("origin", EVIL)], SOCKET),
    ("WebSocket as browsers send it", "GET", "/r",
        &[("connection", "Upgrade"), ("upgrade", "websocket"), ("sec-websocket-key", KEY),
          ("sec-websocket-version", "13"), ("sec-fetch-site", "cross-site"), ("sec-fetch-mode", "websocket"),
          ("origin", EVIL)], SOCKET),
    ("WebSocket, listed origin", "GET", "/r",
        &[("upgrade", "websocket"), ("sec-websocket-key", KEY), ("sec-fetch-site", "cross-site"), ("origin", APP)], Runs),
    ("WebSocket, same origin", "GET", "/r",
        &[("upgrade", "websocket"), ("sec-websocket-key", KEY), ("sec-fetch-site", "same-origin"), ("origin", EVIL)], Runs),
    ("WebSocket, Origin is Host", "GET", "/r",
        &[("upgrade", "websocket"), ("origin", "http://localhost:3000"), ("host", "localhost:3000")], Runs),
    ("WebSocket, no browser", "GET", "/r", &[("upgrade", "websocket"), ("sec-websocket-key", KEY)], Runs),
    ("not a WebSocket: another protocol", "GET", "/r", &[("upgrade", "h2c"), ("origin", EVIL)], Runs),
    ("not a WebSocket: a longer name", "GET", "/r", &[("upgrade", "websockets"), ("origin", EVIL)], Runs),
    ("not a WebSocket: HEAD", "HEAD", "/r", &[("upgrade", "websocket"), ("origin", EVIL)], Runs),
    ("a write with Upgrade is a write", "POST", "/r", &[("upgrade", "websocket"), ("origin", EVIL)], WRITE),
];

/// Sends `row` through `mount` with a fresh counter; returns the reply and how many times
/// the handler ran.
async fn run(mount: &Mount, row: &Row) -> (Reply, usize) {
    let (_, method, uri, headers, _) = *row;
    let counter = Counter::default();
    let app = mount.router(&counter);
    let reply = send(app, request(method, uri, headers)).await;
    (reply, counter.load(Ordering::SeqCst))
}

/// Asserts what SPEC 10 says of a refusal: 403, empty body, no `Access-Control-*`,
/// `Vary: Origin`, and the handler never ran.
fn assert_refused(reply: &Reply, ran: usize, what: &str) {
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{what}: {reply:?}");
    assert!(reply.body.is_empty(), "{what}: {reply:?}");
    reply.assert_no_access_control();
    reply.assert_vary_origin_once();
    assert_eq!(ran, 0, "{what}: the handler ran");
}

fn assert_ran(reply: &Reply, ran: usize, method: &str, what: &str) {
    assert_eq!(ran, 1, "{what}: the handler did not run: {reply:?}");
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{what}: {reply:?}");
    if method != "HEAD" {
        reply.assert_handler_ran();
    }
}

/// The decision of `policy` for `row`, as the layers take it.
fn decision(policy: &'static Policy, row: &Row) -> Decision<'static> {
    let (_, method, uri, headers, _) = *row;
    policy.decide_request(&request(method, uri, headers))
}

#[tokio::test]
async fn each_trust_rule_and_its_negation() {
    let mut refused = 0;
    for mount in mounts(Kind::Guarded) {
        for row in ROWS {
            let (name, method, _, _, expect) = *row;
            let what = format!("{} / {name}", mount.name);
            let (reply, ran) = run(&mount, row).await;
            match expect {
                Runs => assert_ran(&reply, ran, method, &what),
                Expect::Refused(reason) => {
                    assert_refused(&reply, ran, &what);
                    assert_eq!(
                        decision(mount.policy, row).refusal(),
                        Some(reason),
                        "{what}"
                    );
                    refused += 1;
                }
            }
            assert_eq!(
                !decision(mount.policy, row).runs_handler(),
                expect != Runs,
                "{what}"
            );
        }
    }
    // Every mount refused every row that should be: on axum, `route!` over the literal,
    // env and live policies and `CorsLayer` over those and the builder's (7); on
    // actix-web, `Cors` over the same four and `actix_resource!` over the same three (7).
    let rows = ROWS.iter().filter(|row| row.4 != Runs).count();
    assert_eq!(mounts(Kind::Guarded).len(), 14);
    assert_eq!(refused, rows * 14);
}

#[tokio::test]
async fn escape_hatch_and_star_policies_let_everything_through() {
    for kind in [Kind::Hatch, Kind::Open] {
        for mount in mounts(kind) {
            assert_eq!(
                mount.policy.guards_cross_origin_writes(),
                kind == Kind::Open,
                "{}",
                mount.name
            );
            for row in ROWS {
                let (name, method, ..) = *row;
                let what = format!("{} / {name}", mount.name);
                let (reply, ran) = run(&mount, row).await;
                assert_ran(&reply, ran, method, &what);
                assert!(decision(mount.policy, row).runs_handler(), "{what}");
            }
        }
    }
}

#[tokio::test]
async fn a_trusted_write_keeps_its_cors_headers() {
    for mount in mounts(Kind::Guarded) {
        let row: Row = (
            "listed",
            "POST",
            "/r",
            &[("sec-fetch-site", "cross-site"), ("origin", APP)],
            Runs,
        );
        let (reply, ran) = run(&mount, &row).await;
        assert_ran(&reply, ran, "POST", &mount.name);
        assert_eq!(reply.header("access-control-allow-origin"), Some(APP));
        assert_eq!(
            reply.header("access-control-allow-credentials"),
            Some("true")
        );
        reply.assert_vary_origin_once();
    }
}

#[tokio::test]
async fn preflights_are_never_guarded() {
    // A preflight from an unlisted origin is refused by CORS (403), not by the guard; one
    // from a listed origin is answered, cross-site or not.
    for mount in mounts(Kind::Guarded) {
        for (origin, status) in [(APP, StatusCode::NO_CONTENT), (EVIL, StatusCode::FORBIDDEN)] {
            let headers = [
                ("origin", origin),
                ("access-control-request-method", "PUT"),
                ("sec-fetch-site", "cross-site"),
                ("sec-fetch-mode", "cors"),
            ];
            let counter = Counter::default();
            let app = mount.router(&counter);
            let reply = send(app, request("OPTIONS", "/r", &headers)).await;
            assert_eq!(reply.status, status, "{} {origin}: {reply:?}", mount.name);
            assert_eq!(counter.load(Ordering::SeqCst), 0, "{}", mount.name);
            let decision = mount
                .policy
                .decide_request(&request("OPTIONS", "/r", &headers));
            assert!(decision.is_preflight(), "{}", mount.name);
        }
    }
}

#[test]
fn decide_reads_host_and_decide_request_the_uri_first() {
    let policy = guarded::POLICY;
    let origin = [("origin", "https://api.example.net")];
    // `decide` has no URI: `Host` is the authority.
    let plain = request("POST", "https://api.example.net/r", &origin);
    assert!(matches!(
        policy.decide(plain.method(), plain.headers()),
        Decision::Untrusted(_)
    ));
    assert!(policy.decide_request(&plain).runs_handler());
    let with_host = request(
        "POST",
        "/r",
        &[
            ("origin", "https://api.example.net"),
            ("host", "api.example.net"),
        ],
    );
    assert!(
        policy
            .decide(with_host.method(), with_host.headers())
            .runs_handler()
    );
}

#[test]
fn refusals_name_their_door() {
    assert_eq!(Refusal::UntrustedWrite.as_str(), "untrusted_write");
    assert_eq!(
        Refusal::UntrustedWebSocket.as_str(),
        "untrusted_websocket_handshake"
    );
    assert!(
        Refusal::UntrustedWrite
            .to_string()
            .starts_with("untrusted write")
    );
    assert!(
        Refusal::UntrustedWebSocket
            .to_string()
            .starts_with("untrusted WebSocket handshake")
    );
}
