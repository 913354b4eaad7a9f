import Foundation
import Testing
import ProfileDocument
@testable import ProfileDiff

/// `history/` at the repository root (issue 2): each revision directory is the site's full tree at one commit.
enum SampleHistory {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("history")
    static var exists: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("01-initial-about").path) }

    /// Per revision, the pages that changed with their old and new documents, in revision order.
    static func steps() throws -> [(name: String, pages: [PagePair])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.first?.isNumber == true }.sorted()
        var previous: [String: ProfileDocument] = [:]
        var result: [(String, [PagePair])] = []
        for name in names {
            var current: [String: ProfileDocument] = [:]
            var pages: [PagePair] = []
            for path in ["content/about.md", "content/resume.md"] {
                if let data = FileManager.default.contents(atPath: root.appendingPathComponent(name).appendingPathComponent(path).path) {
                    current[path] = ProfileDocument.parse(Array(data))
                }
                if current[path] != previous[path] { pages.append(PagePair(path: path, old: previous[path], new: current[path])) }
            }
            result.append((name, pages))
            previous = current
        }
        return result
    }
}

/// Each step of the sample history yields the change it was written to show (history/README.md), and nothing else.
/// Runs where `history/` is present (it comes from the sample-history branch).
@Suite(.enabled(if: SampleHistory.exists, "history/ not present in this checkout"))
struct SampleHistoryTests {
    /// Revision → (page, kind, section, level, summary fragment) for every change it must produce.
    static let expected: [String: [(String, Seen, String)]] = [
        "01-initial-about": [("content/about.md", Seen(.pageAdded, "", .major), "page added")],
        "02-fix-data-transfer-typo": [("content/about.md", Seen(.paragraphEdited, "Professional Background", .trivial), "typo fixed: \"Data transfer\" → \"Data Transfer\"")],
        "03-comment-out-date": [("content/about.md", Seen(.frontMatterKeyCommentedOut, "", .minor), "date (2024-02-17) commented out")],
        "04-drop-technical-interests-draft": [("content/about.md", Seen(.sectionRemoved, "Technical Interests", .minor), "hidden section \"Technical Interests\" removed (3 items)")],
        "05-add-resume-page": [("content/resume.md", Seen(.pageAdded, "", .major), "page added")],
        "06-link-resume-from-intro": [("content/about.md", Seen(.linkAdded, "", .minor), "link \"resume here\" → /Michael_Liu_Resume_2025_Feb.pdf added")],
        "07-rewrite-current-focus": [
            ("content/about.md", Seen(.sectionRewritten, "Current Focus", .major), "\"Current Learning Focus\" rewritten as \"Current Focus\""),
            ("content/about.md", Seen(.sectionRemoved, "What I'm current working on", .major), "removed"),
        ],
        "08-add-quotes": [("content/about.md", Seen(.sectionAdded, "Quotes", .major), "(4 quotes)")],
        "09-rename-quotes": [("content/about.md", Seen(.sectionRenamed, "Quotes I'm thinking about", .minor), "\"Quotes\" renamed to \"Quotes I'm thinking about\"")],
        "10-add-memes": [("content/about.md", Seen(.sectionAdded, "Favorite Memes/Slides", .major), "(5 images)")],
        "11-add-technological-determinism": [("content/about.md", Seen(.listItemAdded, "Current Focus", .minor), "\"Technological Determinism\" added")],
        "12-move-llm-agents-first": [("content/about.md", Seen(.listItemMoved, "Current Focus", .minor), "\"LLM Agents\" moved to the top")],
        "13-resume-add-llm-agents-certificate": [("content/resume.md", Seen(.listItemAdded, "Personal Projects > Certifications", .minor), "Advanced Large Language Model Agents MOOC")],
        "14-point-resume-link-to-august": [("content/about.md", Seen(.linkTargetChanged, "", .minor), "link \"resume here\" now points to /Michael_Liu_Resume_2025_Aug.pdf")],
        "15-add-hidden-visitor-map": [("content/about.md", Seen(.htmlAdded, "Connect With Me", .trivial), "hidden <script> added")],
    ]

    @Test func eachRevisionReportsTheEditItWasWrittenToShow() throws {
        let steps = try SampleHistory.steps()
        #expect(steps.count >= 15)
        for step in steps {
            guard let expected = Self.expected[step.name] else { continue }
            let results = DocumentDiff.compare(pages: step.pages, options: .init())
            var actual: [(String, Change)] = []
            for (page, changes) in zip(step.pages, results) { actual += changes.map { (page.path, $0) } }
            #expect(actual.map { "\($0.0) \(Seen($0.1))" } == expected.map { "\($0.0) \($0.1)" }, "\(step.name)")
            for ((_, change), (_, _, fragment)) in zip(actual, expected) {
                #expect(change.summary.contains(fragment), "\(step.name): \(change.summary)")
            }
        }
    }
}
