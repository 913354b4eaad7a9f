import Foundation
import ProfileDiff
import GitFixture
import Testing
@testable import Changelog

@Suite struct GitHubCommentRendererTests {
    static func render(_ changelog: Changelog, marker: String? = nil, limit: Int = GitHubCommentRenderer.commentLimit) -> String {
        var renderer = GitHubCommentRenderer(marker: marker, limit: limit)
        return renderer.render(changelog)
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func matchesGolden() throws {
        try Golden.check(Self.render(Sample.changelog), "sample.github.md")
        try Golden.check(Self.render(Sample.hostile, marker: "site preview"), "hostile.github.md")
    }

    @Test func startsWithTheMarkerAndASummaryLine() {
        let lines = Self.render(Sample.changelog).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "<!-- profile-diff -->")
        // about.md: 10 changes (4 added, 3 changed + 1 moved, 2 removed); resume.md with cv.md's history: 4 changes
        // (2 added, 1 changed + 1 moved); photo.md could not be compared.
        #expect(lines.dropFirst().first
                == "**profile-diff**: 2 pages changed in 6 commits — 6 added, 6 changed, 2 removed; 1 page not compared")
    }

    @Test(arguments: [
        (nil as String?, "<!-- profile-diff -->"),
        ("preview", "<!-- profile-diff:preview -->"),
        ("a --> <b>x", "<!-- profile-diff:a--bx -->"),
        ("v1.2_rc-3", "<!-- profile-diff:v1.2_rc-3 -->"),
        ("→→", "<!-- profile-diff -->"),
    ])
    func markerNamesAreSanitised(name: String?, expected: String) {
        #expect(GitHubCommentRenderer.markerLine(name) == expected)
        #expect(Self.render(Sample.changelog, marker: name).hasPrefix(expected + "\n"))
    }

    @Test func onePageBlockPerPageWithItsChangeCount() {
        let text = Self.render(Sample.changelog)
        #expect(text.contains("<details><summary>About (content/about.md) — 10 changes</summary>\n\n- \\+ section"))
        #expect(text.contains("<details><summary>content/resume.md — 4 changes</summary>"))
        #expect(text.contains("- not compared in 3f9c2a1: file is larger than the 1 MB limit (--max-file-size)\n"))
        #expect(Self.occurrences(of: "<details>", in: text) == 3)
        #expect(Self.occurrences(of: "</details>", in: text) == 3)
    }

    @Test func hostileContentIsInert() {
        let text = Self.render(Sample.hostile)
        let pages = 2
        // No mention GitHub would link: every `@` before a name is followed by a zero-width space entity.
        #expect(!text.contains("@someone") && !text.contains("@team") && !text.contains("@owner"))
        #expect(text.contains("@&#8203;someone"))
        #expect(!text.contains("#1 ") && !text.contains("#1)"))
        #expect(!text.lowercased().contains("<script"))
        #expect(!text.lowercased().contains("<img"))
        #expect(!text.contains("<b>"))
        #expect(Self.occurrences(of: "</details>", in: text) == pages)
        #expect(Self.occurrences(of: "<details>", in: text) == pages)
        #expect(!text.contains("!["))
        #expect(!text.contains("``"))
        #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || VisibleText.isInvisibleFormat($0.value) })
        // Only the marker is an HTML comment.
        #expect(Self.occurrences(of: "<!--", in: text) == 1)
    }

    /// 5,000 commits over 40 pages, each change unique: far more than one comment holds.
    static let huge: Changelog = {
        let commits = (0..<5_000).map { n -> CommitEntry in
            let id = String(repeating: "0", count: 34) + String(format: "%06x", n)
            let change = Change(kind: [.paragraphEdited, .linkAdded, .listItemRemoved][n % 3],
                                section: ["Section \(n % 17)"],
                                summary: "paragraph \(n) edited: \"a sentence about revision \(n) of the page, with some words\"",
                                level: .minor)
            return CommitEntry(id: id, subject: "edit \(n)", author: Sample.author, date: "2025-01-01T00:00:00Z",
                               files: [FileEntry(path: "content/page-\(n % 40).md", status: .modified, changes: [change])])
        }
        return Changelog(range: RevisionRangeInfo(spec: "--root", from: nil, to: nil), commits: commits)
    }()

    @Test func aHugeHistoryFitsTheCommentLimitAndSaysWhatWasLeftOut() throws {
        let text = Self.render(Self.huge)
        #expect(text.utf16.count <= GitHubCommentRenderer.commentLimit)
        #expect(text.utf16.count > GitHubCommentRenderer.commentLimit - 1_000, "the comment should use the room it has")
        let lastLine = try #require(text.split(separator: "\n").last)
        #expect(lastLine.hasPrefix("… ") && lastLine.hasSuffix(" pages not shown (comment size limit)"))
        // Shown plus omitted is everything: nothing disappears without being counted.
        let shown = text.split(separator: "\n").filter { $0.hasPrefix("- ") }.count
        let omitted = try #require(Int(lastLine.split(separator: " ")[1]))
        #expect(shown + omitted == 5_000)
        // Blocks are whole: every opened details is closed.
        #expect(Self.occurrences(of: "<details>", in: text) == Self.occurrences(of: "</details>", in: text))
        #expect(text.hasPrefix("<!-- profile-diff -->\n**profile-diff**: 40 pages changed in 5000 commits"))
    }

    @Test(arguments: [2_000, 10_000, 30_000])
    func everyLimitIsRespectedAtAWholeBullet(limit: Int) throws {
        let text = Self.render(Self.huge, limit: limit)
        #expect(text.utf16.count <= limit)
        #expect(text.hasSuffix(" not shown (comment size limit)\n"))
        for line in text.split(separator: "\n") where line.hasPrefix("- ") {
            #expect(line.hasSuffix(")"), "cut inside a bullet: \(line)")
        }
    }

    @Test func limitIsCountedInUTF16CodeUnits() {
        // Each emoji is two UTF-16 code units, one Character: a Character count would let this overflow.
        let change = Change(kind: .paragraphAdded, summary: String(repeating: "😀", count: 400), level: .minor)
        let commits = (0..<50).map { n in
            CommitEntry(id: Sample.id(String(format: "%07x", n)), subject: "s", author: Sample.author, date: "2025-01-01T00:00:00Z",
                        files: [FileEntry(path: "p\(n).md", status: .modified, changes: [change])])
        }
        let text = Self.render(Changelog(range: Sample.range, commits: commits), limit: 10_000)
        #expect(text.utf16.count <= 10_000)
        #expect(text.hasSuffix("(comment size limit)\n"))
    }

    @Test func stepSummaryAppendsWithinItsLimit() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("step-summary-\(UUID().uuidString).md").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("# Build\n".utf8).write(to: URL(fileURLWithPath: path))
        let cut = try StepSummary.append(Sample.changelog, toFileAt: path, limit: 100_000)
        #expect(!cut)
        let first = try String(contentsOfFile: path, encoding: .utf8)
        #expect(first.hasPrefix("# Build\n\n<!-- profile-diff -->\n"))
        // A second, large report only gets the room that is left.
        let cutAgain = try StepSummary.append(Self.huge, toFileAt: path, limit: 20_000)
        #expect(cutAgain)
        let second = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(second.count <= 20_000)
        #expect(String(decoding: second, as: UTF8.self).hasSuffix(" not shown (comment size limit)\n"))
        #expect(throws: StepSummary.Failure.self) { try StepSummary.append(Sample.changelog, toFileAt: path, limit: 20_000) }
    }

    @Test func stepSummaryCutsAPlainReportAtALineAndClosesItsBlock() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("step-summary-\(UUID().uuidString).md").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let report = Self.render(Self.huge, limit: Int.max)
        let cut = try StepSummary.append(report: report, toFileAt: path, limit: 5_000)
        #expect(cut)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.utf8.count <= 5_000)
        #expect(Self.occurrences(of: "<details>", in: written) == Self.occurrences(of: "</details>", in: written))
        #expect(written.hasSuffix("(step summary size limit)\n"))
    }
}

extension GitHubCommentRendererTests {
    @Test func anEmptyRangeStillGetsAFindableComment() {
        let text = Self.render(Changelog(range: Sample.range))
        #expect(text == "<!-- profile-diff -->\n**profile-diff**: no page changes in 0 commits\n")
    }

    @Test func theWorkingTreeIsNamedNotNumbered() {
        var commit = Sample.changelog.commits[0]
        commit.id = CommitEntry.worktreeID
        let changelog = Changelog(range: Sample.range, commits: [commit])
        #expect(Self.render(changelog).contains("(working tree)\n"))
        var markdown = MarkdownRenderer(commitURL: "https://example.com/{id}")
        let notes = markdown.render(changelog)
        #expect(notes.contains("(working tree)\n") && !notes.contains("example.com"))
        var text = TextRenderer()
        #expect(text.render(changelog).hasPrefix("worktree  2025-09-20  add favourite memes\n"))
    }
}
