//! Fuzz inputs: how bytes become a request, and the checks run on each one.
//!
//! Format of a `decide` input (every byte string is a valid input):
//!
//! - byte 0: the case (index into [`ALL`], modulo its length);
//! - byte 1: the method (index into [`METHODS`]; past its end, the method is taken from
//!   a `7` chunk, `OPTIONS` when there is none or it is not a valid method);
//! - the rest: chunks separated by `\n`, a byte that no header value may hold. The first
//!   byte of a chunk says what the rest of it is:
//!   `0`, `1`: an `Origin` line; `2`: an ACRM line; `3`, `4`: an ACRH line;
//!   `5`: a `Vary` line the handler already set; `6`: a CORS header the handler set on
//!   its own (the next byte picks which); `7`: the method's bytes; `9`: a
//!   `Sec-Fetch-Site` line; `10`: an `Upgrade` line; `11`: `Sec-WebSocket-Key`; `12`:
//!   `Host` (the kind byte is taken modulo 13); `8`: an unrelated request header
//!   (`x-other`). Values `HeaderValue::from_bytes` refuses are
//!   skipped.
//!
//! An `origin` input is the raw `Origin` value itself, tried against every case.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, HOST, HeaderName, ORIGIN,
    SEC_WEBSOCKET_KEY, UPGRADE, VARY,
};
use http::{HeaderMap, HeaderValue, Method};

use cors_runtime::Decision;

use super::cases::{ALL, Case};
use super::wire::{self, Seen};

/// Methods selectable by byte 1.
pub const METHODS: &[&str] = &[
    "OPTIONS", "OPTIONS", "OPTIONS", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "PURGE",
];

/// CORS response headers a handler may (wrongly) set itself, picked by a `6` chunk.
const HANDLER_SET: [HeaderName; 6] = [
    ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_ALLOW_CREDENTIALS,
    ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_HEADERS,
    ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_EXPOSE_HEADERS,
];

/// A decoded `decide` input.
#[derive(Debug)]
pub struct Exchange {
    pub case: &'static Case,
    pub method: Method,
    pub request: HeaderMap,
    /// Headers the handler's response carries before the policy writes its own.
    pub handler: HeaderMap,
}

/// Decodes a `decide` input; `None` when it is shorter than two bytes.
pub fn decode(data: &[u8]) -> Option<Exchange> {
    let (&case, rest) = data.split_first()?;
    let (&method, rest) = rest.split_first()?;
    let case = ALL[usize::from(case) % ALL.len()];
    let mut request = HeaderMap::new();
    let mut handler = HeaderMap::new();
    let mut custom_method = None;
    for chunk in rest.split(|&b| b == b'\n') {
        let Some((&kind, value)) = chunk.split_first() else {
            continue;
        };
        let kind = kind % 13;
        if kind == 7 {
            custom_method = Method::from_bytes(value).ok();
            continue;
        }
        let (map, name, value) = match kind {
            0 | 1 => (&mut request, ORIGIN, value),
            2 => (&mut request, ACCESS_CONTROL_REQUEST_METHOD, value),
            3 | 4 => (&mut request, ACCESS_CONTROL_REQUEST_HEADERS, value),
            5 => (&mut handler, VARY, value),
            6 => match value.split_first() {
                Some((&which, value)) => (
                    &mut handler,
                    HANDLER_SET[usize::from(which) % HANDLER_SET.len()].clone(),
                    value,
                ),
                None => continue,
            },
            9 => (
                &mut request,
                HeaderName::from_static("sec-fetch-site"),
                value,
            ),
            10 => (&mut request, UPGRADE, value),
            11 => (&mut request, SEC_WEBSOCKET_KEY, value),
            12 => (&mut request, HOST, value),
            _ => (&mut request, HeaderName::from_static("x-other"), value),
        };
        if let Ok(value) = HeaderValue::from_bytes(value) {
            map.append(name, value);
        }
    }
    let method = match METHODS.get(usize::from(method) % (METHODS.len() + 1)) {
        Some(m) => Method::from_bytes(m.as_bytes()).expect("a method"),
        None => custom_method.unwrap_or(Method::OPTIONS),
    };
    Some(Exchange {
        case,
        method,
        request,
        handler,
    })
}

/// Encodes an exchange (for seeds and tests): `chunks` are `(kind, value)` as above.
pub fn encode(case: usize, method: u8, chunks: &[(u8, &[u8])]) -> Vec<u8> {
    let mut data = vec![u8::try_from(case).expect("case index"), method];
    for (i, (kind, value)) in chunks.iter().enumerate() {
        if i > 0 {
            data.push(b'\n');
        }
        data.push(*kind);
        data.extend_from_slice(value);
    }
    data
}

/// Decides `exchange`, writes its headers, and checks every invariant.
pub fn check_exchange(exchange: &Exchange) -> Result<Seen, String> {
    let Exchange {
        case,
        method,
        request,
        handler,
    } = exchange;
    let spec = case.spec();
    let policy = case.policy;
    let decision = policy.decide(method, request);
    // The twins (origins read at startup, built by `Policy::builder()`) decide and write
    // alike.
    for twin in [case.env(), case.built()] {
        let twin = twin.decide(method, request);
        if (twin.refusal(), written(&twin, handler))
            != (decision.refusal(), written(&decision, handler))
        {
            return Err("a twin decided differently".into());
        }
    }
    if decision.is_preflight() != wire::is_preflight(method, request) {
        return Err(format!("is_preflight {}", decision.is_preflight()));
    }
    let origins = wire::values(request, &ORIGIN);
    match decision {
        Decision::Preflight(preflight) => {
            let allowed = preflight.is_allowed();
            if allowed != preflight.refusal().is_none() {
                return Err(format!(
                    "allowed {allowed}, refusal {:?}",
                    preflight.refusal()
                ));
            }
            let mut written = HeaderMap::new();
            preflight.write_headers(&mut written);
            // Built in the request's own header map, as the layers build it: nothing of
            // the request may survive into the response.
            let reused: http::Response<()> =
                preflight.clone().into_response_reusing(request.clone());
            let response: http::Response<()> = preflight.into_response();
            if response.headers() != &written {
                return Err("into_response and write_headers disagree".into());
            }
            if reused.headers() != &written || reused.status() != response.status() {
                return Err("into_response_reusing and into_response disagree".into());
            }
            wire::check(
                spec,
                method,
                request,
                Some(response.status()),
                response.headers(),
                (0, false),
            )
        }
        Decision::Actual(actual) => {
            let allowed = actual.is_allowed();
            let refusal = actual.refusal();
            if allowed && refusal.is_some() {
                return Err(format!("allowed with refusal {refusal:?}"));
            }
            if !spec.any_origin && refusal.is_some() == (allowed || origins.is_empty()) {
                return Err(format!(
                    "refusal {refusal:?} for allowed {allowed}, {} Origin lines",
                    origins.len()
                ));
            }
            if let ([one], false) = (origins.as_slice(), spec.any_origin)
                && policy.allows_origin(one) != allowed
            {
                return Err(format!("allows_origin disagrees with decide ({allowed})"));
            }
            let handler_vary = wire::vary_origin(handler);
            let mut response = handler.clone();
            actual.write_headers(&mut response);
            wire::check(spec, method, request, None, &response, handler_vary)
        }
        Decision::Untrusted(untrusted) => {
            let response: http::Response<()> = untrusted.into_response();
            wire::check(
                spec,
                method,
                request,
                Some(response.status()),
                response.headers(),
                (0, false),
            )
        }
    }
}

/// The headers `decision` writes: into an empty map for a preflight, into the handler's
/// response otherwise.
fn written(decision: &Decision<'_>, handler: &HeaderMap) -> HeaderMap {
    match decision {
        Decision::Preflight(preflight) => {
            let mut headers = HeaderMap::new();
            preflight.write_headers(&mut headers);
            headers
        }
        Decision::Actual(actual) => {
            let mut headers = handler.clone();
            actual.write_headers(&mut headers);
            headers
        }
        Decision::Untrusted(untrusted) => {
            let mut headers = HeaderMap::new();
            untrusted.write_headers(&mut headers);
            headers
        }
    }
}

fn fail(what: &str, data: &[u8], message: &str) -> ! {
    panic!(
        "{what} input {data:02x?} ({:?}): {message}",
        String::from_utf8_lossy(data)
    );
}

/// The `decide` fuzz target: decodes `data`, decides, writes, checks. Panics on a
/// violated invariant.
pub fn run(data: &[u8]) -> Option<Seen> {
    let exchange = decode(data)?;
    match check_exchange(&exchange) {
        Ok(seen) => Some(seen),
        Err(message) => fail(
            "decide",
            data,
            &format!("case {}, {exchange:?}: {message}", exchange.case.name),
        ),
    }
}

/// The `origin` fuzz target: `data` as the `Origin` value of an actual request and of a
/// preflight, for every case; and `allows_origin(data)` against the oracle even when no
/// header value could carry it. Panics on a violated invariant.
pub fn run_origin(data: &[u8]) {
    for case in ALL {
        let spec = case.spec();
        let verdict = spec.origin(data);
        let allowed = case.policy.allows_origin(data);
        if !verdict.admits(allowed) {
            fail(
                "origin",
                data,
                &format!(
                    "case {}: allows_origin {allowed}, oracle {verdict:?}",
                    case.name
                ),
            );
        }
        let Ok(value) = HeaderValue::from_bytes(data) else {
            continue;
        };
        for (method, acrm) in [(Method::GET, None), (Method::OPTIONS, Some("PUT"))] {
            let mut request = HeaderMap::new();
            request.insert(ORIGIN, value.clone());
            if let Some(acrm) = acrm {
                request.insert(
                    ACCESS_CONTROL_REQUEST_METHOD,
                    HeaderValue::from_static(acrm),
                );
            }
            let exchange = Exchange {
                case,
                method,
                request,
                handler: HeaderMap::new(),
            };
            if let Err(message) = check_exchange(&exchange) {
                fail("origin", data, &format!("case {}: {message}", case.name));
            }
        }
    }
}
