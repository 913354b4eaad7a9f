import Testing
import ProfileDocument
@testable import ProfileDiff

/// Pathological pages, parsed for real, compared with a small edit of themselves: the diff finishes and says
/// exactly the one thing that changed. Work is bounded by construction (pairing by identity, LIS for moves,
/// budgeted similarity, coarse word diffs past a size); the ten-minute limit is a hang guard only, far above the
/// few seconds each case takes in a debug build and the minutes a ThreadSanitizer run takes (the limit counts time
/// spent waiting for a thread, so one minute failed under TSan).
@Suite(.timeLimit(.minutes(10)))
struct PathologicalDiffTests {
    private static func sections(_ count: Int, edit: (Int) -> String? = { _ in nil }) -> String {
        var text = "---\ntitle: Big\n---\n"
        text.reserveCapacity(count * 40)
        for n in 0..<count { text += "## Section \(n)\n\n" + (edit(n) ?? "Body of section number \(n) here.") + "\n\n" }
        return text
    }

    @Test func hundredThousandSectionsWithOneEdit() throws {
        let old = ProfileDocument.parse(Self.sections(100_000))
        let new = ProfileDocument.parse(Self.sections(100_000) { $0 == 50_000 ? "Body of section number 50000 changed." : nil })
        let changes = DocumentDiff.compare(old, new)
        let change = try #require(changes.first)
        #expect(changes.count == 1, "\(changes.prefix(5).map(\.summary))")
        #expect(change.kind == .paragraphEdited)
        #expect(change.section == ["Section 50000"])
    }

    @Test func hundredThousandSectionsWithOneInsertedInTheMiddle() throws {
        let old = ProfileDocument.parse(Self.sections(100_000))
        let new = ProfileDocument.parse(Self.sections(100_000) { $0 == 50_000 ? "Body of section number 50000 here.\n\n## Inserted\n\nNew words." : nil })
        let changes = DocumentDiff.compare(old, new)
        #expect(changes.map(\.kind) == [.sectionAdded], "\(changes.prefix(5).map(\.summary))")
        #expect(changes.first?.section == ["Inserted"])
    }

    @Test func hundredThousandSectionsReversed() throws {
        let old = ProfileDocument.parse(Self.sections(100_000))
        var reversed = "---\ntitle: Big\n---\n"
        for n in (0..<100_000).reversed() { reversed += "## Section \(n)\n\nBody of section number \(n) here.\n\n" }
        let changes = DocumentDiff.compare(old, ProfileDocument.parse(reversed))
        // Reversal keeps one section in place (the longest increasing subsequence is one long) and moves the rest.
        #expect(changes.count == 99_999)
        #expect(changes.allSatisfy { $0.kind == .sectionMoved })
    }

    @Test func thirtyThousandItemListReversed() throws {
        let items = (0..<30_000).map { "- item number \($0)\n" }
        let old = ProfileDocument.parse("## List\n\n" + items.joined())
        let new = ProfileDocument.parse("## List\n\n" + items.reversed().joined())
        #expect(old.sections[1].blocks.first?.items.count == 30_000)
        let changes = DocumentDiff.compare(old, new)
        #expect(changes.map(\.summary) == ["section \"List\" edited: 29999 items moved"])
    }

    /// Each cmark pathological page against itself with one word changed at the end: one edit, in the intro.
    @Test(arguments: [
        ("nested emphasis", String(repeating: "*a **a ", count: 65_000) + "b" + String(repeating: " a** a*", count: 65_000)),
        ("emphasis closers", String(repeating: "a_ ", count: 32_500)),
        ("link openers", String(repeating: "[a", count: 32_500)),
        ("image openers", String(repeating: "![[]()", count: 40_000)),
        ("nested brackets", String(repeating: "[", count: 50_000) + "a" + String(repeating: "]", count: 50_000)),
        ("backtick runs", (1...2_500).map { "e" + String(repeating: "`", count: $0) }.joined()),
    ])
    func pathologicalParagraphWithOneWordChanged(name: String, text: String) throws {
        let old = ProfileDocument.parse(text + " final\n")
        let new = ProfileDocument.parse(text + " changed\n")
        let changes = DocumentDiff.compare(old, new)
        #expect(changes.map(\.kind) == [.paragraphEdited], "\(changes.map(\.summary))")
        #expect(changes.first?.section == [])
    }

    @Test func quotesNestedDeepWithTheTextChanged() throws {
        let prefix = String(repeating: "> ", count: 25_000)
        let changes = DocumentDiff.compare(ProfileDocument.parse(prefix + "a\n"), ProfileDocument.parse(prefix + "b\n"))
        #expect(changes.map(\.kind) == [.quoteEdited], "\(changes.map(\.summary))")
    }

    @Test func fiftyMegabyteLineWithOneWordChanged() throws {
        var old: [UInt8] = []
        old.reserveCapacity(50_000_000)
        for n in 0..<10_000_000 { old += n == 5_000_000 ? Array("wore ".utf8) : Array("word ".utf8) }
        var new = old
        new[5_000_000 * 5 + 3] = UInt8(ascii: "d")
        let changes = DocumentDiff.compare(ProfileDocument.parse(old), ProfileDocument.parse(new))
        #expect(changes.map(\.kind) == [.paragraphEdited], "\(changes.map(\.summary))")
    }
}
