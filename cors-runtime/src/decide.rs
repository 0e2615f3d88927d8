//! The server side of the Fetch standard's CORS protocol: what a request is, and whether
//! the policy allows it. Nothing here allocates.

use http::Method;
use http::header::{HeaderMap, HeaderValue};

use crate::http1::HttpRequest;
use crate::origin::AllowedBy;
use crate::policy::{Origins, Policy, has_comma};
use crate::refusal::Refusal;
use crate::token::is_token;
use crate::wire::{Name, Request, Value};
use crate::work::{self, Counter};

/// Bytes of `Access-Control-Request-Headers` a preflight may carry, counted as the Fetch
/// standard combines its field lines: the values joined by `, `. Browsers send the
/// lowercase names a script set, so a real list is far shorter.
///
/// ACRH may come in any number of field lines (some gateways split a comma list into one
/// line per element). The two bytes of `, ` between lines count toward this cap, so even
/// a flood of empty lines is bounded: at most `MAX_REQUEST_HEADERS_BYTES / 2 + 1` (2049)
/// lines are read before the preflight is refused as too large.
///
/// ```
/// assert_eq!(cors_runtime::MAX_REQUEST_HEADERS_BYTES, 4096);
/// ```
pub const MAX_REQUEST_HEADERS_BYTES: usize = 4096;
/// Number of names `Access-Control-Request-Headers` may list, over all its field lines.
///
/// ```
/// assert_eq!(cors_runtime::MAX_REQUEST_HEADERS_NAMES, 64);
/// ```
pub const MAX_REQUEST_HEADERS_NAMES: usize = 64;

/// The separator Fetch puts between combined field lines, `, `.
const LINE_SEPARATOR_BYTES: usize = 2;

/// The value of `Access-Control-Allow-Origin` for an allowed request.
#[derive(Debug, Clone)]
pub(crate) enum AllowOrigin<V> {
    /// `*`.
    Any,
    /// The request's own value: while deciding, a reference to it; in a decision that
    /// outlives the request, a clone, which shares its buffer.
    Reflect(V),
}

impl<V> AllowOrigin<V> {
    fn new(by: AllowedBy, origin: V) -> Self {
        match by {
            AllowedBy::Any => AllowOrigin::Any,
            AllowedBy::Listed => AllowOrigin::Reflect(origin),
        }
    }

    /// The same value, the request's own as `f` makes it.
    #[inline]
    pub(crate) fn map<W>(self, f: impl FnOnce(V) -> W) -> AllowOrigin<W> {
        match self {
            AllowOrigin::Any => AllowOrigin::Any,
            AllowOrigin::Reflect(origin) => AllowOrigin::Reflect(f(origin)),
        }
    }
}

impl<'p, V: Clone> Decision<'p, &V> {
    /// The decision, kept beyond the request's life: a reflected `Origin` is cloned (a
    /// clone of a header value a server parsed shares its buffer: no allocation, no
    /// check of its bytes).
    #[inline]
    pub(crate) fn owned(self) -> Decision<'p, V> {
        match self {
            Decision::Actual(actual) => Decision::Actual(actual.owned()),
            Decision::Preflight(preflight) => Decision::Preflight(preflight.map(V::clone)),
            Decision::Untrusted(untrusted) => Decision::Untrusted(untrusted),
        }
    }
}

impl<'p, V: Clone> Actual<'p, &V> {
    /// [`Decision::owned`].
    #[inline]
    pub(crate) fn owned(self) -> Actual<'p, V> {
        Actual {
            policy: self.policy,
            allow: self.allow.map(|allow| allow.map(V::clone)),
            refusal: self.refusal,
            vary: self.vary,
        }
    }
}

impl<'p, V> Preflight<'p, V> {
    /// The same preflight, the request's own `Origin` (if it is reflected) as `f` makes
    /// it.
    #[inline]
    pub(crate) fn map<W>(self, f: impl FnOnce(V) -> W) -> Preflight<'p, W> {
        Preflight {
            policy: self.policy,
            allow: self.allow.map(|allow| allow.map(f)),
            refusal: self.refusal,
            send_methods: self.send_methods,
            send_headers: self.send_headers,
            vary: self.vary,
        }
    }
}

/// What a policy decided for one request: write it into the response with
/// [`Actual::write_headers`] or [`Preflight::write_headers`].
///
/// ```
/// use cors_runtime::{policy, Decision, Policy};
/// use http::{HeaderMap, HeaderValue, Method};
///
/// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET]);
///
/// let mut request = HeaderMap::new();
/// request.insert("origin", HeaderValue::from_static("https://app.example.com"));
/// let Decision::Actual(actual) = API.decide(&Method::GET, &request) else { unreachable!() };
/// assert!(actual.is_allowed());
///
/// let mut response = HeaderMap::new();
/// actual.write_headers(&mut response);
/// assert_eq!(response["access-control-allow-origin"], "https://app.example.com");
/// assert_eq!(response["vary"], "Origin");
/// ```
///
/// `V` is the type of the request's header values, in which an allowed `Origin` is kept
/// until it is written back: `http::HeaderValue` (`http` 1.x: tower, axum, hyper) unless
/// an adapter of another framework decides.
#[derive(Debug, Clone)]
pub enum Decision<'p, V = HeaderValue> {
    /// Not a preflight: an actual CORS request, or no CORS request at all. The handler
    /// runs; CORS never blocks it on the server.
    Actual(Actual<'p, V>),
    /// A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`): the
    /// policy answers it and the handler never runs.
    Preflight(Preflight<'p, V>),
    /// An untrusted unsafe request or WebSocket handshake (see [`Policy::decide`]): the
    /// handler must not run; answer with [`Untrusted::into_response`] (`403 Forbidden`).
    Untrusted(Untrusted<'p>),
}

/// The decision for a request that is not a preflight.
#[derive(Debug, Clone)]
pub struct Actual<'p, V = HeaderValue> {
    pub(crate) policy: &'p Policy,
    pub(crate) allow: Option<AllowOrigin<V>>,
    pub(crate) refusal: Option<Refusal>,
    /// The answer depends on the origin (every policy but `"*"`): `Vary: Origin` is owed.
    pub(crate) vary: bool,
}

/// The decision for a preflight.
#[derive(Debug, Clone)]
pub struct Preflight<'p, V = HeaderValue> {
    pub(crate) policy: &'p Policy,
    /// `Access-Control-Allow-Origin` when the preflight is allowed (then `refusal` is
    /// `None`).
    pub(crate) allow: Option<AllowOrigin<V>>,
    /// Why the preflight is refused (then `allow` is `None`).
    pub(crate) refusal: Option<Refusal>,
    /// The requested method is not GET, HEAD or POST: send `Access-Control-Allow-Methods`.
    pub(crate) send_methods: bool,
    /// Header names were requested: send `Access-Control-Allow-Headers`.
    pub(crate) send_headers: bool,
    /// The answer depends on the origin: `Vary: Origin` is owed.
    pub(crate) vary: bool,
}

/// The decision for an untrusted unsafe request or WebSocket handshake: refused before
/// the handler, with `403 Forbidden`, an empty body, no `Access-Control-*` header and
/// `Vary: Origin`.
///
/// ```
/// use cors_runtime::{policy, Decision, Policy, Refusal};
/// use http::{HeaderMap, HeaderValue, Method, StatusCode};
///
/// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [POST]);
///
/// // A form on another site posts to the API.
/// let mut request = HeaderMap::new();
/// request.insert("origin", HeaderValue::from_static("https://evil.example.net"));
/// request.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
/// let Decision::Untrusted(untrusted) = API.decide(&Method::POST, &request) else {
///     unreachable!()
/// };
/// assert_eq!(untrusted.refusal(), Refusal::UntrustedWrite);
/// let response: http::Response<()> = untrusted.into_response();
/// assert_eq!(response.status(), StatusCode::FORBIDDEN);
/// assert_eq!(response.headers()["vary"], "Origin");
/// ```
#[derive(Debug, Clone)]
pub struct Untrusted<'p> {
    pub(crate) policy: &'p Policy,
    pub(crate) refusal: Refusal,
    /// `Vary: Origin` is owed (always, but for a policy that trusts nothing after a
    /// failed resolution, which still varies).
    pub(crate) vary: bool,
}

impl Untrusted<'_> {
    /// Why the request was refused: [`Refusal::UntrustedWrite`] or
    /// [`Refusal::UntrustedWebSocket`].
    pub fn refusal(&self) -> Refusal {
        self.refusal
    }

    /// The policy that refused it.
    pub fn policy(&self) -> &Policy {
        self.policy
    }
}

impl<V> Decision<'_, V> {
    /// Whether the request was a preflight.
    pub fn is_preflight(&self) -> bool {
        matches!(self, Decision::Preflight(_))
    }

    /// Whether the handler may run: `false` for a preflight (the policy answers it) and
    /// for an untrusted write or WebSocket handshake.
    ///
    /// ```
    /// use cors_runtime::{policy, Policy};
    /// use http::{HeaderMap, Method};
    ///
    /// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET]);
    /// assert!(API.decide(&Method::GET, &HeaderMap::new()).runs_handler());
    /// ```
    pub fn runs_handler(&self) -> bool {
        matches!(self, Decision::Actual(_))
    }

    /// Why the policy refused the request, if it did. A request without `Origin` is not
    /// refused: it is simply not a CORS request.
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            Decision::Actual(actual) => actual.refusal,
            Decision::Preflight(preflight) => preflight.refusal,
            Decision::Untrusted(untrusted) => Some(untrusted.refusal),
        }
    }
}

impl<V> Actual<'_, V> {
    /// Whether the response will carry `Access-Control-Allow-Origin`.
    pub fn is_allowed(&self) -> bool {
        self.allow.is_some()
    }

    /// Why the origin was refused, if it was.
    pub fn refusal(&self) -> Option<Refusal> {
        self.refusal
    }
}

impl<V> Preflight<'_, V> {
    /// Whether the preflight is allowed (`204`) or refused (`403`).
    pub fn is_allowed(&self) -> bool {
        self.allow.is_some()
    }

    /// Why the preflight was refused, if it was.
    pub fn refusal(&self) -> Option<Refusal> {
        self.refusal
    }
}

impl Policy {
    /// Decides a request from its method and headers.
    ///
    /// A request is a preflight when its method is `OPTIONS` and it carries both `Origin`
    /// and `Access-Control-Request-Method`. Deciding reads at most a few KiB of headers
    /// and allocates nothing (a pattern-matched origin is kept as a clone of the request's
    /// header value, which shares its buffer).
    ///
    /// A `"*"` policy grants every actual request alike, with or without `Origin` (and with
    /// two): `Access-Control-Allow-Origin: *` and the exposed headers. Its answers carry no
    /// `Vary: Origin`, so a cache may hand any of them to any origin; they must all be the
    /// same.
    ///
    /// # The doors CORS does not cover
    ///
    /// CORS only hides answers: a cross-site HTML form, or a `fetch` simple enough to need
    /// no preflight, still runs the handler with the user's cookies, and browsers never
    /// preflight a WebSocket handshake. So an *unsafe* request (any method but `GET`,
    /// `HEAD`, `OPTIONS`) or a WebSocket handshake (a `GET` with `Upgrade: websocket` or
    /// `Sec-WebSocket-Key`) that is not *trusted* is decided [`Decision::Untrusted`]: the
    /// handler must not run. It is trusted when any of these holds:
    ///
    /// 1. `Sec-Fetch-Site` is `same-origin` or `none`;
    /// 2. its `Origin` is allowed by the policy (a `"*"` policy trusts every origin);
    /// 3. it carries neither `Sec-Fetch-Site` nor `Origin` (not a browser, or not
    ///    cross-origin);
    /// 4. it carries no `Sec-Fetch-Site`, and the host and port of `Origin` are the
    ///    request's authority (here the `Host` header; [`Policy::decide_request`] reads the
    ///    URI's first), case and default ports aside: an older browser on the same origin.
    ///
    /// A policy with `dangerously_allow_cross_origin_writes` lets every such request
    /// through.
    ///
    /// ```
    /// use cors_runtime::{policy, Decision, Policy, Refusal};
    /// use http::{HeaderMap, HeaderValue, Method};
    ///
    /// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET, PUT]);
    ///
    /// let mut request = HeaderMap::new();
    /// request.insert("origin", HeaderValue::from_static("https://app.example.com"));
    /// request.insert("access-control-request-method", HeaderValue::from_static("DELETE"));
    /// let decision = API.decide(&Method::OPTIONS, &request);
    /// assert!(decision.is_preflight());
    /// assert_eq!(decision.refusal(), Some(Refusal::MethodNotAllowed));
    /// ```
    pub fn decide<'p>(&'p self, method: &Method, headers: &HeaderMap) -> Decision<'p> {
        self.decide_bytes(&HttpRequest::new(method, None, headers))
            .owned()
    }

    /// [`Policy::decide`] for a whole request: the guard on writes and WebSocket
    /// handshakes compares `Origin` with the URI's authority (an HTTP/2 request carries
    /// it there), or with `Host` when the URI has none. This is what [`CorsLayer`] and
    /// `route![...]` call.
    ///
    /// [`CorsLayer`]: https://docs.rs/cors-runtime/latest/cors_runtime/struct.CorsLayer.html
    ///
    /// ```
    /// use cors_runtime::{policy, Decision, Policy};
    ///
    /// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [POST]);
    ///
    /// // A browser without `Sec-Fetch-Site`, on the API's own origin.
    /// let request = http::Request::post("https://api.example.com/orders")
    ///     .header("origin", "https://api.example.com")
    ///     .body(())
    ///     .unwrap();
    /// assert!(matches!(API.decide_request(&request), Decision::Actual(_)));
    ///
    /// // The same request from another site.
    /// let request = http::Request::post("https://api.example.com/orders")
    ///     .header("origin", "https://evil.example.net")
    ///     .body(())
    ///     .unwrap();
    /// assert!(matches!(API.decide_request(&request), Decision::Untrusted(_)));
    /// ```
    pub fn decide_request<'p, B>(&'p self, request: &http::Request<B>) -> Decision<'p> {
        self.decide_bytes(&HttpRequest::of(request)).owned()
    }

    /// The decision core: every framework's request, read as bytes through
    /// [`Request`]. A reflected `Origin` is a reference to the request's own line:
    /// [`Decision::owned`] clones it into a decision that outlives the request.
    ///
    /// Inlined into each caller (a few: the layer, `route!`, actix-web, `decide`): called,
    /// it returned the decision through memory, read back by the caller before the
    /// writes had landed.
    #[inline(always)]
    pub(crate) fn decide_bytes<'p, 'r, R: Request>(
        &'p self,
        request: &'r R,
    ) -> Decision<'p, &'r R::Value> {
        // Read once: a policy whose origins are resolved at startup keeps them behind a
        // `OnceLock`.
        let allowed = self.origins();
        let method = request.method();
        let mut origins = work::counted(Counter::OriginLines, request.lines(Name::Origin));
        let origin = origins.next();
        // A second line is enough to refuse: the rest are never read.
        let duplicate = origins.next().is_some();
        if let (Some(origin), b"OPTIONS") = (origin, method) {
            let mut requested =
                work::counted(Counter::MethodLines, request.lines(Name::RequestMethod));
            if let Some(first) = requested.next() {
                // A second line makes the request method invalid, not absent.
                let single = requested.next().is_none().then_some(first);
                return Decision::Preflight(
                    self.decide_preflight(allowed, origin, duplicate, single, request),
                );
            }
        }
        let actual = self.decide_actual(allowed, origin, duplicate);
        // An allowed origin (rule 2 of the guard: the policy's own, compiler-checked
        // list) is trusted already: the guard is not even called, so an allowed request
        // pays one branch for it.
        if self.guard && actual.allow.is_none() {
            let untrusted = crate::guard::untrusted(request, origin, duplicate);
            if let Some(refusal) = untrusted {
                // Logged once, with the guard's reason.
                return Decision::Untrusted(Untrusted {
                    policy: self,
                    refusal: refused_bytes(refusal, origin.map_or(&b""[..], |o| o.bytes()), method),
                    vary: actual.vary,
                });
            }
        }
        if let (Some(refusal), Some(origin)) = (actual.refusal, origin) {
            refused(refusal, origin, b"");
        }
        Decision::Actual(actual)
    }

    /// `allowed`: the policy's origins, `None` when their resolution failed (nothing is
    /// allowed).
    fn decide_actual<V: Value + Copy>(
        &self,
        allowed: Option<&Origins>,
        origin: Option<V>,
        duplicate: bool,
    ) -> Actual<'_, V> {
        let (allow, refusal) = match (allowed, origin) {
            (Some(Origins::Any), _) => (Some(AllowOrigin::Any), None),
            (_, None) => (None, None),
            (_, Some(origin)) => match check_origin(self, allowed, origin, duplicate) {
                Ok(allow) => (Some(allow), None),
                Err(refusal) => (None, Some(refusal)),
            },
        };
        Actual {
            policy: self,
            allow,
            refusal,
            vary: !matches!(allowed, Some(Origins::Any)),
        }
    }

    /// The checks of a preflight, in order: origin, requested method, requested headers.
    /// Written straight, each refusal returned where it is found and the answer built
    /// once where it is returned: built in closures and copied out, it cost a third of
    /// the decision's time in stalls on the copies.
    #[inline(always)]
    fn decide_preflight<'r, R: Request>(
        &self,
        allowed: Option<&Origins>,
        origin: &'r R::Value,
        duplicate: bool,
        requested_method: Option<&R::Value>,
        request: &'r R,
    ) -> Preflight<'_, &'r R::Value> {
        let vary = !matches!(allowed, Some(Origins::Any));
        let refused_with = |refusal| Preflight {
            policy: self,
            allow: None,
            refusal: Some(refusal),
            send_methods: false,
            send_headers: false,
            vary,
        };
        let allow = match check_origin(self, allowed, origin, duplicate) {
            Ok(allow) => allow,
            Err(refusal) => return refused_with(refused(refusal, origin, b"")),
        };
        let method = match self.check_request_method(origin, requested_method) {
            Ok(method) => method,
            Err(refusal) => return refused_with(refusal),
        };
        let send_headers = match self.check_request_headers(origin, request) {
            Ok(send_headers) => send_headers,
            Err(refusal) => return refused_with(refusal),
        };
        Preflight {
            policy: self,
            allow: Some(allow),
            refusal: None,
            send_methods: !matches!(method, b"GET" | b"HEAD" | b"POST"),
            send_headers,
            vary,
        }
    }

    /// The single, valid, allowed method of `Access-Control-Request-Method`.
    fn check_request_method<'h, V: Value>(
        &self,
        origin: &V,
        requested: Option<&'h V>,
    ) -> Result<&'h [u8], Refusal> {
        let Some(value) = requested else {
            return Err(refused(Refusal::InvalidRequestMethod, origin, b""));
        };
        let method = value.bytes();
        // The usual case first: a simple or listed method is a token by construction.
        if self.methods.lists(method) {
            return Ok(method);
        }
        if !is_token(method) {
            return Err(refused(Refusal::InvalidRequestMethod, origin, method));
        }
        if !self.methods.any {
            return Err(refused(Refusal::MethodNotAllowed, origin, method));
        }
        Ok(method)
    }

    /// Checks every name of `Access-Control-Request-Headers`, over all its field lines;
    /// `Ok(true)` when at least one name was requested.
    ///
    /// The work is bounded by the caps: the bytes of the lines as Fetch combines them
    /// (so each line, even an empty one, costs at least the two bytes of `, `), and the
    /// number of names. A line is measured before it is scanned.
    fn check_request_headers<R: Request>(
        &self,
        origin: &R::Value,
        request: &R,
    ) -> Result<bool, Refusal> {
        let mut lines = work::counted(
            Counter::RequestHeaderLines,
            request.lines(Name::RequestHeaders),
        );
        let Some(first) = lines.next() else {
            return Ok(false);
        };
        let first = first.bytes();
        // The first line has no separator before it.
        let mut bytes = first.len();
        let mut names = 0usize;
        // The usual preflight first: one name, listed, as browsers write it (no list, no
        // spaces). Compared whole: the same answer as the split below, at a fraction of
        // its cost.
        if bytes <= MAX_REQUEST_HEADERS_BYTES
            && !has_comma(first)
            && self.allow_headers.lists(first)
        {
            work::count(Counter::RequestHeaderElements);
            names = 1;
        } else {
            self.check_request_header_line(origin, first, bytes, &mut names)?;
        }
        for value in lines {
            let value = value.bytes();
            bytes += LINE_SEPARATOR_BYTES + value.len();
            self.check_request_header_line(origin, value, bytes, &mut names)?;
        }
        Ok(names > 0)
    }

    /// Checks the names of one line of `Access-Control-Request-Headers`, `bytes` the
    /// size of the lines so far, this one included, and `names` the names so far.
    fn check_request_header_line<V: Value>(
        &self,
        origin: &V,
        value: &[u8],
        bytes: usize,
        names: &mut usize,
    ) -> Result<(), Refusal> {
        if bytes > MAX_REQUEST_HEADERS_BYTES {
            return Err(refused(Refusal::RequestHeadersTooLarge, origin, b""));
        }
        let elements = work::counted(Counter::RequestHeaderElements, value.split(|&b| b == b','));
        for name in elements {
            let name = name.trim_ascii();
            if name.is_empty() {
                continue;
            }
            *names += 1;
            if *names > MAX_REQUEST_HEADERS_NAMES {
                return Err(refused(Refusal::RequestHeadersTooLarge, origin, b""));
            }
            // The usual case first: a listed name is a token by construction.
            if self.allow_headers.lists(name) {
                continue;
            }
            if !is_token(name) {
                return Err(refused(Refusal::InvalidRequestHeaders, origin, name));
            }
            if !self.allow_headers.allows_unlisted(name) {
                return Err(refused(Refusal::RequestHeaderNotAllowed, origin, name));
            }
        }
        Ok(())
    }
}

/// Whether `origin` (the only `Origin` line unless `duplicate`) is one of `allowed` (or of
/// `policy`'s live set). The caller logs a refusal: an actual request refused by the guard
/// logs the guard's reason alone.
fn check_origin<V: Value + Copy>(
    policy: &Policy,
    allowed: Option<&Origins>,
    origin: V,
    duplicate: bool,
) -> Result<AllowOrigin<V>, Refusal> {
    if duplicate {
        return Err(Refusal::DuplicateOrigin);
    }
    match policy.match_origin_in(allowed, origin.bytes()) {
        Some(by) => Ok(AllowOrigin::new(by, origin)),
        None => Err(Refusal::OriginNotAllowed),
    }
}

/// Logs a refusal (feature `tracing`) and returns it.
fn refused<V: Value>(refusal: Refusal, origin: &V, detail: &[u8]) -> Refusal {
    refused_bytes(refusal, origin.bytes(), detail)
}

/// [`refused`], for a request that may have no `Origin` (`b""`).
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn refused_bytes(refusal: Refusal, origin: &[u8], detail: &[u8]) -> Refusal {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        reason = refusal.as_str(),
        origin = %String::from_utf8_lossy(origin),
        detail = %String::from_utf8_lossy(detail),
        "CORS: {refusal}"
    );
    refusal
}
