import Foundation
import Testing
@testable import ProfileDocument

#if canImport(Glibc)
import Glibc
#endif

/// cmark's pathological inputs at their published sizes, and the other shapes of issue 8 that
/// `RobustnessTests` and `FrontMatterTests` do not already cover (100,000 sections and a 10 MB line are there).
///
/// Each case asserts what a reader of the parse would check (the text survived, the structure is the expected
/// one, a diagnostic says what was cut). Work is bounded by construction (md4c is linear on these inputs,
/// every Swift pass over them is a single loop); the suite-wide `.timeLimit` is only a hang guard. It counts the
/// time a test waits for a thread too, so under ThreadSanitizer (5-15× slower, the 50 MB cases hogging both cores)
/// even tiny cases passed one minute; ten minutes is far above any run (the whole suite takes under 3 minutes
/// under TSan) yet still turns an infinite loop into a failure instead of a stuck CI job.
@Suite(.timeLimit(.minutes(10)))
struct PathologicalTests {
    /// The one paragraph a single-paragraph input must give, whatever markup md4c found in it.
    private func onlyParagraph(_ document: ProfileDocument, sourceLocation: SourceLocation = #_sourceLocation) throws -> Block {
        try #require(document.sections.count == 1, sourceLocation: sourceLocation)
        let blocks = document.sections[0].blocks
        try #require(blocks.count == 1, "\(blocks.map(\.kind))", sourceLocation: sourceLocation)
        return blocks[0]
    }

    private func count(_ needle: Character, in text: String) -> Int {
        text.reduce(0) { $0 + ($1 == needle ? 1 : 0) }
    }

    // MARK: - cmark's pathological cases

    /// cmark `pathological_tests.py` "nested strong emph": 65,000 openers and closers in one paragraph.
    @Test func nestedStrongEmphasis() throws {
        let text = String(repeating: "*a **a ", count: 65_000) + "b" + String(repeating: " a** a*", count: 65_000)
        let paragraph = try onlyParagraph(ProfileDocument.parse(text))
        #expect(paragraph.kind == .paragraph)
        // Markup is stripped, every word survives: 4 × 65,000 `a`s and the one `b` in the middle.
        #expect(count("a", in: paragraph.text) == 4 * 65_000)
        #expect(count("b", in: paragraph.text) == 1)
    }

    /// cmark "mismatched openers and closers", "openers and closers multiple of 3", "link openers and emph closers",
    /// "pattern [ (]( repeated", "unclosed links A/B", "many link closers with no openers" at their published sizes.
    @Test(arguments: [
        ("*a_ ", 50_000, "", "a"),
        ("c* ", 50_000, "a**b", "c"),
        ("[ a_", 50_000, "", "a"),
        ("[ (](", 80_000, "", "("),
        ("[a](<b", 30_000, "", "b"),
        ("[a](b", 30_000, "", "b"),
        ("a]", 65_000, "", "a"),
        ("_a ", 65_000, "", "a"),
    ])
    func unmatchedInlineDelimiters(unit: String, repeats: Int, prefix: String, counted: String) throws {
        let paragraph = try onlyParagraph(ProfileDocument.parse(prefix + String(repeating: unit, count: repeats)))
        #expect(paragraph.kind == .paragraph)
        // None of these closes a link or an emphasis, so the counted character is all still in the text.
        let expected = repeats * unit.filter { String($0) == counted }.count + prefix.filter { String($0) == counted }.count
        #expect(count(Character(counted), in: paragraph.text) == expected)
        #expect(paragraph.links.isEmpty)
    }

    /// cmark "nested brackets": 50,000 `[` then `a` then 50,000 `]`. No link, so the brackets are text.
    @Test func nestedBrackets() throws {
        let text = String(repeating: "[", count: 50_000) + "a" + String(repeating: "]", count: 50_000)
        let paragraph = try onlyParagraph(ProfileDocument.parse(text))
        #expect(paragraph.text == text)
        #expect(paragraph.links.isEmpty)
    }

    /// cmark "nested block quotes" at the size issue 8 names (`RobustnessTests` has 10,000 and 30,000 with a
    /// paragraph after; this is the published shape: the text on the same line, nothing after).
    @Test func blockQuotesTwentyFiveThousandDeep() throws {
        let document = ProfileDocument.parse(String(repeating: "> ", count: 25_000) + "a")
        let quote = try onlyParagraph(document)
        #expect(quote.kind == .quote)
        #expect(quote.text == "a")
        #expect(document.diagnostics.contains { $0.message.contains("block quotes nested deeper than") })
    }

    /// cmark "backticks": 2,500 growing backtick runs, `e` + one more backtick each time. No run has a closer
    /// of its own length, so nothing is code and every backtick stays in the text.
    @Test func growingBacktickRuns() throws {
        let text = (1...2_500).map { "e" + String(repeating: "`", count: $0) }.joined()
        let paragraph = try onlyParagraph(ProfileDocument.parse(text))
        #expect(paragraph.kind == .paragraph)
        #expect(count("e", in: paragraph.text) == 2_500)
        #expect(count("`", in: paragraph.text) == 2_500 * 2_501 / 2)
    }

    /// cmark "unclosed <!--": `</` then 300,000 comment openers, inline in a paragraph (`RobustnessTests` covers
    /// them at the start of a line, where they open an HTML block).
    @Test func unclosedCommentOpenersInline() throws {
        let text = "# Top\n\nkept text </" + String(repeating: "<!--", count: 300_000) + "\n\n## After\n\nvisible\n"
        let document = ProfileDocument.parse(text)
        #expect(document.titles == ["", "Top", "After"])
        let top = try document.section("Top")
        #expect(top.blocks.first?.text.hasPrefix("kept text") == true)
        #expect(try document.section("After").blocks.map(\.text) == ["visible"])
        #expect(try document.section("After").blocks.allSatisfy { !$0.isHidden })
    }

    /// cmark "U+0000 in input", and NUL bytes where they could do harm: a heading, a link target,
    /// front matter (C strings end at a NUL; nothing after one may be lost or read past).
    @Test func nulBytesEverywhere() throws {
        let cmark = ProfileDocument.parse([0x61, 0x62, 0x63, 0x00, 0x64, 0x65, 0x00])
        #expect(try onlyParagraph(cmark).text == "abc\u{FFFD}de\u{FFFD}")

        let bytes = Array("---\ntitle: a".utf8) + [0] + Array("b\n---\n# Head".utf8) + [0] + Array("ing\n\n[li".utf8) + [0]
            + Array("nk](/pa".utf8) + [0] + Array("th) after\n".utf8)
        let document = ProfileDocument.parse(bytes)
        #expect(document.titles == ["", "Head\u{FFFD}ing"])
        let paragraph = try #require(document.sections[1].blocks.first)
        #expect(paragraph.text.hasSuffix(" after"))
        // md4c takes the replaced NUL for a control character and does not read a link here (cmark would);
        // what matters is that the text after it is neither lost nor read past.
        #expect(paragraph.text.contains("li\u{FFFD}nk"))
        #expect(document.frontMatter?.format == .yaml)
    }

    // MARK: - Size

    /// A 50 MB single line: one paragraph, every word kept, and the one line is line 1.
    @Test func fiftyMegabyteSingleLine() throws {
        let word = Array("word ".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(50_000_000)
        for _ in 0..<10_000_000 { bytes += word }
        let document = ProfileDocument.parse(bytes)
        let paragraph = try onlyParagraph(document)
        #expect(paragraph.lines == LineRange(start: 1, end: 1))
        #expect(paragraph.text.utf8.count == 50_000_000 - 1)
        #expect(paragraph.text.hasPrefix("word word"))
    }

    // MARK: - Encoding

    /// Every kind of invalid UTF-8: lone continuation bytes, truncated sequences, overlong forms, surrogates,
    /// code points past U+10FFFF, bytes that never occur, and a sequence cut off at the end of the file.
    /// Each is replaced, the valid text around it is kept exactly, and the diagnostic gives the first line.
    @Test(arguments: [
        ("lone continuation", [0x80] as [UInt8]),
        ("truncated 3-byte", [0xE2, 0x82]),
        ("overlong slash", [0xC0, 0xAF]),
        ("overlong NUL", [0xC0, 0x80]),
        ("surrogate", [0xED, 0xA0, 0x80]),
        ("past U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ("never valid", [0xFE, 0xFF]),
        ("5-byte form", [0xF8, 0x88, 0x80, 0x80, 0x80]),
    ])
    func invalidUTF8Forms(name: String, invalid: [UInt8]) throws {
        let bytes = Array("# Title\n\nbefore ".utf8) + invalid + Array(" after\n\n- item ".utf8) + invalid
        let document = ProfileDocument.parse(bytes)
        #expect(document.titles == ["", "Title"])
        let blocks = document.sections[1].blocks
        try #require(blocks.map(\.kind) == [.paragraph, .list])
        #expect(blocks[0].text.hasPrefix("before \u{FFFD}"))
        #expect(blocks[0].text.hasSuffix("\u{FFFD} after"))
        #expect(blocks[0].text.unicodeScalars.allSatisfy { $0 == "\u{FFFD}" || $0.isASCII })
        #expect(blocks[1].items.first?.text.hasPrefix("item \u{FFFD}") == true)
        let diagnostic = try #require(document.diagnostics.first { $0.message.hasPrefix("encoding:") })
        #expect(diagnostic.line == 3)
        #expect(diagnostic.message.contains("(line 3"))
    }

    /// A file of nothing but invalid bytes (a binary blob renamed `.md`): parsed, reported, no crash.
    @Test func everyNonASCIIByteAlone() throws {
        var bytes: [UInt8] = []
        for round in 0..<1_000 { for byte in UInt8(0x80)...UInt8(0xFF) { bytes.append(byte); if round % 7 == 0 { bytes.append(0x0A) } } }
        let document = ProfileDocument.parse(bytes)
        #expect(document.diagnostics.contains { $0.message.hasPrefix("encoding: ") && $0.line == 1 })
        let text = document.sections.flatMap(\.blocks).map(\.text).joined()
        #expect(!text.isEmpty)
        #expect(text.unicodeScalars.allSatisfy { $0 == "\u{FFFD}" || $0 == " " })
    }

    // MARK: - Front matter

    /// The billion-laughs document (nine aliases, each nine times the one before: 9^9 ≈ 387 million strings once
    /// expanded; Yams' `load` takes 7.8 GB on it). The parse must stop at the node budget with a diagnostic, keep
    /// the body, and leave the process far from gigabytes: the peak resident size of the whole test process
    /// is checked, which an expansion would push past 4 GiB whatever else runs beside it.
    @Test func billionLaughsStaysSmall() throws {
        let bomb = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

            """
        #expect(bomb.utf8.count < 432)
        let document = ProfileDocument.parse("---\n" + bomb + "---\n# Body\n\ntext\n")
        #expect(document.diagnostics.contains { $0.severity == .error && $0.message.contains("more than 100000 values") })
        #expect(document.titles == ["", "Body"])
        // Whatever was kept is bounded by the node budget, not by the expansion.
        let kept = document.frontMatter?.entries.reduce(0) { $0 + $1.value.displayText.utf8.count } ?? 0
        #expect(kept < 10_000_000)

        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakBytes = Int(usage.ru_maxrss) * 1_024
        #expect(peakBytes < 4 << 30, "peak resident size \(peakBytes >> 20) MiB")
    }

    /// Balanced nesting 10,000 deep in every front-matter format (`FrontMatterTests` covers unclosed YAML openers
    /// and JSON/TOML arrays): YAML flow sequences and mappings, TOML inline tables and a dotted table header,
    /// JSON objects. Each is refused or cut with a diagnostic; the keys before it and the body are kept.
    @Test(arguments: [
        ("yaml flow sequences", "---\nok: 1\ndeep: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n---\n", "yaml"),
        ("yaml flow mappings", "---\nok: 1\ndeep: " + String(repeating: "{a: ", count: 10_000) + "x" + String(repeating: "}", count: 10_000) + "\n---\n", "yaml"),
        // Block nesting costs a column a level, so 1,400 levels is as deep as fits in the 1 MiB front-matter limit.
        ("yaml block mappings", "---\nok: 1\n" + (0..<1_400).map { String(repeating: " ", count: $0) + "k:\n" }.joined() + String(repeating: " ", count: 1_400) + "v\n---\n", "yaml"),
        ("toml inline tables", "+++\nok = 1\ndeep = " + String(repeating: "{a = ", count: 10_000) + "1" + String(repeating: "}", count: 10_000) + "\n+++\n", "toml"),
        ("toml dotted header", "+++\nok = 1\n[" + Array(repeating: "a", count: 10_000).joined(separator: ".") + "]\nx = 1\n+++\n", "toml"),
        ("toml dotted key", "+++\nok = 1\n" + Array(repeating: "a", count: 10_000).joined(separator: ".") + " = 1\n+++\n", "toml"),
        ("json objects", "{\"ok\": 1, \"deep\": " + String(repeating: "{\"a\": ", count: 10_000) + "1" + String(repeating: "}", count: 10_000) + "}\n", "json"),
    ])
    func frontMatterTenThousandDeep(name: String, frontMatter: String, format: String) throws {
        let document = ProfileDocument.parse(frontMatter + "# Body\n\ntext\n")
        #expect(document.titles == ["", "Body"])
        #expect(try document.section("Body").blocks.map(\.text) == ["text"])
        let problem = try #require(document.diagnostics.first { $0.message.hasPrefix("front matter: \(format): ") }, "\(document.diagnostics)")
        #expect(problem.message.contains("nested") || problem.message.contains("deep"), "\(problem.message)")
        // Where the format lets the keys before the deep value be read, they are kept.
        if let frontMatter = document.frontMatter, !frontMatter.entries.isEmpty {
            #expect(frontMatter["ok"] == .integer(1))
        }
    }

    /// Malformed TOML and JSON of the kinds people actually write: each gives one `front matter:` error naming
    /// the format, and the body is still parsed as body (never as front matter, never lost).
    @Test(arguments: [
        "+++\ntitle = \"unterminated\n+++\n",
        "+++\ntitle = 'a'\ntitle = 'b'\n+++\n",
        "+++\n[params]\nx = 1\n[params]\ny = 2\n+++\n",
        "+++\ndate = 2024-13-45\n+++\n",
        "+++\nn = 0x\n+++\n",
        "+++\ntags = [\"a\", \"b\"\n+++\n",
        "+++\nkey\n+++\n",
        "+++\n= 1\n+++\n",
        "+++\na = { b = 1, }\n+++\n",
        "+++\n\u{FFFD}\u{FFFD} = 1\n+++\n",
        "{\"title\": \"a\" \"b\": 1}\n",
        "{\"title\": 'single'}\n",
        "{\"title\": \"tab\tinside\"}\n",
        "{\"n\": 01}\n",
        "{\"n\": NaN}\n",
        "{\"title\": \"\\ud800\"}\n",
        "{\"a\": [1, 2}\n",
    ])
    func malformedTOMLAndJSON(frontMatter: String) throws {
        let document = ProfileDocument.parse(frontMatter + "# Body\n\ntext\n")
        let format = frontMatter.hasPrefix("+++") ? "toml" : "json"
        #expect(document.diagnostics.contains { $0.message.hasPrefix("front matter: \(format): ") }, "\(document.diagnostics)")
        #expect(document.titles.last == "Body")
        #expect(try document.section("Body").blocks.map(\.text) == ["text"])
    }
}
