//! [`PolicyError`]: why a policy's origins could not be resolved at startup.

use core::fmt;

/// One problem with a value read at startup: the offending entry, what is wrong, and what
/// to write instead. The message and help are those of the compile error for the same
/// mistake.
///
/// ```
/// use cors_runtime::{policy, Policy};
///
/// static API: Policy = policy!(origins = env("PROBLEM_DOC_ORIGINS"), methods = [GET]);
///
/// let error = API.resolve().unwrap_err(); // the variable is not set
/// let problem = error.problems().next().unwrap();
/// assert_eq!(problem.entry(), "");
/// assert!(problem.message().contains("PROBLEM_DOC_ORIGINS"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub(crate) entry: String,
    pub(crate) message: String,
    pub(crate) help: String,
}

/// More exact origins than one table holds, as a problem.
pub(crate) fn capacity(origins: &cors_rules::Origins) -> Option<Problem> {
    cors_rules::too_many_exact_origins(origins.exact.len()).map(|problem| Problem::new("", problem))
}

impl Problem {
    pub(crate) fn new(entry: &str, problem: cors_rules::Problem) -> Self {
        Problem {
            entry: entry.to_owned(),
            message: problem.message,
            help: problem.help,
        }
    }

    /// The offending entry of the value, as written; empty when the problem is about the
    /// value as a whole (unset, empty, not UTF-8).
    pub fn entry(&self) -> &str {
        &self.entry
    }

    /// What is wrong, in one sentence.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What to write instead.
    pub fn help(&self) -> &str {
        &self.help
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n    help: {}", self.help)?;
        }
        Ok(())
    }
}

/// A policy whose origins, read from the environment at startup (`origins = env(...)`),
/// or whose arguments given to [`Policy::builder()`](crate::Policy::builder), or entries
/// given to a live origin set ([`OriginSet`](crate::OriginSet)), break the rules of the
/// policy language. `Display` lists every problem: the policy,
/// the variable, and for each offending entry the message and help the compiler would
/// have given for the same mistake in the source.
///
/// ```
/// use cors_runtime::{policy, Policy};
///
/// static API: Policy = policy!(origins = env("POLICY_ERROR_DOC_ORIGINS"), methods = [GET]);
///
/// let error = API.resolve().unwrap_err(); // the variable is not set
/// assert_eq!(error.variable(), Some("POLICY_ERROR_DOC_ORIGINS"));
/// assert!(error.policy().starts_with("`policy!` at "));
/// let report = error.to_string();
/// assert!(report.contains("POLICY_ERROR_DOC_ORIGINS"));
/// assert!(report.contains("is not set"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// The policy; for a live origin set, the call that failed.
    pub(crate) policy: &'static str,
    pub(crate) variable: Option<&'static str>,
    /// The entries were given to a live origin set ([`crate::OriginSet`]).
    pub(crate) origin_set: bool,
    pub(crate) problems: Vec<Problem>,
}

impl PolicyError {
    /// Which policy: ``handler `orders` `` for `#[cors]`, or `` `policy!` at FILE:LINE ``;
    /// for the entries of a live origin set, the call that refused them
    /// (`` `OriginSet::replace` ``, `` `OriginSet::insert` ``).
    ///
    /// ```
    /// static TENANTS: cors_runtime::OriginSet = cors_runtime::OriginSet::new();
    ///
    /// let error = TENANTS.insert("https://shop.example/").unwrap_err();
    /// assert_eq!(error.policy(), "`OriginSet::insert`");
    /// assert!(error.to_string().starts_with("CORS live origin set, `OriginSet::insert`: 1 problem"));
    /// ```
    pub fn policy(&self) -> &str {
        self.policy
    }

    /// The environment variable the origins were read from.
    pub fn variable(&self) -> Option<&str> {
        self.variable
    }

    /// Every problem, in the order of the value's entries.
    pub fn problems(&self) -> impl ExactSizeIterator<Item = &Problem> {
        self.problems.iter()
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        if self.origin_set {
            write!(f, "CORS live origin set, {}", self.policy)?;
        } else {
            write!(f, "CORS policy of {}", self.policy)?;
        }
        if let Some(variable) = self.variable {
            write!(f, ", origins from the environment variable `{variable}`")?;
        }
        write!(f, ": {count} problem{}", if count == 1 { "" } else { "s" })?;
        for problem in &self.problems {
            f.write_str("\n  - ")?;
            if !problem.entry.is_empty() {
                write!(f, "`{}`: ", problem.entry.escape_debug())?;
            }
            fmt::Display::fmt(problem, f)?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}
