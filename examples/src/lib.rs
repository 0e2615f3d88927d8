//! Examples of cors-runtime live in this package's `[[example]]` targets.
