/// Turns a changelog into text, one piece at a time, so a caller can write each commit as soon as
/// the history walk produces it and memory stays flat over long histories.
///
/// Buffering formats (Markdown release notes grouped by page, a size-limited GitHub comment, templates)
/// return "" from `render(_:)` and produce their whole output from `end(notes:)`.
public protocol ChangelogRenderer {
    /// Text that comes before the first commit (may be "").
    mutating func begin(range: RevisionRangeInfo) -> String
    /// One commit's text (may be "" for buffering formats).
    mutating func render(_ commit: CommitEntry) -> String
    /// One commit's text as UTF-8, for writing out: a renderer that builds bytes gives them without making a `String`
    /// (checking and copying every byte of a whole history's JSON once more).
    mutating func renderUTF8(_ commit: CommitEntry) -> [UInt8]
    /// Text after the last commit: notes, closing brackets, or everything for buffering formats.
    mutating func end(notes: [Note]) -> String
}

extension ChangelogRenderer {
    public mutating func renderUTF8(_ commit: CommitEntry) -> [UInt8] { Array(render(commit).utf8) }

    /// The whole changelog at once: `begin`, each commit in order, `end`.
    public mutating func render(_ changelog: Changelog) -> String {
        var output = begin(range: changelog.range)
        for commit in changelog.commits {
            output += render(commit)
        }
        output += end(notes: changelog.notes)
        return output
    }
}
