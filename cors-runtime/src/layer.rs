//! [`CorsLayer`]: a policy as a tower middleware (feature `tower`).

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use http::{Request, Response};
use pin_project_lite::pin_project;
use tower_layer::Layer;
use tower_service::Service;

use crate::decide::{Actual, Decision};
use crate::error::PolicyError;
use crate::http1::HttpRequest;
use crate::policy::Policy;

/// Applies a `'static` [`Policy`] to every request of the wrapped service: preflights
/// are answered by the layer (the service never sees them), and so are untrusted writes
/// and WebSocket handshakes (`403`, see [`Policy::decide`]); every other response gets
/// its CORS headers.
///
/// Works wherever tower layers do: `axum::Router::layer`, `MethodRouter::layer`,
/// `route_layer`, hyper and tonic services. The wrapped service takes
/// `http::Request<B>` and returns `http::Response<B2>` with `B2: Default` (the empty body
/// of a preflight response).
///
/// A preflight is an `OPTIONS` request: the layer must wrap whatever receives it. axum's
/// `MethodRouter::route_layer` wraps only the handlers of the route's methods, not the
/// `405` fallback an `OPTIONS` request goes to, so there axum answers preflights itself;
/// use `MethodRouter::layer`, `Router::route_layer`, `Router::layer` or `route![...]`.
///
/// ```
/// use axum::{routing::get, Router};
/// use cors_runtime::{policy, CorsLayer, Policy};
///
/// static API: Policy = policy!(
///     origins = ["https://app.example.com"],
///     methods = [GET, POST],
///     allow_headers = ["content-type"],
/// );
///
/// let app: Router = Router::new()
///     .route("/orders", get(|| async { "[]" }))
///     .layer(CorsLayer::new(&API));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CorsLayer {
    policy: &'static Policy,
}

impl CorsLayer {
    /// A layer applying `policy`.
    ///
    /// A policy whose origins come from the environment (`origins = env("NAME")`) is
    /// resolved here, when the router is built ([`Policy::resolve`]).
    ///
    /// # Panics
    ///
    /// When the policy's origins, read from the environment, break a rule: the panic
    /// message is the full report of [`PolicyError`], so a bad value stops the program
    /// at startup, before it serves a request. [`CorsLayer::try_new`] returns the error
    /// instead.
    #[track_caller]
    pub fn new(policy: &'static Policy) -> Self {
        match Self::try_new(policy) {
            Ok(layer) => layer,
            Err(error) => panic!("{error}"),
        }
    }

    /// A layer applying `policy`, or the report of what is wrong with the origins it
    /// reads from the environment.
    ///
    /// ```
    /// use cors_runtime::{policy, CorsLayer, Policy};
    ///
    /// static API: Policy = policy!(origins = env("TRY_NEW_DOC_ORIGINS"), methods = [GET]);
    ///
    /// // The variable is not set, and the policy has no default.
    /// let error = CorsLayer::try_new(&API).unwrap_err();
    /// assert_eq!(error.variable(), Some("TRY_NEW_DOC_ORIGINS"));
    /// ```
    pub fn try_new(policy: &'static Policy) -> Result<Self, PolicyError> {
        policy.resolve()?;
        Ok(CorsLayer { policy })
    }
}

impl<S> Layer<S> for CorsLayer {
    type Service = Cors<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Cors {
            inner,
            policy: self.policy,
        }
    }
}

/// The service made by [`CorsLayer`].
#[derive(Debug, Clone)]
pub struct Cors<S> {
    inner: S,
    policy: &'static Policy,
}

impl<S> Cors<S> {
    /// Wraps `inner` with `policy`. Unlike [`CorsLayer::new`], this does not resolve a
    /// policy whose origins come from the environment: it is resolved by the first
    /// request, and grants nothing if its value breaks a rule.
    pub const fn new(inner: S, policy: &'static Policy) -> Self {
        Cors { inner, policy }
    }
}

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for Cors<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        apply(self.policy, &mut self.inner, request)
    }
}

/// Decides `request` with `policy`: a preflight is answered here, anything else goes to
/// `inner` and its response gets the CORS headers.
///
/// (`request` is bound `mut` where it is received: rebound with `let mut`, it was copied,
/// 224 bytes through `memcpy`, on every request.)
pub(crate) fn apply<S, ReqBody, ResBody>(
    policy: &'static Policy,
    inner: &mut S,
    mut request: Request<ReqBody>,
) -> ResponseFuture<S::Future, ResBody>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    ResBody: Default,
{
    match policy.decide_bytes(&HttpRequest::of(&request)) {
        Decision::Preflight(preflight) => {
            // The request ends here: its header map becomes the response's, so the
            // `Origin` the answer reflects is cloned out of it first.
            let preflight = preflight.map(http::HeaderValue::clone);
            let headers = core::mem::take(request.headers_mut());
            ResponseFuture {
                state: State::Answered {
                    response: Some(preflight.into_response_with_room(headers, 2)),
                },
            }
        }
        // An untrusted write or WebSocket handshake: refused before `inner`.
        Decision::Untrusted(untrusted) => {
            let headers = core::mem::take(request.headers_mut());
            ResponseFuture {
                state: State::Answered {
                    response: Some(untrusted.into_response_reusing(headers)),
                },
            }
        }
        Decision::Actual(actual) => {
            let actual = actual.owned();
            ResponseFuture {
                state: State::Actual {
                    future: inner.call(request),
                    actual,
                },
            }
        }
    }
}

pin_project! {
    /// The response future of [`Cors`].
    pub struct ResponseFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        Answered { response: Option<Response<B>> },
        Actual { #[pin] future: F, actual: Actual<'static> },
    }
}

impl<F, B, E> Future for ResponseFuture<F, B>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Answered { response } => Poll::Ready(Ok(response
                .take()
                .expect("ResponseFuture polled after completion"))),
            StateProj::Actual { future, actual } => {
                let mut response = core::task::ready!(future.poll(cx))?;
                actual.write_once(response.headers_mut());
                Poll::Ready(Ok(response))
            }
        }
    }
}

impl<F, B> core::fmt::Debug for ResponseFuture<F, B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("ResponseFuture")
    }
}
