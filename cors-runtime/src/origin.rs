//! Origin matching: a compile-time hash table of exact origins, and origin patterns.
//!
//! The exact origins of a policy are laid out into an open-addressing table at compile
//! time (by the macros, with `cors_rules::OriginTable`), so finding one costs a hash of the request's `Origin` value
//! and a bounded number of probes, however many origins the policy lists.

use core::fmt;

/// How an allowed origin was matched.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AllowedBy {
    /// The policy allows any origin: answer `*`.
    Any,
    /// A configured exact origin or a pattern: answer with the request's own value (an
    /// exact origin is byte for byte the request's value).
    Listed,
}

/// Longest `Origin` value a pattern can ever match, beyond its scheme: `://`, a 253-byte
/// host and `:65535`. Exact origins are bounded by their own length.
pub(crate) const MAX_PATTERN_AUTHORITY_LEN: usize = 3 + 253 + 6;

/// The exact origins of a policy and their hash table (laid out by
/// [`cors_rules::OriginTable`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExactOrigins {
    pub(crate) origins: &'static [&'static str],
    pub(crate) slots: &'static [u16],
    pub(crate) max_probe: u16,
    /// Length of the longest exact origin: anything longer is not looked up.
    pub(crate) max_len: usize,
}

impl ExactOrigins {
    /// Whether `origin` is one of the configured origins, byte for byte.
    #[inline]
    pub(crate) fn contains(&self, origin: &[u8]) -> bool {
        let origins = self.origins;
        cors_rules::lookup(self.slots, self.max_probe, self.max_len, origin, |index| {
            origins[index].as_bytes()
        })
        .is_some()
    }

    /// The origins in the order they were written.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'static str> {
        self.origins.iter().copied()
    }
}

/// Which ports an origin pattern accepts. `S` holds text: `&'static str` in a compiled
/// policy, `String` in a live origin set.
#[derive(Debug, Clone, Copy)]
pub enum PortMatch<S = &'static str> {
    /// No port in the origin: the scheme's default port.
    Default,
    /// Exactly this port, as canonical decimal digits.
    Exact(S),
    /// Any port, the default one included (`:*`).
    Any,
}

/// An origin pattern: `scheme://*.domain[:port]`, `scheme://host:*` or
/// `scheme://*.domain:*`, already checked (at compile time, or when a live origin set was
/// filled). `S` holds text, as for [`PortMatch`].
#[derive(Debug, Clone, Copy)]
pub struct OriginPattern<S = &'static str> {
    /// The scheme, without `://`.
    pub scheme: S,
    /// The fixed host, or the domain under `*.` (no leading dot).
    pub host: S,
    /// `*.host`: one or more labels under `host`, never `host` itself.
    pub subdomains: bool,
    /// The ports accepted.
    pub port: PortMatch<S>,
}

impl OriginPattern<String> {
    /// A checked pattern, laid out.
    pub(crate) fn from_checked(pattern: cors_rules::Pattern) -> Self {
        OriginPattern {
            scheme: pattern.scheme,
            host: pattern.host,
            subdomains: pattern.subdomains,
            port: match pattern.port {
                cors_rules::PortPattern::Default => PortMatch::Default,
                cors_rules::PortPattern::Exact(port) => PortMatch::Exact(port.to_string()),
                cors_rules::PortPattern::Any => PortMatch::Any,
            },
        }
    }
}

impl<S: AsRef<str>> OriginPattern<S> {
    /// Whether the request's `Origin` value matches this pattern.
    pub(crate) fn matches(&self, origin: &[u8]) -> bool {
        // The scheme is as long as the validator let it be.
        if origin.len() > self.scheme.as_ref().len() + MAX_PATTERN_AUTHORITY_LEN {
            return false;
        }
        let Some(authority) = origin
            .strip_prefix(self.scheme.as_ref().as_bytes())
            .and_then(|rest| rest.strip_prefix(b"://"))
        else {
            return false;
        };
        // A host never holds `:` outside brackets, and a bracketed one ends with `]`: the
        // port, if any, is what follows a `:` among the last six bytes.
        let host = match self.port {
            // Any port left on it makes the host fail below.
            PortMatch::Default => authority,
            PortMatch::Exact(ref want) => match authority
                .strip_suffix(want.as_ref().as_bytes())
                .and_then(|rest| rest.strip_suffix(b":"))
            {
                Some(host) => host,
                None => return false,
            },
            PortMatch::Any => {
                let tail = authority.len().saturating_sub(6);
                match authority[tail..].iter().rposition(|&b| b == b':') {
                    Some(at) if is_port(&authority[tail + at + 1..]) => &authority[..tail + at],
                    // No port; an invalid one stays on the host, which then fails.
                    _ => authority,
                }
            }
        };
        self.host_matches(host)
    }

    fn host_matches(&self, host: &[u8]) -> bool {
        let want = self.host.as_ref().as_bytes();
        if !self.subdomains {
            return host == want;
        }
        // `sub.labels` + `.` + `host`, with at least one label before the dot.
        if host.len() < want.len() + 2 || !host.ends_with(want) {
            return false;
        }
        let prefix = &host[..host.len() - want.len()];
        let Some(labels) = prefix.strip_suffix(b".") else {
            return false;
        };
        are_labels(labels)
    }
}

impl<S: AsRef<str>> fmt::Display for OriginPattern<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://", self.scheme.as_ref())?;
        if self.subdomains {
            f.write_str("*.")?;
        }
        f.write_str(self.host.as_ref())?;
        match &self.port {
            PortMatch::Default => Ok(()),
            PortMatch::Exact(port) => write!(f, ":{}", port.as_ref()),
            PortMatch::Any => f.write_str(":*"),
        }
    }
}

/// A port as browsers serialize it: 1 to 65535, decimal, no leading zero.
fn is_port(port: &[u8]) -> bool {
    if port.is_empty() || port.len() > 5 || port[0] == b'0' {
        return false;
    }
    let mut value: u32 = 0;
    for &b in port {
        if !b.is_ascii_digit() {
            return false;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    value <= 65535
}

/// The bytes of a DNS label as browsers serialize hosts: `a-z`, `0-9`, `-`, `_`.
static LABEL_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_';
        b += 1;
    }
    table
};

/// One or more DNS labels separated by single dots, each 1 to 63 label bytes: checked in
/// one pass.
fn are_labels(labels: &[u8]) -> bool {
    let mut len = 0usize;
    for &b in labels {
        if b == b'.' {
            if len == 0 {
                return false;
            }
            len = 0;
        } else if LABEL_BYTE[usize::from(b)] && len < 63 {
            len += 1;
        } else {
            return false;
        }
    }
    len > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINS: &[&str] = &[
        "https://a.example",
        "https://b.example",
        "http://localhost:3000",
        "https://c.example:8443",
    ];
    /// The table of `origins`, laid out as the macros and the startup checks lay it out.
    fn table_of(origins: &'static [&'static str]) -> ExactOrigins {
        let table = cors_rules::OriginTable::new(origins);
        ExactOrigins {
            origins,
            slots: Vec::leak(table.slots),
            max_probe: table.max_probe,
            max_len: table.max_len,
        }
    }

    fn table() -> ExactOrigins {
        table_of(ORIGINS)
    }

    #[test]
    fn finds_every_exact_origin_and_nothing_else() {
        let t = table();
        for o in ORIGINS {
            assert!(t.contains(o.as_bytes()), "{o}");
        }
        for o in [
            "https://a.example/",
            "https://A.example",
            "http://a.example",
            "",
            "https://d.example",
            "https://c.example:8443x",
        ] {
            assert!(!t.contains(o.as_bytes()), "{o}");
        }
    }

    #[test]
    fn probe_bound_covers_collisions() {
        // 40 origins in 128 slots: some clusters are inevitable, all must still be found.
        const MANY: &[&str] = &[
            "https://o0.example",
            "https://o1.example",
            "https://o2.example",
            "https://o3.example",
            "https://o4.example",
            "https://o5.example",
            "https://o6.example",
            "https://o7.example",
            "https://o8.example",
            "https://o9.example",
            "https://o10.example",
            "https://o11.example",
            "https://o12.example",
            "https://o13.example",
            "https://o14.example",
            "https://o15.example",
            "https://o16.example",
            "https://o17.example",
            "https://o18.example",
            "https://o19.example",
            "https://o20.example",
            "https://o21.example",
            "https://o22.example",
            "https://o23.example",
            "https://o24.example",
            "https://o25.example",
            "https://o26.example",
            "https://o27.example",
            "https://o28.example",
            "https://o29.example",
            "https://o30.example",
            "https://o31.example",
            "https://o32.example",
            "https://o33.example",
            "https://o34.example",
            "https://o35.example",
            "https://o36.example",
            "https://o37.example",
            "https://o38.example",
            "https://o39.example",
        ];
        let t = table_of(MANY);
        for o in MANY {
            assert!(t.contains(o.as_bytes()), "{o}");
        }
        assert!(!t.contains(b"https://o40.example"));
    }

    #[test]
    fn subdomain_pattern() {
        let p = OriginPattern {
            scheme: "https",
            host: "example.com",
            subdomains: true,
            port: PortMatch::Default,
        };
        assert!(p.matches(b"https://a.example.com"));
        assert!(p.matches(b"https://a.b-c.example.com"));
        assert!(p.matches(b"https://a_b.example.com"));
        for o in [
            "https://example.com",
            "https://.example.com",
            "https://a..example.com",
            "https://aexample.com",
            "https://a.example.com:443",
            "https://a.example.com:8443",
            "https://A.example.com",
            "http://a.example.com",
            "https://evil.com/.example.com",
            "https://a.example.com.evil.com",
            "https://a@b.example.com",
            "https://a.example.com/",
        ] {
            assert!(!p.matches(o.as_bytes()), "{o}");
        }
    }

    #[test]
    fn port_patterns() {
        let any = OriginPattern {
            scheme: "http",
            host: "localhost",
            subdomains: false,
            port: PortMatch::Any,
        };
        assert!(any.matches(b"http://localhost"));
        assert!(any.matches(b"http://localhost:5173"));
        assert!(any.matches(b"http://localhost:65535"));
        for o in [
            "http://localhost:",
            "http://localhost:0",
            "http://localhost:05173",
            "http://localhost:65536",
            "http://localhost:12a",
            "http://localhost:5173/",
            "http://localhostx:1",
            "http://sub.localhost:1",
        ] {
            assert!(!any.matches(o.as_bytes()), "{o}");
        }
        let v6 = OriginPattern {
            scheme: "http",
            host: "[::1]",
            subdomains: false,
            port: PortMatch::Any,
        };
        assert!(v6.matches(b"http://[::1]:8080"));
        assert!(v6.matches(b"http://[::1]"));
        assert!(!v6.matches(b"http://[::1]x"));
        // Digits glued to the literal are not a port: no `:`, no match.
        assert!(!v6.matches(b"http://[::1]3000"));
        assert!(!v6.matches(b"http://[::1]]:3000"));
        let v6_exact = OriginPattern {
            port: PortMatch::Exact("3000"),
            ..v6
        };
        assert!(v6_exact.matches(b"http://[::1]:3000"));
        assert!(!v6_exact.matches(b"http://[::1]3000"));
        assert!(!v6.matches(b"http://[::1"));
        let exact = OriginPattern {
            scheme: "https",
            host: "example.com",
            subdomains: true,
            port: PortMatch::Exact("8443"),
        };
        assert!(exact.matches(b"https://a.example.com:8443"));
        assert!(!exact.matches(b"https://a.example.com"));
        assert!(!exact.matches(b"https://a.example.com:844"));
    }

    #[test]
    fn a_long_scheme_still_matches() {
        let scheme: &'static str = String::leak("a".repeat(290));
        let p = OriginPattern {
            scheme,
            host: "localhost",
            subdomains: false,
            port: PortMatch::Any,
        };
        assert!(p.matches(format!("{scheme}://localhost").as_bytes()));
        assert!(p.matches(format!("{scheme}://localhost:65535").as_bytes()));
        assert!(!p.matches(format!("{scheme}://localhostx").as_bytes()));
    }

    #[test]
    fn overlong_origin_never_matches() {
        let p = OriginPattern {
            scheme: "https",
            host: "example.com",
            subdomains: true,
            port: PortMatch::Any,
        };
        let mut long = b"https://".to_vec();
        for _ in 0..200 {
            long.extend_from_slice(b"a.");
        }
        long.extend_from_slice(b"example.com");
        assert!(!p.matches(&long));
    }
}
