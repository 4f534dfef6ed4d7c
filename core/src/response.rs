//! Turning an HTTP response into a model or an [`Error`].
//!
//! Everything here reads bytes a server chose, so nothing may panic and
//! nothing may cost much more memory than the body itself: error texts are
//! cut to [`MAX_ERROR_TEXT_BYTES`](crate::MAX_ERROR_TEXT_BYTES), and the fallback text is built from a
//! bounded prefix of the body.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::HeaderMap;
use serde::de::{DeserializeOwned, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::{
    bounded_text, prefix_at_char_boundary, truncation_marker, ApiError, Error, FieldError,
    MAX_FIELD_ERRORS,
};
use crate::retry::parse_retry_after;

/// A complete response, body read (and bounded) already.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub request_id: Option<String>,
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
    /// An earlier attempt of this call may have taken effect on the server:
    /// it was sent and got no response, or got a 502, 503 or 504 from a
    /// gateway that may have passed it on.
    pub after_ambiguous_attempt: bool,
}

/// The `X-Request-ID` header, bounded; `None` when absent, blank or not text.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("x-request-id")?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| bounded_text(value))
}

/// The `Retry-After` header as a wait from `now`, when it is readable.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?;
    parse_retry_after(value, now)
}

impl Response {
    /// The response made of what arrived.
    pub fn from_parts(status: u16, headers: &HeaderMap, body: Vec<u8>, now: SystemTime) -> Self {
        Response {
            status,
            request_id: request_id(headers),
            retry_after: retry_after(headers, now),
            body,
            after_ambiguous_attempt: false,
        }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Decodes a 2xx body; any other status becomes its API error.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        if !self.is_success() {
            return Err(self.into_error());
        }
        serde_json::from_slice(&self.body).map_err(|e| Error::InvalidResponse {
            // serde quotes the offending value, which the server chose.
            message: bounded_text(&format!(
                "the {} response body is not the expected JSON: {e}",
                self.status
            )),
            status: Some(self.status),
            request_id: self.request_id.clone(),
        })
    }

    /// The outcome of a DELETE: done on any 2xx, and on a 404 that answers a
    /// retry of an attempt that may have deleted it already.
    pub fn into_deleted(self) -> Result<(), Error> {
        if self.is_success() || (self.status == 404 && self.after_ambiguous_attempt) {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }

    /// The error for a non-2xx response, with the most useful message the
    /// body allows: the API's `message`, a bare JSON string, an HTML page's
    /// title, plain text, or the status line when the body is empty.
    pub fn into_error(self) -> Error {
        let parsed = parse_error_body(&self.body);
        let reason = reason_phrase(self.status);
        let message = match parsed.message {
            Some(m) if !m.trim().is_empty() => m,
            _ => match parsed.fallback {
                Some(detail) => format!("HTTP {} {reason}: {detail}", self.status),
                None => format!("HTTP {} {reason} (empty response body)", self.status),
            },
        };
        Error::from_status(ApiError {
            status: self.status,
            code: parsed.code,
            message,
            request_id: self.request_id,
            errors: parsed.errors,
            retry_after: self.retry_after,
        })
    }
}

#[derive(Default)]
struct ParsedErrorBody {
    message: Option<String>,
    code: Option<String>,
    errors: Vec<FieldError>,
    /// Something to say when the body has no message of its own.
    fallback: Option<String>,
}

/// The shapes WorkOS and the proxies in front of it use for error bodies.
#[derive(Deserialize)]
struct ErrorObject {
    message: Option<BoundedText>,
    code: Option<BoundedText>,
    error: Option<BoundedText>,
    error_description: Option<BoundedText>,
    #[serde(default)]
    errors: Option<FieldErrors>,
}

/// A JSON string kept only up to [`MAX_ERROR_TEXT_BYTES`](crate::MAX_ERROR_TEXT_BYTES): serde hands the
/// visitor the string in place, so a huge one is never copied whole. A blank
/// string becomes empty, so that it still counts as "no message".
struct BoundedText(String);

impl<'de> Deserialize<'de> for BoundedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = BoundedText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<BoundedText, E> {
                Ok(BoundedText(if v.trim().is_empty() {
                    String::new()
                } else {
                    bounded_text(v)
                }))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Field errors, decoded leniently (a malformed entry must not hide the rest
/// of an otherwise useful error) and at most [`MAX_FIELD_ERRORS`] of them:
/// the entries after those are skipped without being stored.
#[derive(Default)]
struct FieldErrors(Vec<FieldError>);

#[derive(Deserialize)]
struct FieldErrorWire {
    field: Option<BoundedText>,
    code: Option<BoundedText>,
    message: Option<BoundedText>,
}

impl<'de> Deserialize<'de> for FieldErrors {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldErrors;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of field errors")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldErrors, A::Error> {
                let mut kept = Vec::new();
                while kept.len() < MAX_FIELD_ERRORS {
                    let Some(wire) = seq.next_element::<FieldErrorWire>()? else {
                        return Ok(FieldErrors(kept));
                    };
                    if let Some(field) = wire.field {
                        kept.push(FieldError {
                            field: field.0,
                            code: wire.code.map(|c| c.0).unwrap_or_default(),
                            message: wire.message.map(|m| m.0),
                        });
                    }
                }
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FieldErrors(kept))
            }
        }
        deserializer.deserialize_seq(V)
    }
}

/// Longest fallback detail, in characters, before the truncation marker.
const MAX_DETAIL_CHARS: usize = 200;
/// The fallback detail is built from at most this many bytes of the body,
/// so its cost does not grow with the body.
const FALLBACK_SCAN_BYTES: usize = 4 * 1024;
/// An HTML page's `<title>` is looked for in at most this many bytes.
const HTML_SCAN_BYTES: usize = 64 * 1024;

fn parse_error_body(body: &[u8]) -> ParsedErrorBody {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return ParsedErrorBody::default();
    }
    if let Ok(obj) = serde_json::from_str::<ErrorObject>(text) {
        let text_of = |t: Option<BoundedText>| t.map(|t| t.0).filter(|t| !t.is_empty());
        return ParsedErrorBody {
            message: text_of(obj.message).or(text_of(obj.error_description)),
            code: text_of(obj.code).or(text_of(obj.error)),
            errors: obj.errors.unwrap_or_default().0,
            fallback: Some(one_line_detail(text)),
        };
    }
    if let Ok(s) = serde_json::from_str::<BoundedText>(text) {
        return ParsedErrorBody {
            message: Some(s.0),
            ..Default::default()
        };
    }
    let detail = if looks_like_html(text) {
        match html_title(prefix_at_char_boundary(text, HTML_SCAN_BYTES)) {
            Some(title) => format!("HTML error page \"{}\"", one_line_detail(&title)),
            None => "HTML error page (from a proxy?)".to_owned(),
        }
    } else {
        one_line_detail(text)
    };
    ParsedErrorBody {
        fallback: Some(detail),
        ..Default::default()
    }
}

fn looks_like_html(text: &str) -> bool {
    let head = prefix_at_char_boundary(text, 64).to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head")
}

fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let title = text[open_end..close].trim();
    (!title.is_empty()).then(|| title.to_owned())
}

/// The start of `text` on one line (whitespace runs become one space), at
/// most [`MAX_DETAIL_CHARS`] characters, read from a bounded prefix only; the
/// truncation marker ends it when anything was left out.
fn one_line_detail(text: &str) -> String {
    let scanned = prefix_at_char_boundary(text, FALLBACK_SCAN_BYTES);
    let mut out = String::new();
    let mut chars = 0;
    let mut cut = scanned.len() < text.len();
    'words: for word in scanned.split_whitespace() {
        if !out.is_empty() {
            if chars == MAX_DETAIL_CHARS {
                cut = true;
                break;
            }
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars == MAX_DETAIL_CHARS {
                cut = true;
                break 'words;
            }
            out.push(c);
            chars += 1;
        }
    }
    if cut {
        out.truncate(out.trim_end().len());
        out.push_str(&truncation_marker(text.len()));
    }
    out
}

fn reason_phrase(status: u16) -> &'static str {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::MAX_ERROR_TEXT_BYTES;

    fn response(status: u16, body: &str) -> Response {
        Response {
            status,
            request_id: Some("req_9".into()),
            retry_after: None,
            body: body.as_bytes().to_vec(),
            after_ambiguous_attempt: false,
        }
    }

    #[test]
    fn workos_error_object() {
        let body = r#"{"message":"Validation failed","code":"invalid_request_parameters",
            "errors":[{"field":"limit","code":"invalid_limit"},{"nonsense":1}]}"#;
        let err = response(422, body).into_error();
        assert_eq!(err.kind(), "unprocessable_entity");
        assert_eq!(err.message(), "Validation failed");
        assert_eq!(err.code(), Some("invalid_request_parameters"));
        assert_eq!(err.field_errors().len(), 1);
        assert_eq!(err.field_errors()[0].field, "limit");
        assert_eq!(err.request_id(), Some("req_9"));
    }

    #[test]
    fn oauth_style_error_object() {
        let err = response(
            400,
            r#"{"error":"invalid_grant","error_description":"Nope"}"#,
        )
        .into_error();
        assert_eq!(err.message(), "Nope");
        assert_eq!(err.code(), Some("invalid_grant"));
    }

    #[test]
    fn bare_string_html_text_and_empty_bodies_still_say_something() {
        assert_eq!(
            response(500, r#""upstream exploded""#)
                .into_error()
                .message(),
            "upstream exploded"
        );
        let html = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
        let msg = response(502, html).into_error().message().to_owned();
        assert_eq!(
            msg,
            "HTTP 502 Bad Gateway: HTML error page \"502 Bad Gateway\""
        );
        assert_eq!(
            response(503, "").into_error().message(),
            "HTTP 503 Service Unavailable (empty response body)"
        );
        assert_eq!(
            response(500, "oops\n").into_error().message(),
            "HTTP 500 Internal Server Error: oops"
        );
        let obj_without_message = response(409, r#"{"code":"conflict"}"#).into_error();
        assert_eq!(
            obj_without_message.message(),
            "HTTP 409 Conflict: {\"code\":\"conflict\"}"
        );
        let long = "x".repeat(1000);
        assert_eq!(
            response(500, &long).into_error().message(),
            format!(
                "HTTP 500 Internal Server Error: {}… [truncated, 1000 bytes in all]",
                "x".repeat(MAX_DETAIL_CHARS)
            )
        );
        let exactly = "y ".repeat(100);
        assert_eq!(
            response(500, &exactly).into_error().message(),
            format!("HTTP 500 Internal Server Error: {}", exactly.trim())
        );
    }

    #[test]
    fn server_texts_in_errors_are_bounded() {
        let huge = "m".repeat(10 * 1024 * 1024);
        let body = serde_json::json!({
            "message": huge,
            "code": "c".repeat(5000),
            "errors": [{"field": "f".repeat(3000), "code": "x".repeat(2000), "message": "é".repeat(4000)}],
        })
        .to_string();
        let r = response(422, &body);
        let (err, peak) = crate::alloc_meter::peak_during(|| r.into_error());
        // The message is cut while it is read, never copied whole.
        assert!(
            peak < 1024 * 1024,
            "decoding the error allocated {peak} bytes at peak"
        );
        let marker = "… [truncated, 10485760 bytes in all]";
        assert_eq!(
            err.message(),
            format!("{}{marker}", "m".repeat(MAX_ERROR_TEXT_BYTES))
        );
        assert!(err
            .code()
            .unwrap()
            .ends_with("… [truncated, 5000 bytes in all]"));
        let fe = &err.field_errors()[0];
        assert!(fe.field.ends_with("[truncated, 3000 bytes in all]"));
        assert!(fe.code.ends_with("[truncated, 2000 bytes in all]"));
        let message = fe.message.as_deref().unwrap();
        assert!(message.starts_with('é') && message.ends_with("[truncated, 8000 bytes in all]"));
        for text in [
            err.message(),
            err.code().unwrap(),
            &fe.field,
            &fe.code,
            message,
        ] {
            assert!(
                text.len() <= MAX_ERROR_TEXT_BYTES + marker.len(),
                "{}",
                text.len()
            );
        }

        let bare = serde_json::Value::String("s".repeat(2000)).to_string();
        assert!(response(500, &bare)
            .into_error()
            .message()
            .ends_with("[truncated, 2000 bytes in all]"));

        let many: Vec<_> = (0..10_000)
            .map(|i| serde_json::json!({"field": format!("f{i}"), "code": "c"}))
            .collect();
        let body = serde_json::json!({"message": "Validation failed", "errors": many});
        let err = response(422, &body.to_string()).into_error();
        assert_eq!(err.field_errors().len(), MAX_FIELD_ERRORS);
        assert_eq!(err.field_errors()[99].field, "f99");

        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "r".repeat(3000).parse().unwrap());
        let r = Response::from_parts(500, &headers, Vec::new(), SystemTime::now());
        assert!(r
            .request_id
            .unwrap()
            .ends_with("[truncated, 3000 bytes in all]"));

        let wrong_shape = format!(
            r#"{{"object":"directory","id":5,"name":"{}"}}"#,
            "n".repeat(5000)
        );
        let err = response(200, &wrong_shape)
            .json::<crate::Directory>()
            .unwrap_err();
        assert!(err.message().len() <= MAX_ERROR_TEXT_BYTES + marker.len());
    }

    /// The fallback text of a huge body of words is built from a bounded prefix:
    /// the allocations it makes do not grow with the body.
    #[test]
    fn the_fallback_text_of_a_huge_body_costs_little_memory() {
        let body = "word ".repeat(crate::MAX_BODY_BYTES / 5);
        let r = response(503, &body);
        let (err, peak) = crate::alloc_meter::peak_during(|| r.into_error());
        assert!(err
            .message()
            .starts_with("HTTP 503 Service Unavailable: word word"));
        assert!(err.message().ends_with(&format!(
            "… [truncated, {} bytes in all]",
            body.trim().len()
        )));
        assert!(err.message().chars().count() < MAX_DETAIL_CHARS + 100);
        assert!(
            peak < 256 * 1024,
            "decoding the error allocated {peak} bytes at peak"
        );

        let html = format!(
            "<html><head><title>{}</title></head><body>{}</body></html>",
            "t ".repeat(1000),
            "<p>x</p>".repeat(4 * 1024 * 1024)
        );
        let r = response(502, &html);
        let (err, peak) = crate::alloc_meter::peak_during(|| r.into_error());
        assert!(err
            .message()
            .starts_with("HTTP 502 Bad Gateway: HTML error page \"t t"));
        assert!(
            peak < 256 * 1024,
            "decoding the error allocated {peak} bytes at peak"
        );
    }

    #[test]
    fn a_2xx_body_that_does_not_decode_is_an_invalid_response() {
        let err = response(200, r#"{"object":"directory","#)
            .json::<crate::Directory>()
            .unwrap_err();
        assert_eq!(err.kind(), "invalid_response");
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.request_id(), Some("req_9"));
    }
}

/// Decoding over arbitrary statuses, headers and bodies; the properties are
/// in `decode_check.rs`, shared with the fuzz target.
#[cfg(test)]
mod props {
    use proptest::collection::{hash_map, vec};
    use proptest::option;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    use workos_dsync_mock::DIRECTORY_FIELDS;

    use crate::decode_check::check_response_decoding;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9_ ]{0,12}",
            ".{0,16}",
            ("[a-z é]{1,4}", 0..1500usize).prop_map(|(s, n)| s.repeat(n)),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            // A directory's fields, its metadata's, a list's and an error's.
            prop::sample::select(
                [
                    DIRECTORY_FIELDS,
                    &[
                        "users",
                        "active",
                        "inactive",
                        "groups",
                        "data",
                        "list_metadata",
                        "before",
                        "after",
                        "message",
                        "code",
                        "error",
                        "error_description",
                        "errors",
                        "field",
                    ]
                ]
                .concat()
            )
            .prop_map(str::to_owned),
            "[a-z_]{1,6}",
        ]
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            text().prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 32, 6, |inner| {
            prop_oneof![
                vec(inner.clone(), 0..6).prop_map(Value::Array),
                hash_map(key(), inner, 0..8).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn directory() -> impl Strategy<Value = Value> {
        let kind = prop_oneof![Just("okta scim v2.0".to_owned()), text()];
        let state = prop_oneof![
            Just("linked".to_owned()),
            Just("deleting".to_owned()),
            text()
        ];
        let counts = option::of((any::<i64>(), any::<i64>(), any::<i64>()));
        (
            (text(), text(), text(), kind, state),
            (text(), option::of(text()), counts, text(), text()),
            option::of((key(), any_json())),
        )
            .prop_map(
                |((id, org, ext, kind, state), (name, domain, counts, c, u), extra)| {
                    let mut d = json!({
                        "object": "directory", "id": id, "organization_id": org,
                        "external_key": ext, "type": kind, "state": state, "name": name,
                        "domain": domain, "created_at": c, "updated_at": u,
                    });
                    if let Some((a, i, g)) = counts {
                        d["metadata"] = json!({"users": {"active": a, "inactive": i}, "groups": g});
                    }
                    // An extra key may be unknown, or clobber a known one with a wrong type.
                    if let Some((k, v)) = extra {
                        d[k] = v;
                    }
                    d
                },
            )
    }

    fn list() -> impl Strategy<Value = Value> {
        (
            vec(directory(), 0..4),
            option::of(text()),
            option::of(text()),
        )
            .prop_map(|(data, before, after)| {
                json!({"object": "list", "data": data,
                       "list_metadata": {"before": before, "after": after}})
            })
    }

    fn error_object() -> impl Strategy<Value = Value> {
        let field_error = prop_oneof![
            (option::of(text()), option::of(text()), option::of(text()))
                .prop_map(|(f, c, m)| json!({"field": f, "code": c, "message": m})),
            any_json(),
        ];
        let string_or_any = || prop_oneof![3 => text().prop_map(Value::from), 1 => any_json()];
        (
            option::of(string_or_any()),
            option::of(string_or_any()),
            option::of(prop_oneof![
                vec(field_error, 0..120).prop_map(Value::Array),
                any_json()
            ]),
            option::of((string_or_any(), string_or_any())),
        )
            .prop_map(|(message, code, errors, oauth)| {
                let mut e = json!({});
                if let Some(m) = message {
                    e["message"] = m;
                }
                if let Some(c) = code {
                    e["code"] = c;
                }
                if let Some(errs) = errors {
                    e["errors"] = errs;
                }
                if let Some((error, description)) = oauth {
                    e["error"] = error;
                    e["error_description"] = description;
                }
                e
            })
    }

    fn body() -> impl Strategy<Value = Vec<u8>> {
        let json_body = prop_oneof![directory(), list(), error_object(), any_json()]
            .prop_map(|v| v.to_string().into_bytes());
        prop_oneof![
            4 => json_body,
            1 => text().prop_map(|t| format!("<!DOCTYPE html><html><head><title>{t}</title></head></html>").into_bytes()),
            1 => text().prop_map(String::into_bytes),
            1 => vec(any::<u8>(), 0..256),
        ]
    }

    fn status() -> impl Strategy<Value = u16> {
        prop_oneof![
            prop::sample::select(vec![
                200, 201, 202, 204, 301, 400, 401, 403, 404, 408, 409, 418, 422, 429, 500, 501,
                502, 503, 504, 599,
            ]),
            100..1000u16,
            any::<u16>(),
        ]
    }

    fn headers() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
        let name = prop_oneof![
            prop::sample::select(vec![
                "x-request-id",
                "X-Request-ID",
                "retry-after",
                "content-type"
            ])
            .prop_map(str::to_owned),
            ".{0,8}",
        ];
        let value = prop_oneof![
            "[0-9]{1,25}".prop_map(String::into_bytes),
            "[-+]?[0-9]{0,6}\\.?[0-9]{0,6}(e[-+]?[0-9]{1,3})?".prop_map(String::into_bytes),
            (0..4_000_000_000u64).prop_map(|s| httpdate::fmt_http_date(
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(s)
            )
            .into_bytes()),
            text().prop_map(String::into_bytes),
            vec(any::<u8>(), 0..40),
        ];
        vec((name, value), 0..4)
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 768,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_response_decodes_to_a_model_or_the_error_of_its_status(
            status in status(),
            headers in headers(),
            body in body(),
            after_ambiguous_attempt in any::<bool>(),
        ) {
            let headers: Vec<(&[u8], &[u8])> =
                headers.iter().map(|(n, v)| (n.as_bytes(), v.as_slice())).collect();
            check_response_decoding(status, &headers, &body, after_ambiguous_attempt);
        }
    }

    /// The generators reach the interesting outcomes, so the property above
    /// is not passing vacuously on bodies that never decode.
    #[test]
    fn the_generators_produce_valid_models_too() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let (mut dirs, mut lists) = (0, 0);
        for _ in 0..200 {
            let d = directory().new_tree(&mut runner).unwrap().current();
            dirs += serde_json::from_value::<crate::Directory>(d).is_ok() as u32;
            let l = list().new_tree(&mut runner).unwrap().current();
            lists += serde_json::from_value::<crate::DirectoryList>(l).is_ok() as u32;
        }
        assert!(dirs > 50 && lists > 50, "{dirs} directories, {lists} lists");
    }
}
