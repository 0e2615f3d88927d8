//! Lays a checked [`Model`] out as a constant expression of type `Policy`, naming runtime
//! items only through `::cors_runtime::__private`.

use cors_rules::{Model, PortPattern};
use proc_macro2::TokenStream;
use quote::quote;

use crate::args::EnvOrigins;

/// Which policy an expansion is, as reports at startup name it.
#[derive(Clone, Copy)]
pub(crate) enum Named<'a> {
    /// `#[cors]` on this handler.
    Handler(&'a str),
    /// `policy!(...)`, named by its file and line.
    Macro,
}

/// `Some("value")` or `None`.
fn optional(value: Option<String>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// The policy as a constant expression of type `::cors_runtime::Policy`. With
/// `origins = env(...)`, the origins laid out are its default list, if any.
pub(crate) fn policy(model: &Model, env: Option<&EnvOrigins>, named: Named<'_>) -> TokenStream {
    let exact = &model.origins.exact;
    // Laid out here, in native code, so that compiling a policy evaluates no loop.
    let table = cors_rules::OriginTable::new(exact);
    let slot_count = table.slots.len();
    let slots = &table.slots;
    let (max_probe, max_len) = (table.max_probe, table.max_len);
    let patterns = model.origins.patterns.iter().map(|p| {
        let scheme = &p.scheme;
        let host = &p.host;
        let subdomains = p.subdomains;
        let port = match p.port {
            PortPattern::Default => quote!(__cors::PortMatch::Default),
            PortPattern::Exact(port) => {
                let port = port.to_string();
                quote!(__cors::PortMatch::Exact(#port))
            }
            PortPattern::Any => quote!(__cors::PortMatch::Any),
        };
        quote! {
            __cors::OriginPattern {
                scheme: #scheme,
                host: #host,
                subdomains: #subdomains,
                port: #port,
            }
        }
    });
    let any_origin = model.origins.any;
    let (env_static, env, env_default) = match env {
        Some(env) => {
            let variable = &env.name;
            let name = match named {
                Named::Handler(name) => {
                    let name = format!("handler `{name}`");
                    quote!(#name)
                }
                Named::Macro => quote!(::core::concat!(
                    "`policy!` at ",
                    ::core::file!(),
                    ":",
                    ::core::line!()
                )),
            };
            let (insecure, public_suffix) = (model.allow_insecure, model.allow_public_suffix);
            let has_default = env.has_default;
            (
                quote! {
                    static ENV: __cors::EnvOrigins =
                        __cors::EnvOrigins::new(#variable, #name, #insecure, #public_suffix);
                },
                quote!(::core::option::Option::Some(&ENV)),
                has_default,
            )
        }
        None => (
            TokenStream::new(),
            quote!(::core::option::Option::None),
            false,
        ),
    };
    let any_method = model.any_method;
    let methods = &model.methods;
    let methods_header = model.methods_header();
    let any_header = model.any_header;
    let allow_headers = &model.allow_headers;
    let allow_headers_header = optional(model.allow_headers_header());
    let expose_headers_header = optional(model.expose_headers_header());
    let credentials = model.credentials;
    let max_age_value = model.max_age.map(|seconds| seconds.to_string());
    let max_age = optional(max_age_value.clone());
    let value_of = |value: Option<String>| value.unwrap_or_default();
    let allow_headers_value = value_of(model.allow_headers_header());
    let expose_headers_value = value_of(model.expose_headers_header());
    let max_age_value = value_of(max_age_value);
    quote! {
        {
            use ::cors_runtime::__private as __cors;
            static SLOTS: [u16; #slot_count] = [#(#slots),*];
            struct Values;
            impl __cors::ConstValues for Values {
                const ALLOW_METHODS: &'static str = #methods_header;
                const ALLOW_HEADERS: &'static str = #allow_headers_value;
                const EXPOSE_HEADERS: &'static str = #expose_headers_value;
                const MAX_AGE: &'static str = #max_age_value;
            }
            #env_static
            __cors::policy(__cors::Parts {
                any_origin: #any_origin,
                exact_origins: &[#(#exact),*],
                slots: &SLOTS,
                max_probe: #max_probe,
                max_len: #max_len,
                patterns: &[#(#patterns),*],
                any_method: #any_method,
                methods: &[#(#methods),*],
                methods_header: #methods_header,
                any_header: #any_header,
                allow_headers: &[#(#allow_headers),*],
                allow_headers_header: #allow_headers_header,
                expose_headers_header: #expose_headers_header,
                credentials: #credentials,
                max_age: #max_age,
                values: __cors::constant::<Values>,
                env: #env,
                env_default: #env_default,
            })
        }
    }
}
