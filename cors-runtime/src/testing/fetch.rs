//! A reference model of the browser side of the Fetch standard's CORS protocol
//! (fetch.spec.whatwg.org): what `fetch(url, {method, headers, credentials})` from a page
//! sends, and whether the page's script gets to read the response.
//!
//! Written from the standard, section by section:
//! - method: a token, not a forbidden method (CONNECT, TRACE, TRACK), "normalized"
//!   (DELETE, GET, HEAD, OPTIONS, POST, PUT upper-cased; anything else kept as written);
//! - headers: forbidden request-headers are dropped silently (`Headers` guard
//!   "request"), invalid names throw;
//! - CORS-safelisted methods (GET, HEAD, POST) and request-headers (accept,
//!   accept-language, content-language, content-type with the three form essences,
//!   a simple range; values of at most 128 bytes and 1024 in total) need no preflight;
//! - CORS-preflight fetch: `OPTIONS` with `Origin`, ACRM and, when there are unsafe
//!   names, ACRH (their sorted lower-case set, joined by `,`); success needs the CORS
//!   check, an ok status (200-299), parsable ACAM/ACAH, the method listed (or `*` for a
//!   request without credentials, or safelisted), `authorization` listed by name, every
//!   other unsafe name listed (or `*` without credentials);
//! - CORS check: ACAO (all lines combined with `, `) is `*` for a request without
//!   credentials, or equals the serialized origin byte for byte; with credentials ACAC
//!   must be exactly `true`.
//!
//! One diagnosis goes beyond a console's words: a preflight answered with a status that
//! is not ok and no `Access-Control-*` header at all was answered by something outside
//! the CORS policy (an authentication layer in front of it, the router's `405`), and
//! [`Blocked::PreflightWithoutCors`] says so.
//!
//! The Fetch Metadata headers (`Sec-Fetch-*`), `Host`, same-origin requests, forms and
//! WebSocket handshakes are [`Browser`](super::Browser)'s: these steps are the CORS
//! protocol alone.
//!
//! No preflight cache: every fetch is a fresh browser.
//!
//! These are the steps [`Browser`](super::Browser) takes; the crate's own model-based
//! tests drive them directly. Not covered by any stability promise.

use core::fmt;
use http::header::{
    ACCEPT, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, HeaderName, ORIGIN, VARY,
};

use http::{HeaderMap, HeaderValue, Method, StatusCode};

/// A call `fetch(url, {method, headers, credentials: "include" | "same-origin"})` made
/// by a page whose serialized origin is `origin`.
#[derive(Debug, Clone)]
pub struct Fetch {
    /// The page's serialized origin.
    pub origin: String,
    /// The method the script asked for, as written.
    pub method: String,
    /// The headers the script set, as written.
    pub headers: Vec<(String, String)>,
    /// Credentials mode `include` (otherwise `same-origin`, which sends none cross-origin).
    pub credentials: bool,
}

/// What the browser is about to send.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The normalized method.
    pub method: String,
    /// The header list after dropping forbidden request-headers.
    pub headers: Vec<(String, String)>,
    /// CORS-unsafe request-header names: sorted, lower-case, no duplicates.
    pub unsafe_names: Vec<String>,
    /// Whether a CORS-preflight request goes first.
    pub preflight: bool,
}

/// The response the page's request got.
#[derive(Debug)]
pub struct Reply {
    /// Its status.
    pub status: StatusCode,
    /// Its headers.
    pub headers: HeaderMap,
}

/// Why the script cannot read the response: the step of the Fetch standard that failed.
/// `Display` says it the way a browser console does.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Blocked {
    /// `fetch` threw before sending anything: an invalid or forbidden method, an invalid
    /// header.
    TypeError(&'static str),
    /// No `Access-Control-Allow-Origin` (on the preflight's response when `preflight`).
    NoAllowOrigin {
        /// On the preflight's response.
        preflight: bool,
    },
    /// `Access-Control-Allow-Origin` holds another value than the page's origin.
    AllowOriginMismatch {
        /// On the preflight's response.
        preflight: bool,
        /// The value received (all lines combined).
        value: String,
    },
    /// `Access-Control-Allow-Origin: *` on a request with credentials.
    WildcardWithCredentials {
        /// On the preflight's response.
        preflight: bool,
    },
    /// A request with credentials, without `Access-Control-Allow-Credentials: true`.
    CredentialsNotAllowed {
        /// On the preflight's response.
        preflight: bool,
        /// The value received, if any.
        value: Option<String>,
    },
    /// The preflight's status is not 200-299.
    PreflightStatus(StatusCode),
    /// The preflight's status is not 200-299 and its response carries no
    /// `Access-Control-*` header at all: something outside the CORS policy answered it
    /// (an authentication layer in front of the policy, the router's `405`, ...). A
    /// policy's own refusal of a preflight (`403 Forbidden` varying on `Origin`) is not
    /// this.
    ///
    /// ```
    /// use axum::{body::Body, http::{Request, StatusCode}, routing::put, Router};
    /// use cors_runtime::testing::{Blocked, Browser};
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// // No CORS policy on the route: axum answers the preflight `405`.
    /// let app: Router = Router::new().route("/orders", put(|| async { "saved" }));
    /// let request = Request::put("/orders").body(Body::empty()).unwrap();
    /// let outcome = Browser::new("https://app.example.com").fetch(&app, request).await;
    /// assert_eq!(
    ///     outcome.blocked(),
    ///     Some(&Blocked::PreflightWithoutCors(StatusCode::METHOD_NOT_ALLOWED))
    /// );
    /// assert!(outcome.to_string().contains(
    ///     "It does not have HTTP ok status (405 Method Not Allowed), and it carries no \
    ///      Access-Control-* header at all"
    /// ));
    /// # });
    /// ```
    PreflightWithoutCors(StatusCode),
    /// `Access-Control-Allow-Methods` or `-Allow-Headers` is not a list of tokens.
    UnparsableList(String),
    /// The method is not listed in `Access-Control-Allow-Methods` (nor covered by `*`).
    MethodNotAllowed(String),
    /// A request header is not listed in `Access-Control-Allow-Headers` (nor covered by
    /// `*`, which never covers `authorization`).
    HeaderNotAllowed(String),
    /// The service failed to answer (its error, as debug text): `fetch` rejects with a
    /// network error.
    NetworkError(String),
    /// A form submission or a WebSocket handshake the server refused with
    /// `403 Forbidden`, before its handler: what a cross-origin write or WebSocket guard
    /// (such as a policy's, for origins it does not trust) answers.
    ///
    /// ```
    /// use axum::{body::Body, http::Request, routing::post, Router};
    /// use cors_runtime::testing::{Blocked, Browser};
    /// use cors_runtime::{policy, CorsLayer, Policy};
    ///
    /// static API: Policy = policy!(origins = ["https://app.example.com"], methods = [POST]);
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let app: Router = Router::new()
    ///     .route("/orders", post(|| async { "created" }))
    ///     .layer(CorsLayer::new(&API));
    /// let form = Request::post("/orders").body(Body::from("item=1")).unwrap();
    /// let outcome = Browser::new("https://evil.example").submit_form(&app, form).await;
    /// assert_eq!(outcome.blocked(), Some(&Blocked::RefusedByServer));
    /// # });
    /// ```
    RefusedByServer,
}

impl Blocked {
    /// A short, stable name of the step that failed.
    pub fn as_str(&self) -> &'static str {
        match self {
            Blocked::TypeError(what) => what,
            Blocked::NoAllowOrigin { preflight: false } => "no Access-Control-Allow-Origin",
            Blocked::NoAllowOrigin { preflight: true } => {
                "preflight: no Access-Control-Allow-Origin"
            }
            Blocked::AllowOriginMismatch {
                preflight: false, ..
            }
            | Blocked::WildcardWithCredentials { preflight: false } => {
                "Access-Control-Allow-Origin does not match"
            }
            Blocked::AllowOriginMismatch {
                preflight: true, ..
            }
            | Blocked::WildcardWithCredentials { preflight: true } => {
                "preflight: Access-Control-Allow-Origin does not match"
            }
            Blocked::CredentialsNotAllowed {
                preflight: false, ..
            } => "credentials not allowed",
            Blocked::CredentialsNotAllowed {
                preflight: true, ..
            } => "preflight: credentials not allowed",
            Blocked::PreflightStatus(_) => "preflight: status not ok",
            Blocked::PreflightWithoutCors(_) => "preflight: answered outside the CORS policy",
            Blocked::UnparsableList(_) => "unparsable list",
            Blocked::MethodNotAllowed(_) => "preflight: method not allowed",
            Blocked::HeaderNotAllowed(name) if name == "authorization" => {
                "preflight: authorization not listed"
            }
            Blocked::HeaderNotAllowed(_) => "preflight: header not allowed",
            Blocked::NetworkError(_) => "network error",
            Blocked::RefusedByServer => "refused by the server",
        }
    }
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let preflight = |p: bool| {
            if p {
                "Response to preflight request doesn't pass access control check: "
            } else {
                ""
            }
        };
        match self {
            Blocked::TypeError(what) => write!(f, "fetch threw before sending: {what}"),
            Blocked::NoAllowOrigin { preflight: p } => write!(
                f,
                "{}No 'Access-Control-Allow-Origin' header is present on the requested resource.",
                preflight(*p)
            ),
            Blocked::AllowOriginMismatch {
                preflight: p,
                value,
            } => write!(
                f,
                "{}The 'Access-Control-Allow-Origin' header has a value '{value}' that is not \
                 equal to the supplied origin.",
                preflight(*p)
            ),
            Blocked::WildcardWithCredentials { preflight: p } => write!(
                f,
                "{}The value of the 'Access-Control-Allow-Origin' header in the response must \
                 not be the wildcard '*' when the request's credentials mode is 'include'.",
                preflight(*p)
            ),
            Blocked::CredentialsNotAllowed {
                preflight: p,
                value,
            } => write!(
                f,
                "{}The value of the 'Access-Control-Allow-Credentials' header in the response \
                 is '{}' which must be 'true' when the request's credentials mode is 'include'.",
                preflight(*p),
                value.as_deref().unwrap_or("")
            ),
            Blocked::PreflightStatus(status) => write!(
                f,
                "Response to preflight request doesn't pass access control check: It does not \
                 have HTTP ok status ({status})."
            ),
            Blocked::PreflightWithoutCors(status) => write!(
                f,
                "Response to preflight request doesn't pass access control check: It does not \
                 have HTTP ok status ({status}), and it carries no Access-Control-* header at \
                 all: {}",
                outside_hint(*status)
            ),
            Blocked::UnparsableList(name) => write!(
                f,
                "Response to preflight request doesn't pass access control check: \
                 '{name}' is not a comma-separated list of tokens."
            ),
            Blocked::MethodNotAllowed(method) => write!(
                f,
                "Method {method} is not allowed by Access-Control-Allow-Methods in preflight \
                 response."
            ),
            Blocked::NetworkError(error) => write!(f, "the service failed: {error}"),
            Blocked::RefusedByServer => {
                f.write_str("the server refused it with 403 Forbidden before its handler ran")
            }
            Blocked::HeaderNotAllowed(name) => {
                write!(
                    f,
                    "Request header field {name} is not allowed by \
                     Access-Control-Allow-Headers in preflight response."
                )?;
                if name == "authorization" {
                    f.write_str(" ('*' never covers authorization: it must be listed by name.)")?;
                }
                Ok(())
            }
        }
    }
}

/// What most likely answered a preflight with `status` and no CORS header, and what to do.
fn outside_hint(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 | 403 | 407 => {
            "a layer outside the CORS policy (authentication?) answered the preflight; put \
             the CORS layer outside it."
        }
        404 | 405 => {
            "no CORS policy answered the preflight, the router did: apply the CORS layer to \
             this route (`Router::layer`, `MethodRouter::layer` or `route!`, not \
             `MethodRouter::route_layer`), outside every other layer."
        }
        _ => {
            "something outside the CORS policy answered the preflight; put the CORS layer \
             outside every other layer."
        }
    }
}

/// Whether `headers` hold any `Access-Control-*` header.
pub(super) fn has_cors_header(headers: &HeaderMap) -> bool {
    headers
        .keys()
        .any(|name| name.as_str().starts_with("access-control-"))
}

/// Whether `Vary` lists `Origin`: a CORS policy's own answer, allowed or not.
fn varies_on_origin(headers: &HeaderMap) -> bool {
    headers
        .get_all(VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|name| {
            name.trim_matches([' ', '\t'])
                .eq_ignore_ascii_case("origin")
        })
}

fn is_token(s: &str) -> bool {
    crate::token::is_token(s.as_bytes())
}

/// Fetch's "normalize a method".
pub fn normalize_method(method: &str) -> String {
    for m in ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"] {
        if method.eq_ignore_ascii_case(m) {
            return m.to_owned();
        }
    }
    method.to_owned()
}

fn is_forbidden_method(method: &str) -> bool {
    ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|m| method.eq_ignore_ascii_case(m))
}

/// Fetch's "forbidden request-header".
pub fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    const NAMES: [&str; 21] = [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    let name = name.to_ascii_lowercase();
    if NAMES.contains(&name.as_str()) || name.starts_with("proxy-") || name.starts_with("sec-") {
        return true;
    }
    matches!(
        name.as_str(),
        "x-http-method" | "x-http-method-override" | "x-method-override"
    ) && value.split(',').any(|m| is_forbidden_method(m.trim()))
}

/// A "CORS-unsafe request-header byte".
fn is_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != 0x09) || b"\"():<>?@[\\]{}\x7f".contains(&b)
}

/// Fetch's "CORS-safelisted request-header".
pub fn is_safelisted_request_header(name: &str, value: &str) -> bool {
    if value.len() > 128 {
        return false;
    }
    match name.to_ascii_lowercase().as_str() {
        "accept" => !value.bytes().any(is_unsafe_byte),
        "accept-language" | "content-language" => value.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=')
        }),
        "content-type" => {
            if value.bytes().any(is_unsafe_byte) {
                return false;
            }
            // The essence of the parsed MIME type.
            let essence = value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            matches!(
                essence.as_str(),
                "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
            )
        }
        "range" => {
            // A simple range header value: `bytes=start-[end]`, start present, start <= end.
            let Some(range) = value.strip_prefix("bytes=") else {
                return false;
            };
            let Some((start, end)) = range.split_once('-') else {
                return false;
            };
            let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
            if start.is_empty() || !digits(start) || !digits(end) {
                return false;
            }
            end.is_empty() || start.parse::<u128>().ok() <= end.parse::<u128>().ok()
        }
        _ => false,
    }
}

/// Fetch's "CORS-unsafe request-header names".
pub fn unsafe_names(headers: &[(String, String)]) -> Vec<String> {
    let mut unsafe_names = Vec::new();
    let mut potentially_unsafe = Vec::new();
    let mut safelist_size = 0;
    for (name, value) in headers {
        if is_safelisted_request_header(name, value) {
            potentially_unsafe.push(name.clone());
            safelist_size += value.len();
        } else {
            unsafe_names.push(name.clone());
        }
    }
    if safelist_size > 1024 {
        unsafe_names.extend(potentially_unsafe);
    }
    let mut names: Vec<String> = unsafe_names
        .iter()
        .map(|n| n.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// What `fetch` sends, or `Err` when it throws before sending anything.
pub fn prepare(fetch: &Fetch) -> Result<Prepared, Blocked> {
    if !is_token(&fetch.method) {
        return Err(Blocked::TypeError("TypeError: invalid method"));
    }
    if is_forbidden_method(&fetch.method) {
        return Err(Blocked::TypeError("TypeError: forbidden method"));
    }
    let method = normalize_method(&fetch.method);
    let mut headers = Vec::new();
    for (name, value) in &fetch.headers {
        if !is_token(name) || HeaderValue::from_str(value).is_err() {
            return Err(Blocked::TypeError("TypeError: invalid header"));
        }
        if !is_forbidden_request_header(name, value) {
            headers.push((name.clone(), value.clone()));
        }
    }
    let unsafe_names = unsafe_names(&headers);
    let preflight = !matches!(method.as_str(), "GET" | "HEAD" | "POST") || !unsafe_names.is_empty();
    Ok(Prepared {
        method,
        headers,
        unsafe_names,
        preflight,
    })
}

/// Fetch's "get": every line of `name`, combined with `, `.
fn get(headers: &HeaderMap, name: &HeaderName) -> Option<Vec<u8>> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    let mut combined = first.as_bytes().to_vec();
    for v in values {
        combined.extend_from_slice(b", ");
        combined.extend_from_slice(v.as_bytes());
    }
    Some(combined)
}

/// Fetch's "CORS check" of a response (of the preflight when `preflight`).
pub fn cors_check(
    origin: &str,
    credentials: bool,
    headers: &HeaderMap,
    preflight: bool,
) -> Result<(), Blocked> {
    let Some(allow_origin) = get(headers, &ACCESS_CONTROL_ALLOW_ORIGIN) else {
        return Err(Blocked::NoAllowOrigin { preflight });
    };
    if !credentials && allow_origin == b"*" {
        return Ok(());
    }
    if allow_origin != origin.as_bytes() {
        return Err(if allow_origin == b"*" {
            Blocked::WildcardWithCredentials { preflight }
        } else {
            Blocked::AllowOriginMismatch {
                preflight,
                value: String::from_utf8_lossy(&allow_origin).into_owned(),
            }
        });
    }
    if !credentials {
        return Ok(());
    }
    match get(headers, &ACCESS_CONTROL_ALLOW_CREDENTIALS) {
        Some(value) if value == b"true" => Ok(()),
        value => Err(Blocked::CredentialsNotAllowed {
            preflight,
            value: value.map(|v| String::from_utf8_lossy(&v).into_owned()),
        }),
    }
}

/// Fetch's "extract header list values" for a `#token` header: `Ok(empty)` when absent,
/// `Err` when an element is not a token.
fn extract_tokens(headers: &HeaderMap, name: &HeaderName) -> Result<Vec<String>, Blocked> {
    let Some(value) = get(headers, name) else {
        return Ok(Vec::new());
    };
    let unparsable = || Blocked::UnparsableList(name.as_str().to_owned());
    let value = String::from_utf8(value).map_err(|_| unparsable())?;
    let mut items = Vec::new();
    for item in value.split(',') {
        let item = item.trim_matches([' ', '\t']);
        if item.is_empty() {
            continue;
        }
        if !is_token(item) {
            return Err(unparsable());
        }
        items.push(item.to_owned());
    }
    Ok(items)
}

/// The preflight request for `prepared`.
pub fn preflight_request(fetch: &Fetch, prepared: &Prepared) -> (Method, HeaderMap) {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
    headers.insert(
        ORIGIN,
        HeaderValue::from_str(&fetch.origin).expect("an origin"),
    );
    headers.insert(
        ACCESS_CONTROL_REQUEST_METHOD,
        HeaderValue::from_str(&prepared.method).expect("a token"),
    );
    if !prepared.unsafe_names.is_empty() {
        headers.insert(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_str(&prepared.unsafe_names.join(",")).expect("tokens"),
        );
    }
    (Method::OPTIONS, headers)
}

/// Whether the preflight's response lets the actual request go.
///
/// A non-ok status on a response without any `Access-Control-*` header is reported
/// first, as [`Blocked::PreflightWithoutCors`] (the CORS check fails too, but the status
/// says who answered), unless it is a policy's own refusal (`403` varying on `Origin`).
pub fn preflight_check(fetch: &Fetch, prepared: &Prepared, reply: &Reply) -> Result<(), Blocked> {
    let policy_answered = has_cors_header(&reply.headers)
        || (reply.status == StatusCode::FORBIDDEN && varies_on_origin(&reply.headers));
    if !reply.status.is_success() && !policy_answered {
        return Err(Blocked::PreflightWithoutCors(reply.status));
    }
    cors_check(&fetch.origin, fetch.credentials, &reply.headers, true)?;
    if !reply.status.is_success() {
        return Err(Blocked::PreflightStatus(reply.status));
    }
    let methods = extract_tokens(&reply.headers, &ACCESS_CONTROL_ALLOW_METHODS)?;
    let names = extract_tokens(&reply.headers, &ACCESS_CONTROL_ALLOW_HEADERS)?;
    let method = &prepared.method;
    if !methods.contains(method)
        && !matches!(method.as_str(), "GET" | "HEAD" | "POST")
        && (fetch.credentials || !methods.iter().any(|m| m == "*"))
    {
        return Err(Blocked::MethodNotAllowed(method.clone()));
    }
    let listed = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    for (name, _) in &prepared.headers {
        if name.eq_ignore_ascii_case("authorization") && !listed(name) {
            return Err(Blocked::HeaderNotAllowed("authorization".into()));
        }
    }
    for name in &prepared.unsafe_names {
        if !listed(name) && (fetch.credentials || !names.iter().any(|n| n == "*")) {
            return Err(Blocked::HeaderNotAllowed(name.clone()));
        }
    }
    Ok(())
}

/// The actual request.
pub fn actual_request(fetch: &Fetch, prepared: &Prepared) -> (Method, HeaderMap) {
    let mut headers = HeaderMap::new();
    headers.insert(
        ORIGIN,
        HeaderValue::from_str(&fetch.origin).expect("an origin"),
    );
    for (name, value) in &prepared.headers {
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).expect("a token"),
            HeaderValue::from_str(value).expect("a value"),
        );
    }
    let method = Method::from_bytes(prepared.method.as_bytes()).expect("a token");
    (method, headers)
}

/// Runs `fetch` against `send` (which answers one request, or fails the test with a
/// message): `Ok(Ok(()))` when the script can read the response.
pub fn run(
    fetch: &Fetch,
    prepared: &Prepared,
    send: &mut dyn FnMut(Method, HeaderMap) -> Result<Reply, String>,
) -> Result<Result<(), Blocked>, String> {
    if prepared.preflight {
        let (method, headers) = preflight_request(fetch, prepared);
        let reply = send(method, headers)?;
        if let Err(blocked) = preflight_check(fetch, prepared, &reply) {
            return Ok(Err(blocked));
        }
    }
    let (method, headers) = actual_request(fetch, prepared);
    let reply = send(method, headers)?;
    Ok(cors_check(
        &fetch.origin,
        fetch.credentials,
        &reply.headers,
        false,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| ((*n).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn safelisted_headers() {
        assert!(
            unsafe_names(&h(&[("Accept", "*/*"), ("content-type", "text/plain;x=y")])).is_empty()
        );
        assert_eq!(
            unsafe_names(&h(&[("content-type", "application/json")])),
            ["content-type"]
        );
        assert_eq!(
            unsafe_names(&h(&[("X-B", "1"), ("x-a", "2"), ("x-b", "3")])),
            ["x-a", "x-b"]
        );
        assert_eq!(unsafe_names(&h(&[("range", "bytes=-5")])), ["range"]);
        assert!(unsafe_names(&h(&[("range", "bytes=5-")])).is_empty());
        let long = "a".repeat(120);
        let many: Vec<(&str, &str)> = (0..9).map(|_| ("accept-language", long.as_str())).collect();
        assert_eq!(unsafe_names(&h(&many)), ["accept-language"]);
    }

    #[test]
    fn methods_and_forbidden_headers() {
        assert_eq!(normalize_method("delete"), "DELETE");
        assert_eq!(normalize_method("patch"), "patch");
        assert!(is_forbidden_request_header("Sec-Foo", ""));
        assert!(is_forbidden_request_header(
            "x-http-method-override",
            "GET, trace"
        ));
        assert!(!is_forbidden_request_header(
            "x-http-method-override",
            "PATCH"
        ));
    }

    #[test]
    fn cors_check_rules() {
        let mut headers = HeaderMap::new();
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        assert!(cors_check("https://a", false, &headers, false).is_ok());
        assert!(cors_check("https://a", true, &headers, false).is_err());
        headers.insert(
            ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("https://a"),
        );
        assert!(cors_check("https://a", true, &headers, false).is_err());
        headers.insert(
            ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("TRUE"),
        );
        assert!(cors_check("https://a", true, &headers, false).is_err());
        headers.insert(
            ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        assert!(cors_check("https://a", true, &headers, false).is_ok());
        headers.append(
            ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("https://a"),
        );
        assert!(cors_check("https://a", false, &headers, false).is_err());
    }
}
