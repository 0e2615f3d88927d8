//! What the macros' expansions name. Not public API: no stability promise.

pub use http;

/// The work counter of `decide` (hidden feature `test-work-counter`), for the tests.
#[cfg(feature = "test-work-counter")]
pub mod work {
    pub use crate::work::{Work, measure};
}

pub use http::HeaderValue;

pub use crate::compiled::{Compiled, constants};
pub use crate::origin::{OriginPattern, PortMatch};
pub use crate::policy::EnvOrigins;
pub use crate::policy::Policy;
pub use crate::values::Field;

use crate::origin::ExactOrigins;
use crate::policy::{Methods, OriginSource, Origins, RequestHeaders, entry_at};
use crate::values::Values;

/// For tests: resolves an `origins = env(...)` policy as if its variable held `value`
/// (the same checks and tables as [`Policy::resolve`], without reading the environment),
/// unless it was resolved already: the first result stays.
pub fn resolve_as_if(
    policy: &'static Policy,
    value: &str,
) -> Result<(), crate::error::PolicyError> {
    crate::env::resolve_as_if(policy, value)
}

/// `C::POLICY`, through a call: a constant that names another directly makes `cargo check`
/// evaluate it (for a lint), and a policy is only evaluated where it is used.
pub const fn policy_of<C: Compiled>() -> &'static Policy {
    C::POLICY
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
    /// `Access-Control-Allow-Methods` value: the methods joined by `, `.
    pub methods: &'static str,
    /// `allow_headers = ["*"]`.
    pub any_header: bool,
    /// `Access-Control-Allow-Headers` value: the names joined by `, `, or `""`.
    pub allow_headers: &'static str,
    /// `Access-Control-Expose-Headers` value, or `""`.
    pub expose_headers: &'static str,
    /// `credentials`.
    pub credentials: bool,
    /// The guard on untrusted writes and WebSocket handshakes is on (no
    /// `dangerously_allow_cross_origin_writes`).
    pub guard: bool,
    /// `Access-Control-Max-Age` value, or `""`.
    pub max_age: &'static str,
    /// The values of the four headers above, as constants: `constants::<T>()` for a
    /// type `T` of the policy's own.
    pub values: crate::values::Constants,
    /// `origins = env(...)`: where the origins come from at startup. The origins above
    /// are then its `default = [...]` list, if `env_default`.
    pub env: Option<&'static EnvOrigins>,
    /// `env(...)` has a default list.
    pub env_default: bool,
    /// `live(NAME)` among the origins: the set.
    pub live: Option<&'static crate::live::OriginSet>,
    /// ... and `NAME` as written.
    pub live_name: &'static str,
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
        live: match parts.live {
            Some(set) => Some(crate::policy::LiveOrigins {
                set,
                name: parts.live_name,
            }),
            None => None,
        },
        methods: Methods {
            any: parts.any_method,
            header: parts.methods,
        },
        allow_headers: RequestHeaders {
            any: parts.any_header,
            header: some(parts.allow_headers),
        },
        expose_headers: some(parts.expose_headers),
        credentials: parts.credentials,
        guard: parts.guard,
        max_age: some(parts.max_age),
        values: Values::Const(parts.values),
    }
}

/// `None` for `""`.
const fn some(value: &'static str) -> Option<&'static str> {
    if value.is_empty() { None } else { Some(value) }
}

/// Whether both policies serve `method` (`"*"` serves every method).
pub const fn both_serve(a: &Policy, b: &Policy, method: &str) -> bool {
    a.methods.serves(method.as_bytes()) && b.methods.serves(method.as_bytes())
}

/// Whether two policies list a common method (`"*"` overlaps everything). Used by
/// `route![...]` to reject two handlers on one method at compile time.
pub const fn methods_overlap(a: &Policy, b: &Policy) -> bool {
    if a.methods.any || b.methods.any {
        return true;
    }
    let header = a.methods.header.as_bytes();
    let mut start = 0;
    while start < header.len() {
        let (method, next) = entry_at(header, start);
        if b.methods.serves(method) {
            return true;
        }
        start = next;
    }
    false
}

#[cfg(feature = "actix")]
pub use crate::actix::Handlers as ActixHandlers;
#[cfg(feature = "axum")]
pub use crate::axum::{
    CorsFuture, CorsHandler, MAX_ROUTE_HANDLERS, RouteBuilder, route1, route2, route3, route4,
    route5, route6, route7, route8, route9, route10, route11, route12,
};
#[cfg(any(feature = "axum", feature = "actix"))]
pub use crate::dispatch::Route;
#[cfg(feature = "axum")]
pub use axum;
