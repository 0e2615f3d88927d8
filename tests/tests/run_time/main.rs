//! Policies checked at run time, in a real process: origins read from the environment at
//! startup (`env(...)`), and `Policy::builder()` / `PolicyConfig`. `main` sets every
//! variable before any thread exists, then each scenario resolves or builds its own policy.
//!
//! - `env_cases`: every origin case of `tests/ui/fail` also fails through `env(...)` at
//!   startup, with the same message and help as its compile error;
//! - `env_scenarios`: unset with and without a default, empty, only separators, not UTF-8,
//!   lists, 1000 origins, `*`, several problems, `try_new`, the panics of `CorsLayer::new`
//!   and `route!`, a failed policy granting nothing, and a second `resolve` that does not
//!   read the variable again;
//! - `builder_cases`: every case of `tests/ui/fail` that can be written as strings also
//!   fails through `Policy::builder()`, with the same messages and helps;
//! - `live_cases`: every origin case of `tests/ui/fail` also fails through
//!   `OriginSet::replace`, with the same messages and helps;
//! - `builder_scenarios`: structural problems together, `PolicyConfig` from TOML and JSON,
//!   unknown keys and wrong types named, a built policy equal to the compiled one.

// `std::env::set_var` is `unsafe` since edition 2024: it is sound only while no other
// thread reads the environment. `main` sets every variable before the test harness starts
// a thread, and nothing sets one afterwards; this file alone allows `unsafe` for that.
#![allow(unsafe_code)]

mod builder_cases;
mod builder_scenarios;
mod env_cases;
mod env_scenarios;
mod live_cases;
mod ui;

use std::ffi::OsString;

use libtest_mimic::{Arguments, Trial};

fn main() {
    let args = Arguments::from_args();
    let mut variables: Vec<(String, OsString)> = Vec::new();
    let ui = ui::read_all();
    let env_cases = env_cases::load(&ui, &mut variables);
    variables.extend(env_scenarios::variables());
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
    let second_resolve = env_scenarios::resolve_twice();

    let mut trials = live_cases::trials(&env_cases.cases);
    trials.extend(env_cases::trials(env_cases));
    trials.extend(builder_cases::trials(builder_cases::load(&ui)));
    trials.extend(builder_scenarios::trials());
    trials.extend(env_scenarios::trials(second_resolve));
    libtest_mimic::run(&args, trials).exit();
}

/// A trial from a function returning `Err(message)` on failure.
fn trial(
    name: impl Into<String>,
    f: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    Trial::test(name, move || f().map_err(Into::into))
}
