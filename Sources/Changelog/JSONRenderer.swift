import ProfileDiff

/// `--format json`: the documented, versioned schema (`docs/json-schema.md`, `docs/schema/changelog.schema.json`).
///
/// Written by hand rather than with `JSONEncoder` so that it streams commit by commit, keys keep the documented
/// order, and optional values are written as `null` (the shape of every object is the same in every run).
/// `Changelog` decodes back from this output with `JSONDecoder`, which is what `--from-json` uses.
public struct JSONRenderer: ChangelogRenderer {
    public var pretty: Bool
    private var commitsWritten = 0

    public init(pretty: Bool = true) {
        self.pretty = pretty
    }

    public mutating func begin(range: RevisionRangeInfo) -> String {
        commitsWritten = 0
        var w = JSONWriter(pretty: pretty)
        w.openObject()
        w.key("schemaVersion"); w.number(Changelog.currentSchemaVersion)
        w.key("range"); w.openObject()
        w.key("spec"); w.string(range.spec)
        w.key("from"); w.string(range.from)
        w.key("to"); w.string(range.to)
        w.key("mode"); w.string(range.mode.rawValue)
        w.closeObject()
        w.key("commits"); w.openArray()
        return w.output
    }

    public mutating func render(_ commit: CommitEntry) -> String {
        String(decoding: renderUTF8(commit), as: UTF8.self)
    }

    public mutating func renderUTF8(_ commit: CommitEntry) -> [UInt8] {
        // Resume the writer where `begin` left it: inside the top object's `commits` array.
        var w = JSONWriter(pretty: pretty, depth: 2, hasElements: commitsWritten > 0)
        commitsWritten += 1
        w.openObject()
        w.key("id"); w.string(commit.id)
        w.key("subject"); w.string(commit.subject)
        w.key("author"); w.openObject()
        w.key("name"); w.string(commit.author.name)
        w.key("email"); w.string(commit.author.email)
        w.closeObject()
        w.key("date"); w.string(commit.date)
        w.key("files"); w.openArray()
        for file in commit.files {
            w.openObject()
            w.key("path"); w.string(file.path)
            w.key("oldPath"); w.string(file.oldPath)
            w.key("status"); w.string(file.status.rawValue)
            if let displayName = file.displayName { w.key("displayName"); w.string(displayName) }
            if let reason = file.skipReason { w.key("skipReason"); w.string(reason) }
            w.key("changes"); w.openArray()
            for change in file.changes {
                w.openObject()
                w.key("kind"); w.string(change.kind.rawValue)
                w.key("section"); w.openArray()
                for title in change.section { w.string(title) }
                w.closeArray()
                w.key("summary"); w.string(change.summary)
                w.key("level"); w.string(change.level.rawValue)
                w.key("before"); w.string(change.before)
                w.key("after"); w.string(change.after)
                w.key("hidden"); w.bool(change.isHidden)
                w.closeObject()
            }
            w.closeArray()
            w.closeObject()
        }
        w.closeArray()
        w.closeObject()
        return w.utf8
    }

    public mutating func end(notes: [Note]) -> String {
        var w = JSONWriter(pretty: pretty, depth: 2, hasElements: commitsWritten > 0)
        w.closeArray()
        w.key("notes"); w.openArray()
        for note in notes {
            w.openObject()
            w.key("kind"); w.string(note.kind.rawValue)
            w.key("message"); w.string(note.message)
            w.key("commit"); w.string(note.commit)
            w.key("path"); w.string(note.path)
            w.closeObject()
        }
        w.closeArray()
        w.closeObject()
        return w.output + "\n"
    }
}

/// A minimal JSON writer: values in call order, commas and indentation handled, nothing buffered beyond its output.
///
/// Writes UTF-8 bytes and makes one `String` at the end: appending piece by piece to a `String` cost about 80
/// instructions per byte of output (a twelfth of a whole-history run), appending to bytes a few.
struct JSONWriter {
    private var bytes: [UInt8] = []
    let pretty: Bool
    /// For each open container, whether it already holds an element (a comma is due before the next one).
    private var hasElements: [Bool]
    private var afterKey = false

    /// `depth` and `hasElements` describe the innermost open container when resuming inside an existing document.
    init(pretty: Bool, depth: Int = 0, hasElements innermost: Bool = false) {
        self.pretty = pretty
        self.hasElements = Array(repeating: true, count: depth)
        if depth > 0 { self.hasElements[depth - 1] = innermost }
        bytes.reserveCapacity(1024)
    }

    var output: String { String(decoding: bytes, as: UTF8.self) }
    /// The output as written: valid UTF-8, since every string went in whole and escapes are ASCII.
    var utf8: [UInt8] { bytes }

    private mutating func beforeValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard !hasElements.isEmpty else { return }
        if hasElements[hasElements.count - 1] { bytes.append(UInt8(ascii: ",")) }
        hasElements[hasElements.count - 1] = true
        newline()
    }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<hasElements.count {
            bytes.append(UInt8(ascii: " "))
            bytes.append(UInt8(ascii: " "))
        }
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Keys are the schema's names, plain ASCII: written as they are, with no scan for characters to escape.
    mutating func key(_ name: StaticString) {
        beforeValue()
        bytes.append(UInt8(ascii: "\""))
        append(name)
        if pretty { append("\": ") } else { append("\":") }
        afterKey = true
    }

    mutating func openObject() { beforeValue(); bytes.append(UInt8(ascii: "{")); hasElements.append(false) }
    mutating func openArray() { beforeValue(); bytes.append(UInt8(ascii: "[")); hasElements.append(false) }
    mutating func closeObject() { close(UInt8(ascii: "}")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }

    private mutating func close(_ bracket: UInt8) {
        let hadElements = hasElements.popLast() ?? false
        if hadElements { newline() }
        bytes.append(bracket)
    }

    mutating func string(_ value: String?) {
        beforeValue()
        if let value { Self.appendQuoted(value, into: &bytes) } else { append("null") }
    }

    mutating func number(_ value: Int) { beforeValue(); bytes.append(contentsOf: String(value).utf8) }
    mutating func bool(_ value: Bool) { beforeValue(); if value { append("true") } else { append("false") } }

    /// JSON string escaping: quotes, backslash and C0 controls as required; also DEL, C1 controls and
    /// U+2028/U+2029 (so the output is safe to print to a terminal and to embed in JavaScript). Other
    /// non-ASCII stays UTF-8.
    static func appendQuoted(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            // Runs of bytes that need no escaping are copied whole; a run never splits a character, since it
            // ends only before an ASCII byte or a whole sequence that is escaped.
            var run = 0, i = 0
            while i < bytes.count {
                // Eight bytes at a time past ASCII with nothing to escape: no control, quote, backslash or DEL,
                // no byte at or above 0x80 (the leads of C1 controls and of U+2028/U+2029 are among them).
                if i + 8 <= bytes.count, let base = bytes.baseAddress {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    if Self.isPlainASCII(word) {
                        i += 8
                        continue
                    }
                }
                let byte = bytes[i]
                var escape: StaticString?
                var scalar: UInt32?
                var length = 1
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0..<0x20, 0x7F: scalar = UInt32(byte)
                case 0xC2 where i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1]):
                    // C1 controls, U+0080...U+009F.
                    scalar = UInt32(bytes[i + 1])
                    length = 2
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    scalar = bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029
                    length = 3
                default: break
                }
                if escape != nil || scalar != nil {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    if let escape { escape.withUTF8Buffer { output.append(contentsOf: $0) } }
                    if let scalar { appendUnicodeEscape(scalar, into: &output) }
                    run = i + length
                }
                i += length
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// No byte of the word is below 0x20, at or above 0x7F, a quote or a backslash. Each test is exact per lane:
    /// `x + (0x80 - n)` sets a lane's high bit iff the lane is at least n, as long as the lane is below 0x80.
    /// The zero-byte test is `ByteWord.zeroBytes` written out: across the module boundary the compiler called it
    /// instead of inlining it, in the loop over every byte of the output (measured: +0.5 % of all instructions).
    @inline(__always)
    static func isPlainASCII(_ word: UInt64) -> Bool {
        let high: UInt64 = 0x8080_8080_8080_8080
        if word & high != 0 { return false }
        let atLeastSpace = word &+ 0x6060_6060_6060_6060           // lane >= 0x20
        let atLeastDEL = word &+ 0x0101_0101_0101_0101             // lane >= 0x7F
        let quote = word ^ 0x2222_2222_2222_2222, backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let quoteZero = ~(((quote & low) &+ low) | quote) & high
        let backslashZero = ~(((backslash & low) &+ low) | backslash) & high
        return atLeastSpace & high == high && atLeastDEL & high == 0 && quoteZero | backslashZero == 0
    }

    /// `\u` and four lowercase hex digits.
    private static func appendUnicodeEscape(_ value: UInt32, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        output.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            let digit = UInt8(truncatingIfNeeded: value >> UInt32(shift) & 0xF)
            output.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
        }
    }
}
