//! [`Refusal`]: why a policy refused a request, the words every part of the runtime logs
//! and returns.

use core::fmt;

/// Why a policy refused a request. Printed by `Display` as one sentence.
///
/// ```
/// use cors_runtime::Refusal;
///
/// assert_eq!(Refusal::OriginNotAllowed.to_string(), "origin not allowed by the policy");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Refusal {
    /// The request carried more than one `Origin` header.
    DuplicateOrigin,
    /// The `Origin` value is neither a configured origin nor matched by a pattern (this
    /// includes `null`, values with a path or uppercase letters, and non-ASCII bytes).
    OriginNotAllowed,
    /// `Access-Control-Request-Method` is repeated or not a valid method token.
    InvalidRequestMethod,
    /// The requested method is not listed in the policy.
    MethodNotAllowed,
    /// `Access-Control-Request-Headers` holds something that is not a header name.
    InvalidRequestHeaders,
    /// A requested header name is not allowed by the policy.
    RequestHeaderNotAllowed,
    /// `Access-Control-Request-Headers` is longer, or lists more names, than any browser
    /// sends.
    RequestHeadersTooLarge,
    /// An unsafe request (any method but `GET`, `HEAD`, `OPTIONS`: what a cross-site form
    /// or a "simple" `fetch` sends without a preflight) that is not trusted: refused
    /// before the handler. See [`Policy::decide`](crate::Policy::decide) for who is trusted.
    UntrustedWrite,
    /// A WebSocket handshake (a `GET` with `Upgrade: websocket` or `Sec-WebSocket-Key`,
    /// which browsers never preflight) that is not trusted: refused before the handler.
    UntrustedWebSocket,
}

impl Refusal {
    /// A short, stable, machine-readable name (`"origin_not_allowed"`, ...).
    ///
    /// ```
    /// assert_eq!(cors_runtime::Refusal::MethodNotAllowed.as_str(), "method_not_allowed");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Refusal::DuplicateOrigin => "duplicate_origin",
            Refusal::OriginNotAllowed => "origin_not_allowed",
            Refusal::InvalidRequestMethod => "invalid_request_method",
            Refusal::MethodNotAllowed => "method_not_allowed",
            Refusal::InvalidRequestHeaders => "invalid_request_headers",
            Refusal::RequestHeaderNotAllowed => "request_header_not_allowed",
            Refusal::RequestHeadersTooLarge => "request_headers_too_large",
            Refusal::UntrustedWrite => "untrusted_write",
            Refusal::UntrustedWebSocket => "untrusted_websocket_handshake",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::DuplicateOrigin => "more than one Origin header",
            Refusal::OriginNotAllowed => "origin not allowed by the policy",
            Refusal::InvalidRequestMethod => {
                "Access-Control-Request-Method is not a single method token"
            }
            Refusal::MethodNotAllowed => "requested method not allowed by the policy",
            Refusal::InvalidRequestHeaders => {
                "Access-Control-Request-Headers holds an invalid header name"
            }
            Refusal::RequestHeaderNotAllowed => "requested header not allowed by the policy",
            Refusal::RequestHeadersTooLarge => "Access-Control-Request-Headers is too large",
            Refusal::UntrustedWrite => {
                "untrusted write: an unsafe method from a site the policy does not allow"
            }
            Refusal::UntrustedWebSocket => {
                "untrusted WebSocket handshake: from a site the policy does not allow"
            }
        })
    }
}
