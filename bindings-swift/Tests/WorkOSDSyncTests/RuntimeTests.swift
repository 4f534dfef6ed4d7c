// The binding under real use, against the mock over HTTP: one client shared by
// many tasks, Task cancellation, the AsyncSequence, errors, open enums, and
// the API key kept out of every description.
import Foundation
import WorkOSDSync
import XCTest

final class RuntimeTests: XCTestCase {
    let mock = Mock.shared

    func test200ConcurrentTasksShareOneClient() async throws {
        try await mock.reset(count: 20)
        let ids = try await mock.directories().compactMap { $0["id"]?.string }
        XCTAssertEqual(ids.count, 20)
        let client = mock.client()
        let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for i in 0..<200 {
                group.addTask { (i, try await client.getDirectory(id: ids[i % ids.count]).id) }
            }
            var results = [String](repeating: "", count: 200)
            for try await (i, id) in group { results[i] = id }
            return results
        }
        XCTAssertEqual(results, (0..<200).map { ids[$0 % ids.count] })
        let logged = try await mock.requests().count
        XCTAssertEqual(logged, 200)
    }

    func testCancellingATaskAbortsItsRequest() async throws {
        try await mock.reset(count: 1)
        let id = try await mock.directories()[0]["id"]!.string!
        try await mock.fault(["method": .string("GET"), "path": .string("/directories/\(id)"),
                              "delay_ms": .number(60000), "times": .number(20)])
        let client = mock.client()
        let tasks = (0..<10).map { _ in Task { try await client.getDirectory(id: id) } }
        let waited = await cancelInFlight(tasks)
        // The server would answer after 60 s; cancelling must not wait for it (the
        // bound is loose on purpose: only a call that waited for the server is that slow).
        XCTAssertLessThan(waited, 30)
        try await mock.admin("DELETE", "faults")
        let again = try await client.getDirectory(id: id)
        XCTAssertEqual(again.id, id, "the client is unusable after cancellation")
    }

    func testATaskCancelledBeforeItsCallSendsNothing() async throws {
        try await mock.reset(count: 1)
        let id = try await mock.directories()[0]["id"]!.string!
        try await mock.clearLog()
        let client = mock.client()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.getDirectory(id: id)
        }
        do {
            _ = try await task.value
            XCTFail("a cancelled task's call succeeded")
        } catch is CancellationError {}
        let logged = try await mock.requests().count
        XCTAssertEqual(logged, 0)
    }

    func testCancellingTheIteratingTaskEndsTheSequence() async throws {
        try await mock.reset(count: 30)
        let client = mock.client()
        try await mock.fault(["method": .string("GET"), "path": .string("/directories"),
                              "delay_ms": .number(60000), "times": .number(5)])
        let task = Task {
            var seen = 0
            for try await _ in client.directories(ListParams(limit: 10)) { seen += 1 }
            return seen
        }
        await cancelInFlight([task])
    }

    func testTheSequenceFetchesPagesLazilyAndKeepsFilters() async throws {
        try await mock.reset(count: 10)
        try await mock.admin("POST", "directories", .object(["generate": .number(45), "organization_id": .string("org_swift")]))
        let client = mock.client()
        try await mock.clearLog()
        var taken: [Directory] = []
        for try await directory in client.directories(ListParams(organizationId: "org_swift", limit: 10, order: "asc")) {
            taken.append(directory)
            if taken.count == 15 { break }
        }
        XCTAssertEqual(taken.count, 15)
        let log = try await mock.requests()
        XCTAssertEqual(log.count, 2, "15 items of 10 a page: \(log)")
        for entry in log {
            XCTAssertEqual(entry["query_params"]?["organization_id"], .string("org_swift"))
            XCTAssertEqual(entry["query_params"]?["limit"], .string("10"))
            XCTAssertEqual(entry["query_params"]?["order"], .string("asc"))
        }
        XCTAssertEqual(log[1]["query_params"]?["after"], .string(taken[9].id))

        var all: [String] = []
        for try await directory in client.directories(ListParams(organizationId: "org_swift", limit: 10)) {
            XCTAssertEqual(directory.organizationId, "org_swift")
            all.append(directory.id)
        }
        XCTAssertEqual(all.count, 45)
        XCTAssertEqual(Set(all).count, 45)

        // Paging by hand from a page already fetched.
        let page = try await client.listDirectories(params: ListParams(organizationId: "org_swift", limit: 10, order: "asc"))
        let pages = client.paginatorAfter(params: ListParams(organizationId: "org_swift", limit: 10, order: "asc"),
                                          listMetadata: page.listMetadata)
        var rest: [Directory] = []
        while let next = try await pages.nextPage() { rest += next.data }
        XCTAssertEqual(page.data.count + rest.count, 45)
        XCTAssertEqual(page.data.map(\.id) + rest.map(\.id), all.reversed())
    }

    func testAPerCallTimeoutOverridesTheClients() async throws {
        try await mock.reset(count: 1)
        let id = try await mock.directories()[0]["id"]!.string!
        // The client would wait 60 s; this call gives up after 200 ms, without retrying.
        let client = mock.client(maxRetries: 3, timeoutMs: 60_000)
        try await mock.fault(["method": .string("GET"), "path": .string("/directories/\(id)"), "delay_ms": .number(5000)])
        try await mock.clearLog()
        let started = Date()
        if let error = try await workOsError(expecting: "a timeout", {
            try await client.getDirectory(id: id, options: RequestOptions(timeoutMs: 200, maxRetries: 0))
        }) {
            guard case .Timeout = error else { return XCTFail("wrong case \(error)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 4, "the client's 60 s timeout was used")
        let logged = try await mock.requests().count
        XCTAssertEqual(logged, 1, "the per-call max retries of 0 was not used")
        // The next call without options has the client's timeout again: a 300 ms answer is fine.
        try await mock.fault(["method": .string("GET"), "path": .string("/directories/\(id)"), "delay_ms": .number(300)])
        let directory = try await client.getDirectory(id: id)
        XCTAssertEqual(directory.id, id)
    }

    func testRequestOptionsGoWithEveryPageAndAreCheckedFirst() async throws {
        try await mock.reset(count: 25)
        let client = mock.client()
        let options = RequestOptions(extraHeaders: ["X-Trace-Id": "walk-7"], idempotencyKey: "k-1")
        try await mock.clearLog()
        var count = 0
        for try await _ in client.directories(ListParams(limit: 10), options: options) { count += 1 }
        XCTAssertEqual(count, 25)
        let log = try await mock.requests()
        XCTAssertEqual(log.count, 3)
        for entry in log {
            XCTAssertEqual(entry["headers"]?["x-trace-id"], .string("walk-7"), "\(entry)")
            XCTAssertEqual(entry["headers"]?["idempotency-key"], .string("k-1"), "\(entry)")
        }

        // paginatorAfter takes them too; a plain call after them sends none.
        let page = try await client.listDirectories(params: ListParams(limit: 10), options: options)
        try await mock.clearLog()
        let pages = client.paginatorAfter(params: ListParams(limit: 10), listMetadata: page.listMetadata, options: options)
        while try await pages.nextPage() != nil {}
        _ = try await client.listDirectories(params: ListParams(limit: 1))
        let after = try await mock.requests()
        XCTAssertEqual(after.count, 3)
        XCTAssertEqual(after.map { $0["headers"]?["x-trace-id"] ?? .null },
                       [.string("walk-7"), .string("walk-7"), .null])

        // Refused options fail the call before anything is sent.
        try await mock.clearLog()
        let owned = RequestOptions(extraHeaders: ["Authorization": "Bearer other"])
        if let error = try await workOsError(expecting: "invalid_argument", { try await client.getDirectory(id: "x", options: owned) }) {
            guard case .InvalidArgument = error else { return XCTFail("wrong case \(error)") }
            XCTAssertTrue(error.detail.contains("Authorization"), error.detail)
        }
        if let error = try await workOsError(expecting: "invalid_argument", {
            for try await _ in client.directories(options: RequestOptions(timeoutMs: 0)) {}
        }) {
            guard case .InvalidArgument = error else { return XCTFail("wrong case \(error)") }
            XCTAssertTrue(error.detail.contains("timeout"), error.detail)
        }
        if let error = try await workOsError(expecting: "a configuration error", {
            try await client.deleteDirectory(id: "x", options: RequestOptions(baseUrl: "http://api.example.com"))
        }) {
            guard case .Configuration = error else { return XCTFail("wrong case \(error)") }
        }
        let sent = try await mock.requests().count
        XCTAssertEqual(sent, 0)
    }

    func testCancellingACallWithOptionsAbortsIt() async throws {
        try await mock.reset(count: 1)
        let id = try await mock.directories()[0]["id"]!.string!
        try await mock.fault(["method": .string("GET"), "path": .string("/directories/\(id)"), "delay_ms": .number(60000)])
        let client = mock.client()
        let task = Task { try await client.getDirectory(id: id, options: RequestOptions(timeoutMs: 120_000)) }
        await cancelInFlight([task])
        try await mock.admin("DELETE", "faults")
    }

    /// Cancels `tasks` once each has its call in flight, and checks that every
    /// one ends in `CancellationError` and that no call is left in flight.
    /// Returns the seconds from the cancel until every task had ended.
    @discardableResult
    func cancelInFlight<T: Sendable>(_ tasks: [Task<T, any Error>], file: StaticString = #filePath,
                                     line: UInt = #line) async -> TimeInterval {
        // Wait until all are really in flight: a loaded machine starts them slowly.
        let started = await eventually { inFlightCalls() == UInt64(tasks.count) }
        XCTAssertTrue(started, "in flight before cancel: \(inFlightCalls())", file: file, line: line)
        let cancelledAt = Date()
        for task in tasks { task.cancel() }
        for task in tasks {
            do {
                let value = try await task.value
                XCTFail("a cancelled task finished with \(value)", file: file, line: line)
            } catch is CancellationError {
            } catch {
                XCTFail("expected CancellationError, got \(error)", file: file, line: line)
            }
        }
        let waited = Date().timeIntervalSince(cancelledAt)
        let drained = await eventually { inFlightCalls() == 0 }
        XCTAssertTrue(drained, "calls still in flight after cancel: \(inFlightCalls())", file: file, line: line)
        return waited
    }

    func testErrorsCarryEveryField() async throws {
        try await mock.reset(count: 0)
        let client = mock.client(maxRetries: 0)
        try await mock.fault([
            "method": .string("GET"), "status": .number(422),
            "body": .object([
                "message": .string("Validation failed"), "code": .string("invalid_request_parameters"),
                "errors": .array([.object(["field": .string("limit"), "code": .string("invalid_limit"),
                                           "message": .string("too big")])]),
            ]),
        ])
        if let error = try await workOsError(expecting: "a 422", { try await client.listDirectories(params: ListParams(limit: 5)) }) {
            guard case .UnprocessableEntity = error else { return XCTFail("wrong case \(error)") }
            let info = error.info
            XCTAssertEqual(info.kind, "unprocessable_entity")
            XCTAssertEqual(info.status, 422)
            XCTAssertEqual(info.code, "invalid_request_parameters")
            XCTAssertEqual(info.detail, "Validation failed")
            XCTAssertTrue(info.requestId?.hasPrefix("req_") ?? false, "\(info)")
            XCTAssertEqual(info.fieldErrors, [FieldError(field: "limit", code: "invalid_limit", detail: "too big")])
            XCTAssertNil(info.retryAfterSeconds)
            // The accessors are the same fields.
            XCTAssertEqual(error.kind, info.kind)
            XCTAssertEqual(error.detail, info.detail)
            XCTAssertEqual(error.status, info.status)
            XCTAssertEqual(error.code, info.code)
            XCTAssertEqual(error.requestId, info.requestId)
            XCTAssertEqual(error.fieldErrors, info.fieldErrors)
            XCTAssertEqual(error.retryAfterSeconds, info.retryAfterSeconds)
            XCTAssertEqual(
                "\(error)",
                "unprocessable_entity (HTTP 422, invalid_request_parameters): Validation failed [request id \(info.requestId!)]"
            )
            XCTAssertEqual(error.localizedDescription, "\(error)")
        }

        try await mock.fault(["status": .number(429), "headers": .object(["Retry-After": .string("7")]),
                              "body": .object(["message": .string("Slow down"), "code": .string("rate_limited")])])
        if let error = try await workOsError(expecting: "a 429", { try await client.getDirectory(id: "directory_1") }) {
            guard case .RateLimited = error else { return XCTFail("wrong case \(error)") }
            XCTAssertEqual(error.kind, "rate_limited")
            XCTAssertEqual(error.status, 429)
            XCTAssertEqual(error.retryAfterSeconds, 7)
            XCTAssertEqual(error.detail, "Slow down")
        }

        if let error = try await workOsError(expecting: "a 404", { try await client.getDirectory(id: "directory_missing") }) {
            guard case .NotFound = error else { return XCTFail("wrong case \(error)") }
            XCTAssertEqual(error.code, "entity_not_found")
        }

        if let error = try await workOsError(expecting: "invalid_argument", { try await client.listDirectories(params: ListParams(limit: 0)) }) {
            guard case .InvalidArgument = error else { return XCTFail("wrong case \(error)") }
            XCTAssertNil(error.status)
            XCTAssertNil(error.requestId)
        }

        let remote = WorkOsClient(apiKey: "k", options: ClientOptions(baseUrl: "http://api.example.com"))
        XCTAssertNil(remote.baseUrl(), "plain http to a remote host was accepted")
        if let error = try await workOsError(expecting: "a configuration error", { try await remote.getDirectory(id: "x") }) {
            guard case .Configuration = error else { return XCTFail("wrong case \(error)") }
            XCTAssertEqual(error.kind, "configuration")
        }
    }

    func testOpenEnumsKeepUnknownValues() async throws {
        try await mock.reset(count: 0)
        try await mock.admin("POST", "directories", .array([.object([
            "id": .string("directory_odd"), "type": .string("future hr"),
            "state": .string("hibernating"), "name": .string("Odd"),
        ])]))
        let directory = try await mock.client().getDirectory(id: "directory_odd")
        XCTAssertEqual(directory.directoryType, .other(value: "future hr"))
        XCTAssertEqual(directory.directoryType.wireValue, "future hr")
        XCTAssertEqual(directory.state, .other(value: "hibernating"))
        XCTAssertEqual(directory.state.wireValue, "hibernating")
        XCTAssertNil(directory.domain)
        XCTAssertNil(directory.metadata)
        XCTAssertEqual(DirectoryType.oktaScimV2.wireValue, "okta scim v2.0")
        XCTAssertEqual(DirectoryState.linked.wireValue, "linked")
    }

    func testRequestOptionsPrintHeaderNamesButNoSecrets() {
        let options = RequestOptions(
            timeoutMs: 2_000,
            maxRetries: 1,
            extraHeaders: ["X-Proxy-Token": "header_secret_value"],
            idempotencyKey: "idempotency_secret_value",
            baseUrl: "http://user:url_secret_value@127.0.0.1:9"
        )
        var dumped = ""
        dump(options, to: &dumped)
        let texts = [String(describing: options), String(reflecting: options), "\(options)", dumped]
        for text in texts {
            for secret in ["header_secret_value", "idempotency_secret_value", "url_secret_value"] {
                XCTAssertFalse(text.contains(secret), "\(secret) in \(text)")
            }
            XCTAssertTrue(text.contains("X-Proxy-Token"), text)
            XCTAssertTrue(text.contains("2000"), text)
            XCTAssertTrue(text.contains("127.0.0.1:9"), text)
        }
    }

    func testTheApiKeyShowsInNoDescription() async throws {
        try await mock.reset(count: 0)
        let secret = "sk_test_swift_secret_value"
        let options = ClientOptions(baseUrl: mock.url, maxRetries: 0)
        let client = WorkOsClient(apiKey: secret, options: options)
        var texts: [String] = []
        func describe(_ value: Any) {
            texts.append(String(describing: value))
            texts.append(String(reflecting: value))
            var dumped = ""
            dump(value, to: &dumped)
            texts.append(dumped)
        }
        describe(client)
        describe(options)
        describe(client.paginator(params: ListParams()))
        do {
            _ = try await client.getDirectory(id: "directory_1")
            XCTFail("the mock accepted a wrong key")
        } catch let error as WorkOsError {
            guard case .Authentication = error else { return XCTFail("wrong case \(error)") }
            XCTAssertEqual(error.status, 401)
            describe(error)
            describe(error.info)
            texts.append(error.localizedDescription)
        }
        XCTAssertEqual(texts.count, 16)
        for text in texts { XCTAssertFalse(text.contains(secret), "the key leaked: \(text)") }
        XCTAssertFalse(texts.joined().contains("swift_secret"))
    }
}
