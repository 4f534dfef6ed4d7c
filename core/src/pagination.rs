//! The one pagination engine: follows the cursor that continues the listing
//! in its order (`after`, or `before` for `normal`) lazily, one page in memory
//! at a time. Every binding's auto-paging is built on [`Pages`] or
//! [`DirectoryStream`].

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::directory_sync::{fetch_page, ListParams, AUTO_PAGING_LIMIT};
use crate::error::bounded_text;
use crate::{Client, Directory, DirectoryList, Error, ListMetadata, RequestOptions};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Position {
    First,
    /// The value of the forward cursor for the next page.
    Next(String),
    Done,
}

/// Pages of a directory list, fetched one at a time on request.
///
/// Every page keeps the caller's filters and order. The first page is the
/// caller's, with whatever cursors it set; each page after it carries only
/// the cursor that continues the listing in its order ([`ListParams::forward`]:
/// `after` for `asc` and `desc`, `before` for `normal`), with the value the
/// previous page's `list_metadata` gave for it. The walk ends when that value
/// is `null`. So every directory from the first page on comes once, in the
/// order's direction, whichever cursor the first page started from.
///
/// A server that answers with a forward cursor already seen in this walk
/// (the one it was given, or any earlier one: A, B, A ...) would make the walk
/// endless: that page is refused with an `invalid_response` error and the walk
/// ends. So is a cursor longer than
/// [`MAX_ENCODED_ARGUMENT_BYTES`](crate::MAX_ENCODED_ARGUMENT_BYTES) once
/// encoded, which could not be sent back. The walk remembers every cursor
/// it followed, one string a page.
#[derive(Clone, Debug)]
pub struct Pages {
    client: Client,
    params: ListParams,
    position: Position,
    /// Every forward cursor this walk has sent or will send next.
    seen: HashSet<String>,
    /// The call's options, for every page.
    options: Option<RequestOptions>,
}

impl Pages {
    pub(crate) fn new(client: Client, mut params: ListParams) -> Self {
        params.limit.get_or_insert(AUTO_PAGING_LIMIT);
        let seen = params
            .cursor(params.forward())
            .cloned()
            .into_iter()
            .collect();
        Pages {
            client,
            params,
            position: Position::First,
            seen,
            options: None,
        }
    }

    /// The walk with `options` overriding the client's settings for every
    /// page it fetches ([`RequestOptions`]).
    pub fn with_options(mut self, options: Option<RequestOptions>) -> Self {
        self.options = options;
        self
    }

    /// Continues after a page the caller already has (the page itself is not
    /// fetched again). `params` are the ones that page was fetched with.
    pub fn after_page(client: &Client, params: ListParams, page: &DirectoryList) -> Self {
        Pages::resume(client, params, &page.list_metadata)
    }

    /// Continues from a page's cursors: the one that continues the listing in
    /// its order is followed, and `null` there (the last page) gives an already
    /// finished walk. For bindings that keep the page on their side of the
    /// boundary and hand back only its `list_metadata`.
    pub fn resume(client: &Client, params: ListParams, cursors: &ListMetadata) -> Self {
        let mut pages = Pages::new(client.clone(), params);
        pages.position = match cursors.cursor(pages.params.forward()) {
            Some(next) => {
                pages.seen.insert(next.clone());
                Position::Next(next.clone())
            }
            None => Position::Done,
        };
        pages
    }

    /// Whether the walk has ended (no page left to fetch).
    pub fn is_done(&self) -> bool {
        self.position == Position::Done
    }

    /// Fetches the next page, or `None` once the last page has been returned.
    ///
    /// After an error the position is unchanged, so calling again retries the
    /// same page. Dropping the future mid-request leaves the position unchanged too.
    pub async fn next_page(&mut self) -> Result<Option<DirectoryList>, Error> {
        let forward = self.params.forward();
        let params = match &self.position {
            Position::Done => return Ok(None),
            Position::First => self.params.clone(),
            Position::Next(next) => self.params.at(forward, next.clone()),
        };
        let page = fetch_page(&self.client, &params, self.options.as_ref()).await?;
        let Some(next) = page.list_metadata.cursor(forward) else {
            self.position = Position::Done;
            return Ok(Some(page));
        };
        let refused = |why: String| Error::InvalidResponse {
            message: bounded_text(&why),
            status: Some(200),
            request_id: None,
        };
        if !self.seen.insert(next.clone()) {
            self.position = Position::Done;
            let whose = if params.cursor(forward) == Some(next) {
                "the cursor it was given"
            } else {
                "a cursor already followed in this walk"
            };
            return Err(refused(format!(
                "the server returned {whose}, {next:?}: pagination would never end"
            )));
        }
        self.position = Position::Next(next.clone());
        Ok(Some(page))
    }
}

type PageFuture =
    Pin<Box<dyn Future<Output = (Box<Pages>, Result<Option<DirectoryList>, Error>)> + Send>>;

enum State {
    /// Boxed: the walk's state is much bigger than a pending future's.
    Idle(Box<Pages>),
    Fetching(PageFuture),
    Finished,
}

/// Every directory of a list, across pages, as a `Stream`.
///
/// Holds one page at a time and fetches the next one only when the current
/// one is used up. After an error the stream ends.
pub struct DirectoryStream {
    buffer: std::vec::IntoIter<Directory>,
    state: State,
}

impl DirectoryStream {
    pub(crate) fn new(pages: Pages) -> Self {
        DirectoryStream {
            buffer: Vec::new().into_iter(),
            state: State::Idle(Box::new(pages)),
        }
    }

    /// Yields the directories of `page` first, then those of the pages after it.
    /// This is auto-paging from a page a caller already fetched.
    pub fn from_page(client: &Client, params: ListParams, page: DirectoryList) -> Self {
        let pages = Pages::after_page(client, params, &page);
        DirectoryStream {
            buffer: page.data.into_iter(),
            state: State::Idle(Box::new(pages)),
        }
    }

    /// The walk with `options` overriding the client's settings for every page
    /// it fetches from now on ([`RequestOptions`]).
    pub fn with_options(mut self, options: Option<RequestOptions>) -> Self {
        if let State::Idle(pages) = &mut self.state {
            pages.options = options;
        }
        self
    }

    /// The next directory of the page already in memory, without any I/O;
    /// `None` once that page is used up (then [`next_directory`](Self::next_directory)
    /// fetches the next one). Lets bindings skip a round trip through their
    /// async machinery for all but one item a page.
    pub fn next_buffered(&mut self) -> Option<Directory> {
        self.buffer.next()
    }

    /// The next directory, for callers without `StreamExt` (the bindings).
    pub async fn next_directory(&mut self) -> Option<Result<Directory, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl Stream for DirectoryStream {
    type Item = Result<Directory, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(dir) = this.buffer.next() {
                return Poll::Ready(Some(Ok(dir)));
            }
            match std::mem::replace(&mut this.state, State::Finished) {
                State::Finished => return Poll::Ready(None),
                State::Idle(pages) if pages.is_done() => return Poll::Ready(None),
                State::Idle(mut pages) => {
                    this.state = State::Fetching(Box::pin(async move {
                        let result = pages.next_page().await;
                        (pages, result)
                    }));
                }
                State::Fetching(mut fut) => match fut.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Fetching(fut);
                        return Poll::Pending;
                    }
                    Poll::Ready((_, Err(e))) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready((_, Ok(None))) => return Poll::Ready(None),
                    Poll::Ready((pages, Ok(Some(page)))) => {
                        this.buffer = page.data.into_iter();
                        this.state = State::Idle(pages);
                    }
                },
            }
        }
    }
}

impl fmt::Debug for DirectoryStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Idle(_) => "idle",
            State::Fetching(_) => "fetching",
            State::Finished => "finished",
        };
        f.debug_struct("DirectoryStream")
            .field("buffered", &self.buffer.len())
            .field("state", &state)
            .finish()
    }
}
