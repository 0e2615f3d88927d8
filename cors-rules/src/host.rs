//! The host of an origin, checked against what browsers serialize (WHATWG URL): an ASCII domain,
//! an IPv4 address in four decimal parts, or an IPv6 address in its one canonical form.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::idna_table;
use crate::problem::Problem;
use crate::punycode;
use crate::token::{describe_char, shown};

/// What a valid, canonical host is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HostKind {
    /// A domain name such as `example.com` or `localhost`.
    Domain,
    /// An IPv4 address such as `127.0.0.1`.
    Ipv4(Ipv4Addr),
    /// An IPv6 address in brackets such as `[::1]`.
    Ipv6(Ipv6Addr),
}

/// Longest host name DNS allows, in bytes.
const MAX_HOST: usize = 253;
/// Longest label DNS allows, in bytes.
const MAX_LABEL: usize = 63;

/// Checks `host` (IPv6 in brackets; known free of ASCII upper case, whitespace and `*`).
/// `with_host` rebuilds the whole origin around a replacement host, for suggestions.
pub(crate) fn parse_host(
    host: &str,
    with_host: &dyn Fn(&str) -> String,
) -> Result<HostKind, Problem> {
    if host.is_empty() {
        return Err(Problem::new(
            "the origin has no host",
            format!("write a host, as in `{}`", with_host("example.com")),
        ));
    }
    if let Some(inner) = host.strip_prefix('[') {
        return parse_ipv6(host, inner.strip_suffix(']').unwrap_or(inner), with_host);
    }
    if !host.is_ascii() {
        let help = match punycode::domain_to_ascii(host) {
            Some(ascii) => format!(
                "write the Punycode form browsers send: `{}`",
                with_host(&ascii)
            ),
            None => "write the host in the Punycode (`xn--`) form browsers send".to_owned(),
        };
        return Err(Problem::new(
            format!("host `{}` is not ASCII", shown(host)),
            help,
        ));
    }
    if let Some(c) = host
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(Problem::new(
            format!("host `{}` contains {}", shown(host), describe_char(c)),
            "a host name has only the letters a-z, digits, `-` and `_`, in labels separated by \
             dots; an IPv6 address goes in brackets, as in `[::1]`",
        ));
    }
    if ends_in_number(host) {
        return parse_ipv4(host, with_host).map(HostKind::Ipv4);
    }
    check_domain(host, with_host)?;
    Ok(HostKind::Domain)
}

/// Whether browsers parse `host` as an IPv4 address: its last label (a trailing dot aside) is a
/// decimal number or `0x` followed by hex digits. Also true for a bracketed IPv6 address.
pub(crate) fn looks_like_ip(host: &str) -> bool {
    host.starts_with('[') || ends_in_number(host)
}

/// The WHATWG "ends in a number" test.
fn ends_in_number(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let last = host.rsplit('.').next().unwrap_or(host);
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    last.strip_prefix("0x")
        .or_else(|| last.strip_prefix("0X"))
        .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Checks the labels of a domain name.
fn check_domain(host: &str, with_host: &dyn Fn(&str) -> String) -> Result<(), Problem> {
    if let Some(trimmed) = host
        .strip_suffix('.')
        .filter(|t| !t.is_empty() && !t.ends_with('.'))
    {
        return Err(Problem::new(
            format!("host `{host}` ends with a dot"),
            format!(
                "remove the final `.`: `{}` is the origin browsers send for this site; \
                 the dotted form is a different origin",
                with_host(trimmed)
            ),
        ));
    }
    if host.split('.').any(str::is_empty) {
        return Err(Problem::new(
            format!("host `{host}` has an empty label"),
            "write the labels separated by single dots, as in `example.com`, \
             with no dot at the start or the end",
        ));
    }
    if let Some(label) = host.split('.').find(|l| l.len() > MAX_LABEL) {
        return Err(Problem::new(
            format!(
                "label `{label}` is {} bytes long, over the limit of {MAX_LABEL}",
                label.len()
            ),
            "shorten the label: no DNS name has a label over 63 bytes, so no browser sends it",
        ));
    }
    if host.len() > MAX_HOST {
        return Err(Problem::new(
            format!(
                "host is {} bytes long, over the limit of {MAX_HOST}",
                host.len()
            ),
            "shorten the host: no DNS name is over 253 bytes, so no browser sends it",
        ));
    }
    for label in host.split('.') {
        if let Some(code) = label.strip_prefix("xn--") {
            check_a_label(label, code)?;
        }
    }
    Ok(())
}

/// Checks an `xn--` label the way browsers do (UTS #46 as the WHATWG URL standard runs it):
/// browsers refuse a host with a label that is not valid Punycode, that decodes to nothing but
/// ASCII or to another `xn--` label, or whose code points IDNA disallows; and they serialize
/// the label as the canonical encoding of what it decodes to. A label failing any of these
/// would never match. Not checked: NFC, the Bidi rule and the joiner rules, which only
/// unusual combinations of valid code points fail.
fn check_a_label(label: &str, code: &str) -> Result<(), Problem> {
    let Some(decoded) = punycode::decode(code) else {
        return Err(Problem::new(
            format!("label `{label}` is not valid Punycode"),
            "copy the host from the browser's address bar, or write the name in Unicode to get \
             its `xn--` form suggested; browsers refuse this host",
        ));
    };
    let text: String = decoded.iter().collect();
    if decoded.iter().all(char::is_ascii) {
        return Err(Problem::new(
            format!("label `{label}` does not encode any non-ASCII character"),
            if text.is_empty() {
                "an `xn--` label carries the Punycode of an internationalized name; \
                 browsers refuse an empty one"
                    .to_owned()
            } else {
                format!(
                    "write the label as `{text}`: browsers refuse an `xn--` label that decodes to ASCII"
                )
            },
        ));
    }
    if text.starts_with("xn--") {
        return Err(Problem::new(
            format!("label `{label}` decodes to another `xn--` label"),
            "browsers refuse a label that decodes to `xn--`; write the name once encoded",
        ));
    }
    if let Some(c) = decoded
        .iter()
        .copied()
        .find(|&c| !c.is_ascii() && !in_table(idna_table::VALID, c))
    {
        return Err(Problem::new(
            format!(
                "label `{label}` decodes to `{}`, and IDNA does not allow {} (U+{:04X}) in a host",
                shown(&text),
                describe_char(c),
                u32::from(c)
            ),
            "browsers refuse this host; write the name as it appears in the address bar",
        ));
    }
    if decoded
        .first()
        .is_some_and(|&c| in_table(idna_table::MARKS, c))
    {
        return Err(Problem::new(
            format!(
                "label `{label}` decodes to `{}`, which starts with a combining mark",
                shown(&text)
            ),
            "browsers refuse a label that starts with a combining mark; \
             write the name as it appears in the address bar",
        ));
    }
    let canonical = punycode::encode(&text).unwrap_or_default();
    if canonical != code {
        return Err(Problem::new(
            format!(
                "label `{label}` is not the Punycode browsers send for `{}`",
                shown(&text)
            ),
            format!(
                "write `xn--{canonical}`: browsers serialize the name that way, so `{label}` never matches"
            ),
        ));
    }
    Ok(())
}

/// Whether `c` falls in one of the sorted, disjoint inclusive ranges of `table`.
fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = u32::from(c);
    table
        .binary_search_by(|&(start, end)| {
            if end < c {
                std::cmp::Ordering::Less
            } else if start > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Parses an IPv4 host the way browsers do (WHATWG URL): one to four parts, each decimal,
/// `0x` hex or `0`-prefixed octal. Only the canonical dotted-decimal form is accepted.
fn parse_ipv4(host: &str, with_host: &dyn Fn(&str) -> String) -> Result<Ipv4Addr, Problem> {
    let Some(addr) = whatwg_ipv4(host) else {
        return Err(Problem::new(
            format!("host `{host}` is not a valid IPv4 address"),
            "write four decimal numbers from 0 to 255, as in `127.0.0.1`: browsers read a host \
             whose last label is a number as an IPv4 address, and refuse this one",
        ));
    };
    let canonical = addr.to_string();
    if canonical != host {
        return Err(Problem::new(
            format!("IPv4 address `{host}` is not in the form browsers send"),
            format!(
                "write `{}`: browsers send IPv4 addresses as four decimal numbers \
                 without leading zeros",
                with_host(&canonical)
            ),
        ));
    }
    Ok(addr)
}

/// The WHATWG IPv4 parser; `None` where it fails.
fn whatwg_ipv4(host: &str) -> Option<Ipv4Addr> {
    let host = host.strip_suffix('.').unwrap_or(host);
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let numbers = parts
        .iter()
        .map(|p| ipv4_number(p))
        .collect::<Option<Vec<u64>>>()?;
    let (last, init) = numbers.split_last()?;
    if init.iter().any(|&n| n > 255) || *last >= 256u64.pow(5 - u32::try_from(numbers.len()).ok()?)
    {
        return None;
    }
    let mut value = *last;
    for (i, n) in init.iter().enumerate() {
        value += n << (8 * (3 - i));
    }
    Some(Ipv4Addr::from(u32::try_from(value).ok()?))
}

/// One part of an IPv4 host: `0x` hex, `0`-prefixed octal, or decimal. Saturates far above
/// `u32::MAX`, which is refused anyway.
fn ipv4_number(part: &str) -> Option<u64> {
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else if part.is_empty() {
            return None;
        } else {
            (part, 10)
        };
    let mut value: u64 = 0;
    for c in digits.chars() {
        let d = u64::from(c.to_digit(radix)?);
        value = value
            .saturating_mul(u64::from(radix))
            .saturating_add(d)
            .min(1 << 40);
    }
    Some(value)
}

/// Parses a bracketed IPv6 host and insists on its canonical form.
fn parse_ipv6(
    host: &str,
    inner: &str,
    with_host: &dyn Fn(&str) -> String,
) -> Result<HostKind, Problem> {
    let addr = match inner.parse::<Ipv6Addr>() {
        Ok(addr) if host.ends_with(']') => addr,
        _ => {
            return Err(Problem::new(
                format!("host `{}` is not a valid IPv6 address", shown(host)),
                "write an IPv6 address in brackets, in the form browsers send, as in `[::1]` or \
                 `[2001:db8::1]`; zone identifiers (`%eth0`) are not allowed",
            ));
        }
    };
    let canonical = format!("[{}]", ipv6_to_string(addr));
    if canonical != host {
        if let Some(v4) = addr.to_ipv4_mapped() {
            return Err(Problem::new(
                format!("IPv6 address `{host}` is an IPv4-mapped address"),
                ipv4_mapped_help(v4, &canonical, with_host),
            ));
        }
        let what = if inner.contains('.') {
            "is written with a dotted IPv4 part"
        } else {
            "is not in the form browsers send"
        };
        return Err(Problem::new(
            format!("IPv6 address `{host}` {what}"),
            format!(
                "write `{}`: browsers send IPv6 addresses in lowercase hex without leading zeros, \
                 the first longest run of zeros as `::`, and never with dots",
                with_host(&canonical)
            ),
        ));
    }
    Ok(HostKind::Ipv6(addr))
}

/// The help for an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) that is not in canonical form.
/// Such addresses are copied from the logs of dual-stack servers, which print IPv4 clients that
/// way: the page is then really at the IPv4 address, so that origin comes first. The hex form
/// (`canonical`, with brackets) is what a page opened at the IPv6 literal sends.
pub(crate) fn ipv4_mapped_help(
    v4: Ipv4Addr,
    canonical: &str,
    with_host: &dyn Fn(&str) -> String,
) -> String {
    format!(
        "dual-stack servers log IPv4 clients this way: a page at that IPv4 address sends `{}`, \
         so write that; only a page opened at the IPv6 literal itself sends `{}`",
        with_host(&v4.to_string()),
        with_host(canonical)
    )
}

/// The WHATWG serialization of an IPv6 address (no brackets).
pub(crate) fn ipv6_to_string(addr: Ipv6Addr) -> String {
    let pieces = addr.segments();
    // The first longest run of two or more zero pieces.
    let mut compress: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < 8 {
        let start = i;
        while i < 8 && pieces[i] == 0 {
            i += 1;
        }
        let len = i - start;
        if len >= 2 && compress.is_none_or(|(_, best)| len > best) {
            compress = Some((start, len));
        }
        i += 1;
    }
    let mut out = String::new();
    let mut i = 0;
    while i < 8 {
        if let Some((start, len)) = compress.filter(|&(start, _)| start == i) {
            out.push_str(if start == 0 { "::" } else { ":" });
            i += len;
            continue;
        }
        out.push_str(&format!("{:x}", pieces[i]));
        if i != 7 {
            out.push(':');
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests;
