//! `workos-dsync-mock`: serves the mock WorkOS directories API until killed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use workos_dsync_mock::{MockConfig, MockServer, DEFAULT_API_KEY};

/// A mock WorkOS Directory Sync API server for tests, demos and benchmarks.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The API key requests must present as `Authorization: Bearer <key>`.
    #[arg(long, default_value = DEFAULT_API_KEY)]
    api_key: String,
    /// Seed of the generated starting data set.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of directories to generate at start.
    #[arg(long, default_value_t = 24)]
    count: usize,
    /// Start with the directories of this JSON file instead.
    #[arg(long, value_name = "FILE")]
    fixtures: Option<PathBuf>,
}

/// Resolves on SIGINT or SIGTERM.
async fn terminated() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = MockConfig {
        host: args.host,
        port: args.port,
        api_key: args.api_key,
        seed: args.seed,
        count: args.count,
        fixtures: args.fixtures,
    };
    let server = match MockServer::start(config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("workos-dsync-mock: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Scripts wait for this line to learn the port, so it must not sit in a buffer.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "listening on {}", server.url());
    let _ = stdout.flush();
    drop(stdout);

    terminated().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}
