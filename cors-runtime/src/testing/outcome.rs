//! [`Outcome`]: what the page's script got.

use core::fmt;

use http::header::ACCESS_CONTROL_EXPOSE_HEADERS;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};

use super::fetch::{Blocked, Reply};

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

/// What a page's `fetch` came to: whether its script gets the response, and what of it it
/// may read. `Display` explains a block the way a browser console does: which check failed
/// and which header was missing or wrong.
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
    origin: String,
    method: Method,
    uri: Uri,
    credentials: bool,
    pub(super) preflighted: bool,
    /// The actual response's status and headers, if the actual request was sent.
    response: Option<(StatusCode, HeaderMap)>,
    result: Result<(), Blocked>,
}

impl Outcome {
    pub(super) fn new(origin: &str, method: &Method, uri: &Uri, credentials: bool) -> Self {
        Outcome {
            origin: origin.to_owned(),
            method: method.clone(),
            uri: uri.clone(),
            credentials,
            preflighted: false,
            response: None,
            result: Ok(()),
        }
    }

    pub(super) fn block(mut self, blocked: Blocked) -> Self {
        self.result = Err(blocked);
        self
    }

    pub(super) fn response(mut self, reply: Reply, checked: Result<(), Blocked>) -> Self {
        self.response = Some((reply.status, reply.headers));
        self.result = checked;
        self
    }

    /// Whether the script gets the response (otherwise `fetch` rejects with a network
    /// error).
    pub fn is_allowed(&self) -> bool {
        self.result.is_ok()
    }

    /// Whether a preflight (`OPTIONS`) went first.
    pub fn was_preflighted(&self) -> bool {
        self.preflighted
    }

    /// The status of the actual response, if the actual request was sent: `None` when
    /// `fetch` threw or the preflight failed. A blocked response's status is kept for the
    /// test's sake; the script never sees it.
    pub fn status(&self) -> Option<StatusCode> {
        self.response.as_ref().map(|(status, _)| *status)
    }

    /// Why the script does not get the response, if it does not.
    pub fn blocked(&self) -> Option<&Blocked> {
        self.result.as_ref().err()
    }

    /// The value of response header `name` as the script reads it
    /// (`response.headers.get(name)`): `None` when it is blocked, absent, or not exposed.
    /// A script reads the CORS-safelisted response headers (`content-type`, ...), those
    /// `Access-Control-Expose-Headers` names, and every header when it holds `*` and the
    /// request had no credentials; never `set-cookie`. Several lines come back joined by
    /// `, `.
    pub fn readable_header(&self, name: &str) -> Option<HeaderValue> {
        let (_, headers) = self.response.as_ref().filter(|_| self.is_allowed())?;
        let name = name.to_ascii_lowercase();
        if name == "set-cookie" || name == "set-cookie2" {
            return None;
        }
        let exposed = headers
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
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let with = if self.credentials {
            " with credentials"
        } else {
            ""
        };
        match &self.result {
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
            Err(blocked) => write!(
                f,
                "Access to fetch at '{}' ({}{with}) from origin '{}' has been blocked by CORS \
                 policy: {blocked}",
                self.uri, self.method, self.origin
            ),
        }
    }
}
