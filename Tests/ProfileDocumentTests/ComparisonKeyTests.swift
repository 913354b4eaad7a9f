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
