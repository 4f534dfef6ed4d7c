//! Sending one call: attempts, retries, bounded body reads, error classification.
//!
//! The HTTP/1.1 exchange itself is in [`connection`]; idle connections wait
//! in a [`pool`]; an https base URL may go through a [`proxy`].

pub(crate) mod connection;
pub(crate) mod pool;
pub(crate) mod proxy;

use std::time::{Duration, SystemTime};

use http::header::{HeaderValue, ACCEPT, AUTHORIZATION, HOST, USER_AGENT};
use http::Method;
use url::Url;

use self::connection::{tls_connector, Conn, Endpoint, ReadError};
use self::pool::Pool;
use self::proxy::Proxy;
use crate::client::{Client, MAX_BODY_BYTES};
use crate::response::Response;
use crate::retry::is_retryable_status;
use crate::{Error, RequestOptions};

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

impl Http {
    /// Everything requests to `base_url` (already validated) need: the
    /// endpoint (with TLS and the environment's proxy for https) and the
    /// header lines every request carries.
    pub(crate) fn new(
        base_url: &str,
        auth: &HeaderValue,
        user_agent: &HeaderValue,
    ) -> Result<Http, Error> {
        let url = Url::parse(base_url).map_err(|e| Error::Configuration(e.to_string()))?;
        let https = url.scheme() == "https";
        let host = url.host().ok_or_else(|| {
            Error::Configuration(format!("unusable base URL {base_url:?}: no host"))
        })?;
        let port = url
            .port_or_known_default()
            .unwrap_or(if https { 443 } else { 80 });
        let host_value = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        };
        // Over plain http a proxy would read the API key; loopback needs none.
        let proxy = if https { Proxy::from_env(&host)? } else { None };
        let tls = if https { Some(tls_connector()?) } else { None };
        let mut header_lines = Vec::new();
        for (name, value) in [
            (HOST, host_value.as_bytes()),
            (AUTHORIZATION, auth.as_bytes()),
            (USER_AGENT, user_agent.as_bytes()),
            (ACCEPT, b"application/json".as_slice()),
        ] {
            header_line(&mut header_lines, name.as_str().as_bytes(), value);
        }
        Ok(Http {
            endpoint: Endpoint {
                host: host.to_owned(),
                port,
                authority: format!("{host}:{port}"),
                tls,
                proxy,
                opening: tokio::sync::Semaphore::new(connection::MAX_OPENING),
            },
            base_path: url.path().trim_end_matches('/').to_owned(),
            header_lines,
            pool: Pool::default(),
        })
    }
}

/// Appends `name: value` and CRLF.
pub(crate) fn header_line(out: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    out.extend_from_slice(name);
    out.extend_from_slice(b": ");
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
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
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        options: Option<&RequestOptions>,
    ) -> Result<Response, Error> {
        let ready = self.inner.ready.as_ref().map_err(Clone::clone)?;
        let mut extra = Vec::new();
        if let Some(o) = options {
            o.validate()?;
            o.header_lines(&mut extra);
        }
        let elsewhere;
        let http: &Http = match options.and_then(|o| o.base_url.as_deref()) {
            Some(url) => {
                elsewhere = ready.http_for(url)?;
                &elsewhere
            }
            None => &ready.http,
        };
        let timeout = options
            .and_then(|o| o.timeout)
            .unwrap_or(self.inner.timeout);
        let max_retries = options
            .and_then(|o| o.max_retries)
            .unwrap_or(self.inner.max_retries);
        let mut target = String::with_capacity(http.base_path.len() + path.len());
        target.push_str(&http.base_path);
        target.push_str(path);
        let mut after_ambiguous_attempt = false;
        let mut retry = 0;
        loop {
            let outcome = attempt(http, &method, &target, &extra, timeout).await;
            let can_retry = retry < max_retries;
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
}

/// One attempt, within the timeout: a connection (pooled or new), the
/// request, the response and its whole body.
async fn attempt(
    http: &Http,
    method: &Method,
    target: &str,
    extra: &[u8],
    timeout: Duration,
) -> Result<Response, Failure> {
    // Whether the request may have reached the server, for a timeout.
    let mut maybe_sent = false;
    let outcome = tokio::time::timeout(
        timeout,
        exchange(http, method, target, extra, &mut maybe_sent),
    )
    .await;
    match outcome {
        Ok(result) => result,
        Err(_) => Err(Failure {
            maybe_sent,
            error: Error::Timeout(format!("no complete response within {timeout:?}")),
        }),
    }
}

/// The request, then the response, on a pooled connection or a new one. A
/// pooled connection the server closed while it sat idle is passed over, and
/// so is one whose write fails: the server never read that request.
async fn exchange(
    http: &Http,
    method: &Method,
    target: &str,
    extra: &[u8],
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
    let request = request(http, method, target, extra).map_err(not_sent)?;
    let mut conn = loop {
        let (mut conn, pooled) = match http.pool.take() {
            Some(c) if c.is_stale() => continue,
            Some(c) => (c, true),
            // Boxed: opening (DNS, connect, a TLS handshake, a proxy's
            // tunnel) is most of this future's size, and a pooled connection
            // skips it; the call's future, moved into a task or through
            // `block_on` by value on every call, stays small.
            None => (
                Box::pin(Conn::open(&http.endpoint))
                    .await
                    .map_err(not_sent)?,
                false,
            ),
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
    // Made only when needed: its message and request id cost more than
    // the rest of a small response's handling.
    let too_big = || Failure {
        maybe_sent: true,
        error: Error::InvalidResponse {
            message: format!("the response body is larger than {MAX_BODY_BYTES} bytes"),
            status: Some(head.status),
            request_id: crate::response::request_id(&head.headers),
        },
    };
    if head
        .content_length
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
    {
        return Err(too_big());
    }
    let arrived = SystemTime::now();
    let mut body = Vec::new();
    match conn.read_body(&head, MAX_BODY_BYTES, &mut body).await {
        Ok(reusable) => {
            if reusable {
                http.pool.put(conn);
            }
        }
        Err(ReadError::TooBig) => return Err(too_big()),
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
fn request(http: &Http, method: &Method, target: &str, extra: &[u8]) -> Result<Vec<u8>, Error> {
    // Paths and queries come percent-encoded; this only guards the framing.
    if target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(Error::InvalidArgument(format!(
            "cannot send a request for {target:?}: it contains spaces or control characters"
        )));
    }
    let method = method.as_str();
    let mut out = Vec::with_capacity(
        method.len() + target.len() + http.header_lines.len() + extra.len() + 16,
    );
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(target.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");
    out.extend_from_slice(&http.header_lines);
    out.extend_from_slice(extra);
    out.extend_from_slice(b"\r\n");
    Ok(out)
}
