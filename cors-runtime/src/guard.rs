//! The guard on the doors CORS does not cover (SPEC 10): an *unsafe* request (any method
//! but `GET`, `HEAD`, `OPTIONS`), which a cross-site form or a "simple" `fetch` makes
//! without a preflight, and a WebSocket handshake, which browsers never preflight. Either
//! runs the handler with the user's cookies, so one from an untrusted origin is refused
//! before the handler. The policy's own origins say who is trusted.
//!
//! One function, [`untrusted`], with its checks in a fixed order; nothing here allocates,
//! and every scan is capped.

use crate::refusal::Refusal;
use crate::wire::{Name, Request, Value};
use crate::work::{self, Counter};

/// Bytes of `Upgrade` read, over all its field lines (with `, ` between lines, as Fetch
/// combines them). Past it, a `GET` is taken for a WebSocket handshake: what a server
/// cannot read, it does not let through untrusted.
///
/// ```
/// assert_eq!(cors_runtime::MAX_UPGRADE_BYTES, 1024);
/// ```
pub const MAX_UPGRADE_BYTES: usize = 1024;

/// What the request is, for the guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Door {
    /// `GET`, `HEAD`, `OPTIONS` (not a WebSocket handshake): never guarded.
    Safe,
    /// Any other method.
    Write,
    /// A `GET` with `Upgrade: websocket` or `Sec-WebSocket-Key`.
    WebSocket,
}

/// Why the request must not reach the handler: `None` when it is safe or trusted.
///
/// Called only when the policy does not allow the request's origin: rule 2 (an origin the
/// policy allows, by section 5: exactly one line, exact or pattern; every origin for a
/// `"*"` policy) is decided before, from the origin check already made, and any one rule
/// trusts the request, so their order never changes the verdict. `origin` is the first
/// `Origin` line, `duplicate` whether there is a second. `authority` is the request URI's
/// authority, if it has one; the `Host` header stands in otherwise.
pub(crate) fn untrusted<R: Request>(
    request: &R,
    origin: Option<&R::Value>,
    duplicate: bool,
) -> Option<Refusal> {
    let refusal = match door(request) {
        Door::Safe => return None,
        Door::Write => Refusal::UntrustedWrite,
        Door::WebSocket => Refusal::UntrustedWebSocket,
    };
    // 1. `Sec-Fetch-Site: same-origin` or `none` (typed in the address bar, a bookmark):
    //    the browser says the request did not come from another origin. One line only.
    let mut sites = work::counted(Counter::FetchSiteLines, request.lines(Name::FetchSite));
    let site = sites.next();
    if let (Some(site), None) = (site, sites.next())
        && matches!(site.bytes(), b"same-origin" | b"none")
    {
        return None;
    }
    if site.is_none() {
        match origin {
            // 3. Neither header: not a browser, or a browser's same-origin request from
            //    before `Sec-Fetch-Site` (browsers send `Origin` on every cross-origin
            //    unsafe request and WebSocket handshake).
            None => return None,
            // 4. A browser from before 2023 on the same origin: `Origin` names the
            //    server itself.
            Some(origin) if !duplicate => {
                let authority = request
                    .authority()
                    .or_else(|| request.lines(Name::Host).next().map(Value::bytes));
                if authority.is_some_and(|a| same_host_and_port(origin.bytes(), a)) {
                    return None;
                }
            }
            Some(_) => {}
        }
    }
    // Anything else: cross-site or same-site from an origin the policy does not allow,
    // two `Origin` lines, `Origin: null`.
    Some(refusal)
}

/// Which door the request opens.
fn door<R: Request>(request: &R) -> Door {
    match request.method() {
        b"GET" => {
            if request.lines(Name::WebSocketKey).next().is_some() || upgrades_to_websocket(request)
            {
                Door::WebSocket
            } else {
                Door::Safe
            }
        }
        b"HEAD" | b"OPTIONS" => Door::Safe,
        _ => Door::Write,
    }
}

/// Whether `Upgrade` lists `websocket` (a token, any case, with or without a
/// `/version`), over all its field lines; `true` past [`MAX_UPGRADE_BYTES`].
fn upgrades_to_websocket<R: Request>(request: &R) -> bool {
    let mut bytes = 0usize;
    let lines = work::counted(Counter::UpgradeLines, request.lines(Name::Upgrade));
    for (line, value) in lines.enumerate() {
        let value = value.bytes();
        if line > 0 {
            bytes += 2;
        }
        bytes += value.len();
        if bytes > MAX_UPGRADE_BYTES {
            return true;
        }
        let elements = work::counted(Counter::UpgradeElements, value.split(|&b| b == b','));
        for element in elements {
            let element = element.trim_ascii();
            let name = match element.iter().position(|&b| b == b'/') {
                Some(slash) => &element[..slash],
                None => element,
            };
            if name.trim_ascii_end().eq_ignore_ascii_case(b"websocket") {
                return true;
            }
        }
    }
    false
}

/// Whether the host and port of `origin` (`scheme://host[:port]`) equal `authority`
/// (`host[:port]`), byte for byte after lowercasing, with the scheme's default port
/// (`80` for `http`, `443` for `https`) omitted on both sides.
fn same_host_and_port(origin: &[u8], authority: &[u8]) -> bool {
    let Some(separator) = find(origin, b"://") else {
        return false;
    };
    let scheme = &origin[..separator];
    let default = if scheme.eq_ignore_ascii_case(b"https") {
        Some(&b"443"[..])
    } else if scheme.eq_ignore_ascii_case(b"http") {
        Some(&b"80"[..])
    } else {
        None
    };
    let (origin_host, origin_port) = split_port(&origin[separator + 3..]);
    let (host, port) = split_port(authority);
    !origin_host.is_empty()
        && origin_host.eq_ignore_ascii_case(host)
        && explicit(origin_port, default) == explicit(port, default)
}

/// `port`, or `None` when it is absent or the scheme's default.
fn explicit<'a>(port: Option<&'a [u8]>, default: Option<&[u8]>) -> Option<&'a [u8]> {
    port.filter(|port| Some(*port) != default)
}

/// `host[:port]` split at the port's colon (after the `]` of an IPv6 literal).
fn split_port(authority: &[u8]) -> (&[u8], Option<&[u8]>) {
    let host_end = if authority.first() == Some(&b'[') {
        match authority.iter().position(|&b| b == b']') {
            Some(close) => close + 1,
            None => return (authority, None),
        }
    } else {
        0
    };
    match authority[host_end..].iter().position(|&b| b == b':') {
        Some(colon) => {
            let colon = host_end + colon;
            (&authority[..colon], Some(&authority[colon + 1..]))
        }
        None => (authority, None),
    }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::{same_host_and_port, split_port};

    #[test]
    fn authorities() {
        let same = [
            ("https://api.example.com", "api.example.com"),
            ("https://api.example.com", "API.example.com"),
            ("https://api.example.com", "api.example.com:443"),
            ("http://api.example.com", "api.example.com:80"),
            ("http://api.example.com:8080", "api.example.com:8080"),
            ("http://127.0.0.1:3000", "127.0.0.1:3000"),
            ("http://[::1]:3000", "[::1]:3000"),
            ("https://[::1]", "[::1]:443"),
            ("HTTPS://API.example.com", "api.example.com"),
        ];
        for (origin, authority) in same {
            assert!(
                same_host_and_port(origin.as_bytes(), authority.as_bytes()),
                "{origin} vs {authority}"
            );
        }
        let different = [
            ("https://api.example.com", "api.example.com:80"),
            ("http://api.example.com", "api.example.com:443"),
            ("https://api.example.com", "api.example.com:8443"),
            ("https://api.example.com:8443", "api.example.com"),
            ("https://api.example.com", "example.com"),
            ("https://api.example.com", "api.example.com."),
            ("https://api.example.com", "user@api.example.com"),
            ("null", "null"),
            ("https://", ""),
            ("http://[::1]:3000", "[::1]:3001"),
            ("ws://h:1", "h"),
            ("https://api.example.com", "api.example.com:0443"),
        ];
        for (origin, authority) in different {
            assert!(
                !same_host_and_port(origin.as_bytes(), authority.as_bytes()),
                "{origin} vs {authority}"
            );
        }
    }

    #[test]
    fn ports_split_after_ipv6_literals() {
        assert_eq!(split_port(b"[::1]:80"), (&b"[::1]"[..], Some(&b"80"[..])));
        assert_eq!(split_port(b"[::1]"), (&b"[::1]"[..], None));
        assert_eq!(split_port(b"h:"), (&b"h"[..], Some(&b""[..])));
        assert_eq!(split_port(b"[::1"), (&b"[::1"[..], None));
    }
}
