import ProfileDiff

/// A changelog: commits → files → changes. The JSON format is exactly this value encoded
/// (see `docs/json-schema.md`), so every renderer can also work from a saved JSON file.
public struct Changelog: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var range: RevisionRangeInfo
    /// Newest first unless `--reverse`; the order is the order of output.
    public var commits: [CommitEntry]
    /// Problems that did not stop the run (a file skipped, an object missing), for the reader to see.
    public var notes: [Note]

    public init(range: RevisionRangeInfo, commits: [CommitEntry] = [], notes: [Note] = []) {
        self.schemaVersion = Self.currentSchemaVersion
        self.range = range
        self.commits = commits
        self.notes = notes
    }

    private enum CodingKeys: String, CodingKey {
        case schemaVersion, range, commits, notes
    }

    /// Reads a saved JSON changelog (`--from-json`); refuses a schema version this build does not know, rather than
    /// rendering a newer file wrongly.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        guard schemaVersion == Self.currentSchemaVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .schemaVersion, in: c,
                debugDescription: "unsupported changelog schemaVersion \(schemaVersion); this profile-diff reads version \(Self.currentSchemaVersion)")
        }
        range = try c.decode(RevisionRangeInfo.self, forKey: .range)
        commits = try c.decode([CommitEntry].self, forKey: .commits)
        notes = try c.decodeIfPresent([Note].self, forKey: .notes) ?? []
    }

    /// True when at least one change is reported (what `--exit-code` tests).
    public var hasChanges: Bool {
        commits.contains { $0.files.contains { !$0.changes.isEmpty || $0.status != .modified } }
    }
}

/// The range as the user asked for it and as it resolved.
public struct RevisionRangeInfo: Sendable, Codable, Equatable {
    /// What the user typed (`HEAD~5`, `main...feature`, `--root`).
    public var spec: String
    /// Full id of the excluded end, or `nil` for a whole history (`--root`).
    public var from: String?
    /// Full id of the included end (HEAD, or the working tree's base for `--worktree`).
    public var to: String?
    /// `commits` (one entry per commit) or `net` (a single entry from `from` to `to`).
    public var mode: Mode

    public enum Mode: String, Sendable, Codable { case commits, net }

    public init(spec: String, from: String?, to: String?, mode: Mode = .commits) {
        self.spec = spec
        self.from = from
        self.to = to
        self.mode = mode
    }
}

public struct CommitEntry: Sendable, Codable, Equatable {
    /// 40 hex digits; all zeros for the uncommitted working tree (`--worktree`).
    public var id: String
    public var subject: String
    public var author: Person
    /// ISO 8601 with the author's UTC offset, e.g. `2025-08-30T14:02:11+02:00`.
    public var date: String
    public var files: [FileEntry]

    public init(id: String, subject: String, author: Person, date: String, files: [FileEntry] = []) {
        self.id = id
        self.subject = subject
        self.author = author
        self.date = date
        self.files = files
    }

    public static let worktreeID = String(repeating: "0", count: 40)
    public var isWorktree: Bool { id == Self.worktreeID }
    public var shortID: String { String(id.prefix(7)) }
}

public struct Person: Sendable, Codable, Equatable {
    public var name: String
    public var email: String
    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

public struct FileEntry: Sendable, Codable, Equatable {
    public var path: String
    /// The path before a rename; `nil` otherwise.
    public var oldPath: String?
    public var status: FileStatus
    /// Display name from the repository config (`pages:` in `.profile-diff.yml`), if any.
    public var displayName: String?
    public var changes: [Change]
    /// Why the file could not be compared (`status == .skipped`), so renderers that stream commit by commit
    /// can say it where the file appears; the changelog's notes carry the same message.
    public var skipReason: String?

    public init(path: String, oldPath: String? = nil, status: FileStatus, displayName: String? = nil, changes: [Change] = [],
                skipReason: String? = nil) {
        self.path = path
        self.oldPath = oldPath
        self.status = status
        self.displayName = displayName
        self.changes = changes
        self.skipReason = skipReason
    }

    // The JSON names of a change differ from `Change`'s property names (`hidden` ↔ `isHidden`), and the JSON
    // writes `null` for absent values; `ChangeRecord` maps both ways so `Change` itself stays untouched.
    private enum CodingKeys: String, CodingKey {
        case path, oldPath, status, displayName, skipReason, changes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        oldPath = try c.decodeIfPresent(String.self, forKey: .oldPath)
        status = try c.decode(FileStatus.self, forKey: .status)
        displayName = try c.decodeIfPresent(String.self, forKey: .displayName)
        skipReason = try c.decodeIfPresent(String.self, forKey: .skipReason)
        changes = try c.decode([ChangeRecord].self, forKey: .changes).map(\.change)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(oldPath, forKey: .oldPath)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(displayName, forKey: .displayName)
        try c.encodeIfPresent(skipReason, forKey: .skipReason)
        try c.encode(changes.map(ChangeRecord.init), forKey: .changes)
    }
}

/// A `Change` under its JSON names.
private struct ChangeRecord: Codable {
    var change: Change

    init(_ change: Change) {
        self.change = change
    }

    private enum CodingKeys: String, CodingKey {
        case kind, section, summary, level, before, after, hidden
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        change = Change(
            kind: try c.decode(Change.Kind.self, forKey: .kind),
            section: try c.decode([String].self, forKey: .section),
            summary: try c.decode(String.self, forKey: .summary),
            level: try c.decode(Change.Level.self, forKey: .level),
            before: try c.decodeIfPresent(String.self, forKey: .before),
            after: try c.decodeIfPresent(String.self, forKey: .after),
            isHidden: try c.decodeIfPresent(Bool.self, forKey: .hidden) ?? false)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(change.kind, forKey: .kind)
        try c.encode(change.section, forKey: .section)
        try c.encode(change.summary, forKey: .summary)
        try c.encode(change.level, forKey: .level)
        try c.encode(change.before, forKey: .before)
        try c.encode(change.after, forKey: .after)
        try c.encode(change.isHidden, forKey: .hidden)
    }
}

public enum FileStatus: String, Sendable, Codable, CaseIterable {
    case added, modified, deleted, renamed, restored
    /// Could not be compared: binary, not UTF-8, too large, a symlink, a submodule, an LFS pointer, a missing object.
    /// The reason is in the changelog's notes.
    case skipped
}

/// Something the reader should know that is not a change: a skipped file, a missing object, a truncated range.
public struct Note: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case skippedFile, missingObject, shallowBoundary, parseDiagnostic, other
    }
    public var kind: Kind
    /// Lowercase, specific message.
    public var message: String
    public var commit: String?
    public var path: String?

    public init(kind: Kind, message: String, commit: String? = nil, path: String? = nil) {
        self.kind = kind
        self.message = message
        self.commit = commit
        self.path = path
    }
}
