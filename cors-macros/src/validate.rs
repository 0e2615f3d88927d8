//! Checks parsed arguments against every rule of the policy language, and produces the
//! model the expansion lays out. Single-value rules live in `origin.rs`, `method.rs` and
//! `header.rs`; this file holds the rules that span several values or keys.

use proc_macro2::Span;

use crate::args::{Args, Entry, List};
use crate::ctxt::Ctxt;
use crate::header::{self, Header};
use crate::method::{self, Method};
use crate::origin::{self, Origin, PortPattern};

/// A checked origin pattern.
pub(crate) struct Pattern {
    pub(crate) scheme: String,
    pub(crate) host: String,
    pub(crate) subdomains: bool,
    pub(crate) port: PortPattern,
}

/// A checked policy, ready to be laid out as static tables.
#[derive(Default)]
pub(crate) struct Model {
    pub(crate) any_origin: bool,
    pub(crate) exact_origins: Vec<String>,
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) any_method: bool,
    pub(crate) methods: Vec<String>,
    pub(crate) any_header: bool,
    pub(crate) allow_headers: Vec<String>,
    pub(crate) any_exposed: bool,
    pub(crate) expose_headers: Vec<String>,
    pub(crate) credentials: bool,
    pub(crate) max_age: Option<u32>,
}

/// Validates `args`; every problem goes to `ctxt`.
pub(crate) fn validate(args: &Args, ctxt: &mut Ctxt) -> Model {
    let mut model = Model {
        credentials: args.credentials.is_some(),
        max_age: args.max_age.map(|(seconds, _)| seconds),
        ..Model::default()
    };
    if let Some(list) = &args.origins {
        origins(list, args, &mut model, ctxt);
    }
    if let Some(list) = &args.methods {
        methods(list, args.credentials, &mut model, ctxt);
    }
    if let Some(list) = &args.allow_headers {
        let (any, names) = headers(list, "allow_headers", args.credentials, ctxt);
        model.any_header = any;
        model.allow_headers = names;
    }
    if let Some(list) = &args.expose_headers {
        let (any, names) = headers(list, "expose_headers", args.credentials, ctxt);
        model.any_exposed = any;
        model.expose_headers = names;
    }
    model
}

/// Reports `"*"` used together with `credentials`.
fn wildcard_with_credentials(ctxt: &mut Ctxt, entry: &Entry, key: &str) {
    let (what, instead) = match key {
        "origins" => (
            "any origin",
            "list the exact origins that may send credentials",
        ),
        "methods" => ("any method", "list the methods"),
        "allow_headers" => ("any request header", "list the request header names"),
        _ => ("every response header", "list the response header names"),
    };
    ctxt.error(
        entry.span,
        format!("`\"*\"` ({what}) in `{key}` cannot be used with `credentials`"),
        format!(
            "browsers treat `*` literally on credentialed requests, so it never matches; \
             {instead}, or remove `credentials`"
        ),
    );
}

/// Reports a second, equal entry of a list.
fn duplicate(ctxt: &mut Ctxt, entry: &Entry, key: &str, shown: &str) {
    ctxt.error(
        entry.span,
        format!("`{shown}` appears twice in `{key}`"),
        "remove the duplicate entry",
    );
}

fn origins(list: &List, args: &Args, model: &mut Model, ctxt: &mut Ctxt) {
    let mut seen: Vec<String> = Vec::new();
    let mut needed_insecure = false;
    let mut needed_public_suffix = false;
    let mut all_parsed = true;
    for entry in &list.entries {
        let origin = match origin::parse_origin(&entry.text) {
            Ok(origin) => origin,
            Err(problem) => {
                ctxt.problem(entry.span, problem);
                all_parsed = false;
                continue;
            }
        };
        if seen.contains(&entry.text) {
            duplicate(ctxt, entry, "origins", &entry.text);
            continue;
        }
        seen.push(entry.text.clone());
        if args.credentials.is_some() {
            if origin.is_insecure() {
                needed_insecure = true;
                if args.allow_insecure.is_none() {
                    ctxt.error(
                        entry.span,
                        format!(
                            "`{}` is plain `http:` and not loopback, but the policy allows \
                             `credentials`",
                            entry.text
                        ),
                        "anyone on the network path can read and forge that origin's \
                         credentialed requests; serve the page over HTTPS and list its \
                         `https://` origin (the scheme is part of the origin: an entry changed \
                         to `https://` alone never matches a page still on `http:`), or add \
                         `dangerously_allow_insecure_origins` if you accept the risk",
                    );
                }
            }
            if origin.is_over_public_suffix() {
                needed_public_suffix = true;
                if args.allow_public_suffix.is_none() {
                    ctxt.error(
                        entry.span,
                        format!(
                            "`{}` allows every site registered under a public suffix, with \
                             `credentials`",
                            entry.text
                        ),
                        "anyone can register a domain there and read your users' data; list \
                         your own registrable domain (`https://*.example.com`), or add \
                         `dangerously_allow_public_suffix_subdomains` if you accept the risk",
                    );
                }
            }
            if matches!(origin, Origin::Any) {
                wildcard_with_credentials(ctxt, entry, "origins");
            }
        }
        match origin {
            Origin::Any => {
                model.any_origin = true;
                if list.entries.iter().any(|other| other.text != "*") {
                    ctxt.error(
                        entry.span,
                        "`\"*\"` (any origin) cannot be mixed with other origins",
                        "write `origins = [\"*\"]` alone to allow every origin, or list only \
                         the origins you allow",
                    );
                }
            }
            Origin::Exact { serialized, .. } => model.exact_origins.push(serialized),
            Origin::Pattern {
                scheme,
                host,
                subdomains,
                port,
            } => model.patterns.push(Pattern {
                scheme,
                host,
                subdomains,
                port,
            }),
        }
    }
    // Whether a flag is needed is only known when every origin and key was understood.
    if !all_parsed || args.unknown_key {
        return;
    }
    unneeded_flag(
        ctxt,
        args.allow_insecure,
        needed_insecure,
        "dangerously_allow_insecure_origins",
        "no origin of this policy is a plain `http:` origin sent with credentials",
    );
    unneeded_flag(
        ctxt,
        args.allow_public_suffix,
        needed_public_suffix,
        "dangerously_allow_public_suffix_subdomains",
        "no origin of this policy is a subdomain pattern over a public suffix sent with \
         credentials",
    );
}

/// An escape hatch that excuses nothing is a mistake waiting to happen: reject it.
fn unneeded_flag(ctxt: &mut Ctxt, flag: Option<Span>, needed: bool, name: &str, why: &str) {
    if let (Some(span), false) = (flag, needed) {
        ctxt.error(
            span,
            format!("`{name}` is not needed here"),
            format!("remove it: {why}"),
        );
    }
}

fn methods(list: &List, credentials: Option<Span>, model: &mut Model, ctxt: &mut Ctxt) {
    for entry in &list.entries {
        let method = match method::parse_method(&entry.text, entry.ident) {
            Ok(method) => method,
            Err(problem) => {
                ctxt.problem(entry.span, problem);
                continue;
            }
        };
        let name = match method {
            Method::Any if model.any_method => {
                duplicate(ctxt, entry, "methods", "*");
                continue;
            }
            Method::Any => {
                if credentials.is_some() {
                    wildcard_with_credentials(ctxt, entry, "methods");
                }
                if list.entries.iter().any(|other| other.text != "*") {
                    ctxt.error(
                        entry.span,
                        "`\"*\"` (any method) cannot be mixed with other methods",
                        "write `methods = [\"*\"]` alone, or list only the methods you allow",
                    );
                }
                model.any_method = true;
                continue;
            }
            Method::Standard(name) => name.to_owned(),
            Method::Extension(name) => name,
        };
        if model.methods.contains(&name) {
            duplicate(ctxt, entry, "methods", &name);
            continue;
        }
        model.methods.push(name);
    }
}

/// `allow_headers` or `expose_headers`: `(any, names)`.
fn headers(
    list: &List,
    key: &str,
    credentials: Option<Span>,
    ctxt: &mut Ctxt,
) -> (bool, Vec<String>) {
    let request = key == "allow_headers";
    let mut any = false;
    let mut names: Vec<String> = Vec::new();
    for entry in &list.entries {
        let parsed = if request {
            header::parse_request_header(&entry.text)
        } else {
            header::parse_response_header(&entry.text)
        };
        match parsed {
            Err(problem) => ctxt.problem(entry.span, problem),
            Ok(Header::Any) if any => duplicate(ctxt, entry, key, "*"),
            Ok(Header::Any) => {
                if credentials.is_some() {
                    wildcard_with_credentials(ctxt, entry, key);
                }
                any = true;
            }
            Ok(Header::Name(name)) if names.contains(&name) => {
                duplicate(ctxt, entry, key, &name);
            }
            Ok(Header::Name(name)) => names.push(name),
        }
    }
    if any {
        // `authorization` is the one name `*` never covers, so it may stand beside it.
        for entry in &list.entries {
            let lower = entry.text.to_ascii_lowercase();
            if entry.text == "*" || (request && lower == "authorization") {
                continue;
            }
            if names.contains(&lower) {
                let help = if request {
                    "remove it: `\"*\"` allows every request header name but `authorization`"
                } else {
                    "remove it: `\"*\"` exposes every response header"
                };
                ctxt.error(
                    entry.span,
                    format!("`{}` is already covered by `\"*\"` in `{key}`", entry.text),
                    help,
                );
            }
        }
    }
    (any, names)
}
