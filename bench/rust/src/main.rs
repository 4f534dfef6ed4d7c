//! One benchmark workload through the Rust core, as `bench/harness.py` runs
//! it for every client: `workos-dsync-bench WORKLOAD BASE_URL API_KEY N ID`.
//! Prints one JSON line: wall seconds, CPU seconds (user + system, all
//! threads) and the number of items, measured around the workload only.

use std::time::Instant;

use futures_util::TryStreamExt;
use workos_dsync::Client;

fn cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF counts every thread.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, workload, base_url, api_key, n, id] = args.as_slice() else {
        eprintln!("usage: workos-dsync-bench WORKLOAD BASE_URL API_KEY N ID");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N is a number");
    let client = Client::builder()
        .api_key(api_key)
        .base_url(base_url)
        .max_retries(0)
        .try_build()
        .expect("a usable configuration");
    let api = client.directory_sync();

    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let count = match workload.as_str() {
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
                    let id = id.clone();
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
    println!(
        "{{\"wall\": {}, \"cpu\": {}, \"count\": {count}}}",
        wall.elapsed().as_secs_f64(),
        cpu_seconds() - cpu
    );
}
