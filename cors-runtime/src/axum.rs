//! `route![...]` support (feature `axum`): mounting `#[cors]` handlers on a
//! `MethodRouter`, and answering preflights with the policy of the handler mounted on the
//! requested method.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use http::header::{ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
use http::{Method, StatusCode};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use crate::decide::Decision;
#[cfg(feature = "tracing")]
use crate::decide::Refusal;
use crate::layer::CorsLayer;
use crate::policy::Policy;

/// The policies of one `route![...]`, in the order the handlers were written. Built as a
/// `static` by the macro.
pub type RouteTable = [&'static Policy];

type BoxFuture = Pin<Box<dyn Future<Output = Response> + Send>>;
type ErasedHandler<S> = Arc<dyn Fn(Request, S) -> BoxFuture + Send + Sync>;

/// Builds the `MethodRouter` of `route![...]`.
pub struct RouteBuilder<S> {
    table: &'static RouteTable,
    router: MethodRouter<S>,
    extension: Vec<(&'static Policy, ErasedHandler<S>)>,
}

impl<S> core::fmt::Debug for RouteBuilder<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RouteBuilder")
            .field("policies", &self.table.len())
            .finish_non_exhaustive()
    }
}

/// The standard methods axum can route on, with their filters.
const STANDARD: [(&str, MethodFilter); 9] = [
    ("GET", MethodFilter::GET),
    ("HEAD", MethodFilter::HEAD),
    ("POST", MethodFilter::POST),
    ("PUT", MethodFilter::PUT),
    ("DELETE", MethodFilter::DELETE),
    ("PATCH", MethodFilter::PATCH),
    ("OPTIONS", MethodFilter::OPTIONS),
    ("TRACE", MethodFilter::TRACE),
    ("CONNECT", MethodFilter::CONNECT),
];

fn standard_filter(method: &str) -> Option<MethodFilter> {
    STANDARD
        .iter()
        .find(|(name, _)| *name == method)
        .map(|&(_, filter)| filter)
}

impl<S> RouteBuilder<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// Starts a route whose preflights are decided by the policies of `table`.
    pub fn new(table: &'static RouteTable) -> Self {
        RouteBuilder {
            table,
            router: MethodRouter::new(),
            extension: Vec::new(),
        }
    }

    /// Mounts `handler`, wrapped in its own policy, on every method the policy lists.
    pub fn mount<H, T>(mut self, policy: &'static Policy, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let handler = handler.layer(CorsLayer::new(policy));
        // `methods = ["*"]`: every standard method, and extension methods via the fallback.
        let mut extension = policy.methods.any;
        let mut filter: Option<MethodFilter> = None;
        let methods: &[&str] = if policy.methods.any {
            &STANDARD.map(|(name, _)| name)
        } else {
            policy.methods.listed
        };
        for method in methods {
            match standard_filter(method) {
                Some(f) => filter = Some(filter.map_or(f, |all| all.or(f))),
                None => extension = true,
            }
        }
        if let Some(filter) = filter {
            self.router = self.router.on(filter, handler.clone());
        }
        if extension {
            let erased: ErasedHandler<S> =
                Arc::new(move |request, state| Box::pin(handler.clone().call(request, state)));
            self.extension.push((policy, erased));
        }
        self
    }

    /// The finished `MethodRouter`.
    pub fn finish(self) -> MethodRouter<S> {
        let mut router = self.router;
        if !self.extension.is_empty() {
            router = router.fallback(ExtensionMethods {
                handlers: Arc::from(self.extension),
            });
        }
        router.layer(PreflightLayer { table: self.table })
    }
}

/// The fallback of a route with extension methods (`"PURGE"`) or `methods = ["*"]`:
/// axum's method filters only know the standard methods.
struct ExtensionMethods<S> {
    handlers: Arc<[(&'static Policy, ErasedHandler<S>)]>,
}

impl<S> Clone for ExtensionMethods<S> {
    fn clone(&self) -> Self {
        ExtensionMethods {
            handlers: Arc::clone(&self.handlers),
        }
    }
}

impl<S> Handler<(), S> for ExtensionMethods<S>
where
    S: Clone + Send + Sync + 'static,
{
    type Future = BoxFuture;

    fn call(self, request: Request, state: S) -> Self::Future {
        let method = request.method().as_str().as_bytes();
        let found = self.handlers.iter().find(|(policy, _)| {
            policy.methods.any || policy.methods.listed.iter().any(|m| m.as_bytes() == method)
        });
        match found {
            Some((_, handler)) => handler(request, state),
            None => Box::pin(async { StatusCode::METHOD_NOT_ALLOWED.into_response() }),
        }
    }
}

/// The policy in `table` of the handler that serves `method`; a `HEAD` falls back to the
/// `GET` handler, as axum routes it.
fn policy_for(table: &RouteTable, method: &[u8]) -> Option<&'static Policy> {
    let serves = |policy: &&'static Policy, method: &[u8]| {
        policy.methods.any || policy.methods.listed.iter().any(|m| m.as_bytes() == method)
    };
    table
        .iter()
        .find(|p| serves(p, method))
        .or_else(|| {
            (method == b"HEAD")
                .then(|| table.iter().find(|p| serves(p, b"GET")))
                .flatten()
        })
        .copied()
}

/// Answers every preflight of the route before it reaches a handler.
#[derive(Clone, Copy)]
struct PreflightLayer {
    table: &'static RouteTable,
}

impl<I> Layer<I> for PreflightLayer {
    type Service = PreflightService<I>;

    fn layer(&self, inner: I) -> Self::Service {
        PreflightService {
            inner,
            table: self.table,
        }
    }
}

#[derive(Clone)]
struct PreflightService<I> {
    inner: I,
    table: &'static RouteTable,
}

impl<I> Service<Request> for PreflightService<I>
where
    I: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = I::Error;
    type Future = PreflightFuture<I::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match preflight(self.table, &request) {
            Some(response) => PreflightFuture::Answered {
                response: Some(response),
            },
            None => PreflightFuture::Inner {
                future: self.inner.call(request),
            },
        }
    }
}

pin_project! {
    /// The future of [`PreflightService`]: a preflight answered at once, or the route's.
    #[project = PreflightFutureProj]
    enum PreflightFuture<F> {
        Answered { response: Option<Response> },
        Inner { #[pin] future: F },
    }
}

impl<F, E> Future for PreflightFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            PreflightFutureProj::Answered { response } => Poll::Ready(Ok(response
                .take()
                .expect("PreflightFuture polled after completion"))),
            PreflightFutureProj::Inner { future } => future.poll(cx),
        }
    }
}

/// The response to `request` if it is a preflight, decided by the policy of the handler
/// mounted on the requested method.
fn preflight(table: &'static RouteTable, request: &Request) -> Option<Response> {
    if request.method() != Method::OPTIONS {
        return None;
    }
    let headers = request.headers();
    let requested = headers.get(ACCESS_CONTROL_REQUEST_METHOD)?;
    match policy_for(table, requested.as_bytes()) {
        Some(policy) => match policy.decide(request.method(), headers) {
            Decision::Preflight(preflight) => Some(preflight.into_response()),
            Decision::Actual(_) => None,
        },
        None if headers.contains_key(ORIGIN) => Some(refuse_unserved(table, headers)),
        None => None,
    }
}

/// A `403` for a preflight asking for a method no handler of the route serves.
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn refuse_unserved(table: &RouteTable, headers: &http::HeaderMap) -> Response {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        reason = Refusal::MethodNotAllowed.as_str(),
        origin = %headers.get(ORIGIN).map_or(std::borrow::Cow::Borrowed(""), |o| String::from_utf8_lossy(o.as_bytes())),
        detail = %headers
            .get(ACCESS_CONTROL_REQUEST_METHOD)
            .map_or(std::borrow::Cow::Borrowed(""), |m| String::from_utf8_lossy(m.as_bytes())),
        "CORS: {}: no handler of the route serves it",
        Refusal::MethodNotAllowed
    );
    let mut response = StatusCode::FORBIDDEN.into_response();
    if table.iter().any(|policy| !policy.allows_any_origin()) {
        crate::headers::vary_origin(response.headers_mut());
    }
    response
}
