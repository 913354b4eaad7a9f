import Testing
import ProfileDocument

/// Inputs found by the libFuzzer targets in Fuzz/ (`make fuzz`), each kept with the property it broke.
@Suite struct FuzzRegressionTests {
    /// FuzzFrontMatter: a page that is only front matter put its empty intro on the line after the last one
    /// ("section 0 lines 2-2 outside 1-1"), so `show` and the diff named a line the file does not have.
    @Test(arguments: [
        ("{\"a\": {\"b\": {\"c\": [1, {\"d\": null}]}}}\n", 1),
        ("{\"title\": \"x\"}", 1),
        ("---\ntitle: x\n---\n", 3),
        ("---\ntitle: x\n...", 3),
        ("+++\ntitle = \"x\"\n+++\r\n", 3),
    ])
    func frontMatterWithoutBodyKeepsEveryLineInTheFile(page: String, lines: Int) {
        let document = ProfileDocument.parse(page)
        #expect(document.frontMatter != nil)
        #expect(document.frontMatter?.lines.end == lines)
        for section in document.sections {
            #expect(section.lines.start >= 1 && section.lines.end <= lines, "section '\(section.title)' lines \(section.lines.start)-\(section.lines.end) in a \(lines)-line file")
        }
    }
}
