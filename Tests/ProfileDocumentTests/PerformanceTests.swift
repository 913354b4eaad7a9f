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

    /// Eight times the input takes about eight times as long: no hidden quadratic work in lists, quotes or comments.
    @Test func timeGrowsLinearly() {
        func build(_ copies: Int) -> [UInt8] {
            var text = ""
            for n in 0..<copies {
                // Repeated titles too: each needs a numbered slug.
                text += "## S\(n)\n\n### Details\n\n- item [l](/\(n))\n  - nested\n\n> quote\n>\n> — Name\n\n<!-- hidden \(n) -->\ntext <a href=\"/x\">x</a>\n\n"
            }
            return Array(text.utf8)
        }
        // Best of three, interleaved: the machine is shared, and noise only ever adds time.
        func once(_ bytes: [UInt8]) -> Duration {
            let start = ContinuousClock.now
            _ = ProfileDocument.parse(bytes)
            return ContinuousClock.now - start
        }
        let small = build(1_000)
        let large = build(8_000)
        var smallBest = Duration.seconds(1_000)
        var largeBest = Duration.seconds(1_000)
        for _ in 0..<3 {
            smallBest = min(smallBest, once(small))
            largeBest = min(largeBest, once(large))
        }
        let ratio = largeBest / smallBest
        // Linear work gives about 8; quadratic work would give 64.
        #expect(ratio < 20, "8× input took \(ratio)× time")
    }
}
