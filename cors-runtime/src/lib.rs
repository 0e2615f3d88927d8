//! Compile-time checked CORS policies for `http`, tower and axum.
//!
//! Write a policy as `#[cors(...)]` on an axum handler or as `policy!(...)`; every unsafe or
//! impossible policy is a compile error on the offending token, and at run time a
//! [`Policy`] decides each request from `'static` tables and writes its headers without
//! allocating. With feature `tower`, [`CorsLayer`] applies a policy to any service; with
//! feature `axum`, `route![...]` mounts `#[cors]` handlers on one path.
//!
//! The README follows (its examples need features `tower` and `axum`).
#![cfg_attr(feature = "axum", doc = "")]
#![cfg_attr(feature = "axum", doc = include_str!("../../README.md"))]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Lets the macros' `::cors_runtime::...` paths resolve inside this crate's own tests.
extern crate self as cors_runtime;

mod decide;
mod headers;
mod origin;
mod policy;
mod token;

#[cfg(feature = "axum")]
mod axum;
#[cfg(feature = "tower")]
pub mod layer;

#[doc(hidden)]
pub mod __private;

pub use decide::{
    Actual, Decision, MAX_REQUEST_HEADERS_BYTES, MAX_REQUEST_HEADERS_LINES,
    MAX_REQUEST_HEADERS_NAMES, Preflight, Refusal,
};
pub use policy::Policy;

#[cfg(feature = "tower")]
pub use layer::CorsLayer;

#[cfg(feature = "macros")]
pub use cors_macros::{cors, policy};

#[cfg(feature = "axum")]
pub use cors_macros::route;
