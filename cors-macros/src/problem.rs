//! A rule violation found while checking a policy: what is wrong, and what to write instead.

/// One problem with one token of the attribute. The caller attaches the span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// What is wrong, in one sentence without a final period.
    pub(crate) message: String,
    /// What to write instead.
    pub(crate) help: String,
}

impl Problem {
    pub(crate) fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            help: help.into(),
        }
    }
}
