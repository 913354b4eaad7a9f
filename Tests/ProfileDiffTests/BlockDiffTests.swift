import Testing
import ProfileDocument
@testable import ProfileDiff

/// Changes inside one section named "S" between two block lists.
func diffBlocks(_ old: [Block], _ new: [Block], options: DiffOptions = .init()) -> [Change] {
    DocumentDiff.compare(document([section("S", old)]), document([section("S", new)]), options: options)
}

@Suite struct ParagraphTests {
    let first = paragraph("I build reliable systems. I like metering pipelines.")
    let second = paragraph("Outside work I read about AI safety and alignment.")

    @Test func aSentenceChangedIsOneEditNotARemovalAndAnAddition() {
        let edited = paragraph("I build reliable systems. I like data transfer pipelines.")
        let changes = diffBlocks([first, second], [edited, second])
        #expect(seen(changes) == [Seen(.paragraphEdited, "S", .minor)])
        #expect(changes.first?.summary.contains("1 sentence changed") == true)
        #expect(changes.first?.summary.contains("\"like metering\" → \"like data transfer\"") == true)
    }

    @Test func caseOnlyOrTwoCharacterWordChangeIsATypo() {
        let changes = diffBlocks([paragraph("We recieve data transfer records.")], [paragraph("We receive data Transfer records.")])
        #expect(seen(changes) == [Seen(.paragraphEdited, "S", .trivial)])
        #expect(changes.first?.summary == "typos fixed: \"We recieve\" → \"We receive\"; \"data transfer\" → \"data Transfer\"")
    }

    @Test(arguments: [("saved 140 PB", "saved 150 PB"), ("the cat sat", "the dog sat"), ("is it", "at it")])
    func realWordChangesAreNotTypos(old: String, new: String) {
        let changes = diffBlocks([paragraph(old)], [paragraph(new)])
        #expect(changes.first?.level == .minor)
        #expect(changes.first?.summary.hasPrefix("typo") == false)
    }

    @Test func punctuationOnlyIsTrivial() {
        let changes = diffBlocks([paragraph("Hello, world")], [paragraph("Hello world!")])
        #expect(seen(changes) == [Seen(.paragraphEdited, "S", .trivial)])
        #expect(changes.first?.summary.hasPrefix("punctuation changed") == true)
    }

    @Test func rewrappingTrailingSpacesAndSmartQuotesAreNoChange() {
        let old = paragraph("It's a \"test\" -- of   wrapping")
        let new = paragraph("It\u{2019}s a \u{201C}test\u{201D} \u{2014} of\nwrapping ")
        #expect(old.key == new.key)
        #expect(diffBlocks([old], [new]).isEmpty)
        let shown = diffBlocks([old], [new], options: DiffOptions(includeFormatting: true))
        #expect(seen(shown) == [Seen(.formatting, "S", .formatting)])
    }

    @Test func aMovedParagraphIsAMoveNotARemovalAndAnAddition() {
        let third = paragraph("Contact me by email.")
        let changes = diffBlocks([first, second, third], [second, third, first])
        #expect(seen(changes) == [Seen(.blockMoved, "S", .minor)])
    }

    @Test func addedAndRemovedParagraphs() {
        let added = diffBlocks([first], [first, second])
        #expect(seen(added) == [Seen(.paragraphAdded, "S", .minor)])
        #expect(added.first?.summary == "paragraph added: \"Outside work I read about AI safety and alignment.\"")
        #expect(seen(diffBlocks([first, second], [second])) == [Seen(.paragraphRemoved, "S", .minor)])
    }

    @Test func aParagraphSplitInTwoOrTwoMergedIsOneEdit() {
        let whole = paragraph("I like Swift a lot. I also like Rust for systems work.")
        let halves = [paragraph("I like Swift a lot."), paragraph("I also like Rust for systems work.")]
        let split = diffBlocks([whole], halves)
        #expect(seen(split) == [Seen(.paragraphEdited, "S", .minor)])
        #expect(split.first?.summary.hasSuffix("split in two") == true)
        let merged = diffBlocks(halves, [whole])
        #expect(seen(merged) == [Seen(.paragraphEdited, "S", .minor)])
        #expect(merged.first?.summary.hasSuffix("merged") == true)
    }

    @Test func aParagraphReplacedInPlaceIsAnEdit() {
        let changes = diffBlocks([first, paragraph("Old words entirely."), second], [first, paragraph("Something else now."), second])
        #expect(seen(changes) == [Seen(.paragraphEdited, "S", .minor)])
    }
}

@Suite struct LinkTests {
    @Test func insertingASentenceWithALinkIsOneLinkAddition() {
        let old = paragraph("I'm currently seeking roles in AI development.")
        let new = paragraph("I'm currently seeking roles in AI development. You can view my resume here.",
                            links: [link("resume here", "/resume.pdf", origin: .html)])
        let changes = diffBlocks([old], [new])
        #expect(seen(changes) == [Seen(.linkAdded, "S", .minor)])
        #expect(changes.first?.summary == "link \"resume here\" → /resume.pdf added")
    }

    @Test func sameTextNewDestinationIsRetargeted() {
        let old = paragraph("See my resume.", links: [link("resume", "/old.pdf")])
        let new = paragraph("See my resume.", links: [link("resume", "/new.pdf")])
        let changes = diffBlocks([old], [new])
        #expect(seen(changes) == [Seen(.linkTargetChanged, "S", .minor)])
        #expect(changes.first?.summary == "link \"resume\" now points to /new.pdf")
        #expect(changes.first?.before == "/old.pdf")
    }

    @Test func sameDestinationNewTextIsOneTextChange() {
        let old = paragraph("Read my blog.", links: [link("blog", "https://b.example")])
        let new = paragraph("Read my weblog.", links: [link("weblog", "https://b.example")])
        let changes = diffBlocks([old], [new])
        #expect(seen(changes) == [Seen(.linkTextChanged, "S", .minor)])
    }

    @Test func aLinkReplacedInPlaceIsOneLine() {
        let old = paragraph("See my blog now.", links: [link("my blog", "https://a.example")])
        let new = paragraph("See my weblog now.", links: [link("my weblog", "https://b.example")])
        let changes = diffBlocks([old], [new])
        #expect(seen(changes) == [Seen(.linkTargetChanged, "S", .minor)])
        #expect(changes.first?.summary == "link \"my blog\" → \"my weblog\", now pointing to https://b.example")
    }

    @Test func linkRemovedFromAParagraphThatStays() {
        let old = paragraph("Find me on GitHub.", links: [link("GitHub", "https://github.com/me")])
        let new = paragraph("Find me on GitHub.")
        #expect(seen(diffBlocks([old], [new])) == [Seen(.linkRemoved, "S", .minor)])
    }

    @Test func aLinkMovedBetweenBlocksOfASectionIsNoLinkChange() {
        let gh = link("GitHub", "https://github.com/me")
        let old = [paragraph("Find me on GitHub.", links: [gh]), list([item("Email")])]
        let new = [paragraph("Find me on GitHub."), list([item("Email"), item("GitHub", links: [gh])])]
        let changes = diffBlocks(old, new)
        #expect(!changes.contains { $0.kind == .linkAdded || $0.kind == .linkRemoved })
        #expect(changes.contains { $0.kind == .listItemAdded })
    }

    @Test func linksInsideAnAddedItemAreNotListedAgain() {
        let changes = diffBlocks([list([item("Email")])], [list([item("Email"), item("Blog", links: [link("Blog", "https://b.example")])])])
        #expect(seen(changes) == [Seen(.listItemAdded, "S", .minor)])
    }
}

@Suite struct ListTests {
    let base = ["Swift", "Rust", "Python", "Go"]

    @Test func itemAddedRemovedEditedMoved() {
        #expect(seen(diffBlocks([list(base)], [list(base + ["Zig"])])) == [Seen(.listItemAdded, "S", .minor)])
        #expect(seen(diffBlocks([list(base)], [list(Array(base.dropLast()))])) == [Seen(.listItemRemoved, "S", .minor)])
        let edited = diffBlocks([list(["Large-scale distributed systems", "Go"])], [list(["Large-scale distributed systems and pipelines", "Go"])])
        #expect(seen(edited) == [Seen(.listItemEdited, "S", .minor)])
        #expect(edited.first?.summary == "item edited: \"Large-scale distributed systems\" → \"Large-scale distributed systems and pipelines\"")
        let moved = diffBlocks([list(base)], [list(["Go", "Swift", "Rust", "Python"])])
        #expect(seen(moved) == [Seen(.listItemMoved, "S", .minor)])
        #expect(moved.first?.summary == "item \"Go\" moved to the top")
        let down = diffBlocks([list(base)], [list(["Rust", "Python", "Swift", "Go"])])
        #expect(down.map(\.summary) == ["item \"Swift\" moved after \"Python\""])
    }

    @Test func manyItemsAddedAreOneLine() {
        let changes = diffBlocks([list(["a"])], [list(["a", "b", "c", "d", "e"])])
        #expect(seen(changes) == [Seen(.listItemAdded, "S", .minor)])
        #expect(changes.first?.summary.hasPrefix("4 items added") == true)
    }

    @Test func itemTypoIsTrivial() {
        let changes = diffBlocks([list(["Mentored new team membres"])], [list(["Mentored new team members"])])
        #expect(seen(changes) == [Seen(.listItemEdited, "S", .trivial)])
    }

    @Test func wholeListAddedIsOneLine() {
        let changes = diffBlocks([paragraph("Tools:")], [paragraph("Tools:"), list(["git", "make", "swift"])])
        #expect(seen(changes) == [Seen(.listAdded, "S", .minor)])
        #expect(changes.first?.summary == "list added (3 items)")
    }

    @Test func aListWhoseItemsAllChangedIsOneLine() {
        let changes = diffBlocks([list(["a1 b1", "a2 b2"]), paragraph("Tail text stays here.")],
                                 [list(["c1 d1", "c2 d2", "c3 d3"]), paragraph("Tail text stays here.")])
        #expect(seen(changes) == [Seen(.listReplaced, "S", .minor)])
        #expect(changes.first?.summary == "list replaced (2 items → 3 items)")
    }

    @Test func checkingATaskIsReported() {
        let changes = diffBlocks([list([item("Ship it", checked: false)])], [list([item("Ship it", checked: true)])])
        #expect(changes.first?.summary == "item \"Ship it\" checked")
    }
}

@Suite struct OtherBlockTests {
    @Test func imagesAddedRemovedAndReplaced() {
        let a = imageParagraph("Shoggoth", "/img/shoggoth.png")
        let b = imageParagraph("bitter lesson", "/img/bitter.png")
        let added = diffBlocks([a], [a, b])
        #expect(seen(added) == [Seen(.imageAdded, "S", .minor)])
        #expect(added.first?.summary == "image \"bitter lesson\" (/img/bitter.png) added")
        #expect(seen(diffBlocks([a, b], [b])) == [Seen(.imageRemoved, "S", .minor)])
        let replaced = diffBlocks([a], [imageParagraph("Shoggoth", "/img/shoggoth-v2.png")])
        #expect(seen(replaced) == [Seen(.imageSourceChanged, "S", .minor)])
        #expect(replaced.first?.summary == "image \"Shoggoth\" now shows /img/shoggoth-v2.png")
        let described = diffBlocks([a], [imageParagraph("A shoggoth with a smiley mask", "/img/shoggoth.png")])
        #expect(seen(described) == [Seen(.imageAltChanged, "S", .trivial)])
    }

    @Test func quotesAddedRemovedEditedAndReattributed() {
        let q = quote("Intelligence is skill-acquisition efficiency.", by: "Francois Chollet")
        let added = diffBlocks([], [q])
        #expect(seen(added) == [Seen(.quoteAdded, "S", .minor)])
        #expect(added.first?.summary == "quote by Francois Chollet added: \"Intelligence is skill-acquisition efficiency.\"")
        let quoted = diffBlocks([], [quote("\"Be kind.\"", by: "Alice")])
        #expect(quoted.first?.summary == "quote by Alice added: \"Be kind.\"")
        #expect(seen(diffBlocks([q], [])) == [Seen(.quoteRemoved, "S", .minor)])
        let edited = diffBlocks([q], [quote("Intelligence is skill-acquisition efficiency, mostly.", by: "Francois Chollet")])
        #expect(seen(edited) == [Seen(.quoteEdited, "S", .minor)])
        let reattributed = diffBlocks([q], [quote("Intelligence is skill-acquisition efficiency.", by: "F. Chollet")])
        #expect(seen(reattributed) == [Seen(.quoteEdited, "S", .minor)])
        #expect(reattributed.first?.summary == "quote attribution Francois Chollet → F. Chollet")
    }

    @Test func tableRowsAddedRemovedEdited() {
        let old = table([["Year", "Role"], ["2022", "SDE I"], ["2024", "SDE II"]])
        let new = table([["Year", "Role"], ["2022", "SDE I (AWS)"], ["2025", "Founder"]])
        let changes = diffBlocks([old], [new])
        // The second row is replaced in place: an edit, not a removal and an addition.
        #expect(changes.map(\.summary) == ["row edited: \"2022 | SDE I\" → \"2022 | SDE I (AWS)\"",
                                           "row edited: \"2024 | SDE II\" → \"2025 | Founder\""])
        #expect(seen(diffBlocks([table([["a", "b"], ["c", "d"]])], [table([["a", "b"]])])) == [Seen(.tableRowRemoved, "S", .minor)])
        #expect(seen(diffBlocks([table([["a", "b"]])], [table([["a", "b"], ["c", "d"]])])) == [Seen(.tableRowAdded, "S", .minor)])
    }

    @Test func codeBlockChangedCountsLines() {
        let changes = diffBlocks([code("let a = 1\nprint(a)\n", language: "swift")], [code("let a = 2\nprint(a)\n", language: "swift")])
        #expect(seen(changes) == [Seen(.codeChanged, "S", .minor)])
        #expect(changes.first?.summary == "code block (swift) changed (+1 −1 lines)")
        let relabelled = diffBlocks([code("print(1)\n", language: "swift")], [code("print(1)\n", language: "python")])
        #expect(seen(relabelled) == [Seen(.codeChanged, "S", .trivial)])
        #expect(relabelled.first?.summary == "code block language swift → python")
    }

    @Test func hiddenScriptAddedIsTrivial() {
        let changes = diffBlocks([paragraph("Bye.")], [paragraph("Bye."), html("<script src='x.js'></script>", hidden: true)])
        #expect(seen(changes) == [Seen(.htmlAdded, "S", .trivial)])
        #expect(changes.first?.summary == "hidden <script> added")
        #expect(changes.first?.isHidden == true)
        let visible = diffBlocks([], [html("<div class='x'>hi</div>")])
        #expect(seen(visible) == [Seen(.htmlAdded, "S", .minor)])
        #expect(visible.first?.summary == "<div> added")
        let comment = diffBlocks([html("<!-- <script src='a.js'></script> -->")], [html("<!-- <script src='b.js'></script> -->")])
        #expect(seen(comment) == [Seen(.htmlChanged, "S", .trivial)])
        #expect(comment.first?.summary == "hidden <script> changed")
    }

    @Test func hiddenParagraphEditsAreTrivial() {
        let changes = diffBlocks([paragraph("I'm working on: a blog post", hidden: true)],
                                 [paragraph("I'm working on: a new blog post about Pokemon", hidden: true)])
        #expect(seen(changes) == [Seen(.paragraphEdited, "S", .trivial)])
    }
}
