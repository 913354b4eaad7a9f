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
    /// The keys of the pages `PageStore` holds: the last version read of each page.
    private var known: HeldVersions

    /// Whether batches go forward in time (`--reverse`): then a page's new side is the version its next change needs.
    private let forward: Bool

    init(repository: Repository, filter: ContentFilter, maxFileSize: Int, cacheCapacity: Int = PageStore.capacity,
         forward: Bool = false) {
        self.repository = repository
        self.filter = filter
        self.maxFileSize = maxFileSize
        self.forward = forward
        known = HeldVersions(capacity: cacheCapacity)
    }

    /// Every page version the changes need, and the bytes of those the store does not hold yet.
    func load(_ changeLists: [[FileChange]]) -> LoadedPages {
        var loaded = LoadedPages()
        var seen: Set<PageKey> = []
        var paths: [GitPath] = []
        for changes in changeLists {
            for change in changes where filter.includes(change.path) {
                if let old = change.old, let new = change.new { loaded.neighbours.append((PageKey(old), PageKey(new))) }
                // The side the page's next change needs last, so that it is the one held: going back in time (the
                // usual walk), the old side.
                let sides = forward ? [change.old, change.new] : [change.new, change.old]
                for version in sides.compactMap({ $0 }) {
                    let key = PageKey(version)
                    guard seen.insert(key).inserted else { continue }
                    loaded.needed.append(key)
                    if known.contains(key) {
                        known.touch(key)
                    } else {
                        loaded.read.append((key, read(version)))
                        paths.append(version.path)
                    }
                }
            }
        }
        for ((key, _), path) in zip(loaded.read, paths) {
            guard known.insert(key, path: path, evicting: &loaded.evicted) else { continue }
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
    /// The two sides of each modification or rename: versions a parse can reuse the sections of.
    var neighbours: [(PageKey, PageKey)] = []
    /// Of those, the ones the store keeps after this batch, and the ones it drops to make room.
    var kept: [PageKey] = []
    var evicted: [PageKey] = []
}

/// Parsed pages by key, for the comparing stage: parses what `PageReader` read and keeps what it says to keep.
/// A blob is usually the new side of one commit and the old side of the next, and is parsed once.
///
/// A version is parsed reusing the sections of a neighbour (the other side of a commit's change) already parsed:
/// most commits edit one section of a page, and only that part goes through md4c again. The versions of a batch
/// are parsed in chains, each reusing the one before; chains run on all cores.
final class PageStore: @unchecked Sendable {
    /// Pages held at most (the last version read of each, see `HeldVersions`).
    static let capacity = 256
    /// Each page with, for a document, the parse behind it, which the next batch's versions reuse.
    private var pages: [PageKey: (page: ParsedPage, lender: Lender?)] = [:]

    /// A parse kept for lending, passed around by reference: the map above, each chain's own and the batch's results
    /// each held a copy of the value (its source, head, document and traces, a dozen references to retain and release
    /// at every copy).
    final class Lender: Sendable {
        let parse: ReusableParse
        init(_ parse: ReusableParse) { self.parse = parse }
    }

    /// The batch's pages: those held, and those read now, parsed on all cores.
    /// The batch keeps its own map, so dropping a page from the store never takes it from a batch that needs it.
    func parse(_ loaded: LoadedPages) -> [PageKey: ParsedPage] {
        let held = pages
        let chains = Self.chains(loaded, canLend: { held[$0]?.lender != nil })
        let parsedChains = ParallelMap.map(chains) { @Sendable chain -> [(PageKey, ParsedPage, Lender?)] in
            var done: [PageKey: Lender] = [:]
            return chain.map { link in
                switch loaded.read[link.read].1 {
                case .bytes(let bytes):
                    let base = link.base.flatMap { done[$0] ?? held[$0]?.lender }
                    let lender = Lender(ProfileDocument.parse(bytes, reusing: base?.parse))
                    done[link.key] = lender
                    return (link.key, .document(lender.parse.document), lender)
                case .skipped(let reason): return (link.key, .skipped(reason), nil)
                case .missing(let message): return (link.key, .missing(message), nil)
                }
            }
        }
        var fresh: [PageKey: (page: ParsedPage, lender: Lender?)] = [:]
        for chain in parsedChains {
            for (key, page, lender) in chain { fresh[key] = (page, lender) }
        }
        var needed: [PageKey: ParsedPage] = [:]
        for key in loaded.needed {
            needed[key] = fresh[key]?.page ?? pages[key]?.page ?? .missing("internal error: page not read")
        }
        // In the reader's order: a page kept and then dropped within one large batch is not kept.
        for key in loaded.kept { pages[key] = fresh[key] }
        for key in loaded.evicted { pages[key] = nil }
        return needed
    }

    /// One step of a chain: parse `loaded.read[read]`, reusing `base` (held, or parsed earlier in the chain).
    struct Link: Sendable {
        let read: Int
        let key: PageKey
        let base: PageKey?
    }

    /// The versions read, in chains along the batch's changes, each version after the neighbour it reuses.
    ///
    /// A chain starts from a held neighbour when there is one. Chains are cut at a quarter of the batch (at
    /// least 8 versions), so that a history of one page still parses on every core: each cut costs one full parse.
    static func chains(_ loaded: LoadedPages, canLend: (PageKey) -> Bool) -> [[Link]] {
        var index: [PageKey: Int] = [:]
        for (position, item) in loaded.read.enumerated() { index[item.0] = position }
        var adjacent: [PageKey: [PageKey]] = [:]
        for (a, b) in loaded.neighbours where a != b {
            adjacent[a, default: []].append(b)
            adjacent[b, default: []].append(a)
        }
        let limit = max(8, (loaded.read.count + 3) / 4)
        var assigned = Set<PageKey>()
        var chains: [[Link]] = []
        func grow(from first: PageKey, base: PageKey?) {
            var chain = [Link(read: index[first]!, key: first, base: base)]
            assigned.insert(first)
            var current = first
            while let next = adjacent[current]?.first(where: { index[$0] != nil && !assigned.contains($0) }) {
                if chain.count == limit {
                    chains.append(chain)
                    chain = []
                }
                chain.append(Link(read: index[next]!, key: next, base: chain.isEmpty ? nil : current))
                assigned.insert(next)
                current = next
            }
            chains.append(chain)
        }
        // First the versions next to a held one, then the rest.
        for (key, _) in loaded.read where !assigned.contains(key) {
            if let lender = adjacent[key]?.first(where: canLend) { grow(from: key, base: lender) }
        }
        for (key, _) in loaded.read where !assigned.contains(key) {
            grow(from: key, base: nil)
        }
        return chains
    }
}

/// The page versions the store holds: the last one read of each page, for as many pages as fit, the least recently
/// used page out first.
///
/// The walk goes back in time, so the version of a page the next batch needs (as the new side of its next older
/// change) and can lend its sections to is the one read last (`PageReader` reads the old sides last); the page's
/// other versions are not needed again (short of a revert). Holding the last 256 versions read instead, of whatever
/// page, dropped the pages edited less often than every few batches: 6 % of all versions were then parsed whole (a
/// third of md4c's work).
struct HeldVersions {
    let capacity: Int
    private var byKey: [PageKey: (path: GitPath, used: Int)] = [:]
    private var byPath: [GitPath: PageKey] = [:]
    private var clock = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    func contains(_ key: PageKey) -> Bool { byKey[key] != nil }

    /// Marks a held version as just used.
    mutating func touch(_ key: PageKey) {
        clock += 1
        byKey[key]?.used = clock
    }

    /// Holds a version read of `path`, dropping the page's previous version, or the least recently used page's when
    /// full (appended to `evicted`); false when it cannot be held at all.
    mutating func insert(_ key: PageKey, path: GitPath, evicting evicted: inout [PageKey]) -> Bool {
        guard capacity > 0, byKey[key] == nil else { return false }
        if let previous = byPath[path] {
            byKey[previous] = nil
            evicted.append(previous)
        } else if byPath.count >= capacity, let oldest = byKey.min(by: { $0.value.used < $1.value.used }) {
            byKey[oldest.key] = nil
            byPath[oldest.value.path] = nil
            evicted.append(oldest.key)
        }
        clock += 1
        byKey[key] = (path, clock)
        byPath[path] = key
        return true
    }
}
