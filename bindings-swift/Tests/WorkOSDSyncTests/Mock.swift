// The mock server binary over real HTTP on 127.0.0.1, and its admin API
// (mock/README.md). One server serves the whole test run; tests reset it.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import WorkOSDSync
import XCTest

/// A JSON value, to compare results with the scenarios' expectations exactly.
enum JSON: Codable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .number(n): try c.encode(n)
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }

    static func parse(_ data: Data) throws -> JSON { try JSONDecoder().decode(JSON.self, from: data) }

    var data: Data { try! JSONEncoder().encode(self) }
    var description: String { String(decoding: data, as: UTF8.self) }

    subscript(key: String) -> JSON? {
        if case let .object(o) = self { return o[key] }
        return nil
    }

    subscript(index: Int) -> JSON? {
        if case let .array(a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    var string: String? { if case let .string(s) = self { return s }; return nil }
    var int: Int? { if case let .number(n) = self { return Int(n) }; return nil }
    var bool: Bool? { if case let .bool(b) = self { return b }; return nil }
    var array: [JSON]? { if case let .array(a) = self { return a }; return nil }
    var object: [String: JSON]? { if case let .object(o) = self { return o }; return nil }
}

struct MockError: Error, CustomStringConvertible {
    let description: String
}

/// The repository root, for the mock binary and the conformance scenarios.
let repoRoot: URL = ProcessInfo.processInfo.environment["WORKOS_DSYNC_REPO"].map { URL(fileURLWithPath: $0) }
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized

final class Mock: @unchecked Sendable {
    static let apiKey = "sk_test_mock"
    /// Started on first use; killed when the test process exits.
    static let shared: Mock = {
        do {
            let mock = try Mock()
            atexit { Mock.running?.terminate() }
            return mock
        } catch {
            fatalError("the mock server did not start: \(error)")
        }
    }()
    nonisolated(unsafe) private static var running: Process?

    let url: String
    private let session = URLSession(configuration: .ephemeral)

    private init() throws {
        let process = Process()
        let bin = ProcessInfo.processInfo.environment["WORKOS_DSYNC_MOCK_BIN"]
            ?? repoRoot.appendingPathComponent("target/debug/workos-dsync-mock").path
        process.executableURL = URL(fileURLWithPath: bin)
        process.arguments = ["--port", "0", "--api-key", Mock.apiKey]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        Mock.running = process
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let first = String(decoding: line, as: UTF8.self)
        guard first.hasPrefix("listening on ") else { throw MockError(description: "mock printed: \(first)") }
        url = String(first.dropFirst("listening on ".count))
    }

    /// One admin request; fails the test on a non-2xx answer.
    @discardableResult
    func admin(_ method: String, _ path: String, _ body: JSON? = nil) async throws -> JSON {
        var request = URLRequest(url: URL(string: "\(url)/__mock/\(path)")!)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let body { request.httpBody = body.data }
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw MockError(description: "admin \(method) \(path): \(status) \(String(decoding: data, as: UTF8.self))")
        }
        return data.isEmpty ? .null : try JSON.parse(data)
    }

    func reset(count: Int = 0, seed: Int = 1) async throws {
        try await admin("POST", "reset", .object(["count": .number(Double(count)), "seed": .number(Double(seed))]))
    }

    func fault(_ fault: [String: JSON]) async throws { try await admin("POST", "faults", .object(fault)) }
    func requests() async throws -> [JSON] { try await admin("GET", "requests").array ?? [] }
    func clearLog() async throws { try await admin("DELETE", "requests") }
    func directories() async throws -> [JSON] { try await admin("GET", "directories").array ?? [] }

    func client(apiKey: String? = Mock.apiKey, maxRetries: UInt32? = nil, timeoutMs: UInt64? = nil) -> WorkOsClient {
        WorkOsClient(
            apiKey: apiKey,
            options: ClientOptions(baseUrl: url, maxRetries: maxRetries, timeoutMs: timeoutMs, runtime: swiftRuntime)
        )
    }
}

/// `swift/<language version>` for the User-Agent.
let swiftRuntime: String = {
    #if swift(>=6.3)
    return "swift/6.3"
    #elseif swift(>=6.2)
    return "swift/6.2"
    #elseif swift(>=6.1)
    return "swift/6.1"
    #else
    return "swift/6.0"
    #endif
}()

/// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return try await condition()
}

/// The `WorkOsError` that `call` throws, or nil (failing the test as not `expecting`
/// it) when it returns. Any other error is rethrown, failing the test.
func workOsError<T>(expecting what: String, file: StaticString = #filePath, line: UInt = #line,
                    _ call: () async throws -> T) async throws -> WorkOsError? {
    do {
        _ = try await call()
    } catch let error as WorkOsError {
        return error
    }
    XCTFail("expected \(what)", file: file, line: line)
    return nil
}
