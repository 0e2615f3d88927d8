//! `cargo +nightly fuzz run origin`: the input is an `Origin` value, tried against every
//! compiled policy (`tests/tests/check/input.rs`, `run_origin`).
#![no_main]

#[path = "../../tests/tests/check/mod.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    check::input::run_origin(data);
});
