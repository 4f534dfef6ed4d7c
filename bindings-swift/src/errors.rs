//! The core's error as one uniffi error enum: Swift `WorkOsError` cases,
//! Kotlin `WorkOsException` subclasses. Every case carries the same fields, so
//! code that only needs the kind name or the request id never has to match.
//! (The message field is `detail`: `message` clashes with `Throwable.message`.)

use std::fmt;

use workos_dsync as core;

pub use workos_dsync::FieldError;

// The core's type, declared to uniffi as `models` declares the models (see
// there), with `message` named `detail` as in `WorkOsError`.
/// One field-level problem of a 422 response.
#[uniffi::remote(Record)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    #[uniffi(name = "detail")]
    pub message: Option<String>,
}

macro_rules! error_enum {
    ($($variant:ident => $kind:literal,)*) => {
        /// Every way a call can fail; one case per kind of CONTRACT.md's error table.
        #[derive(Clone, Debug, PartialEq, uniffi::Error)]
        pub enum WorkOsError {
            $(
                $variant {
                    /// The stable kind name, such as `not_found`.
                    kind: String,
                    /// What went wrong, from the API when it said.
                    detail: String,
                    /// HTTP status, when there was a response.
                    status: Option<u16>,
                    /// The API's error code, such as `entity_not_found`.
                    code: Option<String>,
                    /// The `X-Request-ID` of the response.
                    request_id: Option<String>,
                    /// The field errors of a 422.
                    field_errors: Vec<FieldError>,
                    /// The server's `Retry-After`, in seconds.
                    retry_after_seconds: Option<f64>,
                },
            )*
        }

        impl From<core::Error> for WorkOsError {
            fn from(e: core::Error) -> Self {
                WorkOsError::of_kind(e.kind().to_owned(), &e)
            }
        }

        impl WorkOsError {
            /// The case of `kind`, carrying the fields of `e`.
            fn of_kind(kind: String, e: &core::Error) -> Self {
                let detail = e.message().to_owned();
                let status = e.status();
                let code = e.code().map(str::to_owned);
                let request_id = e.request_id().map(str::to_owned);
                let field_errors = e.field_errors().to_vec();
                let retry_after_seconds = e.retry_after().map(|d| d.as_secs_f64());
                match kind.as_str() {
                    $($kind => WorkOsError::$variant {
                        kind, detail, status, code, request_id, field_errors, retry_after_seconds,
                    },)*
                    // A kind newer than this mirror: still an error, with its kind name.
                    _ => WorkOsError::Api {
                        kind, detail, status, code, request_id, field_errors, retry_after_seconds,
                    },
                }
            }

            fn parts(&self) -> (&str, &str, Option<u16>, Option<&str>, Option<&str>) {
                match self {
                    $(WorkOsError::$variant { kind, detail, status, code, request_id, .. } => {
                        (kind, detail, *status, code.as_deref(), request_id.as_deref())
                    })*
                }
            }
        }
    };
}

error_enum! {
    // BEGIN generated from contract/errors.toml (cases): edit that file, then run scripts/generate-errors
    BadRequest => "bad_request",
    Authentication => "authentication",
    Authorization => "authorization",
    NotFound => "not_found",
    Conflict => "conflict",
    UnprocessableEntity => "unprocessable_entity",
    RateLimited => "rate_limited",
    Server => "server",
    Api => "api",
    Connection => "connection",
    Timeout => "timeout",
    InvalidResponse => "invalid_response",
    InvalidArgument => "invalid_argument",
    Configuration => "configuration",
    // END generated from contract/errors.toml (cases)
}

impl fmt::Display for WorkOsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, detail, status, code, request_id) = self.parts();
        write!(f, "{kind}")?;
        if let Some(status) = status {
            write!(f, " (HTTP {status}")?;
            if let Some(code) = code {
                write!(f, ", {code}")?;
            }
            write!(f, ")")?;
        }
        write!(f, ": {detail}")?;
        if let Some(id) = request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for WorkOsError {}

/// The one-line description every language shows for an error, such as
/// `not_found (HTTP 404, entity_not_found): Directory not found [request id req_01]`:
/// the core's `Display`, so Swift's `description` cannot drift from it.
#[uniffi::export]
pub fn error_description(error: WorkOsError) -> String {
    error.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A core error of `kind`.
    fn core_error(kind: &str) -> core::Error {
        let api = |status| {
            Box::new(core::ApiError {
                status,
                code: Some(format!("{kind}_code")),
                message: format!("{kind} message"),
                request_id: Some(format!("req_{kind}")),
                errors: vec![],
                retry_after: None,
            })
        };
        let text = format!("{kind} text");
        match kind {
            "bad_request" => core::Error::BadRequest(api(400)),
            "authentication" => core::Error::Authentication(api(401)),
            "authorization" => core::Error::Authorization(api(403)),
            "not_found" => core::Error::NotFound(api(404)),
            "conflict" => core::Error::Conflict(api(409)),
            "unprocessable_entity" => core::Error::UnprocessableEntity(api(422)),
            "rate_limited" => core::Error::RateLimited(api(429)),
            "server" => core::Error::Server(api(500)),
            "api" => core::Error::Api(api(418)),
            "connection" => core::Error::Connection(text),
            "timeout" => core::Error::Timeout(text),
            "invalid_response" => core::Error::InvalidResponse {
                message: text,
                status: Some(200),
                request_id: None,
            },
            "invalid_argument" => core::Error::InvalidArgument(text),
            "configuration" => core::Error::Configuration(text),
            _ => panic!("no sample core error of kind {kind}: add one here"),
        }
    }

    #[test]
    fn every_core_kind_has_its_own_case() {
        // Every kind of the core's table (contract/errors.toml) mirrors to a
        // case of its own with the core's fields, and describes itself as the core does.
        let mut seen = std::collections::HashSet::new();
        for kind in core::Error::KINDS {
            let e = core_error(kind);
            assert_eq!(e.kind(), kind);
            let mirrored = WorkOsError::from(e.clone());
            let core_parts = (kind, e.message(), e.status(), e.code(), e.request_id());
            assert_eq!(mirrored.parts(), core_parts);
            assert_eq!(mirrored.to_string(), e.to_string());
            assert!(
                seen.insert(std::mem::discriminant(&mirrored)),
                "{kind} shares a case: is bindings-swift/src/errors.rs regenerated?"
            );
        }
        let newer = WorkOsError::of_kind("newer".into(), &core_error("server"));
        assert!(matches!(newer, WorkOsError::Api { .. }));
        assert_eq!(newer.parts().0, "newer");
    }
}
