//! One entry of `origins = [...]`: `"*"`, an exact origin in the canonical form browsers send, or a
//! pattern (`scheme://*.domain[:port]`, `scheme://host:*`, `scheme://*.domain:*`).

use std::net::Ipv4Addr;

use crate::host::{self, HostKind};
use crate::problem::Problem;
use crate::public_suffix;
use crate::token::{describe_char, shown};

/// A checked origin entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// `"*"`: any origin.
    Any,
    /// An exact origin, already canonical: `serialized` is byte for byte what a browser sends.
    Exact {
        /// `scheme://host[:port]`.
        serialized: String,
        /// The scheme, lowercase, such as `https`.
        scheme: String,
        /// The host as serialized: a domain, an IPv4 address, or an IPv6 address in brackets.
        host: String,
        /// The port, absent when it is the scheme's default (browsers then send none).
        port: Option<u16>,
    },
    /// `scheme://*.domain[:port]`, `scheme://host:*`, or `scheme://*.domain:*`.
    Pattern {
        /// The scheme, lowercase.
        scheme: String,
        /// The fixed host, or the domain under `*.` (no leading dot).
        host: String,
        /// Whether this is a `*.` pattern: one or more labels under `host`, never `host` itself.
        subdomains: bool,
        /// Which ports match.
        port: PortPattern,
    },
}

/// The ports a pattern matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PortPattern {
    /// No port in the origin: only the scheme's default.
    Default,
    /// Exactly this (non-default) port.
    Exact(u16),
    /// `:*`: any port, the default one included.
    Any,
}

/// Schemes whose URLs have no host of their own: browsers send `null`, or the creator's origin.
const NON_NETWORK: [&str; 7] = ["about", "blob", "data", "file", "filesystem", "javascript", "mailto"];

/// The origin written when a suggestion needs an example.
const EXAMPLE: &str = "https://example.com";

/// Checks one origin entry.
pub(crate) fn parse_origin(s: &str) -> Result<Origin, Problem> {
    if s.is_empty() {
        return Err(Problem::new(
            "empty origin",
            format!("write an origin such as `{EXAMPLE}`, or `\"*\"` alone to allow any origin"),
        ));
    }
    if s == "*" {
        return Ok(Origin::Any);
    }
    if let Some(c) = s.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let cleaned: String = s.chars().filter(|c| !(c.is_whitespace() || c.is_control())).collect();
        return Err(Problem::new(
            format!("origin `{}` contains {}", shown(s), describe_char(c)),
            if cleaned.is_empty() {
                format!("write an origin such as `{EXAMPLE}`")
            } else {
                format!("remove it: browsers never send whitespace or control characters; write `{}`", shown(&cleaned))
            },
        ));
    }
    if s.eq_ignore_ascii_case("null") {
        return Err(Problem::new(
            format!("`{s}` is not an origin a policy may allow"),
            "remove it: browsers send `null` for sandboxed iframes, `file:` pages, `data:` URLs and \
             some redirects, so allowing it lets any such document in; serve the page from a real \
             origin and list that",
        ));
    }
    let (scheme, rest) = split_scheme(s)?;
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if !tail.is_empty() {
        return Err(tail_problem(s, &format!("{scheme}://{authority}"), tail));
    }
    if let Some((userinfo, after)) = authority.rsplit_once('@') {
        return Err(Problem::new(
            format!("origin `{s}` has user information `{userinfo}@`"),
            format!(
                "remove `{userinfo}@`: browsers never send credentials in `Origin`; write `{scheme}://{after}`"
            ),
        ));
    }
    let (host, port_text) = split_port(s, scheme, authority)?;
    let port = parse_port(s, scheme, host, port_text)?;
    let port_suffix = port_text.map(|p| format!(":{p}")).unwrap_or_default();
    if host.is_ascii() && s.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(Problem::new(
            format!("origin `{s}` has upper-case letters"),
            format!(
                "write `{}://{}{port_suffix}`: browsers send the scheme and host in lowercase",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            ),
        ));
    }
    let (subdomains, base) = match host.strip_prefix("*.") {
        Some(base) => (true, base),
        None => (false, host),
    };
    if base.contains('*') {
        return Err(wildcard_host_problem(scheme, host, &port_suffix));
    }
    if subdomains && base.is_empty() {
        return Err(Problem::new(
            format!("`*.` in `{s}` is not followed by a domain"),
            format!("write a domain after `*.`, as in `{scheme}://*.example.com{port_suffix}`"),
        ));
    }
    if subdomains && host::looks_like_ip(base) {
        return Err(Problem::new(
            format!("`*.` in `{s}` precedes an IP address"),
            format!(
                "remove `*.`: an IP address has no subdomains; write `{scheme}://{base}{port_suffix}`"
            ),
        ));
    }
    let star = if subdomains { "*." } else { "" };
    host::parse_host(base, &|h| format!("{scheme}://{star}{h}{port_suffix}"))?;
    let (scheme, host) = (scheme.to_owned(), base.to_owned());
    Ok(match port {
        PortPattern::Default | PortPattern::Exact(_) if !subdomains => {
            let port = match port {
                PortPattern::Exact(p) => Some(p),
                _ => None,
            };
            Origin::Exact { serialized: format!("{scheme}://{host}{port_suffix}"), scheme, host, port }
        }
        port => Origin::Pattern { scheme, host, subdomains, port },
    })
}

impl Origin {
    /// A plain `http` origin or pattern whose host is not loopback (`localhost`, `*.localhost`,
    /// `127.0.0.0/8`, `[::1]`). `"*"` is not insecure in this sense.
    pub(crate) fn is_insecure(&self) -> bool {
        match self {
            Origin::Any => false,
            Origin::Exact { scheme, host, .. } | Origin::Pattern { scheme, host, .. } => {
                scheme == "http" && !is_loopback(host)
            }
        }
    }

    /// A subdomain pattern directly over a public suffix (`*.com`, `*.co.uk`, `*.github.io`, or
    /// an unlisted top-level domain by the list's default rule). `*.localhost` is exempt: every
    /// name under it is the local machine.
    pub(crate) fn is_over_public_suffix(&self) -> bool {
        match self {
            Origin::Pattern { host, subdomains: true, .. } => {
                host != "localhost" && public_suffix::is_public_suffix(host)
            }
            _ => false,
        }
    }
}

/// Whether `host` (as serialized) is the local machine.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
}

/// Splits `scheme://rest`, refusing origins without `://` and schemes that have no host.
fn split_scheme(s: &str) -> Result<(&str, &str), Problem> {
    let scheme = s.split_once(':').map(|(scheme, _)| scheme);
    let valid = scheme.is_some_and(|sc| {
        sc.starts_with(|c: char| c.is_ascii_alphabetic())
            && sc.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if let (Some(scheme), true) = (scheme, valid) {
        let after = &s[scheme.len() + 1..];
        let lower = scheme.to_ascii_lowercase();
        if NON_NETWORK.contains(&lower.as_str()) {
            return Err(non_network_problem(scheme, &lower));
        }
        if let Some(rest) = after.strip_prefix("//") {
            return Ok((scheme, rest));
        }
        // `localhost:3000`: a host and port without a scheme.
        if after == "*" || (!after.is_empty() && after.bytes().all(|b| b.is_ascii_digit())) {
            return Err(missing_scheme(s, s));
        }
        let authority = after.trim_start_matches(['/', '\\']);
        return Err(Problem::new(
            format!("origin `{s}` has no `://` after the scheme"),
            format!("write `{scheme}://{}`: an origin is `scheme://host[:port]`", before_path(authority)),
        ));
    }
    if let Some(rest) = s.strip_prefix(scheme.unwrap_or_default()).and_then(|r| r.strip_prefix("://")) {
        if let Some(sc) = scheme.filter(|sc| sc.contains('*')) {
            return Err(Problem::new(
                format!("`*` in the scheme of `{s}`"),
                format!(
                    "a scheme cannot be a wildcard: list each scheme you mean, as in `https://{}`",
                    before_path(rest)
                ),
            ));
        }
        if scheme.is_some_and(str::is_empty) {
            return Err(missing_scheme(s, rest));
        }
        return Err(Problem::new(
            format!("origin `{s}` has an invalid scheme `{}`", scheme.unwrap_or_default()),
            format!("a scheme is ASCII letters, digits, `+`, `-` and `.`, starting with a letter, as in `{EXAMPLE}`"),
        ));
    }
    Err(missing_scheme(s, s.trim_start_matches(['/', '\\'])))
}

/// The part of `s` before any path, query or fragment.
fn before_path(s: &str) -> &str {
    s.split(['/', '?', '#', '\\']).next().unwrap_or(s)
}

/// An origin without a scheme; `authority` is what follows, suggested with one.
fn missing_scheme(s: &str, authority: &str) -> Problem {
    let authority = before_path(authority);
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
    let scheme = if is_loopback(host) || host.ends_with("localhost") { "http" } else { "https" };
    Problem::new(
        format!("origin `{s}` has no scheme"),
        format!("write `{scheme}://{authority}`: an origin is `scheme://host[:port]`"),
    )
}

/// A `file:`, `data:`, `blob:`... entry.
fn non_network_problem(scheme: &str, lower: &str) -> Problem {
    if lower == "blob" || lower == "filesystem" {
        return Problem::new(
            format!("`{scheme}:` URLs are not origins"),
            format!(
                "list the origin of the page that created the URL, as in `{EXAMPLE}`: browsers send \
                 that origin for requests made from it"
            ),
        );
    }
    Problem::new(
        format!("`{scheme}:` URLs have no host, so they have no origin: browsers send `null` for them"),
        "serve the page over `https://` (or `http://localhost` during development) and list that origin",
    )
}

/// Something after the authority: a path, even a lone `/`, a query or a fragment.
fn tail_problem(s: &str, base: &str, tail: &str) -> Problem {
    if tail == "/" {
        return Problem::new(
            format!("origin `{s}` ends with `/`"),
            format!("remove the trailing `/`: browsers send `{base}`"),
        );
    }
    let what = match tail.chars().next() {
        Some('?') => "a query",
        Some('#') => "a fragment",
        _ => "a path",
    };
    Problem::new(
        format!("origin `{s}` has {what} `{tail}`"),
        format!("remove `{tail}`: an origin is only `scheme://host[:port]`, browsers send `{base}`"),
    )
}

/// Splits `host[:port]`; an IPv6 host keeps its brackets.
fn split_port<'a>(s: &str, scheme: &str, authority: &'a str) -> Result<(&'a str, Option<&'a str>), Problem> {
    if authority.starts_with('[') {
        let Some(close) = authority.find(']') else {
            return Ok((authority, None));
        };
        let (host, after) = authority.split_at(close + 1);
        return match after.strip_prefix(':') {
            _ if after.is_empty() => Ok((host, None)),
            Some(port) => Ok((host, Some(port))),
            None => Err(Problem::new(
                format!("origin `{s}` has `{after}` after the IPv6 address"),
                format!("write only `{scheme}://{host}`, followed by `:` and a port if needed"),
            )),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) if port.contains(':') => {
            let help = match authority.parse::<std::net::Ipv6Addr>() {
                Ok(addr) => format!("write `{scheme}://[{}]`: an IPv6 address goes in brackets", host::ipv6_to_string(addr)),
                Err(_) => "an IPv6 address goes in brackets, as in `[::1]`; a port is one `:` and digits".to_owned(),
            };
            Err(Problem::new(format!("host `{authority}` of `{s}` has more than one `:`"), help))
        }
        Some((host, port)) => Ok((host, Some(port))),
        None => Ok((authority, None)),
    }
}

/// The default port of a scheme browsers omit from origins.
fn default_port(scheme: &str) -> Option<u16> {
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// Checks the text after `:` in the authority.
fn parse_port(s: &str, scheme: &str, host: &str, port: Option<&str>) -> Result<PortPattern, Problem> {
    let Some(port) = port else {
        return Ok(PortPattern::Default);
    };
    let base = format!("{scheme}://{host}");
    if port.is_empty() {
        return Err(Problem::new(
            format!("origin `{s}` has an empty port"),
            format!("remove the final `:`: browsers send `{base}`"),
        ));
    }
    if port == "*" {
        return Ok(PortPattern::Any);
    }
    if port.contains('*') {
        return Err(Problem::new(
            format!("`*` in port `{port}` is not the whole port"),
            format!("write `{base}:*` for any port, or the port number alone"),
        ));
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::new(
            format!("port `{port}` of `{s}` is not a number"),
            format!("write the port in decimal digits, as in `{base}:8080`, or `{base}:*` for any port"),
        ));
    }
    let digits = port.trim_start_matches('0');
    let value = if digits.len() > 5 { None } else { digits.parse::<u32>().ok().or(Some(0)) };
    let value = match value.and_then(|v| u16::try_from(v).ok()) {
        None => {
            return Err(Problem::new(
                format!("port `{port}` is over 65535"),
                format!("write a port from 1 to 65535, as in `{base}:8080`: browsers refuse this URL"),
            ));
        }
        Some(0) => {
            return Err(Problem::new(
                format!("port `{port}` is not a port browsers can connect to"),
                format!("write the port the server listens on, as in `{base}:8080`, or `{base}:*` for any port"),
            ));
        }
        Some(v) => v,
    };
    let default = default_port(scheme) == Some(value);
    if digits.len() != port.len() {
        let canonical = if default { base.clone() } else { format!("{base}:{value}") };
        return Err(Problem::new(
            format!("port `{port}` has a leading zero"),
            format!("write `{canonical}`: browsers send ports without leading zeros{}", if default { " and omit the default port" } else { "" }),
        ));
    }
    if default {
        return Err(Problem::new(
            format!("port {value} is the default port of `{scheme}`"),
            format!("write `{base}`: browsers omit the default port"),
        ));
    }
    Ok(PortPattern::Exact(value))
}

/// A `*` elsewhere than a leading `*.` label.
fn wildcard_host_problem(scheme: &str, host: &str, port: &str) -> Problem {
    let help = if host == "*" {
        format!("write `\"*\"` alone to allow any origin, or `{scheme}://*.example.com{port}` for the subdomains of one domain")
    } else if let Some(rest) = host.strip_prefix('*').map(|r| r.trim_start_matches(['*', '.'])).filter(|r| !r.contains('*') && !r.is_empty()) {
        if host.starts_with("*.") || host.starts_with("**") {
            format!("write `{scheme}://*.{rest}{port}`: one `*.` already matches any number of labels")
        } else {
            format!(
                "write `{scheme}://*.{rest}{port}` for the subdomains of `{rest}`, and `{scheme}://{rest}{port}` \
                 if the domain itself is meant too"
            )
        }
    } else {
        format!(
            "`*` may only stand for leading labels, as in `{scheme}://*.example.com`, or for the whole port, \
             as in `{scheme}://localhost:*`; list these origins one by one"
        )
    };
    Problem::new(format!("`*` in host `{host}` is not a leading `*.` label"), help)
}

#[cfg(test)]
mod tests;
