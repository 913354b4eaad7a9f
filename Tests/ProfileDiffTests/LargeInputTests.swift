import Testing
import ProfileDocument
@testable import ProfileDiff

/// Large and hostile shapes take the bounded paths (LIS moves, budgeted similarity, coarse word diffs) and still
/// give sensible answers. Not timing tests: they only prove the answers on inputs past every budget.
@Suite struct LargeInputTests {
    @Test func reversingAVeryLongListMovesAllButOneItem() {
        let items = (0..<5_000).map { "item number \($0)" }
        let changes = DocumentDiff.compare(document([section("S", [list(items)])]), document([section("S", [list(items.reversed())])]))
        #expect(changes.map(\.summary) == ["section \"S\" edited: 4999 items moved"])
        let unsummarised = DocumentDiff.compare(document([section("S", [list(items)])]), document([section("S", [list(items.reversed())])]),
                                                options: DiffOptions(maxChangesPerSection: .max))
        #expect(unsummarised.count == 4_999)
        #expect(unsummarised.allSatisfy { $0.kind == .listItemMoved })
    }

    @Test func thousandsOfRenamedSectionsStillPairWhatTheBudgetAllows() {
        let old = document((0..<3_000).map { section("Old title \($0)", [paragraph("body words w\($0) x\($0) y\($0) z\($0)")]) })
        let new = document((0..<3_000).map { section("New heading \($0)", [paragraph("body words w\($0) x\($0) y\($0) z\($0)")]) })
        let changes = DocumentDiff.compare(old, new)
        #expect(!changes.isEmpty)
        #expect(changes.first?.kind == .sectionRenamed)
        let kinds = Set(changes.map(\.kind))
        #expect(kinds.isSubset(of: [.sectionRenamed, .sectionAdded, .sectionRemoved]))
    }

    @Test func aHugeParagraphEditIsSummarisedCoarsely() {
        let words = (0..<5_000).map { "w\($0)" }
        let edited = words.enumerated().map { $0.offset % 2 == 0 ? "v\($0.offset)" : $0.element }
        let changes = diffBlocks([paragraph(words.joined(separator: " "))], [paragraph(edited.joined(separator: " "))])
        #expect(seen(changes) == [Seen(.paragraphEdited, "S", .minor)])
        #expect(changes.first?.summary.hasSuffix("edited: text changed") == true)
    }
}
