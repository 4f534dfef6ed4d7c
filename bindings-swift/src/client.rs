//! The exported objects: the client and its paginator. Async methods run on
//! the shared runtime (see `runtime`); results and errors are converted, the
//! behaviour is the core's.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use tokio::sync::Mutex;
use workos_dsync as core;

use crate::errors::WorkOsError;
use crate::models::{Directory, DirectoryList, ListMetadata, ListParams};
use crate::runtime::{run, CancelToken};

/// How to reach the API. Unset values come from `WORKOS_BASE_URL`, then the defaults.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct ClientOptions {
    /// Default `https://api.workos.com`; plain http only for loopback hosts.
    #[uniffi(default = None)]
    pub base_url: Option<String>,
    /// Retries of a failed request (default 3).
    #[uniffi(default = None)]
    pub max_retries: Option<u32>,
    /// Per-attempt timeout in milliseconds (default 60000).
    #[uniffi(default = None)]
    pub timeout_ms: Option<u64>,
    /// The host language and its version for the User-Agent, such as `kotlin/2.1`.
    #[uniffi(default = None)]
    pub runtime: Option<String>,
}

/// Options for one call, overriding the client's for that call only (and for
/// every page a paginator fetches). Unset values leave the client's.
///
/// The core checks them before anything is sent: a zero timeout, a header the
/// client writes itself (`Authorization`, `User-Agent`, `Content-Type`, `Host`,
/// `Content-Length`, `Transfer-Encoding`, `Connection`, `Idempotency-Key`) or
/// a header name or value that cannot be sent is `InvalidArgument`; an
/// unusable `base_url` is `Configuration`.
#[derive(Clone, Default, uniffi::Record)]
pub struct RequestOptions {
    /// Timeout of each attempt of this call, in milliseconds (more than zero).
    #[uniffi(default = None)]
    pub timeout_ms: Option<u64>,
    /// Retries of this call after a failed first attempt (0 for none).
    #[uniffi(default = None)]
    pub max_retries: Option<u32>,
    /// More headers for this call, name to value; sent in name order.
    #[uniffi(default)]
    pub extra_headers: HashMap<String, String>,
    /// Sent as the `Idempotency-Key` header.
    #[uniffi(default = None)]
    pub idempotency_key: Option<String>,
    /// Where this call goes instead of the client's base URL, under the same
    /// rules (plain http only for loopback hosts).
    #[uniffi(default = None)]
    pub base_url: Option<String>,
}

impl RequestOptions {
    /// The core's options, checked by the core's rules and named as Swift,
    /// Kotlin and Java spell them.
    fn into_core(self) -> Result<core::RequestOptions, core::Error> {
        // A map has no order of its own; name order makes requests repeatable.
        let mut extra_headers: Vec<(String, String)> = self.extra_headers.into_iter().collect();
        extra_headers.sort();
        core::RequestOptions::from_binding(core::BindingRequestOptions {
            timeout: self.timeout_ms.map(|ms| core::Timeout::Millis(ms.into())),
            max_retries: self.max_retries.map(core::Number::from),
            extra_headers,
            idempotency_key: self.idempotency_key,
            base_url: self.base_url,
            names: NAMES,
        })
    }
}

/// A call's options for the core, when it has any.
fn core_options(
    options: Option<RequestOptions>,
) -> Result<Option<core::RequestOptions>, core::Error> {
    options.map(RequestOptions::into_core).transpose()
}

/// How the options are spelled in Swift, Kotlin and Java, for messages.
const NAMES: core::OptionNames = core::OptionNames {
    max_retries: "maxRetries",
    timeout: "timeoutMs",
};

/// The core's rule for a retry count given as a signed integer, for layers
/// over languages without unsigned ones (the Java builder's `int`): the value
/// for `ClientOptions.max_retries`, or `InvalidArgument` naming the option as
/// `name`.
#[uniffi::export]
// uniffi hands errors over by value; the size of a rare error does not matter.
#[allow(clippy::result_large_err)]
pub fn checked_max_retries(name: String, value: i64) -> Result<u32, WorkOsError> {
    Ok(core::Number::from(value).to_max_retries(&name)?)
}

/// The core's rule for a timeout in milliseconds given as a signed integer
/// (the Java builder's `long`): the value for `ClientOptions.timeout_ms`, or
/// `InvalidArgument` naming the option as `name`. Zero passes; a client with
/// it fails every call with `Configuration`.
#[uniffi::export]
// uniffi hands errors over by value; the size of a rare error does not matter.
#[allow(clippy::result_large_err)]
pub fn checked_timeout_ms(name: String, value: i64) -> Result<u64, WorkOsError> {
    let timeout = core::Timeout::Millis(value.into()).to_duration(&name)?;
    // At most i64::MAX milliseconds, so it fits.
    Ok(timeout.as_millis() as u64)
}

/// A WorkOS client: one connection pool, safe to share across tasks and threads.
#[derive(uniffi::Object)]
pub struct WorkOsClient {
    client: core::Client,
}

#[uniffi::export]
impl WorkOsClient {
    /// A client for `api_key` (default `WORKOS_API_KEY`). Never fails: an
    /// unusable configuration fails each call with a `Configuration` error.
    #[uniffi::constructor(default(options = None))]
    pub fn new(api_key: Option<String>, options: Option<ClientOptions>) -> Arc<Self> {
        let options = options.unwrap_or_default();
        let binding = options
            .runtime
            .as_deref()
            .and_then(|r| r.split_once('/'))
            .unwrap_or(("uniffi", "unknown"));
        let client = core::Client::from_options(core::ClientOptions {
            api_key,
            base_url: options.base_url,
            max_retries: options.max_retries.map(core::Number::from),
            timeout: options
                .timeout_ms
                .map(|ms| core::Timeout::Millis(ms.into())),
            binding: Some((binding.0.to_owned(), binding.1.to_owned())),
            names: NAMES,
            ..Default::default()
        })
        // The core's ranges hold every u32 of retries and every u64 of
        // milliseconds (its tests say so), so these types cannot be refused.
        .expect("every u32 retry count and u64 millisecond timeout is in range");
        Arc::new(WorkOsClient { client })
    }

    /// The base URL in use, or nil when the configuration is unusable.
    pub fn base_url(&self) -> Option<String> {
        self.client.base_url().map(str::to_owned)
    }

    /// Every page of a list from the first, one `next_page()` at a time
    /// (100 a page unless `params` set a limit), keeping the filters;
    /// `options` apply to every page. Invalid `params` or `options` are the
    /// error of the first `next_page()`.
    #[uniffi::method(default(options = None))]
    pub fn paginator(
        &self,
        params: ListParams,
        options: Option<RequestOptions>,
    ) -> Arc<DirectoryPaginator> {
        let pages = checked(params, options).map(|(params, options)| {
            self.client
                .directory_sync()
                .with_options(options.as_ref())
                .list_directories_with(params)
                .into_pages()
        });
        DirectoryPaginator::new(pages)
    }

    /// The pages after one already fetched with `params`, from its
    /// `list_metadata` (the cursor that continues the listing in its order is
    /// followed); `options` apply to every page.
    #[uniffi::method(default(options = None))]
    pub fn paginator_after(
        &self,
        params: ListParams,
        list_metadata: ListMetadata,
        options: Option<RequestOptions>,
    ) -> Arc<DirectoryPaginator> {
        let pages = checked(params, options).map(|(params, options)| {
            core::Pages::resume(&self.client, params, &list_metadata).with_options(options)
        });
        DirectoryPaginator::new(pages)
    }
}

/// Exports each Directory Sync call twice from one declaration, because the
/// generated languages cancel differently (see `runtime`): `$plain` for
/// Kotlin, whose generated code drops the Rust future of a cancelled
/// coroutine, and `$with_cancel` for Swift, taking the `CancelToken` that the
/// hand-written Swift layer fires (uniffi.toml gives each language its own).
///
/// `|$api| $call` is the core's call on the API with the call's options. An
/// argument given `as` a core type is converted first, so that invalid
/// arguments are refused before invalid options, as the paginators refuse them.
macro_rules! directory_sync_calls {
    ($(
        $(#[doc = $doc:literal])*
        $plain:ident / $with_cancel:ident($arg:ident: $ty:ty $(as $core:ty)?) -> $ok:ty
            = |$api:ident| $call:expr;
    )*) => {
        #[uniffi::export]
        impl WorkOsClient {
            $(
                $(#[doc = $doc])*
                #[doc = "`options` override the client's for this call."]
                #[uniffi::method(default(options = None))]
                pub async fn $plain(
                    &self,
                    $arg: $ty,
                    options: Option<RequestOptions>,
                ) -> Result<$ok, WorkOsError> {
                    self.$with_cancel($arg, options, None).await
                }

                $(#[doc = $doc])*
                #[doc = "`options` override the client's for this call; `cancel` aborts it."]
                pub async fn $with_cancel(
                    &self,
                    $arg: $ty,
                    options: Option<RequestOptions>,
                    cancel: Option<Arc<CancelToken>>,
                ) -> Result<$ok, WorkOsError> {
                    $(let $arg = <$core>::try_from($arg)?;)?
                    let options = core_options(options)?;
                    let client = self.client.clone();
                    let call = async move {
                        let $api = client.directory_sync().with_options(options.as_ref());
                        $call.await
                    };
                    run_and_convert(call, cancel).await
                }
            )*
        }
    };
}

directory_sync_calls! {
    /// Gets one directory.
    get_directory / get_directory_with_cancel(id: String) -> Directory
        = |api| api.get_directory(&id);
    /// Lists one page of directories.
    list_directories / list_directories_with_cancel(params: ListParams as core::ListParams)
        -> DirectoryList = |api| api.list_directories_with(params);
    /// Deletes a directory.
    delete_directory / delete_directory_with_cancel(id: String) -> ()
        = |api| api.delete_directory(&id);
}

/// A paginator's parameters and options, checked by the core's rules.
fn checked(
    params: ListParams,
    options: Option<RequestOptions>,
) -> Result<(core::ListParams, Option<core::RequestOptions>), core::Error> {
    Ok((core::ListParams::try_from(params)?, core_options(options)?))
}

/// The core's pagination engine: fetches the next page only when asked.
#[derive(uniffi::Object)]
pub struct DirectoryPaginator {
    pages: Arc<Mutex<Result<core::Pages, core::Error>>>,
}

impl DirectoryPaginator {
    fn new(pages: Result<core::Pages, core::Error>) -> Arc<Self> {
        Arc::new(DirectoryPaginator {
            pages: Arc::new(Mutex::new(pages)),
        })
    }
}

#[uniffi::export]
impl DirectoryPaginator {
    /// The next page, or nil once the last one has been returned. After an
    /// error the position is unchanged, so calling again retries that page.
    pub async fn next_page(&self) -> Result<Option<DirectoryList>, WorkOsError> {
        self.next_page_with_cancel(None).await
    }

    /// `next_page`, aborted by `cancel` (Swift: `nextPage(cancel:)`).
    pub async fn next_page_with_cancel(
        &self,
        cancel: Option<Arc<CancelToken>>,
    ) -> Result<Option<DirectoryList>, WorkOsError> {
        let pages = self.pages.clone();
        let next = async move {
            let mut guard = pages.lock().await;
            match guard.as_mut() {
                Ok(pages) => pages.next_page().await,
                Err(e) => Err(e.clone()),
            }
        };
        run_and_convert(next, cancel).await
    }
}

/// Runs a core call on the shared runtime (aborted by `cancel`), with the
/// core's error converted.
async fn run_and_convert<F, T>(fut: F, cancel: Option<Arc<CancelToken>>) -> Result<T, WorkOsError>
where
    F: Future<Output = Result<T, core::Error>> + Send + 'static,
    T: Send + 'static,
{
    run(fut, cancel).await.map_err(WorkOsError::from)
}

/// Calls started and not yet finished or cancelled, for leak checks.
#[uniffi::export]
pub fn in_flight_calls() -> u64 {
    crate::runtime::in_flight()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_options_follow_the_core_rules() {
        let options = RequestOptions {
            timeout_ms: Some(1500),
            max_retries: Some(0),
            extra_headers: HashMap::from([
                ("X-Team".to_owned(), "sync".to_owned()),
                ("X-Aaa".to_owned(), "1".to_owned()),
            ]),
            idempotency_key: Some("k".into()),
            base_url: None,
        }
        .into_core()
        .unwrap();
        assert_eq!(
            options.timeout,
            Some(std::time::Duration::from_millis(1500))
        );
        assert_eq!(options.max_retries, Some(0));
        // Name order, whatever the map's.
        assert_eq!(
            options.extra_headers,
            [
                ("X-Aaa".to_owned(), "1".to_owned()),
                ("X-Team".to_owned(), "sync".to_owned())
            ]
        );
        assert_eq!(core_options(None).unwrap(), None);

        let refused = |options: RequestOptions| core_options(Some(options)).unwrap_err().kind();
        assert_eq!(
            refused(RequestOptions {
                timeout_ms: Some(0),
                ..Default::default()
            }),
            "invalid_argument"
        );
        assert_eq!(
            refused(RequestOptions {
                extra_headers: HashMap::from([("User-Agent".to_owned(), "x".to_owned())]),
                ..Default::default()
            }),
            "invalid_argument"
        );
        assert_eq!(
            refused(RequestOptions {
                idempotency_key: Some("a\r\nb".into()),
                ..Default::default()
            }),
            "invalid_argument"
        );
    }
}
