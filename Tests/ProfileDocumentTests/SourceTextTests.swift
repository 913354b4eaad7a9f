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
