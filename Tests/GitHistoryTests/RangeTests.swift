import GitFixture
@testable import GitHistory
import Testing

@Suite struct RangeTests {
    @Test func sinceRevisionYieldsExactlyTheCommitsAfterIt() throws {
        let (fixture, _) = try tenCommitFixture()
        let entries = try fixture.repository.log("HEAD~5")
        #expect(subjects(entries) == ["c10", "c9", "c8", "c7", "c6"])
        let range = try #require(try fixture.repository.resolveRange("HEAD~5", root: false))
        #expect(range.kind == .since)
    }

    @Test func rootIncludesTheCreatingCommit() throws {
        let (fixture, ids) = try tenCommitFixture()
        let entries = try fixture.repository.log(nil, root: true)
        #expect(entries.count == 10)
        let first = try #require(entries.last)
        #expect(first.commit.id == ids[0])
        #expect(first.comparedTo == nil)
        #expect(first.changes.map(\.status) == [.added])
    }

    @Test func noSpecMeansTheLastCommitAlone() throws {
        let (fixture, ids) = try tenCommitFixture()
        let entries = try fixture.repository.log(nil)
        #expect(entries.map(\.commit.id) == [ids[9]])
        #expect(entries.first?.comparedTo == ids[8])
        #expect(entries.first?.changes.map(\.status) == [.modified])
    }

    @Test func twoDotRangeBetweenTagAndAbbreviatedId() throws {
        let (fixture, ids) = try tenCommitFixture()
        try fixture.tag("v1.0", at: ids[2])
        try fixture.tag("light", at: ids[5], annotated: false)
        let abbreviated = String(ids[5].hex.prefix(8))
        #expect(try fixture.repository.resolveCommit(abbreviated) == ids[5])
        #expect(try fixture.repository.resolveCommit("v1.0") == ids[2])
        #expect(try fixture.repository.resolveCommit("light") == ids[5])
        let entries = try fixture.repository.log("v1.0..\(abbreviated)")
        #expect(subjects(entries) == ["c6", "c5", "c4"])
        let tags = try fixture.repository.tags()
        #expect(tags.map(\.name) == ["light", "v1.0"])
        #expect(tags.map(\.target) == [ids[5], ids[2]])
    }

    @Test func threeDotRangeShowsOnlyTheFeatureSide() throws {
        let fixture = try GitFixture()
        try fixture.commit("base", files: ["content/about.md": "base\n"])
        let base = try fixture.commit("base 2", files: ["content/about.md": "base 2\n"])
        try fixture.branch("feature", at: base)
        try fixture.commit("feature 1", files: ["content/feature.md": "f1\n"], branch: "feature")
        try fixture.commit("main 1", files: ["content/about.md": "main 1\n"])
        try fixture.commit("feature 2", files: ["content/feature.md": "f2\n"], branch: "feature")
        try fixture.commit("main 2", files: ["content/about.md": "main 2\n"])
        let range = try #require(try fixture.repository.resolveRange("main...feature", root: false))
        #expect(range.kind == .threeDot(mergeBase: base))
        #expect(subjects(try fixture.repository.history(range, filter: .defaultContent(), options: WalkOptions())) == ["feature 2", "feature 1"])
        #expect(subjects(try fixture.repository.log("feature..main")) == ["main 2", "main 1"])
        #expect(subjects(try fixture.repository.log("feature...")) == ["main 2", "main 1"])
    }

    @Test func orderAndSelectionOptions() throws {
        let (fixture, ids) = try tenCommitFixture()
        let repository = fixture.repository
        #expect(subjects(try repository.log(nil, root: true, options: WalkOptions(maxCount: 3))) == ["c10", "c9", "c8"])
        // As git: the limit picks the newest commits, then --reverse orders them.
        #expect(subjects(try repository.log(nil, root: true, options: WalkOptions(order: .reverse, maxCount: 3))) == ["c8", "c9", "c10"])
        let c4 = try repository.commit(ids[3]).committer.time
        let c6 = try repository.commit(ids[5]).committer.time
        #expect(subjects(try repository.log(nil, root: true, options: WalkOptions(since: c4, until: c6))) == ["c6", "c5", "c4"])
    }

    @Test func unbornHeadGivesNoRange() throws {
        let fixture = try GitFixture()
        #expect(try fixture.repository.head() == nil)
        #expect(try fixture.repository.resolveRange(nil, root: false) == nil)
        #expect(try fixture.repository.resolveRange(nil, root: true) == nil)
        #expect(try fixture.repository.resolveRange("HEAD~1", root: false) == nil)
    }

    @Test(arguments: ["nope", "v9.9..HEAD", "HEAD..nope", "nope~3", "HEAD^2"])
    func unknownRevisionIsNamed(spec: String) throws {
        let (fixture, _) = try tenCommitFixture()
        #expect(throws: HistoryError.self) { try fixture.repository.resolveRange(spec, root: false) }
        do {
            _ = try fixture.repository.resolveRange(spec, root: false)
        } catch let error as HistoryError {
            guard case .unknownRevision(let named) = error else {
                Issue.record("expected unknownRevision, got \(error)")
                return
            }
            #expect(spec.contains(named))
            #expect(error.description == "unknown revision '\(named)'")
        }
    }

    @Test("an ancestor past the first commit says how far back the history goes", arguments: [
        ("HEAD~20", "HEAD~20"), ("HEAD~10", "HEAD~10"), ("HEAD~5~5", "HEAD~5~5"), ("HEAD^^~8..HEAD", "HEAD^^~8"),
        ("topic~3..topic~12", "topic~12"),
    ])
    func pastFirstCommit(spec: String, failing: String) throws {
        let (fixture, ids) = try tenCommitFixture()
        try fixture.branch("topic", at: ids[9])
        #expect(try fixture.repository.resolveRange("HEAD~9", root: false) != nil)
        let base = String(failing.prefix { $0 != "~" && $0 != "^" })
        #expect(throws: HistoryError.pastFirstCommit(spec: failing, base: base, ancestors: 9)) {
            try fixture.repository.resolveRange(spec, root: false)
        }
    }

    @Test func firstParentStepsAreCountedOnlyForFirstParents() {
        func steps(_ spec: String) -> Int? { Repository.firstParentSteps(spec)?.steps }
        #expect(Repository.firstParentSteps("HEAD~20")?.base == "HEAD")
        #expect(steps("HEAD~20") == 20)
        #expect(steps("v1.0^") == 1)
        #expect(steps("HEAD^^~3^1") == 6)
        #expect(steps("HEAD~") == 1)
        #expect(steps("HEAD^0") == nil)
        #expect(steps("HEAD^2") == nil)
        #expect(steps("HEAD^{tree}") == nil)
        #expect(steps("HEAD") == nil)
        #expect(steps("~3") == nil)
    }

    @Test func ambiguousAbbreviationIsReported() throws {
        let fixture = try GitFixture()
        var byPrefix: [String: ObjectID] = [:]
        var collision: String?
        for number in 0..<5000 where collision == nil {
            let id = try fixture.repository.writeBlob(Array("blob \(number)\n".utf8))
            let prefix = String(id.hex.prefix(4))
            if byPrefix[prefix] != nil { collision = prefix }
            byPrefix[prefix] = id
        }
        let prefix = try #require(collision)
        #expect(throws: HistoryError.ambiguousRevision(prefix)) { try fixture.repository.resolveCommit(prefix) }
    }
}
