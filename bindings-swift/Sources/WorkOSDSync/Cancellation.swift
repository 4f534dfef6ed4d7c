// Hand-written Swift on top of the generated bindings (WorkOSDSync.swift):
// the calls apps make, with Swift Task cancellation.
//
// uniffi's generated Swift keeps polling a Rust future until it completes and
// never tells Rust that the awaiting Task was cancelled. These wrappers pass a
// CancelToken and fire it from the cancellation handler, so cancelling a Task
// aborts its HTTP request at once and throws `CancellationError`.

extension WorkOsClient {
    /// Gets one directory.
    ///
    /// ```swift
    /// let directory = try await client.getDirectory(id: "directory_01ECAZ4NV9QMV47GW873HDCX74")
    /// ```
    ///
    /// - Throws: `WorkOsError` (`.NotFound` when there is no such directory),
    ///   or `CancellationError` when the calling Task is cancelled.
    public func getDirectory(id: String) async throws -> Directory {
        try await cancellable { try await self.getDirectory(id: id, cancel: $0) }
    }

    /// Lists one page of directories (the API's default page size unless
    /// `params.limit` is set). `ListParams` are checked before anything is sent.
    public func listDirectories(params: ListParams = ListParams()) async throws -> DirectoryList {
        try await cancellable { try await self.listDirectories(params: params, cancel: $0) }
    }

    /// Deletes a directory. A delete whose first response was lost and whose
    /// retry is answered 404 has succeeded and returns normally.
    public func deleteDirectory(id: String) async throws {
        try await cancellable { try await self.deleteDirectory(id: id, cancel: $0) }
    }
}

extension DirectoryPaginator {
    /// The next page, or nil once the last one has been returned. After an
    /// error the position is unchanged, so calling again retries that page.
    public func nextPage() async throws -> DirectoryList? {
        try await cancellable { try await self.nextPage(cancel: $0) }
    }
}

/// Runs one call with a fresh token that the current Task's cancellation fires.
func cancellable<T: Sendable>(_ call: (CancelToken) async throws -> T) async throws -> T {
    let token = CancelToken()
    do {
        return try await withTaskCancellationHandler {
            try await call(token)
        } onCancel: {
            token.cancel()
        }
    } catch {
        // The core reports a fired token as a connection error; in Swift a
        // cancelled Task throws CancellationError, whatever the call said.
        if token.isCancelled() { throw CancellationError() }
        throw error
    }
}
