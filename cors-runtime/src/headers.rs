//! Writing a decision into response headers: values built once (at compile time for
//! policies the macros laid out), the `Vary` merge, and removal of CORS headers the
//! handler set on its own.

use http::header::HeaderMap;
use http::{Response, StatusCode};

use crate::decide::{Actual, AllowOrigin, Preflight, Untrusted};
use crate::values::Field;
use crate::wire::{Emit, Out, Sink};

/// Sets `name` to `value`, or removes it when there is none.
fn set<S: Sink>(headers: &mut S, name: Out, value: Option<Emit<'_, S::Value>>) {
    match value {
        Some(value) => headers.insert(name, value),
        None => headers.remove(name),
    }
}

/// Adds `Origin` to `Vary` unless a `Vary` value already names it (or is `*`). Existing
/// values are kept as they are; `Origin` goes on a field line of its own, which HTTP
/// defines as equivalent to a comma-joined list.
pub(crate) fn vary_origin<S: Sink>(headers: &mut S) {
    if !headers.varies_by_origin() {
        headers.append_vary_origin();
    }
}

/// What a response already carries, found in one pass over its names (a handful, as a
/// rule) rather than one lookup per header.
struct Found {
    /// A CORS response header the handler set.
    cors: bool,
    /// A `Vary` header.
    vary: bool,
}

impl Found {
    /// Past this many fields, lookups are cheaper than a scan: assume everything is there.
    const MAX_SCAN: usize = 16;

    fn scan<S: Sink>(headers: &S) -> Self {
        if headers.len() > Self::MAX_SCAN {
            return Found {
                cors: true,
                vary: true,
            };
        }
        let (cors, vary) = headers.scan();
        Found { cors, vary }
    }
}

impl<V: Clone> AllowOrigin<V> {
    #[inline]
    fn emit(&self) -> Emit<'static, V> {
        match self {
            AllowOrigin::Any => Emit::Star,
            AllowOrigin::Reflect(value) => Emit::Reflect(value.clone()),
        }
    }

    #[inline]
    fn into_emit(self) -> Emit<'static, V> {
        match self {
            AllowOrigin::Any => Emit::Star,
            AllowOrigin::Reflect(value) => Emit::Reflect(value),
        }
    }
}

impl Actual<'_> {
    /// Writes the CORS headers of an actual (or non-CORS) request into the handler's
    /// response headers: `Access-Control-Allow-Origin`, `-Allow-Credentials` and
    /// `-Expose-Headers` when the origin is allowed, none of them otherwise, and
    /// `Vary: Origin` when the policy depends on the origin. CORS headers the handler set
    /// are replaced or removed: the policy owns them.
    ///
    /// Allocates nothing when `headers` has room for the new entries.
    ///
    /// ```
    /// use cors_runtime::{policy, Decision, Policy};
    /// use http::{HeaderMap, HeaderValue, Method};
    ///
    /// static API: Policy = policy!(
    ///     origins = ["https://app.example.com"],
    ///     methods = [GET],
    ///     expose_headers = ["x-request-id"],
    ///     credentials,
    /// );
    ///
    /// let mut request = HeaderMap::new();
    /// request.insert("origin", HeaderValue::from_static("https://app.example.com"));
    /// let Decision::Actual(actual) = API.decide(&Method::GET, &request) else { unreachable!() };
    ///
    /// let mut response = HeaderMap::new();
    /// response.insert("vary", HeaderValue::from_static("accept"));
    /// actual.write_headers(&mut response);
    /// assert_eq!(response["access-control-allow-credentials"], "true");
    /// assert_eq!(response["access-control-expose-headers"], "x-request-id");
    /// let vary: Vec<_> = response.get_all("vary").iter().collect();
    /// assert_eq!(vary, ["accept", "Origin"]);
    /// ```
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        self.write_into(headers);
    }
}

impl<V: Clone> Actual<'_, V> {
    /// [`Actual::write_headers`] into any framework's headers.
    pub(crate) fn write_into<S: Sink<Value = V>>(&self, headers: &mut S) {
        self.write(self.allow.as_ref().map(AllowOrigin::emit), headers);
    }

    /// [`Actual::write_headers`], moving the `Access-Control-Allow-Origin` value out of
    /// the decision instead of cloning it: for a layer, which writes once.
    #[cfg(any(feature = "tower", feature = "actix"))]
    pub(crate) fn write_once<S: Sink<Value = V>>(&mut self, headers: &mut S) {
        let allow = self.allow.take().map(AllowOrigin::into_emit);
        self.write(allow, headers);
    }

    fn write<S: Sink<Value = V>>(&self, allow: Option<Emit<'_, V>>, headers: &mut S) {
        let policy = self.policy;
        let found = Found::scan(headers);
        if !found.cors {
            // The usual case: the handler set no CORS header, nothing to replace or remove.
            if let Some(origin) = allow {
                headers.insert(Out::AllowOrigin, origin);
                if policy.credentials {
                    headers.insert(Out::AllowCredentials, Emit::True);
                }
                if policy.expose_headers.is_some() {
                    headers.insert(
                        Out::ExposeHeaders,
                        Emit::Policy(policy, Field::ExposeHeaders),
                    );
                }
            }
            if self.vary {
                if found.vary {
                    vary_origin(headers);
                } else {
                    headers.append_vary_origin();
                }
            }
            return;
        }
        match allow {
            Some(origin) => {
                headers.insert(Out::AllowOrigin, origin);
                set(
                    headers,
                    Out::AllowCredentials,
                    policy.credentials.then_some(Emit::True),
                );
                set(
                    headers,
                    Out::ExposeHeaders,
                    policy
                        .expose_headers
                        .map(|_| Emit::Policy(policy, Field::ExposeHeaders)),
                );
            }
            None => {
                headers.remove(Out::AllowOrigin);
                headers.remove(Out::AllowCredentials);
                headers.remove(Out::ExposeHeaders);
            }
        }
        // Preflight-only headers have no place on an actual response.
        headers.remove(Out::AllowMethods);
        headers.remove(Out::AllowHeaders);
        headers.remove(Out::MaxAge);
        if self.vary {
            vary_origin(headers);
        }
    }
}

impl<V: Clone> Preflight<'_, V> {
    /// Writes the preflight's headers into any framework's headers (see
    /// [`Preflight::write_headers`]).
    pub(crate) fn write_into<S: Sink<Value = V>>(&self, headers: &mut S) {
        self.write(self.allowed_origin(), headers, false);
    }

    /// [`Preflight::write_into`] a map known to be empty (a new response, or the
    /// request's map just cleared): no `Vary` to look for first.
    #[cfg(feature = "actix")]
    pub(crate) fn write_into_empty<S: Sink<Value = V>>(&self, headers: &mut S) {
        self.write(self.allowed_origin(), headers, true);
    }

    /// [`Preflight::write_into_empty`], moving a reflected `Origin` into the map rather
    /// than cloning it.
    #[inline]
    fn write_once_into_empty<S: Sink<Value = V>>(&mut self, headers: &mut S) {
        let allow = self.allow.take().map(AllowOrigin::into_emit);
        self.write(allow, headers, true);
    }

    /// `Access-Control-Allow-Origin` if the preflight is allowed (a clone of a
    /// reflected value).
    fn allowed_origin(&self) -> Option<Emit<'static, V>> {
        self.allow.as_ref().map(AllowOrigin::emit)
    }

    /// `allow` is `Access-Control-Allow-Origin` when the preflight is allowed.
    #[inline]
    fn write<S: Sink<Value = V>>(&self, allow: Option<Emit<'_, V>>, headers: &mut S, empty: bool) {
        let policy = self.policy;
        if let Some(origin) = allow {
            headers.insert(Out::AllowOrigin, origin);
            if policy.credentials {
                headers.insert(Out::AllowCredentials, Emit::True);
            }
            if self.send_methods {
                headers.insert(Out::AllowMethods, Emit::Policy(policy, Field::AllowMethods));
            }
            if self.send_headers && policy.allow_headers.header.is_some() {
                headers.insert(Out::AllowHeaders, Emit::Policy(policy, Field::AllowHeaders));
            }
            if policy.max_age.is_some() {
                headers.insert(Out::MaxAge, Emit::Policy(policy, Field::MaxAge));
            }
        }
        if self.vary {
            if empty {
                headers.append_vary_origin();
            } else {
                vary_origin(headers);
            }
        }
    }

    /// Room for the response's fields and `extra` fields a server adds (axum's router
    /// writes `content-length`). Below six, `HeaderMap` sizes its table so tightly that
    /// the next insertion grows it, and six cost the same allocation as fewer.
    fn capacity(&self, extra: usize) -> usize {
        (self.header_count() + extra).max(6)
    }

    /// How many header fields [`Preflight::write_headers`] writes into an empty map.
    pub(crate) fn header_count(&self) -> usize {
        let policy = self.policy;
        let vary = usize::from(self.vary);
        if self.allow.is_none() {
            return vary;
        }
        1 + vary
            + usize::from(policy.credentials)
            + usize::from(self.send_methods)
            + usize::from(self.send_headers && policy.allow_headers.header.is_some())
            + usize::from(policy.max_age.is_some())
    }
}

impl Preflight<'_> {
    /// `204 No Content` when the preflight is allowed, `403 Forbidden` when it is refused.
    pub fn status(&self) -> StatusCode {
        if self.is_allowed() {
            StatusCode::NO_CONTENT
        } else {
            StatusCode::FORBIDDEN
        }
    }

    /// Writes the headers of the preflight response: for an allowed preflight
    /// `Access-Control-Allow-Origin`, `-Allow-Credentials`, `-Allow-Methods` (when the
    /// requested method is not GET, HEAD or POST), `-Allow-Headers` (when names were
    /// requested) and `-Max-Age`; for a refused one, no `Access-Control-*` header. Both
    /// get `Vary: Origin` unless the policy is `"*"`.
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        self.write_into(headers);
    }

    /// The complete preflight response: status, headers, and an empty body. Its header
    /// map is allocated once, with room for every header it gets and for the
    /// `content-length` a server adds (axum and hyper do), so it never grows.
    ///
    /// ```
    /// use cors_runtime::{policy, Decision, Policy};
    /// use http::{HeaderMap, HeaderValue, Method, StatusCode};
    ///
    /// static API: Policy = policy!(
    ///     origins = ["https://app.example.com"],
    ///     methods = [DELETE],
    ///     max_age = 600,
    /// );
    ///
    /// let mut request = HeaderMap::new();
    /// request.insert("origin", HeaderValue::from_static("https://app.example.com"));
    /// request.insert("access-control-request-method", HeaderValue::from_static("DELETE"));
    /// let Decision::Preflight(preflight) = API.decide(&Method::OPTIONS, &request) else {
    ///     unreachable!()
    /// };
    /// let response: http::Response<()> = preflight.into_response();
    /// assert_eq!(response.status(), StatusCode::NO_CONTENT);
    /// assert_eq!(response.headers()["access-control-allow-methods"], "DELETE");
    /// assert_eq!(response.headers()["access-control-max-age"], "600");
    /// ```
    pub fn into_response<B: Default>(self) -> Response<B> {
        let headers = HeaderMap::with_capacity(self.capacity(1));
        self.into_response_reusing(headers)
    }

    /// [`Preflight::into_response`], with the response's header map built in the
    /// allocation of `headers` when it has room for every field of the response (plus the
    /// `content-length` a server adds): the map is cleared and keeps its capacity. A layer
    /// that owns the request passes the request's own header map, which it no longer
    /// needs (a browser's preflight leaves room), and answers without allocating. A map
    /// with less room grows once, while it is empty.
    ///
    /// ```
    /// use cors_runtime::{policy, Decision, Policy};
    /// use http::{HeaderValue, Method, Request, StatusCode};
    ///
    /// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [PUT]);
    ///
    /// let mut request = Request::options("/orders")
    ///     .header("origin", "https://app.example.com")
    ///     .header("access-control-request-method", "PUT")
    ///     .body(())
    ///     .unwrap();
    /// let Decision::Preflight(preflight) = API.decide(request.method(), request.headers()) else {
    ///     unreachable!()
    /// };
    /// let headers = std::mem::take(request.headers_mut());
    /// let response: http::Response<()> = preflight.into_response_reusing(headers);
    /// assert_eq!(response.status(), StatusCode::NO_CONTENT);
    /// assert_eq!(response.headers()["access-control-allow-methods"], "PUT");
    /// // Nothing of the request is left in it.
    /// assert!(response.headers().get("access-control-request-method").is_none());
    /// ```
    pub fn into_response_reusing<B: Default>(self, headers: HeaderMap) -> Response<B> {
        self.into_response_with_room(headers, 1)
    }

    /// [`Preflight::into_response_reusing`] with room for `extra` fields the server adds.
    ///
    /// A layer answers with room for two: the `content-length` axum's router writes, and
    /// the `Allow` its method router adds to what a route's fallback answers (a path
    /// without an `OPTIONS` handler sends its preflights there). A map too small for them
    /// would be grown, entries copied and rehashed, after the answer is written; room made
    /// while it is empty costs one allocation, and none when the request's map (a
    /// browser's dozen fields) already has it.
    pub(crate) fn into_response_with_room<B: Default>(
        mut self,
        mut headers: HeaderMap,
        extra: usize,
    ) -> Response<B> {
        // Read first: writing moves the allowed origin out, after which the preflight
        // reads as refused.
        let status = self.status();
        headers.clear();
        headers.reserve(self.capacity(extra));
        self.write_once_into_empty(&mut headers);
        respond(status, headers)
    }
}

/// A response with `status`, `headers` and an empty body.
#[inline]
fn respond<B: Default>(status: StatusCode, headers: HeaderMap) -> Response<B> {
    let mut response = Response::new(B::default());
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

impl Untrusted<'_> {
    /// `403 Forbidden`.
    pub fn status(&self) -> StatusCode {
        StatusCode::FORBIDDEN
    }

    /// Writes the headers of the refusal: `Vary: Origin` (the answer depends on the
    /// origin), and no `Access-Control-*` header.
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        self.write_into(headers);
    }

    /// [`Untrusted::write_headers`] into any framework's headers.
    pub(crate) fn write_into<S: Sink>(&self, headers: &mut S) {
        if self.vary {
            vary_origin(headers);
        }
    }

    /// The complete refusal: `403 Forbidden`, `Vary: Origin`, an empty body. The
    /// handler never ran.
    ///
    /// ```
    /// use cors_runtime::{policy, Decision, Policy, Refusal};
    /// use http::{HeaderMap, HeaderValue, Method, StatusCode};
    ///
    /// static LIVE: Policy = policy!(origins = ["https://app.example.com"], methods = [GET]);
    ///
    /// // `new WebSocket(...)` on another site: never preflighted.
    /// let mut request = HeaderMap::new();
    /// request.insert("origin", HeaderValue::from_static("https://evil.example.net"));
    /// request.insert("upgrade", HeaderValue::from_static("websocket"));
    /// request.insert("sec-websocket-key", HeaderValue::from_static("dGhlIHNhbXBsZSBub25jZQ=="));
    /// let Decision::Untrusted(untrusted) = LIVE.decide(&Method::GET, &request) else {
    ///     unreachable!()
    /// };
    /// assert_eq!(untrusted.refusal(), Refusal::UntrustedWebSocket);
    /// let response: http::Response<()> = untrusted.into_response();
    /// assert_eq!(response.status(), StatusCode::FORBIDDEN);
    /// assert!(response.headers().get("access-control-allow-origin").is_none());
    /// ```
    pub fn into_response<B: Default>(self) -> Response<B> {
        self.into_response_reusing(HeaderMap::with_capacity(2))
    }

    /// [`Untrusted::into_response`], built in the allocation of `headers` (cleared
    /// first), as [`Preflight::into_response_reusing`] does: a layer that owns the
    /// request passes the request's own header map.
    pub fn into_response_reusing<B: Default>(self, mut headers: HeaderMap) -> Response<B> {
        headers.clear();
        self.write_headers(&mut headers);
        respond(self.status(), headers)
    }
}

#[cfg(test)]
mod tests {
    use super::vary_origin;
    use crate::decide::Decision;
    use crate::http1::HttpRequest;
    use crate::policy::Policy;
    use http::header::{HeaderMap, HeaderValue, VARY};
    use http::{Method, Response, StatusCode};

    static FULL: Policy = crate::policy!(
        origins = ["https://app.example.com", "https://*.example.org"],
        methods = [GET, POST, DELETE],
        allow_headers = ["content-type", "x-trace"],
        credentials,
        max_age = 600,
    );
    static BARE: Policy = crate::policy!(origins = ["https://app.example.com"], methods = [PUT]);
    static ANY: Policy = crate::policy!(origins = ["*"], methods = [GET, PATCH]);

    /// A preflight's request map: `Origin`, ACRM, ACRH if `names`, then `padding` more
    /// fields (a browser sends about ten).
    fn request(origin: &str, method: &str, names: Option<&str>, padding: usize) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("origin", origin.parse().unwrap());
        headers.insert("access-control-request-method", method.parse().unwrap());
        if let Some(names) = names {
            headers.insert("access-control-request-headers", names.parse().unwrap());
        }
        for i in 0..padding {
            headers.insert(
                http::HeaderName::try_from(format!("x-padding-{i}")).unwrap(),
                HeaderValue::from_static("1"),
            );
        }
        headers
    }

    fn fields(response: &Response<()>) -> (StatusCode, Vec<(String, String)>) {
        let fields = response
            .headers()
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
            .collect();
        (response.status(), fields)
    }

    /// Every way of answering a preflight gives the same status and fields, in the same
    /// order: written into a new map, or into the request's map, with room or grown,
    /// decided on a request that the decision outlives or borrows.
    #[test]
    fn every_way_of_answering_a_preflight_agrees() {
        let cases = [
            (
                &FULL,
                "https://app.example.com",
                "DELETE",
                Some("content-type"),
            ),
            (
                &FULL,
                "https://api.example.org",
                "POST",
                Some("x-trace, content-type"),
            ),
            (&FULL, "https://app.example.com", "GET", None),
            (&FULL, "https://evil.example.net", "GET", None),
            (&FULL, "https://app.example.com", "PUT", None),
            (&BARE, "https://app.example.com", "PUT", None),
            (
                &BARE,
                "https://app.example.com",
                "PUT",
                Some("content-type"),
            ),
            (&ANY, "https://any.example.net", "PATCH", None),
            (&ANY, "https://any.example.net", "GET", None),
        ];
        for (policy, origin, method, names) in cases {
            let small = request(origin, method, names, 0);
            let Decision::Preflight(preflight) = policy.decide(&Method::OPTIONS, &small) else {
                panic!("{origin} {method}: not a preflight")
            };
            let mut written = HeaderMap::new();
            preflight.write_headers(&mut written);
            let expected = (preflight.status(), {
                let mut response = Response::new(());
                *response.headers_mut() = written;
                fields(&response).1
            });
            for padding in [0, 10] {
                for extra in [1, 2] {
                    let what = format!("{origin} {method} {names:?} +{padding} room {extra}");
                    let map = request(origin, method, names, padding);
                    let response: Response<()> = preflight
                        .clone()
                        .into_response_with_room(map.clone(), extra);
                    assert_eq!(fields(&response), expected, "owned: {what}");
                    let view = HttpRequest::new(&Method::OPTIONS, None, &map);
                    let Decision::Preflight(borrowed) = policy.decide_bytes(&view) else {
                        panic!("{what}: not a preflight")
                    };
                    let response: Response<()> = borrowed
                        .map(HeaderValue::clone)
                        .into_response_with_room(map.clone(), extra);
                    assert_eq!(fields(&response), expected, "borrowed: {what}");
                }
            }
            let response: Response<()> = preflight.into_response();
            assert_eq!(fields(&response), expected, "new map: {origin} {method}");
        }
    }

    fn vary_after(existing: &[&'static str]) -> Vec<String> {
        let mut headers = HeaderMap::new();
        for value in existing {
            headers.append(VARY, HeaderValue::from_static(value));
        }
        vary_origin(&mut headers);
        headers
            .get_all(VARY)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn adds_origin_once() {
        assert_eq!(vary_after(&[]), ["Origin"]);
        assert_eq!(vary_after(&["accept"]), ["accept", "Origin"]);
        assert_eq!(vary_after(&["accept, origin"]), ["accept, origin"]);
        assert_eq!(vary_after(&["accept", " ORIGIN "]), ["accept", " ORIGIN "]);
        assert_eq!(vary_after(&["*"]), ["*"]);
        assert_eq!(vary_after(&["origin-agent"]), ["origin-agent", "Origin"]);
    }
}
