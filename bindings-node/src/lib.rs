//! The native half of the `workos-dsync` npm package (napi-rs).
//!
//! It translates only: options and parameters into the core's types, results
//! into camelCase JS objects, and the core's error into a plain object with
//! every field, which the JS facade (`errors.js`) turns into the SPEC's
//! exception classes. Calls never reject for an API failure: they resolve to
//! `{ value }` or `{ error }`, so nothing is lost squeezing an error through
//! napi's `Error(message)`. Only the constructor throws: options with a number
//! out of range fail with napi's `InvalidArg` status, which the facade raises
//! as `InvalidArgumentException`.
//!
//! Async methods run on napi-rs's process-wide tokio runtime; the event loop
//! is never blocked.

use std::sync::Arc;
use std::time::Duration;

use napi_derive::napi;
use tokio::sync::Mutex;
use workos_dsync as core;

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
pub struct DirectoryUsersMetadata {
    pub active: i64,
    pub inactive: i64,
}

#[napi(object)]
pub struct DirectoryMetadata {
    pub users: DirectoryUsersMetadata,
    pub groups: i64,
}

/// A directory, with the API's values unchanged (open enums as strings).
#[napi(object)]
pub struct Directory {
    pub object: String,
    pub id: String,
    pub organization_id: String,
    pub external_key: String,
    #[napi(js_name = "type")]
    pub kind: String,
    pub state: String,
    pub name: String,
    pub domain: Option<String>,
    pub metadata: Option<DirectoryMetadata>,
    pub created_at: String,
    pub updated_at: String,
}

#[napi(object)]
pub struct ListMetadata {
    pub before: Option<String>,
    pub after: Option<String>,
}

#[napi(object)]
pub struct DirectoryList {
    pub object: String,
    pub data: Vec<Directory>,
    pub list_metadata: ListMetadata,
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
    /// The kind name of SPEC.md's error table (`not_found` ...).
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

#[napi(object)]
pub struct DirectoryResult {
    pub value: Option<Directory>,
    pub error: Option<NativeError>,
}

/// A page, or none once a walk is over, or an error.
#[napi(object)]
pub struct PageResult {
    pub value: Option<DirectoryList>,
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

fn directory(d: core::Directory) -> Directory {
    Directory {
        object: d.object,
        id: d.id,
        organization_id: d.organization_id,
        external_key: d.external_key,
        kind: d.r#type.as_str().to_owned(),
        state: d.state.as_str().to_owned(),
        name: d.name,
        domain: d.domain,
        metadata: d.metadata.map(|m| DirectoryMetadata {
            users: DirectoryUsersMetadata {
                active: m.users.active,
                inactive: m.users.inactive,
            },
            groups: m.groups,
        }),
        created_at: d.created_at,
        updated_at: d.updated_at,
    }
}

fn page(p: core::DirectoryList) -> DirectoryList {
    DirectoryList {
        object: p.object,
        data: p.data.into_iter().map(directory).collect(),
        list_metadata: ListMetadata {
            before: p.list_metadata.before,
            after: p.list_metadata.after,
        },
    }
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

/// The core's builder for `options`, or `invalid_argument` for a number the
/// core's types cannot hold: `maxRetries` must be an integer from 0 to
/// 2^32 - 1, `timeoutMs` a number of milliseconds from 0 to what a `Duration`
/// holds, about 1.8e22 (0 is left to the core, which fails every call with
/// `configuration`).
fn client_builder(options: Option<ClientOptions>) -> Result<core::ClientBuilder, core::Error> {
    let options = options.unwrap_or(ClientOptions {
        api_key: None,
        base_url: None,
        max_retries: None,
        timeout_ms: None,
        node_version: None,
    });
    let node = options.node_version.unwrap_or_else(|| "unknown".into());
    let mut b = core::Client::builder().binding("node", node);
    if let Some(key) = options.api_key {
        b = b.api_key(key);
    }
    if let Some(url) = options.base_url {
        b = b.base_url(url);
    }
    if let Some(n) = options.max_retries {
        // Written so that NaN fails every comparison and is refused.
        if !(n >= 0.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0) {
            return Err(core::Error::InvalidArgument(format!(
                "`maxRetries` must be an integer from 0 to 4294967295, not {}",
                js_number(n)
            )));
        }
        b = b.max_retries(n as u32);
    }
    if let Some(ms) = options.timeout_ms {
        let timeout = Duration::try_from_secs_f64(ms / 1000.0).map_err(|_| {
            core::Error::InvalidArgument(format!(
                "`timeout` must be a number of milliseconds from 0 to about 1.8e22, not {}",
                js_number(ms)
            ))
        })?;
        b = b.timeout(timeout);
    }
    Ok(b)
}

fn page_result(r: Result<Option<core::DirectoryList>, core::Error>) -> PageResult {
    match r {
        Ok(p) => PageResult {
            value: p.map(page),
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
        let builder = client_builder(options)
            .map_err(|e| napi::Error::new(napi::Status::InvalidArg, e.message().to_owned()))?;
        Ok(NativeClient {
            client: builder.build(),
        })
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
                value: Some(directory(d)),
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
