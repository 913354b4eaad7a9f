// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "profile-diff",
    products: [
        .executable(name: "profile-diff", targets: ["ProfileDiffCLI"]),
        .executable(name: "profile-diff-sample", targets: ["SampleBuilder"]),
        .executable(name: "profile-diff-synth", targets: ["SyntheticHistory"]),
        .executable(name: "profile-diff-pagebench", targets: ["PageBenchmark"]),
        .library(name: "ProfileHistory", targets: ["ProfileHistory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CMD4C", pkgConfig: "md4c", providers: [.apt(["libmd4c-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // jemalloc (Debian's libjemalloc-dev) as profile-diff's allocator, with its settings (the page benchmark
        // measures with it too).
        .target(name: "CAllocator", linkerSettings: [.linkedLibrary("jemalloc")]),

        // The only code that touches libgit2.
        .target(name: "GitHistory", dependencies: ["CGit2", "CZlib"]),
        // The only code that touches md4c: one revision's bytes into a document value.
        .target(name: "ProfileDocument", dependencies: [
            "CMD4C",
            .product(name: "Yams", package: "Yams"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // Pure comparison of two documents.
        .target(name: "ProfileDiff", dependencies: ["ProfileDocument"]),
        // The changelog model and its renderers.
        .target(name: "Changelog", dependencies: [
            "ProfileDiff",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // History walk -> documents -> diff -> changelog.
        .target(name: "ProfileHistory", dependencies: [
            "GitHistory", "ProfileDocument", "ProfileDiff", "Changelog",
            .product(name: "Yams", package: "Yams"),
        ]),
        .executableTarget(name: "ProfileDiffCLI", dependencies: [
            "ProfileHistory", "Changelog", "GitHistory", "ProfileDocument", "CAllocator",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Turns history/ into a real git repository with stable commit ids.
        .executableTarget(name: "SampleBuilder", dependencies: [
            "GitHistory", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Deterministic synthetic repositories for `make bench`.
        .executableTarget(name: "SyntheticHistory", dependencies: [
            "GitHistory", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // `make bench`: one large page against its edited copy, parsed and compared in process.
        .executableTarget(name: "PageBenchmark", dependencies: ["ProfileDocument", "ProfileDiff", "CAllocator"]),

        // Test support: real temporary repositories through libgit2.
        .target(name: "GitFixture", dependencies: ["GitHistory"], path: "Tests/GitFixture"),

        .testTarget(name: "GitHistoryTests", dependencies: ["GitHistory", "GitFixture"]),
        .testTarget(name: "ProfileDocumentTests", dependencies: ["ProfileDocument"]),
        .testTarget(name: "ProfileDiffTests", dependencies: ["ProfileDiff", "ProfileDocument"]),
        .testTarget(name: "ChangelogTests", dependencies: ["Changelog", "ProfileDiff", "GitFixture"], exclude: ["Golden"]),
        .testTarget(name: "ProfileHistoryTests", dependencies: ["ProfileHistory", "GitFixture"]),
        .testTarget(name: "ProfileDiffCLITests", dependencies: ["ProfileDiffCLI", "SampleBuilder", "GitFixture", "CAllocator"], exclude: ["Golden"]),
    ]
)

// MARK: - Fuzz targets (issue 8)
// libFuzzer targets under Fuzz/, declared only when PROFILE_DIFF_FUZZ=1 so that a normal `swift build` or
// `swift test` never sees them (they link only with `--sanitize=fuzzer`). Built and run by `make fuzz`.
if Context.environment["PROFILE_DIFF_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzChecks", dependencies: ["ProfileDocument", "ProfileDiff", "Changelog"], path: "Fuzz/FuzzChecks"),
        .executableTarget(name: "FuzzFrontMatter", dependencies: ["FuzzChecks", "ProfileDocument"], path: "Fuzz/FuzzFrontMatter"),
        .executableTarget(name: "FuzzDocument", dependencies: ["FuzzChecks", "ProfileDocument"], path: "Fuzz/FuzzDocument"),
        .executableTarget(name: "FuzzDiff", dependencies: ["FuzzChecks", "ProfileDocument", "ProfileDiff"], path: "Fuzz/FuzzDiff"),
        .executableTarget(name: "FuzzReuse", dependencies: ["FuzzChecks", "ProfileDocument"], path: "Fuzz/FuzzReuse"),
        .executableTarget(name: "FuzzRenderers", dependencies: ["FuzzChecks", "ProfileDiff", "Changelog"], path: "Fuzz/FuzzRenderers"),
    ]
}
