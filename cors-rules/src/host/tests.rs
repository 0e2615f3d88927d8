//! Tests of host parsing and IPv6 serialization.

use super::*;

/// The origin around `host`, for suggestions.
fn origin(host: &str) -> String {
    format!("https://{host}")
}

/// Checks `host` as the host of an `https` origin.
fn check(host: &str) -> Result<HostKind, Problem> {
    parse_host(host, &origin)
}

#[test]
fn domains() {
    for h in [
        "example.com",
        "localhost",
        "a.b.c.example.co.uk",
        "xn--bcher-kva.example",
        "_srv.a-b.com",
        "-a-.com",
        "a_.b",
        "com",
        "a1.b2",
        "1a.com",
        "1.2.3.0xg",
    ] {
        assert_eq!(check(h), Ok(HostKind::Domain), "{h}");
    }
    let max_label = "a".repeat(63);
    assert_eq!(check(&format!("{max_label}.com")), Ok(HostKind::Domain));
    let long = vec!["a".repeat(61); 4].join("."); // 4 * 61 + 3 = 247
    assert_eq!(check(&format!("{long}.abcde")), Ok(HostKind::Domain)); // 253
}

#[test]
fn bad_domains() {
    assert!(
        check("example..com")
            .unwrap_err()
            .message
            .contains("empty label")
    );
    assert!(
        check(".example.com")
            .unwrap_err()
            .message
            .contains("empty label")
    );
    assert!(check("..").unwrap_err().message.contains("empty label"));
    let p = check("example.com.").unwrap_err();
    assert!(p.message.contains("ends with a dot"));
    assert!(p.help.contains("`https://example.com`"), "{}", p.help);
    let p = check(&format!("{}.com", "a".repeat(64))).unwrap_err();
    assert!(p.message.contains("64 bytes long"), "{}", p.message);
    let long = vec!["a".repeat(61); 4].join(".");
    let p = check(&format!("{long}.abcdef")).unwrap_err();
    assert!(p.message.contains("254 bytes long"), "{}", p.message);
    for h in [
        "exa%6dple.com",
        "a!b.com",
        "a+b.com",
        "a~b",
        "a$b",
        "a'b",
        "a=b",
        "a,b",
        "a;b",
    ] {
        assert!(check(h).unwrap_err().message.contains("contains"), "{h}");
    }
    assert!(check("").unwrap_err().message.contains("no host"));
}

#[test]
fn non_ascii_hosts_get_punycode() {
    let p = check("bücher.example").unwrap_err();
    assert_eq!(p.message, "host `bücher.example` is not ASCII");
    assert_eq!(
        p.help,
        "write the Punycode form browsers send: `https://xn--bcher-kva.example`"
    );
    assert!(
        check("食狮.公司.cn")
            .unwrap_err()
            .help
            .contains("xn--85x722f.xn--55qx5d.cn")
    );
    assert!(
        check("Bücher.example")
            .unwrap_err()
            .help
            .contains("xn--bcher-kva")
    );
}

#[test]
fn ipv4() {
    assert_eq!(
        check("127.0.0.1"),
        Ok(HostKind::Ipv4(Ipv4Addr::new(127, 0, 0, 1)))
    );
    assert_eq!(check("0.0.0.0"), Ok(HostKind::Ipv4(Ipv4Addr::UNSPECIFIED)));
    assert_eq!(
        check("255.255.255.255"),
        Ok(HostKind::Ipv4(Ipv4Addr::BROADCAST))
    );
    for (h, canonical) in [
        ("127.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0X7F.0.0.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.0.0.01", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("10.0.1", "10.0.0.1"),
        ("1.2.0x", "1.2.0.0"),
        ("00.0.0.0", "0.0.0.0"),
    ] {
        let p = check(h).unwrap_err();
        assert_eq!(
            p.message,
            format!("IPv4 address `{h}` is not in the form browsers send")
        );
        assert!(
            p.help.starts_with(&format!("write `https://{canonical}`")),
            "{h}: {}",
            p.help
        );
    }
    for h in [
        "256.0.0.1",
        "1.2.3.256",
        "1.2.3.4.5",
        "08.0.0.1",
        "example.123",
        "a.0x",
        "1.2.3.99999999999999999999999",
        "1..2.3",
        "4294967296",
        "1.16777216",
    ] {
        let p = check(h).unwrap_err();
        assert!(p.message.contains("not a valid IPv4"), "{h}: {}", p.message);
    }
    assert!(
        check("4294967295")
            .unwrap_err()
            .help
            .contains("255.255.255.255")
    );
}

#[test]
fn ends_in_number_rule() {
    assert!(ends_in_number("1.2.3.4") && ends_in_number("a.1") && ends_in_number("a.0x"));
    assert!(ends_in_number("a.0xff.") && ends_in_number("7"));
    assert!(!ends_in_number("a.1b") && !ends_in_number("1.a") && !ends_in_number("a.0xg"));
    assert!(looks_like_ip("[::1]") && !looks_like_ip("localhost"));
}

#[test]
fn ipv6() {
    for h in [
        "[::1]",
        "[::]",
        "[2001:db8::1]",
        "[1:0:2:0:3:0:4:0]",
        "[1::4:0:0:7:8]",
        "[::ffff:7f00:1]",
        "[fe80::1]",
        "[1:2:3:4:5:6:7:8]",
    ] {
        assert!(
            matches!(check(h), Ok(HostKind::Ipv6(_))),
            "{h}: {:?}",
            check(h)
        );
    }
    for (h, canonical) in [
        ("[0:0:0:0:0:0:0:1]", "[::1]"),
        ("[::0001]", "[::1]"),
        ("[2001:DB8::1]", "[2001:db8::1]"),
        ("[2001:db8:0:0:1:0:0:1]", "[2001:db8::1:0:0:1]"),
        ("[1:0:0:2:0:0:0:3]", "[1:0:0:2::3]"),
        ("[1::2:0:0:0:3]", "[1:0:0:2::3]"),
        ("[1::2:3:4:5:6:7]", "[1:0:2:3:4:5:6:7]"),
        ("[::127.0.0.1]", "[::7f00:1]"),
    ] {
        let p = check(h).unwrap_err();
        assert!(
            p.help.starts_with(&format!("write `https://{canonical}`")),
            "{h}: {}",
            p.help
        );
    }
    let mapped = check("[::ffff:127.0.0.1]").unwrap_err();
    assert!(mapped.message.contains("IPv4-mapped"), "{}", mapped.message);
    assert!(
        mapped
            .help
            .contains("sends `https://127.0.0.1`, so write that")
            && mapped.help.ends_with("sends `https://[::ffff:7f00:1]`"),
        "{}",
        mapped.help
    );
    for h in [
        "[::1",
        "[1:2]",
        "[::1%eth0]",
        "[:::1]",
        "[12345::]",
        "[g::]",
        "[]",
        "[1:2:3:4:5:6:7:8:9]",
        "[::ffff:1.2.3.04]",
    ] {
        assert!(
            check(h).unwrap_err().message.contains("not a valid IPv6"),
            "{h}"
        );
    }
}

#[test]
fn ipv6_serialization() {
    let s = |t: &str| ipv6_to_string(t.parse().unwrap());
    assert_eq!(s("0:0:0:0:0:0:0:0"), "::");
    assert_eq!(s("1:0:0:0:0:0:0:0"), "1::");
    assert_eq!(s("1:0:0:2:0:0:0:3"), "1:0:0:2::3");
    assert_eq!(s("1:0:0:2:0:0:3:4"), "1::2:0:0:3:4");
    assert_eq!(s("1:0:2:3:4:5:6:7"), "1:0:2:3:4:5:6:7");
    assert_eq!(s("0:0:1:0:0:0:0:0"), "0:0:1::");
}
