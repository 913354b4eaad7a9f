/// GitHub-style heading anchors and small text tests shared by the builder.
enum Slug {
    /// `## **Skills & Tools**` → "skills--tools": lowercase, spaces to `-`, punctuation dropped (letters of any
    /// script, digits, `-` and `_` kept), as GitHub renders anchors. Uniqueness is the caller's job.
    static func make(_ title: String) -> String {
        if let ascii = makeASCII(title) { return ascii }
        var out = String.UnicodeScalarView()
        for scalar in title.lowercased().unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                // ASCII fast path: property lookups are slow and titles are mostly ASCII.
                if value == 0x20 {
                    out.append("-")
                } else if (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) || value == 0x2D || value == 0x5F {
                    out.append(scalar)
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `make` for an all-ASCII title (nearly every one) on its bytes: ASCII lowercasing is `lowercased()` for
    /// such a title, and it avoids building the lowercased copy and a scalar view. `nil` for any other title.
    private static func makeASCII(_ title: String) -> String? {
        let utf8 = title.utf8
        return utf8.withContiguousStorageIfAvailable { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                for byte in bytes {
                    switch byte {
                    case 0x20: out[count] = UInt8(ascii: "-")
                    case 0x41...0x5A: out[count] = byte + 0x20
                    case 0x61...0x7A, 0x30...0x39, 0x2D, 0x5F: out[count] = byte
                    default: continue
                    }
                    count += 1
                }
                return count
            }
        } ?? nil
    }

    /// md4c reports `<https://x>`, bare `https://x` and `[https://x](https://x)` alike as links; when the text is
    /// the destination (or the destination is the text with the scheme md4c adds), the source tells which it was.
    static func looksLikeAutolink(text: String, destination: String) -> Bool {
        if let answer = looksLikeASCIIAutolink(text: text, destination: destination) { return answer }
        return text == destination || destination == "http://" + text || destination == "https://" + text
            || destination == "mailto:" + text
    }

    private static let autolinkSchemes: [[UInt8]] = [Array("http://".utf8), Array("https://".utf8), Array("mailto:".utf8)]

    /// `looksLikeAutolink` on bytes: equal bytes are equal strings, and for ASCII text and destination (nearly every
    /// link) unequal bytes are unequal strings, so no string is built. `nil` (ask `String`) for non-ASCII ones.
    private static func looksLikeASCIIAutolink(text: String, destination: String) -> Bool? {
        var text = text, destination = destination
        return text.withUTF8 { text in
            destination.withUTF8 { destination in
                if destination.elementsEqual(text) { return true }
                guard text.allSatisfy({ $0 < 0x80 }), destination.allSatisfy({ $0 < 0x80 }) else { return nil }
                for scheme in autolinkSchemes {
                    if destination.count == scheme.count + text.count, destination.starts(with: scheme),
                       destination[scheme.count...].elementsEqual(text) {
                        return true
                    }
                }
                return false
            }
        }
    }
}

/// Recognises the attribution at the end of a block quote: `— Name`, `– Name`, `-- Name`, `- Name`
/// (which md4c reads as a one-item list), linked or not, on its own paragraph or as the quote's last line.
enum QuoteAttribution {
    static let maxAttributionBytes = 200
    static let maxNameWords = 12

    static func split(_ rawParts: [QuotePart]) -> (text: String, attribution: String?) {
        var parts = rawParts.filter { !trimASCIIWhitespace($0.text).isEmpty }
        var attribution: String?
        if parts.count >= 2, let last = parts.last {
            let text = trimASCIIWhitespace(last.text)
            if let listID = last.listID, parts.filter({ $0.listID == listID }).count == 1, isNameLike(text) {
                attribution = String(decoding: afterDash(text) ?? text, as: UTF8.self)
                parts.removeLast()
            } else if let name = afterDash(text), name.count <= maxAttributionBytes {
                attribution = String(decoding: name, as: UTF8.self)
                parts.removeLast()
            }
        }
        if attribution == nil, let last = parts.last, let softBreak = last.lastSoftBreak {
            let before = trimASCIIWhitespace(Array(last.text[..<softBreak]))
            let line = trimASCIIWhitespace(Array(last.text[softBreak...]))
            if !before.isEmpty, let name = afterDash(line), name.count <= maxAttributionBytes {
                attribution = String(decoding: name, as: UTF8.self)
                parts[parts.count - 1].text = Array(before)
            }
        }
        let text = parts.map { plainText($0.text) }.joined(separator: "\n")
        if let name = attribution {
            let trimmedName = plainText(Array(name.utf8))
            return (text, trimmedName.isEmpty ? nil : trimmedName)
        }
        return (text, nil)
    }

    /// The words after a leading em dash, en dash, horizontal bar, `--` or `- `; `nil` without one.
    static func afterDash(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let bytes = Array(text)
        var start: Int?
        if bytes.starts(with: [0xE2, 0x80, 0x94]) || bytes.starts(with: [0xE2, 0x80, 0x93]) || bytes.starts(with: [0xE2, 0x80, 0x95]) {
            start = 3
        } else if bytes.starts(with: [0x2D, 0x2D]) {
            start = 2
            while let s = start, s < bytes.count, bytes[s] == 0x2D { start = s + 1 }
        } else if bytes.starts(with: [0x2D, 0x20]) || bytes.starts(with: [0x7E, 0x20]) {
            start = 2
        }
        guard let start else { return nil }
        let rest = trimASCIIWhitespace(Array(bytes[start...]))
        return rest.isEmpty ? nil : rest
    }

    private static func isNameLike(_ text: ArraySlice<UInt8>) -> Bool {
        guard !text.isEmpty, text.count <= maxAttributionBytes, !text.contains(0x0A) else { return false }
        return text.split(separator: 0x20).count <= maxNameWords
    }
}

/// The anchors a page has handed out so far. GitHub numbers repeats `-1`, `-2`, ...; the next number per base
/// is remembered so a page with thousands of equal titles does not retry every earlier number.
///
/// The number is remembered only once a base has repeated: every slug below it stays taken (slugs are never
/// given back), so starting from 0 finds the same slug, and a page of distinct titles, the usual case, costs
/// one set insertion per heading. For the same reason a set rebuilt from a page's slugs (`take`) hands out
/// the same slugs next as the set that made them.
struct SlugSet {
    private var used: Set<String> = []
    private var nextSuffix: [String: Int] = [:]

    mutating func take(_ slug: String) {
        used.insert(slug)
    }

    mutating func unique(_ base: String) -> String {
        var suffix = nextSuffix.isEmpty ? 0 : nextSuffix[base] ?? 0
        var candidate = suffix > 0 ? "\(base)-\(suffix)" : base
        while !used.insert(candidate).inserted {
            suffix += 1
            candidate = "\(base)-\(suffix)"
        }
        if suffix > 0 { nextSuffix[base] = suffix + 1 }
        return candidate
    }
}

/// The open headings above the next one: a section's parent is the nearest earlier section of a lower level.
struct SectionNesting {
    private var stack: [(level: Int, index: Int)] = []

    /// The parent of the section at `index` with heading level `level`, which then becomes open.
    mutating func parent(level: Int, index: Int) -> Int? {
        while let last = stack.last, last.level >= level { stack.removeLast() }
        let parent = stack.last?.index
        stack.append((level: level, index: index))
        return parent
    }
}
