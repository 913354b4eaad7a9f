/// Eight bytes at a time in a `UInt64` ("SWAR"): the hot scans over page text (line breaks, comparison keys)
/// skip the common case, a word with nothing of interest, without looking at its bytes one by one.
enum ByteWord {
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// `byte` in all eight lanes.
    @inline(__always)
    static func repeating(_ byte: UInt8) -> UInt64 {
        UInt64(byte) &* 0x0101_0101_0101_0101
    }

    /// The high bit of every byte of `x` that is zero, and nothing else: exact for every lane, because no
    /// addition carries into the next lane (the well-known shortcut `(x - 0x01..) & ~x` is not exact).
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low) &+ low) | x) & highBits
    }
}
