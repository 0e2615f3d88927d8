//! Every behaviour suite runs each of its policies twice: as written, and as a twin whose
//! origins are resolved at startup (`origins = env(...)`) from the same list. The twin's
//! tables are built at run time by the resolver, the literal's by the compiler; every
//! request goes to both, and their responses must be identical byte for byte.
#![allow(dead_code, unreachable_pub)]

use std::convert::Infallible;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::response::Response;
use cors_runtime::{Decision, Policy};
use http::{HeaderMap, Method, Request};
use http_body_util::BodyExt;
use tower::{Service, ServiceExt};

// `check/twin.rs`, as its includer names it (`common::twin`, or the model's `check::twin`).
pub use super::twin::resolve_twin;

/// A policy as written and its twin with origins from the environment.
#[derive(Debug)]
pub struct Twins {
    pub literal: &'static Policy,
    pub env: &'static Policy,
    /// The literal's origins, as written.
    pub origins: &'static [&'static str],
}

impl Twins {
    /// The twin, resolved from the literal's origins (once): its summary must equal the
    /// literal's, origins included.
    pub fn env(&self) -> &'static Policy {
        resolve_twin(self.literal, self.env, self.origins)
    }

    /// Both policies: the literal first.
    pub fn both(&self) -> [&'static Policy; 2] {
        [self.literal, self.env()]
    }

    /// [`Policy::allows_origin`] of both, which must agree.
    pub fn allows_origin(&self, origin: &[u8]) -> bool {
        let allowed = self.literal.allows_origin(origin);
        assert_eq!(self.env().allows_origin(origin), allowed, "{origin:?}");
        allowed
    }

    /// [`Policy::decide`] of both: the same kind of decision, the same refusal, and the
    /// same response headers written. Returns the literal's.
    pub fn decide(&self, method: &Method, headers: &HeaderMap) -> Decision<'static> {
        let [literal, env] = self.both().map(|policy| policy.decide(method, headers));
        assert_eq!(literal.refusal(), env.refusal(), "{method} {headers:?}");
        assert_eq!(written(&literal), written(&env), "{method} {headers:?}");
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
    ($($(#[$meta:meta])* static $name:ident = policy!(
        origins = [$($origin:literal),* $(,)?], $($rest:tt)*
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
                origins: &[$($origin),*],
            };
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use twins;

/// One router per twin, built by `build`; the router returned sends each request to both
/// and returns the literal's response after checking the twin's is identical.
pub fn router(policies: &'static Twins, build: impl Fn(&'static Policy) -> Router) -> Router {
    let [literal, env] = policies.both();
    pair(build(literal), build(env))
}

/// A router that sends each request to `literal` and `env`, checks that both answer
/// alike (status, headers in order, body), and returns the literal's answer.
pub fn pair(literal: Router, env: Router) -> Router {
    Router::new().fallback_service(Pair { literal, env })
}

#[derive(Clone)]
struct Pair {
    literal: Router,
    env: Router,
}

impl Service<Request<Body>> for Pair {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let (literal, env) = (self.literal.clone(), self.env.clone());
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.expect("a body").to_bytes();
            let first = Request::from_parts(parts.clone(), Body::from(body.clone()));
            let second = Request::from_parts(parts, Body::from(body));
            let (a, a_body) = answer(literal, first).await;
            let (b, b_body) = answer(env, second).await;
            assert_eq!(a.status, b.status, "status: literal vs env twin");
            let headers = |p: &http::response::Parts| -> Vec<(String, Vec<u8>)> {
                p.headers
                    .iter()
                    .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
                    .collect()
            };
            assert_eq!(headers(&a), headers(&b), "headers: literal vs env twin");
            assert_eq!(a_body, b_body, "body: literal vs env twin");
            Ok(Response::from_parts(a, Body::from(a_body)))
        })
    }
}

async fn answer(router: Router, request: Request<Body>) -> (http::response::Parts, bytes::Bytes) {
    let response = router.oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    (parts, body.collect().await.expect("a body").to_bytes())
}
