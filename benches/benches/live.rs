//! Origin sets that change while serving (SPEC 11): the 1- and 1000-origin policies of the
//! main tables (`POLICY_1`, `route_1`; `POLICY_1000`, `route_1000`) against the same
//! policies written with `origins = [live(LIVE_SET_<n>)]` (`LIVE_POLICY_<n>`,
//! `live_route_<n>`), each set filled once, before anything is measured, with the very
//! same origins (`fill`). Request by request, on each path:
//!
//! - `decide`: `Policy::decide_request` alone (what `CorsLayer` and `route!` call);
//! - `layer`: axum, `CorsLayer` via `Router::layer` (as `ours_layer` in the main tables);
//! - `route`: axum, `route!` (as `ours_route`).
//!
//! Each side runs twice per round, in the order literal, live, live, literal (divan sorts
//! them by name): `<path>_1_literal`, `<path>_2_live`, `<path>_3_live`,
//! `<path>_4_literal`. Groups, each request with the fields a browser sends
//! (`BROWSER_FIELDS`):
//!
//! - `live_0001_actual` and `live_0001_preflight`: 1 origin; a `GET` from it, and the
//!   preflight of a `DELETE` with two request headers (the main tables' requests);
//! - `live_1000_actual` and `live_1000_preflight`: 1000 origins, the same requests from
//!   the origin in the middle of the list (`MIDDLE`).
//!
//! A thread's first request against a set allocates that thread's handle on it, once;
//! `check` sends every request on the thread divan measures on, so no measured request
//! pays it.
//!
//! The `live_change` group measures what a change costs, for 1000 origins: `replace_1000`,
//! one `OriginSet::replace` with the 1000 origins the set holds already (the new version
//! checked and laid out, swapped in, the old one freed), and `insert_1000`, one
//! `OriginSet::insert` of a new origin into a set of exactly those 1000 (each iteration
//! gets its own set, filled before the timed region and dropped after it).

use divan::Bencher;

use super::*;

/// The origin the 1000-origin groups' requests send: the middle one of the list.
const MIDDLE: &str = ORIGINS_1000[ORIGINS_1000.len() / 2];

/// `ONE` with its origins in `LIVE_SET_1`.
const LIVE_ONE: Spec = Spec {
    ours: &LIVE_POLICY_1,
    route: live_route_1,
    exact: Some(ORIGINS_1),
};

/// `THOUSAND` with its origins in `LIVE_SET_1000`.
const LIVE_THOUSAND: Spec = Spec {
    ours: &LIVE_POLICY_1000,
    route: live_route_1000,
    exact: Some(ORIGINS_1000),
};

/// The `GET` a browser sends from `origin`.
const fn actual(origin: &'static str) -> Shape {
    Shape::Actual(Some(origin))
}

/// The preflight a browser sends from `origin` before a `DELETE` with two request headers.
const fn preflight(origin: &'static str) -> Shape {
    Shape::Preflight {
        origin,
        hostile: false,
    }
}

/// A set no policy reads, holding the 1000 origins: `replace_1000` replaces them with
/// themselves.
static CHANGED: OriginSet = OriginSet::new();

/// The origin `insert_1000` adds: none of the 1000.
const NEW: &str = "https://app1000.example.org";

/// Fills each live set with the origins of its literal twin, and `CHANGED` with the 1000.
pub(crate) fn fill() {
    for (name, set, origins) in [
        ("LIVE_SET_1", &LIVE_SET_1, ORIGINS_1),
        ("LIVE_SET_1000", &LIVE_SET_1000, ORIGINS_1000),
        ("CHANGED", &CHANGED, ORIGINS_1000),
    ] {
        if let Err(error) = set.replace(origins) {
            panic!("{name}: {error}");
        }
    }
}

/// A new set holding the 1000 origins, as `insert_1000` starts from.
fn thousand() -> OriginSet {
    let set = OriginSet::new();
    set.replace(ORIGINS_1000).expect("the 1000 origins");
    set
}

/// `Policy::decide_request` alone; the decision is returned, so nothing of it is
/// optimized away, and dropped outside the timed region.
fn bench_decide(bencher: Bencher, spec: Spec, shape: Shape) {
    bencher
        .with_inputs(|| make(shape, ()))
        .bench_local_refs(|request| spec.ours.decide_request(request));
}

fn bench_layer(bencher: Bencher, spec: Spec, shape: Shape) {
    bench_router(bencher, Variant::OursLayer, Scenario { spec, shape })
}

fn bench_route(bencher: Bencher, spec: Spec, shape: Shape) {
    bench_router(bencher, Variant::OursRoute, Scenario { spec, shape })
}

/// The two sides of one path, twice each, in the order of their names: literal, live, live,
/// literal (`<path>_1_literal`, `<path>_2_live`, `<path>_3_live`, `<path>_4_literal`). A
/// drift of the machine's speed through the four moves both sides alike, and
/// `cors-compare` averages each side's two measurements.
macro_rules! twice {
    ($bench:ident, $literal1:ident, $live2:ident, $live3:ident, $literal4:ident) => {
        #[divan::bench]
        fn $literal1(b: Bencher) {
            $bench(b, LITERAL, SHAPE)
        }
        #[divan::bench]
        fn $live2(b: Bencher) {
            $bench(b, LIVE, SHAPE)
        }
        #[divan::bench]
        fn $live3(b: Bencher) {
            $bench(b, LIVE, SHAPE)
        }
        #[divan::bench]
        fn $literal4(b: Bencher) {
            $bench(b, LITERAL, SHAPE)
        }
    };
}

/// One module per request: divan prints `group/variant`.
macro_rules! live_groups {
    ($($module:ident = ($literal:expr, $live:expr, $shape:expr);)*) => {$(
        mod $module {
            use super::*;

            const LITERAL: Spec = $literal;
            const LIVE: Spec = $live;
            const SHAPE: Shape = $shape;

            twice!(bench_decide, decide_1_literal, decide_2_live, decide_3_live, decide_4_literal);
            twice!(bench_layer, layer_1_literal, layer_2_live, layer_3_live, layer_4_literal);
            twice!(bench_route, route_1_literal, route_2_live, route_3_live, route_4_literal);
        }
    )*};
}

live_groups! {
    live_0001_actual = (ONE, LIVE_ONE, actual(ALLOWED));
    live_0001_preflight = (ONE, LIVE_ONE, preflight(ALLOWED));
    live_1000_actual = (THOUSAND, LIVE_THOUSAND, actual(MIDDLE));
    live_1000_preflight = (THOUSAND, LIVE_THOUSAND, preflight(MIDDLE));
}

/// What a change of a set of 1000 origins costs. An iteration takes from tens of
/// microseconds to milliseconds, so each benchmark stops after a few seconds rather than
/// after all of `--sample-count`.
mod live_change {
    use super::*;

    /// One `replace` with the 1000 origins `CHANGED` holds already: the new version checked
    /// and laid out, swapped in, and the old one freed (no thread holds it).
    #[divan::bench(max_time = 3)]
    fn replace_1000(b: Bencher) {
        b.bench_local(|| CHANGED.replace(ORIGINS_1000));
    }

    /// One `insert` of a new origin into a set of exactly the 1000 origins: the new
    /// version laid out, swapped in, the old one freed.
    #[divan::bench(max_time = 5)]
    fn insert_1000(b: Bencher) {
        b.with_inputs(thousand)
            .bench_local_refs(|set| set.insert(NEW));
    }
}

/// Before measuring (after `fill`): each live policy is its literal twin but for where the
/// origins are kept, allows the same origins, and answers every measured request byte for
/// byte alike on every path; the changes measured do what they say. Every request is sent
/// on this thread, the one divan measures on, so each set's per-thread handle exists
/// before the first measurement.
pub(crate) fn check() {
    let twins = [
        (
            "LIVE_SET_1",
            &LIVE_SET_1,
            (ONE, handler_1::POLICY),
            (LIVE_ONE, live_handler_1::POLICY),
            ALLOWED,
        ),
        (
            "LIVE_SET_1000",
            &LIVE_SET_1000,
            (THOUSAND, handler_1000::POLICY),
            (LIVE_THOUSAND, live_handler_1000::POLICY),
            MIDDLE,
        ),
    ];
    for (name, set, (literal, literal_handler), (live, live_handler), origin) in twins {
        let listed = literal.exact.expect("exact origins");
        assert_eq!(set.len(), listed.len(), "{name}");
        assert!(listed.iter().all(|o| set.contains(o)), "{name}");

        // The same arguments but the origins, whose line names the set and lists what it
        // holds, as the literal policy's lists its own; `route!`'s handlers alike.
        let (literal_text, live_text) = (literal.ours.to_string(), live.ours.to_string());
        assert_eq!(literal_handler.to_string(), literal_text, "{name}");
        assert_eq!(live_handler.to_string(), live_text, "{name}");
        let origins_line = |text: &str| text.lines().nth(1).expect("the origins' line").to_owned();
        let other_lines = |text: &str| text.lines().skip(2).collect::<Vec<_>>().join("\n");
        assert_eq!(
            other_lines(&live_text),
            other_lines(&literal_text),
            "{name}: the twins differ beyond the origins"
        );
        let written = origins_line(&literal_text);
        let written = written.strip_prefix("  origins: ").expect("the origins");
        assert_eq!(
            origins_line(&live_text),
            format!("  origins: (none written); and the live origin set `{name}`, now: {written}"),
            "{name}"
        );

        assert!(literal.ours.allows_origin(origin.as_bytes()), "{name}");
        assert!(live.ours.allows_origin(origin.as_bytes()), "{name}");
        for other in listed.iter().chain(&OUTSIDERS) {
            assert_eq!(
                live.ours.allows_origin(other.as_bytes()),
                literal.ours.allows_origin(other.as_bytes()),
                "{name}: {other}"
            );
        }

        for shape in [actual(origin), preflight(origin)] {
            // `decide`, and what the layers write with its decision.
            let written = |spec: Spec| {
                let mut request = make(shape, ());
                match spec.ours.decide_request(&request) {
                    Decision::Actual(actual) => {
                        let mut response = drive(inner_service().oneshot(make(shape, ()))).unwrap();
                        actual.write_headers(response.headers_mut());
                        (response.status(), response.headers().clone())
                    }
                    Decision::Preflight(preflight) => {
                        let response = preflight
                            .into_response_reusing::<()>(std::mem::take(request.headers_mut()));
                        (response.status(), response.headers().clone())
                    }
                    other => panic!("{name}: neither allowed nor a preflight: {other:?}"),
                }
            };
            let (status, headers) = written(live);
            assert_eq!((status, headers.clone()), written(literal), "{name}");
            assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], origin, "{name}");
            // Through axum, each mount.
            for variant in [Variant::OursLayer, Variant::OursRoute] {
                let answer = |spec| {
                    let request = make(shape, Body::empty());
                    let response = drive(router(variant, spec).oneshot(request)).unwrap();
                    (response.status(), response.headers().clone())
                };
                let (status, headers) = answer(live);
                assert!(status.is_success(), "{name}: {status}");
                assert_eq!((status, headers.clone()), answer(literal), "{name}");
                assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], origin, "{name}");
            }
        }
    }

    // The changes: a replacement with the same origins leaves them, an insertion adds one.
    assert_eq!(CHANGED.replace(ORIGINS_1000), Ok(()));
    assert_eq!(CHANGED.len(), ORIGINS_1000.len());
    let set = thousand();
    assert!(!set.contains(NEW));
    assert_eq!(set.insert(NEW), Ok(true));
    assert_eq!(set.len(), ORIGINS_1000.len() + 1);
}
