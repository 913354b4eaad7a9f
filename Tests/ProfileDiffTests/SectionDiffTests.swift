import Testing
import ProfileDocument
@testable import ProfileDiff

@Suite struct SectionDiffTests {
    let skills = section("Skills", [list(["Swift", "Rust", "Python"])])
    let projects = section("Projects", [paragraph("I built a blog with Hugo and a diff tool in Swift.")])
    let contact = section("Contact", [paragraph("Write to me any time.")])

    @Test func identicalDocumentsHaveNoChanges() {
        #expect(DocumentDiff.compare(SeedModels.old, SeedModels.old).isEmpty)
        #expect(DocumentDiff.compare(document([skills, projects]), document([skills, projects])).isEmpty)
    }

    @Test func pageAddedAndDeleted() {
        let page = document([skills, projects])
        #expect(seen(DocumentDiff.compare(nil, page)) == [Seen(.pageAdded, "", .major)])
        #expect(DocumentDiff.compare(nil, page).first?.summary == "page added (2 sections)")
        #expect(seen(DocumentDiff.compare(page, nil)) == [Seen(.pageDeleted, "", .major)])
        #expect(DocumentDiff.compare(nil, nil).isEmpty)
    }

    @Test func sectionAddedAndRemovedCountTheirContent() {
        let added = DocumentDiff.compare(document([skills]), document([skills, projects]))
        #expect(seen(added) == [Seen(.sectionAdded, "Projects", .major)])
        #expect(added.first?.summary == "section \"Projects\" added (1 paragraph)")
        let removed = DocumentDiff.compare(document([skills, projects]), document([projects]))
        #expect(removed.first?.summary == "section \"Skills\" removed (3 items)")
    }

    @Test func removedSectionWithSubsectionsIsOneLine() {
        let old = document([intro([]), section("Work", level: 1, []), section("AWS", level: 2, parent: 1, [paragraph("Metering.")]),
                            section("Acme", level: 2, parent: 1, [paragraph("Widgets.")]), contact])
        let changes = DocumentDiff.compare(old, document([contact]))
        #expect(seen(changes) == [Seen(.sectionRemoved, "Work", .major)])
        #expect(changes.first?.summary == "section \"Work\" removed (empty, 2 subsections)")
    }

    @Test func renamedSectionKeepsItsInnerEdits() {
        var renamed = projects
        renamed.title = "Side Projects"
        renamed.blocks = [paragraph("I built a blog with Hugo and a diff tool in Swift 6.")]
        let changes = DocumentDiff.compare(document([skills, projects]), document([skills, renamed]))
        #expect(seen(changes) == [Seen(.sectionRenamed, "Side Projects", .minor), Seen(.paragraphEdited, "Side Projects", .minor)])
        #expect(changes.first?.summary == "section \"Projects\" renamed to \"Side Projects\"")
    }

    @Test func swappingTwoSectionsMovesOneNotBoth() {
        let changes = DocumentDiff.compare(document([skills, projects, contact]), document([projects, skills, contact]))
        #expect(changes.count == 1)
        #expect(changes.first?.kind == .sectionMoved)
        #expect(changes.first?.level == .minor)
    }

    @Test func insertingASectionBeforeOthersDoesNotMoveThem() {
        let changes = DocumentDiff.compare(document([projects, contact]), document([skills, projects, contact]))
        #expect(seen(changes) == [Seen(.sectionAdded, "Skills", .major)])
    }

    @Test func aMovedSectionIsNotRemovedAndAdded() {
        let changes = DocumentDiff.compare(document([skills, projects, contact]), document([projects, contact, skills]))
        #expect(seen(changes) == [Seen(.sectionMoved, "Skills", .minor)])
        #expect(changes.first?.summary == "section \"Skills\" moved after \"Contact\"")
    }

    @Test func subsectionsTravellingWithTheirParentAreNotReportedAgain() {
        let old = document([intro([]), section("Work", level: 1, [paragraph("Jobs.")]), section("AWS", level: 2, parent: 1, [paragraph("Metering.")]),
                            section("Education", level: 1, [paragraph("UMD.")])])
        let new = document([intro([]), section("Education", level: 1, [paragraph("UMD.")]), section("Work", level: 1, [paragraph("Jobs.")]),
                            section("AWS", level: 2, parent: 2, [paragraph("Metering.")])])
        #expect(DocumentDiff.compare(old, new).count == 1)
    }

    @Test func commentingOutAHeadingHidesTheSectionInOneLine() {
        var hidden = projects
        hidden.isHidden = true
        hidden.blocks = hidden.blocks.map { var b = $0; b.isHidden = true; return b }
        let changes = DocumentDiff.compare(document([skills, projects]), document([skills, hidden]))
        #expect(seen(changes) == [Seen(.sectionHidden, "Projects", .minor)])
        let back = DocumentDiff.compare(document([skills, hidden]), document([skills, projects]))
        #expect(seen(back) == [Seen(.sectionUnhidden, "Projects", .minor)])
    }

    @Test func hiddenSectionRemovedIsOneMinorHiddenLine() {
        let hidden = section("Ideas", hidden: true, [paragraph("Some ideas:", hidden: true), list(["a b", "c d", "e f"], hidden: true)])
        let changes = DocumentDiff.compare(document([skills, hidden]), document([skills]))
        #expect(seen(changes) == [Seen(.sectionRemoved, "Ideas", .minor)])
        #expect(changes.first?.isHidden == true)
        #expect(changes.first?.summary == "hidden section \"Ideas\" removed (3 items)")
    }

    @Test func sameTitleWithMostOfTheBodyReplacedIsRewritten() {
        let new = section("Skills", [list(["Cooking", "Gardening", "Painting", "Sailing"])])
        let changes = DocumentDiff.compare(document([skills]), document([new]))
        #expect(seen(changes) == [Seen(.sectionRewritten, "Skills", .major)])
        #expect(changes.first?.summary == "section \"Skills\" rewritten (3 items → 4 items)")
    }

    @Test func headingCaseChangeIsTheSameSection() {
        var shouted = skills
        shouted.title = "SKILLS"
        let changes = DocumentDiff.compare(document([skills]), document([shouted]))
        #expect(seen(changes) == [Seen(.sectionRenamed, "SKILLS", .trivial)])
    }

    @Test func headingLevelChange() {
        var deeper = skills
        deeper.level = 3
        let changes = DocumentDiff.compare(document([skills]), document([deeper]))
        #expect(seen(changes) == [Seen(.sectionEdited, "Skills", .minor)])
    }

    @Test func outputFollowsTheNewPageWithRemovalsWhereTheyWere() {
        let changes = DocumentDiff.compare(
            document([section("A", [paragraph("one two three")]), section("B", [paragraph("four five six")]), section("C", [paragraph("seven eight")])]),
            document([section("A", [paragraph("one two three four")]), section("C", [paragraph("seven eight nine")]), section("D", [paragraph("ten")])]))
        #expect(changes.map { $0.section.first ?? "" } == ["A", "B", "C", "D"])
        #expect(changes.map(\.kind) == [.paragraphEdited, .sectionRemoved, .paragraphEdited, .sectionAdded])
    }
}

@Suite struct MovesBetweenSectionsTests {
    let degree = paragraph("I hold a BS in Computer Science from the University of Maryland.")

    @Test func aParagraphMovedToAnotherSectionIsOneMove() {
        let old = document([section("Background", [paragraph("I worked at AWS."), degree]), section("Education", [paragraph("Courses I took.")])])
        let new = document([section("Background", [paragraph("I worked at AWS.")]), section("Education", [degree, paragraph("Courses I took.")])])
        let changes = DocumentDiff.compare(old, new)
        #expect(seen(changes) == [Seen(.blockMoved, "Education", .minor)])
        #expect(changes.first?.summary == "paragraph \"I hold a BS in Computer Science from…\" moved from \"Background\"")
        #expect(changes.first?.before == "Background")
    }

    @Test func anItemMovedToAnotherSectionsListIsOneMove() {
        let old = document([section("Learning", [list(["LLM Agents", "Longtermism", "Progress Studies"])]),
                            section("Working on", [list(["Blog post", "Course"])])])
        let new = document([section("Learning", [list(["Longtermism", "Progress Studies"])]),
                            section("Working on", [list(["Blog post", "Course", "LLM Agents"])])])
        let changes = DocumentDiff.compare(old, new)
        #expect(seen(changes) == [Seen(.listItemMoved, "Working on", .minor)])
        #expect(changes.first?.summary == "item \"LLM Agents\" moved from \"Learning\"")
    }

    @Test func movedSectionRecordsStayAlignedAfterFolding() {
        let certs = section("Certifications", [list(["TensorFlow Developer Certificate", "MLOps Specialization"])])
        let results = DocumentDiff.compare(pages: [
            PagePair(path: "a.md", old: document([section("A", [degree]), section("B", [paragraph("b")]), certs]),
                     new: document([section("A", []), section("B", [paragraph("b"), degree])])),
            PagePair(path: "b.md", old: document([]), new: document([certs])),
        ], options: .init())
        #expect(results[0].map(\.kind) == [.blockMoved, .sectionMovedBetweenPages])
        #expect(results[1].map(\.kind) == [.sectionMovedBetweenPages])
    }
}

@Suite struct ManyChangesTests {
    @Test func manyChangesInOneSectionAreSummarisedInOneLine() {
        let old = (0..<8).map { paragraph("Paragraph \($0) talks about metering pipelines and reliable systems.") }
        let new = (0..<8).map { paragraph("Paragraph \($0) talks about metering pipelines and dependable systems.") }
        let changes = DocumentDiff.compare(document([section("Work", old)]), document([section("Work", new)]))
        #expect(seen(changes) == [Seen(.sectionEdited, "Work", .minor)])
        #expect(changes.first?.summary == "section \"Work\" edited: 8 paragraphs edited")
    }

    @Test func theLimitIsInclusive() {
        let old = (0..<6).map { paragraph("Paragraph \($0) talks about metering pipelines and reliable systems.") }
        let new = (0..<6).map { paragraph("Paragraph \($0) talks about metering pipelines and dependable systems.") }
        let changes = DocumentDiff.compare(document([section("Work", old)]), document([section("Work", new)]))
        #expect(changes.count == DiffOptions.defaultMaxChangesPerSection)
        #expect(changes.allSatisfy { $0.kind == .paragraphEdited })
    }
}
