#if canImport(Glibc)
import Glibc
#endif

/// Builds a repository from a `history/` directory of full-tree snapshots, with fixed signatures and
/// times, so the commit ids are identical on every machine.
///
/// Each subdirectory (in lexical order) is one revision: a `COMMIT` file with `author:`, `date:` and
/// optional `tag:` header lines, a blank line and the message; every other file is the site's tree.
public enum SampleHistory {
    public struct Revision: Sendable, Equatable {
        public var directory: String
        public var author: Signature
        public var tag: String?
        public var message: String
    }

    public struct BuildError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public struct Built: Sendable {
        public var commits: [(id: ObjectID, subject: String)]
        public var tags: [(name: String, target: ObjectID)]
    }

    /// Commits every revision onto `refs/heads/main` and points HEAD there; returns the commit ids in order.
    @discardableResult
    public static func build(from historyDirectory: String, into repository: Repository) throws -> [ObjectID] {
        try buildDetailed(from: historyDirectory, into: repository).commits.map(\.id)
    }

    public static func buildDetailed(from historyDirectory: String, into repository: Repository) throws -> Built {
        let directories = try listDirectory(historyDirectory).filter { isDirectory(historyDirectory + "/" + $0) }.sorted()
        guard !directories.isEmpty else {
            throw BuildError(description: "no revision directories in \(historyDirectory)")
        }
        try repository.setHead("refs/heads/main")
        var parent: ObjectID?
        var built = Built(commits: [], tags: [])
        for name in directories {
            let directory = historyDirectory + "/" + name
            let revision = try readRevision(directory)
            var files: [GitPath: (ObjectID, EntryKind)] = [:]
            for relative in try listFiles(under: directory) where relative != Array("COMMIT".utf8) {
                guard let bytes = readFile(pathBytes: Array((directory + "/").utf8) + relative) else {
                    throw BuildError(description: "cannot read \(directory)/\(String(decoding: relative, as: UTF8.self))")
                }
                // Always 100644: exec bits from a checkout must not change the commit ids.
                files[GitPath(bytes: relative)] = (try repository.writeBlob(bytes), .file)
            }
            let tree = try repository.writeTree(files)
            let id = try repository.createCommit(
                tree: tree, parents: parent.map { [$0] } ?? [], author: revision.author, committer: revision.author,
                message: revision.message, updateRef: "refs/heads/main")
            let subject = revision.message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            built.commits.append((id, subject))
            if let tag = revision.tag {
                try repository.createTag(tag, target: id, message: tag + "\n", tagger: revision.author)
                built.tags.append((tag, id))
            }
            parent = id
        }
        return built
    }

    /// Makes `path` an empty directory; refuses a non-empty one unless forced, since forcing deletes it.
    public static func prepareOutputDirectory(_ path: String, force: Bool) throws {
        if isDirectory(path), let entries = try? listDirectory(path), !entries.isEmpty {
            guard force else {
                throw BuildError(description: "output directory \(path) is not empty; use --force to replace it")
            }
            try removeTree(path)
        }
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if !isDirectory(current), mkdir(current, 0o755) != 0 {
                throw BuildError(description: "cannot create directory \(current)")
            }
        }
    }

    /// Reads one revision's `COMMIT` file; errors name the file and the line.
    public static func readRevision(_ directory: String) throws -> Revision {
        let path = directory + "/COMMIT"
        guard let bytes = readFile(path) else {
            throw BuildError(description: "missing \(path): every revision directory needs a COMMIT file")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line -> String in
            var slice = Substring(line)
            if slice.hasSuffix("\r") { slice.removeLast() }
            return String(slice)
        }
        var author: (name: String, email: String)?
        var date: (time: Int64, offsetMinutes: Int)?
        var tag: String?
        var index = 0
        while index < lines.count, !lines[index].trimmingSpaces.isEmpty {
            let line = lines[index]
            guard let colon = line.firstIndex(of: ":") else {
                throw BuildError(description: "\(path):\(index + 1): expected 'key: value', found '\(line)'")
            }
            let key = String(line[..<colon]).trimmingSpaces.lowercased()
            let value = String(line[line.index(after: colon)...]).trimmingSpaces
            switch key {
            case "author":
                guard let open = value.firstIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close else {
                    throw BuildError(description: "\(path):\(index + 1): bad author '\(value)', expected 'Name <email>'")
                }
                let name = String(value[..<open]).trimmingSpaces
                let email = String(value[value.index(after: open)..<close])
                guard !name.isEmpty, !email.isEmpty else {
                    throw BuildError(description: "\(path):\(index + 1): bad author '\(value)', expected 'Name <email>'")
                }
                author = (name, email)
            case "date":
                guard let parsed = ISO8601Time.parse(value) else {
                    throw BuildError(description: "\(path):\(index + 1): bad date '\(value)', expected e.g. 2024-02-17T10:00:00-05:00")
                }
                date = parsed
            case "tag":
                guard !value.isEmpty, !value.contains(" ") else {
                    throw BuildError(description: "\(path):\(index + 1): bad tag '\(value)'")
                }
                tag = value
            default:
                throw BuildError(description: "\(path):\(index + 1): unknown header '\(key)' (expected author, date or tag)")
            }
            index += 1
        }
        guard let author else { throw BuildError(description: "\(path): missing 'author: Name <email>' line") }
        guard let date else { throw BuildError(description: "\(path): missing 'date: …' line") }
        let body = lines[min(index + 1, lines.count)...].joined(separator: "\n").trimmingSpaces
        guard !body.isEmpty else { throw BuildError(description: "\(path): missing commit message after the blank line") }
        return Revision(
            directory: directory,
            author: Signature(name: author.name, email: author.email, time: date.time, offsetMinutes: date.offsetMinutes),
            tag: tag, message: body + "\n")
    }
}

func listDirectory(_ path: String) throws -> [String] {
    guard let dir = opendir(path) else {
        throw SampleHistory.BuildError(description: "cannot read directory \(path)")
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name == "." || name == ".." { continue }
        names.append(name)
    }
    return names
}

func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}

/// All regular files below a directory as relative path bytes, walked with an explicit stack.
func listFiles(under root: String) throws -> [[UInt8]] {
    var result: [[UInt8]] = []
    var stack: [[UInt8]] = [[]]
    while let relative = stack.popLast() {
        let full = relative.isEmpty ? root : root + "/" + String(decoding: relative, as: UTF8.self)
        for name in try listDirectory(full) {
            if relative.isEmpty, name == ".git" { continue }
            let child = relative.isEmpty ? Array(name.utf8) : relative + [UInt8(ascii: "/")] + Array(name.utf8)
            if isDirectory(full + "/" + name) {
                stack.append(child)
            } else {
                result.append(child)
            }
        }
    }
    return result.sorted { $0.lexicographicallyPrecedes($1) }
}

/// Deletes a directory tree depth-first with an explicit stack.
func removeTree(_ root: String) throws {
    var stack: [(path: String, expanded: Bool)] = [(root, false)]
    while let (path, expanded) = stack.popLast() {
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            if expanded {
                guard rmdir(path) == 0 else { throw SampleHistory.BuildError(description: "cannot remove \(path)") }
            } else {
                stack.append((path, true))
                for name in try listDirectory(path) { stack.append((path + "/" + name, false)) }
            }
        } else if unlink(path) != 0 {
            throw SampleHistory.BuildError(description: "cannot remove \(path)")
        }
    }
}
