import GitHistory
import ProfileDiff

/// Everything a run needs to know, as plain values: the CLI fills it from flags and the config file.
public struct HistoryRequest: Sendable {
    /// Where to look for the repository (`-C DIR`; discovery walks up from here).
    public var directory: String = "."
    /// `HEAD~5`, `A..B`, `A...B`, a tag; `nil` for the whole history.
    public var range: String?
    /// The whole history up to the range's end, creating commits included.
    public var root: Bool = false
    /// Append uncommitted changes (index and working tree) as a pseudo-commit.
    public var worktree: Bool = false
    /// One net difference between the range's two ends instead of one entry per commit.
    public var net: Bool = false
    /// git pathspecs, relative to the current directory; empty for the default content set.
    public var pathspecs: [String] = []
    public var walk = WalkOptions()
    public var diff = DiffOptions()
    /// From `--rename-threshold` / `--rewrite-threshold`; `nil` defers to the config file, then the defaults.
    public var renameThreshold: Double?
    public var rewriteThreshold: Double?
    /// Changes below this level are left out (formatting is left out unless `diff.includeFormatting`).
    public var minLevel: Change.Level = .trivial
    /// Pages larger than this are skipped with a note: parsing stays bounded whatever is committed.
    public var maxFileSize: Int = HistoryRequest.defaultMaxFileSize
    /// An explicit config file (`--config`); `nil` reads `.profile-diff.yml` at the repository root if there is one.
    public var configPath: String?
    /// Current directory, for pathspecs relative to it.
    public var currentDirectory: String?

    /// 10 MiB: far above any real profile page, low enough that one hostile file cannot stall CI.
    public static let defaultMaxFileSize = 10 << 20

    public init() {}
}
