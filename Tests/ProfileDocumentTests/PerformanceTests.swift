import Testing
@testable import ProfileDocument

@Suite struct PerformanceTests {
    /// A 5 KB page must parse in well under a millisecond in release; this debug-build bound only
    /// catches gross regressions (quadratic work, per-callback copies), the release number is in the report.
    @Test func fiveKilobytePageParsesQuickly() throws {
        // The About page with the resume appended: about 7 KB of everything the parser handles.
        let page = try Seed.about.bytes + Array("\n\n".utf8) + Seed.resume.bytes
        #expect(page.count > 5_000)
        let runs = 200
        _ = ProfileDocument.parse(page)
        let start = ContinuousClock.now
        var sections = 0
        for _ in 0..<runs { sections += ProfileDocument.parse(page).sections.count }
        let perParse = (ContinuousClock.now - start) / runs
        print("parse of \(page.count)-byte page: \(perParse)")
        #expect(sections == runs * 20)
        #expect(perParse < .milliseconds(20))
    }

    /// Doubling the input roughly doubles the time: no hidden quadratic work in lists, quotes or comments.
    @Test func timeGrowsLinearly() {
        func build(_ copies: Int) -> [UInt8] {
            var text = ""
            for n in 0..<copies {
                // Repeated titles too: each needs a numbered slug.
                text += "## S\(n)\n\n### Details\n\n- item [l](/\(n))\n  - nested\n\n> quote\n>\n> — Name\n\n<!-- hidden \(n) -->\ntext <a href=\"/x\">x</a>\n\n"
            }
            return Array(text.utf8)
        }
        // Best of three: the machine is shared, and noise only ever adds time.
        func time(_ bytes: [UInt8]) -> Duration {
            (0..<3).map { _ in
                let start = ContinuousClock.now
                _ = ProfileDocument.parse(bytes)
                return ContinuousClock.now - start
            }.min() ?? .zero
        }
        let small = build(2_000)
        let large = build(8_000)
        let ratio = time(large) / time(small)
        // Linear work gives about 4; quadratic work would give 16.
        #expect(ratio < 10, "4× input took \(ratio)× time")
    }
}
