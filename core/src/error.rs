//! The one error type of the client, shared by every binding.
//!
//! Every failure is an [`Error`] variant, and every variant has a stable kind
//! name ([`Error::kind`]) that the bindings map to their own exception classes
//! in exactly one place each. Errors carry what the server said (status, code,
//! message, request id, field errors, `Retry-After`) and never the API key:
//! they are built from responses and transport failures, which never contain it.
//!
//! What the server said is bounded: a hostile or broken server must not turn
//! a 10 MB `message` into a 10 MB exception in every language.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The most bytes of any one server-supplied text an error keeps: the message,
/// the code, the request id, and each field error's `field`, `code` and
/// `message`. A longer text is cut on a character boundary at or below this
/// bound and ends with a marker that gives its full size, such as
/// `… [truncated, 10485760 bytes in all]`.
pub const MAX_ERROR_TEXT_BYTES: usize = 1024;

/// The most field errors an error keeps from a 422 body; the rest are dropped.
pub const MAX_FIELD_ERRORS: usize = 100;

/// `text` cut to at most `max` bytes on a character boundary.
pub(crate) fn prefix_at_char_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The marker that ends a truncated text; `total` is the full text's size in bytes.
pub(crate) fn truncation_marker(total: usize) -> String {
    format!("… [truncated, {total} bytes in all]")
}

/// `text` within [`MAX_ERROR_TEXT_BYTES`], with the marker when it was cut.
pub(crate) fn bounded_text(text: &str) -> String {
    if text.len() <= MAX_ERROR_TEXT_BYTES {
        return text.to_owned();
    }
    let mut out = prefix_at_char_boundary(text, MAX_ERROR_TEXT_BYTES).to_owned();
    out.push_str(&truncation_marker(text.len()));
    out
}

/// One field-level problem reported by the API with a 422 response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The request field at fault, such as `"limit"`.
    pub field: String,
    /// A machine-readable code, such as `"invalid_limit"`.
    #[serde(default)]
    pub code: String,
    /// A human-readable explanation, when the API gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// What the API said about a request it refused (any non-2xx response).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The API's machine-readable error code (`"entity_not_found"` ...), when given.
    pub code: Option<String>,
    /// A human-readable message; never empty, even for an empty or HTML body.
    /// At most [`MAX_ERROR_TEXT_BYTES`] of the server's text, plus a truncation marker.
    pub message: String,
    /// The `X-Request-ID` response header, for WorkOS support.
    pub request_id: Option<String>,
    /// Field errors of a 422 response (at most [`MAX_FIELD_ERRORS`]); empty otherwise.
    pub errors: Vec<FieldError>,
    /// The wait the server asked for with `Retry-After` (429 and 503), capped at 60 s.
    pub retry_after: Option<Duration>,
}

/// Every way a call can fail.
///
/// Match on the variant in Rust; bindings use [`Error::kind`], whose values are
/// the kind names of the error table (CONTRACT.md) and never change.
///
/// ```
/// use workos_dsync::Error;
/// let err = Error::InvalidArgument("`id` must not be empty".into());
/// assert_eq!(err.kind(), "invalid_argument");
/// assert_eq!(err.status(), None);
/// ```
///
/// The HTTP variants box their [`ApiError`] so that `Result<T, Error>` stays small.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// HTTP 400.
    BadRequest(Box<ApiError>),
    /// HTTP 401: the API key is missing, wrong or revoked.
    Authentication(Box<ApiError>),
    /// HTTP 403.
    Authorization(Box<ApiError>),
    /// HTTP 404.
    NotFound(Box<ApiError>),
    /// HTTP 409.
    Conflict(Box<ApiError>),
    /// HTTP 422, with the field errors in [`ApiError::errors`].
    UnprocessableEntity(Box<ApiError>),
    /// HTTP 429, with [`ApiError::retry_after`] when the server sent one.
    RateLimited(Box<ApiError>),
    /// HTTP 5xx.
    Server(Box<ApiError>),
    /// Any other non-2xx status, including a redirect (redirects are never followed).
    Api(Box<ApiError>),
    /// The connection could not be made or was lost before a full response arrived.
    Connection(String),
    /// No complete response within the per-attempt timeout.
    Timeout(String),
    /// A response that is not what the API promises: a 2xx body that does not
    /// decode, a body over the size cap, a pagination cursor that does not move.
    InvalidResponse {
        /// Why the response was refused.
        message: String,
        /// The HTTP status of the response, when there was one.
        status: Option<u16>,
        /// The `X-Request-ID` response header, when there was one.
        request_id: Option<String>,
    },
    /// An argument the API would refuse, caught before any request was sent.
    InvalidArgument(String),
    /// The client cannot make requests: no API key, or an unusable base URL.
    Configuration(String),
}

impl Error {
    // BEGIN generated from contract/errors.toml (kinds): edit that file, then run scripts/generate-errors
    /// Every kind name, in the order of the error table (contract/errors.toml).
    pub const KINDS: [&'static str; 14] = [
        "bad_request",
        "authentication",
        "authorization",
        "not_found",
        "conflict",
        "unprocessable_entity",
        "rate_limited",
        "server",
        "api",
        "connection",
        "timeout",
        "invalid_response",
        "invalid_argument",
        "configuration",
    ];

    /// The stable kind name of the error table, such as `"not_found"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::BadRequest { .. } => "bad_request",
            Error::Authentication { .. } => "authentication",
            Error::Authorization { .. } => "authorization",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::UnprocessableEntity { .. } => "unprocessable_entity",
            Error::RateLimited { .. } => "rate_limited",
            Error::Server { .. } => "server",
            Error::Api { .. } => "api",
            Error::Connection { .. } => "connection",
            Error::Timeout { .. } => "timeout",
            Error::InvalidResponse { .. } => "invalid_response",
            Error::InvalidArgument { .. } => "invalid_argument",
            Error::Configuration { .. } => "configuration",
        }
    }
    // END generated from contract/errors.toml (kinds)

    /// The server's answer, for the errors that are an HTTP response.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(e)
            | Error::Authentication(e)
            | Error::Authorization(e)
            | Error::NotFound(e)
            | Error::Conflict(e)
            | Error::UnprocessableEntity(e)
            | Error::RateLimited(e)
            | Error::Server(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, when the error came with a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::InvalidResponse { status, .. } => *status,
            _ => self.api_error().map(|e| e.status),
        }
    }

    /// The `X-Request-ID` of the response, when the error came with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::InvalidResponse { request_id, .. } => request_id.as_deref(),
            _ => self.api_error().and_then(|e| e.request_id.as_deref()),
        }
    }

    /// The API's error code, such as `"entity_not_found"`.
    pub fn code(&self) -> Option<&str> {
        self.api_error().and_then(|e| e.code.as_deref())
    }

    /// The human-readable message, without the kind or status prefix of `Display`.
    pub fn message(&self) -> &str {
        match self {
            Error::Connection(m)
            | Error::Timeout(m)
            | Error::InvalidArgument(m)
            | Error::Configuration(m) => m,
            Error::InvalidResponse { message, .. } => message,
            _ => self.api_error().map(|e| e.message.as_str()).unwrap_or(""),
        }
    }

    /// The field errors of a 422 response; empty for every other error.
    pub fn field_errors(&self) -> &[FieldError] {
        self.api_error().map(|e| e.errors.as_slice()).unwrap_or(&[])
    }

    /// The server's `Retry-After`, when it sent one (capped at 60 s).
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|e| e.retry_after)
    }

    /// Builds the error for a non-2xx response, choosing the kind from the status.
    pub(crate) fn from_status(api: ApiError) -> Error {
        let status = api.status;
        let api = Box::new(api);
        match status {
            400 => Error::BadRequest(api),
            401 => Error::Authentication(api),
            403 => Error::Authorization(api),
            404 => Error::NotFound(api),
            409 => Error::Conflict(api),
            422 => Error::UnprocessableEntity(api),
            429 => Error::RateLimited(api),
            500..=599 => Error::Server(api),
            _ => Error::Api(api),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind())?;
        if let Some(status) = self.status() {
            write!(f, " (HTTP {status}")?;
            if let Some(code) = self.code() {
                write!(f, ", {code}")?;
            }
            write!(f, ")")?;
        }
        write!(f, ": {}", self.message())?;
        if let Some(id) = self.request_id() {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> ApiError {
        ApiError {
            status,
            code: Some("c".into()),
            message: "m".into(),
            request_id: Some("req_1".into()),
            errors: vec![],
            retry_after: None,
        }
    }

    #[test]
    fn every_status_class_maps_to_its_kind() {
        let cases = [
            (400, "bad_request"),
            (401, "authentication"),
            (403, "authorization"),
            (404, "not_found"),
            (409, "conflict"),
            (422, "unprocessable_entity"),
            (429, "rate_limited"),
            (500, "server"),
            (503, "server"),
            (599, "server"),
            (302, "api"),
            (418, "api"),
        ];
        for (status, kind) in cases {
            let err = Error::from_status(api(status));
            assert_eq!(err.kind(), kind, "status {status}");
            assert_eq!(err.status(), Some(status));
            assert_eq!(err.request_id(), Some("req_1"));
            assert!(Error::KINDS.contains(&err.kind()));
        }
    }

    // BEGIN generated from contract/errors.toml (contract): edit that file, then run scripts/generate-errors
    /// Each kind chosen by a status, with its first and last status.
    #[rustfmt::skip]
    const STATUS_RULES: [(&str, u16, u16); 8] = [
        ("bad_request", 400, 400),
        ("authentication", 401, 401),
        ("authorization", 403, 403),
        ("not_found", 404, 404),
        ("conflict", 409, 409),
        ("unprocessable_entity", 422, 422),
        ("rate_limited", 429, 429),
        ("server", 500, 599),
    ];
    /// The kind of every non-2xx status no rule names.
    const OTHER_STATUS_KIND: &str = "api";
    /// The statuses that are retried.
    #[rustfmt::skip]
    const RETRIED_STATUSES: [u16; 6] = [408, 429, 500, 502, 503, 504];
    // END generated from contract/errors.toml (contract)

    /// contract/errors.toml's status and retried columns are what the code does,
    /// for every status a response can have.
    #[test]
    fn the_error_table_is_what_the_code_does() {
        for status in (100..=199).chain(300..=999) {
            let kind = STATUS_RULES
                .iter()
                .find(|(_, first, last)| (*first..=*last).contains(&status))
                .map_or(OTHER_STATUS_KIND, |rule| rule.0);
            assert_eq!(
                Error::from_status(api(status)).kind(),
                kind,
                "status {status}"
            );
        }
        for status in 0..=999 {
            assert_eq!(
                crate::retry::is_retryable_status(status),
                RETRIED_STATUSES.contains(&status),
                "status {status}: retried in core/src/retry.rs, not in the table, or the reverse"
            );
        }
    }

    #[test]
    fn long_texts_are_cut_on_a_char_boundary_with_a_marker() {
        assert_eq!(bounded_text("short"), "short");
        let exact = "x".repeat(MAX_ERROR_TEXT_BYTES);
        assert_eq!(bounded_text(&exact), exact);
        // 'é' is two bytes: the bound falls inside one, so the cut goes before it.
        let text = format!(
            "{}é{}",
            "x".repeat(MAX_ERROR_TEXT_BYTES - 1),
            "y".repeat(50)
        );
        let cut = bounded_text(&text);
        assert_eq!(
            cut,
            format!(
                "{}… [truncated, {} bytes in all]",
                "x".repeat(MAX_ERROR_TEXT_BYTES - 1),
                text.len()
            )
        );
    }

    #[test]
    fn display_names_kind_status_code_message_and_request_id() {
        let err = Error::from_status(api(404));
        assert_eq!(
            err.to_string(),
            "not_found (HTTP 404, c): m [request id req_1]"
        );
        let err = Error::Timeout("no response within 1s".into());
        assert_eq!(err.to_string(), "timeout: no response within 1s");
    }
}
