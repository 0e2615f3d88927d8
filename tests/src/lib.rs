//! Tests of cors-runtime live in `tests/tests/` and `tests/ui/`.
