import Foundation
import GitFixture

/// Runs the built `profile-diff` binary as a user would and captures what it printed.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Binary {
    /// The products directory: the test bundle is built beside the executables.
    static let directory: URL = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        // Swift Testing may run from inside the .xctest bundle on some layouts.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("profile-diff").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir
    }()

    static let profileDiff = directory.appendingPathComponent("profile-diff").path
    static let sampleBuilder = directory.appendingPathComponent("profile-diff-sample").path

    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()
}

/// Output goes through files, not pipes, so a large output can never deadlock the test.
func run(_ arguments: [String], executable: String = Binary.profileDiff, in directory: String? = nil,
         environment: [String: String] = [:]) throws -> CommandResult {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pd-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = nil
    env["GITHUB_STEP_SUMMARY"] = nil
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
}

/// Runs the binary as at a terminal: under util-linux's `script`, standard output is a pseudo-terminal. What the
/// program wrote there comes back as `stdout` (with the terminal's CRLF line ends), standard error included.
func runOnTerminal(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    let quoted = ([Binary.profileDiff] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    return try run(["-qfec", quoted.joined(separator: " "), "/dev/null"], executable: "/usr/bin/script",
                   environment: environment)
}

/// The sample profile site, built once from `history/` for all end-to-end tests (they only read it).
enum Sample {
    // Built once (a static is initialised exactly once, thread-safely) and never mutated afterwards: tests only read its path.
    nonisolated(unsafe) static let fixture: Result<GitFixture, Error> = Result {
        guard let fixture = try GitFixture.sampleHistory() else { throw FixtureError("history/ is missing") }
        return fixture
    }

    static func path() throws -> String { try fixture.get().path }
}
