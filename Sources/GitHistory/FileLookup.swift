import CGit2

extension Repository {
    /// The file at `path` in a commit's tree (`REV:PATH`), or `nil` when there is no such entry.
    public func fileVersion(at commit: ObjectID, path: GitPath) throws -> FileVersion? {
        let info = try self.commit(commit)
        let tree = try lookupTree(info.tree)
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path.display)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(code, "cannot look up \(path.display) in \(commit.short)")
        defer { git_tree_entry_free(entry) }
        guard let entry, let oid = git_tree_entry_id(entry) else { return nil }
        return FileVersion(path: path, blob: ObjectID(oid.pointee), kind: EntryKind(mode: UInt32(git_tree_entry_filemode(entry).rawValue)))
    }
}

extension HistoryEntry {
    /// For callers that assemble an entry themselves (a net difference over a range).
    public init(net changes: [FileChange], at commit: CommitInfo, comparedTo base: ObjectID?) {
        self.init(commit: commit, comparedTo: base, changes: changes, problems: [])
    }
}
