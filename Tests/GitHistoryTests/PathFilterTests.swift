import GitFixture
import GitHistory
import Testing

@Suite struct PathFilterTests {
    static let files = [
        "content/about.md", "content/posts/first.md", "content/img.png", "docs/Guide.MD", "README.markdown",
        "themes/ananke/README.md", "public/index.md", "content/resources/x.md", "node_modules/pkg/readme.md",
        "vendor/lib/doc.md", "notes.txt",
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var specs: [String]
        var prefix: String
        var expected: [String]
        var testDescription: String { "\(specs) in '\(prefix)'" }
    }

    static let cases: [Case] = [
        Case(specs: [], prefix: "", expected: ["README.markdown", "content/about.md", "content/posts/first.md", "docs/Guide.MD"]),
        Case(specs: ["*.md"], prefix: "", expected: [
            "content/about.md", "content/posts/first.md", "content/resources/x.md", "node_modules/pkg/readme.md",
            "public/index.md", "themes/ananke/README.md", "vendor/lib/doc.md",
        ]),
        Case(specs: ["content"], prefix: "", expected: ["content/about.md", "content/img.png", "content/posts/first.md", "content/resources/x.md"]),
        Case(specs: ["content/posts/"], prefix: "", expected: ["content/posts/first.md"]),
        Case(specs: ["content/*.md"], prefix: "", expected: ["content/about.md", "content/posts/first.md", "content/resources/x.md"]),
        Case(specs: ["posts"], prefix: "content", expected: ["content/posts/first.md"]),
        Case(specs: ["."], prefix: "content/posts", expected: ["content/posts/first.md"]),
        Case(specs: ["../docs"], prefix: "content", expected: ["docs/Guide.MD"]),
        Case(specs: [":/notes.txt"], prefix: "content", expected: ["notes.txt"]),
        Case(specs: [":(exclude)content/posts"], prefix: "", expected: ["README.markdown", "content/about.md", "docs/Guide.MD"]),
        Case(specs: ["content", ":!*.png"], prefix: "", expected: ["content/about.md", "content/posts/first.md", "content/resources/x.md"]),
    ]

    @Test(arguments: cases)
    func matchesAsGitPathspecs(_ testCase: Case) throws {
        let filter = try PathFilter(pathspecs: testCase.specs, relativeTo: testCase.prefix)
        #expect(Self.files.filter { filter.matches(GitPath($0)) }.sorted() == testCase.expected)

        // The walk's subtree pruning must agree with the matcher.
        let fixture = try GitFixture()
        try fixture.commit("all", files: Dictionary(uniqueKeysWithValues: Self.files.map { ($0, "\($0)\n") }))
        let entries = try fixture.repository.log(nil, root: true, filter: filter)
        #expect((entries.first?.changes.map(\.path.display) ?? []).sorted() == testCase.expected)
    }

    @Test func pathspecAboveTheRootIsRejected() {
        #expect(throws: HistoryError.self) { try PathFilter(pathspecs: ["../../x"], relativeTo: "content") }
    }
}
