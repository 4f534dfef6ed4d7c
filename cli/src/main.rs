//! `workos-dsync`: the WorkOS Directory Sync directories API from a shell.
//!
//! Exit codes: 0 success; 1 the API or the network failed (the error line
//! names kind, HTTP status, code, message and request id); 2 bad usage (clap's
//! own errors, arguments the core refuses before sending, an unusable
//! configuration, a delete without `--yes` where nobody can confirm).

mod args;
mod commands;
mod connect;
mod render;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// How a command failed, and so which exit code it gets.
#[derive(Debug)]
pub enum Failure {
    /// The call failed; the core's error says how.
    Api(workos_dsync::Error),
    /// The user asked for something this command will not do.
    Usage(String),
    /// The user answered "no" to a confirmation.
    Declined,
    /// Writing the output failed (a closed pipe is not a failure, see below).
    Output(io::Error),
}

impl From<workos_dsync::Error> for Failure {
    fn from(e: workos_dsync::Error) -> Self {
        Failure::Api(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("workos-dsync: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(run(cli));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        // `workos-dsync directories list --all | head` closes the pipe early;
        // that is the reader being done, not an error.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure) => {
            let (code, line) = match failure {
                Failure::Api(e) => {
                    let usage = matches!(e.kind(), "invalid_argument" | "configuration");
                    (if usage { 2 } else { 1 }, format!("error: {e}"))
                }
                Failure::Usage(msg) => (2, format!("error: {msg}")),
                Failure::Declined => (1, "not deleted".to_owned()),
                Failure::Output(e) => (1, format!("error: cannot write the output: {e}")),
            };
            // Kind, code, message and request id come from the server: escaped,
            // they can neither drive the terminal nor break the one line.
            let _ = writeln!(io::stderr(), "workos-dsync: {}", render::printable(&line));
            ExitCode::from(code)
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Mock(args) => workos_dsync_mock::cli::serve_until_terminated(args.into())
            .await
            .map_err(Failure::Output),
        Command::Directories(cmd) => {
            let connection = connect::connect(&cli.connection).await?;
            commands::directories(&connection.client, cmd).await
        }
    }
}
