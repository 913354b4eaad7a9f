import GitHistory
import ProfileDocument

/// Reads and parses the page versions a batch of commits needs, through its own repository handle and with its own
/// cache of parsed pages. One reader is used by one thread at a time (the pipeline's producer, or the caller for the
/// working tree): libgit2 handles are not thread-safe, so the walk and the readers each open their own.
final class PageReader: @unchecked Sendable {
    let repository: Repository
    private let filter: ContentFilter
    private let maxFileSize: Int
    /// Parsed pages by blob: a blob is usually the new side of one commit and the old side of the next.
    // A blob is reused when the same page is edited again, a few dozen commits later at most in practice.
    private var pages: PageCache

    init(repository: Repository, filter: ContentFilter, maxFileSize: Int, cacheCapacity: Int = 256) {
        self.repository = repository
        self.filter = filter
        self.maxFileSize = maxFileSize
        pages = PageCache(capacity: cacheCapacity)
    }

    /// Every page version the changes need: from the cache, or read and then parsed in parallel.
    /// The batch keeps its own map, so the bounded cache can never drop a page the batch still needs.
    func prepare(_ changeLists: [[FileChange]]) -> [PageKey: ParsedPage] {
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
            bytes = try repository.content(of: version, maxBytes: maxFileSize)
        } catch let error as GitError where error.code == .tooLarge {
            return .skipped("larger than --max-file-size (\(maxFileSize) bytes)")
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
}
