//! One entry of `origins = [...]`: `"*"`, an exact origin in the canonical form browsers send, or a
//! pattern (`scheme://*.domain[:port]`, `scheme://host:*`, `scheme://*.domain:*`).

use std::net::Ipv4Addr;

use crate::host;
use crate::problem::Problem;
use crate::public_suffix;
use crate::token::{describe_char, shown};

/// Splitting and checking the port.
mod port;
/// Splitting and checking the scheme.
mod scheme;

use port::{parse_port, split_port};
use scheme::split_scheme;

/// A checked origin entry, as [`parse_origin`] returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
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
pub enum PortPattern {
    /// No port in the origin: only the scheme's default.
    Default,
    /// Exactly this (non-default) port.
    Exact(u16),
    /// `:*`: any port, the default one included.
    Any,
}

/// The origin written when a suggestion needs an example.
const EXAMPLE: &str = "https://example.com";

/// Checks one origin entry against every rule that concerns it alone.
///
/// ```
/// use cors_rules::{parse_origin, Origin, PortPattern};
///
/// assert_eq!(parse_origin("*"), Ok(Origin::Any));
/// let Ok(Origin::Pattern { host, port, .. }) = parse_origin("http://localhost:*") else {
///     panic!()
/// };
/// assert_eq!((host.as_str(), port), ("localhost", PortPattern::Any));
/// assert!(parse_origin("https://APP.example.com").is_err());
/// ```
pub fn parse_origin(s: &str) -> Result<Origin, Problem> {
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
        let cleaned: String = s
            .chars()
            .filter(|c| !(c.is_whitespace() || c.is_control()))
            .collect();
        return Err(Problem::new(
            format!("origin `{}` contains {}", shown(s), describe_char(c)),
            if cleaned.is_empty() {
                format!("write an origin such as `{EXAMPLE}`")
            } else {
                format!(
                    "remove it: browsers never send whitespace or control characters; write `{}`",
                    shown(&cleaned)
                )
            },
        ));
    }
    if s.eq_ignore_ascii_case("null") {
        return Err(Problem::new(
            format!("`{s}` is not an origin a policy may allow"),
            "remove it: browsers send `null` for sandboxed iframes, `file:` pages, `data:` URLs \
             and some redirects, so allowing it lets any such document in; serve the page from a \
             real origin and list that",
        ));
    }
    let (scheme, rest) = split_scheme(s)?;
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.is_empty() {
        let after = tail.trim_start_matches(['/', '\\']);
        let after = after.split(['/', '?', '#']).next().unwrap_or_default();
        return Err(Problem::new(
            format!("origin `{s}` has no host"),
            if after.is_empty() {
                format!("write a host after `{scheme}://`, as in `{EXAMPLE}`")
            } else {
                format!("write `{scheme}://{after}`: exactly two slashes follow the scheme")
            },
        ));
    }
    if !tail.is_empty() {
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        let host_port = port::without_default_port(scheme, host_port);
        return Err(tail_problem(s, &format!("{scheme}://{host_port}"), tail));
    }
    if let Some((userinfo, after)) = authority.rsplit_once('@') {
        return Err(Problem::new(
            format!("origin `{s}` has user information `{userinfo}@`"),
            format!(
                "remove `{userinfo}@`: browsers never send credentials in `Origin`; \
                 write `{scheme}://{after}`"
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
                "remove `*.`: an IP address has no subdomains; \
                 write `{scheme}://{base}{port_suffix}`"
            ),
        ));
    }
    let star = if subdomains { "*." } else { "" };
    let lower = scheme.to_ascii_lowercase();
    host::parse_host(base, &|h| format!("{lower}://{star}{h}{port_suffix}"))?;
    let (scheme, host) = (scheme.to_owned(), base.to_owned());
    Ok(match port {
        PortPattern::Default | PortPattern::Exact(_) if !subdomains => {
            let port = match port {
                PortPattern::Exact(p) => Some(p),
                _ => None,
            };
            Origin::Exact {
                serialized: format!("{scheme}://{host}{port_suffix}"),
                scheme,
                host,
                port,
            }
        }
        port => Origin::Pattern {
            scheme,
            host,
            subdomains,
            port,
        },
    })
}

impl Origin {
    /// A plain `http` origin or pattern whose host is not loopback (`localhost`, `*.localhost`,
    /// `127.0.0.0/8`, `[::1]`). `"*"` is not insecure in this sense.
    ///
    /// ```
    /// use cors_rules::parse_origin;
    ///
    /// assert!(parse_origin("http://api.example.com").unwrap().is_insecure());
    /// assert!(!parse_origin("http://localhost:3000").unwrap().is_insecure());
    /// ```
    pub fn is_insecure(&self) -> bool {
        match self {
            Origin::Any => false,
            Origin::Exact { scheme, host, .. } | Origin::Pattern { scheme, host, .. } => {
                scheme == "http" && !is_loopback(host)
            }
        }
    }

    /// A subdomain pattern directly over a public suffix (`*.com`, `*.co.uk`, `*.github.io`, an
    /// unlisted top-level domain by the list's default rule, or a domain whose children are all
    /// suffixes by a wildcard rule, `*.kawasaki.jp`). `*.localhost` is exempt: every name under
    /// it is the local machine.
    ///
    /// ```
    /// use cors_rules::parse_origin;
    ///
    /// assert!(parse_origin("https://*.co.uk").unwrap().is_over_public_suffix());
    /// assert!(!parse_origin("https://*.example.co.uk").unwrap().is_over_public_suffix());
    /// ```
    pub fn is_over_public_suffix(&self) -> bool {
        match self {
            Origin::Pattern {
                host,
                subdomains: true,
                ..
            } => host != "localhost" && public_suffix::is_over_public_suffix(host),
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
        format!(
            "remove `{tail}`: an origin is only `scheme://host[:port]`, browsers send `{base}`"
        ),
    )
}

/// A `*` elsewhere than a leading `*.` label.
fn wildcard_host_problem(scheme: &str, host: &str, port: &str) -> Problem {
    let help = if host == "*" {
        format!(
            "write `\"*\"` alone to allow any origin, or `{scheme}://*.example.com{port}` for \
             the subdomains of one domain"
        )
    } else if let Some(rest) = host
        .strip_prefix('*')
        .map(|r| r.trim_start_matches(['*', '.']))
        .filter(|r| !r.contains('*') && !r.is_empty())
    {
        if host.starts_with("*.") || host.starts_with("**") {
            format!(
                "write `{scheme}://*.{rest}{port}`: one `*.` already matches any number of labels"
            )
        } else {
            format!(
                "write `{scheme}://*.{rest}{port}` for the subdomains of `{rest}`, and \
                 `{scheme}://{rest}{port}` if the domain itself is meant too"
            )
        }
    } else {
        format!(
            "`*` may only stand for leading labels, as in `{scheme}://*.example.com`, or for the \
             whole port, as in `{scheme}://localhost:*`; list these origins one by one"
        )
    };
    Problem::new(
        format!("`*` in host `{host}` is not a leading `*.` label"),
        help,
    )
}

#[cfg(test)]
mod tests;
