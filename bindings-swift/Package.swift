// swift-tools-version:6.0
// The WorkOSDSync Swift package: the uniffi-generated Swift (Sources/WorkOSDSync),
// the C interface of the Rust library (Sources/WorkOSDSyncFFI), and a hand-written
// layer (AsyncSequence, error accessors). Swift 6 language mode: strict concurrency.
//
// The Rust library comes from one of three places, none of which needs
// `unsafeFlags`, so apps can depend on this package:
// - a published XCFramework, `binaryTarget(url:checksum:)`, once a release has
//   set `releasedXCFramework` below (scripts/release-manifest does);
// - WorkOSDSyncFFI.xcframework beside this file, built by scripts/build-xcframework
//   on macOS (iOS device + simulator + macOS);
// - otherwise the workspace's static library, found through pkg-config
//   (`workos-dsync-ffi.pc`, written by scripts/build-ffi; set PKG_CONFIG_PATH to
//   the folder it prints). That is how `swift test` runs on Linux and on a Mac
//   without the XCFramework.
import Foundation
import PackageDescription

/// Where a release publishes the XCFramework; nil in the source tree.
let releasedXCFramework: (url: String, checksum: String)? = nil

let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let localXCFramework = here.appendingPathComponent("WorkOSDSyncFFI.xcframework")

let ffi: Target
if let release = releasedXCFramework {
    ffi = .binaryTarget(name: "WorkOSDSyncFFI", url: release.url, checksum: release.checksum)
} else if FileManager.default.fileExists(atPath: localXCFramework.path) {
    ffi = .binaryTarget(name: "WorkOSDSyncFFI", path: "WorkOSDSyncFFI.xcframework")
} else {
    ffi = .systemLibrary(name: "WorkOSDSyncFFI", path: "Sources/WorkOSDSyncFFI/include", pkgConfig: "workos-dsync-ffi")
}

let package = Package(
    name: "WorkOSDSync",
    // The oldest systems Swift concurrency runs on (async/await, AsyncSequence,
    // withTaskCancellationHandler, continuations; before macOS 12 / iOS 15 from
    // the back-deployed runtime Xcode embeds), which is all the package needs:
    // no Clock/Duration, Mutex or typed-throws AsyncSequence. The Rust library's
    // own floors are lower (macOS 10.12, iOS 10; iOS 14 for the arm64 simulator).
    platforms: [.macOS(.v10_15), .iOS(.v13)],
    products: [
        .library(name: "WorkOSDSync", targets: ["WorkOSDSync"]),
    ],
    targets: [
        ffi,
        .target(name: "WorkOSDSync", dependencies: ["WorkOSDSyncFFI"], path: "Sources/WorkOSDSync"),
        .testTarget(name: "WorkOSDSyncTests", dependencies: ["WorkOSDSync"], path: "Tests/WorkOSDSyncTests"),
    ],
    swiftLanguageModes: [.v6]
)
