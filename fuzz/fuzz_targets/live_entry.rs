//! `cargo +nightly fuzz run live_entry`: the input as entries of a live origin set
//! (`OriginSet::insert`, `OriginSet::replace`), never a panic; what is accepted is what
//! browsers send, and a policy reading the set allows exactly it
//! (`fuzz_targets/live_entry/check.rs`, `run`).
#![no_main]

#[path = "../../cors-rules/tests/support/browser.rs"]
mod browser;
#[path = "live_entry/check.rs"]
mod check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    check::run(data);
});
