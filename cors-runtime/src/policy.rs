//! [`Policy`]: the checked, `'static` tables one `#[cors]` attribute or `policy!` compiles to.

use core::fmt;

use std::sync::OnceLock;

use crate::error::PolicyError;
use crate::origin::{ExactOrigins, OriginPattern};
use crate::values::Values;

/// A CORS policy, checked at compile time and stored in `'static` tables.
///
/// A `Policy` is built by [`policy!`](crate::policy!) or by `#[cors(...)]` (whose policy
/// is reachable as `NAME::POLICY`), every rule of it checked by the compiler, so nothing
/// here is validated again per request. The same rules, with the same messages, run once
/// where a policy is only known at run time: origins read from the environment
/// (`origins = env("NAME")`, see [`Policy::resolve`]) and policies built from
/// configuration ([`Policy::builder`], `PolicyConfig`).
///
/// [`Policy::decide`] reads a request's method and headers and returns a
/// [`Decision`](crate::Decision) that writes the response headers. Deciding and writing
/// allocate nothing.
///
/// `Display` prints a readable summary:
///
/// ```
/// use cors_runtime::{policy, Policy};
///
/// static API: Policy = policy!(
///     origins = ["https://app.example.com", "https://*.example.com"],
///     methods = [GET, POST],
///     allow_headers = ["content-type"],
///     credentials,
///     max_age = 600,
/// );
///
/// let summary = API.to_string();
/// assert!(summary.contains("https://app.example.com"));
/// assert!(summary.contains("credentials: yes"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub(crate) origins: OriginSource,
    /// `live(NAME)` among the origins: a set that changes while serving, read after the
    /// origins above.
    pub(crate) live: Option<LiveOrigins>,
    pub(crate) methods: Methods,
    pub(crate) allow_headers: RequestHeaders,
    pub(crate) expose_headers: Option<&'static str>,
    pub(crate) credentials: bool,
    /// Untrusted unsafe requests and WebSocket handshakes are refused before the handler
    /// (SPEC 10); `false` with `dangerously_allow_cross_origin_writes`.
    pub(crate) guard: bool,
    pub(crate) max_age: Option<&'static str>,
    /// The values of `methods`, `allow_headers`, `expose_headers` and `max_age` above,
    /// built once.
    pub(crate) values: Values,
}

/// Where a policy's origins come from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum OriginSource {
    /// Written in the source.
    Fixed(Origins),
    /// `origins = env("NAME")`, with the `default = [...]` list if there is one.
    Env {
        env: &'static EnvOrigins,
        default: Option<Origins>,
    },
}

/// Where a policy's origins come from at startup, as the macros lay it out.
#[derive(Debug)]
pub struct EnvOrigins {
    pub(crate) variable: &'static str,
    pub(crate) policy: &'static str,
    pub(crate) allow_insecure: bool,
    pub(crate) allow_public_suffix: bool,
    pub(crate) resolve: fn(&Policy) -> Result<Origins, PolicyError>,
    pub(crate) resolved: OnceLock<Result<Origins, PolicyError>>,
}

impl EnvOrigins {
    /// The resolved origins of `policy` (whose source this is), resolving them now if no
    /// one has yet; `Err` when the value breaks a rule.
    pub(crate) fn get(&self, policy: &Policy) -> &Result<Origins, PolicyError> {
        self.resolved.get_or_init(|| (self.resolve)(policy))
    }
}

/// A policy's live set: the set and the name it was written with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LiveOrigins {
    pub(crate) set: &'static crate::live::OriginSet,
    /// `TENANTS` for `live(TENANTS)`; empty when attached by the builder.
    pub(crate) name: &'static str,
}

/// Which origins a policy allows.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Origins {
    /// `origins = ["*"]`: every origin, answered with `Access-Control-Allow-Origin: *`.
    Any,
    /// Exact origins (hashed) and patterns (scanned in order).
    Listed {
        exact: ExactOrigins,
        patterns: &'static [OriginPattern],
    },
}

/// Which methods a preflight may ask for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Methods {
    /// `methods = ["*"]`.
    pub(crate) any: bool,
    /// The `Access-Control-Allow-Methods` value: `*` and/or the listed methods as written
    /// (case matters for methods), joined by `, `. The list is read from it.
    pub(crate) header: &'static str,
}

/// Which request headers a preflight may ask for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestHeaders {
    /// `allow_headers = ["*"]`: every name but `authorization`.
    pub(crate) any: bool,
    /// The `Access-Control-Allow-Headers` value: `*` and/or the listed names (lowercase),
    /// joined by `, `; `None` when nothing is allowed. The list is read from it.
    pub(crate) header: Option<&'static str>,
}

/// The entry of a list value written by the macros or the builder (`GET, PURGE`,
/// `*, authorization`: tokens joined by `, `) that starts at `start`, and where the next
/// one starts. An entry runs to its comma, so none holds one.
pub(crate) const fn entry_at(header: &[u8], start: usize) -> (&[u8], usize) {
    let mut end = start;
    while end < header.len() && header[end] != b',' {
        end += 1;
    }
    let (entry, _) = header.split_at(end);
    let (_, entry) = entry.split_at(start);
    // Past `, `.
    (entry, end + 2)
}

/// Whether the list value `header` has an entry equal to `name`, with ASCII case ignored
/// when `ignore_case`. A `name` holding a comma (`PUT, DELETE`) is no entry.
pub(crate) const fn has_entry(header: &[u8], name: &[u8], ignore_case: bool) -> bool {
    if name.is_empty() {
        return false;
    }
    let mut start = 0;
    while start < header.len() {
        let (entry, next) = entry_at(header, start);
        let equal = if ignore_case {
            entry.eq_ignore_ascii_case(name)
        } else {
            bytes_eq(entry, name)
        };
        if equal {
            return true;
        }
        start = next;
    }
    false
}

/// [`has_entry`] per request, for a `name` that holds no comma: the entries of a value
/// the macros or the builder wrote (`GET, PURGE`, entries joined by `, `), each compared
/// where it starts, with slice equality (browsers send method names as listed and header
/// names in lowercase, as listed), then, when `ignore_case`, ignoring ASCII case. The
/// bytes of an entry that does not match are only read to find where the next one
/// starts.
#[inline]
fn lists_entry(header: &[u8], name: &[u8], ignore_case: bool) -> bool {
    debug_assert!(!has_comma(name), "a name split from a list");
    let len = name.len();
    if len == 0 {
        return false;
    }
    let mut rest = header;
    loop {
        // `rest` starts with an entry: is it `name`?
        if let Some(entry) = rest.get(..len)
            && rest.get(len).is_none_or(|&b| b == b',')
            && (cors_rules::same_bytes(entry, name)
                || (ignore_case && entry.eq_ignore_ascii_case(name)))
        {
            return true;
        }
        match rest.iter().position(|&b| b == b',') {
            // Past the comma and the space after it.
            Some(comma) => rest = rest.get(comma + 2..).unwrap_or_default(),
            None => return false,
        }
    }
}

/// Whether `bytes` holds a comma. From 8 to 16 bytes (a header name, most of them) two
/// overlapping words are tested a word at a time, where a loop over the bytes costs
/// several times as much; other lengths are searched as a slice.
#[inline]
pub(crate) fn has_comma(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const COMMAS: u64 = u64::from_ne_bytes([b','; 8]);
    // A byte of `word` is a comma if and only if that byte of `word ^ COMMAS` is zero,
    // which this classic test detects exactly.
    let any_comma = |word: &[u8; 8]| {
        let x = u64::from_ne_bytes(*word) ^ COMMAS;
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    };
    match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (Some(first), Some(last)) if bytes.len() <= 16 => any_comma(first) || any_comma(last),
        _ => bytes.contains(&b','),
    }
}

/// Byte equality usable in `const fn`.
const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl Policy {
    /// Whether the policy answers every origin with `Access-Control-Allow-Origin: *`.
    ///
    /// ```
    /// use cors_runtime::{policy, Policy};
    ///
    /// static OPEN: Policy = policy!(origins = ["*"], methods = [GET]);
    /// assert!(OPEN.allows_any_origin());
    /// ```
    pub fn allows_any_origin(&self) -> bool {
        matches!(self.origins(), Some(Origins::Any))
    }

    /// The origins this policy allows: the written ones, or those resolved from the
    /// environment (resolving them now if no one has yet). `None` when resolution failed:
    /// the policy then grants nothing.
    #[inline]
    pub(crate) fn origins(&self) -> Option<&Origins> {
        match &self.origins {
            OriginSource::Fixed(origins) => Some(origins),
            OriginSource::Env { env, .. } => env.get(self).as_ref().ok(),
        }
    }

    /// Whether the policy sends `Access-Control-Allow-Credentials: true`.
    ///
    /// ```
    /// use cors_runtime::{policy, Policy};
    ///
    /// static API: Policy = policy!(origins = ["https://a.example"], methods = [GET], credentials);
    /// assert!(API.allows_credentials());
    /// ```
    pub const fn allows_credentials(&self) -> bool {
        self.credentials
    }

    /// Whether the policy refuses untrusted unsafe requests and WebSocket handshakes
    /// before the handler (see [`Policy::decide`]): `false` only with
    /// `dangerously_allow_cross_origin_writes`. A `"*"` policy guards too, but trusts
    /// every origin.
    ///
    /// ```
    /// use cors_runtime::{policy, Policy};
    ///
    /// static API: Policy = policy!(origins = ["https://a.example"], methods = [POST]);
    /// static CALLBACK: Policy = policy!(
    ///     origins = ["https://a.example"],
    ///     methods = [POST],
    ///     dangerously_allow_cross_origin_writes,
    /// );
    /// assert!(API.guards_cross_origin_writes());
    /// assert!(!CALLBACK.guards_cross_origin_writes());
    /// ```
    pub const fn guards_cross_origin_writes(&self) -> bool {
        self.guard
    }

    /// Whether `origin` (the value of an `Origin` request header) is allowed.
    ///
    /// The comparison is byte for byte against the canonical origins of the policy, so a
    /// trailing slash, uppercase letters or a default port never match.
    ///
    /// ```
    /// use cors_runtime::{policy, Policy};
    ///
    /// static API: Policy = policy!(
    ///     origins = ["https://app.example.com", "https://*.example.org", "http://localhost:*"],
    ///     methods = [GET],
    /// );
    /// assert!(API.allows_origin(b"https://app.example.com"));
    /// assert!(API.allows_origin(b"https://a.b.example.org"));
    /// assert!(API.allows_origin(b"http://localhost:5173"));
    /// assert!(!API.allows_origin(b"https://example.org"));
    /// assert!(!API.allows_origin(b"https://app.example.com/"));
    /// assert!(!API.allows_origin(b"https://APP.example.com"));
    /// ```
    pub fn allows_origin(&self, origin: &[u8]) -> bool {
        self.match_origin(origin).is_some()
    }

    /// Whether a preflight may ask for `method` (the value of
    /// `Access-Control-Request-Method`). `GET`, `HEAD` and `POST` always may.
    ///
    /// ```
    /// use cors_runtime::{policy, Policy};
    ///
    /// static API: Policy = policy!(origins = ["https://a.example"], methods = [PUT, "PURGE"]);
    /// assert!(API.allows_method(b"PUT"));
    /// assert!(API.allows_method(b"PURGE"));
    /// assert!(API.allows_method(b"GET"));
    /// assert!(!API.allows_method(b"put"));
    /// assert!(!API.allows_method(b"DELETE"));
    /// ```
    pub fn allows_method(&self, method: &[u8]) -> bool {
        crate::token::is_token(method) && self.methods.allows(method)
    }

    /// Whether a preflight may ask for the request header `name` (compared
    /// case-insensitively). A list of names (`a, b`) is no name: it is never allowed,
    /// not even by `allow_headers = ["*"]`.
    ///
    /// ```
    /// use cors_runtime::{policy, Policy};
    ///
    /// static API: Policy = policy!(
    ///     origins = ["https://a.example"],
    ///     methods = [GET],
    ///     allow_headers = ["x-request-id"],
    /// );
    /// assert!(API.allows_request_header(b"X-Request-Id"));
    /// assert!(!API.allows_request_header(b"x-other"));
    ///
    /// static ANY: Policy =
    ///     policy!(origins = ["https://a.example"], methods = [GET], allow_headers = ["*"]);
    /// assert!(ANY.allows_request_header(b"x-other"));
    /// assert!(!ANY.allows_request_header(b"x-other, x-request-id"));
    /// ```
    pub fn allows_request_header(&self, name: &[u8]) -> bool {
        self.allow_headers.allows(name)
    }

    /// How `origin` is allowed, if it is: by `"*"`, or listed (an exact origin or a
    /// pattern; either way the request's own value is the answer).
    pub(crate) fn match_origin(&self, origin: &[u8]) -> Option<crate::origin::AllowedBy> {
        self.match_origin_in(self.origins(), origin)
    }

    /// How `origin` is allowed by `allowed` (the policy's origins, read once by the
    /// caller: `None` when their resolution failed) or by the live set.
    #[inline]
    pub(crate) fn match_origin_in(
        &self,
        allowed: Option<&Origins>,
        origin: &[u8],
    ) -> Option<crate::origin::AllowedBy> {
        let by = allowed?.match_origin(origin);
        match self.live {
            Some(live) if by.is_none() => live
                .set
                .matches(origin)
                .then_some(crate::origin::AllowedBy::Listed),
            _ => by,
        }
    }
}

impl Origins {
    /// How `origin` is allowed, if it is: see [`Policy::match_origin`].
    #[inline]
    pub(crate) fn match_origin(&self, origin: &[u8]) -> Option<crate::origin::AllowedBy> {
        use crate::origin::AllowedBy;
        match self {
            Origins::Any => Some(AllowedBy::Any),
            Origins::Listed { exact, patterns } => (exact.contains(origin)
                || patterns.iter().any(|p| p.matches(origin)))
            .then_some(AllowedBy::Listed),
        }
    }
}

impl Methods {
    /// Whether a preflight may request `method`, already known to be a token.
    pub(crate) fn allows(&self, method: &[u8]) -> bool {
        self.any || self.lists(method)
    }

    /// Whether `method` is simple (`GET`, `HEAD`, `POST`) or listed, compared exactly.
    /// (`*`, an entry when the policy allows any method, is not a method browsers send;
    /// `allows` accepts it then all the same.)
    pub(crate) fn lists(&self, method: &[u8]) -> bool {
        matches!(method, b"GET" | b"HEAD" | b"POST")
            || (!has_comma(method) && lists_entry(self.header.as_bytes(), method, false))
    }

    /// The listed methods, as written (the entries but `*`).
    #[cfg(any(feature = "axum", feature = "actix"))]
    pub(crate) fn listed(&self) -> impl Iterator<Item = &'static str> {
        self.header
            .split(", ")
            .filter(|name| *name != "*" && !name.is_empty())
    }

    /// Whether a handler with this policy serves `method`: `methods = ["*"]` serves every
    /// method, a list its own methods, compared exactly.
    pub(crate) const fn serves(&self, method: &[u8]) -> bool {
        self.any || has_entry(self.header.as_bytes(), method, false)
    }
}

impl RequestHeaders {
    /// Whether a preflight may request the header `name`, compared case-insensitively.
    pub(crate) fn allows(&self, name: &[u8]) -> bool {
        !has_comma(name) && (self.lists(name) || self.allows_unlisted(name))
    }

    /// Whether `name` is listed, compared case-insensitively. Browsers send lowercase
    /// names, so an exact comparison runs first. `name` is one element of a list: it
    /// holds no comma.
    pub(crate) fn lists(&self, name: &[u8]) -> bool {
        let Some(header) = self.header else {
            return false;
        };
        lists_entry(header.as_bytes(), name, true)
    }

    /// Whether `allow_headers = ["*"]` covers `name`: every name but `authorization`.
    pub(crate) fn allows_unlisted(&self, name: &[u8]) -> bool {
        self.any && !name.eq_ignore_ascii_case(b"authorization")
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CORS policy\n  origins: ")?;
        match &self.origins {
            OriginSource::Fixed(origins) => fmt::Display::fmt(origins, f)?,
            OriginSource::Env { env, default } => {
                write!(f, "from the environment variable `{}`", env.variable)?;
                match env.resolved.get() {
                    Some(Ok(origins)) => write!(f, ": {origins}")?,
                    Some(Err(_)) => {
                        f.write_str(" (its value failed the checks: nothing is allowed)")?;
                    }
                    None => match default {
                        Some(origins) => write!(f, " (not read yet; default: {origins})")?,
                        None => f.write_str(" (not read yet)")?,
                    },
                }
            }
        }
        if let Some(live) = &self.live {
            if matches!(&self.origins, OriginSource::Fixed(Origins::Listed { exact, patterns })
                if exact.origins.is_empty() && patterns.is_empty())
            {
                f.write_str("(none written)")?;
            }
            if live.name.is_empty() {
                write!(f, "; and a live origin set, now: {}", live.set)?;
            } else {
                write!(
                    f,
                    "; and the live origin set `{}`, now: {}",
                    live.name, live.set
                )?;
            }
        }
        write!(f, "\n  methods: {}", self.methods.header)?;
        write!(
            f,
            "\n  allow headers: {}",
            self.allow_headers.header.unwrap_or("(none)")
        )?;
        write!(
            f,
            "\n  expose headers: {}",
            self.expose_headers.unwrap_or("(none)")
        )?;
        write!(
            f,
            "\n  credentials: {}",
            if self.credentials { "yes" } else { "no" }
        )?;
        match self.max_age {
            Some(seconds) => write!(f, "\n  max age: {seconds} s")?,
            None => f.write_str("\n  max age: (browser default)")?,
        }
        f.write_str(if self.guard {
            "\n  cross-origin writes and WebSocket handshakes: from these origins only"
        } else {
            "\n  cross-origin writes and WebSocket handshakes: from any site \
             (dangerously_allow_cross_origin_writes)"
        })
    }
}

impl fmt::Display for Origins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origins::Any => f.write_str("* (any origin)"),
            Origins::Listed { exact, patterns } => {
                let mut first = true;
                for origin in exact.iter() {
                    if !first {
                        f.write_str(", ")?;
                    }
                    first = false;
                    f.write_str(origin)?;
                }
                for pattern in patterns.iter() {
                    if !first {
                        f.write_str(", ")?;
                    }
                    first = false;
                    fmt::Display::fmt(pattern, f)?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_entry;

    #[test]
    fn has_comma_is_a_search_for_a_comma() {
        // Every length around the word test, a comma (or a byte one bit from it) at
        // every position, among bytes of every kind.
        for len in 0..=24 {
            for filler in [b'a', b'-', 0x80, 0xff, b' ', b'.'] {
                let plain = vec![filler; len];
                assert!(!super::has_comma(&plain), "{len} {filler}");
                for at in 0..len {
                    for byte in [b',', b',' | 0x80, b',' ^ 1, b'-', 0] {
                        let mut bytes = plain.clone();
                        bytes[at] = byte;
                        assert_eq!(super::has_comma(&bytes), bytes.contains(&b','), "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn list_entries_match_whole() {
        let header = b"GET, PURGE, DELETE";
        for entry in ["GET", "PURGE", "DELETE"] {
            assert!(has_entry(header, entry.as_bytes(), false), "{entry}");
        }
        for other in ["GE", "GETX", "PURG", "ELETE", "", " PURGE", "get"] {
            assert!(!has_entry(header, other.as_bytes(), false), "{other}");
        }
        assert!(has_entry(b"*", b"*", false));
        assert!(!has_entry(b"", b"", false));
    }

    #[test]
    fn entries_never_span_a_comma() {
        let header = b"GET, PUT, DELETE";
        for entry in ["GET", "PUT", "DELETE"] {
            assert!(has_entry(header, entry.as_bytes(), false), "{entry}");
        }
        for other in [
            "PUT, DELETE",
            "GET, PUT",
            "PUT,",
            "",
            " PUT",
            "DELET",
            "ELETE",
            "get",
        ] {
            assert!(!has_entry(header, other.as_bytes(), false), "{other:?}");
        }
        assert!(has_entry(b"*, authorization", b"AUTHORIZATION", true));
        assert!(!has_entry(b"", b"GET", false));
    }

    #[test]
    fn the_per_request_lookup_agrees_with_the_const_one() {
        let headers = [
            "GET, PUT, DELETE",
            "*, authorization",
            "content-type",
            "",
            "PURGE",
        ];
        let names = [
            "GET",
            "PUT",
            "DELETE",
            "delete",
            "PUT, DELETE",
            "GET, PUT",
            "PUT,",
            "",
            " PUT",
            "DELET",
            "ELETE",
            "*",
            "authorization",
            "AUTHORIZATION",
            "Content-Type",
            "content-type",
            "content-typ",
            "purge",
            "PURGE",
        ];
        for header in headers {
            for name in names {
                for ignore_case in [false, true] {
                    assert_eq!(
                        !name.contains(',')
                            && super::lists_entry(header.as_bytes(), name.as_bytes(), ignore_case),
                        has_entry(header.as_bytes(), name.as_bytes(), ignore_case),
                        "{header:?} {name:?} {ignore_case}"
                    );
                }
            }
        }
    }
}
