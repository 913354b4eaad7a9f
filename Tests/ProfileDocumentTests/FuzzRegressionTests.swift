import Testing
import ProfileDocument

/// Inputs found by the libFuzzer targets in Fuzz/ (`make fuzz`), each kept with the property it broke.
@Suite struct FuzzRegressionTests {
    /// FuzzFrontMatter: a page that is only front matter put its empty intro on the line after the last one
    /// ("section 0 lines 2-2 outside 1-1"), so `show` and the diff named a line the file does not have.
    @Test(arguments: [
        ("{\"a\": {\"b\": {\"c\": [1, {\"d\": null}]}}}\n", 1),
        ("{\"title\": \"x\"}", 1),
        ("---\ntitle: x\n---\n", 3),
        ("---\ntitle: x\n...", 3),
        ("+++\ntitle = \"x\"\n+++\r\n", 3),
    ])
    func frontMatterWithoutBodyKeepsEveryLineInTheFile(page: String, lines: Int) {
        let document = ProfileDocument.parse(page)
        #expect(document.frontMatter != nil)
        #expect(document.frontMatter?.lines.end == lines)
        for section in document.sections {
            #expect(section.lines.start >= 1 && section.lines.end <= lines, "section '\(section.title)' lines \(section.lines.start)-\(section.lines.end) in a \(lines)-line file")
        }
    }

    /// FuzzFrontMatter: toml++ (inside TOMLKit) aborted the whole process on a date-time whose `T` is not followed
    /// by a digit (an assertion in `parse_time`). The value is reported and the page is still read.
    @Test(arguments: [
        "+++\ntitle = \"About\"\ndate = 2024-02-17Tx0:00:00Z\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\ndate = 2024-02-17T\u{11}0:00:00Z\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\ndates = [2024-02-17t]\n+++\n\n# Title\n",
    ])
    func tomlDateTimeWithoutTimeIsReportedNotFatal(page: String) {
        Self.expectTOMLErrorAndBody(page, mentioning: "front matter: toml:", line: 3)
    }

    /// The same characters inside strings and comments are text, and a whole date-time still parses.
    @Test func tomlDateTimeCheckLeavesStringsCommentsAndValidValuesAlone() {
        let document = ProfileDocument.parse(
            "+++\ntitle = \"2024-02-17Tx\"\nnote = '''\n2024-02-17T\n'''\n# date = 2024-02-17Tx\ndate = 2024-02-17T10:00:00Z\n+++\n")
        #expect(document.diagnostics.isEmpty)
        #expect(document.frontMatter?["title"] == .string("2024-02-17Tx"))
        #expect(document.frontMatter?["date"] != nil)
    }

    /// FuzzFrontMatter: toml++ also aborted on a table header whose `[` is not followed by a key.
    @Test(arguments: [
        "+++\ntitle = \"About\"\n[!]\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\n[\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\n[[ {a = 1}]]\n+++\n\n# Title\n",
    ])
    func tomlTableHeaderWithoutKeyIsReportedNotFatal(page: String) {
        Self.expectTOMLErrorAndBody(page, mentioning: "table header", line: 3)
    }

    /// FuzzFrontMatter: toml++ also aborted on a `}` where an array's next value should be, comments and line
    /// breaks between them or not, and on U+0085, U+2028 or U+2029 there (whitespace to it, but never skipped).
    @Test(arguments: [
        "+++\ntitle = \"About\"\nx = [}]\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\nx = [1,}]\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\nx = { a = 1, b = [1,\n}]\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\nx = [ # note\n}]\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\nx = [1,\r\n}]\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\nx = [\u{2028}1]\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\nx = [1,\u{85}2]\n+++\n\n# Title\n",
    ])
    func tomlBraceWhereAnArrayValueShouldBeIsReportedNotFatal(page: String) {
        Self.expectTOMLErrorAndBody(page, mentioning: "array needs a value", line: nil)
    }

    /// FuzzFrontMatter: toml++ aborted on a value of ten characters shaped like a date, then a space and a single
    /// digit (it takes the digit for the start of a time), whatever the ten characters are, ASCII or not, and
    /// whatever ends the digit.
    @Test(arguments: [
        "+++\ntitle = \"About\"\ndate = 2024-02-01 1\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\ndate = 2024-02-1= 1, b = [1, 2] }\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\ndates = [2024-02-ab 1]\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\nx = {d = 2024-02-01 1}\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\ndate = 20\u{E9}4-02-01 1\n+++\n\n# Title\n",
        "+++\ntitle = \"About\"\ndate = 2024-02-01 1\u{A0}\n+++\n\n# Title\n",
    ])
    func tomlDateWithASingleDigitAfterTheSpaceIsReportedNotFatal(page: String) {
        Self.expectTOMLErrorAndBody(page, mentioning: "HH:MM after the space", line: 3)
    }

    /// What every TOML input toml++ would abort on must give instead: TOML front matter with an error on its line,
    /// and the body still read.
    static func expectTOMLErrorAndBody(_ page: String, mentioning text: String, line: Int?,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        let document = ProfileDocument.parse(page)
        #expect(document.frontMatter?.format == .toml, sourceLocation: sourceLocation)
        #expect(document.diagnostics.contains { $0.severity == .error && $0.message.contains(text) && (line == nil || $0.line == line) },
                "\(document.diagnostics)", sourceLocation: sourceLocation)
        #expect(document.sections.map(\.title) == ["", "Title"], sourceLocation: sourceLocation)
    }

    /// Date-times with a space, dates before a comment, and a bare key shaped like a date still parse.
    @Test func tomlDateSpaceCheckLeavesValidValuesAndKeysAlone() {
        let document = ProfileDocument.parse(
            "+++\na = 1979-05-27 07:32:00\nb = [1979-05-27 07:32:00Z, 1979-05-27]\nc = 1979-05-27 # 1 more\n1234-56-7= 1\ne = \"2024-02-01 1\"\n+++\n")
        #expect(document.diagnostics.isEmpty)
        #expect(document.frontMatter?.entries.map(\.key) == ["a", "b", "c", "1234-56-7", "e"])
    }

    /// Empty arrays, trailing commas, inline tables inside arrays and braces inside strings are valid and still parse.
    @Test func tomlArrayCheckLeavesValidArraysAlone() {
        let document = ProfileDocument.parse(
            "+++\na = []\nb = [1, 2,]\nc = [{x = 1}, {y = [2]}]\nd = [\"}\", '}']\ne = [\n  # c\n  1,\n]\n+++\n")
        #expect(document.diagnostics.isEmpty)
        #expect(document.frontMatter?.entries.map(\.key) == ["a", "b", "c", "d", "e"])
    }

    /// FuzzDiff: md4c 0.4.8 reads past the end of its input on a link destination left open at the very end, looking
    /// for the `)`: with `)` bytes in the memory that followed, it crashed or turned that memory into text. Here the
    /// page's own array has spare capacity full of `)`, just past its last byte.
    @Test(arguments: ["a [x](htt", "# About\n\n- [@me](htt", "<!-- [x](htt -->\ntext [y](ht"])
    func linkLeftOpenAtTheEndReadsNothingPastIt(page: String) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(page.utf8.count + 4096)
        bytes.append(contentsOf: page.utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: ")"), count: 4096))
        bytes.removeLast(4096)
        let document = ProfileDocument.parse(bytes)
        let texts = document.sections.flatMap { $0.blocks.map(\.text) + $0.blocks.flatMap { $0.items.map(\.text) } }
        #expect(!texts.contains { $0.contains(")") }, "\(texts)")
        #expect(document.sections.flatMap(\.links).allSatisfy { !$0.destination.contains(")") })
    }

    /// Arrays and tables written over several lines are values, not headers, and still parse.
    @Test func tomlHeaderCheckLeavesValuesAlone() {
        let document = ProfileDocument.parse("+++\nlist = [\n  [1, 2],\n  [\"a\"],\n]\n[params]\ntoc = true\n[[menu]]\nname = 'x'\n+++\n")
        #expect(document.diagnostics.isEmpty)
        #expect(document.frontMatter?.entries.map(\.key) == ["list", "params", "menu"])
    }

    /// FuzzDocument: YAML also breaks lines at U+0085, so Yams put an unterminated string's error past the end of
    /// the file ("line 11" of a 10-line file). Every line a diagnostic names is a line of the file.
    @Test func yamlErrorAfterNextLineCharactersStaysInsideTheFile() {
        let page = "---\ntitle: \"Ab\u{85}\u{85}\u{85}\u{85}c\nx: 1\n---\n"
        let document = ProfileDocument.parse(page)
        #expect(document.diagnostics.contains { $0.message.hasPrefix("front matter: yaml:") })
        for diagnostic in document.diagnostics {
            #expect((1...4).contains(diagnostic.line ?? 1), "\(diagnostic.message) on line \(diagnostic.line ?? 0)")
        }
    }
}
