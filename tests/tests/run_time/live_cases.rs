//! Every origin case of `tests/ui/fail` (the cases `env_cases` reads) also fails through
//! `OriginSet::replace`, with the message and help of its compile error.
//!
//! A live set checks its entries as a policy with `credentials` and no `dangerously_*`
//! flag does. For a case written with exactly those flags, the problems must be the
//! compile errors pointed at the entries, no more, in the same order. For a case written
//! otherwise (no `credentials`, or a `dangerously_*` flag), its compile errors must all
//! come back, in order, and any other problem must be one of the three that only the
//! stricter flags raise (`"*"`, plain `http:` off loopback, or a pattern over a public
//! suffix, with `credentials`). A failed replacement must leave the set as it was.

use cors_runtime::OriginSet;
use libtest_mimic::Trial;

use crate::env_cases::{Case, problems};
use crate::trial;

/// The messages only a policy with `credentials` and no `dangerously_*` flag raises.
fn only_when_strict(message: &str) -> bool {
    message == "`\"*\"` (any origin) in `origins` cannot be used with `credentials`"
        || message
            .ends_with("is plain `http:` and not loopback, but the policy allows `credentials`")
        || message
            .ends_with("allows every site registered under a public suffix, with `credentials`")
}

/// The trials: one per case, and one that counts them.
pub(crate) fn trials(cases: &[Case]) -> Vec<Trial> {
    let count = cases.len();
    let strict = cases.iter().filter(|case| is_strict(case)).count();
    let mut trials: Vec<Trial> = cases
        .iter()
        .cloned()
        .map(|case| trial(format!("live_ui_case::{}", case.name), move || run(&case)))
        .collect();
    trials.push(trial("live_ui_cases_cover_the_origin_rules", move || {
        eprintln!(
            "{count} origin cases of tests/ui/fail run through OriginSet::replace \
             ({strict} written with the set's own flags)"
        );
        if count < 50 || strict < 10 {
            return Err(format!("{count} cases, {strict} with the set's flags"));
        }
        Ok(())
    }));
    trials
}

/// Whether the case was compiled with the flags a live set checks with.
fn is_strict(case: &Case) -> bool {
    case.flags.credentials && !case.flags.insecure && !case.flags.public_suffix
}

fn run(case: &Case) -> Result<(), String> {
    let set = OriginSet::new();
    set.replace(["https://kept.example"])
        .map_err(|e| format!("the first fill failed: {e}"))?;
    let before = set.to_string();
    let error = match set.replace(&case.entries) {
        Ok(()) => return Err(format!("{:?} was accepted", case.entries)),
        Err(error) => error,
    };
    if set.to_string() != before {
        return Err(format!("a failed replace changed the set to {set}"));
    }
    if error.policy() != "`OriginSet::replace`" {
        return Err(format!("the report names {:?}", error.policy()));
    }
    let got = problems(&error);
    if is_strict(case) {
        if got != case.expected {
            return Err(format!(
                "through OriginSet::replace:\n{got:#?}\nat compile time:\n{:#?}",
                case.expected
            ));
        }
        return Ok(());
    }
    // The compile errors, in order, among the set's problems; the others only those the
    // stricter flags raise.
    let mut expected = case.expected.iter().peekable();
    for problem in &got {
        if expected.peek() == Some(&problem) {
            expected.next();
        } else if !only_when_strict(&problem.1) {
            return Err(format!(
                "an unexpected problem {problem:#?}\nthrough OriginSet::replace:\n{got:#?}\n\
                 at compile time:\n{:#?}",
                case.expected
            ));
        }
    }
    match expected.next() {
        Some(missing) => Err(format!(
            "{missing:#?} did not come back\nthrough OriginSet::replace:\n{got:#?}"
        )),
        None => Ok(()),
    }
}
