//! A policy's own header values (`Access-Control-Allow-Methods`, `-Allow-Headers`,
//! `-Expose-Headers`, `-Max-Age`), built once: copies of constants for a policy the
//! macros laid out, clones of values built at startup for one built at run time. Either
//! way no byte is checked per request, as `HeaderValue::from_static` would on a string
//! only known at run time.

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

/// The strings of a policy's own header values, as constants of a type: the macros
/// declare one such type per policy, and [`constant`] makes its values at compile time.
pub trait ConstValues: 'static {
    /// `Access-Control-Allow-Methods`.
    const ALLOW_METHODS: &'static str;
    /// `Access-Control-Allow-Headers`, or `""`.
    const ALLOW_HEADERS: &'static str;
    /// `Access-Control-Expose-Headers`, or `""`.
    const EXPOSE_HEADERS: &'static str;
    /// `Access-Control-Max-Age`, or `""`.
    const MAX_AGE: &'static str;
}

/// The values of `V`, each built while compiling (an inline `const`): a call copies one.
pub fn constant<V: ConstValues>(field: Field) -> HeaderValue {
    match field {
        Field::AllowMethods => const { HeaderValue::from_static(V::ALLOW_METHODS) },
        Field::AllowHeaders => const { HeaderValue::from_static(V::ALLOW_HEADERS) },
        Field::ExposeHeaders => const { HeaderValue::from_static(V::EXPOSE_HEADERS) },
        Field::MaxAge => const { HeaderValue::from_static(V::MAX_AGE) },
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

    impl ConstValues for Example {
        const ALLOW_METHODS: &'static str = "GET, PURGE";
        const ALLOW_HEADERS: &'static str = "content-type";
        const EXPOSE_HEADERS: &'static str = "";
        const MAX_AGE: &'static str = "600";
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
