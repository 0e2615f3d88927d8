//! The scheme of an origin and the `://` after it.

use super::{EXAMPLE, is_loopback};
use crate::problem::Problem;

/// Schemes whose URLs have no host of their own: browsers send `null`, or the creator's origin.
const NON_NETWORK: [&str; 7] = [
    "about",
    "blob",
    "data",
    "file",
    "filesystem",
    "javascript",
    "mailto",
];

/// Splits `scheme://rest`, refusing origins without `://` and schemes that have no host.
pub(super) fn split_scheme(s: &str) -> Result<(&str, &str), Problem> {
    // `https//app.example.com`: the `:` is missing.
    if let Some((scheme, rest)) = s.split_once("//")
        && !scheme.is_empty()
        && !scheme.contains(':')
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return Err(Problem::new(
            format!("origin `{s}` has no `:` after the scheme `{scheme}`"),
            format!(
                "write `{}://{}`: an origin is `scheme://host[:port]`",
                scheme.to_ascii_lowercase(),
                before_path(rest)
            ),
        ));
    }
    let scheme = s.split_once(':').map(|(scheme, _)| scheme);
    let valid = scheme.is_some_and(|sc| {
        sc.starts_with(|c: char| c.is_ascii_alphabetic())
            && sc
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if let (Some(scheme), true) = (scheme, valid) {
        let after = &s[scheme.len() + 1..];
        let lower = scheme.to_ascii_lowercase();
        if NON_NETWORK.contains(&lower.as_str()) {
            return Err(non_network_problem(scheme, &lower));
        }
        if let Some(page) = websocket_page_scheme(&lower) {
            return Err(websocket_problem(scheme, page, after));
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
            format!(
                "write `{scheme}://{}`: an origin is `scheme://host[:port]`",
                before_path(authority)
            ),
        ));
    }
    if let Some(rest) = s
        .strip_prefix(scheme.unwrap_or_default())
        .and_then(|r| r.strip_prefix("://"))
    {
        if scheme.is_some_and(|sc| sc.contains('*')) {
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
            format!(
                "origin `{s}` has an invalid scheme `{}`",
                scheme.unwrap_or_default()
            ),
            format!(
                "a scheme is ASCII letters, digits, `+`, `-` and `.`, starting with a letter, \
                 as in `{EXAMPLE}`"
            ),
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
    // Development servers on loopback usually speak plain HTTP; anything else, HTTPS. Both
    // are named: the scheme is part of the origin, and only the page's own one matches.
    let (likely, other, over) = if is_loopback(host) {
        ("http", "https", "HTTPS")
    } else {
        ("https", "http", "plain HTTP")
    };
    Problem::new(
        format!("origin `{s}` has no scheme"),
        format!(
            "write `{likely}://{authority}`, or `{other}://{authority}` if the page is served \
             over {over}: an origin is `scheme://host[:port]`, and its scheme is the page's own"
        ),
    )
}

/// The page scheme matching a WebSocket scheme, for `ws` and `wss`.
fn websocket_page_scheme(lower: &str) -> Option<&'static str> {
    match lower {
        "ws" => Some("http"),
        "wss" => Some("https"),
        _ => None,
    }
}

/// A `ws:` or `wss:` entry: no page has such a URL, so no browser sends such an origin.
fn websocket_problem(scheme: &str, page: &str, after: &str) -> Problem {
    Problem::new(
        format!(
            "`{scheme}:` is a WebSocket scheme, not the scheme of a page: no browser sends a \
             `{scheme}:` origin, so this entry never matches"
        ),
        format!(
            "list the origin of the page that opens the socket, as in `{page}://{}`; CORS does \
             not cover WebSocket handshakes: check their `Origin` in the upgrade handler",
            super::port::without_default_port(
                page,
                before_path(after.trim_start_matches(['/', '\\']))
            )
        ),
    )
}

/// A `file:`, `data:`, `blob:`... entry.
fn non_network_problem(scheme: &str, lower: &str) -> Problem {
    if lower == "blob" || lower == "filesystem" {
        return Problem::new(
            format!("`{scheme}:` URLs are not origins"),
            format!(
                "list the origin of the page that created the URL, as in `{EXAMPLE}`: browsers \
                 send that origin for requests made from it"
            ),
        );
    }
    Problem::new(
        format!(
            "`{scheme}:` URLs have no host, so they have no origin: browsers send `null` for them"
        ),
        "serve the page over `https://` (or `http://localhost` during development) and list \
         that origin",
    )
}
