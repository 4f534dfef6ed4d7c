// Hand-written Swift on top of the generated bindings (WorkOSDSync.swift):
// the fields every WorkOsError carries, without matching on its case.

/// The fields every `WorkOsError` carries, whatever its kind: the same names
/// and meanings as Kotlin's `WorkOsException.info`.
public struct ErrorInfo: Sendable, Equatable, Hashable {
    /// The stable kind name of the error table (CONTRACT.md), such as `not_found`.
    public let kind: String
    /// What went wrong: the API's message when it sent one.
    public let detail: String
    /// The HTTP status, when the error came with a response.
    public let status: Int?
    /// The API's error code, such as `entity_not_found`.
    public let code: String?
    /// The `X-Request-ID` of the response.
    public let requestId: String?
    /// The field errors of a 422 response.
    public let fieldErrors: [FieldError]
    /// The server's `Retry-After`, in seconds.
    public let retryAfterSeconds: Double?
}

extension WorkOsError: CustomStringConvertible {
    /// This error's fields, without matching on its case.
    public var info: ErrorInfo {
        switch self {
        // BEGIN generated from contract/errors.toml (cases): edit that file, then run scripts/generate-errors
        case let .BadRequest(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .Authentication(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .Authorization(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .NotFound(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .Conflict(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .UnprocessableEntity(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .RateLimited(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .Server(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .Api(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .Connection(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .Timeout(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .InvalidResponse(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .InvalidArgument(kind, detail, status, code, requestId, fieldErrors, retryAfter),
             let .Configuration(kind, detail, status, code, requestId, fieldErrors, retryAfter):
        // END generated from contract/errors.toml (cases)
            return ErrorInfo(
                kind: kind, detail: detail, status: status.map(Int.init), code: code,
                requestId: requestId, fieldErrors: fieldErrors, retryAfterSeconds: retryAfter
            )
        }
    }

    /// The stable kind name of the error table (CONTRACT.md), such as `not_found`.
    public var kind: String { info.kind }
    /// What went wrong: the API's message when it sent one.
    public var detail: String { info.detail }
    /// The HTTP status, when the error came with a response.
    public var status: Int? { info.status }
    /// The API's error code, such as `entity_not_found`.
    public var code: String? { info.code }
    /// The `X-Request-ID` of the response.
    public var requestId: String? { info.requestId }
    /// The field errors of a 422 response.
    public var fieldErrors: [FieldError] { info.fieldErrors }
    /// The server's `Retry-After`, in seconds.
    public var retryAfterSeconds: Double? { info.retryAfterSeconds }

    /// One line, the same in every language:
    /// `not_found (HTTP 404, entity_not_found): Directory not found [request id req_01...]`.
    public var description: String { WorkOSDSync.errorDescription(error: self) }
}
