import GitHistory
import ProfileDocument

/// Reads the page versions a batch of commits needs, through its own repository handle. One reader is used by one
/// thread at a time (the pipeline's reading stage, or the caller for the working tree): libgit2 handles are not
/// thread-safe, so the walk and the readers each open their own.
///
/// Reading is one stage and parsing the next (`PageStore`), so that the next batch is read while this one is
/// parsed. The reader skips what the store already holds: it keeps the keys of the store's pages, and tells the
/// store which pages to keep and which to drop, so the two always agree on what is cached.
final class PageReader: @unchecked Sendable {
    let repository: Repository
    private let filter: ContentFilter
    private let maxFileSize: Int
    /// The keys of the pages `PageStore` holds, oldest first.
    private var known: KeyQueue

    init(repository: Repository, filter: ContentFilter, maxFileSize: Int, cacheCapacity: Int = PageStore.capacity) {
        self.repository = repository
        self.filter = filter
        self.maxFileSize = maxFileSize
        known = KeyQueue(capacity: cacheCapacity)
    }

    /// Every page version the changes need, and the bytes of those the store does not hold yet.
    func load(_ changeLists: [[FileChange]]) -> LoadedPages {
        var loaded = LoadedPages()
        var seen: Set<PageKey> = []
        for changes in changeLists {
            for change in changes where filter.includes(change.path) {
                for version in [change.old, change.new].compactMap({ $0 }) {
                    let key = PageKey(version)
                    guard seen.insert(key).inserted else { continue }
                    loaded.needed.append(key)
                    if !known.contains(key) { loaded.read.append((key, read(version))) }
                }
            }
        }
        for (key, _) in loaded.read {
            guard known.insert(key, evicting: &loaded.evicted) else { continue }
            loaded.kept.append(key)
        }
        return loaded
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
            bytes = try repository.content(of: version, maxBytes: maxFileSize)
        } catch let error as GitError where error.code == .tooLarge {
            return .skipped("larger than --max-file-size (\(maxFileSize) bytes)")
        } catch {
            return .missing("missing content: \(error)")
        }
        // git's own test for binary content (a NUL in the first 8000 bytes), then LFS pointers, then UTF-8.
        if PageBytes.looksBinary(bytes) { return .skipped("binary content") }
        if bytes.starts(with: Self.lfsPointerPrefix) {
            return .skipped("a Git LFS pointer (the page itself is not in the repository)")
        }
        if !PageBytes.isValidUTF8(bytes) { return .skipped("not valid UTF-8") }
        return .bytes(bytes)
    }

    private static let lfsPointerPrefix = Array("version https://git-lfs.github.com/spec/".utf8)
}

/// What a batch needs, as `PageReader` read it for `PageStore`.
struct LoadedPages: Sendable {
    /// Every page version the batch compares, once each.
    var needed: [PageKey] = []
    /// Those the store does not hold, read.
    var read: [(PageKey, PageRead)] = []
    /// Of those, the ones the store keeps after this batch, and the ones it drops to make room.
    var kept: [PageKey] = []
    var evicted: [PageKey] = []
}

/// Parsed pages by key, for the comparing stage: parses what `PageReader` read and keeps what it says to keep.
/// A blob is usually the new side of one commit and the old side of the next, and is parsed once.
final class PageStore: @unchecked Sendable {
    /// A blob is reused when the same page is edited again, a few dozen commits later at most in practice.
    static let capacity = 256
    private var pages: [PageKey: ParsedPage] = [:]

    /// The batch's pages: those held, and those read now, parsed on all cores.
    /// The batch keeps its own map, so dropping a page from the store never takes it from a batch that needs it.
    func parse(_ loaded: LoadedPages) -> [PageKey: ParsedPage] {
        let parsed = ParallelMap.map(loaded.read) { @Sendable item -> ParsedPage in
            switch item.1 {
            case .bytes(let bytes): return .document(ProfileDocument.parse(bytes))
            case .skipped(let reason): return .skipped(reason)
            case .missing(let message): return .missing(message)
            }
        }
        var fresh: [PageKey: ParsedPage] = [:]
        for ((key, _), page) in zip(loaded.read, parsed) { fresh[key] = page }
        var needed: [PageKey: ParsedPage] = [:]
        for key in loaded.needed {
            needed[key] = fresh[key] ?? pages[key] ?? .missing("internal error: page not read")
        }
        // In the reader's order: a page kept and then dropped within one large batch is not kept.
        for key in loaded.kept { pages[key] = fresh[key] }
        for key in loaded.evicted { pages[key] = nil }
        return needed
    }
}

/// A bounded set of keys, oldest out first.
struct KeyQueue {
    let capacity: Int
    private var members: Set<PageKey> = []
    private var order: [PageKey] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = capacity
        order.reserveCapacity(capacity)
    }

    func contains(_ key: PageKey) -> Bool { members.contains(key) }

    /// Adds a key, dropping the oldest when full (appended to `evicted`); false when it cannot be kept at all.
    mutating func insert(_ key: PageKey, evicting evicted: inout [PageKey]) -> Bool {
        guard capacity > 0, !members.contains(key) else { return false }
        if order.count < capacity {
            order.append(key)
        } else {
            members.remove(order[head])
            evicted.append(order[head])
            order[head] = key
            head = (head + 1) % capacity
        }
        members.insert(key)
        return true
    }
}
