// Runs where a Swift toolchain exists (`swift test` in bindings-swift/, after
// `cargo build --release -p workos-dsync-uniffi` and `cargo build -p workos-dsync-mock`).
// Talks to the mock server binary over real HTTP on 127.0.0.1.
import Foundation
import XCTest
@testable import WorkOSDSync

final class Mock {
    let process = Process()
    let url: String
    let apiKey = "sk_test_mock"

    init() throws {
        let here = URL(fileURLWithPath: #filePath)
        let repo = here.deletingLastPathComponent().appendingPathComponent("../../..").standardized
        let bin = ProcessInfo.processInfo.environment["WORKOS_DSYNC_MOCK_BIN"]
            ?? repo.appendingPathComponent("target/debug/workos-dsync-mock").path
        process.executableURL = URL(fileURLWithPath: bin)
        process.arguments = ["--port", "0", "--api-key", apiKey]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let first = String(decoding: line, as: UTF8.self)
        guard first.hasPrefix("listening on ") else { throw NSError(domain: "mock", code: 1) }
        url = String(first.dropFirst("listening on ".count))
    }

    deinit { process.terminate() }

    @discardableResult
    func admin(_ method: String, _ path: String, _ body: Any? = nil) async throws -> Any? {
        var request = URLRequest(url: URL(string: "\(url)/__mock/\(path)")!)
        request.httpMethod = method
        if let body { request.httpBody = try JSONSerialization.data(withJSONObject: body) }
        let (data, _) = try await URLSession.shared.data(for: request)
        return data.isEmpty ? nil : try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    func client(maxRetries: UInt32? = nil) -> WorkOsClient {
        WorkOsClient(apiKey: apiKey, options: ClientOptions(baseUrl: url, maxRetries: maxRetries, runtime: "swift/5"))
    }
}

final class WorkOSDSyncTests: XCTestCase {
    var mock: Mock!

    override func setUp() async throws {
        mock = try Mock()
    }

    func testGetListDelete() async throws {
        try await mock.admin("POST", "reset", ["count": 3, "seed": 1])
        let client = mock.client()
        let page = try await client.listDirectories(params: ListParams(limit: 2, order: "asc"))
        XCTAssertEqual(page.data.count, 2)
        XCTAssertEqual(page.listMetadata.after, page.data[1].id)
        let one = try await client.getDirectory(id: page.data[0].id)
        XCTAssertEqual(one, page.data[0])
        try await client.deleteDirectory(id: one.id)
        do {
            _ = try await client.getDirectory(id: one.id)
            XCTFail("expected not found")
        } catch let error as WorkOsError {
            XCTAssertEqual(error.kind, "not_found")
            XCTAssertEqual(error.status, 404)
            XCTAssertNotNil(error.requestId)
        }
    }

    func testAsyncSequenceWalksEveryPage() async throws {
        try await mock.admin("POST", "reset", ["count": 45, "seed": 2])
        var ids = Set<String>()
        for try await directory in mock.client().directories(ListParams(limit: 10)) {
            ids.insert(directory.id)
        }
        XCTAssertEqual(ids.count, 45)
    }

    func testOpenEnumsAndValidation() async throws {
        try await mock.admin("POST", "reset", ["count": 0])
        try await mock.admin("POST", "directories", [["id": "directory_odd", "type": "future hr", "state": "paused", "name": "Odd"]])
        let client = mock.client()
        let odd = try await client.getDirectory(id: "directory_odd")
        XCTAssertEqual(odd.directoryType, .other(value: "future hr"))
        XCTAssertEqual(odd.state.wireValue, "paused")
        do {
            _ = try await client.listDirectories(params: ListParams(limit: 0))
            XCTFail("expected invalid argument")
        } catch let error as WorkOsError {
            XCTAssertEqual(error.kind, "invalid_argument")
        }
    }

    func testCancellingATaskAbortsTheRequest() async throws {
        try await mock.admin("POST", "reset", ["count": 1])
        let directories = try await mock.admin("GET", "directories") as! [[String: Any]]
        let id = directories[0]["id"] as! String
        try await mock.admin("POST", "faults", ["method": "GET", "path": "/directories/\(id)", "delay_ms": 5000])
        let client = mock.client()
        let task = Task { try await client.getDirectory(id: id) }
        try await Task.sleep(nanoseconds: 300_000_000)
        XCTAssertEqual(inFlightCalls(), 1)
        task.cancel()
        _ = try? await task.value
        for _ in 0..<50 where inFlightCalls() != 0 { try await Task.sleep(nanoseconds: 20_000_000) }
        XCTAssertEqual(inFlightCalls(), 0)
    }
}
