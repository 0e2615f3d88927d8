//! `route![h1, h2, ...]`: an axum `MethodRouter` mounting `#[cors]` handlers, each on the
//! methods its policy lists, and `actix_resource!("/path", h1, h2, ...)`, the same for an
//! actix-web `Resource`. Two handlers claiming one method is a compile error, checked by
//! constant evaluation over the handlers' policies.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Path, Token};

/// The expansion of `route![...]`, or its error.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let handlers = match Punctuated::<Path, Token![,]>::parse_terminated.parse2(input) {
        Ok(handlers) => handlers.into_iter().collect::<Vec<_>>(),
        Err(error) => return error.to_compile_error(),
    };
    if handlers.is_empty() {
        return syn::Error::new(
            proc_macro2::Span::call_site(),
            "`route![]` needs at least one `#[cors]` handler\n\n= help: write \
             `route![list_orders, create_order]`",
        )
        .to_compile_error();
    }
    let (checks, policies) = match checked(&handlers, "route![...]") {
        Ok(checked) => checked,
        Err(error) => return error,
    };
    let function = quote::format_ident!("route{}", handlers.len());
    let inferred = (0..2 * handlers.len() + 1).map(|_| quote!(_));
    let calls = handlers
        .iter()
        .map(|handler| quote_spanned!(handler.span()=> #handler));
    quote! {
        {
            #(#checks)*
            ::cors_runtime::__private::#function::<#(#policies,)* #(#inferred),*>(#(#calls),*)
        }
    }
}

/// The expansion of `actix_resource!("/path", ...)`, or its error.
pub(crate) fn expand_actix(input: TokenStream) -> TokenStream {
    let parsed = (|input: syn::parse::ParseStream<'_>| {
        let path: syn::Expr = input.parse()?;
        if input.is_empty() {
            return Ok((path, Vec::new()));
        }
        input.parse::<Token![,]>()?;
        let handlers = Punctuated::<Path, Token![,]>::parse_terminated(input)?;
        Ok((path, handlers.into_iter().collect::<Vec<_>>()))
    })
    .parse2(input);
    let (path, handlers) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return error.to_compile_error(),
    };
    if handlers.is_empty() {
        return syn::Error::new(
            proc_macro2::Span::call_site(),
            "`actix_resource!` needs at least one `#[cors]` handler after the path\n\n= help: \
             write `actix_resource!(\"/orders\", list_orders, create_order)`",
        )
        .to_compile_error();
    }
    let (checks, policies) = match checked(&handlers, "actix_resource!(...)") {
        Ok(checked) => checked,
        Err(error) => return error,
    };
    let calls = handlers
        .iter()
        .map(|handler| quote_spanned!(handler.span()=> .mount(#handler)));
    quote! {
        {
            #(#checks)*
            ::cors_runtime::__private::ActixHandlers::<(#(#policies,)*)>::new()
                #(#calls)*
                .finish(#path)
        }
    }
}

/// The overlap checks of a path's handlers and their policies' paths, or the error for
/// too many handlers; `name` is the macro as the error names it.
fn checked(handlers: &[Path], name: &str) -> Result<(Vec<TokenStream>, Vec<Path>), TokenStream> {
    let mut checks = Vec::new();
    for (j, later) in handlers.iter().enumerate() {
        for earlier in &handlers[..j] {
            checks.push(overlap_check(earlier, later));
        }
    }
    if handlers.len() > MAX_HANDLERS {
        return Err(syn::Error::new_spanned(
            &handlers[MAX_HANDLERS],
            format!(
                "`{name}` mounts at most {MAX_HANDLERS} handlers\n\n= help: a path has at most \
                 nine standard methods, one handler each; split extension methods over paths"
            ),
        )
        .to_compile_error());
    }
    Ok((checks, handlers.iter().map(policy_path).collect()))
}

/// The most handlers one `route![...]` mounts (`cors_runtime::__private::route1` to
/// `route12`).
const MAX_HANDLERS: usize = 12;

/// The path of a handler's companion type: the handler's path without the generic
/// arguments of its last segment (`count::<Memory>` has its policy at `count::POLICY`; the
/// companion type is never generic).
fn policy_path(handler: &Path) -> Path {
    let mut path = handler.clone();
    if let Some(last) = path.segments.last_mut() {
        last.arguments = syn::PathArguments::None;
    }
    path
}

/// The methods named in overlap messages; any other overlap (an extension method or
/// `"*"`) gets the generic message.
const NAMED: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

/// A constant that fails to evaluate, naming the method, when `earlier` and `later` both
/// serve one.
fn overlap_check(earlier: &Path, later: &Path) -> TokenStream {
    let a = earlier.to_token_stream().to_string().replace(' ', "");
    let b = later.to_token_stream().to_string().replace(' ', "");
    let (earlier_policy, later_policy) = (policy_path(earlier), policy_path(later));
    let help = "each method of a path has one handler: remove the method from one \
                handler's `methods`, or mount the handlers on different paths";
    let named = NAMED.iter().map(|method| {
        let message = format!("`{a}` and `{b}` both serve {method}\n\n= help: {help}");
        quote_spanned! {later.span()=>
            if ::cors_runtime::__private::both_serve(#earlier_policy::POLICY, #later_policy::POLICY, #method) {
                ::core::panic!(#message)
            }
        }
    });
    let message = format!(
        "`{a}` and `{b}` both serve a method (an extension method, or `\"*\"`)\n\n= help: {help}"
    );
    quote_spanned! {later.span()=>
        const _: () = {
            #(#named)*
            if ::cors_runtime::__private::methods_overlap(#earlier_policy::POLICY, #later_policy::POLICY) {
                ::core::panic!(#message)
            }
        };
    }
}
