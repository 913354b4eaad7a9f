import CGit2

/// A max-heap of commits by committer time; ties keep insertion order so output is stable.
struct CommitQueue {
    private var heap: [(time: Int64, sequence: Int, id: ObjectID)] = []
    private var sequence = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func push(_ id: ObjectID, time: Int64) {
        heap.append((time, sequence, id))
        sequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> ObjectID? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = parent * 2 + 1
            let right = left + 1
            var best = parent
            if left < heap.count, precedes(left, best) { best = left }
            if right < heap.count, precedes(right, best) { best = right }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return top.id
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        heap[a].time != heap[b].time ? heap[a].time > heap[b].time : heap[a].sequence < heap[b].sequence
    }
}

/// What the walk decided for one commit of the range: whether it is shown, against which parent, and
/// which parents the walk goes on to.
struct CommitDecision {
    var follow: [ObjectID] = []
    var comparedTo: ObjectID?
    var parentTree: ObjectID?
    var raw: [RawChange] = []
    var show = false
    var problems: [String] = []
    /// Parents read to decide (git parses them), in order.
    var compared: [ObjectID] = []
    /// Dropped to one TREESAME parent by the default simplification.
    var simplified = false
}

/// A commit the walk shows, before its changes become file changes (rename detection) and its message is read.
///
/// A whole history is walked before anything is shown (a restored page is known only once its deletion, further
/// back, has been seen), so what the walk keeps per commit is kept small: the full `HistoryEntry` is made batch by
/// batch with `entry(for:detectRenames:)`.
public struct WalkedCommit: Sendable {
    public let id: ObjectID
    let comparedTo: ObjectID?
    let parentTree: ObjectID?
    let tree: ObjectID
    let raw: [RawChange]
    let problems: [String]
    /// The commit as the walk read it, until the entry is made (`releaseCommit()`).
    private(set) var read: ReadCommit?
    /// Paths added here with the very content they had when deleted earlier in the walk.
    public internal(set) var restored: Set<GitPath> = []

    init(id: ObjectID, comparedTo: ObjectID?, parentTree: ObjectID?, tree: ObjectID, raw: [RawChange],
         problems: [String], read: ReadCommit?) {
        self.id = id
        self.comparedTo = comparedTo
        self.parentTree = parentTree
        self.tree = tree
        self.raw = raw
        self.problems = problems
        self.read = read
    }

    /// Drops the commit's message and signatures once its entry is made: a whole history's records stay small.
    public mutating func releaseCommit() { read = nil }
}

extension WalkedCommit {
    /// Marks `path`, which this commit adds, as restored.
    public mutating func markRestored(_ path: GitPath) { restored.insert(path) }
}

/// Where a walk puts the commits it shows, in walk order (newest first).
public protocol WalkSink: AnyObject {
    /// The next commit; returning false stops the walk.
    func add(_ commit: WalkedCommit) -> Bool
    /// Whether commits should come with their `CommitInfo` as the walk read it (so their entries need not read them
    /// again): a sink that streams says no while it holds many that nobody took yet, which bounds their memory.
    var keepsCommits: Bool { get }
    /// The commit added `index`-th (from 0) brings `path` back with the content it had when it was deleted further
    /// back, which the walk has just reached.
    func markRestored(_ path: GitPath, at index: Int)
}

/// A walk's commits kept in a list.
final class WalkList: WalkSink {
    var commits: [WalkedCommit] = []
    var keepsCommits: Bool { true }
    func add(_ commit: WalkedCommit) -> Bool {
        commits.append(commit)
        return true
    }
    func markRestored(_ path: GitPath, at index: Int) { commits[index].markRestored(path) }
}

/// Finds, as a walk goes back in time, additions that bring back, byte for byte, a file deleted further back.
///
/// An addition is a restore when the nearest older addition or deletion of its path is a deletion of the same
/// content. Walking newest first, each path's latest addition waits for that event. Works on the raw changes,
/// where a rename is a deletion and an addition: the same record of deletions as on the renamed changes.
struct RestoreFinder {
    /// Per path, the last addition walked (its commit's index and its content) whose older event is not walked yet.
    private var waiting: [GitPath: (index: Int, blob: ObjectID)] = [:]

    /// The additions that the changes of the commit walked `index`-th show to be restores.
    mutating func walked(_ changes: [RawChange], at index: Int) -> [(index: Int, path: GitPath)] {
        var restores: [(index: Int, path: GitPath)] = []
        for change in changes {
            switch (change.old, change.new) {
            case (let old?, nil):
                if let addition = waiting.removeValue(forKey: change.path), addition.blob == old.id {
                    restores.append((addition.index, change.path))
                }
            case (nil, let new?):
                waiting[change.path] = (index, new.id)
            default:
                break
            }
        }
        return restores
    }
}

extension HistoryEntry {
    /// Marks the additions of these paths as restored. Only additions are: an addition that rename detection paired
    /// with a deletion stays a rename.
    public mutating func markRestored(_ paths: Set<GitPath>) {
        guard !paths.isEmpty else { return }
        for index in changes.indices where changes[index].status == .added {
            if let path = changes[index].new?.path, paths.contains(path) { changes[index].status = .restored }
        }
    }
}

extension Repository {
    /// The commits of a range that touched the filter's paths, as `git log -- <paths>` lists them.
    public func history(_ range: RevisionRange, filter: PathFilter, options: WalkOptions) throws -> [HistoryEntry] {
        try walk(range, filter: filter, options: options).map { try entry(for: $0, detectRenames: options.detectRenames) }
    }

    /// The commits of a range that touched the filter's paths, in output order, compact (see `WalkedCommit`), with
    /// restored pages marked.
    public func walk(_ range: RevisionRange, filter: PathFilter, options: WalkOptions) throws -> [WalkedCommit] {
        let list = WalkList()
        try walk(range, filter: filter, options: options, into: list)
        if options.order == .reverse { list.commits.reverse() }
        return list.commits
    }

    /// The commits of a range that touched the filter's paths, newest first whatever `options.order` says, given to
    /// `sink` as soon as the walk has decided each when the range excludes nothing (a whole history: no later step
    /// of the walk can drop a commit), and otherwise once the walk has ended.
    ///
    /// The walk keeps no list of its own: over a whole history, the list the caller keeps is the only record that
    /// grows with it. A restored page is known only once its deletion, further back, has been walked: the sink is
    /// told then which commit it added.
    public func walk(_ range: RevisionRange, filter: PathFilter, options: WalkOptions, into sink: some WalkSink) throws {
        var shown = 0
        var restores = RestoreFinder()
        defer { keepsCommitInfo = true }
        try limitedWalk(range, filter: filter, options: options, keepsCommits: { sink.keepsCommits }) { id, decision, node in
            guard decision.show else { return true }
            if let until = options.until, node.time > until { return true }
            if let since = options.since, node.time < since { return true }
            let walked = WalkedCommit(id: id, comparedTo: decision.comparedTo, parentTree: decision.parentTree,
                                      tree: node.tree, raw: decision.raw, problems: decision.problems, read: node.info)
            let index = shown
            shown += 1
            guard sink.add(walked) else { return false }
            for (restoredIndex, path) in restores.walked(walked.raw, at: index) { sink.markRestored(path, at: restoredIndex) }
            if let maxCount = options.maxCount, shown >= maxCount { return false }
            return true
        }
        // The walk's commit nodes (a record and a parents array per commit of the history) are no use after it.
        commitCache.removeAll()
    }

    /// The commit's file changes (with renames) and its message and author: as the walk read them when it kept them
    /// (`WalkSink.keepsCommits`), read now otherwise.
    public func entry(for walked: WalkedCommit, detectRenames: Bool) throws -> HistoryEntry {
        let changes = try fileChanges(walked.raw, oldTree: walked.parentTree, newTree: walked.tree, detectRenames: detectRenames)
        var entry = HistoryEntry(commit: try walked.read?.info ?? commit(walked.id), comparedTo: walked.comparedTo,
                                 changes: changes, problems: walked.problems)
        entry.markRestored(walked.restored)
        return entry
    }

    /// git's limit_list with history simplification: walks newest first from the tip and the excluded
    /// commits together, deciding each interesting commit when it is popped (so, as in git, a parent
    /// counts as outside the range only once the walk has marked it so), and stops when only
    /// excluded history is left. `emit` receives the range's commits in walk order with their decisions: each as it
    /// is decided when nothing is excluded, all at the end otherwise (see `walk`); returning false ends the walk.
    ///
    /// What it keeps per commit of the history is what git keeps: the ids seen, and, only when something is excluded,
    /// the parents read (to carry the excluded mark on). A commit's node is dropped from the cache once the commit is
    /// decided: its children were decided before it, so only a child dated before its parent reads it again.
    func limitedWalk(_ range: RevisionRange, filter: PathFilter, options: WalkOptions,
                     keepsCommits: () -> Bool = { true },
                     emit: (ObjectID, CommitDecision, CommitNode) throws -> Bool) throws {
        // With nothing excluded, no commit can become uninteresting later: each is final when decided.
        let streaming = range.excluded.isEmpty
        var uninteresting: Set<ObjectID> = []
        var seen: Set<ObjectID> = []
        var interestingQueued = 0
        var queued: Set<ObjectID> = []
        var queue = CommitQueue()
        var candidates: [(ObjectID, CommitDecision, CommitNode)] = []
        let bottoms = Set(range.excluded)

        // Parents as this walk knows them: set when a commit is first read ("parsed" in git), and cut
        // down to the followed parent when simplification drops a merge's other sides. Only marking excluded
        // history reads them, so a walk that excludes nothing does not keep them.
        var knownParents: [ObjectID: [ObjectID]] = [:]
        func parse(_ id: ObjectID) throws -> CommitNode {
            let node = try commitNode(id)
            if !streaming, knownParents[id] == nil { knownParents[id] = node.parents }
            return node
        }

        func markUninteresting(_ start: ObjectID) {
            var stack = [start]
            while let id = stack.popLast() {
                guard uninteresting.insert(id).inserted else { continue }
                if queued.contains(id) { interestingQueued -= 1 }
                // Commits already read carry the mark on to their parents, as git's mark_parents_uninteresting.
                if let parents = knownParents[id] { stack.append(contentsOf: parents) }
            }
        }

        for excluded in range.excluded {
            _ = try parse(excluded)
            markUninteresting(excluded)
        }
        for id in [range.tip] + range.excluded where !queued.contains(id) {
            let node = try parse(id)
            queued.insert(id)
            if !uninteresting.contains(id) { interestingQueued += 1 }
            queue.push(id, time: node.time)
        }
        while interestingQueued > 0, let id = queue.pop() {
            queued.remove(id)
            let isUninteresting = uninteresting.contains(id)
            if !isUninteresting { interestingQueued -= 1 }
            seen.insert(id)
            guard let node = try? parse(id) else { continue }
            var next: [ObjectID]
            if isUninteresting {
                // Excluded history is followed through every parent, even with --first-parent (as git).
                next = node.parents
                // As git's process_parents: read each parent first, so the mark reaches its parents too.
                for parent in next {
                    _ = try? parse(parent)
                    markUninteresting(parent)
                    for grandparent in knownParents[parent] ?? [] { markUninteresting(grandparent) }
                }
            } else {
                // Parents read now are the next commits shown.
                keepsCommitInfo = keepsCommits()
                let decision = decide(node, filter: filter, options: options) { parent in
                    !uninteresting.contains(parent) || bottoms.contains(parent)
                }
                next = decision.follow
                for parent in decision.compared { _ = try? parse(parent) }
                if !streaming, decision.simplified { knownParents[id] = decision.follow }
                // Kept for the whole walk: drop what only this step needed.
                var kept = decision
                kept.follow = []
                kept.compared = []
                if streaming {
                    try checkShallow(id, node)
                    if try !emit(id, kept, node) { return }
                } else {
                    candidates.append((id, kept, node))
                }
            }
            for parent in next where !seen.contains(parent) && !queued.contains(parent) {
                // A missing parent ends that line of history; the child reports it.
                guard let parentNode = try? parse(parent) else { continue }
                queued.insert(parent)
                if !uninteresting.contains(parent) { interestingQueued += 1 }
                queue.push(parent, time: parentNode.time)
            }
            commitCache[id] = nil
        }
        let result = candidates.filter { !uninteresting.contains($0.0) }
        for (id, _, node) in result { try checkShallow(id, node) }
        for (id, decision, node) in result {
            if try !emit(id, decision, node) { return }
        }

        /// A shown commit whose parents a shallow clone lacks: the history stops there, and saying what it
        /// changed would compare it with nothing (every page "added").
        func checkShallow(_ id: ObjectID, _ node: CommitNode) throws {
            guard node.isShallowBoundary else { return }
            if let since = options.since, node.time < since { return }
            let what: String
            switch range.kind {
            case .root: what = "the history before \(id.short)"
            case .single: what = "the parent of \(id.short)"
            default: what = range.spec
            }
            throw HistoryError.shallowBoundary(spec: what, availableCommits: try availableCommitCount())
        }
    }

    /// Compares one commit with its parents and applies git's history simplification
    /// (`try_to_simplify_commit`); `isRelevant` says whether a parent is inside the range or its bottom.
    private func decide(
        _ node: CommitNode, filter: PathFilter, options: WalkOptions, isRelevant: (ObjectID) -> Bool
    ) -> CommitDecision {
        var decision = CommitDecision()
        // Parent trees; a parent commit that cannot be read is reported and not followed.
        var parentTrees: [(id: ObjectID, tree: ObjectID)] = []
        for parent in node.parents {
            do {
                parentTrees.append((parent, try commitNode(parent).tree))
            } catch {
                decision.problems.append("missing parent commit \(parent.hex)")
            }
        }
        if options.simplification == .firstParent, parentTrees.count > 1 {
            parentTrees = [parentTrees[0]]
        }

        if parentTrees.isEmpty, !node.parents.isEmpty {
            // Never diff against the empty tree for a parent we merely cannot read: every page would look added.
            decision.comparedTo = node.parents.first
            decision.show = true
            return decision
        }
        if parentTrees.count <= 1 {
            let parent = parentTrees.first
            let result = compareTrees(parent?.tree, node.tree, filter: filter)
            decision.raw = result.changes
            decision.problems += result.problems
            decision.comparedTo = parent?.id
            decision.parentTree = parent?.tree
            decision.show = !decision.raw.isEmpty || !decision.problems.isEmpty
            decision.follow = parent.map { [$0.id] } ?? []
            decision.compared = decision.follow
            return decision
        }

        // Only relevant parents may simplify a merge away, and a merge is TREESAME when no relevant
        // parent differs.
        var perParent: [[RawChange]] = []
        var relevantParents = 0
        var relevantChange = false
        var irrelevantChange = false
        decision.comparedTo = parentTrees[0].id
        decision.parentTree = parentTrees[0].tree
        for parent in parentTrees {
            let relevant = isRelevant(parent.id)
            if relevant { relevantParents += 1 }
            let result = compareTrees(parent.tree, node.tree, filter: filter)
            decision.problems += result.problems
            perParent.append(result.changes)
            decision.compared.append(parent.id)
            if result.changes.isEmpty, result.problems.isEmpty {
                if options.simplification == .default, relevant {
                    decision.follow = [parent.id]
                    decision.simplified = true
                    decision.show = !decision.problems.isEmpty
                    return decision
                }
            } else if relevant {
                relevantChange = true
            } else {
                irrelevantChange = true
            }
        }
        decision.follow = parentTrees.map(\.id)
        let treesame = relevantParents > 0 ? !relevantChange : !irrelevantChange
        // A merge's own changes: paths whose result differs from every parent.
        var common = Set(perParent[0].map(\.path))
        for changes in perParent.dropFirst() { common.formIntersection(changes.map(\.path)) }
        decision.raw = perParent[0].filter { common.contains($0.path) }
        // The default view lists a merge that is not TREESAME even when it resolved nothing itself
        // (its changes are then empty), as `git log -- paths` does; --full-history lists only merges
        // with changes of their own.
        switch options.simplification {
        case .default: decision.show = !treesame || !decision.problems.isEmpty
        case .fullHistory, .firstParent: decision.show = !decision.raw.isEmpty || !decision.problems.isEmpty
        }
        return decision
    }

    /// Changes between two commits (nil old: the empty tree), for the net view of a range.
    public func changes(from old: ObjectID?, to new: ObjectID, filter: PathFilter, detectRenames: Bool) throws -> [FileChange] {
        let oldTree = try old.map { try commitNode($0).tree }
        let newTree = try commitNode(new).tree
        let result = compareTrees(oldTree, newTree, filter: filter)
        if let problem = result.problems.first {
            throw GitError(.notFound, problem)
        }
        return try fileChanges(result.changes, oldTree: oldTree, newTree: newTree, detectRenames: detectRenames)
    }
}
