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
    /// What will be shown, in order; materialised into `HistoryEntry` values batch by batch.
    private let entries: [PendingEntry]
    private let worktreeChanges: [FileChange]?
    private let filter: ContentFilter
    private let diffOptions: DiffOptions
    /// Parsed pages by blob: a blob is usually the new side of one commit and the old side of the next.
    // A blob is reused when the same page is edited again, a few dozen commits later at most in practice.
    private var pages = PageCache(capacity: 256)

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
                entries = [.ready(HistoryEntry(net: changes, at: tip, comparedTo: base))]
                range = RevisionRangeInfo(spec: spec, from: base?.hex, to: resolved.tip.hex, mode: .net)
            } else {
                entries = try repository.walk(resolved, filter: filter.pathFilter, options: request.walk).map(PendingEntry.walked)
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
    ///
    /// Commits are handled in batches: blobs are read on one thread (libgit2 handles are single-threaded),
    /// each distinct blob is parsed once, on all cores, then the commits of the batch are compared on all cores.
    /// A background thread does all that for the next batches while `body` renders this one, so reading and
    /// rendering never leave a core idle; only a few batches' worth of content is in memory at once.
    public func forEachCommit(_ body: (CommitEntry) throws -> Void) throws {
        let newestFirst = request.walk.order == .newestFirst
        if newestFirst, let worktree = try worktreeEntry() { try body(worktree) }
        let batchCount = (entries.count + Self.batchSize - 1) / Self.batchSize
        let producer = UncheckedSendable(self)
        let pipeline = BatchPipeline(count: batchCount, lookahead: Self.lookahead) { index in
            try producer.value.describeBatch(index)
        }
        defer { pipeline.finish() }
        for index in 0..<batchCount {
            for (commit, result) in try pipeline.output(index) {
                notes += result.notes
                hadMissingObjects = hadMissingObjects || result.missing
                if !commit.files.isEmpty { try body(commit) }
            }
        }
        pipeline.finish()
        if !newestFirst, let worktree = try worktreeEntry() { try body(worktree) }
    }

    /// Reads, parses and compares the commits of batch `index`. Runs on the pipeline's thread, which alone
    /// uses the repository handle and the page cache while `forEachCommit` runs.
    private func describeBatch(_ index: Int) throws -> [(CommitEntry, CommitDescriber.Described)] {
        let start = index * Self.batchSize
        let detectRenames = request.walk.detectRenames
        let batch = try entries[start..<min(start + Self.batchSize, entries.endIndex)].map { pending in
            switch pending {
            case .walked(let walked): return try repository.entry(for: walked, detectRenames: detectRenames)
            case .ready(let entry): return entry
            }
        }
        let context = describer(pages: try prepare(batch.map(\.changes)))
        return ParallelMap.map(batch) { entry in context.describe(entry) }
    }

    /// Batches prepared ahead of the one being rendered: one keeps both cores busy, two absorb uneven batches.
    static let lookahead = 1

    /// Large enough to keep both cores busy, small enough that a batch's pages are a few megabytes at most.
    static let batchSize = 64

    /// The whole changelog in memory, for renderers that need it all at once.
    public func changelog() throws -> Changelog {
        var commits: [CommitEntry] = []
        try forEachCommit { commits.append($0) }
        return Changelog(range: range, commits: commits, notes: notes)
    }

    // MARK: - Reading and parsing pages

    /// Every page version the changes need: from the cache, or read and then parsed in parallel.
    /// The batch keeps its own map, so the bounded cache can never drop a page the batch still needs.
    private func prepare(_ changeLists: [[FileChange]]) throws -> [PageKey: ParsedPage] {
        var needed: [PageKey: ParsedPage] = [:]
        var keys: [PageKey] = []
        var pending: Set<PageKey> = []
        var raw: [PageRead] = []
        for changes in changeLists {
            for change in changes where filter.includes(change.path) {
                for version in [change.old, change.new].compactMap({ $0 }) {
                    let key = PageKey(version)
                    guard needed[key] == nil, !pending.contains(key) else { continue }
                    if let cached = pages[key] {
                        needed[key] = cached
                    } else {
                        pending.insert(key)
                        keys.append(key)
                        raw.append(read(version))
                    }
                }
            }
        }
        let parsed = ParallelMap.map(raw) { @Sendable read -> ParsedPage in
            switch read {
            case .bytes(let bytes): return .document(ProfileDocument.parse(bytes))
            case .skipped(let reason): return .skipped(reason)
            case .missing(let message): return .missing(message)
            }
        }
        for (key, page) in zip(keys, parsed) {
            pages[key] = page
            needed[key] = page
        }
        return needed
    }

    private func read(_ version: FileVersion) -> PageRead {
        switch version.kind {
        case .symlink: return .skipped("a symbolic link, not a file")
        case .submodule: return .skipped("a submodule, not a file")
        case .tree: return .skipped("a directory, not a file")
        case .file, .executable: break
        }
        let bytes: [UInt8]
        do {
            bytes = try repository.content(of: version, maxBytes: request.maxFileSize)
        } catch let error as GitError where error.code == .tooLarge {
            return .skipped("larger than --max-file-size (\(request.maxFileSize) bytes)")
        } catch {
            return .missing("missing content: \(error)")
        }
        // git's own test for binary content (a NUL in the first 8000 bytes), then LFS pointers, then UTF-8.
        if bytes.prefix(8000).contains(0) { return .skipped("binary content") }
        if bytes.starts(with: Self.lfsPointerPrefix) {
            return .skipped("a Git LFS pointer (the page itself is not in the repository)")
        }
        if String(validating: bytes, as: UTF8.self) == nil { return .skipped("not valid UTF-8") }
        return .bytes(bytes)
    }

    private static let lfsPointerPrefix = Array("version https://git-lfs.github.com/spec/".utf8)

    // MARK: - One commit

    private func worktreeEntry() throws -> CommitEntry? {
        guard let changes = worktreeChanges else { return nil }
        let result = describer(pages: try prepare([changes])).describe(changes, commit: CommitEntry.worktreeID)
        notes += result.notes
        hadMissingObjects = hadMissingObjects || result.missing
        guard !result.files.isEmpty else { return nil }
        let now = Signature(name: "", email: "", time: Int64(Date().timeIntervalSince1970), offsetMinutes: 0)
        return CommitEntry(id: CommitEntry.worktreeID, subject: "uncommitted changes",
                           author: Person(name: "", email: ""), date: now.iso8601, files: result.files)
    }

    /// A snapshot of everything comparing a commit needs, so commits can be compared on several threads.
    private func describer(pages: [PageKey: ParsedPage]) -> CommitDescriber {
        CommitDescriber(pages: pages, filter: filter, config: config, diffOptions: diffOptions, minLevel: request.minLevel)
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

/// A commit to show: as the walk left it, or already complete (the net view of a range).
enum PendingEntry {
    case walked(WalkedCommit)
    case ready(HistoryEntry)
}

/// A page version: a blob, or a working-tree file (which has no blob id).
struct PageKey: Hashable, Sendable {
    let blob: ObjectID?
    let path: GitPath?
    init(_ version: FileVersion) {
        blob = version.blob
        path = version.blob == nil ? version.path : nil
    }
}

/// What reading a page version gave, before parsing.
enum PageRead: Sendable {
    case bytes([UInt8])
    case skipped(String)
    case missing(String)
}

/// A page version ready to compare, or why it cannot be.
enum ParsedPage: Sendable {
    case document(ProfileDocument)
    case skipped(String)
    case missing(String)
}

/// Bounded so memory stays flat over long histories: when full, the oldest entries go first.
struct PageCache: Sendable {
    let capacity: Int
    private var storage: [PageKey: ParsedPage] = [:]
    private var order: [PageKey] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = capacity
        order.reserveCapacity(capacity)
    }

    subscript(key: PageKey) -> ParsedPage? {
        get { storage[key] }
        set {
            guard let newValue, storage[key] == nil else { return }
            if order.count < capacity {
                order.append(key)
            } else {
                storage[order[head]] = nil
                order[head] = key
                head = (head + 1) % capacity
            }
            storage[key] = newValue
        }
    }
}

/// Compares the pages of one commit, given pages already read and parsed. Pure: safe on any thread.
struct CommitDescriber: Sendable {
    let pages: [PageKey: ParsedPage]
    let filter: ContentFilter
    let config: RepositoryConfig
    let diffOptions: DiffOptions
    let minLevel: Change.Level

    /// Pure given the parsed pages: safe to run for several commits at once.
    func describe(_ entry: HistoryEntry) -> (CommitEntry, Described) {
        var result = describe(entry.changes, commit: entry.commit.id.hex)
        for problem in entry.problems {
            result.missing = true
            result.notes.append(Note(kind: .missingObject, message: problem, commit: entry.commit.id.hex))
        }
        let author = entry.commit.author
        let commit = CommitEntry(id: entry.commit.id.hex, subject: entry.commit.subject,
                                 author: Person(name: author.name, email: author.email),
                                 date: author.iso8601, files: result.files)
        return (commit, result)
    }

    struct Described: Sendable {
        var files: [FileEntry] = []
        var notes: [Note] = []
        var missing = false
    }

    func describe(_ changes: [FileChange], commit: String) -> Described {
        var result = Described()
        var pairs: [PagePair] = []
        var compared: [FileEntry] = []
        var skipped: [FileEntry] = []
        for change in changes where filter.includes(change.path) {
            let display = change.path.display
            let oldPath = change.status == .renamed ? change.old?.path.display : nil
            let old = change.old.map { pages[PageKey($0)] ?? .missing("internal error: page not prepared") }
            let new = change.new.map { pages[PageKey($0)] ?? .missing("internal error: page not prepared") }
            if case .document(let before)? = old ?? .document(ProfileDocument()), case .document(let after)? = new ?? .document(ProfileDocument()) {
                pairs.append(PagePair(path: display, old: old == nil ? nil : before, new: new == nil ? nil : after,
                                      oldPath: oldPath, isRestored: change.status == .restored))
                compared.append(FileEntry(path: display, oldPath: oldPath, status: Self.status(change.status),
                                          displayName: config.pages[display]))
                continue
            }
            // One side unreadable: comparing would read as "page added" or "page deleted", so say nothing false.
            var reason = "one side of the change could not be read"
            for side in [old, new].compactMap({ $0 }) {
                switch side {
                case .skipped(let why):
                    reason = why
                    result.notes.append(Note(kind: .skippedFile, message: "\(display): skipped: \(why)", commit: commit, path: display))
                case .missing(let why):
                    reason = why
                    result.missing = true
                    result.notes.append(Note(kind: .missingObject, message: "\(display): \(why)", commit: commit, path: display))
                case .document:
                    continue
                }
                break
            }
            skipped.append(FileEntry(path: display, oldPath: oldPath, status: .skipped, displayName: config.pages[display],
                                     skipReason: reason))
        }
        let changeLists = DocumentDiff.compare(pages: pairs, options: diffOptions)
        for (index, var file) in compared.enumerated() {
            let changes = changeLists[index].filter { $0.level >= minLevel && ($0.level != .formatting || diffOptions.includeFormatting) }
            file.changes = changes
            if !changes.isEmpty { result.files.append(file) }
        }
        result.files += skipped
        return result
    }

    static func status(_ status: FileChange.Status) -> FileStatus {
        switch status {
        case .added: return .added
        case .modified: return .modified
        case .deleted: return .deleted
        case .renamed: return .renamed
        case .restored: return .restored
        }
    }
}

/// Hands a non-Sendable reference to the pipeline's thread; `BatchPipeline` guarantees the two threads never use it
/// at the same time (the owner waits in `finish()` before touching it again).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
