//! Tests of `parse_origin` and the two origin predicates.

use super::*;

mod hosts_and_ports;

/// The problem `s` is refused with.
fn err(s: &str) -> Problem {
    match parse_origin(s) {
        Err(p) => p,
        Ok(o) => panic!("{s:?} was accepted as {o:?}"),
    }
}

/// Asserts `s` is refused with a help that suggests exactly `suggestion` between backticks.
fn suggests(s: &str, suggestion: &str) {
    let p = err(s);
    assert!(
        p.help.contains(&format!("`{suggestion}`")),
        "{s:?}: help {:?} does not suggest {suggestion:?} (message {:?})",
        p.help,
        p.message
    );
}

/// A pattern as the parser should return it.
fn pattern(scheme: &str, host: &str, subdomains: bool, port: PortPattern) -> Origin {
    let (scheme, host) = (scheme.into(), host.into());
    Origin::Pattern {
        scheme,
        host,
        subdomains,
        port,
    }
}

#[test]
fn any() {
    assert_eq!(parse_origin("*"), Ok(Origin::Any));
}

#[test]
fn exact_origins() {
    let cases = [
        ("https://example.com", "https", "example.com", None),
        ("https://app.example.com", "https", "app.example.com", None),
        ("http://localhost:3000", "http", "localhost", Some(3000)),
        (
            "https://example.com:8443",
            "https",
            "example.com",
            Some(8443),
        ),
        ("http://example.com:443", "http", "example.com", Some(443)),
        ("https://example.com:80", "https", "example.com", Some(80)),
        ("http://127.0.0.1:3001", "http", "127.0.0.1", Some(3001)),
        ("http://[::1]:8080", "http", "[::1]", Some(8080)),
        ("https://[2001:db8::1]", "https", "[2001:db8::1]", None),
        (
            "https://xn--bcher-kva.example",
            "https",
            "xn--bcher-kva.example",
            None,
        ),
        (
            "chrome-extension://abcdefghijklmnop",
            "chrome-extension",
            "abcdefghijklmnop",
            None,
        ),
        ("tauri://localhost", "tauri", "localhost", None),
        ("tauri://localhost:443", "tauri", "localhost", Some(443)),
        (
            "https://_dev.-x-.example.com",
            "https",
            "_dev.-x-.example.com",
            None,
        ),
        ("https://a:65535", "https", "a", Some(65535)),
        ("https://a:1", "https", "a", Some(1)),
    ];
    for (s, scheme, host, port) in cases {
        let want = Origin::Exact {
            serialized: s.into(),
            scheme: scheme.into(),
            host: host.into(),
            port,
        };
        assert_eq!(parse_origin(s), Ok(want), "{s}");
    }
}

#[test]
fn patterns() {
    use PortPattern::{Any, Default, Exact};
    let cases = [
        (
            "https://*.example.com",
            "https",
            "example.com",
            true,
            Default,
        ),
        (
            "https://*.example.com:8443",
            "https",
            "example.com",
            true,
            Exact(8443),
        ),
        ("http://localhost:*", "http", "localhost", false, Any),
        ("http://127.0.0.1:*", "http", "127.0.0.1", false, Any),
        ("http://[::1]:*", "http", "[::1]", false, Any),
        ("https://*.example.com:*", "https", "example.com", true, Any),
        ("http://*.localhost:*", "http", "localhost", true, Any),
        ("https://*.com", "https", "com", true, Default),
    ];
    for (s, scheme, host, subdomains, port) in cases {
        assert_eq!(
            parse_origin(s),
            Ok(pattern(scheme, host, subdomains, port)),
            "{s}"
        );
    }
}

#[test]
fn empty() {
    assert_eq!(err("").message, "empty origin");
}

#[test]
fn null() {
    for s in ["null", "NULL", "Null"] {
        let p = err(s);
        assert_eq!(
            p.message,
            format!("`{s}` is not an origin a policy may allow")
        );
        assert!(p.help.starts_with("remove it"), "{}", p.help);
    }
}

#[test]
fn non_network_schemes() {
    for s in [
        "file://",
        "file:///home/me/index.html",
        "data:text/html,hi",
        "about:blank",
        "javascript:alert(1)",
        "FILE://x",
        "mailto:a@b.c",
    ] {
        let p = err(s);
        assert!(p.message.contains("have no origin"), "{s}: {}", p.message);
    }
    for s in [
        "blob:https://example.com/550e8400",
        "filesystem:https://example.com/temporary/",
    ] {
        assert!(err(s).message.contains("are not origins"), "{s}");
    }
}

#[test]
fn websocket_schemes() {
    for (s, suggestion) in [
        ("wss://example.com", "https://example.com"),
        ("wss://example.com:443", "https://example.com"),
        ("wss://example.com:8443", "https://example.com:8443"),
        ("ws://localhost:3000", "http://localhost:3000"),
        ("ws://localhost:80/socket", "http://localhost"),
        ("WSS://*.example.com", "https://*.example.com"),
    ] {
        suggests(s, suggestion);
        assert!(
            err(s).message.contains("WebSocket scheme"),
            "{s}: {}",
            err(s).message
        );
    }
}

#[test]
fn missing_scheme_separator() {
    suggests("example.com", "https://example.com");
    suggests("example.com/", "https://example.com");
    suggests("//example.com", "https://example.com");
    suggests("*.example.com", "https://*.example.com");
    suggests("localhost:3000", "http://localhost:3000");
    suggests("127.0.0.1:3000", "http://127.0.0.1:3000");
    suggests("localhost:*", "http://localhost:*");
    suggests("example.com:8080", "https://example.com:8080");
    suggests("://example.com", "https://example.com");
    suggests("https:example.com", "https://example.com");
    suggests("https:/example.com", "https://example.com");
    assert!(err("https:example.com").message.contains("no `://`"));
    assert!(err("example.com").message.contains("no scheme"));
}

#[test]
fn invalid_schemes() {
    assert!(err("ht_tp://a.com").message.contains("invalid scheme"));
    assert!(err("1http://a.com").message.contains("invalid scheme"));
    assert!(err("hüttps://a.com").message.contains("invalid scheme"));
    let p = err("*://a.com");
    assert_eq!(p.message, "`*` in the scheme of `*://a.com`");
    assert!(p.help.contains("`https://a.com`"), "{}", p.help);
    assert!(err("http*://a.com").message.contains("`*` in the scheme"));
}

#[test]
fn anything_after_the_authority() {
    let p = err("https://example.com/");
    assert_eq!(p.message, "origin `https://example.com/` ends with `/`");
    assert_eq!(
        p.help,
        "remove the trailing `/`: browsers send `https://example.com`"
    );
    let p = err("https://example.com/api/v1");
    assert_eq!(
        p.message,
        "origin `https://example.com/api/v1` has a path `/api/v1`"
    );
    assert!(p.help.contains("`https://example.com`"), "{}", p.help);
    assert!(
        err("https://example.com?x=1")
            .message
            .contains("a query `?x=1`")
    );
    assert!(
        err("https://example.com#top")
            .message
            .contains("a fragment `#top`")
    );
    assert!(
        err("https://example.com:8080/")
            .help
            .contains("`https://example.com:8080`")
    );
    assert!(err("https://example.com\\").message.contains("a path"));
    assert!(err("http://localhost:*/").message.contains("ends with `/`"));
}

#[test]
fn userinfo() {
    let p = err("https://user:pass@example.com");
    assert_eq!(
        p.message,
        "origin `https://user:pass@example.com` has user information `user:pass@`"
    );
    assert!(p.help.contains("`https://example.com`"), "{}", p.help);
    assert!(
        err("https://@example.com")
            .message
            .contains("user information")
    );
}

#[test]
fn uppercase() {
    let p = err("https://Example.com");
    assert_eq!(
        p.message,
        "origin `https://Example.com` has upper-case letters"
    );
    assert_eq!(
        p.help,
        "write `https://example.com`: browsers send the scheme and host in lowercase"
    );
    suggests("HTTPS://EXAMPLE.COM:8443", "https://example.com:8443");
    suggests("Http://localhost:*", "http://localhost:*");
    suggests("https://*.Example.com", "https://*.example.com");
    suggests("https://[2001:DB8::1]", "https://[2001:db8::1]");
}

#[test]
fn whitespace_and_control_characters() {
    let p = err(" https://example.com");
    assert_eq!(p.message, "origin ` https://example.com` contains a space");
    assert!(p.help.contains("`https://example.com`"), "{}", p.help);
    assert!(
        err("https://example.com\n")
            .message
            .contains("the control character `\\n`")
    );
    assert!(err("https://exa mple.com").message.contains("a space"));
    assert!(
        err("https://example.com\u{a0}")
            .message
            .contains("whitespace")
    );
    assert!(err("https://exa\u{0}mple.com").message.contains("`\\u{0}`"));
    assert!(
        err("https://exa\u{7f}mple.com")
            .message
            .contains("control character")
    );
    assert!(err(" ").help.contains(EXAMPLE));
}

#[test]
fn insecure() {
    let insecure = |s: &str| parse_origin(s).unwrap().is_insecure();
    for s in [
        "http://example.com",
        "http://*.example.com",
        "http://example.com:*",
        "http://10.0.0.1",
        "http://[2001:db8::1]",
        "http://localhost.example.com",
        "http://128.0.0.1",
    ] {
        assert!(insecure(s), "{s}");
    }
    for s in [
        "*",
        "https://example.com",
        "https://*.example.com",
        "http://localhost",
        "http://localhost:3000",
        "http://localhost:*",
        "http://*.localhost",
        "http://app.localhost:8080",
        "http://127.0.0.1",
        "http://127.255.0.9:*",
        "http://[::1]:8080",
        "tauri://localhost",
    ] {
        assert!(!insecure(s), "{s}");
    }
}

#[test]
fn over_public_suffix() {
    let over = |s: &str| parse_origin(s).unwrap().is_over_public_suffix();
    for s in [
        "https://*.com",
        "https://*.co.uk",
        "https://*.github.io",
        "https://*.notarealtld",
        "https://*.com:*",
        "http://*.herokuapp.com",
        "https://*.xn--55qx5d.cn",
        "https://*.kawasaki.jp",
    ] {
        assert!(over(s), "{s}");
    }
    for s in [
        "*",
        "https://*.example.com",
        "https://*.example.co.uk",
        "https://*.user.github.io",
        "http://*.localhost:*",
        "https://com",
        "https://co.uk",
        "https://github.io",
        "http://localhost:*",
        "https://*.city.kawasaki.jp",
    ] {
        assert!(!over(s), "{s}");
    }
}

#[test]
fn serialized_is_the_input_for_exact_origins() {
    for s in [
        "https://example.com",
        "http://localhost:3000",
        "http://[::1]:8080",
        "https://a.b.c",
    ] {
        match parse_origin(s) {
            Ok(Origin::Exact { serialized, .. }) => assert_eq!(serialized, s),
            other => panic!("{s}: {other:?}"),
        }
    }
}

#[test]
fn never_panics() {
    let samples = [
        "\u{0}",
        "\u{10ffff}",
        "://",
        ":",
        "::",
        ":::",
        "[",
        "]",
        "[]",
        "https://[",
        "https://]",
        "https://[]",
        "https://[]:",
        "a:",
        "a:/",
        "*:",
        "*.",
        "*.*",
        "é://a",
        "https://é",
        "https://a:é",
        "https://a:\u{665}",
        "https://0x",
        "https://0x.",
        "https://.",
        "https://..",
        "https://a.0x",
        "https://@",
        "https://a@",
        "https://:",
        "https://:*",
        "https://*.:*",
        "https://*..com",
        "https://*.-",
        "https://ü.0x1",
        "x://y",
        "a:b:c",
        "blob:",
        "https:",
    ];
    for s in samples {
        let _ = parse_origin(s);
    }
    for len in [300, 70_000] {
        let _ = parse_origin(&format!("https://{}", "a".repeat(len)));
        let _ = parse_origin(&format!("https://a:{}", "9".repeat(len)));
        let _ = parse_origin(&format!("https://{}", "é".repeat(len)));
        let _ = parse_origin(&format!("https://[{}]", ":".repeat(len)));
        let _ = parse_origin(&"1.".repeat(len));
    }
}

#[test]
fn never_panics_on_generated_input() {
    // Deterministic pseudo-random strings over the characters that matter to the parsers.
    let alphabet: Vec<char> = "ahsx09:/.*[]@?#%-_ \t\u{0}éü食".chars().collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        usize::try_from(state >> 33).unwrap_or(0)
    };
    for _ in 0..20_000 {
        let len = next() % 24;
        let body: String = (0..len)
            .map(|_| alphabet[next() % alphabet.len()])
            .collect();
        for s in [
            body.clone(),
            format!("https://{body}"),
            format!("http://*.{body}:*"),
        ] {
            let _ = parse_origin(&s);
            let _ = crate::method::parse_method(&s, next() % 2 == 0);
            let _ = crate::header::parse_request_header(&s);
            let _ = crate::header::parse_response_header(&s);
        }
    }
}

#[test]
fn misplaced_slashes_get_a_useful_suggestion() {
    let problem = parse_origin("https//app.example.com").unwrap_err();
    assert!(
        problem.help.contains("`https://app.example.com`"),
        "{problem:?}"
    );
    let problem = parse_origin("https:///app.example.com").unwrap_err();
    assert!(problem.message.contains("no host"), "{problem:?}");
    assert!(
        problem.help.contains("`https://app.example.com`"),
        "{problem:?}"
    );
    let problem = parse_origin("https://app.example.com:443/").unwrap_err();
    assert!(
        problem
            .help
            .contains("browsers send `https://app.example.com`"),
        "{problem:?}"
    );
}
