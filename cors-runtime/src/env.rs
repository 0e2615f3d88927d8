//! Origins read from the environment at startup: `origins = env("NAME")`.
//!
//! The value is checked by the rules of `cors-rules`, the very code the macros run at
//! compile time, and laid out in the same tables a literal list gets. Resolution happens
//! once per policy and its result (tables or error) is kept for the life of the process.
//!
//! The resolver is reached only through the function pointer an `env(...)` expansion
//! stores in its policy, so a program whose policies are all literal links none of this
//! (nor the rules and their tables).

use std::ffi::OsStr;
use std::sync::OnceLock;

use cors_rules::{Entry, OriginFlags};

use crate::error::{PolicyError, Problem};
use crate::layout;
use crate::policy::{EnvOrigins, OriginSource, Origins, Policy};

impl EnvOrigins {
    /// Origins from `variable`, for the policy named `policy`, with its `dangerously_*`
    /// flags.
    pub const fn new(
        variable: &'static str,
        policy: &'static str,
        allow_insecure: bool,
        allow_public_suffix: bool,
    ) -> Self {
        EnvOrigins {
            variable,
            policy,
            allow_insecure,
            allow_public_suffix,
            resolve: resolve_from_environment,
            resolved: OnceLock::new(),
        }
    }
}

impl Policy {
    /// Reads and checks the origins of an `origins = env("NAME")` policy, once: later
    /// calls return the first result without reading the variable again. A policy with
    /// literal origins is `Ok(())` at once.
    ///
    /// The value holds origins written as in the source (exact origins, patterns, or `*`
    /// alone), separated by commas and/or ASCII whitespace. Unset, the policy uses its
    /// `default = [...]` list, or fails when it has none; set but holding no origin, or
    /// not UTF-8, it fails (never silently the default). Every origin rule applies, with
    /// the messages of the compile errors, and so do the rules that combine origins with
    /// the policy's `credentials` and `dangerously_*` flags.
    ///
    /// [`CorsLayer::new`](crate::CorsLayer::new) and `route![...]` call this when the
    /// router is built and panic with the report; call it yourself (or
    /// [`CorsLayer::try_new`](crate::CorsLayer::try_new)) to handle the error. A policy
    /// whose resolution failed grants nothing: [`Policy::decide`] answers every request
    /// as if its origin were not allowed.
    ///
    /// ```
    /// use cors_runtime::{policy, Policy};
    ///
    /// static API: Policy = policy!(
    ///     origins = env("RESOLVE_DOC_ORIGINS", default = ["http://localhost:*"]),
    ///     methods = [GET],
    ///     credentials,
    /// );
    ///
    /// // Unset here: the default applies.
    /// API.resolve().expect("valid origins");
    /// assert!(API.allows_origin(b"http://localhost:5173"));
    /// ```
    pub fn resolve(&'static self) -> Result<(), PolicyError> {
        match &self.origins {
            OriginSource::Fixed(_) => Ok(()),
            OriginSource::Env { env, .. } => outcome(env.get(self)),
        }
    }
}

/// Resolves `policy` as if its variable held `value`, unless it was resolved already (the
/// first result stays, as with [`Policy::resolve`]). A policy with literal origins is
/// `Ok(())` at once.
pub(crate) fn resolve_as_if(policy: &'static Policy, value: &str) -> Result<(), PolicyError> {
    match &policy.origins {
        OriginSource::Fixed(_) => Ok(()),
        OriginSource::Env { env, .. } => outcome(
            env.resolved
                .get_or_init(|| resolve_value(policy, Some(OsStr::new(value)))),
        ),
    }
}

/// A resolution's outcome as [`Policy::resolve`] returns it.
pub(crate) fn outcome(resolved: &Result<Origins, PolicyError>) -> Result<(), PolicyError> {
    resolved.as_ref().map(|_| ()).map_err(Clone::clone)
}

/// Reads the variable and resolves the origins of `policy`.
fn resolve_from_environment(policy: &Policy) -> Result<Origins, PolicyError> {
    let OriginSource::Env { env, .. } = &policy.origins else {
        unreachable!("only an `env(...)` policy stores this resolver");
    };
    resolve_value(policy, std::env::var_os(env.variable).as_deref())
}

/// Resolves the origins of an `env(...)` policy from `value`, the variable's value
/// (`None`: unset).
pub(crate) fn resolve_value(
    policy: &Policy,
    value: Option<&OsStr>,
) -> Result<Origins, PolicyError> {
    let OriginSource::Env { env, default } = &policy.origins else {
        unreachable!("only an `env(...)` policy is resolved");
    };
    let error = |problems: Vec<Problem>| PolicyError {
        policy: env.policy,
        variable: Some(env.variable),
        origin_set: false,
        problems,
    };
    let whole = |message: String, help: String| {
        error(vec![Problem::new(
            "",
            cors_rules::Problem::new(message, help),
        )])
    };
    let name = env.variable;
    let format = "origins as in the source (`https://app.example.com`, `https://*.example.com`, \
                  `http://localhost:*`, or `*` alone), separated by commas or spaces";
    let Some(value) = value else {
        return match default {
            Some(origins) => Ok(*origins),
            None => Err(whole(
                format!("the environment variable `{name}` is not set"),
                format!(
                    "set `{name}` to the origins this deployment allows: {format}; or give \
                     the policy a default, `env(\"{name}\", default = [...])`"
                ),
            )),
        };
    };
    let Some(value) = value.to_str() else {
        return Err(whole(
            format!("the environment variable `{name}` is not valid UTF-8"),
            format!("set `{name}` to {format}"),
        ));
    };
    let entries: Vec<Entry<usize>> = cors_rules::split_list(value)
        .enumerate()
        .map(|(i, text)| Entry::text(text, i))
        .collect();
    if entries.is_empty() {
        return Err(whole(
            format!("the environment variable `{name}` is set but holds no origin"),
            format!(
                "set `{name}` to {format}; an empty value never falls back to the default, \
                 so that a typo in a deployment cannot silently change the policy"
            ),
        ));
    }
    let flags = OriginFlags {
        credentials: policy.credentials,
        allow_insecure: env.allow_insecure,
        allow_public_suffix: env.allow_public_suffix,
    };
    let mut problems = Vec::new();
    let checked = cors_rules::check_origins(&entries, flags, &mut |i, problem| {
        problems.push(Problem::new(&entries[i].text, problem));
    });
    problems.extend(crate::error::capacity(&checked.origins));
    if !problems.is_empty() {
        return Err(error(problems));
    }
    Ok(layout::origins(checked.origins))
}
