//! A policy's own header values (`Access-Control-Allow-Methods`, `-Allow-Headers`,
//! `-Expose-Headers`, `-Max-Age`), built once: copies of constants for a policy the
//! macros laid out (`compiled.rs`), clones of values built at startup for one built at run
//! time. Either way no byte is checked per request, as `HeaderValue::from_static` would on
//! a string only known at run time. With feature `actix`, each value also exists as
//! actix-web's `HeaderValue` (`http` 0.2), made the same way.

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
    /// Laid out by the macros: `compiled::constants` for the policy's own type.
    Const(Constants),
    /// Built when the policy was (`Policy::builder()`, `PolicyConfig`).
    Shared(&'static SharedValues),
}

/// A compiled policy's values as constants: one function per framework's value type,
/// each returning values made while compiling.
#[derive(Clone, Copy)]
pub struct Constants {
    pub(crate) http: fn(Field) -> HeaderValue,
    #[cfg(feature = "actix")]
    pub(crate) actix: fn(Field) -> actix_web::http::header::HeaderValue,
}

impl fmt::Debug for Constants {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Constants")
    }
}

/// The values of a policy built at run time, made once when it is built.
pub(crate) struct SharedValues {
    pub(crate) allow_methods: HeaderValue,
    pub(crate) allow_headers: HeaderValue,
    pub(crate) expose_headers: HeaderValue,
    pub(crate) max_age: HeaderValue,
    /// The same four as actix-web's values, in [`Field`]'s order.
    #[cfg(feature = "actix")]
    pub(crate) actix: [actix_web::http::header::HeaderValue; 4],
}

impl Values {
    /// The value of `field`.
    #[inline]
    pub(crate) fn get(self, field: Field) -> HeaderValue {
        match self {
            Values::Const(values) => (values.http)(field),
            Values::Shared(values) => match field {
                Field::AllowMethods => values.allow_methods.clone(),
                Field::AllowHeaders => values.allow_headers.clone(),
                Field::ExposeHeaders => values.expose_headers.clone(),
                Field::MaxAge => values.max_age.clone(),
            },
        }
    }
}

impl Values {
    /// The value of `field` as actix-web's: a constant, or a clone of a value made once.
    #[cfg(feature = "actix")]
    #[inline]
    pub(crate) fn actix(self, field: Field) -> actix_web::http::header::HeaderValue {
        match self {
            Values::Const(values) => (values.actix)(field),
            Values::Shared(values) => values.actix[field as usize].clone(),
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
