import ProfileDiff

/// `--color auto|always|never`.
public enum ColorMode: String, Sendable, CaseIterable {
    case auto, always, never
}

/// Whether the terminal output carries ANSI colour.
public struct TerminalStyle: Sendable, Equatable {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    public static let plain = TerminalStyle(color: false)
    public static let colored = TerminalStyle(color: true)

    /// The style for a run: `always` and `never` are what they say; `auto` colours only a TTY whose `TERM` is not
    /// `dumb` and where `NO_COLOR` is not set. Following no-color.org, an empty `NO_COLOR` does not count, and an
    /// explicit `--color always` wins over it.
    public static func detect(mode: ColorMode, isTTY: Bool, environment: [String: String]) -> TerminalStyle {
        switch mode {
        case .always: return .colored
        case .never: return .plain
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .plain }
            if environment["TERM"] == "dumb" { return .plain }
            return TerminalStyle(color: isTTY)
        }
    }

    enum Paint: String {
        case green = "\u{1B}[32m", red = "\u{1B}[31m", yellow = "\u{1B}[33m", cyan = "\u{1B}[36m"
        case bold = "\u{1B}[1m", dim = "\u{1B}[2m"
    }

    /// Wraps already-escaped text in a colour; the only place escape sequences are written.
    func paint(_ text: String, _ paint: Paint) -> String {
        color && !text.isEmpty ? paint.rawValue + text + "\u{1B}[0m" : text
    }

    func paint(symbolOf category: Change.Category) -> String {
        switch category {
        case .added: return paint(category.symbol, .green)
        case .removed: return paint(category.symbol, .red)
        case .changed: return paint(category.symbol, .yellow)
        case .moved: return paint(category.symbol, .cyan)
        }
    }
}

/// The default, human format: commit → page → changes with `+ − ~ →`, or one line per commit (`--oneline`).
///
/// Streams: each commit's text is complete when `render(_:)` returns. Every string from the repository or the page
/// goes through `TerminalSafe.escape`; only this renderer writes line breaks and escape sequences.
public struct TextRenderer: ChangelogRenderer {
    public var style: TerminalStyle
    public var oneline: Bool
    private var commitsWritten = 0
    /// In `--net` mode the one entry stands for the whole range, so it is headed by the range, not the tip's subject.
    private var netRange: RevisionRangeInfo?
    /// Skipped files already explained where they appeared (commit id + path), so their notes are not repeated.
    private var explained: Set<String> = []

    public init(style: TerminalStyle = .plain, oneline: Bool = false) {
        self.style = style
        self.oneline = oneline
    }

    public mutating func begin(range: RevisionRangeInfo) -> String {
        commitsWritten = 0
        explained = []
        netRange = range.mode == .net ? range : nil
        return ""
    }

    public mutating func render(_ commit: CommitEntry) -> String {
        defer { commitsWritten += 1 }
        for file in commit.files where file.status == .skipped && file.skipReason != nil {
            explained.insert(commit.id + "\u{0}" + file.path)
        }
        return oneline ? onelineText(commit) : fullText(commit)
    }

    public mutating func end(notes: [Note]) -> String {
        let unexplained = notes.filter { note in
            guard note.kind == .skippedFile, let commit = note.commit, let path = note.path else { return true }
            return !explained.contains(commit + "\u{0}" + path)
        }
        guard !unexplained.isEmpty else { return "" }
        var out = commitsWritten > 0 && !oneline ? "\n" : ""
        for note in unexplained {
            out += style.paint("note:", .yellow) + " " + TerminalSafe.escape(note.message)
            var whereParts: [String] = []
            if let path = note.path, !note.message.contains(path) { whereParts.append(TerminalSafe.escape(path)) }
            if let commit = note.commit { whereParts.append(TerminalSafe.escape(String(commit.prefix(7)))) }
            if !whereParts.isEmpty { out += " " + style.paint("(" + whereParts.joined(separator: " in ") + ")", .dim) }
            out += "\n"
        }
        return out
    }

    private func commitLine(_ commit: CommitEntry, separator: String) -> String {
        if let netRange {
            let from = netRange.from.map { String($0.prefix(7)) } ?? "(empty)"
            return style.paint(from + ".." + commit.displayID, .yellow) + separator
                + "net changes of " + TerminalSafe.escape(netRange.spec)
        }
        var line = style.paint(commit.displayID, .yellow)
        if !commit.day.isEmpty { line += separator + TerminalSafe.escape(commit.day) }
        line += separator + TerminalSafe.escape(commit.subject)
        return line
    }

    private func fullText(_ commit: CommitEntry) -> String {
        var out = commitsWritten > 0 ? "\n" : ""
        out += commitLine(commit, separator: "  ") + "\n"
        for file in commit.files {
            out += "  " + style.paint(fileName(file), .bold)
            if let status = statusNote(file) { out += " " + style.paint("(" + status + ")", .dim) }
            out += "\n"
            for change in file.changes {
                out += "    " + style.paint(symbolOf: change.kind.category) + " " + TerminalSafe.escape(change.summary)
                if let label = ChangeLocation.label(for: change) {
                    out += "  " + style.paint("(" + TerminalSafe.escape(label) + ")", .dim)
                }
                out += "\n"
            }
        }
        return out
    }

    private func onelineText(_ commit: CommitEntry) -> String {
        var line = commitLine(commit, separator: " ")
        let pages = commit.files.map { file -> String in
            var counts = CategoryCounts()
            file.changes.forEach { counts.count($0) }
            let what = counts.total > 0 ? counts.phrase(movesAsChanged: false) : (statusNote(file) ?? "no changes")
            return TerminalSafe.escape(file.displayName ?? file.path) + ": " + what
        }
        if !pages.isEmpty { line += " — " + pages.joined(separator: "; ") }
        return line + "\n"
    }

    private func fileName(_ file: FileEntry) -> String {
        let path = TerminalSafe.escape(file.path)
        guard let name = file.displayName else { return path }
        return TerminalSafe.escape(name) + " — " + path
    }

    /// `renamed from x`, `added`, `skipped: binary file`; `nil` for a plain modification.
    private func statusNote(_ file: FileEntry) -> String? {
        switch file.status {
        case .modified: return nil
        case .renamed: return "renamed from " + TerminalSafe.escape(file.oldPath ?? "?")
        case .added, .deleted, .restored: return file.status.rawValue
        case .skipped: return file.skipReason.map { "skipped: " + TerminalSafe.escape($0) } ?? "skipped"
        }
    }
}
