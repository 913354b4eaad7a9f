import Testing
@testable import ProfileDocument

/// `SourceText.scan` checks UTF-8 and finds line starts in one hand-written pass; these tests hold it to the
/// standard library's validation and to the plain definition of a line start on bytes chosen to break it.
@Suite struct SourceTextScanTests {
    /// Line starts by definition: after `\n`, after `\r` not followed by `\n`, after `\r\n`; not at the very end.
    static func definitionLineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
            if bytes[i] == 0x0A || bytes[i] == 0x0D, i + 1 < bytes.count { starts.append(i + 1) }
            i += 1
        }
        return starts
    }

    @Test(arguments: [
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0xFF], [0x80], [0xC2], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC2, 0x41], [0xE2, 0x0A, 0xAC],
    ] as [[UInt8]])
    func rejectsWhatTheStandardLibraryRejects(sequence: [UInt8]) {
        for padding in [0, 3, 7, 8, 9] {
            let bytes = Array(repeating: UInt8(ascii: "a"), count: padding) + sequence + Array("tail\n".utf8)
            #expect(!SourceText.scan(bytes).isValidUTF8)
            #expect(!PageBytes.isValidUTF8(bytes))
            #expect(String(validating: bytes, as: UTF8.self) == nil)
        }
    }

    @Test func agreesWithTheStandardLibraryOnMixedBytes() {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("word ".utf8), [0x0A], [0x0D], [0x0D, 0x0A], Array("é".utf8), Array("—".utf8),
            Array("😀".utf8), Array("\u{10FFFF}".utf8), Array("\u{D7FF}".utf8), Array("\u{E000}".utf8),
            [0x80], [0xC2], [0xE2, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xFE],
        ]
        var state: UInt64 = 7
        for round in 0..<4_000 {
            var bytes: [UInt8] = []
            // Half the rounds use only valid pieces, so the valid paths are exercised as much as the invalid ones.
            let usable = round.isMultiple(of: 2) ? 11 : pieces.count
            for _ in 0..<(round % 48) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes += pieces[Int((state >> 33) % UInt64(usable))]
            }
            let scanned = SourceText.scan(bytes)
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect(scanned.isValidUTF8 == valid, "\(bytes)")
            #expect(PageBytes.isValidUTF8(bytes) == valid, "\(bytes)")
            if scanned.isValidUTF8 {
                #expect(scanned.lineStarts == Self.definitionLineStarts(bytes), "\(bytes)")
            }
        }
    }

    /// The checks read blocks of 32 and 8 bytes: a character at every place against a block's edges.
    @Test func pageChecksSeeEveryPlaceInTheirBlocks() {
        let characters: [[UInt8]] = [Array("é".utf8), Array("😀".utf8), [0x80], [0xE2, 0x80], [0xC0, 0xAF]]
        for character in characters {
            let valid = String(validating: character, as: UTF8.self) != nil
            for length in [40, 71] {
                for offset in 0...length {
                    let bytes = Array(repeating: UInt8(ascii: "a"), count: offset) + character
                        + Array(repeating: UInt8(ascii: "b"), count: length - offset)
                    #expect(PageBytes.isValidUTF8(bytes) == valid, "\(character) at \(offset) of \(bytes.count)")
                }
            }
        }
        for place in [0, 1, 31, 32, 33, 7_999] {
            var bytes = Array(repeating: UInt8(ascii: "a"), count: 9_000)
            bytes[place] = 0
            #expect(PageBytes.looksBinary(bytes), "NUL at \(place)")
            bytes[place] = 0x61
            bytes[8_000] = 0
            #expect(!PageBytes.looksBinary(bytes), "git reads 8,000 bytes")
        }
        #expect(!PageBytes.looksBinary([]))
    }

    @Test func repairedPagesCountLinesOnTheRepairedBytes() {
        // Each invalid byte becomes three bytes of U+FFFD: the line starts must move with them.
        let source = SourceText([0x61, 0xFF, 0xFF, 0x0A, 0x62, 0x0D, 0x0A, 0x63, 0xC2, 0x0D, 0x64])
        #expect(source.invalidUTF8Count == 3)
        #expect(source.lineStarts == Self.definitionLineStarts(source.bytes))
        #expect(source.lineCount == 4)
        #expect(source.invalidUTF8Lines == [1, 1, 3])
    }
}

/// The reading stage's checks on a page version's bytes, held to their definitions.
@Suite struct PageBytesTests {
    /// git's binary test looks at the first 8,000 bytes only, at every alignment of the eight-byte words.
    @Test(arguments: [0, 1, 7, 8, 9, 4_095, 7_991, 7_992, 7_999, 8_000, 8_001, 12_000])
    func aNULCountsInGitsWindowOnly(at offset: Int) {
        var bytes = Array(repeating: UInt8(ascii: "x"), count: 12_001)
        bytes[offset] = 0
        #expect(PageBytes.looksBinary(bytes) == (offset < 8_000))
        #expect(PageBytes.looksBinary(Array(bytes[0...offset])) == (offset < 8_000))
    }

    @Test func textIsNotBinary() {
        #expect(!PageBytes.looksBinary([]))
        #expect(!PageBytes.looksBinary(Array("# About\n\nHello, wörld — ok\n".utf8)))
    }
}

/// A text scanned only between the bytes it shares with an earlier version must read as if scanned whole.
@Suite struct SharedSourceTextTests {
    private static let pieces: [[UInt8]] = [
        Array("word ".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8), Array("é".utf8), Array("日本".utf8),
        Array("🙂".utf8), Array("# Title\n".utf8), Array("\n\n".utf8), Array("eight by".utf8),
    ]
    /// Now and then, a byte that makes the text invalid.
    private static let invalid: [[UInt8]] = [[0xFF], [0xC3], [0xE6, 0x97]]

    @Test func lineStartsMatchAWholeScan() {
        var generator = SplitMix64(seed: 99)
        func pick(_ bound: Int) -> Int { Int(generator.next() % UInt64(max(bound, 1))) }
        var shared = 0
        for _ in 0..<3_000 {
            var old: [UInt8] = []
            for _ in 0..<pick(40) { old += pick(60) == 0 ? Self.invalid[pick(3)] : Self.pieces[pick(Self.pieces.count)] }
            var new = old
            for _ in 0..<(1 + pick(3)) {
                let at = pick(new.count + 1), length = min(pick(6), new.count - at)
                var insert: [UInt8] = []
                for _ in 0..<pick(3) { insert += pick(30) == 0 ? Self.invalid[pick(3)] : Self.pieces[pick(Self.pieces.count)] }
                new.replaceSubrange(at..<at + length, with: insert)
            }
            if pick(20) == 0 { new = [0xEF, 0xBB, 0xBF] + new }
            if pick(20) == 0 { old = [0xEF, 0xBB, 0xBF] + old }
            let earlier = SourceText(old), whole = SourceText(new)
            let input = SourceText.withoutByteOrderMark(new)
            let prefix = Splice.commonPrefix(earlier.bytes, input)
            let suffix = Splice.commonSuffix(earlier.bytes, input, limit: min(earlier.bytes.count, input.count) - prefix)
            guard let partial = SourceText(input, sharing: earlier, prefix: prefix, suffix: suffix) else {
                // Only a text that is not valid UTF-8 (or an earlier one that was not) is scanned whole.
                #expect(whole.invalidUTF8Count > 0 || earlier.invalidUTF8Count > 0, "\(old) → \(new)")
                continue
            }
            shared += 1
            #expect(partial.lineStarts == whole.lineStarts, "\(old) → \(new)")
            #expect(partial.bytes == whole.bytes && whole.invalidUTF8Count == 0, "\(old) → \(new)")
        }
        #expect(shared > 1_000)
    }
}

/// The shared start and end of two versions, found a word and four words at a time: a difference at every place
/// against those blocks, and lengths around them.
@Suite struct CommonEndsOfBytesTests {
    @Test func sharedStartAndEndMatchAByteByByteScan() {
        for length in [0, 1, 7, 8, 31, 32, 33, 64, 97] {
            let base = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
            for place in 0..<max(length, 1) where length > 0 {
                var other = base
                other[place] &+= 1
                for (a, b) in [(base, other), (base, other + [9]), ([9] + base, [9] + other)] {
                    let limit = min(a.count, b.count)
                    let prefix = Splice.commonPrefix(a, b)
                    let expectedPrefix = zip(a, b).prefix { $0 == $1 }.count
                    #expect(prefix == expectedPrefix, "prefix, length \(length), place \(place)")
                    let suffix = Splice.commonSuffix(a, b, limit: limit - prefix)
                    let expectedSuffix = zip(a.reversed(), b.reversed()).prefix { $0 == $1 }.count
                    #expect(suffix == min(expectedSuffix, limit - prefix), "suffix, length \(length), place \(place)")
                }
            }
            #expect(Splice.commonPrefix(base, base) == length)
            #expect(Splice.commonSuffix(base, base, limit: length) == length)
        }
    }
}
