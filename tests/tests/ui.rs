//! Compile-fail and must-compile programs for `#[cors]`, `policy!`, `route!` and
//! `actix_resource!`.
//!
//! Every file in `ui/fail/` breaks one rule of SPEC section 4 (one scenario per file) and its
//! `.stderr` is the exact error the user sees; every file in `ui/pass/` must compile.
//! Regenerate the snapshots with `TRYBUILD=overwrite cargo test -p cors-tests --test ui`, then
//! review each diff: the caret on the offending token, a message and a `help`, no cascade.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}
