//! The `/__mock/` API tests use to set up data, inject faults and read the
//! request log. Never authenticated, logged or faulted.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW};
use hyper::{Method, Request, StatusCode};
use serde_json::{json, Value};

use crate::directory::{Directory, Fields};
use crate::faults;
use crate::random_faults::RandomFaultConfig;
use crate::response::{self, Response};
use crate::server::State;
use crate::store::{AddError, Store};

/// Request bodies larger than this are refused rather than buffered.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// The most directories one request may generate, so a typo cannot take
/// the machine's memory.
pub const MAX_GENERATE: u64 = 1_000_000;

/// An admin request that could not be carried out.
#[derive(Debug)]
pub struct AdminError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl AdminError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AdminError {
            status,
            code,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    fn response(&self) -> Response {
        response::error(self.status, &self.message, self.code)
    }
}

impl std::fmt::Display for AdminError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for AdminError {}

impl From<serde_json::Error> for AdminError {
    fn from(e: serde_json::Error) -> Self {
        match e.classify() {
            serde_json::error::Category::Data => Self::bad_request(e.to_string()),
            _ => Self::new(StatusCode::BAD_REQUEST, "invalid_json", e.to_string()),
        }
    }
}

impl From<AddError> for AdminError {
    fn from(e: AddError) -> Self {
        match e {
            AddError::Duplicate(id) => Self::new(
                StatusCode::CONFLICT,
                "duplicate_id",
                format!("A directory with id {id:?} already exists"),
            ),
            AddError::BadId => Self::bad_request("a directory's id must be a string"),
        }
    }
}

/// What `POST /__mock/directories` (and a fixtures file) asks for.
#[derive(Debug)]
pub enum AddRequest {
    /// These (partial) directories.
    Directories(Vec<Fields>),
    /// `count` generated directories with `template`'s fields.
    Generate {
        /// How many.
        count: usize,
        /// From which seed; the store's own randomness when absent.
        seed: Option<u64>,
        /// Fields that replace the generated ones.
        template: Fields,
    },
}

fn non_negative(value: &Value, name: &str, max: u64) -> Result<u64, AdminError> {
    value.as_u64().filter(|n| *n <= max).ok_or_else(|| {
        AdminError::bad_request(format!("{name} must be an integer from 0 to {max}"))
    })
}

/// Parses an array of directories, one directory, or `{"generate":N,...}`.
pub fn parse_add(body: &[u8]) -> Result<AddRequest, AdminError> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        return Ok(AddRequest::Directories(serde_json::from_slice(body)?));
    }
    let mut fields: Fields = serde_json::from_slice(body)?;
    let Some(count) = fields.remove("generate") else {
        return Ok(AddRequest::Directories(vec![fields]));
    };
    let count = non_negative(&count, "generate", MAX_GENERATE)? as usize;
    let seed = match fields.remove("seed") {
        None | Some(Value::Null) => None,
        Some(seed) => Some(non_negative(&seed, "seed", u64::MAX)?),
    };
    Ok(AddRequest::Generate {
        count,
        seed,
        template: fields,
    })
}

/// Carries out an [`AddRequest`].
pub fn add(store: &mut Store, request: AddRequest) -> Result<Vec<Arc<Directory>>, AdminError> {
    Ok(match request {
        AddRequest::Directories(partials) => store.add(partials)?,
        AddRequest::Generate {
            count,
            seed,
            template,
        } => store.generate(count, seed, &template)?,
    })
}

fn json_array<'a>(items: impl Iterator<Item = &'a Arc<Directory>>) -> Bytes {
    let mut out = Vec::with_capacity(4096);
    out.push(b'[');
    for (i, dir) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&dir.json);
    }
    out.push(b']');
    Bytes::from(out)
}

async fn read_body(body: Incoming) -> Result<Bytes, AdminError> {
    match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(AdminError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("request bodies are limited to {MAX_BODY} bytes"),
        )),
        Err(e) => Err(AdminError::bad_request(format!(
            "could not read the body: {e}"
        ))),
    }
}

fn reset(state: &State, body: &[u8]) -> Result<Response, AdminError> {
    let blank = body.iter().all(u8::is_ascii_whitespace);
    let settings: Option<Value> = if blank {
        None
    } else {
        Some(serde_json::from_slice(body)?)
    };
    let count = {
        let mut store = state.store();
        match settings {
            None | Some(Value::Null) => {
                store.restore(&state.start.directories, state.start.seed);
            }
            Some(Value::Object(settings)) => {
                let seed = match settings.get("seed") {
                    None | Some(Value::Null) => state.start.seed,
                    Some(seed) => non_negative(seed, "seed", u64::MAX)?,
                };
                let count = match settings.get("count") {
                    None | Some(Value::Null) => state.start.count as u64,
                    Some(count) => non_negative(count, "count", MAX_GENERATE)?,
                };
                store.clear(seed);
                store.generate(count as usize, Some(seed), &Fields::default())?;
            }
            Some(_) => return Err(AdminError::bad_request("expected an object or no body")),
        }
        store.len()
    };
    state.faults.clear();
    state
        .random_faults
        .restore(state.start.random_faults.as_ref());
    state.log.clear();
    Ok(response::json(
        StatusCode::OK,
        json!({"directories": count}).to_string(),
    ))
}

fn add_directories(state: &State, body: &[u8]) -> Result<Response, AdminError> {
    let request = parse_add(body)?;
    let made = add(&mut state.store(), request)?;
    Ok(response::json(StatusCode::CREATED, json_array(made.iter())))
}

fn queue_faults(state: &State, body: &[u8]) -> Result<Response, AdminError> {
    let faults = faults::parse(body)?;
    let queued = faults.len();
    state.faults.push(faults);
    Ok(response::json(
        StatusCode::CREATED,
        json!({"queued": queued}).to_string(),
    ))
}

fn set_random_faults(state: &State, body: &[u8]) -> Result<Response, AdminError> {
    let config = RandomFaultConfig::parse(body).map_err(AdminError::bad_request)?;
    state.random_faults.set(config);
    Ok(response::json(
        StatusCode::OK,
        state.random_faults.to_json().to_string(),
    ))
}

fn empty_object() -> Response {
    response::json(StatusCode::OK, Bytes::from_static(b"{}"))
}

/// Handles a request under `/__mock/`.
pub async fn handle(state: &State, req: Request<Incoming>) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path();
    let allow = match path {
        "/__mock/reset" => "POST",
        "/__mock/directories" => "GET, HEAD, POST",
        "/__mock/faults" => "POST, DELETE",
        "/__mock/random-faults" => "GET, HEAD, POST, DELETE",
        "/__mock/requests" => "GET, HEAD, DELETE",
        _ => return response::error(StatusCode::NOT_FOUND, "Not found", "not_found"),
    };
    // As for the API: hyper leaves GET's body out of the answer to a HEAD.
    let method = if parts.method == Method::HEAD {
        Method::GET
    } else {
        parts.method.clone()
    };
    let needs_body = method == Method::POST;
    let body = if needs_body {
        match read_body(body).await {
            Ok(body) => body,
            Err(e) => return e.response(),
        }
    } else {
        Bytes::new()
    };
    let result = match (&method, path) {
        (&Method::POST, "/__mock/reset") => reset(state, &body),
        (&Method::POST, "/__mock/directories") => add_directories(state, &body),
        (&Method::GET, "/__mock/directories") => {
            let all: Vec<Arc<Directory>> = state.store().all().cloned().collect();
            Ok(response::json(StatusCode::OK, json_array(all.iter())))
        }
        (&Method::POST, "/__mock/faults") => queue_faults(state, &body),
        (&Method::DELETE, "/__mock/faults") => {
            state.faults.clear();
            Ok(empty_object())
        }
        (&Method::POST, "/__mock/random-faults") => set_random_faults(state, &body),
        (&Method::GET, "/__mock/random-faults") => Ok(response::json(
            StatusCode::OK,
            state.random_faults.to_json().to_string(),
        )),
        (&Method::DELETE, "/__mock/random-faults") => {
            state.random_faults.disable();
            Ok(empty_object())
        }
        (&Method::GET, "/__mock/requests") => {
            Ok(response::json(StatusCode::OK, state.log.to_json()))
        }
        (&Method::DELETE, "/__mock/requests") => {
            state.log.clear();
            Ok(empty_object())
        }
        _ => {
            let mut response = response::error(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method not allowed",
                "method_not_allowed",
            );
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static(allow));
            Ok(response)
        }
    };
    result.unwrap_or_else(|e| e.response())
}
