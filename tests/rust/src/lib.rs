//! Intentionally empty: the runner lives in `tests/conformance.rs`.
