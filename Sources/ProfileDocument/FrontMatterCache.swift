import Synchronization

/// Parsed front matter by its exact text and position, shared by every parse in the process (pages are parsed
/// on several threads at once). Bounded: it is emptied when full, which costs one re-parse per distinct text.
final class FrontMatterCache: Sendable {
    static let shared = FrontMatterCache(capacity: 256)

    struct Key: Hashable, Sendable {
        var format: FrontMatter.Format
        var content: [UInt8]
        var lines: LineRange
        var firstLine: Int
        var options: ProfileDocument.ParseOptions
    }

    typealias Value = (frontMatter: FrontMatter, diagnostics: [Diagnostic])

    private let capacity: Int
    private let storage = Mutex<[Key: Entry]>([:])

    private struct Entry: Sendable {
        var frontMatter: FrontMatter
        var diagnostics: [Diagnostic]
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(for key: Key) -> Value? {
        storage.withLock { $0[key].map { ($0.frontMatter, $0.diagnostics) } }
    }

    func store(_ value: Value, for key: Key) {
        storage.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(frontMatter: value.frontMatter, diagnostics: value.diagnostics)
        }
    }
}
