//! cors-runtime against tower-http's `CorsLayer`, side by side, in one process.
//!
//! Every end-to-end variant is the same axum router (`/orders`: GET, POST and DELETE on
//! the same trivial handler), made with `Router::with_state(())` and driven like a server
//! drives it: a clone of the router, then `oneshot` with one request, which carries the
//! fields a browser sends besides the CORS ones (`BROWSER_FIELDS`). The router clone and
//! the request are built outside the timed region (`with_inputs`); the response is dropped
//! outside it too (divan defers dropping outputs). Every future here completes on its
//! first poll, so it is polled with a no-op waker: no runtime cost in the numbers.
//!
//! Two allowed preflights are measured: `preflight_allowed`, a browser's (for a `DELETE`
//! with `content-type` and `x-request-id`, among `BROWSER_FIELDS`), and
//! `preflight_minimal`, the least a preflight carries: `Origin`,
//! `Access-Control-Request-Method: POST` and `Access-Control-Request-Headers:
//! content-type`, no other field (the limit's answer then leaves
//! `Access-Control-Allow-Methods` out, as ours does for `POST`).
//!
//! Variants, named so that `cors-compare` can lay them out as columns:
//! - `none`: no CORS at all;
//! - `identity`: `Router::layer(Identity)`, the floor any router-wide layer pays in axum;
//! - `tower_http`: tower-http 0.7's `CorsLayer` with the same policy;
//! - `ours_layer`: `CorsLayer::new(&POLICY)` router-wide;
//! - `ours_route`: `route![handler]` on a `#[cors]` handler;
//! - `limit`: the floor, a hand-written minimal middleware (`limit.rs`): one exact origin
//!   compared byte for byte, headers copied from `const` values, any `OPTIONS` answered at
//!   once, router-wide like `CorsLayer`.
//!
//! The `svc_*` groups leave axum out: the CORS service over a `tower::service_fn`, cloned
//! per request as hyper-util's `TowerToHyperService` does, and `ours_decide`, the policy
//! decision and header emission alone (`Policy::decide` + `write_headers` /
//! `into_response_reusing`). tower-http exposes no decision API; its closest equivalent is the
//! service row.
//!
//! The `actix_*` groups (`actix.rs`) run the same scenarios through an in-process
//! actix-web `App` (SPEC 12): ours as `App::wrap(actix::Cors::new(&POLICY))` (`ours`) and
//! as `actix_resource!` (`ours_resource`), against actix-cors 0.7 with the same policy
//! (`actix_cors`), no CORS (`none`) and the limit as an actix-web middleware (`limit`,
//! `actix_limit.rs`).
//!
//! The `guard_*` groups (`guard.rs`) measure the guard on writes and WebSocket handshakes
//! (SPEC 10): the 1-origin policy with it (`<path>_on`: `POLICY_1`, `route_1`) and the same
//! policy without it (`<path>_off`: `UNGUARDED_POLICY_1`, `unguarded_route_1`, written with
//! `dangerously_allow_cross_origin_writes`), for an allowed `POST` and `GET`, a refused
//! write and a refused WebSocket handshake: `decide` alone, `decide` + headers / `403`, and
//! through axum with `CorsLayer` and with `route!`. On the allowed requests each side runs
//! twice, off, on, on, off: `<path>_1_off`, `<path>_2_on`, `<path>_3_on`, `<path>_4_off`.
//!
//! The `live_*` groups (`live.rs`) compare the 1- and 1000-origin policies with their twins
//! written `origins = [live(LIVE_SET_<n>)]` (`LIVE_POLICY_*`, `live_route_*`), the sets
//! filled with the very same origins before anything is measured, for an allowed `GET` and
//! a preflight: `decide` alone, and through axum with `CorsLayer` and with `route!`, each
//! side twice, literal, live, live, literal: `<path>_1_literal`, `<path>_2_live`,
//! `<path>_3_live`, `<path>_4_literal`. `live_change` measures one `OriginSet::replace`
//! of 1000 origins and one `insert` into a set of 1000.
//!
//! The `env_origins_*` groups compare the 1- and 1000-origin policies with their twins
//! written `origins = env("CORS_BENCHES_ORIGINS_<n>")` (`ENV_POLICY_*`, `env_route_*`),
//! the variables holding the very same origins, for an allowed and a refused origin:
//! `decide` alone, `decide` + `write_headers`, and through axum with `CorsLayer` and with
//! `route!`. Variants `literal_<path>` and `env_<path>`. The same groups measure the
//! 1- and 1000-origin policies built at run time by `Policy::builder()` from the same
//! arguments (`BUILT_POLICY_*`), on the paths that take a `&'static Policy`: `decide`
//! alone, `decide` + `write_headers`, and axum with `CorsLayer` (`route!` takes `#[cors]`
//! handlers only). Variants `built_<path>`.

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::process::Command;
use std::sync::LazyLock;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::routing::{MethodRouter, get};
use cors_runtime::{CorsLayer, Decision, OriginSet, Policy, cors, policy, route};
use divan::{AllocProfiler, Bencher};
use http::header::{
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
    CONTENT_TYPE, HeaderName, HeaderValue, ORIGIN,
};
use http::{Method, Request, Response};
use tower::layer::util::Identity;
use tower::{Layer, Service, ServiceExt};
use tower_http::cors::AllowOrigin;

mod actix;
mod actix_limit;
mod guard;
mod limit;
mod live;

use limit::{LimitLayer, OneOrigin};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

// `ORIGINS_*`, `POLICY_*`, `handler_*` and `route_*` for 1, 10, 100, 1000 and `pattern`;
// `ENV_VARIABLE_*`, `ENV_POLICY_*`, `env_handler_*`, `env_route_*` and `build_policy_*`
// for 1 and 1000; `LIVE_SET_*`, `LIVE_POLICY_*`, `live_handler_*` and `live_route_*` for 1
// and 1000; `UNGUARDED_POLICY_1`, `unguarded_handler_1` and `unguarded_route_1`.
include!(concat!(env!("OUT_DIR"), "/policies.rs"));

const PATH: &str = "/orders";
/// The last origin of every list: the one allowed requests send.
const ALLOWED: &str = "https://app.example.com";
const REFUSED: &str = "https://evil.example.net";
/// Matched by `https://*.example.com` only.
const SUBDOMAIN: &str = "https://shop.eu.example.com";

fn main() {
    with_origin_variables();
    live::fill();
    check();
    guard::check();
    live::check();
    actix::check();
    warm_up();
    divan::main();
}

/// The variables the `env(...)` policies read, each with the origins of its literal twin.
fn origin_variables() -> [(&'static str, String); 2] {
    [
        (ENV_VARIABLE_1, ORIGINS_1.join(", ")),
        (ENV_VARIABLE_1000, ORIGINS_1000.join(", ")),
    ]
}

/// Makes sure this process runs with `origin_variables()` in its environment. When one is
/// missing or holds other origins, the benchmark starts itself again, with the same
/// arguments and the variables passed by `Command::env`, and never returns: its
/// environment is never modified while it runs (`std::env::set_var` is `unsafe` in
/// edition 2024 and this workspace forbids unsafe code). The new process finds them set,
/// so it starts no further one.
fn with_origin_variables() {
    let variables = origin_variables();
    if variables
        .iter()
        .all(|(name, value)| std::env::var_os(name).is_some_and(|set| set == value.as_str()))
    {
        return;
    }
    let exe = std::env::current_exe().expect("the benchmark's own path");
    let mut command = Command::new(exe);
    command.args(std::env::args_os().skip(1)).envs(variables);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        // Replaces this process; returns only if that failed.
        let error = command.exec();
        panic!("cannot start the benchmark again with its origin variables: {error}");
    }
    #[cfg(not(unix))]
    {
        let status = command
            .status()
            .expect("cannot start the benchmark again with its origin variables");
        std::process::exit(status.code().unwrap_or(1));
    }
}

/// About a second of requests through every variant before the first measurement, so
/// that the first benchmark does not pay for a cold CPU, cache and allocator.
fn warm_up() {
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(1) {
        for variant in VARIANTS {
            let router = router(variant, ONE);
            for _ in 0..200 {
                let request = make(ACTUAL_ALLOWED.shape, Body::empty());
                divan::black_box(drive(router.clone().oneshot(request)).unwrap());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Driving

/// Polls `future` to completion with a no-op waker. Every future of this benchmark is
/// ready on its first poll; a second poll would mean something waits, which it must not.
fn drive<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a benchmarked future did not complete on its first poll"),
    }
}

// ---------------------------------------------------------------------------------------
// Policies: one description, three configurations

/// One policy, as each variant is configured with it.
#[derive(Clone, Copy)]
struct Spec {
    ours: &'static Policy,
    route: fn() -> MethodRouter,
    /// `None`: the subdomain pattern `https://*.example.com`.
    exact: Option<&'static [&'static str]>,
}

const ONE: Spec = Spec {
    ours: &POLICY_1,
    route: route_1,
    exact: Some(ORIGINS_1),
};
const TEN: Spec = Spec {
    ours: &POLICY_10,
    route: route_10,
    exact: Some(ORIGINS_10),
};
const HUNDRED: Spec = Spec {
    ours: &POLICY_100,
    route: route_100,
    exact: Some(ORIGINS_100),
};
const THOUSAND: Spec = Spec {
    ours: &POLICY_1000,
    route: route_1000,
    exact: Some(ORIGINS_1000),
};
const PATTERN: Spec = Spec {
    ours: &POLICY_PATTERN,
    route: route_pattern,
    exact: None,
};
/// `ONE` with `origins = env(...)`; tower-http gets the same list.
const ENV_ONE: Spec = Spec {
    ours: &ENV_POLICY_1,
    route: env_route_1,
    exact: Some(ORIGINS_1),
};
/// `THOUSAND` with `origins = env(...)`; tower-http gets the same list.
const ENV_THOUSAND: Spec = Spec {
    ours: &ENV_POLICY_1000,
    route: env_route_1000,
    exact: Some(ORIGINS_1000),
};

/// `POLICY_1` built at run time: `Policy::builder()` with the same arguments. Built once,
/// by `check()`, before anything is measured.
static BUILT_POLICY_1: LazyLock<&'static Policy> =
    LazyLock::new(|| build_policy_1().unwrap_or_else(|error| panic!("build_policy_1: {error}")));
/// `POLICY_1000` built at run time: `Policy::builder()` with the same arguments.
static BUILT_POLICY_1000: LazyLock<&'static Policy> = LazyLock::new(|| {
    build_policy_1000().unwrap_or_else(|error| panic!("build_policy_1000: {error}"))
});

/// The limit's one origin where the allowed request sends `ALLOWED`.
struct AppOrigin;

impl OneOrigin for AppOrigin {
    const ORIGIN: &'static str = ALLOWED;
    #[allow(clippy::declare_interior_mutable_const)]
    const VALUE: HeaderValue = HeaderValue::from_static(ALLOWED);
}

/// The limit's one origin, for the minimal preflight: it requests `POST`, which ours does
/// not list in its answer (`Access-Control-Allow-Methods` is left out), and nor does this
/// limit.
struct AppOriginPost;

impl OneOrigin for AppOriginPost {
    const ORIGIN: &'static str = ALLOWED;
    #[allow(clippy::declare_interior_mutable_const)]
    const VALUE: HeaderValue = HeaderValue::from_static(ALLOWED);
    const ALLOW_METHODS: bool = false;
}

/// The limit's one origin for the pattern's scenario: the subdomain the request sends.
struct ShopOrigin;

impl OneOrigin for ShopOrigin {
    const ORIGIN: &'static str = SUBDOMAIN;
    #[allow(clippy::declare_interior_mutable_const)]
    const VALUE: HeaderValue = HeaderValue::from_static(SUBDOMAIN);
}

/// `https://<one or more labels>.example.com`, written the way a careful tower-http user
/// writes the predicate of `https://*.example.com`.
fn is_example_com_subdomain(origin: &HeaderValue) -> bool {
    is_example_com_subdomain_bytes(origin.as_bytes())
}

/// [`is_example_com_subdomain`] over the origin's bytes, for actix-cors' predicate too.
fn is_example_com_subdomain_bytes(origin: &[u8]) -> bool {
    let Some(labels) = origin
        .strip_prefix(b"https://")
        .and_then(|host| host.strip_suffix(b".example.com"))
    else {
        return false;
    };
    labels.split(|&b| b == b'.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .iter()
                .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    })
}

/// tower-http's `CorsLayer` with the arguments every `POLICY_*` was written with.
fn tower_http_layer(spec: Spec) -> tower_http::cors::CorsLayer {
    let origins = match spec.exact {
        Some(list) => AllowOrigin::list(list.iter().map(|o| HeaderValue::from_static(o))),
        None => AllowOrigin::predicate(|origin, _| is_example_com_subdomain(origin)),
    };
    tower_http::cors::CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([CONTENT_TYPE, HeaderName::from_static("x-request-id")])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .allow_credentials(true)
        .max_age(Duration::from_secs(600))
}

// ---------------------------------------------------------------------------------------
// Routers

async fn handler() -> &'static str {
    "ok"
}

fn plain() -> Router<()> {
    Router::new().route(PATH, get(handler).post(handler).delete(handler))
}

#[derive(Clone, Copy)]
enum Variant {
    None,
    Identity,
    TowerHttp,
    OursLayer,
    OursRoute,
    Limit,
}

const VARIANTS: [Variant; 6] = [
    Variant::None,
    Variant::Identity,
    Variant::TowerHttp,
    Variant::OursLayer,
    Variant::OursRoute,
    Variant::Limit,
];

fn router(variant: Variant, spec: Spec) -> Router {
    match variant {
        Variant::None => plain().with_state(()),
        Variant::Identity => plain().layer(Identity::new()).with_state(()),
        Variant::TowerHttp => plain().layer(tower_http_layer(spec)).with_state(()),
        Variant::OursLayer => plain().layer(CorsLayer::new(spec.ours)).with_state(()),
        Variant::OursRoute => Router::new().route(PATH, (spec.route)()).with_state(()),
        // The limit knows the one origin the allowed request sends.
        Variant::Limit => match spec.exact {
            Some(_) => plain().layer(LimitLayer::<AppOrigin>::new()),
            None => plain().layer(LimitLayer::<ShopOrigin>::new()),
        }
        .with_state(()),
    }
}

/// The router of `variant` in `scenario`: `router(variant, scenario.spec)`, but for the
/// limit on the minimal preflight, whose answer lists no methods, as ours does not.
fn scenario_router(variant: Variant, scenario: Scenario) -> Router {
    match (variant, scenario.shape) {
        (Variant::Limit, Shape::MinimalPreflight(_)) => plain()
            .layer(LimitLayer::<AppOriginPost>::new())
            .with_state(()),
        _ => router(variant, scenario.spec),
    }
}

// ---------------------------------------------------------------------------------------
// Requests

/// The other fields Chromium sends with a cross-origin `fetch` and its preflight, so every
/// variant looks its headers up in a map of the size a server really parses.
const BROWSER_FIELDS: [(&str, &str); 10] = [
    ("host", "api.example.com"),
    ("connection", "keep-alive"),
    (
        "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64) Chrome/142.0.0.0 Safari/537.36",
    ),
    ("accept", "*/*"),
    ("sec-fetch-site", "cross-site"),
    ("sec-fetch-mode", "cors"),
    ("sec-fetch-dest", "empty"),
    ("referer", "https://app.example.com/"),
    ("accept-encoding", "gzip, deflate, br, zstd"),
    ("accept-language", "en-US,en;q=0.9"),
];

/// A request with `BROWSER_FIELDS`, then `headers`.
fn request<B>(method: Method, headers: &[(HeaderName, &HeaderValue)], body: B) -> Request<B> {
    let mut request = Request::new(body);
    for (name, value) in BROWSER_FIELDS {
        request.headers_mut().append(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    with_headers(request, method, headers)
}

/// `request` with `method`, the path, and `headers` appended.
fn with_headers<B>(
    mut request: Request<B>,
    method: Method,
    headers: &[(HeaderName, &HeaderValue)],
) -> Request<B> {
    *request.method_mut() = method;
    *request.uri_mut() = http::Uri::from_static(PATH);
    for (name, value) in headers {
        request.headers_mut().append(name.clone(), (*value).clone());
    }
    request
}

/// `Access-Control-Request-Headers` of 64 KiB: valid names, so only a size cap stops them.
static HOSTILE_ACRH: LazyLock<HeaderValue> = LazyLock::new(|| {
    let mut value = String::with_capacity(64 * 1024);
    let mut i = 0usize;
    while value.len() < 64 * 1024 - 16 {
        if i > 0 {
            value.push_str(", ");
        }
        value.push_str(&format!("x-h{i}"));
        i += 1;
    }
    while value.len() < 64 * 1024 {
        value.push('x');
    }
    // A `'static` value: cloning it per request copies nothing.
    HeaderValue::from_static(Box::leak(value.into_boxed_str()))
});

/// What one scenario sends.
#[derive(Clone, Copy)]
enum Shape {
    /// A `GET`, with `BROWSER_FIELDS` and the `Origin` if any.
    Actual(Option<&'static str>),
    /// A browser's preflight for a `DELETE` with `content-type` and `x-request-id`
    /// (`BROWSER_FIELDS` too), or with the 64 KiB ACRH.
    Preflight { origin: &'static str, hostile: bool },
    /// The least a preflight carries: `Origin`, `Access-Control-Request-Method: POST` and
    /// `Access-Control-Request-Headers: content-type`, no other field.
    MinimalPreflight(&'static str),
}

fn make<B>(shape: Shape, body: B) -> Request<B> {
    let origin = |o: &'static str| HeaderValue::from_static(o);
    match shape {
        Shape::Actual(None) => request(Method::GET, &[], body),
        Shape::Actual(Some(o)) => request(Method::GET, &[(ORIGIN, &origin(o))], body),
        Shape::Preflight { origin: o, hostile } => {
            let acrh = if hostile {
                HOSTILE_ACRH.clone()
            } else {
                HeaderValue::from_static("content-type,x-request-id")
            };
            request(
                Method::OPTIONS,
                &[
                    (ORIGIN, &origin(o)),
                    (
                        ACCESS_CONTROL_REQUEST_METHOD,
                        &HeaderValue::from_static("DELETE"),
                    ),
                    (ACCESS_CONTROL_REQUEST_HEADERS, &acrh),
                ],
                body,
            )
        }
        Shape::MinimalPreflight(o) => with_headers(
            Request::new(body),
            Method::OPTIONS,
            &[
                (ORIGIN, &origin(o)),
                (
                    ACCESS_CONTROL_REQUEST_METHOD,
                    &HeaderValue::from_static("POST"),
                ),
                (
                    ACCESS_CONTROL_REQUEST_HEADERS,
                    &HeaderValue::from_static("content-type"),
                ),
            ],
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Scenarios

#[derive(Clone, Copy)]
struct Scenario {
    spec: Spec,
    shape: Shape,
}

const ACTUAL_ALLOWED: Scenario = Scenario {
    spec: ONE,
    shape: Shape::Actual(Some(ALLOWED)),
};
const ACTUAL_REFUSED: Scenario = Scenario {
    spec: ONE,
    shape: Shape::Actual(Some(REFUSED)),
};
const ACTUAL_NO_ORIGIN: Scenario = Scenario {
    spec: ONE,
    shape: Shape::Actual(None),
};
const PREFLIGHT_ALLOWED: Scenario = Scenario {
    spec: ONE,
    shape: Shape::Preflight {
        origin: ALLOWED,
        hostile: false,
    },
};
const PREFLIGHT_MINIMAL: Scenario = Scenario {
    spec: ONE,
    shape: Shape::MinimalPreflight(ALLOWED),
};
const PREFLIGHT_REFUSED: Scenario = Scenario {
    spec: ONE,
    shape: Shape::Preflight {
        origin: REFUSED,
        hostile: false,
    },
};
const PREFLIGHT_HOSTILE: Scenario = Scenario {
    spec: ONE,
    shape: Shape::Preflight {
        origin: ALLOWED,
        hostile: true,
    },
};
const fn last_of(spec: Spec) -> Scenario {
    Scenario {
        spec,
        shape: Shape::Actual(Some(ALLOWED)),
    }
}
const LAST_OF_0001: Scenario = last_of(ONE);
const LAST_OF_0010: Scenario = last_of(TEN);
const LAST_OF_0100: Scenario = last_of(HUNDRED);
const LAST_OF_1000: Scenario = last_of(THOUSAND);
const ORIGIN_PATTERN: Scenario = Scenario {
    spec: PATTERN,
    shape: Shape::Actual(Some(SUBDOMAIN)),
};

fn bench_router(bencher: Bencher, variant: Variant, scenario: Scenario) {
    let router = scenario_router(variant, scenario);
    bencher
        .with_inputs(|| (router.clone(), make(scenario.shape, Body::empty())))
        .bench_local_values(|(router, request)| drive(router.oneshot(request)));
}

/// One module per scenario, one function per variant: divan prints `scenario/variant`.
macro_rules! end_to_end {
    ($($module:ident = $scenario:expr;)*) => {$(
        mod $module {
            use super::*;

            #[divan::bench]
            fn none(b: Bencher) {
                bench_router(b, Variant::None, $scenario)
            }
            #[divan::bench]
            fn identity(b: Bencher) {
                bench_router(b, Variant::Identity, $scenario)
            }
            #[divan::bench]
            fn tower_http(b: Bencher) {
                bench_router(b, Variant::TowerHttp, $scenario)
            }
            #[divan::bench]
            fn ours_layer(b: Bencher) {
                bench_router(b, Variant::OursLayer, $scenario)
            }
            #[divan::bench]
            fn ours_route(b: Bencher) {
                bench_router(b, Variant::OursRoute, $scenario)
            }
            #[divan::bench]
            fn limit(b: Bencher) {
                bench_router(b, Variant::Limit, $scenario)
            }
        }
    )*};
}

end_to_end! {
    actual_allowed = ACTUAL_ALLOWED;
    actual_refused = ACTUAL_REFUSED;
    actual_no_origin = ACTUAL_NO_ORIGIN;
    preflight_allowed = PREFLIGHT_ALLOWED;
    preflight_minimal = PREFLIGHT_MINIMAL;
    preflight_refused = PREFLIGHT_REFUSED;
    preflight_hostile_acrh = PREFLIGHT_HOSTILE;
    origins_0001 = LAST_OF_0001;
    origins_0010 = LAST_OF_0010;
    origins_0100 = LAST_OF_0100;
    origins_1000 = LAST_OF_1000;
    origin_pattern = ORIGIN_PATTERN;
}

// ---------------------------------------------------------------------------------------
// Without axum

/// The inner service of the `svc_*` groups: the handler's response, as axum would build
/// it for `&'static str` (a `content-type` header), without axum.
fn inner_service() -> InnerService {
    fn respond(_request: Request<()>) -> std::future::Ready<Result<Response<()>, Infallible>> {
        let mut response = Response::new(());
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        std::future::ready(Ok(response))
    }
    tower::service_fn(respond as _)
}

/// A `tower::service_fn` over a plain function.
type InnerService =
    tower::util::ServiceFn<fn(Request<()>) -> std::future::Ready<Result<Response<()>, Infallible>>>;

/// Clones the service per request, as hyper-util's `TowerToHyperService` does.
fn bench_service<S>(bencher: Bencher, service: S, shape: Shape)
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible> + Clone,
{
    bencher
        .with_inputs(|| make(shape, ()))
        .bench_local_values(|request| drive(service.clone().oneshot(request)));
}

/// `Policy::decide` and the header emission alone: into the handler's response for an
/// actual request; for a preflight, into the request's own header map, as the layers do.
fn bench_decide(bencher: Bencher, policy: &'static Policy, shape: Shape) {
    bencher
        .with_inputs(|| {
            // The handler's response, for an actual request only: a preflight's is built
            // by `into_response_reusing`.
            let response = matches!(shape, Shape::Actual(_))
                .then(|| drive(inner_service().oneshot(make(shape, ()))).unwrap());
            (make(shape, ()), response)
        })
        .bench_local_values(|(mut request, response)| {
            match (policy.decide(request.method(), request.headers()), response) {
                (Decision::Actual(actual), Some(mut response)) => {
                    actual.write_headers(response.headers_mut());
                    response
                }
                (Decision::Preflight(preflight), None) => {
                    preflight.into_response_reusing(std::mem::take(request.headers_mut()))
                }
                _ => unreachable!("the decision follows the request's shape"),
            }
        });
}

macro_rules! without_axum {
    ($($module:ident = $scenario:expr;)*) => {$(
        mod $module {
            use super::*;

            #[divan::bench]
            fn none(b: Bencher) {
                bench_service(b, inner_service(), $scenario.shape)
            }
            #[divan::bench]
            fn tower_http(b: Bencher) {
                let service = tower_http_layer($scenario.spec).layer(inner_service());
                bench_service(b, service, $scenario.shape)
            }
            #[divan::bench]
            fn ours_layer(b: Bencher) {
                let service = CorsLayer::new($scenario.spec.ours).layer(inner_service());
                bench_service(b, service, $scenario.shape)
            }
            #[divan::bench]
            fn ours_decide(b: Bencher) {
                bench_decide(b, $scenario.spec.ours, $scenario.shape)
            }
            #[divan::bench]
            fn limit(b: Bencher) {
                match $scenario.spec.exact {
                    Some(_) => bench_service(
                        b,
                        LimitLayer::<AppOrigin>::new().layer(inner_service()),
                        $scenario.shape,
                    ),
                    None => bench_service(
                        b,
                        LimitLayer::<ShopOrigin>::new().layer(inner_service()),
                        $scenario.shape,
                    ),
                }
            }
        }
    )*};
}

without_axum! {
    svc_actual_allowed = ACTUAL_ALLOWED;
    svc_preflight_allowed = PREFLIGHT_ALLOWED;
    svc_preflight_hostile_acrh = PREFLIGHT_HOSTILE;
    svc_origins_1000 = LAST_OF_1000;
    svc_actual_refused = ACTUAL_REFUSED;
    svc_actual_no_origin = ACTUAL_NO_ORIGIN;
    svc_preflight_refused = PREFLIGHT_REFUSED;
    svc_origin_pattern = ORIGIN_PATTERN;
}

// ---------------------------------------------------------------------------------------
// Origins from the environment

/// `Policy::decide` alone; the decision is returned, so nothing of it is optimized away,
/// and dropped outside the timed region.
fn bench_decide_alone(bencher: Bencher, policy: &'static Policy, shape: Shape) {
    bencher
        .with_inputs(|| make(shape, ()))
        .bench_local_refs(|request| policy.decide(request.method(), request.headers()));
}

/// One module per scenario, the literal policy, its `env(...)` twin and its builder-built
/// twin measured side by side on each path: `cors-compare` reads `literal_<path>`,
/// `env_<path>` and `built_<path>` (no `built_route`: `route!` takes `#[cors]` handlers).
macro_rules! run_time_versus_literal {
    ($($module:ident = ($literal:expr, $env:expr, $built:expr, $origin:expr);)*) => {$(
        mod $module {
            use super::*;

            const LITERAL: Scenario = Scenario {
                spec: $literal,
                shape: Shape::Actual(Some($origin)),
            };
            const ENV: Scenario = Scenario {
                spec: $env,
                shape: Shape::Actual(Some($origin)),
            };
            /// The literal scenario with the builder-built policy in place of the literal
            /// one.
            fn built() -> Scenario {
                Scenario {
                    spec: Spec {
                        ours: $built,
                        ..LITERAL.spec
                    },
                    ..LITERAL
                }
            }

            #[divan::bench]
            fn literal_decide(b: Bencher) {
                bench_decide_alone(b, LITERAL.spec.ours, LITERAL.shape)
            }
            #[divan::bench]
            fn env_decide(b: Bencher) {
                bench_decide_alone(b, ENV.spec.ours, ENV.shape)
            }
            #[divan::bench]
            fn built_decide(b: Bencher) {
                bench_decide_alone(b, built().spec.ours, LITERAL.shape)
            }
            #[divan::bench]
            fn literal_decide_write(b: Bencher) {
                bench_decide(b, LITERAL.spec.ours, LITERAL.shape)
            }
            #[divan::bench]
            fn env_decide_write(b: Bencher) {
                bench_decide(b, ENV.spec.ours, ENV.shape)
            }
            #[divan::bench]
            fn built_decide_write(b: Bencher) {
                bench_decide(b, built().spec.ours, LITERAL.shape)
            }
            #[divan::bench]
            fn literal_layer(b: Bencher) {
                bench_router(b, Variant::OursLayer, LITERAL)
            }
            #[divan::bench]
            fn env_layer(b: Bencher) {
                bench_router(b, Variant::OursLayer, ENV)
            }
            #[divan::bench]
            fn built_layer(b: Bencher) {
                bench_router(b, Variant::OursLayer, built())
            }
            #[divan::bench]
            fn literal_route(b: Bencher) {
                bench_router(b, Variant::OursRoute, LITERAL)
            }
            #[divan::bench]
            fn env_route(b: Bencher) {
                bench_router(b, Variant::OursRoute, ENV)
            }
        }
    )*};
}

run_time_versus_literal! {
    env_origins_0001 = (ONE, ENV_ONE, *BUILT_POLICY_1, ALLOWED);
    env_origins_0001_refused = (ONE, ENV_ONE, *BUILT_POLICY_1, REFUSED);
    env_origins_1000 = (THOUSAND, ENV_THOUSAND, *BUILT_POLICY_1000, ALLOWED);
    env_origins_1000_refused = (THOUSAND, ENV_THOUSAND, *BUILT_POLICY_1000, REFUSED);
}

/// Origins none of the 1- and 1000-origin policies lists, some of them near misses.
const OUTSIDERS: [&str; 9] = [
    REFUSED,
    SUBDOMAIN,
    "https://app.example.com/",
    "https://APP.example.com",
    "http://app.example.com",
    "https://app.example.com:443",
    "https://app0.example.org",
    "https://app1000.example.org",
    "null",
];

/// Resolves every `env(...)` policy before anything is measured, and checks that each
/// allows exactly what its literal twin allows: every listed origin, and none of a few
/// others.
fn check_env_policies() {
    let twins: [(&str, &'static Policy, &'static Policy, &[&str]); 4] = [
        ("ENV_POLICY_1", &ENV_POLICY_1, &POLICY_1, ORIGINS_1),
        (
            "ENV_POLICY_1000",
            &ENV_POLICY_1000,
            &POLICY_1000,
            ORIGINS_1000,
        ),
        (
            "env_handler_1",
            env_handler_1::POLICY,
            handler_1::POLICY,
            ORIGINS_1,
        ),
        (
            "env_handler_1000",
            env_handler_1000::POLICY,
            handler_1000::POLICY,
            ORIGINS_1000,
        ),
    ];
    for (name, env, literal, listed) in twins {
        if let Err(error) = env.resolve() {
            panic!("{name}: {error}");
        }
        assert!(literal.resolve().is_ok(), "{name}'s literal twin");
        for origin in listed.iter().chain(&OUTSIDERS) {
            let origin = origin.as_bytes();
            assert_eq!(
                env.allows_origin(origin),
                literal.allows_origin(origin),
                "{name}: {}",
                String::from_utf8_lossy(origin)
            );
        }
        assert!(env.allows_origin(ALLOWED.as_bytes()), "{name}");
        assert!(!env.allows_origin(REFUSED.as_bytes()), "{name}");
        assert_eq!(env.allows_credentials(), literal.allows_credentials());
        for method in [&b"GET"[..], b"DELETE", b"PUT"] {
            assert_eq!(env.allows_method(method), literal.allows_method(method));
        }
    }
    // Through each path, the env twin answers as the literal policy does.
    for (spec, twin) in [(ONE, ENV_ONE), (THOUSAND, ENV_THOUSAND)] {
        for (origin, allowed) in [(ALLOWED, true), (REFUSED, false)] {
            let shape = Shape::Actual(Some(origin));
            for variant in [Variant::OursLayer, Variant::OursRoute] {
                let answer = |spec| {
                    let response =
                        drive(router(variant, spec).oneshot(make(shape, Body::empty()))).unwrap();
                    (response.status(), response.headers().clone())
                };
                let (status, headers) = answer(twin);
                assert_eq!((status, headers.clone()), answer(spec), "{origin}");
                let allow = headers.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN);
                assert_eq!(allow, allowed, "{origin}: {headers:?}");
            }
        }
    }
}

/// Builds the builder-built policies before anything is measured, and checks that each is
/// its literal twin: the same description (`to_string()`), the same verdict on every
/// listed origin and on `OUTSIDERS`, and the same answer through `CorsLayer`.
fn check_built_policies() {
    let twins: [(&str, &'static Policy, &'static Policy, &[&str]); 2] = [
        ("build_policy_1", *BUILT_POLICY_1, &POLICY_1, ORIGINS_1),
        (
            "build_policy_1000",
            *BUILT_POLICY_1000,
            &POLICY_1000,
            ORIGINS_1000,
        ),
    ];
    for (name, built, literal, listed) in twins {
        assert_eq!(built.to_string(), literal.to_string(), "{name}");
        for origin in listed.iter().chain(&OUTSIDERS) {
            assert_eq!(
                built.allows_origin(origin.as_bytes()),
                literal.allows_origin(origin.as_bytes()),
                "{name}: {origin}"
            );
        }
        assert!(built.allows_origin(ALLOWED.as_bytes()), "{name}");
        assert!(!built.allows_origin(REFUSED.as_bytes()), "{name}");
    }
    for (spec, built) in [(ONE, *BUILT_POLICY_1), (THOUSAND, *BUILT_POLICY_1000)] {
        let twin = Spec {
            ours: built,
            ..spec
        };
        for (origin, allowed) in [(ALLOWED, true), (REFUSED, false)] {
            let answer = |spec| {
                let request = make(Shape::Actual(Some(origin)), Body::empty());
                let response = drive(router(Variant::OursLayer, spec).oneshot(request)).unwrap();
                (response.status(), response.headers().clone())
            };
            let (status, headers) = answer(twin);
            assert_eq!((status, headers.clone()), answer(spec), "{origin}");
            let allow = headers.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN);
            assert_eq!(allow, allowed, "{origin}: {headers:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Same policy, same answers

/// Before measuring anything: every variant answers every scenario as the policy says,
/// so the numbers compare configurations that behave alike.
fn check() {
    check_env_policies();
    check_built_policies();
    let scenarios = [
        ("actual_allowed", ACTUAL_ALLOWED, true),
        ("actual_refused", ACTUAL_REFUSED, false),
        ("actual_no_origin", ACTUAL_NO_ORIGIN, false),
        ("preflight_allowed", PREFLIGHT_ALLOWED, true),
        ("preflight_minimal", PREFLIGHT_MINIMAL, true),
        ("preflight_refused", PREFLIGHT_REFUSED, false),
        ("origins_0010", LAST_OF_0010, true),
        ("origins_0100", LAST_OF_0100, true),
        ("origins_1000", LAST_OF_1000, true),
        ("origin_pattern", ORIGIN_PATTERN, true),
    ];
    for (name, scenario, allowed) in scenarios {
        for variant in [
            Variant::TowerHttp,
            Variant::OursLayer,
            Variant::OursRoute,
            Variant::Limit,
        ] {
            let router = scenario_router(variant, scenario);
            let response = drive(router.oneshot(make(scenario.shape, Body::empty()))).unwrap();
            let allow = response.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN);
            assert_eq!(allow.is_some(), allowed, "{name}: {:?}", response.headers());
            if let (Some(allow), Shape::Actual(Some(origin))) = (allow, scenario.shape) {
                assert_eq!(allow, origin, "{name}");
            }
            let vary: Vec<_> = response.headers().get_all("vary").iter().collect();
            assert!(!vary.is_empty(), "{name}: no Vary");
            if matches!(scenario.shape, Shape::Preflight { .. }) && allowed {
                let methods = &response.headers()["access-control-allow-methods"];
                assert!(methods.to_str().unwrap().contains("DELETE"), "{name}");
            }
            if !matches!(scenario.shape, Shape::Actual(_)) && allowed {
                let headers = &response.headers()["access-control-allow-headers"];
                assert!(headers.to_str().unwrap().contains("content-type"), "{name}");
                assert_eq!(
                    response.headers()["access-control-max-age"],
                    "600",
                    "{name}"
                );
            }
        }
    }
    // The limit sends what ours sends, byte for byte, in every scenario the targets
    // judge it on; but for axum's own `Allow`, which it adds to a response from a route's
    // fallback (where a layer's preflight answer comes from), and not to one from the
    // `OPTIONS` endpoint `route!` mounts.
    for (name, scenario, _) in scenarios {
        let answer = |variant| {
            let response = drive(
                scenario_router(variant, scenario).oneshot(make(scenario.shape, Body::empty())),
            )
            .unwrap();
            let (parts, _) = response.into_parts();
            let mut headers: Vec<_> = parts
                .headers
                .iter()
                .filter(|(name, _)| *name != http::header::ALLOW)
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect();
            headers.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
            (parts.status, headers)
        };
        let limit = answer(Variant::Limit);
        assert_eq!(limit, answer(Variant::OursLayer), "{name}: limit / layer");
        assert_eq!(limit, answer(Variant::OursRoute), "{name}: limit / route!");
    }
    // Ours refuses the hostile preflight at once; tower-http never reads the list.
    for variant in [Variant::OursLayer, Variant::OursRoute] {
        let router = router(variant, PREFLIGHT_HOSTILE.spec);
        let response = drive(router.oneshot(make(PREFLIGHT_HOSTILE.shape, Body::empty()))).unwrap();
        assert_eq!(response.status(), http::StatusCode::FORBIDDEN);
    }
    for variant in VARIANTS {
        let response =
            drive(router(variant, ONE).oneshot(make(ACTUAL_ALLOWED.shape, Body::empty()))).unwrap();
        assert!(response.status().is_success());
    }
    assert!(is_example_com_subdomain(&HeaderValue::from_static(
        SUBDOMAIN
    )));
    assert!(!is_example_com_subdomain(&HeaderValue::from_static(
        "https://example.com"
    )));
    assert_eq!(ORIGINS_PATTERN, ["https://*.example.com"]);
}

// ---------------------------------------------------------------------------------------
// Where ours spends its time (not in the table; `cargo bench -p cors-benches -- parts`)

mod parts {
    use super::*;

    fn decide(bencher: Bencher, shape: Shape) {
        bencher
            .with_inputs(|| make(shape, ()))
            .bench_local_refs(|request| {
                let decision = POLICY_1.decide(request.method(), request.headers());
                divan::black_box(decision.is_preflight())
            });
    }

    #[divan::bench]
    fn decide_actual(b: Bencher) {
        decide(b, ACTUAL_ALLOWED.shape)
    }
    #[divan::bench]
    fn decide_preflight(b: Bencher) {
        decide(b, PREFLIGHT_ALLOWED.shape)
    }
    #[divan::bench]
    fn decide_preflight_hostile(b: Bencher) {
        decide(b, PREFLIGHT_HOSTILE.shape)
    }

    /// `Actual::write_headers` into the handler's response (which has `content-type`).
    #[divan::bench]
    fn write_actual(b: Bencher) {
        let request = make(ACTUAL_ALLOWED.shape, ());
        let Decision::Actual(actual) = POLICY_1.decide(request.method(), request.headers()) else {
            unreachable!()
        };
        b.with_inputs(|| drive(inner_service().oneshot(make(ACTUAL_ALLOWED.shape, ()))).unwrap())
            .bench_local_values(|mut response| {
                actual.write_headers(response.headers_mut());
                response
            });
    }

    /// `Preflight::into_response`: the whole preflight response.
    #[divan::bench]
    fn into_response_preflight(b: Bencher) {
        let request = make(PREFLIGHT_ALLOWED.shape, ());
        let Decision::Preflight(preflight) = POLICY_1.decide(request.method(), request.headers())
        else {
            unreachable!()
        };
        b.bench_local(|| preflight.clone().into_response::<()>());
    }

    /// `Preflight::into_response_reusing`: the response built in the request's header
    /// map, as the layers build it.
    #[divan::bench]
    fn into_response_reusing_preflight(b: Bencher) {
        let request = make(PREFLIGHT_ALLOWED.shape, ());
        let Decision::Preflight(preflight) = POLICY_1.decide(request.method(), request.headers())
        else {
            unreachable!()
        };
        b.with_inputs(|| make(PREFLIGHT_ALLOWED.shape, ()).into_parts().0.headers)
            .bench_local_values(|map| preflight.clone().into_response_reusing::<()>(map));
    }

    /// What axum does to a preflight response after the layer: `RouteFuture` inserts
    /// `content-length: 0`, a seventh entry (the map has room for it).
    #[divan::bench]
    fn into_response_then_content_length(b: Bencher) {
        let request = make(PREFLIGHT_ALLOWED.shape, ());
        let Decision::Preflight(preflight) = POLICY_1.decide(request.method(), request.headers())
        else {
            unreachable!()
        };
        b.bench_local(|| {
            let mut response = preflight.clone().into_response::<()>();
            response
                .headers_mut()
                .insert(http::header::CONTENT_LENGTH, HeaderValue::from_static("0"));
            response
        });
    }

    /// The same seven entries in a map made with room for seven.
    #[divan::bench]
    fn floor_seven_inserts_capacity_7(b: Bencher) {
        use http::header::*;
        b.bench_local(|| {
            let mut map = HeaderMap::with_capacity(7);
            map.insert(
                ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static(ALLOWED),
            );
            map.insert(
                ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
            map.insert(
                ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, DELETE"),
            );
            map.insert(
                ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("content-type, x-request-id"),
            );
            map.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            map.insert(VARY, HeaderValue::from_static("Origin"));
            map.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
            map
        });
    }

    /// `HeaderValue::from_static` on a run-time `&'static str` (what the policy tables
    /// hold): the `const fn` checks every byte again on each call.
    #[divan::bench]
    fn header_values_from_static_str(b: Bencher) {
        let values: [&'static str; 6] = [
            ALLOWED,
            "true",
            "GET, POST, DELETE",
            "content-type, x-request-id",
            "600",
            "Origin",
        ];
        b.bench_local(|| divan::black_box(values).map(HeaderValue::from_static));
    }

    /// The same six values built at compile time and cloned (a `'static` `Bytes` clone).
    #[divan::bench]
    fn header_values_clone_prebuilt(b: Bencher) {
        static VALUES: [HeaderValue; 6] = [
            HeaderValue::from_static(ALLOWED),
            HeaderValue::from_static("true"),
            HeaderValue::from_static("GET, POST, DELETE"),
            HeaderValue::from_static("content-type, x-request-id"),
            HeaderValue::from_static("600"),
            HeaderValue::from_static("Origin"),
        ];
        b.bench_local(|| divan::black_box(&VALUES).clone());
    }

    /// The same six values as `const` items: each use is a copy of a value built at
    /// compile time, with no check and no clone.
    #[divan::bench]
    fn header_values_const(b: Bencher) {
        #[allow(clippy::declare_interior_mutable_const)]
        const VALUES: [HeaderValue; 6] = [
            HeaderValue::from_static(ALLOWED),
            HeaderValue::from_static("true"),
            HeaderValue::from_static("GET, POST, DELETE"),
            HeaderValue::from_static("content-type, x-request-id"),
            HeaderValue::from_static("600"),
            HeaderValue::from_static("Origin"),
        ];
        b.bench_local(|| divan::black_box(VALUES));
    }

    /// One `Access-Control-Allow-Origin` value from the policy's `&'static str`.
    #[divan::bench]
    fn origin_value_from_static_str(b: Bencher) {
        b.bench_local(|| HeaderValue::from_static(divan::black_box(ALLOWED)));
    }

    /// The same value cloned from a `static`: one call through `Bytes`' vtable.
    #[divan::bench]
    fn origin_value_clone_static(b: Bencher) {
        static VALUE: HeaderValue = HeaderValue::from_static(ALLOWED);
        b.bench_local(|| divan::black_box(&VALUE).clone());
    }

    /// The same value copied from a `const`.
    #[divan::bench]
    fn origin_value_const(b: Bencher) {
        #[allow(clippy::declare_interior_mutable_const)]
        const VALUE: HeaderValue = HeaderValue::from_static(ALLOWED);
        b.bench_local(|| divan::black_box(VALUE));
    }

    /// Whether a request's origin is the policy's one exact origin (a comparison: no hash
    /// for a table of one).
    #[divan::bench]
    fn exact_origin_lookup(b: Bencher) {
        b.bench_local(|| POLICY_1.allows_origin(divan::black_box(ALLOWED.as_bytes())));
    }
    /// The same among 1000 exact origins: a hash and a probe.
    #[divan::bench]
    fn exact_origin_lookup_1000(b: Bencher) {
        b.bench_local(|| POLICY_1000.allows_origin(divan::black_box(ALLOWED.as_bytes())));
    }
    /// Whether a request's origin matches `https://*.example.com`.
    #[divan::bench]
    fn pattern_origin_match(b: Bencher) {
        b.bench_local(|| POLICY_PATTERN.allows_origin(divan::black_box(SUBDOMAIN.as_bytes())));
    }
    #[divan::bench]
    fn exact_origin_compare(b: Bencher) {
        b.bench_local(|| {
            divan::black_box(ALLOWED.as_bytes()) == "https://app.example.com".as_bytes()
        });
    }

    /// The floor of any preflight response with the same six headers: a header map of
    /// capacity 6 and six `insert`s of `'static` values.
    #[divan::bench]
    fn floor_six_inserts(b: Bencher) {
        use http::header::*;
        b.bench_local(|| {
            let mut map = HeaderMap::with_capacity(6);
            map.insert(
                ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static(ALLOWED),
            );
            map.insert(
                ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
            map.insert(
                ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, DELETE"),
            );
            map.insert(
                ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("content-type, x-request-id"),
            );
            map.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            map.insert(VARY, HeaderValue::from_static("Origin"));
            map
        });
    }
}

/// The shapes `route![...]` could take, with no CORS work at all: layers on the handlers,
/// one layer on the `MethodRouter` (the shape `route!` has), or both. A handler layer that
/// is not zero-sized costs allocations on every request, as axum clones the handler.
/// Not in the main table; `cargo bench -p cors-benches -- route_floor`.
mod route_floor {
    use super::*;
    use axum::handler::Handler;

    fn bench(bencher: Bencher, router: Router<()>) {
        let router = router.with_state(());
        bencher
            .with_inputs(|| (router.clone(), make(ACTUAL_ALLOWED.shape, Body::empty())))
            .bench_local_values(|(router, request)| drive(router.oneshot(request)));
    }

    #[divan::bench]
    fn handler_layer_identity(b: Bencher) {
        let h = handler.layer(Identity::new());
        bench(
            b,
            Router::new().route(PATH, get(h.clone()).post(h.clone()).delete(h)),
        )
    }
    #[divan::bench]
    fn method_router_layer_identity(b: Bencher) {
        let routes = get(handler).post(handler).delete(handler);
        bench(b, Router::new().route(PATH, routes.layer(Identity::new())))
    }
    #[divan::bench]
    fn handler_layer_ours(b: Bencher) {
        let h = handler.layer(CorsLayer::new(&POLICY_1));
        bench(
            b,
            Router::new().route(PATH, get(h.clone()).post(h.clone()).delete(h)),
        )
    }
    #[divan::bench]
    fn handler_layer_ours_method_router_identity(b: Bencher) {
        let h = handler.layer(CorsLayer::new(&POLICY_1));
        let routes = get(h.clone()).post(h.clone()).delete(h);
        bench(b, Router::new().route(PATH, routes.layer(Identity::new())))
    }
    #[divan::bench]
    fn both_identity(b: Bencher) {
        let h = handler.layer(Identity::new());
        let routes = get(h.clone()).post(h.clone()).delete(h);
        bench(b, Router::new().route(PATH, routes.layer(Identity::new())))
    }
}
