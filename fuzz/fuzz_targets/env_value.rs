//! `cargo +nightly fuzz run env_value`: the input is an origins value read from the
//! environment at startup, its first byte the flags
//! (`cors-rules/tests/fuzz_env_value/check.rs`, `run`).
#![no_main]

#[path = "../../cors-rules/tests/support/browser.rs"]
mod browser;
#[path = "../../cors-rules/tests/fuzz_env_value/check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = check::run(data);
});
