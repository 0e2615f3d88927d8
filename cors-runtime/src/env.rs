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

use cors_rules::{Entry, OriginFlags, PortPattern};

use crate::error::{PolicyError, Problem};
use crate::origin::{self, ExactOrigins, MAX_EXACT_ORIGINS, OriginPattern, PortMatch};
use crate::policy::{OriginSource, Origins, Policy};

/// Where a policy's origins come from at startup, as the macros lay it out.
#[derive(Debug)]
pub struct EnvOrigins {
    pub(crate) variable: &'static str,
    pub(crate) policy: &'static str,
    pub(crate) allow_insecure: bool,
    pub(crate) allow_public_suffix: bool,
    pub(crate) resolve: fn(&Policy) -> Result<Origins, PolicyError>,
    pub(crate) resolved: OnceLock<Result<Origins, PolicyError>>,
}

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

    /// The resolved origins of `policy` (whose source this is), resolving them now if no
    /// one has yet; `Err` when the value breaks a rule.
    pub(crate) fn get(&self, policy: &Policy) -> &Result<Origins, PolicyError> {
        self.resolved.get_or_init(|| (self.resolve)(policy))
    }
}

/// Resolves `policy` as if its variable held `value`, unless it was resolved already (the
/// first result stays, as with [`Policy::resolve`]). A policy with literal origins is
/// `Ok(())` at once.
pub(crate) fn resolve_as_if(policy: &'static Policy, value: &str) -> Result<(), PolicyError> {
    match &policy.origins {
        OriginSource::Fixed(_) => Ok(()),
        OriginSource::Env { env, .. } => {
            match env
                .resolved
                .get_or_init(|| resolve_value(policy, Some(OsStr::new(value))))
            {
                Ok(_) => Ok(()),
                Err(error) => Err(error.clone()),
            }
        }
    }
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
    if checked.origins.exact.len() > MAX_EXACT_ORIGINS {
        problems.push(Problem::new(
            "",
            cors_rules::Problem::new(
                format!(
                    "`{name}` lists {} exact origins, over the {MAX_EXACT_ORIGINS} one policy holds",
                    checked.origins.exact.len()
                ),
                "cover families of origins with patterns such as `https://*.example.com`",
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(error(problems));
    }
    Ok(tables(checked.origins))
}

/// Lays checked origins out as the tables a literal list compiles to. Each string and
/// table is leaked once, for the life of the process, as a literal policy's are.
fn tables(origins: cors_rules::Origins) -> Origins {
    if origins.any {
        return Origins::Any;
    }
    let exact: Vec<&'static str> = origins.exact.into_iter().map(leak_str).collect();
    let mut slots = vec![0u16; origin::slot_count(exact.len())];
    origin::fill_slots(&exact, &mut slots);
    let max_probe = origin::max_probe(&exact, &slots);
    let max_len = exact.iter().map(|o| o.len()).max().unwrap_or(0);
    let patterns: Vec<OriginPattern> = origins
        .patterns
        .into_iter()
        .map(|p| OriginPattern {
            scheme: leak_str(p.scheme),
            host: leak_str(p.host),
            subdomains: p.subdomains,
            port: match p.port {
                PortPattern::Default => PortMatch::Default,
                PortPattern::Exact(port) => PortMatch::Exact(leak_str(port.to_string())),
                PortPattern::Any => PortMatch::Any,
            },
        })
        .collect();
    Origins::Listed {
        exact: ExactOrigins {
            origins: Vec::leak(exact),
            slots: Vec::leak(slots),
            max_probe,
            max_len,
        },
        patterns: Vec::leak(patterns),
    }
}

fn leak_str(s: String) -> &'static str {
    String::leak(s)
}
