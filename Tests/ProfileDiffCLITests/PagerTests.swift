import Foundation
import GitFixture
import Testing

@testable import ProfileDiffCLI

/// The pager, seen as a user at a terminal sees it: the binary runs under `script` (util-linux), which gives it a
/// pseudo-terminal for standard output. The pager is a shell command that records what it was given.
@Suite("pager")
struct PagerTests {
    /// Runs `profile-diff ARGUMENTS` on a terminal, with a pager that (after a moment, to show that profile-diff waits
    /// for it) copies its input and its environment into `directory`. Returns the exit status and whatever reached
    /// the terminal itself.
    private func onTerminal(_ arguments: [String], pager: String? = nil, in directory: URL) throws -> CommandResult {
        let recorder = "sleep 0.3; cat > '\(directory.path)/paged'; env > '\(directory.path)/env'"
        return try runOnTerminal(arguments, environment: ["PROFILE_DIFF_PAGER": pager ?? recorder, "PAGER": "", "LESS": ""])
    }

    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pd-pager-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("on a terminal the output goes through the pager, which profile-diff waits for")
    func pagesOnATerminal() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sample = try Sample.path()
        let result = try onTerminal(["-C", sample, "HEAD~3", "--color", "never"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let paged = try String(contentsOf: directory.appendingPathComponent("paged"), encoding: .utf8)
        let direct = try run(["-C", sample, "HEAD~3", "--color", "never"])
        #expect(!direct.stdout.isEmpty)
        #expect(paged == direct.stdout)
        // Nothing reached the terminal around the pager.
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        // LESS was set but empty: the user's choice is kept; LV is set for `lv`.
        let environment = try String(contentsOf: directory.appendingPathComponent("env"), encoding: .utf8)
        #expect(environment.split(separator: "\n").contains("LESS="))
        #expect(environment.split(separator: "\n").contains("LV=-c"))
    }

    @Test("no pager with --no-pager (before or after the subcommand), -o, PAGER=cat, or off a terminal", arguments: [
        ["--no-pager", "HEAD~1"], ["-P", "log", "HEAD~1"], ["--no-pager", "show", "HEAD:content/about.md"],
        ["show", "-P", "HEAD:content/about.md"], ["HEAD~1", "-o", "OUT"],
    ])
    func notPaged(arguments: [String]) throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = arguments.map { $0 == "OUT" ? directory.appendingPathComponent("out.txt").path : $0 }
        let result = try onTerminal(["-C", try Sample.path()] + written, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("paged").path))
        if arguments.contains("OUT") {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.txt").path))
        } else {
            #expect(result.stdout.contains(arguments.contains("show") ? "front matter" : "content/about.md"))
        }
    }

    @Test("a pager that is not installed, or set to cat, leaves the output on the terminal", arguments: ["no-such-pager-here", "cat", ""])
    func missingPager(pager: String) throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try onTerminal(["-C", try Sample.path(), "HEAD~1"], pager: pager, in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("content/about.md"))
    }

    @Test("an empty report on a terminal says what counts as a page; piped, it stays empty", arguments: [
        (["HEAD~1", "--", "nothing-here"], "no page changed in HEAD~1 "), (["HEAD"], "no page changed in HEAD "),
    ])
    func emptyReportExplained(arguments: [String], message: String) throws {
        let sample = try Sample.path()
        let shown = try runOnTerminal(["-C", sample] + arguments, environment: ["PAGER": "cat"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("profile-diff: " + message + "(pages: *.md, *.markdown;"), "\(shown.stdout)")
        let piped = try run(["-C", sample] + arguments)
        #expect(piped.status == 0)
        #expect(piped.stdout.isEmpty && piped.stderr.isEmpty)
        // A report with something in it says nothing of the kind.
        let full = try runOnTerminal(["-C", sample, "HEAD~1"], environment: ["PAGER": "cat"])
        #expect(!full.stdout.contains("no page changed"))
    }

    @Test("the pager is chosen as git chooses its own, from profile-diff's variable, then PAGER, then less")
    func pagerChoice() {
        #expect(Pager.command(environment: [:]) == "less")
        #expect(Pager.command(environment: ["PAGER": "more"]) == "more")
        #expect(Pager.command(environment: ["PAGER": "more", "PROFILE_DIFF_PAGER": "less -S"]) == "less -S")
        #expect(Pager.command(environment: ["PAGER": "cat"]) == nil)
        #expect(Pager.command(environment: ["PAGER": "less", "PROFILE_DIFF_PAGER": " "]) == nil)
        // A diff highlighter set for git is not ours to use.
        #expect(Pager.command(environment: ["GIT_PAGER": "delta"]) == "less")
        // less on a dumb terminal stops to warn; a pager the user chose is still used.
        #expect(Pager.command(environment: ["TERM": "dumb"]) == nil)
        #expect(Pager.command(environment: ["TERM": "dumb", "PAGER": "more"]) == "more")
    }
}
