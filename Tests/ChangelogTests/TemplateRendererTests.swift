import Foundation
import ProfileDiff
import Testing
@testable import Changelog

@Suite struct TemplateRendererTests {
    /// The example template from docs/json-schema.md.
    static let example = """
        {{%CONTENT_TYPE: TEXT}}
        Changes in {{range.spec}} ({{commitCount}} commits, {{counts.total}} changes)
        {{#commits}}

        {{shortId}} {{day}} {{subject}} by {{author.name}}
        {{#files}}
          {{name}}{{#oldPath}} (renamed from {{oldPath}}){{/oldPath}}{{#skipReason}} (skipped: {{skipReason}}){{/skipReason}}
        {{#changes}}
            {{symbol}} {{summary}}{{#location}} ({{location}}){{/location}}
        {{/changes}}
        {{/files}}
        {{/commits}}
        {{#notes}}
        note: {{message}}
        {{/notes}}

        """

    @Test func exampleTemplateMatchesGolden() throws {
        var renderer = try TemplateRenderer(template: Self.example)
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
        var direct = try TemplateRenderer(template: Self.example)
        var fromJSON = try TemplateRenderer(template: Self.example)
        var json = JSONRenderer()
        let decoded = try JSONDecoder().decode(Changelog.self, from: Data(json.render(Sample.changelog).utf8))
        #expect(direct.render(Sample.changelog) == fromJSON.render(decoded))
    }
}
