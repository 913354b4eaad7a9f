import Foundation
import ProfileDiff

/// Where a change sits on its page, as every renderer labels it (`Professional Background › Experience`, `intro`).
enum ChangeLocation {
    static let separator = " › "

    /// The label to show after a change's summary, or `nil` when the summary alone says where it is.
    ///
    /// Page-level changes carry no location. A change to a section itself whose summary already names the section
    /// (`section "Quotes" added`) is labelled with the parent section, if any; a section edit whose summary does
    /// not (`typo fixed: …`) keeps the full path. Front-matter changes are labelled
    /// `front matter`; other changes outside any heading are in the page's `intro`. A label the summary already
    /// begins with (`front matter: …`) is not repeated. Hidden content (inside an HTML comment) says so.
    static func label(for change: Change) -> String? {
        var label: String
        if change.kind.isSectionLevel, let title = change.section.last, change.summary.contains(title) {
            label = change.section.dropLast().joined(separator: separator)
        } else if !change.section.isEmpty {
            label = change.section.joined(separator: separator)
        } else if change.kind.isPageLevel {
            label = ""
        } else if change.kind.isFrontMatter {
            label = "front matter"
        } else {
            label = "intro"
        }
        if !label.isEmpty, change.summary.lowercased().hasPrefix(label.lowercased() + ":") {
            label = ""
        }
        if change.isHidden, !change.summary.lowercased().contains("hidden") {
            label = label.isEmpty ? "hidden" : label + ", hidden"
        }
        return label.isEmpty ? nil : label
    }
}

extension Change.Kind {
    var isPageLevel: Bool { rawValue.hasPrefix("page.") }
    var isFrontMatter: Bool { rawValue.hasPrefix("frontMatter.") }
    var isSectionLevel: Bool { rawValue.hasPrefix("section.") }
}

extension CommitEntry {
    /// `YYYY-MM-DD` of the author date, as the reader's eye looks for it.
    var day: String { String(date.prefix(10)) }
    /// `3f9c2a1`, or `worktree` for the uncommitted pseudo-commit.
    var displayID: String { isWorktree ? "worktree" : shortID }
}

/// Counts of changes by the category a reader scans for.
struct CategoryCounts: Equatable {
    var added = 0, changed = 0, removed = 0, moved = 0
    /// The renames among `moved`: they share its `→`, but "1 moved" for a page or section that was renamed in place
    /// tells the reader something that did not happen.
    var renamed = 0

    var total: Int { added + changed + removed + moved }

    mutating func count(_ change: Change) {
        switch change.kind.category {
        case .added: added += 1
        case .changed: changed += 1
        case .removed: removed += 1
        case .moved:
            moved += 1
            if change.kind == .pageRenamed || change.kind == .sectionRenamed { renamed += 1 }
        }
    }

    /// `2 added, 3 changed, 1 removed, 1 renamed`; moves and renames are counted with changes when `movesAsChanged`
    /// (Keep a Changelog's view).
    func phrase(movesAsChanged: Bool) -> String {
        var parts: [String] = []
        if added > 0 { parts.append("\(added) added") }
        let changedCount = movesAsChanged ? changed + moved : changed
        if changedCount > 0 { parts.append("\(changedCount) changed") }
        if removed > 0 { parts.append("\(removed) removed") }
        if !movesAsChanged {
            if moved > renamed { parts.append("\(moved - renamed) moved") }
            if renamed > 0 { parts.append("\(renamed) renamed") }
        }
        return parts.joined(separator: ", ")
    }
}

/// A link to a commit built from a `--commit-url` template: `{id}` is the full id, `{short}` the short one.
struct CommitLink {
    let template: String?

    init(template: String?) {
        if let template, template.contains("{id}") || template.contains("{short}") {
            self.template = template
        } else {
            self.template = nil
        }
    }

    func url(for id: String) -> String? {
        guard let template, id != CommitEntry.worktreeID else { return nil }
        let short = String(id.prefix(7))
        let url = template.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{short}", with: short)
        // Characters that would end a Markdown link destination early.
        var out = ""
        for s in url.unicodeScalars {
            switch s {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            default:
                if s.value < 0x21 || s.value == 0x7F { out += "%" + String(s.value, radix: 16, uppercase: true) } else { out.unicodeScalars.append(s) }
            }
        }
        return out
    }

    /// `[3f9c2a1](url)` or plain `3f9c2a1`.
    func markdown(for id: String) -> String {
        let label = id == CommitEntry.worktreeID ? "working tree" : MarkdownSafe.inline(String(id.prefix(7)))
        guard let url = url(for: id) else { return label }
        return "[\(label)](\(url))"
    }
}

/// All changes of one page across the commits of a range, for the views that group by page
/// (Markdown release notes, the GitHub comment, CHANGELOG.md).
struct PageGroup {
    /// The page's latest path (renames followed).
    var path: String
    var displayName: String?
    var items: [Item] = []
    /// Commits in which the page could not be compared, and why when known.
    var skipped: [(commit: String, reason: String?)] = []
    fileprivate var index: [ItemKey: Int] = [:]

    /// One change, reported once even when several commits made it (the same summary in the same place).
    struct Item {
        var change: Change
        var commits: [String]
    }

    fileprivate struct ItemKey: Hashable {
        var kind: Change.Kind
        var section: [String]
        var summary: String
        var isHidden: Bool
    }

    var title: String { displayName ?? path }

    fileprivate mutating func add(_ change: Change, commit: String) {
        let key = ItemKey(kind: change.kind, section: change.section, summary: change.summary, isHidden: change.isHidden)
        if let at = index[key] {
            if !items[at].commits.contains(commit) { items[at].commits.append(commit) }
        } else {
            index[key] = items.count
            items.append(Item(change: change, commits: [commit]))
        }
    }

    fileprivate mutating func absorb(_ other: PageGroup) {
        for item in other.items {
            for commit in item.commits { add(item.change, commit: commit) }
        }
        skipped.append(contentsOf: other.skipped)
        if displayName == nil { displayName = other.displayName }
    }
}

/// Groups a range's changes by page, following renames in either commit order, in order of first appearance.
struct PageGrouper {
    private(set) var groups: [PageGroup] = []
    private var groupIndex: [String: Int] = [:]
    /// Old path → newer path, from renames seen so far.
    private var renamedTo: [String: String] = [:]
    private(set) var commitCount = 0
    /// Skipped files shown with their reason (commit id + path), so notes repeating them can be left out.
    private var explained: Set<String> = []

    mutating func add(_ commit: CommitEntry) {
        if !commit.files.isEmpty { commitCount += 1 }
        for file in commit.files {
            let target = canonical(file.path)
            if let oldPath = file.oldPath, oldPath != file.path {
                let old = canonical(oldPath)
                renamedTo[oldPath] = target
                if old != target, let oldAt = groupIndex[old] {
                    let moved = groups[oldAt]
                    groupIndex[old] = nil
                    let at = groupAt(target)
                    groups[at].absorb(moved)
                    groups[oldAt].items = []
                    groups[oldAt].skipped = []
                    groups[oldAt].path = ""
                }
            }
            let at = groupAt(target)
            if let name = file.displayName { groups[at].displayName = name }
            if file.status == .skipped {
                groups[at].skipped.append((commit.id, file.skipReason))
                if file.skipReason != nil { explained.insert(commit.id + "\u{0}" + file.path) }
            }
            for change in file.changes { groups[at].add(change, commit: commit.id) }
        }
    }

    /// Notes that say something not already shown beside the page they concern.
    func unexplained(_ notes: [Note]) -> [Note] {
        notes.filter { note in
            guard note.kind == .skippedFile, let commit = note.commit, let path = note.path else { return true }
            return !explained.contains(commit + "\u{0}" + path)
        }
    }

    /// Groups with something to show (emptied groups of renamed-away paths dropped).
    var pages: [PageGroup] { groups.filter { !$0.path.isEmpty && (!$0.items.isEmpty || !$0.skipped.isEmpty) } }

    private mutating func groupAt(_ path: String) -> Int {
        if let at = groupIndex[path] { return at }
        groupIndex[path] = groups.count
        groups.append(PageGroup(path: path))
        return groups.count - 1
    }

    /// Follows renames to the newest path; bounded so a rename cycle (a → b → a) cannot loop.
    private func canonical(_ path: String) -> String {
        var current = path
        var steps = 0
        while let next = renamedTo[current], next != current, steps < renamedTo.count {
            current = next
            steps += 1
        }
        return current
    }
}
