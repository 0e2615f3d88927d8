//! Lays a checked model (from `cors-rules`) out as the tables the macros build at compile
//! time, for policies checked at run time: origins read at startup (`env.rs`) and
//! policies built from configuration (`builder.rs`). Each string and table is leaked once,
//! for the life of the process, as a literal policy's live in the binary.

use cors_rules::Model;

use http::HeaderValue;

use crate::origin::{ExactOrigins, OriginPattern, PortMatch};
use crate::policy::{Methods, OriginSource, Origins, Policy, RequestHeaders};
use crate::values::{SharedValues, Values};

/// `s`, for the life of the process.
fn leak(s: String) -> &'static str {
    String::leak(s)
}

/// The tables of checked origins. At most [`cors_rules::MAX_EXACT_ORIGINS`] exact origins
/// (the callers report more as a problem).
pub(crate) fn origins(origins: cors_rules::Origins) -> Origins {
    if origins.any {
        return Origins::Any;
    }
    let exact: Vec<&'static str> = origins.exact.into_iter().map(leak).collect();
    let table = cors_rules::OriginTable::new(&exact);
    let patterns: Vec<OriginPattern> = origins
        .patterns
        .into_iter()
        .map(|p| {
            let p = OriginPattern::from_checked(p);
            OriginPattern {
                scheme: leak(p.scheme),
                host: leak(p.host),
                subdomains: p.subdomains,
                port: match p.port {
                    PortMatch::Default => PortMatch::Default,
                    PortMatch::Exact(port) => PortMatch::Exact(leak(port)),
                    PortMatch::Any => PortMatch::Any,
                },
            }
        })
        .collect();
    Origins::Listed {
        exact: ExactOrigins {
            origins: Vec::leak(exact),
            slots: Vec::leak(table.slots),
            max_probe: table.max_probe,
            max_len: table.max_len,
        },
        patterns: Vec::leak(patterns),
    }
}

/// A whole policy from its checked model, as `policy!` would lay it out.
/// `live`: the live origin set attached to the builder, if any.
pub(crate) fn policy(
    model: Model,
    live: Option<&'static crate::live::OriginSet>,
) -> &'static Policy {
    let methods_header = leak(model.methods_header());
    let allow_headers_header = model.allow_headers_header().map(leak);
    let expose_headers = model.expose_headers_header().map(leak);
    let max_age = model.max_age.map(|seconds| leak(seconds.to_string()));
    let value = |v: Option<&'static str>| HeaderValue::from_static(v.unwrap_or(""));
    let values = Box::leak(Box::new(SharedValues {
        allow_methods: HeaderValue::from_static(methods_header),
        allow_headers: value(allow_headers_header),
        expose_headers: value(expose_headers),
        max_age: value(max_age),
        #[cfg(feature = "actix")]
        actix: [
            actix_web::http::header::HeaderValue::from_static(methods_header),
            actix_web::http::header::HeaderValue::from_static(allow_headers_header.unwrap_or("")),
            actix_web::http::header::HeaderValue::from_static(expose_headers.unwrap_or("")),
            actix_web::http::header::HeaderValue::from_static(max_age.unwrap_or("")),
        ],
    }));
    Box::leak(Box::new(Policy {
        origins: OriginSource::Fixed(origins(model.origins)),
        live: live.map(|set| crate::policy::LiveOrigins { set, name: "" }),
        methods: Methods {
            any: model.any_method,
            header: methods_header,
        },
        allow_headers: RequestHeaders {
            any: model.any_header,
            header: allow_headers_header,
        },
        expose_headers,
        credentials: model.credentials,
        guard: !model.allow_cross_origin_writes,
        max_age,
        values: Values::Shared(values),
    }))
}
