//! The floor on actix-web: the hand-written minimal CORS middleware of `limit.rs`, as an
//! actix-web middleware for `App::wrap`.
//!
//! The same work as the tower one: one exact origin compared byte for byte with the
//! request's `Origin`; every response header copied from a `const` value (actix-web's own
//! header type, built at compile time: no check, no clone at run time); any `OPTIONS`
//! answered at once with the preflight headers in a new response, without looking at the
//! requested method or headers; on any other request, the inner service's response gets
//! the actual request's headers. Its future is a plain enum, boxed nowhere. It sends the
//! same bytes as ours for every scenario the actix targets judge, which
//! `actix::check()` makes sure of before anything is measured.

use core::future::{Future, Ready, ready};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use actix_web::Error;
use actix_web::HttpResponse;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    HeaderValue, ORIGIN, VARY,
};
use actix_web::http::{Method, StatusCode};

use crate::limit::OneOrigin;

// `const` header values: every use is a copy of a value built at compile time. The same
// bytes as `limit.rs`'s, in actix-web's header type (`http` 0.2).
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

/// The origin's `Access-Control-Allow-Origin` value, built at compile time from
/// `O::ORIGIN`.
struct Value<O>(PhantomData<fn() -> O>);

impl<O: OneOrigin> Value<O> {
    #[allow(clippy::declare_interior_mutable_const)]
    const ORIGIN: HeaderValue = HeaderValue::from_static(O::ORIGIN);
}

/// The middleware: zero-sized, its origin a type.
pub(crate) struct ActixLimit<O>(PhantomData<fn() -> O>);

impl<O> ActixLimit<O> {
    pub(crate) const fn new() -> Self {
        ActixLimit(PhantomData)
    }
}

impl<S, B, O> Transform<S, ServiceRequest> for ActixLimit<O>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
    O: OneOrigin,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = ActixLimitService<S, O>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ActixLimitService {
            service,
            origin: PhantomData,
        }))
    }
}

/// The service: the inner one and nothing else.
pub(crate) struct ActixLimitService<S, O> {
    service: S,
    origin: PhantomData<fn() -> O>,
}

impl<S, B, O> Service<ServiceRequest> for ActixLimitService<S, O>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
    O: OneOrigin,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = ActixLimitFuture<S::Future, B, O>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let allowed = request
            .headers()
            .get(ORIGIN)
            .is_some_and(|origin| origin.as_bytes() == O::ORIGIN.as_bytes());
        if request.method() == Method::OPTIONS {
            let mut response = HttpResponse::new(if allowed {
                StatusCode::NO_CONTENT
            } else {
                StatusCode::FORBIDDEN
            });
            let headers = response.headers_mut();
            if allowed {
                headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, Value::<O>::ORIGIN);
                headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
                if O::ALLOW_METHODS {
                    headers.insert(ACCESS_CONTROL_ALLOW_METHODS, METHODS);
                }
                headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
                headers.insert(ACCESS_CONTROL_MAX_AGE, MAX_AGE);
            }
            headers.insert(VARY, VARY_ORIGIN);
            return ActixLimitFuture::Answered {
                response: Some(request.into_response(response)),
            };
        }
        ActixLimitFuture::Inner {
            future: self.service.call(request),
            allowed,
            origin: PhantomData,
        }
    }
}

pin_project_lite::pin_project! {
    /// A preflight's response, or the inner service's future and whether the origin was
    /// the one allowed.
    #[project = ActixLimitFutureProj]
    pub(crate) enum ActixLimitFuture<F, B, O> {
        Answered { response: Option<ServiceResponse> },
        Inner {
            #[pin] future: F,
            allowed: bool,
            origin: PhantomData<fn() -> (B, O)>,
        },
    }
}

impl<F, B, O> Future for ActixLimitFuture<F, B, O>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    O: OneOrigin,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            ActixLimitFutureProj::Answered { response } => Poll::Ready(Ok(response
                .take()
                .expect("polled after completion")
                .map_into_right_body())),
            ActixLimitFutureProj::Inner {
                future, allowed, ..
            } => {
                let mut response = core::task::ready!(future.poll(cx))?;
                let headers = response.headers_mut();
                if *allowed {
                    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, Value::<O>::ORIGIN);
                    headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
                    headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE);
                }
                headers.append(VARY, VARY_ORIGIN);
                Poll::Ready(Ok(response.map_into_left_body()))
            }
        }
    }
}
