//! The policy language of [`cors-runtime`](https://docs.rs/cors-runtime): every rule a CORS
//! policy must obey, written once and applied wherever a policy is written.
//!
//! `#[cors(...)]` and `policy!(...)` (crate `cors-macros`) run these rules while compiling
//! and point each problem at the offending token; `cors-runtime` runs the very same rules
//! when the program starts, on origins read from the environment (`origins = env(...)`),
//! and names the offending entry instead. Both show the same message and help.
//!
//! - [`parse_origin`], [`parse_method`], [`parse_request_header`],
//!   [`parse_response_header`]: one entry, checked alone;
//! - [`check_origins`], [`validate`]: a whole list or policy, with the rules that span
//!   several entries or keys (duplicates, `"*"` with `credentials`, plain `http:` origins
//!   or subdomains of a public suffix with `credentials`, ...);
//! - [`missing_key`], [`empty_list`], [`check_max_age`]: the shape of a policy;
//! - [`split_list`]: the entries of an origins value read at run time;
//! - [`is_env_name`]: the names `env("NAME")` accepts;
//! - [`OriginTable`], [`lookup`]: the hash table of a policy's exact origins, laid out
//!   by the macros while compiling and probed by `cors-runtime` per request.
//!
//! Depend on `cors-runtime`; this crate is its implementation detail and is not named by
//! users.
//!
//! ```
//! use cors_rules::{check_origins, split_list, Entry, OriginFlags};
//!
//! let value = "https://app.example.com, https://*.example.com http://api.example.com";
//! let entries: Vec<_> = split_list(value).enumerate().map(|(i, e)| Entry::text(e, i)).collect();
//! let flags = OriginFlags { credentials: true, ..OriginFlags::default() };
//! let mut problems = Vec::new();
//! let checked = check_origins(&entries, flags, &mut |at, problem| problems.push((at, problem)));
//! assert_eq!(checked.origins.exact, ["https://app.example.com", "http://api.example.com"]);
//! assert_eq!(problems.len(), 1);
//! assert_eq!(problems[0].0, 2);
//! assert!(problems[0].1.message.contains("is plain `http:` and not loopback"));
//! ```

mod header;
mod host;
mod idna_table;
mod method;
mod origin;
mod problem;
#[cfg(test)]
mod proptests;
mod public_suffix;
mod punycode;
mod structure;
mod table;
mod token;
mod validate;

pub use header::{Header, parse_request_header, parse_response_header};
pub use method::{Method, parse_method};
pub use origin::{Origin, PortPattern, parse_origin};
pub use problem::Problem;
pub use structure::{ALL_KEYS, MAX_AGE_LIMIT, check_max_age, empty_list, missing_key, unknown_key};
pub use table::{
    MAX_EXACT_ORIGINS, OriginTable, lookup, origin_hash, same_bytes, slot_count,
    too_many_exact_origins,
};
pub use validate::{
    Args, CheckedOrigins, Entry, Model, OriginFlags, Origins, Pattern, check_origins, validate,
};

/// The entries of a list of origins written as one string: separated by commas and/or
/// ASCII whitespace, empty elements ignored. Other whitespace (a no-break space) stays in
/// its entry, where the origin rules report it.
///
/// ```
/// let entries: Vec<&str> = cors_rules::split_list(" https://a.example,,\n http://localhost:*, ").collect();
/// assert_eq!(entries, ["https://a.example", "http://localhost:*"]);
/// ```
pub fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| c == ',' || c.is_ascii_whitespace())
        .filter(|entry| !entry.is_empty())
}

/// Whether `name` may name an environment variable in `env("NAME")`:
/// `[A-Za-z_][A-Za-z0-9_]*`, the portable form every shell can set.
///
/// ```
/// assert!(cors_rules::is_env_name("API_ORIGINS"));
/// assert!(cors_rules::is_env_name("_x1"));
/// assert!(!cors_rules::is_env_name("1X"));
/// assert!(!cors_rules::is_env_name("API-ORIGINS"));
/// assert!(!cors_rules::is_env_name(""));
/// ```
pub fn is_env_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
