//! A rule violation found while checking a policy: what is wrong, and what to write instead.

/// One problem with one entry or flag of a policy: what is wrong, and what to write
/// instead. The caller attaches where it was written (a span, or a variable's entry).
///
/// ```
/// let problem = cors_rules::parse_origin("https://app.example.com/").unwrap_err();
/// assert_eq!(problem.message, "origin `https://app.example.com/` ends with `/`");
/// assert_eq!(problem.help, "remove the trailing `/`: browsers send `https://app.example.com`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, in one sentence without a final period.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

impl Problem {
    /// A problem with its message and help.
    ///
    /// ```
    /// let problem = cors_rules::Problem::new("empty origin", "write an origin");
    /// assert_eq!(problem.message, "empty origin");
    /// ```
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            help: help.into(),
        }
    }
}
