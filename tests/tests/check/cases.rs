//! The compiled policies under test. Each is written once, as the arguments of `policy!`;
//! the same tokens, stringified, are what [`crate::check::spec`] reads back, so the
//! oracle and the compiled policy can never drift apart.

use std::sync::OnceLock;

use cors_runtime::{OriginSet, Policy, PolicyBuilder, policy};

use super::spec::Spec;

/// One compiled policy and the text of its arguments, with its twin whose origins are
/// read at startup (`origins = env(...)`) from the same list.
#[derive(Debug)]
pub struct Case {
    pub name: &'static str,
    pub policy: &'static Policy,
    env: &'static Policy,
    origins: &'static [&'static str],
    built: OnceLock<&'static Policy>,
    live: OnceLock<Option<&'static Policy>>,
    pub args: &'static str,
}

impl Case {
    /// The twin, resolved from the case's origins (once) and checked to describe the same
    /// policy.
    pub fn env(&self) -> &'static Policy {
        super::twin::resolve_twin(self.policy, self.env, self.origins)
    }

    /// The policy `Policy::builder()` builds from the same arguments (once), checked to
    /// describe the same policy.
    pub fn built(&self) -> &'static Policy {
        self.built.get_or_init(|| {
            let built = builder(self.spec())
                .build()
                .unwrap_or_else(|e| panic!("case {}: {e}", self.name));
            assert_eq!(
                built.to_string(),
                self.policy.to_string(),
                "case {}",
                self.name
            );
            built
        })
    }

    /// The twin whose origins are held in a live set (`OriginSet`), built once: every
    /// origin a live set accepts goes in the set, the others (which need a `dangerously_*`
    /// flag) stay written. `None` for a `"*"` policy, which cannot have a live set. Its
    /// summary must equal the case's but for the origins, which the set lists.
    pub fn live(&self) -> Option<&'static Policy> {
        *self
            .live
            .get_or_init(|| live_twin(self.name, self.spec(), self.policy))
    }

    /// The policy as written, its env-resolved twin, its builder-built twin and, but for a
    /// `"*"` policy, its twin with origins in a live set.
    pub fn all(&self) -> Vec<&'static Policy> {
        let mut all = vec![self.policy, self.env(), self.built()];
        all.extend(self.live());
        all
    }

    /// The oracle's reading of the policy's arguments (parsed once).
    pub fn spec(&self) -> &'static Spec {
        let index = ALL
            .iter()
            .position(|c| core::ptr::eq(*c, self))
            .expect("a case of ALL");
        &specs()[index]
    }
}

/// Every case's spec, in the order of [`ALL`].
pub fn specs() -> &'static [Spec] {
    static SPECS: OnceLock<Vec<Spec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        ALL.iter()
            .map(|case| {
                Spec::parse(case.args).unwrap_or_else(|e| panic!("case {}: {e}", case.name))
            })
            .collect()
    })
}

/// The twin of the policy `spec` describes (`policy`, named `name`) whose origins are in
/// a live set, as [`Case::live`] says; `None` for a `"*"` policy.
pub fn live_twin(name: &str, spec: &Spec, policy: &Policy) -> Option<&'static Policy> {
    let written = spec
        .written
        .iter()
        .find(|(key, _)| key == "origins")
        .map(|(_, list)| list.as_slice())
        .unwrap_or_default();
    if written.iter().any(|origin| origin == "*") {
        return None;
    }
    // Each origin alone: the set takes those it accepts.
    let (live, fixed): (Vec<&String>, Vec<&String>) = written
        .iter()
        .partition(|origin| OriginSet::new().insert(origin).is_ok());
    let set: &'static OriginSet = Box::leak(Box::new(OriginSet::new()));
    set.replace(&live)
        .unwrap_or_else(|e| panic!("case {name}: the live set refused {live:?}: {e}"));
    let builder = builder_with_origins(spec, Some(&fixed)).live_origins(set);
    let twin = builder
        .build()
        .unwrap_or_else(|e| panic!("case {name}, live twin: {e}"));
    // The same summary, but for the origins: the live twin lists the written ones (or
    // none) and the set's.
    let rest = |policy: &Policy| {
        let summary = policy.to_string();
        summary
            .lines()
            .filter(|line| !line.trim_start().starts_with("origins:"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(rest(twin), rest(policy), "case {name}, live twin");
    assert_eq!(set.len(), live.len(), "case {name}");
    Some(twin)
}

/// `Policy::builder()` with the arguments `spec` was read from, as written.
pub fn builder(spec: &Spec) -> PolicyBuilder {
    builder_with_origins(spec, None)
}

/// [`builder`], with `origins` instead of the written origins (`None`: as written), or
/// none at all when `origins` is empty.
fn builder_with_origins(spec: &Spec, origins: Option<&[&String]>) -> PolicyBuilder {
    let mut builder = Policy::builder();
    for (key, list) in &spec.written {
        builder = match key.as_str() {
            "origins" => match origins {
                None => builder.origins(list),
                Some([]) => builder,
                Some(origins) => builder.origins(origins.iter().map(|o| o.as_str())),
            },
            "methods" => builder.methods(list),
            "allow_headers" => builder.allow_headers(list),
            "expose_headers" => builder.expose_headers(list),
            "credentials" => builder.credentials(true),
            "dangerously_allow_insecure_origins" => builder.dangerously_allow_insecure_origins(),
            "dangerously_allow_public_suffix_subdomains" => {
                builder.dangerously_allow_public_suffix_subdomains()
            }
            "dangerously_allow_cross_origin_writes" => {
                builder.dangerously_allow_cross_origin_writes()
            }
            other => panic!("no builder call for {other}"),
        };
    }
    match spec.max_age {
        Some(seconds) => builder.max_age(seconds),
        None => builder,
    }
}

macro_rules! cases {
    ($($name:ident: (origins = [$($origin:literal),* $(,)?] $(, $($rest:tt)*)?);)*) => {
        $(
            pub static $name: Case = Case {
                name: stringify!($name),
                policy: {
                    static POLICY: Policy = policy!(origins = [$($origin),*] $(, $($rest)*)?);
                    &POLICY
                },
                env: {
                    static POLICY: Policy =
                        policy!(origins = env("CORS_TESTS_TWIN_ORIGINS") $(, $($rest)*)?);
                    &POLICY
                },
                origins: &[$($origin),*],
                built: OnceLock::new(),
                live: OnceLock::new(),
                args: stringify!(origins = [$($origin),*] $(, $($rest)*)?),
            };
        )*
        /// Every case, in a fixed order: fuzz inputs select one by index
        /// (`input::case_of_byte`). A new case goes at the end, and needs a byte of
        /// `input::NEW_CASE_BYTES`.
        pub static ALL: &[&Case] = &[$(&$name),*];
    };
}

cases! {
    // One exact origin, simple method only.
    EXACT_ONE: (origins = ["https://app.example.com"], methods = [GET]);
    // Several exact origins (IPv4, a port), credentials, `authorization` listed.
    EXACT_CREDENTIALS: (
        origins = [
            "https://app.example.com",
            "https://admin.example.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "https://example.com:8443"
        ],
        methods = [GET, POST, PUT, DELETE],
        allow_headers = ["content-type", "x-request-id", "authorization"],
        expose_headers = ["x-request-id"],
        credentials,
        max_age = 600,
    );
    // A subdomain pattern.
    SUBDOMAINS: (
        origins = ["https://*.example.com"],
        methods = [GET, PATCH],
        allow_headers = ["x-a"],
    );
    // A subdomain pattern on a fixed port, the domain itself listed exactly, credentials.
    SUBDOMAINS_PORT: (
        origins = ["https://*.example.org:8443", "https://example.org"],
        methods = [PUT],
        credentials,
    );
    // Port patterns on loopback hosts, OPTIONS as a method, max_age 0.
    ANY_PORT: (
        origins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"],
        methods = [GET, POST, DELETE, OPTIONS],
        allow_headers = ["content-type"],
        credentials,
        max_age = 0,
    );
    // Subdomains on any port, an extension method.
    SUBDOMAINS_ANY_PORT: (
        origins = ["https://*.dev.example.net:*"],
        methods = ["PURGE", GET],
        allow_headers = ["x-purge-key"],
        max_age = 86400,
    );
    // Any origin, simple.
    STAR: (origins = ["*"], methods = [GET]);
    // Any origin, any method, any header, every response header.
    STAR_EVERYTHING: (
        origins = ["*"],
        methods = ["*"],
        allow_headers = ["*"],
        expose_headers = ["*"],
    );
    // Any origin, any header and `authorization` too.
    STAR_AUTHORIZATION: (
        origins = ["*"],
        methods = [GET, POST, PUT],
        allow_headers = ["*", "authorization"],
        expose_headers = ["x-total"],
    );
    // A header wildcard without `authorization`, exact origin and pattern together.
    HEADER_WILDCARD: (
        origins = ["https://app.example.com", "https://*.example.com"],
        methods = [PATCH, DELETE],
        allow_headers = ["*"],
        max_age = 60,
    );
    // Extension methods, one of them lower-case (methods are case-sensitive).
    EXTENSIONS: (
        origins = ["https://app.example.com"],
        methods = ["PURGE", "LINK", "x-custom", "MKCOL"],
        allow_headers = ["x-request-id", "depth"],
    );
    // IP hosts: IPv6 loopback with a port, IPv4 without, a global IPv6, a private IPv4.
    IP_HOSTS: (
        origins = [
            "http://[::1]:3000",
            "http://127.0.0.1",
            "https://[2001:db8::1]",
            "http://192.168.0.10:8080"
        ],
        methods = [GET, POST],
    );
    // Plain-http origins with credentials, through the escape hatch.
    INSECURE_CREDENTIALS: (
        origins = ["http://intranet.example:8080", "http://*.corp.example"],
        methods = [GET, PUT],
        credentials,
        dangerously_allow_insecure_origins,
    );
    // A subdomain pattern over a public suffix with credentials, through the escape hatch.
    PUBLIC_SUFFIX: (
        origins = ["https://*.github.io"],
        methods = [GET],
        credentials,
        dangerously_allow_public_suffix_subdomains,
    );
    // Punycode hosts.
    PUNYCODE: (
        origins = ["https://xn--bcher-kva.example", "https://*.xn--bcher-kva.example"],
        methods = [GET, DELETE],
        expose_headers = ["x-a", "x-b"],
    );
    // Forty exact origins: the hash table with collisions.
    MANY_EXACT: (
        origins = [
            "https://o0.example", "https://o1.example", "https://o2.example",
            "https://o3.example", "https://o4.example", "https://o5.example",
            "https://o6.example", "https://o7.example", "https://o8.example",
            "https://o9.example", "https://o10.example", "https://o11.example",
            "https://o12.example", "https://o13.example", "https://o14.example",
            "https://o15.example", "https://o16.example", "https://o17.example",
            "https://o18.example", "https://o19.example", "https://o20.example",
            "https://o21.example", "https://o22.example", "https://o23.example",
            "https://o24.example", "https://o25.example", "https://o26.example",
            "https://o27.example", "https://o28.example", "https://o29.example",
            "https://o30.example", "https://o31.example", "https://o32.example",
            "https://o33.example", "https://o34.example", "https://o35.example",
            "https://o36.example", "https://o37.example", "https://o38.example",
            "https://o39.example:8443"
        ],
        methods = [GET, PUT],
        allow_headers = ["x-a"],
        credentials,
    );
    // Loopback subdomains on any port, every standard method, credentials.
    LOCALHOST: (
        origins = ["http://*.localhost:*", "http://localhost:*"],
        methods = [GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS],
        allow_headers = ["x-a", "x-b", "x-c", "authorization", "content-type"],
        expose_headers = ["x-a"],
        credentials,
        max_age = 7200,
    );
    // A simple POST API: headers but no preflight-only method.
    POST_ONLY: (
        origins = ["https://app.example.com"],
        methods = [POST],
        allow_headers = ["content-type", "x-requested-with"],
        expose_headers = ["location"],
    );
    // An extension method and a wildcard header list with `authorization`, no credentials.
    MIXED: (
        origins = ["https://app.example.com:8443", "https://*.app.example.com"],
        methods = ["REPORT", PATCH],
        allow_headers = ["authorization", "*"],
        expose_headers = ["x-request-id", "etag"],
        max_age = 5,
    );
    // The guard on writes and WebSocket handshakes turned off (an OAuth callback).
    WRITES_FROM_ANYWHERE: (
        origins = ["https://app.example.com", "https://*.example.org"],
        methods = [POST, PUT],
        allow_headers = ["content-type"],
        credentials,
        dangerously_allow_cross_origin_writes,
    );
}
