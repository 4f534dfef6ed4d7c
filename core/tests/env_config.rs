//! Configuration from `WORKOS_API_KEY` / `WORKOS_BASE_URL`. One test in its own
//! binary, because the environment is process-wide.

use workos_dsync::Client;
use workos_dsync_mock::{MockConfig, MockServer};

#[tokio::test]
async fn key_and_base_url_come_from_the_environment_unless_given() {
    let server = MockServer::start(MockConfig::default()).await.unwrap();
    std::env::set_var("WORKOS_API_KEY", server.api_key());
    std::env::set_var("WORKOS_BASE_URL", server.url());

    let client = Client::builder().build();
    assert_eq!(client.base_url(), Some(server.url()));
    let page = client.directory_sync().list_directories().await.unwrap();
    assert!(!page.data.is_empty());

    // Arguments win over the environment.
    let client = Client::builder().api_key("sk_other").build();
    let refused = client.directory_sync().list_directories().await;
    assert_eq!(refused.unwrap_err().kind(), "authentication");
    let client = Client::builder().base_url("https://api.workos.com").build();
    assert_eq!(client.base_url(), Some("https://api.workos.com"));

    std::env::remove_var("WORKOS_API_KEY");
    std::env::remove_var("WORKOS_BASE_URL");
    let err = Client::builder().try_build().unwrap_err();
    assert_eq!(err.kind(), "configuration");
    assert_eq!(
        Client::builder().api_key("sk_x").build().base_url(),
        Some("https://api.workos.com")
    );
}
