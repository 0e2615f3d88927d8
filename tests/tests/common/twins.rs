//! Every behaviour suite runs each of its policies as written and as its twins: one whose
//! origins are resolved at startup (`origins = env(...)`) from the same list, and (but for
//! a `"*"` policy) one whose origins are held in a live set (`origins = [live(SET)]`),
//! filled with the same list. The twins' tables are built at run time, the literal's by
//! the compiler; every request goes to each, and their responses must be identical byte
//! for byte.
//!
//! A suite that applies its policy as a layer ([`layered`]) runs on both frameworks: the
//! same routes behind `CorsLayer` on axum, and behind `cors_runtime::actix::Cors` on an
//! actix-web `App` (the routes, without CORS, are its inner service, bridged), and the two
//! answers must be the same status, headers and body. actix-web's header map does not keep
//! the order of different names, so the headers are compared name by name, each name's
//! lines in order, leaving to each framework what it adds itself
//! (`common::actix::comparable`).
#![allow(dead_code, unreachable_pub)]

use std::convert::Infallible;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::response::Response;
use cors_runtime::{Decision, OriginSet, Policy};
use http::{HeaderMap, Method, Request};
use http_body_util::BodyExt;
use tower::{Service, ServiceExt};

// `check/twin.rs`, as its includer names it (`common::twin`, or the model's `check::twin`).
pub use super::twin::resolve_twin;

/// A policy as written, its twin with origins from the environment, and its twin with
/// origins in a live set.
#[derive(Debug)]
pub struct Twins {
    pub literal: &'static Policy,
    pub env: &'static Policy,
    /// `origins = [live(SET)]` and the set; `None` for a `"*"` policy.
    pub live: Option<(&'static Policy, &'static OriginSet)>,
    /// The literal's origins, as written.
    pub origins: &'static [&'static str],
}

impl Twins {
    /// The twin, resolved from the literal's origins (once): its summary must equal the
    /// literal's, origins included.
    pub fn env(&self) -> &'static Policy {
        resolve_twin(self.literal, self.env, self.origins)
    }

    /// The live twin, its set filled with the literal's origins (again at each call: a
    /// replacement with the same list changes no answer), and checked to describe the
    /// same policy but for where its origins come from. `None` for a `"*"` policy.
    pub fn live(&self) -> Option<&'static Policy> {
        let (policy, set) = self.live?;
        set.replace(self.origins)
            .unwrap_or_else(|e| panic!("live twin of {:?}: {e}", self.origins));
        let summary = |policy: &Policy| {
            let summary = policy.to_string();
            let lines = summary
                .lines()
                .filter(|line| !line.trim_start().starts_with("origins:"));
            lines.map(str::to_owned).collect::<Vec<_>>()
        };
        assert_eq!(
            summary(policy),
            summary(self.literal),
            "the live twin differs"
        );
        assert!(
            policy
                .to_string()
                .contains(&format!("live origin set `SET`, now: {set}")),
            "{policy}"
        );
        Some(policy)
    }

    /// Every policy: the literal first, then the env twin and the live twin.
    pub fn all(&self) -> Vec<&'static Policy> {
        let mut all = vec![self.literal, self.env()];
        all.extend(self.live());
        all
    }

    /// [`Policy::allows_origin`] of every twin, which must agree.
    pub fn allows_origin(&self, origin: &[u8]) -> bool {
        let allowed = self.literal.allows_origin(origin);
        for twin in self.all() {
            assert_eq!(twin.allows_origin(origin), allowed, "{origin:?}");
        }
        allowed
    }

    /// [`Policy::decide`] of every twin: the same kind of decision, the same refusal, and
    /// the same response headers written. Returns the literal's.
    pub fn decide(&self, method: &Method, headers: &HeaderMap) -> Decision<'static> {
        let literal = self.literal.decide(method, headers);
        for twin in self.all() {
            let twin = twin.decide(method, headers);
            assert_eq!(literal.refusal(), twin.refusal(), "{method} {headers:?}");
            assert_eq!(written(&literal), written(&twin), "{method} {headers:?}");
        }
        literal
    }
}

/// The response headers a decision writes into an empty map.
fn written(decision: &Decision<'_>) -> HeaderMap {
    let mut response = HeaderMap::new();
    match decision {
        Decision::Actual(actual) => actual.write_headers(&mut response),
        Decision::Preflight(preflight) => preflight.write_headers(&mut response),
        Decision::Untrusted(untrusted) => untrusted.write_headers(&mut response),
    }
    response
}

/// The literal policy (for `decide` and the predicates, compared by callers that check
/// both).
impl Deref for Twins {
    type Target = Policy;

    fn deref(&self) -> &Policy {
        self.literal
    }
}

/// `static NAME: Twins` from the arguments of `policy!`, `origins = [...]` first.
#[allow(unused_macros)]
macro_rules! twins {
    // Origins as `tt`, so that `live_twin!` can tell `"*"` (a `literal` fragment passed on
    // is opaque to matching).
    ($($(#[$meta:meta])* static $name:ident = policy!(
        origins = [$($origin:tt),* $(,)?], $($rest:tt)*
    );)*) => {
        $(
            $(#[$meta])*
            static $name: crate::common::twins::Twins = crate::common::twins::Twins {
                literal: {
                    static POLICY: ::cors_runtime::Policy =
                        ::cors_runtime::policy!(origins = [$($origin),*], $($rest)*);
                    &POLICY
                },
                env: {
                    static POLICY: ::cors_runtime::Policy = ::cors_runtime::policy!(
                        origins = env("CORS_TESTS_TWIN_ORIGINS"),
                        $($rest)*
                    );
                    &POLICY
                },
                live: crate::common::twins::live_twin!([$($origin),*] $($rest)*),
                origins: &[$($origin),*],
            };
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use twins;

/// The live twin of a policy with these origins and other arguments: none for `"*"`.
#[allow(unused_macros)]
macro_rules! live_twin {
    (["*"] $($rest:tt)*) => {
        None
    };
    ([$($origin:tt),*] $($rest:tt)*) => {{
        static SET: ::cors_runtime::OriginSet = ::cors_runtime::OriginSet::new();
        static POLICY: ::cors_runtime::Policy =
            ::cors_runtime::policy!(origins = [live(SET)], $($rest)*);
        Some((&POLICY, &SET))
    }};
}
#[allow(unused_imports)]
pub(crate) use live_twin;

/// One router per twin, built by `build`; the router returned sends each request to every
/// one and returns the literal's response after checking the twins' are identical.
pub fn router(policies: &'static Twins, build: impl Fn(&'static Policy) -> Router) -> Router {
    let mut routers = policies.all().into_iter().map(build);
    let literal = routers.next().expect("the literal");
    routers.fold(literal, pair)
}

/// `routes` behind each twin's `CorsLayer` (as [`router`]), and behind the literal's
/// `cors_runtime::actix::Cors` on actix-web: every request goes to all of them, and the
/// answers must agree.
pub fn layered(policies: &'static Twins, routes: impl Fn() -> Router) -> Router {
    let axum = router(policies, |policy| {
        routes().layer(cors_runtime::CorsLayer::new(policy))
    });
    on_both(axum, policies.literal, routes())
}

/// `axum` (routes behind `policy` on axum), and `routes` behind `policy`'s
/// `cors_runtime::actix::Cors` on actix-web: each request goes to both, whose answers
/// must agree; the axum answer is returned.
pub fn on_both(axum: Router, policy: &'static Policy, routes: Router) -> Router {
    let actix = Router::new().fallback_service(crate::common::actix::Bridge::wrap(policy, routes));
    across(axum, actix)
}

/// A router that sends each request to `axum` and to `actix` (an actix-web app behind a
/// [`Bridge`](crate::common::actix::Bridge)), checks that both answer alike (status,
/// headers name by name, body), and returns the axum answer.
pub fn across(axum: Router, actix: Router) -> Router {
    Router::new().fallback_service(Pair {
        literal: axum,
        env: actix,
        ordered: false,
    })
}

/// A router that sends each request to `literal` and `env` (a twin), checks that both
/// answer alike (status, headers in order, body), and returns the literal's answer.
pub fn pair(literal: Router, env: Router) -> Router {
    Router::new().fallback_service(Pair {
        literal,
        env,
        ordered: true,
    })
}

#[derive(Clone)]
struct Pair {
    literal: Router,
    env: Router,
    /// Headers compared in order (`false`: name by name, each name's lines in order).
    ordered: bool,
}

impl Service<Request<Body>> for Pair {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let (literal, env, ordered) = (self.literal.clone(), self.env.clone(), self.ordered);
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.expect("a body").to_bytes();
            let first = Request::from_parts(parts.clone(), Body::from(body.clone()));
            let second = Request::from_parts(parts, Body::from(body));
            let (a, a_body) = answer(literal, first).await;
            let (b, b_body) = answer(env, second).await;
            let what = if ordered {
                "literal vs twin"
            } else {
                "axum vs actix-web"
            };
            assert_eq!(a.status, b.status, "status: {what}");
            let headers = |p: &http::response::Parts| -> Vec<(String, Vec<u8>)> {
                if ordered {
                    p.headers
                        .iter()
                        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
                        .collect()
                } else {
                    crate::common::actix::comparable(p.status, &p.headers)
                }
            };
            assert_eq!(headers(&a), headers(&b), "headers: {what}");
            assert_eq!(a_body, b_body, "body: {what}");
            Ok(Response::from_parts(a, Body::from(a_body)))
        })
    }
}

async fn answer(router: Router, request: Request<Body>) -> (http::response::Parts, bytes::Bytes) {
    let response = router.oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    (parts, body.collect().await.expect("a body").to_bytes())
}
