// profile-diff-pagebench: one large page against its edited copy, parsed and compared in process (no git, no
// process start), as `make bench` reports it. A benchmark, not a test: it prints timings and never fails on them.
//
//   profile-diff-pagebench [BYTES] [RUNS]      defaults: 1,000,000 bytes, 7 runs

import Dispatch
import Foundation
import ProfileDiff
import ProfileDocument

let arguments = CommandLine.arguments.dropFirst()
let targetBytes = arguments.first.flatMap { Int($0) } ?? 1_000_000
let runs = max(1, arguments.dropFirst().first.flatMap { Int($0) } ?? 7)

/// A profile page of about `bytes` bytes: front matter, then sections with paragraphs, linked list items and a quote,
/// the way a long resume or a docs landing page is written. Deterministic: the same bytes on every machine.
func page(bytes: Int, edited: Bool) -> String {
    let words = ["engineer", "systems", "reliability", "data", "pipeline", "models", "training", "evaluation", "agents",
                 "safety", "research", "distributed", "storage", "latency", "throughput", "builds", "automation",
                 "mentoring", "open", "source", "community", "talks", "writing", "learning", "reading", "running"]
    var state: UInt64 = 0x5EED
    func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
    func sentence(_ count: Int) -> String {
        (0..<count).map { _ in words[next(words.count)] }.joined(separator: " ").capitalizedFirst + "."
    }
    var out = "---\ntitle: \"Benchmark page\"\ndate: 2025-08-30\ntags: [bench, profile]\n---\n\n# About\n\n"
    var section = 0
    while out.utf8.count < bytes {
        section += 1
        // Edits spread over the page: a renamed heading, a changed word, an added item, a removed paragraph.
        let renamed = edited && section % 97 == 5
        out += "## \(renamed ? "Renamed section" : "Section") \(section)\n\n"
        var paragraph = (0..<4).map { _ in sentence(12) }.joined(separator: " ")
        if edited && section % 53 == 7 { paragraph = paragraph.replacingFirst("systems", with: "platforms") }
        if !(edited && section % 89 == 11) { out += paragraph + "\n\n" }
        for item in 0..<6 {
            out += "- [\(sentence(3))](https://example.com/\(section)/\(item)) \(sentence(6))\n"
        }
        if edited && section % 61 == 3 { out += "- A new item in section \(section)\n" }
        out += "\n> \(sentence(14))\n>\n> — [Ada Lovelace](https://example.com/ada)\n\n"
    }
    return out
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

func milliseconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
}

func summary(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    let median = sorted[sorted.count / 2]
    return String(format: "median %.1f ms (min %.1f, max %.1f)", median, sorted[0], sorted[sorted.count - 1])
}

let old = Array(page(bytes: targetBytes, edited: false).utf8)
let new = Array(page(bytes: targetBytes, edited: true).utf8)
var parseBoth: [Double] = [], diffOnly: [Double] = [], total: [Double] = []
var changeCount = 0
for _ in 0..<runs {
    var before = ProfileDocument(), after = ProfileDocument()
    let parsing = milliseconds {
        before = ProfileDocument.parse(old)
        after = ProfileDocument.parse(new)
    }
    let comparing = milliseconds { changeCount = DocumentDiff.compare(before, after).count }
    parseBoth.append(parsing)
    diffOnly.append(comparing)
    total.append(parsing + comparing)
}
print("page of \(old.count) bytes against its edited copy (\(changeCount) changes), \(runs) runs:")
print("  parse both + diff: \(summary(total))")
print("  parse both:        \(summary(parseBoth))")
print("  diff:              \(summary(diffOnly))")
