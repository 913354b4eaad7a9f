import CGit2

#if canImport(Glibc)
import Glibc
#endif

/// An open repository. Not thread-safe (libgit2 handles are not): give each worker its own.
public final class Repository {
    let pointer: OpaquePointer
    /// Parsed trees by id: the walk compares the same subtrees over and over.
    var treeCache: [ObjectID: PackedTree] = [:]
    var commitCache: [ObjectID: CommitNode] = [:]
    private var cachedBoundaries: Set<ObjectID>?
    /// Whether `commitNode` keeps the commit's `CommitInfo` for the commit's entry (see `WalkSink.keepsCommits`).
    var keepsCommitInfo = true
    /// The object database, for reading trees raw (see `treeEntries`); taken when first needed.
    private var database: OpaquePointer?

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        if let database { git_odb_free(database) }
        git_repository_free(pointer)
    }

    /// Opens the repository containing `path`, searching parent directories as git does.
    public static func discover(startingAt path: String) throws -> Repository {
        ensureLibgit2()
        var handle: OpaquePointer?
        let code = git_repository_open_ext(&handle, path, 0, nil)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            // libgit2 1.5.1 refuses a repository owned by another user with the not-found code of its
            // `safe.directory` config lookup instead of GIT_EOWNER. Discovery does not check ownership: if it
            // finds a repository that opening refused, ownership is why.
            if let owned = discoveredRepository(startingAt: path) { throw HistoryError.unsafeOwnership(path: owned) }
            throw HistoryError.notARepository(path: path)
        }
        if code == GIT_EOWNER.rawValue {
            git_error_clear()
            throw HistoryError.unsafeOwnership(path: path)
        }
        try check(code, "cannot open repository at \(path)")
        guard let handle else { throw HistoryError.notARepository(path: path) }
        LooseObjectGuard.install(on: handle)
        return Repository(pointer: handle)
    }

    /// The top directory of the repository containing `path` (what `safe.directory` names), found without opening it.
    private static func discoveredRepository(startingAt path: String) -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_repository_discover(&buffer, path, 0, nil) == 0, let pointer = buffer.ptr else {
            git_error_clear()
            return nil
        }
        var found = String(cString: pointer)
        if found.hasSuffix("/.git/") { found.removeLast(6) } else if found.hasSuffix("/"), found.count > 1 { found.removeLast() }
        return found
    }

    public static func create(at path: String, bare: Bool = false) throws -> Repository {
        ensureLibgit2()
        var handle: OpaquePointer?
        try check(git_repository_init(&handle, path, bare ? 1 : 0), "cannot create repository at \(path)")
        guard let handle else { throw GitError(.other(-1), "cannot create repository at \(path)") }
        return Repository(pointer: handle)
    }

    /// The working directory with a trailing slash; nil for a bare repository.
    public var workdir: String? {
        git_repository_workdir(pointer).map { String(cString: $0) }
    }

    public var gitDirectory: String { String(cString: git_repository_path(pointer)) }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// Read once per handle: libgit2 checks the file system on every call, and the walk asks per commit.
    public private(set) lazy var isShallow: Bool = git_repository_is_shallow(pointer) == 1

    /// The commits whose parents a shallow clone lacks, from `<gitdir>/shallow`.
    public func shallowBoundaries() throws -> Set<ObjectID> {
        if let cachedBoundaries { return cachedBoundaries }
        var result: Set<ObjectID> = []
        if let bytes = readFile(gitDirectory + "shallow") {
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                let text = String(decoding: line, as: UTF8.self).trimmingSpaces
                if let id = ObjectID(hex: text) { result.insert(id) }
            }
        }
        cachedBoundaries = result
        return result
    }

    /// The commit HEAD points at; nil when HEAD is unborn (an empty repository).
    public func head() throws -> ObjectID? {
        var ref: OpaquePointer?
        let code = git_repository_head(&ref, pointer)
        if code == GIT_EUNBORNBRANCH.rawValue || code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(code, "cannot read HEAD")
        defer { git_reference_free(ref) }
        var peeled: OpaquePointer?
        do {
            try check(git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT), "HEAD does not point at a commit")
        } catch {
            // libgit2 says only that peeling failed: name the commit that could not be read (corrupt or missing).
            if let target = git_reference_target(ref) { git_commit_free(try lookupCommit(ObjectID(target))) }
            throw error
        }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled))
    }

    /// Resolves any revspec libgit2 understands (tags, branches, abbreviated ids, `HEAD~5`, `@{u}`) to a commit.
    public func resolveCommit(_ spec: String) throws -> ObjectID {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, pointer, spec)
        if code < 0 {
            let error: GitError
            do {
                try check(code)
                error = GitError(.other(code), "")
            } catch let caught as GitError {
                error = caught
            }
            switch error.code {
            case .ambiguous:
                throw HistoryError.ambiguousRevision(spec)
            case .notFound, .invalidSpec, .peel, .unbornBranch:
                if isShallow, spec.contains(where: { $0 == "~" || $0 == "^" }) {
                    throw HistoryError.shallowBoundary(spec: spec, availableCommits: try availableCommitCount())
                }
                // Only a hint: if the base or a commit on the way cannot be read, the plain message stands.
                if let (base, depth) = Self.firstParentSteps(spec), let tip = try? resolveCommit(base),
                   let ancestors = try? firstParentDepth(from: tip, limit: depth), ancestors < depth {
                    throw HistoryError.pastFirstCommit(spec: spec, base: base, ancestors: ancestors)
                }
                throw HistoryError.unknownRevision(spec)
            default:
                throw error
            }
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peel = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        if peel < 0 {
            git_error_clear()
            throw HistoryError.unknownRevision(spec)
        }
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit))
    }

    /// `("HEAD", 20)` for `HEAD~20`, `HEAD~2^` or `HEAD^^~18`: a base and a number of first-parent steps back; nil
    /// for anything else (`^2` names a second parent, `^{tree}` a peel, a bare name no ancestor).
    static func firstParentSteps(_ spec: String) -> (base: String, steps: Int)? {
        guard let start = spec.firstIndex(where: { $0 == "~" || $0 == "^" }), start != spec.startIndex else { return nil }
        var steps = 0
        var rest = spec[start...]
        while let marker = rest.first {
            rest.removeFirst()
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            rest.removeFirst(digits.count)
            switch (marker, digits.isEmpty ? 1 : Int(digits)) {
            case ("~", let count?): steps += count
            case ("^", 1?): steps += 1
            case ("^", 0?): break
            default: return nil
            }
        }
        return steps > 0 ? (String(spec[..<start]), steps) : nil
    }

    /// How many first parents `tip` has behind it, counting no further than `limit`.
    func firstParentDepth(from tip: ObjectID, limit: Int) throws -> Int {
        var depth = 0
        var current = tip
        while depth < limit, let parent = try commitNode(current).parents.first {
            depth += 1
            current = parent
        }
        return depth
    }

    /// Resolves what the user typed into a range; nil when HEAD is unborn (nothing to show).
    ///
    /// - nil spec, not root: the last commit alone (as `git show`).
    /// - `REV`: REV..HEAD, so `HEAD~5` is the last five commits.
    /// - `A..B`, `A...B` (B since the merge base); an empty side means HEAD.
    /// - root: the whole history up to HEAD, or up to the spec's end when one is given.
    public func resolveRange(_ spec: String?, root: Bool) throws -> RevisionRange? {
        let text = spec?.trimmingSpaces ?? ""
        if text.isEmpty {
            guard let tip = try head() else { return nil }
            if root { return RevisionRange(spec: "HEAD", tip: tip, excluded: [], kind: .root) }
            let parents = try commitNode(tip).parents
            return RevisionRange(spec: "HEAD", tip: tip, excluded: parents, kind: .single)
        }
        let bytes = Array(text.utf8)
        if let split = find(Array("...".utf8), in: bytes) {
            let left = String(decoding: bytes[..<split], as: UTF8.self)
            let right = String(decoding: bytes[(split + 3)...], as: UTF8.self)
            guard let a = try resolveSide(left), let b = try resolveSide(right) else { return nil }
            if root { return RevisionRange(spec: text, tip: b, excluded: [], kind: .root) }
            let base = try mergeBase(a, b)
            guard let base else {
                return RevisionRange(spec: text, tip: b, excluded: [], kind: .root)
            }
            return RevisionRange(spec: text, tip: b, excluded: [base], kind: .threeDot(mergeBase: base))
        }
        if let split = find(Array("..".utf8), in: bytes) {
            let left = String(decoding: bytes[..<split], as: UTF8.self)
            let right = String(decoding: bytes[(split + 2)...], as: UTF8.self)
            guard let a = try resolveSide(left), let b = try resolveSide(right) else { return nil }
            if root { return RevisionRange(spec: text, tip: b, excluded: [], kind: .root) }
            return RevisionRange(spec: text, tip: b, excluded: [a], kind: .twoDot)
        }
        if root {
            return RevisionRange(spec: text, tip: try resolveCommit(text), excluded: [], kind: .root)
        }
        guard let tip = try head() else { return nil }
        let start = try resolveCommit(text)
        return RevisionRange(spec: text, tip: tip, excluded: [start], kind: .since)
    }

    private func resolveSide(_ side: String) throws -> ObjectID? {
        if side.isEmpty { return try head() }
        return try resolveCommit(side)
    }

    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        var out = git_oid()
        var first = a.oid
        var second = b.oid
        let code = git_merge_base(&out, pointer, &first, &second)
        if code == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            if isShallow {
                throw HistoryError.shallowBoundary(spec: "the merge base of \(a.short) and \(b.short)",
                    availableCommits: try availableCommitCount())
            }
            return nil
        }
        try check(code, "cannot find merge base of \(a.short) and \(b.short)")
        return ObjectID(out)
    }

    /// How many commits a shallow clone holds behind HEAD, for the shallow-boundary message.
    func availableCommitCount() throws -> Int {
        guard let tip = try head() else { return 0 }
        let boundaries = try shallowBoundaries()
        var seen: Set<ObjectID> = [tip]
        var stack = [tip]
        while let id = stack.popLast() {
            guard let node = try? commitNode(id) else { continue }
            if boundaries.contains(id) { continue }
            for parent in node.parents where seen.insert(parent).inserted {
                stack.append(parent)
            }
        }
        return seen.count
    }

    public func commit(_ id: ObjectID) throws -> CommitInfo {
        let handle = try lookupCommit(id)
        defer { git_commit_free(handle) }
        return Self.info(id, handle)
    }

    private static func info(_ id: ObjectID, _ handle: OpaquePointer) -> CommitInfo {
        let count = Int(git_commit_parentcount(handle))
        var parents: [ObjectID] = []
        for index in 0..<count {
            if let parent = git_commit_parent_id(handle, UInt32(index)) { parents.append(ObjectID(parent)) }
        }
        let message = git_commit_message(handle).map { String(cString: $0) } ?? ""
        let subject = git_commit_summary(handle).map { String(cString: $0) } ?? ""
        return CommitInfo(
            id: id, parents: parents, tree: ObjectID(git_commit_tree_id(handle)),
            subject: subject, message: message,
            author: Signature(git_commit_author(handle)), committer: Signature(git_commit_committer(handle)))
    }

    func lookupCommit(_ id: ObjectID) throws -> OpaquePointer {
        try lookup(id, in: pointer, missing: "missing commit \(id.hex)", context: "cannot read commit \(id.hex)",
                   using: git_commit_lookup)
    }

    /// The few commit fields a walk needs, cached; parents of shallow boundaries are dropped. The commit's
    /// `CommitInfo` comes along: the walk has the commit open, and a shown commit's entry is made from it later
    /// instead of reading the commit a second time (5 % of a whole-history run's instructions).
    func commitNode(_ id: ObjectID) throws -> CommitNode {
        if let node = commitCache[id] { return node }
        let handle = try lookupCommit(id)
        defer { git_commit_free(handle) }
        var parents: [ObjectID] = []
        let boundary = try isShallow && shallowBoundaries().contains(id)
        if !boundary {
            let count = Int(git_commit_parentcount(handle))
            for index in 0..<count {
                if let parent = git_commit_parent_id(handle, UInt32(index)) { parents.append(ObjectID(parent)) }
            }
        }
        let node = CommitNode(
            parents: parents, tree: ObjectID(git_commit_tree_id(handle)), time: Int64(git_commit_time(handle)),
            isShallowBoundary: boundary, info: keepsCommitInfo ? ReadCommit(Self.info(id, handle)) : nil)
        commitCache[id] = node
        return node
    }

    private func objectDatabase() throws -> OpaquePointer {
        if let database { return database }
        var handle: OpaquePointer?
        try check(git_repository_odb(&handle, pointer), "cannot open the object database")
        guard let handle else { throw GitError(.notFound, "cannot open the object database") }
        database = handle
        return handle
    }

    /// A tree's entries in git order; throws `GitError(.notFound)` for a missing tree.
    ///
    /// The object is read from libgit2's object database and its entries parsed straight into a `PackedTree`:
    /// `git_tree_lookup` parsed every entry into a record of its own, which were then copied one call per field,
    /// together a third of the walk's instructions (the format is git's simplest; `PackedTree(raw:)` accepts what
    /// libgit2's parser accepts).
    func treeEntries(_ id: ObjectID) throws -> PackedTree {
        if let cached = treeCache[id] { return cached }
        let object = try lookup(id, in: try objectDatabase(), missing: "missing tree \(id.hex)",
                                context: "cannot read tree \(id.hex)", using: git_odb_read)
        defer { git_odb_object_free(object) }
        // As `git_tree_lookup`: an object of another type is not the tree asked for.
        guard git_odb_object_type(object) == GIT_OBJECT_TREE else { throw GitError(.notFound, "missing tree \(id.hex)") }
        let raw = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
        var tree: PackedTree
        do {
            tree = try PackedTree(raw: raw)
        } catch let error as PackedTree.ParseError {
            throw GitError(.other(-1), "cannot read tree \(id.hex): failed to parse tree: \(error.reason)")
        }
        tree.sortIfNeeded()
        // A linear walk needs each tree twice (as a commit's tree, then as its child's parent tree), a few levels
        // deep: a small cache gets nearly every hit, and memory stays flat over long histories.
        if treeCache.count >= Self.treeCacheCapacity { treeCache.removeAll(keepingCapacity: true) }
        treeCache[id] = tree
        return tree
    }

    /// Enough for the trees of a few dozen consecutive commits; measured on the 10,000-commit benchmark, a larger
    /// cache gains no hits and costs megabytes (content directories of a hundred pages are 8 KB a tree).
    static let treeCacheCapacity = 256
}

struct CommitNode {
    var parents: [ObjectID]
    var tree: ObjectID
    var time: Int64
    var isShallowBoundary: Bool
    var info: ReadCommit?
}

/// A commit's `CommitInfo` as the walk read it, boxed: a walk record carries one reference, not the whole value.
final class ReadCommit: Sendable {
    let info: CommitInfo
    init(_ info: CommitInfo) { self.info = info }
}

/// A tree's entries, their names kept in one buffer (a copy of the tree object's bytes): the walk reads thousands of
/// trees, and one allocation and one copy per tree, instead of one per entry, is much of its cost (time and memory).
struct PackedTree {
    private var names: [UInt8] = []
    private var slots: [Slot] = []
    /// Names in git order (`sortIfNeeded`), so two trees merge in one pass.
    private(set) var isSorted = true

    struct Slot {
        var start: Int32
        var length: Int32
        var id: ObjectID
        var mode: UInt32
        var isTree: Bool { mode & 0o170000 == 0o040000 }
        var kind: EntryKind { EntryKind(mode: mode) }
    }

    /// No entries: what a side of a comparison without a tree reads.
    init() {}

    struct ParseError: Error {
        let reason: String
    }

    /// A tree object's entries, each `<octal mode> <name>\0<20-byte id>`, read by the rules of libgit2 1.5's
    /// `git_tree__parse_raw` (what it rejects, this rejects, with its words), modes normalized as
    /// `git_tree_entry_filemode` does. Read through raw pointers and `memchr`/`memcmp`: the walk reads every entry
    /// of every changed tree, and checked array indexing made this a twentieth of a whole-history run.
    init(raw: UnsafeRawBufferPointer) throws {
        guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let end = raw.count
        // Names stay where the object has them; an entry is 30 bytes and more.
        names = Array(UnsafeBufferPointer(start: base, count: end))
        slots.reserveCapacity(end / 30 + 1)
        var previous: (start: Int, length: Int, isTree: Bool)?
        var i = 0
        while i < end {
            // libgit2 reads the mode with strtol in base 8: an optional sign, at least one digit, 0 to 0xFFFF ("-0" is 0).
            var mode: UInt32 = 0
            // A file's or a directory's mode and its space in one comparison: nearly every entry has one of them.
            let word = end - i >= 8 ? UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self).littleEndian : 0
            if word & 0x00FF_FFFF_FFFF_FFFF == Self.fileMode {
                mode = 0o100644
                i += 7
            } else if word & 0x0000_FFFF_FFFF_FFFF == Self.directoryMode {
                mode = 0o040000
                i += 6
            } else {
                var digits = 0
                let negative = base[i] == UInt8(ascii: "-")
                if negative || base[i] == UInt8(ascii: "+") { i += 1 }
                while i < end, base[i] &- UInt8(ascii: "0") < 8 {
                    mode = mode &* 8 &+ UInt32(base[i] &- UInt8(ascii: "0"))
                    if mode > 0xFFFF || (negative && mode != 0) { throw ParseError(reason: "can't parse filemode") }
                    digits += 1
                    i += 1
                }
                if digits == 0 { throw ParseError(reason: "can't parse filemode") }
                guard i < end, base[i] == UInt8(ascii: " ") else { throw ParseError(reason: "missing space after filemode") }
                i += 1
            }
            guard let found = memchr(base + i, 0, end - i) else { throw ParseError(reason: "object is corrupted") }
            let nul = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            let length = nul - i
            guard length > 0, length <= 0xFFFF else { throw ParseError(reason: "can't parse filename") }
            guard end - (nul + 1) >= 20 else { throw ParseError(reason: "can't parse OID") }
            let slot = Slot(start: Int32(i), length: Int32(length),
                            id: ObjectID(raw: UnsafeRawPointer(base + nul + 1)), mode: Self.normalized(mode))
            if isSorted, let previous,
               Self.order(base + previous.start, previous.length, previous.isTree, base + i, length, slot.isTree) >= 0 {
                isSorted = false
            }
            slots.append(slot)
            previous = (i, length, slot.isTree)
            i = nul + 21
        }
    }

    /// "100644 " and "40000 " as little-endian words.
    private static let fileMode: UInt64 = 0x0020_3434_3630_3031
    private static let directoryMode: UInt64 = 0x0000_2030_3030_3034

    /// `normalize_filemode` of libgit2: tree bits make a tree, any execute bit an executable, then gitlink, symlink,
    /// and everything else a plain file.
    static func normalized(_ mode: UInt32) -> UInt32 {
        let type = mode & 0o170000
        if type == 0o040000 { return 0o040000 }
        if mode & 0o100 != 0 { return 0o100755 }
        if type == 0o160000 { return 0o160000 }
        if type == 0o120000 { return 0o120000 }
        return 0o100644
    }

    var count: Int { slots.count }
    subscript(index: Int) -> Slot { slots[index] }

    func name(_ index: Int) -> ArraySlice<UInt8> {
        let slot = slots[index]
        return names[Int(slot.start)..<Int(slot.start + slot.length)]
    }

    /// Git order (`order`); corrupt or hand-made trees may be out of it.
    mutating func sortIfNeeded() {
        guard !isSorted else { return }
        let names = self.names
        slots.sort { Self.compare(names, $0, names, $1) < 0 }
        isSorted = true
    }

    /// Git's tree order between entry `i` of `self` and entry `j` of `other`.
    func compare(_ i: Int, with other: PackedTree, _ j: Int) -> Int {
        Self.compare(names, slots[i], other.names, other.slots[j])
    }

    private static func compare(_ aNames: [UInt8], _ a: Slot, _ bNames: [UInt8], _ b: Slot) -> Int {
        aNames.withUnsafeBufferPointer { aBuffer in
            bNames.withUnsafeBufferPointer { bBuffer in
                // A slot's name lies in its buffer, which is then not empty.
                order(aBuffer.baseAddress! + Int(a.start), Int(a.length), a.isTree,
                      bBuffer.baseAddress! + Int(b.start), Int(b.length), b.isTree)
            }
        }
    }

    /// Git orders tree entries as if directory names ended in "/".
    private static func order(_ a: UnsafePointer<UInt8>, _ aCount: Int, _ aIsTree: Bool,
                              _ b: UnsafePointer<UInt8>, _ bCount: Int, _ bIsTree: Bool) -> Int {
        let count = min(aCount, bCount)
        let shared = memcmp(a, b, count)
        if shared != 0 { return shared < 0 ? -1 : 1 }
        let x: UInt8? = aCount > count ? a[count] : (aIsTree ? UInt8(ascii: "/") : nil)
        let y: UInt8? = bCount > count ? b[count] : (bIsTree ? UInt8(ascii: "/") : nil)
        switch (x, y) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?):
            if x != y { return x < y ? -1 : 1 }
            // Same first differing byte ("/" vs "/"): the longer remainder decides.
            let restA = aCount - count, restB = bCount - count
            return restA == restB ? 0 : (restA < restB ? -1 : 1)
        }
    }
}

extension Signature {
    init(_ pointer: UnsafePointer<git_signature>?) {
        guard let signature = pointer?.pointee else {
            self.init(name: "", email: "", time: 0, offsetMinutes: 0)
            return
        }
        self.init(
            name: signature.name.map { String(cString: $0) } ?? "",
            email: signature.email.map { String(cString: $0) } ?? "",
            time: Int64(signature.when.time), offsetMinutes: Int(signature.when.offset))
    }
}

extension String {
    var trimmingSpaces: String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 32 || bytes[start] == 9 || bytes[start] == 13 || bytes[start] == 10 {
            start += 1
        }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 || bytes[end - 1] == 13 || bytes[end - 1] == 10 {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    var index = 0
    while index + needle.count <= haystack.count {
        if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
        index += 1
    }
    return nil
}

/// Reads a whole file by path bytes; nil when it cannot be opened.
func readFile(_ path: String) -> [UInt8]? {
    readFile(pathBytes: Array(path.utf8))
}

func readFile(pathBytes: [UInt8], maxBytes: Int = Int.max) -> [UInt8]? {
    let fd = (pathBytes + [0]).withUnsafeBufferPointer { buffer in
        buffer.baseAddress.map { open(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), O_RDONLY) } ?? -1
    }
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 { return nil }
        if count == 0 { break }
        result.append(contentsOf: chunk[0..<count])
        if result.count > maxBytes { break }
    }
    return result
}

extension Repository {
    /// Where `directory` lies inside the work tree ("content/posts", "" at the root), for
    /// `PathFilter(pathspecs:relativeTo:)`; nil when it is outside the work tree or the repository is bare.
    public func pathspecPrefix(forDirectory directory: String) -> String? {
        guard let workdir, let root = realPath(workdir), let here = realPath(directory) else { return nil }
        if here == root { return "" }
        let rootSlash = root.hasSuffix("/") ? root : root + "/"
        guard here.hasPrefix(rootSlash) else { return nil }
        return String(here.dropFirst(rootSlash.count))
    }
}

private func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
