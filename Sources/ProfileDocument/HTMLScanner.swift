/// A small, forgiving scanner for the raw HTML that Markdown lets through: enough to find comments,
/// `<a href>` and `<img src alt>`, and the text between tags. Not an HTML parser: it never builds a tree.
///
/// Work is linear in the input: each `<` looks for its `>` through a cached "next `>`" position,
/// and each `<!--` for its `-->` once.
enum HTMLScanner {
    enum Event {
        /// Bytes outside any tag or comment.
        case text(Range<Int>)
        /// The inside of `<!-- ... -->` (to the end of input when unclosed); `whole` includes the markers.
        case comment(inner: Range<Int>, whole: Range<Int>)
        /// A start or end tag with lowercased name and attribute names.
        case tag(HTMLTag, whole: Range<Int>)
    }

    static func scan(_ bytes: [UInt8], _ handle: (Event) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            scan(buffer, handle)
        }
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ handle: (Event) -> Void) {
        let count = bytes.count
        var index = 0
        var textStart = 0
        var nextGreater = -1
        func flushText(_ end: Int) {
            if end > textStart { handle(.text(textStart..<end)) }
        }
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if hasPrefix(bytes, at: index, "<!--") {
                flushText(index)
                let innerStart = index + 4
                var innerEnd = count
                var end = count
                // `<!-->` and `<!--->` are complete, empty comments.
                if innerStart < count, bytes[innerStart] == UInt8(ascii: ">") {
                    innerEnd = innerStart
                    end = innerStart + 1
                } else if hasPrefix(bytes, at: innerStart, "->") {
                    innerEnd = innerStart
                    end = innerStart + 2
                } else if let close = find(bytes, "-->", from: innerStart) {
                    innerEnd = close
                    end = close + 3
                }
                handle(.comment(inner: innerStart..<innerEnd, whole: index..<end))
                index = end
                textStart = end
                continue
            }
            if nextGreater < index {
                nextGreater = index
                while nextGreater < count, bytes[nextGreater] != UInt8(ascii: ">") { nextGreater += 1 }
            }
            guard nextGreater < count else {
                // No `>` anywhere after this point: the rest is text.
                break
            }
            let afterLess = index + 1
            let isTagStart = afterLess < count && (isASCIILetter(bytes[afterLess])
                || (bytes[afterLess] == UInt8(ascii: "/") && afterLess + 1 < count && isASCIILetter(bytes[afterLess + 1]))
                || bytes[afterLess] == UInt8(ascii: "!") || bytes[afterLess] == UInt8(ascii: "?"))
            guard isTagStart else {
                index += 1
                continue
            }
            flushText(index)
            let end = nextGreater + 1
            if let tag = HTMLTag(UnsafeBufferPointer(rebasing: bytes[index..<end])) {
                handle(.tag(tag, whole: index..<end))
            }
            index = end
            textStart = end
        }
        flushText(count)
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        let start = prefix.utf8Start
        for offset in 0..<length where bytes[index + offset] != start[offset] { return false }
        return true
    }

    static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString, from start: Int) -> Int? {
        let length = needle.utf8CodeUnitCount
        guard length > 0, bytes.count >= length else { return nil }
        let first = needle.utf8Start[0]
        var index = start
        while index + length <= bytes.count {
            if bytes[index] == first, hasPrefix(bytes, at: index, needle) { return index }
            index += 1
        }
        return nil
    }
}

/// One HTML tag: `<a href="/x" target=_blank>` → name "a", attributes href and target.
struct HTMLTag {
    var name: String
    var isClosing: Bool
    /// Lowercased names; values with the common character references decoded. First occurrence wins, as in browsers.
    var attributes: [(name: String, value: String)]

    subscript(attribute: String) -> String? {
        attributes.first { $0.name == attribute }?.value
    }

    /// Parses `bytes`, which run from `<` to the closing `>`.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        guard count >= 2, bytes[0] == UInt8(ascii: "<") else { return nil }
        var index = 1
        isClosing = false
        if bytes[index] == UInt8(ascii: "/") {
            isClosing = true
            index += 1
        }
        let nameStart = index
        while index < count, HTMLTag.isNameByte(bytes[index]) { index += 1 }
        name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<index]), as: UTF8.self).lowercased()
        attributes = []
        guard !name.isEmpty else { return }
        let end = count - 1  // the `>`
        while index < end {
            let byte = bytes[index]
            if HTMLTag.isSpace(byte) || byte == UInt8(ascii: "/") {
                index += 1
                continue
            }
            let attributeStart = index
            while index < end, !HTMLTag.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: "/") || index == attributeStart {
                index += 1
            }
            let attributeName = String(decoding: UnsafeBufferPointer(rebasing: bytes[attributeStart..<index]), as: UTF8.self).lowercased()
            while index < end, HTMLTag.isSpace(bytes[index]) { index += 1 }
            var value = ""
            if index < end, bytes[index] == UInt8(ascii: "=") {
                index += 1
                while index < end, HTMLTag.isSpace(bytes[index]) { index += 1 }
                if index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    index += 1
                    let valueStart = index
                    while index < end, bytes[index] != quote { index += 1 }
                    value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<index]), as: UTF8.self)
                    index += 1
                } else {
                    let valueStart = index
                    while index < end, !HTMLTag.isSpace(bytes[index]) { index += 1 }
                    value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<index]), as: UTF8.self)
                }
            }
            if !attributeName.isEmpty, !attributes.contains(where: { $0.name == attributeName }) {
                attributes.append((name: attributeName, value: CharacterReference.decode(value)))
            }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        HTMLScanner.isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
}

/// HTML character references (`&amp;`, `&#8212;`, `&#x2014;`): numeric ones fully, named ones for the
/// characters profile pages actually use; unknown names stay as written.
enum CharacterReference {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "mdash": "\u{2014}", "ndash": "\u{2013}", "hellip": "\u{2026}", "copy": "\u{00A9}", "reg": "\u{00AE}",
        "trade": "\u{2122}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
        "middot": "\u{00B7}", "bull": "\u{2022}", "times": "\u{00D7}", "rarr": "\u{2192}", "larr": "\u{2190}",
        "deg": "\u{00B0}", "euro": "\u{20AC}", "pound": "\u{00A3}", "shy": "\u{00AD}", "zwj": "\u{200D}",
    ]

    /// Decodes one reference written as `&...;`; `nil` when it is not one this knows.
    static func decodeOne(_ reference: Substring) -> String? {
        guard reference.hasPrefix("&"), reference.hasSuffix(";"), reference.count >= 3 else { return nil }
        let body = reference.dropFirst().dropLast()
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value: UInt32?
            if digits.hasPrefix("x") || digits.hasPrefix("X") {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits)
            }
            guard let value else { return nil }
            // NUL and invalid scalars become U+FFFD, as CommonMark says.
            guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
            return String(Character(scalar))
        }
        return named[String(body)]
    }

    /// Decodes every reference in an attribute value.
    static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var out = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            out += rest[..<ampersand]
            let tail = rest[ampersand...]
            if let semicolon = tail.prefix(40).firstIndex(of: ";"), let decoded = decodeOne(tail[...semicolon]) {
                out += decoded
                rest = tail[tail.index(after: semicolon)...]
            } else {
                out += "&"
                rest = tail.dropFirst()
            }
        }
        out += rest
        return out
    }
}
