//! A mock of the WorkOS Directory Sync *directories* API for tests, demos and
//! benchmarks: `GET /directories`, `GET /directories/{id}` and
//! `DELETE /directories/{id}`, plus an admin API under `/__mock/` to set up
//! data, inject faults (one by one or at random) and read what was received. See the crate's README
//! for the full contract.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use workos_dsync_mock::{MockConfig, MockServer};
//!
//! let server = MockServer::start(MockConfig::default()).await?;
//! println!("{} with key {}", server.url(), server.api_key());
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod admin;
mod api;
pub mod cli;
mod directory;
mod faults;
mod generate;
mod query;
mod random_faults;
mod request_log;
mod response;
mod server;
mod store;
mod timestamp;

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::directory::Fields;
pub use crate::directory::DIRECTORY_FIELDS;
pub use crate::random_faults::{RandomFaultConfig, RandomKind};
use crate::server::State;
use crate::store::Store;

/// The API key the mock accepts unless configured otherwise.
pub const DEFAULT_API_KEY: &str = "sk_test_mock";

/// How to start a [`MockServer`]; mirrors the binary's flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockConfig {
    /// Address to listen on (default `127.0.0.1`).
    pub host: String,
    /// Port to listen on; 0 (the default) picks a free one.
    pub port: u16,
    /// The key requests must present as `Authorization: Bearer <key>`.
    pub api_key: String,
    /// Seed of the generated starting data set (default 1).
    pub seed: u64,
    /// Size of the generated starting data set (default 24).
    pub count: usize,
    /// A JSON file of directories to start with instead of generated ones.
    pub fixtures: Option<PathBuf>,
    /// Random faults from the start (and after every reset); `None` for none.
    pub random_faults: Option<RandomFaultConfig>,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            host: "127.0.0.1".to_string(),
            port: 0,
            api_key: DEFAULT_API_KEY.to_string(),
            seed: 1,
            count: 24,
            fixtures: None,
            random_faults: None,
        }
    }
}

enum Runner {
    /// Serving on the caller's runtime.
    Task(JoinHandle<()>),
    /// Serving on a runtime of its own, on a thread of its own.
    Thread {
        stop: Option<oneshot::Sender<()>>,
        thread: Option<std::thread::JoinHandle<()>>,
    },
}

/// A running mock server. Dropping it (or [`MockServer::shutdown`]) stops it
/// and closes its connections.
pub struct MockServer {
    addr: SocketAddr,
    url: String,
    api_key: String,
    runner: Runner,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

fn invalid_data(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// The store a configuration starts with.
fn starting_store(config: &MockConfig) -> io::Result<Store> {
    let mut store = Store::new(config.seed);
    match &config.fixtures {
        Some(path) => {
            let text = std::fs::read(path).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display()))
            })?;
            let request = admin::parse_add(&text)
                .map_err(|e| invalid_data(format!("{}: {e}", path.display())))?;
            admin::add(&mut store, request)
                .map_err(|e| invalid_data(format!("{}: {e}", path.display())))?;
        }
        None => {
            let count = u64::try_from(config.count).unwrap_or(u64::MAX);
            if count > admin::MAX_GENERATE {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("count is limited to {}", admin::MAX_GENERATE),
                ));
            }
            store
                .generate(config.count, Some(config.seed), &Fields::default())
                .map_err(|e| invalid_data(format!("{e:?}")))?;
        }
    }
    Ok(store)
}

impl MockServer {
    /// Binds, loads the starting data set and starts serving on the current
    /// tokio runtime (which must be running).
    pub async fn start(config: MockConfig) -> io::Result<MockServer> {
        if let Some(random) = &config.random_faults {
            random
                .validate()
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        }
        let store = starting_store(&config)?;
        // `[::1]` is how people write IPv6 hosts in URLs; bind wants `::1`.
        let host = config.host.trim_start_matches('[').trim_end_matches(']');
        let listener = listen(host, config.port).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::new(
            config.api_key.clone(),
            store,
            config.seed,
            config.count,
            config.random_faults.clone(),
        ));
        let task = tokio::spawn(async move {
            server::serve(listener, state).await;
        });
        Ok(MockServer {
            addr,
            url: format!("http://{addr}"),
            api_key: config.api_key,
            runner: Runner::Task(task),
        })
    }

    /// Starts the server on a tokio runtime of its own, on a background
    /// thread, for callers without a runtime. Dropping the server stops
    /// that runtime and joins the thread.
    pub fn start_in_background(config: MockConfig) -> io::Result<MockServer> {
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("workos-dsync-mock".to_string())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .thread_name("workos-dsync-mock-worker")
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = started_tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match MockServer::start(config).await {
                        Ok(server) => {
                            let (stop_tx, stop_rx) = oneshot::channel();
                            let started = (server.addr, server.api_key.clone(), stop_tx);
                            if started_tx.send(Ok(started)).is_ok() {
                                // Sent or dropped, either means stop.
                                let _ = stop_rx.await;
                            }
                            server.shutdown().await;
                        }
                        Err(e) => {
                            let _ = started_tx.send(Err(e));
                        }
                    }
                });
            })?;
        let started = started_rx
            .recv()
            .map_err(|_| io::Error::other("the mock server thread ended before starting"))
            .and_then(|started| started);
        let (addr, api_key, stop) = match started {
            Ok(started) => started,
            Err(e) => {
                let _ = thread.join();
                return Err(e);
            }
        };
        Ok(MockServer {
            addr,
            url: format!("http://{addr}"),
            api_key,
            runner: Runner::Thread {
                stop: Some(stop),
                thread: Some(thread),
            },
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:43117`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The API key requests must present.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving, closes every connection and waits until it is done.
    pub async fn shutdown(mut self) {
        match &mut self.runner {
            Runner::Task(task) => {
                task.abort();
                let _ = task.await;
            }
            Runner::Thread { stop, thread } => {
                drop(stop.take());
                if let Some(thread) = thread.take() {
                    let _ = tokio::task::spawn_blocking(move || thread.join()).await;
                }
            }
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        match &mut self.runner {
            // Aborting drops the accept loop, whose connection tasks go with it.
            Runner::Task(task) => task.abort(),
            Runner::Thread { stop, thread } => {
                drop(stop.take());
                if let Some(thread) = thread.take() {
                    let _ = thread.join();
                }
            }
        }
    }
}

/// A listener with room for a burst of connections: benchmarks and tests
/// open a thousand at once, and with tokio's default queue of 1,024 some
/// overflow and wait a second for the client's SYN to be retried.
async fn listen(host: &str, port: u16) -> io::Result<TcpListener> {
    let mut last = io::Error::new(
        io::ErrorKind::AddrNotAvailable,
        format!("cannot resolve {host}"),
    );
    for addr in tokio::net::lookup_host((host, port)).await? {
        let socket = if addr.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        #[cfg(unix)]
        socket.set_reuseaddr(true)?;
        match socket.bind(addr).and_then(|()| socket.listen(4096)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = e,
        }
    }
    Err(last)
}
