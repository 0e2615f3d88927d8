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
use crate::layer::{ResponseFuture, apply};
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

    /// Mounts `handler` on every method `policy` lists. The handler is mounted as it is:
    /// the route's one layer applies `policy` to the requests it serves.
    ///
    /// # Panics
    ///
    /// When `policy` reads its origins from the environment and the value breaks a rule
    /// ([`Policy::resolve`]): the message is the full report.
    #[track_caller]
    pub fn mount<H, T>(mut self, policy: &'static Policy, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        if let Err(error) = policy.resolve() {
            panic!("{error}");
        }
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
        router.layer(RouteLayer { table: self.table })
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

/// The route's one CORS layer: answers every preflight with the policy of the handler
/// mounted on the requested method, and applies to every other request the policy of the
/// handler serving its method. The handlers themselves stay unwrapped, so axum clones
/// them per request for free.
#[derive(Clone, Copy)]
struct RouteLayer {
    table: &'static RouteTable,
}

impl<I> Layer<I> for RouteLayer {
    type Service = RouteService<I>;

    fn layer(&self, inner: I) -> Self::Service {
        RouteService {
            inner,
            table: self.table,
        }
    }
}

#[derive(Clone)]
struct RouteService<I> {
    inner: I,
    table: &'static RouteTable,
}

impl<I> Service<Request> for RouteService<I>
where
    I: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = I::Error;
    type Future = RouteFuture<I::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        if let Some(response) = preflight(self.table, &mut request) {
            return RouteFuture::Answered {
                response: Some(response),
            };
        }
        // Any other request gets the policy of the handler serving its method; a method
        // no handler serves goes on to axum's `405` untouched.
        match policy_for(self.table, request.method().as_str().as_bytes()) {
            Some(policy) => RouteFuture::Cors {
                future: apply(policy, &mut self.inner, request),
            },
            None => RouteFuture::Inner {
                future: self.inner.call(request),
            },
        }
    }
}

pin_project! {
    /// The future of [`RouteService`]: a preflight answered at once, a request served
    /// under its handler's policy, or one no handler serves.
    #[project = RouteFutureProj]
    enum RouteFuture<F> {
        Answered { response: Option<Response> },
        Cors { #[pin] future: ResponseFuture<F, axum::body::Body> },
        Inner { #[pin] future: F },
    }
}

impl<F, E> Future for RouteFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            RouteFutureProj::Answered { response } => Poll::Ready(Ok(response
                .take()
                .expect("RouteFuture polled after completion"))),
            RouteFutureProj::Cors { future } => future.poll(cx),
            RouteFutureProj::Inner { future } => future.poll(cx),
        }
    }
}

/// The response to `request` if it is a preflight, decided by the policy of the handler
/// mounted on the requested method.
///
/// The request's header map becomes the response's (see
/// [`Preflight::into_response_reusing`](crate::Preflight::into_response_reusing)).
fn preflight(table: &'static RouteTable, request: &mut Request) -> Option<Response> {
    if request.method() != Method::OPTIONS {
        return None;
    }
    let headers = request.headers();
    let requested = headers.get(ACCESS_CONTROL_REQUEST_METHOD)?;
    match policy_for(table, requested.as_bytes()) {
        Some(policy) => match policy.decide(request.method(), headers) {
            Decision::Preflight(preflight) => {
                let headers = core::mem::take(request.headers_mut());
                Some(preflight.into_response_reusing(headers))
            }
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
