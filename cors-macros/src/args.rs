//! Parsing the arguments shared by `#[cors(...)]` and `policy!(...)`.
//!
//! ```text
//! origins = ["https://a.example", "https://*.example.com", "http://localhost:*"]
//! methods = [GET, POST, "PURGE"]          identifiers for standard methods, strings otherwise
//! allow_headers = ["content-type"]        optional
//! expose_headers = ["x-request-id"]       optional
//! credentials                             flag
//! max_age = 600                           optional, seconds
//! dangerously_allow_insecure_origins      flag
//! dangerously_allow_public_suffix_subdomains   flag
//! dangerously_allow_cross_origin_writes   flag
//! origins = env("NAME")                   origins read from the environment at startup
//! origins = env("NAME", default = [...])  ... with the origins used when it is unset
//! origins = ["https://a.example", live(TENANTS)]   ... and those of a live `OriginSet`
//! ```
//!
//! The syntax is parsed loosely (`key [= expression]`, comma separated) so that every
//! mistake is reported with its own span instead of stopping at the first one.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Ident, Lit, Token};

use cors_rules::Entry;

use crate::ctxt::Ctxt;

/// Keys that take a list of values.
const LIST_KEYS: [&str; 4] = ["origins", "methods", "allow_headers", "expose_headers"];
/// Keys that are flags.
const FLAG_KEYS: [&str; 4] = [
    "credentials",
    "dangerously_allow_insecure_origins",
    "dangerously_allow_public_suffix_subdomains",
    "dangerously_allow_cross_origin_writes",
];
use cors_rules::ALL_KEYS;

/// `origins = env("NAME")`: where the origins come from at startup.
pub(crate) struct EnvOrigins {
    /// The variable's name.
    pub(crate) name: String,
    /// Whether `default = [...]` was given (its entries are `Args::rules.origins`).
    pub(crate) has_default: bool,
}

/// `live(NAME)` among the origins: a `static` `OriginSet` filled while serving.
pub(crate) struct LiveOrigins {
    /// The path as written, with its spans (the compiler checks it names an `OriginSet`).
    pub(crate) path: syn::Path,
    /// Where `live(...)` was written.
    pub(crate) at: Span,
}

impl LiveOrigins {
    /// The path as reports name it: `TENANTS`, `crate::tenants::TENANTS`.
    pub(crate) fn name(&self) -> String {
        let segments: Vec<String> = self
            .path
            .segments
            .iter()
            .map(|segment| segment.ident.unraw().to_string())
            .collect();
        let leading = if self.path.leading_colon.is_some() {
            "::"
        } else {
            ""
        };
        format!("{leading}{}", segments.join("::"))
    }
}

/// The arguments, each with the span errors point at.
#[derive(Default)]
pub(crate) struct Args {
    /// What the policy language checks, with spans.
    pub(crate) rules: cors_rules::Args<Span>,
    /// `origins = env(...)`.
    pub(crate) env: Option<EnvOrigins>,
    /// `live(NAME)` among the origins.
    pub(crate) live: Option<LiveOrigins>,
}

/// One `key [= value]` as written.
struct RawArg {
    /// The key; `allow-headers` (a likely slip) is read as one key so it can be named.
    name: String,
    key: TokenStream,
    value: Option<RawValue>,
}

/// A value as written: a bracketed list, or any other expression.
enum RawValue {
    List { brackets: Span, items: Vec<RawItem> },
    Other(Expr),
}

/// One element of a bracketed list.
enum RawItem {
    /// A bare `*`, which must be written `"*"`.
    Star(Token![*]),
    Expr(Expr),
}

fn parse_key(input: ParseStream<'_>) -> syn::Result<(String, TokenStream)> {
    let first = input.call(Ident::parse_any)?;
    let mut name = first.unraw().to_string();
    let mut tokens = first.to_token_stream();
    while input.peek(Token![-]) && input.peek2(Ident::peek_any) {
        let dash: Token![-] = input.parse()?;
        let next = input.call(Ident::parse_any)?;
        name.push('-');
        name.push_str(&next.unraw().to_string());
        dash.to_tokens(&mut tokens);
        next.to_tokens(&mut tokens);
    }
    Ok((name, tokens))
}

/// The next expression: a lone literal or identifier (`"https://a.example"`, `GET`,
/// `600`: nearly every value) is read as one token; anything else by syn's expression
/// parser, much the slower in the macro's unoptimized build.
fn parse_expr(input: ParseStream<'_>) -> syn::Result<Expr> {
    let cursor = input.cursor();
    if let Some((tree, next)) = cursor.token_tree() {
        let alone = next.eof() || next.punct().is_some_and(|(p, _)| p.as_char() == ',');
        match tree {
            proc_macro2::TokenTree::Literal(_) if alone => {
                return Ok(Expr::Lit(ExprLit {
                    attrs: Vec::new(),
                    lit: input.parse()?,
                }));
            }
            // Not `true`/`false` (literals to syn) nor a keyword (not an identifier).
            proc_macro2::TokenTree::Ident(ident)
                if alone && ident != "true" && ident != "false" =>
            {
                let fork = input.fork();
                if let Ok(ident) = fork.parse::<Ident>() {
                    input.advance_to(&fork);
                    return Ok(Expr::Path(syn::ExprPath {
                        attrs: Vec::new(),
                        qself: None,
                        path: ident.into(),
                    }));
                }
            }
            _ => {}
        }
    }
    input.parse()
}

fn parse_value(input: ParseStream<'_>) -> syn::Result<RawValue> {
    if !input.peek(syn::token::Bracket) {
        return Ok(RawValue::Other(parse_expr(input)?));
    }
    let content;
    let brackets = syn::bracketed!(content in input);
    let items = content.parse_terminated(
        |item| {
            if item.peek(Token![*]) {
                Ok(RawItem::Star(item.parse()?))
            } else {
                Ok(RawItem::Expr(parse_expr(item)?))
            }
        },
        Token![,],
    )?;
    Ok(RawValue::List {
        brackets: brackets.span.join(),
        items: items.into_iter().collect(),
    })
}

fn parse_raw(input: ParseStream<'_>) -> syn::Result<Punctuated<RawArg, Token![,]>> {
    input.parse_terminated(
        |input| {
            let (name, key) = parse_key(input)?;
            let value = if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                Some(parse_value(input)?)
            } else {
                None
            };
            Ok(RawArg { name, key, value })
        },
        Token![,],
    )
}

/// Parses `tokens`; `whole` is the span used for missing keys. Every problem goes to
/// `ctxt`; what parsed is returned.
pub(crate) fn parse(tokens: TokenStream, whole: Span, ctxt: &mut Ctxt) -> Args {
    let mut args = Args::default();
    let raw = match parse_raw.parse2(tokens) {
        Ok(raw) => raw,
        Err(error) => {
            ctxt.syn(error);
            return args;
        }
    };
    let mut seen: Vec<String> = Vec::new();
    // Keys a misspelt key was taken for: not reported missing on top of the misspelling.
    let mut suggested: Vec<&str> = Vec::new();
    for RawArg { name, key, value } in raw {
        if !ALL_KEYS.contains(&name.as_str()) {
            args.rules.unknown_key = true;
            suggested.extend(unknown_key(ctxt, &name, &key));
            continue;
        }
        if seen.contains(&name) {
            ctxt.error_spanned(
                &key,
                format!("`{name}` is given twice"),
                if LIST_KEYS.contains(&name.as_str()) {
                    format!("merge the two `{name}` lists into one")
                } else {
                    format!("remove the repeated `{name}`")
                },
            );
            continue;
        }
        seen.push(name.clone());
        if FLAG_KEYS.contains(&name.as_str()) {
            if let Some(value) = value {
                ctxt.error_spanned(
                    &value,
                    format!("`{name}` is a flag and takes no value"),
                    format!("write `{name}` alone to turn it on, or leave it out"),
                );
            }
            // Taken as given either way, so that no rule reports it missing as well.
            let slot = match name.as_str() {
                "credentials" => &mut args.rules.credentials,
                "dangerously_allow_insecure_origins" => &mut args.rules.allow_insecure,
                "dangerously_allow_public_suffix_subdomains" => &mut args.rules.allow_public_suffix,
                _ => &mut args.rules.allow_cross_origin_writes,
            };
            *slot = Some(key_span(&key));
            continue;
        }
        let Some(value) = value else {
            let example = if name == "max_age" { "600" } else { "[...]" };
            ctxt.error_spanned(
                &key,
                format!("`{name}` needs a value"),
                format!("write `{name} = {example}`"),
            );
            continue;
        };
        if name == "max_age" {
            args.rules.max_age =
                parse_max_age(&value, ctxt).map(|seconds| (seconds, key_span(&key)));
            continue;
        }
        if let Some(call) = env_call(&value) {
            if name == "origins" {
                args.rules.origins_at_run_time = true;
                args.env = parse_env(call, ctxt, &mut args.rules.origins);
            } else {
                ctxt.error_spanned(
                    &call.func,
                    format!("`env(...)` cannot stand for `{name}`"),
                    format!(
                        "only `origins` may be read from the environment: the other keys are \
                         the handler's own contract and are fixed when the program is \
                         compiled; write `{name} = [...]`"
                    ),
                );
            }
            continue;
        }
        let live = (name == "origins").then_some(&mut args.live);
        let list = parse_list(&name, &value, ctxt, live);
        let slot = match name.as_str() {
            "origins" => &mut args.rules.origins,
            "methods" => &mut args.rules.methods,
            "allow_headers" => &mut args.rules.allow_headers,
            _ => &mut args.rules.expose_headers,
        };
        *slot = list;
    }
    args.rules.live_origins = args.live.as_ref().map(|live| live.at);
    for name in ["origins", "methods"] {
        if !seen.iter().any(|s| s == name) && !suggested.contains(&name) {
            ctxt.problem(whole, cors_rules::missing_key(name));
        }
    }
    args
}

/// The span of a key's first token.
fn key_span(key: &TokenStream) -> Span {
    key.clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |token| token.span())
}

impl ToTokens for RawValue {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            // The brackets are kept, so that an error over a whole list (`max_age = [600]`,
            // `credentials = []`) covers it from `[` to `]`.
            RawValue::List { brackets, items } => {
                let mut inner = TokenStream::new();
                for item in items {
                    item.to_tokens(&mut inner);
                }
                let mut group = proc_macro2::Group::new(proc_macro2::Delimiter::Bracket, inner);
                group.set_span(*brackets);
                tokens.extend([proc_macro2::TokenTree::Group(group)]);
            }
            RawValue::Other(expr) => expr.to_tokens(tokens),
        }
    }
}

impl ToTokens for RawItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            RawItem::Star(star) => star.to_tokens(tokens),
            RawItem::Expr(expr) => expr.to_tokens(tokens),
        }
    }
}

/// Reports an unknown key; returns the key it was probably meant to be.
fn unknown_key(ctxt: &mut Ctxt, name: &str, key: &TokenStream) -> Option<&'static str> {
    let (problem, closest) = cors_rules::unknown_key(name);
    ctxt.problem_spanned(key, problem);
    closest
}

/// `expr` without the invisible groups `macro_rules!` wraps around the fragments it
/// passes on (`$origin:literal`), so generated policies read like written ones.
fn ungrouped(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(group) => ungrouped(&group.expr),
        other => other,
    }
}

/// `env(...)` as a value: a call of the plain path `env`.
fn env_call(value: &RawValue) -> Option<&syn::ExprCall> {
    match value {
        RawValue::Other(Expr::Call(call)) => match ungrouped(&call.func) {
            Expr::Path(path) if path.qself.is_none() && path.path.is_ident("env") => Some(call),
            _ => None,
        },
        _ => None,
    }
}

/// `env("NAME")` or `env("NAME", default = [...])`; the default's entries go to `origins`.
fn parse_env(
    call: &syn::ExprCall,
    ctxt: &mut Ctxt,
    origins: &mut Option<Vec<Entry<Span>>>,
) -> Option<EnvOrigins> {
    const USAGE: &str = "write `env(\"API_ORIGINS\")`, or `env(\"API_ORIGINS\", default = [\"https://app.example.com\"])`";
    let mut args = call.args.iter();
    let name = match args.next().map(ungrouped) {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => {
            let name = lit.value();
            if cors_rules::is_env_name(&name) {
                Some(name)
            } else {
                ctxt.error(
                    lit.span(),
                    format!(
                        "`{}` is not a valid environment variable name",
                        name.escape_debug()
                    ),
                    "a name is ASCII letters, digits and `_`, not starting with a digit, as in \
                     `API_ORIGINS`: the form every shell and deployment tool can set",
                );
                None
            }
        }
        Some(other) => {
            ctxt.error_spanned(
                other,
                "the variable's name in `env(...)` must be a string literal",
                USAGE,
            );
            None
        }
        None => {
            ctxt.error_spanned(call, "`env(...)` needs the variable's name", USAGE);
            None
        }
    };
    let mut has_default = false;
    for extra in args {
        let Expr::Assign(assign) = extra else {
            ctxt.error_spanned(
                extra,
                "`env(...)` takes the variable's name and, optionally, `default = [...]`",
                USAGE,
            );
            continue;
        };
        let is_default = matches!(&*assign.left, Expr::Path(p) if p.path.is_ident("default"));
        if !is_default {
            let written = assign.left.to_token_stream().to_string();
            ctxt.error_spanned(
                &assign.left,
                format!("`env(...)` takes no argument `{written}`"),
                "write `default = [...]`: the origins used when the variable is not set",
            );
            continue;
        }
        if has_default {
            ctxt.error_spanned(
                &assign.left,
                "`default` is given twice",
                "merge the two lists into one",
            );
            continue;
        }
        has_default = true;
        let value = match ungrouped(&assign.right) {
            Expr::Array(array) => RawValue::List {
                brackets: array.bracket_token.span.join(),
                items: array.elems.iter().cloned().map(RawItem::Expr).collect(),
            },
            other => RawValue::Other(other.clone()),
        };
        if let RawValue::Other(other) = &value {
            ctxt.error_spanned(
                other,
                "`default` takes a list of origins in square brackets",
                "write `default = [\"https://app.example.com\"]`: the origins used when the \
                 variable is not set",
            );
            continue;
        }
        *origins = parse_list("origins", &value, ctxt, None);
    }
    name.map(|name| EnvOrigins { name, has_default })
}

/// `live(...)` as an entry: a call of the plain path `live`.
fn live_call(item: &Expr) -> Option<&syn::ExprCall> {
    match item {
        Expr::Call(call) => match ungrouped(&call.func) {
            Expr::Path(path) if path.qself.is_none() && path.path.is_ident("live") => Some(call),
            _ => None,
        },
        _ => None,
    }
}

/// `live(NAME)`, where `live` is `Some` (in `origins = [...]`): at most one, `NAME` a path.
fn parse_live(
    call: &syn::ExprCall,
    name: &str,
    ctxt: &mut Ctxt,
    live: Option<&mut Option<LiveOrigins>>,
) {
    let Some(live) = live else {
        let (message, help) = if name == "origins" {
            (
                "`live(...)` cannot be used with `env(...)`".to_owned(),
                "a policy's origins come from the environment or from the source; add the \
                 origins the environment would hold to the live set instead"
                    .to_owned(),
            )
        } else {
            (
                format!("`live(...)` cannot stand in `{name}`"),
                format!(
                    "a live set holds origins: only `origins` may name one; write `{name} = \
                     [...]`"
                ),
            )
        };
        ctxt.error_spanned(&call.func, message, help);
        return;
    };
    const HELP: &str = "write `live(TENANTS)`, where `TENANTS` is a `static TENANTS: OriginSet = \
                        OriginSet::new();`";
    let path = match (call.args.len(), call.args.first().map(ungrouped)) {
        (1, Some(Expr::Path(path))) if path.qself.is_none() => path.path.clone(),
        (0, _) => {
            ctxt.error_spanned(call, "`live(...)` needs the name of an `OriginSet`", HELP);
            return;
        }
        _ => {
            ctxt.error_spanned(
                &call.args,
                "`live(...)` takes the path of one `static` `OriginSet`",
                HELP,
            );
            return;
        }
    };
    if live.is_some() {
        ctxt.error_spanned(
            call,
            "a policy reads at most one live origin set",
            "put every origin this policy allows while serving in one `OriginSet`; several \
             policies may share it",
        );
        return;
    }
    *live = Some(LiveOrigins {
        path,
        at: syn::spanned::Spanned::span(call),
    });
}

/// `[a, "b", ...]`: string literals, and identifiers where `methods` allows them; with
/// `live` (`origins = [...]`), `live(NAME)` too.
fn parse_list(
    name: &str,
    value: &RawValue,
    ctxt: &mut Ctxt,
    mut live: Option<&mut Option<LiveOrigins>>,
) -> Option<Vec<Entry<Span>>> {
    let example = match name {
        "methods" => "methods = [GET, POST]",
        "origins" => "origins = [\"https://app.example.com\"]",
        _ => "[\"x-request-id\"]",
    };
    let (brackets, items) = match value {
        RawValue::List { brackets, items } => (*brackets, items),
        RawValue::Other(expr) => {
            ctxt.error_spanned(
                expr,
                format!("`{name}` takes a list in square brackets"),
                format!("write `{example}`"),
            );
            return None;
        }
    };
    if items.is_empty() {
        ctxt.problem(brackets, cors_rules::empty_list(name));
        return None;
    }
    let mut entries = Vec::new();
    for item in items {
        let item = match item {
            RawItem::Expr(expr) => RawItem::Expr(ungrouped(expr).clone()),
            RawItem::Star(star) => RawItem::Star(*star),
        };
        match &item {
            RawItem::Expr(Expr::Lit(ExprLit {
                lit: Lit::Str(lit), ..
            })) => entries.push(Entry {
                text: lit.value(),
                at: lit.span(),
                ident: false,
            }),
            RawItem::Expr(Expr::Path(path))
                if name == "methods" && path.path.get_ident().is_some() =>
            {
                let ident = path.path.get_ident().expect("checked above");
                entries.push(Entry {
                    text: ident.unraw().to_string(),
                    at: ident.span(),
                    ident: true,
                });
            }
            RawItem::Expr(expr) if live_call(expr).is_some() => {
                let call = live_call(expr).expect("checked above");
                parse_live(call, name, ctxt, live.as_deref_mut());
            }
            RawItem::Star(star) => ctxt.error_spanned(
                star,
                format!("a bare `*` in `{name}`"),
                "write the wildcard as a string literal: `\"*\"`",
            ),
            RawItem::Expr(other) => {
                let (what, help) = match name {
                    "methods" => (
                        "a method name",
                        "write a standard method as an identifier (`GET`) and an extension \
                         method as a string literal (`\"PURGE\"`)"
                            .to_owned(),
                    ),
                    "origins" => (
                        "a string literal",
                        "write each origin as a string literal, e.g. \
                         `\"https://app.example.com\"`: the macro must read it while compiling"
                            .to_owned(),
                    ),
                    _ => (
                        "a string literal",
                        "write each header name as a string literal, e.g. `\"x-request-id\"`"
                            .to_owned(),
                    ),
                };
                ctxt.error_spanned(
                    other,
                    format!("each entry of `{name}` must be {what}"),
                    help,
                );
            }
        }
    }
    Some(entries)
}

/// `max_age = N`: an integer literal, `0..=86400`.
fn parse_max_age(value: &RawValue, ctxt: &mut Ctxt) -> Option<u32> {
    const HELP: &str = "write a whole number of seconds from 0 to 86400, e.g. `max_age = 600` \
                        (Chromium caps the preflight cache at 7200)";
    let value = match value {
        RawValue::Other(expr) => ungrouped(expr),
        list @ RawValue::List { .. } => {
            ctxt.error_spanned(list, "`max_age` takes one integer, not a list", HELP);
            return None;
        }
    };
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) => {
            if !int.suffix().is_empty() {
                ctxt.error(
                    int.span(),
                    format!("`max_age` takes a plain integer, not `{int}`"),
                    "remove the type suffix",
                );
                return None;
            }
            let seconds = int.base10_parse::<u64>().unwrap_or(u64::MAX);
            match cors_rules::check_max_age(seconds, &int.to_string()) {
                Ok(seconds) => Some(seconds),
                Err(problem) => {
                    ctxt.problem(int.span(), problem);
                    None
                }
            }
        }
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            ..
        }) => {
            ctxt.error_spanned(value, "`max_age` cannot be negative", HELP);
            None
        }
        other => {
            ctxt.error_spanned(other, "`max_age` takes an integer literal (seconds)", HELP);
            None
        }
    }
}
