// Hand-written Swift on top of the generated bindings (WorkOSDSync.swift).

/// Every directory of a list, across pages, fetched one page at a time as the
/// sequence is iterated (100 a page unless the parameters set a limit), with
/// the same filters. Cancelling the iterating task cancels the request in flight.
///
/// ```swift
/// for try await directory in client.directories(ListParams(organizationId: "org_01...")) {
///     print(directory.name)
/// }
/// ```
public struct DirectorySequence: AsyncSequence {
    public typealias Element = Directory

    let client: WorkOsClient
    let params: ListParams

    public func makeAsyncIterator() -> Iterator {
        Iterator(paginator: client.paginator(params: params))
    }

    public struct Iterator: AsyncIteratorProtocol {
        let paginator: DirectoryPaginator
        var page: [Directory] = []
        var index = 0
        var finished = false

        public mutating func next() async throws -> Directory? {
            while index >= page.count {
                if finished { return nil }
                guard let next = try await paginator.nextPage() else {
                    finished = true
                    return nil
                }
                page = next.data
                index = 0
            }
            defer { index += 1 }
            return page[index]
        }
    }
}

extension WorkOsClient {
    /// Every directory matching `params`, as an `AsyncSequence`.
    public func directories(_ params: ListParams = ListParams()) -> DirectorySequence {
        DirectorySequence(client: self, params: params)
    }
}

extension DirectoryType {
    /// The value exactly as the API sends it, such as `okta scim v2.0`.
    public var wireValue: String { directoryTypeWireValue(value: self) }
}

extension DirectoryState {
    /// The value exactly as the API sends it, such as `linked`.
    public var wireValue: String { directoryStateWireValue(value: self) }
}

extension WorkOsError {
    /// The stable kind name of SPEC.md's error table, such as `not_found`.
    public var kind: String { fields.kind }
    /// The HTTP status, when the error came with a response.
    public var status: UInt16? { fields.status }
    /// The `X-Request-ID` of the response.
    public var requestId: String? { fields.requestId }

    private var fields: (kind: String, status: UInt16?, requestId: String?) {
        switch self {
        case let .BadRequest(kind, _, status, _, requestId, _, _),
             let .Authentication(kind, _, status, _, requestId, _, _),
             let .Authorization(kind, _, status, _, requestId, _, _),
             let .NotFound(kind, _, status, _, requestId, _, _),
             let .Conflict(kind, _, status, _, requestId, _, _),
             let .UnprocessableEntity(kind, _, status, _, requestId, _, _),
             let .RateLimited(kind, _, status, _, requestId, _, _),
             let .Server(kind, _, status, _, requestId, _, _),
             let .Api(kind, _, status, _, requestId, _, _),
             let .Connection(kind, _, status, _, requestId, _, _),
             let .Timeout(kind, _, status, _, requestId, _, _),
             let .InvalidResponse(kind, _, status, _, requestId, _, _),
             let .InvalidArgument(kind, _, status, _, requestId, _, _),
             let .Configuration(kind, _, status, _, requestId, _, _):
            return (kind, status, requestId)
        }
    }
}
