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
//! Async methods run on napi-rs's process-wide tokio runtime; the event loop
//! is never blocked.

use std::sync::Arc;

use napi_derive::napi;
use tokio::sync::Mutex;
use workos_dsync as core;

mod models;

use models::Model;

/// How to build a client. Unset values come from `WORKOS_API_KEY` /
/// `WORKOS_BASE_URL`, then the defaults.
#[napi(object)]
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

#[napi(object)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: Option<String>,
}

/// Everything the core's error carries.
#[napi(object)]
pub struct NativeError {
    /// The kind name of CONTRACT.md's error table (`not_found` ...).
    pub kind: String,
    pub message: String,
    pub status: Option<u32>,
    pub code: Option<String>,
    pub request_id: Option<String>,
    pub errors: Vec<FieldError>,
    /// Seconds.
    pub retry_after: Option<f64>,
    /// The one-line description (kind, status, code, message, request id).
    pub display: String,
}

/// A directory or an error. The directory is the core's model as a plain
/// camelCase object (`models`), typed in `index.d.ts`.
#[napi(object, object_from_js = false)]
pub struct DirectoryResult {
    #[napi(ts_type = "import('./index').Directory")]
    pub value: Option<Model<core::Directory>>,
    pub error: Option<NativeError>,
}

/// A page, or none once a walk is over, or an error. The page is the core's
/// `DirectoryList` as a plain camelCase object (`models`).
#[napi(object, object_from_js = false)]
pub struct PageResult {
    #[napi(
        ts_type = "{ object: string, data: Array<import('./index').Directory>, listMetadata: import('./index').ListMetadata }"
    )]
    pub value: Option<Model<core::DirectoryList>>,
    pub error: Option<NativeError>,
}

#[napi(object)]
pub struct DoneResult {
    pub error: Option<NativeError>,
}

fn error(e: core::Error) -> NativeError {
    NativeError {
        kind: e.kind().to_owned(),
        message: e.message().to_owned(),
        status: e.status().map(u32::from),
        code: e.code().map(str::to_owned),
        request_id: e.request_id().map(str::to_owned),
        errors: e
            .field_errors()
            .iter()
            .map(|f| FieldError {
                field: f.field.clone(),
                code: f.code.clone(),
                message: f.message.clone(),
            })
            .collect(),
        retry_after: e.retry_after().map(|d| d.as_secs_f64()),
        display: e.to_string(),
    }
}

/// Every kind name the core can report (`not_found` ...), in the order of the
/// error table: the facade's tests check that `errors.js` has a class for each.
#[napi]
pub fn error_kinds() -> Vec<String> {
    core::Error::KINDS.iter().map(|k| (*k).to_owned()).collect()
}

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
                js_number(n)
            )))
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

/// A number as JavaScript prints it, for messages (`Infinity`, not Rust's `inf`).
fn js_number(n: f64) -> String {
    match n {
        f64::INFINITY => "Infinity".into(),
        f64::NEG_INFINITY => "-Infinity".into(),
        n => n.to_string(),
    }
}

/// The core's client for `options`. The ranges are the core's
/// (`core::ClientOptions`): a number out of range is its `invalid_argument`,
/// named as the facade's options are (`maxRetries`, `timeout`). JS numbers
/// are doubles, so they go over as such; `timeoutMs` is in milliseconds.
fn client(options: Option<ClientOptions>) -> Result<core::Client, core::Error> {
    let options = options.unwrap_or(ClientOptions {
        api_key: None,
        base_url: None,
        max_retries: None,
        timeout_ms: None,
        node_version: None,
    });
    let node = options.node_version.unwrap_or_else(|| "unknown".into());
    core::Client::from_options(core::ClientOptions {
        api_key: options.api_key,
        base_url: options.base_url,
        max_retries: options.max_retries.map(core::Number::Float),
        timeout: options
            .timeout_ms
            .map(|ms| core::Timeout::Millis(core::Number::Float(ms))),
        binding: Some(("node".into(), node)),
        names: core::OptionNames {
            max_retries: "maxRetries",
            timeout: "timeout",
        },
        ..Default::default()
    })
}

fn page_result(r: Result<Option<core::DirectoryList>, core::Error>) -> PageResult {
    match r {
        Ok(p) => PageResult {
            value: p.map(Model),
            error: None,
        },
        Err(e) => PageResult {
            value: None,
            error: Some(error(e)),
        },
    }
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

    #[napi]
    pub async fn get_directory(&self, id: String) -> DirectoryResult {
        match self.client.directory_sync().get_directory(&id).await {
            Ok(d) => DirectoryResult {
                value: Some(Model(d)),
                error: None,
            },
            Err(e) => DirectoryResult {
                value: None,
                error: Some(error(e)),
            },
        }
    }

    #[napi]
    pub async fn list_directories(&self, params: Option<ListParams>) -> PageResult {
        let result = match to_list_params(params) {
            Ok(p) => self
                .client
                .directory_sync()
                .list_directories_with(p)
                .await
                .map(Some),
            Err(e) => Err(e),
        };
        page_result(result)
    }

    #[napi]
    pub async fn delete_directory(&self, id: String) -> DoneResult {
        DoneResult {
            error: self
                .client
                .directory_sync()
                .delete_directory(&id)
                .await
                .err()
                .map(error),
        }
    }

    /// The pages after a page fetched with `params`, from its `after` cursor.
    #[napi]
    pub fn pages_after(&self, params: Option<ListParams>, after: Option<String>) -> NativePages {
        let state =
            to_list_params(params).map(|p| core::Pages::after_cursor(&self.client, p, after));
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
    #[napi]
    pub async fn next_page(&self) -> PageResult {
        let mut guard = self.pages.lock().await;
        let result = match guard.as_mut() {
            Ok(pages) => pages.next_page().await,
            Err(e) => Err(e.clone()),
        };
        page_result(result)
    }
}
