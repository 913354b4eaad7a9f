import ArgumentParser
import Foundation
import GitHistory

/// Builds the sample profile site's repository from `history/` through libgit2, with the same commit ids on every machine.
@main
struct SampleBuilderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile-diff-sample",
        abstract: "Build the sample profile site's git repository from history/ (stable commit ids).",
        discussion: "Each directory of history/ is one commit: a COMMIT file (author, date, optional tag, message) and the site's files. See history/README.md.")

    @Option(help: ArgumentHelp("The history directory.", valueName: "dir"))
    var history = "history"

    @Flag(help: "Replace the output directory if it is not empty.")
    var force = false

    @Argument(help: ArgumentHelp("Where to create the repository.", valueName: "output-dir"))
    var output: String

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: history, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("history directory not found: \(history)")
        }
        do {
            try SampleHistory.prepareOutputDirectory(output, force: force)
            let repository = try Repository.create(at: output)
            let built = try SampleHistory.buildDetailed(from: history, into: repository)
            try repository.checkoutHead(force: true)
            for commit in built.commits { print("\(commit.id.short) \(commit.subject)") }
            for tag in built.tags { print("tag \(tag.name) -> \(tag.target.short)") }
        } catch {
            FileHandle.standardError.write(Data("profile-diff-sample: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
