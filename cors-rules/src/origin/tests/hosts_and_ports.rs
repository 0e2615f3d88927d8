//! Refused hosts, ports and wildcards.

use super::*;

#[test]
fn non_ascii_hosts() {
    let p = err("https://bücher.example");
    assert_eq!(p.message, "host `bücher.example` is not ASCII");
    assert!(
        p.help.contains("`https://xn--bcher-kva.example`"),
        "{}",
        p.help
    );
    suggests(
        "https://*.bücher.example:*",
        "https://*.xn--bcher-kva.example:*",
    );
    suggests("https://Bücher.example", "https://xn--bcher-kva.example");
    suggests("https://münchen.de:8443", "https://xn--mnchen-3ya.de:8443");
}

#[test]
fn invalid_domains() {
    assert!(err("https://example..com").message.contains("empty label"));
    assert!(err("https://.example.com").message.contains("empty label"));
    suggests("https://example.com.", "https://example.com");
    assert!(
        err(&format!("https://{}.com", "a".repeat(64)))
            .message
            .contains("over the limit of 63")
    );
    let long = format!("https://{}.com", vec!["a".repeat(60); 5].join("."));
    assert!(err(&long).message.contains("over the limit of 253"));
    for s in [
        "https://exa$mple.com",
        "https://ex%61mple.com",
        "https://a+b.com",
        "https://a!.com",
        "https://[::1]]",
        "https://a[b].com",
    ] {
        let _ = err(s);
    }
    assert!(err("https://").message.contains("no host"));
    assert!(err("https://:8080").message.contains("no host"));
}

#[test]
fn non_canonical_ip_addresses() {
    suggests("http://127.1", "http://127.0.0.1");
    suggests("http://127.1:3000", "http://127.0.0.1:3000");
    suggests("http://0x7f.0.0.1", "http://127.0.0.1");
    suggests("http://0177.0.0.1", "http://127.0.0.1");
    suggests("http://127.000.000.001", "http://127.0.0.1");
    suggests("http://2130706433:*", "http://127.0.0.1:*");
    assert!(err("http://256.1.1.1").message.contains("not a valid IPv4"));
    assert!(
        err("https://example.123")
            .message
            .contains("not a valid IPv4")
    );
    suggests("http://[0:0:0:0:0:0:0:1]", "http://[::1]");
    suggests("http://[0:0:0:0:0:0:0:1]:3000", "http://[::1]:3000");
    suggests(
        "https://[2001:0db8:0000:0000:0000:0000:0000:0001]",
        "https://[2001:db8::1]",
    );
    // An IPv4-mapped address is copied from a dual-stack server's log: the IPv4 origin the
    // page really has is named first, the hex form (a page at the IPv6 literal) second.
    for (mapped, v4, hex) in [
        (
            "http://[::ffff:192.168.1.10]:3000",
            "http://192.168.1.10:3000",
            "http://[::ffff:c0a8:10a]:3000",
        ),
        (
            "https://[0:0:0:0:0:ffff:7f00:1]",
            "https://127.0.0.1",
            "https://[::ffff:7f00:1]",
        ),
        (
            "http://::ffff:10.0.0.1",
            "http://10.0.0.1",
            "http://[::ffff:a00:1]",
        ),
    ] {
        let help = err(mapped).help;
        let (first, second) = (format!("`{v4}`"), format!("`{hex}`"));
        let at = |s: &str| help.find(s).unwrap_or_else(|| panic!("{mapped}: {help}"));
        assert!(at(&first) < at(&second), "{mapped}: {help}");
    }
    assert!(
        err("https://[::ffff:127.0.0.1]")
            .message
            .contains("IPv4-mapped")
    );
    assert!(err("https://[::127.0.0.1]").message.contains("dotted IPv4"));
    assert!(err("https://[::1").message.contains("not a valid IPv6"));
    assert!(
        err("https://[::1%25eth0]")
            .message
            .contains("not a valid IPv6")
    );
    assert!(
        err("https://[::1]x")
            .message
            .contains("after the IPv6 address")
    );
    suggests("http://::1", "http://[::1]");
    assert!(err("http://a:1:2").message.contains("more than one `:`"));
}

#[test]
fn ports() {
    let p = err("https://example.com:443");
    assert_eq!(p.message, "port 443 is the default port of `https`");
    assert_eq!(
        p.help,
        "write `https://example.com`: browsers omit the default port"
    );
    suggests("http://example.com:80", "http://example.com");
    suggests("https://*.example.com:443", "https://*.example.com");
    suggests("https://a.com:", "https://a.com");
    assert_eq!(
        err("https://a.com:").message,
        "origin `https://a.com:` has an empty port"
    );
    assert!(err("https://a.com:0").message.contains("not a port"));
    assert!(err("https://a.com:000").message.contains("not a port"));
    assert!(err("https://a.com:65536").message.contains("over 65535"));
    assert!(
        err("https://a.com:99999999999999999999")
            .message
            .contains("over 65535")
    );
    assert!(err("https://a.com:08080").message.contains("leading zero"));
    suggests("https://a.com:08080", "https://a.com:8080");
    suggests("https://a.com:0443", "https://a.com");
    assert!(err("https://a.com:http").message.contains("not a number"));
    assert!(err("https://a.com:-1").message.contains("not a number"));
    assert!(err("https://a.com:+80").message.contains("not a number"));
    assert!(
        err("https://a.com:8*")
            .message
            .contains("not the whole port")
    );
    assert!(
        err("https://a.com:**")
            .message
            .contains("not the whole port")
    );
}

#[test]
fn misplaced_wildcards() {
    for s in [
        "https://*example.com",
        "https://a.*.com",
        "https://**.a.com",
        "https://*.*.a.com",
        "https://*",
        "https://a*.com",
        "https://example.*",
        "https://*a*.com",
        "https://*:*",
    ] {
        let p = err(s);
        assert!(
            p.message.contains("is not a leading `*.` label"),
            "{s}: {}",
            p.message
        );
    }
    suggests("https://*example.com", "https://*.example.com");
    suggests("https://**.a.com", "https://*.a.com");
    suggests("https://*.*.a.com:*", "https://*.a.com:*");
    assert!(err("https://*").help.contains("`\"*\"`"));
    assert!(
        err("https://*.")
            .message
            .contains("not followed by a domain")
    );
}

#[test]
fn wildcard_over_ip_addresses() {
    for s in [
        "http://*.127.0.0.1",
        "http://*.127.0.0.1:*",
        "http://*.[::1]",
        "https://*.10.0.0.1:8080",
        "http://*.127.1",
    ] {
        let p = err(s);
        assert!(
            p.message.contains("precedes an IP address"),
            "{s}: {}",
            p.message
        );
    }
    suggests("http://*.127.0.0.1:*", "http://127.0.0.1:*");
}
