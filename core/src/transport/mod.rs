//! Sending one call: attempts, retries, bounded body reads, error classification.

use std::error::Error as _;
use std::time::SystemTime;

use reqwest::Method;

use crate::client::{Client, MAX_BODY_BYTES};
use crate::response::{self, Response};
use crate::retry::is_retryable_status;
use crate::Error;

/// How one attempt ended without an HTTP response.
struct Failure {
    error: Error,
    /// The request may have reached the server (anything but a refused connection).
    maybe_sent: bool,
}

impl Client {
    /// Sends `method path` (path and query, already encoded) with the retry
    /// policy, and returns the final response whatever its status. Transport
    /// failures that outlast the retries are returned as errors.
    pub(crate) async fn send(&self, method: Method, path: &str) -> Result<Response, Error> {
        let ready = self.inner.ready.as_ref().map_err(Clone::clone)?;
        let url = format!("{}{path}", ready.base_url);
        let mut after_ambiguous_attempt = false;
        let mut retry = 0;
        loop {
            let outcome = self.attempt(&ready.http, method.clone(), &url).await;
            let can_retry = retry < self.inner.max_retries;
            let wait = match outcome {
                Ok(mut response) => {
                    if !(can_retry && is_retryable_status(response.status)) {
                        response.after_ambiguous_attempt = after_ambiguous_attempt;
                        return Ok(response);
                    }
                    // A gateway's 502/503/504 does not say whether the server
                    // behind it carried the request out; 408 and 429 say it did not.
                    after_ambiguous_attempt |= matches!(response.status, 502..=504);
                    response
                        .retry_after
                        .unwrap_or_else(|| self.inner.backoff.delay(retry))
                }
                Err(failure) => {
                    let transient =
                        matches!(failure.error, Error::Connection(_) | Error::Timeout(_));
                    if !(can_retry && transient) {
                        return Err(failure.error);
                    }
                    after_ambiguous_attempt |= failure.maybe_sent;
                    self.inner.backoff.delay(retry)
                }
            };
            retry += 1;
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt(
        &self,
        http: &reqwest::Client,
        method: Method,
        url: &str,
    ) -> Result<Response, Failure> {
        let timeout = self.inner.timeout;
        let classify = |e: reqwest::Error| Failure {
            maybe_sent: !e.is_connect(),
            error: if e.is_timeout() {
                Error::Timeout(format!("no complete response within {timeout:?}"))
            } else if e.is_connect() {
                Error::Connection(format!("cannot connect: {}", chain(&e)))
            } else {
                Error::Connection(format!(
                    "connection lost before a full response: {}",
                    chain(&e)
                ))
            },
        };
        let mut resp = http.request(method, url).send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let request_id = response::request_id(resp.headers());
        let too_big = |request_id: Option<String>| Failure {
            maybe_sent: true,
            error: Error::InvalidResponse {
                message: format!("the response body is larger than {MAX_BODY_BYTES} bytes"),
                status: Some(status),
                request_id,
            },
        };
        if resp
            .content_length()
            .is_some_and(|n| n > MAX_BODY_BYTES as u64)
        {
            return Err(too_big(request_id));
        }
        let headers = std::mem::take(resp.headers_mut());
        let arrived = SystemTime::now();
        let mut body = Vec::with_capacity(resp.content_length().unwrap_or(0) as usize);
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(too_big(request_id));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response::from_parts(status, &headers, body, arrived))
    }
}

/// The error and its causes on one line; reqwest's own text alone ("error
/// sending request") hides the useful part (connection refused, reset ...).
fn chain(e: &reqwest::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}
