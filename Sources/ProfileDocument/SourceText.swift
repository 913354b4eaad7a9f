/// One revision's bytes made safe for md4c and Yams, with a byte-offset → line map.
///
/// The BOM is dropped and invalid UTF-8 is replaced by U+FFFD *before* anything else looks at the text,
/// so every later stage can decode slices without failure. Neither step adds or removes a line break,
/// so line numbers computed here are the line numbers of the original file.
struct SourceText {
    /// Clean UTF-8.
    private(set) var bytes: [UInt8]
    /// Byte offset of the first byte of every line; `lineStarts[0] == 0`.
    /// `\n`, `\r\n` and a lone `\r` each end one line; a break at the very end does not open a new line.
    private(set) var lineStarts: [Int]
    /// 1-based lines that held invalid UTF-8 (first few only), for the diagnostic.
    private(set) var invalidUTF8Lines: [Int] = []
    private(set) var invalidUTF8Count = 0

    init(_ raw: [UInt8]) {
        var input = SourceText.withoutByteOrderMark(raw)
        var invalidOffsets: [Int] = []
        // One pass finds the line starts and checks the encoding; repairing changes offsets, so a page that
        // needed it is scanned again.
        var (starts, isValid) = SourceText.scan(input)
        if !isValid {
            (input, invalidOffsets, invalidUTF8Count) = SourceText.repairUTF8(input)
            starts = SourceText.scan(input).lineStarts
        }
        bytes = input
        lineStarts = starts
        invalidUTF8Lines = invalidOffsets.map { line(at: $0) }
    }

    /// The same as `SourceText(input)` for BOM-less `input` (see `withoutByteOrderMark`) sharing its first `prefix`
    /// and last `suffix` bytes with the valid `earlier`, which scans only the lines between: the others' starts are
    /// `earlier`'s, moved by the change in length after the edit. `nil` when the lines between are not valid UTF-8
    /// (the caller then repairs the whole text).
    ///
    /// A line start `L` depends on bytes `L - 1` (a break) and `L` (a `\n` after a `\r` moves the start past
    /// it), so `earlier`'s starts with both bytes in the shared prefix, or both in the shared suffix, are starts
    /// of this text too, and line starts fall on character boundaries: the lines between validate on their own.
    init?(_ input: [UInt8], sharing earlier: SourceText, prefix: Int, suffix: Int) {
        guard earlier.invalidUTF8Count == 0 else { return nil }
        let old = earlier.lineStarts, oldCount = earlier.bytes.count, growth = input.count - oldCount
        // The last earlier start whose byte lies in the prefix (0 always qualifies), and the first whose break does
        // in the suffix, after it.
        var head = 0
        var low = 0, high = old.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if old[mid] < prefix { head = mid; low = mid + 1 } else { high = mid - 1 }
        }
        var tail = old.count
        low = head + 1
        high = old.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if old[mid] - 1 >= oldCount - suffix { tail = mid; high = mid - 1 } else { low = mid + 1 }
        }
        let start = old[head]
        let end = tail < old.count ? old[tail] + growth : input.count
        guard start <= end else { return nil }
        let (middle, isValid) = SourceText.scan(input, in: start..<end)
        guard isValid else { return nil }
        var starts = Array(old[...head])
        starts.reserveCapacity(head + middle.count + old.count - tail)
        starts += middle.dropFirst()
        for index in tail..<old.count { starts.append(old[index] + growth) }
        bytes = input
        lineStarts = starts
    }

    static func withoutByteOrderMark(_ raw: [UInt8]) -> [UInt8] {
        raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? Array(raw.dropFirst(3)) : raw
    }

    var lineCount: Int { lineStarts.count }

    /// 1-based line holding byte `offset` (offsets past the end map to the last line).
    func line(at offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// Byte range of a 1-based line, without its line break.
    func lineRange(_ line: Int) -> Range<Int> {
        let index = min(max(line - 1, 0), lineStarts.count - 1)
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// True when the line holds only spaces and tabs.
    func isBlankLine(_ line: Int) -> Bool {
        lineRange(line).allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 }
    }

    /// Line starts and whether the bytes are valid UTF-8 (by the same rules as `String(validating:)`: no overlong
    /// forms, no surrogates, nothing past U+10FFFF), in one pass: the page is read once, and eight-byte words of
    /// ASCII without a carriage return (nearly all of a page) are handled whole, their `\n`s found from the word.
    /// `range` limits the scan to whole lines of a larger text: it returns `range.lowerBound` and the starts of the
    /// lines after it, up to (not including) `range.upperBound`.
    static func scan(_ bytes: [UInt8], in range: Range<Int>? = nil) -> (lineStarts: [Int], isValidUTF8: Bool) {
        let range = range ?? 0..<bytes.count
        var starts = [range.lowerBound]
        starts.reserveCapacity(range.count / 40 + 1)
        var isValid = true
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            let total = buffer.count
            let count = range.upperBound
            let lineFeeds = ByteWord.repeating(0x0A), carriageReturns = ByteWord.repeating(0x0D)
            var i = range.lowerBound
            while i < count {
                if i + 8 <= count {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    if word & ByteWord.highBits == 0, ByteWord.zeroBytes(word ^ carriageReturns) == 0 {
                        // ASCII, and `\n` the only break: each set bit is one, lane k holding byte i + k.
                        var breaks = ByteWord.zeroBytes(word ^ lineFeeds)
                        while breaks != 0 {
                            let next = i + breaks.trailingZeroBitCount / 8 + 1
                            if next < count { starts.append(next) }
                            breaks &= breaks - 1
                        }
                        i += 8
                        continue
                    }
                }
                // A word's worth byte by byte (a multi-byte character may end past it).
                let end = min(i + 8, count)
                while i < end {
                    let byte = buffer[i]
                    if byte >= 0x80 {
                        if isValid, let length = validSequenceLength(buffer, at: i) {
                            i += length
                        } else {
                            isValid = false
                            i += 1
                        }
                        continue
                    }
                    if byte == 0x0A {
                        if i + 1 < count { starts.append(i + 1) }
                    } else if byte == 0x0D {
                        if i + 1 < total, buffer[i + 1] == 0x0A { i += 1 }
                        if i + 1 < count { starts.append(i + 1) }
                    }
                    i += 1
                }
            }
        }
        return (starts, isValid)
    }

    /// Length of the well-formed UTF-8 sequence starting with the non-ASCII byte at `i` (Unicode table 3-7),
    /// or `nil` when it is not one.
    @inline(__always)
    static func validSequenceLength(_ buffer: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let lead = buffer[i]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // range of the second byte
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard i + length <= buffer.count else { return nil }
        let second = buffer[i + 1]
        guard second >= low, second <= high else { return nil }
        var k = 2
        while k < length {
            guard buffer[i + k] & 0xC0 == 0x80 else { return nil }
            k += 1
        }
        return length
    }

    /// Replaces every maximal invalid subsequence by U+FFFD (as `String(decoding:)` does), keeping where they were.
    private static func repairUTF8(_ input: [UInt8]) -> (bytes: [UInt8], offsets: [Int], count: Int) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count + 16)
        var offsets: [Int] = []
        var count = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = input.makeIterator()
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                out.append(contentsOf: encoded)
            case .error:
                if offsets.count < 5 { offsets.append(out.count) }
                count += 1
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            case .emptyInput:
                break loop
            }
        }
        return (out, offsets, count)
    }
}
