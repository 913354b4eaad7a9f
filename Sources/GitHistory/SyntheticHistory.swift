/// A large linear repository for timing the walk: each commit edits one of 20 pages in a ~50-file tree;
/// every seventh commit touches only an asset.
public enum SyntheticHistory {
    public static func build(commits: Int, into repository: Repository) throws {
        var files: [GitPath: (ObjectID, EntryKind)] = [:]
        for index in 0..<20 {
            let path = index < 10 ? "content/page\(index).md" : "content/posts/post\(index).md"
            files[GitPath(path)] = (try repository.writeBlob(Array("# Page \(index)\n".utf8)), .file)
        }
        for index in 0..<30 {
            let path = index < 15 ? "static/img\(index).txt" : "themes/theme/layouts/part\(index).html"
            files[GitPath(path)] = (try repository.writeBlob(Array("asset \(index)\n".utf8)), .file)
        }
        try repository.setHead("refs/heads/main")
        var parent: ObjectID?
        for number in 0..<commits {
            let page = number % 20
            let path = page < 10 ? "content/page\(page).md" : "content/posts/post\(page).md"
            if number % 7 != 3 {
                files[GitPath(path)] = (try repository.writeBlob(Array("# Page \(page)\n\nrevision \(number)\n".utf8)), .file)
            } else {
                // Commits that touch no page: the walk must skip them cheaply.
                let asset = GitPath("static/img\(number % 15).txt")
                files[asset] = (try repository.writeBlob(Array("asset revision \(number)\n".utf8)), .file)
            }
            let tree = try repository.writeTree(files)
            let signature = Signature(name: "Synthetic", email: "synthetic@example.com", time: 1_600_000_000 + Int64(number) * 60, offsetMinutes: 0)
            parent = try repository.createCommit(
                tree: tree, parents: parent.map { [$0] } ?? [], author: signature, committer: signature,
                message: "Commit \(number)\n", updateRef: nil)
        }
        if let parent { try repository.setReference("refs/heads/main", to: parent) }
    }
}
