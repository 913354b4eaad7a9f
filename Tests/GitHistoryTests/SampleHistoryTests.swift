import Foundation
import GitFixture
import GitHistory
import Testing

@Suite struct SampleHistoryTests {
    /// A two-revision history/ directory in a temporary place.
    final class HistoryDirectory {
        let path: String

        init(_ revisions: [String: [String: String]]) throws {
            path = FileManager.default.temporaryDirectory.path + "/history-" + UUID().uuidString
            for (revision, files) in revisions {
                for (name, text) in files {
                    let file = path + "/" + revision + "/" + name
                    try FileManager.default.createDirectory(
                        atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try text.write(toFile: file, atomically: true, encoding: .utf8)
                }
            }
            try "the format\n".write(toFile: path + "/README.md", atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let small: [String: [String: String]] = [
        "01-first": [
            "COMMIT": "author: Ada Lovelace <ada@example.com>\ndate: 2024-02-17T10:00:00-05:00\n\nAdd the about page\n\nFirst version.\n",
            "content/about.md": "# About\n",
            "hugo.toml": "title = 'x'\n",
        ],
        "02-second": [
            "COMMIT": "author: Ada Lovelace <ada@example.com>\ndate: 2024-03-01T09:30:00+01:00\ntag: v1.0\n\nAdd the resume\n",
            "content/about.md": "# About\n\nMore.\n",
            "content/resume.md": "# Resume\n",
            "hugo.toml": "title = 'x'\n",
        ],
    ]

    @Test func buildingTwiceGivesIdenticalCommitIds() throws {
        let history = try HistoryDirectory(Self.small)
        let first = try GitFixture()
        let second = try GitFixture()
        let ids = try SampleHistory.build(from: history.path, into: first.repository)
        #expect(ids.count == 2)
        #expect(try SampleHistory.build(from: history.path, into: second.repository) == ids)
        let repository = first.repository
        #expect(try repository.head() == ids[1])
        let info = try repository.commit(ids[0])
        #expect(info.subject == "Add the about page")
        #expect(info.message == "Add the about page\n\nFirst version.\n")
        #expect(info.author.iso8601 == "2024-02-17T10:00:00-05:00")
        #expect(info.committer == info.author)
        #expect(try repository.tags().map(\.name) == ["v1.0"])
        #expect(try repository.resolveCommit("v1.0") == ids[1])
        let tree = try repository.flatTree(of: ids[1])
        #expect(Set(tree.keys) == [GitPath("content/about.md"), GitPath("content/resume.md"), GitPath("hugo.toml")])
        #expect(tree.values.allSatisfy { $0.1 == .file })
        #expect(subjects(try repository.log(nil, root: true)) == ["Add the resume", "Add the about page"])
    }

    struct BadRevision: Sendable, CustomTestStringConvertible {
        var commit: String?
        var expected: String
        var testDescription: String { expected }
    }

    @Test(arguments: [
        BadRevision(commit: nil, expected: "missing "),
        BadRevision(commit: "author: Ada <ada@example.com>\ndate: 17 Feb 2024\n\nx\n", expected: "bad date '17 Feb 2024'"),
        BadRevision(commit: "author: Ada ada@example.com\ndate: 2024-02-17T10:00:00Z\n\nx\n", expected: "bad author"),
        BadRevision(commit: "author: Ada <ada@example.com>\ndate: 2024-02-17T10:00:00Z\n\n", expected: "missing commit message"),
    ])
    func malformedRevisionNamesTheFile(_ bad: BadRevision) throws {
        var files = ["content/about.md": "# About\n"]
        if let commit = bad.commit { files["COMMIT"] = commit }
        let history = try HistoryDirectory(["01-broken": files])
        let fixture = try GitFixture()
        do {
            try SampleHistory.build(from: history.path, into: fixture.repository)
            Issue.record("expected an error")
        } catch let error as SampleHistory.BuildError {
            #expect(error.description.contains(bad.expected))
            #expect(error.description.contains("01-broken/COMMIT"))
        }
    }

    @Test func refusesANonEmptyOutputWithoutForce() throws {
        let output = FileManager.default.temporaryDirectory.path + "/sample-out-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try "keep me\n".write(toFile: output + "/precious.txt", atomically: true, encoding: .utf8)
        #expect(throws: SampleHistory.BuildError.self) { try SampleHistory.prepareOutputDirectory(output, force: false) }
        #expect(FileManager.default.fileExists(atPath: output + "/precious.txt"))
        try SampleHistory.prepareOutputDirectory(output, force: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: output).isEmpty)
    }

    @Test func sampleBuilderBinaryRefusesNonEmptyOutput() throws {
        // Built beside the test bundle, wherever the scratch path is (`make test-sanitized` uses its own).
        var products = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: products.appendingPathComponent("profile-diff-sample").path), products.path != "/" {
            products.deleteLastPathComponent()
        }
        let binary = products.appendingPathComponent("profile-diff-sample").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build profile-diff-sample first")
        let history = try HistoryDirectory(Self.small)
        let output = FileManager.default.temporaryDirectory.path + "/sample-bin-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try "x".write(toFile: output + "/file", atomically: true, encoding: .utf8)
        let refused = try run(binary, ["--history", history.path, output])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not empty; use --force"))
        let forced = try run(binary, ["--history", history.path, output, "--force"])
        #expect(forced.status == 0)
        #expect(forced.stdout.contains("Add the resume"))
        #expect(forced.stdout.contains("tag v1.0"))
        #expect(FileManager.default.fileExists(atPath: output + "/content/resume.md"))
        #expect(!FileManager.default.fileExists(atPath: output + "/file"))
    }

    func run(_ binary: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test func repositorysOwnHistoryBuildsWhenPresent() throws {
        guard let fixture = try GitFixture.sampleHistory() else { return }
        let entries = try fixture.repository.log(nil, root: true)
        #expect(entries.count >= 8)
        #expect(entries.last?.changes.contains { $0.path == GitPath("content/about.md") && $0.status == .added } == true)
    }

    @Test(arguments: [
        ("2024-02-17T10:00:00-05:00", 1_708_182_000 as Int64, -300),
        ("2025-08-30T14:02:11+02:00", 1_756_555_331 as Int64, 120),
        ("2000-01-01T00:00:00Z", 946_684_800 as Int64, 0),
    ])
    func iso8601RoundTrips(text: String, time: Int64, offset: Int) throws {
        let parsed = try #require(ISO8601Time.parse(text))
        #expect(parsed.time == time)
        #expect(parsed.offsetMinutes == offset)
        let expected = text.hasSuffix("Z") ? text.dropLast() + "+00:00" : Substring(text)
        #expect(ISO8601Time.format(time: time, offsetMinutes: offset) == String(expected))
    }
}
