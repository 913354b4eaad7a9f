import Foundation
import GitHistory

/// The commits a history walk shows, as it finds them, and the whole list once it has ended.
///
/// The walk runs on the caller's thread while the pipeline's producer already reads, parses and compares the first
/// batches: over a whole history the walk is a third of a second that would otherwise leave a core idle. Nothing is
/// shown before the walk has ended, so an error about the range (a shallow boundary) still comes before any output,
/// and restored pages, known only once their deletion further back has been seen, are marked in the final list.
final class WalkStream: WalkSink, @unchecked Sendable {
    // All mutable state is guarded by `condition`.
    private let condition = NSCondition()
    private var found: [PendingEntry] = []
    private var final: Result<[PendingEntry], any Error>?
    private var cancelled = false

    init() {}

    /// A stream that is complete from the start (a net difference, an empty range, a walk made beforehand).
    init(finished entries: [PendingEntry]) {
        found = entries
        final = .success(entries)
    }

    /// Adds the next shown commit; false once the stream is cancelled, to stop the walk.
    func add(_ commit: WalkedCommit) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if cancelled { return false }
        found.append(.walked(commit))
        condition.broadcast()
        return true
    }

    /// Marks a restored page in the list. The pipeline may have read the commit already: it compares such commits
    /// again from the final list.
    func markRestored(_ path: GitPath, at index: Int) {
        condition.lock()
        defer { condition.unlock() }
        guard case .walked(var commit) = found[index] else { return }
        commit.markRestored(path)
        found[index] = .walked(commit)
    }

    /// Ends the stream: with the entries added (`nil`), with a list made at once by a walk that did not stream, or
    /// with the walk's error.
    func finish(_ result: Result<[PendingEntry]?, any Error>) {
        condition.lock()
        switch result {
        case .success(let entries?):
            found = entries
            final = .success(entries)
        case .success(nil):
            final = .success(found)
        case .failure(let error):
            final = .failure(error)
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the walk at its next commit (nobody will read what it finds).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.unlock()
    }

    /// The entries at `range`, waiting for the walk to reach them: fewer at the end of the walk, none after a failure.
    func entries(_ range: Range<Int>) -> [PendingEntry] {
        condition.lock()
        defer { condition.unlock() }
        while found.count < range.upperBound && final == nil { condition.wait() }
        if case .failure? = final { return [] }
        return Array(found[range.clamped(to: 0..<found.count)])
    }

    /// The final list, waiting for the walk to end; rethrows the walk's error.
    func result() throws -> [PendingEntry] {
        condition.lock()
        defer { condition.unlock() }
        while final == nil { condition.wait() }
        guard let final else { return [] }
        return try final.get()
    }
}
