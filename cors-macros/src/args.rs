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
//! ```
//!
//! The syntax is parsed loosely (`key [= expression]`, comma separated) so that every
//! mistake is reported with its own span instead of stopping at the first one.

use proc_macro2::{Span, TokenStream};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Ident, Lit, Token};

use crate::ctxt::Ctxt;

/// Keys that take a list of values.
const LIST_KEYS: [&str; 4] = ["origins", "methods", "allow_headers", "expose_headers"];
/// Keys that are flags.
const FLAG_KEYS: [&str; 3] = [
    "credentials",
    "dangerously_allow_insecure_origins",
    "dangerously_allow_public_suffix_subdomains",
];
/// Every key, in the order the documentation gives them.
const ALL_KEYS: [&str; 8] = [
    "origins",
    "methods",
    "allow_headers",
    "expose_headers",
    "credentials",
    "max_age",
    "dangerously_allow_insecure_origins",
    "dangerously_allow_public_suffix_subdomains",
];

/// One element of a list: a string literal or an identifier.
#[derive(Clone)]
pub(crate) struct Entry {
    pub(crate) text: String,
    pub(crate) span: Span,
    /// Written as an identifier (`GET`) rather than a string literal.
    pub(crate) ident: bool,
}

/// A list argument: the entries that parsed.
pub(crate) struct List {
    pub(crate) entries: Vec<Entry>,
}

/// The arguments, each with the spans errors point at.
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) origins: Option<List>,
    pub(crate) methods: Option<List>,
    pub(crate) allow_headers: Option<List>,
    pub(crate) expose_headers: Option<List>,
    pub(crate) credentials: Option<Span>,
    pub(crate) allow_insecure: Option<Span>,
    pub(crate) allow_public_suffix: Option<Span>,
    pub(crate) max_age: Option<(u32, Span)>,
}

/// One `key [= value]` as written.
struct RawArg {
    key: Ident,
    value: Option<Expr>,
}

fn parse_raw(input: ParseStream<'_>) -> syn::Result<Punctuated<RawArg, Token![,]>> {
    input.parse_terminated(
        |input| {
            let key = input.call(Ident::parse_any)?;
            let value = if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                Some(input.parse()?)
            } else {
                None
            };
            Ok(RawArg { key, value })
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
    for RawArg { key, value } in raw {
        let name = key.unraw().to_string();
        let span = key.span();
        if !ALL_KEYS.contains(&name.as_str()) {
            unknown_key(ctxt, &name, span);
            continue;
        }
        if seen.contains(&name) {
            ctxt.error(
                span,
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
                ctxt.error(
                    value.span(),
                    format!("`{name}` is a flag and takes no value"),
                    format!("write `{name}` alone to turn it on, or leave it out"),
                );
                continue;
            }
            let slot = match name.as_str() {
                "credentials" => &mut args.credentials,
                "dangerously_allow_insecure_origins" => &mut args.allow_insecure,
                _ => &mut args.allow_public_suffix,
            };
            *slot = Some(span);
            continue;
        }
        let Some(value) = value else {
            let example = if name == "max_age" { "600" } else { "[...]" };
            ctxt.error(
                span,
                format!("`{name}` needs a value"),
                format!("write `{name} = {example}`"),
            );
            continue;
        };
        if name == "max_age" {
            args.max_age = parse_max_age(&value, ctxt).map(|seconds| (seconds, value.span()));
            continue;
        }
        debug_assert!(LIST_KEYS.contains(&name.as_str()));
        let list = parse_list(&name, &value, ctxt);
        let slot = match name.as_str() {
            "origins" => &mut args.origins,
            "methods" => &mut args.methods,
            "allow_headers" => &mut args.allow_headers,
            _ => &mut args.expose_headers,
        };
        *slot = list;
    }
    for (name, present) in [
        ("origins", args.origins.is_some()),
        ("methods", args.methods.is_some()),
    ] {
        if !present && !seen.iter().any(|s| s == name) {
            let example = if name == "origins" {
                "origins = [\"https://app.example.com\"]"
            } else {
                "methods = [GET, POST]"
            };
            ctxt.error(
                whole,
                format!("missing `{name}`: a CORS policy must say which {name} it allows"),
                format!("add `{example}`"),
            );
        }
    }
    args
}

fn unknown_key(ctxt: &mut Ctxt, name: &str, span: Span) {
    let closest = ALL_KEYS
        .iter()
        .map(|key| (edit_distance(name, key), *key))
        .min()
        .filter(|(distance, key)| *distance <= key.len() / 3 + 1);
    let valid = ALL_KEYS.join(", ");
    let help = match closest {
        Some((_, key)) => format!("did you mean `{key}`? valid keys are: {valid}"),
        None => format!("valid keys are: {valid}"),
    };
    ctxt.error(span, format!("unknown key `{name}`"), help);
}

/// Levenshtein distance, for suggesting the key the user meant.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// `[a, "b", ...]`: string literals, and identifiers where `methods` allows them.
fn parse_list(name: &str, value: &Expr, ctxt: &mut Ctxt) -> Option<List> {
    let Expr::Array(array) = value else {
        let example = match name {
            "methods" => "methods = [GET, POST]",
            "origins" => "origins = [\"https://app.example.com\"]",
            _ => "[\"x-request-id\"]",
        };
        ctxt.error(
            value.span(),
            format!("`{name}` takes a list in square brackets"),
            format!("write `{example}`"),
        );
        return None;
    };
    if array.elems.is_empty() {
        ctxt.error(
            array.span(),
            format!("`{name}` is an empty list"),
            if matches!(name, "origins" | "methods") {
                format!("list at least one of the {name} the policy allows")
            } else {
                format!("list at least one header name, or leave `{name}` out")
            },
        );
        return None;
    }
    let mut entries = Vec::new();
    for element in &array.elems {
        match element {
            Expr::Lit(ExprLit {
                lit: Lit::Str(lit), ..
            }) => entries.push(Entry {
                text: lit.value(),
                span: lit.span(),
                ident: false,
            }),
            Expr::Path(path) if name == "methods" && path.path.get_ident().is_some() => {
                let ident = path.path.get_ident().expect("checked above");
                entries.push(Entry {
                    text: ident.unraw().to_string(),
                    span: ident.span(),
                    ident: true,
                });
            }
            other => {
                let help = if name == "methods" {
                    "write a standard method as an identifier (`GET`) and an extension method \
                     as a string literal (`\"PURGE\"`)"
                } else {
                    "write each entry as a string literal, e.g. `\"x-request-id\"`"
                };
                let what = if name == "methods" {
                    "a method name"
                } else {
                    "a string literal"
                };
                ctxt.error(
                    other.span(),
                    format!("each entry of `{name}` must be {what}"),
                    help,
                );
            }
        }
    }
    Some(List { entries })
}

/// `max_age = N`: an integer literal, `0..=86400`.
fn parse_max_age(value: &Expr, ctxt: &mut Ctxt) -> Option<u32> {
    const HELP: &str = "write a whole number of seconds from 0 to 86400, e.g. `max_age = 600` \
                        (Chromium caps the preflight cache at 7200)";
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
            match int.base10_parse::<u64>() {
                Ok(seconds) if seconds <= 86_400 => Some(seconds as u32),
                _ => {
                    ctxt.error(
                        int.span(),
                        format!("`max_age = {int}` is over the 86400 seconds (24 hours) allowed"),
                        "browsers ignore longer values: Firefox caps the preflight cache at 86400 \
                         and Chromium at 7200; use at most 86400, e.g. `max_age = 7200`",
                    );
                    None
                }
            }
        }
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            ..
        }) => {
            ctxt.error(value.span(), "`max_age` cannot be negative", HELP);
            None
        }
        other => {
            ctxt.error(
                other.span(),
                "`max_age` takes an integer literal (seconds)",
                HELP,
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("orgins", "origins"), 1);
        assert_eq!(edit_distance("method", "methods"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
