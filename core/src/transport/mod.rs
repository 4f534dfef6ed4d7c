//! Sending one call: attempts, retries, bounded body reads, error classification.
//!
//! The HTTP/1.1 exchange itself is in [`connection`]; idle connections wait
//! in a [`pool`]; an https base URL may go through a [`proxy`].

pub(crate) mod connection;
pub(crate) mod pool;
pub(crate) mod proxy;

use std::time::SystemTime;

use http::Method;

use self::connection::{Conn, Endpoint, ReadError};
use self::pool::Pool;
use crate::client::{Client, MAX_BODY_BYTES};
use crate::response::Response;
use crate::retry::is_retryable_status;
use crate::Error;

/// What every request of a usable client needs: where to connect, what to
/// prefix paths with, the header lines every request carries, and the idle
/// connections.
pub(crate) struct Http {
    pub endpoint: Endpoint,
    /// The base URL's path, without a trailing slash (usually empty).
    pub base_path: String,
    /// `Host`, `Authorization`, `User-Agent` and `Accept`, each line ending in
    /// CRLF: written as they are after every request line. Holds the key:
    /// never printed.
    pub header_lines: Vec<u8>,
    pub pool: Pool,
}

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
        let target = format!("{}{path}", ready.http.base_path);
        let mut after_ambiguous_attempt = false;
        let mut retry = 0;
        loop {
            let outcome = self.attempt(&ready.http, &method, &target).await;
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

    /// One attempt, within the timeout: a connection (pooled or new), the
    /// request, the response and its whole body.
    async fn attempt(
        &self,
        http: &Http,
        method: &Method,
        target: &str,
    ) -> Result<Response, Failure> {
        let timeout = self.inner.timeout;
        // Whether the request may have reached the server, for a timeout.
        let mut maybe_sent = false;
        let outcome =
            tokio::time::timeout(timeout, exchange(http, method, target, &mut maybe_sent)).await;
        match outcome {
            Ok(result) => result,
            Err(_) => Err(Failure {
                maybe_sent,
                error: Error::Timeout(format!("no complete response within {timeout:?}")),
            }),
        }
    }
}

/// The request, then the response, on a pooled connection or a new one. A
/// pooled connection the server closed while it sat idle is passed over, and
/// so is one whose write fails: the server never read that request.
async fn exchange(
    http: &Http,
    method: &Method,
    target: &str,
    maybe_sent: &mut bool,
) -> Result<Response, Failure> {
    let not_sent = |error: Error| Failure {
        maybe_sent: false,
        error,
    };
    let lost = |what: &dyn std::fmt::Display| Failure {
        maybe_sent: true,
        error: Error::Connection(format!("connection lost before a full response: {what}")),
    };
    let request = request(http, method, target).map_err(not_sent)?;
    let mut conn = loop {
        let (mut conn, pooled) = match http.pool.take() {
            Some(c) if c.is_stale() => continue,
            Some(c) => (c, true),
            None => (Conn::open(&http.endpoint).await.map_err(not_sent)?, false),
        };
        *maybe_sent = true;
        match conn.write(&request).await {
            Ok(()) => break conn,
            Err(_) if pooled => *maybe_sent = false,
            Err(e) => return Err(lost(&e)),
        }
    };
    let head = match conn.read_head().await {
        Ok(head) => head,
        Err(ReadError::Lost(why)) => return Err(lost(&why)),
        Err(ReadError::TooBig) => unreachable!("heads are bounded, not capped"),
    };
    let request_id = crate::response::request_id(&head.headers);
    let too_big = Failure {
        maybe_sent: true,
        error: Error::InvalidResponse {
            message: format!("the response body is larger than {MAX_BODY_BYTES} bytes"),
            status: Some(head.status),
            request_id,
        },
    };
    if head
        .content_length
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
    {
        return Err(too_big);
    }
    let arrived = SystemTime::now();
    let mut body = Vec::new();
    match conn.read_body(&head, MAX_BODY_BYTES, &mut body).await {
        Ok(reusable) => {
            if reusable {
                http.pool.put(conn);
            }
        }
        Err(ReadError::TooBig) => return Err(too_big),
        Err(ReadError::Lost(why)) => return Err(lost(&why)),
    }
    Ok(Response::from_parts(
        head.status,
        &head.headers,
        body,
        arrived,
    ))
}

/// The request's bytes: request line, the client's header lines, blank line.
fn request(http: &Http, method: &Method, target: &str) -> Result<Vec<u8>, Error> {
    // Paths and queries come percent-encoded; this only guards the framing.
    if target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(Error::InvalidArgument(format!(
            "cannot send a request for {target:?}: it contains spaces or control characters"
        )));
    }
    let method = method.as_str();
    let mut out = Vec::with_capacity(method.len() + target.len() + http.header_lines.len() + 16);
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(target.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");
    out.extend_from_slice(&http.header_lines);
    out.extend_from_slice(b"\r\n");
    Ok(out)
}
