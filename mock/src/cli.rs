//! The command line of the mock server, shared by the `workos-dsync-mock`
//! binary and the `workos-dsync mock` subcommand so both take the same flags
//! and print the same first line.

use std::io::{self, Write};
use std::path::PathBuf;

use crate::random_faults::{RandomFaultConfig, RandomKind, DEFAULT_SLOW_MS, MAX_SLOW_MS};
use crate::{MockConfig, MockServer, DEFAULT_API_KEY};

/// Flags of the mock server.
#[derive(Debug, Clone, clap::Args)]
pub struct MockArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// The API key requests must present as `Authorization: Bearer <key>`.
    #[arg(long, default_value = DEFAULT_API_KEY)]
    pub api_key: String,
    /// Seed of the generated starting data set.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number of directories to generate at start.
    #[arg(long, default_value_t = 24)]
    pub count: usize,
    /// Start with the directories of this JSON file instead.
    #[arg(long, value_name = "FILE")]
    pub fixtures: Option<PathBuf>,
    /// Fault this share (0 to 1) of API requests at random; admin requests never.
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub fault_rate: Option<f64>,
    /// The kinds random faults choose from, uniformly.
    #[arg(
        long,
        value_name = "KINDS",
        value_delimiter = ',',
        default_value = "503,429,drop,slow",
        requires = "fault_rate"
    )]
    pub fault_kinds: Vec<RandomKind>,
    /// Seed of the random faults: the same seed gives the same sequence.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "fault_rate")]
    pub fault_seed: u64,
    /// How long a `slow` random fault delays its response, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_SLOW_MS,
          value_parser = clap::value_parser!(u64).range(..=MAX_SLOW_MS),
          requires = "fault_rate")]
    pub slow_ms: u64,
    /// At most N failing random faults in a row for one method, path and
    /// query, so a client retrying N times always gets through.
    #[arg(long, value_name = "N", requires = "fault_rate")]
    pub fault_max_consecutive: Option<u32>,
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("{text:?} is not a number from 0 to 1")),
    }
}

impl From<MockArgs> for MockConfig {
    fn from(a: MockArgs) -> Self {
        MockConfig {
            host: a.host,
            port: a.port,
            api_key: a.api_key,
            seed: a.seed,
            count: a.count,
            fixtures: a.fixtures,
            random_faults: a.fault_rate.map(|rate| RandomFaultConfig {
                rate,
                kinds: a.fault_kinds,
                seed: a.fault_seed,
                slow_ms: a.slow_ms,
                max_consecutive: a.fault_max_consecutive,
            }),
        }
    }
}

/// The base URL a mock process announced on the first line of its stdout
/// (`listening on URL`), for programs and tests that start the binary.
pub fn announced_url(stdout: impl std::io::Read) -> std::io::Result<String> {
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)?;
    line.trim_end()
        .strip_prefix("listening on ")
        .map(str::to_owned)
        .ok_or_else(|| std::io::Error::other(format!("not a mock's first line: {line:?}")))
}

/// Spawns a mock process (the mock binary, or the CLI's `mock` subcommand)
/// with its stdout piped, and returns it with the base URL it announced.
pub fn spawn_announced(
    command: &mut std::process::Command,
) -> std::io::Result<(std::process::Child, String)> {
    let mut child = command.stdout(std::process::Stdio::piped()).spawn()?;
    let stdout = child.stdout.take().expect("stdout is piped");
    match announced_url(stdout) {
        Ok(url) => Ok((child, url)),
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            Err(e)
        }
    }
}

/// Starts the server, prints `listening on URL` as the first line of stdout,
/// and serves until SIGINT or SIGTERM.
pub async fn serve_until_terminated(config: MockConfig) -> io::Result<()> {
    let server = MockServer::start(config).await?;
    // Listening for the signals before announcing the URL: a script that
    // stops the mock as soon as it has read the line gets a clean exit.
    let terminated = Termination::listen();
    // Scripts wait for this line to learn the port, so it must not sit in a buffer.
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "listening on {}", server.url())?;
    stdout.flush()?;
    drop(stdout);
    terminated.wait().await;
    server.shutdown().await;
    Ok(())
}

/// SIGINT and SIGTERM, listened for from creation on.
struct Termination {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Termination {
    fn listen() -> Termination {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let signals = signal(SignalKind::interrupt())
                .and_then(|int| Ok((int, signal(SignalKind::terminate())?)))
                .ok();
            Termination { signals }
        }
        #[cfg(not(unix))]
        Termination {}
    }

    /// Resolves on SIGINT or SIGTERM.
    async fn wait(self) {
        #[cfg(unix)]
        if let Some((mut int, mut term)) = self.signals {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}
