import Foundation
import ProfileDiff
import Testing
@testable import Changelog

/// Property checks over generated hostile text (issue 8): whatever the page, commit message or path contains,
/// the terminal output carries no control characters and the GitHub comment no markup from content.
@Suite struct HostileContentPropertyTests {
    static let pieces = ["@", "a", "Z", "<", ">", "&", "`", "```", "[", "]", "!", "(", ")", "#", "1", "\n", "\r", "\t",
                         "\u{1B}", "\u{1B}[31m", "\u{9B}", "\u{7F}", "\u{202E}", "\u{2066}", "\u{200B}", "\u{FEFF}", "details",
                         "/", "-", "*", "_", "|", "~", " ", "\\", ":", "script", "<!--", "-->", "img", "=", "\"", "😀", "é"]

    /// A deterministic generator, so a failure reproduces.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func text() -> String {
            (0..<(1 + next(24))).map { _ in HostileContentPropertyTests.pieces[next(HostileContentPropertyTests.pieces.count)] }.joined()
        }
    }

    static func changelog(seed: UInt64) -> Changelog {
        var g = Generator(state: seed)
        let commits = (0..<3).map { n in
            CommitEntry(
                id: Sample.id(String(format: "%07x", n + 1)), subject: g.text(), author: Person(name: g.text(), email: g.text()),
                date: "2025-01-01T00:00:00Z",
                files: (0..<2).map { f in
                    FileEntry(path: "p\(f)" + g.text(), status: .modified, displayName: f == 0 ? g.text() : nil, changes: (0..<3).map { _ in
                        Change(kind: Change.Kind.allCases[g.next(Change.Kind.allCases.count)], section: [g.text(), g.text()],
                               summary: g.text(), level: .minor, before: g.text(), after: g.text(), isHidden: g.next(2) == 0)
                    })
                })
        }
        return Changelog(range: Sample.range, commits: commits, notes: [Note(kind: .other, message: g.text(), path: g.text())])
    }

    static func hasControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || VisibleText.isInvisibleFormat($0.value) }
    }

    static func controls(in text: String) -> [String] {
        text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || VisibleText.isInvisibleFormat($0.value) }
            .map { String($0.value, radix: 16) }
    }

    @Test(arguments: 0..<200)
    func terminalOutputHasNoControls(seed: Int) {
        let changelog = Self.changelog(seed: UInt64(seed))
        for oneline in [false, true] {
            var renderer = TextRenderer(style: .plain, oneline: oneline)
            let text = renderer.render(changelog)
            #expect(!Self.hasControls(text))
            #expect(!text.contains("\u{1B}"))
        }
    }

    @Test(arguments: 0..<200)
    func githubCommentShowsContentOnlyAsText(seed: Int) {
        let changelog = Self.changelog(seed: UInt64(seed))
        var renderer = GitHubCommentRenderer(marker: "m")
        let text = renderer.render(changelog)
        let found = Self.controls(in: text)
        #expect(found.isEmpty, "controls: \(found)")
        #expect(!text.contains("!["))
        #expect(!text.contains("``"), "\(text.components(separatedBy: "``").first.map { String($0.suffix(40)) } ?? "")")
        // Every `<` opens one of the renderer's own tags; content's are entities.
        var rest = Substring(text)
        while let at = rest.firstIndex(of: "<") {
            let tail = rest[at...]
            let ours = ["<!-- profile-diff:m -->", "<details><summary>", "<summary>", "</summary>", "</details>"].contains { tail.hasPrefix($0) }
            #expect(ours, "raw HTML from content: \(tail.prefix(30))")
            rest = rest[rest.index(after: at)...]
        }
        #expect(text.components(separatedBy: "<details>").count == text.components(separatedBy: "</details>").count)
        #expect(text.components(separatedBy: "-->").count == 2)
        // No mention or issue reference survives: `@` and `#` are never directly followed by a name or number.
        let scalars = Array(text.unicodeScalars)
        // (`&#8203;` is the renderer's own entity.)
        for (i, s) in scalars.enumerated() where (s == "@" || s == "#") && i + 1 < scalars.count && !(i > 0 && scalars[i - 1] == "&") {
            let next = scalars[i + 1]
            if s == "@" { #expect(!(next.properties.isAlphabetic || ("0"..."9").contains(next))) }
            if s == "#" { #expect(!("0"..."9").contains(next)) }
        }
    }

    @Test(arguments: 0..<100)
    func markdownAndJSONStaySafeAndRoundTrip(seed: Int) throws {
        let changelog = Self.changelog(seed: UInt64(seed))
        var markdown = MarkdownRenderer()
        let text = markdown.render(changelog)
        #expect(!Self.hasControls(text))
        #expect(!text.contains("<") && !text.contains("![") && !text.contains("``"))
        var json = JSONRenderer()
        let rendered = json.render(changelog)
        let decoded = try JSONDecoder().decode(Changelog.self, from: Data(rendered.utf8))
        #expect(decoded == changelog)
    }
}
