//! [`Compiled`]: a policy the macros laid out, as a constant of a type, and its header
//! values made while compiling.

use http::HeaderValue;

use crate::policy::Policy;
use crate::values::{Constants, Field};

/// A policy the macros laid out, as a constant of a type: the handler's companion type
/// for `#[cors]`, a type of its own for `policy!`. [`constants`] makes its header values
/// at compile time; `route![...]` finds the policies of its handlers through it.
pub trait Compiled: 'static {
    /// The policy.
    const POLICY: &'static Policy;
}

/// The header values of `V::POLICY`, each built while compiling (an inline `const`, read
/// from the policy's own strings): a call copies one.
pub(crate) fn constant<V: Compiled>(field: Field) -> HeaderValue {
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

/// The values of `V`'s policy as constants, for every framework (what the macros put in a
/// policy's `values`).
pub const fn constants<V: Compiled>() -> Constants {
    Constants {
        http: constant::<V>,
        #[cfg(feature = "actix")]
        actix: actix_constant::<V>,
    }
}

/// [`constant`] as actix-web's values.
#[cfg(feature = "actix")]
fn actix_constant<V: Compiled>(field: Field) -> actix_web::http::header::HeaderValue {
    use actix_web::http::header::HeaderValue;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{SharedValues, Values};

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
            #[cfg(feature = "actix")]
            actix: ["GET, PURGE", "content-type", "", "600"]
                .map(actix_web::http::header::HeaderValue::from_static),
        })));
        let constant = Values::Const(constants::<Example>());
        for field in [
            Field::AllowMethods,
            Field::AllowHeaders,
            Field::ExposeHeaders,
            Field::MaxAge,
        ] {
            assert_eq!(constant.get(field), shared.get(field), "{field:?}");
            #[cfg(feature = "actix")]
            {
                assert_eq!(constant.actix(field), shared.actix(field), "{field:?}");
                assert_eq!(
                    constant.actix(field).as_bytes(),
                    constant.get(field).as_bytes(),
                    "{field:?}"
                );
            }
        }
        assert_eq!(constant.get(Field::AllowMethods), "GET, PURGE");
        assert_eq!(constant.get(Field::MaxAge), "600");
    }
}
