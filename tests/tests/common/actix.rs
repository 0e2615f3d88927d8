//! An actix-web twin of an axum app, for the suites that run on both frameworks: the app's
//! routes (without CORS) become the inner service of an actix-web `App` wrapped in
//! `cors_runtime::actix::Cors`, so the only difference between the two is the CORS glue.
//!
//! actix-web's services are not `Send`: the `App` lives on a thread of its own, with its
//! own actix runtime, and requests reach it over a channel. [`Bridge`] is the axum-facing
//! end: a `tower::Service` that sends each request there and returns the answer.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName as ActixName, HeaderValue as ActixValue};
use actix_web::{App, HttpRequest, HttpResponse, test, web};
use axum::Router;
use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use cors_runtime::Policy;
use http::Request;
use http_body_util::BodyExt;
use tokio::sync::{mpsc, oneshot};
use tower::{Service, ServiceExt};

/// A request for the actix thread, and where its answer goes.
type Job = (Request<Bytes>, oneshot::Sender<http::Response<Bytes>>);

/// The axum-facing end of an actix-web `App`: `routes` behind `Cors::new(policy)`.
#[derive(Clone)]
pub struct Bridge {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Bridge {
    /// `routes` (without CORS) behind `Cors::new(policy)`.
    pub fn wrap(policy: &'static Policy, routes: Router) -> Self {
        Bridge::start(move || {
            App::new()
                .wrap(cors_runtime::actix::Cors::new(policy))
                .default_service(web::to(move |request: HttpRequest, body: Bytes| {
                    inner(routes.clone(), request, body)
                }))
        })
    }

    /// The `App` `make` builds, on the actix thread; the thread ends when the last clone
    /// of the bridge is dropped.
    pub fn start<T, B>(make: impl FnOnce() -> App<T> + Send + 'static) -> Self
    where
        T: ServiceFactory<
                ServiceRequest,
                Config = (),
                Response = ServiceResponse<B>,
                Error = actix_web::Error,
                InitError = (),
            > + 'static,
        B: MessageBody + 'static,
    {
        let (jobs, mut queue) = mpsc::unbounded_channel::<Job>();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let app = test::init_service(make()).await;
                while let Some((request, answer)) = queue.recv().await {
                    let head = request.method() == http::Method::HEAD;
                    let response = test::call_service(&app, to_actix(request).to_request()).await;
                    let mut response = from_actix(response).await;
                    // actix-web's server sends no body to a `HEAD` (axum's router drops it
                    // in the app already).
                    if head {
                        *response.body_mut() = Bytes::new();
                    }
                    let _ = answer.send(response);
                }
            });
        });
        Bridge { jobs }
    }
}

/// An `http` 1.x request as actix-web's test request: method, target, every header line
/// (appended, so repeated names stay), body.
fn to_actix(request: Request<Bytes>) -> test::TestRequest {
    let (parts, body) = request.into_parts();
    test_request(&parts.method, &parts.uri, &parts.headers, body)
}

/// actix-web's test request for a request of these parts.
pub fn test_request(
    method: &http::Method,
    uri: &http::Uri,
    headers: &http::HeaderMap,
    body: Bytes,
) -> test::TestRequest {
    let method = actix_web::http::Method::from_bytes(method.as_str().as_bytes())
        .expect("a method actix-web parses");
    let mut test = test::TestRequest::default()
        .method(method)
        .uri(&uri.to_string());
    for (name, value) in headers {
        test = test.append_header((
            ActixName::from_bytes(name.as_str().as_bytes()).expect("a header name"),
            ActixValue::from_bytes(value.as_bytes()).expect("a header value"),
        ));
    }
    test.set_payload(body)
}

/// actix-web's answer as an `http` 1.x response: status, every header line, body.
pub async fn from_actix<B: MessageBody>(response: ServiceResponse<B>) -> http::Response<Bytes> {
    let mut builder = http::Response::builder().status(response.status().as_u16());
    for (name, value) in response.headers() {
        builder = builder.header(name.as_str(), value.as_bytes());
    }
    let body = actix_web::body::to_bytes(response.into_body())
        .await
        .unwrap_or_else(|_| panic!("the actix-web body"));
    builder.body(body).expect("a response")
}

/// The routes, without CORS, as the actix `App`'s inner service: the request goes to the
/// axum router as is, and its answer comes back as is.
async fn inner(routes: Router, request: HttpRequest, body: Bytes) -> HttpResponse {
    let mut builder = Request::builder()
        .method(request.method().as_str())
        .uri(request.uri().to_string());
    for (name, value) in request.headers() {
        builder = builder.header(name.as_str(), value.as_bytes());
    }
    let request = builder.body(Body::from(body)).expect("a request");
    let response = routes.oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("a body").to_bytes();
    let status = actix_web::http::StatusCode::from_u16(parts.status.as_u16()).expect("a status");
    let mut answer = HttpResponse::build(status);
    for (name, value) in &parts.headers {
        answer.append_header((
            ActixName::from_bytes(name.as_str().as_bytes()).expect("a header name"),
            ActixValue::from_bytes(value.as_bytes()).expect("a header value"),
        ));
    }
    answer.body(body)
}

impl Service<Request<Body>> for Bridge {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let jobs = self.jobs.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.expect("a body").to_bytes();
            let (answer, answered) = oneshot::channel();
            jobs.send((Request::from_parts(parts, body), answer))
                .unwrap_or_else(|_| panic!("the actix-web thread ended"));
            let response = answered.await.expect("the actix-web app answered");
            Ok(response.map(Body::from))
        })
    }
}

/// An axum answer (what a test handler returns) as actix-web's: status, every header
/// line, body. The actix-web twins of the test handlers run the same body and answer this.
pub async fn answer(response: impl axum::response::IntoResponse) -> HttpResponse {
    let (parts, body) = response.into_response().into_parts();
    let body = body.collect().await.expect("a body").to_bytes();
    let status = actix_web::http::StatusCode::from_u16(parts.status.as_u16()).expect("a status");
    let mut answer = HttpResponse::build(status);
    for (name, value) in &parts.headers {
        answer.append_header((
            ActixName::from_bytes(name.as_str().as_bytes()).expect("a header name"),
            ActixValue::from_bytes(value.as_bytes()).expect("a header value"),
        ));
    }
    answer.body(body)
}

/// axum's `State` for the actix-web twins of the test handlers: the app's data of type
/// `T` (`App::app_data`), so a twin keeps its handler's signature.
pub struct State<T>(pub T);

impl<T: Clone + 'static> actix_web::FromRequest for State<T> {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, actix_web::Error>>;

    fn from_request(request: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(
            request
                .app_data::<T>()
                .cloned()
                .map(State)
                .ok_or_else(|| actix_web::error::ErrorInternalServerError("no app data")),
        )
    }
}

/// The header lines of an answer as axum's and actix-web's are compared (SPEC 12: byte for
/// byte the same): name by name, each name's lines in order (actix-web's header map keeps
/// no order across names). Left to each framework: `content-length` (axum's router writes
/// it into a route's answer, actix-web's server on the wire, both from the body, which is
/// compared), and `Allow` but on a `405` (axum's method router adds it to every answer of
/// its fallback: a preflight `CorsLayer` answered there on a path without an `OPTIONS`
/// handler, an extension method `route!` served).
pub fn comparable(status: http::StatusCode, headers: &http::HeaderMap) -> Vec<(String, Vec<u8>)> {
    let mut lines: Vec<(String, Vec<u8>)> = headers
        .iter()
        .filter(|(name, _)| {
            *name != http::header::CONTENT_LENGTH
                && (*name != http::header::ALLOW || status == http::StatusCode::METHOD_NOT_ALLOWED)
        })
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect();
    // Stable: each name's lines keep their order.
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    lines
}
