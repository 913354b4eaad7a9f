import Foundation
import ProfileDiff
import GitFixture
import Testing
@testable import Changelog

@Suite struct TemplateRendererTests {
    /// The example template from docs/json-schema.md, read from the page so the documented example stays correct.
    static var example: String {
        get throws {
            let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("docs/json-schema.md")
            let text = try String(contentsOf: doc, encoding: .utf8)
            let start = try #require(text.range(of: "```mustache\n"))
            let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
            return String(text[start.upperBound..<end.lowerBound]) + "\n"
        }
    }

    @Test func exampleTemplateMatchesGolden() throws {
        var renderer = try TemplateRenderer(template: try Self.example)
        try Golden.check(renderer.render(Sample.changelog), "sample.template.txt")
    }

    @Test func contextUsesTheJSONNamesPlusExtras() throws {
        var renderer = try TemplateRenderer(template: """
            {{%CONTENT_TYPE: TEXT}}{{#commits}}{{#first}}{{id}}|{{shortId}}|{{date}}|{{author.email}}{{/first}}{{/commits}}
            {{#commits}}{{#files}}{{#changes}}{{#hidden}}{{kind}}:{{level}}:{{category}}:{{#section}}[{{.}}]{{/section}}:{{before}}{{after}}{{/hidden}}{{/changes}}{{/files}}{{/commits}}
            """)
        let text = renderer.render(Sample.changelog)
        #expect(text == """
            \(Sample.id("9e8d7c6"))|9e8d7c6|2025-09-20T10:15:00+02:00|michael@example.com
            html.added:trivial:added:[Favorite Memes/Slides]:<script src="/js/memes.js"></script>section.removed:minor:removed:[Technical Interests]:Technical Interests
            """)
    }

    @Test func htmlEscapingIsTheDefault() throws {
        var renderer = try TemplateRenderer(template: "{{#commits}}{{#files}}{{#changes}}{{summary}}|{{/changes}}{{/files}}{{/commits}}")
        let text = renderer.render(Sample.hostile)
        #expect(!text.contains("<script>"))
        #expect(text.contains("&lt;script&gt;"))
    }

    @Test func invalidTemplateThrows() {
        #expect(throws: (any Error).self) { try TemplateRenderer(template: "{{#commits}} never closed") }
    }

    @Test func sameOutputFromTheSavedJSON() throws {
        var direct = try TemplateRenderer(template: try Self.example)
        var fromJSON = try TemplateRenderer(template: try Self.example)
        var json = JSONRenderer()
        let decoded = try JSONDecoder().decode(Changelog.self, from: Data(json.render(Sample.changelog).utf8))
        #expect(direct.render(Sample.changelog) == fromJSON.render(decoded))
    }
}

extension TemplateRendererTests {
    @Test func documentedExampleOutputIsWhatTheTemplateGives() throws {
        var renderer = try TemplateRenderer(template: try Self.example)
        let short = Changelog(range: RevisionRangeInfo(spec: "HEAD~2", from: nil, to: nil),
                              commits: [Sample.changelog.commits[3], Sample.changelog.commits[4]].map { commit in
                                  var commit = commit
                                  commit.files = [commit.files[0]]
                                  commit.files[0].changes.removeAll { $0.kind == .listItemMoved }
                                  return commit
                              })
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/json-schema.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        let start = try #require(text.range(of: "Output on a short history:\n\n```text\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        #expect(renderer.render(short) == String(text[start.upperBound..<end.lowerBound]))
    }
}
