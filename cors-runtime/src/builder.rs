//! [`PolicyBuilder`]: a policy built at run time, from a configuration file or a database,
//! checked by the rules `#[cors]` and `policy!` apply while compiling.

use cors_rules::{Args, Entry};

use crate::error::{PolicyError, Problem};
use crate::layout;
use crate::policy::Policy;

/// A [`Policy`] built at run time, with one method per key of the `#[cors]` attribute.
/// [`build`](PolicyBuilder::build) checks every rule the compiler checks, with the same
/// messages, and returns every problem at once.
///
/// The policy is leaked to live for the rest of the program (`&'static Policy`, like a
/// compiled one): build policies once at startup, never per request.
///
/// ```
/// use cors_runtime::Policy;
///
/// let api: &'static Policy = Policy::builder()
///     .origins(["https://app.example.com", "https://*.example.com"])
///     .methods(["GET", "POST"])
///     .allow_headers(["content-type"])
///     .credentials(true)
///     .max_age(600)
///     .build()?;
/// assert!(api.allows_origin(b"https://shop.example.com"));
///
/// let error = Policy::builder()
///     .origins(["https://app.example.com/", "*"])
///     .methods(["get"])
///     .credentials(true)
///     .build()
///     .unwrap_err();
/// let messages: Vec<&str> = error.problems().map(|p| p.message()).collect();
/// assert_eq!(
///     messages,
///     [
///         "origin `https://app.example.com/` ends with `/`",
///         "`\"*\"` (any origin) in `origins` cannot be used with `credentials`",
///         "`\"*\"` (any origin) cannot be mixed with other origins",
///         "method `get` is not upper-case",
///     ]
/// );
/// # Ok::<(), cors_runtime::PolicyError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct PolicyBuilder {
    origins: Option<Vec<String>>,
    methods: Option<Vec<String>>,
    allow_headers: Option<Vec<String>>,
    expose_headers: Option<Vec<String>>,
    credentials: bool,
    /// Wider than the `u32` of [`PolicyBuilder::max_age`]: a configuration may hold more.
    max_age: Option<u64>,
    allow_insecure: bool,
    allow_public_suffix: bool,
    allow_cross_origin_writes: bool,
    live: Option<&'static crate::live::OriginSet>,
    /// What reports name the policy by.
    name: &'static str,
}

/// The entries of a list key, each located by its index in `texts`; `None` (and a
/// problem) for an empty list.
fn entries<'a>(
    key: &str,
    values: &'a Option<Vec<String>>,
    texts: &mut Vec<&'a str>,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Entry<usize>>> {
    let values = values.as_ref()?;
    if values.is_empty() {
        problems.push(Problem::new("", cors_rules::empty_list(key)));
        return None;
    }
    Some(
        values
            .iter()
            .map(|text| {
                texts.push(text);
                Entry::text(text.as_str(), texts.len() - 1)
            })
            .collect(),
    )
}

fn strings<I, S>(values: I) -> Option<Vec<String>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    Some(values.into_iter().map(|s| s.as_ref().to_owned()).collect())
}

impl Policy {
    /// A [`PolicyBuilder`]: a policy built at run time, checked by the same rules.
    ///
    /// ```
    /// let api = cors_runtime::Policy::builder()
    ///     .origins(["http://localhost:*"])
    ///     .methods(["GET"])
    ///     .build()
    ///     .expect("a valid policy");
    /// assert!(api.allows_origin(b"http://localhost:5173"));
    /// ```
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::named("`Policy::builder()`")
    }
}

impl PolicyBuilder {
    pub(crate) fn named(name: &'static str) -> Self {
        PolicyBuilder {
            name,
            ..PolicyBuilder::default()
        }
    }

    /// `max_age` as a configuration holds it, possibly over what `u32` holds.
    #[cfg(feature = "serde")]
    pub(crate) fn max_age_wide(mut self, seconds: Option<u64>) -> Self {
        self.max_age = seconds;
        self
    }

    /// The origins: exact origins, patterns, or `"*"` alone, as in the attribute. Replaces
    /// any list given before.
    ///
    /// ```
    /// let builder = cors_runtime::Policy::builder().origins(vec![String::from("https://a.example")]);
    /// # let _ = builder;
    /// ```
    pub fn origins<I, S>(mut self, origins: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.origins = strings(origins);
        self
    }

    /// The methods a preflight may ask for, upper-case as browsers send them (`"GET"`,
    /// `"PURGE"`), or `"*"` alone. Replaces any list given before.
    ///
    /// ```
    /// let builder = cors_runtime::Policy::builder().methods(["GET", "PURGE"]);
    /// # let _ = builder;
    /// ```
    pub fn methods<I, S>(mut self, methods: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.methods = strings(methods);
        self
    }

    /// The request header names a preflight may ask for (`"*"`: any but
    /// `authorization`). Replaces any list given before.
    ///
    /// ```
    /// let builder = cors_runtime::Policy::builder().allow_headers(["content-type"]);
    /// # let _ = builder;
    /// ```
    pub fn allow_headers<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.allow_headers = strings(names);
        self
    }

    /// The response header names scripts may read (`"*"`: all). Replaces any list given
    /// before.
    ///
    /// ```
    /// let builder = cors_runtime::Policy::builder().expose_headers(["x-request-id"]);
    /// # let _ = builder;
    /// ```
    pub fn expose_headers<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.expose_headers = strings(names);
        self
    }

    /// Whether cookies and HTTP authentication are allowed
    /// (`Access-Control-Allow-Credentials: true`).
    ///
    /// ```
    /// let builder = cors_runtime::Policy::builder().credentials(true);
    /// # let _ = builder;
    /// ```
    pub fn credentials(mut self, credentials: bool) -> Self {
        self.credentials = credentials;
        self
    }

    /// How many seconds a browser may cache a preflight, at most 86400.
    ///
    /// ```
    /// let builder = cors_runtime::Policy::builder().max_age(600);
    /// # let _ = builder;
    /// ```
    pub fn max_age(mut self, seconds: u32) -> Self {
        self.max_age = Some(u64::from(seconds));
        self
    }

    /// Allows plain `http:` origins that are not loopback with credentials. As for
    /// origins read at startup, a flag the origins do not need is not an error.
    ///
    /// ```
    /// let api = cors_runtime::Policy::builder()
    ///     .origins(["http://intranet.example"])
    ///     .methods(["GET"])
    ///     .credentials(true)
    ///     .dangerously_allow_insecure_origins()
    ///     .build();
    /// assert!(api.is_ok());
    /// ```
    pub fn dangerously_allow_insecure_origins(mut self) -> Self {
        self.allow_insecure = true;
        self
    }

    /// Allows subdomain patterns over a public suffix (`https://*.github.io`) with
    /// credentials.
    ///
    /// ```
    /// let builder = cors_runtime::Policy::builder().dangerously_allow_public_suffix_subdomains();
    /// # let _ = builder;
    /// ```
    pub fn dangerously_allow_public_suffix_subdomains(mut self) -> Self {
        self.allow_public_suffix = true;
        self
    }

    /// Turns off the guard on cross-origin writes and WebSocket handshakes for this
    /// policy: an unsafe request (any method but `GET`, `HEAD`, `OPTIONS`) or a WebSocket
    /// handshake from an origin the policy does not allow then reaches the handler, as
    /// it would with CORS alone. For endpoints that must accept writes from sites they
    /// cannot list: an OAuth `form_post` callback, a payment provider's return. As for
    /// the other flags, a policy whose origins do not need it (`"*"`, which trusts every
    /// origin) is not an error here.
    ///
    /// ```
    /// use cors_runtime::Decision;
    /// use http::{HeaderMap, HeaderValue, Method};
    ///
    /// let callback = cors_runtime::Policy::builder()
    ///     .origins(["https://app.example.com"])
    ///     .methods(["POST"])
    ///     .dangerously_allow_cross_origin_writes()
    ///     .build()?;
    ///
    /// let mut request = HeaderMap::new();
    /// request.insert("origin", HeaderValue::from_static("https://login.provider.example"));
    /// request.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
    /// // Reaches the handler (without CORS headers: the origin is not allowed).
    /// assert!(matches!(callback.decide(&Method::POST, &request), Decision::Actual(_)));
    /// assert!(!callback.guards_cross_origin_writes());
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    pub fn dangerously_allow_cross_origin_writes(mut self) -> Self {
        self.allow_cross_origin_writes = true;
        self
    }

    /// Adds a live origin set ([`OriginSet`](crate::OriginSet)): its origins are
    /// allowed besides those of [`PolicyBuilder::origins`], which may then be left out,
    /// as `live(NAME)` does in `#[cors]` and `policy!`. Replaces any set given before.
    ///
    /// ```
    /// use cors_runtime::{OriginSet, Policy};
    ///
    /// static TENANTS: OriginSet = OriginSet::new();
    ///
    /// let api = Policy::builder()
    ///     .live_origins(&TENANTS)
    ///     .methods(["GET"])
    ///     .credentials(true)
    ///     .build()?;
    /// TENANTS.insert("https://shop.acme.test")?;
    /// assert!(api.allows_origin(b"https://shop.acme.test"));
    /// # Ok::<(), cors_runtime::PolicyError>(())
    /// ```
    pub fn live_origins(mut self, set: &'static crate::live::OriginSet) -> Self {
        self.live = Some(set);
        self
    }

    /// Checks every rule and builds the policy, or returns every problem.
    ///
    /// ```
    /// let error = cors_runtime::Policy::builder().origins(["https://a.example"]).build().unwrap_err();
    /// assert_eq!(
    ///     error.problems().next().unwrap().message(),
    ///     "missing `methods`: a CORS policy must say which methods it allows"
    /// );
    /// ```
    pub fn build(&self) -> Result<&'static Policy, PolicyError> {
        // Each entry is located by its index in `texts`.
        let mut texts: Vec<&str> = Vec::new();
        let mut problems: Vec<Problem> = Vec::new();
        let mut list = |key, values| entries(key, values, &mut texts, &mut problems);
        let args = Args {
            origins: list("origins", &self.origins),
            methods: list("methods", &self.methods),
            allow_headers: list("allow_headers", &self.allow_headers),
            expose_headers: list("expose_headers", &self.expose_headers),
            // Located nowhere: with origins known only now, no flag is reported unneeded.
            credentials: self.credentials.then_some(usize::MAX),
            allow_insecure: self.allow_insecure.then_some(usize::MAX),
            allow_public_suffix: self.allow_public_suffix.then_some(usize::MAX),
            allow_cross_origin_writes: self.allow_cross_origin_writes.then_some(usize::MAX),
            max_age: None,
            unknown_key: false,
            origins_at_run_time: true,
            live_origins: self.live.map(|_| usize::MAX),
        };
        // With a live set, the written origins may be none at all.
        let origins_given = self.origins.is_some() || self.live.is_some();
        for (key, given) in [
            ("origins", origins_given),
            ("methods", self.methods.is_some()),
        ] {
            if !given {
                problems.push(Problem::new("", cors_rules::missing_key(key)));
            }
        }
        let max_age = self.max_age.and_then(|seconds| {
            let written = seconds.to_string();
            cors_rules::check_max_age(seconds, &written)
                .map_err(|problem| problems.push(Problem::new(&written, problem)))
                .ok()
        });
        let mut model = cors_rules::validate(&args, &mut |at, problem| {
            problems.push(Problem::new(texts.get(at).copied().unwrap_or(""), problem));
        });
        model.max_age = max_age;
        problems.extend(crate::error::capacity(&model.origins));
        if !problems.is_empty() {
            return Err(PolicyError {
                policy: self.name,
                variable: None,
                origin_set: false,
                problems,
            });
        }
        Ok(layout::policy(model, self.live))
    }
}
