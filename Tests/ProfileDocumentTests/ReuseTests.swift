import Foundation
import Testing
@testable import ProfileDocument

/// `parse(_:reusing:)` takes sections from an earlier version; it must always give what a full parse gives.
@Suite struct ReuseTests {
    /// Parses `new` reusing a parse of `old`, checks it against a full parse, and says whether anything was reused.
    @discardableResult
    private func expectSameAsFullParse(_ old: [UInt8], _ new: [UInt8], _ label: @autoclosure () -> String,
                                       sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let base = ProfileDocument.parse(old, reusing: nil)
        let reused = ProfileDocument.parse(new, reusing: base)
        let full = ProfileDocument.parse(new)
        #expect(reused.document == full, "\(label())", sourceLocation: sourceLocation)
        return reused.parsedBodyBytes < fullBodyBytes(new)
    }

    private func fullBodyBytes(_ bytes: [UInt8]) -> Int {
        ProfileDocument.parse(bytes, reusing: nil).parsedBodyBytes
    }

    private static let history = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("history")

    @Test func seedRevisionsBothWays() throws {
        let about = try Seed.about.bytes, before = try Seed.aboutBefore.bytes
        expectSameAsFullParse(before, about, "seed: before → after")
        expectSameAsFullParse(about, before, "seed: after → before")
    }

    @Test func sampleHistoryPagesBothWays() throws {
        let steps = try FileManager.default.contentsOfDirectory(atPath: Self.history.path).filter { $0.first?.isNumber == true }.sorted()
        var pairs = 0
        for page in ["content/about.md", "content/resume.md"] {
            var previous: [UInt8]?
            for step in steps {
                guard let data = FileManager.default.contents(atPath: Self.history.appendingPathComponent(step).appendingPathComponent(page).path) else { continue }
                let bytes = Array(data)
                if let previous, previous != bytes {
                    expectSameAsFullParse(previous, bytes, "\(page) into \(step)")
                    expectSameAsFullParse(bytes, previous, "\(page) back from \(step)")
                    pairs += 1
                }
                previous = bytes
            }
        }
        #expect(pairs >= 10)
    }

    /// Lines that change how the lines around them read: every construct whose reach crosses a heading.
    private static let trickyLines = [
        "# Title", "## Skills", "### Skills", "#", "## ", "#nospace", "# <img alt=\"pic\" src=\"x.png\">", "# <br>",
        "```", "~~~ swift", "    indented code", "<!--", "-->", "<!-- ---", "<!-- ***", "<!-- ```", "<!-- # Hidden heading -->", "<!-- a comment -->",
        "<!--more-->", "<div>", "</div>", "<pre>", "</pre>", "- item", "  - nested item", "1. first", "- [ ] task",
        "> quote", "> — Someone", "| a | b |", "|---|---|", "---", "===", "***", "", "", "plain words here",
        "[ref]: /somewhere", "a [ref] link", "[link](https://example.com) and <https://x.org>", "Setext title",
        "<a href=\"/x\">text", "</a>", "\t# tab heading", "## Quotes I'm thinking about", "## Skills",
    ]

    /// A random edit of a page, line-wise or inside a line, chained: each version is parsed reusing the last.
    @Test func randomEditsChainedMatchFullParse() throws {
        var generator = SplitMix64(seed: 2026)
        var reusedCount = 0, cases = 0
        for seed in [Seed.about, .aboutBefore, .resume] {
            let original = try seed.bytes
            var lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var base = ProfileDocument.parse(original, reusing: nil)
            for step in 0..<400 {
                let before = lines
                let at = Int(generator.next() % UInt64(max(lines.count, 1)))
                switch generator.next() % 6 {
                case 0: lines.insert(Self.trickyLines[Int(generator.next() % UInt64(Self.trickyLines.count))], at: at)
                case 1: if !lines.isEmpty { lines.remove(at: at) }
                case 2: if !lines.isEmpty { lines[at] = Self.trickyLines[Int(generator.next() % UInt64(Self.trickyLines.count))] }
                case 3: if !lines.isEmpty { lines[at] += " more words" }
                case 4:
                    // A whole heading moved: a section swap.
                    let other = Int(generator.next() % UInt64(max(lines.count, 1)))
                    if !lines.isEmpty { lines.swapAt(at, other) }
                default: if !lines.isEmpty, !lines[at].isEmpty { lines[at].removeLast() }
                }
                let text = lines.joined(separator: "\n")
                let bytes = Array(text.utf8)
                let reused = ProfileDocument.parse(bytes, reusing: base)
                let full = ProfileDocument.parse(bytes)
                #expect(reused.document == full, "\(seed) step \(step): \(Self.firstDifference(before, lines))")
                if reused.parsedBodyBytes < ProfileDocument.parse(bytes, reusing: nil).parsedBodyBytes { reusedCount += 1 }
                cases += 1
                base = reused
                // Keep pages the size of real ones: restart from the seed when the edits have piled up.
                if step % 100 == 99 {
                    lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    base = ProfileDocument.parse(original, reusing: nil)
                }
            }
        }
        // The test is only worth something if most edits took the reusing path.
        #expect(reusedCount * 3 > cases, "reused in \(reusedCount) of \(cases) edits")
    }

    private static func firstDifference(_ a: [String], _ b: [String]) -> String {
        let index = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
        return "line \(index + 1): \(index < a.count ? a[index] : "(none)") → \(index < b.count ? b[index] : "(none)")"
    }

    // MARK: Edits whose reach crosses the headings the reuse stops at

    private static let page = """
        ---
        title: About
        ---
        Intro with a [link](/x).

        ## Skills
        - Swift
        - C

        ## Projects
        A paragraph.

        ### Skills
        Nested, so its slug is skills-1.

        ## Contact
        > Be kind.
        > — Someone

        ## Footer
        The end.

        """

    private func edited(_ replace: String, with replacement: String) -> [UInt8] {
        Array(Self.page.replacingOccurrences(of: replace, with: replacement).utf8)
    }

    @Test func editInsideOneSectionReusesTheRest() {
        let old = Array(Self.page.utf8), new = edited("A paragraph.", with: "A longer paragraph,\nnow on two lines.")
        #expect(expectSameAsFullParse(old, new, "paragraph grown by a line"))
        let reused = ProfileDocument.parse(new, reusing: ProfileDocument.parse(old, reusing: nil))
        // Only "## Projects" through the line of "### Skills" was read again.
        #expect(reused.parsedBodyBytes == "## Projects\nA longer paragraph,\nnow on two lines.\n\n### Skills\n".utf8.count)
        #expect(reused.document.sections.last?.lines.start == 21)
    }

    @Test func openFenceSwallowsTheFollowingHeadings() {
        #expect(!expectSameAsFullParse(Array(Self.page.utf8), edited("A paragraph.", with: "```\nA paragraph."), "fence opened"))
    }

    @Test func openCommentHidesTheFollowingHeadings() {
        expectSameAsFullParse(Array(Self.page.utf8), edited("A paragraph.", with: "<!--\nA paragraph."), "comment opened")
        expectSameAsFullParse(edited("A paragraph.", with: "<!--\nA paragraph."), Array(Self.page.utf8), "comment closed")
    }

    @Test func referenceDefinitionMeansAFullParse() {
        let new = edited("A paragraph.", with: "A paragraph.\n\n[link]: /elsewhere")
        #expect(!expectSameAsFullParse(Array(Self.page.utf8), new, "definition added"))
    }

    @Test func headingAddedBeforeRenumbersLaterSlugs() {
        let new = edited("## Projects", with: "## Skills\nAgain.\n\n## Projects")
        #expect(expectSameAsFullParse(Array(Self.page.utf8), new, "duplicate title added"))
        let document = ProfileDocument.parse(new, reusing: ProfileDocument.parse(Array(Self.page.utf8), reusing: nil)).document
        #expect(document.sections.map(\.slug).contains("skills-2"))
    }

    @Test func headingLevelChangeReparentsLaterSections() {
        expectSameAsFullParse(Array(Self.page.utf8), edited("## Projects", with: "#### Projects"), "level lowered")
        expectSameAsFullParse(Array(Self.page.utf8), edited("## Contact", with: "Contact\n======="), "setext heading")
        expectSameAsFullParse(Array(Self.page.utf8), edited("## Contact", with: "#"), "empty heading")
    }

    /// A heading without text is put on the first non-blank line after the last text, which can be another line
    /// than its own (even another empty heading's, as the random edits found): it anchors no reuse, the heading
    /// before it does.
    @Test func emptyHeadingAnchorsNoReuse() {
        let old = edited("## Contact", with: "##"), new = edited("## Contact\n> Be kind.", with: "##\n> Be very kind.")
        #expect(expectSameAsFullParse(old, new, "edit under an empty heading"))
        let reused = ProfileDocument.parse(new, reusing: ProfileDocument.parse(old, reusing: nil))
        #expect(reused.parsedBodyBytes == "### Skills\nNested, so its slug is skills-1.\n\n##\n> Be very kind.\n> — Someone\n\n## Footer\n".utf8.count)
        let twoEmpty = Array("Intro\n</pre>\n## \n\n## \n- item\n\n## Next\nText.\n".utf8)
        expectSameAsFullParse(twoEmpty, Array("Intro\n</pre>\n## \n\n## \n- item\n- another\n\n## Next\nText.\n".utf8), "two empty headings")
    }

    /// A block without text is placed by scanning the lines after the last text, and a commented-out rule looks for
    /// the next line shaped like one, past later headings (FuzzReuse found this): sections before an edit that such a
    /// look reached are read again.
    @Test func lookAheadPastTheEditIsNotReused() {
        let old = Array("""
            ## A
            <!-- ---
            hidden -->

            ## B
            Text of B.

            ## C
            ---
            Text of C.

            """.utf8)
        let new = Array(String(decoding: old, as: UTF8.self).replacingOccurrences(of: "Text of B.", with: "Text of B,\nnow longer.").utf8)
        expectSameAsFullParse(old, new, "line inserted between a hidden rule and the line it found")
        expectSameAsFullParse(new, old, "line removed between a hidden rule and the line it found")
        // The kept input of the fuzz run: the same shape inside a longer page.
        let bytes = try? Array(Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions/FuzzReuse/hidden-rule-placed-past-the-edit")))
        let input = bytes ?? []
        #expect(!input.isEmpty)
        let cut = input.firstIndex(of: 0xFF) ?? input.count / 2
        let first = Array(input[..<cut]), second = Array(input[min(cut + 1, input.count)...])
        var edited = first
        if second.count >= 2 {
            let at = first.isEmpty ? 0 : Int(second[0]) * first.count / 256
            edited.replaceSubrange(at..<at + min(Int(second[1]) % 32, first.count - at), with: second.dropFirst(2).prefix(64))
        }
        expectSameAsFullParse(first, edited, "fuzz input, edited")
        expectSameAsFullParse(edited, first, "fuzz input, edit undone")
    }

    @Test func frontMatterEditShiftsTheBody() {
        expectSameAsFullParse(Array(Self.page.utf8), edited("title: About", with: "title: About\ndate: 2024-02-17"), "key added")
        // Same place, same length, another value: the front matter of the earlier version must not be taken.
        expectSameAsFullParse(Array(Self.page.utf8), edited("title: About", with: "title: Abode"), "value changed in place")
        expectSameAsFullParse(Array(Self.page.utf8), edited("---\ntitle: About\n---\n", with: ""), "front matter removed")
    }

    @Test func lineEndingsAndByteOrderMark() {
        let crlf = Array(Self.page.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let crlfEdited = Array(Self.page.replacingOccurrences(of: "A paragraph.", with: "Another\nparagraph.").replacingOccurrences(of: "\n", with: "\r\n").utf8)
        // md4c reads CRLF text differently from a heading on than within the whole page: parsed whole.
        #expect(!expectSameAsFullParse(crlf, crlfEdited, "CRLF page"))
        expectSameAsFullParse([0xEF, 0xBB, 0xBF] + Array(Self.page.utf8), edited("A paragraph.", with: "B"), "BOM dropped")
        let cr = Array(Self.page.replacingOccurrences(of: "\n", with: "\r").utf8)
        expectSameAsFullParse(cr, Array(Self.page.replacingOccurrences(of: "A paragraph.", with: "C").replacingOccurrences(of: "\n", with: "\r").utf8), "CR page")
    }
}
