//! Proxies from the environment: a plain-http (loopback) base URL never goes
//! through one, so the API key is never handed to a proxy in clear; an https
//! base URL follows `HTTPS_PROXY` / `ALL_PROXY` / `NO_PROXY` as curl does, and
//! the key then travels inside TLS through a `CONNECT` tunnel.
//!
//! One test in its own binary, because the environment is process-wide.
//! Nothing leaves the machine: the "proxy" is a local listener that records
//! what it receives and refuses every tunnel.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use workos_dsync::Client;
use workos_dsync_mock::{MockConfig, MockServer};

const KEY: &str = "sk_test_proxy_secret";

/// A local listener that records the first bytes of every connection (up to
/// the end of an HTTP head), answers `answer`, and closes.
struct Recorder {
    url: String,
    port: u16,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl Recorder {
    async fn start(answer: &'static [u8]) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let log = log.clone();
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut buf = [0u8; 4096];
                    // A TLS ClientHello has no blank line: stop at whatever
                    // arrived within a short wait.
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                        match tokio::time::timeout(
                            Duration::from_millis(300),
                            socket.read(&mut buf),
                        )
                        .await
                        {
                            Ok(Ok(n)) if n > 0 => head.extend_from_slice(&buf[..n]),
                            _ => break,
                        }
                    }
                    log.lock().unwrap().push(head);
                    let _ = socket.write_all(answer).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Recorder {
            url: format!("http://127.0.0.1:{port}"),
            port,
            received,
        }
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.received.lock().unwrap())
            .into_iter()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect()
    }
}

const REFUSE_TUNNEL: &[u8] =
    b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

fn set(vars: &[&str], value: &str) {
    for var in vars {
        std::env::set_var(var, value);
    }
}

fn unset(vars: &[&str]) {
    for var in vars {
        std::env::remove_var(var);
    }
}

const HTTP_VARS: [&str; 4] = ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];
const HTTPS_VARS: [&str; 2] = ["HTTPS_PROXY", "https_proxy"];
const NO_VARS: [&str; 2] = ["NO_PROXY", "no_proxy"];

fn client(base_url: &str) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .max_retries(0)
        .timeout(Duration::from_secs(10))
        .try_build()
        .unwrap()
}

/// Fails the call through `client` and returns what `recorder` received.
async fn attempt(client: &Client, recorder: &Recorder) -> Vec<String> {
    let err = client
        .directory_sync()
        .get_directory("directory_01")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "connection", "{err}");
    assert!(!err.to_string().contains(KEY));
    // The recorder logs a connection once it stops reading: give it the time.
    tokio::time::sleep(Duration::from_millis(400)).await;
    recorder.take()
}

fn assert_tunnel_without_key(received: &[String], target: &str) {
    assert_eq!(received.len(), 1, "{received:?}");
    let head = &received[0];
    assert!(
        head.starts_with(&format!("CONNECT {target} HTTP/1.1\r\n")),
        "{head:?}"
    );
    assert!(!head.contains(KEY), "{head:?}");
    assert!(
        !head
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("authorization:")),
        "{head:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_http_never_uses_a_proxy_and_https_follows_the_environment() {
    unset(&HTTP_VARS);
    unset(&HTTPS_VARS);
    unset(&NO_VARS);
    // CGI rules would make the proxy library ignore HTTP_PROXY, hiding the case under test.
    unset(&["REQUEST_METHOD"]);

    let proxy = Recorder::start(REFUSE_TUNNEL).await;
    set(&HTTP_VARS, &proxy.url);

    // Plain http to loopback: straight to the server, the proxy sees nothing.
    let server = MockServer::start(MockConfig::default()).await.unwrap();
    for base in [
        server.url().to_owned(),
        server.url().replace("127.0.0.1", "localhost"),
    ] {
        let c = Client::builder()
            .api_key(server.api_key())
            .base_url(&base)
            .max_retries(0)
            .try_build()
            .unwrap();
        let page = c.directory_sync().list_directories().await.unwrap();
        let id = &page.data[0].id;
        c.directory_sync().get_directory(id).await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(proxy.take(), Vec::<String>::new());

    // https with only ALL_PROXY: tunnelled through it, the key not in the CONNECT.
    let workos = client("https://api.workos.com");
    assert_tunnel_without_key(&attempt(&workos, &proxy).await, "api.workos.com:443");

    // HTTPS_PROXY (either case) wins over ALL_PROXY.
    let https_proxy = Recorder::start(REFUSE_TUNNEL).await;
    for var in HTTPS_VARS {
        set(&[var], &https_proxy.url);
        let workos = client("https://api.workos.com");
        assert_tunnel_without_key(&attempt(&workos, &https_proxy).await, "api.workos.com:443");
        assert_eq!(proxy.take(), Vec::<String>::new());
        unset(&[var]);
    }

    // NO_PROXY. Checked with a local https "server" rather than
    // api.workos.com, so that the direct connection it causes stays on this
    // machine; first without it, to show localhost is otherwise proxied.
    let direct = Recorder::start(b"").await;
    set(&HTTPS_VARS, &https_proxy.url);
    let local = format!("https://localhost:{}", direct.port);
    let target = format!("localhost:{}", direct.port);
    assert_tunnel_without_key(&attempt(&client(&local), &https_proxy).await, &target);
    assert_eq!(direct.take(), Vec::<String>::new());
    for var in NO_VARS {
        set(&[var], "example.org, localhost");
        let received = attempt(&client(&local), &direct).await;
        assert_eq!(received.len(), 1, "{received:?}");
        assert_eq!(received[0].as_bytes()[0], 0x16, "a TLS handshake");
        assert_eq!(https_proxy.take(), Vec::<String>::new());
        unset(&[var]);
    }

    // A proxy's own credentials stay out of errors too.
    set(
        &HTTPS_VARS,
        &format!("http://proxyuser:proxypass@127.0.0.1:{}", https_proxy.port),
    );
    let err = client("https://api.workos.com")
        .directory_sync()
        .get_directory("directory_01")
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains("proxypass"), "{text}");

    unset(&HTTP_VARS);
    unset(&HTTPS_VARS);
}
