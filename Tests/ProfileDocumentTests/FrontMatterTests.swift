import Foundation
import Testing
@testable import ProfileDocument

@Suite struct FrontMatterTests {
    @Test func yamlValuesAreTypedAndOrdered() throws {
        let document = ProfileDocument.parse("""
        ---
        zeta: 1
        title: 'Quoted: yes'
        date: 2024-02-17T10:00:00Z
        weight: 2.5
        tags: [ai, "safety"]
        params:
          b: true
          a: ~
        when: "2024-02-17"
        ---
        Body
        """)
        let frontMatter = try #require(document.frontMatter)
        #expect(frontMatter.entries.map(\.key) == ["zeta", "title", "date", "weight", "tags", "params", "when"])
        #expect(frontMatter.entries.map(\.line) == [2, 3, 4, 5, 6, 7, 10])
        #expect(frontMatter["zeta"] == .integer(1))
        #expect(frontMatter["title"] == .string("Quoted: yes"))
        #expect(frontMatter["date"] == .date("2024-02-17T10:00:00Z"))
        #expect(frontMatter["weight"] == .double(2.5))
        #expect(frontMatter["tags"] == .array([.string("ai"), .string("safety")]))
        #expect(frontMatter["params"] == .table([FrontMatterEntry(key: "b", value: .bool(true), line: 8),
                                                 FrontMatterEntry(key: "a", value: .null, line: 9)]))
        // A quoted date is a string the author chose to quote.
        #expect(frontMatter["when"] == .string("2024-02-17"))
        #expect(document.sections[0].blocks.map(\.text) == ["Body"])
        #expect(document.sections[0].lines.start == 12)
    }

    @Test func commentedOutKeysAreHiddenEntriesWithTypedValues() throws {
        let document = ProfileDocument.parse("""
        ---
        title: About
        # date: 2024-02-17
        #draft: true
        # just a remark
        #   tags: [a, b]
        ---
        """)
        let frontMatter = try #require(document.frontMatter)
        #expect(frontMatter.entries.map(\.key) == ["title"])
        #expect(frontMatter.hiddenEntries == [
            FrontMatterEntry(key: "date", value: .date("2024-02-17"), line: 3),
            FrontMatterEntry(key: "draft", value: .bool(true), line: 4),
            FrontMatterEntry(key: "tags", value: .array([.string("a"), .string("b")]), line: 6),
        ])
    }

    @Test func commentedOutValueThatDoesNotParseFallsBackToString() throws {
        let document = ProfileDocument.parse("---\ntitle: x\n# note: [unclosed\n---\n")
        let hidden = try #require(document.frontMatter?.hiddenEntries)
        #expect(hidden == [FrontMatterEntry(key: "note", value: .string("[unclosed"), line: 3)])
        #expect(document.diagnostics.isEmpty)
    }

    @Test func brokenYAMLIsReportedWithItsLineAndTheBodyIsStillParsed() throws {
        let document = ProfileDocument.parse("""
        ---
        title: About
        tags: [a, b
        draft: false
        ---

        # Heading

        Text.
        """)
        let diagnostic = try #require(document.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.hasPrefix("front matter: yaml: "))
        #expect(diagnostic.line.map { (2...5).contains($0) } == true)
        let frontMatter = try #require(document.frontMatter)
        // Simple keys on their own lines survive the broken one.
        #expect(frontMatter.entries.map(\.key) == ["title", "draft"])
        #expect(document.titles == ["", "Heading"])
        #expect(document.sections[1].lines.start == 7)
        #expect(document.sections[1].blocks.map(\.text) == ["Text."])
    }

    @Test func unclosedFrontMatterIsReportedAndReadAsBody() throws {
        let document = ProfileDocument.parse("---\ntitle: x\n\n# Heading\n")
        #expect(document.frontMatter == nil)
        let diagnostic = try #require(document.diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("no closing '---'"))
        #expect(document.titles.contains("Heading"))
    }

    @Test func yamlClosedWithDots() throws {
        let document = ProfileDocument.parse("---\ntitle: x\n...\nBody\n")
        #expect(document.frontMatter?["title"] == .string("x"))
        #expect(document.sections[0].blocks.map(\.text) == ["Body"])
    }

    @Test func aliasBombIsCutOffAtTheNodeBudget() throws {
        var yaml = "---\nsafe: 1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (name, previous) in zip(["b", "c", "d", "e", "f", "g", "h", "i"], ["a", "b", "c", "d", "e", "f", "g", "h"]) {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        yaml += "---\n# Body\n"
        let start = ContinuousClock.now
        let document = ProfileDocument.parse(yaml)
        #expect(ContinuousClock.now - start < .seconds(10))
        let frontMatter = try #require(document.frontMatter)
        #expect(frontMatter.entries.first?.key == "safe")
        #expect(frontMatter.entries.count < 10)
        #expect(document.diagnostics.contains { $0.severity == .error && $0.message.contains("more than 100000 values") })
        #expect(document.titles == ["", "Body"])
    }

    /// Keys are compared by their text, as the diff names them: `1` and `"1"` are the same key to a reader, whatever
    /// YAML types they would resolve to. The document is then read line by line, top-level keys first come first kept.
    @Test("a key given twice is an error naming it; the top-level keys are still read", arguments: [
        ("title: A\ndate: 2024-01-01\ntitle: B\n", "title", ["title", "date"]),
        ("1: A\n\"1\": B\ntrue: x\n", "1", ["1", "true"]),
        ("params:\n  a: 1\n  a: 2\ntitle: T\n", "a", ["params", "title"]),
    ])
    func duplicateKeysAreReported(yaml: String, duplicate: String, kept: [String]) throws {
        let document = ProfileDocument.parse("---\n" + yaml + "---\n# Body\n")
        #expect(document.diagnostics.contains { $0.severity == .error && $0.message.contains("duplicated key(s): '\(duplicate)'") },
                "\(document.diagnostics)")
        #expect(document.frontMatter?.entries.map(\.key) == kept)
        #expect(document.titles == ["", "Body"])
    }

    /// Yams hashes whole key nodes to find duplicates; an alias bomb used as a key would take hours.
    @Test func aliasedAndComplexKeysAreRefused() throws {
        var yaml = "---\ntitle: kept\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (name, previous) in zip(["b", "c", "d", "e", "f", "g", "h", "i"], ["a", "b", "c", "d", "e", "f", "g", "h"]) {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        for keyed in ["? *i\n: 1\n? *i\n: 2\n", "*i : 1\n", "x: {*i : 1}\n"] {
            let start = ContinuousClock.now
            let document = ProfileDocument.parse(yaml + keyed + "---\n# Body\n")
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(document.diagnostics.contains { $0.severity == .error && $0.message.contains("keys") && $0.message.contains("not supported") })
            #expect(document.frontMatter?["title"] == .string("kept"))
            #expect(document.titles == ["", "Body"])
        }
    }

    @Test func deeplyNestedTOMLAndJSONAreReportedNotCrashed() {
        let json = ProfileDocument.parse("{\"a\": " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}\n# B\n")
        #expect(json.diagnostics.first?.message.hasPrefix("front matter: json: ") == true)
        #expect(json.titles == ["", "B"])
        let toml = ProfileDocument.parse("+++\na = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n+++\n# B\n")
        #expect(toml.diagnostics.first?.message.hasPrefix("front matter: toml: ") == true)
        #expect(toml.diagnostics.first?.line == 2)
        #expect(toml.titles == ["", "B"])
    }

    @Test(arguments: ["[", "{a: "])
    func deeplyNestedYAMLIsRefusedWithoutRecursion(opener: String) throws {
        let yaml = "---\nok: 1\ndeep: " + String(repeating: opener, count: 10_000) + "\n---\n# Body\n"
        let document = ProfileDocument.parse(yaml)
        #expect(document.diagnostics.contains { $0.severity == .error && $0.message.contains("nested") })
        #expect(document.frontMatter?["ok"] == .integer(1))
        #expect(document.titles == ["", "Body"])
    }

    @Test func tomlFrontMatterKeepsWrittenOrderAndTypes() throws {
        let document = ProfileDocument.parse("""
        +++
        title = "About"
        date = 2024-02-17
        # lastmod = 2024-03-01
        draft = false
        tags = ["a", "b"]
        published = 2024-02-17T10:00:00Z

        [params]
        zeta = 1
        alpha = 2.5
        +++
        # Heading
        """)
        let frontMatter = try #require(document.frontMatter)
        #expect(frontMatter.format == .toml)
        #expect(frontMatter.lines == LineRange(start: 1, end: 12))
        #expect(frontMatter.entries.map(\.key) == ["title", "date", "draft", "tags", "published", "params"])
        #expect(frontMatter.entries.map(\.line) == [2, 3, 5, 6, 7, 9])
        #expect(frontMatter["date"] == .date("2024-02-17"))
        #expect(frontMatter["published"] == .date("2024-02-17T10:00:00Z"))
        #expect(frontMatter["draft"] == .bool(false))
        #expect(frontMatter["tags"] == .array([.string("a"), .string("b")]))
        #expect(frontMatter["params"] == .table([FrontMatterEntry(key: "zeta", value: .integer(1), line: 10),
                                                 FrontMatterEntry(key: "alpha", value: .double(2.5), line: 11)]))
        #expect(frontMatter.hiddenEntries == [FrontMatterEntry(key: "lastmod", value: .date("2024-03-01"), line: 4)])
        #expect(document.titles == ["", "Heading"])
        #expect(document.sections[1].lines.start == 13)
    }

    @Test func brokenTOMLIsReported() throws {
        let document = ProfileDocument.parse("+++\ntitle = \"x\"\ndate = = 3\n+++\nBody\n")
        let diagnostic = try #require(document.diagnostics.first)
        #expect(diagnostic.message.hasPrefix("front matter: toml: "))
        #expect(diagnostic.message.dropFirst("front matter: toml: ".count).first?.isLowercase == true)
        #expect(diagnostic.message.hasSuffix("(line 3)"))
        #expect(diagnostic.line == 3)
        #expect(document.sections[0].blocks.map(\.text) == ["Body"])
    }

    @Test func jsonFrontMatterKeepsWrittenOrder() throws {
        let document = ProfileDocument.parse("""
        {
          "title": "About",
          "draft": false,
          "weight": 3,
          "ratio": 0.5,
          "tags": ["a", {"z": 1, "b": 2}],
          "author": {"name": "M", "email": null}
        }

        # Heading
        """)
        let frontMatter = try #require(document.frontMatter)
        #expect(frontMatter.format == .json)
        #expect(frontMatter.lines == LineRange(start: 1, end: 8))
        #expect(frontMatter.entries.map(\.key) == ["title", "draft", "weight", "ratio", "tags", "author"])
        #expect(frontMatter.entries.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(frontMatter["draft"] == .bool(false))
        #expect(frontMatter["weight"] == .integer(3))
        #expect(frontMatter["ratio"] == .double(0.5))
        #expect(frontMatter["tags"] == .array([.string("a"), .table([FrontMatterEntry(key: "z", value: .integer(1), line: 6),
                                                                      FrontMatterEntry(key: "b", value: .integer(2), line: 6)])]))
        #expect(frontMatter["author"] == .table([FrontMatterEntry(key: "name", value: .string("M"), line: 7),
                                                 FrontMatterEntry(key: "email", value: .null, line: 7)]))
        #expect(document.sections[1].lines.start == 10)
        #expect(document.diagnostics.isEmpty)
    }

    @Test func brokenJSONIsReportedAndBodyParsed() throws {
        let document = ProfileDocument.parse("{\n\"title\": \"x\",,\n}\n# Heading\n")
        #expect(document.diagnostics.first?.message.hasPrefix("front matter: json: ") == true)
        #expect(document.frontMatter?.entries.isEmpty == true)
        #expect(document.titles == ["", "Heading"])
    }

    @Test func markdownStartingWithBraceButNoObjectIsBody() {
        let document = ProfileDocument.parse("{not json\n\ntext\n")
        #expect(document.frontMatter == nil)
        #expect(document.diagnostics.first?.message.contains("json") == true)
        #expect(document.sections[0].blocks.count == 2)
    }

    @Test func thematicBreakLaterInTheFileIsNotFrontMatter() {
        let document = ProfileDocument.parse("Intro\n\n---\n\ntitle: x\n\n---\n")
        #expect(document.frontMatter == nil)
        #expect(document.sections[0].blocks.map(\.kind) == [.paragraph, .thematicBreak, .paragraph, .thematicBreak])
        #expect(document.sections[0].blocks.map(\.lines.start) == [1, 3, 5, 7])
    }
}

@Suite struct DocumentValueTests {
    /// Documents are cached and serialised: they must round-trip through JSON and equal themselves.
    @Test(arguments: Seed.allCases)
    func seedDocumentsRoundTripThroughJSON(seed: Seed) throws {
        let document = try seed.document
        let data = try JSONEncoder().encode(document)
        #expect(try JSONDecoder().decode(ProfileDocument.self, from: data) == document)
    }

    @Test func nonFiniteNumbersStayText() throws {
        let document = ProfileDocument.parse("---\na: .nan\nb: -.inf\nc: 1e999\n---\n")
        #expect(document.frontMatter?.entries.map(\.value) == [.string(".nan"), .string("-.inf"), .string("1e999")])
        #expect(document == document)
        _ = try JSONEncoder().encode(document)
    }
}
