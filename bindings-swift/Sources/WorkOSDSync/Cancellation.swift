// Hand-written Swift on top of the generated bindings (WorkOSDSync.swift):
// the calls apps make, with Swift Task cancellation.
//
// uniffi's generated Swift keeps polling a Rust future until it completes and
// never tells Rust that the awaiting Task was cancelled. These wrappers pass a
// CancelToken and fire it from the cancellation handler, so cancelling a Task
// aborts its HTTP request at once and throws `CancellationError`.

extension WorkOsClient {
    /// Gets one directory. `options` override the client's settings for this
    /// call only (timeout, retries, extra headers, idempotency key, base URL).
    ///
    /// ```swift
    /// let directory = try await client.getDirectory(id: "directory_01ECAZ4NV9QMV47GW873HDCX74")
    /// let quick = try await client.getDirectory(id: id, options: RequestOptions(timeoutMs: 2_000, maxRetries: 0))
    /// ```
    ///
    /// - Throws: `WorkOsError` (`.NotFound` when there is no such directory;
    ///   `.InvalidArgument` for options the client refuses, before anything is
    ///   sent), or `CancellationError` when the calling Task is cancelled.
    public func getDirectory(id: String, options: RequestOptions? = nil) async throws -> Directory {
        try await cancellable { try await self.getDirectory(id: id, options: options, cancel: $0) }
    }

    /// Lists one page of directories (the API's default page size unless
    /// `params.limit` is set). `ListParams` and `options` are checked before
    /// anything is sent; `options` apply to this call only.
    public func listDirectories(params: ListParams = ListParams(), options: RequestOptions? = nil) async throws -> DirectoryList {
        try await cancellable { try await self.listDirectories(params: params, options: options, cancel: $0) }
    }

    /// Deletes a directory. A delete whose first response was lost and whose
    /// retry is answered 404 has succeeded and returns normally. `options`
    /// apply to this call only, such as an idempotency key:
    ///
    /// ```swift
    /// try await client.deleteDirectory(id: id, options: RequestOptions(idempotencyKey: "delete-7f3a"))
    /// ```
    public func deleteDirectory(id: String, options: RequestOptions? = nil) async throws {
        try await cancellable { try await self.deleteDirectory(id: id, options: options, cancel: $0) }
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
