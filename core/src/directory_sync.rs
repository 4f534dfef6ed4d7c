//! The directories endpoints: get, list and delete.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::pagination::{DirectoryStream, Pages};
use crate::{Client, Cursor, Directory, DirectoryList, Error, Order, RequestOptions};

/// Everything but RFC 3986's unreserved characters is encoded, so an id can
/// never add a path segment, a query or a fragment to the request.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The page size auto-pagination asks for when the caller set none.
pub const AUTO_PAGING_LIMIT: i64 = 100;

/// The page size the API uses when a single list call sets no `limit`
/// (stated here for the documentation; the client never sends it).
pub const API_DEFAULT_LIMIT: i64 = 10;

/// The longest an id, or any one string parameter of a list (`organization_id`,
/// `search`, `domain`, `before`, `after`), may be once percent-encoded, in
/// bytes. A longer one is refused with `invalid_argument` before anything is
/// sent: URLs much longer than this are refused by servers and proxies, or
/// by the HTTP stack before sending, which would otherwise look like a
/// connection failure and be retried. No WorkOS id comes anywhere near it.
pub const MAX_ENCODED_ARGUMENT_BYTES: usize = 8 * 1024;

fn too_long(name: &str, encoded_len: usize) -> Error {
    Error::InvalidArgument(format!(
        "`{name}` is {encoded_len} bytes long once percent-encoded; \
         at most {MAX_ENCODED_ARGUMENT_BYTES} are allowed"
    ))
}

/// The Directory Sync API of a [`Client`]; get it with [`Client::directory_sync`].
#[derive(Clone, Copy, Debug)]
pub struct DirectorySync<'a> {
    client: &'a Client,
    options: Option<&'a RequestOptions>,
}

impl<'a> DirectorySync<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        DirectorySync {
            client,
            options: None,
        }
    }

    /// The same API with `options` overriding the client's settings for
    /// every call made through it (and every page a list walks); see
    /// [`RequestOptions`]. Takes `&options` or an `Option` of it, as
    /// bindings hold a call's options: `None` is the client's settings.
    pub fn with_options(self, options: impl Into<Option<&'a RequestOptions>>) -> Self {
        DirectorySync {
            options: options.into(),
            ..self
        }
    }

    /// Gets one directory.
    ///
    /// An empty id (or `.`/`..`), or one longer than
    /// [`MAX_ENCODED_ARGUMENT_BYTES`] once encoded, is refused before any
    /// request; any other id is sent as exactly one percent-encoded path segment.
    ///
    /// ```no_run
    /// # async fn demo(client: workos_dsync::Client) -> Result<(), workos_dsync::Error> {
    /// let dir = client.directory_sync().get_directory("directory_01ECAZ4NV9QMV47GW873HDCX74").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_directory(self, id: &str) -> Result<Directory, Error> {
        let path = directory_path(id)?;
        self.client
            .send(Method::GET, &path, self.options)
            .await?
            .json()
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
            options: self.options.cloned(),
        }
    }

    /// Deletes a directory. Succeeds on 200, 202 and 204; and also on a 404
    /// that answers a retry of an attempt that may have been carried out (its
    /// response was lost, or it got a 502, 503 or 504 from a gateway), since
    /// that attempt is then what deleted it. A 404 on the first attempt, or
    /// after a 408 or 429 (which say nothing was done), is `not_found`.
    /// The id is refused as for [`get_directory`](Self::get_directory).
    ///
    /// ```no_run
    /// # async fn demo(client: workos_dsync::Client) -> Result<(), workos_dsync::Error> {
    /// client.directory_sync().delete_directory("directory_01ECAZ4NV9QMV47GW873HDCX74").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_directory(self, id: &str) -> Result<(), Error> {
        let path = directory_path(id)?;
        self.client
            .send(Method::DELETE, &path, self.options)
            .await?
            .into_deleted()
    }
}

/// `ListParams` and the setters of [`ListDirectories`] from one list: each
/// field's doc serves both, and a parameter is added in one place.
macro_rules! list_params {
    ($($(#[$doc:meta])* $name:ident: $ty:ty,)*) => {
        /// The parameters of `GET /directories`. Unset ones are not sent.
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct ListParams {
            $($(#[$doc])* pub $name: Option<$ty>,)*
        }

        impl ListDirectories {
            $(
                $(#[$doc])*
                pub fn $name(mut self, $name: impl Into<$ty>) -> Self {
                    self.params.$name = Some($name.into());
                    self
                }
            )*
        }
    };
}

list_params! {
    /// Only directories of this organization.
    organization_id: String,
    /// Only directories whose name matches this text.
    search: String,
    /// Only directories of this domain (deprecated by WorkOS, still served).
    domain: String,
    /// Page size, 1 to 100 (the API's default is [`API_DEFAULT_LIMIT`]);
    /// anything else fails with `invalid_argument` before any request.
    limit: i64,
    /// Cursor: the page before this directory id in the listing's order
    /// (with [`Order::Normal`], the older records after it, as the API defines `normal`).
    before: String,
    /// Cursor: the page after this directory id in the listing's order
    /// (with [`Order::Normal`], the newer records before it).
    after: String,
    /// Sort order by creation time (the API's default is `desc`).
    order: Order,
}

impl ListParams {
    /// The cursor that continues this listing in its order ([`Order::forward`];
    /// unset, the API's default `desc`).
    pub fn forward(&self) -> Cursor {
        self.order.unwrap_or(Order::Desc).forward()
    }

    /// The value of one cursor.
    pub fn cursor(&self, which: Cursor) -> Option<&String> {
        match which {
            Cursor::Before => self.before.as_ref(),
            Cursor::After => self.after.as_ref(),
        }
    }

    /// These parameters with one cursor set and the other one dropped.
    pub(crate) fn at(&self, which: Cursor, value: String) -> ListParams {
        let (before, after) = match which {
            Cursor::Before => (Some(value), None),
            Cursor::After => (None, Some(value)),
        };
        ListParams {
            before,
            after,
            ..self.clone()
        }
    }

    /// Refuses what the API would refuse, before anything is sent: a `limit`
    /// outside 1..=100, an empty string parameter, or one longer than
    /// [`MAX_ENCODED_ARGUMENT_BYTES`] once encoded.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(limit) = self.limit {
            if !(1..=100).contains(&limit) {
                return Err(Error::InvalidArgument(format!(
                    "`limit` must be between 1 and 100, not {limit}"
                )));
            }
        }
        for (name, value) in self.strings() {
            let Some(value) = value else { continue };
            if value.is_empty() {
                return Err(Error::InvalidArgument(format!(
                    "`{name}` must not be empty; leave it unset instead"
                )));
            }
            let encoded = query_value_len(value);
            if encoded > MAX_ENCODED_ARGUMENT_BYTES {
                return Err(too_long(name, encoded));
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
    options: Option<RequestOptions>,
}

impl ListDirectories {
    /// The parameters set so far.
    pub fn params(&self) -> &ListParams {
        &self.params
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<DirectoryList, Error> {
        fetch_page(&self.client, &self.params, self.options.as_ref()).await
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
        Pages::new(self.client, self.params).with_options(self.options)
    }
}

impl IntoFuture for ListDirectories {
    type Output = Result<DirectoryList, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// One list page. A page whose cursor could not be sent back (longer than
/// [`MAX_ENCODED_ARGUMENT_BYTES`] once encoded) is refused here, for a single
/// `list` as for every page of a walk, so that each binding's auto-paging,
/// whichever way it starts, fails the same way: `invalid_response` from the
/// page that carried it, not `invalid_argument` from the request after.
pub(crate) async fn fetch_page(
    client: &Client,
    params: &ListParams,
    options: Option<&RequestOptions>,
) -> Result<DirectoryList, Error> {
    let path = params.path()?;
    let page: DirectoryList = client.send(Method::GET, &path, options).await?.json()?;
    let cursors = [
        ("after", &page.list_metadata.after),
        ("before", &page.list_metadata.before),
    ];
    for (name, cursor) in cursors {
        let encoded = cursor.as_deref().map_or(0, query_value_len);
        if encoded > MAX_ENCODED_ARGUMENT_BYTES {
            return Err(Error::InvalidResponse {
                message: format!(
                    "the server returned a `{name}` cursor of {encoded} bytes once encoded, \
                     more than the {MAX_ENCODED_ARGUMENT_BYTES} a request may carry"
                ),
                status: Some(200),
                request_id: None,
            });
        }
    }
    Ok(page)
}

/// The length of `value` once form-encoded in a query string.
pub(crate) fn query_value_len(value: &str) -> usize {
    url::form_urlencoded::byte_serialize(value.as_bytes())
        .map(str::len)
        .sum()
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
    // Encoded once, chunk by chunk: an id that needs no escaping (every
    // WorkOS id) is one chunk, copied without going through `fmt`.
    const PREFIX: &str = "/directories/";
    let mut path = String::with_capacity(PREFIX.len() + id.len());
    path.push_str(PREFIX);
    path.extend(utf8_percent_encode(id, PATH_SEGMENT));
    let encoded_len = path.len() - PREFIX.len();
    if encoded_len > MAX_ENCODED_ARGUMENT_BYTES {
        return Err(too_long("id", encoded_len));
    }
    Ok(path)
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

    #[test]
    fn arguments_longer_than_the_bound_once_encoded_are_refused() {
        let at_bound = "a".repeat(MAX_ENCODED_ARGUMENT_BYTES);
        assert!(directory_path(&at_bound).is_ok());
        let over = "a".repeat(MAX_ENCODED_ARGUMENT_BYTES + 1);
        let err = directory_path(&over).unwrap_err();
        assert_eq!(err.kind(), "invalid_argument");
        assert!(
            err.message().contains("`id` is 8193 bytes"),
            "{}",
            err.message()
        );
        // Each '/' takes three bytes encoded: the bound is on the encoded length.
        let slashes = "/".repeat(MAX_ENCODED_ARGUMENT_BYTES / 3 + 1);
        assert_eq!(
            directory_path(&slashes).unwrap_err().kind(),
            "invalid_argument"
        );

        let with = |name: &str, value: String| {
            let mut p = ListParams::default();
            *match name {
                "organization_id" => &mut p.organization_id,
                "search" => &mut p.search,
                "domain" => &mut p.domain,
                "before" => &mut p.before,
                _ => &mut p.after,
            } = Some(value);
            p
        };
        for name in ["organization_id", "search", "domain", "before", "after"] {
            assert!(with(name, at_bound.clone()).path().is_ok(), "{name}");
            // 'é' is %C3%A9 in a query: six bytes.
            let over = "é".repeat(MAX_ENCODED_ARGUMENT_BYTES / 6 + 1);
            let err = with(name, over).path().unwrap_err();
            assert_eq!(err.kind(), "invalid_argument", "{name}");
            assert!(err.message().contains(&format!("`{name}`")));
        }
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use percent_encoding::percent_decode_str;
    use proptest::prelude::*;

    fn id() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[./%?#&+ a-z]{1,12}",
            "\\PC{1,24}",
            Just("..%2F".to_owned()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Any id is refused, or sent as exactly one path segment that a URL
        /// parser keeps in place and that decodes back to the id.
        #[test]
        fn an_id_is_one_segment_that_round_trips(id in id()) {
            let path = match directory_path(&id) {
                Err(e) => {
                    prop_assert_eq!(e.kind(), "invalid_argument");
                    prop_assert!(id.is_empty() || id == "." || id == "..");
                    return Ok(());
                }
                Ok(path) => path,
            };
            let segment = path.strip_prefix("/directories/").unwrap();
            prop_assert!(segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
            let decoded = percent_decode_str(segment).collect::<Vec<u8>>();
            prop_assert_eq!(&decoded, id.as_bytes());
            for base in ["https://api.workos.com", "http://127.0.0.1:8080/prefix"] {
                let url = url::Url::parse(&format!("{base}{path}")).unwrap();
                let segments: Vec<&str> = url.path_segments().unwrap().collect();
                let expected: Vec<&str> = base
                    .splitn(4, '/')
                    .nth(3)
                    .into_iter()
                    .chain(["directories", segment])
                    .collect();
                prop_assert_eq!(segments, expected);
                prop_assert_eq!(url.query(), None);
                prop_assert_eq!(url.fragment(), None);
            }
        }

        /// The bound is on the encoded length, whatever the characters.
        #[test]
        fn long_ids_are_refused_by_their_encoded_length(unit in "\\PC", n in 1..4000usize) {
            let id = unit.repeat(n);
            let encoded: usize = utf8_percent_encode(&id, PATH_SEGMENT).map(str::len).sum();
            let outcome = directory_path(&id);
            if id == "." || id == ".." {
                prop_assert!(outcome.is_err());
            } else {
                prop_assert_eq!(outcome.is_ok(), encoded <= MAX_ENCODED_ARGUMENT_BYTES);
            }
        }
    }
}
