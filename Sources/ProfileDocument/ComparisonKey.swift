/// Comparison keys: what two texts must share to count as "the same content".
///
/// Whitespace runs, line wrapping, trailing spaces, smart vs straight quotes and dash styles
/// are formatting, not content, so they are folded away here and nowhere else.
public enum ComparisonKey {
    /// Folds formatting-only differences. Case is kept: "Data transfer" → "Data Transfer" is a real (trivial) edit.
    public static func normalize(_ text: String) -> String {
        // Built as UTF-8 bytes with an ASCII fast path: Unicode property lookups dominated parse time.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let folded: Unicode.Scalar
            switch scalar.value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: folded = "'"
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: folded = "\""
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: folded = "-"
            case 0x00A0, 0x2007, 0x202F: folded = " "
            default: folded = scalar
            }
            let isWhitespace = folded.value < 0x80
                ? (folded.value == 0x20 || (folded.value >= 0x09 && folded.value <= 0x0D))
                : folded.properties.isWhitespace
            if isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            // "--", "---" and "—" are one dash in different styles.
            if folded == "-", out.last == 0x2D { continue }
            if folded.value < 0x80 {
                out.append(UInt8(folded.value))
            } else {
                if let encoded = UTF8.encode(folded) { out.append(contentsOf: encoded) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
