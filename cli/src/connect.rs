//! The client the commands use: configured from flags and environment, or
//! pointed at an embedded mock server when there is nothing to configure.

use std::io::Write;

use workos_dsync::{Client, ClientOptions, Number, OptionNames};
use workos_dsync_mock::{MockConfig, MockServer};

use crate::args::ConnectionArgs;
use crate::Failure;

/// A client, and the embedded mock it talks to when there is one (kept
/// alive as long as the client is used).
pub struct Connection {
    pub client: Client,
    _mock: Option<MockServer>,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

/// With neither an API key nor a base URL, starts the mock server in-process
/// with its demo data and says so on stderr; otherwise builds a client for the
/// configured API, refusing an unusable configuration before any command runs.
pub async fn connect(args: &ConnectionArgs) -> Result<Connection, Failure> {
    // The ranges of the numbers are the core's: one out of range is refused
    // here, before a mock server starts.
    let mut builder = ClientOptions {
        max_retries: args.max_retries.map(Number::from),
        timeout: args.timeout.clone(),
        binding: Some(("cli".into(), env!("CARGO_PKG_VERSION").into())),
        names: OptionNames {
            max_retries: "--max-retries",
            timeout: "--timeout",
        },
        ..Default::default()
    }
    .into_builder()?;
    let (api_key, base_url) = (non_empty(&args.api_key), non_empty(&args.base_url));
    let mock = match (api_key, base_url) {
        (None, None) => {
            let mock = MockServer::start(MockConfig::default())
                .await
                .map_err(Failure::Output)?;
            let _ = writeln!(
                std::io::stderr(),
                "workos-dsync: no API key (--api-key or WORKOS_API_KEY): using an embedded mock server with demo data at {}",
                mock.url()
            );
            builder = builder.api_key(mock.api_key()).base_url(mock.url());
            Some(mock)
        }
        _ => {
            // A base URL without a key is a mistake to report, not a reason
            // to silently serve demo data: the core's configuration error says so.
            builder = builder.api_key(api_key.unwrap_or(""));
            if let Some(url) = base_url {
                builder = builder.base_url(url);
            }
            None
        }
    };
    Ok(Connection {
        client: builder.try_build()?,
        _mock: mock,
    })
}
