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
    private let walk: WalkStream
    private var worktreeChanges: [FileChange]?
    private let filter: ContentFilter
    private let diffOptions: DiffOptions
    /// Reads, parses and compares batches ahead of `forEachCommit`, from the start of the walk on.
    private var pipeline: HistoryPipeline?

    /// Opens the repository, reads its config and resolves and walks the range.
    /// Every error about the range surfaces here, before any output; meanwhile the first batches are already being
    /// read, parsed and compared on another thread.
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
        var walkToRun: RevisionRange?
        if let resolved {
            if request.net {
                let base: ObjectID?
                switch resolved.kind {
                case .threeDot(let mergeBase): base = mergeBase
                default: base = resolved.excluded.first
                }
                let changes = try repository.changes(from: base, to: resolved.tip, filter: filter.pathFilter, detectRenames: request.walk.detectRenames)
                let tip = try repository.commit(resolved.tip)
                walk = WalkStream(finished: [.ready(HistoryEntry(net: changes, at: tip, comparedTo: base))])
                range = RevisionRangeInfo(spec: spec, from: base?.hex, to: resolved.tip.hex, mode: .net)
            } else {
                walk = WalkStream()
                walkToRun = resolved
                range = RevisionRangeInfo(spec: spec, from: resolved.excluded.first?.hex, to: resolved.tip.hex, mode: .commits)
            }
        } else {
            // Unborn HEAD or an empty repository: nothing committed yet is not an error.
            walk = WalkStream(finished: [])
            range = RevisionRangeInfo(spec: spec, from: nil, to: nil, mode: request.net ? .net : .commits)
        }

        pipeline = try startPipeline(walking: walkToRun != nil)
        if let walkToRun {
            // Newest first, the producer can start on the first commits as they are found; oldest first, only
            // once the walk has ended (the list is reversed).
            let streams = request.walk.order == .newestFirst
            let walk = self.walk
            walk.finish(Result {
                if streams {
                    try repository.walk(walkToRun, filter: filter.pathFilter, options: request.walk, into: walk)
                    return nil
                }
                return try repository.walk(walkToRun, filter: filter.pathFilter, options: request.walk).map(PendingEntry.walked)
            })
            pipeline?.walkEnded()
        }
        do {
            try walk.waitForEnd()
            worktreeChanges = request.worktree ? try repository.worktreeChanges(filter: filter.pathFilter) : nil
        } catch {
            stopPipeline()
            throw error
        }
    }

    deinit {
        stopPipeline()
    }

    private func stopPipeline() {
        walk.cancel()
        pipeline?.finish()
        pipeline = nil
    }

    /// Number of commits that will be produced (the working tree counts as one).
    public var commitCount: Int { walk.count + (worktreeChanges == nil ? 0 : 1) }

    /// Produces each commit's changelog entry in output order. Commits with nothing to report at the requested level are left out.
    ///
    /// Commits are handled in batches: blobs are read on one thread (libgit2 handles are single-threaded),
    /// each distinct blob is parsed once, on all cores, then the commits of the batch are compared on all cores.
    /// Background threads do all that for the next batches while `body` renders this one, so reading and
    /// rendering never leave a core idle; only a few batches' worth of content is in memory at once.
    ///
    /// `batchEnded` is called after each batch: the caller's moment to pass on what it rendered (writing each commit
    /// on its own costs a system call per commit; waiting for the end would hold back a long history's output).
    public func forEachCommit(_ body: (CommitEntry) throws -> Void, batchEnded: () throws -> Void = {}) throws {
        try walk.waitForEnd()
        let newestFirst = request.walk.order == .newestFirst
        if newestFirst, let worktree = try worktreeEntry() {
            try body(worktree)
            try batchEnded()
        }
        // The pipeline started by `init` serves the first call; a second call starts over.
        let pipeline = try self.pipeline ?? startPipeline(walking: false)
        self.pipeline = nil
        defer { pipeline.finish() }
        var index = 0
        while let batch = try pipeline.output(index) {
            for (offset, described) in batch.described.enumerated() {
                var (commit, result) = described
                // Restored pages are known only once the walk has ended: the few commits that have one are
                // compared again with the final statuses.
                if let again = batch.describeAgain(offset, restored: walk.restored(at: index * Self.batchSize + offset)) {
                    (commit, result) = again
                }
                notes += result.notes
                hadMissingObjects = hadMissingObjects || result.missing
                if !commit.files.isEmpty { try body(commit) }
            }
            try batchEnded()
            index += 1
        }
        pipeline.finish()
        if !newestFirst, let worktree = try worktreeEntry() { try body(worktree) }
    }

    /// Starts the pipeline on the walk's commits. Its reading stage opens a handle of its own: the main one walks,
    /// then serves the working tree.
    private func startPipeline(walking: Bool) throws -> HistoryPipeline {
        let reader = PageReader(repository: try Repository.discover(startingAt: request.directory), filter: filter,
                                maxFileSize: request.maxFileSize, forward: request.walk.order == .reverse)
        return Self.startPipeline(walk: walk, reader: reader, describer: describer(pages: [:]),
                                  detectRenames: request.walk.detectRenames, walking: walking)
    }

    /// Starts reading batches of the walk's commits on one thread (which alone uses `reader` from then on), parsing
    /// them on a second and comparing them on a third, each stage up to `lookahead` batches ahead of the next.
    ///
    /// Parsing and comparing each end a batch by waiting for their last task on the other core; as one stage, such a
    /// wait left a core idle, a sixth of the time once the walk had ended. As two stages, one's wait is the other's
    /// turn: 1.72 -> 1.83 cores busy on 10,000 commits, 12 % less wall time (median of 8, interleaved).
    private static func startPipeline(walk: WalkStream, reader: PageReader, describer: CommitDescriber,
                                      detectRenames: Bool, walking: Bool) -> HistoryPipeline {
        let reading = BatchPipeline(lookahead: lookahead) { index -> (entries: [HistoryEntry], pages: LoadedPages)? in
            let start = index * batchSize
            let pending = walk.take(start..<start + batchSize)
            if pending.isEmpty { return nil }
            let entries = try pending.map { pending in
                switch pending {
                case .walked(let walked): return try reader.repository.entry(for: walked, detectRenames: detectRenames)
                case .ready(let entry): return entry
                }
            }
            return (entries, reader.load(entries.map(\.changes)))
        }
        let store = PageStore()
        let parsing = BatchPipeline(lookahead: lookahead) { index -> (entries: [HistoryEntry], pages: [PageKey: ParsedPage])? in
            guard let (entries, loaded) = try reading.output(index) else { return nil }
            return (entries, store.parse(loaded))
        }
        let comparing = BatchPipeline(lookahead: walking ? walkLookahead : lookahead) { index -> DescribedBatch? in
            guard let (entries, pages) = try parsing.output(index) else { return nil }
            var prepared = describer
            prepared.pages = pages
            let context = prepared
            let described = ParallelMap.map(entries) { entry in context.describe(entry) }
            return DescribedBatch(entries: entries, context: context, described: described)
        }
        return HistoryPipeline(reading: reading, parsing: parsing, comparing: comparing)
    }

    /// Batches each stage prepares ahead of the next: with one, a stage that finished early often had nothing to
    /// start (1.76 cores busy with two stages); two absorb uneven batches (1.83); more change nothing.
    static let lookahead = 2

    /// Batches the comparing stage may finish while the walk still runs on the caller's thread, which renders
    /// nothing until the walk has ended. With the usual lookahead the stage stopped after two batches and left a
    /// core idle for the rest of the walk (a fifth of the run on 10,000 commits). A finished batch keeps only its
    /// commits' changes and the pages of its additions (see `DescribedBatch`), so 96 of them are a few megabytes.
    /// Since pages are parsed reusing their neighbours, 32 batches were done before a 10,000-commit walk was, and the
    /// stage stood still for a tenth of the run; with 96, the run is 7 % shorter (median of 15) at the same peak memory.
    static let walkLookahead = 96

    /// Large enough to keep both cores busy, small enough that a batch's pages are a few megabytes at most.
    static let batchSize = 64

    /// The whole changelog in memory, for renderers that need it all at once.
    public func changelog() throws -> Changelog {
        var commits: [CommitEntry] = []
        try forEachCommit { commits.append($0) }
        return Changelog(range: range, commits: commits, notes: notes)
    }

    // MARK: - One commit

    private func worktreeEntry() throws -> CommitEntry? {
        guard let changes = worktreeChanges else { return nil }
        // The main handle is free once the walk has ended; one commit needs no cache.
        let reader = PageReader(repository: repository, filter: filter, maxFileSize: request.maxFileSize, cacheCapacity: 0)
        let pages = PageStore().parse(reader.load([changes]))
        let result = describer(pages: pages).describe(changes, commit: CommitEntry.worktreeID)
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

/// Reading, parsing, comparing: three stages on three threads, stopped together.
struct HistoryPipeline {
    let reading: BatchPipeline<(entries: [HistoryEntry], pages: LoadedPages)>
    let parsing: BatchPipeline<(entries: [HistoryEntry], pages: [PageKey: ParsedPage])>
    let comparing: BatchPipeline<DescribedBatch>

    func output(_ index: Int) throws -> DescribedBatch? { try comparing.output(index) }

    /// The caller can take output now: the comparing stage no longer needs to run far ahead.
    func walkEnded() { comparing.setLookahead(SemanticHistory.lookahead) }

    /// The comparing stage first: it may be waiting for the reading stage, which keeps going until it is stopped.
    func finish() {
        comparing.finish()
        parsing.finish()
        reading.finish()
    }
}

/// A batch's comparisons, with what they were made from, so a commit can be compared again.
struct DescribedBatch: Sendable {
    let entries: [HistoryEntry]
    let context: CommitDescriber
    let described: [(CommitEntry, CommitDescriber.Described)]

    /// Keeps, of the batch's pages, only those of commits that add a page: only an addition can turn out to be a
    /// restore once the walk has ended, and batches finished during the walk wait for it.
    init(entries: [HistoryEntry], context: CommitDescriber, described: [(CommitEntry, CommitDescriber.Described)]) {
        self.entries = entries
        self.described = described
        var kept = context
        kept.pages = [:]
        for entry in entries where entry.changes.contains(where: { $0.status == .added }) {
            for change in entry.changes {
                for version in [change.old, change.new].compactMap({ $0 }) {
                    kept.pages[PageKey(version)] = context.pages[PageKey(version)]
                }
            }
        }
        self.context = kept
    }

    /// Commit `offset` compared again with these paths' additions marked as restored, or nil when that changes
    /// nothing: `Repository.entry(for:)` already marked them if the walk had ended before the batch was read.
    func describeAgain(_ offset: Int, restored: Set<GitPath>) -> (CommitEntry, CommitDescriber.Described)? {
        guard !restored.isEmpty else { return nil }
        var entry = entries[offset]
        let before = entry.changes.map(\.status)
        entry.markRestored(restored)
        guard entry.changes.map(\.status) != before else { return nil }
        return context.describe(entry)
    }
}

/// A commit to show: as the walk left it, or already complete (the net view of a range).
enum PendingEntry {
    case walked(WalkedCommit)
    /// Boxed: the only one is a net difference's, and a whole history keeps thousands of walked commits.
    indirect case ready(HistoryEntry)
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

/// Compares the pages of one commit, given pages already read and parsed. Pure: safe on any thread.
struct CommitDescriber: Sendable {
    var pages: [PageKey: ParsedPage]
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
