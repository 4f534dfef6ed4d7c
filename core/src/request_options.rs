//! Options for one call, overriding the client's: see [`RequestOptions`].

use std::fmt;
use std::time::Duration;

use crate::options::{Number, OptionNames, Timeout};
use crate::Error;

/// Headers the client writes itself. Overriding one would break the
/// authentication, the identification or the framing of the request.
const OWNED_HEADERS: [&str; 8] = [
    "authorization",
    "user-agent",
    "content-type",
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "idempotency-key",
];

/// Options for one call: each one set overrides the client's for that call
/// only, and for every page an auto-paging walk fetches.
///
/// - `timeout`: of each attempt; more than zero.
/// - `max_retries`: retries after a failed first attempt.
/// - `extra_headers`: sent with the request. The headers the client writes
///   itself (`Authorization`, `User-Agent`, `Content-Type`, and `Host`,
///   `Content-Length`, `Transfer-Encoding`, `Connection`, which frame the
///   request) cannot be set here, nor `Idempotency-Key` (use
///   `idempotency_key`); trying is `invalid_argument`, as is a name or value
///   that cannot be sent in a header.
/// - `idempotency_key`: sent as `Idempotency-Key`.
/// - `base_url`: where this call goes, under the client's rules (https, or
///   http for a loopback host; no credentials); an unusable one is a
///   `configuration` error.
///
/// ```
/// use std::time::Duration;
/// use workos_dsync::{Client, RequestOptions};
///
/// # async fn demo(client: Client) -> Result<(), workos_dsync::Error> {
/// let quick = RequestOptions {
///     timeout: Some(Duration::from_secs(2)),
///     max_retries: Some(0),
///     idempotency_key: Some("delete-7f3a".into()),
///     ..Default::default()
/// };
/// client.directory_sync().with_options(&quick)
///     .delete_directory("directory_01ECAZ4NV9QMV47GW873HDCX74").await?;
/// # Ok(()) }
/// let bad = RequestOptions {
///     extra_headers: vec![("Authorization".into(), "Bearer other".into())],
///     ..Default::default()
/// };
/// assert_eq!(bad.validate().unwrap_err().kind(), "invalid_argument");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Timeout of each attempt of this call.
    pub timeout: Option<Duration>,
    /// Retries of this call after a failed first attempt.
    pub max_retries: Option<u32>,
    /// More headers, as (name, value).
    pub extra_headers: Vec<(String, String)>,
    /// Sent as the `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// Where this call goes instead of the client's base URL.
    pub base_url: Option<String>,
}

impl fmt::Debug for RequestOptions {
    /// Header values are left out: they may be credentials of their own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.extra_headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("extra_headers", &names)
            .field(
                "idempotency_key",
                &self.idempotency_key.as_ref().map(|_| "<set>"),
            )
            .field(
                "base_url",
                &self.base_url.as_deref().map(crate::client::redact_userinfo),
            )
            .finish()
    }
}

/// A call's options as a binding receives them: numbers in the binding's
/// own types, checked by the core's rules and named in messages as the
/// binding spells them.
#[derive(Clone, Debug, Default)]
pub struct BindingRequestOptions {
    /// Timeout of each attempt, in the binding's unit.
    pub timeout: Option<Timeout>,
    /// Retries after a failed first attempt.
    pub max_retries: Option<Number>,
    /// More headers, as (name, value).
    pub extra_headers: Vec<(String, String)>,
    /// Sent as the `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// Where this call goes.
    pub base_url: Option<String>,
    /// How the binding spells the options, for messages.
    pub names: OptionNames,
}

impl RequestOptions {
    /// Options from a binding: `invalid_argument` for a number out of range
    /// (as [`ClientOptions`](crate::ClientOptions) checks them) and for what
    /// [`validate`](Self::validate) refuses.
    pub fn from_binding(input: BindingRequestOptions) -> Result<RequestOptions, Error> {
        let options = RequestOptions {
            timeout: input
                .timeout
                .map(|t| t.to_duration(input.names.timeout))
                .transpose()?,
            max_retries: input
                .max_retries
                .map(|n| n.to_max_retries(input.names.max_retries))
                .transpose()?,
            extra_headers: input.extra_headers,
            idempotency_key: input.idempotency_key,
            base_url: input.base_url,
        };
        options.validate()?;
        Ok(options)
    }

    /// Refuses, with `invalid_argument`, a zero timeout and headers that
    /// cannot or may not be sent. Every call checks its options this way
    /// before sending anything.
    pub fn validate(&self) -> Result<(), Error> {
        if self.timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::InvalidArgument(
                "the request timeout must be longer than zero".into(),
            ));
        }
        for (name, value) in &self.extra_headers {
            check_header(name, value)?;
            if OWNED_HEADERS.iter().any(|o| name.eq_ignore_ascii_case(o)) {
                return Err(Error::InvalidArgument(format!(
                    "the `{name}` header is the client's own and cannot be set per request{}",
                    if name.eq_ignore_ascii_case("idempotency-key") {
                        " (use `idempotency_key`)"
                    } else {
                        ""
                    }
                )));
            }
        }
        if let Some(key) = &self.idempotency_key {
            check_header("Idempotency-Key", key)?;
        }
        Ok(())
    }

    /// The header lines these options add to a request, CRLF-terminated.
    pub(crate) fn header_lines(&self, out: &mut Vec<u8>) {
        for (name, value) in &self.extra_headers {
            crate::transport::header_line(out, name.as_bytes(), value.trim().as_bytes());
        }
        if let Some(key) = &self.idempotency_key {
            crate::transport::header_line(out, b"Idempotency-Key", key.trim().as_bytes());
        }
    }
}

/// A header name must be an RFC 9110 token; a value must not hold control
/// characters (a CR or LF would end the header early and inject others).
fn check_header(name: &str, value: &str) -> Result<(), Error> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(Error::InvalidArgument(format!(
            "{name:?} is not a valid header name"
        )));
    }
    if value.bytes().any(|b| (b < b' ' && b != b'\t') || b == 0x7f) {
        return Err(Error::InvalidArgument(format!(
            "the value of the `{name}` header contains control characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> RequestOptions {
        RequestOptions {
            extra_headers: pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn owned_and_malformed_headers_are_refused() {
        for name in [
            "Authorization",
            "user-agent",
            "CONTENT-TYPE",
            "Host",
            "Idempotency-Key",
        ] {
            let err = headers(&[(name, "x")]).validate().unwrap_err();
            assert_eq!(err.kind(), "invalid_argument", "{name}");
            assert!(err.message().contains("the client's own"), "{err}");
        }
        for (name, value) in [
            ("X-A", "a\r\nX-Injected: 1"),
            ("X A", "v"),
            ("", "v"),
            ("X-é", "v"),
        ] {
            let err = headers(&[(name, value)]).validate().unwrap_err();
            assert_eq!(err.kind(), "invalid_argument", "{name:?}");
        }
        headers(&[("X-Trace", "abc\tdef"), ("x-team", "")])
            .validate()
            .unwrap();
        let bad_key = RequestOptions {
            idempotency_key: Some("k\n".into()),
            ..Default::default()
        };
        assert_eq!(bad_key.validate().unwrap_err().kind(), "invalid_argument");
    }

    /// Options from a binding that spells them as Node does.
    fn from_node(
        timeout: Option<Timeout>,
        max_retries: Option<Number>,
    ) -> Result<RequestOptions, Error> {
        let names = OptionNames {
            max_retries: "maxRetries",
            timeout: "timeout",
        };
        RequestOptions::from_binding(BindingRequestOptions {
            timeout,
            max_retries,
            names,
            ..Default::default()
        })
    }

    #[test]
    fn binding_numbers_follow_the_client_rules() {
        let err = from_node(None, Some(Number::Float(-1.0))).unwrap_err();
        assert_eq!(
            err.message(),
            "`maxRetries` must be an integer from 0 to 4294967295, not -1"
        );
        let err = from_node(Some(Timeout::Millis(Number::Int(0))), None).unwrap_err();
        assert_eq!(err.kind(), "invalid_argument");
        let ok = from_node(
            Some(Timeout::Seconds(Number::Float(1.5))),
            Some(Number::Int(2)),
        )
        .unwrap();
        assert_eq!(
            (ok.timeout, ok.max_retries),
            (Some(Duration::from_millis(1500)), Some(2))
        );
    }

    #[test]
    fn debug_shows_no_header_values() {
        let mut o = headers(&[("X-Secret", "s3cr3t")]);
        o.idempotency_key = Some("idem-secret".into());
        o.base_url = Some("http://user:pw@127.0.0.1:1".into());
        let shown = format!("{o:?}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("idem-secret") && !shown.contains("pw"),
            "{shown}"
        );
    }
}
