import Changelog
import Foundation
import GitFixture
import GitHistory
import ProfileDiff
@testable import ProfileHistory
import Testing

/// Odd and hostile repositories through the whole pipeline (walk → read → parse → diff → changelog), built as real
/// repositories. `SemanticHistoryTests` already covers a plainly missing blob, binary / Latin-1 / LFS pages,
/// symlinks and submodules, a shallow boundary and an empty repository; this suite covers the rest of issue 8.
@Suite("hostile repositories")
struct HostileRepositoryTests {
    static let page = "# About\n\nIntro text.\n\n## Work\n\n- Built things\n- Shipped things\n"
    static let edited = page.replacingOccurrences(of: "Shipped things", with: "Shipped many things")

    static func changelog(_ path: String, range: String? = nil, root: Bool = false) throws -> (Changelog, SemanticHistory) {
        var request = HistoryRequest()
        request.directory = path
        request.range = range
        request.root = root
        let history = try SemanticHistory(request)
        return (try history.changelog(), history)
    }

    /// Two pages, both edited in the second commit; returns the second commit.
    static func twoPages(_ fixture: GitFixture) throws -> ObjectID {
        try fixture.commit("add pages", files: ["content/about.md": page, "content/resume.md": "# Resume\n\n- Swift\n"])
        return try fixture.commit("edit both", files: ["content/about.md": edited, "content/resume.md": "# Resume\n\n- Swift\n- Rust\n"])
    }

    static func objectFile(_ fixture: GitFixture, _ id: ObjectID) -> String {
        fixture.repository.gitDirectory + "objects/" + id.hex.prefix(2) + "/" + id.hex.dropFirst(2)
    }

    /// The resume's edit is reported, the about page is a "missing content" note and never "page deleted/added".
    static func expectAboutMissingResumeReported(_ log: Changelog, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let files = try #require(log.commits.first?.files, sourceLocation: sourceLocation)
        #expect(files.first { $0.path == "content/resume.md" }?.changes.map(\.kind) == [.listItemAdded], sourceLocation: sourceLocation)
        let about = try #require(files.first { $0.path == "content/about.md" }, sourceLocation: sourceLocation)
        #expect(about.status == .skipped, sourceLocation: sourceLocation)
        #expect(about.changes.isEmpty, sourceLocation: sourceLocation)
        #expect(log.notes.contains { $0.kind == .missingObject && $0.path == "content/about.md" }, sourceLocation: sourceLocation)
        #expect(!files.contains { $0.changes.contains { $0.kind == .pageDeleted || $0.kind == .pageAdded } }, sourceLocation: sourceLocation)
    }

    // MARK: - Missing and corrupt objects

    /// A partial clone (`extensions.partialclone` in a version-1 repository) lacks blobs it never fetched:
    /// the repository still opens, and a missing blob is missing content, never a deleted page.
    @Test(arguments: ["new", "old"])
    func partialCloneWithMissingBlob(side: String) throws {
        let fixture = try GitFixture()
        let second = try Self.twoPages(fixture)
        let commit = side == "new" ? second : try #require(try fixture.repository.commit(second).parents.first)
        let blob = try #require(try fixture.repository.fileVersion(at: commit, path: GitPath("content/about.md"))?.blob)
        try fixture.deleteObject(blob)
        let config = fixture.repository.gitDirectory + "config"
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "repositoryformatversion = 0", with: "repositoryformatversion = 1")
        text += "[remote \"origin\"]\n\turl = https://example.com/site.git\n\tpromisor = true\n\tpartialclonefilter = blob:none\n"
        text += "[extensions]\n\tpartialclone = origin\n"
        try text.write(toFile: config, atomically: true, encoding: .utf8)

        let (log, history) = try Self.changelog(fixture.path, range: "HEAD~1")
        #expect(history.hadMissingObjects)
        try Self.expectAboutMissingResumeReported(log)
    }

    /// A loose object overwritten with garbage (disk corruption, a bad copy): the page is noted, the rest continues.
    @Test func corruptBlob() throws {
        let fixture = try GitFixture()
        let second = try Self.twoPages(fixture)
        let blob = try #require(try fixture.repository.fileVersion(at: second, path: GitPath("content/about.md"))?.blob)
        let file = Self.objectFile(fixture, blob)
        try FileManager.default.removeItem(atPath: file)
        try Data("this is not a zlib stream \u{1B}[2J".utf8).write(to: URL(fileURLWithPath: file))

        let (log, history) = try Self.changelog(fixture.path, range: "HEAD~1")
        #expect(history.hadMissingObjects)
        try Self.expectAboutMissingResumeReported(log)
    }

    /// A corrupt tree of one commit: that commit carries a problem note, older commits still report.
    /// `truncated` writes a zlib header and a cut-off stream (a copy interrupted mid-file), on which Debian's libgit2
    /// 1.5.1 alone loops forever (libgit2#7342): `LooseObjectGuard` refuses it first.
    @Test(.timeLimit(.minutes(10)), arguments: [false, true])
    func corruptTree(truncated: Bool) throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": Self.page])
        try fixture.commit("edit", files: ["content/about.md": Self.edited])
        let third = try fixture.commit("edit again", files: ["content/about.md": Self.edited + "\nMore.\n"])
        let tree = try fixture.repository.commit(third).tree
        try Self.overwrite(Self.objectFile(fixture, tree), truncated: truncated)

        let (log, history) = try Self.changelog(fixture.path, range: "HEAD~2")
        #expect(history.hadMissingObjects)
        let note = try #require(log.notes.first { $0.kind == .missingObject && $0.commit == third.hex })
        if truncated { #expect(note.message.contains("cannot read tree \(tree.hex)") && note.message.contains("is truncated")) }
        // The older commit is still described.
        #expect(log.commits.contains { $0.subject == "edit" && $0.files.first?.changes.map(\.kind) == [.listItemEdited] })
    }

    /// A page whose blob is a truncated loose object: that page is a "missing content" note, the other page of the
    /// commit is still described.
    @Test(.timeLimit(.minutes(10))) func truncatedBlob() throws {
        let fixture = try GitFixture()
        let second = try Self.twoPages(fixture)
        let blob = try #require(try fixture.repository.fileVersion(at: second, path: GitPath("content/about.md"))?.blob)
        try Self.overwrite(Self.objectFile(fixture, blob), truncated: true)

        let (log, history) = try Self.changelog(fixture.path, range: "HEAD~1")
        #expect(history.hadMissingObjects)
        try Self.expectAboutMissingResumeReported(log)
        #expect(log.notes.contains { $0.message.contains(blob.hex) && $0.message.contains("is truncated") })
    }

    /// The tip commit itself truncated: resolving the range fails with the object named, and does not hang.
    @Test(.timeLimit(.minutes(10))) func truncatedTipCommit() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": Self.page])
        let tip = try fixture.commit("edit", files: ["content/about.md": Self.edited])
        try Self.overwrite(Self.objectFile(fixture, tip), truncated: true)

        #expect {
            _ = try Self.changelog(fixture.path, range: "HEAD~1")
        } throws: { error in
            "\(error)".contains("cannot read commit \(tip.hex)") && "\(error)".contains("is truncated")
        }
    }

    /// Replaces a loose object's file: with a zlib header and a stream cut off after it, or with bytes that are not zlib.
    static func overwrite(_ file: String, truncated: Bool) throws {
        try FileManager.default.removeItem(atPath: file)
        try Data(truncated ? [0x78, 0x9C, 0x01, 0x02, 0x03] : Array("not zlib at all".utf8)).write(to: URL(fileURLWithPath: file))
    }

    // MARK: - HEAD states

    /// HEAD names a branch with no commit yet while another branch has history: nothing to describe, no error.
    @Test func unbornHeadBesideAnotherBranch() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": Self.page])
        try fixture.repository.setHead("refs/heads/orphan")
        let (log, _) = try Self.changelog(fixture.path)
        #expect(log.commits.isEmpty)
        #expect(log.range.to == nil)
    }

    /// A detached HEAD (CI checks out a commit, not a branch) walks like any other.
    @Test func detachedHead() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": Self.page])
        let second = try fixture.commit("edit", files: ["content/about.md": Self.edited])
        try fixture.commit("later", files: ["content/about.md": Self.edited + "\nLater.\n"])
        try (second.hex + "\n").write(toFile: fixture.repository.gitDirectory + "HEAD", atomically: true, encoding: .utf8)
        let (log, _) = try Self.changelog(fixture.path, range: "HEAD~1")
        #expect(log.commits.map(\.subject) == ["edit"])
        #expect(log.range.to == second.hex)
    }

    // MARK: - Paths

    /// Two paths whose bytes differ but that read the same: Latin-1 and another invalid byte (both decode to
    /// U+FFFD), and NFC vs NFD "café". Each is its own page, keyed by its bytes: both of each pair are reported.
    @Test func pathsAreKeyedByBytes() throws {
        let fixture = try GitFixture()
        try fixture.commit("start", files: ["content/about.md": Self.page])
        let nfc = "content/caf\u{E9}.md", nfd = "content/cafe\u{301}.md"
        #expect(nfc == nfd)   // Swift compares canonically: only the bytes tell them apart.
        // Not a dictionary literal of Strings: the two keys are equal to Swift, so only GitPath (bytes) holds both.
        try commitEntries(fixture, "unicode names", [
            GitPath(nfc): try fixture.repository.writeBlob(Array("# NFC\n\ncomposed\n".utf8)),
            GitPath(nfd): try fixture.repository.writeBlob(Array("# NFD\n\ndecomposed\n".utf8)),
        ])
        let blob = try fixture.repository.writeBlob(Array("# Latin\n\nbytes\n".utf8))
        let other = try fixture.repository.writeBlob(Array("# Other\n\nbytes\n".utf8))
        let latin = GitPath(bytes: Array("content/caf".utf8) + [0xE9] + Array(".md".utf8))
        let invalid = GitPath(bytes: Array("content/caf".utf8) + [0xFF] + Array(".md".utf8))
        try commitEntries(fixture, "latin-1 names", [latin: blob, invalid: other])

        let (log, _) = try Self.changelog(fixture.path, range: "HEAD~2")
        let unicode = try #require(log.commits.first { $0.subject == "unicode names" }).files
        #expect(unicode.count == 2)
        #expect(Set(unicode.map { Array($0.path.utf8) }) == [Array(nfc.utf8), Array(nfd.utf8)])
        #expect(unicode.allSatisfy { $0.status == .added })
        let bytes = try #require(log.commits.first { $0.subject == "latin-1 names" }).files
        #expect(bytes.count == 2)
        #expect(bytes.allSatisfy { $0.status == .added && $0.changes.map(\.kind) == [.pageAdded] })
    }

    /// Names git itself refuses to write (`..`), and names with ESC, C1, bidi controls and a newline: the pipeline
    /// reports each page (its name kept as given; renderers escape it), and never reads outside the repository.
    @Test func hostileEntryNames() throws {
        let fixture = try GitFixture()
        try fixture.commit("start", files: ["content/about.md": Self.page])
        let names = ["content/\u{1B}]0;owned\u{07}.md", "content/\u{1B}[2Jclear.md", "content/line\nbreak.md",
                     "content/\u{9B}31m.md", "content/\u{202E}dm.txt.md"]
        var files: [String: String?] = [:]
        for name in names { files[name] = "# Page\n\ntext\n" }
        try fixture.commit("hostile names", files: files)
        let (log, _) = try Self.changelog(fixture.path, range: "HEAD~1")
        let reported = try #require(log.commits.first).files.map(\.path)
        #expect(Set(reported.map { Array($0.utf8) }) == Set(names.map { Array($0.utf8) }))
    }

    /// A tree entry named `..` holding `x.md` (so the page's path is `../x.md`), written with git's `--literally`
    /// because no porcelain will: reported or noted, and its content is read from the object store, not the disk.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/git")))
    func dotDotEntry() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("start", files: ["about.md": Self.page])
        let blob = try fixture.repository.writeBlob(Array("# Escaped\n\nfrom the tree\n".utf8))
        let inner = try LiteralGit(fixture.path).tree([("100644", "x.md", blob)])
        let aboutBlob = try #require(try fixture.repository.flatTree(of: first)[GitPath("about.md")]?.0)
        let root = try LiteralGit(fixture.path).tree([("40000", "..", inner), ("100644", "about.md", aboutBlob)])
        let signature = fixture.nextSignature()
        try fixture.repository.createCommit(tree: root, parents: [first], author: signature, committer: signature,
                                            message: "dot dot\n", updateRef: "refs/heads/main")
        let (log, _) = try Self.changelog(fixture.path, range: "HEAD~1")
        let commit = try #require(log.commits.first)
        let reported = commit.files.first { $0.path == "../x.md" }
        let noted = log.notes.contains { $0.commit == commit.id }
        #expect(reported != nil || noted, "\(commit.files.map(\.path)) \(log.notes)")
        if let reported {
            #expect(reported.changes.map(\.kind) == [.pageAdded])
        }
    }

    // MARK: - Ownership

    /// A repository owned by another user is refused with the `safe.directory` advice naming its top directory.
    /// libgit2 1.5 checks that the owner is the current user or root, so as root a repository chowned to another
    /// uid is refused too (the case of a CI container running as root on a checkout made by the runner's user).
    @Test func repositoryOwnedByAnotherUser() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": Self.page])
        guard getuid() == 0 else {
            // Not root: the message is all that can be checked without another account.
            let message = HistoryError.unsafeOwnership(path: fixture.path).description
            #expect(message.contains("safe.directory \(fixture.path)"))
            return
        }
        #expect(chown(fixture.path, 54_321, 54_321) == 0)
        #expect(chown(fixture.path + "/.git", 54_321, 54_321) == 0)
        defer {
            _ = chown(fixture.path, 0, 0)
            _ = chown(fixture.path + "/.git", 0, 0)
        }
        #expect {
            _ = try Self.changelog(fixture.path)
        } throws: { error in
            guard let error = error as? HistoryError, case .unsafeOwnership = error else { return false }
            return error.description.contains("owned by another user")
                && error.description.hasSuffix("git config --global --add safe.directory \(fixture.path)")
        }
    }
}

/// Commits files keyed by raw path bytes on top of HEAD (GitFixture's String-keyed API merges NFC and NFD names).
func commitEntries(_ fixture: GitFixture, _ message: String, _ files: [GitPath: ObjectID]) throws {
    let head = try #require(try fixture.repository.head())
    var entries = try fixture.repository.flatTree(of: head)
    for (path, blob) in files { entries[path] = (blob, .file) }
    let tree = try fixture.repository.writeTree(entries)
    let signature = fixture.nextSignature()
    try fixture.repository.createCommit(tree: tree, parents: [head], author: signature, committer: signature,
                                        message: message + "\n", updateRef: "refs/heads/main")
}

/// Writes objects git's porcelain refuses (entry names such as `..`) with `git hash-object --literally`. Tests only.
struct LiteralGit {
    let path: String
    init(_ path: String) { self.path = path }

    func tree(_ entries: [(mode: String, name: String, id: ObjectID)]) throws -> ObjectID {
        var raw: [UInt8] = []
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            raw += Array("\(entry.mode) \(entry.name)".utf8) + [0]
            var hex = Array(entry.id.hex.utf8)
            while !hex.isEmpty {
                raw.append(UInt8(String(decoding: hex.prefix(2), as: UTF8.self), radix: 16) ?? 0)
                hex.removeFirst(2)
            }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", path, "hash-object", "--literally", "-t", "tree", "-w", "--stdin"]
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(raw))
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let hex = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let id = ObjectID(hex: hex) else { throw FixtureError("git hash-object failed: \(hex)") }
        return id
    }
}
