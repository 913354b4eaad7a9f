import Foundation
import Testing
@testable import ProfileDocument

/// The seed documents in `Tests/Fixtures/seeds`, found from this file's path.
enum Seed: String, CaseIterable, Sendable {
    case about = "000_9f5a001f2efa351c.txt"
    case aboutBefore = "001_9dee449ab1126205.txt"
    case resume = "002_f1139d06584e93db.txt"

    var url: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/seeds").appendingPathComponent(rawValue)
    }

    var bytes: [UInt8] {
        get throws { Array(try Data(contentsOf: url)) }
    }

    var document: ProfileDocument {
        get throws { ProfileDocument.parse(try bytes) }
    }
}

extension ProfileDocument {
    /// The section with this title; tests fail clearly when it is missing.
    func section(_ title: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Section {
        try #require(sections.first { $0.title == title }, "no section titled \(title)", sourceLocation: sourceLocation)
    }

    var titles: [String] { sections.map(\.title) }
}

/// A small deterministic generator, so a failure names a reproducible case.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
