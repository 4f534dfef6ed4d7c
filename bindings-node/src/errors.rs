//! The core's error as a plain object with every field (the facade's
//! `errors.js` builds the exception classes from it), and the result objects
//! calls resolve to: `{ value }` or `{ error }`, never a rejection for an API
//! failure, so nothing is lost squeezing an error through napi's `Error(message)`.

use napi_derive::napi;
use workos_dsync as core;

use crate::models::Model;

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

impl From<Result<core::Directory, core::Error>> for DirectoryResult {
    fn from(r: Result<core::Directory, core::Error>) -> Self {
        match r {
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
}

impl From<Result<Option<core::DirectoryList>, core::Error>> for PageResult {
    fn from(r: Result<Option<core::DirectoryList>, core::Error>) -> Self {
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
}

impl From<Result<(), core::Error>> for DoneResult {
    fn from(r: Result<(), core::Error>) -> Self {
        DoneResult {
            error: r.err().map(error),
        }
    }
}

pub(crate) fn error(e: core::Error) -> NativeError {
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
