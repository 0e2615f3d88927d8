//! The invariants of one exchange (request headers in, response headers out), checked
//! against the oracle of [`super::spec`].

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, Method, StatusCode};

use super::spec::{Spec, Verdict, request_header_names};

/// What kind of request an exchange was, and whether the policy allowed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Seen {
    /// No `Origin` (and not a `"*"` policy's grant).
    NotCors,
    ActualAllowed,
    ActualRefused,
    PreflightAllowed,
    PreflightRefused,
    /// An untrusted write or WebSocket handshake, refused before the handler (SPEC 10).
    Untrusted,
}

/// The values of `name`, one per field line.
pub fn values<'a>(headers: &'a HeaderMap, name: &http::HeaderName) -> Vec<&'a [u8]> {
    headers.get_all(name).iter().map(|v| v.as_bytes()).collect()
}

/// The trimmed, non-empty items of every `name` line, as strings (lossy).
pub fn items(headers: &HeaderMap, name: &http::HeaderName) -> Vec<String> {
    request_header_names(&values(headers, name))
        .into_iter()
        .map(|i| String::from_utf8_lossy(i).into_owned())
        .collect()
}

/// How many `Vary` items name `Origin` (case-insensitively), and whether one is `*`.
pub fn vary_origin(headers: &HeaderMap) -> (usize, bool) {
    let items = items(headers, &VARY);
    (
        items
            .iter()
            .filter(|i| i.eq_ignore_ascii_case("origin"))
            .count(),
        items.iter().any(|i| i == "*"),
    )
}

/// Whether the request is a preflight (SPEC 5).
pub fn is_preflight(method: &Method, request: &HeaderMap) -> bool {
    method == Method::OPTIONS
        && request.contains_key(ORIGIN)
        && request.contains_key(ACCESS_CONTROL_REQUEST_METHOD)
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)*) => {
        if !$cond {
            return Err(format!($($msg)*));
        }
    };
}

/// Checks one exchange.
///
/// `uri_authority` is the authority of the request's URI, if it had one (SPEC 10 reads
/// it before `Host`). `answered` is `Some(status)` when the policy answered the request
/// itself (a preflight, or a refusal before the handler), `None` when the handler's
/// response went out with headers added. `handler_vary` is how many `Vary` items naming
/// `Origin`, and whether a `Vary: *`, the handler's own response already carried (for
/// actual requests).
pub fn check(
    spec: &Spec,
    method: &Method,
    request: &HeaderMap,
    uri_authority: Option<&[u8]>,
    answered: Option<StatusCode>,
    response: &HeaderMap,
    handler_vary: (usize, bool),
) -> Result<Seen, String> {
    let preflight = is_preflight(method, request);
    if !preflight {
        // SPEC 10: refused before the handler exactly when the oracle says so.
        let expected = spec.refuses_untrusted(method, request, uri_authority);
        ensure!(
            expected.admits(answered.is_some()),
            "not a preflight: answered by the policy {answered:?}, the guard's oracle \
             {expected:?} (URI authority {:?})",
            uri_authority.map(String::from_utf8_lossy)
        );
        if let Some(status) = answered {
            ensure!(
                status == StatusCode::FORBIDDEN,
                "untrusted request refused with {status}"
            );
            for (name, value) in response {
                ensure!(
                    !name.as_str().starts_with("access-control-"),
                    "untrusted request refused with {name}: {value:?}"
                );
            }
            let (vary_origin, _) = vary_origin(response);
            ensure!(
                vary_origin == 1,
                "untrusted request refused with Vary {:?}",
                items(response, &VARY)
            );
            return Ok(Seen::Untrusted);
        }
    }
    let origins = values(request, &ORIGIN);
    let acao = values(response, &ACCESS_CONTROL_ALLOW_ORIGIN);
    let acac = values(response, &ACCESS_CONTROL_ALLOW_CREDENTIALS);

    // At most one ACAO; `*` never with credentials; ACAC only `true`, only with ACAO.
    ensure!(
        acao.len() <= 1,
        "{} Access-Control-Allow-Origin values",
        acao.len()
    );
    ensure!(
        acac.len() <= 1,
        "{} Access-Control-Allow-Credentials values",
        acac.len()
    );
    ensure!(
        acao != [b"*"] || acac.is_empty(),
        "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials"
    );
    if let Some(acac) = acac.first() {
        ensure!(
            *acac == b"true",
            "Access-Control-Allow-Credentials: {acac:?}"
        );
        ensure!(
            !acao.is_empty(),
            "Access-Control-Allow-Credentials without -Allow-Origin"
        );
    }
    ensure!(
        acac.is_empty() != (spec.credentials && !acao.is_empty()),
        "Access-Control-Allow-Credentials {:?} (credentials {}, ACAO {acao:?})",
        acac,
        spec.credentials
    );

    // The granted origin: `*` for a `"*"` policy, else the request's single Origin,
    // and one the policy allows.
    if let Some(granted) = acao.first() {
        if spec.any_origin {
            ensure!(*granted == b"*", "\"*\" policy answered {granted:?}");
        } else {
            ensure!(
                origins.len() == 1,
                "granted {granted:?} to {} Origin lines",
                origins.len()
            );
            ensure!(
                *granted == origins[0],
                "granted {granted:?} to Origin {:?}",
                origins[0]
            );
            ensure!(
                spec.origin(granted) != Verdict::No,
                "granted {:?}, an origin outside the policy",
                String::from_utf8_lossy(granted)
            );
        }
    }

    // Vary: Origin on every response of a policy that depends on the origin, exactly
    // once (or as many times as the handler already wrote it); a "*" policy adds none.
    let (vary_origin, vary_star) = vary_origin(response);
    if spec.any_origin {
        ensure!(
            vary_origin == handler_vary.0,
            "\"*\" policy changed Vary: {:?}",
            items(response, &VARY)
        );
    } else if answered.is_some() {
        ensure!(
            vary_origin == 1,
            "preflight Vary: {:?}",
            items(response, &VARY)
        );
    } else {
        ensure!(
            vary_origin == handler_vary.0.max(1) || (handler_vary.1 && vary_star),
            "Vary: {:?} (the handler's named Origin {} times)",
            items(response, &VARY),
            handler_vary.0
        );
    }

    let acam = values(response, &ACCESS_CONTROL_ALLOW_METHODS);
    let acah = values(response, &ACCESS_CONTROL_ALLOW_HEADERS);
    let acma = values(response, &ACCESS_CONTROL_MAX_AGE);
    let aceh = values(response, &ACCESS_CONTROL_EXPOSE_HEADERS);

    let Some(status) = answered else {
        // An actual (or non-CORS) request.
        ensure!(
            acam.is_empty() && acah.is_empty() && acma.is_empty(),
            "preflight-only headers on an actual response"
        );
        let expected = if spec.any_origin {
            Verdict::Yes
        } else if origins.len() == 1 {
            spec.origin(origins[0])
        } else {
            Verdict::No
        };
        let allowed = !acao.is_empty();
        ensure!(
            expected.admits(allowed),
            "actual request: allowed {allowed}, oracle {expected:?} (Origin {:?})",
            origins
                .iter()
                .map(|o| String::from_utf8_lossy(o))
                .collect::<Vec<_>>()
        );
        if allowed && (spec.any_exposed || !spec.expose_headers.is_empty()) {
            let mut want: Vec<String> = spec.expose_headers.clone();
            if spec.any_exposed {
                want.insert(0, "*".into());
            }
            let got: Vec<String> = items(response, &ACCESS_CONTROL_EXPOSE_HEADERS)
                .into_iter()
                .map(|i| i.to_ascii_lowercase())
                .collect();
            ensure!(
                got == want,
                "Access-Control-Expose-Headers {got:?}, want {want:?}"
            );
        } else {
            ensure!(
                aceh.is_empty(),
                "Access-Control-Expose-Headers {aceh:?} not owed"
            );
        }
        return Ok(if allowed {
            Seen::ActualAllowed
        } else if origins.is_empty() {
            Seen::NotCors
        } else {
            Seen::ActualRefused
        });
    };

    // A preflight.
    let acrm = values(request, &ACCESS_CONTROL_REQUEST_METHOD);
    let acrh = values(request, &ACCESS_CONTROL_REQUEST_HEADERS);
    let expected = spec.preflight(&origins, &acrm, &acrh);
    ensure!(
        status == StatusCode::NO_CONTENT || status == StatusCode::FORBIDDEN,
        "preflight status {status}"
    );
    let allowed = status == StatusCode::NO_CONTENT;
    ensure!(
        expected.admits(allowed),
        "preflight: allowed {allowed}, oracle {expected:?}"
    );
    ensure!(
        aceh.is_empty(),
        "Access-Control-Expose-Headers on a preflight"
    );
    if !allowed {
        for (name, value) in response {
            ensure!(
                !name.as_str().starts_with("access-control-"),
                "refused preflight carries {name}: {value:?}"
            );
        }
        return Ok(Seen::PreflightRefused);
    }
    ensure!(
        acao.len() == 1,
        "allowed preflight without Access-Control-Allow-Origin"
    );
    let method = acrm[0];
    let allow_methods = items(response, &ACCESS_CONTROL_ALLOW_METHODS);
    if !matches!(method, b"GET" | b"HEAD" | b"POST") {
        let method = String::from_utf8_lossy(method);
        ensure!(
            allow_methods.iter().any(|m| *m == method)
                || (!spec.credentials && allow_methods.iter().any(|m| m == "*")),
            "Access-Control-Allow-Methods {allow_methods:?} does not cover {method}"
        );
    }
    for m in &allow_methods {
        ensure!(
            (m == "*" && spec.any_method) || spec.methods.contains(m),
            "Access-Control-Allow-Methods names {m}, not in the policy"
        );
    }
    let allow_headers: Vec<String> = items(response, &ACCESS_CONTROL_ALLOW_HEADERS)
        .into_iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    for name in request_header_names(&acrh) {
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        ensure!(
            allow_headers.contains(&name)
                || (!spec.credentials
                    && name != "authorization"
                    && allow_headers.iter().any(|h| h == "*")),
            "Access-Control-Allow-Headers {allow_headers:?} does not cover {name}"
        );
    }
    for h in &allow_headers {
        ensure!(
            (h == "*" && spec.any_header) || spec.allow_headers.contains(h),
            "Access-Control-Allow-Headers names {h}, not in the policy"
        );
    }
    let max_age = spec.max_age.map(|s| s.to_string());
    ensure!(
        acma.first()
            .map(|v| String::from_utf8_lossy(v).into_owned())
            == max_age
            && acma.len() <= 1,
        "Access-Control-Max-Age {acma:?}, want {max_age:?}"
    );
    Ok(Seen::PreflightAllowed)
}

/// Checks a route's answer to a preflight for a method none of its handlers serves
/// (`route![...]`): refused with `403` and an empty body, no `Access-Control-*` header,
/// and `Vary: Origin` exactly once when any handler's policy depends on the origin (none
/// when every handler is a `"*"` policy).
pub fn check_unserved(
    specs: &[&Spec],
    status: StatusCode,
    response: &HeaderMap,
    body_len: usize,
) -> Result<Seen, String> {
    ensure!(
        status == StatusCode::FORBIDDEN,
        "unserved method: status {status}"
    );
    ensure!(body_len == 0, "unserved method: a body of {body_len} bytes");
    for (name, value) in response {
        ensure!(
            !name.as_str().starts_with("access-control-"),
            "unserved method: refusal carries {name}: {value:?}"
        );
    }
    let (vary_origin, _) = vary_origin(response);
    let depends = specs.iter().any(|spec| !spec.any_origin);
    ensure!(
        vary_origin == usize::from(depends),
        "unserved method: Vary {:?} (a handler's answer depends on the origin: {depends})",
        items(response, &VARY)
    );
    Ok(Seen::PreflightRefused)
}

/// The checks catch what they are meant to catch: wrong answers written by hand.
#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn spec(args: &str) -> Spec {
        Spec::parse(args).unwrap()
    }

    fn headers(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in lines {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    const APP: &str = "https://app.example.com";

    #[test]
    fn wrong_actual_answers_are_caught() {
        let s = spec(r#"origins = ["https://app.example.com"], methods = [GET], credentials"#);
        let request = headers(&[("origin", APP)]);
        let get = Method::GET;
        let good = headers(&[
            ("access-control-allow-origin", APP),
            ("access-control-allow-credentials", "true"),
            ("vary", "Origin"),
        ]);
        assert_eq!(
            check(&s, &get, &request, None, None, &good, (0, false)),
            Ok(Seen::ActualAllowed)
        );
        let wrong = [
            // Two ACAO.
            headers(&[
                ("access-control-allow-origin", APP),
                ("access-control-allow-origin", APP),
                ("access-control-allow-credentials", "true"),
                ("vary", "Origin"),
            ]),
            // No Vary, Vary twice.
            headers(&[
                ("access-control-allow-origin", APP),
                ("access-control-allow-credentials", "true"),
            ]),
            headers(&[
                ("access-control-allow-origin", APP),
                ("access-control-allow-credentials", "true"),
                ("vary", "origin, Origin"),
            ]),
            // `*` with credentials.
            headers(&[
                ("access-control-allow-origin", "*"),
                ("access-control-allow-credentials", "true"),
                ("vary", "Origin"),
            ]),
            // Credentials missing.
            headers(&[("access-control-allow-origin", APP), ("vary", "Origin")]),
            // Not allowed at all.
            headers(&[("vary", "Origin")]),
            // Preflight-only headers on an actual response.
            headers(&[
                ("access-control-allow-origin", APP),
                ("access-control-allow-credentials", "true"),
                ("access-control-max-age", "5"),
                ("vary", "Origin"),
            ]),
        ];
        for response in &wrong {
            assert!(
                check(&s, &get, &request, None, None, response, (0, false)).is_err(),
                "{response:?}"
            );
        }
        // A granted origin outside the policy, even if it is the request's.
        let evil = headers(&[("origin", "https://evil.example")]);
        let granted = headers(&[
            ("access-control-allow-origin", "https://evil.example"),
            ("access-control-allow-credentials", "true"),
            ("vary", "Origin"),
        ]);
        assert!(check(&s, &get, &evil, None, None, &granted, (0, false)).is_err());
    }

    #[test]
    fn wrong_preflight_answers_are_caught() {
        let s = spec(r#"origins = ["*"], methods = [PUT], allow_headers = ["x-a"], max_age = 5"#);
        let request = headers(&[
            ("origin", APP),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "X-A"),
        ]);
        let options = Method::OPTIONS;
        let ok = StatusCode::NO_CONTENT;
        let good = headers(&[
            ("access-control-allow-origin", "*"),
            ("access-control-allow-methods", "PUT"),
            ("access-control-allow-headers", "x-a"),
            ("access-control-max-age", "5"),
        ]);
        assert_eq!(
            check(&s, &options, &request, None, Some(ok), &good, (0, false)),
            Ok(Seen::PreflightAllowed)
        );
        for (status, response) in [
            (
                ok,
                headers(&[
                    ("access-control-allow-origin", "*"),
                    ("access-control-allow-headers", "x-a"),
                    ("access-control-max-age", "5"),
                ]),
            ),
            (
                ok,
                headers(&[
                    ("access-control-allow-origin", "*"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-max-age", "5"),
                ]),
            ),
            (
                ok,
                headers(&[
                    ("access-control-allow-origin", "*"),
                    ("access-control-allow-methods", "PUT, DELETE"),
                    ("access-control-allow-headers", "x-a"),
                    ("access-control-max-age", "5"),
                ]),
            ),
            (
                ok,
                headers(&[
                    ("access-control-allow-origin", "*"),
                    ("access-control-allow-methods", "PUT"),
                    ("access-control-allow-headers", "x-a"),
                ]),
            ),
            (StatusCode::OK, good.clone()),
            (
                StatusCode::FORBIDDEN,
                headers(&[("access-control-allow-origin", "*")]),
            ),
            (StatusCode::FORBIDDEN, HeaderMap::new()),
        ] {
            assert!(
                check(
                    &s,
                    &options,
                    &request,
                    None,
                    Some(status),
                    &response,
                    (0, false)
                )
                .is_err(),
                "{status} {response:?}"
            );
        }
        // Answered by the handler although it is a preflight.
        assert!(check(&s, &options, &request, None, None, &good, (0, false)).is_err());
    }

    #[test]
    fn wrong_guard_answers_are_caught() {
        let s = spec(r#"origins = ["https://app.example.com"], methods = [POST], credentials"#);
        let post = Method::POST;
        let forbidden = Some(StatusCode::FORBIDDEN);
        let refused = headers(&[("vary", "Origin")]);
        let evil = headers(&[("origin", "https://evil.example")]);
        assert_eq!(
            check(&s, &post, &evil, None, forbidden, &refused, (0, false)),
            Ok(Seen::Untrusted)
        );
        // The handler ran for an untrusted write.
        let ran = headers(&[("vary", "Origin")]);
        assert!(check(&s, &post, &evil, None, None, &ran, (0, false)).is_err());
        // Refused with another status, with a CORS header, without or with two `Vary`.
        for (status, response) in [
            (Some(StatusCode::OK), refused.clone()),
            (Some(StatusCode::METHOD_NOT_ALLOWED), refused.clone()),
            (
                forbidden,
                headers(&[("vary", "Origin"), ("access-control-allow-origin", APP)]),
            ),
            (
                forbidden,
                headers(&[("vary", "Origin"), ("access-control-max-age", "5")]),
            ),
            (forbidden, headers(&[])),
            (forbidden, headers(&[("vary", "Origin, origin")])),
        ] {
            assert!(
                check(&s, &post, &evil, None, status, &response, (0, false)).is_err(),
                "{status:?} {response:?}"
            );
        }
        // Trusted writes refused: an allowed origin, `Sec-Fetch-Site: same-origin`, no
        // `Origin` at all, the server's own origin (in `Host`, or in the URI).
        let app = headers(&[("origin", APP)]);
        let same = headers(&[
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "same-origin"),
        ]);
        let own = headers(&[
            ("origin", "https://api.example"),
            ("host", "API.example:443"),
        ]);
        let own_uri = headers(&[("origin", "https://api.example")]);
        for (request, authority) in [
            (&app, None),
            (&same, None),
            (&HeaderMap::new(), None),
            (&own, None),
            (&own_uri, Some(&b"api.example"[..])),
        ] {
            assert!(
                check(
                    &s,
                    &post,
                    request,
                    authority,
                    forbidden,
                    &refused,
                    (0, false)
                )
                .is_err(),
                "{request:?}"
            );
        }
        // The URI's authority comes before `Host`.
        let own_host_only = headers(&[("origin", "https://api.example"), ("host", "api.example")]);
        assert_eq!(
            check(
                &s,
                &post,
                &own_host_only,
                Some(b"other.example"),
                forbidden,
                &refused,
                (0, false)
            ),
            Ok(Seen::Untrusted)
        );
        // A handshake from elsewhere, let through.
        let handshake = headers(&[
            ("origin", "https://evil.example"),
            ("upgrade", "h2c, WebSocket/13"),
            ("sec-fetch-site", "cross-site"),
        ]);
        assert!(check(&s, &Method::GET, &handshake, None, None, &ran, (0, false)).is_err());
        // With the escape hatch, nothing is refused.
        let open = spec(
            r#"origins = ["https://app.example.com"], methods = [POST], dangerously_allow_cross_origin_writes"#,
        );
        assert!(check(&open, &post, &evil, None, forbidden, &refused, (0, false)).is_err());
        assert!(check(&open, &post, &evil, None, None, &ran, (0, false)).is_ok());
    }

    #[test]
    fn wrong_unserved_refusals_are_caught() {
        let listed = spec(r#"origins = ["https://app.example.com"], methods = [GET]"#);
        let open = spec(r#"origins = ["*"], methods = [PUT]"#);
        let forbidden = StatusCode::FORBIDDEN;
        let vary = headers(&[("vary", "Origin")]);
        let none = headers(&[]);
        assert_eq!(
            check_unserved(&[&listed, &open], forbidden, &vary, 0),
            Ok(Seen::PreflightRefused)
        );
        assert_eq!(
            check_unserved(&[&open], forbidden, &none, 0),
            Ok(Seen::PreflightRefused)
        );
        for (specs, status, response, body) in [
            (&[&listed][..], forbidden, &none, 0),
            (&[&open][..], forbidden, &vary, 0),
            (&[&listed][..], StatusCode::NO_CONTENT, &vary, 0),
            (&[&listed][..], StatusCode::METHOD_NOT_ALLOWED, &vary, 0),
            (&[&listed][..], forbidden, &vary, 9),
            (
                &[&listed][..],
                forbidden,
                &headers(&[("vary", "Origin"), ("access-control-allow-origin", APP)]),
                0,
            ),
            (
                &[&listed][..],
                forbidden,
                &headers(&[("vary", "Origin, origin")]),
                0,
            ),
        ] {
            assert!(
                check_unserved(specs, status, response, body).is_err(),
                "{status} {response:?} {body}"
            );
        }
    }
}
