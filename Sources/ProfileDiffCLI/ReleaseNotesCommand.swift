import ArgumentParser
import Changelog
import Foundation
import ProfileHistory

struct ReleaseNotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changelog",
        abstract: "Write a whole CHANGELOG.md grouped by tag: the semantic changes of each release's pages.",
        discussion: """
            Releases are tags (newest first); commits after the newest tag are "Unreleased". Each release lists its pages'
            changes as Added / Changed / Removed (Keep a Changelog). With --prepend, new releases are inserted into an
            existing file above its first release, and releases already there are left as they are.
            """
    )

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var selection: DiffSelectionOptions
    @OptionGroup var pager: PagerOptions

    @Option(help: ArgumentHelp("Only tags matching this regular expression are releases (e.g. '^v[0-9]').", valueName: "regex"))
    var tagPattern: String?

    @Flag(help: "Only the newest release.")
    var latest = false

    @Flag(help: "Only the commits after the newest tag.")
    var unreleased = false

    @Option(help: ArgumentHelp("Insert the new releases into this existing changelog (written back in place unless --output is given).", valueName: "file"))
    var prepend: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to <file> atomically instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Link commit references: https://github.com/OWNER/REPO/commit/{id}.", valueName: "template"))
    var commitURL: String?

    func validate() throws {
        if latest && unreleased { throw ValidationError("'--latest' and '--unreleased' are mutually exclusive") }
    }

    func run() throws {
        do {
            var request = HistoryRequest()
            repository.apply(to: &request)
            selection.apply(to: &request)

            let result = try ReleaseHistory.releases(
                request, selection: .init(tagPattern: tagPattern, latestOnly: latest, unreleasedOnly: unreleased))
            var text = ReleaseNotesRenderer(commitURL: commitURL).render(result.releases)
            var destination = output
            if let prepend {
                guard let existing = try? String(contentsOfFile: prepend, encoding: .utf8) else {
                    throw InputError(message: "cannot read '\(prepend)'")
                }
                // A generated Unreleased section is stale once its commits are released: replace it.
                text = ReleaseNotes.prepend(text, to: existing, replacingUnreleased: true)
                destination = output ?? prepend
            }
            if destination == nil { pager.start() }
            let sink = try OutputSink(path: destination)
            try sink.write(text)
            try sink.commit()
            for note in result.notes {
                FileHandle.standardError.write(Data("profile-diff: note: \(TerminalSafe.escape(note.message))\n".utf8))
            }
            if result.incomplete { throw ExitStatus.incomplete.exitCode }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw report(error)
        }
    }
}
