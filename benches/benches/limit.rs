//! The floor: a hand-written minimal CORS middleware, as a plain tower layer.
//!
//! It knows one exact origin and compares the request's `Origin` with it byte for byte;
//! every response header is copied from a `const` value (built at compile time: no check,
//! no clone at run time); any `OPTIONS` request is answered at once with the preflight
//! headers, without looking at the requested method or headers (all of them, or, for a
//! scenario whose preflight requests `POST`, all but `Access-Control-Allow-Methods`, which
//! ours leaves out then: [`OneOrigin::ALLOW_METHODS`]). It sends the same bytes
//! as the benchmark's policy (`GET, POST, DELETE`, `content-type` and `x-request-id`,
//! credentials, max age 600) for every scenario the targets judge, which `check()` makes
//! sure of before anything is measured.
//!
//! No general middleware can do less per request: whatever `CorsLayer` or `route!` cost
//! beyond it is the price of their features (any number of origins and patterns, method
//! and header checks, duplicate `Origin` lines, handlers that set CORS headers, `Vary`
//! merging). Its one allocation beyond ours is the preflight response's header map: it
//! builds a new response, where ours reuses the request's map.

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll, ready};

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    HeaderValue, ORIGIN, VARY,
};
use http::{Method, Request, Response, StatusCode};
use tower::{Layer, Service};

/// The one origin a [`LimitLayer`] allows, and its `Access-Control-Allow-Origin` value.
pub(crate) trait OneOrigin: 'static {
    /// Compared byte for byte with the request's `Origin`.
    const ORIGIN: &'static str;
    /// The same, as a header value built at compile time.
    #[allow(clippy::declare_interior_mutable_const)]
    const VALUE: HeaderValue;
    /// Whether a preflight's answer has `Access-Control-Allow-Methods`. Ours leaves it out
    /// when the requested method is `GET`, `HEAD` or `POST` (a browser never needs those
    /// listed); the limit of a scenario whose preflight requests one of them knows it, as
    /// it knows the origin, and still never reads the request's method.
    const ALLOW_METHODS: bool = true;
}

// `const` header values: every use is a copy of a value built at compile time.
// (`actix_limit.rs` has the same values as actix-web's header values.)
#[allow(clippy::declare_interior_mutable_const)]
const TRUE: HeaderValue = HeaderValue::from_static("true");
#[allow(clippy::declare_interior_mutable_const)]
const EXPOSE: HeaderValue = HeaderValue::from_static("x-request-id");
#[allow(clippy::declare_interior_mutable_const)]
const METHODS: HeaderValue = HeaderValue::from_static("GET, POST, DELETE");
#[allow(clippy::declare_interior_mutable_const)]
const HEADERS: HeaderValue = HeaderValue::from_static("content-type, x-request-id");
#[allow(clippy::declare_interior_mutable_const)]
const MAX_AGE: HeaderValue = HeaderValue::from_static("600");
#[allow(clippy::declare_interior_mutable_const)]
const VARY_ORIGIN: HeaderValue = HeaderValue::from_static("Origin");

/// The layer: zero-sized, its origin a type.
pub(crate) struct LimitLayer<O>(PhantomData<fn() -> O>);

impl<O> LimitLayer<O> {
    pub(crate) const fn new() -> Self {
        LimitLayer(PhantomData)
    }
}

impl<O> Clone for LimitLayer<O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O> Copy for LimitLayer<O> {}

impl<S, O> Layer<S> for LimitLayer<O> {
    type Service = Limit<S, O>;

    fn layer(&self, inner: S) -> Self::Service {
        Limit {
            inner,
            origin: PhantomData,
        }
    }
}

/// The service: the inner one and nothing else.
pub(crate) struct Limit<S, O> {
    inner: S,
    origin: PhantomData<fn() -> O>,
}

impl<S: Clone, O> Clone for Limit<S, O> {
    fn clone(&self) -> Self {
        Limit {
            inner: self.inner.clone(),
            origin: PhantomData,
        }
    }
}

impl<S, O, ReqBody, ResBody> Service<Request<ReqBody>> for Limit<S, O>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    O: OneOrigin,
    ResBody: Default,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = LimitFuture<S::Future, ResBody, O>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        let allowed = request
            .headers()
            .get(ORIGIN)
            .is_some_and(|origin| origin.as_bytes() == O::ORIGIN.as_bytes());
        if request.method() == Method::OPTIONS {
            let mut response = Response::new(ResBody::default());
            let headers = response.headers_mut();
            if allowed {
                headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, O::VALUE);
                headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
                if O::ALLOW_METHODS {
                    headers.insert(ACCESS_CONTROL_ALLOW_METHODS, METHODS);
                }
                headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
                headers.insert(ACCESS_CONTROL_MAX_AGE, MAX_AGE);
                *response.status_mut() = StatusCode::NO_CONTENT;
            } else {
                *response.status_mut() = StatusCode::FORBIDDEN;
            }
            response.headers_mut().insert(VARY, VARY_ORIGIN);
            return LimitFuture::Answered {
                response: Some(response),
            };
        }
        LimitFuture::Inner {
            future: self.inner.call(request),
            allowed,
            origin: PhantomData,
        }
    }
}

pin_project_lite::pin_project! {
    /// A preflight's response, or the inner service's future and whether the origin was
    /// the one allowed.
    #[project = LimitFutureProj]
    pub(crate) enum LimitFuture<F, B, O> {
        Answered { response: Option<Response<B>> },
        Inner { #[pin] future: F, allowed: bool, origin: PhantomData<fn() -> O> },
    }
}

impl<F, B, E, O> Future for LimitFuture<F, B, O>
where
    F: Future<Output = Result<Response<B>, E>>,
    O: OneOrigin,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            LimitFutureProj::Answered { response } => {
                Poll::Ready(Ok(response.take().expect("polled after completion")))
            }
            LimitFutureProj::Inner {
                future, allowed, ..
            } => {
                let mut response = ready!(future.poll(cx))?;
                let headers = response.headers_mut();
                if *allowed {
                    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, O::VALUE);
                    headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
                    headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE);
                }
                headers.append(VARY, VARY_ORIGIN);
                Poll::Ready(Ok(response))
            }
        }
    }
}
