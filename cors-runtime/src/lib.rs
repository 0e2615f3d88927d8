//! Compile-time checked CORS policies for `http`, tower, axum and actix-web.
//!
//! Write a policy as `#[cors(...)]` on an axum handler or as `policy!(...)`; every unsafe or
//! impossible policy is a compile error on the offending token, and at run time a
//! [`Policy`] decides each request from `'static` tables and writes its headers without
//! allocating. With feature `tower`, [`CorsLayer`] applies a policy to any service; with
//! feature `axum`, `route![...]` mounts `#[cors]` handlers on one path; with feature
//! `actix`, `actix::Cors` and `actix_resource!` do the same on actix-web, decided by the
//! same code and answered byte for byte alike.
//!
//! ```
//! use cors_runtime::{policy, Policy};
//!
//! static API: Policy = policy!(
//!     origins = ["https://app.example.com", "https://*.example.com"],
//!     methods = [GET, POST],
//!     credentials,
//! );
//! assert!(API.allows_origin(b"https://shop.example.com"));
//! ```
//!
//! # Every door a browser opens
//!
//! CORS decides what a page may *read*; it does not stop another site from *acting*. A
//! cross-site HTML form, or a `fetch` simple enough to need no preflight, runs the
//! handler with the user's cookies (CORS only hides the answer), and browsers never
//! preflight a WebSocket handshake. The policy already names the origins the service
//! trusts, so it guards these doors too: an unsafe request (any method but `GET`, `HEAD`,
//! `OPTIONS`) or a WebSocket handshake that is not trusted is refused with `403` before
//! the handler runs ([`Decision::Untrusted`]; the rules are under [`Policy::decide`]).
//! `dangerously_allow_cross_origin_writes` turns the guard off for one policy, for an
//! endpoint that must accept writes from sites it cannot list (an OAuth `form_post`
//! callback, a payment provider's return).
//!
//! ```
//! use cors_runtime::{policy, Decision, Policy, Refusal};
//! use http::{HeaderMap, HeaderValue, Method};
//!
//! static API: Policy = policy!(origins = ["https://app.example.com"], methods = [POST], credentials);
//!
//! // `<form method="post" action="https://api.example.com/transfer">` on another site.
//! let mut form = HeaderMap::new();
//! form.insert("origin", HeaderValue::from_static("https://evil.example.net"));
//! form.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
//! form.insert("sec-fetch-mode", HeaderValue::from_static("navigate"));
//! assert_eq!(API.decide(&Method::POST, &form).refusal(), Some(Refusal::UntrustedWrite));
//!
//! // The same form on the allowed origin.
//! form.insert("origin", HeaderValue::from_static("https://app.example.com"));
//! assert!(matches!(API.decide(&Method::POST, &form), Decision::Actual(_)));
//! ```
//!
//! Origins may also be read from the environment at startup (`origins = env("NAME")`, see
//! [`Policy::resolve`]), held in a set that changes while serving (`live(NAME)` among the
//! origins, see [`OriginSet`]), and whole policies built from configuration
//! ([`Policy::builder`], `PolicyConfig` with feature `serde`), checked by the same rules
//! with the same messages. Feature `testing` adds `testing::Browser`, a model of
//! a browser tab for your own tests.
// The README's examples run as doctests of this crate (they need features `tower`, `axum`,
// `actix`, `serde` and `testing`); it stays out of the docs and of the package.
#![cfg_attr(all(doctest, feature = "axum", feature = "actix", feature = "serde", feature = "testing"), doc = include_str!("../../README.md"))]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Lets the macros' `::cors_runtime::...` paths resolve inside this crate's own tests.
extern crate self as cors_runtime;

mod builder;
mod compiled;
#[cfg(feature = "serde")]
mod config;
mod decide;
#[cfg(any(feature = "axum", feature = "actix"))]
mod dispatch;
mod env;
mod error;
mod guard;
mod headers;
mod http1;
mod layout;
mod live;
mod origin;
mod policy;
mod refusal;
#[cfg(feature = "testing")]
pub mod testing;
mod token;
mod values;
mod wire;
mod work;

#[cfg(feature = "actix")]
pub mod actix;
#[cfg(feature = "axum")]
mod axum;
#[cfg(feature = "tower")]
pub mod layer;

#[doc(hidden)]
pub mod __private;

pub use builder::PolicyBuilder;
#[cfg(feature = "serde")]
pub use config::PolicyConfig;
pub use decide::{
    Actual, Decision, MAX_REQUEST_HEADERS_BYTES, MAX_REQUEST_HEADERS_NAMES, Preflight, Untrusted,
};
pub use error::{PolicyError, Problem};
pub use guard::MAX_UPGRADE_BYTES;
pub use live::OriginSet;
pub use policy::Policy;
pub use refusal::Refusal;

#[cfg(feature = "tower")]
pub use layer::CorsLayer;

/// The CORS policy of an axum handler, checked at compile time.
///
/// Takes the arguments described in the crate documentation (`origins`, `methods`,
/// `allow_headers`, `expose_headers`, `credentials`, `max_age` and the three
/// `dangerously_*` flags: `dangerously_allow_insecure_origins`,
/// `dangerously_allow_public_suffix_subdomains`, `dangerously_allow_cross_origin_writes`). The function is emitted exactly as written; next to it, a
/// same-named type makes its policy reachable as `NAME::POLICY`, a `&'static Policy`.
/// Mount the handler with `route![...]` (feature `axum`), or apply
/// `CorsLayer::new(NAME::POLICY)` yourself.
///
/// Every unsafe or impossible policy is a compile error on the offending token, and all
/// problems of one attribute are reported together. The attribute goes on a free
/// `async fn` (not on a method taking `self`); it works with `#[axum::debug_handler]` in
/// either order.
///
/// ```
/// use cors_runtime::{cors, Policy};
///
/// #[cors(
///     origins = ["https://app.example.com", "https://*.example.com"],
///     methods = [GET, "PURGE"],
///     expose_headers = ["x-request-id"],
///     credentials,
///     max_age = 600,
/// )]
/// async fn orders() -> &'static str {
///     "[]"
/// }
///
/// let policy: &'static Policy = orders::POLICY;
/// assert!(policy.allows_origin(b"https://shop.example.com"));
/// assert!(policy.allows_method(b"PURGE"));
/// ```
///
/// A mistake does not compile:
///
/// ```compile_fail
/// #[cors_runtime::cors(origins = ["*"], methods = [GET], credentials)]
/// async fn orders() {}
/// ```
///
/// # Origins that change while serving
///
/// `live(NAME)` in the origins list, alone or beside literal origins (at most one, not with
/// `env(...)`), names a `static` [`OriginSet`]: its origins, replaced while the program
/// serves (a tenant's own domain, a preview per pull request), are allowed too. Each
/// change is checked by the origin rules, with the compiler's messages.
///
/// ```
/// use cors_runtime::{cors, OriginSet};
///
/// static TENANTS: OriginSet = OriginSet::new();
///
/// #[cors(origins = ["https://app.example.com", live(TENANTS)], methods = [GET], credentials)]
/// async fn orders() -> &'static str {
///     "[]"
/// }
///
/// TENANTS.insert("https://shop.acme.test").expect("a valid origin");
/// assert!(orders::POLICY.allows_origin(b"https://shop.acme.test"));
/// ```
///
/// # Origins set at deploy time
///
/// `origins = env("NAME")` reads the origins from an environment variable when the
/// program starts (never while compiling, so one binary serves every deployment), and
/// checks them with the rules and messages of the compile errors; `env("NAME", default =
/// [...])` gives the origins used when it is unset. The value lists origins written as in
/// the source, separated by commas and/or whitespace. Every other key stays fixed.
/// [`Policy::resolve`] reads and checks the value once; `CorsLayer::new` and `route!`
/// call it when the router is built and panic with the full report on a bad value.
///
/// ```
/// use cors_runtime::{cors, Policy};
///
/// #[cors(
///     origins = env("ORDERS_ORIGINS", default = ["http://localhost:*"]),
///     methods = [GET, POST],
///     credentials,
/// )]
/// async fn orders() -> &'static str {
///     "[]"
/// }
///
/// // `ORDERS_ORIGINS` is not set here: the default applies.
/// orders::POLICY.resolve().expect("valid origins");
/// assert!(orders::POLICY.allows_origin(b"http://localhost:8080"));
/// ```
///
/// A bad value, say `ORDERS_ORIGINS="https://app.example.com/ HTTPS://x.example.com"`,
/// is reported with every problem, each with the compiler's own words:
///
/// ```text
/// CORS policy of handler `orders`, origins from the environment variable `ORDERS_ORIGINS`: 2 problems
///   - `https://app.example.com/`: origin `https://app.example.com/` ends with `/`
///     help: remove the trailing `/`: browsers send `https://app.example.com`
///   - `HTTPS://x.example.com`: origin `HTTPS://x.example.com` has upper-case letters
///     help: write `https://x.example.com`: browsers send the scheme and host in lowercase
/// ```
///
/// The variable's name must be a string literal of `[A-Za-z_][A-Za-z0-9_]*`, and `env` may
/// only stand for `origins`:
///
/// ```compile_fail
/// #[cors_runtime::cors(origins = ["https://a.example"], methods = env("METHODS"))]
/// async fn orders() {}
/// ```
#[cfg(feature = "macros")]
pub use cors_macros::cors;

/// A CORS policy as a constant expression of type [`Policy`], with the same arguments as
/// [`cors`], checked the same way. Use it for a policy shared by a whole router.
///
/// ```
/// use cors_runtime::{policy, Policy};
///
/// static API: Policy = policy!(
///     origins = ["https://app.example.com", "http://localhost:*"],
///     methods = [GET, POST, DELETE],
///     allow_headers = ["content-type", "authorization"],
///     credentials,
/// );
/// assert!(API.allows_origin(b"http://localhost:5173"));
/// assert!(API.allows_request_header(b"Authorization"));
/// ```
///
/// ```compile_fail
/// // `patch` never matches: browsers send it as written.
/// static API: cors_runtime::Policy =
///     cors_runtime::policy!(origins = ["https://app.example.com"], methods = [patch]);
/// ```
#[cfg(feature = "macros")]
pub use cors_macros::policy;

/// An axum `MethodRouter` for one path, made of `#[cors]` handlers (feature `axum`).
///
/// `route![h1, h2, ...]` mounts each handler on the methods its policy lists, applies that
/// policy to the responses it serves, and answers the path's preflights with the policy of
/// the handler mounted on the requested method (a `HEAD` follows the `GET` handler; a
/// method no handler serves is refused with `403`). Two handlers claiming one method is a
/// compile error. A generic handler is written with its arguments, as axum needs it
/// (`route![count::<Memory>]`); its policy is still found at `count::POLICY`. A route
/// mounts at most 12 handlers.
///
/// No layer is involved: each handler is wrapped in a zero-sized handler that applies its
/// policy (axum clones it per request for free), and the route's own `OPTIONS` endpoint
/// answers the preflights (a plain `OPTIONS` gets `405` with the route's `Allow`). An
/// actual request costs no allocation beyond what axum spends without any CORS, and a
/// preflight is answered in the request's own header map. To serve `OPTIONS` yourself,
/// list it in a handler's `methods`: that handler then answers the preflights first (the
/// `MethodRouter` already has an `OPTIONS` endpoint otherwise, and axum refuses a second
/// one). Its fallback serves extension methods and answers `405`; replacing it
/// (`.fallback(...)`) would leave those to the new one.
///
/// ```
/// use axum::{http::StatusCode, Router};
/// use cors_runtime::{cors, route};
///
/// #[cors(origins = ["https://app.example.com"], methods = [GET])]
/// async fn list() -> &'static str {
///     "[]"
/// }
///
/// #[cors(
///     origins = ["https://admin.example.com"],
///     methods = [DELETE],
///     credentials,
/// )]
/// async fn clear() -> StatusCode {
///     StatusCode::NO_CONTENT
/// }
///
/// let app: Router = Router::new().route("/orders", route![list, clear]);
/// ```
///
/// ```compile_fail
/// use cors_runtime::{cors, route};
///
/// #[cors(origins = ["https://a.example"], methods = [GET, POST])]
/// async fn one() {}
/// #[cors(origins = ["https://b.example"], methods = [POST])]
/// async fn two() {}
///
/// let _: axum::routing::MethodRouter = route![one, two];
/// ```
#[cfg(feature = "axum")]
pub use cors_macros::route;

/// `#[cors]` handlers on one path of actix-web (feature `actix`):
/// `actix_resource!("/path", h1, h2, ...)` is an `actix_web::Resource`.
///
/// It is `route![...]` for actix-web: each handler serves the methods its policy lists,
/// with that policy applied to its responses; the path's preflights are answered with the
/// policy of the handler serving the requested method (a `HEAD` follows the `GET`
/// handler; a method no handler serves is refused with `403`); a plain `OPTIONS`, or a
/// method no handler serves, gets `405` with the path's `Allow`. Two handlers claiming
/// one method is the same compile error as for `route!`. At most 12 handlers.
///
/// The handlers are the resource's default service, dispatched by method: add no
/// `.route(...)` to the resource (it would be served without a policy).
///
/// ```
/// use actix_web::{App, HttpResponse};
/// use cors_runtime::{actix_resource, cors};
///
/// #[cors(origins = ["https://app.example.com"], methods = [GET])]
/// async fn list() -> &'static str {
///     "[]"
/// }
///
/// #[cors(origins = ["https://admin.example.com"], methods = [DELETE], credentials)]
/// async fn clear() -> HttpResponse {
///     HttpResponse::NoContent().finish()
/// }
///
/// let app = App::new().service(actix_resource!("/orders", list, clear));
/// # let _ = app;
/// ```
///
/// ```compile_fail
/// use cors_runtime::{actix_resource, cors};
///
/// #[cors(origins = ["https://a.example"], methods = [GET, POST])]
/// async fn one() {}
/// #[cors(origins = ["https://b.example"], methods = [POST])]
/// async fn two() {}
///
/// let _ = actix_resource!("/orders", one, two);
/// ```
#[cfg(feature = "actix")]
pub use cors_macros::actix_resource;
