//! Fuzz inputs: how bytes become a request, and the checks run on each one.
//!
//! Format of a `decide` input (every byte string is a valid input):
//!
//! - byte 0: the case. A byte of [`NEW_CASE_BYTES`] picks one of the cases added since
//!   the format was first used (`ALL[CASES_BEFORE_SPEC_10..]`, in turn); any other byte
//!   `b` picks `ALL[b % CASES_BEFORE_SPEC_10]`, as it always did;
//! - byte 1: the method (index into [`METHODS`]; past its end, the method is taken from
//!   a `7` chunk, `OPTIONS` when there is none or it is not a valid method);
//! - the rest: chunks separated by `\n`, a byte that no header value may hold. The first
//!   byte of a chunk says what the rest of it is. The headers of SPEC 10 have bytes of
//!   their own, which no input committed before them used as a kind:
//!   [`SEC_FETCH_SITE`] (`0xf2`): a `Sec-Fetch-Site` line; [`UPGRADE_LINE`] (`0xe9`): an
//!   `Upgrade` line; [`WEBSOCKET_KEY`] (`0xe0`): a `Sec-WebSocket-Key` line;
//!   [`HOST_LINE`] (`0xfb`): a `Host` line; [`REQUEST_URI`] (`0xce`): the request's URI
//!   (absolute, with the authority the guard reads before `Host`, or not; the last one
//!   that parses wins, `/r` without one). Any other byte, taken modulo 9, is what it
//!   always was: `0`, `1`: an `Origin` line; `2`: an ACRM line; `3`, `4`: an ACRH line;
//!   `5`: a `Vary` line the handler already set; `6`: a CORS header the handler set on
//!   its own (the next byte picks which); `7`: the method's bytes; `8`: an unrelated
//!   request header (`x-other`). Values `HeaderValue::from_bytes` refuses are skipped.
//!
//! Every request is decided twice: by `Policy::decide` (method and headers: the guard
//! reads `Host`) and by `Policy::decide_request` (the whole request: the URI's authority
//! first), each checked against the oracle.
//!
//! An `origin` input is the raw `Origin` value itself, tried against every case.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, HOST, HeaderName, ORIGIN,
    SEC_WEBSOCKET_KEY, UPGRADE, VARY,
};
use http::{HeaderMap, HeaderValue, Method, Uri};

use cors_runtime::{Decision, Policy, Refusal};

use super::cases::{ALL, Case};
use super::spec::{self, Door, Spec};
use super::wire::{self, Seen};

/// Methods selectable by byte 1.
pub const METHODS: &[&str] = &[
    "OPTIONS", "OPTIONS", "OPTIONS", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "PURGE",
];

/// How many cases `ALL` held when the format was first used: byte 0 modulo this picks
/// one of them, so the inputs committed then keep their case.
pub const CASES_BEFORE_SPEC_10: usize = 19;

/// Bytes 0 that pick the cases added since (none of them began an input committed
/// before).
pub const NEW_CASE_BYTES: [u8; 5] = [0xf6, 0xf7, 0xf8, 0xf9, 0xfa];

/// Chunk kinds of the headers of SPEC 10.
pub const SEC_FETCH_SITE: u8 = 0xf2;
pub const UPGRADE_LINE: u8 = 0xe9;
pub const WEBSOCKET_KEY: u8 = 0xe0;
pub const HOST_LINE: u8 = 0xfb;
pub const REQUEST_URI: u8 = 0xce;

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
    /// The request's URI (for `decide_request`).
    pub uri: Uri,
    pub request: HeaderMap,
    /// Headers the handler's response carries before the policy writes its own.
    pub handler: HeaderMap,
}

/// The case byte 0 picks.
pub fn case_of_byte(byte: u8) -> &'static Case {
    let added = ALL.len() - CASES_BEFORE_SPEC_10;
    match NEW_CASE_BYTES.iter().position(|&b| b == byte) {
        Some(i) if added > 0 => ALL[CASES_BEFORE_SPEC_10 + i % added],
        _ => ALL[usize::from(byte) % CASES_BEFORE_SPEC_10],
    }
}

/// The byte 0 that picks `ALL[index]`.
pub fn byte_of_case(index: usize) -> u8 {
    match index.checked_sub(CASES_BEFORE_SPEC_10) {
        Some(added) => NEW_CASE_BYTES[added],
        None => u8::try_from(index).expect("a case index"),
    }
}

/// Decodes a `decide` input; `None` when it is shorter than two bytes.
pub fn decode(data: &[u8]) -> Option<Exchange> {
    let (&case, rest) = data.split_first()?;
    let (&method, rest) = rest.split_first()?;
    let case = case_of_byte(case);
    let mut request = HeaderMap::new();
    let mut handler = HeaderMap::new();
    let mut custom_method = None;
    let mut uri = Uri::from_static("/r");
    for chunk in rest.split(|&b| b == b'\n') {
        let Some((&kind, value)) = chunk.split_first() else {
            continue;
        };
        let (map, name, value) = match kind {
            SEC_FETCH_SITE => (
                &mut request,
                HeaderName::from_static("sec-fetch-site"),
                value,
            ),
            UPGRADE_LINE => (&mut request, UPGRADE, value),
            WEBSOCKET_KEY => (&mut request, SEC_WEBSOCKET_KEY, value),
            HOST_LINE => (&mut request, HOST, value),
            REQUEST_URI => {
                if let Ok(parsed) = Uri::try_from(value) {
                    uri = parsed;
                }
                continue;
            }
            kind => match kind % 9 {
                7 => {
                    custom_method = Method::from_bytes(value).ok();
                    continue;
                }
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
                _ => (&mut request, HeaderName::from_static("x-other"), value),
            },
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
        uri,
        request,
        handler,
    })
}

/// Encodes an exchange (for seeds and tests): `case` indexes [`ALL`], `chunks` are
/// `(kind, value)` as above.
pub fn encode(case: usize, method: u8, chunks: &[(u8, &[u8])]) -> Vec<u8> {
    let mut data = vec![byte_of_case(case), method];
    for (i, (kind, value)) in chunks.iter().enumerate() {
        if i > 0 {
            data.push(b'\n');
        }
        data.push(*kind);
        data.extend_from_slice(value);
    }
    data
}

/// The URI's authority, as the guard reads it.
pub fn uri_authority(uri: &Uri) -> Option<&[u8]> {
    uri.authority().map(|a| a.as_str().as_bytes())
}

/// Decides `exchange` through `Policy::decide` and `Policy::decide_request`, writes its
/// headers, and checks every invariant; the twins (origins read at startup, built by
/// `Policy::builder()`) must decide and write alike. The kind of exchange
/// `decide_request` saw.
pub fn check_exchange(exchange: &Exchange) -> Result<Seen, String> {
    let Exchange {
        case,
        method,
        uri,
        request,
        handler,
    } = exchange;
    check_request(case.spec(), &case.all(), method, uri, request, handler)
}

/// [`check_exchange`] for one policy written in several ways (`policies`, the first
/// checked against `spec`, the others required to decide and write alike).
pub fn check_request(
    spec: &Spec,
    policies: &[&Policy],
    method: &Method,
    uri: &Uri,
    request: &HeaderMap,
    handler: &HeaderMap,
) -> Result<Seen, String> {
    let (policy, twins) = policies.split_first().expect("a policy");
    let mut whole = http::Request::new(());
    *whole.method_mut() = method.clone();
    *whole.uri_mut() = uri.clone();
    *whole.headers_mut() = request.clone();
    let by_headers = policy.decide(method, request);
    let by_request = policy.decide_request(&whole);
    for twin in twins {
        for (decision, twin) in [
            (&by_headers, twin.decide(method, request)),
            (&by_request, twin.decide_request(&whole)),
        ] {
            if (twin.refusal(), written(&twin, handler))
                != (decision.refusal(), written(decision, handler))
            {
                return Err(format!(
                    "a twin decided differently: {:?} vs {:?}",
                    twin.refusal(),
                    decision.refusal()
                ));
            }
        }
    }
    let authority = uri_authority(uri);
    if authority.is_none()
        && (by_request.refusal(), written(&by_request, handler))
            != (by_headers.refusal(), written(&by_headers, handler))
    {
        return Err("decide_request, without a URI authority, differs from decide".into());
    }
    check_decision(spec, policy, method, request, None, by_headers, handler)
        .map_err(|e| format!("decide: {e}"))?;
    check_decision(
        spec, policy, method, request, authority, by_request, handler,
    )
    .map_err(|e| format!("decide_request ({uri}): {e}"))
}

/// Checks one decision of `policy` for `method` and `request` (whose URI had
/// `uri_authority`) against `spec`.
fn check_decision(
    spec: &Spec,
    policy: &Policy,
    method: &Method,
    request: &HeaderMap,
    uri_authority: Option<&[u8]>,
    decision: Decision<'_>,
    handler: &HeaderMap,
) -> Result<Seen, String> {
    if decision.is_preflight() != wire::is_preflight(method, request) {
        return Err(format!("is_preflight {}", decision.is_preflight()));
    }
    if decision.runs_handler() != matches!(decision, Decision::Actual(_)) {
        return Err(format!("runs_handler {}", decision.runs_handler()));
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
                uri_authority,
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
            wire::check(
                spec,
                method,
                request,
                uri_authority,
                None,
                &response,
                handler_vary,
            )
        }
        Decision::Untrusted(untrusted) => {
            // The door the oracle sees names the refusal.
            let want = match spec::door(method, request) {
                Some(Door::Write) => Refusal::UntrustedWrite,
                Some(Door::WebSocket) => Refusal::UntrustedWebSocket,
                None => return Err(format!("{:?} for a safe request", untrusted.refusal())),
            };
            if untrusted.refusal() != want {
                return Err(format!("{:?}, want {want:?}", untrusted.refusal()));
            }
            if !core::ptr::eq(untrusted.policy(), policy) {
                return Err("refused by another policy".into());
            }
            let mut written = HeaderMap::new();
            untrusted.write_headers(&mut written);
            let reused: http::Response<()> =
                untrusted.clone().into_response_reusing(request.clone());
            let status = untrusted.status();
            let response: http::Response<()> = untrusted.into_response();
            if response.headers() != &written {
                return Err("into_response and write_headers disagree".into());
            }
            if reused.headers() != &written
                || reused.status() != response.status()
                || status != response.status()
            {
                return Err("into_response_reusing, into_response and status disagree".into());
            }
            wire::check(
                spec,
                method,
                request,
                uri_authority,
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
                uri: Uri::from_static("/r"),
                request,
                handler: HeaderMap::new(),
            };
            if let Err(message) = check_exchange(&exchange) {
                fail("origin", data, &format!("case {}: {message}", case.name));
            }
        }
    }
}
