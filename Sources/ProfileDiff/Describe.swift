import ProfileDocument

/// How blocks and sections are named and counted in summaries.
enum Describe {
    /// A paragraph that only holds images ("![Shoggoth](...)"): reported as images, not as text.
    static func isImageOnly(_ block: Block) -> Bool {
        guard block.kind == .paragraph, !block.images.isEmpty else { return false }
        if block.key.isEmpty { return true }
        let textWords = TextMetrics.wordSet([block.key])
        let altWords = TextMetrics.wordSet(block.images.map(\.alt))
        return textWords.isSubset(of: altWords)
    }

    /// "4 quotes", "5 images", "3 items", "2 paragraphs", "empty": what a reader sees first in a section.
    /// Counts visible content, or the hidden content when the section shows none.
    static func census(_ blocks: [Block]) -> String {
        let visible = blocks.filter { !$0.isHidden }
        let counted = visible.isEmpty ? blocks : visible
        var quotes = 0, images = 0, items = 0, tables = 0, code = 0, paragraphs = 0
        for block in counted {
            switch block.kind {
            case .quote: quotes += 1
            case .list:
                let shown = block.items.filter { !$0.isHidden || block.isHidden }
                items += shown.count
                images += shown.reduce(0) { $0 + $1.images.count }
            case .table: tables += 1
            case .code: code += 1
            case .paragraph:
                if isImageOnly(block) { images += block.images.count } else { paragraphs += 1; images += block.images.count }
            case .html, .thematicBreak: break
            }
        }
        var parts: [String] = []
        if quotes > 0 { parts.append(TextMetrics.count(quotes, "quote")) }
        if images > 0 { parts.append(TextMetrics.count(images, "image")) }
        if items > 0 { parts.append(TextMetrics.count(items, "item")) }
        if tables > 0 { parts.append(TextMetrics.count(tables, "table")) }
        if code > 0 { parts.append(TextMetrics.count(code, "code block")) }
        if parts.isEmpty && paragraphs > 0 { parts.append(TextMetrics.count(paragraphs, "paragraph")) }
        if parts.isEmpty { return "empty" }
        return parts.prefix(2).joined(separator: ", ")
    }

    /// Content units, for the "too small to be rewritten" rule: a list counts its items, a table its rows.
    static func units(_ blocks: [Block]) -> Int {
        blocks.reduce(0) { total, block in
            switch block.kind {
            case .list: return total + max(1, block.items.count)
            case .table: return total + max(1, block.rows.count)
            case .thematicBreak: return total
            default: return total + 1
            }
        }
    }

    static func noun(_ block: Block) -> String {
        switch block.kind {
        case .paragraph: return isImageOnly(block) ? "image" : "paragraph"
        case .list: return "list"
        case .quote: return "quote"
        case .code: return "code block"
        case .table: return "table"
        case .html: return htmlName(block.text)
        case .thematicBreak: return "horizontal rule"
        }
    }

    /// `<script>` for an HTML block, from its first tag (looking inside a comment's `<!--` too).
    static func htmlName(_ text: String) -> String {
        let bytes = Array(text.utf8.prefix(512))
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count {
                var end = index + 1
                while end < bytes.count, isTagByte(bytes[end]) { end += 1 }
                if end > index + 1, isLetter(bytes[index + 1]) {
                    return "<" + String(decoding: bytes[(index + 1)..<end], as: UTF8.self).lowercased() + ">"
                }
            }
            index += 1
        }
        return "HTML block"
    }

    static func isComment(_ text: String) -> Bool {
        var utf8 = text.utf8[...]
        while let first = utf8.first, first == 0x20 || first == 0x0A || first == 0x09 || first == 0x0D { utf8 = utf8.dropFirst() }
        return utf8.starts(with: "<!--".utf8)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isTagByte(_ byte: UInt8) -> Bool { isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") }

    /// A text in double quotes for a summary; a text already in quotes (a quotation) is not quoted twice.
    static func quoted(_ text: String, limit: Int = 60) -> String {
        let snippet = TextMetrics.snippet(text, limit: limit)
        if snippet.hasPrefix("\""), snippet.hasSuffix("\"") || snippet.hasSuffix("…"), snippet.utf8.count > 1 { return snippet }
        return "\"" + snippet + "\""
    }

    static func link(_ link: Link) -> String {
        let text = ComparisonKey.normalize(link.text)
        if text.isEmpty || text == link.destination { return "link \(link.destination)" }
        return "link \"\(text)\" → \(link.destination)"
    }

    static func image(_ image: Image) -> String {
        let alt = ComparisonKey.normalize(image.alt)
        return alt.isEmpty ? "image \(image.source)" : "image \"\(alt)\" (\(image.source))"
    }
}
