import ArgumentParser
import Changelog
import Foundation
import GitHistory
import ProfileDiff
import ProfileHistory

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Describe each commit of a range in the pages' own terms (the default command).",
        discussion: """
            RANGE is git's: REV means REV..HEAD (so HEAD~5 is the last five commits), A..B the commits in B that are not in A, and A...B what B changed since the merge base (a pull request's view). Without RANGE: the whole history of HEAD.

            Without PATHSPEC, pages are Markdown files (*.md, *.markdown) outside public/, resources/, themes/, node_modules/ and vendor/; .profile-diff.yml can say otherwise.
            """
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var selection: DiffSelectionOptions
    @OptionGroup var pager: PagerOptions

    @Argument(help: ArgumentHelp("Revision range: REV, A..B or A...B. Default: the whole history.", valueName: "range"))
    var range: String?

    @Argument(parsing: .postTerminator, help: ArgumentHelp("After --: limit to these paths (git pathspecs, relative to the current directory).", valueName: "pathspec"))
    var pathspecs: [String] = []

    @Flag(help: "The whole history up to the range's end (or HEAD), including the commits that created each page.")
    var root = false

    @Flag(help: "Append uncommitted changes (index and working tree) as a last pseudo-commit.")
    var worktree = false

    @Flag(help: "One net difference between the range's two ends (a reviewer's view) instead of one entry per commit.")
    var net = false

    @Flag(help: "Oldest first.")
    var reverse = false

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("Show at most <n> commits (git's -<n> and -n<n> work too).", valueName: "n"))
    var maxCount: Int?

    @Option(help: ArgumentHelp("Only commits after this date (2024-02-17, 2024-02-17T10:00:00Z, \"2 weeks ago\").", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only commits before this date.", valueName: "date"))
    var until: String?

    @Flag(help: "Follow only first parents: each merge is one change set (what a pull request changed).")
    var firstParent = false

    @Flag(help: "Follow every parent of merges, as git's --full-history.")
    var fullHistory = false

    @Flag(help: "Do not detect renamed pages.")
    var noRenames = false

    @Flag(help: "One line per commit: a summary of counts.")
    var oneline = false

    @Flag(help: "Exit with 1 when changes were found and 0 when none (as git diff --exit-code).")
    var exitCode = false

    @Option(help: ArgumentHelp("Render with this Mustache template instead of --format (the context is the JSON model).", valueName: "file"))
    var template: String?

    @Option(name: .customLong("from-json"), help: ArgumentHelp("Render a saved JSON changelog again, without a repository.", valueName: "file"))
    var fromJSON: String?

    @Option(help: ArgumentHelp("With --format github: name the hidden marker, for several comments on one pull request.", valueName: "name"))
    var marker: String?

    @Flag(help: "Also append the report to $GITHUB_STEP_SUMMARY when it is set (its 1 MiB limit respected).")
    var stepSummary = false

    func validate() throws {
        if firstParent && fullHistory { throw ValidationError("'--first-parent' and '--full-history' are mutually exclusive") }
        if oneline && output.format != .text { throw ValidationError("'--oneline' goes with '--format text'") }
        if template != nil && output.format != .text { throw ValidationError("'--template' and '--format' are mutually exclusive") }
        if marker != nil && output.format != .github { throw ValidationError("'--marker' goes with '--format github'") }
        if let maxCount, maxCount < 0 { throw ValidationError("'--max-count' must not be negative") }
        if fromJSON != nil && (range != nil || root || worktree || net || !pathspecs.isEmpty) {
            throw ValidationError("'--from-json' renders a saved changelog: it takes no range, paths, '--root', '--worktree' or '--net'")
        }
        if net && worktree { throw ValidationError("'--net' and '--worktree' are mutually exclusive") }
    }

    func run() throws {
        do {
            let status = try execute()
            if status != .success { throw status.exitCode }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw report(error)
        }
    }

    private func execute() throws -> ExitStatus {
        var renderer = try makeRenderer(
            format: output.format, color: output.color, template: template, oneline: oneline,
            commitURL: output.commitURL, marker: marker)
        let sink = try OutputSink(path: output.output, keepCopy: stepSummary)
        var foundChanges = false
        var incomplete = false
        var notes: [Note] = []

        // Paged only once the input is known to be readable: a bad revision or file is one line on the terminal.
        let page = output.output == nil
        let atTerminal = page && isatty(STDOUT_FILENO) == 1
        if let fromJSON {
            let changelog = try Changelog.load(jsonFile: fromJSON)
            if page { pager.start() }
            try sink.write(renderer.render(changelog))
            foundChanges = changelog.hasChanges
            notes = changelog.notes
        } else {
            let history = try SemanticHistory(historyRequest())
            if page { pager.start() }
            try sink.write(renderer.begin(range: history.range))
            var shown = 0
            try history.forEachCommit({ commit in
                foundChanges = foundChanges || commit.files.contains { !$0.changes.isEmpty }
                shown += 1
                try sink.write(utf8: renderer.renderUTF8(commit))
            }, batchEnded: sink.flush)
            notes = history.notes
            try sink.write(renderer.end(notes: notes))
            incomplete = history.hadMissingObjects
            if atTerminal, shown == 0, notes.isEmpty, output.format == .text, template == nil {
                // An empty screen could be a filter the user did not expect (pages named .mdx, say), not a quiet range.
                try sink.flush()
                let range = history.range.spec == "--root" ? "the history" : history.range.spec
                let note = "no page changed in \(range) (pages: *.md, *.markdown; a pathspec after -- or .profile-diff.yml can name others)"
                FileHandle.standardError.write(Data("profile-diff: \(TerminalSafe.escape(note))\n".utf8))
            }
        }
        try sink.commit()
        if output.output != nil {
            // The notes are in the file; say them where a person or a CI log will see them too.
            for note in notes { FileHandle.standardError.write(Data("profile-diff: note: \(TerminalSafe.escape(note.message))\n".utf8)) }
        }
        if stepSummary, let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            try StepSummary.append(report: sink.copy, toFileAt: path)
        }
        if incomplete { return .incomplete }
        return exitCode && foundChanges ? .changesFound : .success
    }

    private func historyRequest() throws -> HistoryRequest {
        var request = HistoryRequest()
        repository.apply(to: &request)
        selection.apply(to: &request)
        request.range = range
        request.root = root
        request.worktree = worktree
        request.net = net
        request.pathspecs = pathspecs
        request.walk.order = reverse ? .reverse : .newestFirst
        request.walk.maxCount = maxCount
        request.walk.since = try since.map { try HumanDate.parse($0, option: "--since") }
        request.walk.until = try until.map { try HumanDate.parse($0, option: "--until") }
        request.walk.simplification = firstParent ? .firstParent : fullHistory ? .fullHistory : .default
        request.walk.detectRenames = !noRenames
        return request
    }
}

/// The renderer for a format; shared by `log` and `changelog`.
func makeRenderer(format: OutputFormat, color: ColorMode, template: String?, oneline: Bool,
                  commitURL: String?, marker: String?) throws -> any ChangelogRenderer {
    if let template {
        guard let text = try? String(contentsOfFile: template, encoding: .utf8) else {
            throw InputError(message: "cannot read template '\(template)'")
        }
        do {
            return try TemplateRenderer(template: text)
        } catch {
            throw InputError(message: "template '\(template)': \(error)")
        }
    }
    switch format {
    case .text:
        let style = TerminalStyle.detect(mode: color, isTTY: isatty(STDOUT_FILENO) == 1,
                                         environment: ProcessInfo.processInfo.environment)
        return TextRenderer(style: style, oneline: oneline)
    case .markdown:
        return MarkdownRenderer(commitURL: commitURL)
    case .json:
        return JSONRenderer(pretty: true)
    case .github:
        return GitHubCommentRenderer(marker: marker)
    }
}

extension Changelog {
    static func load(jsonFile path: String) throws -> Changelog {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(message: "cannot read '\(path)'")
        }
        do {
            let changelog = try JSONDecoder().decode(Changelog.self, from: data)
            guard changelog.schemaVersion == Changelog.currentSchemaVersion else {
                throw InputError(message: "'\(path)' has schemaVersion \(changelog.schemaVersion); this profile-diff reads version \(Changelog.currentSchemaVersion)")
            }
            return changelog
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(message: "'\(path)' is not a profile-diff JSON changelog: \(error)")
        }
    }
}
