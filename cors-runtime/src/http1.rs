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
    method: &'r Method,
    /// The URI's authority, if it has one.
    authority: Option<&'r [u8]>,
    headers: &'r HeaderMap,
    /// The first line of `Origin`, ACRM and ACRH (in that order), found in one pass over
    /// a small map.
    found: [Option<&'r HeaderValue>; 3],
    /// Bit `i` set: the pass found no second line of field `i`, so `found[i]` is all of
    /// its lines. No bit set: no pass (the others are read from the map).
    single: u8,
}

impl<'r> HttpRequest<'r> {
    /// Past this many fields, the map is searched by lookups (three at most) rather
    /// than one pass. (A browser's preflight, 13 to 16 fields, was measured both ways:
    /// the pass runs fewer instructions than the lookups of an allowed preflight and as
    /// many as those of a refused one, but was no faster, and slower on refused ones.)
    const MAX_SCAN: usize = 6;

    /// `headers` of a request with `method`, and its URI's `authority` (if any).
    #[inline]
    pub(crate) fn new(
        method: &'r Method,
        authority: Option<&'r [u8]>,
        headers: &'r HeaderMap,
    ) -> Self {
        // A small `OPTIONS` request (a preflight from a client with few fields) has its
        // `Origin`, ACRM and ACRH found in one pass rather than three lookups.
        let (found, single) = if *method == Method::OPTIONS && headers.len() <= Self::MAX_SCAN {
            scan(headers)
        } else {
            ([None; 3], 0)
        };
        HttpRequest {
            method,
            authority,
            headers,
            found,
            single,
        }
    }

    /// A whole request: its URI's authority is read by the guard.
    #[inline]
    pub(crate) fn of<B>(request: &'r http::Request<B>) -> Self {
        Self::new(
            request.method(),
            request.uri().authority().map(|a| a.as_str().as_bytes()),
            request.headers(),
        )
    }
}

/// The first line of `Origin`, ACRM and ACRH, and the bits of those with no second line,
/// found in one pass over `headers`. (Kept in registers until the request view is built
/// from them: written into it one by one and then moved whole, they stalled the
/// processor longer than the pass takes.)
#[inline]
fn scan(headers: &HeaderMap) -> ([Option<&HeaderValue>; 3], u8) {
    let (mut origin, mut method, mut names) = (None, None, None);
    let mut more = 0u8;
    // Each found value in a variable of its own (an array indexed by the name would
    // live in memory): `value` is the first line of its field, or `bit` marks a second.
    #[inline(always)]
    fn note<'a>(
        found: &mut Option<&'a HeaderValue>,
        value: &'a HeaderValue,
        more: &mut u8,
        bit: u8,
    ) {
        match found {
            None => *found = Some(value),
            Some(_) => *more |= bit,
        }
    }
    for (name, value) in headers {
        if *name == ORIGIN {
            note(&mut origin, value, &mut more, 1);
        } else if *name == ACCESS_CONTROL_REQUEST_METHOD {
            note(&mut method, value, &mut more, 2);
        } else if *name == ACCESS_CONTROL_REQUEST_HEADERS {
            note(&mut names, value, &mut more, 4);
        }
    }
    ([origin, method, names], !more & 0b111)
}

/// The lines of one field: found in a pass, or read from the map.
pub(crate) enum Lines<'a> {
    Found(Option<&'a HeaderValue>),
    Map(ValueIter<'a, HeaderValue>),
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a HeaderValue;

    #[inline]
    fn next(&mut self) -> Option<&'a HeaderValue> {
        match self {
            Lines::Found(line) => line.take(),
            Lines::Map(lines) => lines.next(),
        }
    }
}

impl Request for HttpRequest<'_> {
    type Value = HeaderValue;
    type Lines<'a>
        = Lines<'a>
    where
        Self: 'a;

    #[inline]
    fn method(&self) -> &[u8] {
        self.method.as_str().as_bytes()
    }

    #[inline(always)]
    fn lines(&self, name: Name) -> Self::Lines<'_> {
        let scanned = match name {
            Name::Origin => Some(0),
            Name::RequestMethod => Some(1),
            Name::RequestHeaders => Some(2),
            _ => None,
        };
        if let Some(i) = scanned
            && self.single & (1 << i) != 0
        {
            return Lines::Found(self.found[i]);
        }
        let lines: GetAll<'_, HeaderValue> = match name {
            Name::Origin => self.headers.get_all(ORIGIN),
            Name::RequestMethod => self.headers.get_all(ACCESS_CONTROL_REQUEST_METHOD),
            Name::RequestHeaders => self.headers.get_all(ACCESS_CONTROL_REQUEST_HEADERS),
            Name::FetchSite => self.headers.get_all(SEC_FETCH_SITE),
            Name::Upgrade => self.headers.get_all(UPGRADE),
            Name::WebSocketKey => self.headers.get_all(SEC_WEBSOCKET_KEY),
            Name::Host => self.headers.get_all(HOST),
        };
        Lines::Map(lines.iter())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every way of finding the lines (the pass over a small map, the lookups in a larger
    /// one, a second line found by the pass) yields the map's own lines, in order.
    #[test]
    fn lines_are_the_maps_lines() {
        let names = [
            ORIGIN,
            ACCESS_CONTROL_REQUEST_METHOD,
            ACCESS_CONTROL_REQUEST_HEADERS,
        ];
        for fields in 0..=HttpRequest::MAX_SCAN + 4 {
            for pattern in 0..27u32 {
                let mut headers = HeaderMap::new();
                for i in 0..fields {
                    headers.append(
                        HeaderName::from_bytes(format!("x-other-{i}").as_bytes()).unwrap(),
                        HeaderValue::from_static("v"),
                    );
                }
                // Each of the three fields: absent, one line, or two lines, the second
                // after the others.
                let counts = [pattern % 3, pattern / 3 % 3, pattern / 9 % 3];
                for (name, &count) in names.iter().zip(&counts) {
                    if count > 0 {
                        headers.append(name.clone(), HeaderValue::from_static("first"));
                    }
                }
                for (name, &count) in names.iter().zip(&counts) {
                    if count > 1 {
                        headers.append(name.clone(), HeaderValue::from_static("second"));
                    }
                }
                for method in [Method::OPTIONS, Method::GET] {
                    let request = HttpRequest::new(&method, None, &headers);
                    for (wire, name) in [Name::Origin, Name::RequestMethod, Name::RequestHeaders]
                        .into_iter()
                        .zip(&names)
                    {
                        let found: Vec<&HeaderValue> = request.lines(wire).collect();
                        let expected: Vec<&HeaderValue> = headers.get_all(name).iter().collect();
                        assert_eq!(found, expected, "{fields} fields, {counts:?}, {name}");
                    }
                }
            }
        }
    }
}
