import Testing
import ProfileDocument
@testable import ProfileDiff

/// Each threshold is tried exactly at its value and just past it, with word sets sized to hit it exactly.
@Suite struct ThresholdTests {
    func words(_ prefix: String, _ range: ClosedRange<Int>) -> [String] { range.map { "\(prefix)\($0)" } }
    let keep = section("Keep", [paragraph("unrelated words stay here")])

    @Test func renameThresholdIsInclusive() {
        #expect(DiffOptions.defaultRenameThreshold == 0.5)
        // 4 shared of 8 distinct: Jaccard 0.5, a rename.
        let old = section("Alpha", [paragraph((words("a", 1...6)).joined(separator: " "))])
        let at = section("Beta", [paragraph((words("a", 1...4) + words("b", 1...2)).joined(separator: " "))])
        #expect(DocumentDiff.compare(document([old, keep]), document([at, keep])).first?.kind == .sectionRenamed)
        // 3 shared of 9: below, a removal and an addition.
        let below = section("Beta", [paragraph((words("a", 1...3) + words("b", 1...3)).joined(separator: " "))])
        #expect(Set(DocumentDiff.compare(document([old, keep]), document([below, keep])).map(\.kind)) == [.sectionRemoved, .sectionAdded])
    }

    @Test func rewriteThresholdIsStrict() {
        let old = section("Skills", [list(["a1 a2", "a3 a4", "a5 a6"])])
        // 3 shared of 9 distinct: exactly 1/3, still edited item by item.
        let at = section("Skills", [list(["a1 a2", "a3 b1", "b2 b3"])])
        let edited = DocumentDiff.compare(document([old]), document([at]))
        #expect(!edited.contains { $0.kind == .sectionRewritten })
        #expect(!edited.isEmpty)
        // 2 shared of 10: rewritten.
        let below = section("Skills", [list(["a1 a2", "b1 b2", "b3 b4"])])
        #expect(seen(DocumentDiff.compare(document([old]), document([below]))) == [Seen(.sectionRewritten, "Skills", .major)])
    }

    @Test func cuttingMostOfASectionIsNotARewrite() {
        let old = section("Skills", [list(["Swift concurrency", "Rust async runtimes", "Python data tooling", "Go services"]),
                                     paragraph("Also some C and a little Haskell from university courses long ago.")])
        let new = section("Skills", [list(["Swift concurrency"])])
        let changes = DocumentDiff.compare(document([old]), document([new]))
        #expect(!changes.contains { $0.kind == .sectionRewritten })
        #expect(Set(changes.map(\.kind)) == [.listItemRemoved, .paragraphRemoved])
    }

    @Test func cutOverlapIsInclusive() {
        #expect(DiffOptions.cutOverlap == 0.5)
        let old = section("Skills", [list(["a1 a2", "a3 a4", "a5 a6"])])
        let extra = words("b", 1...17).joined(separator: " ")
        // 3 of the old 6 words kept (overlap 0.5) amid 17 new ones (Jaccard 3/23): extended, not replaced.
        let at = section("Skills", [list(["a1 a2", "a3 " + extra])])
        #expect(!DocumentDiff.compare(document([old]), document([at])).contains { $0.kind == .sectionRewritten })
        // 2 of 6 kept: replaced.
        let below = section("Skills", [list(["a1 a2", "b0 " + extra])])
        #expect(seen(DocumentDiff.compare(document([old]), document([below]))) == [Seen(.sectionRewritten, "Skills", .major)])
    }

    @Test func twoUnitsAreEnoughToBeRewritten() {
        #expect(DiffOptions.defaultMinimumUnitsForRewrite == 2)
        let changes = DocumentDiff.compare(document([section("Bio", [paragraph("Engineer in Seattle."), paragraph("Likes hiking.")])]),
                                           document([section("Bio", [paragraph("Founder of a robotics startup."), paragraph("Plays chess.")])]))
        #expect(seen(changes) == [Seen(.sectionRewritten, "Bio", .major)])
    }

    @Test func tooSmallASectionIsNeverRewritten() {
        let changes = DocumentDiff.compare(document([section("Bio", [paragraph("Engineer in Seattle.")])]),
                                           document([section("Bio", [paragraph("Founder of a robotics startup.")])]))
        #expect(seen(changes) == [Seen(.paragraphEdited, "Bio", .minor)])
    }

    @Test func titleSimilarityThresholdIsInclusive() {
        #expect(DiffOptions.defaultTitleSimilarityThreshold == 0.5)
        let old = section("Focus", [list(["a1", "a2", "a3"])])
        // {focus} vs {focus, now}: 0.5, rewritten under the new title.
        let at = DocumentDiff.compare(document([old]), document([section("Focus Now", [list(["b1", "b2"])])]))
        #expect(seen(at) == [Seen(.sectionRewritten, "Focus Now", .major)])
        #expect(at.first?.summary == "\"Focus\" rewritten as \"Focus Now\" (3 items → 2 items)")
        // {focus} vs {focus, now, then}: 1/3, unrelated.
        let below = DocumentDiff.compare(document([old]), document([section("Focus Now Then", [list(["b1", "b2"])])]))
        #expect(Set(below.map(\.kind)) == [.sectionAdded, .sectionRemoved])
    }

    @Test func editThresholdIsInclusive() {
        #expect(DiffOptions.defaultEditThreshold == 0.5)
        let a = paragraph("anchor one"), b = paragraph("anchor two")
        // The edited paragraph also moved past b, so only similarity can pair it.
        let at = DocumentDiff.compare(document([section("S", [a, paragraph("w1 w2 w3 w4"), b])]),
                                      document([section("S", [a, b, paragraph("w1 w2 x1 x2")])]))
        #expect(Set(at.map(\.kind)) == [.blockMoved, .paragraphEdited])
        let below = DocumentDiff.compare(document([section("S", [a, paragraph("w1 w2 w3 w4"), b])]),
                                         document([section("S", [a, b, paragraph("w1 x1 x2 x3")])]))
        #expect(Set(below.map(\.kind)) == [.paragraphRemoved, .paragraphAdded])
    }

    @Test func thresholdsComeFromOptions() {
        let old = section("Alpha", [paragraph((words("a", 1...6)).joined(separator: " "))])
        let new = section("Beta", [paragraph((words("a", 1...4) + words("b", 1...2)).joined(separator: " "))])
        let strict = DiffOptions(renameThreshold: 0.9)
        #expect(Set(DocumentDiff.compare(document([old, keep]), document([new, keep]), options: strict).map(\.kind)) == [.sectionRemoved, .sectionAdded])
    }
}

@Suite struct TypoTests {
    @Test(arguments: [("form", "from", true), ("recieve", "receive", true), ("Data", "data", true), ("teh", "the", true),
                      ("140", "150", false), ("cat", "dog", false), ("is", "at", false), ("growth", "revenue", false)])
    func typoRule(old: Substring, new: Substring, typo: Bool) {
        #expect(TextMetrics.isTypo([old], [new]) == typo)
    }
}

@Suite struct MoveTests {
    @Test func bothMoveFindersReturnMinimalMoveSetsOfTheSameSize() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for size in [2, 5, 20, 200] {
            let old = Array(0..<size)
            var new = old
            for _ in 0..<(size / 4 + 1) { new.swapAt(next() % size, next() % size) }
            let viaDifference = Moves.viaCollectionDifference(old: old, new: new)
            let viaLIS = Moves.viaLongestIncreasingSubsequence(old: old, new: new)
            #expect(viaDifference.count == viaLIS.count)
            let kept = new.filter { !viaLIS.contains($0) }
            #expect(kept == kept.sorted())
        }
        #expect(Moves.moved(old: [1, 2, 3], new: [1, 2, 3]).isEmpty)
        #expect(Moves.moved(old: [1, 2, 3], new: [3, 1, 2]) == [3])
    }

    @Test func swappedNeighboursReportTheOneThatMovedUp() {
        #expect(Moves.viaCollectionDifference(old: [1, 2, 3, 4], new: [2, 1, 3, 4]) == [2])
        #expect(Moves.viaLongestIncreasingSubsequence(old: [1, 2, 3, 4], new: [2, 1, 3, 4]) == [2])
        #expect(Moves.viaCollectionDifference(old: [1, 2, 3, 4], new: [1, 2, 4, 3]) == [4])
        #expect(Moves.viaLongestIncreasingSubsequence(old: [1, 2, 3, 4], new: [1, 2, 4, 3]) == [4])
    }
}
