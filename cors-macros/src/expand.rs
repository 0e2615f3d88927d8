//! Lays a checked [`Model`] out as `impl Compiled for T` (the policy as a constant of a
//! type), naming runtime items only through `::cors_runtime::__private`.

use cors_rules::{Model, PortPattern};
use proc_macro2::TokenStream;

use crate::args::{EnvOrigins, LiveOrigins};

/// Stands in the text of a policy for the path of its live set, replaced by the path's
/// own tokens once lexed, so that the compiler's errors about it point at it.
const LIVE_MARKER: &str = "__CORS_LIVE_SET";

/// Which policy an expansion is, as reports at startup name it.
#[derive(Clone, Copy)]
pub(crate) enum Named<'a> {
    /// `#[cors]` on this handler.
    Handler(&'a str),
    /// `policy!(...)`, named by its file and line.
    Macro,
}

/// A string literal.
fn lit(value: &str) -> String {
    format!("{value:?}")
}

/// `&["a", "b"]`.
fn strings<S: AsRef<str>>(values: &[S]) -> String {
    let items: Vec<String> = values.iter().map(|v| lit(v.as_ref())).collect();
    format!("&[{}]", items.join(", "))
}

/// `impl Compiled for #ty`: the policy (with `origins = env(...)`, the origins laid out
/// are its default list, if any). Constants of an impl are evaluated where they are used,
/// never by `cargo check` alone: compiling a handler type-checks this and evaluates
/// nothing.
///
/// Written as text and handed to the compiler's lexer in one call: building it token by
/// token through the proc-macro bridge costs more than the rest of the macro. Nothing in
/// it can fail to compile once the policy is checked, so it needs no span of the input.
pub(crate) fn compiled(
    model: &Model,
    env: Option<&EnvOrigins>,
    live: Option<&LiveOrigins>,
    named: Named<'_>,
    ty: &TokenStream,
) -> TokenStream {
    let exact = &model.origins.exact;
    if let Some(problem) = cors_rules::too_many_exact_origins(exact.len()) {
        return syn::Error::new(proc_macro2::Span::call_site(), crate::ctxt::render(problem))
            .to_compile_error();
    }
    // Laid out here, in native code, so that compiling a policy evaluates no loop.
    let table = cors_rules::OriginTable::new(exact);
    let slots: Vec<String> = table.slots.iter().map(u16::to_string).collect();
    let patterns: Vec<String> = model
        .origins
        .patterns
        .iter()
        .map(|p| {
            let port = match p.port {
                PortPattern::Default => "__cors::PortMatch::Default".to_owned(),
                PortPattern::Exact(port) => {
                    format!("__cors::PortMatch::Exact({})", lit(&port.to_string()))
                }
                PortPattern::Any => "__cors::PortMatch::Any".to_owned(),
            };
            format!(
                "__cors::OriginPattern {{ scheme: {}, host: {}, subdomains: {}, port: {port} }}",
                lit(&p.scheme),
                lit(&p.host),
                p.subdomains,
            )
        })
        .collect();
    let (env_static, env_field, env_default) = match env {
        Some(env) => {
            let name = match named {
                Named::Handler(name) => lit(&format!("handler `{name}`")),
                Named::Macro => "::core::concat!(\"`policy!` at \", ::core::file!(), \":\", \
                                 ::core::line!())"
                    .to_owned(),
            };
            (
                format!(
                    "static ENV: __cors::EnvOrigins = __cors::EnvOrigins::new({}, {name}, {}, {});",
                    lit(&env.name),
                    model.allow_insecure,
                    model.allow_public_suffix,
                ),
                "::core::option::Option::Some(&ENV)",
                env.has_default,
            )
        }
        None => (String::new(), "::core::option::Option::None", false),
    };
    let text = format!(
        "impl ::cors_runtime::__private::Compiled for {ty} {{ \
         const POLICY: &'static ::cors_runtime::Policy = &{{ \
         use ::cors_runtime::__private as __cors; {env_static} \
         __cors::policy(__cors::Parts {{ \
         any_origin: {any_origin}, exact_origins: {exact}, slots: &[{slots}], \
         max_probe: {max_probe}, max_len: {max_len}, patterns: &[{patterns}], \
         any_method: {any_method}, methods: {methods}, any_header: {any_header}, \
         allow_headers: {allow_headers}, expose_headers: {expose_headers}, \
         credentials: {credentials}, guard: {guard}, max_age: {max_age}, values: __cors::constants::<Self>(), env: {env_field}, \
         env_default: {env_default}, live: {live_field}, live_name: {live_name} }}) }}; }}",
        any_origin = model.origins.any,
        exact = strings(exact),
        slots = slots.join(", "),
        max_probe = table.max_probe,
        max_len = table.max_len,
        patterns = patterns.join(", "),
        any_method = model.any_method,
        methods = lit(&model.methods_header()),
        any_header = model.any_header,
        allow_headers = lit(&model.allow_headers_header().unwrap_or_default()),
        expose_headers = lit(&model.expose_headers_header().unwrap_or_default()),
        credentials = model.credentials,
        guard = !model.allow_cross_origin_writes,
        max_age = lit(&model.max_age.map(|s| s.to_string()).unwrap_or_default()),
        live_field = if live.is_some() {
            format!("::core::option::Option::Some({LIVE_MARKER})")
        } else {
            "::core::option::Option::None".to_owned()
        },
        live_name = lit(&live.map(LiveOrigins::name).unwrap_or_default()),
    );
    // `proc_macro`'s own parser: `proc_macro2`'s would first lex the text again itself,
    // in the macro's unoptimized build.
    match text.parse::<proc_macro::TokenStream>() {
        Ok(tokens) => match live {
            Some(live) => {
                // `&` too, so that the whole expression is the user's.
                let path = &live.path;
                let reference = quote::quote_spanned!(syn::spanned::Spanned::span(path)=> &#path);
                splice(tokens, &proc_macro::TokenStream::from(reference)).into()
            }
            None => tokens.into(),
        },
        Err(error) => syn::Error::new(
            proc_macro2::Span::call_site(),
            format!("internal error: the layout of this policy does not parse: {error}"),
        )
        .to_compile_error(),
    }
}

/// `tokens` with [`LIVE_MARKER`] replaced by `path` (`&PATH`), in every group.
fn splice(
    tokens: proc_macro::TokenStream,
    path: &proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    use proc_macro::{Group, TokenTree};
    let mut out = proc_macro::TokenStream::new();
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) if ident.to_string() == LIVE_MARKER => {
                out.extend(path.clone());
            }
            TokenTree::Group(group) => {
                let mut spliced = Group::new(group.delimiter(), splice(group.stream(), path));
                spliced.set_span(group.span());
                out.extend([TokenTree::Group(spliced)]);
            }
            other => out.extend([other]),
        }
    }
    out
}
