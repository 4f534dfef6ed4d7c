//! One HTTP/1.1 connection, and the one exchange the client needs on it: a
//! request without a body, then a response read whole.
//!
//! Written for this client rather than taken from a general HTTP library:
//! profiling (`bench/profile`, numbers in `bench/README.md`) showed the
//! general machinery costing more CPU per call than everything else in a call,
//! JSON decoding included, and a thread hand-off at every step when the
//! library ran its connections as tasks of their own. Here the calling task
//! does the connection's I/O itself, a request is one write, and the response
//! is parsed in place (`httparse`) from a buffer the connection keeps.
//!
//! What a response may be is handled as RFC 9112 says: `Content-Length`,
//! `chunked`, or a body that ends when the server closes; 1xx answers are
//! skipped; 204 and 304 have no body. Anything malformed is a lost
//! connection, never a guess.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use http::header::{HeaderMap, HeaderName, HeaderValue};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;
use url::Host;

use super::proxy::Proxy;
use crate::Error;

/// The largest response head (status line and headers) read.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The most headers a response may have.
const MAX_HEADERS: usize = 100;
/// How much room each read asks for.
const READ_CHUNK: usize = 16 * 1024;

/// A TCP connection, with TLS for https.
pub(crate) enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => s.get_ref().0,
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// Where connections go: the server, and how to reach it.
pub(crate) struct Endpoint {
    pub host: Host<String>,
    pub port: u16,
    /// `host:port`, the tunnel's target.
    pub authority: String,
    /// For https; `None` for plain http.
    pub tls: Option<TlsConnector>,
    /// For https when the environment names a proxy for this host.
    pub proxy: Option<Proxy>,
    /// Bounds the connections being opened at once (see [`MAX_OPENING`]).
    pub opening: tokio::sync::Semaphore,
}

/// How many connections to one server may be opening at the same time. A
/// burst of calls on an empty pool would otherwise send every SYN at once;
/// a server whose accept queue overflows drops some, and the kernel retries
/// those only after a second. Calls beyond this wait for a connection
/// attempt to finish instead (each is a fraction of a millisecond on a LAN).
pub(crate) const MAX_OPENING: usize = 32;

/// A failure to connect: nothing was sent.
pub(crate) fn connect_error(what: impl std::fmt::Display) -> Error {
    Error::Connection(format!("cannot connect: {what}"))
}

/// An open connection and what it has read but not yet used.
pub(crate) struct Conn {
    stream: Stream,
    buf: Vec<u8>,
    /// When it was last put back in the pool.
    pub idle_since: Instant,
}

/// How the body of a response ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    None,
    Length(u64),
    Chunked,
    UntilClose,
}

/// A response's status and the headers the client reads.
pub(crate) struct Head {
    pub status: u16,
    /// `X-Request-ID` and `Retry-After`, when sent.
    pub headers: HeaderMap,
    pub content_length: Option<u64>,
    framing: Framing,
    /// The server will close the connection after this response.
    close: bool,
}

/// Why a response could not be read.
pub(crate) enum ReadError {
    /// An I/O error, a close before the response was complete, or bytes
    /// that are not HTTP.
    Lost(String),
    /// The body is larger than the caller's cap.
    TooBig,
}

fn lost(what: impl std::fmt::Display) -> ReadError {
    ReadError::Lost(what.to_string())
}

impl Conn {
    /// Opens a connection to `endpoint`: TCP (through the proxy's tunnel when
    /// there is one), then TLS for https.
    pub(crate) async fn open(endpoint: &Endpoint) -> Result<Conn, Error> {
        // Closed never: the semaphore lives as long as the endpoint.
        let _permit = endpoint.opening.acquire().await.ok();
        let tcp = match &endpoint.proxy {
            Some(proxy) => proxy.tunnel(&endpoint.authority).await?,
            None => {
                let tcp = match &endpoint.host {
                    Host::Ipv4(ip) => TcpStream::connect((*ip, endpoint.port)).await,
                    Host::Ipv6(ip) => TcpStream::connect((*ip, endpoint.port)).await,
                    Host::Domain(name) => TcpStream::connect((name.as_str(), endpoint.port)).await,
                };
                tcp.map_err(connect_error)?
            }
        };
        // Requests are small and answered at once: Nagle's delay would only add latency.
        let _ = tcp.set_nodelay(true);
        let stream = match &endpoint.tls {
            None => Stream::Plain(tcp),
            Some(tls) => {
                let name = match &endpoint.host {
                    Host::Domain(d) => rustls::pki_types::ServerName::try_from(d.clone())
                        .map_err(|e| connect_error(format!("invalid TLS server name: {e}")))?,
                    Host::Ipv4(ip) => rustls::pki_types::ServerName::IpAddress((*ip).into()),
                    Host::Ipv6(ip) => rustls::pki_types::ServerName::IpAddress((*ip).into()),
                };
                let tls = tls
                    .connect(name, tcp)
                    .await
                    .map_err(|e| connect_error(format!("TLS handshake failed: {e}")))?;
                Stream::Tls(Box::new(tls))
            }
        };
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(READ_CHUNK),
            idle_since: Instant::now(),
        })
    }

    /// Whether a pooled connection is no use any more: the server closed it
    /// (or sent something unasked) while it sat idle. Looks without waiting.
    pub(crate) fn is_stale(&self) -> bool {
        let mut cx = Context::from_waker(Waker::noop());
        let mut byte = [0u8; 1];
        let mut peek = ReadBuf::new(&mut byte);
        !matches!(
            self.stream.tcp().poll_peek(&mut cx, &mut peek),
            Poll::Pending
        )
    }

    /// Writes a whole request.
    pub(crate) async fn write(&mut self, request: &[u8]) -> io::Result<()> {
        self.stream.write_all(request).await?;
        self.stream.flush().await
    }

    /// Reads more bytes into the buffer; `Ok(0)` when the server closed.
    async fn fill(&mut self) -> io::Result<usize> {
        if self.buf.capacity() - self.buf.len() < READ_CHUNK / 4 {
            self.buf.reserve(READ_CHUNK);
        }
        self.stream.read_buf(&mut self.buf).await
    }

    /// Reads a response's head, skipping 1xx answers.
    pub(crate) async fn read_head(&mut self) -> Result<Head, ReadError> {
        loop {
            if let Some(head) = self.parse_head()? {
                if (100..200).contains(&head.status) && head.status != 101 {
                    continue;
                }
                return Ok(head);
            }
            if self.buf.len() > MAX_HEAD_BYTES {
                return Err(lost(format!(
                    "response head longer than {MAX_HEAD_BYTES} bytes"
                )));
            }
            match self.fill().await {
                Ok(0) if self.buf.is_empty() => {
                    return Err(lost("the server closed the connection without answering"))
                }
                Ok(0) => {
                    return Err(lost(
                        "the server closed the connection in the middle of the response head",
                    ))
                }
                Ok(_) => {}
                Err(e) => return Err(lost(e)),
            }
        }
    }

    /// The head at the start of the buffer, consumed, once it is all there.
    fn parse_head(&mut self) -> Result<Option<Head>, ReadError> {
        if self.buf.is_empty() {
            return Ok(None);
        }
        let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Response::new(&mut slots);
        let used = match parsed.parse(&self.buf) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(e) => return Err(lost(format!("invalid HTTP response: {e}"))),
        };
        let status = parsed.code.unwrap_or(0);
        let mut close = parsed.version == Some(0);
        let mut length: Option<u64> = None;
        let mut chunked = false;
        let mut headers = HeaderMap::new();
        for h in parsed.headers.iter() {
            let name = h.name;
            if name.eq_ignore_ascii_case("content-length") {
                let n = std::str::from_utf8(h.value)
                    .ok()
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .ok_or_else(|| lost("invalid Content-Length"))?;
                if length.is_some_and(|l| l != n) {
                    return Err(lost("conflicting Content-Length headers"));
                }
                length = Some(n);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                // `chunked` alone: any other coding (gzip ...) would need a
                // decoder, and this client never asks for one.
                if h.value.trim_ascii().eq_ignore_ascii_case(b"chunked") {
                    chunked = true;
                } else {
                    return Err(lost("unsupported Transfer-Encoding"));
                }
            } else if name.eq_ignore_ascii_case("connection") {
                close |= h
                    .value
                    .split(|b| *b == b',')
                    .any(|t| t.trim_ascii().eq_ignore_ascii_case(b"close"));
            } else if name.eq_ignore_ascii_case("x-request-id")
                || name.eq_ignore_ascii_case("retry-after")
            {
                if let (Ok(n), Ok(v)) = (
                    HeaderName::from_bytes(name.as_bytes()),
                    HeaderValue::from_bytes(h.value),
                ) {
                    headers.append(n, v);
                }
            }
        }
        self.buf.drain(..used);
        let framing = if (100..200).contains(&status) || status == 204 || status == 304 {
            Framing::None
        } else if chunked {
            Framing::Chunked
        } else if let Some(n) = length {
            Framing::Length(n)
        } else {
            close = true;
            Framing::UntilClose
        };
        Ok(Some(Head {
            status,
            headers,
            content_length: if chunked { None } else { length },
            framing,
            close,
        }))
    }

    /// Reads the body of the response whose head was just read into `out`,
    /// failing once it exceeds `cap` bytes. Returns whether the connection
    /// may serve another request.
    pub(crate) async fn read_body(
        &mut self,
        head: &Head,
        cap: usize,
        out: &mut Vec<u8>,
    ) -> Result<bool, ReadError> {
        match head.framing {
            Framing::None => {}
            Framing::Length(n) => {
                let n = usize::try_from(n).map_err(|_| ReadError::TooBig)?;
                if n > cap {
                    return Err(ReadError::TooBig);
                }
                self.take_exact(n, out).await?;
            }
            Framing::Chunked => self.read_chunked(cap, out).await?,
            Framing::UntilClose => loop {
                out.append(&mut self.buf);
                if out.len() > cap {
                    return Err(ReadError::TooBig);
                }
                match self.fill().await {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => return Err(lost(e)),
                }
            },
        }
        // Bytes nobody asked for mean the framing was not what it said.
        Ok(!head.close && self.buf.is_empty())
    }

    /// Reads more of a body that is not complete yet: the server closing now
    /// cuts it short.
    async fn more_of_the_body(&mut self) -> Result<(), ReadError> {
        match self.fill().await {
            Ok(0) => Err(lost(
                "the server closed the connection in the middle of the body",
            )),
            Ok(_) => Ok(()),
            Err(e) => Err(lost(e)),
        }
    }

    /// Moves the next `n` bytes into `out`.
    async fn take_exact(&mut self, n: usize, out: &mut Vec<u8>) -> Result<(), ReadError> {
        while self.buf.len() < n {
            self.more_of_the_body().await?;
        }
        if out.is_empty() && self.buf.len() == n {
            // The usual case: the body is all that was read; hand over the buffer.
            std::mem::swap(out, &mut self.buf);
            self.buf = Vec::with_capacity(READ_CHUNK);
        } else {
            out.extend_from_slice(&self.buf[..n]);
            self.buf.drain(..n);
        }
        Ok(())
    }

    /// One line (without its CRLF) from the buffer, for chunk sizes and trailers.
    async fn line(&mut self) -> Result<Vec<u8>, ReadError> {
        loop {
            if let Some(end) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line = self.buf[..end].to_vec();
                self.buf.drain(..end + 2);
                return Ok(line);
            }
            if self.buf.len() > MAX_HEAD_BYTES {
                return Err(lost("chunk header too long"));
            }
            self.more_of_the_body().await?;
        }
    }

    async fn read_chunked(&mut self, cap: usize, out: &mut Vec<u8>) -> Result<(), ReadError> {
        loop {
            let line = self.line().await?;
            let size = line
                .split(|b| *b == b';')
                .next()
                .unwrap_or_default()
                .trim_ascii();
            let size = std::str::from_utf8(size)
                .ok()
                .and_then(|s| usize::from_str_radix(s, 16).ok())
                .ok_or_else(|| lost("invalid chunk size"))?;
            if size == 0 {
                // Trailers, up to the blank line.
                while !self.line().await?.is_empty() {}
                return Ok(());
            }
            if out.len().saturating_add(size) > cap {
                return Err(ReadError::TooBig);
            }
            let mut chunk = Vec::new();
            self.take_exact(size, &mut chunk).await?;
            out.extend_from_slice(&chunk);
            if !self.line().await?.is_empty() {
                return Err(lost("a chunk does not end where its size says"));
            }
        }
    }
}

/// The TLS setup of every https connection: the platform's trust store (as
/// the OS and browsers verify), HTTP/1.1 only.
pub(crate) fn tls_connector() -> Result<TlsConnector, Error> {
    use rustls_platform_verifier::BuilderVerifierExt as _;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_platform_verifier())
        .map_err(|e| Error::Configuration(format!("cannot set up TLS: {e}")))?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsConnector::from(Arc::new(config)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    /// A server that answers the first request on one connection with `raw`
    /// and then closes (or stays open with `keep_open`), and the client's
    /// connection to it.
    async fn answered(raw: &[u8], keep_open: bool) -> Conn {
        let raw = raw.to_vec();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut seen = Vec::new();
            let mut buf = [0u8; 1024];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf).await.unwrap();
                seen.extend_from_slice(&buf[..n]);
            }
            socket.write_all(&raw).await.unwrap();
            if keep_open {
                let _ = socket.read(&mut buf).await;
            }
        });
        let endpoint = Endpoint {
            host: Host::Ipv4([127, 0, 0, 1].into()),
            port,
            authority: format!("127.0.0.1:{port}"),
            tls: None,
            proxy: None,
            opening: tokio::sync::Semaphore::new(MAX_OPENING),
        };
        let mut conn = Conn::open(&endpoint).await.unwrap();
        conn.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        conn
    }

    /// Status, body and whether the connection could be reused.
    async fn exchange(raw: &[u8], keep_open: bool) -> Result<(u16, String, bool), String> {
        let mut conn = answered(raw, keep_open).await;
        let head = conn.read_head().await.map_err(describe)?;
        let mut body = Vec::new();
        let reusable = conn
            .read_body(&head, 1024, &mut body)
            .await
            .map_err(describe)?;
        Ok((head.status, String::from_utf8(body).unwrap(), reusable))
    }

    fn describe(e: ReadError) -> String {
        match e {
            ReadError::Lost(why) => why,
            ReadError::TooBig => "too big".into(),
        }
    }

    type Expected = Result<(u16, &'static str, bool), &'static str>;

    /// Each answer, whether the server keeps the connection open after it,
    /// and what the client makes of it: status, body and reusability, or why
    /// the connection is lost.
    const ANSWERS: &[(&[u8], bool, Expected)] = &[
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Request-ID: req_1\r\n\r\nhello", true, Ok((200, "hello", true))),
        // Chunked, with an extension and a trailer; chunked alone is decoded.
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=v\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n", true, Ok((200, "hello, world", true))),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", true, Err("unsupported Transfer-Encoding")),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true, Err("invalid chunk size")),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", true, Err("a chunk does not end where its size says")),
        // No length: the body ends with the connection. HTTP/1.0 and `close` end it too.
        (b"HTTP/1.1 200 OK\r\n\r\nall of it", false, Ok((200, "all of it", false))),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", true, Ok((200, "ok", false))),
        (b"HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\nok", true, Ok((200, "ok", false))),
        // Interim answers are skipped; 204 has no body.
        (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", true, Ok((204, "", true))),
        // Bytes after the body mean the framing lied: not reused.
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", true, Ok((200, "ok", false))),
        (b"", false, Err("the server closed the connection without answering")),
        (b"HTTP/1.1 200 OK\r\nContent-Le", false, Err("the server closed the connection in the middle of the response head")),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", false, Err("the server closed the connection in the middle of the body")),
        (b"SSH-2.0-OpenSSH\r\n\r\n", false, Err("invalid HTTP response: invalid HTTP version")),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", false, Err("conflicting Content-Length headers")),
        (b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, Err("invalid Content-Length")),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n", true, Err("too big")),
    ];

    #[tokio::test]
    async fn responses_are_read_as_rfc_9112_frames_them() {
        for (raw, keep_open, want) in ANSWERS {
            let got = exchange(raw, *keep_open).await;
            let want = want
                .map(|(status, body, reusable)| (status, body.to_string(), reusable))
                .map_err(str::to_string);
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(raw));
        }
    }

    /// A connection that has read a whole empty 200 and is back in the
    /// idle state a pooled connection waits in.
    async fn answered_empty_200(keep_open: bool) -> Conn {
        let mut conn = answered(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", keep_open).await;
        let head = conn.read_head().await.ok().unwrap();
        let reusable = conn.read_body(&head, 10, &mut Vec::new()).await.ok();
        assert_eq!(
            reusable,
            Some(true),
            "an empty 200 leaves the connection reusable"
        );
        conn
    }

    #[tokio::test]
    async fn an_idle_connection_the_server_closed_is_stale() {
        let conn = answered_empty_200(false).await;
        // The server has closed: wait for the FIN by polling, not by sleeping.
        let mut tries = 0;
        while !conn.is_stale() {
            tries += 1;
            assert!(tries < 10_000, "the close never showed");
            tokio::task::yield_now().await;
        }
        let open = answered_empty_200(true).await;
        assert!(
            !open.is_stale(),
            "a connection the server keeps open is usable"
        );
    }
}
