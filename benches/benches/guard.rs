//! The guard on writes and WebSocket handshakes (SPEC 10): the same policy with the guard
//! on (`on_*`) and off (`off_*`, `dangerously_allow_cross_origin_writes`), on each path:
//! `decide` and the header emission alone, axum with `CorsLayer`, axum with `route!`.
//!
//! - `guard_allowed_post`: a `POST` from the allowed origin, `Sec-Fetch-Site: cross-site`,
//!   as a browser sends it: trusted, the guard's cost on the usual write;
//! - `guard_allowed_get`: the same as a `GET`;
//! - `guard_refused_write`: a `POST` from an unlisted origin: guard on, `403` before the
//!   handler; guard off, the handler runs without CORS headers;
//! - `guard_refused_socket`: `new WebSocket(...)` from an unlisted origin (`decide` only).

use divan::Bencher;

use super::*;

static ON: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [GET, POST],
    allow_headers = ["content-type"],
    credentials,
);

static OFF: Policy = policy!(
    origins = ["https://app.example.com"],
    methods = [GET, POST],
    allow_headers = ["content-type"],
    credentials,
    dangerously_allow_cross_origin_writes,
);

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET, POST],
    allow_headers = ["content-type"],
    credentials,
)]
async fn on_handler() -> &'static str {
    "[]"
}

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET, POST],
    allow_headers = ["content-type"],
    credentials,
    dangerously_allow_cross_origin_writes,
)]
async fn off_handler() -> &'static str {
    "[]"
}

/// What one guard scenario sends.
#[derive(Clone, Copy)]
pub(crate) enum Door {
    AllowedPost,
    AllowedGet,
    RefusedWrite,
    RefusedSocket,
}

/// The request of `door`, with the fields a browser sends (`BROWSER_FIELDS`: `Host`,
/// `Sec-Fetch-Site: cross-site`, ...).
pub(crate) fn guard_request<B>(door: Door, body: B) -> Request<B> {
    let allowed = HeaderValue::from_static(ALLOWED);
    let refused = HeaderValue::from_static(REFUSED);
    let form = HeaderValue::from_static("text/plain");
    let websocket = HeaderValue::from_static("websocket");
    let key = HeaderValue::from_static("dGhlIHNhbXBsZSBub25jZQ==");
    match door {
        Door::AllowedPost => request(
            Method::POST,
            &[(ORIGIN, &allowed), (CONTENT_TYPE, &form)],
            body,
        ),
        Door::AllowedGet => request(Method::GET, &[(ORIGIN, &allowed)], body),
        Door::RefusedWrite => request(
            Method::POST,
            &[(ORIGIN, &refused), (CONTENT_TYPE, &form)],
            body,
        ),
        Door::RefusedSocket => request(
            Method::GET,
            &[
                (ORIGIN, &refused),
                (http::header::UPGRADE, &websocket),
                (http::header::SEC_WEBSOCKET_KEY, &key),
            ],
            body,
        ),
    }
}

/// `decide_request` and what the layers do with its decision: the headers written into
/// the handler's response, or the refusal built in the request's own header map.
fn bench_guard_decide(bencher: Bencher, policy: &'static Policy, door: Door) {
    bencher
        .with_inputs(|| {
            let response = drive(inner_service().oneshot(guard_request(door, ()))).unwrap();
            (guard_request(door, ()), response)
        })
        .bench_local_values(
            |(mut request, mut response)| match policy.decide_request(&request) {
                Decision::Actual(actual) => {
                    actual.write_headers(response.headers_mut());
                    response
                }
                Decision::Untrusted(untrusted) => {
                    untrusted.into_response_reusing(std::mem::take(request.headers_mut()))
                }
                Decision::Preflight(_) => unreachable!("no preflight here"),
            },
        );
}

fn layer_router(policy: &'static Policy) -> Router {
    plain().layer(CorsLayer::new(policy)).with_state(())
}

fn route_router(guard: bool) -> Router {
    let route = if guard {
        route![on_handler]
    } else {
        route![off_handler]
    };
    Router::new().route(PATH, route).with_state(())
}

fn bench_guard_router(bencher: Bencher, router: Router, door: Door) {
    bencher
        .with_inputs(|| (router.clone(), guard_request(door, Body::empty())))
        .bench_local_values(|(router, request)| drive(router.oneshot(request)));
}

macro_rules! guard_groups {
    ($($module:ident = $door:expr, $axum:tt;)*) => {$(
        mod $module {
            use super::*;

            #[divan::bench]
            fn on_decide(b: Bencher) {
                bench_guard_decide(b, &ON, $door)
            }
            #[divan::bench]
            fn off_decide(b: Bencher) {
                bench_guard_decide(b, &OFF, $door)
            }
            guard_groups!(@axum $axum $door);
        }
    )*};
    (@axum true $door:expr) => {
        #[divan::bench]
        fn on_layer(b: Bencher) {
            bench_guard_router(b, layer_router(&ON), $door)
        }
        #[divan::bench]
        fn off_layer(b: Bencher) {
            bench_guard_router(b, layer_router(&OFF), $door)
        }
        #[divan::bench]
        fn on_route(b: Bencher) {
            bench_guard_router(b, route_router(true), $door)
        }
        #[divan::bench]
        fn off_route(b: Bencher) {
            bench_guard_router(b, route_router(false), $door)
        }
    };
    (@axum false $door:expr) => {};
}

guard_groups! {
    guard_allowed_post = Door::AllowedPost, true;
    guard_allowed_get = Door::AllowedGet, true;
    guard_refused_write = Door::RefusedWrite, true;
    guard_refused_socket = Door::RefusedSocket, false;
}

/// Before measuring: each scenario decides as its name says, guard on and off, on every
/// path, and the two policies answer the trusted requests byte for byte alike.
pub(crate) fn check() {
    for door in [Door::AllowedPost, Door::AllowedGet] {
        for (on, off) in [
            (layer_router(&ON), layer_router(&OFF)),
            (route_router(true), route_router(false)),
        ] {
            let on = drive(on.oneshot(guard_request(door, Body::empty()))).unwrap();
            let off = drive(off.oneshot(guard_request(door, Body::empty()))).unwrap();
            assert_eq!(on.status(), 200);
            assert_eq!(
                on.headers(),
                off.headers(),
                "the guard changed a trusted answer"
            );
            assert_eq!(on.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], ALLOWED);
        }
    }
    for door in [Door::RefusedWrite, Door::RefusedSocket] {
        assert!(matches!(
            ON.decide_request(&guard_request(door, ())),
            Decision::Untrusted(_)
        ));
        assert!(OFF.decide_request(&guard_request(door, ())).runs_handler());
    }
    for router in [layer_router(&ON), route_router(true)] {
        let refused = drive(router.oneshot(guard_request(Door::RefusedWrite, Body::empty())));
        assert_eq!(refused.unwrap().status(), 403);
    }
}
