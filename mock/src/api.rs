//! The three endpoints of the directories API, behind authentication and
//! fault injection (queued and random), each request logged.

use bytes::{BufMut, Bytes, BytesMut};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, ALLOW, RETRY_AFTER, USER_AGENT};
use hyper::{Method, Request, StatusCode};
use percent_encoding::percent_decode_str;
use serde_json::json;

use crate::faults::Kind;
use crate::query;
use crate::random_faults::RandomKind;
use crate::request_log::LogEntry;
use crate::response::{self, Response};
use crate::server::{DropConnection, State};
use crate::store::{ListQuery, Order};

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

const UNAUTHORIZED: &[u8] = br#"{"message":"Unauthorized","code":"unauthorized"}"#;
const DIRECTORY_NOT_FOUND: &[u8] =
    br#"{"message":"Directory not found","code":"entity_not_found"}"#;
const NOT_FOUND: &[u8] = br#"{"message":"Not found","code":"not_found"}"#;
const SERVICE_UNAVAILABLE: &[u8] =
    br#"{"message":"Service unavailable (random mock fault)","code":"service_unavailable"}"#;
const RATE_LIMITED: &[u8] =
    br#"{"message":"Too many requests (random mock fault)","code":"rate_limit_exceeded"}"#;
const METHOD_NOT_ALLOWED: &[u8] =
    br#"{"message":"Method not allowed","code":"method_not_allowed"}"#;

/// The request's headers for the log: lower-case names, values as text,
/// repeated ones joined with ", ". `Authorization` is left out: the log
/// never holds a key.
fn logged_headers(headers: &hyper::HeaderMap) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        if name == hyper::header::AUTHORIZATION {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        match out.iter_mut().find(|(n, _)| n == name.as_str()) {
            Some((_, v)) => {
                v.push_str(", ");
                v.push_str(&value);
            }
            None => out.push((name.as_str().to_owned(), value)),
        }
    }
    out
}

/// Handles a request to anything outside `/__mock/`.
pub async fn handle(state: &State, req: Request<Incoming>) -> Result<Response, DropConnection> {
    let method = req.method().clone();
    let path = req.uri().path();
    let query = req.uri().query();
    let authorized = state.is_authorized(req.headers());
    let user_agent = req
        .headers()
        .get(USER_AGENT)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    // A queued fault is a test's explicit setup, so it wins over chance.
    let fault = state.faults.take(&method, path);
    let random = match fault {
        None if is_api_path(path) => state.random_faults.decide(&method, path, query),
        _ => None,
    };
    let mut entry = LogEntry::new(
        method.clone(),
        path.to_string(),
        query.map(str::to_string),
        authorized,
        user_agent,
    );
    entry.random_fault = random.map(|r| r.kind.name());
    entry.headers = logged_headers(req.headers());
    let entry = state.log.push(entry);
    let request_id = state.next_request_id();

    if let Some(action) = &fault {
        if !action.delay.is_zero() {
            tokio::time::sleep(action.delay).await;
        }
        if action.kind == Kind::Drop {
            return Err(DropConnection);
        }
        if let Some(mut response) = action.response() {
            // A fault may set its own request id, e.g. to test how it is reported.
            response
                .headers_mut()
                .entry(X_REQUEST_ID)
                .or_insert(request_id);
            entry.set_status(response.status().as_u16());
            return Ok(response);
        }
    }
    if let Some(random) = random {
        let response = match random.kind {
            RandomKind::Drop => return Err(DropConnection),
            RandomKind::Slow => {
                tokio::time::sleep(random.delay).await;
                None
            }
            RandomKind::Unavailable => Some(response::json(
                StatusCode::SERVICE_UNAVAILABLE,
                Bytes::from_static(SERVICE_UNAVAILABLE),
            )),
            RandomKind::RateLimited => {
                let mut response = response::json(
                    StatusCode::TOO_MANY_REQUESTS,
                    Bytes::from_static(RATE_LIMITED),
                );
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from_static("0"));
                Some(response)
            }
        };
        if let Some(mut response) = response {
            response.headers_mut().insert(X_REQUEST_ID, request_id);
            entry.set_status(response.status().as_u16());
            return Ok(response);
        }
    }

    let mut response = if authorized {
        route(state, &method, path, query)
    } else {
        response::json(StatusCode::UNAUTHORIZED, Bytes::from_static(UNAUTHORIZED))
    };
    response.headers_mut().insert(X_REQUEST_ID, request_id);
    if let Some(action) = &fault {
        action.apply_headers(&mut response);
    }
    entry.set_status(response.status().as_u16());
    Ok(response)
}

/// The directories API itself, the only requests random faults hit.
fn is_api_path(path: &str) -> bool {
    path == "/directories" || path.starts_with("/directories/")
}

fn method_not_allowed(allow: &'static str) -> Response {
    let mut response = response::json(
        StatusCode::METHOD_NOT_ALLOWED,
        Bytes::from_static(METHOD_NOT_ALLOWED),
    );
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static(allow));
    response
}

fn route(state: &State, method: &Method, path: &str, query: Option<&str>) -> Response {
    // HEAD is served as GET: hyper then sends GET's status and headers,
    // Content-Length included, and leaves the body out.
    let method = if method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    // An empty id cannot name a directory, so a trailing slash is read as
    // the collection, as servers commonly do, rather than a lookup of "".
    if path == "/directories" || path == "/directories/" {
        return match *method {
            Method::GET => list(state, query.unwrap_or("")),
            _ => method_not_allowed("GET, HEAD"),
        };
    }
    let Some(segment) = path
        .strip_prefix("/directories/")
        .filter(|s| !s.contains('/'))
    else {
        return response::json(StatusCode::NOT_FOUND, Bytes::from_static(NOT_FOUND));
    };
    // Decoded after splitting, so an encoded `/` stays part of the id.
    let id = percent_decode_str(segment).decode_utf8_lossy();
    match *method {
        Method::GET => get(state, &id),
        Method::DELETE => delete(state, &id),
        _ => method_not_allowed("GET, HEAD, DELETE"),
    }
}

fn directory_not_found() -> Response {
    response::json(
        StatusCode::NOT_FOUND,
        Bytes::from_static(DIRECTORY_NOT_FOUND),
    )
}

fn get(state: &State, id: &str) -> Response {
    let found = state.store().get(id);
    match found {
        Some(dir) => response::json(StatusCode::OK, dir.json.clone()),
        None => directory_not_found(),
    }
}

fn delete(state: &State, id: &str) -> Response {
    let deleted = state.store().delete(id);
    if deleted {
        response::json(StatusCode::ACCEPTED, Bytes::from_static(b"{}"))
    } else {
        directory_not_found()
    }
}

fn field_error(field: &str, code: &str, message: &str) -> serde_json::Value {
    json!({"field": field, "code": code, "message": message})
}

fn parse_limit(value: &str) -> Option<usize> {
    // Digits only: `str::parse` would also accept a leading `+`.
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok().filter(|limit| (1..=100).contains(limit))
}

fn list(state: &State, raw_query: &str) -> Response {
    let mut errors = Vec::new();
    let mut query = ListQuery::new(10, Order::Desc);
    for (key, value) in query::parse(raw_query) {
        match key.as_str() {
            "organization_id" => query.organization_id = Some(value),
            "search" => query.search_lower = Some(value.to_lowercase()),
            "domain" => query.domain = Some(value),
            "before" => query.before = Some(value),
            "after" => query.after = Some(value),
            "limit" => match parse_limit(&value) {
                Some(limit) => query.limit = limit,
                None => errors.push(field_error(
                    "limit",
                    "invalid_limit",
                    "limit must be an integer between 1 and 100",
                )),
            },
            "order" => match value.as_str() {
                "asc" => query.order = Order::Asc,
                "desc" => query.order = Order::Desc,
                "normal" => query.order = Order::Normal,
                _ => errors.push(field_error(
                    "order",
                    "invalid_order",
                    "order must be one of asc, desc, normal",
                )),
            },
            _ => {}
        }
    }

    if !errors.is_empty() {
        return validation_failed(errors);
    }
    let page = state.store().list(&query);

    let size: usize = page.data.iter().map(|d| d.json.len() + 1).sum();
    let mut body = BytesMut::with_capacity(size + 160);
    body.put_slice(br#"{"object":"list","data":["#);
    for (i, dir) in page.data.iter().enumerate() {
        if i > 0 {
            body.put_u8(b',');
        }
        body.put_slice(&dir.json);
    }
    body.put_slice(br#"],"list_metadata":{"before":"#);
    put_json_id(&mut body, page.before.as_deref());
    body.put_slice(br#","after":"#);
    put_json_id(&mut body, page.after.as_deref());
    body.put_slice(b"}}");
    response::json(StatusCode::OK, body.freeze())
}

fn put_json_id(out: &mut BytesMut, id: Option<&str>) {
    match id {
        Some(id) => out.put_slice(json!(id).to_string().as_bytes()),
        None => out.put_slice(b"null"),
    }
}

fn validation_failed(errors: Vec<serde_json::Value>) -> Response {
    let body = json!({
        "message": "Validation failed",
        "code": "invalid_request_parameters",
        "errors": errors,
    });
    response::json(StatusCode::UNPROCESSABLE_ENTITY, body.to_string())
}
