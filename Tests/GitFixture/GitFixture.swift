import Foundation
import GitHistory

/// A real temporary repository with fixed signatures and times, so commit ids are stable; removed in deinit.
public final class GitFixture {
    public let path: String
    public let repository: Repository
    private var commitCount = 0

    public static let author = "Test Author"
    public static let email = "test@example.com"

    public init(bare: Bool = false) throws {
        let base = FileManager.default.temporaryDirectory.path + "/profile-diff-fixture-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = (try? FileManager.default.destinationOfSymbolicLink(atPath: base)) ?? base
        repository = try Repository.create(at: path, bare: bare)
        try repository.setHead("refs/heads/main")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A signature at 1_700_000_000 + 60 * n for the n-th fixture commit.
    public func nextSignature() -> Signature {
        let signature = Signature(name: Self.author, email: Self.email, time: 1_700_000_000 + 60 * Int64(commitCount), offsetMinutes: 0)
        commitCount += 1
        return signature
    }

    /// Commits text edits (nil deletes) on top of the parent's tree and moves `branch` to the new commit.
    @discardableResult
    public func commit(_ message: String, files: [String: String?], parents: [ObjectID]? = nil, branch: String = "main") throws -> ObjectID {
        try commit(message, bytes: files.mapValues { $0.map { Array($0.utf8) } }, parents: parents, branch: branch)
    }

    @discardableResult
    public func commit(_ message: String, bytes: [String: [UInt8]?], parents: [ObjectID]? = nil, branch: String = "main") throws -> ObjectID {
        let parentList = try parents ?? defaultParents(branch: branch)
        var entries = try parentList.first.map { try flatTree(of: $0) } ?? [:]
        for (file, content) in bytes {
            if let content {
                entries[GitPath(file)] = (try repository.writeBlob(content), .file)
            } else {
                entries[GitPath(file)] = nil
            }
        }
        return try commitTree(message, entries: entries, parents: parentList, branch: branch)
    }

    /// Commits an explicit set of entries (for symlinks, submodules and odd kinds).
    @discardableResult
    public func commit(_ message: String, entries edits: [String: (ObjectID, EntryKind)?], branch: String = "main") throws -> ObjectID {
        let parentList = try defaultParents(branch: branch)
        var entries = try parentList.first.map { try flatTree(of: $0) } ?? [:]
        for (file, entry) in edits { entries[GitPath(file)] = entry }
        return try commitTree(message, entries: entries, parents: parentList, branch: branch)
    }

    /// A merge commit whose tree is the first parent's tree plus `files`.
    @discardableResult
    public func merge(_ message: String, parents: [ObjectID], files: [String: String?], branch: String = "main") throws -> ObjectID {
        try commit(message, files: files, parents: parents, branch: branch)
    }

    public func tag(_ name: String, at id: ObjectID? = nil, annotated: Bool = true) throws {
        guard let target = try id ?? repository.head() else { throw FixtureError("nothing to tag") }
        try repository.createTag(name, target: target, message: annotated ? name + "\n" : nil, tagger: annotated ? nextSignature() : nil)
    }

    public func branch(_ name: String, at id: ObjectID) throws {
        try repository.createBranch(name, at: id, force: true)
    }

    public func checkout(_ branch: String) throws {
        try repository.setHead("refs/heads/" + branch)
        try repository.checkoutHead(force: true)
    }

    /// Makes the repository look like a shallow clone cut at `boundary`: writes `<gitdir>/shallow` and
    /// deletes the loose commit objects behind it, as a real shallow clone lacks them.
    public func makeShallow(boundary: [ObjectID]) throws {
        var keep: Set<ObjectID> = []
        var stack = boundary
        // Commits reachable from any ref without crossing the boundary stay.
        if let head = try repository.head() { stack.append(head) }
        let boundarySet = Set(boundary)
        while let id = stack.popLast() {
            guard keep.insert(id).inserted else { continue }
            if boundarySet.contains(id) { continue }
            stack.append(contentsOf: try repository.commit(id).parents)
        }
        var drop: [ObjectID] = []
        var seen: Set<ObjectID> = []
        stack = try boundary.flatMap { try repository.commit($0).parents }
        while let id = stack.popLast() {
            guard !keep.contains(id), seen.insert(id).inserted else { continue }
            drop.append(id)
            stack.append(contentsOf: (try? repository.commit(id).parents) ?? [])
        }
        let shallow = boundary.map { $0.hex + "\n" }.sorted().joined()
        try shallow.write(toFile: repository.gitDirectory + "shallow", atomically: true, encoding: .utf8)
        for id in drop { try deleteObject(id) }
    }

    /// Deletes a loose object file, as a partial clone or a corrupt store would lack it.
    public func deleteObject(_ id: ObjectID) throws {
        let hex = id.hex
        let file = repository.gitDirectory + "objects/" + hex.prefix(2) + "/" + hex.dropFirst(2)
        try FileManager.default.removeItem(atPath: file)
    }

    public func writeWorkingFile(_ relativePath: String, _ contents: String) throws {
        let file = path + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: file, atomically: true, encoding: .utf8)
    }

    /// A fresh handle on the same repository, free of libgit2's in-memory object cache.
    public func reopen() throws -> Repository {
        try Repository.discover(startingAt: path)
    }

    /// The repository's own `history/`, built into a temporary repository; nil when history/ is absent.
    public static func sampleHistory(filePath: String = #filePath) throws -> GitFixture? {
        var root = URL(fileURLWithPath: filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let history = root.appendingPathComponent("history").path
        guard FileManager.default.fileExists(atPath: history) else { return nil }
        let fixture = try GitFixture()
        try SampleHistory.build(from: history, into: fixture.repository)
        try fixture.repository.checkoutHead(force: true)
        return fixture
    }

    private func defaultParents(branch: String) throws -> [ObjectID] {
        if let tip = try? repository.resolveCommit("refs/heads/" + branch) { return [tip] }
        return try repository.head().map { [$0] } ?? []
    }

    private func flatTree(of commit: ObjectID) throws -> [GitPath: (ObjectID, EntryKind)] {
        try repository.flatTree(of: commit)
    }

    private func commitTree(_ message: String, entries: [GitPath: (ObjectID, EntryKind)], parents: [ObjectID], branch: String) throws -> ObjectID {
        let tree = try repository.writeTree(entries)
        let signature = nextSignature()
        return try repository.createCommit(
            tree: tree, parents: parents, author: signature, committer: signature, message: message + "\n",
            updateRef: "refs/heads/" + branch)
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
