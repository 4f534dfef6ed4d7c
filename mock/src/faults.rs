//! Injected failures: queued by tests, matched against incoming requests in
//! order, each applying a set number of times.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use hyper::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::response::{self, Body, Response};

/// A fault as tests write it; `null` means the same as leaving a field out.
#[derive(Debug, Deserialize)]
struct FaultSpec {
    method: Option<String>,
    path: Option<String>,
    times: Option<u64>,
    status: Option<u16>,
    body: Option<Value>,
    headers: Option<Map<String, Value>>,
    delay_ms: Option<u64>,
    drop: Option<bool>,
    malformed: Option<bool>,
    html: Option<bool>,
    body_bytes: Option<u64>,
}

/// What a fault does to the request it matches.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Close the connection without answering.
    Drop,
    /// Answer this status with this body.
    Respond {
        /// The status.
        status: StatusCode,
        /// The body.
        body: Bytes,
        /// Its content type.
        content_type: HeaderValue,
    },
    /// Answer this status with `n` filler bytes.
    BodyBytes {
        /// The status.
        status: StatusCode,
        /// The body length.
        n: u64,
    },
    /// Serve the request normally (after the delay, with the headers).
    Serve,
}

/// A matched fault's effect.
#[derive(Debug, Clone)]
pub struct Action {
    /// How long to wait first.
    pub delay: Duration,
    /// What to do then.
    pub kind: Kind,
    /// Headers added to (or replacing those of) the response.
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl Action {
    /// The response, or `None` when the request is to be dropped or served.
    pub fn response(&self) -> Option<Response> {
        let mut response = match &self.kind {
            Kind::Drop | Kind::Serve => return None,
            Kind::Respond {
                status,
                body,
                content_type,
            } => {
                // A 204 or 304 with a body is not valid HTTP/1.1.
                let body = if matches!(status.as_u16(), 204 | 304) {
                    Body::empty()
                } else {
                    Body::full(body.clone())
                };
                let mut response = hyper::Response::new(body);
                *response.status_mut() = *status;
                response
                    .headers_mut()
                    .insert(CONTENT_TYPE, content_type.clone());
                response
            }
            Kind::BodyBytes { status, n } => {
                let mut response = hyper::Response::new(Body::Filler(*n));
                *response.status_mut() = *status;
                response
                    .headers_mut()
                    .insert(CONTENT_TYPE, response::APPLICATION_JSON);
                response
            }
        };
        self.apply_headers(&mut response);
        Some(response)
    }

    /// Adds the fault's headers, replacing any of the same name.
    pub fn apply_headers(&self, response: &mut Response) {
        for (name, value) in &self.headers {
            response.headers_mut().insert(name.clone(), value.clone());
        }
    }
}

/// A queued fault.
#[derive(Debug, Clone)]
pub struct Fault {
    method: Option<String>,
    path: Option<String>,
    remaining: u64,
    action: Action,
}

/// Cut off mid-object, as a connection lost mid-response would leave it.
const MALFORMED_BODY: &[u8] = br#"{"object":"directory","id":"#;
const DEFAULT_BODY: &[u8] = br#"{"message":"Mock fault","code":"mock_fault"}"#;

fn html_page(status: StatusCode) -> Bytes {
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    Bytes::from(format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n\
         <center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n\
         </body>\r\n</html>\r\n"
    ))
}

impl Fault {
    fn from_spec(spec: FaultSpec) -> Result<Fault, String> {
        let status = spec
            .status
            .map(|code| match StatusCode::from_u16(code) {
                Ok(status) if (200..=599).contains(&code) => Ok(status),
                _ => Err(format!("status {code} is not between 200 and 599")),
            })
            .transpose()?;
        let mut headers = Vec::new();
        for (name, value) in spec.headers.unwrap_or_default() {
            let text = match value {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(format!("header {name} must be a string")),
            };
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("{name:?} is not a valid header name"))?;
            let value = HeaderValue::from_str(&text)
                .map_err(|_| format!("{text:?} is not a valid header value"))?;
            headers.push((name, value));
        }
        let kind = if spec.drop == Some(true) {
            Kind::Drop
        } else if spec.malformed == Some(true) {
            Kind::Respond {
                status: status.unwrap_or(StatusCode::OK),
                body: Bytes::from_static(MALFORMED_BODY),
                content_type: response::APPLICATION_JSON,
            }
        } else if spec.html == Some(true) {
            let status = status.unwrap_or(StatusCode::BAD_GATEWAY);
            Kind::Respond {
                status,
                body: html_page(status),
                content_type: HeaderValue::from_static("text/html"),
            }
        } else if let Some(n) = spec.body_bytes {
            Kind::BodyBytes {
                status: status.unwrap_or(StatusCode::OK),
                n,
            }
        } else if let Some(status) = status {
            let body = match spec.body {
                None => Bytes::from_static(DEFAULT_BODY),
                // A string is sent verbatim so tests can send any bytes at all.
                Some(Value::String(text)) => Bytes::from(text),
                Some(value) => Bytes::from(value.to_string()),
            };
            Kind::Respond {
                status,
                body,
                content_type: response::APPLICATION_JSON,
            }
        } else {
            Kind::Serve
        };
        Ok(Fault {
            method: spec.method.map(|m| m.to_ascii_uppercase()),
            path: spec.path,
            remaining: spec.times.unwrap_or(1),
            action: Action {
                delay: Duration::from_millis(spec.delay_ms.unwrap_or(0)),
                kind,
                headers,
            },
        })
    }

    fn matches(&self, method: &Method, path: &str) -> bool {
        self.remaining > 0
            && self.method.as_deref().is_none_or(|m| m == method.as_str())
            && self.path.as_deref().is_none_or(|p| p == path)
    }
}

/// Parses one fault (a JSON object) or several (an array of them).
pub fn parse(body: &[u8]) -> Result<Vec<Fault>, serde_json::Error> {
    let specs = match serde_json::from_slice::<Value>(body)? {
        value @ Value::Array(_) => serde_json::from_value::<Vec<FaultSpec>>(value)?,
        value => vec![serde_json::from_value::<FaultSpec>(value)?],
    };
    specs
        .into_iter()
        .map(|spec| Fault::from_spec(spec).map_err(serde::de::Error::custom))
        .collect()
}

/// The queued faults, oldest first.
#[derive(Debug, Default)]
pub struct FaultQueue {
    faults: Mutex<VecDeque<Fault>>,
    /// Lets the common case (nothing queued) skip the lock.
    len: AtomicUsize,
}

impl FaultQueue {
    fn faults(&self) -> std::sync::MutexGuard<'_, VecDeque<Fault>> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues faults after those already queued.
    pub fn push(&self, faults: Vec<Fault>) {
        let mut queue = self.faults();
        // A fault with no times left would never apply, only slow every request.
        queue.extend(faults.into_iter().filter(|f| f.remaining > 0));
        self.len.store(queue.len(), Ordering::Release);
    }

    /// Forgets every fault.
    pub fn clear(&self) {
        let mut queue = self.faults();
        queue.clear();
        self.len.store(0, Ordering::Release);
    }

    /// The first fault matching the request, using up one of its times.
    pub fn take(&self, method: &Method, path: &str) -> Option<Action> {
        if self.len.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut queue = self.faults();
        let index = queue.iter().position(|f| f.matches(method, path))?;
        let fault = &mut queue[index];
        fault.remaining -= 1;
        let action = fault.action.clone();
        if fault.remaining == 0 {
            queue.remove(index);
            self.len.store(queue.len(), Ordering::Release);
        }
        Some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue(json: &str) -> FaultQueue {
        let queue = FaultQueue::default();
        queue.push(parse(json.as_bytes()).unwrap());
        queue
    }

    #[test]
    fn matches_in_order_and_counts_times() {
        let q = queue(
            r#"[{"method":"get","path":"/directories/a","times":2,"status":503},
                {"path":"/directories/a","status":500},
                {"status":429}]"#,
        );
        let status = |a: Option<Action>| match a.map(|a| a.kind) {
            Some(Kind::Respond { status, .. }) => Some(status.as_u16()),
            _ => None,
        };
        assert_eq!(status(q.take(&Method::DELETE, "/directories/b")), Some(429));
        assert_eq!(status(q.take(&Method::DELETE, "/directories/a")), Some(500));
        assert_eq!(status(q.take(&Method::GET, "/directories/a")), Some(503));
        assert_eq!(status(q.take(&Method::GET, "/directories/a")), Some(503));
        assert_eq!(status(q.take(&Method::GET, "/directories/a")), None);
    }

    #[test]
    fn kinds_and_defaults() {
        let one = |json: &str| parse(json.as_bytes()).unwrap().remove(0).action;
        assert_eq!(one(r#"{"drop":true,"status":500}"#).kind, Kind::Drop);
        assert_eq!(one(r#"{"delay_ms":5}"#).kind, Kind::Serve);
        assert_eq!(one(r#"{"delay_ms":5}"#).delay, Duration::from_millis(5));
        assert_eq!(
            one(r#"{"body_bytes":10,"body_bytes":null,"status":null}"#).kind,
            Kind::Serve
        );
        match one(r#"{"html":true}"#).kind {
            Kind::Respond { status, body, .. } => {
                assert_eq!(status, 502);
                assert!(std::str::from_utf8(&body)
                    .unwrap()
                    .contains("502 Bad Gateway"));
            }
            other => panic!("{other:?}"),
        }
        match one(r#"{"status":400,"body":"\"oops\""}"#).kind {
            Kind::Respond { body, .. } => assert_eq!(&body[..], b"\"oops\""),
            other => panic!("{other:?}"),
        }
        match one(r#"{"status":503}"#).kind {
            Kind::Respond { body, .. } => assert_eq!(&body[..], DEFAULT_BODY),
            other => panic!("{other:?}"),
        }
        let headers = one(r#"{"status":429,"headers":{"Retry-After":1}}"#).headers;
        assert_eq!(headers[0].0, "retry-after");
        assert_eq!(headers[0].1, "1");
    }

    #[test]
    fn rejects_bad_faults() {
        for json in [
            r#"{"status":99}"#,
            r#"{"status":600}"#,
            r#"{"status":"500"}"#,
            r#"{"headers":{"bad name":"x"}}"#,
            r#"{"headers":{"x":"a\nb"}}"#,
            r#"{"headers":{"x":[1]}}"#,
            r#"{"times":-1}"#,
            r#"[1]"#,
            r#"7"#,
            r#"{"#,
        ] {
            assert!(parse(json.as_bytes()).is_err(), "{json}");
        }
    }
}
