//! What decoding any response must satisfy, whatever the server sent: the
//! oracle shared by the property tests (`cargo test`) and the fuzz target
//! (`fuzz/`, through the `fuzzing` feature).

use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{MAX_ERROR_TEXT_BYTES, MAX_FIELD_ERRORS};
use crate::response::Response;
use crate::retry::MAX_RETRY_AFTER;
use crate::{Directory, DirectoryList, Error};

/// Room for the truncation marker and a short prefix such as `HTTP 502 Bad Gateway: `.
const TEXT_LIMIT: usize = MAX_ERROR_TEXT_BYTES + 96;

/// Decodes one response the way each endpoint does (get, list, delete) and
/// panics if any outcome breaks a guarantee: a 2xx gives a model that
/// round-trips or an `invalid_response`; any other status gives the error of
/// its kind (CONTRACT.md's table) with that status; a 404 to a DELETE after an
/// ambiguous attempt is success; every server text in an error is bounded.
///
/// Headers whose name or value is not valid HTTP are left out, as the HTTP
/// stack would never deliver them.
pub fn check_response_decoding(
    status: u16,
    headers: &[(&[u8], &[u8])],
    body: &[u8],
    after_ambiguous_attempt: bool,
) {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name), HeaderValue::from_bytes(value)) {
            map.append(n, v);
        }
    }
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let response = || {
        let mut r = Response::from_parts(status, &map, body.to_vec(), now);
        r.after_ambiguous_attempt = after_ambiguous_attempt;
        r
    };
    let success = (200..300).contains(&status);

    check_model::<Directory>(status, response().json(), success);
    check_model::<DirectoryList>(status, response().json(), success);
    let deleted = success || (status == 404 && after_ambiguous_attempt);
    match response().into_deleted() {
        Ok(()) => assert!(deleted, "DELETE answered {status} succeeded"),
        Err(e) => {
            assert!(!deleted, "DELETE answered {status} failed: {e}");
            check_error(status, &e, false);
        }
    }
}

fn check_model<T>(status: u16, outcome: Result<T, Error>, success: bool)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    match outcome {
        Ok(model) => {
            assert!(success, "status {status} gave a model");
            let wire = serde_json::to_vec(&model).expect("a decoded model serializes");
            let again: T = serde_json::from_slice(&wire).expect("its wire form decodes");
            assert_eq!(again, model, "the model does not round-trip");
        }
        Err(e) => check_error(status, &e, success),
    }
}

fn check_error(status: u16, e: &Error, success: bool) {
    let kind = if success {
        "invalid_response"
    } else {
        expected_kind(status)
    };
    assert_eq!(e.kind(), kind, "status {status}: {e}");
    assert_eq!(e.status(), Some(status));
    assert_eq!(e.api_error().is_some(), !success);
    assert!(
        !e.message().trim().is_empty(),
        "status {status}: empty message"
    );
    let texts = [Some(e.message()), e.code(), e.request_id()];
    for text in texts.into_iter().flatten() {
        assert!(text.len() <= TEXT_LIMIT, "a text of {} bytes", text.len());
    }
    assert!(e.field_errors().len() <= MAX_FIELD_ERRORS);
    for f in e.field_errors() {
        for text in [
            Some(f.field.as_str()),
            Some(f.code.as_str()),
            f.message.as_deref(),
        ] {
            let len = text.map_or(0, str::len);
            assert!(len <= TEXT_LIMIT, "a field error text of {len} bytes");
        }
    }
    assert!(e.retry_after().is_none_or(|d| d <= MAX_RETRY_AFTER));
    assert!(e.to_string().len() <= 4 * TEXT_LIMIT);
}

/// CONTRACT.md's error table, written out again so that a change to the
/// mapping in `error.rs` is caught rather than mirrored.
fn expected_kind(status: u16) -> &'static str {
    match status {
        400 => "bad_request",
        401 => "authentication",
        403 => "authorization",
        404 => "not_found",
        409 => "conflict",
        422 => "unprocessable_entity",
        429 => "rate_limited",
        500..=599 => "server",
        _ => "api",
    }
}
