import Foundation
import GitFixture
import GitHistory
import Testing

@Suite struct RepositoryTests {
    @Test func discoversFromASubdirectory() throws {
        let fixture = try GitFixture()
        try fixture.commit("page", files: ["content/posts/first.md": "x\n"])
        try fixture.checkout("main")
        let repository = try Repository.discover(startingAt: fixture.path + "/content/posts")
        #expect(repository.workdir == fixture.path + "/")
        #expect(subjects(try repository.log(nil)) == ["page"])
    }

    @Test func bareRepositoryWalks() throws {
        let fixture = try GitFixture(bare: true)
        try fixture.commit("page", files: ["content/about.md": "x\n"])
        let repository = try Repository.discover(startingAt: fixture.path)
        #expect(repository.workdir == nil)
        #expect(subjects(try repository.log(nil, root: true)) == ["page"])
        #expect(try repository.worktreeChanges(filter: .defaultContent()).isEmpty)
    }

    @Test func notARepositoryNamesThePath() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/not-a-repo-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: HistoryError.notARepository(path: directory)) { try Repository.discover(startingAt: directory) }
        #expect(HistoryError.notARepository(path: directory).description == "not a git repository (or any parent up to /): \(directory)")
    }

    /// c1 ← c2 ← c3 cut after c2: HEAD~1 is there, HEAD~2 and --root are not.
    func shallowFixture() throws -> (GitFixture, [ObjectID]) {
        let fixture = try GitFixture()
        let ids = try (1...3).map { try fixture.commit("c\($0)", files: ["content/about.md": "v\($0)\n"]) }
        try fixture.makeShallow(boundary: [ids[1]])
        return (fixture, ids)
    }

    @Test func shallowCloneWalksWithinItsDepth() throws {
        let (fixture, _) = try shallowFixture()
        let repository = try fixture.reopen()
        #expect(repository.isShallow)
        #expect(subjects(try repository.log("HEAD~1")) == ["c3"])
        #expect(subjects(try repository.log(nil)) == ["c3"])
    }

    @Test(arguments: [("HEAD~2", false), (nil, true)] as [(String?, Bool)])
    func shallowBoundaryIsAnErrorWithAdvice(spec: String?, root: Bool) throws {
        let (fixture, _) = try shallowFixture()
        let repository = try fixture.reopen()
        do {
            let entries = try repository.log(spec, root: root)
            Issue.record("expected a shallow boundary error, got \(subjects(entries))")
        } catch let error as HistoryError {
            guard case .shallowBoundary(_, let count) = error else {
                Issue.record("expected shallowBoundary, got \(error)")
                return
            }
            #expect(count == 2)
            #expect(error.description.hasPrefix("repository is a shallow clone: "))
            #expect(error.description.contains("is beyond its 2 commits"))
            #expect(error.description.hasSuffix("fetch full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0)"))
            if let spec { #expect(error.description.contains(spec)) }
        }
    }

    @Test func missingBlobThrowsNotFoundButTheWalkGoesOn() throws {
        let fixture = try GitFixture()
        try fixture.commit("two pages", files: ["content/a.md": "a\n", "content/b.md": "b\n"])
        let entries = try fixture.repository.log(nil, root: true)
        let versions = try #require(entries.first).changes.compactMap(\.new)
        let missing = try #require(versions.first { $0.path == GitPath("content/a.md") })
        try fixture.deleteObject(try #require(missing.blob))
        let repository = try fixture.reopen()
        let again = try repository.log(nil, root: true)
        #expect(again.first?.changes.count == 2)
        do {
            _ = try repository.content(of: missing, maxBytes: 1000)
            Issue.record("expected a missing object error")
        } catch let error as GitError {
            #expect(error.code == .notFound)
            #expect(error.message.contains(try #require(missing.blob).hex))
            #expect(error.message.contains("content/a.md"))
        }
        let other = try #require(versions.first { $0.path == GitPath("content/b.md") })
        #expect(try repository.content(of: other, maxBytes: 1000) == Array("b\n".utf8))
    }

    @Test func missingTreeBecomesAProblemOfThatCommit() throws {
        let fixture = try GitFixture()
        try fixture.commit("c1", files: ["content/a.md": "a\n", "docs/d.md": "d\n"])
        let broken = try fixture.commit("c2", files: ["content/a.md": "a2\n", "docs/d.md": "d2\n"])
        try fixture.commit("c3", files: ["docs/d.md": "d3\n"])
        let page = try #require(try fixture.repository.flatTree(of: broken)[GitPath("content/a.md")]).0
        // c2's content/ subtree, found by writing the same tree again; then removed from the store.
        let subtree = try fixture.repository.writeTree([GitPath("a.md"): (page, .file)])
        try fixture.deleteObject(subtree)
        let entries = try fixture.reopen().log(nil, root: true)
        #expect(subjects(entries) == ["c3", "c2", "c1"])
        let c2 = try #require(entries.first { $0.commit.subject == "c2" })
        #expect(c2.problems.contains { $0.contains(subtree.hex) && $0.contains("content") })
        #expect(paths(c2.changes) == ["docs/d.md"])
    }
}

@Suite struct MissingParentTests {
    /// A corrupt store that lost a parent commit: the child is reported with a problem, never as "everything added".
    @Test func missingParentIsAProblemNotARootCommit() throws {
        let fixture = try GitFixture()
        let c1 = try fixture.commit("c1", files: ["content/a.md": "a\n", "content/b.md": "b\n"])
        try fixture.commit("c2", files: ["content/a.md": "a2\n"])
        try fixture.deleteObject(c1)
        let entries = try fixture.reopen().log(nil, root: true)
        #expect(subjects(entries) == ["c2"])
        let entry = try #require(entries.first)
        #expect(entry.changes.isEmpty)
        #expect(entry.problems.contains { $0.contains(c1.hex) })
    }
}

@Suite struct WorkingTreeTests {
    @Test func unbornRepositoryComparesWithTheEmptyTree() throws {
        let fixture = try GitFixture()
        try fixture.writeWorkingFile("content/draft.md", "# Draft\n")
        try fixture.writeWorkingFile("public/index.md", "generated\n")
        let changes = try fixture.repository.worktreeChanges(filter: .defaultContent())
        #expect(changes.map { "\($0.status) \($0.path.display)" } == ["added content/draft.md"])
    }

    @Test func renamedPageInTheWorkingTree() throws {
        let fixture = try GitFixture()
        let body = (1...20).map { "line \($0)\n" }.joined()
        try fixture.commit("page", files: ["content/about.md": body])
        try fixture.checkout("main")
        try FileManager.default.removeItem(atPath: fixture.path + "/content/about.md")
        try fixture.writeWorkingFile("content/about-me.md", body)
        let changes = try fixture.repository.worktreeChanges(filter: .defaultContent())
        #expect(changes.map(\.status) == [.renamed])
        #expect(changes.first?.old?.path == GitPath("content/about.md"))
        #expect(changes.first?.new?.path == GitPath("content/about-me.md"))
    }

    @Test func pathspecPrefixOfTheCurrentDirectory() throws {
        let fixture = try GitFixture()
        try fixture.writeWorkingFile("content/posts/a.md", "a\n")
        let repository = fixture.repository
        #expect(repository.pathspecPrefix(forDirectory: fixture.path) == "")
        #expect(repository.pathspecPrefix(forDirectory: fixture.path + "/content/posts") == "content/posts")
        #expect(repository.pathspecPrefix(forDirectory: "/") == nil)
    }
}
