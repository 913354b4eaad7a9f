import Testing
import ProfileDocument
@testable import ProfileDiff

@Suite struct CrossPageTests {
    let certifications = section("Certifications", [list(["TensorFlow Developer Certificate", "MLOps Specialization", "LLM101x Databricks"])])
    let hello = section("Hello", [paragraph("Welcome to my page.")])

    @Test func sectionMovedFromOnePageToAnotherIsReportedOnBoth() {
        let pages = [
            PagePair(path: "content/about.md", old: document([hello, certifications]), new: document([hello])),
            PagePair(path: "content/resume.md", old: document([hello]), new: document([hello, certifications])),
        ]
        let results = DocumentDiff.compare(pages: pages, options: .init())
        #expect(results.count == 2)
        #expect(seen(results[0]) == [Seen(.sectionMovedBetweenPages, "Certifications", .major)])
        #expect(results[0].first?.summary == "section \"Certifications\" moved to content/resume.md")
        #expect(seen(results[1]) == [Seen(.sectionMovedBetweenPages, "Certifications", .major)])
        #expect(results[1].first?.summary == "section \"Certifications\" moved from content/about.md")
    }

    @Test func sameTitleDifferentContentIsNotAMove() {
        let other = section("Certifications", [list(["Scuba diving", "First aid"])])
        let results = DocumentDiff.compare(pages: [
            PagePair(path: "a.md", old: document([hello, certifications]), new: document([hello])),
            PagePair(path: "b.md", old: document([hello]), new: document([hello, other])),
        ], options: .init())
        #expect(seen(results[0]) == [Seen(.sectionRemoved, "Certifications", .major)])
        #expect(seen(results[1]) == [Seen(.sectionAdded, "Certifications", .major)])
    }

    @Test func sectionOfADeletedPageMovedToANewPage() {
        let results = DocumentDiff.compare(pages: [
            PagePair(path: "old.md", old: document([hello, certifications]), new: nil),
            PagePair(path: "new.md", old: nil, new: document([certifications])),
        ], options: .init())
        #expect(results[0].map(\.kind) == [.pageDeleted, .sectionMovedBetweenPages])
        #expect(results[0].last?.summary == "section \"Certifications\" moved to new.md")
        #expect(results[1].map(\.kind) == [.pageAdded, .sectionMovedBetweenPages])
    }

    @Test func singlePageResultsMatchThePairwiseComparison() {
        let results = DocumentDiff.compare(pages: [PagePair(path: "content/about.md", old: SeedModels.old, new: SeedModels.new)], options: .init())
        #expect(results == [DocumentDiff.compare(SeedModels.old, SeedModels.new)])
    }
}

@Suite struct PageFactsTests {
    let page = document([section("Skills", [list(["Swift", "Rust"])])])

    @Test func aRenamedPageSaysSoFirstThenItsEdits() {
        let edited = document([section("Skills", [list(["Swift", "Rust", "Go"])])])
        let results = DocumentDiff.compare(pages: [PagePair(path: "content/cv.md", old: page, new: edited, oldPath: "content/resume.md")], options: .init())
        #expect(results[0].map(\.kind) == [.pageRenamed, .listItemAdded])
        #expect(results[0].first?.summary == "page renamed from content/resume.md")
        let unchanged = DocumentDiff.compare(pages: [PagePair(path: "content/cv.md", old: page, new: page, oldPath: "content/resume.md")], options: .init())
        #expect(unchanged[0].map(\.kind) == [.pageRenamed])
    }

    @Test func aRestoredPageIsNotNew() {
        let results = DocumentDiff.compare(pages: [PagePair(path: "content/about.md", old: nil, new: page, isRestored: true)], options: .init())
        #expect(seen(results[0]) == [Seen(.pageRestored, "", .major)])
        #expect(results[0].first?.summary == "page restored (1 section)")
    }
}
