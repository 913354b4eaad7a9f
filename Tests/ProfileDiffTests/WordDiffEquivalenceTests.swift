import Testing
import ProfileDocument
@testable import ProfileDiff

/// The shortcuts around `CollectionDifference` (trimmed ends, skipped alignments) must give what a difference over
/// the whole gives: every summary is checked byte for byte against recorded output, so a different alignment in an
/// ambiguous case would be a visible change. These compare each shortcut with the plain formulation on many random
/// inputs drawn from small alphabets, where ambiguous alignments (repeated words) are the rule.
@Suite struct WordDiffEquivalenceTests {
    /// A fixed linear congruential generator: the same cases on every run.
    private struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
    }

    /// The hunks as they were computed before the shortcuts: one difference over the whole, grouped through sets.
    private static func referenceHunks(_ old: [Int], _ new: [Int]) -> [[Int]] {
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in new.difference(from: old) {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var result: [[Int]] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if (i < old.count && removed.contains(i)) || (j < new.count && inserted.contains(j)) {
                let i0 = i, j0 = j
                while i < old.count && removed.contains(i) { i += 1 }
                while j < new.count && inserted.contains(j) { j += 1 }
                result.append([i0, i, j0, j])
            } else {
                i += 1
                j += 1
            }
        }
        return result
    }

    /// A random sequence and an edited copy of it: insertions, deletions and replacements at random places.
    private static func pair(_ random: inout Random, alphabet: Int, length: Int) -> ([Int], [Int]) {
        let old = (0..<random.next(length + 1)).map { _ in random.next(alphabet) }
        var new = old
        for _ in 0..<random.next(6) {
            switch random.next(3) {
            case 0: new.insert(random.next(alphabet), at: random.next(new.count + 1))
            case 1 where !new.isEmpty: new.remove(at: random.next(new.count))
            default: if !new.isEmpty { new[random.next(new.count)] = random.next(alphabet) }
            }
        }
        return (old, new)
    }

    @Test func trimmedHunksMatchADifferenceOverTheWhole() {
        var random = Random(state: 0x5EED_0001)
        for round in 0..<4_000 {
            let alphabet = [2, 3, 5, 40][round % 4]
            let (old, new) = round % 5 == 0
                ? ((0..<random.next(24)).map { _ in random.next(alphabet) }, (0..<random.next(24)).map { _ in random.next(alphabet) })
                : Self.pair(&random, alphabet: alphabet, length: 30)
            let hunks = TextMetrics.hunks(old.map(UInt64.init), new.map(UInt64.init)).map { [$0.removed.lowerBound, $0.removed.upperBound, $0.inserted.lowerBound, $0.inserted.upperBound] }
            #expect(hunks == Self.referenceHunks(old, new), "old \(old) new \(new)")
        }
    }

    @Test func trimmedMoveSearchMatchesADifferenceOverTheWhole() {
        var random = Random(state: 0x5EED_0002)
        for round in 0..<2_000 {
            let size = 2 + round % 30
            let old = Array(0..<size)
            var new = old
            for _ in 0..<random.next(4) {
                let element = new.remove(at: random.next(size))
                new.insert(element, at: random.next(size))
            }
            var reference = Set<Int>()
            for change in old.difference(from: new).inferringMoves() {
                if case .remove(_, let element, let associated) = change, associated != nil { reference.insert(element) }
            }
            #expect(Moves.viaCollectionDifference(old: old, new: new) == reference, "old \(old) new \(new)")
        }
    }

    /// Whatever links were reported, an edit's description and flags are those of the full, aligned description,
    /// and the changed words a link check reads are there.
    @Test func describingWithoutTheChangedWordsChangesNothingElse() {
        let vocabulary = ["the", "The", "data", "Data", "model", "models", "training", "trainig", "42", "43", "a", "of",
                          "pipeline.", "pipeline", "evaluation,", "evaluation", "—", "I'm", "Im", "safety", "Safety."]
        var random = Random(state: 0x5EED_0003)
        var unaligned = 0
        for round in 0..<4_000 {
            let (oldIndices, newIndices) = Self.pair(&random, alphabet: vocabulary.count, length: [12, 40][round % 2])
            var (old, new) = (oldIndices.map { vocabulary[$0] }, newIndices.map { vocabulary[$0] })
            if round % 3 == 0 {   // a wide rewrite: one side mostly replaced, as "Rewrite a paragraph" does
                let cut = random.next(new.count + 1)
                new.replaceSubrange(cut..., with: (0..<random.next(20)).map { _ in vocabulary[random.next(vocabulary.count)] })
                if round % 2 == 0 { old.append(contentsOf: ["sentence.", "ends", "here."]) }
            }
            let a = old.joined(separator: " "), b = new.joined(separator: " ")
            for quoteWhole in [false, true] {
                let full = TextMetrics.describeEdit(old: a, new: b, quoteWhole: quoteWhole)
                for (added, removed) in [(false, false), (true, false), (false, true)] {
                    let short = TextMetrics.describeEdit(old: a, new: b, quoteWhole: quoteWhole, linkAdded: added, linkRemoved: removed)
                    #expect(short.nature == full.nature && short.description == full.description, "\(a) → \(b)")
                    #expect(short.isInsertionOnly == full.isInsertionOnly && short.isDeletionOnly == full.isDeletionOnly, "\(a) → \(b)")
                    // The words a link check would read (see `BlockDiff.explainedByLinks`) are always there.
                    if full.isInsertionOnly && added { #expect(short.insertedText == full.insertedText, "\(a) → \(b)") }
                    if full.isDeletionOnly && removed { #expect(short.removedText == full.removedText, "\(a) → \(b)") }
                    if short.insertedText != full.insertedText || short.removedText != full.removedText { unaligned += 1 }
                }
            }
        }
        #expect(unaligned > 500, "the shortcut must actually be exercised")
    }

    /// Equally long middles: a shortcut only when some word against the word at its place is no typo.
    @Test func equalLengthRewritesKeepTheirTyposAndQuotes() {
        let cases = [
            ("the data model of data here", "the Data model of Data here"),          // typos on both sides of a kept word
            ("a trainig of models and trainig", "a training of models and training"),
            ("one two three four five six seven eight nine ten", "one tow three four five six seven eight nine tne"),
            ("alpha beta gamma delta", "omega beta kappa delta"),                    // kept word between two replacements
            ("alpha beta gamma", "delta epsilon zeta"),                              // nothing kept: one quoted hunk
            ("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10", "v1 v2 v3 v4 v5 v6 v7 v8 v9 v10"),    // nothing kept, too long to quote
            ("x a b c d e f g h i y", "z a b c d e f g h i q"),
        ]
        for (a, b) in cases {
            for quoteWhole in [false, true] {
                let full = TextMetrics.describeEdit(old: a, new: b, quoteWhole: quoteWhole)
                let short = TextMetrics.describeEdit(old: a, new: b, quoteWhole: quoteWhole, linkAdded: false, linkRemoved: false)
                #expect(short.nature == full.nature && short.description == full.description, "\(a) → \(b): \(short.description) / \(full.description)")
            }
        }
    }
}

/// The byte-level word scanners must split and fold exactly as the `String`-level code they replaced.
@Suite struct WordScanEquivalenceTests {
    private static let pieces = ["a", "B", "word", "Data", "I'm", "'", "’", "-", "--", "—", "–", " ", "  ", "\t", "\n", "\u{A0}",
                                 "é", "Ünïcode", "日本", "🙂", ".", ",", "(x)", "9", "\"", "“q”", "'tis", "-x-"]

    private static func texts() -> [String] {
        var state: UInt64 = 0x5EED_0004
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        var result = ["", " ", "'", "-- --", "  leading and trailing  ", "Data transfer", "I’m — here"]
        for _ in 0..<3_000 { result.append((0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined()) }
        return result
    }

    /// `normalizedTitle` as it was: through `ComparisonKey.normalize` whatever the text.
    private static func referenceTitle(_ title: String) -> String {
        var bytes: [UInt8] = []
        var pendingSpace = false
        for byte in ComparisonKey.normalize(title).utf8 {
            if byte == UInt8(ascii: "'") { continue }
            let isWordByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            if isWordByte {
                if pendingSpace { bytes.append(0x20); pendingSpace = false }
                bytes.append((byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte)
            } else if !bytes.isEmpty {
                pendingSpace = true
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `forEachWord` by its definition: runs of ASCII letters and digits and non-ASCII bytes, apostrophes dropped
    /// inside and between them, hashed byte by byte (ASCII letters folded when asked), at most `limit` of them.
    private static func referenceWords(_ text: String, limit: Int, folding: Bool) -> [UInt64] {
        var result: [UInt64] = []
        var word: [UInt8] = []
        func flush() {
            if !word.isEmpty, result.count < limit {
                result.append(word.reduce(TextMetrics.fnvOffset) { ($0 ^ UInt64($1)) &* TextMetrics.fnvPrime })
            }
            word = []
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: "'") { continue }
            if byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) {
                word.append(folding && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    @Test func wordHashesMatchTheirDefinition() {
        for text in Self.texts() {
            for (limit, folding) in [(Budget.similarityWords, true), (3, true), (Int.max, false)] {
                var words: [UInt64] = []
                TextMetrics.forEachWord(in: text, limit: limit, foldingCase: folding) { words.append($0) }
                #expect(words == Self.referenceWords(text, limit: limit, folding: folding), "\(text.debugDescription)")
            }
        }
    }

    @Test func normalizedTitleMatchesTheNormalizingForm() {
        for text in Self.texts() {
            #expect(TextMetrics.normalizedTitle(text) == Self.referenceTitle(text), "\(text.debugDescription)")
        }
    }

    /// `snippet` as it was, trimming trailing spaces scalar by scalar.
    private static func referenceSnippet(_ text: String, limit: Int) -> String {
        let key = ComparisonKey.normalize(text)
        if key.utf8.count <= limit { return key }
        var end = key.utf8.startIndex
        var lastSpace: String.Index?
        var taken = 0
        for index in key.utf8.indices {
            if taken >= limit { break }
            if key.utf8[index] == 0x20 { lastSpace = index }
            taken += 1
            end = index
        }
        var scalars = String(key[..<(lastSpace ?? end)]).unicodeScalars[...]
        while let last = scalars.last, last == " " { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars)) + "…"
    }

    @Test func snippetMatchesTheScalarTrimmingForm() {
        for text in Self.texts() {
            for limit in [1, 5, 12, 30] {
                #expect(TextMetrics.snippet(text, limit: limit) == Self.referenceSnippet(text, limit: limit), "\(text.debugDescription)")
            }
        }
    }

    @Test func wordsMatchASplitOnSpaces() {
        for text in Self.texts() {
            let reference = text.utf8.split(separator: 0x20).map { Substring($0) }
            let words = TextMetrics.words(text)
            #expect(words[0..<words.count] == reference[...], "\(text.debugDescription)")
            #expect(words.hashes == reference.map(TextMetrics.exactHash), "\(text.debugDescription)")
            // Any run of words, joined, as `joined(separator:)` joins them.
            for start in 0..<reference.count {
                for end in [start, start + 1, min(start + 3, reference.count), reference.count] {
                    #expect(words.joined(start..<end) == reference[start..<end].joined(separator: " "), "\(text.debugDescription) \(start)..<\(end)")
                }
            }
        }
    }

    /// The check as it was: every word of the whole text, punctuation dropped, case kept.
    private static func wordsWithoutPunctuation(_ text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        TextMetrics.forEachWord(in: text, limit: Int.max, foldingCase: false) { hashes.append($0) }
        return hashes
    }

    /// Texts built from pieces where word boundaries are ambiguous: punctuation, apostrophes, several spaces, a
    /// non-ASCII letter, words that are prefixes of one another. Edits change, add or drop pieces anywhere.
    @Test func punctuationCheckOnTheMiddleMatchesTheWholeTexts() {
        let pieces = ["a", "ab", "b", "I'm", "Im", " ", "  ", ",", ".", "-", "é", "’", "x1", "'", "(", ")", "ab,", " a"]
        var state: UInt64 = 0x5EED_0007
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        var same = 0
        for _ in 0..<20_000 {
            let old = (0..<next(12)).map { _ in pieces[next(pieces.count)] }
            var new = old
            for _ in 0..<next(4) {
                switch next(3) {
                case 0: new.insert(pieces[next(pieces.count)], at: next(new.count + 1))
                case 1 where !new.isEmpty: new.remove(at: next(new.count))
                default: if !new.isEmpty { new[next(new.count)] = pieces[next(pieces.count)] }
                }
            }
            let a = old.joined(), b = new.joined()
            let expected = Self.wordsWithoutPunctuation(a) == Self.wordsWithoutPunctuation(b)
            if expected { same += 1 }
            #expect(TextMetrics.sameWordsBesidesPunctuation(a, b) == expected, "\(a) | \(b)")
        }
        // Both answers are common, so both sides of the check are exercised.
        #expect(same > 2_000 && same < 18_000)
    }
}

/// `WordSet` must measure what `Set<UInt64>` measured: sizes and shared counts decide renames, rewrites and pairings.
@Suite struct WordSetTests {
    @Test func sizesAndSharedCountsMatchASet() {
        var state: UInt64 = 0x5EED_0005
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        for round in 0..<2_000 {
            let range = [3, 20, 400][round % 3]
            // Up to 300 words: past 64, repeats are dropped before sorting.
            let a = (0..<next(300)).map { _ in UInt64(next(range)) }, b = (0..<next(300)).map { _ in UInt64(next(range)) }
            var x = WordSet.Builder(), y = WordSet.Builder()
            x.add(a.map { "w\($0)" }.joined(separator: " "))
            y.add(b.map { "w\($0)" }.joined(separator: " "))
            let (p, q) = (x.build(), y.build())
            let (s, t) = (Set(a), Set(b))
            #expect(p.count == s.count && q.count == t.count)
            #expect(p.sharedCount(q) == s.intersection(t).count)
            #expect(p.isSubset(of: q) == s.isSubset(of: t))
        }
        // The repeat filter on raw hashes: 0 (its empty-slot mark), and values that share their low bits.
        for round in 0..<500 {
            let values = (0..<next(400)).map { _ -> UInt64 in
                switch next(4) {
                case 0: return 0
                case 1: return UInt64(next(8)) << 40
                default: return UInt64(next(round % 2 == 0 ? 50 : 100_000))
                }
            }
            var seen = Set<UInt64>()
            #expect(WordSet.Builder.distinct(values) == values.filter { seen.insert($0).inserted })
        }
        let literal: WordSet = [3, 1, 3, 2]
        #expect(literal.count == 3)
        #expect(TextMetrics.jaccard([], []) == 1)
    }
}

/// One unit edited in place pairs without its words being collected; anything else still measures similarity.
@Suite struct PairingShortcutTests {
    private static func units(_ identities: [String]) -> [Pairing.Unit] { identities.map { Pairing.Unit(identity: $0, kind: 0) } }

    /// Identity pairing takes a common start and end by place; held to its definition (the n-th copy of a text with
    /// the n-th copy) on random containers with repeated texts, where an end taken by place would be wrong.
    @Test func identityPairingMatchesItsDefinition() {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func reference(_ old: [Pairing.Unit], _ new: [Pairing.Unit]) -> [[Int]] {
            var used = Set<Int>()
            var pairs: [[Int]] = []
            for (j, unit) in new.enumerated() {
                if let i = old.indices.first(where: { !used.contains($0) && old[$0].kind == unit.kind && old[$0].identity == unit.identity }) {
                    used.insert(i)
                    pairs.append([i, j])
                }
            }
            return pairs.sorted { $0.lexicographicallyPrecedes($1) }
        }
        var shortcutsTaken = 0
        for _ in 0..<5_000 {
            let texts = ["a", "b", "c", "d"]
            let old = (0..<next(9)).map { _ in Pairing.Unit(identity: texts[next(4)], kind: next(2)) }
            var new = old
            for _ in 0..<next(4) {
                switch next(3) {
                case 0 where !new.isEmpty: new.remove(at: next(new.count))
                case 1: new.insert(Pairing.Unit(identity: texts[next(4)], kind: next(2)), at: next(new.count + 1))
                default: if !new.isEmpty { new[next(new.count)].identity = texts[next(4)] }
                }
            }
            let pairs = Pairing.identical(old, new).map { [$0.0, $0.1] }.sorted { $0.lexicographicallyPrecedes($1) }
            #expect(pairs == reference(old, new), "\(old.map(\.identity)) \(new.map(\.identity))")
            if let last = old.indices.last, last != new.count - 1, pairs.contains([last, new.count - 1]) { shortcutsTaken += 1 }
        }
        #expect(shortcutsTaken > 100)
    }

    @Test func oneUnitEditedInPlacePairsWithoutWords() {
        var asked = 0
        let pairing = Pairing(old: Self.units(["a", "b", "c"]), new: Self.units(["a", "x", "c"]), threshold: 0.5,
                              oldWords: { _ in asked += 1; return [] }, newWords: { _ in asked += 1; return [] })
        #expect(pairing.newToOld == [0, 1, 2])
        #expect(asked == 0)
    }

    @Test func oneUnitInAnotherGapStillComparesWords() {
        var asked = 0
        // "b" left its gap: similarity decides, and with nothing in common they stay apart.
        let pairing = Pairing(old: Self.units(["b", "a", "c"]), new: Self.units(["a", "c", "x"]), threshold: 0.5,
                              oldWords: { _ in asked += 1; return [1] }, newWords: { _ in asked += 1; return [2] })
        #expect(pairing.newToOld == [1, 2, nil])
        #expect(asked == 2)
    }
}
