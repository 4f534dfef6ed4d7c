//! The native half of the `workos-dsync` npm package (napi-rs).
//!
//! It translates only: options and parameters into the core's types, results
//! into camelCase JS objects, and the core's error into a plain object with
//! every field, which the JS facade (`errors.js`) turns into CONTRACT.md's
//! exception classes. Calls never reject for an API failure: they resolve to
//! `{ value }` or `{ error }`, so nothing is lost squeezing an error through
//! napi's `Error(message)`. Only the constructor throws: options with a number
//! out of range fail with napi's `InvalidArg` status, which the facade raises
//! as `InvalidArgumentException`.
//!
//! Async methods run on napi-rs's process-wide tokio runtime, which is the
//! core's `runtime::shared()` (set up when the addon loads); the event loop
//! is never blocked.

mod client;
mod errors;
mod models;

pub use client::{CallOptions, ClientOptions, ListParams, NativeClient};
pub use errors::{error_kinds, DirectoryResult, DoneResult, FieldError, NativeError, PageResult};

/// Hands napi-rs the core's shared runtime before any call needs one.
#[napi_derive::module_init]
fn init() {
    if let Ok(rt) = workos_dsync::runtime::shared().build() {
        napi::bindgen_prelude::create_custom_tokio_runtime(rt);
    }
}
