//! # workos-dsync
//!
//! A client for the WorkOS Directory Sync *directories* API — get, list with
//! lazy auto-pagination, delete — and the one core that the Python, Node,
//! Swift and Kotlin bindings of this project share: one model, one error
//! type, one retry policy, one pagination engine.
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use workos_dsync::{Client, Error, Order};
//!
//! # async fn demo() -> Result<(), Error> {
//! let client = Client::builder().api_key("sk_test_...").build();
//! let page = client.directory_sync().list_directories().limit(10).order(Order::Asc).await?;
//! let mut all = client.directory_sync().list_directories().into_stream();
//! while let Some(dir) = all.try_next().await? {
//!     println!("{} {} {}", dir.id, dir.name, dir.state);
//! }
//! # Ok(()) }
//! ```
//!
//! What it guarantees, whatever the binding:
//! - Arguments the API would refuse (an empty id, a `limit` outside 1..=100,
//!   an unknown order) fail with [`Error::InvalidArgument`] before any request;
//!   so does an id or list string parameter longer than
//!   [`MAX_ENCODED_ARGUMENT_BYTES`] (8 KiB) once percent-encoded.
//! - An id is always exactly one percent-encoded path segment.
//! - 408, 429, 500, 502, 503, 504, connection failures and timeouts are retried
//!   ([`DEFAULT_MAX_RETRIES`] times by default) with jittered backoff, honouring `Retry-After`
//!   (seconds or an HTTP date, capped at 60 s). A DELETE answered 404 on a
//!   retry after an attempt that may have been carried out (no response, or
//!   502/503/504) has succeeded.
//! - Auto-pagination ends: a server that hands back any cursor already
//!   followed in the walk gets [`Error::InvalidResponse`].
//! - Redirects are never followed; plain `http` is only for loopback hosts and
//!   never goes through a proxy, while `https` follows `HTTPS_PROXY`,
//!   `ALL_PROXY` and `NO_PROXY` as curl does (the key stays inside TLS);
//!   bodies over 32 MiB are refused; the API key appears in no `Debug`,
//!   `Display` or error, nor does a user name or password in a base URL.
//! - Server text in errors is bounded: message, code, request id and field
//!   error texts keep at most [`MAX_ERROR_TEXT_BYTES`] (1 KiB) each, then a
//!   marker such as `… [truncated, 10485760 bytes in all]`; at most
//!   [`MAX_FIELD_ERRORS`] field errors are kept; the fallback text of a body
//!   without a message is at most 200 characters, read from its first 4 KiB.
//!
//! The client needs a tokio runtime (its timers and sockets are tokio's); it
//! starts none of its own.

mod client;
#[cfg(any(test, feature = "fuzzing"))]
mod decode_check;
mod directory_sync;
mod error;
mod models;
mod options;
mod pagination;
mod request_options;
mod response;
mod retry;
pub mod runtime;
mod transport;

pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, MAX_BODY_BYTES,
};
pub use directory_sync::{
    DirectorySync, ListDirectories, ListParams, API_DEFAULT_LIMIT, AUTO_PAGING_LIMIT,
    MAX_ENCODED_ARGUMENT_BYTES,
};
pub use error::{ApiError, Error, FieldError, MAX_ERROR_TEXT_BYTES, MAX_FIELD_ERRORS};
pub use models::{
    Cursor, Directory, DirectoryList, DirectoryMetadata, DirectoryState, DirectoryType,
    DirectoryUsersMetadata, ListMetadata, Order,
};
pub use options::{ClientOptions, Number, OptionNames, Timeout};
pub use pagination::{DirectoryStream, Pages};
pub use request_options::{BindingRequestOptions, RequestOptions};
pub use retry::MAX_RETRY_AFTER;

/// Entry points for the fuzz targets in `fuzz/` (the `fuzzing` feature); not
/// part of the API.
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::decode_check::check_response_decoding;
}

#[cfg(test)]
mod alloc_meter;

// Counts allocations per thread, so that unit tests can bound what decoding costs.
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: alloc_meter::Meter = alloc_meter::Meter;
