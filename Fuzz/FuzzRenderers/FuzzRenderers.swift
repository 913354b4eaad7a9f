import Changelog
import Foundation
import FuzzChecks
import ProfileDiff

/// Reads a changelog's shape and its untrusted strings from the fuzzer's bytes.
struct InputReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func count(_ limit: Int) -> Int { Int(byte()) % (limit + 1) }
    mutating func flag() -> Bool { byte() & 1 == 1 }

    /// A length byte, then that many bytes decoded as UTF-8 (invalid sequences replaced, as git output would be).
    mutating func string() -> String {
        let length = Int(byte()) % 64
        let end = min(bytes.count, position + length)
        defer { position = end }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }

    mutating func optionalString() -> String? { flag() ? string() : nil }

    mutating func commitID() -> String {
        if byte() == 0xFF { return CommitEntry.worktreeID }
        let hex = Array("0123456789abcdef".unicodeScalars)
        var id = String.UnicodeScalarView()
        for _ in 0..<20 {
            let b = byte()
            id.append(hex[Int(b >> 4)])
            id.append(hex[Int(b & 0x0F)])
        }
        return String(id)
    }
}

func makeChangelog(_ input: inout InputReader) -> Changelog {
    let range = RevisionRangeInfo(spec: input.string(), from: input.flag() ? input.commitID() : nil,
                                  to: input.flag() ? input.commitID() : nil, mode: input.flag() ? .net : .commits)
    var commits: [CommitEntry] = []
    for _ in 0..<(1 + input.count(2)) {
        let id = input.commitID()
        var files: [FileEntry] = []
        for _ in 0..<(1 + input.count(2)) {
            var path = input.string()
            if path.isEmpty { path = "page.md" }  // git never yields an empty path
            let status = FileStatus.allCases[input.count(FileStatus.allCases.count - 1)]
            let oldPath = status == .renamed ? input.string() : nil
            var changes: [Change] = []
            for _ in 0..<input.count(4) {
                let kind = Change.Kind.allCases[Int(input.byte()) % Change.Kind.allCases.count]
                let level = Change.Level.allCases[input.count(Change.Level.allCases.count - 1)]
                var section: [String] = []
                for _ in 0..<input.count(2) { section.append(input.string()) }
                changes.append(Change(kind: kind, section: section, summary: input.string(), level: level,
                                      before: input.optionalString(), after: input.optionalString(), isHidden: input.flag()))
            }
            files.append(FileEntry(path: path, oldPath: oldPath, status: status, displayName: input.optionalString(),
                                   changes: changes, skipReason: status == .skipped ? input.optionalString() : nil))
        }
        commits.append(CommitEntry(id: id, subject: input.string(), author: Person(name: input.string(), email: input.string()),
                                   date: input.string(), files: files))
    }
    var notes: [Note] = []
    let kinds: [Note.Kind] = [.skippedFile, .missingObject, .shallowBoundary, .parseDiagnostic, .other]
    for _ in 0..<input.count(2) {
        let kind = kinds[input.count(kinds.count - 1)]
        // A skipped-file note usually names a file of the changelog, so the "already explained" path is taken.
        let commit = input.flag() ? commits.first?.id : input.optionalString()
        let path = input.flag() ? commits.first?.files.first?.path : input.optionalString()
        notes.append(Note(kind: kind, message: input.string(), commit: commit, path: path))
    }
    return Changelog(range: range, commits: commits, notes: notes)
}

// MARK: - Terminal

// Constants live in an enum: top-level globals of an executable module are initialised by its `main`,
// which never runs under libFuzzer (libFuzzer brings its own).
enum Fixed {
    /// The renderer's own colour codes: the only escape sequences allowed in terminal output.
    static let colourCodes = ["\u{1B}[32m", "\u{1B}[31m", "\u{1B}[33m", "\u{1B}[36m", "\u{1B}[1m", "\u{1B}[2m", "\u{1B}[0m"].map { Array($0.unicodeScalars) }
    /// The GitHub renderer's own tags: the only places a `<` may appear in a comment.
    static let githubTags = ["<!-- profile-diff", "<details>", "</details>", "<summary>", "</summary>"].map { Array($0.unicodeScalars) }
    /// A fixed text template over every field of the model.
    static let template = """
{{%CONTENT_TYPE: TEXT}}
{{range.spec}} {{commitCount}} {{changeCount}}
{{#commits}}{{shortId}} {{day}} {{subject}} — {{author.name}} <{{author.email}}>
{{#files}}  {{name}}{{#oldPath}} (from {{oldPath}}){{/oldPath}} {{status}} {{changeCount}}
{{#changes}}    {{symbol}} {{summary}}{{#location}} ({{location}}){{/location}}{{#before}} [{{before}} → {{after}}]{{/before}}
{{/changes}}{{/files}}{{/commits}}{{#notes}}note: {{message}} {{path}}
{{/notes}}
"""
}

/// No control character but `\n` (and ESC only as a colour code when colour is on); no bidirectional control.
func checkTerminal(_ output: String, colour: Bool, what: String, bidi: Bool = false) {
    let scalars = Array(output.unicodeScalars)
    var i = 0
    while i < scalars.count {
        let v = scalars[i].value
        if v == 0x1B {
            require(colour, "\(what): ESC in plain output at scalar \(i)")
            let code = Fixed.colourCodes.first { code in i + code.count <= scalars.count && Array(scalars[i..<(i + code.count)]) == code }
            require(code != nil, "\(what): ESC that is not one of the renderer's colour codes at scalar \(i): \(debug(scalars, i))")
            i += code?.count ?? 1
            continue
        }
        require(v == 0x0A || !(v < 0x20 || (0x7F...0x9F).contains(v)),
                "\(what): control character U+\(String(v, radix: 16)) at scalar \(i): \(debug(scalars, i))")
        require(bidi || !isBidiControl(v), "\(what): bidirectional control U+\(String(v, radix: 16)) at scalar \(i)")
        i += 1
    }
}

func isBidiControl(_ v: UInt32) -> Bool {
    (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
}

func debug(_ scalars: [Unicode.Scalar], _ i: Int) -> String {
    let from = max(0, i - 20), to = min(scalars.count, i + 20)
    return String(String.UnicodeScalarView(scalars[from..<to])).debugDescription
}

func checkText(_ changelog: Changelog, colour: Bool) {
    let what = colour ? "text (colour)" : "text"
    var full = TextRenderer(style: colour ? .colored : .plain)
    var output = full.begin(range: changelog.range)
    for commit in changelog.commits {
        let text = full.render(commit)
        // Content never starts a line of its own: after the commit line, every line is indented by the renderer.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        for line in lines.dropFirst() {
            require(line.utf8.starts(with: "  ".utf8), "\(what): a line not written by the renderer: \(String(line).debugDescription)")
        }
        output += text
    }
    output += full.end(notes: changelog.notes)
    checkTerminal(output, colour: colour, what: what)

    var oneline = TextRenderer(style: colour ? .colored : .plain, oneline: true)
    var compact = oneline.begin(range: changelog.range)
    for commit in changelog.commits {
        let line = oneline.render(commit)
        require(line.unicodeScalars.filter { $0 == "\n" }.count == 1 && line.hasSuffix("\n"),
                "\(what) --oneline: a commit takes other than one line: \(line.debugDescription)")
        compact += line
    }
    compact += oneline.end(notes: changelog.notes)
    checkTerminal(compact, colour: colour, what: what + " --oneline")
}

// MARK: - Markdown and GitHub


/// Content shows only as text: every `<` opens one of `allowedTags`, every `&` is one of the escaper's entities,
/// no `@name` mention and no `#123` reference survives.
func checkMarkup(_ output: String, allowedTags: [[Unicode.Scalar]], what: String) {
    let scalars = Array(output.unicodeScalars)
    func starts(_ i: Int, with prefix: [Unicode.Scalar]) -> Bool {
        i + prefix.count <= scalars.count && Array(scalars[i..<(i + prefix.count)]) == prefix
    }
    for (i, s) in scalars.enumerated() {
        switch s {
        case "<":
            require(allowedTags.contains { starts(i, with: $0) }, "\(what): raw '<' from content at scalar \(i): \(debug(scalars, i))")
        case "&":
            var j = i + 1
            while j < scalars.count, j - i < 12, scalars[j] != ";" { j += 1 }
            let entity = j < scalars.count && scalars[j] == ";" ? String(String.UnicodeScalarView(scalars[i...j])) : ""
            let numeric = entity.hasPrefix("&#") && entity.dropFirst(2).dropLast().allSatisfy(\.isASCII) && entity.dropFirst(2).dropLast().allSatisfy(\.isNumber) && entity.count > 3
            require(["&lt;", "&gt;", "&amp;", "&quot;"].contains(entity) || numeric,
                    "\(what): '&' that is not one of the escaper's entities at scalar \(i): \(debug(scalars, i))")
        case "@":
            if i + 1 < scalars.count {
                let n = scalars[i + 1]
                let nameStart = (n.isASCII && (n.properties.isAlphabetic || ("0"..."9").contains(n))) || n == "_" || n == "-"
                require(!nameStart, "\(what): mention not defused at scalar \(i): \(debug(scalars, i))")
            }
        case "#":
            if i + 1 < scalars.count, ("0"..."9").contains(scalars[i + 1]) {
                require(i > 0 && scalars[i - 1] == "&", "\(what): issue reference not defused at scalar \(i): \(debug(scalars, i))")
            }
        default:
            break
        }
    }
}

/// Occurrences counted on scalars: a combining mark after `>` must not hide a tag from the count (HTML sees the tag).
func count(_ needle: String, in haystack: String) -> Int {
    let n = Array(needle.unicodeScalars), h = Array(haystack.unicodeScalars)
    guard !n.isEmpty, h.count >= n.count else { return 0 }
    var found = 0
    for i in 0...(h.count - n.count) where h[i] == n[0] && Array(h[i..<(i + n.count)]) == n { found += 1 }
    return found
}

func checkGitHub(_ changelog: Changelog, marker: String?, limit: Int) {
    var renderer = GitHubCommentRenderer(marker: marker, limit: limit)
    let output = renderer.render(changelog)
    let what = "github (limit \(limit))"
    require(output.utf16.count <= limit, "\(what): \(output.utf16.count) UTF-16 units, over the limit")
    checkMarkup(output, allowedTags: Fixed.githubTags, what: what)
    let opened = count("<details>", in: output), closed = count("</details>", in: output)
    require(opened == closed, "\(what): \(opened) <details> but \(closed) </details>")
    require(count("<summary>", in: output) == opened && count("</summary>", in: output) == opened,
            "\(what): <summary> tags do not match the <details> blocks")
    let truncated = output.utf8.reversed().starts(with: " not shown (comment size limit)\n".utf8.reversed())
    let renames = changelog.commits.contains { $0.files.contains { $0.oldPath != nil && $0.oldPath != $0.path } }
    if !truncated, !renames, limit >= 1_000 {
        var shown = Set<String>()
        for commit in changelog.commits {
            for file in commit.files where !file.changes.isEmpty || file.status == .skipped { shown.insert(file.path) }
        }
        require(closed == shown.count, "\(what): \(closed) pages shown, the changelog has \(shown.count)")
    }
}

// MARK: - JSON

func checkJSON(_ changelog: Changelog, pretty: Bool) {
    var renderer = JSONRenderer(pretty: pretty)
    let output = renderer.render(changelog)
    // JSON keeps bidirectional controls as the data they are; C0/C1 controls are escaped.
    checkTerminal(output, colour: false, what: "json", bidi: true)
    let decoded: Changelog
    do {
        decoded = try JSONDecoder().decode(Changelog.self, from: Data(output.utf8))
    } catch {
        fatalError("fuzz property violated: json output does not decode: \(error)\n\(output)")
    }
    require(decoded == changelog, "json output decodes to a different changelog:\n\(output)")
}


@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = InputReader(inputBytes(data, size))
    let marker = input.optionalString()
    let limitChoice = input.byte()
    let limit = limitChoice < 0xC0 ? GitHubCommentRenderer.commentLimit : 200 + Int(limitChoice - 0xC0) * 40
    let changelog = makeChangelog(&input)

    checkText(changelog, colour: false)
    checkText(changelog, colour: true)
    var markdown = MarkdownRenderer()
    checkMarkup(markdown.render(changelog), allowedTags: [], what: "markdown")
    checkGitHub(changelog, marker: marker, limit: limit)
    checkJSON(changelog, pretty: true)
    checkJSON(changelog, pretty: false)
    do {
        var renderer = try TemplateRenderer(template: Fixed.template)
        _ = renderer.render(changelog)
    } catch {
        fatalError("the fixed template does not parse: \(error)")
    }
    return 0
}
