//! [`Outcome`]: what the page's script got, or what the server did with a form or a
//! WebSocket handshake.

use core::fmt;

use http::header::ACCESS_CONTROL_EXPOSE_HEADERS;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};

use super::fetch::{self, Blocked, Reply};
use super::site::Site;

/// Response headers a script may always read, once the response passed the CORS check
/// (Fetch's CORS-safelisted response-header names).
const SAFELISTED: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// What a page's call came to ([`Outcome::kind`] says which call).
///
/// For a `fetch`: whether its script gets the response, and what of it it may read.
/// `Display` explains a block the way a browser console does: which check failed and
/// which header was missing or wrong.
///
/// For a form submission or a WebSocket handshake (which CORS does not govern): whether
/// the server refused it with `403 Forbidden`, as a cross-origin write or WebSocket
/// guard does for an origin its policy does not trust, or let it through to the handler,
/// and with which status. `Display` says which, with the `Origin` and `Sec-Fetch-Site`
/// the browser sent.
///
/// ```
/// use axum::{body::Body, http::Request, routing::get, Router};
/// use cors_runtime::testing::Browser;
/// use cors_runtime::{policy, CorsLayer, Policy};
///
/// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [GET]);
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let app: Router = Router::new()
///     .route("/orders", get(|| async { "[]" }))
///     .layer(CorsLayer::new(&API));
/// let request = Request::get("/orders").header("x-trace", "1").body(Body::empty()).unwrap();
/// let outcome = Browser::new("https://app.example.com").fetch(&app, request).await;
/// // `x-trace` is not allowed: the policy refuses the preflight (403, no CORS headers).
/// assert!(!outcome.is_allowed() && outcome.was_preflighted());
/// assert_eq!(outcome.status(), None);
/// assert!(outcome.to_string().ends_with(
///     "Response to preflight request doesn't pass access control check: \
///      No 'Access-Control-Allow-Origin' header is present on the requested resource."
/// ));
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct Outcome {
    kind: Kind,
    origin: String,
    method: Method,
    uri: Uri,
    credentials: bool,
    site: Site,
    /// The `Origin` header of the (actual) request, if it carried one.
    sent_origin: Option<String>,
    /// Whether the request was a CORS request (a cross-origin `fetch`): otherwise the
    /// response is not checked, and a script reads every header of it.
    cors: bool,
    pub(super) preflighted: bool,
    /// The actual response's status and headers, if the actual request was sent.
    response: Option<(StatusCode, HeaderMap)>,
    result: Result<(), Blocked>,
}

/// Which call an [`Outcome`] is of.
///
/// ```
/// use axum::{body::Body, http::Request, routing::get, Router};
/// use cors_runtime::testing::{Browser, Kind};
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let app: Router = Router::new().route("/live", get(|| async { "hello" }));
/// let tab = Browser::new("https://app.example.com");
/// let live = || Request::get("/live").body(Body::empty()).unwrap();
/// assert_eq!(tab.fetch(&app, live()).await.kind(), Kind::Fetch);
/// assert_eq!(tab.submit_form(&app, live()).await.kind(), Kind::Form);
/// assert_eq!(tab.open_websocket(&app, live()).await.kind(), Kind::WebSocket);
/// # });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// `fetch(...)`: [`Browser::fetch`](super::Browser::fetch) or
    /// [`Browser::fetch_with_credentials`](super::Browser::fetch_with_credentials).
    Fetch,
    /// An HTML form submission: [`Browser::submit_form`](super::Browser::submit_form).
    Form,
    /// A WebSocket handshake: [`Browser::open_websocket`](super::Browser::open_websocket).
    WebSocket,
}

impl Outcome {
    pub(super) fn new(
        kind: Kind,
        origin: &str,
        method: &Method,
        uri: &Uri,
        credentials: bool,
        site: Site,
    ) -> Self {
        Outcome {
            kind,
            origin: origin.to_owned(),
            method: method.clone(),
            uri: uri.clone(),
            credentials,
            site,
            sent_origin: None,
            cors: kind == Kind::Fetch && site != Site::SameOrigin,
            preflighted: false,
            response: None,
            result: Ok(()),
        }
    }

    pub(super) fn block(mut self, blocked: Blocked) -> Self {
        self.result = Err(blocked);
        self
    }

    /// Records the `Origin` the request carried (`headers` of the request sent).
    pub(super) fn sent(&mut self, headers: &HeaderMap) {
        self.sent_origin = headers
            .get(http::header::ORIGIN)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    }

    pub(super) fn response(mut self, reply: Reply, checked: Result<(), Blocked>) -> Self {
        self.response = Some((reply.status, reply.headers));
        self.result = checked;
        self
    }

    /// Which call this is of: a `fetch`, a form submission or a WebSocket handshake.
    ///
    /// ```
    /// use axum::{body::Body, http::Request, routing::post, Router};
    /// use cors_runtime::testing::{Browser, Kind};
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let app: Router = Router::new().route("/notes", post(|| async { "noted" }));
    /// let form = Request::post("/notes").body(Body::from("text=hi")).unwrap();
    /// let outcome = Browser::new("https://app.example.com").submit_form(&app, form).await;
    /// assert_eq!(outcome.kind(), Kind::Form);
    /// # });
    /// ```
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The `Sec-Fetch-Site` the browser sent (or would have sent, when nothing was sent):
    /// `cross-site` for a relative request URI, otherwise from the page's origin and the
    /// URI's.
    ///
    /// ```
    /// use axum::{body::Body, http::Request, routing::get, Router};
    /// use cors_runtime::testing::{Browser, Site};
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let app: Router = Router::new().route("/orders", get(|| async { "[]" }));
    /// let request = Request::get("https://shop.example.com/orders").body(Body::empty()).unwrap();
    /// let outcome = Browser::new("https://www.example.com").fetch(&app, request).await;
    /// assert_eq!(outcome.site(), Site::SameSite);
    /// # });
    /// ```
    pub fn site(&self) -> Site {
        self.site
    }

    /// The `Origin` header the request carried (a preflight and its actual request carry
    /// the same), if any: the page's origin on every CORS request and on every request whose method
    /// is not `GET` or `HEAD` (a form's `POST`), and on every WebSocket handshake; `null`
    /// for an opaque page, and for a form an `https` page posts to a plain `http` URL
    /// (the default referrer policy hides the origin on a downgrade).
    ///
    /// ```
    /// use axum::{body::Body, http::Request, routing::any, Router};
    /// use cors_runtime::testing::Browser;
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let app: Router = Router::new().route("/search", any(|| async { "found" }));
    /// let tab = Browser::new("https://app.example.com");
    /// let get = Request::get("/search?q=cors").body(Body::empty()).unwrap();
    /// assert_eq!(tab.submit_form(&app, get).await.origin_sent(), None);
    /// let post = Request::post("/search").body(Body::from("q=cors")).unwrap();
    /// assert_eq!(tab.submit_form(&app, post).await.origin_sent(), Some("https://app.example.com"));
    /// # });
    /// ```
    pub fn origin_sent(&self) -> Option<&str> {
        self.sent_origin.as_deref()
    }

    /// For a `fetch`: whether the script gets the response (otherwise `fetch` rejects
    /// with a network error). For a form or a WebSocket handshake: whether the server let
    /// it through to the handler, that is did not refuse it with `403 Forbidden` (and
    /// answered at all).
    pub fn is_allowed(&self) -> bool {
        self.result.is_ok()
    }

    /// Whether a preflight (`OPTIONS`) went first. Never for a form, a WebSocket
    /// handshake or a same-origin `fetch`.
    pub fn was_preflighted(&self) -> bool {
        self.preflighted
    }

    /// The status of the actual response, if the actual request was sent: `None` when
    /// `fetch` threw or the preflight failed. A blocked response's status is kept for the
    /// test's sake; the script never sees it.
    pub fn status(&self) -> Option<StatusCode> {
        self.response.as_ref().map(|(status, _)| *status)
    }

    /// Why the script does not get the response (or why the server refused the form or
    /// the handshake), if it does not.
    pub fn blocked(&self) -> Option<&Blocked> {
        self.result.as_ref().err()
    }

    /// The value of response header `name` as the script reads it
    /// (`response.headers.get(name)`): `None` when it is blocked, absent, or not exposed.
    /// A script reads the CORS-safelisted response headers (`content-type`, ...), those
    /// `Access-Control-Expose-Headers` names, and every header when it holds `*` and the
    /// request had no credentials; never `set-cookie`. Several lines come back joined by
    /// `, `. The response to a same-origin `fetch` is not a CORS response: every header
    /// but `set-cookie` is readable. Always `None` for a form (the page navigates away)
    /// and a WebSocket handshake (no script reads its headers).
    pub fn readable_header(&self, name: &str) -> Option<HeaderValue> {
        if self.kind != Kind::Fetch {
            return None;
        }
        let (_, headers) = self.response.as_ref().filter(|_| self.is_allowed())?;
        let name = name.to_ascii_lowercase();
        if name == "set-cookie" || name == "set-cookie2" {
            return None;
        }
        let exposed = !self.cors
            || headers
                .get_all(ACCESS_CONTROL_EXPOSE_HEADERS)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(|n| n.trim_matches([' ', '\t']))
                .any(|n| n.eq_ignore_ascii_case(&name) || (n == "*" && !self.credentials));
        if !exposed && !SAFELISTED.contains(&name.as_str()) {
            return None;
        }
        let mut values = headers.get_all(name.as_str()).iter();
        let first = values.next()?;
        let mut joined = first.as_bytes().to_vec();
        for value in values {
            joined.extend_from_slice(b", ");
            joined.extend_from_slice(value.as_bytes());
        }
        HeaderValue::from_bytes(&joined).ok()
    }

    /// `(Origin: ..., Sec-Fetch-Site: ..., Sec-Fetch-Mode: ...)`: what the browser told
    /// the server about where the request came from.
    fn context(&self, mode: &str) -> String {
        let origin = match &self.sent_origin {
            Some(origin) => format!("Origin: {origin}"),
            None => "no Origin".to_owned(),
        };
        format!(
            "({origin}, Sec-Fetch-Site: {}, Sec-Fetch-Mode: {mode})",
            self.site
        )
    }

    /// What to change so that the server trusts the page: list its origin, unless the
    /// browser sent `Origin: null`, which no policy can list.
    fn advice(&self, may: &str) -> String {
        if self.sent_origin.as_deref() != Some("null") {
            format!(
                "list '{}' in the policy's origins if it may {may}",
                self.origin
            )
        } else if self.origin == "null" {
            "the page's origin is opaque (a sandboxed iframe, a `file:` or `data:` page), so \
             the browser sent `Origin: null`, which no policy can list"
                .to_owned()
        } else {
            "the browser sent `Origin: null` (the default referrer policy hides the origin \
             when an `https` page sends a form to a plain `http` URL), which no policy can \
             list: serve the endpoint over `https`"
                .to_owned()
        }
    }

    /// `Display` of a `fetch`.
    fn fmt_fetch(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let with = if self.credentials {
            " with credentials"
        } else {
            ""
        };
        match &self.result {
            Ok(()) if !self.cors => write!(
                f,
                "{} {} from origin '{}'{with}: same-origin, not a CORS request: allowed, \
                 status {}",
                self.method,
                self.uri,
                self.origin,
                self.status().map_or_else(String::new, |s| s.to_string())
            ),
            Ok(()) => write!(
                f,
                "{} {} from origin '{}'{with}: allowed{}, status {}",
                self.method,
                self.uri,
                self.origin,
                if self.preflighted {
                    " after a preflight"
                } else {
                    ""
                },
                self.status().map_or_else(String::new, |s| s.to_string())
            ),
            Err(Blocked::TypeError(what)) => write!(
                f,
                "{} {} from origin '{}': fetch threw before sending anything ({what})",
                self.method, self.uri, self.origin
            ),
            Err(blocked) => {
                write!(
                    f,
                    "Access to fetch at '{}' ({}{with}) from origin '{}' has been blocked by \
                     CORS policy: {blocked}",
                    self.uri, self.method, self.origin
                )?;
                self.fmt_guard_note(f)
            }
        }
    }

    /// After a blocked `fetch` whose unsafe request got `403 Forbidden` without any CORS
    /// header: most likely a cross-origin write guard, which refuses before the handler.
    fn fmt_guard_note(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((status, headers)) = &self.response else {
            return Ok(());
        };
        let unsafe_method = !matches!(self.method.as_str(), "GET" | "HEAD" | "OPTIONS");
        if *status != StatusCode::FORBIDDEN || fetch::has_cors_header(headers) || !unsafe_method {
            return Ok(());
        }
        write!(
            f,
            " The server answered {status} with no Access-Control-* header {}: a \
             cross-origin write guard such as this crate's answers so, before the handler \
             runs, to an unsafe request (any method but GET, HEAD, OPTIONS) from an origin \
             the policy does not trust.",
            self.context("cors")
        )
    }

    /// `Display` of a form submission.
    fn fmt_form(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let context = self.context("navigate");
        write!(
            f,
            "Form submission {} {} from origin '{}' {context}",
            self.method, self.uri, self.origin
        )?;
        match &self.result {
            Ok(()) => write!(
                f,
                ": reached the handler, which answered {}",
                self.status().map_or_else(String::new, |s| s.to_string())
            ),
            Err(Blocked::RefusedByServer) if self.method == Method::GET => f.write_str(
                ": refused by the server with 403 Forbidden. A GET form is not a write: no \
                 cross-origin write guard refuses it; something else did (authentication, \
                 or the handler itself).",
            ),
            Err(Blocked::RefusedByServer) => write!(
                f,
                ": refused by the server with 403 Forbidden, before its handler ran. A \
                 cross-origin write guard such as this crate's refuses writes (any method but \
                 GET, HEAD, OPTIONS) from origins the policy does not trust: {}; or, for an \
                 endpoint that must take writes from sites it cannot list, set \
                 `dangerously_allow_cross_origin_writes`.",
                self.advice("write here")
            ),
            Err(blocked) => write!(f, ": {blocked}"),
        }
    }

    /// `Display` of a WebSocket handshake.
    fn fmt_websocket(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let context = self.context("websocket");
        match &self.result {
            Ok(()) => {
                let status = self.status().unwrap_or_default();
                write!(
                    f,
                    "WebSocket handshake to '{}' from origin '{}' {context}: reached the \
                     handler, which answered {status}",
                    self.uri, self.origin
                )?;
                if status != StatusCode::SWITCHING_PROTOCOLS {
                    f.write_str(
                        " (101 Switching Protocols is only possible over a real connection: \
                         in process there is none to upgrade, and axum's `WebSocketUpgrade` \
                         answers 426 Upgrade Required)",
                    )?;
                }
                Ok(())
            }
            Err(Blocked::RefusedByServer) => write!(
                f,
                "WebSocket connection to '{}' failed: Error during WebSocket handshake: \
                 Unexpected response code: 403. The handshake from origin '{}' {context} was \
                 refused by the server with 403 Forbidden, before its handler ran. Browsers \
                 never preflight a WebSocket, so a cross-origin WebSocket guard such as this \
                 crate's refuses handshakes from origins the policy does not trust: {}.",
                self.uri,
                self.origin,
                self.advice("connect")
            ),
            Err(blocked) => write!(
                f,
                "WebSocket connection to '{}' from origin '{}' {context} failed: {blocked}",
                self.uri, self.origin
            ),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::Fetch => self.fmt_fetch(f),
            Kind::Form => self.fmt_form(f),
            Kind::WebSocket => self.fmt_websocket(f),
        }
    }
}
