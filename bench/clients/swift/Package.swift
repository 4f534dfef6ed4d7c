// swift-tools-version:6.0
// One benchmark workload through the Swift package (WorkOSDSync), as
// bench/harness.py runs it; built by bench/run when Swift is installed.
import PackageDescription

let package = Package(
    name: "SwiftClient",
    platforms: [.macOS(.v12)],
    dependencies: [
        .package(path: "../../../bindings-swift"),
    ],
    targets: [
        .executableTarget(
            name: "SwiftClient",
            dependencies: [.product(name: "WorkOSDSync", package: "bindings-swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
