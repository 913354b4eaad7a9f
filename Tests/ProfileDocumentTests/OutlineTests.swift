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

    /// The whole outline of the older About page, read against the page by hand: a golden for `profile-diff show`.
    @Test func fullOutlineOfTheOlderAboutPage() throws {
        let expected = """
        front matter (yaml, lines 1-8)
          title: "About Me"
          date: 2024-02-17
          draft: false
          showToc: true
          TocOpen: false
          hideCitation: true
        (intro)  [lines 9-13]
          paragraph [line 10]: Hi there! I'm Michael Liu, a software engineer passionate ab…
          paragraph [line 12]: I'm currently seeking roles in AI development.
        ## Professional Background  [lines 14-23] #professional-background
          paragraph [line 16]: I most recently served as a Software Development Engineer II …
          list [lines 17-20] 4 items
            - Led cross-team initiatives for automating AWS region builds
            - Implemented storage optimizations resulting in ~600PB/month …
            - Maintained 24/7 system reliability through on-call rotations …
            - Mentored new team members and interns
          paragraph [line 22]: I hold a BS in Computer Science with a specialization in Mac…
        ## Technical Interests  [lines 24-31] #technical-interests  [hidden]
          paragraph [line 26]: My current focus areas include:  [hidden]
          list [lines 28-30] 3 items  [hidden]
            - AI Development: Working on model capabilities, pre-training …
            - AI Safety & Interpretability: Exploring areas such as induct…
            - Software Engineering: Building robust and scalable systems w…
        ## Current Learning Focus  [lines 32-40] #current-learning-focus
          paragraph [line 34]: I'm currently deepening my expertise in:
          list [lines 36-39] 4 items
            - Transformer Architecture & Model Capabilities: Studying pre-…
            - Diffusion Models: Implementing and experimenting with image …
            - Reinforcement Learning: Building and training agent systems …
            - Model Interpretability: Exploring techniques like sparse aut…
        ## What I'm current working on  [lines 41-46] #what-im-current-working-on
          list [line 42] 1 item
            - Advanced Large Language Model Agents MOOC - https://llmagent…
                → "https://llmagents-learning.org/sp25" https://llmagents-learning.org/sp25 (bareURL)
        ## Connect With Me  [lines 47-56] #connect-with-me
          paragraph [line 49]: Feel free to reach out through any of these channels:
          list [lines 51-54] 4 items
            - GitHub: michaelyliu6
                → "michaelyliu6" https://github.com/michaelyliu6
            - LinkedIn: Michael Liu
                → "Michael Liu" https://www.linkedin.com/in/michael-liu-a14932197/
            - Twitter: @michaelyliu6
                → "@michaelyliu6" https://x.com/michaelyliu6
            - Email: michaelyliu6@gmail.com
                → "michaelyliu6@gmail.com" mailto:michaelyliu6@gmail.com
          paragraph [line 56]: You can also support my work through Buy Me a Coffee.
            → "Buy Me a Coffee" https://buymeacoffee.com/myliu6

        """
        #expect(try Seed.aboutBefore.document.outline() == expected)
    }
}
