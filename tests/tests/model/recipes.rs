//! Random material for the properties, and how it becomes a request for a given policy.
//!
//! Strategies produce policy-independent recipes (indices, labels, mutations); `realize`
//! turns a recipe into a request against one policy's spec, so the same recipe shrinks
//! well whatever the policy.

use http::header::{ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY};
use http::uri::Authority;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use proptest::prelude::*;
use url::Url;

use crate::browser::Fetch;
use crate::check::spec::{OriginRule, PortRule, Spec};

/// How to pick the origin of a page.
#[derive(Debug, Clone)]
pub enum OriginRecipe {
    /// An instance of the policy's `pick`-th origin rule.
    Listed(Instance),
    /// An instance, then changed by `mutation` into another origin a browser could send.
    NearMiss(Instance, u8, u8),
    /// An origin unrelated to the policy.
    Random {
        https: bool,
        host: RandomHost,
        port: Option<u16>,
    },
    /// Sandboxed iframes, `file:` pages, ...
    Null,
}

/// An instance of one origin rule: labels under a `*.` pattern, a port for `:*`.
#[derive(Debug, Clone)]
pub struct Instance {
    pub pick: usize,
    pub labels: Vec<String>,
    pub port: Option<u16>,
}

#[derive(Debug, Clone)]
pub enum RandomHost {
    Domain(Vec<String>),
    V4([u8; 4]),
    V6([u16; 8]),
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z0-9]{0,7}",
        1 => "[a-z0-9_-]{1,12}",
        1 => Just("a".repeat(63)),
        1 => prop::sample::select(vec!["www", "app", "admin", "api", "evil", "example", "localhost"])
            .prop_map(str::to_owned),
    ]
}

fn port() -> impl Strategy<Value = Option<u16>> {
    prop_oneof![
        2 => Just(None),
        1 => prop::sample::select(vec![80u16, 443, 3000, 8080, 8443, 65535, 1]).prop_map(Some),
        1 => (1u16..=65535).prop_map(Some),
    ]
}

fn instance() -> impl Strategy<Value = Instance> {
    (any::<usize>(), prop::collection::vec(label(), 1..4), port())
        .prop_map(|(pick, labels, port)| Instance { pick, labels, port })
}

pub fn origin_recipe() -> impl Strategy<Value = OriginRecipe> {
    let random_host = prop_oneof![
        3 => prop::collection::vec(label(), 1..4).prop_map(|mut labels| {
            labels.push("com".into());
            RandomHost::Domain(labels)
        }),
        1 => any::<[u8; 4]>().prop_map(RandomHost::V4),
        1 => prop_oneof![
            any::<[u16; 8]>(),
            Just([0, 0, 0, 0, 0, 0, 0, 1]),
            (any::<u16>(), any::<u16>()).prop_map(|(a, b)| [0x2001, 0xdb8, 0, 0, 0, 0, a, b]),
        ]
        .prop_map(RandomHost::V6),
    ];
    prop_oneof![
        6 => instance().prop_map(OriginRecipe::Listed),
        6 => (instance(), any::<u8>(), any::<u8>())
            .prop_map(|(i, m, salt)| OriginRecipe::NearMiss(i, m, salt)),
        2 => (any::<bool>(), random_host, port())
            .prop_map(|(https, host, port)| OriginRecipe::Random { https, host, port }),
        1 => Just(OriginRecipe::Null),
    ]
}

/// What a browser serializes for the page at `url`, or `null` when it has no such
/// origin (the URL does not parse).
pub fn serialize(url: &str) -> String {
    Url::parse(url).map_or_else(|_| "null".to_owned(), |u| u.origin().ascii_serialization())
}

/// `scheme://host[:port]` of one instance of the `pick`-th rule (unserialized).
fn instance_parts(spec: &Spec, i: &Instance) -> (String, String, Option<String>) {
    if spec.origins.is_empty() {
        // A "*" policy: any origin, make one up.
        return (
            "https".into(),
            format!("{}.example", i.labels.join(".")),
            i.port.map(|p| p.to_string()),
        );
    }
    match &spec.origins[i.pick % spec.origins.len()] {
        OriginRule::Exact(exact) => {
            let url = Url::parse(exact).expect("a configured origin parses");
            (
                url.scheme().to_owned(),
                url.host_str().expect("a host").to_owned(),
                url.port().map(|p| p.to_string()),
            )
        }
        OriginRule::Pattern {
            scheme,
            host,
            subdomains,
            port,
        } => {
            let host = if *subdomains {
                format!("{}.{host}", i.labels.join("."))
            } else {
                host.clone()
            };
            let port = match port {
                PortRule::Default => None,
                PortRule::Exact(p) => Some(p.clone()),
                PortRule::Any => i.port.map(|p| p.to_string()),
            };
            (scheme.clone(), host, port)
        }
    }
}

fn join(scheme: &str, host: &str, port: Option<&str>) -> String {
    match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    }
}

/// The serialized origin a recipe stands for, against `spec`.
pub fn realize_origin(spec: &Spec, recipe: &OriginRecipe) -> String {
    match recipe {
        OriginRecipe::Listed(i) => {
            let (scheme, host, port) = instance_parts(spec, i);
            serialize(&join(&scheme, &host, port.as_deref()))
        }
        OriginRecipe::NearMiss(i, mutation, salt) => {
            let (mut scheme, mut host, mut port) = instance_parts(spec, i);
            let salt_char = (b'a' + salt % 26) as char;
            match mutation % 12 {
                0 => {
                    scheme = if scheme == "https" {
                        "http".into()
                    } else {
                        "https".into()
                    }
                }
                1 => {
                    port = if port.is_some() {
                        None
                    } else {
                        Some("8080".into())
                    }
                }
                2 => {
                    port = Some(match port.and_then(|p| p.parse::<u16>().ok()) {
                        Some(p) => p.wrapping_add(1).max(1).to_string(),
                        None => "1".into(),
                    })
                }
                3 => host = format!("{salt_char}{host}"),
                4 => host = format!("evil.{host}"),
                5 => host = format!("{host}.evil.com"),
                6 => {
                    host = host
                        .split_once('.')
                        .map_or(host.clone(), |(_, rest)| rest.to_owned())
                }
                7 => {
                    host.pop();
                    host.push(salt_char);
                }
                8 => host.insert(host.len() / 2, '-'),
                9 => {
                    // The bare domain of a pattern instance, or its parent.
                    let dots: Vec<&str> = host.split('.').collect();
                    host = dots[dots.len().saturating_sub(2)..].join(".");
                }
                10 => host = format!("{host}{salt_char}"),
                _ => host = format!("{}{host}", "x".repeat(usize::from(*salt % 3) + 1)),
            }
            serialize(&join(&scheme, &host, port.as_deref()))
        }
        OriginRecipe::Random { https, host, port } => {
            let host = match host {
                RandomHost::Domain(labels) => labels.join("."),
                RandomHost::V4(o) => format!("{}.{}.{}.{}", o[0], o[1], o[2], o[3]),
                RandomHost::V6(s) => format!(
                    "[{:x}:{:x}:{:x}:{:x}:{:x}:{:x}:{:x}:{:x}]",
                    s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]
                ),
            };
            let scheme = if *https { "https" } else { "http" };
            serialize(&join(scheme, &host, port.map(|p| p.to_string()).as_deref()))
        }
        OriginRecipe::Null => "null".into(),
    }
}

/// Methods a script may pass to `fetch`, valid or not.
const METHODS: &[&str] = &[
    "GET",
    "GET",
    "HEAD",
    "POST",
    "POST",
    "PUT",
    "PUT",
    "DELETE",
    "DELETE",
    "PATCH",
    "PATCH",
    "OPTIONS",
    "get",
    "post",
    "put",
    "delete",
    "patch",
    "Patch",
    "options",
    "head",
    "PURGE",
    "PURGE",
    "purge",
    "LINK",
    "x-custom",
    "MKCOL",
    "REPORT",
    "report",
    "CONNECT",
    "trace",
    "*",
    "BAD METHOD",
    "",
];

/// Request headers a script may set, safelisted or not, forbidden or not.
fn header_pool() -> Vec<(String, String)> {
    let fixed: &[(&str, &str)] = &[
        ("content-type", "text/plain"),
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("content-type", "multipart/form-data; boundary=zz"),
        ("content-type", "application/json"),
        ("content-type", "text/plain; charset=\"utf-8\""),
        ("accept", "*/*"),
        ("accept", "text/html(x)"),
        ("accept-language", "en-US,en;q=0.9"),
        ("content-language", "de-DE"),
        ("accept-language", "en_US"),
        ("range", "bytes=0-99"),
        ("range", "bytes=100-"),
        ("range", "bytes=-5"),
        ("range", "bytes=5-1"),
        ("authorization", "Bearer t"),
        ("Authorization", "Basic dTpw"),
        ("x-request-id", "42"),
        ("X-Request-Id", "43"),
        ("x-a", "1"),
        ("X-B", "2"),
        ("x-c", "3"),
        ("x-purge-key", "k"),
        ("depth", "1"),
        ("x-requested-with", "XMLHttpRequest"),
        ("etag", "x"),
        ("cookie", "a=b"),
        ("sec-ch-ua", "x"),
        ("proxy-authorization", "x"),
        ("Host", "evil.example"),
        ("x-http-method-override", "TRACE"),
        ("x-http-method-override", "PATCH"),
        ("x-bad name", "v"),
    ];
    let mut pool: Vec<(String, String)> = fixed
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    pool.push(("accept".into(), "a".repeat(129)));
    pool.push(("accept-language".into(), "a".repeat(120)));
    pool.push(("accept-language".into(), "b".repeat(120)));
    pool
}

/// A request header: one the policy lists (upper-cased when the flag is set), or one
/// from the pool.
#[derive(Debug, Clone)]
pub enum HeaderPick {
    Listed(usize, bool),
    Pool(String, String),
}

fn headers() -> impl Strategy<Value = Vec<HeaderPick>> {
    let pool = header_pool();
    let one = prop_oneof![
        3 => (any::<usize>(), any::<bool>()).prop_map(|(i, upper)| HeaderPick::Listed(i, upper)),
        3 => prop::sample::select(pool).prop_map(|(n, v)| HeaderPick::Pool(n, v)),
        1 => ("[xX]-[a-z]{1,3}", "[a-z0-9]{0,4}").prop_map(|(n, v)| HeaderPick::Pool(n, v)),
    ];
    prop_oneof![
        4 => Just(Vec::new()),
        4 => prop::collection::vec(one.clone(), 1..3),
        1 => prop::collection::vec(one, 3..12),
    ]
}

/// A method: one the policy lists, or one from the pool.
#[derive(Debug, Clone)]
pub enum MethodPick {
    Listed(usize),
    Pool(&'static str),
}

fn method() -> impl Strategy<Value = MethodPick> {
    prop_oneof![
        2 => any::<usize>().prop_map(MethodPick::Listed),
        1 => prop::sample::select(vec!["GET", "HEAD", "POST"]).prop_map(MethodPick::Pool),
        2 => prop::sample::select(METHODS).prop_map(MethodPick::Pool),
    ]
}

/// A `fetch` from some page, in recipe form.
#[derive(Debug, Clone)]
pub struct FetchRecipe {
    pub origin: OriginRecipe,
    pub method: MethodPick,
    pub headers: Vec<HeaderPick>,
    pub credentials: bool,
}

pub fn fetch_recipe() -> impl Strategy<Value = FetchRecipe> {
    (origin_recipe(), method(), headers(), any::<bool>()).prop_map(
        |(origin, method, headers, credentials)| FetchRecipe {
            origin,
            method,
            headers,
            credentials,
        },
    )
}

impl FetchRecipe {
    pub fn realize(&self, spec: &Spec) -> Fetch {
        let method = match &self.method {
            MethodPick::Listed(i) if !spec.methods.is_empty() => {
                spec.methods[i % spec.methods.len()].clone()
            }
            MethodPick::Listed(i) => METHODS[i % METHODS.len()].to_owned(),
            MethodPick::Pool(m) => (*m).to_owned(),
        };
        let headers = self
            .headers
            .iter()
            .map(|h| match h {
                HeaderPick::Listed(i, upper) if !spec.allow_headers.is_empty() => {
                    let name = &spec.allow_headers[i % spec.allow_headers.len()];
                    let name = if *upper {
                        name.to_ascii_uppercase()
                    } else {
                        name.clone()
                    };
                    (name, "v".to_owned())
                }
                HeaderPick::Listed(i, _) => ("x-a".to_owned(), i.to_string()),
                HeaderPick::Pool(n, v) => (n.clone(), v.clone()),
            })
            .collect();
        Fetch {
            origin: realize_origin(spec, &self.origin),
            method,
            headers,
            credentials: self.credentials,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Raw requests: what any client, not only a browser, may send.

/// Ways to damage an origin value.
#[derive(Debug, Clone)]
pub enum Damage {
    Uppercase(usize),
    Append(&'static str),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
    Prefix(&'static str),
    Repeat(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::Uppercase),
        prop::sample::select(vec![
            "/",
            ":443",
            ":80",
            ":0",
            ":65536",
            ":080",
            ":",
            ".",
            " ",
            "\t",
            "?",
            "#",
            "/x",
            "\u{e9}",
            ".evil.com",
            ":8443",
            ":*",
            "@evil.com",
        ])
        .prop_map(Damage::Append),
        (
            any::<usize>(),
            prop::sample::select(vec![
                b' ', b'\t', 0x80, 0xff, b'.', b':', b'@', b'*', b'[', b']', b'A', b'-', b'_',
                b'0', b',', b'"', b'%', 0x7e,
            ])
        )
            .prop_map(|(at, b)| Damage::Insert(at, b)),
        any::<usize>().prop_map(Damage::Delete),
        any::<usize>().prop_map(Damage::Truncate),
        prop::sample::select(vec![" ", "x", "null", "https://", "*."]).prop_map(Damage::Prefix),
        (2usize..300).prop_map(Damage::Repeat),
    ]
}

fn apply(mut value: Vec<u8>, damage: &Damage) -> Vec<u8> {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match damage {
        Damage::Uppercase(i) => {
            if !value.is_empty() {
                let i = i % value.len();
                value[i] = value[i].to_ascii_uppercase();
            }
        }
        Damage::Append(s) => value.extend_from_slice(s.as_bytes()),
        Damage::Insert(i, b) => {
            let i = at(*i, value.len());
            value.insert(i, *b);
        }
        Damage::Delete(i) => {
            if !value.is_empty() {
                let i = i % value.len();
                value.remove(i);
            }
        }
        Damage::Truncate(i) => {
            let i = at(*i, value.len());
            value.truncate(i);
        }
        Damage::Prefix(s) => value.splice(0..0, s.bytes()).for_each(drop),
        Damage::Repeat(n) => {
            // A long run of labels: `https://a.a.a....<rest>`.
            let split = value
                .windows(3)
                .position(|w| w == b"://")
                .map_or(0, |p| p + 3);
            let labels = b"a.".repeat(*n);
            value.splice(split..split, labels).for_each(drop);
        }
    }
    value
}

/// An `Origin` value: a browser's, possibly damaged, or arbitrary bytes.
#[derive(Debug, Clone)]
pub enum RawOrigin {
    Browser(OriginRecipe, Vec<Damage>),
    Fixed(&'static str),
    Bytes(Vec<u8>),
}

pub fn raw_origin() -> impl Strategy<Value = RawOrigin> {
    prop_oneof![
        6 => origin_recipe().prop_map(|r| RawOrigin::Browser(r, Vec::new())),
        4 => (origin_recipe(), prop::collection::vec(damage(), 1..3))
            .prop_map(|(r, d)| RawOrigin::Browser(r, d)),
        1 => prop::sample::select(vec!["", "null", "*", "https://", "http://[::1", "https://*.example.com", "https://app.example.com:"])
            .prop_map(RawOrigin::Fixed),
        1 => prop::collection::vec(any::<u8>(), 0..40).prop_map(RawOrigin::Bytes),
    ]
}

pub fn realize_raw_origin(spec: &Spec, raw: &RawOrigin) -> Vec<u8> {
    match raw {
        RawOrigin::Browser(recipe, damages) => damages
            .iter()
            .fold(realize_origin(spec, recipe).into_bytes(), apply),
        RawOrigin::Fixed(s) => s.as_bytes().to_vec(),
        RawOrigin::Bytes(b) => b.clone(),
    }
}

/// An ACRH line: names and separators, some of them broken.
#[derive(Debug, Clone)]
pub enum RawNames {
    Names(Vec<(usize, u8)>, Vec<&'static str>),
    Many(usize),
    Padded(usize),
    Bytes(Vec<u8>),
}

fn raw_names() -> impl Strategy<Value = RawNames> {
    prop_oneof![
        8 => (
            prop::collection::vec((any::<usize>(), any::<u8>()), 0..5),
            prop::collection::vec(prop::sample::select(vec![",", ", ", " ,", ",,", "\t,", " , "]), 4),
        )
            .prop_map(|(names, seps)| RawNames::Names(names, seps)),
        1 => (60usize..70).prop_map(RawNames::Many),
        1 => (4000usize..4200).prop_map(RawNames::Padded),
        1 => prop::collection::vec(any::<u8>(), 0..20).prop_map(RawNames::Bytes),
    ]
}

const EXTRA_NAMES: &[&str] = &[
    "authorization",
    "Authorization",
    "content-type",
    "x-request-id",
    "X-Request-ID",
    "x-a",
    "x-unknown",
    "accept",
    "x a",
    "x:y",
    "caf\u{e9}",
    "(x)",
    "*",
    "x-purge-key",
    "depth",
];

fn realize_names(spec: &Spec, raw: &RawNames) -> Vec<u8> {
    match raw {
        RawNames::Names(names, seps) => {
            let mut out = Vec::new();
            for (k, (pick, case)) in names.iter().enumerate() {
                if k > 0 {
                    out.extend_from_slice(seps[k % seps.len()].as_bytes());
                }
                let name = match spec.allow_headers.len() {
                    n if n > 0 && pick % 2 == 0 => spec.allow_headers[(pick / 2) % n].clone(),
                    _ => EXTRA_NAMES[(pick / 2) % EXTRA_NAMES.len()].to_owned(),
                };
                let name = if case % 3 == 0 {
                    name.to_ascii_uppercase()
                } else {
                    name
                };
                out.extend_from_slice(name.as_bytes());
            }
            out
        }
        RawNames::Many(n) => {
            let base = spec.allow_headers.first().map_or("x-a", String::as_str);
            vec![base; *n].join(",").into_bytes()
        }
        RawNames::Padded(n) => {
            let mut v = spec
                .allow_headers
                .first()
                .map_or("x-a", String::as_str)
                .as_bytes()
                .to_vec();
            v.resize(*n, b' ');
            v
        }
        RawNames::Bytes(b) => b.clone(),
    }
}

const RAW_METHODS: &[&[u8]] = &[
    b"GET",
    b"HEAD",
    b"POST",
    b"PUT",
    b"DELETE",
    b"PATCH",
    b"OPTIONS",
    b"PURGE",
    b"purge",
    b"put",
    b"Patch",
    b"LINK",
    b"x-custom",
    b"REPORT",
    b"*",
    b"",
    b" PUT",
    b"PUT ",
    b"PU T",
    b"PUT,DELETE",
    b"P\xffT",
    b"(PUT)",
    b"MKCOL",
    b"CONNECT",
];

/// A request of any shape.
#[derive(Debug, Clone)]
pub struct RawRecipe {
    pub method: usize,
    pub origins: Vec<RawOrigin>,
    pub acrm: Vec<usize>,
    pub acrh: Vec<RawNames>,
    /// Headers the handler sets itself: `Vary` values and a stray ACAO.
    pub handler_vary: Vec<&'static str>,
    pub handler_acao: bool,
    /// SPEC 10's dimensions: `Sec-Fetch-Site` lines, `Upgrade` lines,
    /// `Sec-WebSocket-Key`, the `Host` the request names and its URI's authority.
    pub fetch_site: Vec<&'static [u8]>,
    pub upgrade: Vec<UpgradePick>,
    pub websocket_key: bool,
    pub host: AuthorityPick,
    pub uri: AuthorityPick,
    /// `https` or `http` for an absolute URI (the guard never reads the scheme).
    pub uri_https: bool,
}

/// An authority (`Host`, or the URI's), against the request's first `Origin`.
#[derive(Debug, Clone)]
pub enum AuthorityPick {
    /// None at all: no `Host` line, or a relative URI (`/r`).
    None,
    /// The first origin's host and port, in one of the variants of
    /// [`authority_variant`].
    Origin(u8),
    /// A fixed authority, unrelated to the origin or not.
    Other(&'static [u8]),
}

const FETCH_SITES: &[&[u8]] = &[
    b"same-origin",
    b"none",
    b"same-site",
    b"cross-site",
    b"cross-site",
    b"SAME-ORIGIN",
    b"None",
    b"same-origin, none",
    b"same-origin ",
    b"",
    b"same-origin\xff",
    b"\xe9",
];

/// An `Upgrade` line.
#[derive(Debug, Clone)]
pub enum UpgradePick {
    Fixed(&'static [u8]),
    /// Elements that never name `websocket`, repeated past the bytes the guard reads
    /// (or up to them), then `websocket` or not.
    Long(usize, bool),
}

const UPGRADES: &[&[u8]] = &[
    b"websocket",
    b"WebSocket",
    b"WEBSOCKET",
    b"h2c, websocket",
    b"websocket, h2c",
    b"websocket/13",
    b"Websocket/13 ",
    b"websocket /13",
    b"h2c",
    b"HTTP/2.0",
    b"IRC/6.9, RTA/x11",
    b"websockets",
    b"web socket",
    b"websocket2",
    b"ws",
    b"",
    b",,",
    b" , tls/1.0,WEBSOCKET ",
    b"\twebsocket\t",
    b"websocket\xff",
];

fn upgrade_pick() -> impl Strategy<Value = UpgradePick> {
    prop_oneof![
        12 => prop::sample::select(UPGRADES).prop_map(UpgradePick::Fixed),
        1 => (180usize..220, any::<bool>()).prop_map(|(n, ws)| UpgradePick::Long(n, ws)),
    ]
}

fn realize_upgrade(pick: &UpgradePick) -> Vec<u8> {
    match pick {
        UpgradePick::Fixed(value) => value.to_vec(),
        UpgradePick::Long(n, websocket) => {
            // Five bytes an element, `h2c, `: 1024 bytes are 204.8 of them.
            let mut value = b"h2c, ".repeat(*n);
            if *websocket {
                value.extend_from_slice(b"websocket");
            } else {
                value.truncate(value.len() - 2);
            }
            value
        }
    }
}

fn authority_pick() -> impl Strategy<Value = AuthorityPick> {
    prop_oneof![
        3 => Just(AuthorityPick::None),
        // The variants that name the origin's server, more often than the others.
        3 => (0u8..3).prop_map(AuthorityPick::Origin),
        2 => (3u8..8).prop_map(AuthorityPick::Origin),
        1 => prop::sample::select(vec![
            &b"api.example.com"[..],
            b"app.example.com",
            b"APP.example.com:443",
            b"app.example.com:80",
            b"127.0.0.1:3000",
            b"[::1]:3000",
            b"localhost",
            b"localhost:8080",
            b"evil.example",
            b"user@app.example.com",
            b"app.example.com.",
            b"",
        ])
        .prop_map(AuthorityPick::Other),
    ]
}

/// A variant of the host and port of `origin` (`scheme://host[:port]` as written, read
/// as text): as is (0), upper-case (1), with the scheme's default port written out (2),
/// with another port (3), the parent domain (4), with a trailing dot (5), with the
/// other scheme's default port (6), with userinfo (7). `None` when `origin` has no
/// `://`.
pub fn authority_variant(origin: &[u8], variant: u8) -> Option<Vec<u8>> {
    let at = origin.windows(3).position(|w| w == b"://")?;
    let (scheme, mut host) = (&origin[..at], origin[at + 3..].to_vec());
    let https = scheme.eq_ignore_ascii_case(b"https");
    match variant % 8 {
        0 => {}
        1 => host.make_ascii_uppercase(),
        2 => host.extend_from_slice(if https { b":443" } else { b":80" }),
        3 => host.extend_from_slice(b":1"),
        4 => {
            if let Some(dot) = host.iter().position(|&b| b == b'.') {
                host.drain(..=dot);
            }
        }
        5 => host.push(b'.'),
        6 => host.extend_from_slice(if https { b":80" } else { b":443" }),
        _ => host.splice(0..0, *b"user@").for_each(drop),
    }
    Some(host)
}

/// The authority of `pick`, for a request whose first `Origin` is `origin`.
fn realize_authority(pick: &AuthorityPick, origin: Option<&[u8]>) -> Option<Vec<u8>> {
    match pick {
        AuthorityPick::None => None,
        AuthorityPick::Other(authority) => Some(authority.to_vec()),
        AuthorityPick::Origin(variant) => authority_variant(origin?, *variant),
    }
}

pub fn raw_recipe() -> impl Strategy<Value = RawRecipe> {
    let count = |w0: u32, w1: u32, w2: u32| prop_oneof![w0 => Just(0usize), w1 => Just(1usize), w2 => Just(2usize)];
    (
        prop_oneof![
            4 => Just(6usize),
            2 => Just(0usize),
            1 => Just(2usize),
            3 => 0..RAW_METHODS.len(),
        ],
        count(1, 8, 1).prop_flat_map(|n| prop::collection::vec(raw_origin(), n)),
        count(1, 8, 1).prop_flat_map(|n| prop::collection::vec(0..RAW_METHODS.len(), n)),
        prop_oneof![
            3 => Just(Vec::new()),
            4 => prop::collection::vec(raw_names(), 1..3),
            1 => prop::collection::vec(raw_names(), 7..10),
        ],
        prop::collection::vec(
            prop::sample::select(vec![
                "accept",
                "Origin",
                "*",
                "origin, accept",
                "accept-encoding",
            ]),
            0..2,
        ),
        prop::bool::weighted(0.2),
        (
            prop_oneof![
                4 => Just(Vec::new()),
                4 => prop::collection::vec(prop::sample::select(FETCH_SITES), 1),
                1 => prop::collection::vec(prop::sample::select(FETCH_SITES), 2..4),
            ],
            prop_oneof![
                3 => Just(Vec::new()),
                2 => prop::collection::vec(upgrade_pick(), 1..3),
            ],
            prop::bool::weighted(0.15),
            authority_pick(),
            prop_oneof![3 => Just(AuthorityPick::None), 2 => authority_pick()],
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                method,
                origins,
                acrm,
                acrh,
                handler_vary,
                handler_acao,
                (fetch_site, upgrade, websocket_key, host, uri, uri_https),
            )| RawRecipe {
                method,
                origins,
                acrm,
                acrh,
                handler_vary,
                handler_acao,
                fetch_site,
                upgrade,
                websocket_key,
                host,
                uri,
                uri_https,
            },
        )
}

/// A request realized against a spec: method, URI, request headers, the handler's
/// headers.
pub struct RawRequest {
    pub method: Method,
    /// `/r`, or an absolute URI to it.
    pub uri: Uri,
    pub request: HeaderMap,
    pub handler: HeaderMap,
}

fn append(map: &mut HeaderMap, name: HeaderName, value: &[u8]) {
    if let Ok(value) = HeaderValue::from_bytes(value) {
        map.append(name, value);
    }
}

impl RawRecipe {
    pub fn realize(&self, spec: &Spec) -> RawRequest {
        let method = match RAW_METHODS[self.method] {
            b"OPTIONS" => Method::OPTIONS,
            m => Method::from_bytes(m).unwrap_or(Method::OPTIONS),
        };
        let mut request = HeaderMap::new();
        for o in &self.origins {
            append(&mut request, ORIGIN, &realize_raw_origin(spec, o));
        }
        for &m in &self.acrm {
            // Half of the time, a method the policy lists.
            let value = match spec.methods.len() {
                n if n > 0 && m % 2 == 0 => spec.methods[(m / 2) % n].as_bytes().to_vec(),
                _ => RAW_METHODS[m].to_vec(),
            };
            append(&mut request, ACCESS_CONTROL_REQUEST_METHOD, &value);
        }
        for names in &self.acrh {
            append(
                &mut request,
                ACCESS_CONTROL_REQUEST_HEADERS,
                &realize_names(spec, names),
            );
        }
        for site in &self.fetch_site {
            append(
                &mut request,
                HeaderName::from_static("sec-fetch-site"),
                site,
            );
        }
        for protocol in &self.upgrade {
            append(
                &mut request,
                http::header::UPGRADE,
                &realize_upgrade(protocol),
            );
        }
        if self.websocket_key {
            append(
                &mut request,
                http::header::SEC_WEBSOCKET_KEY,
                b"dGhlIHNhbXBsZSBub25jZQ==",
            );
        }
        let first = request.get(ORIGIN).map(|o| o.as_bytes().to_vec());
        if let Some(host) = realize_authority(&self.host, first.as_deref()) {
            append(&mut request, http::header::HOST, &host);
        }
        // An absolute URI to `/r`, when the authority is one `http` takes.
        let uri = realize_authority(&self.uri, first.as_deref())
            .and_then(|authority| Authority::try_from(authority.as_slice()).ok())
            .and_then(|authority| {
                Uri::builder()
                    .scheme(if self.uri_https { "https" } else { "http" })
                    .authority(authority)
                    .path_and_query("/r")
                    .build()
                    .ok()
            })
            .unwrap_or_else(|| Uri::from_static("/r"));
        let mut handler = HeaderMap::new();
        for v in &self.handler_vary {
            append(&mut handler, VARY, v.as_bytes());
        }
        if self.handler_acao {
            append(
                &mut handler,
                http::header::ACCESS_CONTROL_ALLOW_ORIGIN,
                b"https://evil.example",
            );
            append(
                &mut handler,
                http::header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                b"true",
            );
            append(
                &mut handler,
                http::header::ACCESS_CONTROL_ALLOW_METHODS,
                b"*",
            );
        }
        RawRequest {
            method,
            uri,
            request,
            handler,
        }
    }
}
