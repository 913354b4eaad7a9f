import Foundation

// MARK: - JSON

/// JSON through Foundation's JSONSerialization; dictionaries lose order, so a scan of the source supplies it.
struct JSONFrontMatter {
    let options: ProfileDocument.ParseOptions
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []

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
