//! The invariants of an origins list read from an environment variable at startup
//! (`origins = env("NAME")`), checked on one input. Shared, through `#[path]`, by the fuzz
//! target `fuzz/fuzz_targets/env_value.rs` and by `tests/fuzz_env_value.rs`, which replays
//! `fuzz/corpus/env_value/` on every `cargo test`.
//!
//! The input's first byte picks the flags (bit 0 `credentials`, bit 1
//! `dangerously_allow_insecure_origins`, bit 2 `dangerously_allow_public_suffix_subdomains`,
//! the other bits unused); the rest is the variable's value, as raw bytes.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::browser::{breaks_unchecked_idna_rule, is_browser_serialized};
use cors_rules::{
    Entry, Origin, OriginFlags, Origins, Pattern, PortPattern, Problem, check_origins,
    parse_origin, split_list,
};

/// Checks one input; panics, naming the value, on a broken invariant. `None` when the
/// value is not UTF-8 (the runtime refuses it before any rule, as `OsStr::to_str` fails);
/// otherwise the accepted origins and the number of problems reported.
pub(crate) fn run(data: &[u8]) -> Option<(Origins, usize)> {
    let (&first, value) = data.split_first()?;
    let flags = OriginFlags {
        credentials: first & 1 != 0,
        allow_insecure: first & 2 != 0,
        allow_public_suffix: first & 4 != 0,
    };
    let value = std::str::from_utf8(value).ok()?;
    Some(check_value(value, flags))
}

fn is_separator(c: char) -> bool {
    c == ',' || c.is_ascii_whitespace()
}

/// What a failure message shows, formatted only on failure.
struct Context<'a> {
    value: &'a str,
    flags: OriginFlags,
    texts: &'a [&'a str],
    outcome: Option<(&'a Origins, &'a [(usize, Problem)])>,
}

impl std::fmt::Display for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "value {:?} with {:?}: entries {:?}",
            self.value, self.flags, self.texts
        )?;
        if let Some((origins, problems)) = self.outcome {
            write!(f, ", accepted {origins:?}, problems {problems:?}")?;
        }
        Ok(())
    }
}

fn check_value(value: &str, flags: OriginFlags) -> (Origins, usize) {
    let texts: Vec<&str> = split_list(value).collect();
    let mut context = Context {
        value,
        flags,
        texts: &texts,
        outcome: None,
    };
    check_split(&context, value, &texts);

    let entries: Vec<Entry<usize>> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| Entry::text(*text, i))
        .collect();
    let mut problems: Vec<(usize, Problem)> = Vec::new();
    let checked = check_origins(&entries, flags, &mut |at, problem| {
        problems.push((at, problem));
    });
    let origins = checked.origins;
    context.outcome = Some((&origins, &problems));
    let context = &context;

    let mut has_problem = vec![false; texts.len()];
    for (at, problem) in &problems {
        assert!(*at < texts.len(), "{context}: a problem at no entry");
        assert!(
            !problem.message.is_empty() && !problem.help.is_empty(),
            "{context}: a problem without message or help"
        );
        has_problem[*at] = true;
    }

    // Every accepted origin comes from the first entry with its text (a later equal one is
    // a duplicate), exact origins and patterns each in the order written.
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    for (i, text) in texts.iter().enumerate() {
        first_at.entry(text).or_insert(i);
    }
    let entry_of = |text: &str| {
        *first_at
            .get(text)
            .unwrap_or_else(|| panic!("{context}: accepted {text:?} is no entry"))
    };
    let mut accepted: Vec<usize> = Vec::new();
    let mut last = None;
    for exact in &origins.exact {
        let at = entry_of(exact);
        assert!(
            last < Some(at),
            "{context}: {exact:?} repeated or out of order"
        );
        last = Some(at);
        accepted.push(at);
        let (scheme, host) = check_exact(context, exact);
        check_insecure(context, flags, scheme == "http", &host, has_problem[at]);
    }
    let mut last = None;
    for pattern in &origins.patterns {
        let text = pattern_text(pattern);
        let at = entry_of(&text);
        assert!(
            last < Some(at),
            "{context}: {text:?} repeated or out of order"
        );
        last = Some(at);
        accepted.push(at);
        check_pattern(context, pattern, &text);
        let host = if pattern.subdomains {
            format!("a.{}", pattern.host)
        } else {
            pattern.host.clone()
        };
        check_insecure(
            context,
            flags,
            pattern.scheme == "http",
            &host,
            has_problem[at],
        );
    }
    assert_eq!(
        origins.any,
        texts.contains(&"*"),
        "{context}: `*` is accepted exactly when listed"
    );
    if origins.any {
        let at = entry_of("*");
        accepted.push(at);
        if flags.credentials {
            assert!(
                has_problem[at],
                "{context}: `*` with credentials not reported"
            );
        }
        if texts.iter().any(|t| *t != "*") {
            assert!(
                has_problem[at],
                "{context}: `*` mixed with origins not reported"
            );
        }
    }

    // Each entry is accepted or reported, and none is accepted twice.
    accepted.sort_unstable();
    accepted.dedup();
    assert_eq!(
        accepted.len(),
        origins.exact.len() + origins.patterns.len() + usize::from(origins.any),
        "{context}: two accepted origins from one entry"
    );
    for (i, text) in texts.iter().enumerate() {
        assert!(
            has_problem[i] || accepted.binary_search(&i).is_ok(),
            "{context}: entry {i} {text:?} neither accepted nor reported"
        );
    }
    (origins, problems.len())
}

/// `split_list`: the entries are the maximal runs of the value between commas and ASCII
/// whitespace, in order, none empty, and together they hold every other character.
fn check_split(context: &Context<'_>, value: &str, texts: &[&str]) {
    let start = value.as_ptr() as usize;
    for text in texts {
        assert!(
            !text.is_empty() && !text.contains(is_separator),
            "{context}: entry {text:?}"
        );
        let at = (text.as_ptr() as usize)
            .checked_sub(start)
            .filter(|at| at + text.len() <= value.len())
            .unwrap_or_else(|| panic!("{context}: entry {text:?} is not part of the value"));
        let before = value[..at].chars().next_back();
        let after = value[at + text.len()..].chars().next();
        assert!(
            before.is_none_or(is_separator) && after.is_none_or(is_separator),
            "{context}: entry {text:?} at {at} is not a whole element"
        );
    }
    let rest: String = value.chars().filter(|c| !is_separator(*c)).collect();
    assert_eq!(
        texts.concat(),
        rest,
        "{context}: characters lost by the split"
    );
}

/// An accepted exact origin: no whitespace, control character or comma, and exactly what
/// a browser serializes. Returns its scheme and host.
fn check_exact(context: &Context<'_>, exact: &str) -> (String, String) {
    check_chars(context, exact);
    let Ok(Origin::Exact {
        serialized,
        scheme,
        host,
        port,
    }) = parse_origin(exact)
    else {
        panic!("{context}: accepted {exact:?} does not parse as an exact origin alone");
    };
    assert_eq!(serialized, exact, "{context}");
    if let Err(e) = is_browser_serialized(exact) {
        assert!(breaks_unchecked_idna_rule(&host), "{context}: {e}");
        return (scheme, host);
    }
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    assert_eq!(format!("{scheme}://{host}{port}"), exact, "{context}");
    (scheme, host)
}

/// An accepted pattern, written back as in the value.
fn pattern_text(pattern: &Pattern) -> String {
    let star = if pattern.subdomains { "*." } else { "" };
    let port = match pattern.port {
        PortPattern::Default => String::new(),
        PortPattern::Exact(p) => format!(":{p}"),
        PortPattern::Any => ":*".to_owned(),
    };
    format!("{}://{star}{}{port}", pattern.scheme, pattern.host)
}

/// An accepted pattern: a real pattern (`*.` or `:*`), no whitespace, control character
/// or comma, and every origin it stands for is what a browser serializes.
fn check_pattern(context: &Context<'_>, pattern: &Pattern, text: &str) {
    check_chars(context, text);
    assert!(
        pattern.subdomains || pattern.port == PortPattern::Any,
        "{context}: {text:?} is an exact origin accepted as a pattern"
    );
    let host = if pattern.subdomains {
        format!("a-b.c_d.{}", pattern.host)
    } else {
        pattern.host.clone()
    };
    let ports: Vec<String> = match pattern.port {
        PortPattern::Default => vec![String::new()],
        PortPattern::Exact(p) => vec![format!(":{p}")],
        PortPattern::Any => vec![String::new(), ":1".into(), ":8080".into(), ":65535".into()],
    };
    for port in ports {
        if let Err(e) = is_browser_serialized(&format!("{}://{host}{port}", pattern.scheme)) {
            assert!(
                breaks_unchecked_idna_rule(&host),
                "{context}: {text:?}: {e}"
            );
        }
    }
}

fn check_chars(context: &Context<'_>, text: &str) {
    assert!(
        !text.contains(|c: char| c.is_whitespace() || c.is_control() || c == ','),
        "{context}: accepted {text:?} holds whitespace, a control character or a comma"
    );
}

/// With `credentials` and without `dangerously_allow_insecure_origins`, an accepted plain
/// `http:` origin or pattern whose host is not loopback is reported.
fn check_insecure(
    context: &Context<'_>,
    flags: OriginFlags,
    http: bool,
    host: &str,
    reported: bool,
) {
    if flags.credentials && !flags.allow_insecure && http && !is_loopback(host) {
        assert!(
            reported,
            "{context}: plain `http:` host {host:?} with credentials not reported"
        );
    }
}

/// Loopback hosts as Secure Contexts defines them: `localhost` and its subdomains,
/// `127.0.0.0/8`, `[::1]`.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback())
        || host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .and_then(|h| h.parse::<Ipv6Addr>().ok())
            .is_some_and(|a| a == Ipv6Addr::LOCALHOST)
}
