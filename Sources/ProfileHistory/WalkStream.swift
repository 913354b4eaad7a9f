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
    /// How many entries `take` has handed out (they no longer carry their commits as read).
    private var taken = 0
    /// Set when the walk has ended: what was found is then the final list, or the walk failed.
    private var ended: Result<Void, any Error>?
    private var cancelled = false

    /// Commits may come with the commit as the walk read it while fewer than this many wait to be taken.
    let keptCommits: Int

    init(keptCommits: Int = 4_096) {
        self.keptCommits = keptCommits
    }

    /// A stream that is complete from the start (a net difference, an empty range, a walk made beforehand).
    init(finished entries: [PendingEntry]) {
        keptCommits = 0
        found = entries
        ended = .success(())
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

    /// Commits come with their `CommitInfo` while fewer than `keptCommits` wait to be taken: the walk runs far ahead
    /// of the pipeline, and each such record is a few hundred bytes (4,096 of them are about 1.6 MB).
    var keepsCommits: Bool {
        condition.lock()
        defer { condition.unlock() }
        return found.count - taken < keptCommits
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
            ended = .success(())
        case .success(nil):
            ended = .success(())
        case .failure(let error):
            ended = .failure(error)
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
    /// The stream then keeps them without the commits as read (messages, signatures): the caller makes the entries.
    func take(_ range: Range<Int>) -> [PendingEntry] {
        condition.lock()
        defer { condition.unlock() }
        while found.count < range.upperBound && ended == nil { condition.wait() }
        if case .failure? = ended { return [] }
        let range = range.clamped(to: 0..<found.count)
        let entries = Array(found[range])
        taken = max(taken, range.upperBound)
        for index in range {
            if case .walked(var commit) = found[index] {
                commit.releaseCommit()
                found[index] = .walked(commit)
            }
        }
        return entries
    }

    /// Waits for the walk to end; rethrows its error. The list is never handed out whole: a copy held while
    /// `take` drops what it took would keep every commit as read.
    func waitForEnd() throws {
        condition.lock()
        defer { condition.unlock() }
        while ended == nil { condition.wait() }
        try ended?.get()
    }

    /// How many commits the walk shows; 0 after a failure. Waits for the walk to end.
    var count: Int {
        guard (try? waitForEnd()) != nil else { return 0 }
        condition.lock()
        defer { condition.unlock() }
        return found.count
    }

    /// The paths the commit at `index` brings back, once the walk has ended.
    func restored(at index: Int) -> Set<GitPath> {
        condition.lock()
        defer { condition.unlock() }
        guard ended != nil, index < found.count, case .walked(let commit) = found[index] else { return [] }
        return commit.restored
    }
}
