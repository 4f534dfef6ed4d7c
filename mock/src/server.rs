//! The shared state and the HTTP/1.1 accept loop: one task per connection,
//! keep-alive, admin requests split from API requests.

use std::convert::Infallible;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::directory::Directory;
use crate::faults::FaultQueue;
use crate::generate::{self, mix64};
use crate::random_faults::{RandomFaultConfig, RandomFaults};
use crate::request_log::RequestLog;
use crate::response::Response;
use crate::store::Store;
use crate::{admin, api};

/// The data set a reset with an empty body goes back to.
#[derive(Debug)]
pub struct StartData {
    /// The seed the server started with.
    pub seed: u64,
    /// The count the server started with.
    pub count: usize,
    /// The directories it started with.
    pub directories: Vec<Arc<Directory>>,
    /// The random faults it started with.
    pub random_faults: Option<RandomFaultConfig>,
}

/// Everything the handlers share. Each part has its own lock, held only
/// for the few operations a request needs and never across an `.await`.
#[derive(Debug)]
pub struct State {
    api_key: String,
    store: Mutex<Store>,
    /// Injected failures.
    pub faults: FaultQueue,
    /// Failures drawn at random.
    pub random_faults: RandomFaults,
    /// Received requests.
    pub log: RequestLog,
    /// What a reset goes back to.
    pub start: StartData,
    request_counter: AtomicU64,
    request_salt: u64,
}

impl State {
    /// State serving `store`, whose contents become the starting data set,
    /// with `random_faults` on from the start when given.
    pub fn new(
        api_key: String,
        store: Store,
        seed: u64,
        count: usize,
        random_faults: Option<RandomFaultConfig>,
    ) -> Self {
        let directories = store.all().cloned().collect();
        let random = RandomFaults::default();
        random.restore(random_faults.as_ref());
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        State {
            api_key,
            store: Mutex::new(store),
            faults: FaultQueue::default(),
            random_faults: random,
            log: RequestLog::default(),
            start: StartData {
                seed,
                count,
                directories,
                random_faults,
            },
            request_counter: AtomicU64::new(0),
            // Different servers (and runs) should not hand out the same ids.
            request_salt: mix64(now ^ u64::from(std::process::id())),
        }
    }

    /// The directories, locked. A poisoned lock is used anyway: every store
    /// operation leaves it consistent before anything that could panic.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the headers carry `Authorization: Bearer <api key>`.
    pub fn is_authorized(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers.get(AUTHORIZATION) else {
            return false;
        };
        let value = value.as_bytes();
        value.len() == 7 + self.api_key.len()
            && value[..7].eq_ignore_ascii_case(b"bearer ")
            && &value[7..] == self.api_key.as_bytes()
    }

    /// A fresh `req_` id: a ULID whose random part is a bijection of a
    /// counter, so no two requests to this server share one.
    pub fn next_request_id(&self) -> HeaderValue {
        let n = self.request_counter.fetch_add(1, Ordering::Relaxed);
        let unique = mix64(n ^ self.request_salt);
        let random = (u128::from(unique) << 16) | u128::from(mix64(n) >> 48);
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        let id = format!("req_{}", generate::ulid_with(ms, random));
        HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("req_unknown"))
    }
}

/// Returned by a handler to make hyper close the connection without
/// writing a response, which is how a `drop` fault is carried out.
#[derive(Debug)]
pub struct DropConnection;

impl fmt::Display for DropConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by a mock fault")
    }
}

impl std::error::Error for DropConnection {}

async fn handle(state: Arc<State>, req: Request<Incoming>) -> Result<Response, DropConnection> {
    if req.uri().path().starts_with("/__mock/") {
        return Ok(admin::handle(&state, req).await);
    }
    api::handle(&state, req).await
}

/// Serves connections from `listener` until the returned future is dropped,
/// which also closes every open connection.
pub async fn serve(listener: TcpListener, state: Arc<State>) -> Infallible {
    let mut connections = JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Usually out of file descriptors: wait for some to close
                // rather than spin.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        // Responses are written whole; Nagle would only add latency.
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        connections.spawn(async move {
            let service = service_fn(move |req| handle(state.clone(), req));
            // Errors here are clients going away or dropped faults.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        while connections.try_join_next().is_some() {}
    }
}
