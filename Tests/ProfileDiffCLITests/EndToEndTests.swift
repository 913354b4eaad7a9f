import Foundation
import GitFixture
import GitHistory
import Testing

/// The tool as a user runs it: the built binary on the sample repository built from `history/`.
@Suite("profile-diff end to end")
struct EndToEndTests {
    @Test("HEAD~5 describes the last five commits in the page's terms")
    func lastFiveCommits() throws {
        let result = try run(["-C", try Sample.path(), "HEAD~5"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        // Five commits, newest first, each with its subject.
        let headers = result.stdout.split(separator: "\n").filter { $0.first?.isHexDigit == true }
        #expect(headers.count == 5)
        #expect(result.stdout.contains("link \"resume here\" now points to /Michael_Liu_Resume_2025_Aug.pdf"))
        #expect(result.stdout.contains("(Current Focus)"))
        try Golden.check(result.stdout, "head-5.txt")
    }

    @Test("every format of the whole history matches its golden file", arguments: [
        (["--root"], "root.txt"),
        (["--root", "--oneline"], "root-oneline.txt"),
        (["--root", "--format", "json"], "root.json"),
        (["--root", "--format", "markdown", "--commit-url", "https://example.com/site/commit/{id}"], "root.md"),
        (["--root", "--format", "github"], "root.github.md"),
        (["--net", "HEAD~14"], "net.txt"),
    ])
    func goldenFormats(arguments: [String], golden: String) throws {
        let result = try run(["-C", try Sample.path()] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        try Golden.check(result.stdout, golden)
    }

    @Test("git's ways of writing a commit count all mean --max-count", arguments: [
        ["-3"], ["-n3"], ["-n", "3"], ["log", "-3"], ["-C", "SAMPLE", "-3", "--oneline", "--", "content"],
    ])
    func gitCounts(arguments: [String]) throws {
        let sample = try Sample.path()
        let expected = try run(["-C", sample, "--root", "--oneline", "--max-count=3"])
        #expect(expected.status == 0, "\(expected.stderr)")
        #expect(expected.stdout.split(separator: "\n").count == 3)
        let written = arguments.map { $0 == "SAMPLE" ? sample : $0 }
        let prefix = written.contains("-C") ? [] : ["-C", sample]
        let result = try run(prefix + written + (written.contains("--oneline") ? [] : ["--root", "--oneline"]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected.stdout)
    }

    @Test("a count where a path or another option's value goes is left as written")
    func gitCountsStayInPlace() throws {
        // After `--` it is a path (none matches, so nothing to show); as --max-file-size's value it is an error.
        let path = try run(["-C", try Sample.path(), "--root", "--", "-3"])
        #expect(path.status == 0, "\(path.stderr)")
        #expect(path.stdout.isEmpty)
        let value = try run(["-C", try Sample.path(), "--root", "--max-file-size", "-3"])
        #expect(value.status == 64)
        // `show` has no count: it is not rewritten into an option `show` would then report as unknown by another name.
        let show = try run(["-C", try Sample.path(), "show", "-3", "HEAD:content/about.md"])
        #expect(show.status == 64)
        #expect(show.stderr.contains("'-3'"), "\(show.stderr)")
    }

    @Test("--from-json renders a saved changelog byte for byte as the repository does", arguments: [
        ["--format", "text"], ["--oneline"], ["--format", "markdown"], ["--format", "github"], ["--format", "json"],
    ])
    func fromJSONRoundTrip(format: [String]) throws {
        let path = try Sample.path()
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("pd-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let json = try run(["-C", path, "--root", "--format", "json", "--output", saved])
        #expect(json.status == 0, "\(json.stderr)")
        let direct = try run(["-C", path, "--root"] + format)
        let again = try run(["--from-json", saved] + format)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == direct.stdout)
    }

    @Test("the JSON names every commit by its full id, with the schema version")
    func jsonShape() throws {
        let result = try run(["-C", try Sample.path(), "--root", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        let commits = try #require(object["commits"] as? [[String: Any]])
        #expect(commits.count == 15)
        for commit in commits {
            let id = try #require(commit["id"] as? String)
            #expect(id.count == 40 && id.allSatisfy(\.isHexDigit))
        }
        // The creating commit is part of --root.
        let last = try #require(commits.last?["files"] as? [[String: Any]])
        #expect(last.first?["status"] as? String == "added")
    }

    @Test("--exit-code says whether anything changed", arguments: [
        (["HEAD~1", "--exit-code"], Int32(1)),
        (["HEAD..HEAD", "--exit-code"], Int32(0)),
        (["HEAD~1"], Int32(0)),
    ])
    func exitCode(arguments: [String], status: Int32) throws {
        let result = try run(["-C", try Sample.path()] + arguments)
        #expect(result.status == status, "\(result.stderr)")
    }

    @Test("colour follows --color, NO_COLOR and TERM", arguments: [
        (["--color", "always"], [String: String](), true),
        (["--color", "auto"], ["NO_COLOR": "1"], false),
        (["--color", "never"], [:], false),
        (["--color", "always"], ["TERM": "dumb"], true),
        ([], ["TERM": "xterm-256color"], false),   // not a terminal: standard output is a file here
    ])
    func colour(arguments: [String], environment: [String: String], expectEscapes: Bool) throws {
        let result = try run(["-C", try Sample.path(), "HEAD~3"] + arguments, environment: environment)
        #expect(result.status == 0)
        #expect(result.stdout.contains("\u{1B}[") == expectEscapes)
    }

    @Test("user errors get one clear line and a distinct exit status", arguments: [
        (["HEAD~1", "--first-parent", "--full-history"], Int32(64), "mutually exclusive"),
        (["no-such-revision"], Int32(2), "unknown revision 'no-such-revision'"),
        (["HEAD~20"], Int32(2), "unknown revision 'HEAD~20': HEAD has only 14 commits before it; --root shows the whole history"),
        (["--config", "/nonexistent/profile-diff.yml"], Int32(2), "file not found"),
        (["--from-json", "/nonexistent.json"], Int32(2), "cannot read"),
        (["show", "HEAD:content/nope.md"], Int32(2), "does not exist"),
    ])
    func userErrors(arguments: [String], status: Int32, message: String) throws {
        let result = try run(["-C", try Sample.path()] + arguments)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("outside a repository: exit 2 and git's words")
    func notARepository() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("pd-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try run(["HEAD~1"], in: empty.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("not a git repository"))
    }

    @Test("show prints the outline of a committed revision")
    func show() throws {
        let result = try run(["-C", try Sample.path(), "show", "HEAD~14:content/about.md"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Technical Interests"))
        #expect(result.stdout.contains("Current Learning Focus"))
        try Golden.check(result.stdout, "show-first-about.txt")
    }

    @Test("changelog groups the history by tag, newest first, with Unreleased on top")
    func releaseNotes() throws {
        let result = try run(["-C", try Sample.path(), "changelog"])
        #expect(result.status == 0, "\(result.stderr)")
        let headings = result.stdout.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings.count == 3)
        #expect(headings.first?.contains("Unreleased") == true)
        #expect(headings.dropFirst().first?.contains("v2.0") == true)
        #expect(headings.last?.contains("v1.0") == true)
        try Golden.check(result.stdout, "CHANGELOG.md")
    }

    @Test("--output replaces a planted symlink instead of writing through it")
    func outputDoesNotFollowSymlinks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim.txt").path
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("report.txt").path
        try FileManager.default.createSymbolicLink(atPath: report, withDestinationPath: victim)
        let result = try run(["-C", try Sample.path(), "HEAD~2", "--output", report])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("resume here"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("the CI workflow's steps create one comment, then update it in place")
    func workflowSteps() throws {
        let script = Binary.repositoryRoot.appendingPathComponent("Tests/Workflow/run-workflow-steps.sh").path
        let result = try run([script, Binary.profileDiff, Binary.sampleBuilder], executable: "/bin/bash")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("1 comment created, then updated in place"))
    }
}

/// The jobs around the changelog: templates, release notes, CI summaries, and the promise of short output.
@Suite("profile-diff end to end: release notes, templates, CI")
struct ReleaseAndCITests {
    @Test("no commit of the sample history takes more lines than a person would write for it")
    func conciseCommits() throws {
        let result = try run(["-C", try Sample.path(), "--root"])
        let commits = result.stdout.components(separatedBy: "\n\n")
        #expect(commits.count == 15)
        for commit in commits {
            let changeLines = commit.split(separator: "\n").filter { $0.hasPrefix("    ") }
            // Every revision of history/ is one edit (the Current Focus rewrite also drops the section it replaced).
            #expect((1...2).contains(changeLines.count), "\(commit)")
        }
    }

    @Test("a Mustache template renders the same model as the JSON")
    func template() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let template = dir.appendingPathComponent("notes.mustache").path
        try """
            {{%CONTENT_TYPE: TEXT}}
            {{#commits}}
            {{shortId}} {{subject}}
            {{#files}}
              {{path}}: {{#changes}}[{{kind}}] {{summary}}; {{/changes}}
            {{/files}}
            {{/commits}}
            """.write(toFile: template, atomically: true, encoding: .utf8)
        let result = try run(["-C", try Sample.path(), "HEAD~3", "--template", template])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[link.targetChanged] link \"resume here\" now points to /Michael_Liu_Resume_2025_Aug.pdf"))
        try Golden.check(result.stdout, "head-3.template.txt")
    }

    @Test("--latest and --unreleased print one release each")
    func oneRelease() throws {
        let latest = try run(["-C", try Sample.path(), "changelog", "--latest"])
        #expect(latest.status == 0, "\(latest.stderr)")
        #expect(latest.stdout.contains("## [v2.0] - 2025-06-14"))
        #expect(!latest.stdout.contains("[v1.0]") && !latest.stdout.contains("Unreleased"))
        #expect(latest.stdout.contains("section \"Favorite Memes/Slides\" added (5 images)"))
        let unreleased = try run(["-C", try Sample.path(), "changelog", "--unreleased"])
        #expect(unreleased.stdout.contains("## [Unreleased]"))
        #expect(!unreleased.stdout.contains("[v2.0]"))
        #expect(unreleased.stdout.contains("now points to /Michael\\_Liu\\_Resume\\_2025\\_Aug.pdf"))
    }

    @Test("--prepend adds only the releases a changelog lacks and keeps its own text")
    func prepend() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-cl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("CHANGELOG.md").path
        try """
            # Changelog

            Hand-written intro that must survive.

            ## [v1.0] - 2025-02-02

            - Written by a person, not regenerated.

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let first = try run(["-C", try Sample.path(), "changelog", "--prepend", file])
        #expect(first.status == 0, "\(first.stderr)")
        let once = try String(contentsOfFile: file, encoding: .utf8)
        #expect(once.contains("Hand-written intro that must survive."))
        #expect(once.contains("- Written by a person, not regenerated."))
        #expect(once.components(separatedBy: "## [v1.0]").count == 2)
        #expect(once.range(of: "## [v2.0]")!.lowerBound < once.range(of: "## [v1.0]")!.lowerBound)
        _ = try run(["-C", try Sample.path(), "changelog", "--prepend", file])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == once)
    }

    @Test("--step-summary appends the same report to $GITHUB_STEP_SUMMARY")
    func stepSummary() throws {
        let summary = FileManager.default.temporaryDirectory.appendingPathComponent("pd-summary-\(UUID().uuidString).md").path
        try "previous step\n".write(toFile: summary, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: summary) }
        let result = try run(["-C", try Sample.path(), "HEAD~2", "--format", "github", "--step-summary"],
                             environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(result.status == 0, "\(result.stderr)")
        // A blank line keeps the report apart from what earlier steps wrote.
        #expect(try String(contentsOfFile: summary, encoding: .utf8) == "previous step\n\n" + result.stdout)
    }
}
