import Changelog
import Foundation
import GitFixture
import GitHistory
import ProfileDiff
@testable import ProfileHistory
import Testing

private func changelog(_ fixture: GitFixture, range: String? = nil, root: Bool = false,
                       configure: (inout HistoryRequest) -> Void = { _ in }) throws -> (Changelog, SemanticHistory) {
    var request = HistoryRequest()
    request.directory = fixture.path
    request.range = range
    request.root = root
    configure(&request)
    let history = try SemanticHistory(request)
    return (try history.changelog(), history)
}

private let about = """
    ---
    title: About
    ---

    Intro text.

    ## Work

    - Built things
    - Shipped things

    ## Contact

    - [GitHub](https://github.com/example)
    """

@Suite("semantic history over real repositories")
struct SemanticHistoryTests {
    @Test("a missing blob is 'missing content' for that page, never 'page deleted', and the other pages still report")
    func missingObject() throws {
        let fixture = try GitFixture()
        try fixture.commit("add pages", files: ["content/about.md": about, "content/resume.md": "# Resume\n\n- Swift\n"])
        let second = try fixture.commit("edit both", files: [
            "content/about.md": about.replacingOccurrences(of: "Shipped things", with: "Shipped many things"),
            "content/resume.md": "# Resume\n\n- Swift\n- Rust\n",
        ])
        let lost = try #require(try fixture.repository.fileVersion(at: second, path: GitPath("content/about.md"))?.blob)
        try fixture.deleteObject(lost)

        let (log, history) = try changelog(fixture, range: "HEAD~1")
        #expect(history.hadMissingObjects)
        let files = try #require(log.commits.first?.files)
        let resume = try #require(files.first { $0.path == "content/resume.md" })
        #expect(resume.changes.map(\.kind) == [.listItemAdded])
        let aboutFile = try #require(files.first { $0.path == "content/about.md" })
        #expect(aboutFile.status == .skipped)
        #expect(aboutFile.changes.isEmpty)
        #expect(log.notes.contains { $0.kind == .missingObject && $0.path == "content/about.md" && $0.message.contains("missing") })
        #expect(!files.contains { $0.changes.contains { $0.kind == .pageDeleted } })
    }

    @Test("binary, non-UTF-8, LFS pointer and oversized pages are noted and skipped; the rest continues", arguments: [
        ("binary", [UInt8]("# A\n\u{0}\u{1}binary".utf8), "binary content"),
        ("latin1", [0x23, 0x20, 0x43, 0x61, 0x66, 0xE9, 0x0A], "not valid UTF-8"),
        ("lfs", Array("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n".utf8), "Git LFS pointer"),
    ])
    func skippedContent(name: String, bytes: [UInt8], reason: String) throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": about])
        try fixture.commit("odd page", bytes: [
            "content/\(name).md": bytes,
            "content/about.md": Array(about.replacingOccurrences(of: "Intro text.", with: "Intro text, edited.").utf8),
        ])
        let (log, history) = try changelog(fixture, range: "HEAD~1")
        #expect(!history.hadMissingObjects)
        let files = try #require(log.commits.first?.files)
        #expect(files.first { $0.path == "content/about.md" }?.changes.isEmpty == false)
        let odd = try #require(files.first { $0.path == "content/\(name).md" })
        #expect(odd.status == .skipped)
        #expect(odd.skipReason?.contains(reason) == true)
        #expect(log.notes.contains { $0.kind == .skippedFile && $0.message.contains(reason) })
    }

    @Test("--max-file-size skips a larger page with a note")
    func maxFileSize() throws {
        let fixture = try GitFixture()
        try fixture.commit("big", files: ["content/big.md": String(repeating: "word ", count: 400)])
        let (log, _) = try changelog(fixture, root: true) { $0.maxFileSize = 1_000 }
        let file = try #require(log.commits.first?.files.first)
        #expect(file.status == .skipped)
        #expect(file.skipReason?.contains("--max-file-size") == true)
    }

    @Test("a symlink and a submodule under the content paths are noted, not followed")
    func symlinkAndSubmodule() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": about])
        let target = try fixture.repository.writeBlob(Array("../../etc/passwd".utf8))
        let gitlink = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        try fixture.commit("odd entries", entries: ["content/link.md": (target, .symlink), "content/theme.md": (gitlink, .submodule)])
        let (log, _) = try changelog(fixture, range: "HEAD~1")
        let files = try #require(log.commits.first?.files)
        #expect(files.first { $0.path == "content/link.md" }?.skipReason?.contains("symbolic link") == true)
        #expect(files.first { $0.path == "content/theme.md" }?.skipReason?.contains("submodule") == true)
    }

    @Test("a range past a shallow clone's boundary is an error with the fetch advice; inside it works")
    func shallow() throws {
        let fixture = try GitFixture()
        var ids: [ObjectID] = []
        for n in 0..<5 {
            ids.append(try fixture.commit("edit \(n)", files: ["content/about.md": about + "\n\nEdit \(n).\n"]))
        }
        try fixture.makeShallow(boundary: [ids[3]])
        #expect {
            _ = try changelog(fixture, range: "HEAD~3")
        } throws: { error in
            guard let error = error as? HistoryError, case .shallowBoundary = error else { return false }
            return error.description.contains("fetch-depth: 0") && error.description.contains("shallow clone")
        }
        #expect(throws: HistoryError.self) { _ = try changelog(fixture, root: true) }
        let (inside, _) = try changelog(fixture, range: "HEAD~1")
        #expect(inside.commits.count == 1)
        #expect(inside.commits.first?.files.first?.changes.first?.kind == .paragraphEdited)
    }

    @Test("an empty repository is an empty changelog, not an error")
    func emptyRepository() throws {
        let fixture = try GitFixture()
        let (log, _) = try changelog(fixture)
        #expect(log.commits.isEmpty)
        #expect(log.range.to == nil)
    }

    @Test("--worktree appends the uncommitted edit as a pseudo-commit")
    func worktree() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": about])
        try fixture.repository.checkoutHead(force: true)
        try fixture.writeWorkingFile("content/about.md", about.replacingOccurrences(of: "## Contact", with: "## Contact Me"))
        let (log, _) = try changelog(fixture, range: "HEAD") { $0.worktree = true }
        let entry = try #require(log.commits.first)
        #expect(entry.isWorktree)
        #expect(entry.files.first?.changes.map(\.kind) == [.sectionRenamed])
    }

    /// The commit that brings the page back is in the first batch, which the pipeline compares while the walk is
    /// still going back through the history (where the deletion is): it must be compared again once the walk ends.
    @Test("a page restored at the tip of a long history says so, newest or oldest first", arguments: [false, true])
    func restoredAfterManyBatches(reverse: Bool) throws {
        let fixture = try GitFixture()
        try fixture.commit("add the CV", files: ["content/cv.md": about])
        try fixture.commit("drop the CV", files: ["content/cv.md": nil])
        for n in 0..<300 {
            try fixture.commit("note \(n)", files: ["content/notes.md": "# Notes\n\nEntry \(n).\n"])
        }
        try fixture.commit("bring the CV back", files: ["content/cv.md": about])
        let (log, _) = try changelog(fixture, root: true) { $0.walk.order = reverse ? .reverse : .newestFirst }
        #expect(log.commits.count == 303)
        let back = try #require(log.commits.first { $0.subject == "bring the CV back" })
        let file = try #require(back.files.first)
        #expect(file.status == .restored)
        #expect(file.changes.map(\.kind) == [.pageRestored])
        let first = try #require(log.commits.first { $0.subject == "add the CV" })
        #expect(first.files.first?.status == .added)
    }

    @Test("batchEnded comes after each batch's last commit, so a caller can pass its output on batch by batch")
    func batchEndedFollowsEachBatch() throws {
        let fixture = try GitFixture()
        for n in 0..<150 {
            try fixture.commit("note \(n)", files: ["content/notes.md": "# Notes\n\nEntry \(n).\n"])
        }
        var request = HistoryRequest()
        request.directory = fixture.path
        request.root = true
        let history = try SemanticHistory(request)
        var events: [String] = []
        try history.forEachCommit({ events.append($0.subject) }, batchEnded: { events.append("|") })
        let batches = events.split(separator: "|", omittingEmptySubsequences: false).dropLast().map(Array.init)
        #expect(events.last == "|")
        #expect(batches.map(\.count) == [SemanticHistory.batchSize, SemanticHistory.batchSize, 150 - 2 * SemanticHistory.batchSize])
        #expect(batches.joined().elementsEqual((0..<150).reversed().map { "note \($0)" }))
    }

    @Test("a page renamed in git keeps its history: one rename, no add and delete")
    func pageRename() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/cv.md": about])
        try fixture.commit("rename", files: ["content/cv.md": nil, "content/resume.md": about])
        let (log, _) = try changelog(fixture, range: "HEAD~1")
        let file = try #require(log.commits.first?.files.first)
        #expect(file.status == .renamed)
        #expect(file.oldPath == "content/cv.md")
        #expect(file.changes.map(\.kind) == [.pageRenamed])
    }

    @Test("the config's exclude globs, ignored front-matter keys and page names apply")
    func config() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: [
            "content/about.md": about, "content/drafts/x.md": "# Draft\n",
            ".profile-diff.yml": "exclude: [\"content/drafts/**\"]\nignore-front-matter: [lastmod]\npages:\n  content/about.md: About page\n",
        ])
        try fixture.commit("edit", files: [
            "content/about.md": about.replacingOccurrences(of: "title: About", with: "title: About\nlastmod: 2025-01-01"),
            "content/drafts/x.md": "# Draft 2\n",
        ])
        try fixture.repository.checkoutHead(force: true)
        let (log, _) = try changelog(fixture, root: true)
        let paths = log.commits.flatMap { $0.files.map(\.path) }
        #expect(!paths.contains("content/drafts/x.md"))
        // The only change of the second commit was an ignored key: nothing to report for it.
        #expect(log.commits.count == 1)
        #expect(log.commits.first?.files.first?.displayName == "About page")
    }
}

@Suite("repository config")
struct RepositoryConfigTests {
    @Test("every key is read")
    func readsKeys() throws {
        let config = try RepositoryConfig.parse("""
            include: ["content/**/*.md"]
            exclude: "content/drafts/**"
            ignore-front-matter: [lastmod, weight]
            pages:
              content/about.md: About
            thresholds:
              rename: 0.6
              rewrite: 0.25
            """)
        #expect(config.include == ["content/**/*.md"])
        #expect(config.exclude == ["content/drafts/**"])
        #expect(config.ignoreFrontMatter == ["lastmod", "weight"])
        #expect(config.pages == ["content/about.md": "About"])
        #expect(config.renameThreshold == 0.6)
        #expect(config.rewriteThreshold == 0.25)
    }

    @Test("unknown or malformed keys are errors that name the key", arguments: [
        ("exlude: [a]", "unknown key 'exlude'"),
        ("thresholds:\n  renam: 0.5", "unknown key 'thresholds.renam'"),
        ("thresholds:\n  rename: 2", "'thresholds.rename' must be a number from 0 to 1"),
        ("pages: [a, b]", "'pages' must map paths"),
        ("include: {a: b}", "'include' must be a list of strings"),
        ("- just\n- a list", "expected a mapping"),
        ("include: [unclosed", "not valid YAML"),
    ])
    func errors(text: String, message: String) {
        #expect {
            _ = try RepositoryConfig.parse(text)
        } throws: { error in
            (error as? ConfigError)?.description.contains(message) == true
        }
    }
}

@Suite("path globs")
struct PathGlobTests {
    @Test("globs match as in .gitignore", arguments: [
        ("*.md", "content/about.md", true),
        ("*.md", "about.markdown", false),
        ("content/*.md", "content/about.md", true),
        ("content/*.md", "content/posts/a.md", false),
        ("content/**/*.md", "content/a.md", true),
        ("content/**/*.md", "content/posts/2025/a.md", true),
        ("content/drafts/**", "content/drafts/x/y.md", true),
        ("content/drafts/**", "content/draftsx.md", false),
        ("content/[ab]*.md", "content/about.md", true),
        ("content/[!ab]*.md", "content/about.md", false),
        ("content/?.md", "content/a.md", true),
        ("/content/a.md", "content/a.md", true),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(PathGlob(pattern).matches(path) == expected)
    }

    @Test("a hostile pattern cannot make matching explode")
    func noBacktracking() {
        let pattern = String(repeating: "*a", count: 200) + "b"
        let path = String(repeating: "a", count: 2_000)
        #expect(!PathGlob(pattern).matches(path))
    }
}
