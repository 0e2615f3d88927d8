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
use std::path::{Path, PathBuf};

use cors_runtime::__private::{self, EnvOrigins, Parts};
use cors_runtime::Policy;
use libtest_mimic::Trial;

use crate::trial;

/// One origin case.
pub(crate) struct Case {
    name: String,
    variable: String,
    entries: Vec<String>,
    flags: Flags,
    /// `(entry, message, help)` of each error the compiler points at an entry.
    expected: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    credentials: bool,
    insecure: bool,
    public_suffix: bool,
}

/// The ui cases, the cases skipped with the reason, and the files that are no origin
/// case.
pub(crate) struct Loaded {
    cases: Vec<Case>,
    skipped: Vec<(String, String)>,
    other: Vec<String>,
}

/// Reads every ui case and adds its variable to `variables`.
pub(crate) fn load(variables: &mut Vec<(String, OsString)>) -> Loaded {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/fail");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/ui/fail")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut loaded = Loaded {
        cases: Vec::new(),
        skipped: Vec::new(),
        other: Vec::new(),
    };
    for path in files {
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let source = std::fs::read_to_string(&path).expect("a ui source");
        let stderr = std::fs::read_to_string(path.with_extension("stderr")).expect("a .stderr");
        match case(&name, &source, &stderr) {
            Ok(Some(mut case)) => {
                case.variable = format!("CORS_UI_CASE_{}", loaded.cases.len());
                variables.push((case.variable.clone(), case.entries.join(" ").into()));
                loaded.cases.push(case);
            }
            Ok(None) => loaded.other.push(name),
            Err(why) => loaded.skipped.push((name, why)),
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
        .map(|case| trial(format!("ui_case::{}", case.name), move || run(&case)))
        .collect();
    trials.push(trial("ui_cases_cover_the_origin_rules", move || {
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
    let got: Vec<(String, String, String)> = error
        .problems()
        .map(|p| {
            (
                p.entry().to_owned(),
                p.message().to_owned(),
                p.help().to_owned(),
            )
        })
        .collect();
    if got != case.expected {
        return Err(format!(
            "at startup:\n{got:#?}\nat compile time:\n{:#?}",
            case.expected
        ));
    }
    Ok(())
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
        patterns: &[],
        any_method: false,
        methods: &["GET"],
        methods_header: "GET",
        any_header: false,
        allow_headers: &[],
        allow_headers_header: None,
        expose_headers_header: None,
        credentials: flags.credentials,
        max_age: None,
        env: Some(env),
        env_default: false,
    })))
}

/// Reads one ui file: `Ok(None)` when it is not an origin case, `Err` when it is one that
/// cannot be written in a variable.
fn case(name: &str, source: &str, stderr: &str) -> Result<Option<Case>, String> {
    // Comment lines say what a case is about; they are not code.
    let code: String = source
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("//") {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let lists: Vec<usize> = ["origins = [", "default = ["]
        .iter()
        .flat_map(|key| code.match_indices(key).map(|(at, key)| at + key.len() - 1))
        .collect();
    let [open] = lists[..] else {
        return Ok(None);
    };
    let Some(literals) = string_literals(&code, open) else {
        return Ok(None);
    };
    let errors = errors(stderr);
    let expected: Vec<(String, String, String)> = errors
        .into_iter()
        .filter_map(|(message, help, line, column)| {
            let at = offset(&code, line, column)?;
            let (_, text) = literals.iter().find(|(start, _)| *start == at)?;
            Some((text.clone(), message, help))
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
            !ident(before) && !ident(after) && !in_string(&code, at)
        })
    };
    Ok(Some(Case {
        name: name.to_owned(),
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

/// The string literals of the bracketed list opening at `open` (a `[`), each with its
/// byte offset (of the opening quote) and its value; `None` if an element is not a string
/// literal.
fn string_literals(code: &str, open: usize) -> Option<Vec<(usize, String)>> {
    let bytes = code.as_bytes();
    let mut literals = Vec::new();
    let mut at = open + 1;
    let mut expect_item = true;
    while at < bytes.len() {
        match bytes[at] {
            b']' => return Some(literals),
            b'"' if expect_item => {
                let (value, end) = unescape(code, at)?;
                literals.push((at, value));
                at = end;
                expect_item = false;
                continue;
            }
            b',' if !expect_item => expect_item = true,
            b if b.is_ascii_whitespace() => {}
            _ => return None,
        }
        at += 1;
    }
    None
}

/// The value of the string literal starting at `start` and the offset after it.
fn unescape(code: &str, start: usize) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = code[start + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, start + 1 + i + 1)),
            '\\' => {
                let (_, escape) = chars.next()?;
                value.push(match escape {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    '\\' | '"' | '\'' => escape,
                    'u' => {
                        let rest = &code[start + 1 + i + 2..];
                        let close = rest.find('}')?;
                        let hex = rest.get(1..close)?;
                        for _ in 0..=close {
                            chars.next();
                        }
                        char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                    }
                    _ => return None,
                });
            }
            c => value.push(c),
        }
    }
    None
}

/// Whether offset `at` lies inside a string literal of `code` (quotes counted from the
/// start, escapes skipped).
fn in_string(code: &str, at: usize) -> bool {
    let mut inside = false;
    let mut escaped = false;
    for b in code.as_bytes()[..at].iter() {
        match (inside, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (_, false, b'"') => inside = !inside,
            _ => {}
        }
    }
    inside
}

/// The errors of a `.stderr`: message, help, and the line and column they point at.
fn errors(stderr: &str) -> Vec<(String, String, usize, usize)> {
    stderr
        .split("\nerror: ")
        .filter_map(|block| {
            let block = block.strip_prefix("error: ").unwrap_or(block);
            let (message, rest) = block.split_once("\n\n")?;
            let help = rest.trim_start().strip_prefix("= help: ")?;
            let (help, rest) = help.split_once('\n')?;
            let location = rest.trim_start().strip_prefix("--> ")?;
            let location = location.lines().next()?;
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((message.to_owned(), help.to_owned(), line, column))
        })
        .collect()
}

/// The byte offset of 1-based `line` and character `column` in `code`.
fn offset(code: &str, line: usize, column: usize) -> Option<usize> {
    let start: usize = code.split('\n').take(line - 1).map(|l| l.len() + 1).sum();
    let text = code.split('\n').nth(line - 1)?;
    let within = text.char_indices().nth(column - 1).map(|(i, _)| i)?;
    Some(start + within)
}
