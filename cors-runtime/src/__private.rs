//! What the macros' expansions name. Not public API: no stability promise.

pub use http;

/// The work counter of `decide` (hidden feature `test-work-counter`), for the tests.
#[cfg(feature = "test-work-counter")]
pub mod work {
    pub use crate::work::{Work, measure};
}

pub use http::HeaderValue;

pub use crate::env::EnvOrigins;
pub use crate::origin::{OriginPattern, PortMatch};
pub use crate::policy::Policy;
pub use crate::values::{Compiled, Field, constant};

use crate::origin::{self, ExactOrigins};
use crate::policy::{Methods, OriginSource, Origins, RequestHeaders};
use crate::values::Values;

/// For tests: resolves an `origins = env(...)` policy as if its variable held `value`
/// (the same checks and tables as [`Policy::resolve`], without reading the environment),
/// unless it was resolved already: the first result stays.
pub fn resolve_as_if(policy: &'static Policy, value: &str) -> Result<(), crate::PolicyError> {
    crate::env::resolve_as_if(policy, value)
}

/// Everything a policy is made of, as the macros lay it out.
#[derive(Debug, Clone, Copy)]
pub struct Parts {
    /// `origins = ["*"]`.
    pub any_origin: bool,
    /// Canonical exact origins.
    pub exact_origins: &'static [&'static str],
    /// Their table, from `cors_rules::OriginTable`.
    pub slots: &'static [u16],
    /// Its probe bound.
    pub max_probe: u16,
    /// The length of the longest exact origin.
    pub max_len: usize,
    /// Origin patterns.
    pub patterns: &'static [OriginPattern],
    /// `methods = ["*"]`.
    pub any_method: bool,
    /// Listed methods.
    pub methods: &'static [&'static str],
    /// `Access-Control-Allow-Methods` value.
    pub methods_header: &'static str,
    /// `allow_headers = ["*"]`.
    pub any_header: bool,
    /// Listed request header names, lowercase.
    pub allow_headers: &'static [&'static str],
    /// `Access-Control-Allow-Headers` value.
    pub allow_headers_header: Option<&'static str>,
    /// `Access-Control-Expose-Headers` value.
    pub expose_headers_header: Option<&'static str>,
    /// `credentials`.
    pub credentials: bool,
    /// `Access-Control-Max-Age` value.
    pub max_age: Option<&'static str>,
    /// The values of the four headers above, as constants: `constant::<T>` for a type
    /// `T` of the policy's own.
    pub values: fn(Field) -> HeaderValue,
    /// `origins = env(...)`: where the origins come from at startup. The origins above
    /// are then its `default = [...]` list, if `env_default`.
    pub env: Option<&'static EnvOrigins>,
    /// `env(...)` has a default list.
    pub env_default: bool,
}

/// Builds a policy from checked parts.
pub const fn policy(parts: Parts) -> Policy {
    let origins = if parts.any_origin {
        Origins::Any
    } else {
        Origins::Listed {
            exact: ExactOrigins {
                origins: parts.exact_origins,
                slots: parts.slots,
                max_probe: parts.max_probe,
                max_len: parts.max_len,
            },
            patterns: parts.patterns,
        }
    };
    Policy {
        origins: match parts.env {
            None => OriginSource::Fixed(origins),
            Some(env) => OriginSource::Env {
                env,
                default: if parts.env_default {
                    Some(origins)
                } else {
                    None
                },
            },
        },
        methods: Methods {
            any: parts.any_method,
            listed: parts.methods,
            header: parts.methods_header,
        },
        allow_headers: RequestHeaders {
            any: parts.any_header,
            listed: parts.allow_headers,
            header: parts.allow_headers_header,
        },
        expose_headers: parts.expose_headers_header,
        credentials: parts.credentials,
        max_age: parts.max_age,
        values: Values::Const(parts.values),
    }
}

/// Whether both policies serve `method` (`"*"` serves every method).
pub const fn both_serve(a: &Policy, b: &Policy, method: &str) -> bool {
    serves(a, method) && serves(b, method)
}

const fn serves(policy: &Policy, method: &str) -> bool {
    if policy.methods.any {
        return true;
    }
    let mut i = 0;
    while i < policy.methods.listed.len() {
        if origin::bytes_eq(policy.methods.listed[i].as_bytes(), method.as_bytes()) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether two policies list a common method (`"*"` overlaps everything). Used by
/// `route![...]` to reject two handlers on one method at compile time.
pub const fn methods_overlap(a: &Policy, b: &Policy) -> bool {
    if a.methods.any {
        return true;
    }
    let mut i = 0;
    while i < a.methods.listed.len() {
        if serves(b, a.methods.listed[i]) {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(feature = "axum")]
pub use crate::axum::{
    CorsFuture, CorsHandler, MAX_ROUTE_HANDLERS, Route, RouteBuilder, route1, route2, route3,
    route4, route5, route6, route7, route8, route9, route10, route11, route12,
};
#[cfg(feature = "axum")]
pub use axum;
