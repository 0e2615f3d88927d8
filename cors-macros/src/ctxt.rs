//! Collects every problem of one macro invocation, so that one compile reports them all.

use proc_macro2::Span;

use cors_rules::Problem;

/// A problem as compiler text: the message, then its `help` line.
pub(crate) fn render(problem: Problem) -> String {
    if problem.help.is_empty() {
        problem.message
    } else {
        format!("{}\n\n= help: {}", problem.message, problem.help)
    }
}

/// The problems found so far, each with the span of the offending token.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: Vec<syn::Error>,
}

impl Ctxt {
    /// Records `problem` at `span`, rendered as a message and a `help` line.
    pub(crate) fn problem(&mut self, span: Span, problem: Problem) {
        self.errors.push(syn::Error::new(span, render(problem)));
    }

    /// Records `problem` over every token of `tokens` (the caret covers them all).
    pub(crate) fn problem_spanned(&mut self, tokens: &dyn quote::ToTokens, problem: Problem) {
        let text = render(problem);
        self.errors.push(syn::Error::new_spanned(tokens, text));
    }

    /// Records a message and its help over every token of `tokens`.
    pub(crate) fn error_spanned(
        &mut self,
        tokens: &dyn quote::ToTokens,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problem_spanned(tokens, Problem::new(message, help));
    }

    /// Records a message and its help at `span`.
    pub(crate) fn error(
        &mut self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
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
