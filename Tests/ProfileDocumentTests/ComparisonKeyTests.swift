import Testing
@testable import ProfileDocument

/// Formatting-only edits must not change a block's comparison key; content edits must.
@Suite struct ComparisonKeyTests {
    private func key(_ markdown: String) -> String? {
        ProfileDocument.parse(markdown).sections[0].blocks.first?.key
    }

    @Test(arguments: [
        ("One two three four.\n", "One two\nthree four.\n"),
        ("One two three four.\n", "One two   \nthree  four.   \n"),
        ("It's \"quoted\".\n", "It\u{2019}s \u{201C}quoted\u{201D}.\n"),
        ("Data \u{2014} Metering\n", "Data -- Metering\n"),
        ("Data \u{2013} Metering\n", "Data --- Metering\n"),
        ("A *bold* [link](/x) move.\n", "A **bold** [link](/y) move.\n"),
    ])
    func formattingOnlyEditsKeepTheKey(before: String, after: String) {
        #expect(key(before) != nil)
        #expect(key(before) == key(after))
    }

    @Test(arguments: [
        ("Data transfer Metering\n", "Data Transfer Metering\n"),
        ("I'm learning about:\n", "I'm working on:\n"),
        ("A - B\n", "A B\n"),
    ])
    func contentEditsChangeTheKey(before: String, after: String) {
        #expect(key(before) != key(after))
    }

    @Test func displayTextKeepsTheOriginalCharacters() throws {
        let block = try #require(ProfileDocument.parse("It\u{2019}s \u{2014} here\n").sections[0].blocks.first)
        #expect(block.text == "It\u{2019}s \u{2014} here")
        #expect(block.key == "It's - here")
    }

    @Test func listItemKeysIgnoreRewrapping() throws {
        let before = try #require(ProfileDocument.parse("- Led cross-team initiatives for\n  automating builds\n").sections[0].blocks.first)
        let after = try #require(ProfileDocument.parse("- Led cross-team initiatives for automating builds   \n").sections[0].blocks.first)
        #expect(before.items.map(\.key) == after.items.map(\.key))
        #expect(before.key == after.key)
    }

    @Test func quoteKeysIgnoreTheDashStyleOfTheAttribution() throws {
        let before = try #require(ProfileDocument.parse("> \u{201C}Words.\u{201D}\n>\n> \u{2014} Name\n").sections[0].blocks.first)
        let after = try #require(ProfileDocument.parse("> \"Words.\"\n> -- Name\n").sections[0].blocks.first)
        #expect(before.key == after.key)
        #expect(before.attribution == after.attribution)
    }
}

/// `ComparisonKey.normalize` is tuned for speed (a shortcut for texts already folded, writing into the string's
/// storage, eight bytes at a time); these tests hold it to the plain definition below on texts built from the
/// characters that matter, long enough to cross its eight-byte words.
@Suite struct ComparisonKeyDefinitionTests {
    /// The definition, written for clarity: whitespace runs become one space, ends are trimmed, typographic quotes
    /// and dashes become ASCII, and runs of dashes become one.
    static func definition(_ text: String) -> String {
        var out: [Unicode.Scalar] = []
        var pendingSpace = false
        func emit(_ scalar: Unicode.Scalar) {
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            } else if scalar == "-", out.last == "-" {
                return
            }
            out.append(scalar)
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09...0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                pendingSpace = !out.isEmpty
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: emit("'")
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: emit("\"")
            case 0x2010...0x2015, 0x2212: emit("-")
            default: emit(scalar)
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: out)
        return String(result)
    }

    @Test(arguments: ["", " ", "a", " a", "a ", "a  b", "a\tb", "a\r\nb", "--", "a-b", "a - b", "a -- b", "- -", "-\u{2014}-",
                      "\u{A0}x\u{A0}", "x\u{3000}", "\u{201C}q\u{201D}", "caf\u{E9}", "\u{1F600} \u{1F600}", "x \u{2014}y",
                      "\u{85}", "a\u{2028}\u{2029}b", "\u{2212}\u{2212}1", "\u{0B}\u{0C}", "already fine - really"])
    func matchesTheDefinition(text: String) {
        #expect(ComparisonKey.normalize(text) == Self.definition(text))
    }

    @Test func matchesTheDefinitionOnManyMixedTexts() {
        let alphabet: [String] = ["a", "B", "é", "\u{1F600}", " ", "  ", "\t", "\n", "\r\n", "-", "--", "\u{2014}", "\u{2013}",
                                  "\u{2212}", "\u{2019}", "\u{201C}", "\u{A0}", "\u{3000}", "\u{2009}", "\u{85}", "'", "\"", "x"]
        var generator = SplitMix64(seed: 42)
        for _ in 0..<5_000 {
            let length = Int(generator.next() % 40)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            #expect(ComparisonKey.normalize(text) == Self.definition(text), "\(Array(text.unicodeScalars))")
        }
    }
}

/// A list block's key is built from its items' keys; it must be what normalizing the block's text gives.
@Suite struct ListKeyTests {
    @Test func equalsTheNormalizedTextOfTheWholeList() {
        let alphabet: [String] = ["a", "é", " ", "\t", "\n", "-", "--", "\u{2014}", "\u{A0}", "\u{85}", "x", ""]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<3_000 {
            let items = (0..<Int(generator.next() % 6)).map { _ in
                let text = (0..<Int(generator.next() % 8)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
                return ListItem(text: text, line: 1)
            }
            let text = items.map(\.text).joined(separator: "\n")
            #expect(ComparisonKey.listKey(items) == ComparisonKey.normalize(text), "\(items.map(\.text))")
        }
    }
}
