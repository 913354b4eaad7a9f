import ProfileDocument

/// Word-level measurements on UTF-8 bytes: similarity tokens, word diffs, typo detection, short quotes for summaries.
///
/// Everything here walks `utf8` views; no per-`Character` work, which dominates time on large pages.
enum TextMetrics {
    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0100_0000_01b3

    /// One byte of FNV-1a: every word and sentence hash here is built from `fnvOffset` by this step.
    @inline(__always)
    static func fnv(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* fnvPrime }

    /// Calls `body` with a hash of each similarity word: ASCII case folded, ASCII punctuation as a separator,
    /// apostrophes dropped ("I'm" and "Im" are one word).
    ///
    /// Reads the bytes through one buffer pointer (`withUTF8`, no copy for a native string): iterating `String.UTF8View`
    /// byte by byte costs several times more, and this runs over every word of every section compared.
    static func forEachWord(in text: String, limit: Int = Budget.similarityWords, foldingCase: Bool = true, _ body: (UInt64) -> Void) {
        var text = text
        text.withUTF8 { bytes in forEachWord(in: bytes, table: foldingCase ? foldedWordBytes : wordBytes, limit: limit, body) }
    }

    private static func forEachWord(in bytes: UnsafeBufferPointer<UInt8>, table: [UInt8], limit: Int, _ body: (UInt64) -> Void) {
        table.withUnsafeBufferPointer { table in
            var hash = fnvOffset
            var inWord = false
            var count = 0
            for byte in bytes {
                let mapped = table[Int(byte)]
                if mapped > 1 {
                    hash = fnv(hash, mapped)
                    inWord = true
                } else if mapped == 0 && inWord {
                    body(hash)
                    count += 1
                    if count >= limit { return }
                    hash = fnvOffset
                    inWord = false
                }
            }
            if inWord { body(hash) }
        }
    }

    /// What `forEachWord` makes of each byte, one lookup instead of five comparisons: 0 for a separator, 1 for an
    /// apostrophe (dropped), otherwise the byte a word's hash takes (ASCII letters folded in the first table).
    /// Word bytes are ASCII letters and digits and every byte of a multi-byte character.
    private static let foldedWordBytes = wordByteTable(folding: true)
    private static let wordBytes = wordByteTable(folding: false)

    private static func wordByteTable(folding: Bool) -> [UInt8] {
        (0...255).map { (value: Int) -> UInt8 in
            let byte = UInt8(value)
            if byte == UInt8(ascii: "'") { return 1 }
            let isWordByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            guard isWordByte else { return 0 }
            return folding && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        }
    }

    static func wordSet(_ texts: [String]) -> WordSet {
        var words = WordSet.Builder()
        for text in texts { words.add(text) }
        return words.build()
    }

    /// The similarity words of a title joined by spaces: the identity under which sections are matched,
    /// blind to case, punctuation and markup leftovers.
    ///
    /// An ASCII title skips `ComparisonKey.normalize`: on ASCII it only folds whitespace runs and repeated dashes,
    /// and every byte it drops or rewrites there is a separator next to other separators, so the words come out
    /// the same. Only non-ASCII text (curly apostrophes, Unicode dashes and spaces) needs it.
    static func normalizedTitle(_ title: String) -> String {
        var text = title
        let isASCII = text.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
        if !isASCII { text = ComparisonKey.normalize(title) }
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                var count = 0
                var pendingSpace = false
                for byte in bytes {
                    if byte == UInt8(ascii: "'") { continue }
                    let isWordByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    if isWordByte {
                        // A space is only written for at least one separator byte read, so the output never outgrows the input.
                        if pendingSpace { output[count] = 0x20; count += 1; pendingSpace = false }
                        output[count] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                        count += 1
                    } else if count > 0 {
                        pendingSpace = true
                    }
                }
                return count
            }
        }
    }

    static func jaccard(_ a: WordSet, _ b: WordSet) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        let shared = a.sharedCount(b)
        return Double(shared) / Double(a.count + b.count - shared)
    }

    static func dice(_ a: WordSet, _ b: WordSet) -> Double {
        if a.isEmpty && b.isEmpty { return 1 }
        return 2 * Double(a.sharedCount(b)) / Double(a.count + b.count)
    }

    /// Shared words over the smaller set: 1 when one text only lost (or only gained) words.
    static func overlap(_ a: WordSet, _ b: WordSet) -> Double {
        let smaller = min(a.count, b.count)
        if smaller == 0 { return a.count == b.count ? 1 : 0 }
        return Double(a.sharedCount(b)) / Double(smaller)
    }

    /// Space-separated words of a comparison key (keys already fold whitespace runs to one space), with the
    /// `exactHash` of each, found in one pass over the bytes: `split` on the `UTF8View` and hashing each
    /// `Substring` through its own view cost many times more. The words themselves are made only when read:
    /// most edits read none, or a few around the change.
    static func words(_ key: String) -> Words {
        var key = key
        var bounds: [Range<Int>] = []
        var hashes: [UInt64] = []
        // Room for a word every four bytes (prose averages five or six with its space): the arrays are made once
        // instead of regrown word by word, and a text of one-letter words regrows once.
        let most = key.utf8.count / 4 + 1
        bounds.reserveCapacity(most)
        hashes.reserveCapacity(most)
        key.withUTF8 { bytes in
            var start: Int?
            var hash = fnvOffset
            for offset in bytes.indices {
                let byte = bytes[offset]
                if byte == 0x20 {
                    if let first = start {
                        bounds.append(first..<offset)
                        hashes.append(hash)
                        start = nil
                        hash = fnvOffset
                    }
                } else {
                    if start == nil { start = offset }
                    hash = fnv(hash, byte)
                }
            }
            if let first = start {
                bounds.append(first..<bytes.count)
                hashes.append(hash)
            }
        }
        return Words(text: key, bounds: bounds, hashes: hashes)
    }

    /// The words of a text by their byte ranges, and their hashes.
    struct Words {
        let text: String
        let bounds: [Range<Int>]
        let hashes: [UInt64]

        var count: Int { bounds.count }

        /// Spaces are ASCII, so every bound falls between whole scalars.
        subscript(index: Int) -> Substring {
            let utf8 = text.utf8
            return Substring(utf8[utf8.index(utf8.startIndex, offsetBy: bounds[index].lowerBound)..<utf8.index(utf8.startIndex, offsetBy: bounds[index].upperBound)])
        }

        subscript(range: Range<Int>) -> ArraySlice<Substring> {
            ArraySlice(range.map { self[$0] })
        }

        /// `self[range].joined(separator: " ")`, taken from the text in one piece when the words are separated by
        /// single spaces there (always, for a comparison key).
        func joined(_ range: Range<Int>) -> String {
            guard let first = range.first, let last = range.last else { return "" }
            for k in range.dropLast() where bounds[k + 1].lowerBound != bounds[k].upperBound + 1 {
                return self[range].joined(separator: " ")
            }
            let utf8 = text.utf8
            return String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: bounds[first].lowerBound)..<utf8.index(utf8.startIndex, offsetBy: bounds[last].upperBound)]))
        }
    }

    static func exactHash(_ word: Substring) -> UInt64 {
        var hash = fnvOffset
        for byte in word.utf8 { hash = fnv(hash, byte) }
        return hash
    }

    /// A run of changed words: `old[removed]` replaced by `new[inserted]` (either may be empty).
    struct Hunk {
        var removed: Range<Int>
        var inserted: Range<Int>
    }

    /// Word-level hunks between two keys, or `nil` when either side is too long to diff cheaply.
    static func hunks(_ old: [Substring], _ new: [Substring]) -> [Hunk]? {
        if old.count > Budget.wordDiffWords || new.count > Budget.wordDiffWords { return nil }
        let oldHashes = old.map(exactHash)
        let newHashes = new.map(exactHash)
        return hunks(oldHashes, newHashes)
    }

    /// Aligns two sequences as `CollectionDifference` does (`WordAlignment`) and groups the removals and insertions
    /// into hunks.
    ///
    /// Only the part between the common prefix and the common suffix is aligned. That gives exactly the alignment of
    /// a call on the whole: the standard library's Myers search (`_linearSpaceMyers`) first shrinks its edit graph
    /// the same way (longest common prefix, then longest common suffix of what is left) and then works in
    /// coordinates relative to that box, so the answer on the middle is the answer on the whole shifted by the
    /// prefix length. The trim lets the common edits skip the search altogether: a pure insertion or deletion, or a
    /// middle with no element in common, has a single possible edit script.
    static func hunks(_ old: [UInt64], _ new: [UInt64]) -> [Hunk] {
        let middle = CommonEnds(old, new)
        let start = middle.prefix
        let oldCount = middle.oldEnd - start, newCount = middle.newEnd - start
        if oldCount == 0 && newCount == 0 { return [] }
        if oldCount == 0 || newCount == 0 || !middle.sharesAnElement(old, new) {
            return [Hunk(removed: start..<middle.oldEnd, inserted: start..<middle.newEnd)]
        }
        let alignment = WordAlignment(old: Array(old[start..<middle.oldEnd]), new: Array(new[start..<middle.newEnd]))
        let removed = alignment.removed, inserted = alignment.inserted
        // Walk the middle as the whole would be walked: what is neither removed nor inserted is kept in pairs.
        var result: [Hunk] = []
        var i = 0
        var j = 0
        while i < oldCount || j < newCount {
            if (i < oldCount && removed[i]) || (j < newCount && inserted[j]) {
                let i0 = i, j0 = j
                while i < oldCount && removed[i] { i += 1 }
                while j < newCount && inserted[j] { j += 1 }
                result.append(Hunk(removed: (start + i0)..<(start + i), inserted: (start + j0)..<(start + j)))
            } else {
                i += 1
                j += 1
            }
        }
        return result
    }

    /// The common prefix and suffix of two sequences, trimmed as `CollectionDifference` trims them:
    /// the longest common prefix first, then the longest common suffix of what is left.
    struct CommonEnds {
        /// Length of the common prefix: the middle starts here on both sides.
        var prefix: Int
        /// End of the middle in the old and the new sequence (the common suffix follows).
        var oldEnd: Int
        var newEnd: Int

        init<Element: Equatable>(_ old: [Element], _ new: [Element]) {
            var start = 0
            let shorter = min(old.count, new.count)
            while start < shorter && old[start] == new[start] { start += 1 }
            var oldEnd = old.count, newEnd = new.count
            while oldEnd > start && newEnd > start && old[oldEnd - 1] == new[newEnd - 1] {
                oldEnd -= 1
                newEnd -= 1
            }
            prefix = start
            self.oldEnd = oldEnd
            self.newEnd = newEnd
        }

        /// Whether some element of the old middle equals some element of the new one. When none does, every edit
        /// script removes the whole old middle and inserts the whole new one. Only small middles are checked
        /// (the answer `true` merely sends the caller to the full search).
        func sharesAnElement<Element: Equatable>(_ old: [Element], _ new: [Element]) -> Bool {
            if (oldEnd - prefix) * (newEnd - prefix) > 256 { return true }
            for i in prefix..<oldEnd {
                for j in prefix..<newEnd where old[i] == new[j] { return true }
            }
            return false
        }
    }

    /// What a text edit amounts to, in the words a summary uses.
    struct TextEdit {
        enum Nature { case typo, punctuation, edit }
        var nature: Nature
        /// "typo fixed: "Data transfer" → "Data Transfer"", "1 sentence changed", ...
        var description: String
        /// Only words were inserted (none removed or replaced).
        var isInsertionOnly: Bool
        var isDeletionOnly: Bool
        /// The inserted words, joined: used to see whether an insertion is just a new link.
        /// Empty (both texts) when the caller's link flags say it will not look: see `describeEdit`.
        var insertedText: String
        var removedText: String
    }

    /// A hunk of at most this many words on each side is quoted in an edit's summary.
    private static let quotedHunkWords = 8

    /// Describes the change between two comparison keys; `quoteWhole` quotes the whole old and new text when both are short.
    ///
    /// `linkAdded` and `linkRemoved` say whether a link was reported added where the new text lives and removed
    /// where the old one lived: the changed words are only read to see whether such a link explains the edit (an
    /// insertion-only edit against an added link, a deletion-only one against a removed link, any other against
    /// both). Without both, a wide rewrite skips the word alignment (`describeUnaligned`), and without a reader
    /// the changed words are not joined at all.
    static func describeEdit(old: String, new: String, quoteWhole: Bool, linkAdded: Bool = true, linkRemoved: Bool = true) -> TextEdit {
        let oldWords = words(old), newWords = words(new)
        let oldHashes = oldWords.hashes, newHashes = newWords.hashes
        if oldWords.count > Budget.wordDiffWords || newWords.count > Budget.wordDiffWords {
            return TextEdit(nature: .edit, description: "text changed", isInsertionOnly: false, isDeletionOnly: false,
                            insertedText: "", removedText: "")
        }
        if !(linkAdded && linkRemoved), let edit = describeUnaligned(old: old, new: new, oldWords, newWords, quoteWhole: quoteWhole) {
            return edit
        }
        let hunks = hunks(oldHashes, newHashes)
        let insertionOnly = !hunks.isEmpty && hunks.allSatisfy { $0.removed.isEmpty }
        let deletionOnly = !hunks.isEmpty && hunks.allSatisfy { $0.inserted.isEmpty }
        let wordsRead = (insertionOnly && linkAdded) || (deletionOnly && linkRemoved) || (linkAdded && linkRemoved)
        let insertedText = wordsRead ? hunks.map { newWords.joined($0.inserted) }.joined(separator: " ") : ""
        let removedText = wordsRead ? hunks.map { oldWords.joined($0.removed) }.joined(separator: " ") : ""

        if sameWordsBesidesPunctuation(old, new) {
            return TextEdit(nature: .punctuation, description: "punctuation changed", isInsertionOnly: insertionOnly,
                            isDeletionOnly: deletionOnly, insertedText: insertedText, removedText: removedText)
        }
        if !hunks.isEmpty && hunks.allSatisfy({ isTypo(oldWords[$0.removed], newWords[$0.inserted]) }) {
            let shown = hunks.prefix(3).map { hunk -> String in
                let (before, after) = withContext(hunk, oldWords, newWords)
                return "\"\(before)\" → \"\(after)\""
            }
            let label = hunks.count == 1 ? "typo fixed: " : "typos fixed: "
            return TextEdit(nature: .typo, description: label + shown.joined(separator: "; ") + (hunks.count > 3 ? "; …" : ""),
                            isInsertionOnly: false, isDeletionOnly: false, insertedText: insertedText, removedText: removedText)
        }
        var description: String
        if quoteWhole && old.utf8.count <= 80 && new.utf8.count <= 80 {
            description = "\"\(old)\" → \"\(new)\""
        } else {
            description = sentenceSummary(old: old, new: new)
            if hunks.count == 1, let hunk = hunks.first, hunk.removed.count <= quotedHunkWords, hunk.inserted.count <= quotedHunkWords {
                let (before, after) = withContext(hunk, oldWords, newWords)
                if hunk.removed.isEmpty {
                    description += " (added \"\(newWords.joined(hunk.inserted))\")"
                } else if hunk.inserted.isEmpty {
                    description += " (removed \"\(oldWords.joined(hunk.removed))\")"
                } else {
                    description += " (\"\(before)\" → \"\(after)\")"
                }
            }
        }
        return TextEdit(nature: .edit, description: description, isInsertionOnly: insertionOnly, isDeletionOnly: deletionOnly,
                        insertedText: insertedText, removedText: removedText)
    }

    /// The description of an edit whose words changed on a wide front, found without aligning the words;
    /// `nil` when the answer could depend on the alignment.
    ///
    /// Let the middle be what is left between the common prefix and suffix of the two word lists (`a` old words,
    /// `b` new ones). Any edit script whatever, not only a minimal one, has these properties, which fix the
    /// result of the aligned path in `describeEdit` when `a != b`, `max(a, b) > quotedHunkWords` and neither
    /// middle is a subsequence of the other:
    /// - kept words pair up one for one, so all hunks together remove `a - kept` words and insert `b - kept`:
    ///   `a != b` means some hunk replaces a different number of words, which is never a typo fix;
    /// - the middle starts and ends with differing words, so its first and last words lie in hunks: a single
    ///   hunk spans the whole middle, and is too long to be quoted;
    /// - a script without removals keeps the whole old middle in order, which it cannot when the old middle is not
    ///   a subsequence of the new one: not insertion-only (and likewise not deletion-only).
    ///
    /// When `a == b` instead, the aligned path is fixed the same way once some word of the middle, against the
    /// word at the same place on the other side, is neither equal nor a typo of it, and (when `a` is small enough
    /// to quote) the middles share a word:
    /// - all hunks being typo fixes means each replaces as many words as it removes, so every kept pair and every
    ///   replaced pair sits at the same place on both sides; the pair at that place is then one of them. Not a typo;
    /// - with a word in common a minimal script keeps one, and the differing first and last words put a hunk on
    ///   each side of it: never a single quoted hunk (without one, a single hunk of more than `quotedHunkWords`);
    /// - removals and insertions are equally many and not none: neither insertion-only nor deletion-only.
    /// Aligning such a rewrite (`CollectionDifference` through the standard library's generic code) cost about
    /// a million instructions, most of all the word diffs of a history.
    ///
    /// What is left (punctuation check, sentence summary, whole quote) never looks at the hunks.
    private static func describeUnaligned(old: String, new: String, _ oldWords: Words, _ newWords: Words,
                                          quoteWhole: Bool) -> TextEdit? {
        let oldHashes = oldWords.hashes, newHashes = newWords.hashes
        let middle = CommonEnds(oldHashes, newHashes)
        let oldMiddle = oldHashes[middle.prefix..<middle.oldEnd], newMiddle = newHashes[middle.prefix..<middle.newEnd]
        if oldMiddle.count == newMiddle.count {
            guard !oldMiddle.isEmpty, oldMiddle.count > quotedHunkWords || middle.sharesAnElement(oldHashes, newHashes),
                  oldMiddle.indices.contains(where: { oldHashes[$0] != newHashes[$0] && !isTypo(oldWords[$0..<$0 + 1], newWords[$0..<$0 + 1]) })
            else { return nil }
        } else {
            guard max(oldMiddle.count, newMiddle.count) > quotedHunkWords,
                  !isSubsequence(oldMiddle, of: newMiddle), !isSubsequence(newMiddle, of: oldMiddle) else { return nil }
        }
        let description: String
        if sameWordsBesidesPunctuation(old, new) {
            return TextEdit(nature: .punctuation, description: "punctuation changed", isInsertionOnly: false,
                            isDeletionOnly: false, insertedText: "", removedText: "")
        } else if quoteWhole && old.utf8.count <= 80 && new.utf8.count <= 80 {
            description = "\"\(old)\" → \"\(new)\""
        } else {
            description = sentenceSummary(old: old, new: new)
        }
        return TextEdit(nature: .edit, description: description, isInsertionOnly: false, isDeletionOnly: false,
                        insertedText: "", removedText: "")
    }

    /// Whether `part` can be read out of `whole` in order, skipping elements (greedy, linear).
    private static func isSubsequence(_ part: ArraySlice<UInt64>, of whole: ArraySlice<UInt64>) -> Bool {
        if part.count > whole.count { return false }
        var cursor = whole.startIndex
        for element in part {
            while cursor < whole.endIndex && whole[cursor] != element { cursor += 1 }
            if cursor == whole.endIndex { return false }
            cursor += 1
        }
        return true
    }

    /// The changed words with one word of context before (or after, at the start of the text).
    private static func withContext(_ hunk: Hunk, _ old: Words, _ new: Words) -> (String, String) {
        var oldRange = hunk.removed
        var newRange = hunk.inserted
        if oldRange.lowerBound > 0 && newRange.lowerBound > 0 {
            oldRange = (oldRange.lowerBound - 1)..<oldRange.upperBound
            newRange = (newRange.lowerBound - 1)..<newRange.upperBound
        } else if oldRange.upperBound < old.count && newRange.upperBound < new.count {
            oldRange = oldRange.lowerBound..<(oldRange.upperBound + 1)
            newRange = newRange.lowerBound..<(newRange.upperBound + 1)
        }
        return (old.joined(oldRange), new.joined(newRange))
    }

    /// A typo fix replaces words one for one, each differing only in case or by at most two characters
    /// (and at most a third of the word), and never touches a number, whose change is a real edit.
    static func isTypo(_ old: ArraySlice<Substring>, _ new: ArraySlice<Substring>) -> Bool {
        guard !old.isEmpty, old.count == new.count else { return false }
        for (a, b) in zip(old, new) {
            if a.lowercased() == b.lowercased() { continue }
            if a.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) || b.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { return false }
            let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
            let distance = editDistance(x, y)
            if distance > 2 || distance * 3 > max(x.count, y.count) { return false }
        }
        return true
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transposition), for short words only.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        if a.count > 64 || b.count > 64 { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// The two texts have the same words once punctuation is dropped (`forEachWord` without case folding), told
    /// reading only the part between the bytes they share at the start and at the end: an edit usually touches a few
    /// words of a long paragraph.
    ///
    /// Why it is the same: cut the shared start after its last space and the shared end before its first. A space
    /// separates words, so each text's words are those of its start, then of its middle, then of its end, and the
    /// start and the end are the same bytes in both texts: the texts have the same words exactly when their
    /// middles do.
    static func sameWordsBesidesPunctuation(_ old: String, _ new: String) -> Bool {
        var old = old, new = new
        return old.withUTF8 { a in
            new.withUTF8 { b in
                let limit = min(a.count, b.count)
                var prefix = 0
                while prefix < limit, a[prefix] == b[prefix] { prefix += 1 }
                var suffix = 0
                while suffix < limit - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
                // The start up to and including its last space; the end from its first space on.
                var start = prefix
                while start > 0, a[start - 1] != 0x20 { start -= 1 }
                var end = suffix
                while end > 0, a[a.count - end] != 0x20 { end -= 1 }
                let oldMiddle = UnsafeBufferPointer(rebasing: a[start..<(a.count - end)])
                let newMiddle = UnsafeBufferPointer(rebasing: b[start..<(b.count - end)])
                var oldHashes: [UInt64] = [], newHashes: [UInt64] = []
                forEachWord(in: oldMiddle, table: wordBytes, limit: Int.max) { oldHashes.append($0) }
                forEachWord(in: newMiddle, table: wordBytes, limit: Int.max) { newHashes.append($0) }
                return oldHashes == newHashes
            }
        }
    }

    /// "1 sentence changed", "2 sentences added, 1 removed".
    ///
    /// Sentences are compared by `exactHash`, as words are for the word alignment. The counts are those of every
    /// shortest edit script (each removes the sentences outside a longest common subsequence), so `WordAlignment`
    /// gives those of `difference(from:)`.
    static func sentenceSummary(old: String, new: String) -> String {
        let oldSentences = sentenceHashes(old)
        let newSentences = sentenceHashes(new)
        if oldSentences.count > Budget.wordDiffWords || newSentences.count > Budget.wordDiffWords { return "text changed" }
        // Same trim as in `hunks`: the counts are those of a difference over the whole.
        let middle = CommonEnds(oldSentences, newSentences)
        var removed = middle.oldEnd - middle.prefix, inserted = middle.newEnd - middle.prefix
        if removed > 0 && inserted > 0 && middle.sharesAnElement(oldSentences, newSentences) {
            let alignment = WordAlignment(old: Array(oldSentences[middle.prefix..<middle.oldEnd]),
                                          new: Array(newSentences[middle.prefix..<middle.newEnd]))
            removed = alignment.removed.count { $0 }
            inserted = alignment.inserted.count { $0 }
        }
        let changed = min(removed, inserted)
        var parts: [String] = []
        if changed > 0 { parts.append(count(changed, "sentence") + " changed") }
        if inserted > changed { parts.append(count(inserted - changed, "sentence") + " added") }
        if removed > changed { parts.append(count(removed - changed, "sentence") + " removed") }
        return parts.isEmpty ? "text changed" : parts.joined(separator: ", ")
    }

    /// The `exactHash` of each sentence of `text`, split after `.`, `!` or `?` followed by a space (which belongs to
    /// neither), found in one pass over the bytes (walking `UTF8View` indices cost over a hundred instructions a byte).
    static func sentenceHashes(_ text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        var text = text
        text.withUTF8 { bytes in
            var hash = fnvOffset
            var length = 0
            var previous: UInt8 = 0
            for byte in bytes {
                if byte == 0x20 && (previous == UInt8(ascii: ".") || previous == UInt8(ascii: "!") || previous == UInt8(ascii: "?")) {
                    hashes.append(hash)
                    hash = fnvOffset
                    length = 0
                } else {
                    hash = fnv(hash, byte)
                    length += 1
                }
                previous = byte
            }
            if length > 0 { hashes.append(hash) }
        }
        return hashes
    }

    static func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
    }

    /// The start of a text for a summary: at most `limit` bytes, cut at a word boundary, with an ellipsis.
    static func snippet(_ text: String, limit: Int = 60) -> String {
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
        let cut = lastSpace ?? end
        let prefix = String(key[..<cut]).trimmingTrailingSpaces()
        return prefix + "…"
    }
}

/// The distinct similarity words of some texts (their `TextMetrics.forEachWord` hashes), kept sorted.
///
/// Similarity only needs sizes and the number of shared words. Collecting hashes, sorting them and dropping
/// repeats, then counting shared words by merging two sorted lists, costs a fraction of hashing every word
/// again into a `Set<UInt64>` and probing it: this runs over every word of every changed section.
struct WordSet: Equatable, ExpressibleByArrayLiteral {
    /// Sorted, without repeats.
    private let hashes: [UInt64]

    private init(sortedUnique hashes: [UInt64]) {
        self.hashes = hashes
    }

    init(arrayLiteral elements: UInt64...) {
        self = Builder(hashes: elements).build()
    }

    var count: Int { hashes.count }
    var isEmpty: Bool { hashes.isEmpty }

    /// How many words the two sets have in common.
    func sharedCount(_ other: WordSet) -> Int {
        let a = hashes, b = other.hashes
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                i += 1
            } else if a[i] > b[j] {
                j += 1
            } else {
                shared += 1
                i += 1
                j += 1
            }
        }
        return shared
    }

    func isSubset(of other: WordSet) -> Bool {
        count <= other.count && sharedCount(other) == count
    }

    /// Collects word hashes in any order, with repeats.
    struct Builder {
        fileprivate var hashes: [UInt64] = []

        /// Adds the similarity words of `text` (at most `Budget.similarityWords` of them, as `forEachWord` reads).
        mutating func add(_ text: String) {
            // A word and its space are five bytes and more: room for all of them at once, at least doubling (a
            // section adds its blocks and items one by one; exact reservations would copy the array each time).
            let needed = hashes.count + min(text.utf8.count / 5 + 1, Budget.similarityWords)
            if hashes.capacity < needed { hashes.reserveCapacity(max(needed, 2 * hashes.capacity)) }
            TextMetrics.forEachWord(in: text) { hashes.append($0) }
        }

        func build() -> WordSet {
            var sorted = hashes.count > 64 ? Self.distinct(hashes) : hashes
            sorted.sort()
            var kept = 0
            for index in sorted.indices where kept == 0 || sorted[index] != sorted[kept - 1] {
                sorted[kept] = sorted[index]
                kept += 1
            }
            sorted.removeLast(sorted.count - kept)
            return WordSet(sortedUnique: sorted)
        }

        /// The values without repeats, in first-seen order: prose repeats its short words, and sorting only the
        /// distinct ones of a section's few hundred words took 44 % fewer instructions. Open addressing on the
        /// hashes' own bits; 0 marks an empty slot, so a hash of 0 is kept aside.
        static func distinct(_ values: [UInt64]) -> [UInt64] {
            var size = 64
            while size < values.count * 2 { size *= 2 }
            let mask = size - 1
            var slots = [UInt64](repeating: 0, count: size)
            var result: [UInt64] = []
            result.reserveCapacity(values.count)
            var sawZero = false
            for value in values {
                if value == 0 {
                    if !sawZero { sawZero = true; result.append(0) }
                    continue
                }
                var index = Int(truncatingIfNeeded: value ^ (value >> 32)) & mask
                while true {
                    let slot = slots[index]
                    if slot == value { break }
                    if slot == 0 {
                        slots[index] = value
                        result.append(value)
                        break
                    }
                    index = (index + 1) & mask
                }
            }
            return result
        }
    }
}

extension String {
    /// Drops trailing U+0020 spaces. A space is the single byte 0x20, never part of a longer scalar, so trimming
    /// bytes cuts exactly the space scalars, without rebuilding the string scalar by scalar.
    fileprivate func trimmingTrailingSpaces() -> String {
        let utf8 = self.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let before = utf8.index(before: end)
            if utf8[before] != 0x20 { break }
            end = before
        }
        return String(self[..<end])
    }
}
