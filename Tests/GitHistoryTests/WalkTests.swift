import Foundation
import GitFixture
import GitHistory
import Testing

@Suite struct WalkTests {
    /// c1 ─ m1 ─────── M (merge of m1 and f1)
    ///   └─ f1 ───────┘
    /// Both sides change pages; `resolveConflict` makes the merge's about.md differ from both parents.
    func mergedFeature(resolveConflict: Bool) throws -> GitFixture {
        let fixture = try GitFixture()
        let c1 = try fixture.commit("c1", files: ["content/about.md": "about 1\n", "content/feature.md": "feature 0\n"])
        try fixture.branch("feature", at: c1)
        let f1 = try fixture.commit("f1", files: ["content/feature.md": "feature 1\n", "content/about.md": "about f\n"], branch: "feature")
        let m1 = try fixture.commit("m1", files: ["content/about.md": "about 2\n"])
        try fixture.merge(
            "merge feature", parents: [m1, f1],
            files: ["content/feature.md": "feature 1\n", "content/about.md": resolveConflict ? "about resolved\n" : "about 2\n"])
        return fixture
    }

    /// As `git log -- '*.md'`: the merge is listed (it is TREESAME to neither side) but has no change of its own.
    @Test func cleanMergeIsListedWithoutChangesByDefaultAndSkippedInFullHistory() throws {
        let fixture = try mergedFeature(resolveConflict: false)
        let entries = try fixture.repository.log(nil, root: true)
        #expect(subjects(entries) == ["merge feature", "m1", "f1", "c1"])
        #expect(entries.first?.changes.isEmpty == true)
        #expect(subjects(try fixture.repository.log(nil, root: true, options: WalkOptions(simplification: .fullHistory))) == ["m1", "f1", "c1"])
    }

    @Test func conflictResolutionIsTheMergesOwnChange() throws {
        let fixture = try mergedFeature(resolveConflict: true)
        for mode in [WalkOptions.Simplification.default, .fullHistory] {
            let entries = try fixture.repository.log(nil, root: true, options: WalkOptions(simplification: mode))
            #expect(subjects(entries) == ["merge feature", "m1", "f1", "c1"])
            let merge = try #require(entries.first)
            // feature.md came cleanly from f1: only the resolved about.md is the merge's own.
            #expect(paths(merge.changes) == ["content/about.md"])
            #expect(merge.comparedTo == merge.commit.parents.first)
        }
    }

    @Test func firstParentComparesTheMergeWithMainline() throws {
        let fixture = try mergedFeature(resolveConflict: false)
        let entries = try fixture.repository.log(nil, root: true, options: WalkOptions(simplification: .firstParent))
        #expect(subjects(entries) == ["merge feature", "m1", "c1"])
        let merge = try #require(entries.first)
        #expect(paths(merge.changes) == ["content/feature.md"])
        #expect(merge.changes.first?.status == .modified)
    }

    /// A side branch that changes a page and changes it back: git's default simplification hides it,
    /// --full-history shows it.
    @Test func treesameMergeFollowsOnlyTheSameParent() throws {
        let fixture = try GitFixture()
        let c1 = try fixture.commit("c1", files: ["content/about.md": "about 1\n", "content/a.md": "a\n"])
        try fixture.branch("feature", at: c1)
        try fixture.commit("f1", files: ["content/a.md": "a changed\n"], branch: "feature")
        let f2 = try fixture.commit("f2", files: ["content/a.md": "a\n"], branch: "feature")
        let m1 = try fixture.commit("m1", files: ["content/about.md": "about 2\n"])
        try fixture.merge("merge feature", parents: [m1, f2], files: [:])
        let repository = fixture.repository
        #expect(subjects(try repository.log(nil, root: true)) == ["m1", "c1"])
        #expect(subjects(try repository.log(nil, root: true, options: WalkOptions(simplification: .fullHistory))) == ["m1", "f2", "f1", "c1"])
        #expect(subjects(try repository.log(nil, root: true, options: WalkOptions(simplification: .firstParent))) == ["m1", "c1"])
    }

    @Test func commitsThatTouchNoContentAreSkipped() throws {
        let fixture = try GitFixture()
        try fixture.commit("page", files: ["content/about.md": "a\n"])
        try fixture.commit("asset", files: ["static/logo.svg": "<svg/>\n"])
        try fixture.commit("theme", files: ["themes/ananke/README.md": "theme docs\n"])
        try fixture.commit("page again", files: ["content/about.md": "b\n"])
        #expect(subjects(try fixture.repository.log(nil, root: true)) == ["page again", "page"])
    }

    @Test func renameIsDetectedWithSimilarity() throws {
        let fixture = try GitFixture()
        let body = (1...30).map { "line \($0) of the about page\n" }.joined()
        try fixture.commit("add", files: ["content/about.md": body])
        try fixture.commit("rename", files: ["content/about.md": nil, "content/about-me.md": body + "one more line\n"])
        let entry = try #require(try fixture.repository.log(nil).first)
        #expect(entry.changes.count == 1)
        let change = try #require(entry.changes.first)
        #expect(change.status == .renamed)
        #expect(change.old?.path == GitPath("content/about.md"))
        #expect(change.new?.path == GitPath("content/about-me.md"))
        #expect((change.similarity ?? 0) > 80)
        let plain = try fixture.repository.log(nil, options: WalkOptions(detectRenames: false))
        #expect(plain.first?.changes.map(\.status) == [.added, .deleted])
    }

    @Test func deletedAndReaddedWithSameContentIsRestored() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/resume.md": "resume\n"])
        try fixture.commit("delete", files: ["content/resume.md": nil])
        try fixture.commit("restore", files: ["content/resume.md": "resume\n"])
        try fixture.commit("delete again", files: ["content/resume.md": nil])
        try fixture.commit("new resume", files: ["content/resume.md": "new resume\n"])
        let entries = try fixture.repository.log(nil, root: true)
        #expect(entries.map { $0.changes.first?.status } == [.added, .deleted, .restored, .deleted, .added])
        // Newest first or reversed, the decision is chronological.
        let reversed = try fixture.repository.log(nil, root: true, options: WalkOptions(order: .reverse))
        #expect(reversed.map { $0.changes.first?.status } == [.added, .deleted, .restored, .deleted, .added])
    }

    /// Restores are found while the walk goes back in time; held here to their chronological definition (an addition
    /// is a restore when the nearest older addition or deletion of its path deleted the same content) on random
    /// histories of two pages, in both orders and through a streaming sink.
    @Test(arguments: [1, 2, 3]) func restoresFoundWhileWalkingMatchTheirDefinition(seed: UInt64) throws {
        let fixture = try GitFixture()
        var random = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        let paths = ["content/a.md", "content/b.md"]
        let contents = ["one\n", "two\n", "three\n"]
        var current: [String: String] = [:]
        var lastEvent: [String: (added: Bool, content: String)] = [:]
        var expected: [[GitPath: FileChange.Status]] = []
        for number in 1...30 {
            let path = paths[next(2)]
            var statuses: [GitPath: FileChange.Status] = [:]
            if let content = current[path], next(3) == 0 {
                var changed = contents[next(3)]
                if changed == content { changed = content + "more\n" }
                current[path] = changed
                statuses[GitPath(path)] = .modified
            } else if let content = current[path] {
                current[path] = nil
                lastEvent[path] = (false, content)
                statuses[GitPath(path)] = .deleted
            } else {
                let content = contents[next(3)]
                let restored = lastEvent[path].map { !$0.added && $0.content == content } ?? false
                current[path] = content
                lastEvent[path] = (true, content)
                statuses[GitPath(path)] = restored ? .restored : .added
            }
            try fixture.commit("c\(number)", files: [path: current[path]])
            expected.append(statuses)
        }
        func statuses(_ entries: [HistoryEntry]) -> [[GitPath: FileChange.Status]] {
            entries.map { entry in Dictionary(uniqueKeysWithValues: entry.changes.map { ($0.new?.path ?? $0.old!.path, $0.status) }) }
        }
        let plain = WalkOptions(detectRenames: false)
        #expect(expected.contains { $0.values.contains(.restored) })
        #expect(statuses(try fixture.repository.log(nil, root: true, options: plain)) == expected.reversed())
        var reverse = plain
        reverse.order = .reverse
        #expect(statuses(try fixture.repository.log(nil, root: true, options: reverse)) == expected)

        // Commits as the walk read them, or read again for their entries: the same entries.
        let range = try #require(try fixture.repository.resolveRange(nil, root: true))
        var subjects: [[String]] = []
        for keeps in [true, false] {
            let sink = CollectingSink(keepsCommits: keeps)
            try fixture.repository.walk(range, filter: .defaultContent(), options: plain, into: sink)
            let streamed = try sink.commits.map { try fixture.repository.entry(for: $0, detectRenames: false) }
            #expect(statuses(streamed) == expected.reversed())
            subjects.append(streamed.map { $0.commit.subject + " " + $0.commit.message + $0.commit.author.email })
        }
        #expect(subjects[0] == subjects[1] && subjects[0].count == 30)
    }

    @Test func symlinksAndSubmodulesKeepTheirKind() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("page", files: ["content/about.md": "a\n"])
        let target = try fixture.repository.writeBlob(Array("about.md".utf8))
        try fixture.commit("odd entries", entries: [
            "content/link.md": (target, .symlink),
            "content/module": (first, .submodule),
        ])
        let entries = try fixture.repository.log(nil, filter: try PathFilter(pathspecs: ["content"], relativeTo: ""))
        let kinds = Dictionary(uniqueKeysWithValues: try #require(entries.first).changes.map { ($0.path.display, $0.new?.kind) })
        #expect(kinds == ["content/link.md": .symlink, "content/module": .submodule])
    }

    @Test func oddBytePathsAreReportedVerbatim() throws {
        let fixture = try GitFixture()
        let blob = try fixture.repository.writeBlob(Array("x\n".utf8))
        let odd = GitPath(bytes: Array("content/".utf8) + [0x74, 0x09, 0x01, 0xFF, 0xFE] + Array(".md".utf8))
        let tree = try fixture.repository.writeTree([odd: (blob, .file), GitPath("content/about.md"): (blob, .file)])
        let signature = fixture.nextSignature()
        try fixture.repository.createCommit(tree: tree, parents: [], author: signature, committer: signature, message: "odd\n", updateRef: "HEAD")
        let changes = try #require(try fixture.repository.log(nil, root: true).first).changes
        #expect(changes.map(\.path).contains(odd))
        #expect(try fixture.repository.content(of: try #require(changes.first { $0.path == odd }?.new), maxBytes: 100) == Array("x\n".utf8))
    }

    @Test func netChangesBetweenCommits() throws {
        let (fixture, ids) = try tenCommitFixture()
        let changes = try fixture.repository.changes(from: ids[1], to: ids[8], filter: .defaultContent(), detectRenames: true)
        #expect(changes.map(\.status) == [.modified])
        let fromEmpty = try fixture.repository.changes(from: nil, to: ids[8], filter: .defaultContent(), detectRenames: true)
        #expect(fromEmpty.map(\.status) == [.added])
        let bytes = try fixture.repository.content(of: try #require(changes.first?.new), maxBytes: 1000)
        #expect(String(decoding: bytes, as: UTF8.self) == "# About\n\nversion 9\n")
        #expect(throws: GitError.self) { try fixture.repository.content(of: try #require(changes.first?.new), maxBytes: 5) }
    }

    @Test func worktreeChangesReadFromDisk() throws {
        let fixture = try GitFixture()
        try fixture.commit("page", files: ["content/about.md": "a\n", "content/gone.md": "g\n", "notes.txt": "n\n"])
        try fixture.checkout("main")
        try fixture.writeWorkingFile("content/about.md", "a edited\n")
        try fixture.writeWorkingFile("content/new.md", "brand new\n")
        try fixture.writeWorkingFile("notes.txt", "not content\n")
        try FileManager.default.removeItem(atPath: fixture.path + "/content/gone.md")
        let changes = try fixture.repository.worktreeChanges(filter: .defaultContent())
        #expect(changes.map { "\($0.status) \($0.path.display)" } == ["modified content/about.md", "deleted content/gone.md", "added content/new.md"])
        let edited = try #require(changes.first?.new)
        #expect(edited.blob == nil)
        #expect(try fixture.repository.content(of: edited, maxBytes: 100) == Array("a edited\n".utf8))
    }
}

/// Keeps what a streaming walk gives, as a caller of `walk(_:filter:options:into:)` does.
final class CollectingSink: WalkSink {
    var commits: [WalkedCommit] = []
    let keepsCommits: Bool
    init(keepsCommits: Bool = true) { self.keepsCommits = keepsCommits }
    func add(_ commit: WalkedCommit) -> Bool {
        commits.append(commit)
        return true
    }
    func markRestored(_ path: GitPath, at index: Int) { commits[index].markRestored(path) }
}
