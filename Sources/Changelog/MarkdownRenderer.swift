import ProfileDiff

/// `--format markdown`: release notes grouped by page, then Keep a Changelog's Added / Changed / Removed
/// (moves read as changes there). Buffers: grouping by page needs the whole range.
public struct MarkdownRenderer: ChangelogRenderer {
    private let link: CommitLink
    private var pages = PageGrouper()

    /// `commitURL`: a template such as `https://github.com/OWNER/REPO/commit/{id}` (`{short}` also works);
    /// without one of those placeholders, commit references stay plain short ids.
    public init(commitURL: String? = nil) {
        self.link = CommitLink(template: commitURL)
    }

    public mutating func begin(range: RevisionRangeInfo) -> String {
        pages = PageGrouper()
        return ""
    }

    public mutating func render(_ commit: CommitEntry) -> String {
        pages.add(commit)
        return ""
    }

    public mutating func end(notes: [Note]) -> String {
        var blocks: [String] = []
        for page in pages.pages {
            var block = "## " + MarkdownSafe.inline(page.title) + "\n"
            for (heading, items) in Self.sections(of: page) {
                block += "\n### \(heading)\n\n"
                for item in items {
                    block += "- " + Self.bullet(item, link: link) + "\n"
                }
            }
            if !page.skipped.isEmpty {
                block += "\n"
                for skip in page.skipped {
                    block += "- _not compared in " + link.markdown(for: skip.commit) + "_"
                    if let reason = skip.reason { block += ": " + MarkdownSafe.inline(reason) }
                    block += "\n"
                }
            }
            blocks.append(block)
        }
        let notes = pages.unexplained(notes)
        if !notes.isEmpty {
            var block = "## Notes\n\n"
            for note in notes { block += "- " + Self.note(note, link: link) + "\n" }
            blocks.append(block)
        }
        return blocks.joined(separator: "\n")
    }

    /// Added / Changed / Removed in that order, empty ones left out.
    static func sections(of page: PageGroup) -> [(String, [PageGroup.Item])] {
        var added: [PageGroup.Item] = [], changed: [PageGroup.Item] = [], removed: [PageGroup.Item] = []
        for item in page.items {
            switch item.change.kind.category {
            case .added: added.append(item)
            case .changed, .moved: changed.append(item)
            case .removed: removed.append(item)
            }
        }
        return [("Added", added), ("Changed", changed), ("Removed", removed)].filter { !$0.1.isEmpty }
    }

    /// `link "resume here" → /x.pdf (intro) ([3f9c2a1](url))`.
    static func bullet(_ item: PageGroup.Item, link: CommitLink?) -> String {
        var text = MarkdownSafe.inline(item.change.summary)
        if let label = ChangeLocation.label(for: item.change) {
            text += " (" + MarkdownSafe.inline(label) + ")"
        }
        if let link {
            text += " (" + item.commits.map(link.markdown(for:)).joined(separator: ", ") + ")"
        }
        return text
    }

    static func note(_ note: Note, link: CommitLink) -> String {
        var text = MarkdownSafe.inline(note.message)
        var whereParts: [String] = []
        if let path = note.path, !note.message.contains(path) { whereParts.append(MarkdownSafe.inline(path)) }
        if let commit = note.commit { whereParts.append(link.markdown(for: commit)) }
        if !whereParts.isEmpty { text += " (" + whereParts.joined(separator: " in ") + ")" }
        return text
    }
}
