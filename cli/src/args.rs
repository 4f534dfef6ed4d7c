//! The command line: what the user can type, with its help text.

use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use workos_dsync::Order;
use workos_dsync_mock::cli::MockArgs;

/// A command-line client for the WorkOS Directory Sync directories API.
///
/// Without an API key (and without a base URL) it runs against an embedded
/// mock server with demo data, so every command can be tried right away.
#[derive(Debug, Parser)]
#[command(name = "workos-dsync", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Where and how to reach the API.
#[derive(Debug, Args)]
pub struct ConnectionArgs {
    /// WorkOS API key (sk_...). Without one, an embedded mock server is used.
    #[arg(long, env = "WORKOS_API_KEY", hide_env_values = true, global = true)]
    pub api_key: Option<String>,
    /// API base URL [default: https://api.workos.com]. Plain http only for loopback hosts.
    #[arg(long, env = "WORKOS_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// Retries of a failed request (408, 429, 5xx, connection failures, timeouts) [default: 3].
    #[arg(long, global = true, value_name = "N")]
    pub max_retries: Option<u32>,
    /// Timeout of each attempt: seconds, or a number with ms/s/m [default: 60s].
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, get and delete directories.
    #[command(subcommand)]
    Directories(DirectoriesCommand),
    /// Serve the mock WorkOS API (prints "listening on URL" first).
    Mock(MockArgs),
}

#[derive(Debug, Subcommand)]
pub enum DirectoriesCommand {
    /// List directories: one page, or every page with --all.
    List(ListArgs),
    /// Show one directory.
    Get {
        /// The directory id (directory_...).
        id: String,
        /// Print the directory as the API's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Delete a directory (asks first, unless --yes).
    Delete {
        /// The directory id (directory_...).
        id: String,
        /// Delete without asking; required when stdin is not a terminal.
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only directories of this organization.
    #[arg(long, value_name = "ID")]
    pub organization_id: Option<String>,
    /// Only directories whose name matches this text.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only directories of this domain.
    #[arg(long)]
    pub domain: Option<String>,
    /// Page size, 1 to 100 [API default: 10; 100 with --all].
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub limit: Option<i64>,
    /// The page before this directory id.
    #[arg(long, value_name = "ID")]
    pub before: Option<String>,
    /// The page after this directory id.
    #[arg(long, value_name = "ID")]
    pub after: Option<String>,
    /// Sort by creation time: asc, desc or normal [API default: desc].
    #[arg(long, value_parser = parse_order)]
    pub order: Option<Order>,
    /// Follow every page, fetching each one as it is printed.
    #[arg(long)]
    pub all: bool,
    /// Print JSON: the API's list envelope, or an array of every directory with --all.
    #[arg(long)]
    pub json: bool,
}

/// The core's own parser, so a bad order gets the same message in every language.
fn parse_order(s: &str) -> Result<Order, String> {
    s.parse::<Order>().map_err(|e| e.message().to_owned())
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = match s.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a duration such as 30, 30s, 500ms or 2m"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        _ => return Err(format!("unknown unit {unit:?}: use ms, s or m")),
    };
    if !(secs.is_finite() && secs > 0.0) {
        return Err("the timeout must be longer than zero".into());
    }
    Duration::try_from_secs_f64(secs).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("-1").is_err());
        assert!(parse_duration("5h").is_err());
        assert!(parse_duration("soon").is_err());
    }
}
