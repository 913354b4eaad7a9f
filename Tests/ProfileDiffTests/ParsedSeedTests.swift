import Foundation
import Testing
import ProfileDocument
@testable import ProfileDiff

/// The seeds as the parser reads them from Tests/Fixtures/seeds.
enum Seeds {
    static func text(_ prefix: String) throws -> String {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/seeds")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix(prefix + "_") })
        return String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
    }
    static func document(_ prefix: String) throws -> ProfileDocument { ProfileDocument.parse(Array(try text(prefix).utf8)) }
}

@Suite struct ParsedSeedTests {
    /// THE test: the parsed seed 001 → seed 000 gives exactly the reader's list of EXPECTED.md, in reading order.
    @Test func seed001To000ReportsWhatAReaderSees() throws {
        let changes = DocumentDiff.compare(try Seeds.document("001"), try Seeds.document("000"))
        expectReaderSees(changes)
        let link = try #require(changes.first { $0.kind == .linkAdded })
        #expect(link.summary == "link \"resume here\" → /Michael_Liu_Resume_2025_Aug.pdf added")
        #expect(link.section.isEmpty)
        let hidden = try #require(changes.first { $0.kind == .sectionRemoved && $0.isHidden })
        #expect(hidden.summary.hasPrefix("hidden section \"Technical Interests\" removed"))
    }

    @Test func seed000To001IsTheSameStoryBackwards() throws {
        let changes = DocumentDiff.compare(try Seeds.document("000"), try Seeds.document("001"))
        #expect(changes.map(\.kind) == [.frontMatterKeyUncommented, .linkRemoved, .paragraphEdited, .sectionAdded, .sectionRewritten,
                                        .sectionRemoved, .sectionRemoved, .sectionAdded, .htmlRemoved])
        #expect(changes.map(\.summary).contains("\"Current Focus\" rewritten as \"Current Learning Focus\" (5 items → 4 items)"))
        #expect(changes.map(\.summary).contains("typo fixed: \"Data Transfer\" → \"Data transfer\""))
    }

    @Test(arguments: ["000", "001", "002"])
    func aSeedAgainstItselfHasNoChanges(seed: String) throws {
        let page = try Seeds.document(seed)
        #expect(DocumentDiff.compare(page, page).isEmpty)
    }

    @Test func blankLinesRewrappingAndTrailingSpacesAreNoChange() throws {
        let text = try Seeds.text("000")
        let reformatted = text
            .replacingOccurrences(of: "\n\n", with: "\n\n\n")
            .replacingOccurrences(of: "ways.\n", with: "ways.   \n")
            .replacingOccurrences(of: "engineering experience with", with: "engineering\nexperience with")
            .replacingOccurrences(of: "I'm learning about:", with: "I\u{2019}m learning about:")
        #expect(reformatted != text)
        let old = try Seeds.document("000"), new = ProfileDocument.parse(Array(reformatted.utf8))
        #expect(DocumentDiff.compare(old, new).isEmpty)
        let shown = DocumentDiff.compare(old, new, options: DiffOptions(includeFormatting: true))
        #expect(!shown.isEmpty && shown.allSatisfy { $0.level == .formatting })
    }

    @Test func lineEndingsAndABOMAreNoChangeEvenAsFormatting() throws {
        let text = try Seeds.text("000") + "\n\n```swift\nlet a = 1\nprint(a)\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
        let windows = "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
        let changes = DocumentDiff.compare(ProfileDocument.parse(Array(text.utf8)), ProfileDocument.parse(Array(windows.utf8)),
                                           options: DiffOptions(includeFormatting: true))
        #expect(changes.isEmpty)
    }

    @Test func resumeEditsReadAsEdits() throws {
        let text = try Seeds.text("002")
        let edited = text
            .replacingOccurrences(of: "- TensorFlow Developer Certificate Google (Oct '22)\n", with: "")
            .replacingOccurrences(of: "saving ~600PB/month", with: "saving ~650PB/month")
            .replacingOccurrences(of: "## **Certifications**", with: "## **Certifications & Courses**")
        let changes = DocumentDiff.compare(try Seeds.document("002"), ProfileDocument.parse(Array(edited.utf8)))
        #expect(changes.map(\.kind) == [.listItemEdited, .sectionRenamed, .listItemRemoved], "\(changes.map(\.summary))")
        #expect(changes.first?.level == .minor)
    }
}
