import Foundation
import Testing

/// Golden files: byte-for-byte comparison with `Golden/NAME`; `RECORD_GOLDEN=1` writes the file instead and
/// reports it as recorded (so a recording run never passes silently).
public enum Golden {
    /// `Golden/` beside the calling test file.
    public static func directory(besides filePath: String) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    public static func check(_ actual: String, _ name: String, filePath: String = #filePath,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let directory = directory(besides: filePath)
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded golden file \(name); run again without RECORD_GOLDEN to compare", sourceLocation: sourceLocation)
            return
        }
        guard let expected = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(name); record it with RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        let expectedText = String(decoding: expected, as: UTF8.self)
        if expectedText != actual {
            let expectedLines = expectedText.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(expectedLines.count, actualLines.count)
            let expectedLine = firstDifference < expectedLines.count ? String(expectedLines[firstDifference]) : "<end>"
            let actualLine = firstDifference < actualLines.count ? String(actualLines[firstDifference]) : "<end>"
            Issue.record("""
                output differs from golden file \(name) at line \(firstDifference + 1):
                expected: \(expectedLine)
                actual:   \(actualLine)
                """, sourceLocation: sourceLocation)
        }
    }
}
