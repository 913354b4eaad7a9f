import Testing
@testable import ProfileDocument

/// The seeds' outlines, section by section, as a careful reader of the pages sees them.
@Suite struct AboutPageNewTests {
    let document: ProfileDocument

    init() throws {
        document = try Seed.about.document
    }

    @Test func sectionsInOrderWithLevelsAndParents() {
        #expect(document.titles == ["", "Professional Background", "Current Focus", "Quotes I'm thinking about",
                                    "Favorite Memes/Slides", "Connect With Me"])
        #expect(document.sections.map(\.level) == [0, 2, 2, 2, 2, 2])
        #expect(document.sections.allSatisfy { $0.parent == nil })
        #expect(document.sections.allSatisfy { !$0.isHidden })
        #expect(document.sections.map(\.slug) == ["", "professional-background", "current-focus", "quotes-im-thinking-about",
                                                  "favorite-memesslides", "connect-with-me"])
        #expect(document.diagnostics.isEmpty)
    }

    @Test func lineRangesCountTheFrontMatter() throws {
        #expect(document.sections[0].lines == LineRange(start: 9, end: 13))
        try #expect(document.section("Professional Background").lines == LineRange(start: 14, end: 23))
        try #expect(document.section("Current Focus").lines == LineRange(start: 24, end: 35))
        try #expect(document.section("Connect With Me").lines == LineRange(start: 68, end: 79))
    }

    @Test func frontMatterKeepsOrderAndRecordsTheCommentedOutDate() throws {
        let frontMatter = try #require(document.frontMatter)
        #expect(frontMatter.format == .yaml)
        #expect(frontMatter.lines == LineRange(start: 1, end: 8))
        #expect(frontMatter.entries.map(\.key) == ["title", "draft", "showToc", "TocOpen", "hideCitation"])
        #expect(frontMatter["title"] == .string("About Me"))
        #expect(frontMatter["draft"] == .bool(false))
        #expect(frontMatter["date"] == nil)
        #expect(frontMatter.hiddenEntries == [FrontMatterEntry(key: "date", value: .date("2024-02-17"), line: 3)])
    }

    @Test func introResumeLinkComesFromInlineHTML() throws {
        let intro = document.sections[0]
        #expect(intro.blocks.count == 2)
        let paragraph = intro.blocks[1]
        #expect(paragraph.text == "I'm currently seeking roles in AI development. You can view my resume here.")
        #expect(paragraph.links == [Link(text: "resume here", destination: "/Michael_Liu_Resume_2025_Aug.pdf", origin: .html, line: 12)])
    }

    @Test func currentFocusHasAHiddenWorkingOnListAndAVisibleLearningList() throws {
        let blocks = try document.section("Current Focus").blocks
        #expect(blocks.map(\.kind) == [.paragraph, .list, .paragraph, .list])
        #expect(blocks.map(\.isHidden) == [true, true, false, false])
        #expect(blocks[0].text == "I'm working on:")
        #expect(blocks[1].items.map(\.text) == ["New blog post on Claude playing Pokemon"])
        #expect(blocks[1].items.allSatisfy { $0.isHidden })
        #expect(blocks[1].lines == LineRange(start: 27, end: 27))
        #expect(blocks[3].items.map(\.text) == ["LLM Agents", "AI Safety, Alignment, and Capabilities", "Technological Determinism",
                                                "Longtermism", "Progress Studies"])
        let llmAgents = blocks[3].items[0]
        #expect(llmAgents.links == [Link(text: "LLM Agents", destination: "https://llmagents-learning.org/sp25", line: 30)])
        #expect(blocks[3].links == llmAgents.links)
    }

    @Test func quotesHaveTheirAttributionsAndLinks() throws {
        let quotes = try document.section("Quotes I'm thinking about").blocks
        #expect(quotes.map(\.kind) == [.quote, .quote, .quote, .quote])
        #expect(quotes.map(\.attribution) == ["Francois Chollet", "Yann LeCun", "Will MacAskill", "Will MacAskill"])
        #expect(quotes[0].text == "\"Intelligence is skill-acquisition efficiency.\"")
        #expect(quotes[0].links.map(\.destination) == ["https://arxiv.org/pdf/1911.01547"])
        #expect(quotes[0].links.map(\.text) == ["Francois Chollet"])
        #expect(quotes[1].text.hasPrefix("\"I think the phrase AGI should be retired"))
        #expect(!quotes[1].text.contains("LeCun"))
        #expect(quotes[2].links.map(\.destination) == ["https://youtu.be/SjSl2re_Fm8?si=uvuFS7C0sLZoltBy&t=6301"])
        #expect(quotes[3].links.map(\.destination) == ["https://youtu.be/SjSl2re_Fm8?si=PTdZv7o_eVuEOY3n&t=12814"])
        #expect(quotes[0].lines == LineRange(start: 37, end: 39))
    }

    @Test func memesSectionHasFiveImages() throws {
        let images = try document.section("Favorite Memes/Slides").blocks.flatMap(\.images)
        #expect(images.map(\.alt) == ["This is normal", "mode covering vs mode seeking", "Shoggoth", "performance", "bitter lesson"])
        #expect(images.map(\.source) == ["/assets/images/memes/this-is-normal.png", "/assets/images/memes/mode-cover-vs-seeking.png",
                                         "/assets/images/memes/shoggoth.png", "/assets/images/memes/performance.png",
                                         "/assets/images/memes/bitter-lesson.png"])
        #expect(images.map(\.line) == [57, 59, 61, 63, 65])
    }

    @Test func connectSectionLinksAndTheHiddenScript() throws {
        let blocks = try document.section("Connect With Me").blocks
        #expect(blocks.map(\.kind) == [.paragraph, .list, .paragraph, .html])
        let links = blocks.flatMap(\.links)
        #expect(links.map(\.text) == ["michaelyliu6", "Michael Liu", "@michaelyliu6", "michaelyliu6@gmail.com", "Buy Me a Coffee"])
        #expect(links.map(\.destination) == ["https://github.com/michaelyliu6", "https://www.linkedin.com/in/michael-liu-a14932197/",
                                             "https://x.com/michaelyliu6", "mailto:michaelyliu6@gmail.com", "https://buymeacoffee.com/myliu6"])
        #expect(blocks[1].items.map(\.text) == ["GitHub: michaelyliu6", "LinkedIn: Michael Liu", "Twitter: @michaelyliu6",
                                                "Email: michaelyliu6@gmail.com"])
        let script = blocks[3]
        #expect(script.isHidden)
        #expect(script.text.hasPrefix("<script type='text/javascript' id='clustrmaps'"))
        #expect(script.text.hasSuffix("</script>"))
        #expect(script.lines == LineRange(start: 79, end: 79))
        #expect(blocks[0...2].allSatisfy { !$0.isHidden })
    }

    @Test func dollarSignAndTypoFixAreInTheText() throws {
        let paragraph = try document.section("Professional Background").blocks[0]
        #expect(paragraph.text.contains("Data Transfer Metering team. Our system processed 140 PB of data and $11 million in revenue daily"))
    }
}

@Suite struct AboutPageOldTests {
    let document: ProfileDocument

    init() throws {
        document = try Seed.aboutBefore.document
    }

    @Test func sectionsIncludingTheHiddenTechnicalInterests() {
        #expect(document.titles == ["", "Professional Background", "Technical Interests", "Current Learning Focus",
                                    "What I'm current working on", "Connect With Me"])
        #expect(document.sections.map(\.isHidden) == [false, false, true, false, false, false])
        #expect(document.sections.map(\.level) == [0, 2, 2, 2, 2, 2])
        #expect(document.diagnostics.isEmpty)
    }

    @Test func technicalInterestsHoldsTheHiddenParagraphAndThreeItemList() throws {
        let section = try document.section("Technical Interests")
        #expect(section.lines == LineRange(start: 24, end: 31))
        #expect(section.blocks.map(\.kind) == [.paragraph, .list])
        #expect(section.blocks.allSatisfy { $0.isHidden })
        #expect(section.blocks[0].text == "My current focus areas include:")
        let items = section.blocks[1].items
        #expect(items.count == 3)
        #expect(items.allSatisfy { $0.isHidden })
        #expect(items.map { $0.text.prefix(28) } == ["AI Development: Working on m", "AI Safety & Interpretability",
                                                      "Software Engineering: Buildi"])
        #expect(section.blocks[1].lines == LineRange(start: 28, end: 30))
    }

    @Test func frontMatterDateIsADate() throws {
        let frontMatter = try #require(document.frontMatter)
        #expect(frontMatter.entries.map(\.key) == ["title", "date", "draft", "showToc", "TocOpen", "hideCitation"])
        #expect(frontMatter["date"] == .date("2024-02-17"))
        #expect(frontMatter.entries[1].line == 3)
        #expect(frontMatter["showToc"] == .bool(true))
        #expect(frontMatter.hiddenEntries.isEmpty)
    }

    @Test func moocBareURLIsALink() throws {
        let block = try document.section("What I'm current working on").blocks[0]
        #expect(block.items.map(\.text) == ["Advanced Large Language Model Agents MOOC - https://llmagents-learning.org/sp25"])
        #expect(block.links == [Link(text: "https://llmagents-learning.org/sp25", destination: "https://llmagents-learning.org/sp25",
                                     origin: .bareURL, line: 42)])
    }

    @Test func currentLearningFocusItemsHaveBoldStripped() throws {
        let list = try document.section("Current Learning Focus").blocks[1]
        #expect(list.items.map { $0.text.components(separatedBy: ":")[0] } == [
            "Transformer Architecture & Model Capabilities", "Diffusion Models", "Reinforcement Learning", "Model Interpretability",
        ])
    }
}

@Suite struct ResumeTests {
    let document: ProfileDocument

    init() throws {
        document = try Seed.resume.document
    }

    @Test func irregularHeadingLevelsNestAndBoldIsStripped() throws {
        let expected: [(title: String, level: Int, parent: String?)] = [
            ("", 0, nil),
            ("Michael Liu", 1, nil),
            ("Email | LinkedIn | GitHub | Blog", 4, "Michael Liu"),
            ("Skills", 2, "Michael Liu"),
            ("Professional Experience", 1, nil),
            ("Amazon Web Services (AWS) - Software Development Engineer II (promoted Q3 2024) Aug 2022 - October 2024", 1, nil),
            ("Personal Projects", 1, nil),
            ("ML's Blog (Visit Blog)", 2, "Personal Projects"),
            ("Transformer Implementations and Mechanistic Interpretability Experiments (View in GitHub)", 2, "Personal Projects"),
            ("Reinforcement Learning Implementations (View in GitHub)", 4,
             "Transformer Implementations and Mechanistic Interpretability Experiments (View in GitHub)"),
            ("LLM Alignment Evaluation and Agent Toolkit (View in GitHub)", 4,
             "Transformer Implementations and Mechanistic Interpretability Experiments (View in GitHub)"),
            ("Diffusion and Multimodal Models Implementation (View in GitHub)", 4,
             "Transformer Implementations and Mechanistic Interpretability Experiments (View in GitHub)"),
            ("Certifications", 2, "Personal Projects"),
            ("Education", 2, "Personal Projects"),
            ("University of Maryland, College Park", 4, "Education"),
        ]
        #expect(document.titles == expected.map(\.title))
        #expect(document.sections.map(\.level) == expected.map(\.level))
        #expect(document.sections.map { $0.parent.map { document.sections[$0].title } } == expected.map(\.parent))
        #expect(document.frontMatter == nil)
        #expect(document.path(of: 14) == ["Personal Projects", "Education", "University of Maryland, College Park"])
    }

    @Test func slugsAndLineRanges() throws {
        try #expect(document.section("Skills").slug == "skills")
        try #expect(document.section("Email | LinkedIn | GitHub | Blog").slug == "email--linkedin--github--blog")
        try #expect(document.section("Michael Liu").lines == LineRange(start: 1, end: 2))
        try #expect(document.section("Skills").lines == LineRange(start: 5, end: 11))
        try #expect(document.section("University of Maryland, College Park").lines == LineRange(start: 57, end: 59))
    }

    @Test func escapedDollarIsPlainDollar() throws {
        let list = try document.section("Amazon Web Services (AWS) - Software Development Engineer II (promoted Q3 2024) Aug 2022 - October 2024").blocks[0]
        #expect(list.items.count == 4)
        #expect(list.items[0].text.contains("generating $11 million in daily revenue"))
        #expect(!list.items[0].text.contains("\\"))
    }

    @Test func emptyIntroStillExists() {
        #expect(document.sections[0].isIntro)
        #expect(document.sections[0].blocks.isEmpty)
    }
}
