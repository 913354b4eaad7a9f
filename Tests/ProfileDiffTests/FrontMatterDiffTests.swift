import Testing
import ProfileDocument
@testable import ProfileDiff

@Suite struct FrontMatterDiffTests {
    let body = [section("About", [paragraph("Hello.")])]

    func compare(_ old: FrontMatter?, _ new: FrontMatter?, options: DiffOptions = .init()) -> [Change] {
        DocumentDiff.compare(document(body, frontMatter: old), document(body, frontMatter: new), options: options)
    }

    @Test func keyCommentedOutNamesTheKeyAndItsValue() {
        let changes = compare(yaml([("title", .string("About")), ("date", .date("2024-02-17"))]),
                              yaml([("title", .string("About"))], hidden: [("date", .date("2024-02-17"))]))
        #expect(seen(changes) == [Seen(.frontMatterKeyCommentedOut, "", .minor)])
        #expect(changes.first?.summary == "front matter: date (2024-02-17) commented out")
    }

    @Test func keyUncommented() {
        let changes = compare(yaml([("title", .string("About"))], hidden: [("draft", .bool(true))]),
                              yaml([("title", .string("About")), ("draft", .bool(true))]))
        #expect(seen(changes) == [Seen(.frontMatterKeyUncommented, "", .minor)])
        #expect(changes.first?.summary == "front matter: draft uncommented")
    }

    @Test func keyChangedShowsOldAndNewValues() {
        let changes = compare(yaml([("title", .string("About"))]), yaml([("title", .string("About Me"))]))
        #expect(seen(changes) == [Seen(.frontMatterKeyChanged, "", .minor)])
        #expect(changes.first?.summary == "front matter: title changed \"About\" → \"About Me\"")
        #expect(changes.first?.before == "\"About\"")
        #expect(changes.first?.after == "\"About Me\"")
    }

    @Test func keysAddedAndRemoved() {
        let changes = compare(yaml([("title", .string("A")), ("draft", .bool(true))]),
                              yaml([("title", .string("A")), ("tags", .array([.string("ai"), .string("ml")]))]))
        #expect(Set(seen(changes).map(\.kind)) == [.frontMatterKeyAdded, .frontMatterKeyRemoved])
        #expect(changes.contains { $0.summary == "front matter: tags added ([\"ai\", \"ml\"])" })
        #expect(changes.contains { $0.summary == "front matter: draft removed (was true)" })
    }

    @Test func ignoredKeysAreNeverReported() {
        let options = DiffOptions(ignoredFrontMatterKeys: ["lastmod"])
        let changes = compare(yaml([("lastmod", .date("2024-01-01"))]), yaml([("lastmod", .date("2024-02-01"))]), options: options)
        #expect(changes.isEmpty)
        #expect(!compare(yaml([("lastmod", .date("2024-01-01"))]), yaml([("lastmod", .date("2024-02-01"))])).isEmpty)
    }

    @Test func yamlToTomlWithTheSameValuesIsFormattingOnly() {
        let old = yaml([("title", .string("A")), ("draft", .bool(false))])
        let new = yaml([("title", .string("A")), ("draft", .bool(false))], format: .toml)
        #expect(compare(old, new).isEmpty)
        let shown = compare(old, new, options: DiffOptions(includeFormatting: true))
        #expect(seen(shown) == [Seen(.formatting, "", .formatting)])
    }

    @Test func nestedTableMovedDownALineIsNoChange() {
        let params: FrontMatterValue = .table([FrontMatterEntry(key: "author", value: .string("M"), line: 4)])
        let moved: FrontMatterValue = .table([FrontMatterEntry(key: "author", value: .string("M"), line: 9)])
        #expect(compare(yaml([("params", params)]), yaml([("params", moved)])).isEmpty)
    }
}

@Suite struct WholeFrontMatterTests {
    @Test func frontMatterAddedToAPageIsOneLine() {
        let body = [section("About", [paragraph("Hello.")])]
        let front = yaml([("title", .string("A")), ("date", .date("2024-01-01")), ("draft", .bool(false)), ("tags", .array([])), ("toc", .bool(true))])
        let added = DocumentDiff.compare(document(body), document(body, frontMatter: front))
        #expect(seen(added) == [Seen(.frontMatterKeyAdded, "", .minor)])
        #expect(added.first?.summary == "front matter added (5 keys: title, date, draft, tags, …)")
        let removed = DocumentDiff.compare(document(body, frontMatter: front), document(body))
        #expect(seen(removed) == [Seen(.frontMatterKeyRemoved, "", .minor)])
        let small = DocumentDiff.compare(document(body), document(body, frontMatter: yaml([("title", .string("A"))])))
        #expect(small.map(\.summary) == ["front matter: title added (\"A\")"])
    }
}
