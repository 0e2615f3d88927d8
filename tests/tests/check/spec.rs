//! The oracle: what a policy is meant to allow, read from the text of its arguments and
//! SPEC sections 3 and 5 alone. Nothing here looks at the runtime's tables.
//!
//! Interpretations the SPEC leaves open, chosen here and documented:
//! - a label under a `*.` pattern is 1 to 63 bytes of `a-z`, `0-9`, `-`, `_` (what
//!   browsers serialize for DNS names);
//! - for patterns, two forms no browser ever sends are "either way" ([`Verdict::Either`]):
//!   an explicit default port under a `:*` pattern (`https://h:443`: the same origin as
//!   `https://h`), and a host over 253 bytes (no DNS name is that long).

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

impl Spec {
    /// SPEC 10, read from its text alone: whether a request that is not a preflight is
    /// refused before the handler. `Yes` for an unsafe method or a WebSocket handshake
    /// that no trust rule admits; `Either` when the only rule that could admit it rests
    /// on an origin form no browser sends.
    pub fn refuses_untrusted(&self, method: &Method, request: &HeaderMap) -> Verdict {
        if self.cross_origin_writes || self.any_origin {
            return Verdict::No;
        }
        let lines = |name: &str| -> Vec<&[u8]> {
            request.get_all(name).iter().map(|v| v.as_bytes()).collect()
        };
        let guarded = match method.as_str() {
            "GET" => {
                let upgrade = lines("upgrade");
                !lines("sec-websocket-key").is_empty()
                    || acrh_combined_len(&upgrade) > UPGRADE_MAX_BYTES
                    || request_header_names(&upgrade).iter().any(|protocol| {
                        let name = protocol.split(|&b| b == b'/').next().unwrap_or(b"");
                        name.trim_ascii().eq_ignore_ascii_case(b"websocket")
                    })
            }
            "HEAD" | "OPTIONS" => false,
            _ => true,
        };
        if !guarded {
            return Verdict::No;
        }
        let sites = lines("sec-fetch-site");
        if let [site] = sites[..]
            && (site == b"same-origin" || site == b"none")
        {
            return Verdict::No;
        }
        let origins = lines("origin");
        let listed = match origins[..] {
            [one] => self.origin(one),
            _ => Verdict::No,
        };
        let own = match (sites.is_empty(), &origins[..]) {
            (true, []) => Verdict::Yes,
            (true, [one]) => lines("host")
                .first()
                .map_or(Verdict::No, |host| names_the_server(one, host)),
            _ => Verdict::No,
        };
        // Trusted when either rule is: refused when neither is.
        match (listed, own) {
            (Verdict::Yes, _) | (_, Verdict::Yes) => Verdict::No,
            (Verdict::No, Verdict::No) => Verdict::Yes,
            _ => Verdict::Either,
        }
    }
}

/// Whether `origin` (`scheme://host[:port]`) names the server at `host` (a `Host`
/// value): the two compared as lowercase text once the scheme's default port is cut
/// from the end of each. `Either` when either side is not `host[:port]` as browsers
/// write it (userinfo, a path, two colons, an unclosed bracket): which part is the port
/// is then anyone's guess.
fn names_the_server(origin: &[u8], host: &[u8]) -> Verdict {
    let origin = origin.to_ascii_lowercase();
    let host = host.to_ascii_lowercase();
    let Some(at) = origin.windows(3).position(|w| w == b"://") else {
        return Verdict::No;
    };
    // `host[:port]` as browsers write it: a DNS name or an IPv4 address in
    // `[a-z0-9.-_]`, or an IPv6 literal in brackets, then digits after one colon.
    let well_formed = |text: &[u8]| {
        let (host, port) = match text.first() {
            Some(b'[') => match text.iter().position(|&b| b == b']') {
                Some(close) => (&text[..=close], &text[close + 1..]),
                None => return false,
            },
            _ => match text.iter().position(|&b| b == b':') {
                Some(colon) => (&text[..colon], &text[colon..]),
                None => (text, &b""[..]),
            },
        };
        let host_ok = if host.first() == Some(&b'[') {
            host[1..host.len() - 1]
                .iter()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
        } else {
            !host.is_empty()
                && host
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        };
        let port_ok = port.is_empty()
            || (port[0] == b':' && port.len() > 1 && port[1..].iter().all(u8::is_ascii_digit));
        host_ok && port_ok
    };
    if !well_formed(&origin[at + 3..]) || !well_formed(&host) {
        return Verdict::Either;
    }
    let (scheme, authority) = (&origin[..at], &origin[at + 3..]);
    let suffix: &[u8] = match scheme {
        b"https" => b":443",
        b"http" => b":80",
        _ => b"",
    };
    let cut = |text: &[u8]| -> Vec<u8> {
        match text.strip_suffix(suffix) {
            Some(rest) if !suffix.is_empty() => rest.to_vec(),
            _ => text.to_vec(),
        }
    };
    Verdict::from_bool(
        !authority.starts_with(b":") && !cut(authority).is_empty() && cut(authority) == cut(&host),
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
}
