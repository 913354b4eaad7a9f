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

extension Repository {
    /// The commits of a range that touched the filter's paths, as `git log -- <paths>` lists them.
    public func history(_ range: RevisionRange, filter: PathFilter, options: WalkOptions) throws -> [HistoryEntry] {
        let inRange = try commitsInRange(range, since: options.since)
        var shown: [HistoryEntry] = []
        var queue = CommitQueue()
        var queued: Set<ObjectID> = [range.tip]
        if inRange.contains(range.tip) {
            queue.push(range.tip, time: try commitNode(range.tip).time)
        }
        while let id = queue.pop() {
            let node = try commitNode(id)
            var problems: [String] = []
            var follow: [ObjectID] = []
            var comparedTo: ObjectID?
            var raw: [RawChange] = []
            var show = false

            // Parent trees; a parent commit that cannot be read is reported and not followed.
            var parentTrees: [(id: ObjectID, tree: ObjectID)] = []
            for parent in node.parents {
                do {
                    parentTrees.append((parent, try commitNode(parent).tree))
                } catch let error as GitError where error.code == .notFound {
                    problems.append("missing parent commit \(parent.hex)")
                }
            }
            if options.simplification == .firstParent, parentTrees.count > 1 {
                parentTrees = [parentTrees[0]]
            }

            if parentTrees.isEmpty, !node.parents.isEmpty {
                // Never diff against the empty tree for a parent we merely cannot read: every page would look added.
                comparedTo = node.parents.first
                show = true
                follow = []
            } else if parentTrees.count <= 1 {
                let parent = parentTrees.first
                let result = compareTrees(parent?.tree, node.tree, filter: filter)
                raw = result.changes
                problems += result.problems
                comparedTo = parent?.id
                show = !raw.isEmpty || !result.problems.isEmpty
                follow = parent.map { [$0.id] } ?? []
            } else {
                var perParent: [[RawChange]] = []
                var treesame: ObjectID?
                for parent in parentTrees {
                    let result = compareTrees(parent.tree, node.tree, filter: filter)
                    problems += result.problems
                    if result.changes.isEmpty, result.problems.isEmpty, treesame == nil { treesame = parent.id }
                    perParent.append(result.changes)
                }
                comparedTo = parentTrees[0].id
                if options.simplification == .default, let treesame {
                    follow = [treesame]
                } else {
                    follow = parentTrees.map(\.id)
                    // A merge's own changes: paths whose result differs from every parent.
                    var common = Set(perParent[0].map(\.path))
                    for changes in perParent.dropFirst() { common.formIntersection(changes.map(\.path)) }
                    raw = perParent[0].filter { common.contains($0.path) }
                    // Like `git log -- paths`, the default view lists a merge that took content from more
                    // than one side even when it resolved nothing itself (its changes are then empty);
                    // --full-history lists only merges with changes of their own.
                    show = options.simplification == .default || !raw.isEmpty || !problems.isEmpty
                }
            }

            for parent in follow where inRange.contains(parent) && queued.insert(parent).inserted {
                queue.push(parent, time: try commitNode(parent).time)
            }
            guard show else { continue }
            if let until = options.until, node.time > until { continue }
            if let since = options.since, node.time < since { continue }
            let commitInfo = try commit(id)
            let parentTree = comparedTo.flatMap { parent in parentTrees.first { $0.id == parent }?.tree }
            let changes = try fileChanges(raw, oldTree: parentTree, newTree: node.tree, detectRenames: options.detectRenames)
            shown.append(HistoryEntry(commit: commitInfo, comparedTo: comparedTo, changes: changes, problems: problems))
            if let maxCount = options.maxCount, shown.count >= maxCount { break }
        }
        markRestored(&shown)
        if options.order == .reverse { shown.reverse() }
        return shown
    }

    /// Marks additions that bring back, byte for byte, a file deleted earlier in the walk.
    private func markRestored(_ entries: inout [HistoryEntry]) {
        var deleted: [GitPath: ObjectID] = [:]
        for entryIndex in entries.indices.reversed() {
            for changeIndex in entries[entryIndex].changes.indices {
                let change = entries[entryIndex].changes[changeIndex]
                switch change.status {
                case .deleted:
                    if let old = change.old, let blob = old.blob { deleted[old.path] = blob }
                case .renamed:
                    if let old = change.old, let blob = old.blob { deleted[old.path] = blob }
                    if let new = change.new { deleted[new.path] = nil }
                case .added:
                    if let new = change.new, let blob = new.blob, deleted[new.path] == blob {
                        entries[entryIndex].changes[changeIndex].status = .restored
                    }
                    if let new = change.new { deleted[new.path] = nil }
                case .modified, .restored:
                    break
                }
            }
        }
    }

    /// The commits reachable from the tip but not from any excluded commit, walked newest first
    /// and stopped as soon as only excluded history is left (as git's limit_list does).
    func commitsInRange(_ range: RevisionRange, since: Int64?) throws -> Set<ObjectID> {
        var uninteresting: Set<ObjectID> = []
        var seen: Set<ObjectID> = []
        var interestingQueued = 0
        var queued: Set<ObjectID> = []
        var queue = CommitQueue()
        var candidates: [ObjectID] = []

        func markUninteresting(_ start: ObjectID) {
            var stack = [start]
            while let id = stack.popLast() {
                guard uninteresting.insert(id).inserted else { continue }
                if queued.contains(id) { interestingQueued -= 1 }
                // Already expanded commits carry the mark on to their parents.
                if seen.contains(id), let node = commitCache[id] { stack.append(contentsOf: node.parents) }
            }
        }

        for excluded in range.excluded {
            markUninteresting(excluded)
        }
        for id in [range.tip] + range.excluded where !queued.contains(id) {
            let node = try commitNode(id)
            queued.insert(id)
            if !uninteresting.contains(id) { interestingQueued += 1 }
            queue.push(id, time: node.time)
        }
        while interestingQueued > 0, let id = queue.pop() {
            queued.remove(id)
            let isUninteresting = uninteresting.contains(id)
            if !isUninteresting { interestingQueued -= 1 }
            seen.insert(id)
            guard let node = try? commitNode(id) else { continue }
            if isUninteresting {
                for parent in node.parents { markUninteresting(parent) }
            } else {
                candidates.append(id)
            }
            for parent in node.parents where !seen.contains(parent) && !queued.contains(parent) {
                // A missing parent ends that line of history; the shown commit reports it.
                guard let parentNode = try? commitNode(parent) else { continue }
                queued.insert(parent)
                if !uninteresting.contains(parent) { interestingQueued += 1 }
                queue.push(parent, time: parentNode.time)
            }
        }
        let result = Set(candidates.filter { !uninteresting.contains($0) })
        if isShallow {
            for id in result {
                guard let node = commitCache[id], node.isShallowBoundary else { continue }
                if let since, node.time < since { continue }
                let what: String
                switch range.kind {
                case .root: what = "the history before \(id.short)"
                case .single: what = "the parent of \(id.short)"
                default: what = range.spec
                }
                throw HistoryError.shallowBoundary(spec: what, availableCommits: try availableCommitCount())
            }
        }
        return result
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
