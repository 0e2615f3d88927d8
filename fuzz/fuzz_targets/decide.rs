//! `cargo +nightly fuzz run decide`: see `tests/tests/check/input.rs` for the input format.
#![no_main]

#[path = "../../tests/tests/check/mod.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    check::input::run(data);
});
