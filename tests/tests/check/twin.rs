//! A literal policy's twin with origins read at startup (`origins = env(...)`): resolved
//! from the literal's own list, and checked to describe the same policy.

use cors_runtime::Policy;

/// The variable every twin names. It is never set: each twin is resolved from its
/// literal's list by `__private::resolve_as_if`, the resolver `Policy::resolve` runs on a
/// variable's value.
pub const TWIN_VARIABLE: &str = "CORS_TESTS_TWIN_ORIGINS";

/// Resolves `env` from `origins` (separated by spaces, as a deployment would write them;
/// only the first call resolves) and checks that it describes the same policy as
/// `literal`, origins included.
pub fn resolve_twin(literal: &Policy, env: &'static Policy, origins: &[&str]) -> &'static Policy {
    cors_runtime::__private::resolve_as_if(env, &origins.join(" "))
        .unwrap_or_else(|e| panic!("twin of {origins:?}: {e}"));
    let prefix = format!("from the environment variable `{TWIN_VARIABLE}`: ");
    assert_eq!(
        env.to_string().replacen(&prefix, "", 1),
        literal.to_string(),
        "the twin differs"
    );
    env
}
