import ProfileDiff
import GitFixture
import Testing
@testable import Changelog

@Suite struct TextRendererTests {
    @Test func defaultFormatMatchesGolden() throws {
        var renderer = TextRenderer(style: .plain, oneline: false)
        try Golden.check(renderer.render(Sample.changelog), "sample.txt")
    }

    @Test func onelineMatchesGolden() throws {
        var renderer = TextRenderer(style: .plain, oneline: true)
        try Golden.check(renderer.render(Sample.changelog), "sample-oneline.txt")
    }

    @Test func colorMatchesGolden() throws {
        var renderer = TextRenderer(style: .colored)
        try Golden.check(renderer.render(Sample.changelog), "sample-color.txt")
    }

    @Test func commitLineHasShortIdDayAndSubject() {
        var renderer = TextRenderer()
        let text = renderer.render(Sample.changelog)
        #expect(text.hasPrefix("9e8d7c6  2025-09-20  add favourite memes\n  About — content/about.md\n"))
        #expect(text.contains("    + link \"resume here\" → /Michael_Liu_Resume_2025_Aug.pdf added  (intro)\n"))
        #expect(text.contains("  content/resume.md (renamed from content/cv.md)\n"))
        #expect(text.contains("  content/photo.md (skipped: file is larger than the 1 MB limit (--max-file-size))\n"))
        // Commits are separated by exactly one blank line.
        #expect(text.contains("\n\n5d4e3f2  2025-09-05  rewrite current focus\n"))
        #expect(!text.contains("\n\n\n"))
    }

    @Test func locationLabels() {
        func label(_ change: Change) -> String? { ChangeLocation.label(for: change) }
        #expect(label(Change(kind: .linkAdded, summary: "link added", level: .minor)) == "intro")
        #expect(label(Change(kind: .pageAdded, summary: "page added", level: .major)) == nil)
        #expect(label(Change(kind: .frontMatterKeyAdded, summary: "key tags added", level: .minor)) == "front matter")
        // Not repeated when the summary already starts with it.
        #expect(label(Change(kind: .frontMatterKeyCommentedOut, summary: "front matter: date commented out", level: .minor)) == nil)
        #expect(label(Change(kind: .listItemAdded, section: ["Resume", "Skills"], summary: "item added", level: .minor))
            == "Resume › Skills")
        #expect(label(Change(kind: .sectionRemoved, section: ["Technical Interests"], summary: "section \"Technical Interests\" removed",
                             level: .minor, isHidden: true)) == "hidden")
        // A section edit whose summary does not name the section keeps the full path.
        #expect(label(Change(kind: .sectionEdited, section: ["Background"], summary: "typo fixed: \"a\" → \"b\"", level: .trivial))
            == "Background")
        // A section's own change names the section in its summary; the label is where it sits.
        #expect(label(Change(kind: .sectionAdded, section: ["Resume", "Skills"], summary: "section \"Skills\" added",
                             level: .major)) == "Resume")
    }

    @Test func onelineCountsCategoriesPerPage() {
        var renderer = TextRenderer(oneline: true)
        let lines = renderer.render(Sample.changelog).split(separator: "\n")
        // One line per commit; the skipped file's note is not repeated after it was shown in place.
        #expect(lines.count == Sample.changelog.commits.count)
        #expect(lines.contains("5d4e3f2 2025-09-05 rewrite current focus — About: 1 changed, 2 removed"))
        #expect(lines.contains("3f9c2a1 2025-08-30 add resume — About: 1 added; content/resume.md: 1 changed, 1 renamed; content/photo.md: skipped: file is larger than the 1 MB limit (--max-file-size)"))
    }

    @Test func onelineTellsRenamesFromMoves() {
        func line(_ changes: [Change]) -> String {
            let commit = CommitEntry(id: "4c3b2a1" + String(repeating: "0", count: 33), subject: "tidy",
                                     author: Person(name: "M", email: "m@example.com"), date: "2025-04-06T09:12:00Z",
                                     files: [FileEntry(path: "content/about.md", status: .modified, changes: changes)])
            var renderer = TextRenderer(oneline: true)
            return renderer.render(Changelog(range: RevisionRangeInfo(spec: "HEAD~1", from: nil, to: nil), commits: [commit]))
        }
        let renamed = Change(kind: .sectionRenamed, section: ["Quotes I'm thinking about"],
                             summary: "section \"Quotes\" renamed to \"Quotes I'm thinking about\"", level: .minor,
                             before: "Quotes", after: "Quotes I'm thinking about")
        let moved = Change(kind: .listItemMoved, section: ["Current Focus"], summary: "item \"LLM Agents\" moved to the top",
                           level: .minor)
        #expect(line([renamed]) == "4c3b2a1 2025-04-06 tidy — content/about.md: 1 renamed\n")
        #expect(line([moved]) == "4c3b2a1 2025-04-06 tidy — content/about.md: 1 moved\n")
        #expect(line([moved, renamed, moved]) == "4c3b2a1 2025-04-06 tidy — content/about.md: 2 moved, 1 renamed\n")
    }

    @Test func hostileContentCannotReachTheTerminal() throws {
        for oneline in [false, true] {
            var renderer = TextRenderer(style: .plain, oneline: oneline)
            let text = renderer.render(Sample.hostile)
            let bad = text.unicodeScalars.filter { s in
                (s.value < 0x20 && s != "\n") || (0x7F...0x9F).contains(s.value) || VisibleText.isInvisibleFormat(s.value)
            }
            #expect(bad.isEmpty, "unsafe scalars: \(bad.map { String($0.value, radix: 16) })")
            if !oneline { #expect(text.contains("<U+001B>[31mred <U+202E>evil")) }
            // The newline in the commit message is shown, not obeyed: the subject stays on the commit line.
            #expect(text.contains("innocent <U+001B>]0;pwned<U+0007>title\\nSigned-off-by: @someone"))
        }
        var renderer = TextRenderer(style: .plain)
        try Golden.check(renderer.render(Sample.hostile), "hostile.txt")
    }

    @Test func colorHostileContentStillOnlyHasOurEscapes() {
        var renderer = TextRenderer(style: .colored)
        let text = renderer.render(Sample.hostile)
        // Every ESC is one of ours: followed by `[`, digits and `m` (SGR), never content's `]0;` or `[2J`.
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() where s == "\u{1B}" {
            var j = i + 1
            #expect(j < scalars.count && scalars[j] == "[")
            j += 1
            while j < scalars.count, ("0"..."9").contains(scalars[j]) { j += 1 }
            #expect(j < scalars.count && scalars[j] == "m")
        }
    }

    @Test(arguments: [
        (ColorMode.always, false, [String: String](), true),
        (.always, false, ["NO_COLOR": "1", "TERM": "dumb"], true),
        (.never, true, ["TERM": "xterm-256color"], false),
        (.auto, true, ["TERM": "xterm-256color"], true),
        (.auto, true, ["TERM": "xterm-256color", "NO_COLOR": "1"], false),
        (.auto, true, ["TERM": "xterm-256color", "NO_COLOR": ""], true),
        (.auto, true, ["TERM": "dumb"], false),
        (.auto, false, ["TERM": "xterm-256color"], false),
    ])
    func colorDetection(mode: ColorMode, isTTY: Bool, environment: [String: String], expected: Bool) {
        let style = TerminalStyle.detect(mode: mode, isTTY: isTTY, environment: environment)
        #expect(style.color == expected)
        var renderer = TextRenderer(style: style)
        let text = renderer.render(Sample.changelog)
        #expect(text.contains("\u{1B}[") == expected)
    }

    @Test func emptyChangelogPrintsNothing() {
        var renderer = TextRenderer()
        #expect(renderer.render(Changelog(range: Sample.range)) == "")
    }

    @Test func streamsOneCommitAtATime() {
        var renderer = TextRenderer()
        #expect(renderer.begin(range: Sample.range) == "")
        let first = renderer.render(Sample.changelog.commits[0])
        let second = renderer.render(Sample.changelog.commits[1])
        #expect(first.hasPrefix("9e8d7c6"))
        #expect(second.hasPrefix("\n7c6b5a4"))
        #expect(first.hasSuffix("\n") && !first.hasSuffix("\n\n"))
    }
}

@Suite struct SafeTextTests {
    @Test(arguments: [
        ("plain text, café, 日本語", "plain text, café, 日本語"),
        ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
        ("\u{1B}[31mred", "<U+001B>[31mred"),
        ("del\u{7F}c1\u{9B}", "del<U+007F>c1<U+009B>"),
        ("abc\u{202E}cba\u{2066}x\u{2069}", "abc<U+202E>cba<U+2066>x<U+2069>"),
        ("zero\u{200B}width\u{FEFF}\u{2060}", "zero<U+200B>width<U+FEFF><U+2060>"),
        ("ad\u{200D}min", "ad<U+200D>min"),
        // Joiners that writing systems need stay: an emoji family, Persian with ZWNJ.
        ("👨\u{200D}👩\u{200D}👧", "👨\u{200D}👩\u{200D}👧"),
        ("می\u{200C}خواهم", "می\u{200C}خواهم"),
        // Tag characters hide text (ASCII smuggling) unless they spell a subdivision flag.
        ("hi\u{E0041}\u{E0042}", "hi<U+E0041><U+E0042>"),
        ("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"),
    ])
    func terminalEscape(input: String, expected: String) {
        #expect(TerminalSafe.escape(input) == expected)
    }

    @Test(arguments: [
        ("plain words", "plain words"),
        ("a *b* _c_ `d` [e](f) |g| ~h~ \\", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\|g\\| \\~h\\~ \\\\"),
        ("<script>&amp;", "&lt;script&gt;&amp;amp;"),
        ("# heading", "\\# heading"),
        ("issue #12 and C#", "issue #&#8203;12 and C#"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("hi @someone and a@b.c", "hi @&#8203;someone and a@&#8203;b.c"),
        ("![x](http://tracker/p.png)", "!\\[x\\](http://tracker/p.png)"),
        ("two\nlines", "two lines"),
        ("\u{202E}x", "&lt;U+202E&gt;x"),
    ])
    func markdownInline(input: String, expected: String) {
        #expect(MarkdownSafe.inline(input) == expected)
    }

    @Test func htmlEscapeForSummaryElements() {
        #expect(MarkdownSafe.html("</details><img src=x> \"q\" @you") == "&lt;/details&gt;&lt;img src=x&gt; &quot;q&quot; @&#8203;you")
        #expect(MarkdownSafe.html("my_file*.md ```") == "my&#95;file&#42;.md &#96;&#96;&#96;")
    }
}
