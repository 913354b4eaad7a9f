/// Comparison keys: what two texts must share to count as "the same content".
///
/// Whitespace runs, line wrapping, trailing spaces, smart vs straight quotes and dash styles
/// are formatting, not content, so they are folded away here and nowhere else.
public enum ComparisonKey {
    /// Folds formatting-only differences. Case is kept: "Data transfer" → "Data Transfer" is a real (trivial) edit.
    ///
    /// Runs on every block and item of every revision, so it works on UTF-8 bytes with an ASCII fast path;
    /// only non-ASCII scalars are decoded and looked at.
    public static func normalize(_ text: String) -> String {
        var text = text
        return text.withUTF8 { normalize(utf8: $0) }
    }

    private static let space = UInt8(ascii: " "), dash = UInt8(ascii: "-")

    private static func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false

        func emit(_ byte: UInt8) {
            if pendingSpace {
                out.append(space)
                pendingSpace = false
            }
            // "--", "---" and "—" are one dash in different styles.
            if byte == dash, out.last == dash { return }
            out.append(byte)
        }

        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            if lead < 0x80 {
                if lead == 0x20 || (0x09...0x0D).contains(lead) {
                    pendingSpace = !out.isEmpty
                } else {
                    emit(lead)
                }
                i += 1
                continue
            }
            // A Swift String is valid UTF-8, so the lead byte gives the length.
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var value = UInt32(lead) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
            for k in 1..<length where i + k < bytes.count {
                value = value << 6 | UInt32(bytes[i + k] & 0x3F)
            }
            switch value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: emit(UInt8(ascii: "'"))
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: emit(UInt8(ascii: "\""))
            case 0x2010...0x2015, 0x2212: emit(dash)
            case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                pendingSpace = !out.isEmpty
            default:
                for k in 0..<length where i + k < bytes.count { emit(bytes[i + k]) }
            }
            i += length
        }
        return String(decoding: out, as: UTF8.self)
    }
}
