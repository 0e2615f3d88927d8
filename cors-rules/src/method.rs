//! One entry of `methods = [...]`: a standard method written as an identifier, an extension method
//! written as a string literal, or `"*"`.

use crate::problem::Problem;
use crate::token::{TOKEN_PUNCTUATION, describe_char, first_non_tchar, shown};

/// A checked method of a policy, as [`parse_method`] returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// `"*"`: any method.
    Any,
    /// One of `GET`, `HEAD`, `POST`, `PUT`, `DELETE`, `OPTIONS`, `PATCH`, upper-case.
    Standard(&'static str),
    /// An extension method such as `PURGE`, exactly as written (methods are case-sensitive).
    Extension(String),
}

/// The standard methods, in the upper case browsers and servers use.
const STANDARD: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"];

/// Methods `fetch()` refuses to send (Fetch's forbidden methods), compared case-insensitively.
const FORBIDDEN: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// What browsers upper-case on their own, as written in help texts.
const NORMALIZED: &str = "DELETE, GET, HEAD, OPTIONS, POST and PUT";

/// Checks one method. `ident` is true when the user wrote an identifier (`GET`) and false for a
/// string literal (`"PURGE"`); a string that comes from a configuration is a string.
///
/// ```
/// use cors_rules::{parse_method, Method};
///
/// assert_eq!(parse_method("GET", true), Ok(Method::Standard("GET")));
/// assert_eq!(parse_method("PURGE", false), Ok(Method::Extension("PURGE".into())));
/// assert!(parse_method("patch", false).unwrap_err().help.starts_with("write `PATCH`"));
/// ```
pub fn parse_method(s: &str, ident: bool) -> Result<Method, Problem> {
    if s.is_empty() {
        return Err(Problem::new(
            "empty method",
            "write a method such as `GET`, or an extension method as a string such as `\"PURGE\"`",
        ));
    }
    if s == "*" && !ident {
        return Ok(Method::Any);
    }
    if let Some(c) = first_non_tchar(s) {
        return Err(Problem::new(
            format!(
                "`{}` is not a valid HTTP method: it contains {}",
                shown(s),
                describe_char(c)
            ),
            format!(
                "a method is a token of ASCII letters, digits and `{TOKEN_PUNCTUATION}`, \
                 such as `GET` or `\"PURGE\"`"
            ),
        ));
    }
    if let Some(forbidden) = FORBIDDEN.iter().find(|m| m.eq_ignore_ascii_case(s)) {
        return Err(Problem::new(
            format!("`{s}` is a forbidden method: browsers never send `{forbidden}` requests"),
            format!(
                "remove `{s}`: `fetch()` and `XMLHttpRequest` refuse CONNECT, TRACE and TRACK, \
                 so no cross-origin request can use it"
            ),
        ));
    }
    if let Some(standard) = STANDARD.iter().find(|m| m.eq_ignore_ascii_case(s)) {
        if *standard != s {
            return Err(Problem::new(
                format!("method `{s}` is not upper-case"),
                if *standard == "PATCH" {
                    format!(
                        "write `PATCH`: methods are case-sensitive and browsers upper-case only \
                         {NORMALIZED}, so `{s}` never matches a `PATCH` request"
                    )
                } else {
                    format!(
                        "write `{standard}`: browsers upper-case only {NORMALIZED}, \
                         so `{s}` never matches"
                    )
                },
            ));
        }
        return Ok(Method::Standard(standard));
    }
    if ident {
        return Err(Problem::new(
            format!("`{s}` is not a standard method"),
            format!(
                "write extension methods as string literals: `\"{s}\"`; identifiers are for \
                 DELETE, GET, HEAD, OPTIONS, PATCH, POST and PUT"
            ),
        ));
    }
    Ok(Method::Extension(s.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problem `s` is refused with.
    fn err(s: &str, ident: bool) -> Problem {
        match parse_method(s, ident) {
            Err(p) => p,
            Ok(m) => panic!("{s:?} was accepted as {m:?}"),
        }
    }

    #[test]
    fn standard_methods_as_identifiers() {
        for m in STANDARD {
            assert_eq!(parse_method(m, true), Ok(Method::Standard(m)));
        }
    }

    #[test]
    fn standard_methods_as_strings_are_accepted() {
        assert_eq!(parse_method("GET", false), Ok(Method::Standard("GET")));
        assert_eq!(parse_method("PATCH", false), Ok(Method::Standard("PATCH")));
    }

    #[test]
    fn any() {
        assert_eq!(parse_method("*", false), Ok(Method::Any));
        assert!(parse_method("*", true).is_err());
    }

    #[test]
    fn extension_methods_as_strings() {
        assert_eq!(
            parse_method("PURGE", false),
            Ok(Method::Extension("PURGE".into()))
        );
        assert_eq!(
            parse_method("purge", false),
            Ok(Method::Extension("purge".into()))
        );
        assert_eq!(
            parse_method("M-SEARCH", false),
            Ok(Method::Extension("M-SEARCH".into()))
        );
        assert_eq!(
            parse_method("PROPFIND", false),
            Ok(Method::Extension("PROPFIND".into()))
        );
    }

    #[test]
    fn extension_methods_as_identifiers_are_refused() {
        let p = err("PURGE", true);
        assert_eq!(p.message, "`PURGE` is not a standard method");
        assert!(p.help.contains("`\"PURGE\"`"), "{}", p.help);
        let p = err("FOO", true);
        assert!(p.help.contains("`\"FOO\"`"), "{}", p.help);
    }

    #[test]
    fn wrong_case_of_standard_methods() {
        let p = err("get", true);
        assert_eq!(p.message, "method `get` is not upper-case");
        assert_eq!(
            p.help,
            "write `GET`: browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT, \
             so `get` never matches"
        );
        let p = err("Patch", true);
        assert!(p.help.starts_with("write `PATCH`"), "{}", p.help);
        assert!(p.help.contains("`Patch`"), "{}", p.help);
        for s in ["post", "Delete", "oPTIONS", "head", "pUT", "patch"] {
            let p = err(s, false);
            assert!(
                p.help
                    .starts_with(&format!("write `{}`", s.to_ascii_uppercase())),
                "{s}: {}",
                p.help
            );
        }
    }

    #[test]
    fn forbidden_methods_in_any_case() {
        for s in ["CONNECT", "connect", "TRACE", "Trace", "TRACK", "track"] {
            for ident in [true, false] {
                let p = err(s, ident);
                assert!(p.message.contains("forbidden"), "{}", p.message);
                assert!(p.help.starts_with(&format!("remove `{s}`")), "{}", p.help);
            }
        }
    }

    #[test]
    fn invalid_tokens() {
        for s in [
            "GET POST", "PUR GE", "GET,POST", "\"GET\"", "GÉT", "a\nb", "(x)", "a/b", "x:",
        ] {
            let p = err(s, false);
            assert!(
                p.message.contains("not a valid HTTP method"),
                "{}",
                p.message
            );
        }
        let p = err("GET POST", false);
        assert_eq!(
            p.message,
            "`GET POST` is not a valid HTTP method: it contains a space"
        );
        let p = err("a\u{0}", false);
        assert!(p.message.contains("`a\\u{0}`"), "{}", p.message);
    }

    #[test]
    fn empty() {
        assert_eq!(err("", false).message, "empty method");
        assert_eq!(err("", true).message, "empty method");
    }

    #[test]
    fn odd_tokens_are_extensions() {
        for s in ["!", "X_Y", "A.B", "~", "`"] {
            assert_eq!(parse_method(s, false), Ok(Method::Extension(s.into())));
        }
    }
}
