//! A policy's own header values (`Access-Control-Allow-Methods`, `-Allow-Headers`,
//! `-Expose-Headers`, `-Max-Age`), built once: copies of constants for a policy the
//! macros laid out, clones of values built at startup for one built at run time. Either
//! way no byte is checked per request, as `HeaderValue::from_static` would on a string
//! only known at run time.

use core::fmt;

use http::HeaderValue;

use crate::policy::Policy;

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

/// A policy the macros laid out, as a constant of a type: the handler's companion type
/// for `#[cors]`, a type of its own for `policy!`. [`constant`] makes its header values
/// at compile time; `route![...]` finds the policies of its handlers through it.
pub trait Compiled: 'static {
    /// The policy.
    const POLICY: &'static Policy;
}

/// The header values of `V::POLICY`, each built while compiling (an inline `const`, read
/// from the policy's own strings): a call copies one.
pub fn constant<V: Compiled>(field: Field) -> HeaderValue {
    match field {
        Field::AllowMethods => const { HeaderValue::from_static(V::POLICY.methods.header) },
        Field::AllowHeaders => {
            const { HeaderValue::from_static(or_empty(V::POLICY.allow_headers.header)) }
        }
        Field::ExposeHeaders => {
            const { HeaderValue::from_static(or_empty(V::POLICY.expose_headers)) }
        }
        Field::MaxAge => const { HeaderValue::from_static(or_empty(V::POLICY.max_age)) },
    }
}

const fn or_empty(value: Option<&'static str>) -> &'static str {
    match value {
        Some(value) => value,
        None => "",
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    struct Example;

    impl Compiled for Example {
        const POLICY: &'static Policy = &crate::policy!(
            origins = ["https://a.example"],
            methods = [GET, "PURGE"],
            allow_headers = ["content-type"],
            max_age = 600,
        );
    }

    #[test]
    fn constants_and_shared_values_agree() {
        let shared = Values::Shared(Box::leak(Box::new(SharedValues {
            allow_methods: HeaderValue::from_static("GET, PURGE"),
            allow_headers: HeaderValue::from_static("content-type"),
            expose_headers: HeaderValue::from_static(""),
            max_age: HeaderValue::from_static("600"),
        })));
        let constant = Values::Const(constant::<Example>);
        for field in [
            Field::AllowMethods,
            Field::AllowHeaders,
            Field::ExposeHeaders,
            Field::MaxAge,
        ] {
            assert_eq!(constant.get(field), shared.get(field), "{field:?}");
        }
        assert_eq!(constant.get(Field::AllowMethods), "GET, PURGE");
        assert_eq!(constant.get(Field::MaxAge), "600");
    }
}
