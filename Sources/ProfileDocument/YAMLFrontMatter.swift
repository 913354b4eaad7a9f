import Foundation
import Yams

// MARK: - YAML

/// YAML through Yams' node API (`compose`), which keeps key order and does not expand aliases by itself.
struct YAMLFrontMatter {
    let options: ProfileDocument.ParseOptions
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []

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
            // The encoding is named rather than left to `Parser.Encoding.default`, which reads the whole process
            // environment on every call (a third of the cost of a small front matter) and, if YAMS_DEFAULT_ENCODING
            // is set, prints a notice to stdout, into our JSON. UTF-8 is what the default picks on this platform.
            // The resolver is Yams' basic one, without rules: `typedScalar` types scalars itself, and the only use
            // Yams makes of the resolver while composing is its duplicate-key check, which hashes every key with its
            // resolved tag, running the default resolver's regular expressions on each: 70 % of Yams' time.
            root = try Yams.compose(yaml: text, .basic, .default, .utf8)
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
        commentedOutEntries(in: content, firstLine: firstLine, separator: UInt8(ascii: ":")) { text, lineNumber in
            var single = YAMLFrontMatter(options: options, lineOffset: lineNumber - 1)
            let parsed = single.entries(of: text, salvage: false)
            return single.diagnostics.isEmpty && parsed.count == 1 ? parsed[0] : nil
        }
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
