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
//! Async methods run on the core's `runtime::shared()`, and their promises
//! are settled on the JS thread through one thread-safe function per env
//! (`completion`); the event loop is never blocked.

mod client;
mod completion;
mod errors;
mod models;

pub use client::{CallOptions, ClientOptions, ListParams, NativeClient};
pub use errors::{error_kinds, DirectoryResult, DoneResult, FieldError, NativeError, PageResult};
