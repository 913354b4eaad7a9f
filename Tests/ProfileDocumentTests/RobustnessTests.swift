import Foundation
import Testing
@testable import ProfileDocument

/// Hostile and unusual bytes: every case parses, finishes quickly, and says what it did.
@Suite struct RobustnessTests {
    /// Wall time of `body`, for "bounded time" checks generous enough for a loaded debug build.
    private func seconds(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test func crlfFileHasTheSameStructureAndLinesAsLF() throws {
        let lf = try Seed.about.bytes
        var crlf: [UInt8] = []
        for byte in lf {
            if byte == 0x0A { crlf.append(0x0D) }
            crlf.append(byte)
        }
        let fromLF = ProfileDocument.parse(lf)
        let fromCRLF = ProfileDocument.parse(crlf)
        #expect(fromCRLF.titles == fromLF.titles)
        #expect(fromCRLF.sections.map(\.lines) == fromLF.sections.map(\.lines))
        #expect(fromCRLF.sections.flatMap(\.blocks).map(\.key) == fromLF.sections.flatMap(\.blocks).map(\.key))
        #expect(fromCRLF.frontMatter?.entries == fromLF.frontMatter?.entries)
        #expect(fromCRLF.frontMatter?.hiddenEntries == fromLF.frontMatter?.hiddenEntries)
        #expect(fromCRLF.diagnostics.isEmpty)
    }

    @Test func loneCarriageReturnsBreakLines() {
        let document = ProfileDocument.parse(Array("intro\r\r# One\rtext\r# Two\r".utf8))
        #expect(document.titles == ["", "One", "Two"])
        #expect(document.sections.map(\.lines) == [LineRange(start: 1, end: 2), LineRange(start: 3, end: 4), LineRange(start: 5, end: 5)])
    }

    @Test func byteOrderMarkIsStrippedBeforeFrontMatter() throws {
        let document = ProfileDocument.parse([0xEF, 0xBB, 0xBF] + (try Seed.aboutBefore.bytes))
        #expect(document.frontMatter?["date"] == .date("2024-02-17"))
        #expect(document.sections[1].title == "Professional Background")
        #expect(document.sections[1].lines.start == 14)
        #expect(document.diagnostics.isEmpty)
    }

    @Test func tabsIndentListsAndCode() throws {
        let document = ProfileDocument.parse("# T\n\n-\tone\n\t-\ttwo\n\npara\n\n\tcode\tline\n")
        let blocks = document.sections[1].blocks
        try #require(blocks.map(\.kind) == [.list, .paragraph, .code])
        #expect(blocks[0].items.map(\.text) == ["one", "two"])
        #expect(blocks[0].items.map(\.depth) == [0, 1])
        #expect(blocks[2].text == "code\tline")
    }

    @Test func invalidUTF8IsReplacedAndReported() throws {
        let bytes: [UInt8] = Array("# Caf".utf8) + [0xE9] + Array("\n\nok \u{2014} ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)
        let document = ProfileDocument.parse(bytes)
        #expect(document.sections[1].title == "Caf\u{FFFD}")
        #expect(document.sections[1].blocks[0].text.contains("\u{FFFD}"))
        #expect(document.sections[1].blocks[0].text.hasPrefix("ok \u{2014} "))
        let diagnostic = try #require(document.diagnostics.first)
        #expect(diagnostic.message == "encoding: 3 invalid UTF-8 sequences replaced with U+FFFD (line 1, 3)")
        #expect(diagnostic.line == 1)
        #expect(document.diagnostics.count == 1)
    }

    @Test func tenMegabyteFileParsesInBoundedTime() throws {
        let page = try Seed.about.bytes
        var big: [UInt8] = []
        big.reserveCapacity(10_500_000)
        var copies = 0
        while big.count < 10_000_000 {
            big += page
            big += Array("\n\n# Copy \(copies)\n\n".utf8)
            copies += 1
        }
        var document = ProfileDocument()
        let elapsed = seconds { document = ProfileDocument.parse(big) }
        #expect(document.sections.count > copies * 5)
        // The text ends with a line break, so its last line is the one that break ends.
        #expect(document.sections.last?.lines.end == big.count(where: { $0 == 0x0A }))
        #expect(document.sections.last?.title == "Copy \(copies - 1)")
        #expect(elapsed < 30)
    }

    @Test(arguments: [10_000, 30_000])
    func deeplyNestedQuotes(depth: Int) {
        let text = String(repeating: "> ", count: depth) + "deep\n\nafter\n"
        var document = ProfileDocument()
        let elapsed = seconds { document = ProfileDocument.parse(text) }
        let blocks = document.sections[0].blocks
        #expect(blocks.map(\.kind) == [.quote, .paragraph])
        #expect(blocks[0].text == "deep")
        #expect(document.diagnostics.contains { $0.message.contains("block quotes nested deeper than") })
        #expect(elapsed < 10)
    }

    @Test(arguments: [10_000, 30_000])
    func deeplyNestedListsAreFoldedPastTheCap(depth: Int) throws {
        // One line of markers nests as deep as indentation would, in linear size.
        let source = String(repeating: "- ", count: depth) + "deepest\n\nafter\n"
        var document = ProfileDocument()
        let elapsed = seconds { document = ProfileDocument.parse(source) }
        #expect(elapsed < 10)
        let list = try #require(document.sections[0].blocks.first)
        #expect(list.kind == .list)
        #expect(list.items.count == ProfileDocument.ParseOptions().maxKeptNesting)
        #expect(list.items.map(\.depth) == Array(0..<100))
        #expect(list.items.last?.text == "deepest")
        #expect(document.sections[0].blocks.last?.text == "after")
        #expect(document.diagnostics.contains { $0.message.contains("lists nested deeper than 100 levels") })
    }

    @Test func indentedNestingPastTheCapFoldsIntoTheDeepestKeptItem() throws {
        var source = ""
        for level in 0..<300 { source += String(repeating: " ", count: 2 * level) + "- item \(level)\n" }
        let list = try #require(ProfileDocument.parse(source).sections[0].blocks.first)
        #expect(list.items.count == 100)
        #expect(list.items.map(\.line) == Array(1...100))
        #expect(list.items.last?.text.hasPrefix("item 99\nitem 100\nitem 101") == true)
        #expect(list.items.last?.text.hasSuffix("item 299") == true)
    }

    @Test func unclosedCommentOpenersAreBounded() {
        let text = "# Top\n\n" + String(repeating: "<!--", count: 300_000) + "\n\ntext\n"
        var document = ProfileDocument()
        let elapsed = seconds { document = ProfileDocument.parse(text) }
        #expect(document.titles == ["", "Top"])
        #expect(document.sections[1].blocks.allSatisfy { $0.isHidden })
        #expect(elapsed < 10)
    }

    @Test func inlineCommentOpenersAreBounded() {
        let text = "para " + String(repeating: "<!-- a --> <!--", count: 50_000) + "\n"
        var document = ProfileDocument()
        let elapsed = seconds { document = ProfileDocument.parse(text) }
        #expect(document.sections[0].blocks.first?.kind == .paragraph)
        #expect(elapsed < 20)
    }

    @Test func hundredThousandSectionsWithEqualTitles() {
        var text = ""
        for index in 0..<100_000 { text += "## Section\n\ntext \(index)\n\n" }
        var document = ProfileDocument()
        let elapsed = seconds { document = ProfileDocument.parse(text) }
        #expect(document.sections.count == 100_001)
        #expect(document.sections.last?.slug == "section-99999")
        #expect(document.sections.last?.lines == LineRange(start: 399_997, end: 400_000))
        #expect(elapsed < 30)
    }

    @Test func tenMegabyteSingleLine() {
        let line = [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000)
        var document = ProfileDocument()
        let elapsed = seconds { document = ProfileDocument.parse(line) }
        #expect(document.sections[0].blocks.first?.text.utf8.count == 10_000_000)
        #expect(document.sections[0].lines == LineRange(start: 1, end: 1))
        #expect(elapsed < 30)
    }

    @Test func nulBytesBecomeReplacementCharacters() {
        let document = ProfileDocument.parse([0x61, 0x00, 0x62, 0x0A])
        #expect(document.sections[0].blocks.first?.text == "a\u{FFFD}b")
    }

    @Test func pathologicalInlineMarkupFinishes() {
        let cases = [
            String(repeating: "*a ", count: 20_000),
            String(repeating: "[a", count: 32_500),
            String(repeating: "![[]()", count: 40_000),
            String(repeating: "a_ ", count: 32_500),
            String(repeating: "<a href='x'>", count: 20_000),
            String(repeating: "<", count: 100_000) + ">",
        ]
        for text in cases {
            var document = ProfileDocument()
            let elapsed = seconds { document = ProfileDocument.parse(text) }
            #expect(document.sections.count == 1)
            #expect(elapsed < 10)
        }
    }

    @Test func emptyAndWhitespaceOnlyInput() {
        for text in ["", "\n", "   \n\n", "\u{FEFF}"] {
            let document = ProfileDocument.parse(text)
            #expect(document.sections.count == 1)
            #expect(document.sections[0].blocks.isEmpty)
            #expect(document.frontMatter == nil)
        }
    }
}

@Suite struct ConcurrencyTests {
    /// The history walk parses revisions in parallel; results must not depend on it.
    @Test func parsingInParallelGivesTheSameDocuments() async throws {
        let inputs = try Seed.allCases.map { try $0.bytes }
        let expected = inputs.map { ProfileDocument.parse($0) }
        let results = await withTaskGroup(of: (Int, ProfileDocument).self) { group in
            for round in 0..<24 {
                let index = round % inputs.count
                let bytes = inputs[index]
                group.addTask { (index, ProfileDocument.parse(bytes)) }
            }
            var collected: [(Int, ProfileDocument)] = []
            for await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 24)
        for (index, document) in results {
            #expect(document == expected[index])
        }
    }
}
