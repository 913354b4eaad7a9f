import Foundation

/// A validator for the subset of JSON Schema (draft 2020-12) that `docs/schema/changelog.schema.json` uses:
/// `type` (one or a list), `required`, `properties`, `additionalProperties: false`, `enum`, `const`, `pattern`,
/// `items`, `minimum`, and `$ref` into `$defs`. Anything else in the schema is reported as unsupported, so the
/// schema cannot silently grow beyond what the test checks.
struct SchemaValidator {
    let root: [String: Any]

    init(schemaData: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: schemaData) as? [String: Any] else {
            throw ValidationFailure(path: "#", message: "schema is not an object")
        }
        self.root = root
    }

    struct ValidationFailure: Error, CustomStringConvertible {
        var path: String
        var message: String
        var description: String { "\(path): \(message)" }
    }

    static let supported: Set<String> = [
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "required", "properties",
        "additionalProperties", "enum", "const", "pattern", "items", "minimum", "examples",
    ]

    /// All violations of `instance` against the schema (empty when valid), found with an explicit work list.
    func violations(of instance: Any) -> [ValidationFailure] {
        var failures: [ValidationFailure] = []
        var work: [(schema: [String: Any], value: Any, path: String)] = [(root, instance, "$")]
        while let (schema, value, path) = work.popLast() {
            var schema = schema
            var hops = 0
            while let ref = schema["$ref"] as? String {
                guard ref.hasPrefix("#/$defs/"), let defs = root["$defs"] as? [String: Any],
                      let target = defs[String(ref.dropFirst("#/$defs/".count))] as? [String: Any], hops < 32 else {
                    failures.append(ValidationFailure(path: path, message: "unresolvable $ref \(ref)"))
                    break
                }
                schema = target
                hops += 1
            }
            for key in schema.keys where !Self.supported.contains(key) {
                failures.append(ValidationFailure(path: path, message: "schema keyword \(key) not supported by the test validator"))
            }
            if let types = schema["type"] {
                let allowed = (types as? [String]) ?? [(types as? String) ?? ""]
                if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                    failures.append(ValidationFailure(path: path, message: "expected \(allowed), found \(Self.typeName(value))"))
                    continue
                }
            }
            if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) {
                failures.append(ValidationFailure(path: path, message: "\(value) is not one of \(options)"))
            }
            if let constant = schema["const"], !Self.equal(constant, value) {
                failures.append(ValidationFailure(path: path, message: "\(value) is not \(constant)"))
            }
            if let pattern = schema["pattern"] as? String, let string = value as? String {
                let matched = (try? NSRegularExpression(pattern: pattern))
                    .map { $0.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil } ?? false
                if !matched { failures.append(ValidationFailure(path: path, message: "\"\(string)\" does not match \(pattern)")) }
            }
            if let minimum = schema["minimum"] as? NSNumber, let number = value as? NSNumber, number.doubleValue < minimum.doubleValue {
                failures.append(ValidationFailure(path: path, message: "\(number) is below \(minimum)"))
            }
            if let object = value as? [String: Any] {
                let properties = schema["properties"] as? [String: Any] ?? [:]
                for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                    failures.append(ValidationFailure(path: path, message: "missing required key \(name)"))
                }
                for (name, member) in object {
                    if let sub = properties[name] as? [String: Any] {
                        work.append((sub, member, path + "." + name))
                    } else if (schema["additionalProperties"] as? Bool) == false {
                        failures.append(ValidationFailure(path: path, message: "unexpected key \(name)"))
                    }
                }
            }
            if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
                for (i, element) in array.enumerated() { work.append((items, element, path + "[\(i)]")) }
            }
        }
        return failures
    }

    private static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        // JSONSerialization hands booleans back as NSNumber whose Objective-C type is `c` (char).
        return String(cString: number.objCType) == "c"
    }

    private static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "integer":
            guard let n = value as? NSNumber, !isBool(value) else { return false }
            return n.doubleValue == n.doubleValue.rounded()
        case "number": return value is NSNumber && !isBool(value)
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return false
        }
    }

    private static func typeName(_ value: Any) -> String {
        for name in ["null", "boolean", "integer", "number", "string", "array", "object"] where matches(value, type: name) {
            return name
        }
        return "unknown"
    }

    private static func equal(_ a: Any, _ b: Any) -> Bool {
        if let a = a as? String, let b = b as? String { return a == b }
        if isBool(a) != isBool(b) { return false }
        if let a = a as? NSNumber, let b = b as? NSNumber { return a == b }
        return a is NSNull && b is NSNull
    }
}
