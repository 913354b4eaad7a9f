import Foundation
import TOMLKit
import Yams

/// Where the front matter sits in the source, found on bytes before any parser sees the text.
struct FrontMatterSplit {
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

private func trimmed(_ text: String) -> String {
    var scalars = Substring(text).unicodeScalars
    while let first = scalars.first, first == " " || first == "\t" || first == "\r" || first == "\n" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" || last == "\r" || last == "\n" { scalars.removeLast() }
    return String(scalars)
}

// MARK: - YAML

/// YAML through Yams' node API (`compose`), which keeps key order and does not expand aliases by itself.
struct YAMLFrontMatter {
    let options: ProfileDocument.ParseOptions
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []

    init(options: ProfileDocument.ParseOptions, lineOffset: Int) {
        self.options = options
        self.lineOffset = lineOffset
    }

    /// Top-level entries; with `salvage`, a broken document is read again line by line to keep its simple keys.
    mutating func entries(of text: String, salvage: Bool) -> [FrontMatterEntry] {
        if let tooDeep = YAMLFrontMatter.nestingProblem(text, limit: options.maxFrontMatterDepth)
            ?? YAMLFrontMatter.aliasKeyProblem(text) {
            diagnostics.append(Diagnostic(severity: .error, message: "front matter: yaml: \(tooDeep); not parsed",
                                          line: lineOffset + 1))
            return salvage ? salvageEntries(text) : []
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            let (message, line) = YAMLFrontMatter.describe(error)
            let fileLine = line.map { $0 + lineOffset }
            diagnostics.append(Diagnostic(severity: .error, message: "front matter: yaml: \(message)" + (fileLine.map { " (line \($0))" } ?? ""),
                                          line: fileLine))
            return salvage ? salvageEntries(text) : []
        }
        guard let root else { return [] }
        guard case .mapping(let mapping) = root else {
            diagnostics.append(Diagnostic(severity: .error, message: "front matter: yaml: expected keys and values, found a single value",
                                          line: root.mark.map { $0.line + lineOffset }))
            return []
        }
        let offset = lineOffset
        var converter = ValueTreeConverter<Node>(budget: options.maxFrontMatterNodes, maxDepth: options.maxFrontMatterDepth,
                                                 shape: { node in YAMLFrontMatter.shape(node, lineOffset: offset) })
        var entries: [FrontMatterEntry] = []
        for index in mapping.indices {
            let (key, value) = mapping[index]
            guard let converted = converter.convert(value) else { break }
            entries.append(FrontMatterEntry(key: YAMLFrontMatter.keyText(key),
                                            value: converted, line: (key.mark?.line ?? 1) + lineOffset))
        }
        if converter.exceededBudget {
            diagnostics.append(Diagnostic(severity: .error,
                                          message: "front matter: yaml: more than \(options.maxFrontMatterNodes) values (aliases expanding?); kept the first \(entries.count) keys",
                                          line: lineOffset + 1))
        }
        if converter.exceededDepth {
            diagnostics.append(Diagnostic(severity: .warning,
                                          message: "front matter: yaml: values nested deeper than \(options.maxFrontMatterDepth) levels were cut",
                                          line: lineOffset + 1))
        }
        return entries
    }

    static let maxSalvagedLines = 1_000

    /// Reads `key: value` lines at column 0 one at a time, so one bad line does not lose the others.
    private mutating func salvageEntries(_ text: String) -> [FrontMatterEntry] {
        var entries: [FrontMatterEntry] = []
        var lineNumber = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            // Each line is its own Yams run: bound the work on huge broken blocks.
            if lineNumber > YAMLFrontMatter.maxSalvagedLines { break }
            guard let first = line.first, first != 0x20, first != 0x09, first != UInt8(ascii: "#"),
                  first != UInt8(ascii: "-"), line.contains(UInt8(ascii: ":")) else { continue }
            var single = YAMLFrontMatter(options: options, lineOffset: lineOffset + lineNumber - 1)
            let parsed = single.entries(of: String(decoding: line, as: UTF8.self), salvage: false)
            if single.diagnostics.isEmpty, parsed.count == 1, !entries.contains(where: { $0.key == parsed[0].key }) {
                entries.append(parsed[0])
            }
        }
        return entries
    }

    /// Commented-out keys at column 0, each parsed as the one-line YAML it would be if uncommented.
    func hiddenEntries(in content: ArraySlice<UInt8>, firstLine: Int) -> [FrontMatterEntry] {
        var hidden: [FrontMatterEntry] = []
        var lineNumber = firstLine - 1
        for line in content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var body = line
            if body.last == 0x0D { body = body.dropLast() }
            guard let (key, text) = commentedKeyLine(body, separator: UInt8(ascii: ":")) else { continue }
            var single = YAMLFrontMatter(options: options, lineOffset: lineNumber - 1)
            let parsed = single.entries(of: text, salvage: false)
            if single.diagnostics.isEmpty, parsed.count == 1 {
                hidden.append(FrontMatterEntry(key: parsed[0].key, value: parsed[0].value, line: lineNumber))
            } else {
                let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")).map { text.utf8.index(after: $0) } ?? text.utf8.endIndex
                hidden.append(FrontMatterEntry(key: key, value: .string(trimmed(String(text[colon...]))), line: lineNumber))
            }
        }
        return hidden
    }

    static func keyText(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string
        case .alias(let alias): return "*" + alias.anchor.rawValue
        case .mapping, .sequence: return "?"
        }
    }

    static func shape(_ node: Node, lineOffset: Int) -> ValueTreeConverter<Node>.Shape {
        switch node {
        case .scalar(let scalar):
            return .leaf(typedScalar(scalar))
        case .sequence(let sequence):
            return .sequence(Array(sequence))
        case .mapping(let mapping):
            return .mapping(mapping.map { (key: keyText($0.key), line: ($0.key.mark?.line ?? 1) + lineOffset, value: $0.value) })
        case .alias:
            return .leaf(.null)
        }
    }

    /// Types a scalar as YAML 1.2's core schema does (what Hugo's YAML library reads), without Yams' regex resolver.
    /// Dates (`2024-02-17`, `2024-02-17T10:00:00Z`) are kept as written.
    static func typedScalar(_ scalar: Node.Scalar) -> FrontMatterValue {
        let text = scalar.string
        let tag = scalar.tag.rawValue
        if tag != Tag.Name.implicit.rawValue && tag != Tag.Name.nonSpecific.rawValue {
            switch tag {
            case Tag.Name.str.rawValue: return .string(text)
            case Tag.Name.int.rawValue: return Int(text).map { .integer($0) } ?? .string(text)
            case Tag.Name.float.rawValue: return Double(text).flatMap { $0.isFinite ? .double($0) : nil } ?? .string(text)
            case Tag.Name.bool.rawValue: return .bool(text.lowercased() == "true")
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.timestamp.rawValue: return .date(text)
            default: return .string(text)
            }
        }
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        return plainScalar(text)
    }

    static func plainScalar(_ text: String) -> FrontMatterValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        // Infinity and NaN stay text: JSON cannot encode them and NaN would make a document unequal to itself.
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .string(text)
        default: break
        }
        let utf8 = Array(text.utf8)
        if isTimestamp(utf8) { return .date(text) }
        guard let first = utf8.first,
              (first >= 0x30 && first <= 0x39) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
        else { return .string(text) }
        if text.hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return .integer(value) }
        if text.hasPrefix("0o"), let value = Int(text.dropFirst(2), radix: 8) { return .integer(value) }
        if let value = Int(text) { return .integer(value) }
        let isDecimal = utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D || $0 == 0x65 || $0 == 0x45 }
        if isDecimal, let value = Double(text), value.isFinite { return .double(value) }
        return .string(text)
    }

    /// `YYYY-MM-DD`, optionally followed by `T` or spaces and a time.
    static func isTimestamp(_ utf8: [UInt8]) -> Bool {
        guard utf8.count >= 10 else { return false }
        func digit(_ i: Int) -> Bool { utf8[i] >= 0x30 && utf8[i] <= 0x39 }
        guard digit(0), digit(1), digit(2), digit(3), utf8[4] == 0x2D,
              digit(5), utf8[6] == 0x2D || digit(6) else { return false }
        // Months and days may have one digit in YAML 1.1 timestamps; accept the common two-digit form strictly.
        guard digit(5), digit(6), utf8[7] == 0x2D, digit(8), digit(9) else { return false }
        if utf8.count == 10 { return true }
        let separator = utf8[10]
        return separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == 0x20 || separator == 0x09
    }

    /// Yams' recursive composer would overflow the stack on input nested thousands deep; measure before calling it.
    static func nestingProblem(_ text: String, limit: Int) -> String? {
        var flowDepth = 0
        var maxFlow = 0
        var atLineStart = true
        var prefix = 0
        var maxPrefix = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                maxFlow = max(maxFlow, flowDepth)
                atLineStart = false
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flowDepth = max(0, flowDepth - 1)
                atLineStart = false
            case 0x0A:
                atLineStart = true
                prefix = 0
            case 0x20, 0x09, UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                if atLineStart {
                    prefix += 1
                    maxPrefix = max(maxPrefix, prefix)
                }
            default:
                atLineStart = false
            }
        }
        if maxFlow > limit { return "values nested \(maxFlow) deep (limit \(limit))" }
        // Each block level costs at least one column of indentation or one `- ` marker.
        if maxPrefix > limit * 4 { return "lines indented \(maxPrefix) columns deep (limit \(limit) levels)" }
        return nil
    }

    /// Yams compares mapping keys by hashing whole nodes: an alias used as a key hashes everything it expands to,
    /// which an alias bomb makes exponential. Front matter has no use for complex or aliased keys, so refuse them.
    static func aliasKeyProblem(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var lineStart = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                lineStart = true
                index += 1
                continue
            }
            if lineStart, byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: "-") {
                index += 1
                continue
            }
            if lineStart, byte == UInt8(ascii: "?"), index + 1 == bytes.count || bytes[index + 1] == 0x20 || bytes[index + 1] == 0x09 || bytes[index + 1] == 0x0A {
                return "complex mapping keys ('? ') are not supported"
            }
            lineStart = false
            // `*name :` — an alias in key position.
            if byte == UInt8(ascii: "*"), index == 0 || [0x20, 0x09, 0x0A, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: "-")].contains(bytes[index - 1]) {
                var cursor = index + 1
                while cursor < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[cursor]) { cursor += 1 }
                while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                if cursor > index + 1, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") {
                    return "aliases used as mapping keys are not supported"
                }
                index = max(index + 1, cursor)
                continue
            }
            index += 1
        }
        return nil
    }

    static func describe(_ error: Error) -> (String, Int?) {
        guard let yamlError = error as? YamlError else { return ("\(error)", nil) }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message = "\(context.text) … \(problem)".trimmingCharacters(in: .whitespaces) }
            return (YAMLFrontMatter.shortened(message), mark.line)
        case .reader(let problem, _, _, _):
            return (problem, nil)
        default:
            return (shortened("\(yamlError)"), nil)
        }
    }

    /// First line of a parser message, at most 200 characters: some messages quote the whole document.
    static func shortened(_ message: String) -> String {
        let firstLine = message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? message
        return lowercasedFirst(firstLine.count > 200 ? String(firstLine.prefix(200)) + "…" : firstLine)
    }
}

// MARK: - TOML

/// TOML through TOMLKit (toml++). toml++ keeps keys sorted, so the written order is recovered from the source lines.
struct TOMLFrontMatter {
    let options: ProfileDocument.ParseOptions
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []

    init(options: ProfileDocument.ParseOptions, lineOffset: Int) {
        self.options = options
        self.lineOffset = lineOffset
    }

    mutating func entries(of text: String) -> [FrontMatterEntry] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line
            diagnostics.append(Diagnostic(severity: .error,
                                          message: "front matter: toml: \(YAMLFrontMatter.shortened(error.description)) (line \(line + lineOffset))",
                                          line: line + lineOffset))
            return []
        } catch {
            diagnostics.append(Diagnostic(severity: .error, message: "front matter: toml: \(error)", line: lineOffset + 1))
            return []
        }
        let order = TOMLFrontMatter.keyLines(text, maxDepth: options.maxFrontMatterDepth)
        let lineOffset = self.lineOffset
        var converter = ValueTreeConverter<(path: [String], value: TOMLValueConvertible)>(
            budget: options.maxFrontMatterNodes, maxDepth: options.maxFrontMatterDepth,
            shape: { item in TOMLFrontMatter.shape(item.value, path: item.path, order: order, lineOffset: lineOffset) })
        guard case .table(let entries)? = converter.convert((path: [], value: table)) else {
            if converter.exceededBudget {
                diagnostics.append(Diagnostic(severity: .error,
                                              message: "front matter: toml: more than \(options.maxFrontMatterNodes) values; not kept",
                                              line: lineOffset + 1))
            }
            return []
        }
        if converter.exceededDepth {
            diagnostics.append(Diagnostic(severity: .warning,
                                          message: "front matter: toml: values nested deeper than \(options.maxFrontMatterDepth) levels were cut",
                                          line: lineOffset + 1))
        }
        return entries
    }

    func hiddenEntries(in content: ArraySlice<UInt8>, firstLine: Int) -> [FrontMatterEntry] {
        var hidden: [FrontMatterEntry] = []
        var lineNumber = firstLine - 1
        for line in content.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var body = line
            if body.last == 0x0D { body = body.dropLast() }
            guard let (key, text) = commentedKeyLine(body, separator: UInt8(ascii: "=")) else { continue }
            var single = TOMLFrontMatter(options: options, lineOffset: lineNumber - 1)
            let parsed = single.entries(of: text)
            if single.diagnostics.isEmpty, parsed.count == 1 {
                hidden.append(FrontMatterEntry(key: parsed[0].key, value: parsed[0].value, line: lineNumber))
            } else {
                let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")).map { text.utf8.index(after: $0) } ?? text.utf8.endIndex
                hidden.append(FrontMatterEntry(key: key, value: .string(trimmed(String(text[equals...]))), line: lineNumber))
            }
        }
        return hidden
    }

    static func shape(_ value: TOMLValueConvertible, path: [String], order: [String: Int], lineOffset: Int)
        -> ValueTreeConverter<(path: [String], value: TOMLValueConvertible)>.Shape {
        let tomlValue = value.tomlValue
        switch tomlValue.type {
        case .table:
            guard let table = tomlValue.table else { return .leaf(.table([])) }
            let keys = table.keys
            let values = table.values
            var children: [(key: String, line: Int, value: (path: [String], value: TOMLValueConvertible))] = []
            for (key, child) in zip(keys, values) {
                let childPath = path + [key]
                let line = order[childPath.joined(separator: "\u{0}")]
                children.append((key: key, line: line.map { $0 + lineOffset } ?? Int.max,
                                 value: (path: childPath, value: child)))
            }
            // Written order where the source shows it; toml++'s (alphabetical) order otherwise.
            children = children.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
            let fallbackLine = order[path.joined(separator: "\u{0}")].map { $0 + lineOffset } ?? lineOffset + 1
            return .mapping(children.map { (key: $0.key, line: $0.line == Int.max ? fallbackLine : $0.line, value: $0.value) })
        case .array:
            guard let array = tomlValue.array else { return .leaf(.array([])) }
            return .sequence(array.map { (path: path, value: $0 as TOMLValueConvertible) })
        case .string: return .leaf(.string(tomlValue.string ?? ""))
        case .int: return .leaf(.integer(tomlValue.int ?? 0))
        case .double:
            let value = tomlValue.double ?? 0
            return .leaf(value.isFinite ? .double(value) : .string(String(value)))
        case .bool: return .leaf(.bool(tomlValue.bool ?? false))
        case .date:
            guard let date = tomlValue.date else { return .leaf(.null) }
            return .leaf(.date(formatDate(date)))
        case .time:
            guard let time = tomlValue.time else { return .leaf(.null) }
            return .leaf(.string(formatTime(time)))
        case .dateTime:
            guard let dateTime = tomlValue.dateTime else { return .leaf(.null) }
            var text = formatDate(dateTime.date) + "T" + formatTime(dateTime.time)
            if let offset = dateTime.offset {
                if offset.offset == 0 {
                    text += "Z"
                } else {
                    let minutes = abs(offset.offset)
                    text += (offset.offset < 0 ? "-" : "+") + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
                }
            }
            return .leaf(.date(text))
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func formatDate(_ date: TOMLDate) -> String {
        pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2)
    }

    private static func formatTime(_ time: TOMLTime) -> String {
        var text = pad(time.hour, 2) + ":" + pad(time.minute, 2) + ":" + pad(time.second, 2)
        if time.nanoSecond > 0 {
            var fraction = pad(time.nanoSecond, 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text
    }

    /// First line (1-based within `text`) where each key path is written: `[a.b]` headers and `k = v` lines.
    /// Keys are joined with NUL. Multi-line strings are skipped so their contents are not taken for keys.
    /// Only paths up to `maxDepth` keys are recorded: the conversion cuts deeper values anyway, and recording every
    /// prefix of a 10,000-key dotted header would be quadratic (seconds for 20 KB, hours for the 1 MiB limit).
    static func keyLines(_ text: String, maxDepth: Int = .max) -> [String: Int] {
        var result: [String: Int] = [:]
        var header: [String] = []
        var inMultiline: [UInt8]?
        var lineNumber = 0
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine)
            if let delimiter = inMultiline {
                if containsSequence(line, delimiter) { inMultiline = nil }
                continue
            }
            var start = 0
            while start < line.count, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
            guard start < line.count, line[start] != UInt8(ascii: "#") else { continue }
            if line[start] == UInt8(ascii: "[") {
                var nameStart = start + 1
                if nameStart < line.count, line[nameStart] == UInt8(ascii: "[") { nameStart += 1 }
                guard let close = line[nameStart...].firstIndex(of: UInt8(ascii: "]")) else { continue }
                header = dottedKey(Array(line[nameStart..<close]))
                for depth in 1...max(1, min(header.count, maxDepth)) where depth <= header.count {
                    let key = header.prefix(depth).joined(separator: "\u{0}")
                    if result[key] == nil { result[key] = lineNumber }
                }
                continue
            }
            guard let equals = line[start...].firstIndex(of: UInt8(ascii: "=")) else { continue }
            let keyPath = header + dottedKey(Array(line[start..<equals]))
            for depth in 1...max(1, min(keyPath.count, maxDepth)) where depth <= keyPath.count {
                let key = keyPath.prefix(depth).joined(separator: "\u{0}")
                if result[key] == nil { result[key] = lineNumber }
            }
            let rest = Array(line[(equals + 1)...])
            for delimiter in [Array("\"\"\"".utf8), Array("'''".utf8)] where occurrences(rest, delimiter) == 1 {
                inMultiline = delimiter
            }
        }
        return result
    }

    private static func dottedKey(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: ".").map { part in
            var key = trimmed(String(part))
            if key.count >= 2, (key.hasPrefix("\"") && key.hasSuffix("\"")) || (key.hasPrefix("'") && key.hasSuffix("'")) {
                key = String(key.dropFirst().dropLast())
            }
            return key
        }
    }

    private static func containsSequence(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        occurrences(haystack, needle) > 0
    }

    private static func occurrences(_ haystack: [UInt8], _ needle: [UInt8]) -> Int {
        guard haystack.count >= needle.count else { return 0 }
        var count = 0
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) {
                count += 1
                i += needle.count
            } else {
                i += 1
            }
        }
        return count
    }
}

// MARK: - JSON

/// JSON through Foundation's JSONSerialization; dictionaries lose order, so a scan of the source supplies it.
struct JSONFrontMatter {
    let options: ProfileDocument.ParseOptions
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []

    init(options: ProfileDocument.ParseOptions, lineOffset: Int) {
        self.options = options
        self.lineOffset = lineOffset
    }

    /// A JSON value with the pre-order number of each object, so it can find its keys' written order.
    private final class ObjectCounter {
        var next = 0
    }

    mutating func entries(of content: ArraySlice<UInt8>) -> [FrontMatterEntry] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(content), options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "invalid JSON"
            diagnostics.append(Diagnostic(severity: .error, message: "front matter: json: \(detail.lowercased())",
                                          line: lineOffset + 1))
            return []
        }
        guard object is [String: Any] else {
            diagnostics.append(Diagnostic(severity: .error, message: "front matter: json: expected an object", line: lineOffset + 1))
            return []
        }
        let objects = JSONFrontMatter.objectKeyOrder(content)
        let counter = ObjectCounter()
        let lineOffset = self.lineOffset
        var converter = ValueTreeConverter<Any>(budget: options.maxFrontMatterNodes, maxDepth: options.maxFrontMatterDepth) { value in
            JSONFrontMatter.shape(value, objects: objects, counter: counter, lineOffset: lineOffset)
        }
        guard case .table(let entries)? = converter.convert(object) else {
            diagnostics.append(Diagnostic(severity: .error,
                                          message: "front matter: json: more than \(options.maxFrontMatterNodes) values; not kept",
                                          line: lineOffset + 1))
            return []
        }
        if converter.exceededDepth {
            diagnostics.append(Diagnostic(severity: .warning,
                                          message: "front matter: json: values nested deeper than \(options.maxFrontMatterDepth) levels were cut",
                                          line: lineOffset + 1))
        }
        return entries
    }

    private static func shape(_ value: Any, objects: [[(key: String, line: Int)]], counter: ObjectCounter, lineOffset: Int)
        -> ValueTreeConverter<Any>.Shape {
        switch value {
        case let dictionary as [String: Any]:
            let index = counter.next
            counter.next += 1
            var written = index < objects.count ? objects[index] : []
            var seen = Set<String>()
            written = written.filter { seen.insert($0.key).inserted }
            let children: [(key: String, line: Int, value: Any)]
            if Set(written.map(\.key)) == Set(dictionary.keys) {
                children = written.compactMap { item in dictionary[item.key].map { (key: item.key, line: item.line + lineOffset, value: $0) } }
            } else {
                children = dictionary.keys.sorted().compactMap { key in dictionary[key].map { (key: key, line: lineOffset + 1, value: $0) } }
            }
            return .mapping(children)
        case let array as [Any]:
            return .sequence(array)
        case let string as String:
            return .leaf(.string(string))
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": return .leaf(.bool(number.boolValue))
            case "f", "d": return .leaf(.double(number.doubleValue))
            default: return .leaf(.integer(number.intValue))
            }
        default:
            return .leaf(.null)
        }
    }

    /// The keys of every object in the order their `{` appears (pre-order), each with its 1-based line.
    static func objectKeyOrder(_ content: ArraySlice<UInt8>) -> [[(key: String, line: Int)]] {
        var objects: [[(key: String, line: Int)]] = []
        // For each open container: the object's index, or -1 for an array; and whether a key is expected next.
        var open: [(object: Int, expectsKey: Bool)] = []
        var line = 1
        var index = content.startIndex
        while index < content.endIndex {
            let byte = content[index]
            switch byte {
            case 0x0A:
                line += 1
            case UInt8(ascii: "{"):
                objects.append([])
                open.append((object: objects.count - 1, expectsKey: true))
            case UInt8(ascii: "["):
                open.append((object: -1, expectsKey: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = open.popLast()
            case UInt8(ascii: ","):
                if let last = open.last, last.object >= 0 { open[open.count - 1].expectsKey = true }
            case UInt8(ascii: "\""):
                let start = index + 1
                var end = start
                var escaped = false
                var hasEscape = false
                while end < content.endIndex {
                    let c = content[end]
                    if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true; hasEscape = true } else if c == UInt8(ascii: "\"") { break }
                    if c == 0x0A { line += 1 }
                    end += 1
                }
                if let last = open.last, last.object >= 0, last.expectsKey {
                    var key = String(decoding: content[start..<min(end, content.endIndex)], as: UTF8.self)
                    if hasEscape, let decoded = try? JSONSerialization.jsonObject(with: Data(("\"" + key + "\"").utf8), options: [.fragmentsAllowed]) as? String {
                        key = decoded
                    }
                    objects[last.object].append((key: key, line: line))
                    open[open.count - 1].expectsKey = false
                }
                index = end
            default:
                break
            }
            index += 1
        }
        return objects
    }
}
