import Glibc

/// The checks a page version's bytes pass before they are parsed, in the history's reading stage: every version
/// read goes through them once, so ASCII (nearly all of a page) is checked eight bytes at a time.
public enum PageBytes {
    /// git's own test for binary content: a NUL byte in the first 8,000 bytes.
    public static func looksBinary(_ bytes: [UInt8]) -> Bool {
        contains(0, in: bytes, within: 8000)
    }

    /// `byte` among the first `limit` bytes, found by `memchr` a vector at a time.
    static func contains(_ byte: UInt8, in bytes: [UInt8], within limit: Int = .max) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), min(buffer.count, limit)) != nil
        }
    }

    /// Valid UTF-8 by the rules of `String(validating:)` (no overlong forms, no surrogates, nothing past U+10FFFF).
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            let count = buffer.count
            var i = 0
            while i < count {
                // Four words at a time while they are ASCII (a page nearly is), else one.
                if i + 32 <= count {
                    let a = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let b = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    let c = raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                    let d = raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                    if (a | b | c | d) & ByteWord.highBits == 0 {
                        i += 32
                        continue
                    }
                } else if i + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if word & ByteWord.highBits == 0 {
                        i += 8
                        continue
                    }
                }
                // A word's worth byte by byte (a multi-byte character may end past it).
                let end = min(i + 8, count)
                while i < end {
                    if buffer[i] < 0x80 {
                        i += 1
                    } else if let length = SourceText.validSequenceLength(buffer, at: i) {
                        i += length
                    } else {
                        return false
                    }
                }
            }
            return true
        }
    }
}
