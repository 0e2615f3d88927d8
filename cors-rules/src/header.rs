//! One entry of `allow_headers = [...]` (request headers a preflight may ask for) or
//! `expose_headers = [...]` (response headers scripts may read).

use crate::problem::Problem;
use crate::token::{TOKEN_PUNCTUATION, describe_char, first_non_tchar, shown};

/// A checked header entry, as [`parse_request_header`] and [`parse_response_header`]
/// return it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Header {
    /// `"*"`: any name.
    Any,
    /// A header name, lowercased.
    Name(String),
}

/// Fetch's forbidden request-header names: scripts can never set these, so a preflight never
/// asks for them.
const FORBIDDEN_REQUEST: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Fetch's forbidden request-header prefixes.
const FORBIDDEN_REQUEST_PREFIXES: [&str; 2] = ["proxy-", "sec-"];

/// CORS-safelisted response-header names: scripts can always read them.
const SAFELISTED_RESPONSE: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// Checks one `allow_headers` entry and returns it lowercased.
///
/// ```
/// use cors_rules::{parse_request_header, Header};
///
/// assert_eq!(parse_request_header("X-Request-Id"), Ok(Header::Name("x-request-id".into())));
/// assert!(parse_request_header("cookie").is_err());
/// ```
pub fn parse_request_header(s: &str) -> Result<Header, Problem> {
    let name = match token(s)? {
        None => return Ok(Header::Any),
        Some(name) => name,
    };
    let prefix = FORBIDDEN_REQUEST_PREFIXES
        .iter()
        .find(|p| name.starts_with(*p));
    if FORBIDDEN_REQUEST.contains(&name.as_str()) || prefix.is_some() {
        let why = match prefix {
            Some(p) => format!("browsers never let scripts set `{p}*` headers"),
            None => "browsers never let scripts set it".to_owned(),
        };
        let help = match name.as_str() {
            "cookie" | "cookie2" => format!(
                "remove `{s}`: the browser sends cookies itself; \
                 add the `credentials` flag to allow them"
            ),
            _ => format!("remove `{s}`: the browser sets it itself, so no preflight asks for it"),
        };
        return Err(Problem::new(
            format!("`{s}` is a forbidden request header: {why}"),
            help,
        ));
    }
    if name.starts_with("access-control-") {
        return Err(Problem::new(
            format!("`{s}` is a CORS response header, never sent by scripts"),
            format!(
                "remove `{s}`: the policy sends the `access-control-*` headers itself; \
                 list here the request headers your scripts set, such as `content-type`"
            ),
        ));
    }
    Ok(Header::Name(name))
}

/// Checks one `expose_headers` entry and returns it lowercased.
///
/// ```
/// use cors_rules::{parse_response_header, Header};
///
/// assert_eq!(parse_response_header("*"), Ok(Header::Any));
/// assert!(parse_response_header("content-type").unwrap_err().message.contains("already"));
/// ```
pub fn parse_response_header(s: &str) -> Result<Header, Problem> {
    let name = match token(s)? {
        None => return Ok(Header::Any),
        Some(name) => name,
    };
    if name == "set-cookie" || name == "set-cookie2" {
        return Err(Problem::new(
            format!("`{s}` is a forbidden response header: browsers never expose it to scripts"),
            format!(
                "remove `{s}`: the browser stores cookies itself; \
                 add the `credentials` flag to let it accept them"
            ),
        ));
    }
    if name == "origin" || name.starts_with("access-control-") {
        let what = if name == "origin" {
            "a request header"
        } else {
            "a CORS header meant for the browser"
        };
        return Err(Problem::new(
            format!("`{s}` is {what}, not a response header for scripts to read"),
            format!(
                "remove `{s}`: list the response headers your handler sets, such as `x-request-id`"
            ),
        ));
    }
    if SAFELISTED_RESPONSE.contains(&name.as_str()) {
        return Err(Problem::new(
            format!(
                "`{s}` is already exposed: scripts can always read CORS-safelisted response headers"
            ),
            format!(
                "remove `{s}`: `cache-control`, `content-language`, `content-length`, \
                 `content-type`, `expires`, `last-modified` and `pragma` need no listing"
            ),
        ));
    }
    Ok(Header::Name(name))
}

/// The rules both lists share: `"*"` gives `None`; an empty string or one that is not a token is
/// refused; otherwise the lowercased name.
fn token(s: &str) -> Result<Option<String>, Problem> {
    if s == "*" {
        return Ok(None);
    }
    if s.is_empty() {
        return Err(Problem::new(
            "empty header name",
            "write a header name such as `x-request-id`, or remove the entry",
        ));
    }
    if let Some(c) = first_non_tchar(s) {
        let help = match s.split_once(':') {
            Some((name, _))
                if !name.trim().is_empty() && first_non_tchar(name.trim()).is_none() =>
            {
                format!(
                    "write only the name, without `:` and a value: `{}`",
                    name.trim()
                )
            }
            _ if s.trim() != s && first_non_tchar(s.trim()).is_none() => {
                format!("remove the surrounding whitespace: `{}`", s.trim())
            }
            _ if s.contains(',') => {
                "write one name per entry: `\"a\", \"b\"`, not `\"a, b\"`".to_owned()
            }
            _ => format!(
                "a header name is a token of ASCII letters, digits and `{TOKEN_PUNCTUATION}`, \
                 such as `x-request-id`"
            ),
        };
        return Err(Problem::new(
            format!(
                "`{}` is not a valid header name: it contains {}",
                shown(s),
                describe_char(c)
            ),
            help,
        ));
    }
    Ok(Some(s.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problem `s` is refused with in `allow_headers`.
    fn req_err(s: &str) -> Problem {
        parse_request_header(s).expect_err(s)
    }

    /// The problem `s` is refused with in `expose_headers`.
    fn resp_err(s: &str) -> Problem {
        parse_response_header(s).expect_err(s)
    }

    /// The accepted result for header name `s`.
    fn name(s: &str) -> Result<Header, Problem> {
        Ok(Header::Name(s.to_owned()))
    }

    #[test]
    fn request_headers_accepted_and_lowercased() {
        assert_eq!(parse_request_header("content-type"), name("content-type"));
        assert_eq!(parse_request_header("X-Request-ID"), name("x-request-id"));
        assert_eq!(parse_request_header("authorization"), name("authorization"));
        assert_eq!(parse_request_header("Accept"), name("accept"));
        assert_eq!(parse_request_header("x_custom.v1~"), name("x_custom.v1~"));
        // Names that only begin like forbidden ones.
        assert_eq!(parse_request_header("hostname"), name("hostname"));
        assert_eq!(parse_request_header("x-sec-token"), name("x-sec-token"));
        assert_eq!(parse_request_header("proxy"), name("proxy"));
        assert_eq!(parse_request_header("*"), Ok(Header::Any));
    }

    #[test]
    fn forbidden_request_headers() {
        for s in FORBIDDEN_REQUEST {
            let p = req_err(s);
            assert!(
                p.message.contains("forbidden request header"),
                "{}",
                p.message
            );
            assert!(p.help.starts_with(&format!("remove `{s}`")), "{}", p.help);
        }
        for s in [
            "Cookie",
            "HOST",
            "Origin",
            "Access-Control-Request-Method",
            "DNT",
        ] {
            assert!(
                req_err(s).message.contains("forbidden request header"),
                "{s}"
            );
        }
        let p = req_err("cookie");
        assert!(p.help.contains("`credentials`"), "{}", p.help);
    }

    #[test]
    fn forbidden_request_prefixes() {
        let p = req_err("Sec-Fetch-Mode");
        assert_eq!(
            p.message,
            "`Sec-Fetch-Mode` is a forbidden request header: \
             browsers never let scripts set `sec-*` headers"
        );
        let p = req_err("proxy-authorization");
        assert!(p.message.contains("`proxy-*`"), "{}", p.message);
        req_err("sec-");
        req_err("PROXY-X");
    }

    #[test]
    fn cors_names_are_not_request_headers() {
        for s in [
            "access-control-allow-origin",
            "Access-Control-Allow-Headers",
            "access-control-x",
        ] {
            let p = req_err(s);
            assert!(p.message.contains("CORS response header"), "{}", p.message);
        }
    }

    #[test]
    fn response_headers_accepted_and_lowercased() {
        assert_eq!(parse_response_header("x-request-id"), name("x-request-id"));
        assert_eq!(parse_response_header("Location"), name("location"));
        assert_eq!(parse_response_header("ETag"), name("etag"));
        assert_eq!(
            parse_response_header("content-disposition"),
            name("content-disposition")
        );
        assert_eq!(
            parse_response_header("x-demo-version"),
            name("x-demo-version")
        );
        assert_eq!(parse_response_header("*"), Ok(Header::Any));
        // Request-only rules do not apply here.
        assert_eq!(parse_response_header("date"), name("date"));
        assert_eq!(parse_response_header("sec-x"), name("sec-x"));
    }

    #[test]
    fn forbidden_response_headers() {
        for s in ["set-cookie", "Set-Cookie", "set-cookie2"] {
            let p = resp_err(s);
            assert!(
                p.message.contains("forbidden response header"),
                "{}",
                p.message
            );
        }
        for s in [
            "origin",
            "Origin",
            "access-control-allow-origin",
            "access-control-max-age",
        ] {
            let p = resp_err(s);
            assert!(
                p.message.contains("not a response header for scripts"),
                "{}",
                p.message
            );
            assert!(p.help.starts_with(&format!("remove `{s}`")), "{}", p.help);
        }
    }

    #[test]
    fn safelisted_response_headers_are_already_exposed() {
        for s in SAFELISTED_RESPONSE {
            let p = resp_err(s);
            assert!(p.message.contains("already exposed"), "{}", p.message);
            assert!(p.help.starts_with(&format!("remove `{s}`")), "{}", p.help);
        }
        assert!(
            resp_err("Content-Type")
                .message
                .starts_with("`Content-Type` is already exposed")
        );
    }

    #[test]
    fn invalid_tokens() {
        for s in [
            "x request",
            "a,b",
            "x:y",
            "\"x\"",
            "ü",
            "a\tb",
            "(x)",
            "a/b",
            "[x]",
            "a\u{0}",
            "a\u{7f}",
        ] {
            assert!(
                req_err(s).message.contains("not a valid header name"),
                "{s:?}"
            );
            assert!(
                resp_err(s).message.contains("not a valid header name"),
                "{s:?}"
            );
        }
        let p = req_err("Content-Type: application/json");
        assert_eq!(
            p.message,
            "`Content-Type: application/json` is not a valid header name: it contains `:`"
        );
        assert_eq!(
            p.help,
            "write only the name, without `:` and a value: `Content-Type`"
        );
        assert!(req_err(" x-id ").help.contains("`x-id`"));
        assert!(req_err("a, b").help.contains("one name per entry"));
        assert!(req_err(" : x").help.contains("a token of ASCII letters"));
        assert!(req_err("a\nb").message.contains("`a\\nb`"));
    }

    #[test]
    fn empty() {
        assert_eq!(req_err("").message, "empty header name");
        assert_eq!(resp_err("").message, "empty header name");
    }
}
