import GitFixture
import GitHistory
import Testing

func subjects(_ entries: [HistoryEntry]) -> [String] {
    entries.map(\.commit.subject)
}

extension Repository {
    /// The walk as the CLI runs it by default.
    func log(_ spec: String?, root: Bool = false, filter: PathFilter = .defaultContent(), options: WalkOptions = WalkOptions()) throws -> [HistoryEntry] {
        guard let range = try resolveRange(spec, root: root) else { return [] }
        return try history(range, filter: filter, options: options)
    }
}

/// Ten commits c1…c10, each rewriting content/about.md.
func tenCommitFixture() throws -> (GitFixture, [ObjectID]) {
    let fixture = try GitFixture()
    var ids: [ObjectID] = []
    for number in 1...10 {
        ids.append(try fixture.commit("c\(number)", files: ["content/about.md": "# About\n\nversion \(number)\n"]))
    }
    return (fixture, ids)
}

func paths(_ changes: [FileChange]) -> [String] {
    changes.map(\.path.display)
}
