// One benchmark workload through the Swift package, as bench/harness.py runs it:
//   SwiftClient WORKLOAD BASE_URL API_KEY N ID
// Prints one JSON line: wall and CPU seconds (user + system, every thread of
// the process) around the workload, the number of items and the process's
// peak RSS (VmHWM). `first-call` also times the client's construction.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import WorkOSDSync

func cpuSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(RUSAGE_SELF.rawValue, &usage)  // an enum case in Glibc's overlay, an Int32 in Darwin's
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    let seconds = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

func peakRssMb() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
        return kb.flatMap { Double($0) }.map { $0 / 1024 }
    }
    return nil
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("SwiftClient: \(message)\n".utf8))
    exit(1)
}

let args = CommandLine.arguments.dropFirst()
guard args.count == 5, let n = Int(args[args.startIndex + 3]) else {
    fail("usage: SwiftClient WORKLOAD BASE_URL API_KEY N ID")
}
let (workload, baseUrl, apiKey, id) = (args[args.startIndex], args[args.startIndex + 1], args[args.startIndex + 2], args[args.startIndex + 4])

var wall0 = Date()
var cpu0 = cpuSeconds()
let client = WorkOsClient(apiKey: apiKey, options: ClientOptions(baseUrl: baseUrl, maxRetries: 0))
if workload != "first-call" {
    wall0 = Date()
    cpu0 = cpuSeconds()
}

func run() async throws -> Int {
    switch workload {
    case "get-seq", "first-call":
        for _ in 0..<n {
            let directory = try await client.getDirectory(id: id)
            if directory.id != id { fail("asked for \(id), got \(directory.id)") }
        }
        return n
    case "get-concurrent":
        return try await withThrowingTaskGroup(of: Directory.self) { group in
            for _ in 0..<n { group.addTask { try await client.getDirectory(id: id) } }
            var got = 0
            for try await _ in group { got += 1 }
            return got
        }
    case "paginate", "paginate-mem":
        var walked = 0
        for try await _ in client.directories(ListParams(limit: 100)) { walked += 1 }
        return walked
    default:
        fail("unknown workload \(workload)")
    }
}

let count: Int
do {
    count = try await run()
} catch {
    fail("\(workload) failed: \(error)")
}

let (wall, cpu) = (Date().timeIntervalSince(wall0), cpuSeconds() - cpu0)
let rss = peakRssMb().map { String($0) } ?? "null"
print("{\"wall\": \(wall), \"cpu\": \(cpu), \"count\": \(count), \"rss_mb\": \(rss)}")
