import ProfileDiff
@testable import Changelog

/// A hand-built changelog that mirrors the sample profile history: the About page's edits from seed 001 to
/// seed 000, the resume page arriving as `content/cv.md` and renamed later, and a file that could not be compared.
enum Sample {
    /// A 40-hex id that starts with the short id a reader sees.
    static func id(_ short: String) -> String {
        let filler = "0123456789abcdef0123456789abcdef0123456789"
        return short + String(filler.prefix(40 - short.count))
    }

    static let author = Person(name: "Michael Liu", email: "michael@example.com")

    static let range = RevisionRangeInfo(spec: "HEAD~6", from: id("1a2b3c4"), to: id("9e8d7c6"))

    static let changelog = Changelog(
        range: range,
        commits: [
            CommitEntry(
                id: id("9e8d7c6"), subject: "add favourite memes", author: author, date: "2025-09-20T10:15:00+02:00",
                files: [FileEntry(path: "content/about.md", status: .modified, displayName: "About", changes: [
                    Change(kind: .sectionAdded, section: ["Favorite Memes/Slides"],
                           summary: "section \"Favorite Memes/Slides\" added (5 images)", level: .major,
                           after: "Favorite Memes/Slides"),
                    Change(kind: .htmlAdded, section: ["Favorite Memes/Slides"], summary: "script added", level: .trivial,
                           after: "<script src=\"/js/memes.js\"></script>", isHidden: true),
                ])]),
            CommitEntry(
                id: id("7c6b5a4"), subject: "add quotes section", author: author, date: "2025-09-12T21:40:00+02:00",
                files: [FileEntry(path: "content/about.md", status: .modified, displayName: "About", changes: [
                    Change(kind: .sectionAdded, section: ["Quotes I'm thinking about"],
                           summary: "section \"Quotes I'm thinking about\" added (4 quotes)", level: .major,
                           after: "Quotes I'm thinking about"),
                ])]),
            CommitEntry(
                id: id("5d4e3f2"), subject: "rewrite current focus", author: author, date: "2025-09-05T08:00:00+02:00",
                files: [FileEntry(path: "content/about.md", status: .modified, displayName: "About", changes: [
                    Change(kind: .sectionRewritten, section: ["Current Focus"],
                           summary: "\"Current Learning Focus\" rewritten as \"Current Focus\" (4 items → 5 items)", level: .major,
                           before: "Current Learning Focus", after: "Current Focus"),
                    Change(kind: .sectionRemoved, section: ["What I'm current working on"],
                           summary: "section \"What I'm current working on\" removed", level: .major,
                           before: "What I'm current working on"),
                    Change(kind: .sectionRemoved, section: ["Technical Interests"],
                           summary: "section \"Technical Interests\" removed (3 items)", level: .minor,
                           before: "Technical Interests", isHidden: true),
                ])]),
            CommitEntry(
                id: id("3f9c2a1"), subject: "add resume", author: author, date: "2025-08-30T14:02:11+02:00",
                files: [
                    FileEntry(path: "content/about.md", status: .modified, displayName: "About", changes: [
                        Change(kind: .linkAdded, summary: "link \"resume here\" → /Michael_Liu_Resume_2025_Aug.pdf added",
                               level: .minor, after: "/Michael_Liu_Resume_2025_Aug.pdf"),
                    ]),
                    FileEntry(path: "content/resume.md", oldPath: "content/cv.md", status: .renamed, changes: [
                        Change(kind: .pageRenamed, summary: "page renamed from content/cv.md", level: .minor,
                               before: "content/cv.md", after: "content/resume.md"),
                        Change(kind: .linkTargetChanged, section: ["Michael Liu", "Contact"],
                               summary: "link \"GitHub\" now points to https://github.com/mliu", level: .minor,
                               before: "https://github.com/michaelliu", after: "https://github.com/mliu"),
                    ]),
                    FileEntry(path: "content/photo.md", status: .skipped, changes: [],
                              skipReason: "file is larger than the 1 MB limit (--max-file-size)"),
                ]),
            CommitEntry(
                id: id("2b1a0f9"), subject: "fix typo, hide date", author: author, date: "2025-08-20T19:30:00+02:00",
                files: [FileEntry(path: "content/about.md", status: .modified, displayName: "About", changes: [
                    Change(kind: .frontMatterKeyCommentedOut, summary: "front matter: date commented out", level: .minor,
                           before: "2024-02-17"),
                    Change(kind: .sectionEdited, section: ["Professional Background"],
                           summary: "typo fixed: \"Data transfer\" → \"Data Transfer\"", level: .trivial,
                           before: "Data transfer Metering", after: "Data Transfer Metering"),
                    Change(kind: .listItemMoved, section: ["Professional Background"],
                           summary: "item \"Data Transfer Metering\" moved up", level: .minor),
                ])]),
            CommitEntry(
                id: id("1f0e9d8"), subject: "add cv page", author: author, date: "2025-08-10T09:00:00+02:00",
                files: [FileEntry(path: "content/cv.md", status: .added, changes: [
                    Change(kind: .pageAdded, summary: "page added", level: .major, after: "content/cv.md"),
                    Change(kind: .listItemAdded, section: ["Michael Liu", "Skills"],
                           summary: "item \"Swift, Rust, Python\" added", level: .minor, after: "Swift, Rust, Python"),
                ])]),
        ],
        notes: [
            Note(kind: .skippedFile, message: "skipped content/photo.md: file is larger than the 1 MB limit (--max-file-size)",
                 commit: id("3f9c2a1"), path: "content/photo.md"),
        ])

    /// The page from issue 6: content written to take over a terminal or a pull-request comment.
    static let hostileText = "ping @someone <script>alert(1)</script> ``````` </details> ![x](http://tracker/p.png) \u{1B}[31mred \u{202E}evil"

    static let hostile = Changelog(
        range: RevisionRangeInfo(spec: "main...evil", from: id("aaaaaaa"), to: id("bbbbbbb")),
        commits: [
            CommitEntry(
                id: id("bbbbbbb"), subject: "innocent \u{1B}]0;pwned\u{07}title\nSigned-off-by: @someone", 
                author: Person(name: "Mallory \u{202E}gnp.exe", email: "m@evil.example"), date: "2025-10-01T00:00:00Z",
                files: [
                    FileEntry(path: "content/about.md", status: .modified, changes: [
                        Change(kind: .paragraphAdded, section: ["Evil </details> @team #1"],
                               summary: "paragraph added: \"\(hostileText)\"", level: .minor, after: hostileText),
                        Change(kind: .codeAdded, section: ["Evil </details> @team #1"],
                               summary: "code block added:\n```````\n</details>\n<img src=x onerror=alert(1)>", level: .minor),
                        Change(kind: .imageAdded, summary: "image ![x](http://tracker/p.png) added", level: .minor,
                               after: "http://tracker/p.png"),
                    ]),
                    FileEntry(path: "content/<b>ad</b>\t@owner.md", status: .added, changes: [
                        Change(kind: .pageAdded, summary: "page added", level: .major),
                    ]),
                ]),
        ],
        notes: [Note(kind: .other, message: "note with \u{1B}[2J escape and @someone")])
}
