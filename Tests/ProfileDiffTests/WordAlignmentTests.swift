import Testing
@testable import ProfileDiff

/// `WordAlignment` must find the very script `difference(from:)` finds, not merely one as short: the words a summary
/// quotes depend on it.
@Suite struct WordAlignmentTests {
    static func standard(_ old: [UInt64], _ new: [UInt64]) -> (removed: [Bool], inserted: [Bool]) {
        var removed = Array(repeating: false, count: old.count)
        var inserted = Array(repeating: false, count: new.count)
        for change in new.difference(from: old) {
            switch change {
            case .remove(let offset, _, _): removed[offset] = true
            case .insert(let offset, _, _): inserted[offset] = true
            }
        }
        return (removed, inserted)
    }

    @Test(arguments: [2, 3, 5, 40])
    func findsTheStandardLibrarysScript(alphabet: Int) {
        var state = UInt64(alphabet) &* 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<3_000 {
            let old = (0..<next(round < 1_500 ? 12 : 70)).map { _ in UInt64(next(alphabet)) }
            var new = old
            // Edits of an existing text as often as unrelated texts: both shapes occur in rewrites.
            if round.isMultiple(of: 2) {
                new = (0..<next(70)).map { _ in UInt64(next(alphabet)) }
            } else {
                for _ in 0..<(1 + next(6)) {
                    switch next(3) {
                    case 0 where !new.isEmpty: new.remove(at: next(new.count))
                    case 1: new.insert(UInt64(next(alphabet)), at: next(new.count + 1))
                    default: if !new.isEmpty { new[next(new.count)] = UInt64(next(alphabet)) }
                    }
                }
            }
            let ours = WordAlignment(old: old, new: new)
            let expected = Self.standard(old, new)
            #expect(ours.removed == expected.removed && ours.inserted == expected.inserted, "\(old) → \(new)")
        }
    }

    @Test func edgeCases() {
        for (old, new) in [([], []), ([1], []), ([], [1]), ([1, 2], [2, 1]), ([1, 1, 1], [1]), ([1, 2, 3], [4, 5, 6]),
                           ([1, 2, 1, 2], [2, 1, 2, 1]), ([7], [7])] as [([UInt64], [UInt64])] {
            let ours = WordAlignment(old: old, new: new)
            let expected = Self.standard(old, new)
            #expect(ours.removed == expected.removed && ours.inserted == expected.inserted, "\(old) → \(new)")
        }
    }
}
