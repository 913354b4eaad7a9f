import Foundation

/// Runs a sequence of jobs on one background thread, in order, at most `lookahead` jobs ahead of the consumer.
///
/// The history pipeline is read (libgit2, one thread) → parse (all cores) → compare (all cores) → render (the
/// caller). Done batch after batch on one thread, reading and rendering leave a core idle; here later batches are
/// read, parsed and compared while the caller renders batch k, and memory stays bounded by the lookahead.
/// Jobs run one at a time on the producer thread, so a job may use state that is not thread-safe
/// (a libgit2 handle, a cache) as long as nothing else touches it until `finish()` has returned.
final class BatchPipeline<Output>: @unchecked Sendable {
    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var ready: [Int: Result<Output?, any Error>] = [:]
    private var consumed = 0
    private var cancelled = false
    private var running = true
    private var lookahead: Int

    /// Starts producing: `job(i)` runs on the producer thread for i = 0, 1, ... in order, until it returns nil
    /// (there is no job i) or throws.
    init(lookahead: Int, job: @escaping @Sendable (Int) throws -> Output?) {
        self.lookahead = lookahead
        let thread = Thread { [self] in
            var index = 0
            while true {
                condition.lock()
                while index - consumed >= lookahead && !cancelled { condition.wait() }
                let stop = cancelled
                condition.unlock()
                if stop { break }
                let result = Result { try job(index) }
                condition.lock()
                ready[index] = result
                condition.broadcast()
                condition.unlock()
                guard case .success(.some) = result else { break }
                index += 1
            }
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
        // Parsing deep pages uses explicit stacks, but md4c and Yams still recurse a little: keep the main thread's size.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Changes how far ahead the producer may run: wide while the consumer cannot take output yet, narrow after.
    func setLookahead(_ jobs: Int) {
        condition.lock()
        lookahead = jobs
        condition.broadcast()
        condition.unlock()
    }

    /// The output of job `index`, waiting for it, or nil after the last; jobs must be taken in order.
    func output(_ index: Int) throws -> Output? {
        condition.lock()
        defer { condition.unlock() }
        while ready[index] == nil {
            // The producer stopped before this job: an earlier one ended the sequence or failed.
            if !running { return nil }
            condition.wait()
        }
        let result = ready.removeValue(forKey: index)
        consumed = index + 1
        condition.broadcast()
        switch result {
        case .success(let output)?: return output
        case .failure(let error)?: throw error
        case nil: return nil
        }
    }

    /// Stops producing and waits until the producer thread no longer runs a job: after this, the state the jobs
    /// use belongs to the caller again. Called on every exit path, including a failing consumer.
    func finish() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while running { condition.wait() }
        ready.removeAll()
        condition.unlock()
    }
}
