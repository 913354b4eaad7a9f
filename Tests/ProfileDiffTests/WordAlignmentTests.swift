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

/// Sentence summaries count sentences through hashes and `WordAlignment`; held to the plain definition: sentences
/// split after `.`, `!` or `?` and a space, counted by `difference(from:)` over the texts themselves.
@Suite struct SentenceSummaryTests {
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x20 && (previous == UInt8(ascii: ".") || previous == UInt8(ascii: "!") || previous == UInt8(ascii: "?")) {
                result.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(byte)
            }
            previous = byte
        }
        if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
        return result
    }

    static func summary(_ old: String, _ new: String) -> String {
        var removed = 0, inserted = 0
        for change in sentences(new).difference(from: sentences(old)) {
            if case .remove = change { removed += 1 } else { inserted += 1 }
        }
        let changed = min(removed, inserted)
        var parts: [String] = []
        if changed > 0 { parts.append(TextMetrics.count(changed, "sentence") + " changed") }
        if inserted > changed { parts.append(TextMetrics.count(inserted - changed, "sentence") + " added") }
        if removed > changed { parts.append(TextMetrics.count(removed - changed, "sentence") + " removed") }
        return parts.isEmpty ? "text changed" : parts.joined(separator: ", ")
    }

    @Test func countsMatchADifferenceOverTheSentences() {
        let pieces = ["One.", "Two!", "Three?", "é four.", "five", ". ", "  ", "!", "six. seven", "a?b", " "]
        var state: UInt64 = 3
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<4_000 {
            let old = (0..<next(10)).map { _ in pieces[next(pieces.count)] }.joined(separator: next(2) == 0 ? " " : "")
            var newPieces = old.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<next(4) {
                if next(2) == 0, !newPieces.isEmpty { newPieces.remove(at: next(newPieces.count)) } else {
                    newPieces.insert(pieces[next(pieces.count)], at: next(newPieces.count + 1))
                }
            }
            let new = newPieces.joined(separator: " ")
            #expect(TextMetrics.sentenceHashes(old) == Self.sentences(old).map { TextMetrics.exactHash(Substring($0)) }, "\(old)")
            #expect(TextMetrics.sentenceSummary(old: old, new: new) == Self.summary(old, new), "\(old) → \(new)")
        }
    }
}
