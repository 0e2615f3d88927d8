//! The `http` 1.x adapter of the decision core (tower, axum, hyper, `testing`): a request's
//! method, headers and authority read as bytes, and a `HeaderMap` written as a [`Sink`].
//! It decides nothing.

use http::Method;
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, GetAll, HOST, HeaderMap,
    HeaderName, HeaderValue, ORIGIN, SEC_WEBSOCKET_KEY, UPGRADE, VARY, ValueIter,
};

use crate::wire::{self, Emit, Name, Out, Request, Sink, Value, lists_origin};

/// The `Sec-Fetch-Site` header (not among `http`'s constants).
const SEC_FETCH_SITE: &str = "sec-fetch-site";

// Values every policy shares, built at compile time.
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

/// An `http` 1.x request as the core reads it.
pub(crate) struct HttpRequest<'r> {
    pub(crate) method: &'r Method,
    /// The URI's authority, if it has one.
    pub(crate) authority: Option<&'r [u8]>,
    pub(crate) headers: &'r HeaderMap,
}

impl<'r> HttpRequest<'r> {
    /// A whole request: its URI's authority is read by the guard.
    #[inline]
    pub(crate) fn of<B>(request: &'r http::Request<B>) -> Self {
        HttpRequest {
            method: request.method(),
            authority: request.uri().authority().map(|a| a.as_str().as_bytes()),
            headers: request.headers(),
        }
    }
}

impl Request for HttpRequest<'_> {
    type Value = HeaderValue;
    type Lines<'a>
        = ValueIter<'a, HeaderValue>
    where
        Self: 'a;

    #[inline]
    fn method(&self) -> &[u8] {
        self.method.as_str().as_bytes()
    }

    #[inline]
    fn lines(&self, name: Name) -> Self::Lines<'_> {
        let lines: GetAll<'_, HeaderValue> = match name {
            Name::Origin => self.headers.get_all(ORIGIN),
            Name::RequestMethod => self.headers.get_all(ACCESS_CONTROL_REQUEST_METHOD),
            Name::RequestHeaders => self.headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS),
            Name::FetchSite => self.headers.get_all(SEC_FETCH_SITE),
            Name::Upgrade => self.headers.get_all(UPGRADE),
            Name::WebSocketKey => self.headers.get_all(SEC_WEBSOCKET_KEY),
            Name::Host => self.headers.get_all(HOST),
        };
        lines.iter()
    }

    #[inline]
    fn authority(&self) -> Option<&[u8]> {
        self.authority
    }
}

/// The `http` name of a response header the core writes.
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
            |key| *key == VARY,
            |key, out| *key == name(out),
        )
    }

    fn varies_by_origin(&self) -> bool {
        self.get_all(VARY)
            .iter()
            .any(|value| lists_origin(value.as_bytes()))
    }

    #[inline]
    fn insert(&mut self, out: Out, value: Emit<'_, HeaderValue>) {
        let value = match value {
            Emit::Reflect(value) => value,
            Emit::Star => STAR,
            Emit::True => TRUE,
            Emit::Policy(policy, field) => policy.values.get(field),
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
