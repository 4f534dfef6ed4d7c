//! The client the facade wraps: options and list parameters from JS into the
//! core's types, and the calls, which run on the core's shared runtime
//! (`completion`).

use std::sync::Arc;

use napi::Env;
use napi_derive::napi;
use tokio::sync::Mutex;
use workos_dsync as core;

use crate::completion::{self, Promise};
use crate::errors::{DirectoryResult, DoneResult, PageResult};

/// How to build a client. Unset values come from `WORKOS_API_KEY` /
/// `WORKOS_BASE_URL`, then the defaults.
#[napi(object)]
#[derive(Default)]
pub struct ClientOptions {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    // A double, not napi's u32, which would wrap -1 to 4294967295 retries.
    pub max_retries: Option<f64>,
    /// Per-attempt timeout in milliseconds.
    pub timeout_ms: Option<f64>,
    /// `process.versions.node`, for the User-Agent.
    pub node_version: Option<String>,
}

/// The parameters of `GET /directories`, camelCase.
#[napi(object)]
pub struct ListParams {
    pub organization_id: Option<String>,
    pub search: Option<String>,
    pub domain: Option<String>,
    pub limit: Option<f64>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub order: Option<String>,
}

/// Options for one call, camelCase; each one set overrides the client's for
/// that call only, and for every page an auto-paging walk fetches. The facade
/// checks the types (and refuses unknown keys); the ranges and the headers
/// are the core's (`core::RequestOptions::from_binding`).
#[napi(object)]
pub struct CallOptions {
    /// Per-attempt timeout in milliseconds; more than zero.
    pub timeout_ms: Option<f64>,
    // A double, as for the client: napi's u32 would wrap -1.
    pub max_retries: Option<f64>,
    /// `[name, value]` pairs, in the order the caller gave them.
    pub extra_headers: Option<Vec<(String, String)>>,
    pub idempotency_key: Option<String>,
    pub base_url: Option<String>,
}

/// The core's options for `options`: `invalid_argument` for a number out of
/// range, a zero timeout, or a header the core refuses, named as the facade
/// spells the options.
fn to_request_options(
    options: Option<CallOptions>,
) -> Result<Option<core::RequestOptions>, core::Error> {
    let Some(o) = options else {
        return Ok(None);
    };
    core::RequestOptions::from_binding(core::BindingRequestOptions {
        timeout: o.timeout_ms.map(millis),
        max_retries: o.max_retries.map(core::Number::Float),
        extra_headers: o.extra_headers.unwrap_or_default(),
        idempotency_key: o.idempotency_key,
        base_url: o.base_url,
        names: NAMES,
    })
    .map(Some)
}

/// A timeout in milliseconds, as both the client's and a call's options give
/// it: a double, as every JS number is.
fn millis(ms: f64) -> core::Timeout {
    core::Timeout::Millis(core::Number::Float(ms))
}

/// The options as the facade spells them, for the core's messages.
const NAMES: core::OptionNames = core::OptionNames {
    max_retries: "maxRetries",
    timeout: "timeout",
};

fn to_list_params(p: Option<ListParams>) -> Result<core::ListParams, core::Error> {
    let Some(p) = p else {
        return Ok(core::ListParams::default());
    };
    // JS has only doubles: a limit that is no integer cannot become the
    // core's integer, so it is refused here with the core's error kind.
    let limit = match p.limit {
        Some(n) if n.fract() != 0.0 || !n.is_finite() || n.abs() > 1e15 => {
            return Err(core::Error::InvalidArgument(format!(
                "`limit` must be an integer between 1 and 100, not {}",
                // Shown as JavaScript shows it (`Infinity`, `1e+300`), as the core shows its numbers.
                core::Number::Float(n)
            )));
        }
        other => other.map(|n| n as i64),
    };
    Ok(core::ListParams {
        organization_id: p.organization_id,
        search: p.search,
        domain: p.domain,
        limit,
        before: p.before,
        after: p.after,
        order: p.order.map(|o| o.parse()).transpose()?,
    })
}

/// The core's client for `options`. The ranges are the core's
/// (`core::ClientOptions`): a number out of range is its `invalid_argument`,
/// named as the facade's options are (`maxRetries`, `timeout`). JS numbers
/// are doubles, so they go over as such; `timeoutMs` is in milliseconds.
fn client(options: Option<ClientOptions>) -> Result<core::Client, core::Error> {
    let options = options.unwrap_or_default();
    let node = options.node_version.unwrap_or_else(|| "unknown".into());
    core::Client::from_options(core::ClientOptions {
        api_key: options.api_key,
        base_url: options.base_url,
        max_retries: options.max_retries.map(core::Number::Float),
        timeout: options.timeout_ms.map(millis),
        binding: Some(("node".into(), node)),
        names: NAMES,
        ..Default::default()
    })
}

/// The core client. Cheap to share; one connection pool.
#[napi]
pub struct NativeClient {
    client: core::Client,
}

#[napi]
impl NativeClient {
    // Throws an error with code `InvalidArg` (which the facade raises as
    // InvalidArgumentException) for a `maxRetries` or `timeoutMs` out of range.
    #[napi(constructor)]
    pub fn new(options: Option<ClientOptions>) -> napi::Result<Self> {
        let client = client(options)
            .map_err(|e| napi::Error::new(napi::Status::InvalidArg, e.message().to_owned()))?;
        Ok(NativeClient { client })
    }

    /// The base URL in use, or null when the configuration is unusable.
    #[napi(getter)]
    pub fn base_url(&self) -> Option<String> {
        self.client.base_url().map(str::to_owned)
    }

    // The calls are plain methods returning a promise of `completion`, not
    // napi-rs `async fn`s: see completion.rs for why. Each takes what it
    // needs by value (a clone of the client is one reference count).
    #[napi(ts_return_type = "Promise<DirectoryResult>")]
    pub fn get_directory(
        &self,
        env: Env,
        id: String,
        options: Option<CallOptions>,
    ) -> napi::Result<Promise> {
        let client = self.client.clone();
        completion::spawn(env.raw(), async move {
            let result = async {
                let o = to_request_options(options)?;
                client
                    .directory_sync()
                    .with_options(o.as_ref())
                    .get_directory(&id)
                    .await
            };
            DirectoryResult::from(result.await)
        })
    }

    #[napi(ts_return_type = "Promise<PageResult>")]
    pub fn list_directories(
        &self,
        env: Env,
        params: Option<ListParams>,
        options: Option<CallOptions>,
    ) -> napi::Result<Promise> {
        let client = self.client.clone();
        completion::spawn(env.raw(), async move {
            let result = async {
                let p = to_list_params(params)?;
                let o = to_request_options(options)?;
                client
                    .directory_sync()
                    .with_options(o.as_ref())
                    .list_directories_with(p)
                    .await
            };
            PageResult::from(result.await.map(Some))
        })
    }

    #[napi(ts_return_type = "Promise<DoneResult>")]
    pub fn delete_directory(
        &self,
        env: Env,
        id: String,
        options: Option<CallOptions>,
    ) -> napi::Result<Promise> {
        let client = self.client.clone();
        completion::spawn(env.raw(), async move {
            let result = async {
                let o = to_request_options(options)?;
                client
                    .directory_sync()
                    .with_options(o.as_ref())
                    .delete_directory(&id)
                    .await
            };
            DoneResult::from(result.await)
        })
    }

    /// The pages after a page fetched with `params` and `options`, from its
    /// cursors (the core follows the one that continues the listing in its
    /// order); every page is fetched with `options`.
    #[napi]
    pub fn pages_after(
        &self,
        params: Option<ListParams>,
        before: Option<String>,
        after: Option<String>,
        options: Option<CallOptions>,
    ) -> NativePages {
        let cursors = core::ListMetadata { before, after };
        let state = to_list_params(params).and_then(|p| {
            let o = to_request_options(options)?;
            Ok(core::Pages::resume(&self.client, p, &cursors).with_options(o))
        });
        NativePages {
            pages: Arc::new(Mutex::new(state)),
        }
    }
}

/// The core's pagination engine, one page per `nextPage()` call.
#[napi]
pub struct NativePages {
    pages: Arc<Mutex<Result<core::Pages, core::Error>>>,
}

#[napi]
impl NativePages {
    /// The next page; `value` is null when the walk is over.
    #[napi(ts_return_type = "Promise<PageResult>")]
    pub fn next_page(&self, env: Env) -> napi::Result<Promise> {
        let pages = self.pages.clone();
        completion::spawn(env.raw(), async move {
            let mut guard = pages.lock().await;
            let result = match guard.as_mut() {
                Ok(pages) => pages.next_page().await,
                Err(e) => Err(e.clone()),
            };
            PageResult::from(result)
        })
    }
}
