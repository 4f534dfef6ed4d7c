//! The command line: what the user can type, with its help text.

use clap::{Args, Parser, Subcommand};
use workos_dsync::{
    Number, Order, Timeout, API_DEFAULT_LIMIT, AUTO_PAGING_LIMIT, DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
};
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
    // The defaults in the help come from the core's constants. The numbers are
    // only parsed here; their ranges are the core's (`ClientOptions`).
    #[arg(
        long,
        env = "WORKOS_BASE_URL",
        global = true,
        help = format!("API base URL [default: {DEFAULT_BASE_URL}]. Plain http only for loopback hosts.")
    )]
    pub base_url: Option<String>,
    #[arg(
        long,
        global = true,
        value_name = "N",
        allow_negative_numbers = true,
        help = format!(
            "Retries of a failed request (408, 429, 500, 502, 503, 504, connection failures, \
             timeouts) [default: {DEFAULT_MAX_RETRIES}]."
        )
    )]
    pub max_retries: Option<i64>,
    #[arg(
        long,
        global = true,
        value_name = "DURATION",
        allow_negative_numbers = true,
        value_parser = parse_timeout,
        help = format!(
            "Timeout of each attempt: seconds, or a number with ms/s/m [default: {}s].",
            DEFAULT_TIMEOUT.as_secs()
        )
    )]
    pub timeout: Option<Timeout>,
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
    #[arg(
        long,
        value_name = "N",
        allow_negative_numbers = true,
        help = format!("Page size, 1 to 100 [API default: {API_DEFAULT_LIMIT}; {AUTO_PAGING_LIMIT} with --all].")
    )]
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

/// `30`, `30s`, `500ms` or `2m` as the core's `Timeout`; whether it is in
/// range is the core's to say.
fn parse_timeout(s: &str) -> Result<Timeout, String> {
    let s = s.trim();
    let (number, unit) = match s.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a duration such as 30, 30s, 500ms or 2m"))?;
    match unit {
        "ms" => Ok(Timeout::Millis(Number::Float(n))),
        "s" => Ok(Timeout::Seconds(Number::Float(n))),
        "m" => Ok(Timeout::Seconds(Number::Float(n * 60.0))),
        _ => Err(format!("unknown unit {unit:?}: use ms, s or m")),
    }
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
        use std::time::Duration;
        let secs =
            |s: &str| parse_timeout(s).and_then(|t| t.to_duration("t").map_err(|e| e.to_string()));
        assert_eq!(secs("30"), Ok(Duration::from_secs(30)));
        assert_eq!(secs("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(secs("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(secs("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_timeout("5h").is_err());
        assert!(parse_timeout("soon").is_err());
        // Parsed here, refused by the core.
        assert!(parse_timeout("-1").is_ok() && secs("-1").is_err());
    }

    #[test]
    fn the_help_states_the_cores_defaults() {
        let help = Cli::command().render_long_help().to_string();
        for stated in [
            format!("[default: {DEFAULT_BASE_URL}]"),
            format!("[default: {DEFAULT_MAX_RETRIES}]"),
            format!("[default: {}s]", DEFAULT_TIMEOUT.as_secs()),
        ] {
            assert!(help.contains(&stated), "{stated} not in {help}");
        }
        let mut cli = Cli::command();
        let list = cli
            .find_subcommand_mut("directories")
            .and_then(|d| d.find_subcommand_mut("list"))
            .expect("directories list")
            .render_long_help()
            .to_string();
        let stated = format!("[API default: {API_DEFAULT_LIMIT}; {AUTO_PAGING_LIMIT} with --all]");
        assert!(list.contains(&stated), "{list}");
    }
}
