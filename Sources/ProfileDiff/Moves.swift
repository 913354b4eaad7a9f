/// Finds which of a set of matched elements changed place.
///
/// Only a minimal set is reported: inserting a section before another does not make the other "moved",
/// and swapping two neighbours moves one of them, not both.
enum Moves {
    /// `old` and `new` hold the same identities (each once) in old and new order; returns the identities that moved.
    static func moved(old: [Int], new: [Int]) -> Set<Int> {
        if old.count <= 1 { return [] }
        if old.count + new.count <= Budget.collectionDifferenceElements {
            return viaCollectionDifference(old: old, new: new)
        }
        return viaLongestIncreasingSubsequence(old: old, new: new)
    }

    /// The difference is taken from the new order back to the old one: where several minimal answers exist
    /// (two neighbours swapped), Myers' search then names the element that moved up, which is what people do
    /// ("move LLM Agents to the top"), rather than the one that was pushed down by it.
    ///
    /// Elements in the common prefix and suffix of the two orders never appear in the difference (the search
    /// trims them first), so only the middle is diffed: usually nothing moved and there is no middle at all.
    static func viaCollectionDifference(old: [Int], new: [Int]) -> Set<Int> {
        // The difference goes from `new` to `old`, so `new` is the base side here.
        let middle = TextMetrics.CommonEnds(new, old)
        if middle.prefix == middle.oldEnd && middle.prefix == middle.newEnd { return [] }
        var moved = Set<Int>()
        let from = new[middle.prefix..<middle.oldEnd], to = old[middle.prefix..<middle.newEnd]
        for change in to.difference(from: from).inferringMoves() {
            if case .remove(_, let element, let associated) = change, associated != nil { moved.insert(element) }
        }
        return moved
    }

    /// Patience-style LIS over old positions taken in new order: what stays in the subsequence kept its
    /// relative order; everything else moved. O(n log n) in time, O(n) in memory. Ties keep the later
    /// element, so as above an element that moved up is the one reported.
    static func viaLongestIncreasingSubsequence(old: [Int], new: [Int]) -> Set<Int> {
        var oldPosition: [Int: Int] = [:]
        oldPosition.reserveCapacity(old.count)
        for (index, element) in old.enumerated() { oldPosition[element] = index }
        let positions = new.compactMap { oldPosition[$0] }
        guard positions.count == new.count else { return [] }
        var tails: [Int] = []          // index into `positions` of the smallest tail of each length
        var predecessor = [Int](repeating: -1, count: positions.count)
        for (i, value) in positions.enumerated() {
            var low = 0, high = tails.count
            while low < high {
                let mid = (low + high) / 2
                if positions[tails[mid]] < value { low = mid + 1 } else { high = mid }
            }
            if low > 0 { predecessor[i] = tails[low - 1] }
            if low == tails.count { tails.append(i) } else { tails[low] = i }
        }
        var kept = Set<Int>()
        var cursor = tails.last ?? -1
        while cursor >= 0 {
            kept.insert(new[cursor])
            cursor = predecessor[cursor]
        }
        return Set(new.filter { !kept.contains($0) })
    }
}
