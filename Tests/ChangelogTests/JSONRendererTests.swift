import Foundation
import ProfileDiff
import GitFixture
import Testing
@testable import Changelog

@Suite struct JSONRendererTests {
    static let schemaURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/schema/changelog.schema.json")

    static func render(_ changelog: Changelog, pretty: Bool = true) -> String {
        var renderer = JSONRenderer(pretty: pretty)
        return renderer.render(changelog)
    }

    static func validator() throws -> SchemaValidator {
        try SchemaValidator(schemaData: try Data(contentsOf: schemaURL))
    }

    @Test func matchesGolden() throws {
        try Golden.check(Self.render(Sample.changelog), "sample.json")
        try Golden.check(Self.render(Sample.hostile), "hostile.json")
    }

    @Test func keysComeInTheDocumentedOrder() {
        let json = Self.render(Sample.changelog)
        func position(_ needle: String) -> Int {
            json.range(of: needle).map { json.distance(from: json.startIndex, to: $0.lowerBound) } ?? -1
        }
        let top = ["\"schemaVersion\": 1", "\"range\": {", "\"commits\": [", "\"notes\": ["].map(position)
        #expect(top.allSatisfy { $0 >= 0 } && top == top.sorted())
        let change = ["\"kind\": \"section.added\"", "\"section\": [", "\"summary\": \"section \\\"Favorite",
                      "\"level\": \"major\"", "\"before\": null", "\"after\": \"Favorite", "\"hidden\": false"].map(position)
        #expect(change.allSatisfy { $0 >= 0 } && change == change.sorted())
        #expect(json.contains("\"oldPath\": null"))
        #expect(json.hasPrefix("{\n  \"schemaVersion\": 1,\n  \"range\": {\n    \"spec\": \"HEAD~6\","))
        #expect(json.hasSuffix("\n}\n"))
    }

    @Test(arguments: [true, false])
    func decodesBackToTheSameChangelogAndRendersIdentically(pretty: Bool) throws {
        for changelog in [Sample.changelog, Sample.hostile, Changelog(range: RevisionRangeInfo(spec: "--root", from: nil, to: nil))] {
            let json = Self.render(changelog, pretty: pretty)
            let decoded = try JSONDecoder().decode(Changelog.self, from: Data(json.utf8))
            #expect(decoded == changelog)
            #expect(Self.render(decoded, pretty: pretty) == json)
            // Every renderer gives the same output from the saved JSON (`--from-json`).
            var direct = TextRenderer(), again = TextRenderer()
            #expect(direct.render(changelog) == again.render(decoded))
        }
    }

    @Test func hiddenIsTheJSONNameOfIsHidden() throws {
        let json = Self.render(Sample.changelog)
        #expect(json.contains("\"hidden\": true"))
        #expect(!json.contains("isHidden"))
        let decoded = try JSONDecoder().decode(Changelog.self, from: Data(json.utf8))
        #expect(decoded.commits[0].files[0].changes[1].isHidden)
    }

    @Test func stringsAreEscapedAndNonASCIIKept() throws {
        let out = Self.quoted("q\" b\\ n\n t\t \u{1}\u{1B} \u{7F}\u{85} \u{2028} é → 日本 👨‍👩‍👧 /")
        #expect(out == #""q\" b\\ n\n t\t \u0001\u001b \u007f\u0085 \u2028 é → 日本 👨‍👩‍👧 /""#)
        let back = try JSONDecoder().decode(String.self, from: Data(out.utf8))
        #expect(back == "q\" b\\ n\n t\t \u{1}\u{1B} \u{7F}\u{85} \u{2028} é → 日本 👨‍👩‍👧 /")
    }

    @Test func compactOutputIsOneLine() throws {
        let json = Self.render(Sample.changelog, pretty: false)
        #expect(json.split(separator: "\n").count == 1)
        #expect(json.hasPrefix(#"{"schemaVersion":1,"range":{"spec":"HEAD~6","#))
    }

    @Test func streamedPiecesConcatenateToTheWhole() {
        var renderer = JSONRenderer()
        var pieces = renderer.begin(range: Sample.changelog.range)
        for commit in Sample.changelog.commits { pieces += renderer.render(commit) }
        pieces += renderer.end(notes: Sample.changelog.notes)
        #expect(pieces == Self.render(Sample.changelog))
        #expect(Self.render(Changelog(range: Sample.range)).contains("\"commits\": [],\n  \"notes\": []\n}"))
    }

    @Test func refusesANewerSchemaVersion() {
        let json = Self.render(Sample.changelog).replacingOccurrences(of: "\"schemaVersion\": 1", with: "\"schemaVersion\": 2")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Changelog.self, from: Data(json.utf8)) }
    }

    @Test func outputValidatesAgainstTheSchema() throws {
        let validator = try Self.validator()
        for changelog in [Sample.changelog, Sample.hostile] {
            for pretty in [true, false] {
                let object = try JSONSerialization.jsonObject(with: Data(Self.render(changelog, pretty: pretty).utf8))
                let failures = validator.violations(of: object)
                #expect(failures.isEmpty, "\(failures)")
            }
        }
    }

    @Test(arguments: [
        ("\"schemaVersion\": 1", "\"schemaVersion\": \"1\"", "schemaVersion"),
        ("\"id\": \"9e8d7c6", "\"id\": \"9E8D7C6", "does not match"),
        ("\"level\": \"major\"", "\"level\": \"huge\"", "is not one of"),
        ("\"kind\": \"section.added\"", "\"kind\": \"section.invented\"", "is not one of"),
        ("\"hidden\": false", "\"hidden\": 0", "expected [\"boolean\"]"),
        ("\"oldPath\": null,", "", "missing required key oldPath"),
        ("\"status\": \"modified\"", "\"status\": \"modified\", \"extra\": 1", "unexpected key extra"),
        ("\"section\": [", "\"section\": [1, ", "expected [\"string\"]"),
    ])
    func schemaRejectsBrokenDocuments(original: String, broken: String, expectedMessage: String) throws {
        let json = Self.render(Sample.changelog)
        #expect(json.contains(original))
        let mutated = json.replacingOccurrences(of: original, with: broken)
        let object = try JSONSerialization.jsonObject(with: Data(mutated.utf8))
        let failures = try Self.validator().violations(of: object)
        #expect(failures.contains { $0.description.contains(expectedMessage) }, "\(failures)")
    }

    @Test func schemaListsExactlyTheKindsAndLevelsOfTheModel() throws {
        let schema = try Self.validator().root
        let defs = schema["$defs"] as? [String: Any]
        let change = (defs?["change"] as? [String: Any])?["properties"] as? [String: Any]
        let kinds = (change?["kind"] as? [String: Any])?["enum"] as? [String]
        let levels = (change?["level"] as? [String: Any])?["enum"] as? [String]
        #expect(kinds == Change.Kind.allCases.map(\.rawValue))
        #expect(levels == Change.Level.allCases.map(\.rawValue))
        let file = (defs?["file"] as? [String: Any])?["properties"] as? [String: Any]
        #expect((file?["status"] as? [String: Any])?["enum"] as? [String] == FileStatus.allCases.map(\.rawValue))
    }
}

extension JSONRendererTests {
    static func quoted(_ value: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.appendQuoted(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: ["plain ascii", "é → 日本 “quotes” — dash", "\u{85}next line", "line\u{2028}separator", "tab\there", "q\"", "b\\",
                     "ends in a C1 control\u{9F}", "\u{2029}", "\u{2027} and \u{20AC} and \u{A0} stay", "\u{80}\u{7F}\u{1F}"])
    func everyStringSurvivesTheRoundTrip(value: String) throws {
        let out = Self.quoted(value)
        #expect(try JSONDecoder().decode(String.self, from: Data(out.utf8)) == value)
        let needsEscape = value.unicodeScalars.contains { $0.value < 0x20 || $0 == "\"" || $0 == "\\" || (0x7F...0x9F).contains($0.value)
            || $0.value == 0x2028 || $0.value == 0x2029 }
        #expect((out == "\"" + value + "\"") == !needsEscape)
    }
}

extension JSONRendererTests {
    /// The eight-byte test that lets plain text skip the escaping loop, against its definition: every byte value in
    /// every lane, the other lanes plain.
    @Test func plainWordTestMatchesTheDefinition() {
        for lane in 0..<8 {
            for value in 0...255 {
                var bytes = Array("abcdefgh".utf8)
                bytes[lane] = UInt8(value)
                let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                let plain = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }
                #expect(JSONWriter.isPlainASCII(word) == plain, "lane \(lane) byte \(value)")
            }
        }
    }
}
