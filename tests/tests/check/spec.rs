//! The oracle: what a policy is meant to allow, read from the text of its arguments and
//! SPEC sections 3 and 5 alone. Nothing here looks at the runtime's tables.
//!
//! Interpretations the SPEC leaves open, chosen here and documented:
//! - a label under a `*.` pattern is 1 to 63 bytes of `a-z`, `0-9`, `-`, `_` (what
//!   browsers serialize for DNS names);
//! - for patterns, two forms no browser ever sends are "either way" ([`Verdict::Either`]):
//!   an explicit default port under a `:*` pattern (`https://h:443`: the same origin as
//!   `https://h`), and a host over 253 bytes (no DNS name is that long);
//! - SPEC 10: `Sec-Fetch-Site` values are compared byte for byte (`SAME-ORIGIN` is not
//!   `same-origin`); an `Upgrade` longer than the guard reads (its lines combined as
//!   Fetch combines them, pinned in `caps.rs`) makes a `GET` a handshake; rule 4 reads
//!   the origin with the `url` crate and is "either way" when the origin is not written
//!   as a browser writes one (ASCII case and an explicit default port aside), when the
//!   authority carries userinfo, and when several `Host` lines disagree.

use http::{HeaderMap, Method};

use super::caps::{ACRH_MAX_BYTES, ACRH_MAX_NAMES, UPGRADE_MAX_BYTES, acrh_combined_len};

/// The oracle's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Yes,
    No,
    /// A form no browser sends, for which either answer is harmless.
    Either,
}

impl Verdict {
    pub fn and(self, other: Verdict) -> Verdict {
        match (self, other) {
            (Verdict::No, _) | (_, Verdict::No) => Verdict::No,
            (Verdict::Yes, Verdict::Yes) => Verdict::Yes,
            _ => Verdict::Either,
        }
    }

    pub fn from_bool(yes: bool) -> Verdict {
        if yes { Verdict::Yes } else { Verdict::No }
    }

    /// Whether `allowed` is an acceptable answer.
    pub fn admits(self, allowed: bool) -> bool {
        match self {
            Verdict::Yes => allowed,
            Verdict::No => !allowed,
            Verdict::Either => true,
        }
    }
}

/// Ports of an origin pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortRule {
    Default,
    Exact(String),
    Any,
}

/// One entry of `origins`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginRule {
    Exact(String),
    Pattern {
        scheme: String,
        host: String,
        subdomains: bool,
        port: PortRule,
    },
}

/// A policy as its arguments state it.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub any_origin: bool,
    pub origins: Vec<OriginRule>,
    pub any_method: bool,
    pub methods: Vec<String>,
    pub any_header: bool,
    /// Lower-case.
    pub allow_headers: Vec<String>,
    pub any_exposed: bool,
    /// Lower-case.
    pub expose_headers: Vec<String>,
    pub credentials: bool,
    pub max_age: Option<u32>,
    /// `dangerously_allow_cross_origin_writes`: the guard of SPEC 10 is off.
    pub cross_origin_writes: bool,
    /// The arguments as written: each list key with its entries, then each flag (with no
    /// entries), in order. Not read by the oracle; it rebuilds the policy elsewhere.
    pub written: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Int(u32),
    Punct(char),
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut ident = String::new();
            while let Some(&c) = chars
                .peek()
                .filter(|c| c.is_ascii_alphanumeric() || **c == '_')
            {
                ident.push(c);
                chars.next();
            }
            tokens.push(Token::Ident(ident));
        } else if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&c) = chars.peek().filter(|c| c.is_ascii_digit()) {
                digits.push(c);
                chars.next();
            }
            tokens.push(Token::Int(digits.parse().map_err(|e| format!("{e}"))?));
        } else if c == '"' {
            chars.next();
            let mut s = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => s.push(chars.next().ok_or("dangling escape")?),
                    Some(c) => s.push(c),
                    None => return Err("unterminated string".into()),
                }
            }
            tokens.push(Token::Str(s));
        } else {
            tokens.push(Token::Punct(c));
            chars.next();
        }
    }
    Ok(tokens)
}

impl Spec {
    /// Reads `origins = [...], methods = [...], ...` (the stringified macro arguments).
    pub fn parse(text: &str) -> Result<Spec, String> {
        let tokens = tokenize(text)?;
        let mut spec = Spec::default();
        let mut i = 0;
        while i < tokens.len() {
            let Token::Ident(key) = &tokens[i] else {
                return Err(format!("expected a key at {:?}", tokens[i]));
            };
            i += 1;
            let mut list = Vec::new();
            let mut number = None;
            if tokens.get(i) == Some(&Token::Punct('=')) {
                i += 1;
                match tokens.get(i) {
                    Some(Token::Int(n)) => {
                        number = Some(*n);
                        i += 1;
                    }
                    Some(Token::Punct('[')) => {
                        i += 1;
                        loop {
                            match tokens.get(i) {
                                Some(Token::Punct(']')) => {
                                    i += 1;
                                    break;
                                }
                                Some(Token::Punct(',')) => i += 1,
                                Some(Token::Ident(s)) | Some(Token::Str(s)) => {
                                    list.push(s.clone());
                                    i += 1;
                                }
                                other => return Err(format!("unexpected {other:?} in a list")),
                            }
                        }
                    }
                    other => return Err(format!("unexpected value {other:?}")),
                }
            }
            let list_written = list.clone();
            match key.as_str() {
                "origins" => {
                    spec.any_origin = list == ["*"];
                    if !spec.any_origin {
                        spec.origins = list.iter().map(|o| origin_rule(o)).collect();
                    }
                }
                "methods" => {
                    spec.any_method = list.iter().any(|m| m == "*");
                    spec.methods = list.into_iter().filter(|m| m != "*").collect();
                }
                "allow_headers" => {
                    spec.any_header = list.iter().any(|h| h == "*");
                    spec.allow_headers = lower(list);
                }
                "expose_headers" => {
                    spec.any_exposed = list.iter().any(|h| h == "*");
                    spec.expose_headers = lower(list);
                }
                "credentials" => spec.credentials = true,
                "max_age" => spec.max_age = number,
                "dangerously_allow_cross_origin_writes" => spec.cross_origin_writes = true,
                k if k.starts_with("dangerously_") => {}
                other => return Err(format!("unknown key {other}")),
            }
            if number.is_none() {
                spec.written.push((key.clone(), list_written));
            }
            if tokens.get(i) == Some(&Token::Punct(',')) {
                i += 1;
            }
        }
        Ok(spec)
    }

    /// Whether the policy answers with `Access-Control-Allow-Origin` for this single
    /// `Origin` value (SPEC 5: byte for byte against an exact origin, or a pattern).
    pub fn origin(&self, value: &[u8]) -> Verdict {
        if self.any_origin {
            return Verdict::Yes;
        }
        let mut verdict = Verdict::No;
        for rule in &self.origins {
            match rule_verdict(rule, value) {
                Verdict::Yes => return Verdict::Yes,
                Verdict::Either => verdict = Verdict::Either,
                Verdict::No => {}
            }
        }
        verdict
    }

    /// Whether a preflight may ask for `method` (SPEC 5: a single valid method listed in
    /// the policy; GET, HEAD and POST always pass). Case-sensitive.
    pub fn method(&self, method: &[u8]) -> bool {
        is_token(method)
            && (matches!(method, b"GET" | b"HEAD" | b"POST")
                || self.any_method
                || self.methods.iter().any(|m| m.as_bytes() == method))
    }

    /// Whether a preflight may ask for the header `name` (case-insensitive; `*` never
    /// covers `authorization`).
    pub fn header(&self, name: &[u8]) -> bool {
        let Ok(name) = std::str::from_utf8(name) else {
            return false;
        };
        if !is_token(name.as_bytes()) {
            return false;
        }
        let name = name.to_ascii_lowercase();
        self.allow_headers.contains(&name) || (self.any_header && name != "authorization")
    }

    /// The raw preflight decision: exactly one `Origin`, allowed; exactly one ACRM,
    /// allowed; every ACRH name a token and allowed, within the runtime's caps.
    pub fn preflight(&self, origins: &[&[u8]], methods: &[&[u8]], acrh: &[&[u8]]) -> Verdict {
        let origin = match origins {
            [one] => self.origin(one),
            _ => Verdict::No,
        };
        let method = Verdict::from_bool(matches!(methods, [one] if self.method(one)));
        origin
            .and(method)
            .and(Verdict::from_bool(self.request_headers(acrh)))
    }

    /// Whether ACRH (all its lines, however many) passes: SPEC 5 and the fixed caps on
    /// the combined bytes and the names.
    pub fn request_headers(&self, lines: &[&[u8]]) -> bool {
        if acrh_combined_len(lines) > ACRH_MAX_BYTES {
            return false;
        }
        let names: Vec<&[u8]> = request_header_names(lines);
        names.len() <= ACRH_MAX_NAMES && names.iter().all(|n| self.header(n))
    }
}

/// The door of SPEC 10 a request opens, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// An unsafe method: anything but `GET`, `HEAD`, `OPTIONS` (case-sensitive).
    Write,
    /// A `GET` with `Upgrade: websocket` (a token of the list, any case, maybe with a
    /// `/version`) or `Sec-WebSocket-Key`; or a `GET` whose `Upgrade` lines, combined as
    /// Fetch combines them, are longer than the guard reads.
    WebSocket,
}

/// The door `method` and `request` open (SPEC 10, "Terms"); `None` for a safe request.
/// A preflight is never asked about: it is answered before the guard.
pub fn door(method: &Method, request: &HeaderMap) -> Option<Door> {
    match method.as_str() {
        "GET" => {
            let upgrade = lines(request, "upgrade");
            let websocket = !lines(request, "sec-websocket-key").is_empty()
                || acrh_combined_len(&upgrade) > UPGRADE_MAX_BYTES
                || request_header_names(&upgrade).iter().any(|protocol| {
                    let name = protocol.split(|&b| b == b'/').next().unwrap_or(b"");
                    name.trim_ascii().eq_ignore_ascii_case(b"websocket")
                });
            websocket.then_some(Door::WebSocket)
        }
        "HEAD" | "OPTIONS" => None,
        _ => Some(Door::Write),
    }
}

/// The values of `name` in `request`, one per field line.
fn lines<'a>(request: &'a HeaderMap, name: &str) -> Vec<&'a [u8]> {
    request.get_all(name).iter().map(|v| v.as_bytes()).collect()
}

/// Whether any of `verdicts` trusts a request: `Yes` when one surely does, `No` when
/// none does, `Either` otherwise.
fn any(verdicts: &[Verdict]) -> Verdict {
    if verdicts.contains(&Verdict::Yes) {
        Verdict::Yes
    } else if verdicts.contains(&Verdict::Either) {
        Verdict::Either
    } else {
        Verdict::No
    }
}

impl Spec {
    /// SPEC 10, read from its text alone: whether a request that is not a preflight is
    /// refused before the handler. `Yes` for an unsafe method or a WebSocket handshake
    /// that no trust rule admits; `Either` when the only rule that could admit it rests
    /// on a form no browser sends.
    ///
    /// `uri_authority` is the authority of the request's URI, when it has one (an
    /// absolute URI, HTTP/2's `:authority`); the `Host` header stands in otherwise.
    pub fn refuses_untrusted(
        &self,
        method: &Method,
        request: &HeaderMap,
        uri_authority: Option<&[u8]>,
    ) -> Verdict {
        if self.cross_origin_writes || self.any_origin || door(method, request).is_none() {
            return Verdict::No;
        }
        let sites = lines(request, "sec-fetch-site");
        let origins = lines(request, "origin");
        // 1. One `Sec-Fetch-Site` line, `same-origin` or `none` (the values are
        //    lower-case tokens: nothing else is either).
        let by_fetch_metadata =
            Verdict::from_bool(matches!(sites[..], [b"same-origin"] | [b"none"]));
        // 2. One `Origin` line, allowed by the policy.
        let by_policy = match origins[..] {
            [one] => self.origin(one),
            _ => Verdict::No,
        };
        // 3. Neither header.
        let by_absence = Verdict::from_bool(sites.is_empty() && origins.is_empty());
        // 4. No `Sec-Fetch-Site`, one `Origin`, naming the server itself.
        let by_authority = match (&sites[..], &origins[..]) {
            ([], [one]) => match uri_authority {
                Some(authority) => names_the_server(one, authority),
                None => {
                    // Two `Host` lines are a malformed request: whichever is read, the
                    // answer must be one of theirs.
                    let verdicts: Vec<Verdict> = lines(request, "host")
                        .iter()
                        .map(|host| names_the_server(one, host))
                        .collect();
                    match verdicts[..] {
                        [] => Verdict::No,
                        [first, ..] if verdicts.iter().all(|v| *v == first) => first,
                        _ => Verdict::Either,
                    }
                }
            },
            _ => Verdict::No,
        };
        match any(&[by_fetch_metadata, by_policy, by_absence, by_authority]) {
            Verdict::Yes => Verdict::No,
            Verdict::No => Verdict::Yes,
            Verdict::Either => Verdict::Either,
        }
    }
}

/// The default port of the schemes SPEC 10 names.
fn default_port_of(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

/// Rule 4 of SPEC 10: whether `origin` names the server at `authority` (the request
/// URI's authority, or a `Host` value): the same host and port, ASCII case aside, a
/// scheme's default port (80 for `http`, 443 for `https`) written or not.
///
/// The origin is read by the `url` crate, as a browser would serialize it. `Either` when
/// it is not an origin as a browser writes one, ASCII case and an explicit default port
/// aside (a path, userinfo, a non-canonical IP address or port, percent-escapes,
/// non-ASCII bytes: which part is the host is then anyone's guess), and when the
/// authority holds userinfo. `No` when the origin has no host at all (`null`, no `://`).
pub fn names_the_server(origin: &[u8], authority: &[u8]) -> Verdict {
    if authority.contains(&b'@') {
        return Verdict::Either;
    }
    let Some(origin) = std::str::from_utf8(origin).ok().filter(|o| o.is_ascii()) else {
        return Verdict::Either;
    };
    if !origin.contains("://") {
        return Verdict::No;
    }
    let Ok(url) = url::Url::parse(origin) else {
        return Verdict::Either;
    };
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Verdict::Either;
    };
    let scheme = url.scheme();
    let default = default_port_of(scheme);
    let bare = format!("{scheme}://{host}").to_ascii_lowercase();
    let written = origin.to_ascii_lowercase();
    // `url` leaves out the port when it is its scheme's default.
    let port = url.port().filter(|p| Some(*p) != default);
    let canonical = match port {
        Some(port) => written == format!("{bare}:{port}"),
        None => written == bare || default.is_some_and(|d| written == format!("{bare}:{d}")),
    };
    if !canonical {
        return Verdict::Either;
    }
    let names: Vec<String> = match (port, default) {
        (Some(port), _) => vec![format!("{host}:{port}")],
        (None, Some(default)) => vec![host.to_owned(), format!("{host}:{default}")],
        (None, None) => vec![host.to_owned()],
    };
    Verdict::from_bool(
        names
            .iter()
            .any(|name| name.as_bytes().eq_ignore_ascii_case(authority)),
    )
}

/// The non-empty, OWS-trimmed elements of a comma list spread over `lines`.
pub fn request_header_names<'a>(lines: &[&'a [u8]]) -> Vec<&'a [u8]> {
    lines
        .iter()
        .flat_map(|line| line.split(|&b| b == b','))
        .map(|item| {
            let start = item
                .iter()
                .position(|&b| b != b' ' && b != b'\t')
                .unwrap_or(item.len());
            let end = item
                .iter()
                .rposition(|&b| b != b' ' && b != b'\t')
                .map_or(start, |e| e + 1);
            &item[start..end.max(start)]
        })
        .filter(|item| !item.is_empty())
        .collect()
}

fn lower(list: Vec<String>) -> Vec<String> {
    list.into_iter()
        .filter(|h| h != "*")
        .map(|h| h.to_ascii_lowercase())
        .collect()
}

/// RFC 9110 token.
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Reads one `origins` entry: a `*` in it makes it a pattern.
fn origin_rule(entry: &str) -> OriginRule {
    if !entry.contains('*') {
        return OriginRule::Exact(entry.to_owned());
    }
    let (scheme, authority) = entry.split_once("://").expect("scheme://");
    let (subdomains, authority) = match authority.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, authority),
    };
    let (host, port) = split_authority(authority).expect("a checked pattern");
    let port = match port {
        None => PortRule::Default,
        Some("*") => PortRule::Any,
        Some(p) => PortRule::Exact(p.to_owned()),
    };
    OriginRule::Pattern {
        scheme: scheme.to_owned(),
        host: host.to_owned(),
        subdomains,
        port,
    }
}

/// `host[:port]`, with a bracketed IPv6 host kept whole; `None` when something follows
/// `]` other than `:port`.
fn split_authority(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, rest) = authority.split_at(close + 1);
        return match rest {
            "" => Some((host, None)),
            _ => rest.strip_prefix(':').map(|port| (host, Some(port))),
        };
    }
    Some(match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

fn default_port(scheme: &str) -> Option<&'static str> {
    match scheme {
        "http" | "ws" => Some("80"),
        "https" | "wss" => Some("443"),
        _ => None,
    }
}

/// A port as browsers write it: decimal, no leading zero, 1 to 65535.
fn canonical_port(port: &str) -> bool {
    !port.is_empty()
        && !port.starts_with('0')
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p))
}

fn is_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn rule_verdict(rule: &OriginRule, value: &[u8]) -> Verdict {
    let (scheme, want_host, subdomains, port_rule) = match rule {
        OriginRule::Exact(exact) => return Verdict::from_bool(exact.as_bytes() == value),
        OriginRule::Pattern {
            scheme,
            host,
            subdomains,
            port,
        } => (scheme, host, *subdomains, port),
    };
    // Visible ASCII only.
    if !value.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Verdict::No;
    }
    let value = std::str::from_utf8(value).expect("ASCII");
    let Some(authority) = value
        .strip_prefix(scheme.as_str())
        .and_then(|rest| rest.strip_prefix("://"))
    else {
        return Verdict::No;
    };
    let Some((host, port)) = split_authority(authority) else {
        return Verdict::No;
    };
    let port = match (port_rule, port) {
        (PortRule::Default, None) | (PortRule::Any, None) => Verdict::Yes,
        (PortRule::Exact(want), Some(got)) => Verdict::from_bool(want == got),
        (PortRule::Any, Some(got)) if Some(got) == default_port(scheme) => Verdict::Either,
        (PortRule::Any, Some(got)) => Verdict::from_bool(canonical_port(got)),
        _ => Verdict::No,
    };
    let host_verdict = if !subdomains {
        Verdict::from_bool(host == want_host)
    } else {
        match host
            .strip_suffix(want_host.as_str())
            .and_then(|prefix| prefix.strip_suffix('.'))
        {
            Some(labels) if labels.split('.').all(is_label) => {
                if host.len() > 253 {
                    Verdict::Either
                } else {
                    Verdict::Yes
                }
            }
            _ => Verdict::No,
        }
    };
    port.and(host_verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arguments() {
        let spec = Spec::parse(
            r#"origins = ["https://a.example", "https://*.b.example:*"], methods = [GET, "PURGE"],
               allow_headers = ["X-A", "*"], credentials, max_age = 600, dangerously_x"#,
        )
        .unwrap();
        assert_eq!(spec.origins.len(), 2);
        assert_eq!(spec.methods, ["GET", "PURGE"]);
        assert_eq!(spec.allow_headers, ["x-a"]);
        assert!(spec.any_header && spec.credentials);
        assert_eq!(spec.max_age, Some(600));
        assert_eq!(spec.origin(b"https://a.example"), Verdict::Yes);
        assert_eq!(spec.origin(b"https://x.b.example:1"), Verdict::Yes);
        assert_eq!(spec.origin(b"https://x.b.example:443"), Verdict::Either);
        assert_eq!(spec.origin(b"https://b.example"), Verdict::No);
        assert_eq!(spec.origin(b"https://x.b.example:01"), Verdict::No);
    }

    fn request(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in lines {
            map.append(*name, http::HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn doors() {
        let get = Method::GET;
        assert_eq!(door(&get, &request(&[])), None);
        assert_eq!(
            door(&Method::HEAD, &request(&[("upgrade", "websocket")])),
            None
        );
        assert_eq!(door(&Method::OPTIONS, &request(&[])), None);
        for method in ["POST", "PUT", "DELETE", "PATCH", "PURGE", "get", "Options"] {
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            assert_eq!(door(&method, &request(&[])), Some(Door::Write), "{method}");
        }
        for upgrade in [
            "websocket",
            "WebSocket",
            "h2c, websocket",
            "websocket/13",
            " , x,WEBSOCKET ",
        ] {
            assert_eq!(
                door(&get, &request(&[("upgrade", upgrade)])),
                Some(Door::WebSocket),
                "{upgrade}"
            );
        }
        for upgrade in ["h2c", "websockets", "web socket", "", "tls/1.0, ws"] {
            assert_eq!(
                door(&get, &request(&[("upgrade", upgrade)])),
                None,
                "{upgrade}"
            );
        }
        assert_eq!(
            door(
                &get,
                &request(&[("upgrade", "h2c"), ("upgrade", "websocket")])
            ),
            Some(Door::WebSocket)
        );
        assert_eq!(
            door(&get, &request(&[("sec-websocket-key", "x")])),
            Some(Door::WebSocket)
        );
        // Past the bytes the guard reads, a GET is taken for a handshake.
        let long: &'static str = "a".repeat(UPGRADE_MAX_BYTES + 1).leak();
        assert_eq!(
            door(&get, &request(&[("upgrade", long)])),
            Some(Door::WebSocket)
        );
        let exact: &'static str = "a".repeat(UPGRADE_MAX_BYTES).leak();
        assert_eq!(door(&get, &request(&[("upgrade", exact)])), None);
    }

    #[test]
    fn servers_named_by_origins() {
        use Verdict::{Either, No, Yes};
        for (origin, authority, verdict) in [
            ("https://api.example.com", "api.example.com", Yes),
            ("https://api.example.com", "API.Example.com", Yes),
            ("https://api.example.com", "api.example.com:443", Yes),
            ("https://api.example.com:443", "api.example.com", Yes),
            ("HTTPS://API.EXAMPLE.COM", "api.example.com", Yes),
            ("http://api.example.com", "api.example.com:80", Yes),
            ("http://api.example.com:8080", "api.example.com:8080", Yes),
            ("http://[::1]:3000", "[::1]:3000", Yes),
            ("https://[::1]", "[::1]:443", Yes),
            ("http://127.0.0.1", "127.0.0.1", Yes),
            ("foo://h", "H", Yes),
            ("https://api.example.com", "api.example.com:80", No),
            ("http://api.example.com", "api.example.com:443", No),
            ("https://api.example.com:8443", "api.example.com", No),
            ("https://api.example.com", "api.example.com:8443", No),
            ("https://api.example.com", "example.com", No),
            ("https://api.example.com", "api.example.com.", No),
            ("https://api.example.com", "api.example.com:", No),
            ("https://api.example.com", "api.example.com:0443", No),
            ("null", "null", No),
            ("api.example.com", "api.example.com", No),
            ("https://api.example.com/", "api.example.com", Either),
            ("https://u@api.example.com", "api.example.com", Either),
            ("http://127.1", "127.1", Either),
            ("https://api.example.com:0443", "api.example.com", Either),
            ("https://", "", Either),
            ("https://api.example.com", "u@api.example.com", Either),
        ] {
            assert_eq!(
                names_the_server(origin.as_bytes(), authority.as_bytes()),
                verdict,
                "{origin} {authority}"
            );
        }
        assert_eq!(
            names_the_server(b"https://\xe9.example", b"\xe9.example"),
            Either
        );
        assert_eq!(names_the_server(b"https://a.example", b"a.example\xff"), No);
    }

    #[test]
    fn trust_rules() {
        let s = Spec::parse(r#"origins = ["https://app.example.com"], methods = [PUT]"#).unwrap();
        let put = Method::PUT;
        let refused = |lines: &[(&'static str, &'static str)], uri: Option<&[u8]>| {
            s.refuses_untrusted(&put, &request(lines), uri)
        };
        let evil = ("origin", "https://evil.example");
        assert_eq!(refused(&[evil], None), Verdict::Yes);
        assert_eq!(refused(&[], None), Verdict::No);
        assert_eq!(
            refused(&[("origin", "https://app.example.com")], None),
            Verdict::No
        );
        assert_eq!(
            refused(&[evil, ("sec-fetch-site", "same-origin")], None),
            Verdict::No
        );
        assert_eq!(
            refused(&[evil, ("sec-fetch-site", "none")], None),
            Verdict::No
        );
        assert_eq!(
            refused(&[("sec-fetch-site", "cross-site")], None),
            Verdict::Yes
        );
        assert_eq!(
            refused(
                &[
                    evil,
                    ("sec-fetch-site", "same-origin"),
                    ("sec-fetch-site", "same-origin")
                ],
                None
            ),
            Verdict::Yes
        );
        assert_eq!(
            refused(&[evil, ("sec-fetch-site", "SAME-ORIGIN")], None),
            Verdict::Yes
        );
        assert_eq!(
            refused(&[evil, ("host", "evil.example")], None),
            Verdict::No
        );
        assert_eq!(
            refused(&[evil, ("host", "evil.example")], Some(b"api.example")),
            Verdict::Yes
        );
        assert_eq!(
            refused(&[evil, ("host", "api.example")], Some(b"evil.example")),
            Verdict::No
        );
        assert_eq!(
            refused(
                &[
                    evil,
                    ("host", "evil.example"),
                    ("sec-fetch-site", "same-site")
                ],
                None
            ),
            Verdict::Yes
        );
        assert_eq!(
            refused(&[evil, evil, ("host", "evil.example")], None),
            Verdict::Yes
        );
        assert_eq!(
            refused(
                &[evil, ("host", "evil.example"), ("host", "api.example")],
                None
            ),
            Verdict::Either
        );
        assert_eq!(
            refused(&[("origin", "https://app.example.com"), evil], None),
            Verdict::Yes
        );
        let open = Spec::parse(
            r#"origins = ["https://app.example.com"], methods = [PUT], dangerously_allow_cross_origin_writes"#,
        )
        .unwrap();
        assert!(open.cross_origin_writes);
        assert_eq!(
            open.refuses_untrusted(&put, &request(&[evil]), None),
            Verdict::No
        );
        let star = Spec::parse(r#"origins = ["*"], methods = [PUT]"#).unwrap();
        assert_eq!(
            star.refuses_untrusted(&put, &request(&[evil]), None),
            Verdict::No
        );
    }
}
