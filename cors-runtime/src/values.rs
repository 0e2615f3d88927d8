//! A policy's own header values (`Access-Control-Allow-Methods`, `-Allow-Headers`,
//! `-Expose-Headers`, `-Max-Age`), built once: copies of constants for a policy the
//! macros laid out (`compiled.rs`), clones of values built at startup for one built at run
//! time. Either way no byte is checked per request, as `HeaderValue::from_static` would on
//! a string only known at run time.

use core::fmt;

use http::HeaderValue;

/// Which of a policy's own header values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `Access-Control-Allow-Methods`.
    AllowMethods,
    /// `Access-Control-Allow-Headers` (empty when the policy allows none).
    AllowHeaders,
    /// `Access-Control-Expose-Headers` (empty when the policy exposes none).
    ExposeHeaders,
    /// `Access-Control-Max-Age` (empty when the policy sets none).
    MaxAge,
}

/// Where a policy's own header values come from.
#[derive(Clone, Copy)]
pub(crate) enum Values {
    /// Laid out by the macros: [`constant`] for the policy's own type.
    Const(fn(Field) -> HeaderValue),
    /// Built when the policy was (`Policy::builder()`, `PolicyConfig`).
    Shared(&'static SharedValues),
}

/// The values of a policy built at run time, made once when it is built.
pub(crate) struct SharedValues {
    pub(crate) allow_methods: HeaderValue,
    pub(crate) allow_headers: HeaderValue,
    pub(crate) expose_headers: HeaderValue,
    pub(crate) max_age: HeaderValue,
}

impl Values {
    /// The value of `field`.
    #[inline]
    pub(crate) fn get(self, field: Field) -> HeaderValue {
        match self {
            Values::Const(values) => values(field),
            Values::Shared(values) => match field {
                Field::AllowMethods => values.allow_methods.clone(),
                Field::AllowHeaders => values.allow_headers.clone(),
                Field::ExposeHeaders => values.expose_headers.clone(),
                Field::MaxAge => values.max_age.clone(),
            },
        }
    }
}

impl fmt::Debug for Values {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Values::Const(_) => "Values::Const",
            Values::Shared(_) => "Values::Shared",
        })
    }
}
