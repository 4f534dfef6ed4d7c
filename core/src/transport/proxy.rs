//! The proxy an `https` base URL goes through, chosen from the environment as
//! curl chooses it, and the `CONNECT` tunnel through it.
//!
//! Plain `http` (loopback only) never uses a proxy: the API key would reach
//! it in clear. Through a tunnel the key travels inside TLS end to end.

use std::net::IpAddr;

use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use url::{Host, Url};

use crate::client::redact_userinfo;
use crate::Error;

/// The longest proxy answer to a `CONNECT` read before giving up on it.
const MAX_CONNECT_RESPONSE: usize = 64 * 1024;

/// An HTTP proxy to tunnel through.
#[derive(Clone)]
pub(crate) struct Proxy {
    host: String,
    port: u16,
    /// `Basic ...`, from the proxy URL's user and password.
    authorization: Option<String>,
    /// The proxy URL with its credentials hidden, for messages.
    shown: String,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

fn var(names: [&str; 2]) -> Option<String> {
    names
        .iter()
        .find_map(|n| std::env::var(n).ok())
        .filter(|v| !v.trim().is_empty())
}

impl Proxy {
    /// The proxy for `host` (an https base URL's), read from the environment
    /// now: `HTTPS_PROXY`, else `ALL_PROXY` (either case), unless `NO_PROXY`
    /// names the host. An unusable proxy URL is a configuration error, so a
    /// typo does not silently bypass a proxy that policy requires.
    pub(crate) fn from_env(host: &Host<&str>) -> Result<Option<Proxy>, Error> {
        let Some(raw) =
            var(["HTTPS_PROXY", "https_proxy"]).or_else(|| var(["ALL_PROXY", "all_proxy"]))
        else {
            return Ok(None);
        };
        if var(["NO_PROXY", "no_proxy"]).is_some_and(|list| no_proxy_matches(&list, host)) {
            return Ok(None);
        }
        Proxy::parse(&raw).map(Some)
    }

    fn parse(raw: &str) -> Result<Proxy, Error> {
        let shown = redact_userinfo(raw.trim());
        let bad = |why: &str| Error::Configuration(format!("unusable proxy {shown:?}: {why}"));
        // curl reads a proxy without a scheme as http.
        let text = raw.trim();
        let url = if text.contains("://") {
            Url::parse(text)
        } else {
            Url::parse(&format!("http://{text}"))
        }
        .map_err(|e| bad(&e.to_string()))?;
        if url.scheme() != "http" {
            return Err(bad(
                "only http:// proxies are supported (the tunnel carries TLS)",
            ));
        }
        let host = match url.host() {
            Some(Host::Ipv6(ip)) => ip.to_string(),
            Some(h) => h.to_string(),
            None => return Err(bad("it has no host")),
        };
        let authorization = (!url.username().is_empty()).then(|| {
            let user = percent_encoding::percent_decode_str(url.username()).decode_utf8_lossy();
            let pass = url
                .password()
                .map(|p| percent_encoding::percent_decode_str(p).decode_utf8_lossy())
                .unwrap_or_default();
            let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
            format!("Basic {token}")
        });
        Ok(Proxy {
            host,
            port: url.port().unwrap_or(80),
            authorization,
            shown,
        })
    }

    /// A TCP connection to `target` (`host:port`) through the proxy's tunnel.
    pub(crate) async fn tunnel(&self, target: &str) -> Result<TcpStream, Error> {
        let mut tcp = TcpStream::connect((self.host.as_str(), self.port))
            .await
            .map_err(|e| Error::Connection(format!("cannot connect to the proxy {self:?}: {e}")))?;
        let _ = tcp.set_nodelay(true);
        let mut head = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
        if let Some(auth) = &self.authorization {
            head.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
        }
        head.push_str("\r\n");
        let lost = |e: std::io::Error| {
            Error::Connection(format!("the proxy {self:?} closed the tunnel: {e}"))
        };
        tcp.write_all(head.as_bytes()).await.map_err(lost)?;
        // Byte by byte up to the blank line, so nothing of the TLS stream
        // that follows is read here.
        let mut answer = Vec::with_capacity(128);
        while !answer.ends_with(b"\r\n\r\n") {
            if answer.len() >= MAX_CONNECT_RESPONSE {
                return Err(Error::Connection(format!(
                    "the proxy {self:?} sent an endless answer to CONNECT"
                )));
            }
            let byte = tcp.read_u8().await.map_err(lost)?;
            answer.push(byte);
        }
        let status = std::str::from_utf8(&answer)
            .ok()
            .and_then(|a| a.split_whitespace().nth(1))
            .and_then(|s| s.parse::<u16>().ok());
        match status {
            Some(200..=299) => Ok(tcp),
            Some(s) => Err(Error::Connection(format!(
                "the proxy {self:?} refused the tunnel: HTTP {s}"
            ))),
            None => Err(Error::Connection(format!(
                "the proxy {self:?} answered CONNECT with something that is not HTTP"
            ))),
        }
    }
}

/// Whether curl's `NO_PROXY` list names `host`: `*` (everything), a domain
/// (itself and its subdomains; a leading dot is ignored), an IP address, or
/// an IP network in CIDR notation. Entries are separated by commas.
fn no_proxy_matches(list: &str, host: &Host<&str>) -> bool {
    let ip: Option<IpAddr> = match host {
        Host::Ipv4(ip) => Some((*ip).into()),
        Host::Ipv6(ip) => Some((*ip).into()),
        Host::Domain(_) => None,
    };
    list.split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            match (ip, host) {
                (Some(ip), _) => ip_matches(entry, ip),
                (None, Host::Domain(domain)) => {
                    let entry = entry.trim_start_matches('.').trim_end_matches('.');
                    let domain = domain.trim_end_matches('.');
                    domain.eq_ignore_ascii_case(entry)
                        || (domain.len() > entry.len()
                            && domain[domain.len() - entry.len()..].eq_ignore_ascii_case(entry)
                            && domain.as_bytes()[domain.len() - entry.len() - 1] == b'.')
                }
                (None, _) => false,
            }
        })
}

fn ip_matches(entry: &str, ip: IpAddr) -> bool {
    let entry = entry.trim_start_matches('[').trim_end_matches(']');
    let (net, bits) = match entry.split_once('/') {
        Some((net, bits)) => match bits.parse::<u32>() {
            Ok(bits) => (net, Some(bits)),
            Err(_) => return false,
        },
        None => (entry, None),
    };
    let Ok(net) = net.parse::<IpAddr>() else {
        return false;
    };
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) => prefix_eq(&n.octets(), &i.octets(), bits.unwrap_or(32)),
        (IpAddr::V6(n), IpAddr::V6(i)) => prefix_eq(&n.octets(), &i.octets(), bits.unwrap_or(128)),
        _ => false,
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u32) -> bool {
    if bits as usize > a.len() * 8 {
        return false;
    }
    let (whole, rest) = ((bits / 8) as usize, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(list: &str, host: &str) -> bool {
        let url = Url::parse(&format!("https://{host}/")).unwrap();
        no_proxy_matches(list, &url.host().unwrap())
    }

    #[test]
    fn no_proxy_follows_curl() {
        assert!(matches("*", "api.workos.com"));
        assert!(matches("workos.com", "api.workos.com"));
        assert!(matches(".workos.com", "api.workos.com"));
        assert!(matches("example.org, API.WorkOS.com", "api.workos.com"));
        assert!(!matches("os.com", "api.workos.com"));
        assert!(!matches("api.workos.com.evil", "api.workos.com"));
        assert!(matches("10.1.2.3", "10.1.2.3"));
        assert!(matches("10.0.0.0/8", "10.1.2.3"));
        assert!(!matches("10.0.0.0/16", "10.1.2.3"));
        assert!(matches("::1", "[::1]"));
        assert!(matches("fd00::/8", "[fd12::1]"));
        assert!(!matches("10.0.0.0/8", "[::1]"));
        assert!(!matches("", "api.workos.com"));
    }

    #[test]
    fn proxy_urls_and_their_credentials() {
        let p = Proxy::parse("http://user:p%40ss@proxy.local:3128").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("proxy.local", 3128));
        assert_eq!(p.authorization.as_deref(), Some("Basic dXNlcjpwQHNz"));
        assert!(!format!("{p:?}").contains("p%40ss"));
        let p = Proxy::parse("proxy.local").unwrap();
        assert_eq!(
            (p.host.as_str(), p.port, p.authorization),
            ("proxy.local", 80, None)
        );
        let err = Proxy::parse("socks5://user:secret@proxy.local:1080").unwrap_err();
        assert_eq!(err.kind(), "configuration");
        assert!(!err.to_string().contains("secret"), "{err}");
    }
}
