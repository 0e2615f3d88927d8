//! One path's handlers and their policies (`route![...]` on axum, `actix_resource!` on
//! actix-web): which handler serves a method, which policy answers a preflight, and which
//! methods the path serves (`Allow`). Framework-free: the adapters build the responses.

use crate::decide::{Decision, Preflight};
use crate::policy::Policy;
#[cfg(feature = "tracing")]
use crate::refusal::Refusal;
use crate::wire::{Name, Request, Value};

/// The policies of one path's handlers (`route![...]`, `actix_resource!`), in the order
/// they were written: a tuple of the handlers' companion types.
pub trait Route: 'static {
    /// The handlers' policies.
    const TABLE: &'static [&'static Policy];
}

macro_rules! route_tables {
    ($(($($p:ident),+))+) => {$(
        impl<$($p: crate::compiled::Compiled),+> Route for ($($p,)+) {
            const TABLE: &'static [&'static Policy] = &[$($p::POLICY),+];
        }
    )+};
}

route_tables! {
    (P0)
    (P0, P1)
    (P0, P1, P2)
    (P0, P1, P2, P3)
    (P0, P1, P2, P3, P4)
    (P0, P1, P2, P3, P4, P5)
    (P0, P1, P2, P3, P4, P5, P6)
    (P0, P1, P2, P3, P4, P5, P6, P7)
    (P0, P1, P2, P3, P4, P5, P6, P7, P8)
    (P0, P1, P2, P3, P4, P5, P6, P7, P8, P9)
    (P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10)
    (P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11)
}

/// The standard methods, in the order `Allow` lists them.
pub(crate) const STANDARD: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
];

/// The index of the handler that serves `method`: the one whose policy lists it, else for
/// `HEAD` the one serving `GET` (as axum routes it).
pub(crate) fn handler_for(table: &[&'static Policy], method: &[u8]) -> Option<usize> {
    let serving = |method: &[u8]| table.iter().position(|p| p.methods.serves(method));
    serving(method).or_else(|| (method == b"HEAD").then(|| serving(b"GET")).flatten())
}

/// How a path answers a preflight.
pub(crate) enum PathPreflight<'p, V> {
    /// Decided by the policy of the handler serving the requested method.
    Decided(Preflight<'p, V>),
    /// No handler serves the requested method: `403`, with `Vary: Origin` when `vary`.
    Unserved {
        /// Some policy of the path depends on the origin.
        vary: bool,
    },
}

/// The answer to `request` if it is a preflight (`OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`), decided by the policy of the handler serving the
/// requested method; `None` for any other request.
pub(crate) fn preflight<'r, R: Request>(
    table: &'static [&'static Policy],
    request: &'r R,
) -> Option<PathPreflight<'static, &'r R::Value>> {
    if request.method() != b"OPTIONS" {
        return None;
    }
    let requested = request.lines(Name::RequestMethod).next()?;
    match handler_for(table, requested.bytes()) {
        Some(index) => match table[index].decide_bytes(request) {
            Decision::Preflight(preflight) => Some(PathPreflight::Decided(preflight)),
            // `OPTIONS` is never guarded; without a preflight's headers it is no preflight.
            Decision::Actual(_) | Decision::Untrusted(_) => None,
        },
        None => {
            let origin = request.lines(Name::Origin).next()?;
            log_unserved(origin.bytes(), requested.bytes());
            Some(PathPreflight::Unserved {
                vary: table.iter().any(|policy| !policy.allows_any_origin()),
            })
        }
    }
}

/// Logs a preflight for a method no handler of the path serves (feature `tracing`).
#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn log_unserved(origin: &[u8], method: &[u8]) {
    #[cfg(feature = "tracing")]
    tracing::debug!(
        reason = Refusal::MethodNotAllowed.as_str(),
        origin = %String::from_utf8_lossy(origin),
        detail = %String::from_utf8_lossy(method),
        "CORS: {}: no handler of the route serves it",
        Refusal::MethodNotAllowed
    );
}

/// The `Allow` value of a path: the standard methods its handlers serve (`HEAD` with
/// `GET`), in [`STANDARD`]'s order, then its extension methods, joined by `,`.
pub(crate) fn allow(table: &[&'static Policy]) -> String {
    let mut allow: Vec<&str> = Vec::new();
    for name in STANDARD {
        let served = table.iter().any(|p| p.methods.serves(name.as_bytes()))
            || (name == "HEAD" && table.iter().any(|p| p.methods.serves(b"GET")));
        if served {
            allow.push(name);
        }
    }
    for policy in table {
        for method in policy.methods.listed() {
            if !STANDARD.contains(&method) && !allow.contains(&method) {
                allow.push(method);
            }
        }
    }
    allow.join(",")
}
