import GitHistory

/// Which files are pages: command-line pathspecs (git's meaning), else the config's include globs,
/// else the default content set; then the config's exclude globs.
struct ContentFilter: Sendable {
    let pathFilter: PathFilter
    private let include: [PathGlob]
    private let exclude: [PathGlob]

    init(pathspecs: [String], config: RepositoryConfig, prefix: String) throws {
        if !pathspecs.isEmpty {
            pathFilter = try PathFilter(pathspecs: pathspecs, relativeTo: prefix)
            include = []
        } else if !config.include.isEmpty {
            // git pathspecs are looser than globs (`*` crosses `/`), so they only prune; the globs decide.
            pathFilter = try PathFilter(pathspecs: config.include, relativeTo: "")
            include = config.include.map(PathGlob.init)
        } else {
            pathFilter = PathFilter.defaultContent()
            include = []
        }
        exclude = config.exclude.map(PathGlob.init)
    }

    func includes(_ path: GitPath) -> Bool {
        guard pathFilter.matches(path) else { return false }
        if !include.isEmpty, !include.contains(where: { $0.matches(path.bytes) }) { return false }
        return !exclude.contains { $0.matches(path.bytes) }
    }
}
