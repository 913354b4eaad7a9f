import CGit2

#if canImport(Glibc)
import Glibc
#endif

/// One matched path whose entry differs between two trees, before rename detection.
struct RawChange {
    var path: GitPath
    var old: (id: ObjectID, kind: EntryKind)?
    var new: (id: ObjectID, kind: EntryKind)?
}

extension Repository {
    /// Compares two trees for the filter's paths, descending only into differing subtrees the filter could match.
    ///
    /// This is the hot loop of a path-limited walk: a commit whose content subtrees kept their ids costs
    /// one comparison per level, never a full diff.
    func compareTrees(_ old: ObjectID?, _ new: ObjectID?, filter: PathFilter) -> (changes: [RawChange], problems: [String]) {
        var changes: [RawChange] = []
        var problems: [String] = []
        var stack: [(prefix: [UInt8], old: ObjectID?, new: ObjectID?)] = [([], old, new)]
        while let (prefix, oldTree, newTree) = stack.popLast() {
            if oldTree == newTree { continue }
            let displayPrefix = prefix.isEmpty ? "the root tree" : String(decoding: prefix, as: UTF8.self)
            var oldEntries = PackedTree()
            var newEntries = PackedTree()
            do {
                if let oldTree { oldEntries = try treeEntries(oldTree) }
                if let newTree { newEntries = try treeEntries(newTree) }
            } catch let error as GitError where error.code == .notFound {
                problems.append("\(error.message) for \(displayPrefix)")
                continue
            } catch {
                // A corrupt tree (bad entry names, bad modes) costs this subtree, not the walk.
                problems.append("cannot read the tree for \(displayPrefix): \(error)")
                continue
            }
            var i = 0
            var j = 0
            while i < oldEntries.count || j < newEntries.count {
                // Merge the two sorted entry lists: an index on each side, or nil where the name is absent.
                var o: Int?
                var n: Int?
                if i < oldEntries.count, j < newEntries.count {
                    let order = oldEntries.compare(i, with: newEntries, j)
                    if order == 0 {
                        o = i; n = j; i += 1; j += 1
                    } else if order < 0 {
                        o = i; i += 1
                    } else {
                        n = j; j += 1
                    }
                } else if i < oldEntries.count {
                    o = i; i += 1
                } else {
                    n = j; j += 1
                }
                let oldEntry = o.map { oldEntries[$0] }
                let newEntry = n.map { newEntries[$0] }
                if let oldEntry, let newEntry, oldEntry.id == newEntry.id, oldEntry.mode == newEntry.mode { continue }
                let name = o.map { oldEntries.name($0) } ?? n.map { newEntries.name($0) } ?? []
                let path = prefix + name
                let oldSubtree = oldEntry.flatMap { $0.isTree ? $0.id : nil }
                let newSubtree = newEntry.flatMap { $0.isTree ? $0.id : nil }
                if (oldSubtree != nil || newSubtree != nil), oldSubtree != newSubtree,
                    filter.couldContain(directory: GitPath(bytes: path))
                {
                    stack.append((path + [UInt8(ascii: "/")], oldSubtree, newSubtree))
                }
                let oldBlob = oldEntry.flatMap { $0.isTree ? nil : ($0.id, $0.kind) }
                let newBlob = newEntry.flatMap { $0.isTree ? nil : ($0.id, $0.kind) }
                if oldBlob == nil && newBlob == nil { continue }
                let gitPath = GitPath(bytes: path)
                if filter.matches(gitPath) {
                    changes.append(RawChange(path: gitPath, old: oldBlob, new: newBlob))
                }
            }
        }
        changes.sort { $0.path < $1.path }
        return (changes, problems)
    }

    /// Turns raw changes into statuses, pairing deletions with additions as renames by libgit2's similarity.
    func fileChanges(_ raw: [RawChange], oldTree: ObjectID?, newTree: ObjectID, detectRenames: Bool) throws -> [FileChange] {
        var changes = raw.map { change -> FileChange in
            let old = change.old.map { FileVersion(path: change.path, blob: $0.id, kind: $0.kind) }
            let new = change.new.map { FileVersion(path: change.path, blob: $0.id, kind: $0.kind) }
            let status: FileChange.Status = old == nil ? .added : (new == nil ? .deleted : .modified)
            return FileChange(status: status, old: old, new: new)
        }
        let added = changes.filter { $0.status == .added && $0.new?.kind != .submodule }
        let deleted = changes.filter { $0.status == .deleted && $0.old?.kind != .submodule }
        guard detectRenames, !added.isEmpty, !deleted.isEmpty, let oldTree else { return changes }
        let renames = try findRenames(
            paths: (added + deleted).map(\.path), oldTree: oldTree, newTree: newTree)
        guard !renames.isEmpty else { return changes }
        var result: [FileChange] = []
        let renamedOld = Set(renames.map(\.old))
        let byNew = Dictionary(renames.map { ($0.new, $0) }, uniquingKeysWith: { first, _ in first })
        let deletedByPath = Dictionary(deleted.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for change in changes {
            if change.status == .deleted, renamedOld.contains(change.path) { continue }
            if change.status == .added, let rename = byNew[change.path], let source = deletedByPath[rename.old] {
                result.append(FileChange(status: .renamed, old: source.old, new: change.new, similarity: rename.similarity))
                continue
            }
            result.append(change)
        }
        changes = result
        return changes
    }

    /// Runs libgit2's similarity detection on just the given paths.
    private func findRenames(paths: [GitPath], oldTree: ObjectID, newTree: ObjectID) throws
        -> [(old: GitPath, new: GitPath, similarity: Int)]
    {
        let old = try lookupTree(oldTree)
        defer { git_tree_free(old) }
        let new = try lookupTree(newTree)
        defer { git_tree_free(new) }
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        options.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        var cStrings: [UnsafeMutablePointer<CChar>?] = paths.map { path in
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: path.bytes.count + 1)
            for (index, byte) in path.bytes.enumerated() { pointer[index] = CChar(bitPattern: byte) }
            pointer[path.bytes.count] = 0
            return pointer
        }
        defer { cStrings.forEach { $0?.deallocate() } }
        var diff: OpaquePointer?
        try cStrings.withUnsafeMutableBufferPointer { buffer in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            try check(git_diff_tree_to_tree(&diff, pointer, old, new, &options), "cannot diff trees for renames")
        }
        defer { git_diff_free(diff) }
        var find = git_diff_find_options()
        try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)))
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue
        try check(git_diff_find_similar(diff, &find), "rename detection failed")
        var result: [(old: GitPath, new: GitPath, similarity: Int)] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee, delta.status == GIT_DELTA_RENAMED else { continue }
            result.append((GitPath(cPath: delta.old_file.path), GitPath(cPath: delta.new_file.path), Int(delta.similarity)))
        }
        return result
    }

    func lookupTree(_ id: ObjectID) throws -> OpaquePointer {
        try lookup(id, in: pointer, missing: "missing tree \(id.hex)", context: "cannot read tree \(id.hex)",
                   using: git_tree_lookup)
    }
}

extension GitPath {
    init(cPath: UnsafePointer<CChar>?) {
        guard let cPath else {
            self.init(bytes: [])
            return
        }
        let length = strlen(cPath)
        self.init(bytes: Array(UnsafeBufferPointer(start: UnsafeRawPointer(cPath).assumingMemoryBound(to: UInt8.self), count: length)))
    }
}
