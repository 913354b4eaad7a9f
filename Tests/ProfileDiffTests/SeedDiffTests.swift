import Testing
import ProfileDocument
@testable import ProfileDiff

/// What a careful reader sees from seed 001 to seed 000 (Tests/Fixtures/seeds/EXPECTED.md), in reading order:
/// (kind, section path, level, words the summary must contain).
let readerSees: [(Seen, [String])] = [
    (Seen(.frontMatterKeyCommentedOut, "", .minor), ["date", "commented out"]),
    (Seen(.linkAdded, "", .minor), ["\"resume here\"", "/Michael_Liu_Resume_2025_Aug.pdf", "added"]),
    (Seen(.paragraphEdited, "Professional Background", .trivial), ["typo fixed: \"Data transfer\" → \"Data Transfer\""]),
    (Seen(.sectionRemoved, "Technical Interests", .minor), ["hidden section \"Technical Interests\" removed"]),
    (Seen(.sectionRewritten, "Current Focus", .major), ["\"Current Learning Focus\" rewritten as \"Current Focus\"", "(4 items → 5 items)"]),
    (Seen(.sectionRemoved, "What I'm current working on", .major), ["section \"What I'm current working on\" removed"]),
    (Seen(.sectionAdded, "Quotes I'm thinking about", .major), ["section \"Quotes I'm thinking about\" added", "(4 quotes)"]),
    (Seen(.sectionAdded, "Favorite Memes/Slides", .major), ["section \"Favorite Memes/Slides\" added", "(5 images)"]),
    (Seen(.htmlAdded, "Connect With Me", .trivial), ["hidden <script> added"]),
]

func expectReaderSees(_ changes: [Change], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(seen(changes) == readerSees.map(\.0), sourceLocation: sourceLocation)
    for (change, expected) in zip(changes, readerSees) {
        for fragment in expected.1 {
            #expect(change.summary.contains(fragment), "\(change.summary) lacks \(fragment)", sourceLocation: sourceLocation)
        }
    }
    #expect(changes.count == readerSees.count, "\(changes.map(\.summary))", sourceLocation: sourceLocation)
}

@Suite struct SeedModelDiffTests {
    @Test func seed001To000ReportsWhatAReaderSeesAndNothingElse() {
        let changes = DocumentDiff.compare(SeedModels.old, SeedModels.new)
        expectReaderSees(changes)
        #expect(changes.first { $0.kind == .sectionRemoved && $0.isHidden }?.section == ["Technical Interests"])
    }

    @Test func seed000To001ReportsTheSameChangesTheOtherWayRound() {
        let changes = DocumentDiff.compare(SeedModels.new, SeedModels.old)
        #expect(seen(changes) == [
            Seen(.frontMatterKeyUncommented, "", .minor),
            Seen(.linkRemoved, "", .minor),
            Seen(.paragraphEdited, "Professional Background", .trivial),
            Seen(.sectionAdded, "Technical Interests", .minor),
            Seen(.sectionRewritten, "Current Learning Focus", .major),
            // Removals sit right after the section that preceded them, before what the new page adds next.
            Seen(.sectionRemoved, "Quotes I'm thinking about", .major),
            Seen(.sectionRemoved, "Favorite Memes/Slides", .major),
            Seen(.sectionAdded, "What I'm current working on", .major),
            Seen(.htmlRemoved, "Connect With Me", .trivial),
        ])
        #expect(changes.map(\.summary).contains("typo fixed: \"Data Transfer\" → \"Data transfer\""))
        #expect(changes.contains { $0.summary.contains("\"Current Focus\" rewritten as \"Current Learning Focus\" (5 items → 4 items)") })
    }
}
