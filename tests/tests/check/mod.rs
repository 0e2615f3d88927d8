//! The checking code shared by the model-based tests (`tests/model/`), the fuzz-corpus
//! replay (`tests/fuzz_corpus.rs`) and the fuzz targets (`fuzz/fuzz_targets/`, which
//! include this directory with `#[path]`):
//!
//! - [`caps`]: the runtime's caps on ACRH, pinned as numbers;
//! - [`cases`]: the compiled policies under test, each kept next to the text of its own
//!   arguments;
//! - [`spec`]: an independent reading of those arguments from SPEC sections 3, 5 and 10
//!   (not from the runtime's tables nor its guard), answering "is this origin / method /
//!   header name in the policy?" and "is this write or WebSocket handshake refused before
//!   the handler?";
//! - [`twin`]: each policy's twin with origins read at startup, resolved from its list;
//! - [`wire`]: the invariants every exchange must obey, and the agreement of the
//!   runtime's decision with [`spec`];
//! - [`input`]: the byte format of fuzz inputs, and the function the fuzz targets and the
//!   corpus replay run on every input.
//!
//! Only `cors-runtime` (features `macros`), `http` and `url` (the oracle reads origins
//! with it, as browsers serialize them) are needed, so the fuzz crate can build it
//! outside the workspace.
#![allow(dead_code, unreachable_pub, missing_docs)]

pub mod caps;
pub mod cases;
pub mod input;
pub mod spec;
pub mod twin;
pub mod wire;
