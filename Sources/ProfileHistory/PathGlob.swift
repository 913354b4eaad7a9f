/// A gitignore-style glob over path bytes, for the config's `include` and `exclude`.
///
/// `*` and `?` stay within one path component, `**/` spans whole components, a trailing `**` matches everything below,
/// `[abc]` / `[a-z]` / `[!a]` match one byte. A pattern without `/` matches the file name at any depth (`*.md`).
/// Matching is a table over (pattern, path) positions, so no input can make it backtrack exponentially.
public struct PathGlob: Sendable, Hashable {
    public let pattern: String
    private let tokens: [Token]
    private let matchesBasename: Bool

    private enum Token: Sendable, Hashable {
        case byte(UInt8)
        case anyByte
        case star
        case anyDirectories   // "**/": zero or more whole components
        case anyPath          // trailing "**"
        case set([ClosedRange<UInt8>], negated: Bool)
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        var bytes = Array(pattern.utf8)
        if bytes.first == UInt8(ascii: "/") { bytes.removeFirst() }
        matchesBasename = !bytes.contains(UInt8(ascii: "/"))
        var tokens: [Token] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "*"):
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") {
                    if i + 2 < bytes.count, bytes[i + 2] == UInt8(ascii: "/") {
                        tokens.append(.anyDirectories)
                        i += 3
                    } else {
                        tokens.append(.anyPath)
                        i += 2
                    }
                } else {
                    tokens.append(.star)
                    i += 1
                }
            case UInt8(ascii: "?"):
                tokens.append(.anyByte)
                i += 1
            case UInt8(ascii: "["):
                if let (token, next) = Self.parseSet(bytes, from: i + 1) {
                    tokens.append(token)
                    i = next
                } else {
                    tokens.append(.byte(b))
                    i += 1
                }
            case UInt8(ascii: "\\") where i + 1 < bytes.count:
                tokens.append(.byte(bytes[i + 1]))
                i += 2
            default:
                tokens.append(.byte(b))
                i += 1
            }
        }
        self.tokens = tokens
    }

    private static func parseSet(_ bytes: [UInt8], from start: Int) -> (Token, Int)? {
        var i = start
        var negated = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "!") || bytes[i] == UInt8(ascii: "^") {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<UInt8>] = []
        var first = true
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "]"), !first { return (.set(ranges, negated: negated), i + 1) }
            first = false
            if i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] != UInt8(ascii: "]") {
                let upper = bytes[i + 2]
                ranges.append(min(b, upper)...max(b, upper))
                i += 3
            } else {
                ranges.append(b...b)
                i += 1
            }
        }
        return nil
    }

    public func matches(_ path: [UInt8]) -> Bool {
        var subject = path[...]
        if matchesBasename, let slash = path.lastIndex(of: UInt8(ascii: "/")) {
            subject = path[(slash + 1)...]
        }
        return Self.match(tokens, Array(subject))
    }

    public func matches(_ path: String) -> Bool { matches(Array(path.utf8)) }

    /// `reach[j]`: the pattern so far can end exactly at path position `j`. Each token is one linear pass,
    /// so matching costs O(pattern × path) whatever the input.
    private static func match(_ tokens: [Token], _ path: [UInt8]) -> Bool {
        let slash = UInt8(ascii: "/")
        var reach = [Bool](repeating: false, count: path.count + 1)
        reach[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: path.count + 1)
            var active = false
            for j in 0...path.count {
                switch token {
                case .byte(let b):
                    if reach[j], j < path.count, path[j] == b { next[j + 1] = true }
                case .anyByte:
                    if reach[j], j < path.count, path[j] != slash { next[j + 1] = true }
                case .set(let ranges, let negated):
                    if reach[j], j < path.count, path[j] != slash, ranges.contains(where: { $0.contains(path[j]) }) != negated {
                        next[j + 1] = true
                    }
                case .star:
                    // Extends from any reachable position up to the next "/".
                    if reach[j] { active = true }
                    if active { next[j] = true }
                    if j < path.count, path[j] == slash { active = false }
                case .anyDirectories:
                    // Zero components, or whole components: ends right after any later "/".
                    if reach[j] { active = true; next[j] = true }
                    if active, j < path.count, path[j] == slash { next[j + 1] = true }
                case .anyPath:
                    if reach[j] { active = true }
                    if active { next[j] = true }
                }
            }
            reach = next
        }
        return reach[path.count]
    }
}
