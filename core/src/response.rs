//! Turning an HTTP response into a model or an [`Error`].

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{ApiError, Error, FieldError};

/// A complete response, body read (and bounded) already.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub request_id: Option<String>,
    pub retry_after: Option<std::time::Duration>,
    pub body: Vec<u8>,
    /// An earlier attempt of this call was sent and got no response, so the
    /// request may already have taken effect on the server.
    pub after_lost_attempt: bool,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Decodes a 2xx body; any other status becomes its API error.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        if !self.is_success() {
            return Err(self.into_error());
        }
        serde_json::from_slice(&self.body).map_err(|e| Error::InvalidResponse {
            message: format!(
                "the {} response body is not the expected JSON: {e}",
                self.status
            ),
            status: Some(self.status),
            request_id: self.request_id.clone(),
        })
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
    message: Option<String>,
    code: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    #[serde(default)]
    errors: Vec<FieldErrorWire>,
}

/// Field errors are decoded leniently: a malformed entry must not hide the
/// rest of an otherwise useful error.
#[derive(Deserialize)]
struct FieldErrorWire {
    field: Option<String>,
    code: Option<String>,
    message: Option<String>,
}

const MAX_DETAIL: usize = 200;

fn parse_error_body(body: &[u8]) -> ParsedErrorBody {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return ParsedErrorBody::default();
    }
    if let Ok(obj) = serde_json::from_str::<ErrorObject>(text) {
        return ParsedErrorBody {
            message: obj.message.or(obj.error_description),
            code: obj.code.or(obj.error),
            errors: obj
                .errors
                .into_iter()
                .filter_map(|e| {
                    Some(FieldError {
                        field: e.field?,
                        code: e.code.unwrap_or_default(),
                        message: e.message,
                    })
                })
                .collect(),
            fallback: Some(truncate(text)),
        };
    }
    if let Ok(s) = serde_json::from_str::<String>(text) {
        return ParsedErrorBody {
            message: Some(s),
            ..Default::default()
        };
    }
    let detail = if looks_like_html(text) {
        match html_title(text) {
            Some(title) => format!("HTML error page \"{}\"", truncate(&title)),
            None => "HTML error page (from a proxy?)".to_owned(),
        }
    } else {
        truncate(text)
    };
    ParsedErrorBody {
        fallback: Some(detail),
        ..Default::default()
    }
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<head")
}

fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let title = text[open_end..close]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!title.is_empty()).then_some(title)
}

fn truncate(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_DETAIL {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX_DETAIL).collect();
        format!("{cut}…")
    }
}

fn reason_phrase(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> Response {
        Response {
            status,
            request_id: Some("req_9".into()),
            retry_after: None,
            body: body.as_bytes().to_vec(),
            after_lost_attempt: false,
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
        assert!(response(500, &long).into_error().message().chars().count() < 260);
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
