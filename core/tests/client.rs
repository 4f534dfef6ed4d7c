//! Behaviour of the Rust client that the language-neutral scenarios cannot
//! express: laziness, sharing, timing lower bounds, headers, the Rust types.
//! Everything talks to the mock server over real HTTP on 127.0.0.1.

use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use workos_dsync::{Client, DirectoryStream, ListMetadata, ListParams, Order, Pages};
use workos_dsync_mock::{MockConfig, MockServer};

struct Env {
    server: MockServer,
    admin: reqwest::Client,
}

impl Env {
    async fn start(count: usize) -> Env {
        let server = MockServer::start(MockConfig {
            count,
            ..MockConfig::default()
        })
        .await
        .expect("mock starts");
        Env {
            server,
            admin: admin_http(),
        }
    }

    fn client(&self) -> Client {
        Client::builder()
            .api_key(self.server.api_key())
            .base_url(self.server.url())
            .try_build()
            .unwrap()
    }

    async fn admin(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .admin
            .request(method, format!("{}/__mock/{path}", self.server.url()));
        if let Some(b) = body {
            req = req.body(b.to_string());
        }
        let bytes = req.send().await.unwrap().bytes().await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    async fn requests(&self) -> Vec<Value> {
        let log = self.admin(reqwest::Method::GET, "requests", None).await;
        log.as_array().unwrap().clone()
    }

    async fn first_directory(&self, client: &Client) -> workos_dsync::Directory {
        let page = client.directory_sync().list_directories().await.unwrap();
        page.data
            .into_iter()
            .next()
            .expect("the mock has directories")
    }

    /// Queues `fault` for the next `GET /directories/{id}`.
    async fn fault(&self, mut fault: Value, id: &str) {
        fault["method"] = json!("GET");
        fault["path"] = json!(format!("/directories/{id}"));
        self.admin(reqwest::Method::POST, "faults", Some(fault))
            .await;
    }

    async fn clear_log(&self) {
        self.admin(reqwest::Method::DELETE, "requests", None).await;
    }
}

/// A plain reqwest client for the admin API. reqwest is built without a
/// default crypto provider (the core installs ring when it builds its client),
/// so the test installs it too.
fn admin_http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

#[tokio::test]
async fn auto_paging_is_lazy_one_page_at_a_time() {
    let env = Env::start(50).await;
    env.clear_log().await;
    let client = env.client();
    let mut stream = client
        .directory_sync()
        .list_directories()
        .limit(4)
        .into_stream();
    assert!(
        env.requests().await.is_empty(),
        "nothing is fetched before the first read"
    );
    let first_five: Vec<_> = (&mut stream).take(5).try_collect().await.unwrap();
    assert_eq!(first_five.len(), 5);
    assert_eq!(
        env.requests().await.len(),
        2,
        "5 items of 4 a page need exactly 2 pages"
    );
    let rest: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(first_five.len() + rest.len(), 50);
    assert_eq!(env.requests().await.len(), 13);
}

#[tokio::test]
async fn auto_paging_continues_from_a_page_the_caller_has() {
    let env = Env::start(25).await;
    let client = env.client();
    let params = ListParams {
        limit: Some(10),
        order: Some(Order::Asc),
        ..Default::default()
    };
    let page = client
        .directory_sync()
        .list_directories_with(params.clone())
        .await
        .unwrap();
    assert_eq!(page.data.len(), 10);
    env.clear_log().await;
    let all: Vec<_> = DirectoryStream::from_page(&client, params.clone(), page.clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 25);
    assert_eq!(
        all[..10],
        page.data[..],
        "the page's own items come first, not refetched"
    );
    assert_eq!(env.requests().await.len(), 2);

    let mut pages = Pages::after_page(&client, params, &page);
    let mut sizes = vec![];
    while let Some(p) = pages.next_page().await.unwrap() {
        sizes.push(p.data.len());
    }
    assert_eq!(sizes, [10, 5]);
    assert!(pages.is_done());
    assert!(pages.next_page().await.unwrap().is_none());
}

#[tokio::test]
async fn one_client_shared_by_many_tasks() {
    let env = Env::start(20).await;
    let client = env.client();
    let ids: Vec<String> = client
        .directory_sync()
        .list_directories()
        .limit(20)
        .await
        .unwrap()
        .data
        .into_iter()
        .map(|d| d.id)
        .collect();
    let mut tasks = vec![];
    for i in 0..200 {
        let client = client.clone();
        let id = ids[i % ids.len()].clone();
        tasks.push(tokio::spawn(async move {
            client
                .directory_sync()
                .get_directory(&id)
                .await
                .map(|d| d.id == id)
        }));
    }
    for t in tasks {
        assert!(t.await.unwrap().unwrap());
    }
}

#[tokio::test]
async fn retry_after_is_waited_for() {
    let env = Env::start(1).await;
    let client = env.client();
    let dir = env.first_directory(&client).await;
    env.fault(
        json!({"status": 429, "headers": {"Retry-After": "1"}}),
        &dir.id,
    )
    .await;
    let started = Instant::now();
    client
        .directory_sync()
        .get_directory(&dir.id)
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "a Retry-After of 1 s must be honoured, waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn sends_bearer_key_and_user_agent() {
    let env = Env::start(1).await;
    env.clear_log().await;
    env.client()
        .directory_sync()
        .list_directories()
        .await
        .unwrap();
    let log = env.requests().await;
    assert_eq!(log[0]["authorized"], true);
    let ua = log[0]["user_agent"].as_str().unwrap();
    assert!(
        ua.starts_with(&format!("workos-dsync/{} rust/", env!("CARGO_PKG_VERSION"))),
        "{ua}"
    );
}

#[tokio::test]
async fn dropping_a_call_mid_request_is_clean() {
    let env = Env::start(1).await;
    let client = env.client();
    let dir = env.first_directory(&client).await;
    env.fault(json!({"delay_ms": 5000}), &dir.id).await;
    let call = client.directory_sync().get_directory(&dir.id);
    assert!(tokio::time::timeout(Duration::from_millis(200), call)
        .await
        .is_err());
    // The client is still usable after a cancelled call.
    let again = client
        .directory_sync()
        .get_directory(&dir.id)
        .await
        .unwrap();
    assert_eq!(again, dir);
}

#[tokio::test]
async fn errors_and_debug_never_show_the_key() {
    let env = Env::start(1).await;
    let secret = "sk_test_this_is_very_secret";
    let client = Client::builder()
        .api_key(secret)
        .base_url(env.server.url())
        .build();
    let err = client
        .directory_sync()
        .get_directory("nope")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "authentication");
    for text in [format!("{client:?}"), format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains(secret), "{text}");
    }
}

#[tokio::test]
async fn configuration_errors_fail_each_call_without_sending() {
    let client = Client::builder()
        .api_key("sk_x")
        .base_url("http://example.com")
        .build();
    let err = client
        .directory_sync()
        .list_directories()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "configuration");
    let mut stream = client.directory_sync().list_directories().into_stream();
    assert_eq!(
        stream.next().await.unwrap().unwrap_err().kind(),
        "configuration"
    );
    assert!(
        stream.next().await.is_none(),
        "the stream ends after its error"
    );
}

#[tokio::test]
async fn a_fresh_twin_has_the_same_configuration() {
    let env = Env::start(3).await;
    let client = Client::builder()
        .api_key(env.server.api_key())
        .base_url(env.server.url())
        .max_retries(1)
        .timeout(Duration::from_secs(7))
        .build();
    let twin = client.with_fresh_connections();
    assert_eq!(twin.base_url(), client.base_url());
    assert_eq!(twin.max_retries(), 1);
    assert_eq!(twin.timeout(), Duration::from_secs(7));
    assert_eq!(
        twin.directory_sync()
            .list_directories()
            .await
            .unwrap()
            .data
            .len(),
        3
    );
}

/// Queues one `GET /directories` page per cursor, each naming the next cursor.
async fn queue_pages(env: &Env, dir: &workos_dsync::Directory, afters: &[&str]) {
    let faults: Vec<Value> = afters
        .iter()
        .map(|after| {
            json!({"method": "GET", "path": "/directories", "status": 200,
                   "body": {"object": "list", "data": [dir],
                            "list_metadata": {"before": null, "after": after}}})
        })
        .collect();
    env.admin(reqwest::Method::POST, "faults", Some(json!(faults)))
        .await;
}

#[tokio::test]
async fn a_walk_ends_on_any_cursor_it_has_followed_before() {
    let env = Env::start(1).await;
    let client = env.client();
    let dir = env.first_directory(&client).await;

    // A, B, C, then back to A: the fourth page is refused, and the walk is over.
    queue_pages(&env, &dir, &["A", "B", "C", "A"]).await;
    let mut pages = client.directory_sync().list_directories().into_pages();
    for _ in 0..3 {
        assert!(pages.next_page().await.unwrap().is_some());
    }
    let err = pages.next_page().await.unwrap_err();
    assert_eq!(err.kind(), "invalid_response");
    assert!(err.message().contains("\"A\""), "{}", err.message());
    assert!(pages.is_done());
    assert!(pages.next_page().await.unwrap().is_none());

    // Continuing from a cursor remembers the one its page was fetched with.
    queue_pages(&env, &dir, &["Y", "X"]).await;
    let params = ListParams {
        after: Some("X".into()),
        ..Default::default()
    };
    let cursors = ListMetadata {
        before: None,
        after: Some("W".into()),
    };
    let mut pages = Pages::resume(&client, params, &cursors);
    assert!(pages.next_page().await.unwrap().is_some());
    let err = pages.next_page().await.unwrap_err();
    assert_eq!(err.kind(), "invalid_response");
}
