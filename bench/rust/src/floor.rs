//! The floor: the least client work a `get_directory` can cost, for
//! `bench/harness.py` and `bench/profile` to measure the core against.
//!
//! ```text
//! workos-dsync-floor [--handoff] WORKLOAD BASE_URL API_KEY N ID
//! ```
//!
//! Same interface and JSON line as `workos-dsync-bench`, for the workloads
//! `get-seq`, `first-call`, `paginate` and `paginate-mem` (no
//! `get-concurrent`: one blocking connection has no concurrency). No runtime,
//! no pool, no URL type, no header map: one keep-alive HTTP/1.1 connection
//! on `std::net::TcpStream` (`TCP_NODELAY`, as hyper sets it), each request
//! written with one `write` from a reused buffer, the status line and headers
//! read into a reused buffer, exactly `Content-Length` bytes of body read, and
//! the body decoded with `serde_json::from_slice` into the core's own models
//! (`workos_dsync::Directory`, `DirectoryList`). Anything but a 200 with a
//! `Content-Length` (the mock always sends one) stops the run: a floor that
//! silently did less would flatter it.
//!
//! `--handoff` (`get-seq` and `first-call` only) is the floor of a call whose
//! I/O runs on another thread than its caller, as every async binding's calls
//! do (they run on the core's shared runtime while the caller's event loop
//! waits): the same exchange and decoding on one worker thread, which the
//! calling thread hands each get to over a channel and waits for the decoded
//! `Directory` from. Two cross-thread wake-ups per get, nothing else added.

mod measure;

use std::io::{Read, Write};
use std::net::TcpStream;

use workos_dsync::{Directory, DirectoryList};

const USAGE: &str = "usage: workos-dsync-floor [--handoff] WORKLOAD BASE_URL API_KEY N ID";

/// One keep-alive connection and its reused buffers.
struct Connection {
    stream: TcpStream,
    /// `Host` and `Authorization`, `User-Agent` and the blank line: every
    /// request's bytes after its request line.
    headers: Vec<u8>,
    /// The path prefix of the base URL (empty for `http://host:port`).
    prefix: String,
    request: Vec<u8>,
    /// Bytes read; `filled` of them are valid.
    buf: Vec<u8>,
    filled: usize,
    /// Where the last response's body ends in `buf` (the next one starts there).
    consumed: usize,
}

impl Connection {
    fn open(base_url: &str, api_key: &str) -> Connection {
        let rest = base_url.strip_prefix("http://").unwrap_or_else(|| {
            fail(&format!(
                "the floor speaks plain http:// only, not {base_url}"
            ))
        });
        let (authority, prefix) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let stream = TcpStream::connect(authority)
            .unwrap_or_else(|e| fail(&format!("connect {authority}: {e}")));
        stream.set_nodelay(true).expect("TCP_NODELAY");
        let headers = format!(
            " HTTP/1.1\r\nHost: {authority}\r\nAuthorization: Bearer {api_key}\r\n\
             User-Agent: workos-dsync-floor/{}\r\nAccept: */*\r\n\r\n",
            env!("CARGO_PKG_VERSION")
        );
        Connection {
            stream,
            headers: headers.into_bytes(),
            prefix: prefix.trim_end_matches('/').to_owned(),
            request: Vec::with_capacity(512),
            buf: vec![0; 64 * 1024],
            filled: 0,
            consumed: 0,
        }
    }

    /// `GET prefix + path`; the body of its 200 response.
    fn get(&mut self, path: &str) -> &[u8] {
        self.request.clear();
        self.request.extend_from_slice(b"GET ");
        self.request.extend_from_slice(self.prefix.as_bytes());
        self.request.extend_from_slice(path.as_bytes());
        self.request.extend_from_slice(&self.headers);
        self.stream
            .write_all(&self.request)
            .unwrap_or_else(|e| fail(&format!("write: {e}")));

        // Keep what followed the previous response (nothing, without pipelining).
        self.buf.copy_within(self.consumed..self.filled, 0);
        self.filled -= self.consumed;
        self.consumed = 0;

        let (head_end, content_length) = loop {
            if let Some(head) = parse_head(&self.buf[..self.filled]) {
                break head;
            }
            self.fill();
        };
        let end = head_end + content_length;
        if self.buf.len() < end {
            self.buf.resize(end, 0);
        }
        while self.filled < end {
            self.fill();
        }
        self.consumed = end;
        &self.buf[head_end..end]
    }

    /// Reads what the socket has into the free end of `buf`, growing it when full.
    fn fill(&mut self) {
        if self.filled == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        match self.stream.read(&mut self.buf[self.filled..]) {
            Ok(0) => fail("the server closed the connection"),
            Ok(n) => self.filled += n,
            Err(e) => fail(&format!("read: {e}")),
        }
    }
}

/// The length of the response head at the start of `buf` and its
/// `Content-Length`, once the whole head is there (`None` before). Stops the
/// run on anything but a keep-alive 200 framed by `Content-Length`.
fn parse_head(buf: &[u8]) -> Option<(usize, usize)> {
    let mut pos = 0;
    let mut length = None;
    loop {
        let newline = pos + buf[pos..].iter().position(|&b| b == b'\n')?;
        let line = &buf[pos..newline];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if pos == 0 {
            if !line.starts_with(b"HTTP/1.1 200 ") {
                fail(&format!(
                    "unexpected status line {:?}",
                    String::from_utf8_lossy(line)
                ));
            }
        } else if line.is_empty() {
            let length = length.unwrap_or_else(|| fail("response without Content-Length"));
            return Some((newline + 1, length));
        } else if let Some(colon) = line.iter().position(|&b| b == b':') {
            let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
            if name.eq_ignore_ascii_case(b"content-length") {
                length = Some(parse_decimal(value));
            } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
                fail("Transfer-Encoding is not supported (the mock sends Content-Length)");
            } else if name.eq_ignore_ascii_case(b"connection")
                && value.eq_ignore_ascii_case(b"close")
            {
                fail("the server closes the connection after this response (no keep-alive)");
            }
        }
        pos = newline + 1;
    }
}

fn parse_decimal(digits: &[u8]) -> usize {
    if digits.is_empty() || digits.len() > 15 || !digits.iter().all(u8::is_ascii_digit) {
        fail(&format!(
            "bad Content-Length {:?}",
            String::from_utf8_lossy(digits)
        ));
    }
    digits.iter().fold(0, |n, d| n * 10 + usize::from(d - b'0'))
}

fn fail(message: &str) -> ! {
    eprintln!("workos-dsync-floor: {message}");
    std::process::exit(1);
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let handoff = args.first().is_some_and(|a| a == "--handoff");
    if handoff {
        args.remove(0);
    }
    let [workload, base_url, api_key, n, id] = args.as_slice() else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N is a number");
    let mut conn = Connection::open(base_url, api_key);

    let clock = measure::Stopwatch::start();
    let count = match workload.as_str() {
        "get-seq" | "first-call" if handoff => {
            let (to_worker, requests) = std::sync::mpsc::channel::<()>();
            let (replies, from_worker) = std::sync::mpsc::channel::<Directory>();
            let path = format!("/directories/{id}");
            let worker = std::thread::spawn(move || {
                while requests.recv().is_ok() {
                    let directory = serde_json::from_slice(conn.get(&path))
                        .unwrap_or_else(|e| fail(&format!("decoding a directory: {e}")));
                    if replies.send(directory).is_err() {
                        break;
                    }
                }
            });
            for _ in 0..n {
                to_worker.send(()).expect("the worker is running");
                let directory = from_worker.recv().expect("the worker replies");
                assert_eq!(&directory.id, id, "the directory asked for");
            }
            drop(to_worker);
            worker.join().expect("the worker ends");
            n
        }
        _ if handoff => {
            eprintln!("workos-dsync-floor: --handoff runs get-seq and first-call only");
            std::process::exit(2);
        }
        "get-seq" | "first-call" => {
            let path = format!("/directories/{id}");
            for _ in 0..n {
                let directory: Directory = serde_json::from_slice(conn.get(&path))
                    .unwrap_or_else(|e| fail(&format!("decoding a directory: {e}")));
                assert_eq!(&directory.id, id, "the directory asked for");
            }
            n
        }
        "paginate" | "paginate-mem" => {
            let mut count = 0;
            let mut path = String::from("/directories?limit=100");
            loop {
                let page: DirectoryList = serde_json::from_slice(conn.get(&path))
                    .unwrap_or_else(|e| fail(&format!("decoding a page: {e}")));
                count += page.data.len();
                match page.list_metadata.after {
                    Some(after) if !page.data.is_empty() => {
                        path.clear();
                        path.push_str("/directories?limit=100&after=");
                        path.push_str(&after);
                    }
                    _ => break,
                }
            }
            count
        }
        other => {
            eprintln!("workos-dsync-floor: unsupported workload {other}");
            std::process::exit(2);
        }
    };
    clock.report(count);
}
