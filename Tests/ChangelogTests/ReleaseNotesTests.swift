import Foundation
import ProfileDiff
import GitFixture
import Testing
@testable import Changelog

@Suite struct ReleaseNotesTests {
    static let commits = Sample.changelog.commits

    /// Tags: v1.0 at "add cv page", v2.0 at "add resume"; the three newest commits are unreleased.
    static let releases = [
        Release(name: Release.unreleased, commits: Array(commits[0..<3])),
        Release(name: "v2.0", date: "2025-08-30T14:02:11+02:00", commits: Array(commits[3..<5])),
        Release(name: "v1.0", date: "2025-08-10", commits: [commits[5]]),
    ]

    @Test func wholeChangelogMatchesGolden() throws {
        try Golden.check(ReleaseNotesRenderer().render(Self.releases), "CHANGELOG.md")
    }

    @Test func releasesAreHeadedKeepAChangelogStyleNewestFirst() {
        let text = ReleaseNotesRenderer().render(Self.releases)
        #expect(text.hasPrefix("# Changelog\n\n"))
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings == ["## [Unreleased]", "## [v2.0] - 2025-08-30", "## [v1.0] - 2025-08-10"])
        #expect(text.contains("- **About**: section \"Quotes I'm thinking about\" added (4 quotes)\n"))
        #expect(text.contains("- **content/cv.md**: item \"Swift, Rust, Python\" added (Michael Liu › Skills)\n"))
    }

    @Test func emptyUnreleasedIsLeftOutAndEmptyReleasesSaySo() {
        let text = ReleaseNotesRenderer().render([Release(name: Release.unreleased), Release(name: "v3.0", date: "2025-10-01")])
        #expect(!text.contains("Unreleased"))
        #expect(text.hasSuffix("## [v3.0] - 2025-10-01\n\nNo changes to the profile pages.\n"))
    }

    @Test func prependInsertsBelowTheIntroAndAboveTheFirstRelease() throws {
        let renderer = ReleaseNotesRenderer()
        let existing = """
            # Changelog

            Hand-written intro that must survive.

            ## [v1.0] - 2025-08-10

            - written by hand, kept as is

            """
        let updated = ReleaseNotes.prepend(renderer.render(Array(Self.releases[0...1])), to: existing)
        #expect(updated.hasPrefix("# Changelog\n\nHand-written intro that must survive.\n\n## [Unreleased]\n"))
        #expect(updated.hasSuffix("\n\n## [v1.0] - 2025-08-10\n\n- written by hand, kept as is\n"))
        #expect(updated.contains("## [v2.0] - 2025-08-30\n"))
        #expect(ReleaseNotesTests.count("# Changelog", in: updated) == 1)
        try Golden.check(updated, "CHANGELOG.prepended.md")

        // The second time, every release is already there: nothing changes.
        #expect(ReleaseNotes.prepend(renderer.render(Array(Self.releases[0...1])), to: updated) == updated)
        // A newer release goes on top of the existing ones, leaving them alone.
        let newer = ReleaseNotes.prepend(renderer.render([Release(name: "v3.0", date: "2025-10-01", commits: [Self.commits[0]])]),
                                         to: updated)
        #expect(newer.contains("Hand-written intro that must survive.\n\n## [v3.0] - 2025-10-01\n"))
        let releasesBefore = try #require(updated.range(of: "## [Unreleased]"))
        #expect(newer.hasSuffix(updated[releasesBefore.lowerBound...]))
    }

    @Test func prependKeepsExistingBytesAndLineEndings() {
        let existing = "# Changelog\r\n\r\n## [v1.0] - 2025-08-10\r\n\r\n- old\r\n"
        let new = ReleaseNotesRenderer().render([Release(name: "v2.0", date: "2025-09-01", commits: [Self.commits[0]])])
        let updated = ReleaseNotes.prepend(new, to: existing)
        #expect(updated.hasPrefix("# Changelog\r\n\r\n## [v2.0] - 2025-09-01\r\n"))
        #expect(updated.hasSuffix("## [v1.0] - 2025-08-10\r\n\r\n- old\r\n"))
        #expect(!updated.utf8.enumerated().contains { i, b in b == 10 && (i == 0 || Array(updated.utf8)[i - 1] != 13) })
    }

    @Test func headingsInsideCodeFencesAreNotReleases() {
        let existing = "# Changelog\n\n```\n## [v2.0]\n```\n"
        let new = ReleaseNotesRenderer().render([Release(name: "v2.0", date: "2025-09-01", commits: [Self.commits[0]])])
        let updated = ReleaseNotes.prepend(new, to: existing)
        #expect(updated.hasPrefix(existing))
        #expect(updated.contains("```\n\n## [v2.0] - 2025-09-01\n"))
    }

    @Test func unreleasedCanBeReplacedWhenAsked() {
        let renderer = ReleaseNotesRenderer()
        let old = renderer.render([Release(name: Release.unreleased, commits: [Self.commits[1]]),
                                   Release(name: "v1.0", date: "2025-08-10", commits: [Self.commits[5]])])
        let new = renderer.render([Release(name: Release.unreleased, commits: [Self.commits[0]]),
                                   Release(name: "v2.0", date: "2025-09-13", commits: [Self.commits[1]])])
        let kept = ReleaseNotes.prepend(new, to: old)
        #expect(ReleaseNotesTests.count("## [Unreleased]", in: kept) == 1)
        #expect(kept.contains("Quotes I'm thinking about\" added (4 quotes)\n\n## [v2.0]") == false)
        let replaced = ReleaseNotes.prepend(new, to: old, replacingUnreleased: true)
        #expect(ReleaseNotesTests.count("## [Unreleased]", in: replaced) == 1)
        #expect(replaced.contains("## [Unreleased]\n\n### Added\n\n- **About**: section \"Favorite Memes/Slides\" added (5 images)"))
        #expect(replaced.contains("## [v2.0] - 2025-09-13\n"))
        #expect(replaced.hasSuffix("## [v1.0] - 2025-08-10\n\n### Added\n\n- **content/cv.md**: page added\n- **content/cv.md**: item \"Swift, Rust, Python\" added (Michael Liu › Skills)\n"))
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}

extension ReleaseNotesTests {
    @Test func prependToAFileWithoutReleasesAppendsAfterItsText() {
        let new = ReleaseNotesRenderer().render([Release(name: "v1.0", date: "2025-08-10", commits: [Self.commits[5]])])
        let updated = ReleaseNotes.prepend(new, to: "# Changelog\n\nNothing yet.")
        #expect(updated.hasPrefix("# Changelog\n\nNothing yet.\n\n## [v1.0] - 2025-08-10\n\n### Added\n"))
        #expect(updated.hasSuffix("(Michael Liu › Skills)\n"))
        #expect(ReleaseNotes.prepend(new, to: "") == new)
    }
}
