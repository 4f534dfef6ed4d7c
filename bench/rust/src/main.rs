//! One benchmark workload through the Rust core, as `bench/harness.py` runs
//! it for every client:
//!
//! ```text
//! workos-dsync-bench [--runtime=multi-thread|current-thread|spawn] WORKLOAD BASE_URL API_KEY N ID
//! ```
//!
//! Prints one JSON line: wall seconds, CPU seconds (user + system, all
//! threads) and the number of items, measured around the workload only.
//!
//! The runtime is the bindings' configuration unless told otherwise:
//! - `multi-thread` (default): tokio's multi-thread runtime with its default
//!   worker count, the caller blocking on each call from outside the workers
//!   (`block_on`), as the Python sync binding does;
//! - `spawn`: the same runtime, each call spawned as a task onto the workers
//!   and awaited through its join handle, as the Python asyncio and Node
//!   bindings run calls;
//! - `current-thread`: each call through `workos_dsync::runtime::block_on`
//!   from a plain thread, which runs it on that thread's own current-thread
//!   runtime, exactly as the Python sync binding calls (each page of a walk
//!   is one such call; concurrent gets come from 32 threads, as Python's sync
//!   client is driven).

mod measure;

use futures_util::TryStreamExt;
use workos_dsync::Client;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    MultiThread,
    Spawn,
    CurrentThread,
}

const USAGE: &str =
    "usage: workos-dsync-bench [--runtime=multi-thread|current-thread|spawn] WORKLOAD BASE_URL API_KEY N ID";

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut mode = Mode::MultiThread;
    if let Some(name) = args.first().and_then(|a| a.strip_prefix("--runtime=")) {
        mode = match name {
            "multi-thread" => Mode::MultiThread,
            "spawn" => Mode::Spawn,
            "current-thread" => Mode::CurrentThread,
            _ => {
                eprintln!("{USAGE}");
                std::process::exit(2);
            }
        };
        args.remove(0);
    }
    if mode == Mode::CurrentThread {
        return blocking(args);
    }
    // `spawn` is how the async bindings call: on the core's shared runtime.
    let runtime = match mode {
        Mode::Spawn => workos_dsync::runtime::shared().build(),
        _ => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
    }
    .expect("a tokio runtime");
    runtime.block_on(run(mode, args));
}

/// The parsed command line: workload, a client on the mock, N and the id.
fn setup(args: &[String]) -> (&str, Client, usize, &str) {
    let [workload, base_url, api_key, n, id] = args else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N is a number");
    let client = Client::builder()
        .api_key(api_key)
        .base_url(base_url)
        .max_retries(0)
        .try_build()
        .expect("a usable configuration");
    (workload, client, n, id)
}

/// Every call through `runtime::block_on` from outside any runtime, as a
/// blocking binding makes it.
fn blocking(args: Vec<String>) {
    use workos_dsync::runtime::block_on;
    let (workload, client, n, id) = setup(&args);
    let api = client.directory_sync();
    let clock = measure::Stopwatch::start();
    let count = match workload {
        "get-seq" | "first-call" => {
            for _ in 0..n {
                block_on(api.get_directory(id))
                    .expect("a runtime")
                    .expect("get");
            }
            n
        }
        "get-concurrent" => {
            const THREADS: usize = 32;
            std::thread::scope(|scope| {
                for t in 0..THREADS {
                    let api = &api;
                    scope.spawn(move || {
                        for _ in (t..n).step_by(THREADS) {
                            block_on(api.get_directory(id))
                                .expect("a runtime")
                                .expect("get");
                        }
                    });
                }
            });
            n
        }
        "paginate" | "paginate-mem" => {
            let mut pages = api.list_directories().limit(100).into_pages();
            let mut count = 0;
            while let Some(page) = block_on(pages.next_page())
                .expect("a runtime")
                .expect("page")
            {
                count += page.data.len();
            }
            count
        }
        other => {
            eprintln!("unknown workload {other}");
            std::process::exit(2);
        }
    };
    clock.report(count);
}

async fn run(mode: Mode, args: Vec<String>) {
    let (workload, client, n, id) = setup(&args);
    let api = client.directory_sync();

    let clock = measure::Stopwatch::start();
    let count = match workload {
        "get-seq" | "first-call" if mode == Mode::Spawn => {
            for _ in 0..n {
                let client = client.clone();
                let id = id.to_owned();
                tokio::spawn(async move { client.directory_sync().get_directory(&id).await })
                    .await
                    .expect("task")
                    .expect("get");
            }
            n
        }
        "get-seq" | "first-call" => {
            for _ in 0..n {
                api.get_directory(id).await.expect("get");
            }
            n
        }
        "get-concurrent" => {
            let tasks: Vec<_> = (0..n)
                .map(|_| {
                    let client = client.clone();
                    let id = id.to_owned();
                    tokio::spawn(async move { client.directory_sync().get_directory(&id).await })
                })
                .collect();
            for t in tasks {
                t.await.expect("task").expect("get");
            }
            n
        }
        "paginate" | "paginate-mem" => {
            let mut stream = api.list_directories().limit(100).into_stream();
            let mut count = 0;
            while stream.try_next().await.expect("page").is_some() {
                count += 1;
            }
            count
        }
        other => {
            eprintln!("unknown workload {other}");
            std::process::exit(2);
        }
    };
    clock.report(count);
}
