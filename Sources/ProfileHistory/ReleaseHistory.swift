import Changelog
import Foundation
import GitHistory

/// Releases by tag, for `profile-diff changelog`: each tag's range starts at the previous matching tag,
/// the first at the root; commits after the newest tag are "Unreleased".
public enum ReleaseHistory {
    public struct Selection: Sendable {
        /// Tags matching this regular expression are releases (default: every tag).
        public var tagPattern: String?
        public var latestOnly = false
        public var unreleasedOnly = false
        public init(tagPattern: String? = nil, latestOnly: Bool = false, unreleasedOnly: Bool = false) {
            self.tagPattern = tagPattern
            self.latestOnly = latestOnly
            self.unreleasedOnly = unreleasedOnly
        }
    }

    /// Newest first, "Unreleased" on top when there are commits after the last tag.
    public static func releases(_ base: HistoryRequest, selection: Selection) throws -> (releases: [Release], notes: [Note], incomplete: Bool) {
        let repository = try Repository.discover(startingAt: base.directory)
        guard try repository.head() != nil else { return ([], [], false) }
        let pattern: Regex<AnyRegexOutput>?
        do {
            pattern = try selection.tagPattern.map { try Regex($0) }
        } catch {
            throw ConfigError(path: "--tag-pattern", message: "not a valid regular expression: \(error)")
        }
        var tags: [(name: String, commit: CommitInfo)] = []
        for tag in try repository.tags() {
            if let pattern, (try? pattern.firstMatch(in: tag.name)) == nil { continue }
            tags.append((tag.name, try repository.commit(tag.target)))
        }
        // Oldest first by commit time, then name, so ranges chain; a tag reachable from HEAD only matters if in history.
        tags.sort { ($0.commit.committer.time, $0.name) < ($1.commit.committer.time, $1.name) }

        var ranges: [(name: String, range: String?, root: Bool, date: String?)] = []
        var previous: String?
        for tag in tags {
            let range = previous.map { "\($0)..\(tag.name)" } ?? tag.name
            ranges.append((tag.name, range, previous == nil, String(tag.commit.author.iso8601.prefix(10))))
            previous = tag.name
        }
        if let last = previous {
            ranges.append(("Unreleased", "\(last)..HEAD", false, nil))
        } else {
            ranges.append(("Unreleased", nil, true, nil))
        }
        if selection.unreleasedOnly { ranges = Array(ranges.suffix(1)) }
        if selection.latestOnly { ranges = tags.isEmpty ? [] : [ranges[ranges.count - 2]] }

        var releases: [Release] = []
        var notes: [Note] = []
        var incomplete = false
        for entry in ranges.reversed() {
            var request = base
            request.range = entry.range
            request.root = entry.root
            request.net = false
            let history = try SemanticHistory(request)
            let changelog = try history.changelog()
            notes += changelog.notes
            incomplete = incomplete || history.hadMissingObjects
            if entry.name == "Unreleased", changelog.commits.isEmpty, !selection.unreleasedOnly { continue }
            releases.append(Release(name: entry.name, date: entry.date, commits: changelog.commits))
        }
        return (releases, notes, incomplete)
    }
}
