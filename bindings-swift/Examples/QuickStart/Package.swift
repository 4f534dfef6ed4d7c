// swift-tools-version:6.0
// An app that uses WorkOSDSync the way apps do: as a package dependency, here
// by path. It runs the README's Swift quick start (Sources/QuickStart/main.swift,
// kept identical to the README by scripts/test-example).
import PackageDescription

let package = Package(
    name: "QuickStart",
    platforms: [.macOS(.v12)],
    dependencies: [
        .package(path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "QuickStart",
            dependencies: [.product(name: "WorkOSDSync", package: "bindings-swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
