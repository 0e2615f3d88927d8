//! `route![...]` support (feature `axum`): mounting `#[cors]` handlers on a
//! `MethodRouter`, each wrapped in a zero-sized [`CorsHandler`] that applies its policy,
//! and answering preflights with the policy of the handler mounted on the requested
//! method: on the route's own `OPTIONS` endpoint (axum routes straight to it, with no
//! `Allow` header to build as for its fallback), or in the handler that serves `OPTIONS`.

use core::future::{Future, Ready, ready};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use http::StatusCode;
use pin_project_lite::pin_project;

use crate::decide::{Actual, Decision};
use crate::dispatch::{self, PathPreflight, Route};
use crate::http1::HttpRequest;
use crate::policy::Policy;

/// The most handlers one `route![...]` mounts.
pub const MAX_ROUTE_HANDLERS: usize = 12;

/// `route![h0, h1, ...]`: one function per number of handlers, generic over the router's
/// state, so that the obligations of the mounts are proven in its body, where the state
/// is a type parameter, rather than left pending in the caller's body until the state is
/// inferred (a router of many routes would re-examine every pending one at each step).
macro_rules! route_functions {
    ($($name:ident: $(($p:ident, $h:ident, $t:ident, $arg:ident, $index:literal)),+;)+) => {$(
        /// The `MethodRouter` of `route![...]` with this many handlers.
        #[track_caller]
        #[allow(clippy::too_many_arguments)]
        pub fn $name<$($p,)+ S, $($h, $t),+>($($arg: $h),+) -> MethodRouter<S>
        where
            $($p: crate::compiled::Compiled,)+
            S: Clone + Send + Sync + 'static,
            $($h: Handler<$t, S>, $t: 'static,)+
        {
            RouteBuilder::<($($p,)+), S>::new()
                $(.mount::<$index, $h, $t>($arg))+
                .finish()
        }
    )+};
}

route_functions! {
    route1: (P0, H0, T0, h0, 0);
    route2: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1);
    route3: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2);
    route4: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2), (P3, H3, T3, h3, 3);
    route5: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2), (P3, H3, T3, h3, 3),
        (P4, H4, T4, h4, 4);
    route6: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2), (P3, H3, T3, h3, 3),
        (P4, H4, T4, h4, 4), (P5, H5, T5, h5, 5);
    route7: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2), (P3, H3, T3, h3, 3),
        (P4, H4, T4, h4, 4), (P5, H5, T5, h5, 5), (P6, H6, T6, h6, 6);
    route8: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2), (P3, H3, T3, h3, 3),
        (P4, H4, T4, h4, 4), (P5, H5, T5, h5, 5), (P6, H6, T6, h6, 6), (P7, H7, T7, h7, 7);
    route9: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2), (P3, H3, T3, h3, 3),
        (P4, H4, T4, h4, 4), (P5, H5, T5, h5, 5), (P6, H6, T6, h6, 6), (P7, H7, T7, h7, 7),
        (P8, H8, T8, h8, 8);
    route10: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2), (P3, H3, T3, h3, 3),
        (P4, H4, T4, h4, 4), (P5, H5, T5, h5, 5), (P6, H6, T6, h6, 6), (P7, H7, T7, h7, 7),
        (P8, H8, T8, h8, 8), (P9, H9, T9, h9, 9);
    route11: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2), (P3, H3, T3, h3, 3),
        (P4, H4, T4, h4, 4), (P5, H5, T5, h5, 5), (P6, H6, T6, h6, 6), (P7, H7, T7, h7, 7),
        (P8, H8, T8, h8, 8), (P9, H9, T9, h9, 9), (P10, H10, T10, h10, 10);
    route12: (P0, H0, T0, h0, 0), (P1, H1, T1, h1, 1), (P2, H2, T2, h2, 2), (P3, H3, T3, h3, 3),
        (P4, H4, T4, h4, 4), (P5, H5, T5, h5, 5), (P6, H6, T6, h6, 6), (P7, H7, T7, h7, 7),
        (P8, H8, T8, h8, 8), (P9, H9, T9, h9, 9), (P10, H10, T10, h10, 10),
        (P11, H11, T11, h11, 11);
}

type BoxFuture = Pin<Box<dyn Future<Output = Response> + Send>>;
type ErasedHandler<S> = Arc<dyn Fn(Request, S) -> BoxFuture + Send + Sync>;

/// Builds the `MethodRouter` of `route![...]`.
pub struct RouteBuilder<R, S> {
    router: MethodRouter<S>,
    extension: Vec<(&'static Policy, ErasedHandler<S>)>,
    route: PhantomData<fn() -> R>,
}

impl<R: Route, S> core::fmt::Debug for RouteBuilder<R, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RouteBuilder")
            .field("policies", &R::TABLE.len())
            .finish_non_exhaustive()
    }
}

/// The standard methods axum can route on, with their filters ([`dispatch::STANDARD`]'s
/// order).
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

impl<R: Route, S> RouteBuilder<R, S>
where
    S: Clone + Send + Sync + 'static,
{
    /// Starts a route whose handlers' policies are `R::TABLE`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        RouteBuilder {
            router: MethodRouter::new(),
            extension: Vec::new(),
            route: PhantomData,
        }
    }

    /// Mounts `handler`, whose policy is `R::TABLE[I]`, on every method its policy lists,
    /// wrapped in a [`CorsHandler`]: zero-sized when the handler is (an `async fn` is),
    /// so axum clones it per request for free.
    ///
    /// # Panics
    ///
    /// When the policy reads its origins from the environment and the value breaks a rule
    /// ([`Policy::resolve`]): the message is the full report.
    #[track_caller]
    pub fn mount<const I: usize, H, T>(mut self, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let policy = R::TABLE[I];
        if let Err(error) = policy.resolve() {
            panic!("{error}");
        }
        let handler = CorsHandler::<R, I, H> {
            handler,
            route: PhantomData,
        };
        // `methods = ["*"]`: every standard method, and extension methods via the fallback.
        let mut extension = policy.methods.any;
        let mut filter: Option<MethodFilter> = None;
        let methods: Vec<&str> = if policy.methods.any {
            STANDARD.map(|(name, _)| name).to_vec()
        } else {
            policy.methods.listed().collect()
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

    /// The finished `MethodRouter`: unless a handler serves `OPTIONS`, an `OPTIONS`
    /// endpoint answers the route's preflights (and any other `OPTIONS` with `405`); the
    /// fallback serves the extension methods (`"PURGE"`, `methods = ["*"]`) axum's filters
    /// do not know, and answers anything else `405 Method Not Allowed`, as axum's own
    /// fallback does.
    pub fn finish(self) -> MethodRouter<S> {
        let router = if R::TABLE.iter().any(|p| p.methods.serves(b"OPTIONS")) {
            self.router
        } else {
            self.router.options(Preflights::<R>(PhantomData))
        };
        if self.extension.is_empty() {
            router.fallback(Preflights::<R>(PhantomData))
        } else {
            router.fallback(PreflightsAndExtensions::<R, S> {
                handlers: Arc::from(self.extension),
                route: PhantomData,
            })
        }
    }
}

/// A `#[cors]` handler as `route![...]` mounts it: its policy (`R::TABLE[I]`) applies
/// to every request it serves. Zero-sized when the handler is.
pub struct CorsHandler<R, const I: usize, H> {
    handler: H,
    route: PhantomData<fn() -> R>,
}

impl<R, const I: usize, H: Clone> Clone for CorsHandler<R, I, H> {
    fn clone(&self) -> Self {
        CorsHandler {
            handler: self.handler.clone(),
            route: PhantomData,
        }
    }
}

impl<R, const I: usize, H, T, S> Handler<T, S> for CorsHandler<R, I, H>
where
    R: Route,
    H: Handler<T, S>,
    T: 'static,
    S: Send + 'static,
{
    type Future = CorsFuture<H::Future>;

    fn call(self, mut request: Request, state: S) -> Self::Future {
        // A preflight reaches a handler only when it serves `OPTIONS`; the policy of the
        // handler serving the requested method answers it.
        if let Some(response) = preflight(R::TABLE, &mut request) {
            return CorsFuture::answered(response);
        }
        match R::TABLE[I].decide_request(&request) {
            Decision::Actual(actual) => CorsFuture {
                state: CorsState::Actual {
                    future: self.handler.call(request, state),
                    actual,
                },
            },
            Decision::Preflight(preflight) => {
                let headers = core::mem::take(request.headers_mut());
                CorsFuture::answered(preflight.into_response_reusing(headers))
            }
            // An untrusted write or WebSocket handshake: the handler never runs.
            Decision::Untrusted(untrusted) => {
                let headers = core::mem::take(request.headers_mut());
                CorsFuture::answered(untrusted.into_response_reusing(headers))
            }
        }
    }
}

pin_project! {
    /// The future of a [`CorsHandler`]: a preflight answered at once, or the handler's
    /// response with the CORS headers of its policy.
    pub struct CorsFuture<F> {
        #[pin]
        state: CorsState<F>,
    }
}

pin_project! {
    #[project = CorsStateProj]
    enum CorsState<F> {
        Answered { response: Option<Response> },
        Actual { #[pin] future: F, actual: Actual<'static> },
    }
}

impl<F> CorsFuture<F> {
    fn answered(response: Response) -> Self {
        CorsFuture {
            state: CorsState::Answered {
                response: Some(response),
            },
        }
    }
}

impl<F> Future for CorsFuture<F>
where
    F: Future<Output = Response>,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            CorsStateProj::Answered { response } => {
                Poll::Ready(response.take().expect("CorsFuture polled after completion"))
            }
            CorsStateProj::Actual { future, actual } => {
                let mut response = core::task::ready!(future.poll(cx));
                actual.write_once(response.headers_mut());
                Poll::Ready(response)
            }
        }
    }
}

impl<F> core::fmt::Debug for CorsFuture<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("CorsFuture")
    }
}

/// The `OPTIONS` endpoint and the fallback of a route: its preflights, and `405` for any
/// other request no handler serves. Zero-sized, so axum clones it for free.
struct Preflights<R>(PhantomData<fn() -> R>);

impl<R> Clone for Preflights<R> {
    fn clone(&self) -> Self {
        Preflights(PhantomData)
    }
}

impl<R: Route, S> Handler<(), S> for Preflights<R> {
    type Future = Ready<Response>;

    fn call(self, mut request: Request, _state: S) -> Self::Future {
        ready(preflight(R::TABLE, &mut request).unwrap_or_else(|| not_allowed(R::TABLE)))
    }
}

/// The fallback of a route with extension methods (`"PURGE"`) or `methods = ["*"]`:
/// axum's method filters only know the standard methods.
struct PreflightsAndExtensions<R, S> {
    handlers: Arc<[(&'static Policy, ErasedHandler<S>)]>,
    route: PhantomData<fn() -> R>,
}

impl<R, S> Clone for PreflightsAndExtensions<R, S> {
    fn clone(&self) -> Self {
        PreflightsAndExtensions {
            handlers: Arc::clone(&self.handlers),
            route: PhantomData,
        }
    }
}

impl<R: Route, S> Handler<(), S> for PreflightsAndExtensions<R, S>
where
    S: Clone + Send + Sync + 'static,
{
    type Future = BoxFuture;

    fn call(self, mut request: Request, state: S) -> Self::Future {
        if let Some(response) = preflight(R::TABLE, &mut request) {
            return Box::pin(ready(response));
        }
        let method = request.method().as_str().as_bytes();
        let found = self
            .handlers
            .iter()
            .find(|(policy, _)| policy.methods.serves(method));
        match found {
            Some((_, handler)) => handler(request, state),
            None => Box::pin(ready(not_allowed(R::TABLE))),
        }
    }
}

/// `405 Method Not Allowed` with the `Allow` header a route of `table` owes: the methods
/// its handlers serve (`HEAD` with `GET`, as axum routes it).
fn not_allowed(table: &[&'static Policy]) -> Response {
    let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
    // Method names are tokens: always a valid value.
    if let Ok(value) = http::HeaderValue::from_str(&dispatch::allow(table)) {
        response.headers_mut().insert(http::header::ALLOW, value);
    }
    response
}

/// The response to `request` if it is a preflight, decided by the policy of the handler
/// mounted on the requested method.
///
/// The request's header map becomes the response's (see
/// [`Preflight::into_response_reusing`](crate::Preflight::into_response_reusing)).
fn preflight(table: &'static [&'static Policy], request: &mut Request) -> Option<Response> {
    match dispatch::preflight(table, &HttpRequest::of(request))? {
        PathPreflight::Decided(preflight) => {
            let preflight = preflight.map(http::HeaderValue::clone);
            let headers = core::mem::take(request.headers_mut());
            Some(preflight.into_response_reusing(headers))
        }
        PathPreflight::Unserved { vary } => {
            let mut response = StatusCode::FORBIDDEN.into_response();
            if vary {
                crate::headers::vary_origin(response.headers_mut());
            }
            Some(response)
        }
    }
}
