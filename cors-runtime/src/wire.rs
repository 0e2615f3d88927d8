//! What the decision core reads of a request and writes into a response, as bytes, so one
//! core serves every framework: [`Request`] (the method, the header lines the Fetch and
//! WebSocket rules read, the authority) and [`Sink`] (the response headers a decision
//! writes, removes or merges). The `http` 1.x adapter (tower, axum, `testing`) and the
//! actix-web one implement them; neither decides anything.
//!
//! It stands on the policy's data alone.

use crate::policy::Policy;
use crate::values::Field;

/// A header value as a framework holds it: its bytes, and a clone that shares its buffer
/// (a reflected `Origin` is kept that way until the response is written).
pub(crate) trait Value: Clone {
    /// The value's bytes.
    fn bytes(&self) -> &[u8];
}

/// A reference to a request's own value, which a decision holds while the request lives.
impl<V: Value> Value for &V {
    #[inline]
    fn bytes(&self) -> &[u8] {
        (**self).bytes()
    }
}

/// The request header fields the core reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Name {
    /// `Origin`.
    Origin,
    /// `Access-Control-Request-Method`.
    RequestMethod,
    /// `Access-Control-Request-Headers`.
    RequestHeaders,
    /// `Sec-Fetch-Site`.
    FetchSite,
    /// `Upgrade`.
    Upgrade,
    /// `Sec-WebSocket-Key`.
    WebSocketKey,
    /// `Host`.
    Host,
}

/// A request, as the core reads it.
pub(crate) trait Request {
    /// The framework's header value.
    type Value: Value;
    /// The field lines of one name, in the order they came.
    type Lines<'a>: Iterator<Item = &'a Self::Value>
    where
        Self: 'a;

    /// The method's bytes (`GET`, `OPTIONS`, an extension method as sent).
    fn method(&self) -> &[u8];

    /// Every field line of `name`.
    fn lines(&self, name: Name) -> Self::Lines<'_>;

    /// The authority of the request's URI, if it has one (an HTTP/2 request, or an
    /// absolute-form target); the guard then reads `Host`.
    fn authority(&self) -> Option<&[u8]>;
}

/// The response header fields the core writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Out {
    /// `Access-Control-Allow-Origin`.
    AllowOrigin,
    /// `Access-Control-Allow-Credentials`.
    AllowCredentials,
    /// `Access-Control-Expose-Headers`.
    ExposeHeaders,
    /// `Access-Control-Allow-Methods`.
    AllowMethods,
    /// `Access-Control-Allow-Headers`.
    AllowHeaders,
    /// `Access-Control-Max-Age`.
    MaxAge,
}

/// What a sink is asked to write.
#[derive(Clone)]
pub(crate) enum Emit<'p, V> {
    /// The request's own `Origin` value.
    Reflect(V),
    /// `*`.
    Star,
    /// `true`.
    True,
    /// A value of the policy, made once (at compile time for a policy the macros laid
    /// out).
    Policy(&'p Policy, Field),
}

/// A response's headers, as the core writes them.
pub(crate) trait Sink {
    /// The framework's header value.
    type Value: Value;

    /// How many field lines the response has.
    fn len(&self) -> usize;

    /// Whether a line of `Vary` or of any CORS response header is present, in one pass
    /// over the names: `(cors, vary)`.
    fn scan(&self) -> (bool, bool);

    /// Whether a `Vary` line lists `Origin` or `*`.
    fn varies_by_origin(&self) -> bool;

    /// Sets `name` to `value`, replacing any line of it.
    fn insert(&mut self, name: Out, value: Emit<'_, Self::Value>);

    /// Removes every line of `name`.
    fn remove(&mut self, name: Out);

    /// Appends a `Vary: Origin` line.
    fn append_vary_origin(&mut self);
}

impl Out {
    /// Every field the core writes: the CORS response headers.
    pub(crate) const ALL: [Out; 6] = [
        Out::AllowOrigin,
        Out::AllowCredentials,
        Out::ExposeHeaders,
        Out::AllowMethods,
        Out::AllowHeaders,
        Out::MaxAge,
    ];
}

/// [`Sink::scan`] over a framework's header names: whether one is a CORS response header
/// (`is(name, out)` for one of [`Out::ALL`]) and whether one is `Vary`.
#[inline]
pub(crate) fn scan<K>(
    names: impl Iterator<Item = K>,
    is_vary: impl Fn(&K) -> bool,
    is: impl Fn(&K, Out) -> bool,
) -> (bool, bool) {
    let (mut cors, mut vary) = (false, false);
    for name in names {
        if is_vary(&name) {
            vary = true;
        } else if Out::ALL.iter().any(|&out| is(&name, out)) {
            cors = true;
        }
    }
    (cors, vary)
}

/// Whether a `Vary` value lists `Origin` (any case) or `*`.
pub(crate) fn lists_origin(value: &[u8]) -> bool {
    value.split(|&b| b == b',').any(|item| {
        let item = item.trim_ascii();
        item == b"*" || item.eq_ignore_ascii_case(b"origin")
    })
}
