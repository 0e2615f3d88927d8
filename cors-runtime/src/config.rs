//! [`PolicyConfig`] (feature `serde`): a policy read from a configuration file, with the
//! keys of the `#[cors]` attribute, built by the rules of [`PolicyBuilder`].

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use crate::builder::PolicyBuilder;
use crate::error::PolicyError;
use crate::policy::Policy;

/// A CORS policy as a configuration file writes it, with the attribute's keys: `origins`,
/// `methods`, `allow_headers`, `expose_headers` (lists of strings), `credentials` and the
/// two `dangerously_*` flags (booleans), `max_age` (seconds). Deserialize it with any
/// serde format, then [`build`](PolicyConfig::build) it: the same rules as the compiler,
/// with the same messages, every problem at once. An unknown key is refused with its name
/// (and the key it probably meant); a value of the wrong type names its key.
///
/// ```
/// use cors_runtime::PolicyConfig;
///
/// let config: PolicyConfig = serde_json::from_str(r#"{
///     "origins": ["https://app.example.com", "https://*.example.com"],
///     "methods": ["GET", "POST"],
///     "allow_headers": ["content-type"],
///     "credentials": true,
///     "max_age": 600
/// }"#)?;
/// let api = config.build()?;
/// assert!(api.allows_origin(b"https://shop.example.com"));
///
/// let typo = serde_json::from_str::<PolicyConfig>(r#"{"orgins": ["https://a.example"]}"#);
/// assert!(typo.unwrap_err().to_string().contains("did you mean `origins`?"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyConfig {
    /// Exact origins, patterns, or `"*"` alone.
    pub origins: Option<Vec<String>>,
    /// Methods a preflight may ask for, or `"*"` alone.
    pub methods: Option<Vec<String>>,
    /// Request header names a preflight may ask for.
    pub allow_headers: Option<Vec<String>>,
    /// Response header names scripts may read.
    pub expose_headers: Option<Vec<String>>,
    /// Cookies and HTTP authentication allowed.
    pub credentials: bool,
    /// Seconds a browser may cache a preflight, at most 86400.
    pub max_age: Option<u64>,
    /// Plain `http:` origins off loopback allowed with credentials.
    pub dangerously_allow_insecure_origins: bool,
    /// Subdomain patterns over a public suffix allowed with credentials.
    pub dangerously_allow_public_suffix_subdomains: bool,
    /// The guard on cross-origin writes and WebSocket handshakes turned off (see
    /// [`PolicyBuilder::dangerously_allow_cross_origin_writes`]).
    pub dangerously_allow_cross_origin_writes: bool,
}

impl PolicyConfig {
    /// Checks every rule and builds the policy (leaked, like [`PolicyBuilder::build`]:
    /// build it once, at startup), or returns every problem.
    ///
    /// ```
    /// let config = cors_runtime::PolicyConfig {
    ///     origins: Some(vec!["https://app.example.com/".into()]),
    ///     methods: Some(vec!["GET".into()]),
    ///     ..Default::default()
    /// };
    /// let error = config.build().unwrap_err();
    /// assert_eq!(error.policy(), "`PolicyConfig`");
    /// assert_eq!(error.problems().next().unwrap().entry(), "https://app.example.com/");
    /// ```
    pub fn build(&self) -> Result<&'static Policy, PolicyError> {
        let mut builder = PolicyBuilder::named("`PolicyConfig`")
            .credentials(self.credentials)
            .max_age_wide(self.max_age);
        if let Some(origins) = &self.origins {
            builder = builder.origins(origins);
        }
        if let Some(methods) = &self.methods {
            builder = builder.methods(methods);
        }
        if let Some(names) = &self.allow_headers {
            builder = builder.allow_headers(names);
        }
        if let Some(names) = &self.expose_headers {
            builder = builder.expose_headers(names);
        }
        if self.dangerously_allow_insecure_origins {
            builder = builder.dangerously_allow_insecure_origins();
        }
        if self.dangerously_allow_public_suffix_subdomains {
            builder = builder.dangerously_allow_public_suffix_subdomains();
        }
        if self.dangerously_allow_cross_origin_writes {
            builder = builder.dangerously_allow_cross_origin_writes();
        }
        builder.build()
    }
}

impl<'de> Deserialize<'de> for PolicyConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ConfigVisitor)
    }
}

struct ConfigVisitor;

/// The value of `key`; a value of the wrong type is reported with the key's name.
fn value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    key: &str,
) -> Result<T, A::Error> {
    map.next_value()
        .map_err(|e| de::Error::custom(format_args!("`{key}`: {e}")))
}

impl<'de> Visitor<'de> for ConfigVisitor {
    type Value = PolicyConfig;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CORS policy: a table of `origins`, `methods`, ...")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyConfig, A::Error> {
        let mut config = PolicyConfig::default();
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format_args!("`{key}` is given twice")));
            }
            match key.as_str() {
                "origins" => config.origins = Some(value(&mut map, &key)?),
                "methods" => config.methods = Some(value(&mut map, &key)?),
                "allow_headers" => config.allow_headers = Some(value(&mut map, &key)?),
                "expose_headers" => config.expose_headers = Some(value(&mut map, &key)?),
                "credentials" => config.credentials = value(&mut map, &key)?,
                "max_age" => config.max_age = Some(value(&mut map, &key)?),
                "dangerously_allow_insecure_origins" => {
                    config.dangerously_allow_insecure_origins = value(&mut map, &key)?;
                }
                "dangerously_allow_public_suffix_subdomains" => {
                    config.dangerously_allow_public_suffix_subdomains = value(&mut map, &key)?;
                }
                "dangerously_allow_cross_origin_writes" => {
                    config.dangerously_allow_cross_origin_writes = value(&mut map, &key)?;
                }
                _ => {
                    let (problem, _) = cors_rules::unknown_key(&key);
                    return Err(de::Error::custom(format_args!(
                        "{}: {}",
                        problem.message, problem.help
                    )));
                }
            }
            seen.push(key);
        }
        Ok(config)
    }
}
