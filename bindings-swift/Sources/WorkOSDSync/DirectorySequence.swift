// Hand-written Swift on top of the generated bindings (WorkOSDSync.swift):
// every directory of a list as an AsyncSequence, and the open enums' wire values.

/// Every directory of a list, across pages, fetched one page at a time as the
/// sequence is iterated (100 a page unless the parameters set a limit), with
/// the same filters and the same request options on every page. Cancelling
/// the iterating Task cancels the request in flight and ends the iteration
/// with `CancellationError`.
///
/// ```swift
/// for try await directory in client.directories(ListParams(organizationId: "org_01...")) {
///     print(directory.name)
/// }
/// ```
public struct DirectorySequence: AsyncSequence, Sendable {
    public typealias Element = Directory

    let client: WorkOsClient
    let params: ListParams
    let options: RequestOptions?

    public func makeAsyncIterator() -> Iterator {
        Iterator(paginator: client.paginator(params: params, options: options))
    }

    /// Fetches a page when the previous one is used up; one iterator is one walk.
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
    /// Every directory matching `params`, as an `AsyncSequence` that fetches
    /// pages lazily; `options` override the client's settings for every page.
    /// Invalid `params` or `options` are thrown by the first `next()`.
    public func directories(_ params: ListParams = ListParams(), options: RequestOptions? = nil) -> DirectorySequence {
        DirectorySequence(client: self, params: params, options: options)
    }
}

extension DirectoryType {
    /// The value exactly as the API sends it, such as `okta scim v2.0`;
    /// for `.other(value:)`, that value.
    public var wireValue: String { directoryTypeWireValue(value: self) }
}

extension DirectoryState {
    /// The value exactly as the API sends it, such as `linked`;
    /// for `.other(value:)`, that value.
    public var wireValue: String { directoryStateWireValue(value: self) }
}
