import Foundation

/// Where the front matter sits in the source, found on bytes before any parser sees the text.
struct FrontMatterSplit: Equatable, Sendable {
    var format: FrontMatter.Format
    /// The bytes between the delimiters (for JSON: the object itself, braces included).
    var content: Range<Int>
    /// 1-based file line of the first content byte.
    var contentFirstLine: Int
    /// Delimiters included.
    var lines: LineRange
    /// First byte of the Markdown body.
    var bodyStart: Int
}

/// Splits off and parses front matter the way Hugo recognises it: `---` YAML, `+++` TOML, or a JSON object
/// whose closing brace ends a line.
enum FrontMatterParser {
    /// Finds the front matter; an opening delimiter without a closing one is reported and the whole file is body.
    static func split(_ source: SourceText) -> (split: FrontMatterSplit?, diagnostic: Diagnostic?) {
        let bytes = source.bytes
        guard let first = bytes.first else { return (nil, nil) }
        if first == UInt8(ascii: "{") {
            return splitJSON(source)
        }
        let firstLine = trimmedTrailing(source, line: 1)
        let delimiter: [UInt8]
        let format: FrontMatter.Format
        if firstLine.elementsEqual("---".utf8) {
            delimiter = Array("---".utf8)
            format = .yaml
        } else if firstLine.elementsEqual("+++".utf8) {
            delimiter = Array("+++".utf8)
            format = .toml
        } else {
            return (nil, nil)
        }
        var line = 2
        while line <= source.lineCount {
            let text = trimmedTrailing(source, line: line)
            if text.elementsEqual(delimiter) || (format == .yaml && text.elementsEqual("...".utf8)) {
                let contentStart = source.lineCount >= 2 ? source.lineStarts[1] : bytes.count
                let contentEnd = source.lineStarts[line - 1]
                let bodyStart = line < source.lineCount ? source.lineStarts[line] : bytes.count
                return (FrontMatterSplit(format: format, content: contentStart..<max(contentStart, contentEnd),
                                         contentFirstLine: 2, lines: LineRange(start: 1, end: line),
                                         bodyStart: bodyStart), nil)
            }
            line += 1
        }
        let close = String(decoding: delimiter, as: UTF8.self)
        return (nil, Diagnostic(severity: .error,
                                message: "front matter: \(format.rawValue): opening '\(close)' has no closing '\(close)'; read as body",
                                line: 1))
    }

    private static func splitJSON(_ source: SourceText) -> (split: FrontMatterSplit?, diagnostic: Diagnostic?) {
        let bytes = source.bytes
        var depth = 0
        var inString = false
        var escaped = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    let closeLine = source.line(at: index)
                    let rest = (index + 1)..<source.lineRange(closeLine).upperBound
                    if rest.allSatisfy({ bytes[$0] == 0x20 || bytes[$0] == 0x09 }) {
                        let bodyStart = closeLine < source.lineCount ? source.lineStarts[closeLine] : bytes.count
                        return (FrontMatterSplit(format: .json, content: 0..<(index + 1), contentFirstLine: 1,
                                                 lines: LineRange(start: 1, end: closeLine), bodyStart: bodyStart), nil)
                    }
                    break
                }
            }
            index += 1
        }
        return (nil, Diagnostic(severity: .error,
                                message: "front matter: json: the object opened on line 1 is not closed by a '}' ending a line; read as body",
                                line: 1))
    }

    private static func trimmedTrailing(_ source: SourceText, line: Int) -> ArraySlice<UInt8> {
        let range = source.lineRange(line)
        var end = range.upperBound
        while end > range.lowerBound, source.bytes[end - 1] == 0x20 || source.bytes[end - 1] == 0x09 { end -= 1 }
        return source.bytes[range.lowerBound..<end]
    }

    /// Parses the split-off block. Never fails: problems become diagnostics and what could be read is kept.
    static func parse(_ split: FrontMatterSplit, source: SourceText, options: ProfileDocument.ParseOptions)
        -> (frontMatter: FrontMatter, diagnostics: [Diagnostic]) {
        // Front matter rarely changes from one revision of a page to the next, and YAML parsing is a tenth of a
        // whole history's work: the same text at the same place parses to the same value, so parse it once.
        let key = FrontMatterCache.Key(format: split.format, content: Array(source.bytes[split.content]), lines: split.lines,
                                       firstLine: split.contentFirstLine, options: options)
        if let cached = FrontMatterCache.shared.value(for: key) { return cached }
        let parsed = parseUncached(split, source: source, options: options)
        FrontMatterCache.shared.store(parsed, for: key)
        return parsed
    }

    private static func parseUncached(_ split: FrontMatterSplit, source: SourceText, options: ProfileDocument.ParseOptions)
        -> (frontMatter: FrontMatter, diagnostics: [Diagnostic]) {
        var frontMatter = FrontMatter(format: split.format, lines: split.lines)
        var diagnostics: [Diagnostic] = []
        let content = source.bytes[split.content]
        if content.count > options.maxFrontMatterBytes {
            diagnostics.append(Diagnostic(severity: .error,
                                          message: "front matter: \(split.format.rawValue): \(content.count) bytes is over the limit of \(options.maxFrontMatterBytes); not parsed",
                                          line: split.lines.start))
            return (frontMatter, diagnostics)
        }
        let text = String(decoding: content, as: UTF8.self)
        let lineOffset = split.contentFirstLine - 1
        switch split.format {
        case .yaml:
            var reader = YAMLFrontMatter(options: options, lineOffset: lineOffset)
            frontMatter.entries = reader.entries(of: text, salvage: true)
            diagnostics += reader.diagnostics
            frontMatter.hiddenEntries = reader.hiddenEntries(in: content, firstLine: split.contentFirstLine)
        case .toml:
            var reader = TOMLFrontMatter(options: options, lineOffset: lineOffset)
            frontMatter.entries = reader.entries(of: text)
            diagnostics += reader.diagnostics
            frontMatter.hiddenEntries = reader.hiddenEntries(in: content, firstLine: split.contentFirstLine)
        case .json:
            var reader = JSONFrontMatter(options: options, lineOffset: lineOffset)
            frontMatter.entries = reader.entries(of: content)
            diagnostics += reader.diagnostics
        }
        // Parsers count lines their own way (YAML also breaks lines at U+0085, U+2028 and U+2029, and reports an
        // unexpected end on the line after the last): every line said to the reader stays inside the block.
        let block = split.lines.start...split.lines.end
        func clamp(_ line: Int) -> Int { min(max(line, block.lowerBound), block.upperBound) }
        for index in diagnostics.indices { diagnostics[index].line = diagnostics[index].line.map(clamp) }
        for index in frontMatter.entries.indices { frontMatter.entries[index].line = clamp(frontMatter.entries[index].line) }
        for index in frontMatter.hiddenEntries.indices {
            frontMatter.hiddenEntries[index].line = clamp(frontMatter.hiddenEntries[index].line)
        }
        return (frontMatter, diagnostics)
    }
}

// MARK: - Shared helpers

/// Converts a tree of parser values into `FrontMatterValue`s without recursion, visiting at most `budget` nodes.
///
/// Why a budget: YAML aliases make a 432-byte file expand into billions of nodes; counting visits,
/// not input size, is what bounds the work.
struct ValueTreeConverter<Source> {
    enum Shape {
        case leaf(FrontMatterValue)
        case sequence([Source])
        case mapping([(key: String, line: Int, value: Source)])
    }

    private enum Frame {
        case sequence(children: [Source], next: Int, values: [FrontMatterValue])
        case mapping(children: [(key: String, line: Int, value: Source)], next: Int, entries: [FrontMatterEntry])
    }

    let shape: (Source) -> Shape
    var visited = 0
    let budget: Int
    let maxDepth: Int
    private(set) var exceededBudget = false
    private(set) var exceededDepth = false

    init(budget: Int, maxDepth: Int, shape: @escaping (Source) -> Shape) {
        self.budget = budget
        self.maxDepth = maxDepth
        self.shape = shape
    }

    /// `nil` once the budget is spent (the caller keeps what it already has).
    mutating func convert(_ root: Source) -> FrontMatterValue? {
        var stack: [Frame] = []
        var pendingValue: FrontMatterValue?
        var pendingSource: Source? = root
        while true {
            if let source = pendingSource {
                pendingSource = nil
                visited += 1
                if visited > budget {
                    exceededBudget = true
                    return nil
                }
                switch shape(source) {
                case .leaf(let value):
                    pendingValue = value
                case .sequence(let children):
                    if stack.count >= maxDepth {
                        exceededDepth = true
                        pendingValue = .array([])
                    } else {
                        stack.append(.sequence(children: children, next: 0, values: []))
                    }
                case .mapping(let children):
                    if stack.count >= maxDepth {
                        exceededDepth = true
                        pendingValue = .table([])
                    } else {
                        stack.append(.mapping(children: children, next: 0, entries: []))
                    }
                }
            }
            // Hand a finished value to its parent, then find the next child to visit.
            guard var top = stack.popLast() else { return pendingValue }
            switch top {
            case .sequence(let children, var next, var values):
                if let value = pendingValue { values.append(value); pendingValue = nil }
                if next < children.count {
                    pendingSource = children[next]
                    next += 1
                    top = .sequence(children: children, next: next, values: values)
                    stack.append(top)
                } else {
                    pendingValue = .array(values)
                }
            case .mapping(let children, var next, var entries):
                if let value = pendingValue {
                    let child = children[next - 1]
                    entries.append(FrontMatterEntry(key: child.key, value: value, line: child.line))
                    pendingValue = nil
                }
                if next < children.count {
                    pendingSource = children[next].value
                    next += 1
                    top = .mapping(children: children, next: next, entries: entries)
                    stack.append(top)
                } else {
                    pendingValue = .table(entries)
                }
            }
        }
    }
}

/// Lines such as `# date: 2024-02-17` or `#draft = true`: a key the author switched off.
/// Returns the line's text after the `#`, when it looks like `key: value` / `key = value`.
/// Lines like `# date: 2024-02-17` (YAML) or `# date = 2024-02-17` (TOML): keys a writer hid by commenting them out.
/// `parse` reads the uncommented text in the format's own syntax; when it cannot, the value is kept as a string.
func commentedOutEntries(in content: ArraySlice<UInt8>, firstLine: Int, separator: UInt8,
                         parse: (_ text: String, _ lineNumber: Int) -> FrontMatterEntry?) -> [FrontMatterEntry] {
    var hidden: [FrontMatterEntry] = []
    var lineNumber = firstLine - 1
    for line in content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        lineNumber += 1
        var body = line
        if body.last == 0x0D { body = body.dropLast() }
        guard let (key, text) = commentedKeyLine(body, separator: separator) else { continue }
        if let parsed = parse(text, lineNumber) {
            hidden.append(FrontMatterEntry(key: parsed.key, value: parsed.value, line: lineNumber))
        } else {
            let afterSeparator = text.utf8.firstIndex(of: separator).map { text.utf8.index(after: $0) } ?? text.utf8.endIndex
            hidden.append(FrontMatterEntry(key: key, value: .string(trimmed(String(text[afterSeparator...]))), line: lineNumber))
        }
    }
    return hidden
}

func commentedKeyLine(_ line: ArraySlice<UInt8>, separator: UInt8) -> (key: String, text: String)? {
    var index = line.startIndex
    guard index < line.endIndex, line[index] == UInt8(ascii: "#") else { return nil }
    index += 1
    while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
    let keyStart = index
    while index < line.endIndex {
        let byte = line[index]
        let isKeyByte = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        if !isKeyByte { break }
        index += 1
    }
    guard index > keyStart else { return nil }
    let key = String(decoding: line[keyStart..<index], as: UTF8.self)
    var cursor = index
    while cursor < line.endIndex, line[cursor] == 0x20 || line[cursor] == 0x09 { cursor += 1 }
    guard cursor < line.endIndex, line[cursor] == separator else { return nil }
    // YAML needs a space (or the end) after the colon: `# see: http://x` is a key, `# http://x` is not.
    if separator == UInt8(ascii: ":"), cursor + 1 < line.endIndex, line[cursor + 1] != 0x20, line[cursor + 1] != 0x09 {
        return nil
    }
    return (key, String(decoding: line[keyStart..<line.endIndex], as: UTF8.self))
}

/// Messages from the parsers start with a capital ("Error while parsing"); ours are lowercase throughout.
func lowercasedFirst(_ text: String) -> String {
    guard let first = text.first, first.isUppercase else { return text }
    return first.lowercased() + text.dropFirst()
}

func trimmed(_ text: String) -> String {
    var scalars = Substring(text).unicodeScalars
    while let first = scalars.first, first == " " || first == "\t" || first == "\r" || first == "\n" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" || last == "\r" || last == "\n" { scalars.removeLast() }
    return String(scalars)
}
