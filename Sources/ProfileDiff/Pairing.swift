/// Pairs the old and new units of one container (blocks of a section, items of a list, rows of a table):
/// first by identical identity, then by word similarity, then by position.
///
/// Pairing by identity first keeps the common case (most of a page unchanged) linear; similarity only runs
/// over what is left, within a fixed budget of comparisons.
struct Pairing {
    var oldToNew: [Int?]
    var newToOld: [Int?]

    struct Unit {
        /// Equal identities mean the same content. Kept apart from the kind so that building it never copies text.
        var identity: String
        /// Only units of the same kind are paired by similarity or position; identities only match within a kind.
        var kind: Int
    }

    private struct Key: Hashable {
        var kind: Int
        var identity: String
    }

    init(old: [Unit], new: [Unit], threshold: Double,
         oldWords: (Int) -> WordSet, newWords: (Int) -> WordSet) {
        oldToNew = Array(repeating: nil, count: old.count)
        newToOld = Array(repeating: nil, count: new.count)

        // 1. Identity, in order: the n-th copy of a text pairs with the n-th copy.
        for (i, j) in Self.identical(old, new) { link(i, j) }

        // 2. Similarity among the leftovers of the same kind, best pairs first.
        let oldLeft = old.indices.filter { oldToNew[$0] == nil }
        let newLeft = new.indices.filter { newToOld[$0] == nil }
        if oldLeft.count == 1, newLeft.count == 1, old[oldLeft[0]].kind == new[newLeft[0]].kind,
           gapAnchor(old: oldLeft[0]) == gapAnchor(new: newLeft[0]) {
            // One unit edited in place (the usual edit): similarity would pair the two, and if it did not, position
            // (step 3) would, as they share a gap. Either way they pair, so their words are never collected.
            link(oldLeft[0], newLeft[0])
            return
        }
        if !oldLeft.isEmpty && !newLeft.isEmpty {
            var oldCache: [Int: WordSet] = [:]
            var candidates: [(score: Double, old: Int, new: Int)] = []
            var budget = Budget.pairWork
            outer: for j in newLeft {
                let newSet = newWords(j)
                if newSet.isEmpty { continue }
                for i in oldLeft where old[i].kind == new[j].kind {
                    if budget <= 0 { break outer }
                    let oldSet: WordSet
                    if let cached = oldCache[i] { oldSet = cached } else { oldSet = oldWords(i); oldCache[i] = oldSet }
                    budget -= 1 + min(oldSet.count, newSet.count)
                    if oldSet.isEmpty { continue }
                    let score = TextMetrics.dice(oldSet, newSet)
                    if score >= threshold { candidates.append((score, i, j)) }
                }
            }
            candidates.sort { ($0.score, -$0.new, -$0.old) > ($1.score, -$1.new, -$1.old) }
            for candidate in candidates where oldToNew[candidate.old] == nil && newToOld[candidate.new] == nil {
                link(candidate.old, candidate.new)
            }
        }

        // 3. Position: one old and one new unit of a kind left in the same gap between paired units
        // are one unit edited in place, however much its words changed.
        var gapsOld: [GapKey: [Int]] = [:]
        var gapsNew: [GapKey: [Int]] = [:]
        var anchor = -1
        for i in old.indices {
            if let j = oldToNew[i] { anchor = j; continue }
            gapsOld[GapKey(anchor: anchor, kind: old[i].kind), default: []].append(i)
        }
        anchor = -1
        for j in new.indices {
            if newToOld[j] != nil { anchor = j; continue }
            gapsNew[GapKey(anchor: anchor, kind: new[j].kind), default: []].append(j)
        }
        for (key, olds) in gapsOld where olds.count == 1 {
            if let news = gapsNew[key], news.count == 1 { link(olds[0], news[0]) }
        }
    }

    /// The new index of the nearest paired old unit before `i` (-1: none), as step 3 computes it.
    private func gapAnchor(old i: Int) -> Int {
        var k = i - 1
        while k >= 0 {
            if let j = oldToNew[k] { return j }
            k -= 1
        }
        return -1
    }

    /// The nearest paired new unit before `j` (-1: none), as step 3 computes it.
    private func gapAnchor(new j: Int) -> Int {
        var k = j - 1
        while k >= 0 {
            if newToOld[k] != nil { return k }
            k -= 1
        }
        return -1
    }

    private struct GapKey: Hashable {
        var anchor: Int
        var kind: Int
    }

    /// Units with the same identity and kind, the n-th copy of a text with the n-th copy, as (old, new) index pairs.
    ///
    /// Over a common start the n-th copy on one side is the n-th on the other, so those units pair by place, their
    /// identities compared but not hashed (an identity is a whole block's text: hashing them all was a twentieth of
    /// all comparing).
    static func identical(_ old: [Unit], _ new: [Unit]) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        var start = 0
        while start < old.count, start < new.count, old[start].kind == new[start].kind,
              old[start].identity == new[start].identity {
            pairs.append((start, start))
            start += 1
        }
        // Over a common end likewise, provided no unit of it has a copy in between on either side: then each of
        // its texts has as many copies before it on both sides. Checked unit against unit, so only for a short middle.
        var oldEnd = old.count, newEnd = new.count
        while oldEnd > start, newEnd > start, old[oldEnd - 1].kind == new[newEnd - 1].kind,
              old[oldEnd - 1].identity == new[newEnd - 1].identity {
            oldEnd -= 1
            newEnd -= 1
        }
        func inMiddle(_ unit: Unit) -> Bool {
            old[start..<oldEnd].contains { $0.kind == unit.kind && $0.identity == unit.identity }
                || new[start..<newEnd].contains { $0.kind == unit.kind && $0.identity == unit.identity }
        }
        if oldEnd < old.count, (oldEnd - start) + (newEnd - start) <= 8, !old[oldEnd...].contains(where: inMiddle) {
            for (i, j) in zip(oldEnd..<old.count, newEnd..<new.count) { pairs.append((i, j)) }
        } else {
            oldEnd = old.count
            newEnd = new.count
        }
        var queues: [Key: (indices: [Int], next: Int)] = [:]
        queues.reserveCapacity(oldEnd - start)
        for i in start..<oldEnd { queues[Key(kind: old[i].kind, identity: old[i].identity), default: ([], 0)].indices.append(i) }
        for (j, unit) in new[..<newEnd].enumerated().dropFirst(start) {
            guard let slot = queues.index(forKey: Key(kind: unit.kind, identity: unit.identity)) else { continue }
            let next = queues.values[slot].next
            if next < queues.values[slot].indices.count {
                pairs.append((queues.values[slot].indices[next], j))
                queues.values[slot].next = next + 1
            }
        }
        return pairs
    }

    private mutating func link(_ i: Int, _ j: Int) {
        oldToNew[i] = j
        newToOld[j] = i
    }

    /// Old indices that are paired, in new order, and the same in old order: the input of move detection.
    var movedOld: Set<Int> {
        let oldOrder = oldToNew.indices.filter { oldToNew[$0] != nil }
        let newOrder = newToOld.compactMap { $0 }
        return Moves.moved(old: oldOrder, new: newOrder)
    }

    /// For each unpaired old unit, the new index after which its removal is reported (-1: before everything).
    var removalAnchors: [Int: Int] {
        var anchors: [Int: Int] = [:]
        var anchor = -1
        for i in oldToNew.indices {
            if let j = oldToNew[i] { anchor = j } else { anchors[i] = anchor }
        }
        return anchors
    }
}
