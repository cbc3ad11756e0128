//! Behaviour tests of the emitted client live in `tests/`; this crate has no library code.
