import CGit2

#if canImport(Glibc)
import Glibc
#endif

extension Repository {
    /// Uncommitted changes (index, working tree and untracked files) against HEAD, or against the
    /// empty tree in an unborn repository. New versions have blob nil: read them from disk.
    public func worktreeChanges(filter: PathFilter) throws -> [FileChange] {
        guard !isBare else { return [] }
        var headTree: OpaquePointer?
        if let head = try head() {
            headTree = try lookupTree(try commitNode(head).tree)
        }
        defer { if let headTree { git_tree_free(headTree) } }
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        options.flags = GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
        var diff: OpaquePointer?
        try check(git_diff_tree_to_workdir_with_index(&diff, pointer, headTree, &options), "cannot compare the working tree")
        defer { git_diff_free(diff) }
        var find = git_diff_find_options()
        try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)))
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_FOR_UNTRACKED.rawValue
        try check(git_diff_find_similar(diff, &find), "rename detection failed")
        var result: [FileChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let oldPath = GitPath(cPath: delta.old_file.path)
            let newPath = GitPath(cPath: delta.new_file.path)
            guard filter.matches(oldPath) || filter.matches(newPath) else { continue }
            let old = FileVersion(path: oldPath, blob: ObjectID(delta.old_file.id), kind: EntryKind(mode: UInt32(delta.old_file.mode)))
            let new = FileVersion(path: newPath, blob: nil, kind: EntryKind(mode: UInt32(delta.new_file.mode)))
            switch delta.status {
            case GIT_DELTA_ADDED, GIT_DELTA_UNTRACKED:
                result.append(FileChange(status: .added, old: nil, new: new))
            case GIT_DELTA_DELETED:
                result.append(FileChange(status: .deleted, old: old, new: nil))
            case GIT_DELTA_MODIFIED, GIT_DELTA_TYPECHANGE:
                result.append(FileChange(status: .modified, old: old, new: new))
            case GIT_DELTA_RENAMED:
                result.append(FileChange(status: .renamed, old: old, new: new, similarity: Int(delta.similarity)))
            default:
                continue
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// The bytes of one file version: a blob, or the working-tree file when `blob` is nil.
    public func content(of version: FileVersion, maxBytes: Int) throws -> [UInt8] {
        guard let blobID = version.blob else {
            guard let workdir else {
                throw GitError(.bareRepository, "cannot read \(version.path.display) from the working tree of a bare repository")
            }
            guard let bytes = readFile(pathBytes: Array(workdir.utf8) + version.path.bytes, maxBytes: maxBytes) else {
                throw GitError(.notFound, "cannot read \(version.path.display) from the working tree")
            }
            guard bytes.count <= maxBytes else {
                throw GitError(.tooLarge, "\(version.path.display) is larger than \(maxBytes) bytes")
            }
            return bytes
        }
        let blob = try lookup(blobID, in: pointer, missing: "missing object \(blobID.hex) for \(version.path.display)",
                              context: "cannot read \(version.path.display) (\(blobID.hex))", using: git_blob_lookup)
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size <= maxBytes else {
            throw GitError(.tooLarge, "\(version.path.display) (\(blobID.short)) is \(size) bytes, over the limit of \(maxBytes)")
        }
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }
}
