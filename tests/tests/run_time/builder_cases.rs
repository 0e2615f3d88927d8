//! Every case of `tests/ui/fail` that can be written as strings also fails through
//! `Policy::builder()`, with the message and help of each of its compile errors.
//!
//! A case is a file with one `#[cors(...)]` or `policy!(...)` whose arguments are keys the
//! builder has, given once, with lists of string literals (or a standard method written as
//! an identifier, which the builder takes as a string), integer `max_age` and bare flags.
//! Its compile errors, all of them, must come back from the builder, as a multiset of
//! (message, help): the compiler reports a list's own problems while reading the
//! attribute, the builder after, so only their order differs. Two kinds of compile error
//! have no counterpart, by SPEC section 8: an unneeded `dangerously_*` flag is not an error
//! at run time, and placement errors concern the function, not the policy; a case whose
//! only errors are of those kinds is not a builder case.
//!
//! Every other file is listed with the reason it cannot be written with the builder.

use cors_runtime::{Policy, PolicyBuilder};
use libtest_mimic::Trial;

use crate::trial;
use crate::ui::{UiFile, offset, unescape};

/// The methods whose identifier `#[cors]` reads as it reads the string (the standard
/// ones, and the forbidden ones it refuses either way), in any case.
const AS_STRINGS: [&str; 10] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE", "TRACK",
];

/// One case: what to give the builder, and the errors the compiler gave.
pub(crate) struct Case {
    name: String,
    args: Vec<(String, Value)>,
    expected: Vec<(String, String)>,
}

/// A value of the attribute, as the builder takes it.
#[derive(Debug, Clone)]
enum Value {
    List(Vec<String>),
    Integer(u64),
    Flag,
}

/// The builder cases, and every other file with the reason it is not one.
pub(crate) struct Loaded {
    cases: Vec<Case>,
    other: Vec<(String, String)>,
}

pub(crate) fn load(files: &[UiFile]) -> Loaded {
    let mut loaded = Loaded {
        cases: Vec::new(),
        other: Vec::new(),
    };
    for file in files {
        let policies = policies(&file.code);
        if policies.is_empty() {
            loaded
                .other
                .push((file.name.clone(), "no policy in the file".into()));
        }
        // A file with several policies is a case per policy, each with the errors that
        // point into it.
        let several = policies.len() > 1;
        for (i, policy) in policies.iter().enumerate() {
            let name = if several {
                format!("{}#{}", file.name, i + 1)
            } else {
                file.name.clone()
            };
            match case(file, policy, several) {
                Ok(case) => loaded.cases.push(Case { name, ..case }),
                Err(why) => loaded.other.push((name, why)),
            }
        }
    }
    loaded
}

/// One `#[cors(...)]`, `#[cors]` or `policy!(...)` of a file: where it stands (from its
/// first byte to its closing delimiter) and its arguments.
struct Written<'a> {
    range: std::ops::RangeInclusive<usize>,
    args: &'a str,
}

fn policies(code: &str) -> Vec<Written<'_>> {
    let mut found: Vec<Written<'_>> = Vec::new();
    for open in ["#[cors(", "policy!("] {
        for (at, _) in code.match_indices(open) {
            let paren = at + open.len() - 1;
            if let Some(args) = group(code, paren) {
                found.push(Written {
                    range: at..=paren + args.len() + 1,
                    args,
                });
            }
        }
    }
    for (at, bare) in code.match_indices("#[cors]") {
        found.push(Written {
            range: at..=at + bare.len() - 1,
            args: "",
        });
    }
    found.sort_by_key(|w| *w.range.start());
    found
}

pub(crate) fn trials(loaded: Loaded) -> Vec<Trial> {
    let Loaded { cases, other } = loaded;
    let count = cases.len();
    let mut trials: Vec<Trial> = cases
        .into_iter()
        .map(|case| {
            trial(format!("builder_ui_case::{}", case.name), move || {
                run(&case)
            })
        })
        .collect();
    trials.push(trial("builder_ui_cases_cover_the_rules", move || {
        eprintln!(
            "{count} cases of tests/ui/fail run through the builder; not written as strings:"
        );
        for (name, why) in &other {
            eprintln!("  {name}: {why}");
        }
        // Every origin, method, header, duplicate, list and max_age rule is a case.
        let missed: Vec<&(String, String)> = other
            .iter()
            .filter(|(name, _)| {
                [
                    "origin_",
                    "method_",
                    "allow_headers_",
                    "expose_headers_",
                    "duplicate_",
                    "empty_list",
                    "max_age_over",
                    "missing_",
                ]
                .iter()
                .any(|prefix| name.starts_with(prefix))
            })
            .filter(|(name, _)| {
                // Written with what only the macro syntax has.
                !matches!(
                    name.as_str(),
                    "method_extension_as_identifier" | "method_wildcard_identifier"
                )
            })
            .collect();
        if !missed.is_empty() {
            return Err(format!(
                "rule cases not run through the builder: {missed:?}"
            ));
        }
        if count < 90 {
            return Err(format!("only {count} cases"));
        }
        Ok(())
    }));
    trials
}

fn run(case: &Case) -> Result<(), String> {
    let mut builder = Policy::builder();
    for (key, value) in &case.args {
        builder = apply(builder, key, value)?;
    }
    let mut got: Vec<(String, String)> = match builder.build() {
        Ok(_) => Vec::new(),
        Err(error) => error
            .problems()
            .map(|p| (p.message().to_owned(), p.help().to_owned()))
            .collect(),
    };
    let mut expected = case.expected.clone();
    got.sort();
    expected.sort();
    if got != expected {
        return Err(format!(
            "through the builder:\n{got:#?}\nat compile time:\n{expected:#?}"
        ));
    }
    Ok(())
}

fn apply(builder: PolicyBuilder, key: &str, value: &Value) -> Result<PolicyBuilder, String> {
    Ok(match (key, value) {
        ("origins", Value::List(list)) => builder.origins(list),
        ("methods", Value::List(list)) => builder.methods(list),
        ("allow_headers", Value::List(list)) => builder.allow_headers(list),
        ("expose_headers", Value::List(list)) => builder.expose_headers(list),
        ("credentials", Value::Flag) => builder.credentials(true),
        ("dangerously_allow_insecure_origins", Value::Flag) => {
            builder.dangerously_allow_insecure_origins()
        }
        ("dangerously_allow_public_suffix_subdomains", Value::Flag) => {
            builder.dangerously_allow_public_suffix_subdomains()
        }
        ("dangerously_allow_cross_origin_writes", Value::Flag) => {
            builder.dangerously_allow_cross_origin_writes()
        }
        ("max_age", Value::Integer(seconds)) => {
            builder.max_age(u32::try_from(*seconds).map_err(|_| "max_age over u32")?)
        }
        _ => return Err(format!("{key} = {value:?}")),
    })
}

/// Reads one policy of a ui file as a builder case, or says why it is not one. With
/// `several` policies in the file, only the errors pointing into this one count.
fn case(file: &UiFile, policy: &Written<'_>, several: bool) -> Result<Case, String> {
    let mut args: Vec<(String, Value)> = Vec::new();
    for item in split_top_level(policy.args) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let (key, value) = match item.split_once('=') {
            Some((key, value)) => (key.trim(), Some(value.trim())),
            None => (item, None),
        };
        if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!("the key `{key}` is not an identifier"));
        }
        if args.iter().any(|(k, _)| k == key) {
            return Err(format!("`{key}` is given twice"));
        }
        let value = match (key, value) {
            (
                "credentials"
                | "dangerously_allow_insecure_origins"
                | "dangerously_allow_public_suffix_subdomains"
                | "dangerously_allow_cross_origin_writes",
                None,
            ) => Value::Flag,
            ("origins" | "methods" | "allow_headers" | "expose_headers", Some(value)) => {
                Value::List(list(key, value)?)
            }
            ("max_age", Some(value)) => Value::Integer(
                value
                    .parse()
                    .map_err(|_| format!("`max_age = {value}` is not a plain integer"))?,
            ),
            _ => return Err(format!("`{item}` has no builder call")),
        };
        args.push((key.to_owned(), value));
    }
    let mine = |line: usize, column: usize| {
        !several || offset(&file.code, line, column).is_some_and(|at| policy.range.contains(&at))
    };
    let expected: Vec<(String, String)> = file
        .errors
        .iter()
        .filter(|(.., line, column)| mine(*line, *column))
        .filter(|(message, ..)| {
            !message.ends_with("is not needed here") && !message.starts_with("`#[cors]`")
        })
        .map(|(message, help, ..)| (message.clone(), help.clone()))
        .collect();
    if expected.is_empty() {
        return Err("its only errors have no run-time counterpart".into());
    }
    if expected.len() != file.errors.len()
        && file.errors.iter().any(|(m, ..)| m.starts_with("`#[cors]`"))
    {
        return Err("a placement error beside the policy's".into());
    }
    Ok(Case {
        name: String::new(),
        args,
        expected,
    })
}

/// The entries of a list value: string literals, or identifiers of the methods in
/// [`AS_STRINGS`].
fn list(key: &str, value: &str) -> Result<Vec<String>, String> {
    let inner = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .ok_or_else(|| format!("`{key} = {value}` is not a list"))?;
    let mut entries = Vec::new();
    for item in split_top_level(inner) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if item.starts_with('"') {
            let (text, end) = unescape(item, 0).ok_or("a malformed string")?;
            if end != item.len() {
                return Err(format!("`{item}` is more than a string literal"));
            }
            entries.push(text);
        } else if key == "methods"
            && AS_STRINGS.iter().any(|m| m.eq_ignore_ascii_case(item))
            && item.bytes().all(|b| b.is_ascii_alphabetic())
        {
            entries.push(item.to_owned());
        } else {
            return Err(format!("the entry `{item}` of `{key}` is not a string"));
        }
    }
    Ok(entries)
}

/// The text inside the parenthesis or bracket at `open`, strings skipped.
fn group(code: &str, open: usize) -> Option<&str> {
    let mut depth = 0usize;
    let mut inside = false;
    let mut escaped = false;
    for (i, b) in code.bytes().enumerate().skip(open) {
        match (inside, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (_, false, b'"') => inside = !inside,
            (false, _, b'(' | b'[') => depth += 1,
            (false, _, b')' | b']') => {
                depth -= 1;
                if depth == 0 {
                    return code.get(open + 1..i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `text` split at its top-level commas (not inside strings, brackets or parentheses).
fn split_top_level(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut inside = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        match (inside, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (_, false, b'"') => inside = !inside,
            (false, _, b'(' | b'[') => depth += 1,
            (false, _, b')' | b']') => depth = depth.saturating_sub(1),
            (false, _, b',') if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}
