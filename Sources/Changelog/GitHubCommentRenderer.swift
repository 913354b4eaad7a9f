import Foundation
import ProfileDiff

/// `--format github`: a pull-request comment body that CI can find again by its marker and update in place.
///
/// Changes are grouped per page across the range (each change once, with the commits that made it), one
/// collapsible `<details>` block per page. The body never exceeds `limit`: it is cut at a whole bullet or page
/// and ends with a line saying how much was left out. Page content is escaped so that it shows as text: no raw
/// HTML, no mentions or issue references, no images, nothing that could close a `<details>` block early.
public struct GitHubCommentRenderer: ChangelogRenderer {
    /// GitHub's limit for an issue or pull-request comment body, in characters.
    public static let commentLimit = 65_536

    /// How the limit is measured: GitHub counts characters as UTF-16 code units; the step-summary limit is in bytes.
    enum Measure {
        case utf16, utf8

        func count(_ text: String) -> Int {
            switch self {
            case .utf16: return text.utf16.count
            case .utf8: return text.utf8.count
            }
        }
    }

    public let marker: String?
    public let limit: Int
    let measure: Measure
    private var pages = PageGrouper()
    private var mode: RevisionRangeInfo.Mode = .commits

    /// `marker`: a name to tell several profile-diff comments on one pull request apart (`--marker NAME`).
    public init(marker: String? = nil, limit: Int = GitHubCommentRenderer.commentLimit) {
        self.init(marker: marker, limit: limit, measure: .utf16)
    }

    init(marker: String?, limit: Int, measure: Measure) {
        self.marker = marker
        self.limit = limit
        self.measure = measure
    }

    /// The first line of every comment: `<!-- profile-diff -->` or `<!-- profile-diff:NAME -->`, the name reduced to
    /// `[A-Za-z0-9._-]` so it can neither close the comment nor differ between runs in invisible ways.
    public static func markerLine(_ name: String?) -> String {
        let safe = String(String.UnicodeScalarView((name ?? "").unicodeScalars.filter { s in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "." || s == "_" || s == "-")
        }))
        return safe.isEmpty ? "<!-- profile-diff -->" : "<!-- profile-diff:\(safe) -->"
    }

    public mutating func begin(range: RevisionRangeInfo) -> String {
        pages = PageGrouper()
        mode = range.mode
        return ""
    }

    public mutating func render(_ commit: CommitEntry) -> String {
        pages.add(commit)
        return ""
    }

    public mutating func end(notes: [Note]) -> String {
        let shown = pages.pages
        let header = Self.markerLine(marker) + "\n" + summaryLine(shown) + "\n"
        let noteLines = pages.unexplained(notes).map { "- ⚠️ " + MarkdownRenderer.note($0, link: CommitLink(template: nil)) + "\n" }
        let blocks = shown.map { page in (open: Self.blockOpen(page), bullets: Self.bullets(page)) }

        // Everything, when it fits.
        var whole = header
        if !noteLines.isEmpty { whole += "\n" + noteLines.joined() }
        for block in blocks { whole += block.open + block.bullets.joined() + Self.blockClose }
        if measure.count(whole) <= limit { return whole }

        // Otherwise fill in order and stop at the first element that does not fit, keeping room for the note.
        let totalChanges = blocks.reduce(0) { $0 + $1.bullets.count }
        let reserve = measure.count(Self.truncationNote(changes: totalChanges, pages: blocks.count, notes: noteLines.count))
        var out = header
        var used = measure.count(out)
        var omittedNotes = 0
        if !noteLines.isEmpty {
            let opening = "\n"
            if used + measure.count(opening) + reserve <= limit {
                out += opening
                used += measure.count(opening)
            }
            for line in noteLines {
                let size = measure.count(line)
                if omittedNotes == 0, used + size + reserve <= limit {
                    out += line
                    used += size
                } else {
                    omittedNotes += 1
                }
            }
        }
        var omittedChanges = 0, omittedPages = 0
        var full = omittedNotes > 0
        let closeSize = measure.count(Self.blockClose)
        for block in blocks {
            if full {
                omittedChanges += block.bullets.count
                omittedPages += 1
                continue
            }
            let openSize = measure.count(block.open)
            var body = ""
            var bodySize = 0
            var fitted = 0
            for bullet in block.bullets {
                let size = measure.count(bullet)
                guard used + openSize + bodySize + size + closeSize + reserve <= limit else { break }
                body += bullet
                bodySize += size
                fitted += 1
            }
            if fitted > 0 {
                out += block.open + body + Self.blockClose
                used += openSize + bodySize + closeSize
            }
            if fitted < block.bullets.count {
                omittedChanges += block.bullets.count - fitted
                omittedPages += 1
                full = true
            }
        }
        out += Self.truncationNote(changes: omittedChanges, pages: omittedPages, notes: omittedNotes)
        if measure.count(out) <= limit { return out }
        // A limit too small for even the summary: the marker alone keeps the comment findable.
        let minimal = Self.markerLine(marker) + "\n"
        return measure.count(minimal) <= limit ? minimal : ""
    }

    /// `… 4,212 more changes in 1 page not shown (comment size limit)`, always the last line of a cut comment.
    static func truncationNote(changes: Int, pages: Int, notes: Int) -> String {
        var text = "\n… \(changes) more \(changes == 1 ? "change" : "changes") in \(pages) \(pages == 1 ? "page" : "pages")"
        if notes > 0 { text += " and \(notes) \(notes == 1 ? "note" : "notes")" }
        return text + " not shown (comment size limit)\n"
    }

    private func summaryLine(_ shown: [PageGroup]) -> String {
        var counts = CategoryCounts()
        for page in shown { page.items.forEach { counts.count($0.change) } }
        let changed = shown.filter { !$0.items.isEmpty }.count
        let notCompared = shown.count - changed
        let commits = pages.commitCount
        let span = mode == .net ? "" : " in \(commits) \(commits == 1 ? "commit" : "commits")"
        var line = changed == 0
            ? "**profile-diff**: no page changes" + span
            : "**profile-diff**: \(changed) \(changed == 1 ? "page" : "pages") changed" + span
        let phrase = counts.phrase(movesAsChanged: true)
        if !phrase.isEmpty { line += " — " + phrase }
        if notCompared > 0 { line += "; \(notCompared) \(notCompared == 1 ? "page" : "pages") not compared" }
        return line
    }

    private static let blockClose = "\n</details>\n"

    private static func blockOpen(_ page: PageGroup) -> String {
        let count = page.items.count
        var title = MarkdownSafe.html(page.title)
        if page.displayName != nil { title += " (" + MarkdownSafe.html(page.path) + ")" }
        let what = count == 0 ? "not compared" : "\(count) \(count == 1 ? "change" : "changes")"
        return "\n<details><summary>\(title) — \(what)</summary>\n\n"
    }

    /// One Markdown bullet per change: symbol, summary, location, the commits that made it (GitHub links bare short ids).
    private static func bullets(_ page: PageGroup) -> [String] {
        var lines = page.items.map { item -> String in
            let symbol = MarkdownSafe.inline(item.change.kind.category.symbol)
            var text = "- " + symbol + " " + MarkdownRenderer.bullet(item, link: nil)
            text += " (" + item.commits.map { $0 == CommitEntry.worktreeID ? "working tree" : MarkdownSafe.inline(String($0.prefix(7))) }
                .joined(separator: ", ") + ")"
            return text + "\n"
        }
        for skip in page.skipped {
            var text = "- not compared in " + MarkdownSafe.inline(String(skip.commit.prefix(7)))
            if let reason = skip.reason { text += ": " + MarkdownSafe.inline(reason) }
            lines.append(text + "\n")
        }
        return lines
    }
}

/// `$GITHUB_STEP_SUMMARY`: the same report appended to the job's summary file, within GitHub's 1 MiB limit.
public enum StepSummary {
    /// GitHub's limit for one step's summary file, in bytes.
    public static let limit = 1_048_576
    /// The least room worth appending a report into.
    static let minimumReport = 1_024

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noRoom(path: String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .noRoom(let path): return "step summary \(path) is already at GitHub's 1 MiB limit; the report was not appended"
            case .cannotWrite(let path, let reason): return "cannot append to step summary \(path): \(reason)"
            }
        }
    }

    /// Renders `changelog` as the GitHub comment does, sized to the room left in the file, and appends it.
    /// Returns true when the report had to be cut (it then ends with the same note as a cut comment).
    @discardableResult
    public static func append(_ changelog: Changelog, marker: String? = nil, toFileAt path: String, limit: Int = StepSummary.limit) throws -> Bool {
        let existing = try currentSize(path)
        let room = limit - existing - 1  // the separating newline
        // Below this, not even the summary line and the note would fit: better say so than append a stub.
        guard room >= minimumReport else { throw Failure.noRoom(path: path) }
        var renderer = GitHubCommentRenderer(marker: marker, limit: max(0, room), measure: .utf8)
        let report = renderer.render(changelog)
        guard !report.isEmpty else { throw Failure.noRoom(path: path) }
        let truncated = report.hasSuffix(" not shown (comment size limit)\n")
        try write("\n" + report, to: path)
        return truncated
    }

    /// Appends an already rendered report; when it does not fit, it is cut at the last whole line that does,
    /// an open `<details>` block is closed, and a note says so.
    @discardableResult
    public static func append(report: String, toFileAt path: String, limit: Int = StepSummary.limit) throws -> Bool {
        let room = limit - (try currentSize(path)) - 1
        if report.utf8.count <= room {
            try write("\n" + report, to: path)
            return false
        }
        let note = "\n… report cut here (step summary size limit)\n"
        let closing = "\n</details>\n"
        let budget = room - note.utf8.count - closing.utf8.count
        guard room >= minimumReport, budget > 0 else { throw Failure.noRoom(path: path) }
        var kept = ""
        var size = 0
        var openDetails = 0
        for line in report.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineSize = line.utf8.count + 1
            guard size + lineSize <= budget else { break }
            kept += line + "\n"
            size += lineSize
            if line.hasPrefix("<details>") { openDetails += 1 }
            if line.hasPrefix("</details>") { openDetails -= 1 }
        }
        if openDetails > 0 { kept += closing }
        try write("\n" + kept + note, to: path)
        return true
    }

    private static func currentSize(_ path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw Failure.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    private static func write(_ text: String, to path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw Failure.cannotWrite(path: path, reason: "the file cannot be created")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure.cannotWrite(path: path, reason: "the file cannot be opened for writing")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw Failure.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
