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
//!   an unknown order) fail with [`Error::InvalidArgument`] before any request.
//! - An id is always exactly one percent-encoded path segment.
//! - 408, 429, 500, 502, 503, 504, connection failures and timeouts are retried
//!   (3 times by default) with jittered backoff, honouring `Retry-After`
//!   (seconds or an HTTP date, capped at 60 s).
//! - Redirects are never followed; plain `http` is only for loopback hosts;
//!   bodies over 32 MiB are refused; the API key appears in no `Debug`,
//!   `Display` or error.
//!
//! The client needs a tokio runtime (its timers and sockets are tokio's); it
//! starts none of its own.

mod client;
mod directory_sync;
mod error;
mod models;
mod pagination;
mod response;
mod retry;
mod transport;

pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, MAX_BODY_BYTES,
};
pub use directory_sync::{DirectorySync, ListDirectories, ListParams, AUTO_PAGING_LIMIT};
pub use error::{ApiError, Error, FieldError};
pub use models::{
    Directory, DirectoryList, DirectoryMetadata, DirectoryState, DirectoryType,
    DirectoryUsersMetadata, ListMetadata, Order,
};
pub use pagination::{DirectoryStream, Pages};
pub use retry::MAX_RETRY_AFTER;
