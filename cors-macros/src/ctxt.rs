//! Collects every problem of one macro invocation, so that one compile reports them all.

use proc_macro2::Span;

use crate::problem::Problem;

/// The problems found so far, each with the span of the offending token.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: Vec<syn::Error>,
}

impl Ctxt {
    /// Records `problem` at `span`, rendered as a message and a `help` line.
    pub(crate) fn problem(&mut self, span: Span, problem: Problem) {
        let text = if problem.help.is_empty() {
            problem.message
        } else {
            format!("{}\n\n= help: {}", problem.message, problem.help)
        };
        self.errors.push(syn::Error::new(span, text));
    }

    /// Records a message and its help at `span`.
    pub(crate) fn error(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.problem(span, Problem::new(message, help));
    }

    /// Records a syntax error from syn as it is.
    pub(crate) fn syn(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Whether nothing went wrong.
    pub(crate) fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// All problems as one error, if any.
    pub(crate) fn into_error(self) -> Option<syn::Error> {
        self.errors.into_iter().reduce(|mut all, next| {
            all.combine(next);
            all
        })
    }
}
