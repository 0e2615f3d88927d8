//! The port of an origin: absent, `*`, or a canonical non-default number.

use super::PortPattern;
use crate::host;
use crate::problem::Problem;

/// Splits `host[:port]`; an IPv6 host keeps its brackets.
pub(super) fn split_port<'a>(
    s: &str,
    scheme: &str,
    authority: &'a str,
) -> Result<(&'a str, Option<&'a str>), Problem> {
    if authority.starts_with('[') || authority.starts_with("*.[") {
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
        Some((_, port)) if port.contains(':') => {
            let help = match authority.parse::<std::net::Ipv6Addr>() {
                Ok(addr) => {
                    let canonical = format!("[{}]", host::ipv6_to_string(addr));
                    let with_host = |h: &str| format!("{scheme}://{h}");
                    match addr.to_ipv4_mapped() {
                        Some(v4) => host::ipv4_mapped_help(v4, &canonical, &with_host),
                        None => format!(
                            "write `{}`: an IPv6 address goes in brackets",
                            with_host(&canonical)
                        ),
                    }
                }
                Err(_) => {
                    "an IPv6 address goes in brackets, as in `[::1]`; a port is one `:` and digits"
                        .to_owned()
                }
            };
            Err(Problem::new(
                format!("host `{authority}` of `{s}` has more than one `:`"),
                help,
            ))
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

/// `host_port` without a `:port` that is the scheme's default (for suggestions).
pub(super) fn without_default_port<'a>(scheme: &str, host_port: &'a str) -> &'a str {
    match host_port.rsplit_once(':') {
        Some((host, port))
            if !host.is_empty() && port.parse::<u16>().ok() == default_port(scheme) =>
        {
            host
        }
        _ => host_port,
    }
}

/// Checks the text after `:` in the authority.
pub(super) fn parse_port(
    s: &str,
    scheme: &str,
    host: &str,
    port: Option<&str>,
) -> Result<PortPattern, Problem> {
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
            format!(
                "write the port in decimal digits, as in `{base}:8080`, or `{base}:*` for any port"
            ),
        ));
    }
    let digits = port.trim_start_matches('0');
    let value = if digits.len() > 5 {
        None
    } else {
        digits.parse::<u32>().ok().or(Some(0))
    };
    let value = match value.and_then(|v| u16::try_from(v).ok()) {
        None => {
            return Err(Problem::new(
                format!("port `{port}` is over 65535"),
                format!(
                    "write a port from 1 to 65535, as in `{base}:8080`: browsers refuse this URL"
                ),
            ));
        }
        Some(0) => {
            return Err(Problem::new(
                format!("port `{port}` is not a port browsers can connect to"),
                format!(
                    "write the port the server listens on, as in `{base}:8080`, \
                     or `{base}:*` for any port"
                ),
            ));
        }
        Some(v) => v,
    };
    let default = default_port(scheme) == Some(value);
    if digits.len() != port.len() {
        let canonical = if default {
            base.clone()
        } else {
            format!("{base}:{value}")
        };
        return Err(Problem::new(
            format!("port `{port}` has a leading zero"),
            format!(
                "write `{canonical}`: browsers send ports without leading zeros{}",
                if default {
                    " and omit the default port"
                } else {
                    ""
                }
            ),
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
