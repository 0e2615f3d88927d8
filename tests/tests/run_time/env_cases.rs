//! Every origin case of `tests/ui/fail`, read from the files themselves, also fails through
//! `origins = env(...)` at startup with the message and help of its compile error.
//!
//! A case is a file with one `origins = [...]` (or `env(..., default = [...])`) list of
//! string literals, whose `.stderr` points at least one error at one of them. Its entries
//! become a variable's value (joined by spaces); its flags (`credentials`, the two
//! `dangerously_*`) those of a policy built as `policy!(origins = env(...))` lays it out.
//! The errors the compiler points at the entries, and only those, must come back from the
//! resolver, in the same order. A case whose entries cannot be written in a variable (an
//! empty entry, whitespace or a comma inside one, a NUL) is listed as skipped, with why.

use std::ffi::OsString;

use cors_runtime::__private::{self, EnvOrigins, Parts};
use cors_runtime::Policy;
use libtest_mimic::Trial;

use crate::trial;
use crate::ui::{UiFile, in_string, offset, string_literals};

/// One origin case.
#[derive(Clone)]
pub(crate) struct Case {
    pub(crate) name: String,
    variable: String,
    pub(crate) entries: Vec<String>,
    pub(crate) flags: Flags,
    /// `(entry, message, help)` of each error the compiler points at an entry.
    pub(crate) expected: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Flags {
    pub(crate) credentials: bool,
    pub(crate) insecure: bool,
    pub(crate) public_suffix: bool,
}

/// The ui cases, the cases skipped with the reason, and the files that are no origin
/// case.
pub(crate) struct Loaded {
    pub(crate) cases: Vec<Case>,
    skipped: Vec<(String, String)>,
    other: Vec<String>,
}

/// Reads every origin case of `files` and adds its variable to `variables`.
pub(crate) fn load(files: &[UiFile], variables: &mut Vec<(String, OsString)>) -> Loaded {
    let mut loaded = Loaded {
        cases: Vec::new(),
        skipped: Vec::new(),
        other: Vec::new(),
    };
    for file in files {
        match case(file) {
            Ok(Some(mut case)) => {
                case.variable = format!("CORS_UI_CASE_{}", loaded.cases.len());
                variables.push((case.variable.clone(), case.entries.join(" ").into()));
                loaded.cases.push(case);
            }
            Ok(None) => loaded.other.push(file.name.clone()),
            Err(why) => loaded.skipped.push((file.name.clone(), why)),
        }
    }
    loaded
}

/// The trials: one per case, and one that the set of cases is what it should be.
pub(crate) fn trials(loaded: Loaded) -> Vec<Trial> {
    let Loaded {
        cases,
        skipped,
        other,
    } = loaded;
    let count = cases.len();
    let mut trials: Vec<Trial> = cases
        .into_iter()
        .map(|case| trial(format!("env_ui_case::{}", case.name), move || run(&case)))
        .collect();
    trials.push(trial("env_ui_cases_cover_the_origin_rules", move || {
        eprintln!("{count} origin cases of tests/ui/fail run at startup");
        for (name, why) in &skipped {
            eprintln!("  skipped {name}: {why}");
        }
        // Every `origin_*` file is a case, or skipped for a stated reason; nearly all are
        // cases.
        let missed: Vec<&String> = other.iter().filter(|n| n.starts_with("origin_")).collect();
        if !missed.is_empty() {
            return Err(format!("origin files read as no origin case: {missed:?}"));
        }
        if count < 50 || skipped.len() > 3 {
            return Err(format!(
                "{count} cases, {} skipped: {skipped:?}",
                skipped.len()
            ));
        }
        Ok(())
    }));
    trials
}

/// `(entry, message, help)` of each problem of `error`, in order.
pub(crate) fn problems(error: &cors_runtime::PolicyError) -> Vec<(String, String, String)> {
    error
        .problems()
        .map(|p| {
            (
                p.entry().to_owned(),
                p.message().to_owned(),
                p.help().to_owned(),
            )
        })
        .collect()
}

/// Resolves the case's policy and compares its problems with the compile errors.
fn run(case: &Case) -> Result<(), String> {
    let policy = policy(&case.variable, case.flags);
    let error = match policy.resolve() {
        Ok(()) => return Err(format!("{:?} resolved without a problem", case.entries)),
        Err(error) => error,
    };
    if error.variable() != Some(case.variable.as_str()) {
        return Err(format!("the report names {:?}", error.variable()));
    }
    let got = problems(&error);
    if got != case.expected {
        return Err(format!(
            "at startup:\n{got:#?}\nat compile time:\n{:#?}",
            case.expected
        ));
    }
    Ok(())
}

/// The header values of the policies below: those of a `methods = [GET]` policy with no
/// other header.
struct GetOnly;

impl __private::Compiled for GetOnly {
    const POLICY: &'static Policy =
        &cors_runtime::policy!(origins = ["https://a.example"], methods = [GET]);
}

/// A policy whose origins come from `variable`, laid out as `policy!(origins =
/// env("..."), methods = [GET], <flags>)` expands (the flags vary per case, so it is built
/// here rather than written once per combination).
fn policy(variable: &str, flags: Flags) -> &'static Policy {
    let variable: &'static str = String::leak(variable.to_owned());
    let env: &'static EnvOrigins = Box::leak(Box::new(EnvOrigins::new(
        variable,
        "a ui case",
        flags.insecure,
        flags.public_suffix,
    )));
    Box::leak(Box::new(__private::policy(Parts {
        any_origin: false,
        exact_origins: &[],
        slots: &[0, 0],
        max_probe: 1,
        max_len: 0,
        patterns: &[],
        any_method: false,
        methods: "GET",
        any_header: false,
        allow_headers: "",
        expose_headers: "",
        credentials: flags.credentials,
        guard: true,
        max_age: "",
        values: __private::constants::<GetOnly>(),
        env: Some(env),
        env_default: false,
        live: None,
        live_name: "",
    })))
}

/// Reads one ui file: `Ok(None)` when it is not an origin case, `Err` when it is one that
/// cannot be written in a variable.
fn case(file: &UiFile) -> Result<Option<Case>, String> {
    let code = &file.code;
    let lists: Vec<usize> = ["origins = [", "default = ["]
        .iter()
        .flat_map(|key| code.match_indices(key).map(|(at, key)| at + key.len() - 1))
        .collect();
    let [open] = lists[..] else {
        return Ok(None);
    };
    let Some(literals) = string_literals(code, open) else {
        return Ok(None);
    };
    let expected: Vec<(String, String, String)> = file
        .errors
        .iter()
        .filter_map(|(message, help, line, column)| {
            let at = offset(code, *line, *column)?;
            let (_, text) = literals.iter().find(|(start, _)| *start == at)?;
            Some((text.clone(), message.clone(), help.clone()))
        })
        .collect();
    if expected.is_empty() {
        return Ok(None);
    }
    let entries: Vec<String> = literals.into_iter().map(|(_, text)| text).collect();
    if let Some(entry) = entries.iter().find(|e| {
        e.is_empty() || e.contains(|c: char| c == ',' || c == '\0' || c.is_ascii_whitespace())
    }) {
        return Err(format!(
            "the entry {entry:?} cannot be written as one element of a variable's list"
        ));
    }
    let word = |w: &str| {
        code.match_indices(w).any(|(at, _)| {
            let before = code[..at].chars().next_back();
            let after = code[at + w.len()..].chars().next();
            let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !ident(before) && !ident(after) && !in_string(code, at)
        })
    };
    Ok(Some(Case {
        name: file.name.clone(),
        variable: String::new(),
        entries,
        flags: Flags {
            credentials: word("credentials"),
            insecure: word("dangerously_allow_insecure_origins"),
            public_suffix: word("dangerously_allow_public_suffix_subdomains"),
        },
        expected,
    }))
}
