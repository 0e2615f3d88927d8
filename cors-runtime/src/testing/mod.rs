//! Testing like a browser (feature `testing`): would a browser let a page's script read
//! the answer? [`Browser`] is a model of one tab of a page on some origin, following the
//! Fetch standard: whether a preflight is needed (the method, and the request headers with
//! the value rules of the CORS-safelisted ones), the preflight and its checks, the CORS
//! check of the response, the credentials mode, and which response headers a script may
//! read. It works on any tower `Service` of `http::Request`: an axum `Router`, a service
//! behind this crate's [`CorsLayer`](crate::CorsLayer) or tower-http's, a hand-written one.
//!
//! ```
//! use axum::{http::Request, body::Body, Router};
//! use cors_runtime::testing::Browser;
//! use cors_runtime::{cors, route};
//!
//! #[cors(
//!     origins = ["https://app.example.com"],
//!     methods = [PUT],
//!     allow_headers = ["content-type"],
//!     credentials,
//! )]
//! async fn update() -> &'static str {
//!     "saved"
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let app: Router = Router::new().route("/orders", route![update]);
//! let tab = Browser::new("https://app.example.com");
//! let request = Request::put("/orders")
//!     .header("content-type", "application/json")
//!     .body(Body::from("{}"))
//!     .unwrap();
//! let outcome = tab.fetch_with_credentials(&app, request).await;
//! assert!(outcome.is_allowed(), "{outcome}");
//! assert!(outcome.was_preflighted());
//!
//! // Another page is refused, and the outcome says why, as a console would.
//! let other = Browser::new("https://evil.example");
//! let request = Request::put("/orders").body(Body::empty()).unwrap();
//! let outcome = other.fetch(&app, request).await;
//! assert!(!outcome.is_allowed());
//! assert!(outcome.to_string().contains("No 'Access-Control-Allow-Origin' header"));
//! # });
//! ```
//!
//! Every fetch is a fresh tab: no preflight cache, no cookie jar. Headers a script may
//! not set (`cookie`, `origin`, `sec-*`, ...) are dropped from the request, as a browser
//! drops them.

mod outcome;
#[cfg(test)]
mod scenarios;

#[doc(hidden)]
pub mod fetch;

use core::fmt::Debug;
use core::future::poll_fn;

use http::{HeaderMap, Request, Response};
use tower_service::Service;

pub use fetch::Blocked;
pub use outcome::Outcome;

use fetch::{Fetch, Reply};

/// A browser tab showing a page of `page_origin`, whose script calls `fetch`.
///
/// ```
/// use cors_runtime::testing::Browser;
///
/// let tab = Browser::new("http://localhost:5173");
/// assert_eq!(tab.origin(), "http://localhost:5173");
/// ```
#[derive(Debug, Clone)]
pub struct Browser {
    origin: String,
}

impl Browser {
    /// A tab of a page whose origin is `page_origin`, serialized as browsers send it
    /// (`https://app.example.com`, `http://localhost:5173`, or `null` for an opaque
    /// origin).
    pub fn new(page_origin: impl Into<String>) -> Self {
        Browser {
            origin: page_origin.into(),
        }
    }

    /// The page's origin.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// `fetch(request)` with the default credentials mode, `same-origin`: cross-origin,
    /// no cookies are sent, and a response with `Access-Control-Allow-Origin: *` is
    /// readable. `request` is what the script asked for: method, path, headers, body.
    ///
    /// ```
    /// use axum::{body::Body, http::Request, routing::get, Router};
    /// use cors_runtime::testing::Browser;
    /// use cors_runtime::{policy, CorsLayer, Policy};
    ///
    /// static OPEN: Policy = policy!(origins = ["*"], methods = [GET], expose_headers = ["x-version"]);
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let app: Router = Router::new()
    ///     .route("/status", get(|| async { ([("x-version", "3"), ("x-other", "1")], "ok") }))
    ///     .layer(CorsLayer::new(&OPEN));
    /// let outcome = Browser::new("https://anyone.example")
    ///     .fetch(&app, Request::get("/status").body(Body::empty()).unwrap())
    ///     .await;
    /// assert!(outcome.is_allowed() && !outcome.was_preflighted());
    /// assert_eq!(outcome.readable_header("x-version").unwrap(), "3");
    /// assert!(outcome.readable_header("x-other").is_none());
    /// # });
    /// ```
    pub async fn fetch<S, B, R>(&self, service: &S, request: Request<B>) -> Outcome
    where
        S: Service<Request<B>, Response = Response<R>> + Clone,
        S::Error: Debug,
        B: Default,
    {
        self.run(service, request, false).await
    }

    /// `fetch(request, {credentials: "include"})`: cookies and HTTP authentication are
    /// sent, and the response must name the page's origin and allow credentials.
    ///
    /// tower-http's `CorsLayer` is checked the same way:
    ///
    /// ```
    /// use axum::{body::Body, http::{HeaderValue, Method, Request}, routing::delete, Router};
    /// use cors_runtime::testing::Browser;
    /// use tower_http::cors::CorsLayer;
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let layer = CorsLayer::new()
    ///     .allow_origin(HeaderValue::from_static("https://app.example.com"))
    ///     .allow_methods([Method::DELETE]);
    /// let app: Router = Router::new()
    ///     .route("/orders/7", delete(|| async { "gone" }))
    ///     .layer(layer);
    /// let request = Request::delete("/orders/7").body(Body::empty()).unwrap();
    /// let outcome = Browser::new("https://app.example.com")
    ///     .fetch_with_credentials(&app, request)
    ///     .await;
    /// // The layer forgot `allow_credentials(true)`:
    /// assert!(!outcome.is_allowed());
    /// assert!(outcome.to_string().contains("'Access-Control-Allow-Credentials'"), "{outcome}");
    /// # });
    /// ```
    pub async fn fetch_with_credentials<S, B, R>(&self, service: &S, request: Request<B>) -> Outcome
    where
        S: Service<Request<B>, Response = Response<R>> + Clone,
        S::Error: Debug,
        B: Default,
    {
        self.run(service, request, true).await
    }

    async fn run<S, B, R>(&self, service: &S, request: Request<B>, credentials: bool) -> Outcome
    where
        S: Service<Request<B>, Response = Response<R>> + Clone,
        S::Error: Debug,
        B: Default,
    {
        let (parts, body) = request.into_parts();
        let mut outcome = Outcome::new(&self.origin, &parts.method, &parts.uri, credentials);
        let mut headers = Vec::new();
        for (name, value) in &parts.headers {
            let Ok(value) = value.to_str() else {
                return outcome.block(Blocked::TypeError("TypeError: invalid header"));
            };
            headers.push((name.as_str().to_owned(), value.to_owned()));
        }
        let fetch = Fetch {
            origin: self.origin.clone(),
            method: parts.method.as_str().to_owned(),
            headers,
            credentials,
        };
        let prepared = match fetch::prepare(&fetch) {
            Ok(prepared) => prepared,
            Err(blocked) => return outcome.block(blocked),
        };
        if prepared.preflight {
            outcome.preflighted = true;
            let (method, headers) = fetch::preflight_request(&fetch, &prepared);
            let preflight = with(Request::new(B::default()), &parts.uri, method, headers);
            let reply = match send(service, preflight).await {
                Ok(reply) => reply,
                Err(error) => return outcome.block(error),
            };
            if let Err(blocked) = fetch::preflight_check(&fetch, &prepared, &reply) {
                return outcome.block(blocked);
            }
        }
        let (method, headers) = fetch::actual_request(&fetch, &prepared);
        let actual = with(Request::new(body), &parts.uri, method, headers);
        let reply = match send(service, actual).await {
            Ok(reply) => reply,
            Err(error) => return outcome.block(error),
        };
        let checked = fetch::cors_check(&fetch.origin, credentials, &reply.headers, false);
        outcome.response(reply, checked)
    }
}

/// `request` with this method, URI and headers.
fn with<B>(
    mut request: Request<B>,
    uri: &http::Uri,
    method: http::Method,
    headers: HeaderMap,
) -> Request<B> {
    *request.method_mut() = method;
    *request.uri_mut() = uri.clone();
    *request.headers_mut() = headers;
    request
}

/// Sends `request` to a clone of `service`, as a server would: ready, then call.
async fn send<S, B, R>(service: &S, request: Request<B>) -> Result<Reply, Blocked>
where
    S: Service<Request<B>, Response = Response<R>> + Clone,
    S::Error: Debug,
{
    let mut service = service.clone();
    let network = |error: S::Error| Blocked::NetworkError(format!("{error:?}"));
    poll_fn(|cx| service.poll_ready(cx))
        .await
        .map_err(network)?;
    let response = service.call(request).await.map_err(network)?;
    Ok(Reply {
        status: response.status(),
        headers: response.headers().clone(),
    })
}
