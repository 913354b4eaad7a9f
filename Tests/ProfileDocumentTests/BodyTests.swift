import Testing
@testable import ProfileDocument

@Suite struct BlockTests {
    @Test func setextAndATXHeadingsNestByLevel() {
        let document = ProfileDocument.parse("Title\n=====\n\nSub\n---\n\n### Deep\n\n## Next\n")
        #expect(document.titles == ["", "Title", "Sub", "Deep", "Next"])
        #expect(document.sections.map(\.level) == [0, 1, 2, 3, 2])
        #expect(document.sections.map(\.parent) == [nil, nil, 1, 2, 1])
        #expect(document.sections.map(\.lines.start) == [1, 1, 4, 7, 9])
    }

    @Test func duplicateTitlesGetNumberedSlugs() {
        let document = ProfileDocument.parse("# Skills\n# Skills\n# Skills!\n# Ünïcode & Tools_2\n")
        #expect(document.sections.map(\.slug) == ["", "skills", "skills-1", "skills-2", "ünïcode--tools_2"])
    }

    @Test func slugCollisionsWithNumberedTitles() {
        let document = ProfileDocument.parse("# A\n# A\n# A-1\n# A\n")
        #expect(document.sections.map(\.slug) == ["", "a", "a-1", "a-1-1", "a-2"])
    }

    @Test func headingMarkupIsStripped() {
        let document = ProfileDocument.parse("## **Bold** *em* `code` [link](/x) ![img](/i.png) \\$5 &amp; <span>html</span>\n")
        #expect(document.sections[1].title == "Bold em code link img $5 & html")
    }

    @Test func fencedCodeIsVerbatimWithLanguage() throws {
        let document = ProfileDocument.parse("```swift\nlet a = 1\n\n  // *not* emphasis\n```\n")
        let block = try #require(document.sections[0].blocks.first)
        #expect(block.kind == .code)
        #expect(block.language == "swift")
        #expect(block.text == "let a = 1\n\n  // *not* emphasis")
        #expect(block.lines == LineRange(start: 2, end: 4))
    }

    @Test func tablesAreRowsOfPlainCells() throws {
        let document = ProfileDocument.parse("| Name | Link |\n|---|---|\n| **A** | [x](https://x.org) |\n| B | ~~old~~ |\n")
        let block = try #require(document.sections[0].blocks.first)
        #expect(block.kind == .table)
        #expect(block.rows == [["Name", "Link"], ["A", "x"], ["B", "old"]])
        #expect(block.links.map(\.destination) == ["https://x.org"])
        #expect(block.lines == LineRange(start: 1, end: 4))
    }

    @Test func taskListsAndNestedItemsAreFlattenedWithDepth() throws {
        let document = ProfileDocument.parse("""
        - [x] done
        - [ ] todo
          - child with [link](/c)
            1. grandchild
        - plain

          second paragraph
        """)
        let list = try #require(document.sections[0].blocks.first)
        #expect(list.items.map(\.text) == ["done", "todo", "child with link", "grandchild", "plain\nsecond paragraph"])
        #expect(list.items.map(\.depth) == [0, 0, 1, 2, 0])
        #expect(list.items.map(\.isChecked) == [true, false, nil, nil, nil])
        #expect(list.items.map(\.line) == [1, 2, 3, 4, 5])
        #expect(list.items[2].links.map(\.destination) == ["/c"])
        #expect(list.items[1].links.isEmpty)
        #expect(list.links.map(\.destination) == ["/c"])
        #expect(list.lines == LineRange(start: 1, end: 7))
    }

    @Test func thematicBreakTakesTheLineOfItsMarker() {
        let document = ProfileDocument.parse("a\n\n***\n\n\n___\nb\n")
        #expect(document.sections[0].blocks.map(\.kind) == [.paragraph, .thematicBreak, .thematicBreak, .paragraph])
        #expect(document.sections[0].blocks.map(\.lines.start) == [1, 3, 6, 7])
    }

    @Test func thematicBreakAfterAParagraphWithAComment() {
        let document = ProfileDocument.parse("a <!-- c -->\nb\n\n***\n")
        #expect(document.sections[0].blocks.map(\.kind) == [.paragraph, .paragraph, .thematicBreak])
        #expect(document.sections[0].blocks.map(\.lines.start) == [1, 1, 4])
    }

    @Test func softAndHardBreaksBecomeSpaces() {
        let document = ProfileDocument.parse("one\ntwo  \nthree\\\nfour\n")
        #expect(document.sections[0].blocks.first?.text == "one two three four")
        #expect(document.sections[0].blocks.first?.lines == LineRange(start: 1, end: 4))
    }

    @Test func entitiesAreDecoded() {
        let document = ProfileDocument.parse("AT&amp;T &mdash; caf&#233; &#x1F600; &bogus;\n")
        #expect(document.sections[0].blocks.first?.text == "AT&T \u{2014} café 😀 &bogus;")
    }
}

@Suite struct LinkAndImageTests {
    @Test func linkOriginsAreTold() throws {
        let document = ProfileDocument.parse("""
        [text](https://a.org "T") <https://b.org> https://c.org www.d.org [https://e.org](https://e.org) me@f.org
        """)
        let links = try #require(document.sections[0].blocks.first).links
        #expect(links.map(\.destination) == ["https://a.org", "https://b.org", "https://c.org", "http://www.d.org", "https://e.org", "mailto:me@f.org"])
        #expect(links.map(\.origin) == [.markdown, .autolink, .bareURL, .bareURL, .markdown, .bareURL])
        #expect(links[0].title == "T")
        #expect(links[0].text == "text")
    }

    @Test func inlineHTMLLinksAndImages() throws {
        let document = ProfileDocument.parse("""
        See <A HREF='/a?x=1&amp;y=2' target=_blank>the
        <b>page</b></a> and <img src=/i.png alt="An image"> or <a href=/u>unclosed
        """)
        let block = try #require(document.sections[0].blocks.first)
        #expect(block.links.map(\.text) == ["the page", "unclosed"])
        #expect(block.links.map(\.destination) == ["/a?x=1&y=2", "/u"])
        #expect(block.links.map(\.origin) == [.html, .html])
        #expect(block.links.map(\.line) == [1, 2])
        #expect(block.images == [Image(alt: "An image", source: "/i.png", origin: .html, line: 2)])
        #expect(block.text == "See the page and An image or unclosed")
    }

    @Test func imagesInsideLinksAndHTMLBlocks() throws {
        let document = ProfileDocument.parse("""
        [![badge](/b.svg)](https://ci.org)

        <p align="center">
          <img src="/logo.png" alt="Logo">
          <a href="https://x.org">X</a>
        </p>
        """)
        let blocks = document.sections[0].blocks
        try #require(blocks.map(\.kind) == [.paragraph, .html])
        #expect(blocks[0].images.map(\.source) == ["/b.svg"])
        #expect(blocks[0].links.map(\.destination) == ["https://ci.org"])
        #expect(blocks[1].images == [Image(alt: "Logo", source: "/logo.png", origin: .html, line: 4)])
        #expect(blocks[1].links == [Link(text: "X", destination: "https://x.org", origin: .html, line: 5)])
        #expect(blocks[1].text.hasPrefix("<p align=\"center\">"))
        #expect(blocks[1].lines == LineRange(start: 3, end: 6))
    }
}

@Suite struct QuoteTests {
    @Test(arguments: [
        ("> Words.\n>\n> — Name\n", "Name"),
        ("> Words.\n>\n> – Name\n", "Name"),
        ("> Words.\n>\n> -- Name\n", "Name"),
        ("> Words.\n>\n> - Name\n", "Name"),
        ("> Words.\n> — Name\n", "Name"),
        ("> Words.\n>\n> — [Name](https://n.org)\n", "Name"),
        ("> Words.\n>\n> - [Name Surname](https://n.org)\n", "Name Surname"),
    ])
    func attributionStyles(source: String, name: String) throws {
        let quote = try #require(ProfileDocument.parse(source).sections[0].blocks.first)
        #expect(quote.kind == .quote)
        #expect(quote.text == "Words.")
        #expect(quote.attribution == name)
    }

    @Test func attributionLinkStaysALink() throws {
        let quote = try #require(ProfileDocument.parse("> Words.\n>\n> — [Name](https://n.org)\n").sections[0].blocks.first)
        #expect(quote.links == [Link(text: "Name", destination: "https://n.org", line: 3)])
    }

    @Test func quotesWithoutAttribution() throws {
        let cases = [
            "> Just words.\n",
            "> First.\n>\n> Second.\n",
            "> Intro:\n>\n> - one\n> - two\n",
            "> — only a dash line\n",
        ]
        for source in cases {
            let quote = try #require(ProfileDocument.parse(source).sections[0].blocks.first)
            #expect(quote.kind == .quote)
            #expect(quote.attribution == nil, "\(source)")
        }
        let list = try #require(ProfileDocument.parse("> Intro:\n>\n> - one\n> - two\n").sections[0].blocks.first)
        #expect(list.text == "Intro:\none\ntwo")
    }
}

@Suite struct HiddenContentTests {
    @Test func hiddenHeadingOpensAHiddenSection() {
        let document = ProfileDocument.parse("# Visible\n\ntext\n\n<!--\n## Secret\n\nplan\n-->\n\n## After\n")
        #expect(document.titles == ["", "Visible", "Secret", "After"])
        #expect(document.sections.map(\.isHidden) == [false, false, true, false])
        #expect(document.sections[2].lines == LineRange(start: 6, end: 10))
        #expect(document.sections[2].blocks.map(\.text) == ["plan"])
        #expect(document.sections[2].blocks.allSatisfy { $0.isHidden })
        #expect(document.sections[2].parent == 1)
    }

    @Test func inlineCommentIsHiddenParagraphAfterItsBlock() {
        let document = ProfileDocument.parse("Shown <!-- secret [link](/s) --> text.\n\nNext.\n")
        let blocks = document.sections[0].blocks
        #expect(blocks.map(\.text) == ["Shown  text.", "secret link", "Next."])
        #expect(blocks.map(\.isHidden) == [false, true, false])
        #expect(blocks[1].links == [Link(text: "link", destination: "/s", line: 1, isHidden: true)])
        #expect(blocks[0].links.isEmpty)
    }

    @Test func htmlBlockMixingACommentAndMarkupKeepsBoth() {
        let document = ProfileDocument.parse("<div>\n<!-- - hidden item -->\n<span>shown</span>\n</div>\n")
        let blocks = document.sections[0].blocks
        #expect(blocks.map(\.kind) == [.html, .list])
        #expect(blocks[0].text == "<div>\n\n<span>shown</span>\n</div>")
        #expect(!blocks[0].isHidden)
        #expect(blocks[1].isHidden)
        #expect(blocks[1].items.map(\.text) == ["hidden item"])
        #expect(blocks[1].lines == LineRange(start: 2, end: 2))
    }

    /// As in a browser, the first `-->` ends the comment, so " tail -->" is shown; the inner `<!--` is
    /// hidden text, not parsed again.
    @Test func commentsInsideCommentsAreNotFollowed() {
        let document = ProfileDocument.parse("<!-- outer <!-- inner --> tail -->\n")
        let blocks = document.sections[0].blocks
        #expect(blocks.map(\.kind) == [.html, .paragraph])
        #expect(blocks.map(\.text) == ["tail -->", "outer <!-- inner"])
        #expect(blocks.map(\.isHidden) == [false, true])
    }

    @Test func commentInAListItemFollowsTheList() throws {
        let document = ProfileDocument.parse("- one\n- two <!-- - secret [s](/s) -->\n- three\n\nAfter.\n")
        let blocks = document.sections[0].blocks
        try #require(blocks.map(\.kind) == [.list, .list, .paragraph])
        #expect(blocks[0].items.map(\.text) == ["one", "two", "three"])
        #expect(blocks[0].links.isEmpty)
        #expect(blocks[1].isHidden)
        #expect(blocks[1].items.map(\.text) == ["secret s"])
        #expect(blocks[1].links.map(\.destination) == ["/s"])
        #expect(blocks[1].lines == LineRange(start: 2, end: 2))
    }

    @Test func hugoSummaryDividerAndEmptyCommentsHideNothing() {
        let document = ProfileDocument.parse("Summary.\n\n<!--more-->\n\nRest <!-- --> here.\n")
        let blocks = document.sections[0].blocks
        #expect(blocks.map(\.text) == ["Summary.", "Rest  here."])
        #expect(blocks.allSatisfy { !$0.isHidden })
    }

    @Test func hiddenLineNumbersStayTrueAfterCRLFFrontMatter() {
        let text = "---\r\ntitle: x\r\n---\r\n\r\n# A\r\n\r\n<!--\r\n- one\r\n- two\r\n-->\r\n"
        let document = ProfileDocument.parse(text)
        let list = document.sections[1].blocks.first
        #expect(list?.isHidden == true)
        #expect(list?.items.map(\.line) == [8, 9])
        #expect(document.sections[1].lines == LineRange(start: 5, end: 10))
    }
}

@Suite struct QueryTests {
    @Test func sectionLinksCountListItemLinksOnce() throws {
        let document = try Seed.about.document
        let connect = try document.section("Connect With Me")
        #expect(connect.links.count == 5)
        #expect(try document.section("Favorite Memes/Slides").images.count == 5)
        #expect(document.children(of: nil).map { document.sections[$0].title }.first == "Professional Background")
    }

    @Test func childrenFollowTheTree() throws {
        let resume = try Seed.resume.document
        let projects = try #require(resume.sections.firstIndex { $0.title == "Personal Projects" })
        #expect(resume.children(of: projects).map { resume.sections[$0].title } == [
            "ML's Blog (Visit Blog)",
            "Transformer Implementations and Mechanistic Interpretability Experiments (View in GitHub)",
            "Certifications", "Education",
        ])
    }

    @Test func tableInsideAQuoteKeepsCellsApart() throws {
        let quote = try #require(ProfileDocument.parse("> | a | b |\n> |---|---|\n> | 1 | 2 |\n").sections[0].blocks.first)
        #expect(quote.kind == .quote)
        #expect(ComparisonKey.normalize(quote.text) == "a b 1 2")
    }
}
