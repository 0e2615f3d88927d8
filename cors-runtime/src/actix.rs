//! actix-web 4 (feature `actix`): the same policies, decided by the same core, written
//! into actix-web's own header types.
//!
//! - [`Cors`]: a policy as a middleware, for `App::wrap`, `Scope::wrap` and
//!   `Resource::wrap`, as [`CorsLayer`](crate::CorsLayer) is for tower.
//! - [`actix_resource!`](crate::actix_resource): `#[cors]` handlers on one path, each on
//!   the methods its policy lists, as `route![...]` mounts them on axum.
//!
//! Everything on the wire is what the axum glue sends for the same policy and request:
//! status, headers and body (a test sends every request of the behaviour suites to both).
//!
//! ```
//! use actix_web::{web, App, HttpResponse};
//! use cors_runtime::actix::Cors;
//! use cors_runtime::{policy, Policy};
//!
//! static API: Policy = policy!(
//!     origins = ["https://app.example.com"],
//!     methods = [GET, POST],
//!     credentials,
//! );
//!
//! let app = App::new()
//!     .wrap(Cors::new(&API))
//!     .route("/orders", web::get().to(|| async { HttpResponse::Ok().body("[]") }));
//! # let _ = app;
//! ```

use core::future::{Future, Ready, ready};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::rc::Rc;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::StatusCode;
use actix_web::http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ALLOW, HOST, HeaderMap,
    HeaderName, HeaderValue, ORIGIN, SEC_WEBSOCKET_KEY, UPGRADE, VARY,
};
use actix_web::{Error, HttpResponse, Route};
use pin_project_lite::pin_project;

use crate::decide::{Actual, Decision, Preflight, Untrusted};
use crate::dispatch::{self, PathPreflight, Route as Table};
use crate::error::PolicyError;
use crate::policy::Policy;
use crate::wire::{self, Emit, Name, Out, Request as _, Sink, Value};

/// `Sec-Fetch-Site` (not among `http`'s constants).
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");
#[allow(clippy::declare_interior_mutable_const)]
const STAR: HeaderValue = HeaderValue::from_static("*");
#[allow(clippy::declare_interior_mutable_const)]
const TRUE: HeaderValue = HeaderValue::from_static("true");
#[allow(clippy::declare_interior_mutable_const)]
const VARY_ORIGIN: HeaderValue = HeaderValue::from_static("Origin");

impl Value for HeaderValue {
    #[inline]
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// An actix-web request as the core reads it.
struct ActixRequest<'r>(&'r ServiceRequest);

impl wire::Request for ActixRequest<'_> {
    type Value = HeaderValue;
    type Lines<'a>
        = core::slice::Iter<'a, HeaderValue>
    where
        Self: 'a;

    #[inline]
    fn method(&self) -> &[u8] {
        self.0.method().as_str().as_bytes()
    }

    #[inline]
    fn lines(&self, name: Name) -> Self::Lines<'_> {
        let headers = self.0.headers();
        match name {
            Name::Origin => headers.get_all(ORIGIN),
            Name::RequestMethod => headers.get_all(ACCESS_CONTROL_REQUEST_METHOD),
            Name::RequestHeaders => headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS),
            Name::FetchSite => headers.get_all(SEC_FETCH_SITE),
            Name::Upgrade => headers.get_all(UPGRADE),
            Name::WebSocketKey => headers.get_all(SEC_WEBSOCKET_KEY),
            Name::Host => headers.get_all(HOST),
        }
    }

    #[inline]
    fn authority(&self) -> Option<&[u8]> {
        self.0.uri().authority().map(|a| a.as_str().as_bytes())
    }
}

/// The actix-web name of a response header the core writes.
#[inline]
fn name(out: Out) -> HeaderName {
    match out {
        Out::AllowOrigin => ACCESS_CONTROL_ALLOW_ORIGIN,
        Out::AllowCredentials => ACCESS_CONTROL_ALLOW_CREDENTIALS,
        Out::ExposeHeaders => ACCESS_CONTROL_EXPOSE_HEADERS,
        Out::AllowMethods => ACCESS_CONTROL_ALLOW_METHODS,
        Out::AllowHeaders => ACCESS_CONTROL_ALLOW_HEADERS,
        Out::MaxAge => ACCESS_CONTROL_MAX_AGE,
    }
}

impl Sink for HeaderMap {
    type Value = HeaderValue;

    #[inline]
    fn len(&self) -> usize {
        HeaderMap::len(self)
    }

    fn scan(&self) -> (bool, bool) {
        wire::scan(
            self.keys(),
            |key| **key == VARY,
            |key, out| **key == name(out),
        )
    }

    fn varies_by_origin(&self) -> bool {
        self.get_all(VARY)
            .any(|value| wire::lists_origin(value.as_bytes()))
    }

    #[inline]
    fn insert(&mut self, out: Out, value: Emit<'_, HeaderValue>) {
        let value = match value {
            Emit::Reflect(value) => value,
            Emit::Star => STAR,
            Emit::True => TRUE,
            // Made once: while compiling, or when the policy was built.
            Emit::Policy(policy, field) => policy.values.actix(field),
        };
        HeaderMap::insert(self, name(out), value);
    }

    #[inline]
    fn remove(&mut self, out: Out) {
        HeaderMap::remove(self, name(out));
    }

    #[inline]
    fn append_vary_origin(&mut self) {
        self.append(VARY, VARY_ORIGIN);
    }
}

/// The response to a preflight: `204` or `403`, its headers, an empty body.
fn preflight_response(preflight: &Preflight<'_, HeaderValue>) -> HttpResponse {
    let status = if preflight.is_allowed() {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::FORBIDDEN
    };
    let mut response = HttpResponse::new(status);
    preflight.write_into_empty(response.headers_mut());
    response
}

/// The response to an untrusted write or WebSocket handshake: `403`, `Vary: Origin`, an
/// empty body.
fn untrusted_response(untrusted: &Untrusted<'_>) -> HttpResponse {
    let mut response = HttpResponse::new(StatusCode::FORBIDDEN);
    untrusted.write_into(response.headers_mut());
    response
}

/// A policy as an actix-web middleware: answers preflights, refuses untrusted writes and
/// WebSocket handshakes before the handler (`403`), and writes the CORS headers of every
/// other response. For `App::wrap`, `Scope::wrap` and `Resource::wrap`.
///
/// ```
/// use actix_web::{test, web, App, HttpResponse};
/// use cors_runtime::actix::Cors;
/// use cors_runtime::{policy, Policy};
///
/// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET, PUT]);
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(
///     App::new()
///         .wrap(Cors::new(&API))
///         .route("/orders", web::get().to(|| async { HttpResponse::Ok().finish() })),
/// )
/// .await;
/// let request = test::TestRequest::get()
///     .uri("/orders")
///     .insert_header(("origin", "https://app.example.com"))
///     .to_request();
/// let response = test::call_service(&app, request).await;
/// let headers = response.headers();
/// assert_eq!(headers.get("access-control-allow-origin").unwrap(), "https://app.example.com");
/// assert_eq!(headers.get("vary").unwrap(), "Origin");
/// # });
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Cors {
    policy: &'static Policy,
}

impl Cors {
    /// The middleware of `policy`, whose origins are resolved now (see
    /// [`Policy::resolve`]).
    ///
    /// # Panics
    ///
    /// When the policy's origins come from the environment and break a rule: the panic
    /// message lists every problem. Use [`Cors::try_new`] to handle the error.
    #[track_caller]
    pub fn new(policy: &'static Policy) -> Self {
        match Self::try_new(policy) {
            Ok(cors) => cors,
            Err(error) => panic!("{error}"),
        }
    }

    /// [`Cors::new`], returning the problems instead of panicking.
    ///
    /// ```
    /// use cors_runtime::actix::Cors;
    /// use cors_runtime::{policy, Policy};
    ///
    /// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET]);
    /// assert!(Cors::try_new(&API).is_ok());
    /// ```
    pub fn try_new(policy: &'static Policy) -> Result<Self, PolicyError> {
        policy.resolve()?;
        Ok(Cors { policy })
    }
}

impl<S, B> Transform<S, ServiceRequest> for Cors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = CorsMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CorsMiddleware {
            service,
            policy: self.policy,
        }))
    }
}

/// The service [`Cors`] wraps around the app's.
#[derive(Debug)]
pub struct CorsMiddleware<S> {
    service: S,
    policy: &'static Policy,
}

impl<S, B> Service<ServiceRequest> for CorsMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = CorsFuture<S::Future, B>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        match self.policy.decide_bytes(&ActixRequest(&request)).owned() {
            Decision::Actual(actual) => CorsFuture::actual(self.service.call(request), actual),
            Decision::Preflight(preflight) => {
                CorsFuture::answered(request.into_response(preflight_response(&preflight)))
            }
            Decision::Untrusted(untrusted) => {
                CorsFuture::answered(request.into_response(untrusted_response(&untrusted)))
            }
        }
    }
}

pin_project! {
    /// The response of [`CorsMiddleware`]: answered at once, or the inner service's with
    /// the CORS headers written.
    pub struct CorsFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        Answered { response: Option<ServiceResponse> },
        Actual { #[pin] future: F, actual: Actual<'static, HeaderValue>, body: PhantomData<B> },
    }
}

impl<F, B> CorsFuture<F, B> {
    fn answered(response: ServiceResponse) -> Self {
        CorsFuture {
            state: State::Answered {
                response: Some(response),
            },
        }
    }

    fn actual(future: F, actual: Actual<'static, HeaderValue>) -> Self {
        CorsFuture {
            state: State::Actual {
                future,
                actual,
                body: PhantomData,
            },
        }
    }
}

impl<F, B> Future for CorsFuture<F, B>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = Result<ServiceResponse<EitherBody<B>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Answered { response } => Poll::Ready(Ok(response
                .take()
                .expect("CorsFuture polled after completion")
                .map_into_right_body())),
            StateProj::Actual { future, actual, .. } => {
                let mut response = core::task::ready!(future.poll(cx))?;
                actual.write_once(response.headers_mut());
                Poll::Ready(Ok(response.map_into_left_body()))
            }
        }
    }
}

impl<F, B> core::fmt::Debug for CorsFuture<F, B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("CorsFuture")
    }
}

/// The service factory `actix_resource!` installs as the resource's default service: one
/// route per handler, dispatched by method with the handler's policy applied.
#[doc(hidden)]
pub struct Handlers<R> {
    routes: Vec<Route>,
    table: PhantomData<fn() -> R>,
}

impl<R> core::fmt::Debug for Handlers<R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Handlers")
            .field("routes", &self.routes.len())
            .finish()
    }
}

impl<R: Table> Handlers<R> {
    /// No handler yet.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Handlers {
            routes: Vec::new(),
            table: PhantomData,
        }
    }

    /// Mounts the handler of policy `R::TABLE[index]` (the next one).
    #[track_caller]
    pub fn mount<F, Args>(mut self, handler: F) -> Self
    where
        F: actix_web::Handler<Args>,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        let policy = R::TABLE[self.routes.len()];
        if let Err(error) = policy.resolve() {
            panic!("{error}");
        }
        self.routes.push(Route::new().to(handler));
        self
    }

    /// The resource at `path`.
    pub fn finish(self, path: &str) -> actix_web::Resource {
        actix_web::web::resource(path).default_service(self)
    }
}

impl<R: Table> ServiceFactory<ServiceRequest> for Handlers<R> {
    type Response = ServiceResponse;
    type Error = Error;
    type Config = ();
    type Service = HandlersService<R>;
    type InitError = ();
    type Future = Pin<Box<dyn Future<Output = Result<Self::Service, ()>>>>;

    fn new_service(&self, (): ()) -> Self::Future {
        let pending: Vec<_> = self.routes.iter().map(|r| r.new_service(())).collect();
        Box::pin(async move {
            let mut services = Vec::with_capacity(pending.len());
            for service in pending {
                services.push(service.await?);
            }
            Ok(HandlersService {
                services: Rc::from(services),
                table: PhantomData,
            })
        })
    }
}

/// The service of [`Handlers`].
#[doc(hidden)]
pub struct HandlersService<R> {
    services: Rc<[<Route as ServiceFactory<ServiceRequest>>::Service]>,
    table: PhantomData<fn() -> R>,
}

impl<R> core::fmt::Debug for HandlersService<R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HandlersService")
            .field("routes", &self.services.len())
            .finish()
    }
}

type RouteFuture =
    <<Route as ServiceFactory<ServiceRequest>>::Service as Service<ServiceRequest>>::Future;

impl<R: Table> Service<ServiceRequest> for HandlersService<R> {
    type Response = ServiceResponse;
    type Error = Error;
    type Future = ResourceFuture;

    actix_web::dev::always_ready!();

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let view = ActixRequest(&request);
        if let Some(answer) = dispatch::preflight(R::TABLE, &view) {
            let response = match answer {
                PathPreflight::Decided(preflight) => {
                    preflight_response(&preflight.map(Clone::clone))
                }
                PathPreflight::Unserved { vary } => {
                    let mut response = HttpResponse::new(StatusCode::FORBIDDEN);
                    if vary {
                        crate::headers::vary_origin(response.headers_mut());
                    }
                    response
                }
            };
            return ResourceFuture::answered(request.into_response(response));
        }
        let Some(index) = dispatch::handler_for(R::TABLE, view.method()) else {
            let mut response = HttpResponse::new(StatusCode::METHOD_NOT_ALLOWED);
            // Method names are tokens: always a valid value.
            if let Ok(allow) = HeaderValue::from_str(&dispatch::allow(R::TABLE)) {
                response.headers_mut().insert(ALLOW, allow);
            }
            return ResourceFuture::answered(request.into_response(response));
        };
        match R::TABLE[index].decide_bytes(&view).owned() {
            Decision::Actual(actual) => ResourceFuture {
                state: ResourceState::Actual {
                    future: self.services[index].call(request),
                    actual,
                },
            },
            Decision::Preflight(preflight) => {
                ResourceFuture::answered(request.into_response(preflight_response(&preflight)))
            }
            Decision::Untrusted(untrusted) => {
                ResourceFuture::answered(request.into_response(untrusted_response(&untrusted)))
            }
        }
    }
}

/// The response of an `actix_resource!`.
#[doc(hidden)]
pub struct ResourceFuture {
    state: ResourceState,
}

enum ResourceState {
    Answered(Option<ServiceResponse>),
    Actual {
        future: RouteFuture,
        actual: Actual<'static, HeaderValue>,
    },
}

impl ResourceFuture {
    fn answered(response: ServiceResponse) -> Self {
        ResourceFuture {
            state: ResourceState::Answered(Some(response)),
        }
    }
}

impl Future for ResourceFuture {
    type Output = Result<ServiceResponse, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin` (the route's future is boxed).
        match &mut self.get_mut().state {
            ResourceState::Answered(response) => Poll::Ready(Ok(response
                .take()
                .expect("ResourceFuture polled after completion"))),
            ResourceState::Actual { future, actual } => {
                let mut response = core::task::ready!(future.as_mut().poll(cx))?;
                actual.write_once(response.headers_mut());
                Poll::Ready(Ok(response))
            }
        }
    }
}

impl core::fmt::Debug for ResourceFuture {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("ResourceFuture")
    }
}
