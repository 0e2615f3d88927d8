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
//! A blocked call is explained as a console does (after `... has been blocked by CORS
//! policy:`):
//!
//! | mistake on the server | `Outcome` says |
//! |---|---|
//! | the page's origin is not allowed (or listed with a trailing slash) | `No 'Access-Control-Allow-Origin' header is present on the requested resource.` |
//! | `Access-Control-Allow-Origin: *` answering a request with credentials | `The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.` |
//! | credentials forgotten (tower-http without `allow_credentials(true)`) | `The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.` |
//! | `content-type: application/json` not in the allowed headers | `Request header field content-type is not allowed by Access-Control-Allow-Headers in preflight response.` |
//! | `authorization` expected to be covered by `*` | `Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response. ('*' never covers authorization: it must be listed by name.)` |
//! | an authentication layer in front of the CORS layer answers the preflight | `Response to preflight request doesn't pass access control check: It does not have HTTP ok status (401 Unauthorized), ...` |
//!
//! Behind this crate's policies a refused preflight has no CORS header, so the fourth and
//! fifth read `Response to preflight request doesn't pass ...: No
//! 'Access-Control-Allow-Origin' header`.
//!
//! Every fetch is a fresh tab: no preflight cache, no cookie jar. Headers a script may
//! not set (`cookie`, `origin`, `sec-*`, ...) are dropped from a fetch's request, as a
//! browser drops them. A preflight answered with a status that is not ok and no
//! `Access-Control-*` header at all (an authentication layer put in front of the CORS
//! layer answers it `401`) is explained as such ([`Blocked::PreflightWithoutCors`]): put
//! CORS outside authentication, since a preflight carries no credentials.
//!
//! ```
//! use axum::{body::Body, extract::Request, http::StatusCode, middleware::{from_fn, Next}};
//! use axum::{response::Response, routing::put, Router};
//! use cors_runtime::{policy, testing::Browser, CorsLayer, Policy};
//!
//! static API: Policy = policy!(
//!     origins = ["https://app.example.com"],
//!     methods = [PUT],
//!     allow_headers = ["authorization"],
//! );
//!
//! async fn login(request: Request, next: Next) -> Result<Response, StatusCode> {
//!     if !request.headers().contains_key("authorization") {
//!         return Err(StatusCode::UNAUTHORIZED);
//!     }
//!     Ok(next.run(request).await)
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let orders = || Router::new().route("/orders", put(|| async { "saved" }));
//! // With `Router::layer`, the last layer is the outermost.
//! let wrong = orders().layer(CorsLayer::new(&API)).layer(from_fn(login));
//! let right = orders().layer(from_fn(login)).layer(CorsLayer::new(&API));
//! let tab = Browser::new("https://app.example.com");
//! let save = || {
//!     Request::put("/orders").header("authorization", "Bearer t").body(Body::empty()).unwrap()
//! };
//! let outcome = tab.fetch(&wrong, save()).await;
//! assert!(outcome.to_string().contains("HTTP ok status (401 Unauthorized)"), "{outcome}");
//! assert!(tab.fetch(&right, save()).await.is_allowed());
//! # });
//! ```
//!
//! # Where the server is
//!
//! The tab adds the headers a browser adds: `Origin` on every CORS request and on every
//! request whose method is not `GET` or `HEAD`, and the Fetch Metadata headers
//! `Sec-Fetch-Site`, `Sec-Fetch-Mode` and `Sec-Fetch-Dest`. A relative request URI
//! (`/orders`) stands for a server on another site than the page (`Sec-Fetch-Site:
//! cross-site`). An absolute one (`https://api.example.com/orders`) names the server:
//! `Sec-Fetch-Site` is `same-origin` (same scheme, host and port), `same-site` (same
//! scheme and registrable domain, by the Public Suffix List; an IP address or `localhost`
//! is its own site) or `cross-site` (see [`Site`]); the service gets the path and query
//! with a `Host` header, as over HTTP/1.1. A same-origin `fetch` is no CORS request at
//! all: no preflight, no CORS check, every response header readable. Mixed content (an
//! `https` page calling a plain `http` URL, which browsers block or warn about) is not
//! modelled.
//!
//! # Forms and WebSockets
//!
//! CORS governs what a script may *read*. Two other doors let a page of another site act
//! with the user's cookies, and browsers never preflight them: an HTML form, which may
//! `POST` anywhere, and a WebSocket handshake. [`Browser::submit_form`] and
//! [`Browser::open_websocket`] send them as a browser does; their [`Outcome`] says
//! whether the server refused them (`403 Forbidden`, as this crate's policies do for an
//! origin they do not trust) or let them through to the handler, and with which status:
//!
//! ```
//! use axum::{body::Body, http::{Request, StatusCode}, Router};
//! use cors_runtime::testing::Browser;
//! use cors_runtime::{cors, route};
//!
//! #[cors(origins = ["https://admin.example.com"], methods = [GET, POST], credentials)]
//! async fn notes() -> StatusCode {
//!     StatusCode::CREATED
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let app: Router = Router::new().route("/admin/notes", route![notes]);
//! let note = || Request::post("/admin/notes").body(Body::from("text=hi")).unwrap();
//! let evil = Browser::new("https://evil.example").submit_form(&app, note()).await;
//! assert!(!evil.is_allowed() && evil.to_string().contains("403 Forbidden"), "{evil}");
//! let admin = Browser::new("https://admin.example.com").submit_form(&app, note()).await;
//! assert_eq!(admin.status(), Some(StatusCode::CREATED), "{admin}");
//!
//! let live = || Request::get("/admin/notes").body(Body::empty()).unwrap();
//! let evil = Browser::new("https://evil.example").open_websocket(&app, live()).await;
//! assert!(!evil.is_allowed(), "{evil}");
//! # });
//! ```

mod outcome;
#[cfg(test)]
mod scenarios;
mod site;

#[doc(hidden)]
pub mod fetch;

use core::fmt::Debug;
use core::future::poll_fn;

use http::header::{
    ACCEPT, CACHE_CONTROL, CONNECTION, CONTENT_TYPE, COOKIE, HOST, ORIGIN, PRAGMA,
    SEC_WEBSOCKET_EXTENSIONS, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_PROTOCOL, SEC_WEBSOCKET_VERSION,
    UPGRADE, UPGRADE_INSECURE_REQUESTS,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode, Uri};
use tower_service::Service;

pub use fetch::Blocked;
pub use outcome::{Kind, Outcome};
pub use site::Site;

use fetch::{Fetch, Reply};
use site::Target;

/// `Sec-Fetch-Site`, `Sec-Fetch-Mode`, `Sec-Fetch-Dest`, `Sec-Fetch-User` (Fetch
/// Metadata; not among `http`'s constants).
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");
const SEC_FETCH_MODE: HeaderName = HeaderName::from_static("sec-fetch-mode");
const SEC_FETCH_DEST: HeaderName = HeaderName::from_static("sec-fetch-dest");
const SEC_FETCH_USER: HeaderName = HeaderName::from_static("sec-fetch-user");

/// The enctypes an HTML form may have.
const ENCTYPES: [&str; 3] = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];

/// The `Accept` of a navigation, from the Fetch standard.
const NAVIGATION_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// The `Sec-WebSocket-Key` the tab sends: the sample nonce of RFC 6455 (a browser sends 16
/// random bytes; a fixed key keeps the model deterministic).
const WEBSOCKET_KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";

/// A browser tab showing a page of `page_origin`, whose script calls `fetch`, submits
/// forms and opens WebSockets.
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
    /// readable. `request` is what the script asked for: method, URL (relative for a
    /// server on another site, absolute to name it), headers, body.
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
    ///
    /// // From the server's own origin it is no CORS request: every header is readable.
    /// let request = Request::get("https://anyone.example/status").body(Body::empty()).unwrap();
    /// let outcome = Browser::new("https://anyone.example").fetch(&app, request).await;
    /// assert_eq!(outcome.readable_header("x-other").unwrap(), "1");
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

    /// The user submits an HTML form of the page: `<form method action enctype>`, with
    /// `request`'s method (`GET` or `POST`, any case), URI (the `action`: relative for a
    /// server on another site, absolute to name it), `content-type` (the `enctype`:
    /// `application/x-www-form-urlencoded`, the default, `multipart/form-data` or
    /// `text/plain`, with any parameters) and body (the encoded fields of a `POST`; a
    /// `GET` form's fields are in the URI's query, and its body is dropped).
    ///
    /// A form submission is a navigation: never preflighted, its response never checked,
    /// cookies always sent. It carries `Origin` when it is a `POST` (`null` when an
    /// `https` page posts to a plain `http` URL), `Sec-Fetch-Mode: navigate`,
    /// `Sec-Fetch-Dest: document`, `Sec-Fetch-User: ?1` (the user clicked submit; a form
    /// a script submits carries none), and the `Sec-Fetch-Site` of the URI. The request's `cookie` header stands for the cookies
    /// the browser holds for the server and is sent as is (the model applies no
    /// `SameSite` rule: a browser withholds `SameSite=Lax` cookies from a cross-site
    /// `POST`); every other header of `request` is dropped, as a form has no way to set
    /// one.
    ///
    /// [`Outcome::is_allowed`] is true when the server did not refuse the submission with
    /// `403 Forbidden`: it reached the handler, whose status is [`Outcome::status`].
    ///
    /// # Panics
    ///
    /// When no HTML form can send `request`: a method other than `GET` and `POST` (a form
    /// with any other `method` attribute submits a `GET`; use [`Browser::fetch`]), an
    /// enctype other than the three above (a form cannot send JSON), or a URI whose
    /// scheme is not `http` or `https`. A test asking for such a form has a bug; an
    /// outcome saying "not allowed" would let an assertion of a refusal pass for the
    /// wrong reason.
    ///
    /// ```
    /// use axum::{body::Body, http::{Request, StatusCode}, Router};
    /// use cors_runtime::testing::Browser;
    /// use cors_runtime::{cors, route};
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// static NOTES: AtomicUsize = AtomicUsize::new(0);
    ///
    /// #[cors(origins = ["https://admin.example.com"], methods = [POST], credentials)]
    /// async fn add_note() -> StatusCode {
    ///     NOTES.fetch_add(1, Ordering::SeqCst);
    ///     StatusCode::CREATED
    /// }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let app: Router = Router::new().route("/admin/notes", route![add_note]);
    /// let form = || {
    ///     Request::post("/admin/notes")
    ///         .header("content-type", "application/x-www-form-urlencoded")
    ///         .header("cookie", "session=s3cr3t")
    ///         .body(Body::from("text=pay+the+attacker"))
    ///         .unwrap()
    /// };
    ///
    /// // A page of a site the policy does not list: refused before the handler.
    /// let outcome = Browser::new("https://evil.example").submit_form(&app, form()).await;
    /// assert!(!outcome.is_allowed());
    /// assert_eq!(outcome.status(), Some(StatusCode::FORBIDDEN));
    /// assert_eq!(NOTES.load(Ordering::SeqCst), 0);
    /// let explained = outcome.to_string();
    /// assert!(explained.contains("from origin 'https://evil.example'"), "{explained}");
    /// assert!(explained.contains("Sec-Fetch-Site: cross-site"), "{explained}");
    /// assert!(explained.contains("refused by the server with 403 Forbidden"), "{explained}");
    ///
    /// // The listed origin: the handler runs.
    /// let outcome = Browser::new("https://admin.example.com").submit_form(&app, form()).await;
    /// assert!(outcome.is_allowed(), "{outcome}");
    /// assert_eq!(outcome.status(), Some(StatusCode::CREATED));
    /// assert_eq!(NOTES.load(Ordering::SeqCst), 1);
    /// assert!(outcome.to_string().ends_with("reached the handler, which answered 201 Created"));
    /// # });
    /// ```
    pub async fn submit_form<S, B, R>(&self, service: &S, request: Request<B>) -> Outcome
    where
        S: Service<Request<B>, Response = Response<R>> + Clone,
        S::Error: Debug,
        B: Default,
    {
        let (parts, body) = request.into_parts();
        let method = if parts.method.as_str().eq_ignore_ascii_case("GET") {
            Method::GET
        } else if parts.method.as_str().eq_ignore_ascii_case("POST") {
            Method::POST
        } else {
            panic!(
                "submit_form: an HTML form sends only GET or POST, not {}: a form with any \
                 other method attribute submits a GET; use Browser::fetch for {}",
                parts.method, parts.method
            );
        };
        let enctype = match parts.headers.get(CONTENT_TYPE) {
            None => HeaderValue::from_static(ENCTYPES[0]),
            Some(value) => {
                let essence = value
                    .to_str()
                    .unwrap_or_default()
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase();
                assert!(
                    ENCTYPES.contains(&essence.as_str()),
                    "submit_form: a form's enctype is application/x-www-form-urlencoded, \
                     multipart/form-data or text/plain, not {value:?}: a form cannot send \
                     that; use Browser::fetch"
                );
                value.clone()
            }
        };
        let target = Target::of(&self.origin, &parts.uri, false)
            .unwrap_or_else(|error| panic!("submit_form: a form's action must be {error}"));
        let mut outcome = Outcome::new(
            Kind::Form,
            &self.origin,
            &method,
            &parts.uri,
            true,
            target.site,
        );
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(NAVIGATION_ACCEPT));
        let body = if method == Method::POST {
            // Not a CORS request: the default referrer policy
            // (`strict-origin-when-cross-origin`) hides the origin on a downgrade.
            let origin = if target.downgrade {
                HeaderValue::from_static("null")
            } else {
                origin_value(&self.origin)
            };
            headers.insert(ORIGIN, origin);
            headers.insert(CONTENT_TYPE, enctype);
            body
        } else {
            B::default()
        };
        headers.insert(UPGRADE_INSECURE_REQUESTS, HeaderValue::from_static("1"));
        metadata(&mut headers, &target, "navigate", "document");
        headers.insert(SEC_FETCH_USER, HeaderValue::from_static("?1"));
        for cookie in parts.headers.get_all(COOKIE) {
            headers.append(COOKIE, cookie.clone());
        }
        outcome.sent(&headers);
        let request = with(Request::new(body), &target.uri, method, headers);
        door(outcome, send(service, request).await)
    }

    /// The page's script opens a WebSocket: `new WebSocket(url, protocols)`, with
    /// `request`'s URI as `url` (`ws://`, `wss://`, or `http://`, `https://`, which the
    /// constructor maps to them; relative for a server on another site), and its
    /// `sec-websocket-protocol` header, if any, as `protocols`.
    ///
    /// The handshake is a `GET` with `Upgrade: websocket`, `Connection: Upgrade`,
    /// `Sec-WebSocket-Key`, `Sec-WebSocket-Version: 13`, `Origin` (always),
    /// `Sec-Fetch-Mode: websocket`, `Sec-Fetch-Dest: empty` and the `Sec-Fetch-Site` of
    /// the URI, as Firefox sends it and the Fetch Metadata standard says. Chromium sends
    /// no `Sec-Fetch-*` header on a handshake (checked with Chromium 156): a guard then
    /// judges it by `Origin` against `Host`, and reaches the same verdict. Browsers never
    /// preflight a handshake, and send the user's cookies: the request's `cookie` header
    /// stands for them and is sent as is (no `SameSite` rule is applied). Every other
    /// header of `request` is dropped: a script cannot set one.
    ///
    /// [`Outcome::is_allowed`] is true when the server did not refuse the handshake with
    /// `403 Forbidden`: it reached the handler. In process there is no connection to
    /// upgrade, so a handler that upgrades typically answers `426 Upgrade Required`
    /// (axum's `WebSocketUpgrade` does): that still counts as reaching the handler; only a
    /// real connection gets `101 Switching Protocols`.
    ///
    /// # Panics
    ///
    /// When `request`'s method is not `GET` (a handshake always is), or its URI's scheme
    /// is not `ws`, `wss`, `http` or `https` (`new WebSocket` throws a `SyntaxError`).
    ///
    /// ```
    /// use axum::{body::Body, http::{Request, StatusCode}, Router};
    /// use cors_runtime::testing::{Browser, Site};
    /// use cors_runtime::{cors, route};
    ///
    /// // Stands for a handler taking axum's `WebSocketUpgrade`, which answers 426 when
    /// // there is no connection to upgrade.
    /// #[cors(origins = ["https://app.example.com"], methods = [GET])]
    /// async fn live() -> StatusCode {
    ///     StatusCode::UPGRADE_REQUIRED
    /// }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let app: Router = Router::new().route("/live", route![live]);
    /// let socket = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
    ///
    /// let outcome = Browser::new("https://app.example.com")
    ///     .open_websocket(&app, socket("wss://api.example.com/live"))
    ///     .await;
    /// assert!(outcome.is_allowed(), "{outcome}");
    /// assert_eq!(outcome.site(), Site::SameSite);
    /// assert!(outcome.to_string().contains("reached the handler, which answered 426"));
    ///
    /// // Hijacking from another site: refused before the handler.
    /// let outcome = Browser::new("https://evil.example").open_websocket(&app, socket("/live")).await;
    /// assert!(!outcome.is_allowed());
    /// assert!(outcome.to_string().starts_with(
    ///     "WebSocket connection to '/live' failed: Error during WebSocket handshake: \
    ///      Unexpected response code: 403"
    /// ));
    /// # });
    /// ```
    pub async fn open_websocket<S, B, R>(&self, service: &S, request: Request<B>) -> Outcome
    where
        S: Service<Request<B>, Response = Response<R>> + Clone,
        S::Error: Debug,
        B: Default,
    {
        let (parts, _) = request.into_parts();
        assert!(
            parts.method == Method::GET,
            "open_websocket: a WebSocket handshake is always a GET, not {}",
            parts.method
        );
        let target = Target::of(&self.origin, &parts.uri, true)
            .unwrap_or_else(|error| panic!("open_websocket: new WebSocket(url) throws: {error}"));
        let mut outcome = Outcome::new(
            Kind::WebSocket,
            &self.origin,
            &Method::GET,
            &parts.uri,
            true,
            target.site,
        );
        let mut headers = HeaderMap::new();
        headers.insert(UPGRADE, HeaderValue::from_static("websocket"));
        headers.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
        headers.insert(SEC_WEBSOCKET_KEY, HeaderValue::from_static(WEBSOCKET_KEY));
        headers.insert(SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13"));
        headers.insert(
            SEC_WEBSOCKET_EXTENSIONS,
            HeaderValue::from_static("permessage-deflate; client_max_window_bits"),
        );
        // Mode `websocket`: the serialized origin, whatever the referrer policy.
        headers.insert(ORIGIN, origin_value(&self.origin));
        headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        // The request's destination is the empty string: `Sec-Fetch-Dest: empty`.
        metadata(&mut headers, &target, "websocket", "empty");
        for name in [SEC_WEBSOCKET_PROTOCOL, COOKIE] {
            for value in parts.headers.get_all(&name) {
                headers.append(name.clone(), value.clone());
            }
        }
        outcome.sent(&headers);
        let request = with(
            Request::new(B::default()),
            &target.uri,
            Method::GET,
            headers,
        );
        door(outcome, send(service, request).await)
    }

    async fn run<S, B, R>(&self, service: &S, request: Request<B>, credentials: bool) -> Outcome
    where
        S: Service<Request<B>, Response = Response<R>> + Clone,
        S::Error: Debug,
        B: Default,
    {
        let (parts, body) = request.into_parts();
        let target = Target::of(&self.origin, &parts.uri, false);
        let site = target.as_ref().map_or(Site::CrossSite, |t| t.site);
        let mut outcome = Outcome::new(
            Kind::Fetch,
            &self.origin,
            &parts.method,
            &parts.uri,
            credentials,
            site,
        );
        let Ok(target) = target else {
            return outcome.block(Blocked::TypeError(
                "TypeError: Failed to fetch (the URL's scheme is not http or https)",
            ));
        };
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
        if site == Site::SameOrigin {
            // Not a CORS request: no preflight, no CORS check of the response, and
            // `Origin` only when the method is not GET or HEAD.
            let (method, mut headers) = fetch::actual_request(&fetch, &prepared);
            if method == Method::GET || method == Method::HEAD {
                headers.remove(ORIGIN);
            }
            metadata(&mut headers, &target, "cors", "empty");
            outcome.sent(&headers);
            let actual = with(Request::new(body), &target.uri, method, headers);
            return match send(service, actual).await {
                Ok(reply) => outcome.response(reply, Ok(())),
                Err(error) => outcome.block(error),
            };
        }
        if prepared.preflight {
            outcome.preflighted = true;
            let (method, mut headers) = fetch::preflight_request(&fetch, &prepared);
            metadata(&mut headers, &target, "cors", "empty");
            outcome.sent(&headers);
            let preflight = with(Request::new(B::default()), &target.uri, method, headers);
            let reply = match send(service, preflight).await {
                Ok(reply) => reply,
                Err(error) => return outcome.block(error),
            };
            if let Err(blocked) = fetch::preflight_check(&fetch, &prepared, &reply) {
                return outcome.block(blocked);
            }
        }
        let (method, mut headers) = fetch::actual_request(&fetch, &prepared);
        metadata(&mut headers, &target, "cors", "empty");
        outcome.sent(&headers);
        let actual = with(Request::new(body), &target.uri, method, headers);
        let reply = match send(service, actual).await {
            Ok(reply) => reply,
            Err(error) => return outcome.block(error),
        };
        let checked = fetch::cors_check(&fetch.origin, credentials, &reply.headers, false);
        outcome.response(reply, checked)
    }
}

/// The page's origin as a header value.
fn origin_value(origin: &str) -> HeaderValue {
    HeaderValue::from_str(origin).expect("a page origin that is a valid header value")
}

/// Adds what a browser adds about where the request goes: `Host` for an absolute URI, and
/// the Fetch Metadata headers `Sec-Fetch-Site`, `Sec-Fetch-Mode`, `Sec-Fetch-Dest`.
fn metadata(headers: &mut HeaderMap, target: &Target, mode: &'static str, dest: &'static str) {
    if let Some(host) = &target.host {
        headers.insert(
            HOST,
            HeaderValue::from_str(host).expect("a host from a parsed URI"),
        );
    }
    headers.insert(
        SEC_FETCH_SITE,
        HeaderValue::from_static(target.site.as_str()),
    );
    headers.insert(SEC_FETCH_MODE, HeaderValue::from_static(mode));
    headers.insert(SEC_FETCH_DEST, HeaderValue::from_static(dest));
}

/// The outcome of a form or a WebSocket handshake: refused when the server answered
/// `403 Forbidden`, through to the handler otherwise.
fn door(outcome: Outcome, reply: Result<Reply, Blocked>) -> Outcome {
    match reply {
        Ok(reply) if reply.status == StatusCode::FORBIDDEN => {
            outcome.response(reply, Err(Blocked::RefusedByServer))
        }
        Ok(reply) => outcome.response(reply, Ok(())),
        Err(error) => outcome.block(error),
    }
}

/// `request` with this method, URI and headers.
fn with<B>(mut request: Request<B>, uri: &Uri, method: Method, headers: HeaderMap) -> Request<B> {
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
