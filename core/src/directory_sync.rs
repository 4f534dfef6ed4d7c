//! The directories endpoints: get, list and delete.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;

use crate::pagination::{DirectoryStream, Pages};
use crate::{Client, Directory, DirectoryList, Error, Order};

/// Everything but RFC 3986's unreserved characters is encoded, so an id can
/// never add a path segment, a query or a fragment to the request.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The page size auto-pagination asks for when the caller set none.
pub const AUTO_PAGING_LIMIT: i64 = 100;

/// The Directory Sync API of a [`Client`]; get it with [`Client::directory_sync`].
#[derive(Clone, Copy, Debug)]
pub struct DirectorySync<'a> {
    client: &'a Client,
}

impl<'a> DirectorySync<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        DirectorySync { client }
    }

    /// Gets one directory.
    ///
    /// An empty id (or `.`/`..`) is refused before any request; any other id is
    /// sent as exactly one percent-encoded path segment.
    ///
    /// ```no_run
    /// # async fn demo(client: workos_dsync::Client) -> Result<(), workos_dsync::Error> {
    /// let dir = client.directory_sync().get_directory("directory_01ECAZ4NV9QMV47GW873HDCX74").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_directory(self, id: &str) -> Result<Directory, Error> {
        let path = directory_path(id)?;
        self.client.send(Method::GET, &path).await?.json()
    }

    /// Lists directories: await it for one page, or call
    /// [`into_stream`](ListDirectories::into_stream) to walk every page lazily.
    ///
    /// ```no_run
    /// # async fn demo(client: workos_dsync::Client) -> Result<(), workos_dsync::Error> {
    /// use workos_dsync::Order;
    /// let page = client.directory_sync().list_directories()
    ///     .organization_id("org_01EHZNVPK3SFK441A1RGBFSHRT")
    ///     .limit(100)
    ///     .order(Order::Asc)
    ///     .await?;
    /// for dir in &page.data {
    ///     println!("{} {}", dir.id, dir.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list_directories(&self) -> ListDirectories {
        self.list_directories_with(ListParams::default())
    }

    /// [`list_directories`](Self::list_directories) with every parameter given
    /// at once; for bindings that receive them as one object.
    pub fn list_directories_with(&self, params: ListParams) -> ListDirectories {
        ListDirectories {
            client: self.client.clone(),
            params,
        }
    }

    /// Deletes a directory. Succeeds on 200, 202 and 204; and also on a 404
    /// that answers a retry of an attempt whose response was lost, since that
    /// attempt is then what deleted it.
    ///
    /// ```no_run
    /// # async fn demo(client: workos_dsync::Client) -> Result<(), workos_dsync::Error> {
    /// client.directory_sync().delete_directory("directory_01ECAZ4NV9QMV47GW873HDCX74").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_directory(self, id: &str) -> Result<(), Error> {
        let path = directory_path(id)?;
        let response = self.client.send(Method::DELETE, &path).await?;
        if response.is_success() || (response.status == 404 && response.after_lost_attempt) {
            Ok(())
        } else {
            Err(response.into_error())
        }
    }
}

/// The parameters of `GET /directories`. Unset ones are not sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListParams {
    /// Only directories of this organization.
    pub organization_id: Option<String>,
    /// Only directories whose name matches this text.
    pub search: Option<String>,
    /// Only directories of this domain (deprecated by WorkOS, still served).
    pub domain: Option<String>,
    /// Page size, 1 to 100 (the API's default is 10).
    pub limit: Option<i64>,
    /// Cursor: the page before this directory id.
    pub before: Option<String>,
    /// Cursor: the page after this directory id.
    pub after: Option<String>,
    /// Sort order by creation time (the API's default is `desc`).
    pub order: Option<Order>,
}

impl ListParams {
    /// Refuses what the API would refuse, before anything is sent.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(limit) = self.limit {
            if !(1..=100).contains(&limit) {
                return Err(Error::InvalidArgument(format!(
                    "`limit` must be between 1 and 100, not {limit}"
                )));
            }
        }
        for (name, value) in self.strings() {
            if value.is_some_and(str::is_empty) {
                return Err(Error::InvalidArgument(format!(
                    "`{name}` must not be empty; leave it unset instead"
                )));
            }
        }
        Ok(())
    }

    fn strings(&self) -> [(&'static str, Option<&str>); 5] {
        [
            ("organization_id", self.organization_id.as_deref()),
            ("search", self.search.as_deref()),
            ("domain", self.domain.as_deref()),
            ("before", self.before.as_deref()),
            ("after", self.after.as_deref()),
        ]
    }

    /// `/directories` with the query string, validated.
    pub(crate) fn path(&self) -> Result<String, Error> {
        self.validate()?;
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in self.strings() {
            if let Some(v) = value {
                query.append_pair(name, v);
            }
        }
        if let Some(limit) = self.limit {
            query.append_pair("limit", &limit.to_string());
        }
        if let Some(order) = self.order {
            query.append_pair("order", order.as_str());
        }
        let query = query.finish();
        Ok(if query.is_empty() {
            "/directories".to_owned()
        } else {
            format!("/directories?{query}")
        })
    }
}

/// A `GET /directories` call being set up. Await it for one page; turn it
/// into a stream to walk all pages.
#[derive(Clone, Debug)]
#[must_use = "a list request does nothing until awaited or streamed"]
pub struct ListDirectories {
    client: Client,
    params: ListParams,
}

impl ListDirectories {
    /// Only directories of this organization.
    pub fn organization_id(mut self, organization_id: impl Into<String>) -> Self {
        self.params.organization_id = Some(organization_id.into());
        self
    }

    /// Only directories whose name matches this text.
    pub fn search(mut self, search: impl Into<String>) -> Self {
        self.params.search = Some(search.into());
        self
    }

    /// Only directories of this domain.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.params.domain = Some(domain.into());
        self
    }

    /// Page size, 1 to 100; anything else fails with `invalid_argument` before any request.
    pub fn limit(mut self, limit: i64) -> Self {
        self.params.limit = Some(limit);
        self
    }

    /// The page before this directory id.
    pub fn before(mut self, before: impl Into<String>) -> Self {
        self.params.before = Some(before.into());
        self
    }

    /// The page after this directory id.
    pub fn after(mut self, after: impl Into<String>) -> Self {
        self.params.after = Some(after.into());
        self
    }

    /// Sort order by creation time.
    pub fn order(mut self, order: Order) -> Self {
        self.params.order = Some(order);
        self
    }

    /// The parameters set so far.
    pub fn params(&self) -> &ListParams {
        &self.params
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<DirectoryList, Error> {
        fetch_page(&self.client, &self.params).await
    }

    /// Every directory from the first page on, fetched one page at a time as
    /// the stream is read (100 a page unless a limit was set), keeping every filter.
    ///
    /// ```no_run
    /// # async fn demo(client: workos_dsync::Client) -> Result<(), workos_dsync::Error> {
    /// use futures_util::TryStreamExt;
    /// let mut all = client.directory_sync().list_directories().into_stream();
    /// while let Some(dir) = all.try_next().await? {
    ///     println!("{}", dir.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn into_stream(self) -> DirectoryStream {
        DirectoryStream::new(self.into_pages())
    }

    /// The same walk as [`into_stream`](Self::into_stream), one page at a time.
    pub fn into_pages(self) -> Pages {
        Pages::new(self.client, self.params)
    }
}

impl IntoFuture for ListDirectories {
    type Output = Result<DirectoryList, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

pub(crate) async fn fetch_page(
    client: &Client,
    params: &ListParams,
) -> Result<DirectoryList, Error> {
    let path = params.path()?;
    client.send(Method::GET, &path).await?.json()
}

/// `/directories/{id}` with the id as one encoded segment.
pub(crate) fn directory_path(id: &str) -> Result<String, Error> {
    if id.is_empty() {
        return Err(Error::InvalidArgument("`id` must not be empty".into()));
    }
    // URL parsers resolve "." and ".." segments even when percent-encoded,
    // so no encoding keeps them in place; no WorkOS id is either.
    if id == "." || id == ".." {
        return Err(Error::InvalidArgument(format!(
            "`id` cannot be {id:?}: it is not a directory id"
        )));
    }
    Ok(format!(
        "/directories/{}",
        utf8_percent_encode(id, PATH_SEGMENT)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_stay_one_segment() {
        assert_eq!(
            directory_path("directory_01ABC").unwrap(),
            "/directories/directory_01ABC"
        );
        assert_eq!(
            directory_path("../organizations").unwrap(),
            "/directories/..%2Forganizations"
        );
        assert_eq!(
            directory_path("a/b?c#d").unwrap(),
            "/directories/a%2Fb%3Fc%23d"
        );
        assert_eq!(directory_path("100%").unwrap(), "/directories/100%25");
        assert_eq!(directory_path("é ").unwrap(), "/directories/%C3%A9%20");
        for bad in ["", ".", ".."] {
            assert_eq!(directory_path(bad).unwrap_err().kind(), "invalid_argument");
        }
    }

    #[test]
    fn query_has_every_parameter_encoded() {
        let params = ListParams {
            organization_id: Some("org_1".into()),
            search: Some("Foo & Bar".into()),
            domain: Some("foo.com".into()),
            limit: Some(5),
            before: Some("directory_b".into()),
            after: Some("directory_a".into()),
            order: Some(Order::Asc),
        };
        assert_eq!(
            params.path().unwrap(),
            "/directories?organization_id=org_1&search=Foo+%26+Bar&domain=foo.com\
             &before=directory_b&after=directory_a&limit=5&order=asc"
        );
        assert_eq!(ListParams::default().path().unwrap(), "/directories");
    }

    #[test]
    fn bad_parameters_are_refused() {
        for limit in [0, 101, -1] {
            let p = ListParams {
                limit: Some(limit),
                ..Default::default()
            };
            assert_eq!(p.path().unwrap_err().kind(), "invalid_argument");
        }
        for limit in [1, 100] {
            let p = ListParams {
                limit: Some(limit),
                ..Default::default()
            };
            assert!(p.path().is_ok());
        }
        let p = ListParams {
            after: Some(String::new()),
            ..Default::default()
        };
        assert!(p.validate().unwrap_err().message().contains("`after`"));
    }
}
