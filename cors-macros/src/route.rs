//! `route![h1, h2, ...]`: an axum `MethodRouter` mounting `#[cors]` handlers, each on the
//! methods its policy lists. Two handlers claiming one method is a compile error,
//! checked by constant evaluation over the handlers' policies.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
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
    let mut checks = Vec::new();
    for (j, later) in handlers.iter().enumerate() {
        for earlier in &handlers[..j] {
            let message = format!(
                "`{}` and `{}` both serve a method: in `route![...]` each method has one \
                 handler; split their `methods` or mount them on different paths",
                earlier.to_token_stream().to_string().replace(' ', ""),
                later.to_token_stream().to_string().replace(' ', ""),
            );
            checks.push(quote_spanned! {later.span()=>
                const _: () = if ::cors_runtime::__private::methods_overlap(
                    #earlier::POLICY,
                    #later::POLICY,
                ) {
                    ::core::panic!(#message)
                };
            });
        }
    }
    let count = handlers.len();
    let mounts = handlers.iter().map(|handler| {
        quote_spanned! {handler.span()=> .mount(#handler::POLICY, #handler) }
    });
    quote! {
        {
            #(#checks)*
            static TABLE: [&'static ::cors_runtime::Policy; #count] =
                [#(#handlers::POLICY),*];
            ::cors_runtime::__private::RouteBuilder::new(&TABLE)
                #(#mounts)*
                .finish()
        }
    }
}
