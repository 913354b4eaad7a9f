import Testing
@testable import ProfileDocument

@Suite struct OutlineTests {
    @Test func outlineShowsWhatTheToolSees() throws {
        let outline = try Seed.about.document.outline()
        let lines = outline.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "front matter (yaml, lines 1-8)")
        #expect(lines.contains("  # date: 2024-02-17  [hidden]"))
        #expect(lines.contains("  title: \"About Me\""))
        #expect(lines.contains("(intro)  [lines 9-13]"))
        #expect(lines.contains("    → \"resume here\" /Michael_Liu_Resume_2025_Aug.pdf (html)"))
        #expect(lines.contains("## Current Focus  [lines 24-35] #current-focus"))
        #expect(lines.contains("  paragraph [line 26]: I'm working on:  [hidden]"))
        #expect(lines.contains("    — Francois Chollet"))
        #expect(lines.contains("    image \"Shoggoth\" /assets/images/memes/shoggoth.png"))
        #expect(lines.contains { $0.hasPrefix("  html [line 79]: <script") && $0.hasSuffix("[hidden]") })
        #expect(outline.hasSuffix("\n"))
    }

    @Test func outlineIndentsSectionsByDepthAndMarksHiddenOnes() throws {
        let resume = try Seed.resume.document.outline()
        #expect(resume.contains("\n  ## Skills  [lines 5-11] #skills\n"))
        #expect(resume.contains("\n    #### University of Maryland, College Park  [lines 57-59] #university-of-maryland-college-park\n"))
        let old = try Seed.aboutBefore.document.outline()
        #expect(old.contains("\n## Technical Interests  [lines 24-31] #technical-interests  [hidden]\n"))
        #expect(old.contains("(bareURL)"))
    }

    @Test func outlineIsDeterministicAndListsDiagnostics() {
        let source = "---\ntitle: [broken\n---\n# A\n\n- [x] done\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\nls\n```\n\n---\n"
        let first = ProfileDocument.parse(source).outline()
        #expect(first == ProfileDocument.parse(source).outline())
        #expect(first.contains("error (line 3): front matter: yaml: "))
        #expect(first.contains("- [x] done"))
        #expect(first.contains("table [lines 8-10] 2 rows × 2 columns: a | b"))
        #expect(first.contains("code (sh) [line 13]: ls"))
        #expect(first.contains("thematic break [line 16]"))
    }
}
