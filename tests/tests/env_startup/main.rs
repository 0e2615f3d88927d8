//! Origins read from the environment at startup (SPEC section 7), in a real process: every
//! variable is set by `main` before any thread exists, then each scenario resolves its own
//! policy through `Policy::resolve`, `CorsLayer`, `route!` or `decide`.
//!
//! - `ui_cases`: every origin case of `tests/ui/fail` also fails through `env(...)` at
//!   startup, with the same message and help as its compile error;
//! - `scenarios`: unset with and without a default, empty, only separators, not UTF-8,
//!   lists, 1000 origins, `*`, several problems, `try_new`, the panics of `CorsLayer::new`
//!   and `route!`, a failed policy granting nothing, and a second `resolve` that does not
//!   read the variable again.

// `std::env::set_var` is `unsafe` since edition 2024: it is sound only while no other
// thread reads the environment. `main` sets every variable before the test harness starts
// a thread, and nothing sets one afterwards; this file alone allows `unsafe` for that.
#![allow(unsafe_code)]

mod scenarios;
mod ui_cases;

use std::ffi::OsString;

use libtest_mimic::{Arguments, Trial};

fn main() {
    let args = Arguments::from_args();
    let mut variables: Vec<(String, OsString)> = Vec::new();
    let ui = ui_cases::load(&mut variables);
    variables.extend(scenarios::variables());
    for (name, value) in &variables {
        // SAFETY: no other thread exists yet (see the note at the top of this file).
        unsafe { std::env::set_var(name, value) };
    }
    // The panics of `CorsLayer::new` and `route!` on a bad value are expected (their
    // message is checked): they are not printed.
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload().downcast_ref::<String>();
        if !message.is_some_and(|m| m.starts_with("CORS policy of ")) {
            report(info);
        }
    }));
    // Resolves one policy, then changes its variable, still before any thread exists.
    let second_resolve = scenarios::resolve_twice();

    let mut trials = ui_cases::trials(ui);
    trials.extend(scenarios::trials(second_resolve));
    libtest_mimic::run(&args, trials).exit();
}

/// A trial from a function returning `Err(message)` on failure.
fn trial(
    name: impl Into<String>,
    f: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    Trial::test(name, move || f().map_err(Into::into))
}
