import Foundation
import GitFixture
import GitHistory
import Testing

/// Cross-checks the walk against `git log -- '*.md'` on generated merge-heavy histories, when git is installed.
/// (Tests only: the product never runs git.)
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/git")))
struct GitParityTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    func generate(seed: UInt64) throws -> GitFixture {
        var random = Generator(state: seed)
        let fixture = try GitFixture()
        let files = ["content/a.md", "content/b.md", "docs/c.md", "static/x.txt"]
        try fixture.commit("root", files: Dictionary(uniqueKeysWithValues: files.map { ($0, "0\n") }))
        let branches = ["main", "one", "two"]
        let root = try fixture.repository.resolveCommit("main")
        for branch in branches.dropFirst() { try fixture.branch(branch, at: root) }
        for step in 1...40 {
            let branch = branches[random.next(3)]
            let tip = try fixture.repository.resolveCommit("refs/heads/" + branch)
            if random.next(4) == 0 {
                let other = branches[random.next(3)]
                let otherTip = try fixture.repository.resolveCommit("refs/heads/" + other)
                guard other != branch, otherTip != tip else { continue }
                // Take some of the other side's files; sometimes resolve one by hand.
                let theirs = try fixture.repository.flatTree(of: otherTip)
                var edits: [String: String?] = [:]
                for file in files where random.next(2) == 0 {
                    if let entry = theirs[GitPath(file)] {
                        edits[file] = String(decoding: try fixture.repository.content(of: FileVersion(path: GitPath(file), blob: entry.0, kind: .file), maxBytes: 1000), as: UTF8.self)
                    }
                }
                if random.next(3) == 0 { edits[files[random.next(files.count)]] = "resolved \(step)\n" }
                try fixture.merge("merge \(step)", parents: [tip, otherTip], files: edits, branch: branch)
            } else {
                let file = files[random.next(files.count)]
                // Small value space, so some edits revert earlier ones and merges become TREESAME.
                try fixture.commit("edit \(step)", files: [file: "\(random.next(3))\n"], branch: branch)
            }
        }
        try fixture.repository.setHead("refs/heads/main")
        return fixture
    }

    func gitLog(_ path: String, _ arguments: [String]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", path, "log", "--format=%s"] + arguments + ["--", "*.md"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// 80 seeds were checked by hand while the walk was written; 24 keep the suite quick.
    @Test(arguments: Array(1...24) as [UInt64])
    func walkMatchesGitLog(seed: UInt64) throws {
        let fixture = try generate(seed: seed)
        let repository = fixture.repository
        #expect(subjects(try repository.log(nil, root: true)) == (try gitLog(fixture.path, [])))
        #expect(subjects(try repository.log(nil, root: true, options: WalkOptions(simplification: .firstParent)))
            == (try gitLog(fixture.path, ["--first-parent"])))
        let full = try repository.log(nil, root: true, options: WalkOptions(simplification: .fullHistory))
        #expect(full.filter { $0.commit.parents.count < 2 }.map(\.commit.subject) == (try gitLog(fixture.path, ["--full-history", "--no-merges"])))
        for (spec, gitRange) in [("HEAD~3", "HEAD~3..HEAD"), ("one..main", "one..main"), ("main~2..two", "main~2..two")] {
            let ours = subjects(try repository.log(spec))
            let theirs = try gitLog(fixture.path, [gitRange])
            #expect(ours == theirs, "\(spec)")
        }
        let mainline = subjects(try repository.log("one..main", options: WalkOptions(simplification: .firstParent)))
        let gitMainline = try gitLog(fixture.path, ["--first-parent", "one..main"])
        #expect(mainline == gitMainline)
        if let base = try repository.mergeBase(try repository.resolveCommit("one"), try repository.resolveCommit("two")) {
            // A...B is the pull-request view: B since the merge base.
            #expect(subjects(try repository.log("one...two")) == (try gitLog(fixture.path, ["\(base.hex)..two"])))
        }
    }
}

/// Trees git itself would refuse to write (entry names with "/", "..", control bytes), made with
/// `git hash-object --literally`: the walk must report or skip them, never crash.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/git")))
struct HostileTreeTests {
    func git(_ path: String, _ arguments: [String], input: [UInt8]? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", path] + arguments
        process.environment = [
            "GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@example.com", "GIT_COMMITTER_NAME": "x",
            "GIT_COMMITTER_EMAIL": "x@example.com", "GIT_AUTHOR_DATE": "@1700000000 +0000",
            "GIT_COMMITTER_DATE": "@1700000000 +0000",
        ]
        let out = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input)) }
        try inPipe.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: ["a/b.md", "..", "tab\there.md", "bell\u{07}.md"])
    func hostileEntryNameDoesNotCrashTheWalk(name: String) throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("page", files: ["content/about.md": "a\n"])
        let blob = try fixture.repository.writeBlob(Array("hostile\n".utf8))
        var raw: [UInt8] = Array("100644 \(name)".utf8) + [0]
        var hex = Array(blob.hex.utf8)
        while !hex.isEmpty {
            raw.append(UInt8(String(decoding: hex.prefix(2), as: UTF8.self), radix: 16) ?? 0)
            hex.removeFirst(2)
        }
        let content = try #require(try fixture.repository.flatTree(of: first)[GitPath("content/about.md")])
        var contentTree: [UInt8] = Array("100644 about.md".utf8) + [0]
        hex = Array(content.0.hex.utf8)
        while !hex.isEmpty {
            contentTree.append(UInt8(String(decoding: hex.prefix(2), as: UTF8.self), radix: 16) ?? 0)
            hex.removeFirst(2)
        }
        let hostile = try git(fixture.path, ["hash-object", "--literally", "-t", "tree", "-w", "--stdin"], input: raw)
        let contentID = try git(fixture.path, ["hash-object", "--literally", "-t", "tree", "-w", "--stdin"], input: contentTree)
        let rootText = "040000 tree \(contentID)\tcontent\n040000 tree \(hostile)\tweird\n"
        let root = try git(fixture.path, ["mktree", "--missing"], input: Array(rootText.utf8))
        let commit = try git(fixture.path, ["commit-tree", root, "-p", first.hex, "-m", "hostile"])
        let id = try #require(ObjectID(hex: commit))
        try fixture.repository.setReference("refs/heads/main", to: id)
        let repository = try fixture.reopen()
        let entries = try repository.log(nil, root: true, filter: try PathFilter(pathspecs: ["*"], relativeTo: ""))
        #expect(subjects(entries) == ["hostile", "page"])
        let hostileEntry = try #require(entries.first)
        // Either the odd entry is reported with its exact bytes, or its tree is a problem of the commit.
        let reported = hostileEntry.changes.contains { $0.path.bytes == Array("weird/\(name)".utf8) }
        #expect(reported || !hostileEntry.problems.isEmpty)
    }
}
