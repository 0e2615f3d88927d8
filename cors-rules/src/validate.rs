//! The rules that span several values or keys of a policy, and the model a checked policy
//! becomes. Single-value rules live in `origin.rs`, `method.rs` and `header.rs`.
//!
//! Every entry carries a location `L` chosen by the caller: the macros use the span of the
//! token, the runtime the position of the entry in a variable's value. Problems are handed
//! to the caller's `report` with the location of the offending entry or flag.

use crate::header::{self, Header};
use crate::method::{self, Method};
use crate::origin::{self, Origin, PortPattern};
use crate::problem::Problem;

/// One entry of a list, as written, with the caller's location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<L> {
    /// The entry's text (the value of a string literal, or an identifier's name).
    pub text: String,
    /// Where the entry was written.
    pub at: L,
    /// Written as an identifier (`GET`) rather than a string literal (`"PURGE"`).
    pub ident: bool,
}

impl<L> Entry<L> {
    /// A string entry.
    ///
    /// ```
    /// let entry = cors_rules::Entry::text("https://app.example.com", 0);
    /// assert!(!entry.ident);
    /// ```
    pub fn text(text: impl Into<String>, at: L) -> Self {
        Entry {
            text: text.into(),
            at,
            ident: false,
        }
    }
}

/// The arguments of a policy, each with the location errors point at. `None` when a key
/// is absent (or was reported as malformed already).
#[derive(Debug, Clone)]
pub struct Args<L> {
    /// `origins = [...]`, or the default of `origins = env(...)`.
    pub origins: Option<Vec<Entry<L>>>,
    /// `methods = [...]`.
    pub methods: Option<Vec<Entry<L>>>,
    /// `allow_headers = [...]`.
    pub allow_headers: Option<Vec<Entry<L>>>,
    /// `expose_headers = [...]`.
    pub expose_headers: Option<Vec<Entry<L>>>,
    /// `credentials`.
    pub credentials: Option<L>,
    /// `dangerously_allow_insecure_origins`.
    pub allow_insecure: Option<L>,
    /// `dangerously_allow_public_suffix_subdomains`.
    pub allow_public_suffix: Option<L>,
    /// `dangerously_allow_cross_origin_writes`.
    pub allow_cross_origin_writes: Option<L>,
    /// `max_age = N`, already range-checked.
    pub max_age: Option<(u32, L)>,
    /// Some key was not recognised (it may have been meant as `credentials`): whether a
    /// `dangerously_*` flag is needed is then unknown.
    pub unknown_key: bool,
    /// The origins are decided where the program runs (`origins = env(...)`): a
    /// `dangerously_*` flag the compile-time origins do not need may be needed there.
    pub origins_at_run_time: bool,
    /// `live(NAME)` among the origins: a set filled while the program runs, whose entries
    /// are always checked by [`OriginFlags::LIVE`] (so no `dangerously_*` flag is ever
    /// needed for them), located where it was written.
    pub live_origins: Option<L>,
}

impl<L> Default for Args<L> {
    fn default() -> Self {
        Args {
            origins: None,
            methods: None,
            allow_headers: None,
            expose_headers: None,
            credentials: None,
            allow_insecure: None,
            allow_public_suffix: None,
            allow_cross_origin_writes: None,
            max_age: None,
            unknown_key: false,
            origins_at_run_time: false,
            live_origins: None,
        }
    }
}

/// A checked origin pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The scheme, lowercase.
    pub scheme: String,
    /// The fixed host, or the domain under `*.` (no leading dot).
    pub host: String,
    /// `*.host`: one or more labels under `host`, never `host` itself.
    pub subdomains: bool,
    /// Which ports match.
    pub port: PortPattern,
}

/// Checked origins, ready to be laid out as tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    /// `"*"`: every origin.
    pub any: bool,
    /// Exact origins, byte for byte what a browser sends, in the order written.
    pub exact: Vec<String>,
    /// Patterns, in the order written.
    pub patterns: Vec<Pattern>,
}

/// A checked policy, ready to be laid out as tables.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The origins.
    pub origins: Origins,
    /// `methods = ["*"]`.
    pub any_method: bool,
    /// Listed methods, as written.
    pub methods: Vec<String>,
    /// `allow_headers = ["*"]`.
    pub any_header: bool,
    /// Listed request header names, lowercase.
    pub allow_headers: Vec<String>,
    /// `expose_headers = ["*"]`.
    pub any_exposed: bool,
    /// Listed response header names, lowercase.
    pub expose_headers: Vec<String>,
    /// `credentials`.
    pub credentials: bool,
    /// `dangerously_allow_insecure_origins`.
    pub allow_insecure: bool,
    /// `dangerously_allow_public_suffix_subdomains`.
    pub allow_public_suffix: bool,
    /// `dangerously_allow_cross_origin_writes`: the guard on unsafe requests and WebSocket
    /// handshakes from untrusted origins is off.
    pub allow_cross_origin_writes: bool,
    /// `max_age`, in seconds.
    pub max_age: Option<u32>,
}

impl Model {
    /// The value of `Access-Control-Allow-Methods`: the listed methods (`*` first for
    /// `methods = ["*"]`), joined by `, `.
    ///
    /// ```
    /// let model = cors_rules::Model { methods: vec!["PUT".into(), "PURGE".into()], ..Default::default() };
    /// assert_eq!(model.methods_header(), "PUT, PURGE");
    /// ```
    pub fn methods_header(&self) -> String {
        joined(self.any_method, &self.methods).unwrap_or_default()
    }

    /// The value of `Access-Control-Allow-Headers`, `None` when no name is allowed. `*`
    /// never covers `authorization`, which is then listed beside it.
    ///
    /// ```
    /// let model = cors_rules::Model {
    ///     any_header: true,
    ///     allow_headers: vec!["authorization".into()],
    ///     ..Default::default()
    /// };
    /// assert_eq!(model.allow_headers_header().as_deref(), Some("*, authorization"));
    /// ```
    pub fn allow_headers_header(&self) -> Option<String> {
        joined(self.any_header, &self.allow_headers)
    }

    /// The value of `Access-Control-Expose-Headers`, `None` when nothing is exposed.
    ///
    /// ```
    /// assert_eq!(cors_rules::Model::default().expose_headers_header(), None);
    /// ```
    pub fn expose_headers_header(&self) -> Option<String> {
        joined(self.any_exposed, &self.expose_headers)
    }
}

/// A comma-separated header value, or `None` for an empty list.
fn joined(any: bool, names: &[String]) -> Option<String> {
    let mut items: Vec<&str> = Vec::new();
    if any {
        items.push("*");
    }
    items.extend(names.iter().map(String::as_str));
    (!items.is_empty()).then(|| items.join(", "))
}

/// The flags that decide the rules combining origins with other keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OriginFlags {
    /// `credentials`.
    pub credentials: bool,
    /// `dangerously_allow_insecure_origins`.
    pub allow_insecure: bool,
    /// `dangerously_allow_public_suffix_subdomains`.
    pub allow_public_suffix: bool,
}

impl OriginFlags {
    /// The flags every entry of a live origin set (`live(NAME)`, `OriginSet`) is checked
    /// with: those of a policy with `credentials` and no `dangerously_*` flag, the
    /// strictest, so that one set may serve any policy. No `"*"`, no plain `http:` origin
    /// off loopback, no subdomain pattern over a public suffix.
    ///
    /// ```
    /// use cors_rules::{check_origins, Entry, OriginFlags};
    ///
    /// let entries = [Entry::text("http://shop.example", 0), Entry::text("https://*.co.uk", 1)];
    /// let mut problems = Vec::new();
    /// check_origins(&entries, OriginFlags::LIVE, &mut |at, problem| problems.push(at));
    /// assert_eq!(problems, [0, 1]);
    /// ```
    pub const LIVE: OriginFlags = OriginFlags {
        credentials: true,
        allow_insecure: false,
        allow_public_suffix: false,
    };
}

/// What checking a list of origins found, besides the problems.
#[derive(Debug, Clone, Default)]
pub struct CheckedOrigins {
    /// The origins that passed.
    pub origins: Origins,
    /// Every entry parsed as an origin (duplicates and cross-key problems aside).
    pub all_parsed: bool,
    /// Some origin needed `dangerously_allow_insecure_origins`.
    pub needed_insecure: bool,
    /// Some origin needed `dangerously_allow_public_suffix_subdomains`.
    pub needed_public_suffix: bool,
}

/// Validates `args`; every problem goes to `report` with the location of its entry or
/// flag.
///
/// ```
/// use cors_rules::{validate, Args, Entry};
///
/// let args = Args {
///     origins: Some(vec![Entry::text("https://app.example.com/", 1)]),
///     methods: Some(vec![Entry::text("GET", 2)]),
///     ..Args::default()
/// };
/// let mut problems = Vec::new();
/// validate(&args, &mut |at, problem| problems.push((at, problem)));
/// assert_eq!(problems.len(), 1);
/// assert_eq!(problems[0].0, 1);
/// assert!(problems[0].1.message.ends_with("ends with `/`"));
/// ```
pub fn validate<L: Copy>(args: &Args<L>, report: &mut dyn FnMut(L, Problem)) -> Model {
    let flags = OriginFlags {
        credentials: args.credentials.is_some(),
        allow_insecure: args.allow_insecure.is_some(),
        allow_public_suffix: args.allow_public_suffix.is_some(),
    };
    let mut model = Model {
        credentials: flags.credentials,
        allow_insecure: flags.allow_insecure,
        allow_public_suffix: flags.allow_public_suffix,
        allow_cross_origin_writes: args.allow_cross_origin_writes.is_some(),
        max_age: args.max_age.map(|(seconds, _)| seconds),
        ..Model::default()
    };
    if let Some(list) = &args.origins {
        let checked = check_origins(list, flags, report);
        // Whether a flag is needed is only known when every origin and key was
        // understood, and when the origins are all known now.
        if checked.all_parsed && !args.unknown_key && !args.origins_at_run_time {
            // A live set never needs a flag: its entries are checked without them.
            let live = if args.live_origins.is_some() {
                " (the entries of a live origin set are always checked without it)"
            } else {
                ""
            };
            unneeded_flag(
                report,
                args.allow_insecure,
                checked.needed_insecure,
                "dangerously_allow_insecure_origins",
                &format!(
                    "no origin of this policy is a plain `http:` origin sent with \
                     credentials{live}"
                ),
            );
            unneeded_flag(
                report,
                args.allow_public_suffix,
                checked.needed_public_suffix,
                "dangerously_allow_public_suffix_subdomains",
                &format!(
                    "no origin of this policy is a subdomain pattern over a public suffix \
                     sent with credentials{live}"
                ),
            );
            unneeded_flag(
                report,
                args.allow_cross_origin_writes,
                !checked.origins.any,
                "dangerously_allow_cross_origin_writes",
                "a `\"*\"` policy trusts every origin, so its guard on cross-origin writes and \
                 WebSocket handshakes never refuses one",
            );
        }
        if let (true, Some(_)) = (checked.origins.any, &args.live_origins) {
            // Beside other literal origins, `"*"` was reported already.
            if let [only] = list.as_slice() {
                report(only.at, wildcard_mixed());
            }
        }
        model.origins = checked.origins;
    }
    if let Some(list) = &args.methods {
        methods(list, flags.credentials, &mut model, report);
    }
    if let Some(list) = &args.allow_headers {
        let (any, names) = headers(list, "allow_headers", flags.credentials, report);
        model.any_header = any;
        model.allow_headers = names;
    }
    if let Some(list) = &args.expose_headers {
        let (any, names) = headers(list, "expose_headers", flags.credentials, report);
        model.any_exposed = any;
        model.expose_headers = names;
    }
    model
}

/// Checks a list of origins: each entry alone, duplicates, `"*"` mixed with others, and
/// the rules that combine origins with `flags`. Used for `origins = [...]` at compile time
/// and for the value of `origins = env(...)` at startup.
///
/// ```
/// use cors_rules::{check_origins, Entry, OriginFlags};
///
/// let entries = [Entry::text("*", 0)];
/// let flags = OriginFlags { credentials: true, ..OriginFlags::default() };
/// let mut problems = Vec::new();
/// check_origins(&entries, flags, &mut |at, problem| problems.push((at, problem)));
/// assert!(problems[0].1.message.contains("cannot be used with `credentials`"));
/// ```
pub fn check_origins<L: Copy>(
    list: &[Entry<L>],
    flags: OriginFlags,
    report: &mut dyn FnMut(L, Problem),
) -> CheckedOrigins {
    let mut checked = CheckedOrigins {
        all_parsed: true,
        ..CheckedOrigins::default()
    };
    // A hash set: a live origin set may hold thousands of entries.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for entry in list {
        let origin = match origin::parse_origin(&entry.text) {
            Ok(origin) => origin,
            Err(problem) => {
                report(entry.at, problem);
                checked.all_parsed = false;
                continue;
            }
        };
        if !seen.insert(entry.text.as_str()) {
            report(entry.at, duplicate("origins", &entry.text));
            continue;
        }
        if flags.credentials {
            if origin.is_insecure() {
                checked.needed_insecure = true;
                if !flags.allow_insecure {
                    report(entry.at, insecure(&entry.text));
                }
            }
            if origin.is_over_public_suffix() {
                checked.needed_public_suffix = true;
                if !flags.allow_public_suffix {
                    report(entry.at, over_public_suffix(&entry.text));
                }
            }
            if matches!(origin, Origin::Any) {
                report(entry.at, wildcard_with_credentials("origins"));
            }
        }
        match origin {
            Origin::Any => {
                checked.origins.any = true;
                if list.iter().any(|other| other.text != "*") {
                    report(entry.at, wildcard_mixed());
                }
            }
            Origin::Exact { serialized, .. } => checked.origins.exact.push(serialized),
            Origin::Pattern {
                scheme,
                host,
                subdomains,
                port,
            } => checked.origins.patterns.push(Pattern {
                scheme,
                host,
                subdomains,
                port,
            }),
        }
    }
    checked
}

/// `"*"` beside other origins, literal or a live set.
fn wildcard_mixed() -> Problem {
    Problem::new(
        "`\"*\"` (any origin) cannot be mixed with other origins",
        "write `origins = [\"*\"]` alone to allow every origin, or list only the origins you \
         allow",
    )
}

fn insecure(text: &str) -> Problem {
    Problem::new(
        format!("`{text}` is plain `http:` and not loopback, but the policy allows `credentials`"),
        "anyone on the network path can read and forge that origin's credentialed requests; \
         serve the page over HTTPS and list its `https://` origin (the scheme is part of the \
         origin: an entry changed to `https://` alone never matches a page still on `http:`), \
         or add `dangerously_allow_insecure_origins` if you accept the risk",
    )
}

fn over_public_suffix(text: &str) -> Problem {
    Problem::new(
        format!("`{text}` allows every site registered under a public suffix, with `credentials`"),
        "anyone can register a domain there and read your users' data; list your own \
         registrable domain (`https://*.example.com`), or add \
         `dangerously_allow_public_suffix_subdomains` if you accept the risk",
    )
}

/// `"*"` used together with `credentials`.
fn wildcard_with_credentials(key: &str) -> Problem {
    let (what, instead) = match key {
        "origins" => (
            "any origin",
            "list the exact origins that may send credentials",
        ),
        "methods" => ("any method", "list the methods"),
        "allow_headers" => ("any request header", "list the request header names"),
        _ => ("every response header", "list the response header names"),
    };
    Problem::new(
        format!("`\"*\"` ({what}) in `{key}` cannot be used with `credentials`"),
        format!(
            "browsers treat `*` literally on credentialed requests, so it never matches; \
             {instead}, or remove `credentials`"
        ),
    )
}

/// A second, equal entry of a list.
fn duplicate(key: &str, shown: &str) -> Problem {
    Problem::new(
        format!("`{shown}` appears twice in `{key}`"),
        "remove the duplicate entry",
    )
}

/// An escape hatch that excuses nothing is a mistake waiting to happen: reject it.
fn unneeded_flag<L: Copy>(
    report: &mut dyn FnMut(L, Problem),
    flag: Option<L>,
    needed: bool,
    name: &str,
    why: &str,
) {
    if let (Some(at), false) = (flag, needed) {
        report(
            at,
            Problem::new(
                format!("`{name}` is not needed here"),
                format!("remove it: {why}"),
            ),
        );
    }
}

fn methods<L: Copy>(
    list: &[Entry<L>],
    credentials: bool,
    model: &mut Model,
    report: &mut dyn FnMut(L, Problem),
) {
    for entry in list {
        let method = match method::parse_method(&entry.text, entry.ident) {
            Ok(method) => method,
            Err(problem) => {
                report(entry.at, problem);
                continue;
            }
        };
        let name = match method {
            Method::Any if model.any_method => {
                report(entry.at, duplicate("methods", "*"));
                continue;
            }
            Method::Any => {
                if credentials {
                    report(entry.at, wildcard_with_credentials("methods"));
                }
                if list.iter().any(|other| other.text != "*") {
                    report(
                        entry.at,
                        Problem::new(
                            "`\"*\"` (any method) cannot be mixed with other methods",
                            "write `methods = [\"*\"]` alone, or list only the methods you allow",
                        ),
                    );
                }
                model.any_method = true;
                continue;
            }
            Method::Standard(name) => name.to_owned(),
            Method::Extension(name) => name,
        };
        if model.methods.contains(&name) {
            report(entry.at, duplicate("methods", &name));
            continue;
        }
        model.methods.push(name);
    }
}

/// `allow_headers` or `expose_headers`: `(any, names)`.
fn headers<L: Copy>(
    list: &[Entry<L>],
    key: &str,
    credentials: bool,
    report: &mut dyn FnMut(L, Problem),
) -> (bool, Vec<String>) {
    let request = key == "allow_headers";
    let mut any = false;
    let mut names: Vec<String> = Vec::new();
    for entry in list {
        let parsed = if request {
            header::parse_request_header(&entry.text)
        } else {
            header::parse_response_header(&entry.text)
        };
        match parsed {
            Err(problem) => report(entry.at, problem),
            Ok(Header::Any) if any => report(entry.at, duplicate(key, "*")),
            Ok(Header::Any) => {
                if credentials {
                    report(entry.at, wildcard_with_credentials(key));
                }
                any = true;
            }
            Ok(Header::Name(name)) if names.contains(&name) => {
                report(entry.at, duplicate(key, &name));
            }
            Ok(Header::Name(name)) => names.push(name),
        }
    }
    if any {
        // `authorization` is the one name `*` never covers, so it may stand beside it.
        for entry in list {
            let lower = entry.text.to_ascii_lowercase();
            if entry.text == "*" || (request && lower == "authorization") {
                continue;
            }
            if names.contains(&lower) {
                let help = if request {
                    "remove it: `\"*\"` allows every request header name but `authorization`"
                } else {
                    "remove it: `\"*\"` exposes every response header"
                };
                report(
                    entry.at,
                    Problem::new(
                        format!("`{}` is already covered by `\"*\"` in `{key}`", entry.text),
                        help,
                    ),
                );
            }
        }
    }
    (any, names)
}
