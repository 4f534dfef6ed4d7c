//! `workos-dsync-mock`: serves the mock WorkOS directories API until killed.

use std::process::ExitCode;

use clap::Parser;
use workos_dsync_mock::cli::{serve_until_terminated, MockArgs};

/// A mock WorkOS Directory Sync API server for tests, demos and benchmarks.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    args: MockArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    match serve_until_terminated(Cli::parse().args.into()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("workos-dsync-mock: {e}");
            ExitCode::FAILURE
        }
    }
}
