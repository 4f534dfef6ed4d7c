//! The client, its builder and its configuration.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use http::header::HeaderValue;
use url::{Host, Url};

use crate::directory_sync::DirectorySync;
use crate::retry::Backoff;
use crate::transport::Http;
use crate::Error;

/// A configuration's `Debug` with the key and the URL's password hidden, so
/// that no log line built from `{:?}` carries either; `[fields]` follow as they are.
macro_rules! debug_redacted {
    ($f:expr, $name:literal, $config:ident, [$($field:ident),*]) => {
        $f.debug_struct($name)
            .field("api_key", &$config.api_key.as_ref().map(|_| "<redacted>"))
            .field("client_id", &$config.client_id)
            .field("base_url", &$config.base_url.as_deref().map($crate::client::redact_userinfo))
            $(.field(stringify!($field), &$config.$field))*
            .finish()
    };
}
pub(crate) use debug_redacted;

// The defaults below are stated in the README, the bindings' documentation and
// the command line's help; `core/tests/documented_defaults.rs` checks every
// such statement against these values.

/// The production API: the base URL when none is set.
pub const DEFAULT_BASE_URL: &str = "https://api.workos.com";
/// Per-attempt timeout when none is set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Retries after the first attempt when none is set.
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// Largest response body the client reads; a bigger one is an `invalid_response`
/// instead of an unbounded allocation.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// A WorkOS API client: one connection pool, cheap to clone, safe to share
/// across threads and tasks.
///
/// ```no_run
/// # async fn demo() -> Result<(), workos_dsync::Error> {
/// use workos_dsync::Client;
/// let client = Client::builder().api_key("sk_test_...").build();
/// let dir = client.directory_sync().get_directory("directory_01ECAZ4NV9QMV47GW873HDCX74").await?;
/// println!("{} is {}", dir.name, dir.state);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// A client that cannot work keeps the reason and fails every call with it,
    /// so that the infallible `build()` of the seed API stays honest.
    pub ready: Result<Ready, Error>,
    pub max_retries: u32,
    pub timeout: Duration,
    pub backoff: Backoff,
    /// The configuration, environment already resolved, to build a twin from.
    pub builder: ClientBuilder,
}

pub(crate) struct Ready {
    pub http: Arc<Http>,
    /// `Authorization` and `User-Agent`, for requests sent elsewhere
    /// ([`RequestOptions::base_url`](crate::RequestOptions::base_url)).
    pub auth: HeaderValue,
    pub user_agent: HeaderValue,
    /// What requests to other base URLs need, the most recent last.
    pub elsewhere: std::sync::Mutex<Vec<(String, Arc<Http>)>>,
    /// Normalised: no trailing slash, so paths append with one.
    pub base_url: String,
}

impl Client {
    /// Starts a builder; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The Directory Sync API.
    pub fn directory_sync(&self) -> DirectorySync<'_> {
        DirectorySync::new(self)
    }

    /// The base URL requests go to, when the configuration is usable. It never
    /// holds credentials: a base URL with a user or password is refused.
    pub fn base_url(&self) -> Option<&str> {
        self.inner.ready.as_ref().ok().map(|r| r.base_url.as_str())
    }

    /// Retries after a failed first attempt.
    pub fn max_retries(&self) -> u32 {
        self.inner.max_retries
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// A client with the same configuration and a new, empty connection pool.
    ///
    /// Pooled connections belong to the async runtime that opened them. A
    /// process that forks, or replaces its runtime, must not reuse them: the
    /// bindings call this in a forked child before the first request there.
    pub fn with_fresh_connections(&self) -> Client {
        self.inner.builder.clone().build()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Client");
        match &self.inner.ready {
            Ok(r) => d.field("base_url", &r.base_url),
            Err(e) => d.field("configuration_error", &e.message()),
        };
        d.field("api_key", &"<redacted>")
            .field("max_retries", &self.inner.max_retries)
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

/// Configures a [`Client`].
///
/// Unset values come from the environment (`WORKOS_API_KEY`, `WORKOS_BASE_URL`),
/// then from the defaults ([`DEFAULT_BASE_URL`], [`DEFAULT_MAX_RETRIES`],
/// [`DEFAULT_TIMEOUT`]). Bindings, which receive numbers in their own
/// languages' types, build clients from [`ClientOptions`](crate::ClientOptions)
/// instead.
///
/// ```
/// use std::time::Duration;
/// use workos_dsync::Client;
/// let client = Client::builder()
///     .api_key("sk_test_123")
///     .base_url("http://127.0.0.1:8080")
///     .max_retries(1)
///     .timeout(Duration::from_secs(5))
///     .try_build()
///     .unwrap();
/// assert_eq!(client.base_url(), Some("http://127.0.0.1:8080"));
/// assert!(!format!("{client:?}").contains("sk_test_123"));
///
/// // Plain http is only for loopback hosts: an API key never crosses a network unencrypted.
/// let err = Client::builder().api_key("sk_test_123").base_url("http://api.example.com").try_build();
/// assert_eq!(err.unwrap_err().kind(), "configuration");
/// ```
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    client_id: Option<String>,
    base_url: Option<String>,
    max_retries: Option<u32>,
    timeout: Option<Duration>,
    binding: Option<(String, String)>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted!(f, "ClientBuilder", self, [max_retries, timeout])
    }
}

impl ClientBuilder {
    /// The secret API key (`sk_...`). Defaults to `WORKOS_API_KEY`.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The client id (`client_...`). Accepted for compatibility with the
    /// official SDKs; the directories API does not use it.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self
    }

    /// Where the API is. Defaults to `WORKOS_BASE_URL`, then [`DEFAULT_BASE_URL`].
    /// Plain `http://` is accepted only for loopback hosts. A URL with a user
    /// or password is refused, and shown with them replaced by `***` wherever
    /// the builder or an error prints it.
    ///
    /// Proxies: an `https` base URL goes through the proxy named by
    /// `HTTPS_PROXY` (or `ALL_PROXY`; lower-case names too) unless `NO_PROXY`
    /// names its host, as curl does; the key then travels inside TLS through
    /// the proxy's `CONNECT` tunnel. A plain `http` (loopback) base URL never
    /// uses a proxy, so the key is never handed to one in clear.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Retries after a failed first attempt (default [`DEFAULT_MAX_RETRIES`]; 0 disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Timeout of each attempt, from connecting to the end of the body
    /// (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Names the language binding in the `User-Agent` header, such as
    /// `("python", "3.12.1")`. For the bindings; Rust callers leave it unset.
    #[doc(hidden)]
    pub fn binding(mut self, name: impl Into<String>, version: impl Into<String>) -> Self {
        self.binding = Some((name.into(), version.into()));
        self
    }

    /// Builds the client. Never fails: a client whose configuration is unusable
    /// fails each call with a `configuration` error instead. Use
    /// [`try_build`](Self::try_build) to find out now.
    pub fn build(mut self) -> Client {
        // Resolved once, so a twin from `with_fresh_connections` is configured
        // the same even if the environment changed since.
        if self.api_key.is_none() {
            self.api_key = Some(std::env::var("WORKOS_API_KEY").unwrap_or_default());
        }
        if self.base_url.is_none() {
            self.base_url = Some(
                std::env::var("WORKOS_BASE_URL")
                    .ok()
                    .filter(|u| !u.trim().is_empty())
                    .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned()),
            );
        }
        let max_retries = self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES);
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let ready = self.ready(timeout);
        Client {
            inner: Arc::new(Inner {
                ready,
                max_retries,
                timeout,
                backoff: Backoff::default(),
                builder: self,
            }),
        }
    }

    /// Builds the client, or says why its configuration is unusable.
    pub fn try_build(self) -> Result<Client, Error> {
        let client = self.build();
        match &client.inner.ready {
            Ok(_) => Ok(client),
            Err(e) => Err(e.clone()),
        }
    }

    fn ready(&self, timeout: Duration) -> Result<Ready, Error> {
        if timeout.is_zero() {
            return Err(Error::Configuration(
                "the timeout must be longer than zero".into(),
            ));
        }
        let base_url = validate_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let auth = auth_header(self.api_key.as_deref().unwrap_or(""))?;

        let agent = user_agent(self.binding.as_ref());
        let http = Arc::new(Http::new(&base_url, &auth, &agent)?);
        Ok(Ready {
            http,
            base_url,
            auth,
            user_agent: agent,
            elsewhere: Default::default(),
        })
    }
}

/// How many other base URLs a client keeps connections for.
const MAX_ELSEWHERE: usize = 4;

impl Ready {
    /// What requests to `base_url` need: checked by the client's rules, and
    /// kept (with its idle connections) for the next call that goes there.
    pub(crate) fn http_for(&self, base_url: &str) -> Result<Arc<Http>, Error> {
        let base_url = validate_base_url(base_url)?;
        if base_url == self.base_url {
            return Ok(self.http.clone());
        }
        let mut known = self.elsewhere.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = known.iter().position(|(u, _)| *u == base_url) {
            let entry = known.remove(i);
            let http = entry.1.clone();
            known.push(entry);
            return Ok(http);
        }
        let http = Arc::new(Http::new(&base_url, &self.auth, &self.user_agent)?);
        if known.len() >= MAX_ELSEWHERE {
            known.remove(0);
        }
        known.push((base_url, http.clone()));
        Ok(http)
    }
}

fn auth_header(api_key: &str) -> Result<HeaderValue, Error> {
    if api_key.trim().is_empty() {
        return Err(Error::Configuration(
            "no API key: pass one to the client or set WORKOS_API_KEY".into(),
        ));
    }
    // The key itself must never appear in an error: say what is wrong, not what it is.
    let mut value = HeaderValue::from_str(&format!("Bearer {api_key}")).map_err(|_| {
        Error::Configuration(
            "the API key contains characters that cannot be sent in an HTTP header".into(),
        )
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn validate_base_url(raw: &str) -> Result<String, Error> {
    let shown = redact_userinfo(raw);
    let bad = |why: &str| Error::Configuration(format!("unusable base URL {shown:?}: {why}"));
    let url = Url::parse(raw.trim()).map_err(|e| bad(&e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        // Refused, so that `base_url()` and every message about a working
        // client are free of credentials too.
        return Err(bad("it must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("it must not have a query or fragment"));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => return Err(bad(
            "plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use https",
        )),
        _ => {
            return Err(bad(
                "the scheme must be https (or http for a loopback host)",
            ))
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// `raw` with anything that may be a user name or password replaced by
/// `***`: everything from the start of the authority (after `://`, or the
/// start of the text) to the last `@`. Works on text that is not a valid URL,
/// since those are the ones echoed in errors, and errs on the side of hiding
/// too much.
pub(crate) fn redact_userinfo(raw: &str) -> String {
    let Some(at) = raw.rfind('@') else {
        return raw.to_owned();
    };
    let start = match raw.find("://") {
        Some(i) if i < at => i + 3,
        _ => 0,
    };
    format!("{}***{}", &raw[..start], &raw[at..])
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

fn user_agent(binding: Option<&(String, String)>) -> HeaderValue {
    let (name, version) = match binding {
        Some((n, v)) => (n.as_str(), v.as_str()),
        None => ("rust", env!("WORKOS_DSYNC_RUSTC_VERSION")),
    };
    let ua = format!(
        "workos-dsync/{} {name}/{version}",
        env!("CARGO_PKG_VERSION")
    );
    HeaderValue::from_str(&ua).unwrap_or_else(|_| {
        HeaderValue::from_static(concat!("workos-dsync/", env!("CARGO_PKG_VERSION")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builder() -> ClientBuilder {
        Client::builder().api_key("sk_test_secret_123")
    }

    #[test]
    fn base_url_rules() {
        for ok in [
            "https://api.workos.com",
            "https://api.workos.com/",
            "http://127.0.0.1:1234",
            "http://127.8.9.10",
            "http://[::1]:80/",
            "http://localhost:99/prefix/",
        ] {
            assert!(builder().base_url(ok).try_build().is_ok(), "{ok}");
        }
        for bad in [
            "http://api.workos.com",
            "http://10.0.0.1",
            "ftp://127.0.0.1",
            "not a url",
            "https://user:pw@api.workos.com",
            "https://api.workos.com?x=1",
        ] {
            let err = builder().base_url(bad).try_build().unwrap_err();
            assert_eq!(err.kind(), "configuration", "{bad}");
            assert!(!err.to_string().contains("pw@"));
        }
        let c = builder().base_url("http://localhost:99/prefix/").build();
        assert_eq!(c.base_url(), Some("http://localhost:99/prefix"));
    }

    #[test]
    fn credentials_in_base_urls_never_show() {
        for (raw, shown) in [
            (
                "https://user:pw@api.workos.com",
                "https://***@api.workos.com",
            ),
            (
                "https://user:pw@api.workos.com:99999",
                "https://***@api.workos.com:99999",
            ),
            ("https://u:p@w@h/x", "https://***@h/x"),
            ("http:/user:pw@127.0.0.1", "***@127.0.0.1"),
            ("user:pw@host", "***@host"),
            ("https://:pw@[::1", "https://***@[::1"),
            ("ftp://user:pw@host", "ftp://***@host"),
            ("https://user:p#w@host", "https://***@host"),
            ("https://api.workos.com", "https://api.workos.com"),
        ] {
            assert_eq!(redact_userinfo(raw), shown);
            let b = builder().base_url(raw);
            let debug = format!("{b:?}");
            assert!(debug.contains(&format!("{shown:?}")), "{debug}");
            if raw.contains('@') {
                let err = b.clone().try_build().unwrap_err();
                assert_eq!(err.kind(), "configuration", "{raw}");
                let texts = format!("{err} {err:?} {debug} {:?}", b.build());
                for secret in ["pw", "user", "p#w"] {
                    assert!(!texts.contains(secret), "{raw}: {texts}");
                }
            }
        }
    }

    #[test]
    fn keys_never_show() {
        let c = builder().base_url("http://127.0.0.1:1").build();
        let b = builder();
        assert!(!format!("{c:?} {b:?}").contains("secret"));
        let err = Client::builder()
            .api_key("sk_bad\nsecret")
            .try_build()
            .unwrap_err();
        assert_eq!(err.kind(), "configuration");
        assert!(!format!("{err} {err:?}").contains("secret"));
    }

    #[test]
    fn missing_key_and_zero_timeout_are_configuration_errors() {
        let err = Client::builder().api_key("").try_build().unwrap_err();
        assert_eq!(err.kind(), "configuration");
        let err = builder().timeout(Duration::ZERO).try_build().unwrap_err();
        assert_eq!(err.kind(), "configuration");
    }

    #[test]
    fn user_agent_names_the_binding() {
        let ua = user_agent(Some(&("python".into(), "3.12.1".into())));
        assert_eq!(
            ua.to_str().unwrap(),
            format!("workos-dsync/{} python/3.12.1", env!("CARGO_PKG_VERSION"))
        );
        assert!(user_agent(None).to_str().unwrap().contains(" rust/"));
    }
}
