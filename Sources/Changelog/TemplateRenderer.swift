import Mustache
import ProfileDiff

/// `--template FILE`: a Mustache template rendered from the same model as the JSON output.
///
/// The context uses the JSON key names (`commits`, `files`, `changes`, `summary`, …) plus conveniences a template
/// would otherwise have to compute (`shortId`, `day`, `symbol`, `category`, `location`); see the "Templates"
/// section of `docs/json-schema.md`. Absent values (`oldPath`, `before`, `after`, `displayName`) are left out of the
/// context, so `{{#oldPath}}…{{/oldPath}}` shows only for renames. Mustache's `{{name}}` escapes HTML; a
/// Markdown or text template uses `{{{name}}}` or the `{{%CONTENT_TYPE: TEXT}}` pragma. Buffers the whole range.
public struct TemplateRenderer: ChangelogRenderer {
    private let template: MustacheTemplate
    private var range = RevisionRangeInfo(spec: "", from: nil, to: nil)
    private var commits: [CommitEntry] = []

    /// Throws the parser's error (with its line) when the template is not valid Mustache.
    public init(template: String) throws {
        self.template = try MustacheTemplate(string: template)
    }

    public mutating func begin(range: RevisionRangeInfo) -> String {
        self.range = range
        commits = []
        return ""
    }

    public mutating func render(_ commit: CommitEntry) -> String {
        commits.append(commit)
        return ""
    }

    public mutating func end(notes: [Note]) -> String {
        var changelog = Changelog(range: range, commits: commits, notes: notes)
        changelog.schemaVersion = Changelog.currentSchemaVersion
        commits = []
        return template.render(Self.context(for: changelog))
    }

    /// The template context: nested dictionaries and arrays under the JSON names, plus extras.
    public static func context(for changelog: Changelog) -> [String: Any] {
        var changeCount = 0
        var totals = CategoryCounts()
        let commits: [[String: Any]] = changelog.commits.enumerated().map { commitIndex, commit in
            let files: [[String: Any]] = commit.files.map { file in
                var counts = CategoryCounts()
                let changes: [[String: Any]] = file.changes.map { change in
                    counts.count(change)
                    totals.count(change)
                    changeCount += 1
                    var c: [String: Any] = [
                        "kind": change.kind.rawValue,
                        "section": change.section,
                        "summary": change.summary,
                        "level": change.level.rawValue,
                        "hidden": change.isHidden,
                        "symbol": change.kind.category.symbol,
                        "category": change.kind.category.rawValue,
                        "isAdded": change.kind.category == .added,
                        "isChanged": change.kind.category == .changed,
                        "isRemoved": change.kind.category == .removed,
                        "isMoved": change.kind.category == .moved,
                    ]
                    if let label = ChangeLocation.label(for: change) { c["location"] = label }
                    if !change.section.isEmpty { c["sectionPath"] = change.section.joined(separator: ChangeLocation.separator) }
                    if let before = change.before { c["before"] = before }
                    if let after = change.after { c["after"] = after }
                    return c
                }
                var f: [String: Any] = [
                    "path": file.path,
                    "status": file.status.rawValue,
                    "name": file.displayName ?? file.path,
                    "changes": changes,
                    "changeCount": changes.count,
                    "counts": counts.context,
                ]
                if let oldPath = file.oldPath { f["oldPath"] = oldPath }
                if let displayName = file.displayName { f["displayName"] = displayName }
                if let reason = file.skipReason { f["skipReason"] = reason }
                return f
            }
            return [
                "id": commit.id,
                "shortId": commit.shortID,
                "subject": commit.subject,
                "author": ["name": commit.author.name, "email": commit.author.email],
                "date": commit.date,
                "day": commit.day,
                "isWorktree": commit.isWorktree,
                "files": files,
                "first": commitIndex == 0,
            ]
        }
        var range: [String: Any] = ["spec": changelog.range.spec, "mode": changelog.range.mode.rawValue]
        if let from = changelog.range.from { range["from"] = from; range["fromShort"] = String(from.prefix(7)) }
        if let to = changelog.range.to { range["to"] = to; range["toShort"] = String(to.prefix(7)) }
        let notes: [[String: Any]] = changelog.notes.map { note in
            var n: [String: Any] = ["kind": note.kind.rawValue, "message": note.message]
            if let commit = note.commit { n["commit"] = commit }
            if let path = note.path { n["path"] = path }
            return n
        }
        return [
            "schemaVersion": changelog.schemaVersion,
            "range": range,
            "commits": commits,
            "notes": notes,
            "hasChanges": changelog.hasChanges,
            "commitCount": commits.count,
            "changeCount": changeCount,
            "counts": totals.context,
        ]
    }
}

extension CategoryCounts {
    var context: [String: Any] {
        ["added": added, "changed": changed, "removed": removed, "moved": moved, "total": total]
    }
}
