//! Procedural macros of [`cors-runtime`](https://docs.rs/cors-runtime): `#[cors(...)]`,
//! `policy!(...)` and `route![...]`. Depend on `cors-runtime`, which re-exports them and
//! documents them; this crate is never named directly.
//!
//! Each macro parses its arguments (`args.rs`), checks every rule with the policy
//! language of `cors-rules` (the same rules `cors-runtime` applies at startup to origins
//! read from the environment) collecting all problems, and lays the policy out as the
//! constant of an `impl Compiled` (`expand.rs`): `'static` tables, the origin table laid
//! out here, evaluated only where the program uses them. On error the user's item is still
//! emitted, next to the errors, so one mistake does not cascade.
//!
//! Set `CORS_MACROS_DEBUG=1` to print every expansion to standard error.

mod args;
mod ctxt;
mod expand;
mod item;
mod route;

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::quote;

use crate::ctxt::Ctxt;
use crate::expand::Named;

/// Parses and checks policy arguments: `impl Compiled for #ty` (see
/// [`expand::compiled`]), or the errors. `named` says which policy it is, for reports at
/// startup.
fn checked_policy(
    args: TokenStream2,
    whole: Span,
    named: Named<'_>,
    ty: &TokenStream2,
    ctxt: &mut Ctxt,
) -> TokenStream2 {
    let parsed = args::parse(args, whole, ctxt);
    let model = cors_rules::validate(&parsed.rules, &mut |span, problem| {
        ctxt.problem(span, problem)
    });
    if ctxt.is_ok() {
        expand::compiled(&model, parsed.env.as_ref(), parsed.live.as_ref(), named, ty)
    } else {
        // A valid, empty stand-in keeps later uses (`NAME::POLICY`) free of follow-up
        // errors; the compile fails on the errors reported with it.
        expand::compiled(&cors_rules::Model::default(), None, None, named, ty)
    }
}

/// The type `policy!(...)` declares for its policy.
fn policy_type() -> TokenStream2 {
    quote!(__CorsPolicy)
}

fn debug(name: &str, tokens: &TokenStream2) {
    if std::env::var_os("CORS_MACROS_DEBUG").is_some_and(|v| v != "0") {
        eprintln!("{name} expands to:\n{tokens}\n");
    }
}

/// The CORS policy of an axum handler, checked at compile time. Documented in
/// `cors_runtime`.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut ctxt = Ctxt::default();
    let input = TokenStream2::from(input);
    let item = match syn::parse2::<item::ItemFn>(input.clone()) {
        Ok(item) => item,
        Err(_) => {
            ctxt.error(
                Span::call_site(),
                "`#[cors]` goes on an `async fn` handler",
                "to share one policy between many routes, write `static API: Policy = \
                 policy!(...);` and add `CorsLayer::new(&API)` to the router",
            );
            // The arguments are checked all the same: every problem in one compile.
            checked_policy(
                args.into(),
                Span::call_site(),
                Named::Macro,
                &policy_type(),
                &mut ctxt,
            );
            let errors = ctxt.into_error().map(|error| error.to_compile_error());
            return quote!(#errors #input).into();
        }
    };
    let free = item::check(&item, &mut ctxt);
    let name = item.sig.ident.to_string();
    let ident = &item.sig.ident;
    let policy = checked_policy(
        args.into(),
        Span::call_site(),
        Named::Handler(&name),
        &quote!(#ident),
        &mut ctxt,
    );
    let mut output = if free {
        item::expand(&item, input, policy)
    } else {
        input
    };
    if let Some(error) = ctxt.into_error() {
        output.extend(error.to_compile_error());
    }
    debug("#[cors]", &output);
    output.into()
}

/// A CORS policy as a constant expression of type `cors_runtime::Policy`. Documented in
/// `cors_runtime`.
#[proc_macro]
pub fn policy(args: TokenStream) -> TokenStream {
    let mut ctxt = Ctxt::default();
    let ty = policy_type();
    let compiled = checked_policy(args.into(), Span::call_site(), Named::Macro, &ty, &mut ctxt);
    let error = ctxt.into_error().map(|error| error.to_compile_error());
    let output = quote! {
        {
            #error
            struct #ty;
            #compiled
            *<#ty as ::cors_runtime::__private::Compiled>::POLICY
        }
    };
    debug("policy!", &output);
    output.into()
}

/// An axum `MethodRouter` mounting `#[cors]` handlers. Documented in `cors_runtime`.
#[proc_macro]
pub fn route(input: TokenStream) -> TokenStream {
    let output = route::expand(input.into());
    debug("route!", &output);
    output.into()
}

/// An actix-web `Resource` mounting `#[cors]` handlers on one path. Documented in
/// `cors_runtime`.
#[proc_macro]
pub fn actix_resource(input: TokenStream) -> TokenStream {
    let output = route::expand_actix(input.into());
    debug("actix_resource!", &output);
    output.into()
}
