//! `#[cors(...)]` on a handler: placement checks, and the companion type that makes the
//! policy reachable as `NAME::POLICY`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, FnArg, Signature, Visibility};

/// A function item as `#[cors]` needs it: its visibility and signature. The body is read
/// as one braced group and never parsed: a handler's statements are none of the macro's
/// business, and parsing them would cost every handler in proportion to its length.
pub(crate) struct ItemFn {
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
}

impl Parse for ItemFn {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let sig = input.parse()?;
        // A braced block (looked for through the invisible group a `macro_rules!`
        // `$body:block` puts around it), then nothing.
        input.step(|cursor| match cursor.group(proc_macro2::Delimiter::Brace) {
            Some((_, _, rest)) => Ok(((), rest)),
            None => Err(cursor.error("expected a function body")),
        })?;
        if !input.is_empty() {
            return Err(input.error("expected a function body"));
        }
        Ok(ItemFn { vis, sig })
    }
}

use crate::ctxt::Ctxt;

/// Checks that `item` is a free `async fn`; `false` when it cannot carry a companion
/// type (a method taking `self` lives in an `impl`, where no type can be declared).
pub(crate) fn check(item: &ItemFn, ctxt: &mut Ctxt) -> bool {
    let sig = &item.sig;
    let mut free = true;
    if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
        free = false;
        ctxt.error_spanned(
            receiver,
            "`#[cors]` cannot be used on a method that takes `self`",
            "make the handler a free `async fn` and pass state through axum extractors",
        );
    }
    if sig.asyncness.is_none() {
        ctxt.error(
            sig.fn_token.span,
            format!("`#[cors]` handler `{}` is not `async`", sig.ident),
            "write `async fn`: axum handlers are async functions",
        );
    }
    free
}

/// The function, unchanged (`tokens`, as written), followed by its companion type, which
/// `compiled` (from [`crate::expand::compiled`]) implements `Compiled` for.
pub(crate) fn expand(item: &ItemFn, tokens: TokenStream, compiled: TokenStream) -> TokenStream {
    let vis = &item.vis;
    let name = &item.sig.ident;
    let doc = format!("The CORS policy of the handler [`{name}()`]: `{name}::POLICY`.");
    let companion = quote_spanned! {name.span()=>
        #[doc = #doc]
        #[allow(non_camel_case_types, dead_code, clippy::empty_structs_with_brackets)]
        #vis struct #name {}
    };
    quote! {
        #tokens
        #companion
        #compiled
        #[allow(dead_code)]
        impl #name {
            /// The policy of this handler, checked at compile time.
            #vis const POLICY: &'static ::cors_runtime::Policy =
                ::cors_runtime::__private::policy_of::<#name>();
        }
    }
}
