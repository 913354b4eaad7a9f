import CGit2

#if canImport(Glibc)
import Glibc
#endif

/// Which paths count as content: git pathspecs, or the default set of Markdown pages.
public struct PathFilter: Sendable {
    /// Directories that hold generated or third-party files, never the user's own pages.
    public static let excludedDirectories: Set<[UInt8]> = Set(
        ["public", "resources", "themes", "node_modules", "vendor"].map { Array($0.utf8) })

    private let includes: CompiledPathspec?
    private let excludes: CompiledPathspec?
    /// Literal leading parts of the include specs; nil when any directory may hold a match.
    private let literalPrefixes: [[UInt8]]?

    /// Markdown files (`*.md`, `*.markdown`, any case) outside build, theme and vendor folders.
    public static func defaultContent() -> PathFilter {
        PathFilter(includes: nil, excludes: nil, literalPrefixes: nil)
    }

    private init(includes: CompiledPathspec?, excludes: CompiledPathspec?, literalPrefixes: [[UInt8]]?) {
        self.includes = includes
        self.excludes = excludes
        self.literalPrefixes = literalPrefixes
    }

    /// Git pathspecs, each relative to `prefix` (the current directory inside the work tree, "" at its root)
    /// unless it starts with `:/` or `:(top)`. `:!x`, `:^x` and `:(exclude)x` exclude.
    /// With no include spec at all, the default content set applies (minus the excludes).
    public init(pathspecs: [String], relativeTo prefix: String) throws {
        var includeSpecs: [String] = []
        var excludeSpecs: [String] = []
        var matchAll = false
        var icase = false
        for raw in pathspecs where !raw.isEmpty {
            var spec = raw
            var top = false
            var exclude = false
            if spec.hasPrefix(":(") {
                guard let close = spec.firstIndex(of: ")") else {
                    throw HistoryError.invalidPathspec(raw, reason: "missing ')' after the magic words")
                }
                let words = spec[spec.index(spec.startIndex, offsetBy: 2)..<close].split(separator: ",")
                for word in words {
                    switch word {
                    case "top": top = true
                    case "exclude": exclude = true
                    case "icase": icase = true
                    case "glob", "literal": break
                    default:
                        throw HistoryError.invalidPathspec(raw, reason: "unsupported magic '\(word)'")
                    }
                }
                spec = String(spec[spec.index(after: close)...])
            } else if spec.hasPrefix(":") {
                spec.removeFirst()
                while let first = spec.first, first == "!" || first == "^" || first == "/" {
                    if first == "/" { top = true } else { exclude = true }
                    spec.removeFirst()
                }
            }
            guard let normalized = Self.normalize(spec, prefix: top ? "" : prefix) else {
                throw HistoryError.invalidPathspec(raw, reason: "outside the repository")
            }
            if normalized.isEmpty {
                if exclude {
                    excludeSpecs.append("*")
                } else {
                    matchAll = true
                }
            } else if exclude {
                excludeSpecs.append(normalized)
            } else {
                includeSpecs.append(normalized)
            }
        }
        let includes: CompiledPathspec?
        var prefixes: [[UInt8]]? = nil
        if matchAll {
            includes = try CompiledPathspec(["*"], ignoreCase: false)
        } else if includeSpecs.isEmpty {
            includes = nil
        } else {
            includes = try CompiledPathspec(includeSpecs, ignoreCase: icase)
            if !icase {
                prefixes = includeSpecs.map { spec in
                    Array(spec.utf8.prefix { $0 != UInt8(ascii: "*") && $0 != UInt8(ascii: "?")
                        && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "\\") })
                }
            }
        }
        self.init(
            includes: includes, excludes: excludeSpecs.isEmpty ? nil : try CompiledPathspec(excludeSpecs, ignoreCase: icase),
            literalPrefixes: prefixes)
    }

    /// Joins a spec to the current-directory prefix and resolves "." and ".." (nil when it climbs above the root).
    static func normalize(_ spec: String, prefix: String) -> String? {
        var parts: [Substring] = []
        let trailingSlash = spec.hasSuffix("/")
        for part in (prefix + "/" + spec).split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard parts.popLast() != nil else { return nil }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return trailingSlash && !joined.isEmpty ? joined + "/" : joined
    }

    public func matches(_ path: GitPath) -> Bool {
        if let excludes, excludes.matches(path.bytes) { return false }
        if let includes { return includes.matches(path.bytes) }
        return Self.isDefaultContent(path.bytes)
    }

    /// Whether a directory (path without trailing slash) could hold a match; conservative, to prune subtrees.
    public func couldContain(directory: GitPath) -> Bool {
        if includes == nil {
            var start = 0
            let bytes = directory.bytes
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                if Self.excludedDirectories.contains(Array(bytes[start..<index])) { return false }
                start = index + 1
            }
            return true
        }
        guard let literalPrefixes else { return true }
        let dir = directory.bytes + [UInt8(ascii: "/")]
        for prefix in literalPrefixes {
            if prefix.count <= dir.count {
                if dir.starts(with: prefix) { return true }
            } else if prefix.starts(with: dir) {
                return true
            }
            // "content" (no slash) also names the directory itself.
            if prefix == directory.bytes { return true }
        }
        return false
    }

    static func isDefaultContent(_ bytes: [UInt8]) -> Bool {
        guard hasMarkdownExtension(bytes) else { return false }
        var start = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "/") {
            if excludedDirectories.contains(Array(bytes[start..<index])) { return false }
            start = index + 1
        }
        return true
    }

    static func hasMarkdownExtension(_ bytes: [UInt8]) -> Bool {
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")) else { return false }
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")), slash > dot { return false }
        let ext = bytes[(dot + 1)...].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        return ext == Array("md".utf8) || ext == Array("markdown".utf8)
    }
}

/// A libgit2 pathspec. Matching only reads it, so sharing it across threads is safe.
final class CompiledPathspec: @unchecked Sendable {
    private let pointer: OpaquePointer
    private let flags: UInt32

    init(_ specs: [String], ignoreCase: Bool) throws {
        ensureLibgit2()
        var cStrings: [UnsafeMutablePointer<CChar>?] = specs.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var handle: OpaquePointer?
        try cStrings.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            try check(git_pathspec_new(&handle, &array), "invalid pathspec")
        }
        guard let handle else { throw GitError(.invalid, "invalid pathspec") }
        pointer = handle
        flags = ignoreCase ? GIT_PATHSPEC_IGNORE_CASE.rawValue : GIT_PATHSPEC_USE_CASE.rawValue
    }

    deinit {
        git_pathspec_free(pointer)
    }

    func matches(_ path: [UInt8]) -> Bool {
        (path + [0]).withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return git_pathspec_matches_path(pointer, flags, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)) == 1
        }
    }
}
