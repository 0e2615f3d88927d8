//! The guard on writes and WebSocket handshakes (SPEC 10): the 1-origin policy of the main
//! tables (`POLICY_1`, `route_1`, the guard on) against the same policy written again with
//! `dangerously_allow_cross_origin_writes` (`UNGUARDED_POLICY_1`, `unguarded_route_1`, the
//! guard off), request by request, on each path:
//!
//! - `decide`: `Policy::decide_request` alone (what `CorsLayer` and `route!` call);
//! - `decide_write`: the decision and what the layers do with it: the headers written into
//!   the handler's response, or the `403` built in the request's own header map;
//! - `layer`: axum, `CorsLayer` via `Router::layer` (as `ours_layer` in the main tables);
//! - `route`: axum, `route!` (as `ours_route`).
//!
//! Variants `<path>_on` and `<path>_off`, run back to back (divan sorts them by name). On
//! the allowed requests, whose cost the targets judge, each side runs twice, in the order
//! off, on, on, off: `<path>_1_off`, `<path>_2_on`, `<path>_3_on`, `<path>_4_off`. Groups,
//! each request with the fields a browser sends (`BROWSER_FIELDS`, among them
//! `Sec-Fetch-Site: cross-site`):
//!
//! - `guard_allowed_post`: a simple `POST` (`fetch` with a `text/plain` body) from the
//!   allowed origin: trusted from the origin check already made, so the guard should cost
//!   next to nothing;
//! - `guard_allowed_get`: a `GET` from the allowed origin (the main tables' actual request);
//! - `guard_refused_write`: the same `POST` from an unlisted origin: guard on, `403` before
//!   the handler; guard off, the handler runs and the answer has no CORS header;
//! - `guard_refused_socket`: `new WebSocket(...)` from an unlisted origin, `decide` paths
//!   only: guard on, refused; guard off, an actual request without CORS headers.

use std::mem;

use divan::Bencher;
use http::header::{CONNECTION, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_VERSION, UPGRADE, VARY};

use super::*;

/// One side of the comparison: the policy as `CorsLayer` takes it and as `route!` mounts it.
#[derive(Clone, Copy)]
struct Side {
    policy: &'static Policy,
    route: fn() -> MethodRouter,
}

/// The guard on: the main tables' 1-origin policy.
const ON: Side = Side {
    policy: &POLICY_1,
    route: route_1,
};

/// The guard off: the same arguments and `dangerously_allow_cross_origin_writes`.
const OFF: Side = Side {
    policy: &UNGUARDED_POLICY_1,
    route: unguarded_route_1,
};

/// What one group sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Door {
    AllowedPost,
    AllowedGet,
    RefusedWrite,
    RefusedSocket,
}

const DOORS: [Door; 4] = [
    Door::AllowedPost,
    Door::AllowedGet,
    Door::RefusedWrite,
    Door::RefusedSocket,
];

impl Door {
    /// Whether the policy allows the request's origin.
    fn allowed(self) -> bool {
        matches!(self, Door::AllowedPost | Door::AllowedGet)
    }
}

/// The request of `door`, as a browser sends it: `BROWSER_FIELDS` (so `Sec-Fetch-Site:
/// cross-site`, once) and the door's own fields.
fn guard_request<B>(door: Door, body: B) -> Request<B> {
    let origin = HeaderValue::from_static(if door.allowed() { ALLOWED } else { REFUSED });
    // What `fetch(url, { method: "POST", body: "..." })` sends: no preflight.
    let text = HeaderValue::from_static("text/plain;charset=UTF-8");
    match door {
        Door::AllowedPost | Door::RefusedWrite => request(
            Method::POST,
            &[(ORIGIN, &origin), (CONTENT_TYPE, &text)],
            body,
        ),
        Door::AllowedGet => request(Method::GET, &[(ORIGIN, &origin)], body),
        Door::RefusedSocket => {
            let mut request = request(Method::GET, &[(ORIGIN, &origin)], body);
            // A browser's handshake: its own fields, and `Connection` and `Sec-Fetch-Mode`
            // / `-Dest` in place of the fetch's values.
            let headers = request.headers_mut();
            let field = HeaderValue::from_static;
            headers.insert(CONNECTION, field("Upgrade"));
            headers.insert(UPGRADE, field("websocket"));
            headers.insert(SEC_WEBSOCKET_VERSION, field("13"));
            headers.insert(SEC_WEBSOCKET_KEY, field("dGhlIHNhbXBsZSBub25jZQ=="));
            headers.insert("sec-fetch-mode", field("websocket"));
            headers.insert("sec-fetch-dest", field("websocket"));
            request
        }
    }
}

/// The handler's response, as `inner_service` builds it.
fn handler_response(door: Door) -> Response<()> {
    drive(inner_service().oneshot(guard_request(door, ()))).unwrap()
}

/// `Policy::decide_request` alone; the decision is returned, so nothing of it is
/// optimized away, and dropped outside the timed region.
fn bench_decide(bencher: Bencher, side: Side, door: Door) {
    bencher
        .with_inputs(|| guard_request(door, ()))
        .bench_local_refs(|request| side.policy.decide_request(request));
}

/// `Policy::decide_request` and what the layers do with its decision: the headers written
/// into the handler's response (made outside the timed region), or the refusal built in
/// the request's own header map. Everything is returned, to be dropped outside the timed
/// region.
fn bench_decide_write(bencher: Bencher, side: Side, door: Door) {
    type Output = (Request<()>, Response<()>, Option<Response<()>>);
    bencher
        .with_inputs(|| (guard_request(door, ()), handler_response(door)))
        .bench_local_values(|(mut request, mut response)| -> Output {
            let refusal = match side.policy.decide_request(&request) {
                Decision::Actual(actual) => {
                    actual.write_headers(response.headers_mut());
                    None
                }
                Decision::Untrusted(untrusted) => {
                    Some(untrusted.into_response_reusing(mem::take(request.headers_mut())))
                }
                Decision::Preflight(_) => unreachable!("no preflight in the guard's groups"),
            };
            (request, response, refusal)
        });
}

fn layer_router(side: Side) -> Router {
    plain().layer(CorsLayer::new(side.policy)).with_state(())
}

fn route_router(side: Side) -> Router {
    Router::new().route(PATH, (side.route)()).with_state(())
}

fn bench_router(bencher: Bencher, router: Router, door: Door) {
    bencher
        .with_inputs(|| (router.clone(), guard_request(door, Body::empty())))
        .bench_local_values(|(router, request)| drive(router.oneshot(request)));
}

fn bench_layer(bencher: Bencher, side: Side, door: Door) {
    bench_router(bencher, layer_router(side), door)
}

fn bench_route(bencher: Bencher, side: Side, door: Door) {
    bench_router(bencher, route_router(side), door)
}

/// The two sides of one path, once each: `<path>_on`, `<path>_off`.
macro_rules! once {
    ($bench:ident, $door:expr, $on:ident, $off:ident) => {
        #[divan::bench]
        fn $on(b: Bencher) {
            $bench(b, ON, $door)
        }
        #[divan::bench]
        fn $off(b: Bencher) {
            $bench(b, OFF, $door)
        }
    };
}

/// The two sides of one path, twice each, in the order of their names: off, on, on, off
/// (`<path>_1_off`, `<path>_2_on`, `<path>_3_on`, `<path>_4_off`). A drift of the
/// machine's speed through the four moves both sides alike, and `cors-compare` averages
/// each side's two measurements.
macro_rules! twice {
    ($bench:ident, $door:expr, $off1:ident, $on2:ident, $on3:ident, $off4:ident) => {
        #[divan::bench]
        fn $off1(b: Bencher) {
            $bench(b, OFF, $door)
        }
        #[divan::bench]
        fn $on2(b: Bencher) {
            $bench(b, ON, $door)
        }
        #[divan::bench]
        fn $on3(b: Bencher) {
            $bench(b, ON, $door)
        }
        #[divan::bench]
        fn $off4(b: Bencher) {
            $bench(b, OFF, $door)
        }
    };
}

/// One module per request: divan prints `group/variant`. The allowed requests, whose
/// cost the targets judge, measure each side twice (`twice!`) on every path; the refused
/// ones once (`once!`), on the `decide` paths and, with `axum`, through both mounts.
macro_rules! guard_groups {
    ($($module:ident = $door:expr, $times:ident $(, $axum:ident)?;)*) => {$(
        mod $module {
            use super::*;

            guard_groups!(@$times $door);
            $(guard_groups!(@$times $axum $door);)?
        }
    )*};
    (@once axum $door:expr) => {
        once!(bench_layer, $door, layer_on, layer_off);
        once!(bench_route, $door, route_on, route_off);
    };
    (@twice axum $door:expr) => {
        twice!(bench_layer, $door, layer_1_off, layer_2_on, layer_3_on, layer_4_off);
        twice!(bench_route, $door, route_1_off, route_2_on, route_3_on, route_4_off);
    };
    (@once $door:expr) => {
        once!(bench_decide, $door, decide_on, decide_off);
        once!(bench_decide_write, $door, decide_write_on, decide_write_off);
    };
    (@twice $door:expr) => {
        twice!(bench_decide, $door, decide_1_off, decide_2_on, decide_3_on, decide_4_off);
        twice!(
            bench_decide_write,
            $door,
            decide_write_1_off,
            decide_write_2_on,
            decide_write_3_on,
            decide_write_4_off
        );
    };
}

guard_groups! {
    guard_allowed_post = Door::AllowedPost, twice, axum;
    guard_allowed_get = Door::AllowedGet, twice, axum;
    guard_refused_write = Door::RefusedWrite, once, axum;
    guard_refused_socket = Door::RefusedSocket, once;
}

/// A response's status, headers (sorted by name) and body.
fn answer(response: Response<Body>) -> (http::StatusCode, Vec<(String, HeaderValue)>, Vec<u8>) {
    let (parts, body) = response.into_parts();
    let mut headers: Vec<_> = parts
        .headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.clone()))
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let body = drive(axum::body::to_bytes(body, 1024)).expect("a short body");
    (parts.status, headers, body.to_vec())
}

/// Before measuring: the two policies differ by the guard alone, every request is what its
/// group says (a browser's, `Sec-Fetch-Site: cross-site` once), and each side decides and
/// answers it as SPEC 10 says on every path; on the allowed requests, both sides answer
/// byte for byte alike.
pub(crate) fn check() {
    assert!(ON.policy.guards_cross_origin_writes());
    assert!(!OFF.policy.guards_cross_origin_writes());
    let (on, off) = (ON.policy.to_string(), OFF.policy.to_string());
    let (on_rest, on_guard) = on.rsplit_once('\n').expect("the guard's line");
    let (off_rest, off_guard) = off.rsplit_once('\n').expect("the guard's line");
    assert_eq!(on_rest, off_rest, "the twins differ beyond the guard");
    assert_ne!(on_guard, off_guard);
    assert!(off_guard.contains("dangerously_allow_cross_origin_writes"));
    assert_eq!(handler_1::POLICY.to_string(), on);
    assert_eq!(unguarded_handler_1::POLICY.to_string(), off);

    for door in DOORS {
        let request = guard_request(door, ());
        let sites: Vec<_> = request.headers().get_all("sec-fetch-site").iter().collect();
        assert_eq!(sites, ["cross-site"], "{door:?}");
        let origins: Vec<_> = request.headers().get_all(ORIGIN).iter().collect();
        assert_eq!(origins.len(), 1, "{door:?}");

        // `decide` and the headers, each side.
        let decide = |side: Side| side.policy.decide_request(&request);
        let written = |side: Side| match decide(side) {
            Decision::Actual(actual) => {
                let mut response = handler_response(door);
                actual.write_headers(response.headers_mut());
                response.headers().clone()
            }
            other => panic!("{door:?}: not an actual request: {other:?}"),
        };
        if door.allowed() {
            assert_eq!(
                written(ON),
                written(OFF),
                "{door:?}: the guard changed a trusted answer"
            );
            assert_eq!(
                written(ON)[ACCESS_CONTROL_ALLOW_ORIGIN],
                ALLOWED,
                "{door:?}"
            );
        } else {
            let refusal = match door {
                Door::RefusedSocket => cors_runtime::Refusal::UntrustedWebSocket,
                _ => cors_runtime::Refusal::UntrustedWrite,
            };
            match decide(ON) {
                Decision::Untrusted(untrusted) => assert_eq!(untrusted.refusal(), refusal),
                other => panic!("{door:?}: guard on, not refused: {other:?}"),
            }
            let off = written(OFF);
            assert!(
                !off.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN),
                "{door:?}: {off:?}"
            );
            assert_eq!(off[VARY], "Origin", "{door:?}");
        }

        // Through axum, each mount.
        if door == Door::RefusedSocket {
            continue;
        }
        for router in [layer_router, route_router] {
            let send = |side: Side| {
                answer(drive(router(side).oneshot(guard_request(door, Body::empty()))).unwrap())
            };
            let (on, off) = (send(ON), send(OFF));
            let allow = |headers: &[(String, HeaderValue)]| {
                headers
                    .iter()
                    .find(|(name, _)| name == "access-control-allow-origin")
                    .map(|(_, value)| value.clone())
            };
            let vary = |headers: &[(String, HeaderValue)]| {
                headers
                    .iter()
                    .any(|(name, value)| name == "vary" && value == "Origin")
            };
            // Guard off, the handler runs whatever the origin.
            assert_eq!(off.0, http::StatusCode::OK, "{door:?}");
            assert_eq!(off.2, b"ok", "{door:?}");
            assert!(vary(&off.1), "{door:?}: {:?}", off.1);
            if door.allowed() {
                assert_eq!(on, off, "{door:?}: the guard changed a trusted answer");
                assert_eq!(allow(&on.1).unwrap(), ALLOWED, "{door:?}");
            } else {
                // Guard on: `403` before the handler, no CORS header but `Vary`.
                assert_eq!(on.0, http::StatusCode::FORBIDDEN, "{door:?}");
                assert!(on.2.is_empty(), "{door:?}: the handler ran");
                assert!(vary(&on.1), "{door:?}: {:?}", on.1);
                assert!(
                    on.1.iter()
                        .all(|(name, _)| !name.starts_with("access-control-")),
                    "{door:?}: {:?}",
                    on.1
                );
                assert!(allow(&off.1).is_none(), "{door:?}: {:?}", off.1);
            }
        }
    }
}
