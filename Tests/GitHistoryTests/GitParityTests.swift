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
