import Synchronization

/// Parsed front matter by its exact text and position, shared by every parse in the process (pages are parsed
/// on several threads at once). Bounded: it is emptied when full, which costs one re-parse per distinct text.
///
/// Sized for a site, not a page: a history walk meets the front matter of every page in turn, and with room for
/// only 256 a 10,000-commit history of a few hundred pages re-parsed 912 front matters instead of 655. The byte
/// budget keeps a few huge (up to 1 MiB) blocks from holding much memory.
final class FrontMatterCache: Sendable {
    static let shared = FrontMatterCache(capacity: 2048, byteBudget: 16 << 20)

    struct Key: Hashable, Sendable {
        var format: FrontMatter.Format
        var content: [UInt8]
        var lines: LineRange
        var firstLine: Int
        var options: ProfileDocument.ParseOptions
    }

    typealias Value = (frontMatter: FrontMatter, diagnostics: [Diagnostic])

    private let capacity: Int
    private let byteBudget: Int
    private let storage = Mutex<(entries: [Key: Entry], bytes: Int)>(([:], 0))

    private struct Entry: Sendable {
        var frontMatter: FrontMatter
        var diagnostics: [Diagnostic]
    }

    init(capacity: Int, byteBudget: Int) {
        self.capacity = capacity
        self.byteBudget = byteBudget
    }

    func value(for key: Key) -> Value? {
        storage.withLock { $0.entries[key].map { ($0.frontMatter, $0.diagnostics) } }
    }

    /// Counts the key's text (the parsed value is of the same order) against the byte budget.
    func store(_ value: Value, for key: Key) {
        storage.withLock { cache in
            if cache.entries.count >= capacity || cache.bytes + key.content.count > byteBudget {
                cache.entries.removeAll(keepingCapacity: true)
                cache.bytes = 0
            }
            if cache.entries.updateValue(Entry(frontMatter: value.frontMatter, diagnostics: value.diagnostics), forKey: key) == nil {
                cache.bytes += key.content.count
            }
        }
    }
}
