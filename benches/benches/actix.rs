//! actix-web (SPEC 12): the policies of the axum tables on an in-process actix-web `App`,
//! ours against actix-cors 0.7 and against the limit.
//!
//! Every variant is the same `App`: one resource, `/orders`, with GET, POST and DELETE
//! routes to the same trivial handler (the axum tables' `handler`), made into a service
//! by `actix_web::test::init_service` once per benchmark and called like the server calls
//! it, on one thread, with one request at a time. The requests are the axum tables'
//! (`BROWSER_FIELDS` and the scenario's own fields; the minimal preflight has its three
//! fields alone), as actix-web's `Request`: every header value and the URI `'static`, as
//! in the axum tables, so a clone of them copies nothing in any variant. They are built
//! outside the timed region, and the responses are dropped outside it (divan defers
//! dropping outputs): the request and response objects actix-web keeps in its pools go
//! back there untimed, for every variant alike. Every future here completes on its first
//! poll, so it is polled with a no-op waker: no runtime cost in the numbers.
//!
//! Variants, named so that `cors-compare` can lay them out as columns:
//! - `none`: no CORS at all;
//! - `actix_cors`: actix-cors 0.7's `Cors` with the same policy (`allowed_origin` for each
//!   origin, `allowed_origin_fn` for the subdomain pattern, the same methods, headers,
//!   exposed headers, credentials and max age), by `App::wrap`;
//! - `ours`: `cors_runtime::actix::Cors::new(&POLICY)`, by `App::wrap`;
//! - `ours_resource`: `actix_resource!("/orders", handler)` on the `#[cors]` handler of
//!   the same arguments (`handler_1`, `handler_1000`, `handler_pattern`), no middleware;
//! - `limit`: the floor, a hand-written minimal middleware (`actix_limit.rs`), by
//!   `App::wrap`.
//!
//! Groups `actix_<scenario>`: the scenarios of the axum tables (1 origin, 1000 origins,
//! the subdomain pattern; the browser's preflight, the minimal one, the 64 KiB ACRH).
//! Before anything is measured, `check()` makes sure ours and `actix_resource!` answer
//! byte for byte what the limit does (status, headers as a set, body) in every scenario
//! but the 64 KiB ACRH (which ours refuses and the limit never reads), and that every
//! variant allows and refuses what the policy does.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{HeaderName as ActixName, HeaderValue as ActixValue};
use actix_web::http::{Method as ActixMethod, StatusCode, Uri};
use actix_web::test::{self, TestRequest};
use actix_web::{App, Resource, web};
use cors_runtime::actix::Cors;
use cors_runtime::actix_resource;

use super::*;
use crate::actix_limit::ActixLimit;

/// One scenario, and the `actix_resource!` of its policy's `#[cors]` handler.
#[derive(Clone, Copy)]
pub(crate) struct ActixScenario {
    scenario: Scenario,
    resource: fn() -> Resource,
}

fn resource_1() -> Resource {
    actix_resource!(PATH, handler_1)
}

fn resource_1000() -> Resource {
    actix_resource!(PATH, handler_1000)
}

fn resource_pattern() -> Resource {
    actix_resource!(PATH, handler_pattern)
}

const fn one(scenario: Scenario) -> ActixScenario {
    ActixScenario {
        scenario,
        resource: resource_1,
    }
}

const ACTUAL_ALLOWED_ACTIX: ActixScenario = one(ACTUAL_ALLOWED);
const ACTUAL_REFUSED_ACTIX: ActixScenario = one(ACTUAL_REFUSED);
const ACTUAL_NO_ORIGIN_ACTIX: ActixScenario = one(ACTUAL_NO_ORIGIN);
const PREFLIGHT_ALLOWED_ACTIX: ActixScenario = one(PREFLIGHT_ALLOWED);
const PREFLIGHT_MINIMAL_ACTIX: ActixScenario = one(PREFLIGHT_MINIMAL);
const PREFLIGHT_REFUSED_ACTIX: ActixScenario = one(PREFLIGHT_REFUSED);
const PREFLIGHT_HOSTILE_ACTIX: ActixScenario = one(PREFLIGHT_HOSTILE);
const LAST_OF_1000_ACTIX: ActixScenario = ActixScenario {
    scenario: LAST_OF_1000,
    resource: resource_1000,
};
const ORIGIN_PATTERN_ACTIX: ActixScenario = ActixScenario {
    scenario: ORIGIN_PATTERN,
    resource: resource_pattern,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ActixVariant {
    None,
    ActixCors,
    Ours,
    OursResource,
    Limit,
}

const ACTIX_VARIANTS: [ActixVariant; 5] = [
    ActixVariant::None,
    ActixVariant::ActixCors,
    ActixVariant::Ours,
    ActixVariant::OursResource,
    ActixVariant::Limit,
];

// ---------------------------------------------------------------------------------------
// Configurations

/// The resource of every variant but `actix_resource!`: GET, POST and DELETE on `handler`.
fn plain_resource() -> Resource {
    web::resource(PATH)
        .route(web::get().to(handler))
        .route(web::post().to(handler))
        .route(web::delete().to(handler))
}

/// actix-cors 0.7's `Cors` with the arguments every `POLICY_*` was written with.
fn actix_cors(spec: Spec) -> actix_cors::Cors {
    let cors = match spec.exact {
        Some(list) => list
            .iter()
            .fold(actix_cors::Cors::default(), |cors, origin| {
                cors.allowed_origin(origin)
            }),
        None => actix_cors::Cors::default()
            .allowed_origin_fn(|origin, _| is_example_com_subdomain_bytes(origin.as_bytes())),
    };
    cors.allowed_methods([ActixMethod::GET, ActixMethod::POST, ActixMethod::DELETE])
        .allowed_headers(["content-type", "x-request-id"])
        .expose_headers(["x-request-id"])
        .supports_credentials()
        .max_age(600)
}

/// Builds the `App` of `$variant` for `$scenario`, makes it a service, and evaluates
/// `$body` with it bound to `$app` (each variant's service has its own type).
macro_rules! with_app {
    ($variant:expr, $scenario:expr, |$app:ident| $body:expr) => {{
        let scenario: ActixScenario = $scenario;
        let spec = scenario.scenario.spec;
        match $variant {
            ActixVariant::None => {
                let $app = drive(test::init_service(App::new().service(plain_resource())));
                $body
            }
            ActixVariant::ActixCors => {
                let $app = drive(test::init_service(
                    App::new().wrap(actix_cors(spec)).service(plain_resource()),
                ));
                $body
            }
            ActixVariant::Ours => {
                let $app = drive(test::init_service(
                    App::new()
                        .wrap(Cors::new(spec.ours))
                        .service(plain_resource()),
                ));
                $body
            }
            ActixVariant::OursResource => {
                let $app = drive(test::init_service(
                    App::new().service((scenario.resource)()),
                ));
                $body
            }
            // The limit knows the one origin the allowed request sends, and whether the
            // preflight's answer lists the methods.
            ActixVariant::Limit => match (spec.exact, scenario.scenario.shape) {
                (_, Shape::MinimalPreflight(_)) => {
                    let $app = drive(test::init_service(
                        App::new()
                            .wrap(ActixLimit::<AppOriginPost>::new())
                            .service(plain_resource()),
                    ));
                    $body
                }
                (Some(_), _) => {
                    let $app = drive(test::init_service(
                        App::new()
                            .wrap(ActixLimit::<AppOrigin>::new())
                            .service(plain_resource()),
                    ));
                    $body
                }
                (None, _) => {
                    let $app = drive(test::init_service(
                        App::new()
                            .wrap(ActixLimit::<ShopOrigin>::new())
                            .service(plain_resource()),
                    ));
                    $body
                }
            },
        }
    }};
}

// ---------------------------------------------------------------------------------------
// Requests

/// The 64 KiB `Access-Control-Request-Headers` of the axum tables, as actix-web's value:
/// `'static`, so cloning it per request copies nothing.
static HOSTILE_ACRH_ACTIX: LazyLock<ActixValue> = LazyLock::new(|| {
    let value: &'static HeaderValue = &HOSTILE_ACRH;
    ActixValue::from_static(value.to_str().expect("visible ASCII"))
});

/// The request of `shape`, as `make` builds it for axum: the same fields in the same
/// order, every value `'static`.
fn test_request(shape: Shape) -> TestRequest {
    let field = |name: &'static str, value: &'static str| {
        (ActixName::from_static(name), ActixValue::from_static(value))
    };
    let preflight = |origin, acrm, acrh: ActixValue| {
        [
            field("origin", origin),
            field("access-control-request-method", acrm),
            (
                ActixName::from_static("access-control-request-headers"),
                acrh,
            ),
        ]
    };
    let (method, browser, own): (ActixMethod, bool, Vec<(ActixName, ActixValue)>) = match shape {
        Shape::Actual(None) => (ActixMethod::GET, true, Vec::new()),
        Shape::Actual(Some(origin)) => (ActixMethod::GET, true, vec![field("origin", origin)]),
        Shape::Preflight { origin, hostile } => {
            let acrh = if hostile {
                HOSTILE_ACRH_ACTIX.clone()
            } else {
                ActixValue::from_static("content-type,x-request-id")
            };
            (
                ActixMethod::OPTIONS,
                true,
                preflight(origin, "DELETE", acrh).to_vec(),
            )
        }
        Shape::MinimalPreflight(origin) => (
            ActixMethod::OPTIONS,
            false,
            preflight(origin, "POST", ActixValue::from_static("content-type")).to_vec(),
        ),
    };
    let mut request = TestRequest::default().method(method);
    if browser {
        for (name, value) in BROWSER_FIELDS {
            request = request.append_header(field(name, value));
        }
    }
    for header in own {
        request = request.append_header(header);
    }
    request
}

/// The actix-web `Request` of a shape, as the server hands it to the `App`: made by
/// `test_request` and given a `'static` URI (a parsed one would allocate when the `App`
/// clones it into the request's path; a server's shares its read buffer).
macro_rules! actix_request {
    ($shape:expr) => {{
        let mut request = test_request($shape).to_request();
        request.head_mut().uri = Uri::from_static(PATH);
        request
    }};
}

// ---------------------------------------------------------------------------------------
// Measuring

/// Calls `app` with the requests `make` builds, one at a time; the requests are built and
/// the responses dropped outside the timed region.
fn bench_app<S, R, B>(bencher: Bencher, app: S, make: impl FnMut() -> R)
where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    bencher
        .with_inputs(make)
        .bench_local_values(|request| drive(app.call(request)));
}

fn bench_actix(bencher: Bencher, variant: ActixVariant, scenario: ActixScenario) {
    let shape = scenario.scenario.shape;
    with_app!(variant, scenario, |app| bench_app(bencher, app, || {
        actix_request!(shape)
    }))
}

/// One module per scenario, one function per variant: divan prints `scenario/variant`.
/// A benchmark stops after 3 s: only actix-cors on the 64 KiB ACRH gets there.
macro_rules! actix_groups {
    ($($module:ident = $scenario:expr;)*) => {$(
        mod $module {
            use super::*;

            #[divan::bench(max_time = 3)]
            fn none(b: Bencher) {
                bench_actix(b, ActixVariant::None, $scenario)
            }
            #[divan::bench(max_time = 3)]
            fn actix_cors(b: Bencher) {
                bench_actix(b, ActixVariant::ActixCors, $scenario)
            }
            #[divan::bench(max_time = 3)]
            fn ours(b: Bencher) {
                bench_actix(b, ActixVariant::Ours, $scenario)
            }
            #[divan::bench(max_time = 3)]
            fn ours_resource(b: Bencher) {
                bench_actix(b, ActixVariant::OursResource, $scenario)
            }
            #[divan::bench(max_time = 3)]
            fn limit(b: Bencher) {
                bench_actix(b, ActixVariant::Limit, $scenario)
            }
        }
    )*};
}

actix_groups! {
    actix_actual_allowed = ACTUAL_ALLOWED_ACTIX;
    actix_actual_refused = ACTUAL_REFUSED_ACTIX;
    actix_actual_no_origin = ACTUAL_NO_ORIGIN_ACTIX;
    actix_preflight_allowed = PREFLIGHT_ALLOWED_ACTIX;
    actix_preflight_minimal = PREFLIGHT_MINIMAL_ACTIX;
    actix_preflight_refused = PREFLIGHT_REFUSED_ACTIX;
    actix_preflight_hostile_acrh = PREFLIGHT_HOSTILE_ACTIX;
    actix_origins_1000 = LAST_OF_1000_ACTIX;
    actix_origin_pattern = ORIGIN_PATTERN_ACTIX;
}

// ---------------------------------------------------------------------------------------
// Same policy, same answers

/// A response's status, headers (sorted, as a set) and body.
type Answer = (StatusCode, Vec<(String, Vec<u8>)>, Vec<u8>);

fn answer<S, R, B>(app: &S, request: R) -> Answer
where
    S: Service<R, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let response = drive(app.call(request)).unwrap_or_else(|error| panic!("{error}"));
    let status = response.status();
    let mut headers: Vec<_> = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect();
    headers.sort();
    let body = drive(actix_web::body::to_bytes(response.into_body()))
        .unwrap_or_else(|_| panic!("the body"));
    (status, headers, body.to_vec())
}

/// What `variant` answers in `scenario`.
fn answer_of(variant: ActixVariant, scenario: ActixScenario) -> Answer {
    let shape = scenario.scenario.shape;
    with_app!(variant, scenario, |app| answer(&app, actix_request!(shape)))
}

fn header<'a>(answer: &'a Answer, name: &str) -> Option<&'a [u8]> {
    answer
        .1
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, value)| value.as_slice())
}

/// Before measuring anything: ours and `actix_resource!` answer what the limit does, byte
/// for byte, and every variant allows and refuses what the policy does.
pub(crate) fn check() {
    let scenarios = [
        ("actual_allowed", ACTUAL_ALLOWED_ACTIX, true),
        ("actual_refused", ACTUAL_REFUSED_ACTIX, false),
        ("actual_no_origin", ACTUAL_NO_ORIGIN_ACTIX, false),
        ("preflight_allowed", PREFLIGHT_ALLOWED_ACTIX, true),
        ("preflight_minimal", PREFLIGHT_MINIMAL_ACTIX, true),
        ("preflight_refused", PREFLIGHT_REFUSED_ACTIX, false),
        ("origins_1000", LAST_OF_1000_ACTIX, true),
        ("origin_pattern", ORIGIN_PATTERN_ACTIX, true),
    ];
    for (name, scenario, allowed) in scenarios {
        let shape = scenario.scenario.shape;
        let limit = answer_of(ActixVariant::Limit, scenario);
        let ours = answer_of(ActixVariant::Ours, scenario);
        let resource = answer_of(ActixVariant::OursResource, scenario);
        assert_eq!(ours, limit, "{name}: ours / limit");
        assert_eq!(resource, limit, "{name}: actix_resource! / limit");
        let cors = answer_of(ActixVariant::ActixCors, scenario);
        for (variant, answer) in [("ours", &ours), ("actix-cors", &cors)] {
            let allow = header(answer, "access-control-allow-origin");
            assert_eq!(allow.is_some(), allowed, "{name}, {variant}: {answer:?}");
            if let (Some(allow), Shape::Actual(Some(origin))) = (allow, shape) {
                assert_eq!(allow, origin.as_bytes(), "{name}, {variant}");
            }
            // actix-cors sends no `Vary` on a refused preflight.
            let refused_preflight = !allowed && !matches!(shape, Shape::Actual(_));
            if !refused_preflight {
                assert!(
                    header(answer, "vary").is_some(),
                    "{name}, {variant}: no Vary"
                );
            }
            match shape {
                Shape::Actual(_) => {
                    assert_eq!(answer.0, StatusCode::OK, "{name}, {variant}");
                    assert_eq!(answer.2, b"ok", "{name}, {variant}");
                }
                Shape::Preflight { .. } | Shape::MinimalPreflight(_) if allowed => {
                    assert!(answer.0.is_success(), "{name}, {variant}: {answer:?}");
                    assert_eq!(answer.2, b"", "{name}, {variant}: a body");
                    let listed = |header_name: &str, item: &str| {
                        header(answer, header_name).is_some_and(|value| {
                            value
                                .split(|&b| b == b',')
                                .any(|listed| listed.trim_ascii() == item.as_bytes())
                        })
                    };
                    assert!(listed("access-control-max-age", "600"), "{name}, {variant}");
                    assert!(
                        listed("access-control-allow-headers", "content-type"),
                        "{name}, {variant}"
                    );
                    if let Shape::Preflight { .. } = shape {
                        assert!(
                            listed("access-control-allow-methods", "DELETE"),
                            "{name}, {variant}"
                        );
                    }
                }
                // Refused: ours `403` (the same as the limit's, checked above), actix-cors
                // `400` with a message.
                Shape::Preflight { .. } | Shape::MinimalPreflight(_) => {
                    assert!(answer.0.is_client_error(), "{name}, {variant}: {answer:?}");
                }
            }
        }
    }
    // Ours refuses the hostile preflight at once, on both mounts.
    for variant in [ActixVariant::Ours, ActixVariant::OursResource] {
        let answer = answer_of(variant, PREFLIGHT_HOSTILE_ACTIX);
        assert_eq!(answer.0, StatusCode::FORBIDDEN, "{variant:?}");
    }
    for variant in ACTIX_VARIANTS {
        let answer = answer_of(variant, ACTUAL_ALLOWED_ACTIX);
        assert_eq!(answer.0, StatusCode::OK, "{variant:?}");
    }
}
