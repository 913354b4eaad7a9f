import Changelog
import Foundation
import GitHistory
import ProfileDiff
import ProfileDocument

/// The semantic history of a revision range: resolved up front, then produced commit by commit so
/// output streams and memory stays flat however long the history is.
public final class SemanticHistory {
    public let request: HistoryRequest
    public let config: RepositoryConfig
    public let range: RevisionRangeInfo
    /// Problems that did not stop the run; complete once `forEachCommit` has returned.
    public private(set) var notes: [Note] = []
    /// True when some object could not be read (partial clone, corrupt store): the changelog is incomplete.
    public private(set) var hadMissingObjects = false

    let repository: Repository
    private let entries: [HistoryEntry]
    private let worktreeChanges: [FileChange]?
    private let filter: ContentFilter
    private let diffOptions: DiffOptions
    private var documents = DocumentCache(capacity: 512)

    /// Opens the repository, reads its config and resolves and walks the range.
    /// Walking first costs little (tree ids only) and lets every error about the range surface before any output.
    public init(_ request: HistoryRequest) throws {
        self.request = request
        repository = try Repository.discover(startingAt: request.directory)

        let configPath = request.configPath ?? repository.workdir.map { ($0 as NSString).appendingPathComponent(RepositoryConfig.fileName) }
        if let configPath {
            config = try RepositoryConfig.load(path: configPath, required: request.configPath != nil) ?? RepositoryConfig()
        } else {
            config = RepositoryConfig()
        }

        var diffOptions = request.diff
        diffOptions.ignoredFrontMatterKeys.formUnion(config.ignoreFrontMatter)
        // Flags win over the config file, which wins over the defaults.
        if let rename = request.renameThreshold ?? config.renameThreshold { diffOptions.renameThreshold = rename }
        if let rewrite = request.rewriteThreshold ?? config.rewriteThreshold { diffOptions.rewriteThreshold = rewrite }
        self.diffOptions = diffOptions

        filter = try ContentFilter(
            pathspecs: request.pathspecs, config: config,
            prefix: Self.prefix(of: request.currentDirectory, in: repository.workdir))

        let resolved = try repository.resolveRange(request.range, root: request.root || request.range == nil)
        let spec = request.range ?? "--root"
        if let resolved {
            if request.net {
                let base: ObjectID?
                switch resolved.kind {
                case .threeDot(let mergeBase): base = mergeBase
                default: base = resolved.excluded.first
                }
                let changes = try repository.changes(from: base, to: resolved.tip, filter: filter.pathFilter, detectRenames: request.walk.detectRenames)
                let tip = try repository.commit(resolved.tip)
                entries = [HistoryEntry(net: changes, at: tip, comparedTo: base)]
                range = RevisionRangeInfo(spec: spec, from: base?.hex, to: resolved.tip.hex, mode: .net)
            } else {
                entries = try repository.history(resolved, filter: filter.pathFilter, options: request.walk)
                range = RevisionRangeInfo(spec: spec, from: resolved.excluded.first?.hex, to: resolved.tip.hex, mode: .commits)
            }
        } else {
            // Unborn HEAD or an empty repository: nothing committed yet is not an error.
            entries = []
            range = RevisionRangeInfo(spec: spec, from: nil, to: nil, mode: request.net ? .net : .commits)
        }
        worktreeChanges = request.worktree ? try repository.worktreeChanges(filter: filter.pathFilter) : nil
    }

    /// Number of commits that will be produced (the working tree counts as one).
    public var commitCount: Int { entries.count + (worktreeChanges == nil ? 0 : 1) }

    /// Produces each commit's changelog entry in output order. Commits with nothing to report at the requested level are left out.
    public func forEachCommit(_ body: (CommitEntry) throws -> Void) throws {
        let newestFirst = request.walk.order == .newestFirst
        if newestFirst, let worktree = worktreeEntry() { try body(worktree) }
        for entry in entries {
            let commit = describe(entry)
            if !commit.files.isEmpty { try body(commit) }
        }
        if !newestFirst, let worktree = worktreeEntry() { try body(worktree) }
    }

    /// The whole changelog in memory, for renderers that need it all at once.
    public func changelog() throws -> Changelog {
        var commits: [CommitEntry] = []
        try forEachCommit { commits.append($0) }
        return Changelog(range: range, commits: commits, notes: notes)
    }

    // MARK: - One commit

    private func worktreeEntry() -> CommitEntry? {
        guard let changes = worktreeChanges else { return nil }
        let files = describe(changes, commit: CommitEntry.worktreeID)
        guard !files.isEmpty else { return nil }
        let now = Signature(name: "", email: "", time: Int64(Date().timeIntervalSince1970), offsetMinutes: 0)
        return CommitEntry(id: CommitEntry.worktreeID, subject: "uncommitted changes",
                           author: Person(name: "", email: ""), date: now.iso8601, files: files)
    }

    private func describe(_ entry: HistoryEntry) -> CommitEntry {
        for problem in entry.problems {
            hadMissingObjects = true
            notes.append(Note(kind: .missingObject, message: problem, commit: entry.commit.id.hex))
        }
        let files = describe(entry.changes, commit: entry.commit.id.hex)
        let author = entry.commit.author
        return CommitEntry(id: entry.commit.id.hex, subject: entry.commit.subject,
                           author: Person(name: author.name, email: author.email),
                           date: author.iso8601, files: files)
    }

    private func describe(_ changes: [FileChange], commit: String) -> [FileEntry] {
        var pages: [PagePair] = []
        var statuses: [FileEntry] = []
        var skipped: [FileEntry] = []
        for change in changes {
            guard let path = (change.new ?? change.old)?.path, filter.includes(path) else { continue }
            let display = path.display
            let oldPath = change.status == .renamed ? change.old?.path.display : nil
            do {
                let old = try change.old.flatMap { try document(for: $0) }
                let new = try change.new.flatMap { try document(for: $0) }
                if change.status == .modified || change.status == .renamed, old == nil || new == nil {
                    // One side unreadable would read as "page added" or "page deleted": say nothing false.
                    throw PageSkip.unreadable
                }
                pages.append(PagePair(path: display, old: old, new: new))
                statuses.append(FileEntry(path: display, oldPath: oldPath, status: Self.status(change.status),
                                          displayName: config.pages[display]))
            } catch let skip as PageSkip {
                notes.append(Note(kind: .skippedFile, message: "\(display): skipped: \(skip.reason)", commit: commit, path: display))
                skipped.append(FileEntry(path: display, oldPath: oldPath, status: .skipped, displayName: config.pages[display],
                                         skipReason: skip.reason))
            } catch {
                hadMissingObjects = true
                notes.append(Note(kind: .missingObject, message: "\(display): missing content: \(error)", commit: commit, path: display))
                skipped.append(FileEntry(path: display, oldPath: oldPath, status: .skipped, displayName: config.pages[display],
                                         skipReason: "missing content: \(error)"))
            }
        }
        let compared = DocumentDiff.compare(pages: pages, options: diffOptions)
        var files: [FileEntry] = []
        for (index, var file) in statuses.enumerated() {
            var changes = Self.pageLevelChanges(file, pair: pages[index]) + compared[index].filter { !Self.isPageLevel($0.kind) }
            changes = changes.filter { $0.level >= request.minLevel && ($0.level != .formatting || diffOptions.includeFormatting) }
            file.changes = changes
            if !changes.isEmpty { files.append(file) }
        }
        return files + skipped
    }

    /// The page-level change comes from git's view of the file (added, deleted, renamed, restored), not from the documents.
    private static func pageLevelChanges(_ file: FileEntry, pair: PagePair) -> [Change] {
        let name = file.path
        switch file.status {
        case .added:
            return [Change(kind: .pageAdded, summary: "page added\(PageCounts(pair.new).suffix)", level: .major, after: name)]
        case .deleted:
            return [Change(kind: .pageDeleted, summary: "page deleted\(PageCounts(pair.old).suffix)", level: .major, before: name)]
        case .restored:
            return [Change(kind: .pageRestored, summary: "page restored\(PageCounts(pair.new).suffix)", level: .major, after: name)]
        case .renamed:
            let from = file.oldPath ?? ""
            return [Change(kind: .pageRenamed, summary: "page renamed from \(from)", level: .minor, before: from, after: name)]
        case .modified, .skipped:
            return []
        }
    }

    private static func isPageLevel(_ kind: Change.Kind) -> Bool {
        kind == .pageAdded || kind == .pageDeleted || kind == .pageRenamed || kind == .pageRestored
    }

    private static func status(_ status: FileChange.Status) -> FileStatus {
        switch status {
        case .added: return .added
        case .modified: return .modified
        case .deleted: return .deleted
        case .renamed: return .renamed
        case .restored: return .restored
        }
    }

    // MARK: - Reading pages

    private enum PageSkip: Error {
        case notRegularFile(String), binary, notUTF8, lfsPointer, tooLarge(Int), unreadable
        var reason: String {
            switch self {
            case .notRegularFile(let kind): return "a \(kind), not a file"
            case .binary: return "binary content"
            case .notUTF8: return "not valid UTF-8"
            case .lfsPointer: return "a Git LFS pointer (the page itself is not in the repository)"
            case .tooLarge(let limit): return "larger than --max-file-size (\(limit) bytes)"
            case .unreadable: return "one side of the change could not be read"
            }
        }
    }

    private func document(for version: FileVersion) throws -> ProfileDocument {
        switch version.kind {
        case .symlink: throw PageSkip.notRegularFile("symbolic link")
        case .submodule: throw PageSkip.notRegularFile("submodule")
        case .tree: throw PageSkip.notRegularFile("directory")
        case .file, .executable: break
        }
        if let blob = version.blob, let cached = documents[blob] { return cached }
        let bytes: [UInt8]
        do {
            bytes = try repository.content(of: version, maxBytes: request.maxFileSize)
        } catch let error as GitError where error.code == .tooLarge {
            throw PageSkip.tooLarge(request.maxFileSize)
        }
        try Self.checkText(bytes)
        let document = ProfileDocument.parse(bytes)
        if let blob = version.blob { documents[blob] = document }
        return document
    }

    /// git's own test for binary content (a NUL in the first 8000 bytes), then LFS pointers, then UTF-8.
    private static func checkText(_ bytes: [UInt8]) throws {
        if bytes.prefix(8000).contains(0) { throw PageSkip.binary }
        if bytes.starts(with: Array("version https://git-lfs.github.com/spec/".utf8)) { throw PageSkip.lfsPointer }
        if String(validating: bytes, as: UTF8.self) == nil { throw PageSkip.notUTF8 }
    }

    static func prefix(of directory: String?, in workdir: String?) -> String {
        guard let directory, let workdir else { return "" }
        let root = URL(fileURLWithPath: workdir).standardizedFileURL.resolvingSymlinksInPath().path
        let here = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        guard here.hasPrefix(root) else { return "" }
        var rest = String(here.dropFirst(root.count))
        while rest.hasPrefix("/") { rest.removeFirst() }
        return rest
    }
}

/// "(4 sections, 3 links)" for pages added or deleted whole.
struct PageCounts {
    let suffix: String
    init(_ document: ProfileDocument?) {
        guard let document else { suffix = ""; return }
        let sections = document.sections.filter { !$0.isIntro && !$0.isHidden }.count
        suffix = sections == 0 ? "" : " (\(sections) section\(sections == 1 ? "" : "s"))"
    }
}

/// Parsed documents by blob id: a blob is usually the new side of one commit and the old side of the next.
/// Bounded so memory stays flat over long histories.
struct DocumentCache {
    let capacity: Int
    private var storage: [ObjectID: ProfileDocument] = [:]
    private var order: [ObjectID] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = capacity
        order.reserveCapacity(capacity)
    }

    subscript(id: ObjectID) -> ProfileDocument? {
        get { storage[id] }
        set {
            guard let newValue, storage[id] == nil else { return }
            if order.count < capacity {
                order.append(id)
            } else {
                storage[order[head]] = nil
                order[head] = id
                head = (head + 1) % capacity
            }
            storage[id] = newValue
        }
    }
}
