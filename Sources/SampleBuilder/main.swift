import Foundation
import GitHistory

/// `profile-diff-sample [--history DIR] OUTPUT_DIR [--force]`: builds the sample repository from history/.
///
/// Two hand-run probes for the walk's speed live here too (not a product feature):
/// `--synthetic N OUTPUT_DIR` writes an N-commit linear repository, `--time-history DIR` times `history(root)`.
struct Usage: Error, CustomStringConvertible {
    var description: String
}

func run(_ arguments: [String]) throws {
    var history = "history"
    var output: String?
    var force = false
    var synthetic: Int?
    var timeHistory: String?
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        switch argument {
        case "--history":
            index += 1
            guard index < arguments.count else { throw Usage(description: "--history needs a directory") }
            history = arguments[index]
        case "--force":
            force = true
        case "--synthetic":
            index += 1
            guard index < arguments.count, let count = Int(arguments[index]) else {
                throw Usage(description: "--synthetic needs a commit count")
            }
            synthetic = count
        case "--time-history":
            index += 1
            guard index < arguments.count else { throw Usage(description: "--time-history needs a repository") }
            timeHistory = arguments[index]
        case "-h", "--help":
            print("usage: profile-diff-sample [--history DIR] OUTPUT_DIR [--force]")
            return
        default:
            guard !argument.hasPrefix("-"), output == nil else { throw Usage(description: "unexpected argument '\(argument)'") }
            output = argument
        }
        index += 1
    }
    if let timeHistory {
        try timeRootHistory(timeHistory)
        return
    }
    guard let output else { throw Usage(description: "usage: profile-diff-sample [--history DIR] OUTPUT_DIR [--force]") }
    try SampleHistory.prepareOutputDirectory(output, force: force)
    let repository = try Repository.create(at: output)
    if let synthetic {
        let started = Date()
        try SyntheticHistory.build(commits: synthetic, into: repository)
        print("wrote \(synthetic) commits in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
        return
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: history, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw Usage(description: "history directory not found: \(history)")
    }
    let built = try SampleHistory.buildDetailed(from: history, into: repository)
    try repository.checkoutHead(force: true)
    for commit in built.commits {
        print("\(commit.id.short) \(commit.subject)")
    }
    for tag in built.tags {
        print("tag \(tag.name) -> \(tag.target.short)")
    }
}

func timeRootHistory(_ path: String) throws {
    let repository = try Repository.discover(startingAt: path)
    guard let range = try repository.resolveRange(nil, root: true) else {
        print("empty repository")
        return
    }
    let started = Date()
    let entries = try repository.history(range, filter: .defaultContent(), options: WalkOptions())
    let seconds = Date().timeIntervalSince(started)
    let changes = entries.reduce(0) { $0 + $1.changes.count }
    print("history(root): \(entries.count) commits, \(changes) file changes in \(String(format: "%.3f", seconds)) s")
}

do {
    try run(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("profile-diff-sample: \(error)\n".utf8))
    exit(1)
}
