// swift-tools-version:5.9
// The WorkOSDSync Swift package: the uniffi-generated Swift (Sources/WorkOSDSync),
// the C interface of the Rust library (Sources/WorkOSDSyncFFI), and a hand-written
// AsyncSequence layer.
//
// The Rust library comes from one of two places:
// - WorkOSDSyncFFI.xcframework beside this file, built by scripts/build-xcframework
//   on macOS (iOS device + simulator + macOS): what apps link.
// - Otherwise the workspace's cargo build (../target/release, or WORKOS_DSYNC_LIB_DIR),
//   for `swift test` on a development machine.
import Foundation
import PackageDescription

let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let xcframework = here.appendingPathComponent("WorkOSDSyncFFI.xcframework")
let libDir = ProcessInfo.processInfo.environment["WORKOS_DSYNC_LIB_DIR"]
    ?? here.appendingPathComponent("../target/release").standardized.path

let ffi: Target = FileManager.default.fileExists(atPath: xcframework.path)
    ? .binaryTarget(name: "WorkOSDSyncFFI", path: "WorkOSDSyncFFI.xcframework")
    : .systemLibrary(name: "WorkOSDSyncFFI", path: "Sources/WorkOSDSyncFFI/include")

let package = Package(
    name: "WorkOSDSync",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "WorkOSDSync", targets: ["WorkOSDSync"]),
    ],
    targets: [
        ffi,
        .target(
            name: "WorkOSDSync",
            dependencies: ["WorkOSDSyncFFI"],
            path: "Sources/WorkOSDSync",
            linkerSettings: [.unsafeFlags(["-L", libDir])]
        ),
        .testTarget(
            name: "WorkOSDSyncTests",
            dependencies: ["WorkOSDSync"],
            path: "Tests/WorkOSDSyncTests",
            linkerSettings: [.unsafeFlags(["-L", libDir, "-Xlinker", "-rpath", "-Xlinker", libDir])]
        ),
    ]
)
