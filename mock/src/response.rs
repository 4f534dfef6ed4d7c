//! Response bodies and the JSON responses the mock sends.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::StatusCode;

/// `application/json`, the content type of nearly every response.
pub const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// A response body whose length is always known, so every response carries
/// `Content-Length`.
#[derive(Debug)]
pub enum Body {
    /// Bytes in memory (`None` once sent).
    Full(Option<Bytes>),
    /// This many filler bytes, streamed so huge bodies cost no memory.
    Filler(u64),
}

static FILLER: [u8; 64 * 1024] = [b'x'; 64 * 1024];

impl Body {
    /// A body of these bytes.
    pub fn full(bytes: impl Into<Bytes>) -> Self {
        Body::Full(Some(bytes.into()))
    }

    /// An empty body.
    pub fn empty() -> Self {
        Body::Full(None)
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let frame = match self.get_mut() {
            Body::Full(bytes) => bytes.take().filter(|b| !b.is_empty()).map(Frame::data),
            Body::Filler(0) => None,
            Body::Filler(remaining) => {
                let n = (*remaining).min(FILLER.len() as u64);
                *remaining -= n;
                Some(Frame::data(Bytes::from_static(&FILLER[..n as usize])))
            }
        };
        Poll::Ready(frame.map(Ok))
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Body::Full(bytes) => bytes.as_ref().is_none_or(Bytes::is_empty),
            Body::Filler(remaining) => *remaining == 0,
        }
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(match self {
            Body::Full(bytes) => bytes.as_ref().map_or(0, |b| b.len() as u64),
            Body::Filler(remaining) => *remaining,
        })
    }
}

/// The response type of every handler.
pub type Response = hyper::Response<Body>;

/// A response with `status` and a JSON body.
pub fn json(status: StatusCode, body: impl Into<Bytes>) -> Response {
    let mut response = hyper::Response::new(Body::full(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, APPLICATION_JSON);
    response
}

/// A JSON error, `{"message":...,"code":...}`.
pub fn error(status: StatusCode, message: &str, code: &str) -> Response {
    let body = serde_json::json!({"message": message, "code": code});
    json(status, body.to_string())
}
