import CGit2

/// Writing objects and refs: used by the sample builder and the test fixture, never by a read-only walk.
extension Repository {
    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        _ = try bytes.withUnsafeBytes { buffer in
            try check(git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count), "cannot write blob")
        }
        return ObjectID(oid)
    }

    /// Builds nested trees from full paths, deepest directories first (no recursion over path depth).
    public func writeTree(_ files: [GitPath: (ObjectID, EntryKind)]) throws -> ObjectID {
        var directories: [[UInt8]: [(name: [UInt8], id: ObjectID, mode: UInt32)]] = [[]: []]
        for (path, (id, kind)) in files {
            let parts = path.bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map(Array.init)
            guard let name = parts.last else { continue }
            var directory: [UInt8] = []
            for part in parts.dropLast() {
                let next = directory.isEmpty ? part : directory + [UInt8(ascii: "/")] + part
                if directories[next] == nil { directories[next] = [] }
                directory = next
            }
            directories[directory, default: []].append((name, id, kind.mode))
        }
        let ordered = directories.keys.sorted { a, b in
            let depthA = a.isEmpty ? 0 : a.count(where: { $0 == UInt8(ascii: "/") }) + 1
            let depthB = b.isEmpty ? 0 : b.count(where: { $0 == UInt8(ascii: "/") }) + 1
            return depthA != depthB ? depthA > depthB : a.lexicographicallyPrecedes(b)
        }
        var rootID: ObjectID?
        for directory in ordered {
            let id = try writeSingleTree(directories[directory] ?? [])
            if directory.isEmpty {
                rootID = id
            } else {
                let parentEnd = directory.lastIndex(of: UInt8(ascii: "/"))
                let parent = parentEnd.map { Array(directory[..<$0]) } ?? []
                let name = parentEnd.map { Array(directory[($0 + 1)...]) } ?? directory
                directories[parent, default: []].append((name, id, EntryKind.tree.mode))
            }
        }
        guard let rootID else { throw GitError(.invalid, "cannot write the root tree") }
        return rootID
    }

    private func writeSingleTree(_ entries: [(name: [UInt8], id: ObjectID, mode: UInt32)]) throws -> ObjectID {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, nil), "cannot create tree builder")
        defer { git_treebuilder_free(builder) }
        for entry in entries {
            var oid = entry.id.oid
            try (entry.name + [0]).withUnsafeBufferPointer { buffer in
                let name = UnsafeRawPointer(buffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
                try check(
                    git_treebuilder_insert(nil, builder, name, &oid, git_filemode_t(rawValue: entry.mode)),
                    "cannot add \(String(decoding: entry.name, as: UTF8.self)) to a tree")
            }
        }
        var out = git_oid()
        try check(git_treebuilder_write(&out, builder), "cannot write tree")
        return ObjectID(out)
    }

    /// Creates a commit and, when `updateRef` is given, points that ref (or HEAD's branch) at it.
    @discardableResult
    public func createCommit(
        tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String,
        updateRef: String? = "HEAD"
    ) throws -> ObjectID {
        let treeHandle = try lookupTree(tree)
        defer { git_tree_free(treeHandle) }
        var parentHandles: [OpaquePointer?] = []
        defer { parentHandles.forEach { git_commit_free($0) } }
        for parent in parents { parentHandles.append(try lookupCommit(parent)) }
        let authorSignature = try SignatureHandle(author)
        let committerSignature = try SignatureHandle(committer)
        var oid = git_oid()
        _ = try parentHandles.withUnsafeMutableBufferPointer { buffer in
            try check(
                git_commit_create(
                    &oid, pointer, nil, authorSignature.pointer, committerSignature.pointer, nil, message, treeHandle,
                    buffer.count, buffer.baseAddress),
                "cannot create commit")
        }
        let id = ObjectID(oid)
        if let updateRef {
            try setReference(updateRef == "HEAD" ? headTargetName() : updateRef, to: id)
        }
        return id
    }

    /// The branch HEAD points at symbolically ("refs/heads/main"), or "HEAD" when detached.
    func headTargetName() throws -> String {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, pointer, "HEAD"), "cannot read HEAD")
        defer { git_reference_free(ref) }
        if let target = git_reference_symbolic_target(ref) { return String(cString: target) }
        return "HEAD"
    }

    public func setReference(_ name: String, to id: ObjectID) throws {
        var ref: OpaquePointer?
        var oid = id.oid
        try check(git_reference_create(&ref, pointer, name, &oid, 1, nil), "cannot update \(name)")
        git_reference_free(ref)
    }

    public func createBranch(_ name: String, at id: ObjectID, force: Bool) throws {
        let commitHandle = try lookupCommit(id)
        defer { git_commit_free(commitHandle) }
        var ref: OpaquePointer?
        try check(git_branch_create(&ref, pointer, name, commitHandle, force ? 1 : 0), "cannot create branch \(name)")
        git_reference_free(ref)
    }

    /// Points HEAD at a ref name ("refs/heads/main"); the branch need not exist yet.
    public func setHead(_ refName: String) throws {
        try check(git_repository_set_head(pointer, refName), "cannot set HEAD to \(refName)")
    }

    /// An annotated tag when a message is given, else a lightweight one.
    public func createTag(_ name: String, target: ObjectID, message: String?, tagger: Signature?) throws {
        var object: OpaquePointer?
        var oid = target.oid
        try check(git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY), "cannot find \(target.hex) to tag")
        defer { git_object_free(object) }
        var out = git_oid()
        if let message {
            let signature = try SignatureHandle(tagger ?? Signature(name: "unknown", email: "unknown", time: 0, offsetMinutes: 0))
            try check(git_tag_create(&out, pointer, name, object, signature.pointer, message, 0), "cannot create tag \(name)")
        } else {
            try check(git_tag_create_lightweight(&out, pointer, name, object, 0), "cannot create tag \(name)")
        }
    }

    /// Tags sorted by name, each peeled to its commit; tags of non-commits are left out.
    public func tags() throws -> [(name: String, target: ObjectID)] {
        var names = git_strarray()
        try check(git_tag_list(&names, pointer), "cannot list tags")
        defer { git_strarray_dispose(&names) }
        var result: [(name: String, target: ObjectID)] = []
        for index in 0..<names.count {
            guard let cName = names.strings[index] else { continue }
            let name = String(cString: cName)
            var object: OpaquePointer?
            guard git_revparse_single(&object, pointer, "refs/tags/" + name) == 0 else {
                git_error_clear()
                continue
            }
            defer { git_object_free(object) }
            var commit: OpaquePointer?
            guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0 else {
                git_error_clear()
                continue
            }
            result.append((name, ObjectID(git_object_id(commit))))
            git_object_free(commit)
        }
        return result.sorted { $0.name < $1.name }
    }

    public func checkoutHead(force: Bool) throws {
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)))
        options.checkout_strategy = force ? GIT_CHECKOUT_FORCE.rawValue : GIT_CHECKOUT_SAFE.rawValue
        try check(git_checkout_head(pointer, &options), "cannot check out HEAD")
    }
}

/// An owned `git_signature`, freed when the value goes away.
final class SignatureHandle {
    let pointer: UnsafeMutablePointer<git_signature>

    init(_ signature: Signature) throws {
        var handle: UnsafeMutablePointer<git_signature>?
        try check(
            git_signature_new(&handle, signature.name, signature.email, git_time_t(signature.time), Int32(signature.offsetMinutes)),
            "invalid signature \(signature.name) <\(signature.email)>")
        guard let handle else { throw GitError(.invalid, "invalid signature") }
        pointer = handle
    }

    deinit {
        git_signature_free(pointer)
    }
}

extension Repository {
    /// Every non-directory entry of a commit's tree by full path (explicit stack, no recursion).
    public func flatTree(of commit: ObjectID) throws -> [GitPath: (ObjectID, EntryKind)] {
        var result: [GitPath: (ObjectID, EntryKind)] = [:]
        var stack: [([UInt8], ObjectID)] = [([], try commitNode(commit).tree)]
        while let (prefix, tree) = stack.popLast() {
            let entries = try treeEntries(tree)
            for index in 0..<entries.count {
                let entry = entries[index]
                let path = prefix + entries.name(index)
                if entry.isTree {
                    stack.append((path + [UInt8(ascii: "/")], entry.id))
                } else {
                    result[GitPath(bytes: path)] = (entry.id, entry.kind)
                }
            }
        }
        return result
    }
}
