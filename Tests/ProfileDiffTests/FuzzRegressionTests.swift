import Testing
import ProfileDocument
import ProfileDiff

/// Inputs found by the libFuzzer targets in Fuzz/ (`make fuzz`), each kept with the property it broke.
@Suite struct FuzzRegressionTests {
    /// FuzzDiff: a page with the same key commented out twice, compared with itself, reported
    /// "front matter: commented-out date changed 2024-02-17 → …": the second comment was compared with the first.
    @Test func pageWithARepeatedCommentedOutKeyEqualsItself() {
        let page = ProfileDocument.parse("---\ntitle: About\n# date: 2024-02-17\n# date: 2025-01-05\n---\n\nHello.\n")
        #expect(page.frontMatter?.hiddenEntries.map(\.key) == ["date", "date"])
        #expect(DocumentDiff.compare(page, page).isEmpty)
    }

    /// The n-th copy is compared with the n-th copy before, so an edit to the second one says what really changed.
    @Test func editToTheSecondRepeatedCommentIsReportedAgainstTheSecond() {
        let old = ProfileDocument.parse("---\ntitle: About\n# date: 2024-02-17\n# date: 2025-01-05\n---\n\nHello.\n")
        let new = ProfileDocument.parse("---\ntitle: About\n# date: 2024-02-17\n# date: 2025-03-09\n---\n\nHello.\n")
        let changes = DocumentDiff.compare(old, new)
        #expect(changes.count == 1)
        #expect(changes.first?.kind == .frontMatterKeyChanged)
        #expect(changes.first?.before == "2025-01-05")
        #expect(changes.first?.after == "2025-03-09")
    }
}
