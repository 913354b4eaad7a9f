import Foundation
import TOMLKit

// MARK: - TOML

/// TOML through TOMLKit (toml++). toml++ keeps keys sorted, so the written order is recovered from the source lines.
struct TOMLFrontMatter {
    /// The first construct that would make toml++ (inside TOMLKit) abort the whole process, with its line.
    ///
    /// toml++ asserts instead of reporting an error in a few places (found by `make fuzz`): a date-time whose `T` is
    /// not followed by a digit (`2024-02-17Tx`), a table header whose `[` or `[[` is not followed by a key
    /// (`[!]`, `[` then a line break), a `}` or a U+2028-style line separator where an array's next value should
    /// be (`[}]`, `[1,` then `}`), and a value of ten characters shaped like a date, then a space and a single digit
    /// (`2024-02-01 1`, `2024-02-1= 1`), where toml++ looks for the time of a date-time.
    /// A build without assertions would *assume* the condition instead, which is undefined behaviour. All are invalid
    /// TOML, so they are caught here and reported, and toml++ never sees them.
    /// Strings and comments are skipped, where the same characters are just text.
    static func constructTOMLKitCannotParse(_ text: String) -> (line: Int, problem: String)? {
        let b = Array(text.utf8)
        func digit(_ j: Int) -> Bool { j < b.count && b[j] >= 0x30 && b[j] <= 0x39 }
        func byte(_ j: Int) -> UInt8 { j < b.count ? b[j] : 0 }
        func bareKey(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
        }
        let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\"), dash = UInt8(ascii: "-")
        let bracket = UInt8(ascii: "["), close = UInt8(ascii: "]"), brace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        var i = 0
        var line = 1
        var lineStart = true
        // Arrays and inline tables open inside a value (`x = [`, possibly over several lines), innermost last: a `[`
        // there is not a header.
        var open: [UInt8] = []
        // Just after an array's `[` or one of its commas, where a value or the closing `]` must come.
        var arrayValueDue = false
        // Just after a key's `=`, where its value must come.
        var valueDue = false
        while i < b.count {
            let c = b[i]
            if c == 0x0A {
                line += 1
                i += 1
                lineStart = true
                continue
            }
            // A carriage return too: toml++ skips "\r\n" between an array's values like a line feed.
            if c == 0x20 || c == 0x09 || c == 0x0D {
                i += 1
                continue
            }
            let atLineStart = lineStart
            lineStart = false
            if c == UInt8(ascii: "#") {
                while i < b.count, b[i] != 0x0A { i += 1 }
                continue
            }
            let valueWasDue = arrayValueDue
            let atValue = arrayValueDue || valueDue
            arrayValueDue = false
            valueDue = false
            if atValue, digit(i), let problem = dateWithoutTime(b, at: i) { return (line, problem) }
            // toml++ counts U+0085, U+2028 and U+2029 as whitespace but does not skip them before an array's value.
            let unicodeLineBreak = (c == 0xC2 && byte(i + 1) == 0x85)
                || (c == 0xE2 && byte(i + 1) == 0x80 && (byte(i + 2) == 0xA8 || byte(i + 2) == 0xA9))
            if valueWasDue, c == closeBrace || unicodeLineBreak {
                return (line, "an array needs a value or ']' here")
            }
            if c == quote || c == apostrophe {
                let triple = byte(i + 1) == c && byte(i + 2) == c
                i += triple ? 3 : 1
                while i < b.count {
                    if c == quote, b[i] == backslash {
                        if byte(i + 1) == 0x0A { line += 1 }
                        i += 2
                        continue
                    }
                    if b[i] == 0x0A {
                        if !triple { break }
                        line += 1
                    }
                    if b[i] == c, !triple || (byte(i + 1) == c && byte(i + 2) == c) {
                        i += triple ? 3 : 1
                        break
                    }
                    i += 1
                }
            } else if c == bracket, atLineStart, open.isEmpty {
                var j = i + 1
                let arrayOfTables = byte(j) == bracket
                if arrayOfTables { j += 1 }
                while byte(j) == 0x20 || byte(j) == 0x09 { j += 1 }
                let next = byte(j)
                if j < b.count, !bareKey(next), next != quote, next != apostrophe, next != close, arrayOfTables || next != bracket {
                    return (line, "a table header needs a key after '\(arrayOfTables ? "[[" : "[")'")
                }
                i = j
            } else if c == bracket || c == brace {
                open.append(c)
                arrayValueDue = c == bracket
                i += 1
            } else if c == close || c == closeBrace {
                _ = open.popLast()
                i += 1
            } else if c == UInt8(ascii: ","), open.last == bracket {
                arrayValueDue = true
                i += 1
            } else if c == UInt8(ascii: "=") {
                valueDue = true
                i += 1
            } else if digit(i), digit(i + 1), digit(i + 2), digit(i + 3), byte(i + 4) == dash, digit(i + 5), digit(i + 6),
                      byte(i + 7) == dash, digit(i + 8), digit(i + 9), byte(i + 10) == UInt8(ascii: "T") || byte(i + 10) == UInt8(ascii: "t") {
                if !digit(i + 11) { return (line, "a date-time needs a time after its 'T'") }
                i += 11
            } else {
                i += 1
            }
        }
        return nil
    }

    /// At a value that starts with a digit: toml++ reads up to ten characters of it, and when they are shaped like a
    /// date (`-` fifth and eighth, whatever the others) and followed by a space and a digit, it takes that digit for
    /// the start of a time; with nothing after the digit it asserts. A date-time's time is `HH:MM` at least, so a
    /// space and a digit must be followed by another digit and a `:`; anything else is invalid TOML and reported here.
    /// Characters, not bytes: toml++ counts code points.
    static func dateWithoutTime(_ b: [UInt8], at start: Int) -> String? {
        // Fourteen code points are at most 56 bytes; a sequence cut at the window's end lies past the fourteenth.
        let window = b[start..<min(b.count, start + 56)]
        let scalars = String(decoding: window, as: UTF8.self).unicodeScalars.prefix(14).map(\.value)
        func at(_ k: Int) -> UInt32 { k < scalars.count ? scalars[k] : 0 }
        func isDigit(_ k: Int) -> Bool { at(k) >= 0x30 && at(k) <= 0x39 }
        // toml++'s value terminators: its whitespace (ASCII and the Unicode spaces and line separators) and `,]}#`.
        func ends(_ c: UInt32) -> Bool {
            switch c {
            case 0, 0x09...0x0D, 0x20, 0x2C, 0x5D, 0x7D, 0x23, 0x85, 0xA0, 0x1680, 0x180E, 0x2000...0x200B, 0x2028, 0x2029,
                 0x202F, 0x205F, 0x3000, 0xFEFF:
                return true
            default:
                return false
            }
        }
        guard scalars.count >= 12, (1..<10).allSatisfy({ !ends(at($0)) }), at(4) == 0x2D, at(7) == 0x2D,
              at(10) == 0x20, isDigit(11) else { return nil }
        if isDigit(12) && at(13) == 0x3A { return nil }
        return "a date-time needs its time as HH:MM after the space"
    }

    let options: ProfileDocument.ParseOptions
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []

    mutating func entries(of text: String) -> [FrontMatterEntry] {
        if let (line, problem) = TOMLFrontMatter.constructTOMLKitCannotParse(text) {
            diagnostics.append(Diagnostic(severity: .error,
                                          message: "front matter: toml: \(problem) (line \(line + lineOffset)); not parsed",
                                          line: line + lineOffset))
            return []
        }
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

    /// Commented-out keys at column 0, each parsed as the one-line TOML it would be if uncommented.
    func hiddenEntries(in content: ArraySlice<UInt8>, firstLine: Int) -> [FrontMatterEntry] {
        commentedOutEntries(in: content, firstLine: firstLine, separator: UInt8(ascii: "=")) { text, lineNumber in
            var single = TOMLFrontMatter(options: options, lineOffset: lineNumber - 1)
            let parsed = single.entries(of: text)
            return single.diagnostics.isEmpty && parsed.count == 1 ? parsed[0] : nil
        }
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
