import Foundation
import GitFixture
import GitHistory
import Testing

/// Text that tries to take over a terminal or a pull-request comment, everywhere a repository can put it.
private let hostile = "\u{1B}]0;title\u{07} \u{1B}[2J \u{9B}31m \u{202E}evil\u{202C} zero\u{200B}width @someone "
    + "<script>alert(1)</script> </details> ``` `` ` #12 <img src=x onerror=alert(1)>"

/// The same, as Markdown source: entities so md4c hands the angle brackets back as text, not as an HTML tag it drops.
private let hostileMarkdown = "\u{1B}]0;title\u{07} \u{1B}[2J \u{9B}31m \u{202E}evil\u{202C} zero\u{200B}width @someone "
    + "&lt;script&gt;alert(1)&lt;/script&gt; &lt;/details&gt; ``` `` ` #12"

private let basePage = "# About\n\nIntro.\n\n## Work\n\n- Built things\n"

/// A repository whose page content, new page path, commit message and author name all carry the hostile text.
private func hostileRepository() throws -> GitFixture {
    let fixture = try GitFixture()
    try fixture.commit("start", files: ["content/about.md": basePage])
    let head = try #require(try fixture.repository.head())
    var entries = try fixture.repository.flatTree(of: head)
    let page = basePage + "\n## \(hostileMarkdown)\n\n\(hostileMarkdown)\n\n- \(hostileMarkdown)\n- [\(hostileMarkdown)](https://example.com/x)\n"
    entries[GitPath("content/about.md")] = (try fixture.repository.writeBlob(Array(page.utf8)), .file)
    entries[GitPath("content/\u{1B}]0;owned\u{07}\u{202E}.md")] = (try fixture.repository.writeBlob(Array("# \(hostileMarkdown)\n\ntext\n".utf8)), .file)
    let tree = try fixture.repository.writeTree(entries)
    // git forbids `<` and `>` in a name; everything else hostile goes in.
    let name = "Mallory " + hostile.replacingOccurrences(of: "<", with: "(").replacingOccurrences(of: ">", with: ")")
    let author = Signature(name: name, email: "m@example.com", time: 1_700_000_600, offsetMinutes: 0)
    try fixture.repository.createCommit(tree: tree, parents: [head], author: author, committer: author,
                                        message: "edit \(hostile)\n\nbody \(hostile)\n", updateRef: "refs/heads/main")
    return fixture
}

/// The renderer's own colour codes; nothing else may start with ESC.
private let ownSGR = ["\u{1B}[0m", "\u{1B}[1m", "\u{1B}[2m", "\u{1B}[31m", "\u{1B}[32m", "\u{1B}[33m", "\u{1B}[36m"]

/// C0 controls other than the line break, DEL, C1 controls, and bidi / zero-width characters, as code points.
private func unsafeScalars(_ text: String, allowing allowed: Set<UInt32> = [0x0A]) -> [String] {
    text.unicodeScalars.filter { scalar in
        let v = scalar.value
        if allowed.contains(v) { return false }
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        switch v {
        case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
}

private func withoutOwnColour(_ text: String) -> String {
    ownSGR.reduce(text) { $0.replacingOccurrences(of: $1, with: "") }
}

@Suite("safe output through the binary")
struct SafeOutputTests {
    @Test("terminal output carries no control or invisible character from content, message, author or path", arguments: [
        ["--color", "never"], ["--color", "always"], ["--oneline", "--color", "always"], ["--net", "--color", "always"],
    ])
    func terminal(options: [String]) throws {
        let fixture = try hostileRepository()
        let result = try run(["-C", fixture.path, "HEAD~1", "--format", "text"] + options)
        #expect(result.status == 0, "\(result.stderr)")
        let text = withoutOwnColour(result.stdout)
        #expect(unsafeScalars(text).isEmpty, "\(unsafeScalars(text))")
        // The content is still there, made visible rather than dropped.
        #expect(text.contains("<U+202E>evil"))
        #expect(text.contains("]0;title") || options.contains("--oneline"))
    }

    @Test("the outline of a hostile page is escaped too")
    func show() throws {
        let fixture = try hostileRepository()
        let result = try run(["-C", fixture.path, "show", "HEAD:content/about.md"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(unsafeScalars(result.stdout).isEmpty, "\(unsafeScalars(result.stdout))")
        #expect(result.stdout.contains("<U+202E>evil"))
    }

    @Test("the GitHub comment opens no HTML, pings nobody and keeps its details blocks balanced")
    func github() throws {
        let fixture = try hostileRepository()
        let result = try run(["-C", fixture.path, "HEAD~1", "--format", "github"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = result.stdout
        #expect(unsafeScalars(body).isEmpty, "\(unsafeScalars(body))")
        #expect(!body.lowercased().contains("<script"))
        #expect(!body.lowercased().contains("<img"))
        #expect(!body.contains("@someone"))
        #expect(!body.contains("#12"))
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        let opened = lines.filter { $0.hasPrefix("<details>") }.count
        let closed = lines.filter { $0.hasPrefix("</details>") }.count
        #expect(opened == closed)
        #expect(opened > 0)
        // Nothing from content closes a block: every `</details>` in the body is one the renderer wrote on its own line.
        #expect(body.components(separatedBy: "</details>").count - 1 == closed)
        #expect(body.contains("&lt;script&gt;") || body.contains("&#60;script"))
    }

    @Test("Markdown output has no raw HTML or mentions from content")
    func markdown() throws {
        let fixture = try hostileRepository()
        let result = try run(["-C", fixture.path, "HEAD~1", "--format", "markdown"])
        #expect(result.status == 0, "\(result.stderr)")
        let body = result.stdout
        #expect(unsafeScalars(body).isEmpty, "\(unsafeScalars(body))")
        #expect(!body.lowercased().contains("<script"))
        #expect(!body.lowercased().contains("<img"))
        #expect(!body.contains("</details"))
        #expect(!body.contains("@someone"))
    }

    @Test("JSON keeps the text exactly, escaped as JSON")
    func json() throws {
        let fixture = try hostileRepository()
        let result = try run(["-C", fixture.path, "HEAD~1", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let commit = try #require((object["commits"] as? [[String: Any]])?.first)
        #expect((commit["subject"] as? String) == "edit \(hostile)")
    }

    @Test("an error message naming hostile input is escaped on standard error")
    func errorMessages() throws {
        let fixture = try hostileRepository()
        let result = try run(["-C", fixture.path, "no-such-\u{1B}[2J\u{9B}\u{202E}rev"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("unknown revision"))
        #expect(unsafeScalars(result.stderr).isEmpty, "\(unsafeScalars(result.stderr))")
    }
}

// MARK: - Hostile repositories, as a user sees them

private let page = "# About\n\nIntro text.\n\n## Work\n\n- Built things\n- Shipped things\n"

/// Two pages, both edited in the second commit; returns the second commit.
private func twoPages(_ fixture: GitFixture) throws -> ObjectID {
    try fixture.commit("add pages", files: ["content/about.md": page, "content/resume.md": "# Resume\n\n- Swift\n"])
    return try fixture.commit("edit both", files: [
        "content/about.md": page.replacingOccurrences(of: "Shipped things", with: "Shipped many things"),
        "content/resume.md": "# Resume\n\n- Swift\n- Rust\n",
    ])
}

@Suite("hostile repositories through the binary")
struct HostileRepositoryCommandTests {
    @Test("a shallow clone whose boundary the range crosses: exit 4, the fetch advice, nothing on standard output")
    func shallow() throws {
        let fixture = try GitFixture()
        var ids: [ObjectID] = []
        for n in 0..<4 { ids.append(try fixture.commit("edit \(n)", files: ["content/about.md": page + "\nEdit \(n).\n"])) }
        try fixture.makeShallow(boundary: [ids[2]])
        for arguments in [["HEAD~3"], ["--root"], ["HEAD~3", "--format", "json"], ["HEAD~3", "--format", "github"]] {
            let result = try run(["-C", fixture.path] + arguments)
            #expect(result.status == 4, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.contains("fetch-depth: 0"))
            #expect(result.stderr.contains("shallow"))
        }
        let inside = try run(["-C", fixture.path, "HEAD~1"])
        #expect(inside.status == 0, "\(inside.stderr)")
    }

    @Test("a missing blob, plain or in a partial clone: exit 3, the other page's changes printed, never 'deleted'", arguments: [false, true])
    func missingBlob(partialClone: Bool) throws {
        let fixture = try GitFixture()
        let second = try twoPages(fixture)
        let blob = try #require(try fixture.repository.fileVersion(at: second, path: GitPath("content/about.md"))?.blob)
        try fixture.deleteObject(blob)
        if partialClone {
            let config = fixture.repository.gitDirectory + "config"
            var text = try String(contentsOfFile: config, encoding: .utf8)
            text = text.replacingOccurrences(of: "repositoryformatversion = 0", with: "repositoryformatversion = 1")
            text += "[remote \"origin\"]\n\turl = https://example.com/site.git\n\tpromisor = true\n[extensions]\n\tpartialclone = origin\n"
            try text.write(toFile: config, atomically: true, encoding: .utf8)
        }
        for format in ["text", "json", "github"] {
            let result = try run(["-C", fixture.path, "HEAD~1", "--format", format])
            #expect(result.status == 3, "\(format): \(result.stderr)")
            #expect(result.stdout.contains("Rust"), "\(format)")
            #expect(result.stdout.contains("content/about.md"), "\(format)")
            #expect(result.stdout.contains("missing"), "\(format)")
            #expect(!result.stdout.contains("deleted"), "\(format)")
            #expect(!result.stdout.contains("page.deleted"), "\(format)")
        }
    }

    @Test("a corrupt loose object: a clear note or error, no crash", arguments: ["blob", "tree", "commit"])
    func corruptObject(kind: String) throws {
        let fixture = try GitFixture()
        let second = try twoPages(fixture)
        let id: ObjectID
        switch kind {
        case "blob": id = try #require(try fixture.repository.fileVersion(at: second, path: GitPath("content/about.md"))?.blob)
        case "tree": id = try fixture.repository.commit(second).tree
        default: id = second
        }
        let file = fixture.repository.gitDirectory + "objects/" + id.hex.prefix(2) + "/" + id.hex.dropFirst(2)
        try FileManager.default.removeItem(atPath: file)
        try Data("garbage \u{1B}[2J garbage".utf8).write(to: URL(fileURLWithPath: file))
        let result = try run(["-C", fixture.path, "HEAD~1"])
        // 3: the run finished without that object; 5: the range itself could not be read. Never a signal.
        #expect([3, 5].contains(result.status), "\(result.status) \(result.stderr)")
        #expect(!(result.stdout + result.stderr).isEmpty)
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(!result.stdout.contains("deleted"))
        if kind == "blob" { #expect(result.stdout.contains("Rust")) }
    }

    @Test("unborn HEAD: an empty changelog and exit 0")
    func unbornHead() throws {
        let fixture = try GitFixture()
        let empty = try run(["-C", fixture.path])
        #expect(empty.status == 0, "\(empty.stderr)")
        try fixture.commit("add", files: ["content/about.md": page])
        try fixture.repository.setHead("refs/heads/orphan")
        let orphan = try run(["-C", fixture.path, "--format", "json"])
        #expect(orphan.status == 0, "\(orphan.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(orphan.stdout.utf8)) as? [String: Any])
        #expect((object["commits"] as? [Any])?.isEmpty == true)
    }

    @Test("detached HEAD works as a branch would")
    func detachedHead() throws {
        let fixture = try GitFixture()
        let second = try twoPages(fixture)
        try fixture.commit("later", files: ["content/resume.md": "# Resume\n\n- Swift\n- Rust\n- Go\n"])
        try (second.hex + "\n").write(toFile: fixture.repository.gitDirectory + "HEAD", atomically: true, encoding: .utf8)
        let result = try run(["-C", fixture.path, "HEAD~1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("edit both"))
        #expect(!result.stdout.contains("later"))
    }

    @Test("a Git LFS pointer is reported as one")
    func lfsPointer() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": page])
        try fixture.commit("lfs", files: ["content/big.md": "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n"])
        let result = try run(["-C", fixture.path, "HEAD~1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("content/big.md"))
        #expect(result.stdout.contains("Git LFS pointer"))
    }

    @Test("NFC and NFD names of one title are two pages, both reported")
    func unicodeNormalisation() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": page])
        // Written by bytes: as Swift dictionary keys the two names are one (String compares canonically).
        let head = try #require(try fixture.repository.head())
        var entries = try fixture.repository.flatTree(of: head)
        entries[GitPath(bytes: Array("content/caf\u{E9}.md".utf8))] = (try fixture.repository.writeBlob(Array("# Composed\n".utf8)), .file)
        entries[GitPath(bytes: Array("content/cafe\u{301}.md".utf8))] = (try fixture.repository.writeBlob(Array("# Decomposed\n".utf8)), .file)
        let signature = fixture.nextSignature()
        try fixture.repository.createCommit(tree: try fixture.repository.writeTree(entries), parents: [head], author: signature,
                                            committer: signature, message: "two cafés\n", updateRef: "refs/heads/main")
        let result = try run(["-C", fixture.path, "HEAD~1", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(((object["commits"] as? [[String: Any]])?.first?["files"]) as? [[String: Any]])
        let paths = files.compactMap { $0["path"] as? String }
        #expect(paths.count == 2)
        #expect(Set(paths.map { Array($0.utf8) }).count == 2)
    }

    @Test("a repository owned by another user: exit 2 and the safe.directory advice",
          .enabled(if: getuid() == 0, "needs root to give the repository to another uid"))
    func otherOwner() throws {
        let fixture = try GitFixture()
        try fixture.commit("add", files: ["content/about.md": page])
        #expect(chown(fixture.path, 54_321, 54_321) == 0)
        #expect(chown(fixture.path + "/.git", 54_321, 54_321) == 0)
        defer {
            _ = chown(fixture.path, 0, 0)
            _ = chown(fixture.path + "/.git", 0, 0)
        }
        let result = try run(["-C", fixture.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("safe.directory"))
    }
}
