import ProfileDiff
import GitFixture
import Testing
@testable import Changelog

@Suite struct MarkdownRendererTests {
    static let commitURL = "https://github.com/mliu/site/commit/{id}"

    @Test func matchesGolden() throws {
        var linked = MarkdownRenderer(commitURL: Self.commitURL)
        try Golden.check(linked.render(Sample.changelog), "sample.md")
        var plain = MarkdownRenderer()
        try Golden.check(plain.render(Sample.hostile), "hostile.md")
    }

    @Test func groupsByPageThenKeepAChangelogCategories() {
        var renderer = MarkdownRenderer()
        let text = renderer.render(Sample.changelog)
        let about = text.range(of: "## About\n")
        let added = text.range(of: "### Added\n")
        let changed = text.range(of: "### Changed\n")
        let removed = text.range(of: "### Removed\n")
        #expect(about != nil && added != nil && changed != nil && removed != nil)
        if let about, let added, let changed, let removed {
            #expect(about.lowerBound < added.lowerBound && added.lowerBound < changed.lowerBound
                    && changed.lowerBound < removed.lowerBound)
        }
        // Moves read as changes; the rename follows the page, so cv.md's history shows under resume.md.
        #expect(text.contains("- item \"Data Transfer Metering\" moved up (Professional Background) (2b1a0f9)\n"))
        #expect(text.contains("## content/resume.md\n"))
        #expect(!text.contains("## content/cv.md"))
        #expect(text.contains("- item \"Swift, Rust, Python\" added (Michael Liu › Skills) (1f0e9d8)\n"))
    }

    @Test func commitReferencesAreLinkedFromTheTemplate() {
        var renderer = MarkdownRenderer(commitURL: "https://example.com/c/{short}/{id}")
        let text = renderer.render(Sample.changelog)
        let id = Sample.id("3f9c2a1")
        #expect(text.contains("([3f9c2a1](https://example.com/c/3f9c2a1/\(id)))"))
        var noPlaceholder = MarkdownRenderer(commitURL: "https://example.com/")
        #expect(!noPlaceholder.render(Sample.changelog).contains("](https://example.com/"))
    }

    @Test func theSameChangeInTwoCommitsIsOneBulletWithBothReferences() {
        let change = Change(kind: .linkAdded, summary: "link \"blog\" added", level: .minor)
        let commits = ["aaaaaaa", "bbbbbbb"].map { short in
            CommitEntry(id: Sample.id(short), subject: "s", author: Sample.author, date: "2025-01-01T00:00:00Z",
                        files: [FileEntry(path: "content/about.md", status: .modified, changes: [change])])
        }
        var renderer = MarkdownRenderer()
        let text = renderer.render(Changelog(range: Sample.range, commits: commits))
        #expect(text == "## content/about.md\n\n### Added\n\n- link \"blog\" added (intro) (aaaaaaa, bbbbbbb)\n")
    }

    @Test func hostileContentStaysText() {
        var renderer = MarkdownRenderer()
        let text = renderer.render(Sample.hostile)
        #expect(!text.contains("<script"))
        #expect(!text.contains("</details>"))
        #expect(!text.contains("!["))
        #expect(!text.contains("@someone"))
        #expect(!text.contains("``"))
        #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || VisibleText.isInvisibleFormat($0.value) })
    }
}
