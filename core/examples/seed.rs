//! The seed's Rust snippet, runnable: only the crate path is changed, and the
//! placeholder values come from the environment or from the previous call.
//!
//! With no `WORKOS_BASE_URL` it starts the mock server in-process (demo data)
//! and runs against that; otherwise against the server named there:
//!
//! ```sh
//! cargo run -p workos-dsync --example seed               # embedded mock
//! cargo run -p workos-dsync-mock &                       # prints "listening on http://127.0.0.1:PORT"
//! WORKOS_API_KEY=sk_test_mock WORKOS_BASE_URL=http://127.0.0.1:PORT \
//!     cargo run -p workos-dsync --example seed
//! ```

use futures_util::TryStreamExt;
use workos_dsync::{Client, Error, Order};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Kept alive until the end of main: dropping it stops the embedded mock.
    let _mock = embedded_mock_unless_configured().await;
    let api_key = std::env::var("WORKOS_API_KEY").unwrap_or_else(|_| "sk_...".into());

    let client = Client::builder()
        .api_key(api_key)
        .client_id("client_...")
        .build();
    let page = client.directory_sync().list_directories().await?; // builder, awaitable
    println!("first page: {} directories", page.data.len());

    let Some(first) = page.data.first() else {
        println!("no directories to get or delete");
        return Ok(());
    };
    let org = first.organization_id.clone();
    let dir = client.directory_sync().get_directory(&first.id).await?;
    println!("got {} ({}, {})", dir.id, dir.name, dir.state);

    let page = client
        .directory_sync()
        .list_directories()
        .organization_id(&org)
        .limit(100)
        .order(Order::Asc)
        .await?;
    println!("{} directories in {org}", page.data.len());

    let all = client
        .directory_sync()
        .list_directories()
        .limit(100)
        .into_stream(); // Stream<Item = Result<Directory, Error>>
    let all: Vec<_> = all.try_collect().await?;
    println!("{} directories in all", all.len());

    client.directory_sync().delete_directory(&dir.id).await?;
    println!("deleted {}", dir.id);
    Ok(())
}

/// Without `WORKOS_BASE_URL`, serves demo data from an in-process mock and
/// points the environment at it, so the example needs no setup.
async fn embedded_mock_unless_configured() -> Option<workos_dsync_mock::MockServer> {
    if std::env::var_os("WORKOS_BASE_URL").is_some() {
        return None;
    }
    let mock = workos_dsync_mock::MockServer::start(workos_dsync_mock::MockConfig::default())
        .await
        .expect("the embedded mock server starts");
    eprintln!(
        "WORKOS_BASE_URL is not set: using an embedded mock server at {}",
        mock.url()
    );
    std::env::set_var("WORKOS_BASE_URL", mock.url());
    std::env::set_var("WORKOS_API_KEY", mock.api_key());
    Some(mock)
}
