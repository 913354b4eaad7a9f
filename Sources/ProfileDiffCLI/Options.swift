import ArgumentParser
import Foundation
import Changelog
import ProfileDiff
import ProfileHistory

/// Where the repository is and how it is configured: shared by every subcommand.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in <dir> (as git -C).", valueName: "dir"))
    var directory: String?

    @Option(help: ArgumentHelp("Read this config file instead of .profile-diff.yml at the repository root.", valueName: "file"))
    var config: String?

    func apply(to request: inout HistoryRequest) {
        let here = FileManager.default.currentDirectoryPath
        request.directory = directory ?? here
        request.currentDirectory = directory ?? here
        request.configPath = config
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json, github
}

extension ColorMode: ExpressibleByArgument {}

/// How the changelog is written: shared by `log` and `changelog`.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text (terminal), markdown (release notes), json (schema v1), github (pull-request comment).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Colour in text output: auto (only on a terminal, and not with NO_COLOR or TERM=dumb), always, never.", valueName: "when"))
    var color: ColorMode = .auto

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to <file> (atomically: a temporary file, then a rename) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Link commit references in markdown output, e.g. https://github.com/OWNER/REPO/commit/{id} ({id} full, {short} abbreviated).", valueName: "template"))
    var commitURL: String?
}

/// What the diff reports.
struct DiffSelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Leave out changes below this level: major, minor, trivial, formatting.", valueName: "level"))
    var minLevel: Change.Level = .trivial

    @Flag(help: "Also report formatting-only changes (whitespace, re-wrapping, quote and dash style).")
    var includeFormatting = false

    @Option(help: ArgumentHelp("Skip pages larger than this many bytes, with a note (default 10 MiB).", valueName: "bytes"))
    var maxFileSize: Int?

    @Option(help: ArgumentHelp("Body similarity (0–1) above which a retitled section counts as renamed. Overrides the config file.", valueName: "fraction"))
    var renameThreshold: Double?

    @Option(help: ArgumentHelp("Share of a section's body (0–1) that must survive for it to count as edited rather than rewritten. Overrides the config file.", valueName: "fraction"))
    var rewriteThreshold: Double?

    func apply(to request: inout HistoryRequest) {
        request.diff.includeFormatting = includeFormatting
        request.minLevel = includeFormatting ? min(minLevel, .formatting) : minLevel
        request.renameThreshold = renameThreshold
        request.rewriteThreshold = rewriteThreshold
        if let maxFileSize { request.maxFileSize = maxFileSize }
    }

    func validate() throws {
        for (name, value) in [("--rename-threshold", renameThreshold), ("--rewrite-threshold", rewriteThreshold)] {
            if let value, !(0...1).contains(value) { throw ValidationError("'\(name)' must be a number from 0 to 1") }
        }
        if let maxFileSize, maxFileSize <= 0 { throw ValidationError("'--max-file-size' must be a positive number of bytes") }
    }
}

extension Change.Level: ExpressibleByArgument {}
