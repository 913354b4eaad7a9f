import ArgumentParser
import Foundation
import GitHistory

/// Generates a deterministic repository of profile pages with N commits of realistic edits, for `make bench`.
@main
struct SyntheticHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile-diff-synth",
        abstract: "Generate a deterministic synthetic profile-site repository for benchmarks.")

    @Option(help: "Number of commits.") var commits = 1_000
    @Option(help: "Number of Markdown pages at the start.") var pages = 12
    @Option(help: "Most Markdown pages the site has at once: no post is added or page restored at it (default: no limit).")
    var maxPages: Int?
    @Option(help: "Random seed (same seed, same repository and commit ids).") var seed: UInt64 = 2025
    @Flag(help: "Replace OUTPUT if it exists.") var force = false
    @Argument(help: "Directory to create the repository in.") var output: String

    func run() throws {
        if FileManager.default.fileExists(atPath: output) {
            guard force else { throw ValidationError("'\(output)' exists; use --force to replace it") }
            try FileManager.default.removeItem(atPath: output)
        }
        let repository = try Repository.create(at: output, bare: true)
        var generator = SyntheticHistory(seed: seed, pages: pages, maxPages: maxPages ?? .max)
        var parent: ObjectID?
        for n in 0..<commits {
            let message = generator.step(n)
            let tree = try repository.writeTree(try generator.tree(in: repository))
            let signature = Signature(name: "Sam Example", email: "sam@example.com", time: 1_600_000_000 + Int64(n) * 3_600, offsetMinutes: 0)
            parent = try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], author: signature,
                                                 committer: signature, message: message + "\n", updateRef: "HEAD")
        }
        print("\(commits) commits, HEAD \(parent?.hex ?? "none")")
    }
}

/// The site being edited: pages as parts (so edits are structural), other files as text.
struct SyntheticHistory {
    private var random: SplitMix64
    private var pages: [(path: String, page: SyntheticPage)] = []
    private var deleted: [(path: String, page: SyntheticPage)] = []
    private var otherFiles: [String: String]
    private var blobs: [String: (text: String, id: ObjectID)] = [:]
    private var nextPage: Int
    private let maxPages: Int

    init(seed: UInt64, pages count: Int, maxPages: Int = .max) {
        self.maxPages = maxPages
        random = SplitMix64(seed: seed)
        otherFiles = [
            "hugo.toml": "baseURL = \"https://example.com/\"\ntitle = \"Sam Example\"\ntheme = \"PaperMod\"\n",
            "static/robots.txt": "User-agent: *\n",
            "themes/PaperMod/README.md": "# PaperMod\n\nA theme (excluded from the content set).\n",
            "layouts/partials/extend_head.html": "<meta name=\"generator\" content=\"hugo\">\n",
        ]
        for n in 0..<count {
            let path = n == 0 ? "content/about.md" : n == 1 ? "content/resume.md" : "content/posts/post-\(n).md"
            pages.append((path, random.page(number: n)))
        }
        nextPage = count
    }

    /// Applies one realistic edit and returns its commit message.
    mutating func step(_ n: Int) -> String {
        if n == 0 { return "Initial site" }
        let roll = random.below(100)
        if roll < 4 {
            otherFiles["static/robots.txt"] = "User-agent: *\n# build \(n)\n"
            return "Tweak site files"
        }
        if roll < 6, pages.count > 2 {
            let index = 2 + random.below(pages.count - 2)
            let old = pages[index].path
            pages[index].path = "content/posts/renamed-\(n).md"
            return "Rename \(old)"
        }
        if roll < 7, pages.count > 4 {
            let removed = pages.remove(at: 2 + random.below(pages.count - 2))
            deleted.append(removed)
            return "Remove \(removed.path)"
        }
        if roll < 8, !deleted.isEmpty, pages.count < maxPages {
            pages.append(deleted.removeLast())
            return "Restore \(pages[pages.count - 1].path)"
        }
        if roll < 9, pages.count < maxPages {
            pages.append(("content/posts/post-\(nextPage).md", random.page(number: nextPage)))
            nextPage += 1
            return "Add a post"
        }
        let index = random.below(pages.count)
        var page = pages[index].page
        let message = edit(&page, roll: random.below(100))
        pages[index].page = page
        return "\(message) in \(pages[index].path)"
    }

    private mutating func edit(_ page: inout SyntheticPage, roll: Int) -> String {
        guard !page.sections.isEmpty else {
            page.sections.append(random.section(titled: random.pick(Vocabulary.titles)))
            return "Add a section"
        }
        let s = random.below(page.sections.count)
        switch roll {
        case 0..<30:
            if var paragraph = page.sections[s].paragraphs.first {
                // Pages are edited, not only grown: a long paragraph is rewritten instead of extended.
                if paragraph.utf8.count > 600 {
                    paragraph = random.paragraph()
                } else {
                    paragraph += " " + random.sentence(words: 5 + random.below(6))
                }
                page.sections[s].paragraphs[0] = paragraph
            }
            return "Extend a paragraph"
        case 30..<45:
            if page.sections[s].items.count >= 8 { page.sections[s].items.removeFirst() }
            page.sections[s].items.insert(random.item(), at: random.below(page.sections[s].items.count + 1))
            return "Add an item"
        case 45..<53 where !page.sections[s].items.isEmpty:
            page.sections[s].items.remove(at: random.below(page.sections[s].items.count))
            return "Remove an item"
        case 53..<58 where page.sections[s].items.count > 1:
            let item = page.sections[s].items.removeFirst()
            page.sections[s].items.append(item)
            return "Reorder items"
        case 58..<64:
            if page.sections.count >= 10 { page.sections.remove(at: random.below(page.sections.count)) }
            page.sections.insert(random.section(titled: random.pick(Vocabulary.titles) + " \(random.below(100))"),
                                 at: random.below(page.sections.count + 1))
            return "Add a section"
        case 64..<67 where page.sections.count > 2:
            page.sections.remove(at: s)
            return "Remove a section"
        case 67..<71:
            let base = page.sections[s].title.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) }
            page.sections[s].title = (base ?? "Notes") + " (\(random.pick(Vocabulary.words)))"
            return "Rename a section"
        case 71..<74 where page.sections.count > 1:
            let section = page.sections.remove(at: s)
            page.sections.insert(section, at: random.below(page.sections.count + 1))
            return "Move a section"
        case 74..<80:
            page.date = "2025-0\(1 + random.below(9))-2\(random.below(10))"
            if random.chance(30) { page.tags = Array((page.tags + [random.pick(Vocabulary.tags)]).suffix(4)) }
            return "Update front matter"
        case 80..<84:
            page.sections[s].quote = (random.sentence(words: 12), random.pick(Vocabulary.people), "https://example.net/q\(random.below(999))")
            return "Add a quote"
        case 84..<90:
            page.sections[s].paragraphs = [random.paragraph()]
            return "Rewrite a paragraph"
        default:
            if let i = page.sections[s].paragraphs.indices.last {
                page.sections[s].paragraphs[i] = page.sections[s].paragraphs[i].replacingOccurrences(of: "data", with: "Data")
            }
            return "Fix capitalisation"
        }
    }

    /// The whole tree; blobs are written only when a file's text changed.
    mutating func tree(in repository: Repository) throws -> [GitPath: (ObjectID, EntryKind)] {
        var files: [GitPath: (ObjectID, EntryKind)] = [:]
        var texts: [(String, String)] = pages.map { ($0.path, $0.page.markdown()) }
        texts += otherFiles.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        for (path, text) in texts {
            let id: ObjectID
            if let cached = blobs[path], cached.text == text {
                id = cached.id
            } else {
                id = try repository.writeBlob(Array(text.utf8))
                blobs[path] = (text, id)
            }
            files[GitPath(path)] = (id, .file)
        }
        return files
    }
}
