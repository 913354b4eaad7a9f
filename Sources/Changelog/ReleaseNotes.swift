import ProfileDiff

/// One release of the pages: the commits between a tag and the previous one (or after the last tag).
public struct Release: Sendable, Equatable {
    /// The tag, or `Release.unreleased` for commits after the last tag.
    public var name: String
    /// `YYYY-MM-DD` (a longer ISO 8601 date is cut to its day); `nil` for Unreleased.
    public var date: String?
    public var commits: [CommitEntry]

    public static let unreleased = "Unreleased"

    public init(name: String, date: String? = nil, commits: [CommitEntry] = []) {
        self.name = name
        self.date = date
        self.commits = commits
    }
}

/// `profile-diff changelog`: a whole CHANGELOG.md in Keep a Changelog's shape, one section per release, newest first.
public struct ReleaseNotesRenderer: Sendable {
    public static let title = "# Changelog"
    public static let intro = "All notable changes to the profile pages, newest release first. Written by profile-diff from the pages' history."

    private let commitURL: String?

    /// `commitURL`: when given (with `{id}` or `{short}`), each bullet ends with links to the commits that made it.
    public init(commitURL: String? = nil) {
        self.commitURL = commitURL
    }

    /// The whole file: title, intro, then `releases` in the order given (newest first). An Unreleased release with
    /// no changes is left out; a tagged release with none says so, so every tag stays visible.
    public func render(_ releases: [Release]) -> String {
        var out = Self.title + "\n\n" + Self.intro + "\n"
        for release in releases {
            let text = render(release)
            if !text.isEmpty { out += "\n" + text }
        }
        return out
    }

    /// One release's section (`--latest`, `--unreleased`), starting at its `## ` heading.
    public func render(_ release: Release) -> String {
        var grouper = PageGrouper()
        release.commits.forEach { grouper.add($0) }
        let pages = grouper.pages
        let isUnreleased = release.name == Release.unreleased
        if isUnreleased, pages.allSatisfy({ $0.items.isEmpty }) { return "" }

        var out = "## [" + MarkdownSafe.inline(release.name) + "]"
        if let date = release.date, !isUnreleased { out += " - " + MarkdownSafe.inline(Self.day(date)) }
        out += "\n"
        let link: CommitLink? = commitURL.map { CommitLink(template: $0) }.flatMap { $0.template == nil ? nil : $0 }
        var byCategory: [(String, [String])] = [("Added", []), ("Changed", []), ("Removed", [])]
        for page in pages {
            for (heading, items) in MarkdownRenderer.sections(of: page) {
                guard let at = byCategory.firstIndex(where: { $0.0 == heading }) else { continue }
                for item in items {
                    byCategory[at].1.append("- **" + MarkdownSafe.inline(page.title) + "**: " + MarkdownRenderer.bullet(item, link: link))
                }
            }
        }
        let filled = byCategory.filter { !$0.1.isEmpty }
        if filled.isEmpty {
            out += "\nNo changes to the profile pages.\n"
        }
        for (heading, bullets) in filled {
            out += "\n### \(heading)\n\n" + bullets.joined(separator: "\n") + "\n"
        }
        return out
    }

    private static func day(_ date: String) -> String {
        let scalars = Array(date.unicodeScalars)
        if scalars.count > 10, scalars[10] == "T" || scalars[10] == " " { return String(date.prefix(10)) }
        return date
    }
}

/// Updating an existing CHANGELOG.md (`--prepend FILE`) without touching what is already written in it.
public enum ReleaseNotes {
    /// Inserts the releases of `new` (rendered release notes: a whole file or single release sections) into
    /// `existing`, below its title and intro and above its first `## ` release heading. Releases whose heading
    /// (`## [name]` or `## name`) already exists are skipped, so running it twice changes nothing the second time.
    /// Existing text is kept byte for byte; inserted lines follow the file's line endings (LF or CRLF).
    ///
    /// An existing `## [Unreleased]` section is existing text too: it is kept, and a new Unreleased is skipped,
    /// unless `replacingUnreleased` is true, in which case that one section is replaced by the new one (or removed
    /// when `new` has none), because it describes commits that are now part of a release.
    public static func prepend(_ new: String, to existing: String, replacingUnreleased: Bool = false) -> String {
        let newBlocks = releaseBlocks(in: Array(new.utf8))
        guard !existing.isEmpty else { return new }
        let bytes = Array(existing.utf8)
        let existingBlocks = releaseBlocks(in: bytes)
        let crlf = bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 > 0 && bytes[$0 - 1] == UInt8(ascii: "\r") } ?? false

        let unreleasedKey = key(of: "[" + Release.unreleased + "]")
        let replaced = replacingUnreleased ? existingBlocks.first { $0.key == unreleasedKey } : nil
        let existingKeys = Set(existingBlocks.filter { $0.range != replaced?.range }.map(\.key))
        var insertion = newBlocks.filter { !existingKeys.contains($0.key) }.map { block -> [UInt8] in
            var text = Array(Array(new.utf8)[block.range])
            while text.last == UInt8(ascii: "\n") || text.last == UInt8(ascii: "\r") { text.removeLast() }
            return text + Array("\n\n".utf8)
        }.reduce(into: [UInt8]()) { $0 += $1 }
        if insertion.isEmpty, replaced == nil { return existing }
        if crlf { insertion = toCRLF(insertion) }

        var result: [UInt8]
        if let replaced {
            result = Array(bytes[..<replaced.range.lowerBound]) + insertion + Array(bytes[replaced.range.upperBound...])
        } else if let first = existingBlocks.first {
            result = Array(bytes[..<first.range.lowerBound]) + insertion + Array(bytes[first.range.lowerBound...])
        } else {
            result = bytes
            let newline: [UInt8] = crlf ? [13, 10] : [10]
            if !result.isEmpty, result.last != 10 { result += newline }
            if !result.isEmpty { result += newline }
            result += insertion
            while result.count >= 2, result.suffix(2) == [10, 10] { result.removeLast() }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private struct Block {
        var key: String
        /// Bytes from the heading line to the next release heading or the end.
        var range: Range<Int>
    }

    /// Release sections: each `## ` heading outside a code fence up to the next one.
    private static func releaseBlocks(in bytes: [UInt8]) -> [Block] {
        var headings: [(key: String, start: Int)] = []
        var lineStart = 0
        var fence: [UInt8]? = nil
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var line = Array(bytes[lineStart..<lineEnd])
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let trimmed = Array(line.drop(while: { $0 == UInt8(ascii: " ") }))
            let fenceRun = trimmed.prefix(while: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "~") })
            if let open = fence {
                if fenceRun.count >= open.count, fenceRun.first == open.first { fence = nil }
            } else if fenceRun.count >= 3, Set(fenceRun).count == 1 {
                fence = Array(fenceRun)
            } else if line.starts(with: Array("## ".utf8)) {
                headings.append((key(of: String(decoding: line.dropFirst(3), as: UTF8.self)), lineStart))
            }
            lineStart = lineEnd + 1
        }
        return headings.enumerated().map { i, heading in
            let end = i + 1 < headings.count ? headings[i + 1].start : bytes.count
            return Block(key: heading.key, range: heading.start..<end)
        }
    }

    /// `[v2.0] - 2025-05-01` → `v2.0`; `v2.0 (2025-05-01)` → `v2.0`; compared case-insensitively.
    private static func key(of heading: String) -> String {
        let text = heading.trimmingSpaces()
        if text.hasPrefix("[") {
            var name = ""
            var escaped = false
            for c in text.dropFirst() {
                if escaped { name.append(c); escaped = false; continue }
                if c == "\\" { escaped = true; continue }
                if c == "]" { return name.lowercased() }
                name.append(c)
            }
            return name.lowercased()
        }
        return String(text.prefix(while: { $0 != " " })).lowercased()
    }

    private static func toCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 20)
        for (i, b) in bytes.enumerated() {
            if b == 10, i == 0 || bytes[i - 1] != 13 { out.append(13) }
            out.append(b)
        }
        return out
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars.drop(while: { $0 == " " || $0 == "\t" })
        var view = String.UnicodeScalarView(scalars)
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
