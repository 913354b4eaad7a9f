/// Comparison keys: what two texts must share to count as "the same content".
///
/// Whitespace runs, line wrapping, trailing spaces, smart vs straight quotes and dash styles
/// are formatting, not content, so they are folded away here and nowhere else.
public enum ComparisonKey {
    /// Folds formatting-only differences. Case is kept: "Data transfer" → "Data Transfer" is a real (trivial) edit.
    ///
    /// Runs on every block and item of every revision (and again in the diff), so it works on UTF-8 bytes with an
    /// ASCII fast path, and most texts, already in their folded form, are returned as they are: no copy, no allocation.
    public static func normalize(_ text: String) -> String {
        var text = text
        let folded: String? = text.withUTF8 { isNormalized($0) ? nil : normalize(utf8: $0) }
        return folded ?? text
    }

    /// The key of a list block, whose text is its items' texts joined by line breaks: the same as normalizing that
    /// text, built from the items' keys (already normalized) instead of a second pass over every item.
    /// A line break between two items folds to one space, and an item whose key is empty leaves none of its own.
    static func listKey(_ items: [ListItem]) -> String {
        // Indices, not `for item in items`: that copies every item (a dozen reference-counted fields) to read one.
        var length = 0
        for k in items.indices where !items[k].key.isEmpty { length += (length == 0 ? 0 : 1) + items[k].key.utf8.count }
        // Bytes straight into the new string: appending key after key to a `String` cost more than the pass saved.
        return String(unsafeUninitializedCapacity: length) { out in
            var count = 0
            for k in items.indices where !items[k].key.isEmpty {
                if count > 0 {
                    out[count] = space
                    count += 1
                }
                var key = items[k].key
                key.withUTF8 { bytes in
                    guard let source = bytes.baseAddress, let target = out.baseAddress else { return }
                    (target + count).update(from: source, count: bytes.count)
                    count += bytes.count
                }
            }
            return count
        }
    }

    private static let space = UInt8(ascii: " "), dash = UInt8(ascii: "-")

    /// True when `normalize(utf8:)` would give back exactly these bytes: no leading or trailing space, no ASCII
    /// whitespace other than single spaces, no `--`, and no scalar that folds (smart quotes, dashes, Unicode spaces).
    ///
    /// ASCII text, nearly all of it, is checked eight bytes at a time in a `UInt64` (SWAR); a word holding a
    /// non-ASCII byte is checked scalar by scalar.
    private static func isNormalized(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, let first = bytes.first, let last = bytes.last else { return true }
        if first == space || last == space { return false }
        let count = bytes.count
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < count {
            // Each word is compared with itself shifted by one byte, so it needs the byte after it.
            if i + 9 <= count {
                let word = word(at: i, in: raw)
                if word.isASCII {
                    if !word.isPlain { return false }
                    i += 8
                    continue
                }
            }
            // One word's worth (or the tail) byte by byte.
            let end = min(i + 8, count)
            while i < end {
                let byte = bytes[i]
                if byte < 0x80 {
                    if byte >= 0x09 && byte <= 0x0D { return false }
                    if (byte == space || byte == dash) && i + 1 < count && bytes[i + 1] == byte { return false }
                    i += 1
                    continue
                }
                let (value, length) = decode(bytes, at: i)
                if fold(value) != nil { return false }
                i += length
            }
        }
        return true
    }

    /// The eight bytes at `offset`, whether they are ASCII, and whether they are "plain": ASCII with no whitespace
    /// but single spaces and no `--` (the byte after them counted, so `offset + 9 <= count` is needed).
    @inline(__always)
    private static func word(at offset: Int, in raw: UnsafeRawPointer) -> (bytes: UInt64, isASCII: Bool, isPlain: Bool) {
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        guard word & ByteWord.highBits == 0 else { return (word, false, false) }
        let next = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 1, as: UInt64.self))
        // A byte is 0x09...0x0D when adding 0x77 sets its high bit and adding 0x72 does not.
        let whitespace = (word &+ 0x7777_7777_7777_7777) & ~(word &+ 0x7272_7272_7272_7272)
        let spaceOrDash = ByteWord.zeroBytes(word ^ ByteWord.repeating(space)) | ByteWord.zeroBytes(word ^ ByteWord.repeating(dash))
        let doubled = ByteWord.zeroBytes(word ^ next) & spaceOrDash
        return (word, true, (whitespace | doubled) & ByteWord.highBits == 0)
    }

    /// The scalar starting at `i` and its length in bytes; `bytes` is valid UTF-8 (it comes from a `String`).
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[i]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
        var k = 1
        while k < length, i + k < bytes.count {
            value = value << 6 | UInt32(bytes[i + k] & 0x3F)
            k += 1
        }
        return (value, length)
    }

    /// What `normalize` folds a non-ASCII scalar to: quotes, dashes and spaces in their typographic forms, or nil.
    /// The one table both `normalize` and `isNormalized` read.
    private enum Fold { case apostrophe, quote, dash, space }

    @inline(__always)
    private static func fold(_ value: UInt32) -> Fold? {
        switch value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: return .apostrophe
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: return .quote
        case 0x2010...0x2015, 0x2212: return .dash
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return .space
        default: return nil
        }
    }

    /// Writes the folded form straight into the new string's storage: it is never longer than the input,
    /// since every byte written stands for at least one byte read.
    ///
    /// Plain words (see `word(at:in:)`) are copied eight bytes at a time when nothing is pending and copying
    /// them verbatim is what the byte loop would do: the word does not end in a space (which could turn out to
    /// start a run), does not start a dash run across the previous byte, and is not a leading space.
    private static func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            var pendingSpace = false
            let input = bytes.baseAddress.map(UnsafeRawPointer.init)
            let output = out.baseAddress.map(UnsafeMutableRawPointer.init)

            @inline(__always)
            func emit(_ byte: UInt8) {
                if pendingSpace {
                    out[count] = space
                    count += 1
                    pendingSpace = false
                } else if byte == dash, count > 0, out[count - 1] == dash {
                    // "--", "---" and "—" are one dash in different styles.
                    return
                }
                out[count] = byte
                count += 1
            }

            var i = 0
            while i < bytes.count {
                if !pendingSpace, i + 9 <= bytes.count, let input, let output {
                    let word = word(at: i, in: input)
                    let firstByte = UInt8(truncatingIfNeeded: word.bytes), lastByte = UInt8(truncatingIfNeeded: word.bytes >> 56)
                    if word.isPlain, lastByte != space, !(firstByte == space && count == 0),
                       !(firstByte == dash && count > 0 && out[count - 1] == dash) {
                        output.storeBytes(of: word.bytes.littleEndian, toByteOffset: count, as: UInt64.self)
                        count += 8
                        i += 8
                        continue
                    }
                }
                let lead = bytes[i]
                if lead < 0x80 {
                    if lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) {
                        pendingSpace = count > 0
                    } else {
                        emit(lead)
                    }
                    i += 1
                    continue
                }
                let (value, length) = decode(bytes, at: i)
                switch fold(value) {
                case .apostrophe?: emit(UInt8(ascii: "'"))
                case .quote?: emit(UInt8(ascii: "\""))
                case .dash?: emit(dash)
                case .space?: pendingSpace = count > 0
                case nil:
                    var k = 0
                    while k < length, i + k < bytes.count {
                        emit(bytes[i + k])
                        k += 1
                    }
                }
                i += length
            }
            return count
        }
    }
}
